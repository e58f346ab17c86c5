import { formatDate, formatMoney } from './i18n';
import type { ConsoleSession } from './session';
import type { Handoff } from './types';

/**
 * What the advisor needs so the visitor does not repeat themselves: why, who, where they were, and (on an offer,
 * before the chat's own log is on screen) what was said to the bot.
 */
export function HandoffPacket({ session, handoff, offer = false }: { session: ConsoleSession; handoff: Handoff; offer?: boolean }) {
  const t = session.t;
  const locale = session.state.locale;
  const { customer, visit } = handoff;
  const botTurns = handoff.transcript.filter((m) => m.author !== 'system');
  return (
    <details class="packet" open={offer} data-console="handoff">
      <summary>{t.packet}</summary>
      <dl>
        <dt>{t.reason}</dt>
        <dd>{handoff.escalationReason ? (t.reasons[handoff.escalationReason] ?? handoff.escalationReason) : '—'}</dd>
        <dt>{t.language}</dt>
        <dd>{handoff.language.toUpperCase()}</dd>
        {handoff.lastIntent && (
          <>
            <dt>{t.lastIntent}</dt>
            <dd>{handoff.lastIntent}</dd>
          </>
        )}
        {handoff.transferNote && (
          <>
            <dt>{t.transferNote}</dt>
            <dd class="note">{handoff.transferNote}</dd>
          </>
        )}
        <dt>{t.profile}</dt>
        <dd>
          {customer ? (
            <>
              <strong>{customer.name ?? customer.email}</strong>
              {customer.tags.length > 0 && ` · ${customer.tags.join(', ')}`}
              <br />
              {t.lifetime(formatMoney(customer.lifetimeValue, locale), customer.orderCount)}
            </>
          ) : (
            t.anonymous
          )}
        </dd>
        {visit && (
          <>
            <dt>{t.pages}</dt>
            <dd>
              {visit.pages.map((p) => `${p.path}${p.views > 1 ? ` ×${p.views}` : ''}`).join(', ') || visit.currentUrl}
            </dd>
            {visit.product && (
              <>
                <dt>{t.product}</dt>
                <dd>
                  {visit.product.name ?? visit.product.sku} · {formatMoney(visit.product.price, locale)}
                </dd>
              </>
            )}
            <dt>{t.cart}</dt>
            <dd data-console="cart">{t.cartValue(formatMoney(visit.cartValue, locale), visit.cartItems)}</dd>
          </>
        )}
      </dl>
      {offer && botTurns.length > 0 && (
        <>
          <h3>{t.botTranscript}</h3>
          <ol class="transcript">
            {botTurns.map((m) => (
              <li key={m.seq} class={m.author}>
                <span class="who">{m.author === 'visitor' ? t.visitor : m.author === 'bot' ? t.bot : t.you}</span> {m.text}
              </li>
            ))}
          </ol>
        </>
      )}
      {customer && handoff.timeline.length > 0 && (
        <>
          <h3>{t.timeline}</h3>
          <ul class="timeline">
            {handoff.timeline.slice(0, 5).map((i) => (
              <li key={i.id}>
                {formatDate(i.occurredAt, locale)} · {i.channel} · {i.summary ?? i.type}
              </li>
            ))}
          </ul>
        </>
      )}
    </details>
  );
}
