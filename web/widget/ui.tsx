import { useEffect, useRef, useState } from 'preact/hooks';
import type { Panel, WidgetController } from './controller';
import { formatSlot } from './i18n';
import type { Action, Message, Route, Slot, Store } from './types';

type Props = { ctl: WidgetController };

export function App({ ctl }: Props) {
  const [, rerender] = useState(0);
  useEffect(() => ctl.subscribe(() => rerender((n) => n + 1)), [ctl]);
  const s = ctl.state;
  const t = ctl.t;
  const launcher = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(s.open);
  useEffect(() => {
    // Focus goes back where it came from when the panel closes.
    if (wasOpen.current && !s.open) launcher.current?.focus();
    wasOpen.current = s.open;
  }, [s.open]);
  if (s.refused) return null;
  return (
    <div class="r" lang={s.locale}>
      {s.offers.map((offer) => (
        <OfferCard key={offer.id} ctl={ctl} offer={offer} />
      ))}
      {s.popin && !s.open && (
        <div class="card" role="dialog" aria-label={t.openChat} data-relais="invitation">
          <p>{s.popin.message ?? t.greeting}</p>
          <div class="row">
            <button class="primary" onClick={() => void ctl.acceptInvitation()}>
              {t.accept}
            </button>
            <button onClick={() => ctl.declineInvitation()}>{t.decline}</button>
          </div>
        </div>
      )}
      {s.open && <ChatPanel ctl={ctl} />}
      {!s.open && (
        <button ref={launcher} class="launcher" aria-haspopup="dialog" data-relais="launcher" onClick={() => void ctl.openChat()}>
          {s.launcher ?? t.openChat}
        </button>
      )}
    </div>
  );
}

function OfferCard({ ctl, offer }: Props & { offer: Action }) {
  const t = ctl.t;
  const take = offer.type === 'discount_offer' ? null : offer.type === 'callback_offer' ? t.routeCallback : t.faq;
  return (
    <div class="card" role="region" aria-label={offer.offer?.label ?? offer.message ?? offer.type} data-relais={offer.type}>
      <p>{offer.message ?? offer.offer?.label}</p>
      {offer.offer?.code && <p><strong>{t.offerCode(offer.offer.code)}</strong></p>}
      <div class="row">
        {take && (
          <button class="primary" onClick={() => ctl.takeOffer(offer)}>
            {take}
          </button>
        )}
        <button onClick={() => ctl.dismissOffer(offer)}>{t.dismiss}</button>
      </div>
    </div>
  );
}

/** A modal dialog: focus stays inside (Tab cycles, Escape closes). */
function ChatPanel({ ctl }: Props) {
  const s = ctl.state;
  const t = ctl.t;
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('textarea,input,button.primary')?.focus();
  }, [s.panel]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') return ctl.close();
    if (event.key !== 'Tab' || !panel.current) return;
    const focusable = [...panel.current.querySelectorAll<HTMLElement>('button,input,textarea,select,[tabindex="0"]')].filter((e) => !e.hasAttribute('disabled'));
    const root = panel.current.getRootNode() as ShadowRoot;
    const index = focusable.indexOf(root.activeElement as HTMLElement);
    const next = event.shiftKey ? (index <= 0 ? focusable.length - 1 : index - 1) : index === focusable.length - 1 ? 0 : index + 1;
    event.preventDefault();
    focusable[next]?.focus();
  };
  return (
    <div class="panel" role="dialog" aria-modal="true" aria-labelledby="relais-title" ref={panel} onKeyDown={onKeyDown} data-relais="panel">
      <div class="head">
        <h2 id="relais-title">{t.chatTitle}</h2>
        <button onClick={() => ctl.close()} aria-label={t.minimise}>
          {t.close}
        </button>
      </div>
      {s.error && (
        <p class="error" role="alert">
          {s.error}
        </p>
      )}
      {s.panel === 'chat' ? <ChatView ctl={ctl} /> : <SideView ctl={ctl} panel={s.panel} />}
    </div>
  );
}

function ChatView({ ctl }: Props) {
  const s = ctl.state;
  const t = ctl.t;
  const [text, setText] = useState('');
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [s.messages.length, s.advisorTyping]);
  const lastVisitorSeq = [...s.messages].reverse().find((m) => m.author === 'visitor')?.seq;
  const submit = (event: Event) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    setText('');
    void ctl.send(value);
  };
  return (
    <>
      <div class="log" role="log" aria-live="polite" aria-label={t.chatTitle} ref={log}>
        {(s.greeting || s.messages.length === 0) && <div class="msg bot">{s.greeting ?? t.greeting}</div>}
        {s.messages.map((m) => (
          <MessageItem key={m.seq} ctl={ctl} message={m} read={m.seq === lastVisitorSeq && s.advisorReadSeq >= m.seq} />
        ))}
        {s.advisorTyping && <div class="meta">{t.typing}</div>}
      </div>
      <Status ctl={ctl} />
      {s.conversation === 'closed' ? (
        <div class="compose">
          <button class="primary" onClick={() => ctl.restart()}>
            {t.openChat}
          </button>
        </div>
      ) : (
        <form class="compose" onSubmit={submit}>
          <label class="sr" for="relais-input">
            {t.placeholder}
          </label>
          <input id="relais-input" value={text} placeholder={t.placeholder} maxLength={5000} autocomplete="off" onInput={(e) => (setText(e.currentTarget.value), ctl.typing(true))} />
          <button class="primary" type="submit">
            {t.send}
          </button>
        </form>
      )}
    </>
  );
}

