import type { Socket } from 'socket.io-client';
import { RelaisApiError } from '../shared/http';
import { session as tabStorage } from '../shared/storage';
import type { ConsoleSession } from './session';
import { Store } from './store';
import type { AdvisorLoad, Handoff, Message, Offer, QueueEntry } from './types';

export interface Chat {
  id: string;
  handoff: Handoff;
  messages: Message[];
  state: string;
  visitorTyping: boolean;
  visitorReadSeq: number;
}

export interface DeskState {
  queue: QueueEntry[] | null;
  advisors: AdvisorLoad[];
  offers: Offer[];
  chats: Chat[];
  /** A short message for screen readers and sighted advisors alike (offer withdrawn, action failed). */
  notice: string | null;
}

type Ack<T> = { ok: true; data: T } | { ok: false; error: { statusCode: number; code: string; message: string } };

const OPEN_CHATS = 'relais-console:chats';
const draftKey = (id: string) => `relais-console:draft:${id}`;

/**
 * The chat desk: the waiting queue, offers with their deadline, and the advisor's live chats. Everything arrives
 * on the `/console` socket; the open chats' ids are kept in the tab so a reload or a new login rejoins them.
 */
export class ChatDesk extends Store<DeskState> {
  private typingSent = new Map<string, ReturnType<typeof setTimeout>>();
  /** The last send per chat not acknowledged: sending the same text again reuses its id, so it is stored once. */
  private unacknowledged = new Map<string, { text: string; clientMessageId: string }>();

  constructor(private readonly session: ConsoleSession) {
    super({ queue: null, advisors: [], offers: [], chats: [], notice: null });
  }

  /** Binds to the session's socket; returns the unbinding. */
  attach(): () => void {
    return this.session.onConnected((socket) => {
      this.listen(socket);
      void this.refreshQueue();
      for (const id of tabStorage.read<string[]>(OPEN_CHATS) ?? []) void this.open(id);
    });
  }

  draft(id: string): string {
    return tabStorage.read<string>(draftKey(id)) ?? '';
  }

  saveDraft(id: string, text: string): void {
    tabStorage.write(draftKey(id), text || null);
  }

  /** A deliberate logout forgets the open chats and drafts (an expired session keeps them). */
  forget(): void {
    for (const chat of this.state.chats) this.saveDraft(chat.id, '');
    tabStorage.write(OPEN_CHATS, null);
    this.set({ chats: [], offers: [], queue: null });
  }

  async refreshQueue(): Promise<void> {
    try {
      const { waiting, advisors } = await this.session.api.get<{ waiting: QueueEntry[]; advisors: AdvisorLoad[] }>('/chat-queue');
      if (this.state.queue === null) performance.mark('relais:queue-loaded');
      this.set({ queue: waiting, advisors });
    } catch (error) {
      this.fail(error);
    }
  }

  async accept(offer: Offer): Promise<void> {
    this.dropOffer(offer.conversationId);
    const reply = await this.request<Handoff>('chat:accept', { conversationId: offer.conversationId });
    if (reply) this.addChat(offer.conversationId, reply);
  }

  async decline(offer: Offer): Promise<void> {
    this.dropOffer(offer.conversationId);
    await this.request('chat:decline', { conversationId: offer.conversationId });
  }

  async send(chatId: string, text: string): Promise<boolean> {
    this.typing(chatId, false);
    const pending = this.unacknowledged.get(chatId);
    const clientMessageId = pending?.text === text ? pending.clientMessageId : randomId();
    this.unacknowledged.set(chatId, { text, clientMessageId });
    const message = await this.request<Message>('chat:message', { conversationId: chatId, text, clientMessageId });
    if (!message) return false;
    this.unacknowledged.delete(chatId);
    this.saveDraft(chatId, '');
    this.addMessages(chatId, [message]);
    return true;
  }

  /** Tells the visitor the advisor is typing; a pause of 3 s (or sending) stops it. */
  typing(chatId: string, typing: boolean): void {
    const timer = this.typingSent.get(chatId);
    clearTimeout(timer);
    if (!typing) {
      if (timer) this.session.socket?.emit('chat:typing', { conversationId: chatId, typing: false });
      this.typingSent.delete(chatId);
      return;
    }
    if (!timer) this.session.socket?.emit('chat:typing', { conversationId: chatId, typing: true });
    this.typingSent.set(chatId, setTimeout(() => this.typing(chatId, false), 3000));
  }

