import { io, type Socket } from 'socket.io-client';
import { RelaisApiError } from '../shared/http';
import { pickLocale, type Locale } from '../shared/locale';
import { local, session as tabStorage } from '../shared/storage';
import { ConsoleApi } from './api';
import { TEXTS } from './i18n';
import { Store } from './store';
import type { Advisor, LoginResponse, Presence, Role } from './types';

export type View = 'chats' | 'customers' | 'store' | 'analytics' | 'rules' | 'knowledge' | 'admin';

export interface SessionState {
  locale: Locale;
  advisor: Advisor | null;
  presence: Presence;
  /** The live socket is down (it reconnects by itself). */
  disconnected: boolean;
  view: View;
  /** Shown on the login form: why the advisor is there (session expired), or why login failed. */
  loginNotice: string | null;
  loginError: string | null;
  busy: boolean;
}

/** What survives a reload of the tab (sessionStorage): the token goes with the tab. */
interface Saved {
  token: string;
  expiresAt: number;
  advisor: Advisor;
  presence: Presence;
}

const SAVED = 'relais-console:session';
const LOCALE = 'relais-console:locale';
const CHAT_ROLES: Role[] = ['chat_advisor', 'supervisor', 'admin'];
const CUSTOMER_ROLES: Role[] = ['phone_advisor', 'store_advisor', 'supervisor', 'admin'];

export const takesChats = (a: Advisor) => a.roles.some((r) => CHAT_ROLES.includes(r));
export const seesCustomers = (a: Advisor) => a.roles.some((r) => CUSTOMER_ROLES.includes(r));
export const readsAnalytics = (a: Advisor) => a.roles.some((r) => ['supervisor', 'admin'].includes(r));
export const worksInStore = (a: Advisor) => a.roles.includes('store_advisor');
export const administers = (a: Advisor) => a.roles.includes('admin');
export const takesCallbacks = (a: Advisor) => a.roles.some((r) => ['phone_advisor', 'supervisor', 'admin'].includes(r));

/**
 * The advisor's session: login and logout, the token's expiry (back to the login form, work kept), the `/console`
 * socket and the presence it carries (set again on every reconnection), and the UI language.
 */
export class ConsoleSession extends Store<SessionState> {
  readonly api = new ConsoleApi();
  socket: Socket | null = null;
  private expiryTimer?: ReturnType<typeof setTimeout>;
  private readonly connectedListeners = new Set<(socket: Socket) => void>();

  constructor() {
    const saved = tabStorage.read<Saved>(SAVED);
    const valid = saved && saved.expiresAt > Date.now() ? saved : null;
    super({
      locale: pickLocale(local.read<string>(LOCALE), navigator.language),
      advisor: valid?.advisor ?? null,
      presence: valid?.presence ?? 'online',
      disconnected: false,
      view: valid && !takesChats(valid.advisor) ? 'customers' : 'chats',
      loginNotice: null,
      loginError: null,
      busy: false,
    });
    // Back after the token ran out (a tab left open overnight): say so, the drafts are still there.
    if (saved && !valid) this.set({ loginNotice: this.t.expired });
    this.api.onExpired = () => this.expire();
    if (valid) this.start(valid);
  }

  get t() {
    return TEXTS[this.state.locale];
  }

  setLocale(locale: Locale): void {
    local.write(LOCALE, locale);
    document.documentElement.lang = locale;
    this.set({ locale });
  }

  /** Runs `fn` with the socket each time it (re)connects: rejoining chats, reading the queue. */
  onConnected(fn: (socket: Socket) => void): () => void {
    this.connectedListeners.add(fn);
    if (this.socket?.connected) fn(this.socket);
    return () => this.connectedListeners.delete(fn);
  }

  async login(email: string, password: string): Promise<void> {
    const t = this.t;
    this.set({ busy: true, loginError: null });
    try {
      const { accessToken, expiresIn, advisor } = await this.api.post<LoginResponse>('/auth/login', { email, password });
      const saved: Saved = { token: accessToken, expiresAt: Date.now() + expiresIn * 1000, advisor, presence: 'online' };
      this.set({ busy: false, loginNotice: null, advisor, presence: 'online', view: takesChats(advisor) ? 'chats' : 'customers' });
      this.start(saved);
    } catch (error) {
      const e = error instanceof RelaisApiError ? error.error : null;
      const retryAfterSeconds = Number((error as RelaisApiError).headers?.get('retry-after')) || 60;
      const message = !e ? t.unreachable : e.statusCode === 401 ? t.wrongPassword : e.statusCode === 429 ? t.rateLimited(Math.ceil(retryAfterSeconds / 60)) : e.statusCode === 400 ? t.invalidEmail : `${t.failed} ${e.message}`;
      this.set({ busy: false, loginError: message });
    }
  }

  /** Logging out sets the advisor offline first, so routing stops offering them chats at once. */
  async logout(): Promise<void> {
    await this.api.put('/me/presence', { status: 'offline' }).catch(() => undefined);
    this.end(null);
  }

  setPresence(presence: Presence): void {
    this.set({ presence });
    this.save();
    this.socket?.emit('presence', { status: presence });
  }

  /** The token is no longer valid: back to the login form; drafts and open chats stay in the tab's storage. */
  expire(): void {
    if (this.state.advisor) this.end(this.t.expired);
  }

  private start(saved: Saved): void {
    this.api.token = saved.token;
    tabStorage.write(SAVED, saved);
    clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(() => this.expire(), saved.expiresAt - Date.now());
    const socket = io('/console', { auth: { token: saved.token } });
    socket.on('connect', () => {
      this.set({ disconnected: false });
      socket.emit('presence', { status: this.state.presence });
      this.connectedListeners.forEach((fn) => fn(socket));
    });
    socket.on('disconnect', () => this.set({ disconnected: true }));
    socket.on('connect_error', (error: Error & { data?: { statusCode?: number } }) => {
      if (error.data?.statusCode === 401) this.expire();
      else this.set({ disconnected: true });
    });
    this.socket = socket;
  }

  private end(notice: string | null): void {
    clearTimeout(this.expiryTimer);
    this.socket?.disconnect();
    this.socket = null;
    this.api.token = null;
    tabStorage.write(SAVED, null);
    this.set({ advisor: null, loginNotice: notice, loginError: null, disconnected: false });
  }

  private save(): void {
    const saved = tabStorage.read<Saved>(SAVED);
    if (saved) tabStorage.write(SAVED, { ...saved, presence: this.state.presence });
  }
}
