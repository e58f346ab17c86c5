import { useEffect } from 'preact/hooks';
import type { ChatDesk } from './chat-desk';
import { ChatPanel } from './chat-panel';
import { HandoffPacket } from './handoff-packet';
import { formatDuration } from './i18n';
import type { ConsoleSession } from './session';
import { useNow, useStore } from './store';
import type { Offer } from './types';

type Props = { session: ConsoleSession; desk: ChatDesk };

export function ChatDeskView({ session, desk }: Props) {
  const d = useStore(desk);
  const t = session.t;
  // An offer past its deadline has gone to someone else, even if the withdrawal was missed while offline.
  const now = useNow();
  const offers = d.offers.filter((o) => Date.parse(o.expiresAt) > now);
  return (
    <div class="desk">
      <aside class="side" aria-labelledby="queue-title">
        <QueueList session={session} desk={desk} />
      </aside>
      <div class="work">
        <p class="sr" aria-live="assertive">
          {offers.length > 0 ? t.offer : ''}
        </p>
        {offers.map((offer) => (
          <OfferCard key={offer.conversationId} session={session} desk={desk} offer={offer} />
        ))}
        <p class="notice" role="status" hidden={!d.notice}>
          {d.notice}
        </p>
        {d.chats.length === 0 && offers.length === 0 && <p class="empty">{t.noChats}</p>}
        <div class="chats">
          {d.chats.map((chat) => (
            <ChatPanel key={chat.id} session={session} desk={desk} chat={chat} />
          ))}
        </div>
      </div>
    </div>
  );
}

function QueueList({ session, desk }: Props) {
  const d = useStore(desk);
  const t = session.t;
  const now = useNow();
  const me = session.state.advisor?.id;
  useEffect(() => {
    // When the queue is first on screen (a figure the browser tests print).
    if (d.queue) performance.mark('relais:queue-painted');
  }, [d.queue !== null]);
  return (
    <>
      <h2 id="queue-title">
        {t.queue} {d.queue && <span class="count">({d.queue.length})</span>}
      </h2>
      {d.queue?.length === 0 && <p class="empty">{t.queueEmpty}</p>}
      <ol class="queue" data-console="queue">
        {d.queue?.map((w) => (
          <li key={w.conversationId}>
            <strong>#{w.position}</strong> · {w.locale.toUpperCase()}
            {w.skill && ` · ${w.skill}`}
            <br />
            <span>{t.waiting(formatDuration((now - Date.parse(w.escalatedAt)) / 1000))}</span>
            {w.estimatedWaitSeconds !== null && <span> · {t.estimate(formatDuration(w.estimatedWaitSeconds))}</span>}
            {w.offeredToId === me && <span class="tag">{t.offeredToYou}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}

function OfferCard({ session, desk, offer }: Props & { offer: Offer }) {
  const t = session.t;
  const seconds = Math.max(0, Math.ceil((Date.parse(offer.expiresAt) - useNow()) / 1000));
  const titleId = `offer-${offer.conversationId}`;
  return (
    <section class="card offer" role="region" aria-labelledby={titleId} data-console="offer">
      <h2 id={titleId}>{t.offer}</h2>
      <p class="countdown" aria-live="off">
        {t.expiresIn(seconds)}
      </p>
      <HandoffPacket session={session} handoff={offer.handoff} offer />
      <div class="row">
        <button type="button" class="primary" onClick={() => void desk.accept(offer)}>
          {t.accept}
        </button>
        <button type="button" onClick={() => void desk.decline(offer)}>
          {t.decline}
        </button>
      </div>
    </section>
  );
}