  async transfer(chatId: string, to: { advisorId?: string; skill?: string }, note: string): Promise<boolean> {
    try {
      await this.session.api.post(`/conversations/${chatId}/transfer`, { ...to, note });
      this.removeChat(chatId);
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  async close(chatId: string): Promise<void> {
    try {
      await this.session.api.post(`/conversations/${chatId}/close`);
      this.patchChat(chatId, { state: 'closed' });
    } catch (error) {
      this.fail(error);
    }
  }

  /** Takes a closed chat off the desk. */
  removeChat(chatId: string): void {
    this.saveDraft(chatId, '');
    this.set({ chats: this.state.chats.filter((c) => c.id !== chatId) });
    this.remember();
  }

  /** The visitor's messages on screen are read: tell them. */
  markRead(chat: Chat): void {
    const last = [...chat.messages].reverse().find((m) => m.author === 'visitor');
    if (last && chat.state === 'with_human') this.session.socket?.emit('chat:read', { conversationId: chat.id, seq: last.seq });
  }

  private listen(socket: Socket): void {
    if (socket.hasListeners('chat:offer')) return;
    socket.on('chat:offer', (offer: Offer) => {
      this.set({ offers: [...this.state.offers.filter((o) => o.conversationId !== offer.conversationId), offer], notice: null });
      void this.refreshQueue();
    });
    socket.on('chat:offer-withdrawn', ({ conversationId }: { conversationId: string }) => {
      if (this.state.offers.some((o) => o.conversationId === conversationId)) this.set({ notice: this.session.t.offerGone });
      this.dropOffer(conversationId);
    });
    socket.on('chat:assigned', ({ conversationId }: { conversationId: string }) => void this.open(conversationId));
    socket.on('chat:queue-changed', () => void this.refreshQueue());
    socket.on('chat:message', ({ conversationId, message }: { conversationId: string; message: Message }) => this.addMessages(conversationId, [message]));
    socket.on('chat:typing', ({ conversationId, by, typing }: { conversationId: string; by: string; typing: boolean }) => {
      if (by === 'visitor') this.patchChat(conversationId, { visitorTyping: typing });
    });
    socket.on('chat:read', ({ conversationId, by, seq }: { conversationId: string; by: string; seq: number }) => {
      if (by === 'visitor') this.patchChat(conversationId, { visitorReadSeq: seq });
    });
    socket.on('chat:state', ({ conversationId, state, advisorId }: { conversationId: string; state: string; advisorId?: string | null }) => {
      const mine = state !== 'with_human' || advisorId === this.session.state.advisor?.id;
      if (mine) this.patchChat(conversationId, { state, visitorTyping: false });
      else this.removeChat(conversationId);
    });
  }

  /** Rejoins a chat (after a reload, a new login or a supervisor's assignment): packet, then missed messages. */
  private async open(id: string): Promise<void> {
    try {
      const handoff = await this.session.api.get<Handoff>(`/conversations/${id}/handoff`);
      if (handoff.conversation.state === 'closed') return this.removeChat(id);
      this.addChat(id, handoff);
      const resumed = await this.request<{ state: string; messages: Message[] }>('chat:join', { conversationId: id, afterSeq: handoff.transcript.at(-1)?.seq ?? 0 });
      if (resumed) this.addMessages(id, resumed.messages);
    } catch (error) {
      if (error instanceof RelaisApiError && [403, 404].includes(error.error.statusCode)) this.removeChat(id);
      else this.fail(error);
    }
  }

  private addChat(id: string, handoff: Handoff): void {
    const chat: Chat = { id, handoff, messages: handoff.transcript, state: handoff.conversation.state, visitorTyping: false, visitorReadSeq: 0 };
    const exists = this.state.chats.some((c) => c.id === id);
    this.set({ chats: exists ? this.state.chats.map((c) => (c.id === id ? chat : c)) : [...this.state.chats, chat] });
    this.remember();
  }

  /** Adds messages once each, in `seq` order (the socket and an acknowledgement may both bring one). */
  private addMessages(id: string, messages: Message[]): void {
    const chat = this.state.chats.find((c) => c.id === id);
    if (!chat) return;
    const known = new Set(chat.messages.map((m) => m.seq));
    const added = messages.filter((m) => !known.has(m.seq));
    if (added.length) this.patchChat(id, { messages: [...chat.messages, ...added].sort((a, b) => a.seq - b.seq), visitorTyping: added.some((m) => m.author === 'visitor') ? false : chat.visitorTyping });
  }

  private patchChat(id: string, patch: Partial<Chat>): void {
    if (!this.state.chats.some((c) => c.id === id)) return;
    this.set({ chats: this.state.chats.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
  }

  private dropOffer(conversationId: string): void {
    this.set({ offers: this.state.offers.filter((o) => o.conversationId !== conversationId) });
  }

  private remember(): void {
    tabStorage.write(OPEN_CHATS, this.state.chats.map((c) => c.id));
  }

  private async request<T>(event: string, payload: unknown): Promise<T | null> {
    const socket = this.session.socket;
    if (!socket?.connected) {
      this.set({ notice: this.session.t.disconnected });
      return null;
    }
    const reply = (await socket.timeout(10_000).emitWithAck(event, payload).catch(() => null)) as Ack<T> | null;
    if (reply?.ok) return reply.data;
    if (reply && reply.error.statusCode === 401) this.session.expire();
    this.set({ notice: `${this.session.t.failed} ${reply ? reply.error.message : this.session.t.disconnected}` });
    return null;
  }

  private fail(error: unknown): void {
    if (error instanceof RelaisApiError && error.error.statusCode === 401) return;
    this.set({ notice: `${this.session.t.failed} ${error instanceof RelaisApiError ? error.error.message : this.session.t.unreachable}` });
  }
}

/** 128 random bits in hex; not crypto.randomUUID, which browsers offer only on https and localhost. */
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
