import { DataSource } from 'typeorm';
import { ChatRealtime } from './chat-realtime.service';

/** Records that one side has read up to `seq` (never backwards) and tells the other side. */
export async function markRead(dataSource: DataSource, realtime: ChatRealtime, conversationId: string, by: 'visitor' | 'advisor', seq: number): Promise<void> {
  const column = by === 'visitor' ? 'visitor_read_seq' : 'advisor_read_seq';
  await dataSource.query(`UPDATE conversation SET ${column} = greatest(${column}, $2) WHERE id = $1`, [conversationId, seq]);
  realtime.toConversation(conversationId, 'chat:read', { conversationId, by, seq });
}
