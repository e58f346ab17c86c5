import { io, type Socket } from 'socket.io-client';
import { RelaisApiError, WidgetApi } from './api';
import { type Locale, TEXTS } from './i18n';
import { local, session } from '../shared/storage';
import { PageTracker } from './tracker';
import type { Action, ConversationState, Handover, Message, Queue, Slot, Store, TrackEvent, Turn } from './types';

export type Panel = 'chat' | 'callback' | 'call' | 'store' | 'message' | 'rating';

export interface WidgetState {
  /** The site key was refused (unknown, or this page's origin is not allowed): the widget shows nothing. */
  refused: boolean;
  locale: Locale;
  /** The bot always answers, so the launcher is always there; the server's `chat_button` gives it its rule's words. */
  launcher: string | null;
  popin: Action | null;
  offers: Action[];
  open: boolean;
  panel: Panel;
  greeting: string | null;
  conversationId: string | null;
  conversation: ConversationState | null;
  messages: Message[];
  handover: Handover | null;
  queue: Queue | null;
  advisorTyping: boolean;
  advisorReadSeq: number;
  feedback: Record<string, boolean>;
  notice: string | null;
  error: string | null;
  rated: boolean;
}

interface Visit {
  visitId: string;
  visitToken: string;
  visitorId: string;
}

/** What survives a navigation within the visit (sessionStorage). */
type Memory = Pick<WidgetState, 'launcher' | 'open' | 'panel' | 'greeting' | 'conversationId' | 'conversation' | 'messages' | 'handover' | 'feedback' | 'rated'> & { visit: Visit | null };

type Listener = (payload: unknown) => void;

