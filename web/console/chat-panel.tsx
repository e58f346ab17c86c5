import { useEffect, useRef, useState } from 'preact/hooks';
import type { Chat, ChatDesk } from './chat-desk';
import { HandoffPacket } from './handoff-packet';
import type { ConsoleSession } from './session';
import { TransferForm } from './transfer-form';

type Props = { session: ConsoleSession; desk: ChatDesk; chat: Chat };

/** One live chat: the packet, the conversation, typing and read receipts, the reply box, transfer and close. */
export function ChatPanel({ session, desk, chat }: Props) {
  const t = session.t;
  const [text, setText] = useState(() => desk.draft(chat.id));
  const [transferring, setTransferring] = useState(false);
  const log = useRef<HTMLDivElement>(null);
  const who = chat.handoff.customer?.name ?? t.visitor;
  const closed = chat.state === 'closed';
  const lastMine = [...chat.messages].reverse().find((m) => m.author === 'advisor');
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
    if (document.visibilityState === 'visible') desk.markRead(chat);
  }, [chat.messages.length, chat.visitorTyping]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = text.trim();
    if (!value || closed) return;
    if (await desk.send(chat.id, value)) setText('');
  };
  const onInput = (value: string) => {
    setText(value);
    desk.saveDraft(chat.id, value);
    desk.typing(chat.id, value.length > 0);
  };
  const titleId = `chat-${chat.id}`;
  return (
    <section class="card chat" aria-labelledby={titleId} data-console="chat" data-state={chat.state}>
      <h2 id={titleId}>{t.chatWith(who)}</h2>
      <HandoffPacket session={session} handoff={chat.handoff} />
      <div class="log" role="log" aria-label={t.chatWith(who)} ref={log} tabIndex={0}>
        <ol>
        {chat.messages.map((m) => (
          <li key={m.seq} class={`msg ${m.author}`} data-seq={m.seq}>
            <span class="who">{m.author === 'visitor' ? t.visitor : m.author === 'bot' ? t.bot : m.author === 'advisor' ? t.you : t.system}</span>
            {m.text}
            {m === lastMine && chat.visitorReadSeq >= m.seq && <span class="meta"> · {t.readByVisitor}</span>}
          </li>
        ))}
        </ol>
      </div>
      <p class="typing" aria-live="polite">
        {chat.visitorTyping ? t.typing : ''}
      </p>
      {closed ? (
        <div class="row">
          <p class="notice">{t.closed}</p>
          <button type="button" onClick={() => desk.removeChat(chat.id)}>
            {t.dismiss}
          </button>
        </div>
      ) : (
        <>
          <form class="compose" onSubmit={(e) => void submit(e)}>
            <label for={`reply-${chat.id}`} class="sr">
              {t.reply}
            </label>
            <textarea
              id={`reply-${chat.id}`}
              rows={2}
              placeholder={t.reply}
              value={text}
              onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
              onKeyDown={(e) => {
                // Enter sends, Shift+Enter goes to a new line.
                if (e.key === 'Enter' && !e.shiftKey) void submit(e);
              }}
            />
            <button type="submit" class="primary">
              {t.send}
            </button>
          </form>
          <div class="row">
            <button type="button" aria-expanded={transferring} onClick={() => setTransferring(!transferring)}>
              {t.transfer}
            </button>
            <button type="button" onClick={() => void desk.close(chat.id)}>
              {t.close}
            </button>
          </div>
          {transferring && <TransferForm session={session} desk={desk} chat={chat} onDone={() => setTransferring(false)} />}
        </>
      )}
    </section>
  );
}
