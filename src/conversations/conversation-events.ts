import { Injectable } from '@nestjs/common';
import type { Conversation } from './conversation.entity';
import type { ConversationMessage } from './conversation-message.entity';
import type { HandoverDto } from './dto/conversation.dto';

export interface ConversationListener {
  /** Messages stored (and committed) in a conversation, for realtime delivery. */
  messagesAdded(conversationId: string, messages: ConversationMessage[]): void;
  /**
   * The agent handed the conversation over; the answer tells the visitor what happens next. Before anyone sees
   * the bot's hand-over `reply`, the listener may reword it and hand the conversation back to the bot when no
   * person can come (both objects are updated in place).
   */
  escalated(conversation: Conversation, reply: ConversationMessage): Promise<HandoverDto | undefined>;
}

/** Lets live chat follow bot conversations without the conversations module depending on it. */
@Injectable()
export class ConversationEvents {
  private listener?: ConversationListener;

  listen(listener: ConversationListener): void {
    this.listener = listener;
  }

  messagesAdded(conversationId: string, messages: ConversationMessage[]): void {
    this.listener?.messagesAdded(conversationId, messages);
  }

  async escalated(conversation: Conversation, reply: ConversationMessage): Promise<HandoverDto | undefined> {
    return this.listener?.escalated(conversation, reply);
  }
}
