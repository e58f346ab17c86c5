import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Namespace, Socket } from 'socket.io';
import { badRequest, forbidden } from '../common/domain-error';
import { toErrorResponse } from '../common/error-response';
import { loggableError } from '../common/logging';
import { openSockets } from '../metrics/metrics';
import { flattenValidationErrors, validationFailed } from '../common/validation.pipe';
import { ChatRealtime, rooms } from './chat-realtime.service';

type Ack = (reply: { ok: true; data: unknown } | { ok: false; error: ReturnType<typeof toErrorResponse>['body'] }) => void;

const logger = new Logger('ChatSockets');

/**
 * Binds a socket event to a handler with the same edge rules as HTTP: the payload is validated against its DTO
 * and the acknowledgement carries either `{ok: true, data}` or `{ok: false, error}` in the one error model.
 */
export function onEvent<T extends object>(socket: Socket, event: string, dto: new () => T, run: (payload: T) => Promise<unknown> | unknown): void {
  socket.on(event, async (payload: unknown, ack?: Ack) => {
    try {
      const data = await run(await validPayload(dto, payload));
      if (typeof ack === 'function') ack({ ok: true, data: data ?? null });
    } catch (error) {
      const { body, internal } = toErrorResponse(error);
      if (internal) logger.error({ err: error, event }, 'Socket event failed');
      if (typeof ack === 'function') ack({ ok: false, error: body });
    }
  });
}

async function validPayload<T extends object>(dto: new () => T, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw badRequest('INVALID_PAYLOAD', 'The event payload must be a JSON object');
  const instance = plainToInstance(dto, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw validationFailed(flattenValidationErrors(errors));
  return instance;
}

/**
 * Serves a namespace: each handshake is authenticated (a refusal carries the error model in `connect_error`'s
 * `data`), then the socket's events are bound with the principal it authenticated as.
 */
export function serveNamespace<P>(namespace: Namespace, authenticate: (socket: Socket) => Promise<P>, bind: (socket: Socket, principal: P) => void): void {
  namespace.use((socket, next) => {
    authenticate(socket).then(
      (principal) => {
        socket.data.principal = principal;
        next();
      },
      (error: unknown) => {
        const { body, internal } = toErrorResponse(error);
        if (internal) logger.error({ err: loggableError(error) }, 'Socket authentication failed');
        next(Object.assign(new Error(body.message), { data: body }));
      },
    );
  });
  const labels = { namespace: namespace.name.replace(/^\//, '') };
  namespace.on('connection', (socket) => {
    openSockets.inc(labels);
    socket.once('disconnect', () => openSockets.dec(labels));
    bind(socket, socket.data.principal as P);
  });
}

/** Typing indicators are not stored: relayed to the others in a conversation the socket has joined. */
export function relayTyping(socket: Socket, realtime: ChatRealtime, { conversationId, typing }: { conversationId: string; typing: boolean }, by: 'visitor' | 'advisor'): void {
  const room = rooms.conversation(conversationId);
  if (!socket.rooms.has(room)) throw forbidden('JOIN_FIRST', 'Join the conversation (chat:join) before sending typing indicators');
  const event = { conversationId, by, typing };
  socket.to(room).emit('chat:typing', event);
  (by === 'visitor' ? realtime.console() : realtime.widget()).to(room).emit('chat:typing', event);
}
