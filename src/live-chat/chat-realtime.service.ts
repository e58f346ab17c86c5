import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Namespace, Server } from 'socket.io';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const WIDGET_NAMESPACE = '/widget';
export const CONSOLE_NAMESPACE = '/console';

export const rooms = {
  conversation: (id: string) => `conversation:${id}`,
  advisor: (id: string) => `advisor:${id}`,
  /** Everyone who takes or oversees chats: the queue's changes are shown on their chat desk. */
  chatDesk: 'chat-desk',
};

/**
 * The socket.io server, attached to the HTTP server of this instance. With REDIS_URL rooms are shared through the
 * Redis adapter, so an event emitted by any instance (or the worker, which has no HTTP server) reaches every socket.
 */
@Injectable()
export class ChatRealtime implements OnApplicationShutdown {
  private readonly logger = new Logger(ChatRealtime.name);
  private server?: Server;
  private redisClients: Redis[] = [];
  /** Set on shutdown: an emit after it (a disconnect handler finishing late) would publish on a closed Redis connection. */
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly httpHost: HttpAdapterHost,
  ) {}

  /** The server, created on first use: listening when this process serves HTTP, emit-only otherwise. */
  io(): Server {
    if (this.server) return this.server;
    const httpServer: unknown = this.httpHost.httpAdapter?.getHttpServer();
    // Browsers send the site key and tokens in the handshake `auth`, not cookies, so any origin may connect.
    const server = new Server({ cors: { origin: true }, serveClient: false, maxHttpBufferSize: 64 * 1024 });
    if (this.config.redisUrl) {
      const pub = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
      const sub = pub.duplicate();
      this.redisClients = [pub, sub];
      server.adapter(createAdapter(pub, sub));
    }
    if (httpServer) server.attach(httpServer as Parameters<Server['attach']>[0]);
    this.server = server;
    return server;
  }

  /** Whether this process serves sockets (an HTTP instance) or only emits (a worker). */
  serving(): boolean {
    return this.httpHost.httpAdapter !== undefined;
  }

  widget(): Namespace {
    return this.io().of(WIDGET_NAMESPACE);
  }

  console(): Namespace {
    return this.io().of(CONSOLE_NAMESPACE);
  }

  toConversation(conversationId: string, event: string, payload: unknown): void {
    if (this.closed) return;
    const room = rooms.conversation(conversationId);
    this.widget().to(room).emit(event, payload);
    this.console().to(room).emit(event, payload);
  }

  toAdvisor(advisorId: string, event: string, payload: unknown): void {
    if (this.closed) return;
    this.console().to(rooms.advisor(advisorId)).emit(event, payload);
  }

  toChatDesk(event: string, payload: unknown): void {
    if (this.closed) return;
    this.console().to(rooms.chatDesk).emit(event, payload);
  }

  /** Whether the advisor has a console open on any instance. */
  advisorConnected(advisorId: string): Promise<boolean> {
    return occupied(this.console(), rooms.advisor(advisorId));
  }

  /** Whether the visitor has the conversation open in a widget on any instance. */
  visitorConnected(conversationId: string): Promise<boolean> {
    return occupied(this.widget(), rooms.conversation(conversationId));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true; // what was not sent is in the rows: consoles and widgets re-read them when they reconnect
    if (!this.server) return;
    // Not server.close(): it would close the HTTP server that Nest closes itself.
    this.server.disconnectSockets(true);
    // A worker's server was never attached and has no engine.
    (this.server.engine as typeof this.server.engine | undefined)?.close();
    await Promise.all(this.redisClients.map((c) => c.quit().catch((error: unknown) => this.logger.warn({ err: error }, 'Redis close failed'))));
  }
}

/** Whether a socket is in the room on any instance (the adapter asks the others). */
async function occupied(namespace: Namespace, room: string): Promise<boolean> {
  return (await namespace.in(room).fetchSockets()).length > 0;
}
