import { DataSource, MoreThan } from 'typeorm';
import { toMessageResponse } from '../conversations/conversation.mapper';
import { ConversationMessage } from '../conversations/conversation-message.entity';
import { MessageDto } from '../conversations/dto/conversation.dto';

/** The messages of a conversation after a `seq` cursor, oldest first. */
export async function messagesAfter(dataSource: DataSource, conversationId: string, after: number): Promise<MessageDto[]> {
  const messages = await dataSource.manager.find(ConversationMessage, { where: { conversationId, seq: MoreThan(after) }, order: { seq: 'ASC' } });
  return messages.map(toMessageResponse);
}