/** The widget's behaviour, without UI: the visit, the server's decisions, the chat. The UI renders its state. */
export class WidgetController {
  state: WidgetState;
  private visit: Visit | null;
  private socket: Socket | null = null;
  private readonly subscribers = new Set<() => void>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly tracker: PageTracker;
  private readonly memoryKey: string;
  private readonly visitorKey = 'relais:visitor';
  private typingTimer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly api: WidgetApi,
    locale: Locale,
  ) {
    this.memoryKey = `relais:${api.siteKey}`;
    const memory = session.read<Memory>(this.memoryKey);
    this.visit = memory?.visit ?? null;
    api.token = this.visit?.visitToken ?? null;
    this.state = {
      refused: false,
      locale,
      launcher: memory?.launcher ?? null,
      popin: null,
      offers: [],
      open: memory?.open ?? false,
      panel: memory?.panel ?? 'chat',
      greeting: memory?.greeting ?? null,
      conversationId: memory?.conversationId ?? null,
      conversation: memory?.conversation ?? null,
      messages: memory?.messages ?? [],
      handover: memory?.handover ?? null,
      queue: null,
      advisorTyping: false,
      advisorReadSeq: 0,
      feedback: memory?.feedback ?? {},
      notice: null,
      error: null,
      rated: memory?.rated ?? false,
    };
    this.tracker = new PageTracker((events) => this.sendEvents(events));
  }

  get t() {
    return TEXTS[this.state.locale];
  }

  subscribe(fn: () => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  on(event: string, fn: Listener): void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
  }

  private emit(event: string, payload?: unknown): void {
    this.listeners.get(event)?.forEach((fn) => {
      try {
        fn(payload);
      } catch (error) {
        console.error('[Relais] listener failed', error);
      }
    });
  }

  private set(patch: Partial<WidgetState>): void {
    this.state = { ...this.state, ...patch };
    const s = this.state;
    session.write(this.memoryKey, {
      visit: this.visit,
      launcher: s.launcher,
      open: s.open,
      panel: s.panel,
      greeting: s.greeting,
      conversationId: s.conversationId,
      conversation: s.conversation,
      messages: s.messages,
      handover: s.handover,
      feedback: s.feedback,
      rated: s.rated,
    } satisfies Memory);
    this.subscribers.forEach((fn) => fn());
  }

  /** Starts (or resumes) the visit, reports this page, and rejoins a chat in progress. */
  async start(identityToken?: string): Promise<void> {
    try {
      if (!this.visit || identityToken) await this.startVisit(identityToken);
      else await this.tracker.pageLoaded(false);
      if (this.state.conversationId) this.connect();
      this.emit('ready', { visitId: this.visit?.visitId, visitorId: this.visit?.visitorId });
    } catch (error) {
      this.fail(error);
    }
  }

  private async startVisit(identityToken?: string): Promise<void> {
    const started = await this.api.post<Visit>('/visits', {
      visitorId: local.read<string>(this.visitorKey) ?? undefined,
      url: location.href,
      referrer: document.referrer || undefined,
      identityToken,
    });
    local.write(this.visitorKey, started.visitorId);
    this.visit = started;
    this.api.token = started.visitToken;
    if (this.socket) {
      this.socket.auth = { siteKey: this.api.siteKey, token: started.visitToken };
      this.socket.disconnect().connect();
    }
    this.set({});
    // The landing page counted as the first page view; its product and cart still need telling.
    await this.tracker.pageLoaded(true);
  }

  /** `Relais.identify(token)`: a new visit carrying the merchant's signed claim; the chat, if any, carries on. */
  identify(identityToken: string): Promise<void> {
    return this.startVisit(identityToken).catch((error: unknown) => this.fail(error));
  }

  track(event: TrackEvent): Promise<void> {
    return this.tracker.track(event);
  }

  setLocale(locale: Locale): void {
    this.set({ locale });
  }

  private async sendEvents(events: TrackEvent[]): Promise<number | undefined> {
    if (!this.visit) return undefined;
    try {
      const result = await this.api.post<{ actions: Action[]; nextCheckInSeconds?: number }>(`/visits/${this.visit.visitId}/events`, { events });
      result.actions.forEach((action) => this.show(action));
      return result.nextCheckInSeconds;
    } catch (error) {
      // An expired visit token: a new visit, so the page keeps being understood.
      if (error instanceof RelaisApiError && error.error.statusCode === 401) await this.startVisit();
      else this.fail(error);
      return undefined;
    }
  }

  /** Each server decision in its own form. */
  private show(action: Action): void {
    this.emit('action', action);
    switch (action.type) {
      case 'chat_button':
        return this.set({ launcher: action.message ?? this.state.launcher });
      case 'chat_invitation':
        if (!this.state.open) this.set({ popin: action });
        return;
      case 'chat_open':
        this.set({ greeting: action.message ?? this.state.greeting });
        void this.respond(action, 'accepted');
        void this.openChat();
        return;
      case 'callback_offer':
      case 'discount_offer':
      case 'faq_suggestion':
        if (!this.state.offers.some((o) => o.id === action.id)) this.set({ offers: [...this.state.offers, action] });
        return;
    }
  }

  respond(action: Action, response: 'accepted' | 'declined' | 'dismissed'): Promise<void> {
    if (!this.visit) return Promise.resolve();
    return this.api.post(`/visits/${this.visit.visitId}/actions/${action.id}`, { response }).then(
      () => undefined,
      (error: unknown) => this.fail(error),
    );
  }

  acceptInvitation(): Promise<void> {
    const popin = this.state.popin!;
    this.set({ popin: null, greeting: popin.message ?? null });
    void this.respond(popin, 'accepted');
    return this.openChat();
  }

  declineInvitation(): void {
    const popin = this.state.popin!;
    this.set({ popin: null });
    void this.respond(popin, 'declined');
  }

  dismissOffer(offer: Action): void {
    this.set({ offers: this.state.offers.filter((o) => o.id !== offer.id) });
    void this.respond(offer, 'dismissed');
  }

  takeOffer(offer: Action): void {
    this.set({ offers: this.state.offers.filter((o) => o.id !== offer.id) });
    void this.respond(offer, 'accepted');
    if (offer.type === 'callback_offer') void this.openChat('callback');
    else if (offer.type === 'faq_suggestion') void this.openChat().then(() => (offer.message ? this.send(offer.message) : undefined));
  }

  async openChat(panel: Panel = 'chat'): Promise<void> {
    this.set({ open: true, panel, popin: null, error: null });
    this.emit('open');
    if (this.state.conversationId) return;
    try {
      const started = await this.api.post<{ id: string; state: ConversationState }>('/conversations', { visitId: this.visit?.visitId, locale: this.state.locale });
      this.set({ conversationId: started.id, conversation: started.state, messages: [], handover: null, rated: false });
      this.connect();
    } catch (error) {
      this.fail(error);
    }
  }

  close(): void {
    this.set({ open: false });
    this.emit('close');
  }

  showPanel(panel: Panel): void {
    this.set({ panel, notice: null, error: null });
  }

  async send(text: string): Promise<void> {
    const id = this.state.conversationId;
    if (!id || !text.trim()) return;
    this.typing(false);
    try {
      const turn = await this.api.post<Turn>(`/conversations/${id}/messages`, { text });
      this.merge(turn.replies);
      this.set({ conversation: turn.state, ...(turn.handover && { handover: turn.handover, queue: turn.handover.queue ?? null }) });
      // The visitor's own message arrives over the socket; without it, the next resume brings it.
      await this.resume();
    } catch (error) {
      this.fail(error);
    }
  }

  async feedback(message: Message, helpful: boolean): Promise<void> {
    this.set({ feedback: { ...this.state.feedback, [message.id]: helpful } });
    await this.api.post(`/conversations/${this.state.conversationId}/messages/${message.id}/feedback`, { helpful }).catch((error: unknown) => this.fail(error));
  }

  callbackSlots(): Promise<{ items: Slot[] }> {
    return this.api.get('/callback-slots?days=3');
  }

  stores(): Promise<{ items: Store[] }> {
    return this.api.get('/stores');
  }

  appointmentSlots(storeId: string): Promise<{ items: Slot[] }> {
    return this.api.get(`/stores/${storeId}/appointment-slots?days=3`);
  }

  /** Callback, call, appointment or message: the server's confirmation, in the visitor's language, is the notice. */
  async request(kind: 'callbacks' | 'call-requests' | 'appointments', body: Record<string, unknown>): Promise<boolean> {
    try {
      const result = await this.api.post<{ message?: string }>(`/${kind}`, { ...body, conversationId: this.state.conversationId ?? undefined, locale: this.state.locale });
      this.set({ notice: result.message ?? this.t.booked, error: null });
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  async leaveMessage(text: string, contact: { email?: string; phone?: string }): Promise<boolean> {
    try {
      await this.api.post(`/conversations/${this.state.conversationId}/leave-message`, { text, ...contact });
      await this.resume();
      this.set({ panel: 'chat', error: null });
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  async rate(rating: number): Promise<void> {
    await this.api.post(`/conversations/${this.state.conversationId}/rating`, { rating }).then(
      () => this.set({ rated: true }),
      (error: unknown) => this.fail(error),
    );
  }

  async endChat(): Promise<void> {
    await this.api.post(`/conversations/${this.state.conversationId}/close`).catch((error: unknown) => this.fail(error));
    await this.resume();
    this.set({ conversation: 'closed', panel: 'rating' });
  }

  /** A new conversation after a closed one. */
  restart(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.set({ conversationId: null, conversation: null, messages: [], handover: null, queue: null, panel: 'chat', rated: false, greeting: null });
    void this.openChat();
  }

  typing(typing: boolean): void {
    clearTimeout(this.typingTimer);
    if (!this.socket?.connected || !this.state.conversationId || this.state.conversation !== 'with_human') return;
    this.socket.emit('chat:typing', { conversationId: this.state.conversationId, typing });
    if (typing) this.typingTimer = setTimeout(() => this.typing(false), 3000);
  }

  /** The panel is open on the transcript: tell the advisor what was read. */
  markRead(): void {
    const last = this.state.messages[this.state.messages.length - 1];
    if (last && this.socket?.connected && this.state.open) this.socket.emit('chat:read', { conversationId: this.state.conversationId, seq: last.seq });
  }

  private connect(): void {
    if (this.socket || !this.visit) return;
    const socket = io(`${this.api.base}/widget`, { auth: { siteKey: this.api.siteKey, token: this.visit.visitToken }, transports: ['websocket', 'polling'] });
    this.socket = socket;
    // Every (re)connection rejoins from the last seq held: nothing lost, nothing doubled.
    socket.on('connect', () => void this.resume());
    socket.on('chat:message', (event: { conversationId: string; message: Message }) => {
      if (event.conversationId !== this.state.conversationId) return;
      this.merge([event.message]);
      if (event.message.author === 'advisor') this.set({ advisorTyping: false });
      this.emit('message', event.message);
      this.markRead();
    });
    socket.on('chat:state', (event: { conversationId: string; state: ConversationState }) => {
      if (event.conversationId !== this.state.conversationId) return;
      this.set({ conversation: event.state, ...(event.state !== 'waiting_human' && { queue: null }), ...(event.state === 'closed' && { panel: 'rating', advisorTyping: false }) });
      this.emit('state', event.state);
    });
    socket.on('chat:queue', (event: Queue & { conversationId: string }) => {
      if (event.conversationId === this.state.conversationId) this.set({ queue: { position: event.position, estimatedWaitSeconds: event.estimatedWaitSeconds } });
    });
    socket.on('chat:typing', (event: { conversationId: string; by: string; typing: boolean }) => {
      if (event.conversationId === this.state.conversationId && event.by === 'advisor') this.set({ advisorTyping: event.typing });
    });
    socket.on('chat:read', (event: { conversationId: string; by: string; seq: number }) => {
      if (event.conversationId === this.state.conversationId && event.by === 'advisor') this.set({ advisorReadSeq: Math.max(this.state.advisorReadSeq, event.seq) });
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => {
      if (error.data?.code) console.warn(`[Relais] ${error.data.code}: ${error.data.message}`);
    });
  }

  private async resume(): Promise<void> {
    const id = this.state.conversationId;
    if (!id) return;
    const afterSeq = this.state.messages[this.state.messages.length - 1]?.seq ?? 0;
    if (this.socket?.connected) {
      const reply = (await this.socket.timeout(10_000).emitWithAck('chat:join', { conversationId: id, afterSeq }).catch(() => null)) as { ok: boolean; data?: { state: ConversationState; messages: Message[]; queue: Queue | null } } | null;
      if (!reply?.ok || !reply.data) return;
      this.merge(reply.data.messages);
      this.set({ conversation: reply.data.state, queue: reply.data.queue, ...(reply.data.state === 'closed' && !this.state.rated && { panel: 'rating' }) });
      this.markRead();
      return;
    }
    const missed = await this.api.get<{ items: Message[] }>(`/conversations/${id}/messages?after=${afterSeq}`).catch(() => null);
    if (missed) this.merge(missed.items);
  }

  /** Messages by seq, each once, whichever path brought it first. */
  private merge(incoming: Message[]): void {
    if (!incoming.length) return;
    const bySeq = new Map(this.state.messages.map((m) => [m.seq, m]));
    for (const message of incoming) bySeq.set(message.seq, message);
    this.set({ messages: [...bySeq.values()].sort((a, b) => a.seq - b.seq) });
  }

  private fail(error: unknown): void {
    console.warn('[Relais]', error instanceof Error ? error.message : error);
    const code = error instanceof RelaisApiError ? error.error.code : '';
    if (code === 'ORIGIN_NOT_ALLOWED' || code === 'INVALID_SITE_KEY') return this.set({ refused: true });
    this.set({ error: error instanceof RelaisApiError && error.error.statusCode < 500 && error.error.statusCode !== 401 && error.error.statusCode !== 403 ? error.error.message : this.t.error });
  }
}
