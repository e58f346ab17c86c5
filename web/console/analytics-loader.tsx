import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleSession } from './session';

type View = FunctionComponent<{ session: ConsoleSession }>;

/** The dashboard and its chart library, fetched the first time a supervisor opens it. */
export function AnalyticsLoader({ session }: { session: ConsoleSession }) {
  const [View, setView] = useState<View | null>(null);
  useEffect(() => {
    void import('./analytics-view').then((m) => setView(() => m.AnalyticsView));
  }, []);
  return View ? <View session={session} /> : <p role="status">…</p>;
}
