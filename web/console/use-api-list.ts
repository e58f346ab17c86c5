import { useCallback, useEffect, useState } from 'preact/hooks';
import { failureNotice } from './failure';
import type { ConsoleSession } from './session';
import type { Page } from './types';

export interface ApiList<T> {
  items: T[] | null;
  notice: string | null;
  setNotice(notice: string | null): void;
  reload(): Promise<void>;
  /** Runs an action, then reloads the list; a failure becomes the notice. Resolves to whether it worked. */
  run(action: () => Promise<unknown>, done?: string): Promise<boolean>;
}

/** A page of a `/console/v1` list, loaded when shown, with the actions that change it (the admin pages, the store desk). */
export function useApiList<T>(session: ConsoleSession, path: string): ApiList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setItems((await session.api.get<Page<T>>(path)).items);
    } catch (error) {
      setNotice(failureNotice(session.t, error));
    }
  }, [session, path]);
  useEffect(() => void reload(), [reload]);
  const run = async (action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      setNotice(done ?? null);
      await reload();
      return true;
    } catch (error) {
      setNotice(failureNotice(session.t, error));
      return false;
    }
  };
  return { items, notice, setNotice, reload, run };
}