function MessageItem({ ctl, message: m, read }: Props & { message: Message; read: boolean }) {
  const t = ctl.t;
  const who = { visitor: t.you, bot: t.bot, advisor: t.advisor, system: t.system }[m.author];
  const feedback = ctl.state.feedback[m.id];
  return (
    <div class={`msg ${m.author}`} data-seq={m.seq}>
      <span class="who">{who}</span>
      <Text text={m.text} />
      {m.quickReplies && (
        <div class="row" role="group" aria-label={m.text}>
          {m.quickReplies.map((q) => (
            <button key={q.intent} onClick={() => void ctl.send(q.label)}>
              {q.label}
            </button>
          ))}
        </div>
      )}
      {m.author === 'bot' && m.action === 'answer' && m.intent && (
        <div class="meta">
          {feedback === undefined ? (
            <span role="group" aria-label={t.helpful}>
              {t.helpful}{' '}
              <button onClick={() => void ctl.feedback(m, true)}>{t.yes}</button> <button onClick={() => void ctl.feedback(m, false)}>{t.no}</button>
            </span>
          ) : (
            t.thanks
          )}
        </div>
      )}
      {read && <span class="meta"> · {t.read}</span>}
    </div>
  );
}

/** The knowledge base marks key facts with **bold**; nothing else is interpreted (text, never HTML). */
function Text({ text }: { text: string }) {
  return <>{text.split('**').map((part, i) => (i % 2 ? <strong key={i}>{part}</strong> : part))}</>;
}

/** Queue position while waiting; the open routes when nobody can come. Never a silent wait. */
function Status({ ctl }: Props) {
  const s = ctl.state;
  const t = ctl.t;
  if (s.conversation === 'waiting_human' && s.queue) {
    const wait = s.queue.estimatedWaitSeconds;
    return (
      <p class="status" role="status">
        {t.queued(s.queue.position, wait === null ? null : Math.ceil(wait / 60))}
      </p>
    );
  }
  if (s.handover?.status !== 'unavailable' || s.conversation === 'with_human' || s.conversation === 'closed') return null;
  const labels: Record<Route, string> = { callback: t.routeCallback, call: t.routeCall, store: t.routeStore, message: t.routeMessage };
  return (
    <div class="status" data-relais="routes">
      <p>{t.unavailable}</p>
      {s.handover.nextCallbackSlot && <p class="meta">{t.nextSlot(formatSlot(s.handover.nextCallbackSlot, s.locale))}</p>}
      <div class="row">
        {(s.handover.alternatives ?? []).map((route) => (
          <button key={route} onClick={() => ctl.showPanel(route as Panel)}>
            {labels[route]}
          </button>
        ))}
      </div>
    </div>
  );
}

function SideView({ ctl, panel }: Props & { panel: Exclude<Panel, 'chat'> }) {
  const t = ctl.t;
  const s = ctl.state;
  const back = (
    <button onClick={() => ctl.showPanel('chat')} data-relais="back">
      {t.back}
    </button>
  );
  if (s.notice) {
    return (
      <div class="body">
        <p class="notice" role="status" data-relais="confirmation">
          {s.notice}
        </p>
        {back}
      </div>
    );
  }
  switch (panel) {
    case 'callback':
      return <CallbackForm ctl={ctl} back={back} />;
    case 'call':
      return <CallForm ctl={ctl} back={back} />;
    case 'store':
      return <StoreForm ctl={ctl} back={back} />;
    case 'message':
      return <MessageForm ctl={ctl} back={back} />;
    case 'rating':
      return <Rating ctl={ctl} />;
  }
}

type FormProps = Props & { back: preact.JSX.Element };

function Submit({ label, back, disabled = false }: { label: string; back: preact.JSX.Element; disabled?: boolean }) {
  return (
    <div class="row" style="margin-top:10px">
      <button class="primary" type="submit" disabled={disabled}>
        {label}
      </button>
      {back}
    </div>
  );
}

