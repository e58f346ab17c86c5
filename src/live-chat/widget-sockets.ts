import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Socket } from 'socket.io';
import { VisitorPrincipal } from '../common/auth/principal';
import { VisitorAuthService } from '../auth/visitor-auth.service';
import { ConversationsService } from '../conversations/conversations.service';
import { MessageTextPipe } from '../virtual-agent/message-text.pipe';
import { ChatRealtime, rooms } from './chat-realtime.service';
import { JoinConversationDto, ReadReceiptDto, SocketChatMessageDto, TypingDto } from './dto/live-chat.dto';
import { onEvent, relayTyping, serveNamespace } from './socket-events';
import { VisitorChatService } from './visitor-chat.service';

const messageText = new MessageTextPipe();

/**
 * The `/widget` namespace. Handshake `auth: {siteKey, token}` with the visit token; a visitor joins only their own
 * conversations (`chat:join`, which also returns what they missed) and posts through the same path as HTTP.
 */
@Injectable()
export class WidgetSockets implements OnApplicationBootstrap {
  constructor(
    private readonly realtime: ChatRealtime,
    private readonly visitors: VisitorAuthService,
    private readonly conversations: ConversationsService,
    private readonly visitorChat: VisitorChatService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.realtime.serving())
      serveNamespace(
        this.realtime.widget(),
        (socket) => this.authenticate(socket),
        (socket, visitor) => this.bind(socket, visitor),
      );
  }

  private authenticate(socket: Socket): Promise<VisitorPrincipal> {
    const { siteKey, token } = (socket.handshake.auth ?? {}) as { siteKey?: unknown; token?: unknown };
    return this.visitors.authenticate(siteKey, token, true, { siteKey: 'as auth.siteKey', token: 'as auth.token' }, socket.handshake.headers.origin);
  }

  private bind(socket: Socket, visitor: VisitorPrincipal): void {
    onEvent(socket, 'chat:join', JoinConversationDto, async ({ conversationId, afterSeq }) => {
      const resumed = await this.visitorChat.resume(visitor, conversationId, afterSeq);
      await socket.join(rooms.conversation(conversationId));
      return resumed;
    });
    onEvent(socket, 'chat:message', SocketChatMessageDto, (dto) => this.conversations.post(visitor, dto.conversationId, messageText.transform(dto).text, dto.clientMessageId));
    onEvent(socket, 'chat:typing', TypingDto, (dto) => relayTyping(socket, this.realtime, dto, 'visitor'));
    onEvent(socket, 'chat:read', ReadReceiptDto, ({ conversationId, seq }) => this.visitorChat.markRead(visitor, conversationId, seq));
  }
}
