import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import type { TestApp } from './test-app';

export type AckReply<T = unknown> = { ok: true; data: T } | { ok: false; error: { statusCode: number; code: string; message: string } };

/** Listens on a free port so that real socket.io clients can connect; returns the base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export const connectWidget = (baseUrl: string, siteKey: string, token: string) => connect(`${baseUrl}/widget`, { siteKey, token });
export const connectConsole = (baseUrl: string, token: string) => connect(`${baseUrl}/console`, { token });

/** Emits and waits for the acknowledgement. */
export function request<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<AckReply<T>> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<AckReply<T>>;
}

/** Resolves with the next event of this name that matches, failing after a timeout. */
export function nextEvent<T = Record<string, unknown>>(socket: Socket, event: string, matches: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}
