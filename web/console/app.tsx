import { useEffect, useMemo, useRef } from 'preact/hooks';
import { AnalyticsLoader } from './analytics-loader';
import { ChatDesk } from './chat-desk';
import { ChatDeskView } from './chat-desk-view';
import { CustomerDesk } from './customer-desk';
import { CustomerDeskView } from './customer-desk-view';
import { LoginForm } from './login-form';
import { type ConsoleSession, readsAnalytics, seesCustomers, takesChats } from './session';
import { useStore } from './store';
import type { Presence } from './types';

const PRESENCES: Presence[] = ['online', 'away', 'offline'];

export function App({ session }: { session: ConsoleSession }) {
  const s = useStore(session);
  const t = session.t;
  const chats = useMemo(() => new ChatDesk(session), [session]);
  const customers = useMemo(() => new CustomerDesk(session), [session]);
  const advisor = s.advisor;
  const chatRole = advisor ? takesChats(advisor) : false;
  useEffect(() => (advisor && chatRole ? chats.attach() : undefined), [advisor, chatRole, chats]);
  const main = useRef<HTMLElement>(null);
  useEffect(() => main.current?.focus(), [advisor?.id]);

  const languageSwitch = (
    <button type="button" class="link" lang={s.locale === 'fr' ? 'en' : 'fr'} aria-label={t.switchLabel} onClick={() => session.setLocale(s.locale === 'fr' ? 'en' : 'fr')}>
      {t.switchTo}
    </button>
  );
  if (!advisor) {
    return (
      <>
        <header class="bar">
          <h1>Relais · {t.title}</h1>
          {languageSwitch}
        </header>
        <main id="main">
          <LoginForm session={session} />
        </main>
      </>
    );
  }
  const views = [...(chatRole ? (['chats'] as const) : []), ...(seesCustomers(advisor) ? (['customers'] as const) : []), ...(readsAnalytics(advisor) ? (['analytics'] as const) : [])];
  return (
    <>
      <header class="bar">
        <h1>Relais · {t.title}</h1>
        <nav aria-label={t.title}>
          {views.map((view) => (
            <button type="button" key={view} class="tab" aria-current={s.view === view ? 'page' : undefined} onClick={() => session.set({ view })}>
              {t[view]}
            </button>
          ))}
        </nav>
        <div class="who">
          <label>
            <span class="name">{advisor.name}</span> · {t.presence}{' '}
            <select value={s.presence} data-presence={s.presence} onChange={(e) => session.setPresence((e.target as HTMLSelectElement).value as Presence)}>
              {PRESENCES.map((p) => (
                <option key={p} value={p}>
                  {t[p]}
                </option>
              ))}
            </select>
          </label>
          {languageSwitch}
          <button
            type="button"
            onClick={() => {
              chats.forget();
              void session.logout();
            }}
          >
            {t.logOut}
          </button>
        </div>
      </header>
      {s.disconnected && (
        <p class="banner" role="status">
          {t.disconnected}
        </p>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        {s.view === 'analytics' && readsAnalytics(advisor) ? (
          <AnalyticsLoader session={session} />
        ) : s.view === 'chats' && chatRole ? (
          <ChatDeskView session={session} desk={chats} />
        ) : (
          <CustomerDeskView session={session} desk={customers} />
        )}
      </main>
    </>
  );
}