/** Free slots from the server, the first one chosen. */
function useSlots(load: (() => Promise<{ items: Slot[] }>) | null, deps: unknown[]) {
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [slot, setSlot] = useState<string | null>(null);
  useEffect(() => {
    load?.().then((r) => (setSlots(r.items), setSlot(r.items[0]?.start ?? null)), () => setSlots([]));
  }, deps);
  return { slots, slot, setSlot };
}

function SlotPicker({ ctl, slots, chosen, choose }: Props & { slots: Slot[] | null; chosen: string | null; choose: (start: string) => void }) {
  if (!slots) return null;
  if (!slots.length) return <p>{ctl.t.noSlot}</p>;
  return (
    <div class="slots" role="group" aria-label={ctl.t.pickSlot}>
      {slots.slice(0, 12).map((slot) => (
        <button type="button" key={slot.start} aria-pressed={chosen === slot.start} onClick={() => choose(slot.start)}>
          {formatSlot(slot.start, ctl.state.locale)}
        </button>
      ))}
    </div>
  );
}

function CallbackForm({ ctl, back }: FormProps) {
  const t = ctl.t;
  const { slots, slot, setSlot } = useSlots(() => ctl.callbackSlots(), [ctl]);
  const [phone, setPhone] = useState('');
  return (
    <form class="body" data-relais="callback-form" onSubmit={(e) => (e.preventDefault(), slot && void ctl.request('callbacks', { phone, slotStart: slot }))}>
      <h3>{t.routeCallback}</h3>
      <p id="relais-slot-label">{t.pickSlot}</p>
      <SlotPicker ctl={ctl} slots={slots} chosen={slot} choose={setSlot} />
      <label for="relais-phone">{t.phone}</label>
      <input id="relais-phone" type="tel" required autocomplete="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
      <Submit label={t.book} back={back} disabled={!slot} />
    </form>
  );
}

function CallForm({ ctl, back }: FormProps) {
  const t = ctl.t;
  const [phone, setPhone] = useState('');
  return (
    <form class="body" onSubmit={(e) => (e.preventDefault(), void ctl.request('call-requests', { phone }))}>
      <h3>{t.routeCall}</h3>
      <label for="relais-call-phone">{t.phone}</label>
      <input id="relais-call-phone" type="tel" required autocomplete="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
      <Submit label={t.callNow} back={back} />
    </form>
  );
}

function StoreForm({ ctl, back }: FormProps) {
  const t = ctl.t;
  const [stores, setStores] = useState<Store[]>([]);
  const [store, setStore] = useState('');
  const { slots, slot, setSlot } = useSlots(store ? () => ctl.appointmentSlots(store) : null, [ctl, store]);
  const [email, setEmail] = useState('');
  useEffect(() => {
    ctl.stores().then((r) => setStores(r.items), () => setStores([]));
  }, [ctl]);
  return (
    <form class="body" onSubmit={(e) => (e.preventDefault(), slot && void ctl.request('appointments', { storeId: store, slotStart: slot, email: email || undefined }))}>
      <h3>{t.routeStore}</h3>
      <label for="relais-store">{t.chooseStore}</label>
      <select id="relais-store" value={store} onChange={(e) => setStore(e.currentTarget.value)}>
        <option value="">—</option>
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <SlotPicker ctl={ctl} slots={slots} chosen={slot} choose={setSlot} />
      <label for="relais-store-email">{t.email}</label>
      <input id="relais-store-email" type="email" autocomplete="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <Submit label={t.book} back={back} disabled={!slot} />
    </form>
  );
}

function MessageForm({ ctl, back }: FormProps) {
  const t = ctl.t;
  const [text, setText] = useState('');
  const [email, setEmail] = useState('');
  return (
    <form class="body" onSubmit={(e) => (e.preventDefault(), void ctl.leaveMessage(text, { email }))}>
      <h3>{t.routeMessage}</h3>
      <label for="relais-message">{t.messageText}</label>
      <textarea id="relais-message" required rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <label for="relais-message-email">{t.email.replace(/ \(.*\)/, '')}</label>
      <input id="relais-message-email" type="email" required autocomplete="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <Submit label={t.leave} back={back} />
    </form>
  );
}

function Rating({ ctl }: Props) {
  const t = ctl.t;
  if (ctl.state.rated) {
    return (
      <div class="body">
        <p class="notice" role="status">
          {t.rated}
        </p>
        <button class="primary" onClick={() => ctl.restart()}>
          {t.openChat}
        </button>
      </div>
    );
  }
  return (
    <div class="body">
      <p id="relais-rate">{t.rate}</p>
      <div class="row stars" role="group" aria-labelledby="relais-rate">
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} aria-label={t.star(n)} onClick={() => void ctl.rate(n)}>
            {'★'.repeat(n)}
          </button>
        ))}
      </div>
      <button style="margin-top:10px" onClick={() => ctl.showPanel('chat')}>
        {t.back}
      </button>
    </div>
  );
}
