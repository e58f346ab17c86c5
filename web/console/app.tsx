import { useEffect, useMemo, useRef } from 'preact/hooks';
import { AnalyticsLoader } from './analytics-loader';
import { ChatDesk } from './chat-desk';
import { ChatDeskView } from './chat-desk-view';
import { CustomerDesk } from './customer-desk';
import { CustomerDeskView } from './customer-desk-view';
import { LoginForm } from './login-form';
import { AdminView } from './admin-view';
import { KnowledgeView } from './knowledge-view';
import { RulesView } from './rules-view';
import { administers, type ConsoleSession, readsAnalytics, seesCustomers, takesChats, type View, worksInStore } from './session';
import { StoreView } from './store-view';
import { useStore } from './store';
import type { Advisor, Presence } from './types';

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
  const views = availableViews(advisor);
  const current = views.includes(s.view) ? s.view : views[0];
  return (
    <>
      <header class="bar">
        <h1>Relais · {t.title}</h1>
        <nav aria-label={t.title}>
          {views.map((view) => (
            <button type="button" key={view} class="tab" aria-current={current === view ? 'page' : undefined} onClick={() => session.set({ view })}>
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
        <CurrentView session={session} view={current} chats={chats} customers={customers} />
      </main>
    </>
  );
}

/** The pages an advisor's roles open, in the order of the navigation bar. */
function availableViews(advisor: Advisor): View[] {
  const supervises = readsAnalytics(advisor);
  const shown: [View, boolean][] = [
    ['chats', takesChats(advisor)],
    ['customers', seesCustomers(advisor)],
    ['store', worksInStore(advisor)],
    ['analytics', supervises],
    ['rules', supervises],
    ['knowledge', supervises],
    ['admin', administers(advisor)],
  ];
  return shown.filter(([, open]) => open).map(([view]) => view);
}

function CurrentView({ session, view, chats, customers }: { session: ConsoleSession; view: View; chats: ChatDesk; customers: CustomerDesk }) {
  switch (view) {
    case 'chats':
      return <ChatDeskView session={session} desk={chats} />;
    case 'customers':
      return <CustomerDeskView session={session} desk={customers} />;
    case 'store':
      return <StoreView session={session} />;
    case 'analytics':
      return <AnalyticsLoader session={session} />;
    case 'rules':
      return <RulesView session={session} />;
    case 'knowledge':
      return <KnowledgeView session={session} />;
    case 'admin':
      return <AdminView session={session} />;
  }
}
