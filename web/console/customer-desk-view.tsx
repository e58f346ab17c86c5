import { useEffect, useState } from 'preact/hooks';
import type { CallOutcome, CustomerDesk } from './customer-desk';
import { formatDate, formatMoney, formatTime } from './i18n';
import { LinkProfileButton } from './link-profile-button';
import { type ConsoleSession, takesCallbacks } from './session';
import { useNow, useStore } from './store';
import type { Callback } from './types';

type Props = { session: ConsoleSession; desk: CustomerDesk };

/** A promise this close (or missed) is highlighted on the callback. */
const PROMISE_WARNING_MINUTES = 15;

export function CustomerDeskView({ session, desk }: Props) {
  const d = useStore(desk);
  const callbacks = takesCallbacks(session.state.advisor!);
  useEffect(() => {
    if (callbacks) void desk.refreshCallbacks();
  }, [callbacks]);
  return (
    <div class="desk">
      {callbacks && (
        <aside class="side" aria-labelledby="callbacks-title">
          <CallbackList session={session} desk={desk} />
        </aside>
      )}
      <div class="work">
        <SearchForm session={session} desk={desk} />
        <p class="notice" role="status" hidden={!d.notice}>
          {d.notice}
        </p>
        <Profile session={session} desk={desk} />
      </div>
    </div>
  );
}

function SearchForm({ session, desk }: Props) {
  const d = useStore(desk);
  const t = session.t;
  const [text, setText] = useState('');
  return (
    <section class="card" aria-labelledby="search-title">
      <h2 id="search-title">{t.search}</h2>
      <form
        class="compose"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void desk.search(text);
        }}
      >
        <label for="customer-search" class="sr">
          {t.search}
        </label>
        <input id="customer-search" type="search" value={text} placeholder={t.searchHint} aria-describedby="search-hint" onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary" disabled={d.busy}>
          {t.find}
        </button>
      </form>
      <p id="search-hint" class="meta">
        {t.searchHint}
      </p>
      {d.results?.length === 0 && <p role="status">{t.noResult}</p>}
      {d.results && d.results.length > 1 && (
        <ul class="results" aria-label={t.results}>
          {d.results.map((c) => (
            <li key={c.id}>
              <button type="button" class="link" onClick={() => void desk.open(c.id)}>
                {c.name ?? c.email ?? c.phone}
              </button>{' '}
              {c.email} {c.phone}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Profile({ session, desk }: Props) {
  const d = useStore(desk);
  const t = session.t;
  const locale = session.state.locale;
  const c = d.customer;
  if (!c) return null;
  return (
    <section class="card" aria-labelledby="profile-title" data-console="profile">
      <h2 id="profile-title">{c.name ?? c.email ?? t.unknownCustomer}</h2>
      <dl>
        <dt>{t.email}</dt>
        <dd>{c.email ?? '—'}</dd>
        <dt>{t.phone}</dt>
        <dd>{c.phone ?? '—'}</dd>
        <dt>{t.customerLanguage}</dt>
        <dd>{c.locale?.toUpperCase() ?? '—'}</dd>
        <dt>{t.profile}</dt>
        <dd>
          {t.lifetime(formatMoney(c.lifetimeValue, locale), c.orderCount)}
          {c.tags.length > 0 && ` · ${c.tags.join(', ')}`}
        </dd>
        <dt>{t.loyaltyCard}</dt>
        <dd>{c.identities.filter((i) => i.kind === 'loyalty_card').map((i) => i.value).join(', ') || '—'}</dd>
      </dl>
      <h3>{t.timeline}</h3>
      {d.timeline.length === 0 && <p>{t.timelineEmpty}</p>}
      <ol class="timeline" data-console="timeline">
        {d.timeline.map((i) => (
          <li key={i.id} data-channel={i.channel}>
            <span class="when">{formatDate(i.occurredAt, locale)}</span> <span class={`channel ${i.channel}`}>{i.channel}</span> {i.summary ?? i.type}
            {i.amount !== null && ` · ${formatMoney(i.amount, locale)}`}
          </li>
        ))}
      </ol>
    </section>
  );
}

function CallbackList({ session, desk }: Props) {
  const d = useStore(desk);
  const t = session.t;
  const now = useNow();
  return (
    <>
      <h2 id="callbacks-title">{t.callbacks}</h2>
      {d.callbacks?.length === 0 && <p class="empty">{t.callbacksEmpty}</p>}
      <ol class="callbacks" data-console="callbacks">
        {d.callbacks?.map((c) => (
          <CallbackItem key={c.id} session={session} desk={desk} callback={c} now={now} />
        ))}
      </ol>
    </>
  );
}

function CallbackItem({ session, desk, callback: c, now }: Props & { callback: Callback; now: number }) {
  const t = session.t;
  const locale = session.state.locale;
  const minutesLeft = Math.round((Date.parse(c.promisedBy) - now) / 60_000);
  const urgent = minutesLeft <= PROMISE_WARNING_MINUTES;
  const mine = c.status === 'assigned' && c.advisorId === session.state.advisor?.id;
  const due = Date.parse(c.dueAt) <= now;
  const outcomes: [CallOutcome, string][] = [
    ['reached', t.reached],
    ['no_answer', t.noAnswer],
    ['wrong_number', t.wrongNumber],
  ];
  const name = c.handoff.customer?.name ?? t.unknownCustomer;
  return (
    <li class={urgent ? 'urgent' : ''} data-console="callback">
      <strong>{name}</strong> · {c.phone}
      <br />
      {t.due(formatTime(c.dueAt, locale))} · <span class="promise">{t.promised(formatTime(c.promisedBy, locale))}</span>
      {urgent && <strong class="warning"> · {t.promiseSoon(minutesLeft)}</strong>}
      {c.attempts > 1 && ` · ${t.attempt(c.attempts)}`}
      {c.note && <p class="meta">{c.note}</p>}
      <div class="row">
        {c.handoff.customer && (
          <button type="button" class="link" onClick={() => void desk.open(c.handoff.customer!.id)} aria-label={`${t.openProfile}: ${name}`}>
            {t.openProfile}
          </button>
        )}
        {mine ? (
          <span class="tag">{t.taken}</span>
        ) : (
          <button type="button" disabled={!due} onClick={() => void desk.take(c)} aria-label={`${t.take}: ${name}`}>
            {t.take}
          </button>
        )}
      </div>
      <LinkProfileButton t={t} handoff={c.handoff} link={() => desk.linkProfile(c)} />
      {mine && (
        <div class="row" role="group" aria-label={name}>
          {outcomes.map(([outcome, label]) => (
            <button type="button" key={outcome} onClick={() => void desk.recordOutcome(c, outcome, label)}>
              {label}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}
