import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Socket } from 'socket.io';
import { PresenceDto } from '../advisors/dto/advisor.dto';
import { AuthService } from '../auth/auth.service';
import { AdvisorPrincipal } from '../common/auth/principal';
import { forbidden, unauthorized } from '../common/domain-error';
import { originAllowed } from '../common/same-origin';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MessageTextPipe } from '../virtual-agent/message-text.pipe';
import { AdvisorChatService, isSupervisor } from './advisor-chat.service';
import { ChatPresenceService } from './routing/chat-presence.service';
import { PresenceHeartbeat } from './routing/presence-heartbeat';
import { ChatRealtime, rooms } from './chat-realtime.service';
import { ConversationRefDto, JoinConversationDto, ReadReceiptDto, SocketChatMessageDto, TypingDto } from './dto/live-chat.dto';
import { onEvent, relayTyping, serveNamespace } from './socket-events';

const messageText = new MessageTextPipe();

/**
 * The `/console` namespace. Handshake `auth: {token}` with the advisor access token; each advisor gets their
 * offers in their own room, the chat desk (chat advisors, supervisors) the queue; presence follows the sockets (offline after a grace period, see PresenceHeartbeat).
 */
@Injectable()
export class ConsoleSockets implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConsoleSockets.name);

  constructor(
    private readonly realtime: ChatRealtime,
    private readonly auth: AuthService,
    private readonly chat: AdvisorChatService,
    private readonly presence: ChatPresenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heartbeat: PresenceHeartbeat,
  ) {}

  onApplicationBootstrap(): void {
    if (this.realtime.serving())
      serveNamespace(
        this.realtime.console(),
        (socket) => this.authenticate(socket),
        (socket, advisor) => this.bind(socket, advisor),
      );
  }

  private async authenticate(socket: Socket): Promise<AdvisorPrincipal> {
    const { origin, host } = socket.handshake.headers;
    if (!originAllowed(origin, host, this.config.consoleOrigins)) throw forbidden('ORIGIN_NOT_ALLOWED', `Pages from ${origin} may not open the console socket`);
    const { token } = (socket.handshake.auth ?? {}) as { token?: unknown };
    const advisor = typeof token === 'string' ? await this.auth.authenticateAdvisor(token) : null;
    if (!advisor) throw unauthorized('INVALID_TOKEN', 'Send the access token from POST /console/v1/auth/login as auth.token');
    return advisor;
  }

  private bind(socket: Socket, advisor: AdvisorPrincipal): void {
    void socket.join(rooms.advisor(advisor.id));
    this.heartbeat.seen(advisor.id);
    if (isSupervisor(advisor) || advisor.roles.includes('chat_advisor')) void socket.join(rooms.chatDesk);
    socket.on('disconnect', (reason) => {
      // This instance is stopping: the console reconnects to another one, whose sockets count for presence.
      if (reason === 'server namespace disconnect') return;
      this.presence.socketDropped(advisor.id, socket.id).catch((error: unknown) => this.logger.warn({ err: error, advisorId: advisor.id }, 'Presence check not scheduled'));
    });

    onEvent(socket, 'presence', PresenceDto, ({ status }) => this.presence.set(advisor.id, status));
    onEvent(socket, 'chat:join', JoinConversationDto, async ({ conversationId, afterSeq }) => {
      const resumed = await this.chat.resume(advisor, conversationId, afterSeq);
      await socket.join(rooms.conversation(conversationId));
      return resumed;
    });
    onEvent(socket, 'chat:accept', ConversationRefDto, async ({ conversationId }) => {
      const handoff = await this.chat.accept(advisor, conversationId);
      await socket.join(rooms.conversation(conversationId));
      return handoff;
    });
    onEvent(socket, 'chat:decline', ConversationRefDto, ({ conversationId }) => this.chat.decline(advisor, conversationId));
    onEvent(socket, 'chat:message', SocketChatMessageDto, (dto) => this.chat.send(advisor, dto.conversationId, messageText.transform(dto).text, dto.clientMessageId));
    onEvent(socket, 'chat:typing', TypingDto, (dto) => relayTyping(socket, this.realtime, dto, 'advisor'));
    onEvent(socket, 'chat:read', ReadReceiptDto, ({ conversationId, seq }) => this.chat.markRead(advisor, conversationId, seq));
  }
}
