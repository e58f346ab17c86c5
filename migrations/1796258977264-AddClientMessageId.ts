import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The id a chat client gives a message (`clientMessageId`), so that a message retried after a lost acknowledgement
 * is stored once: unique within its conversation.
 */
export class AddClientMessageId1796258977264 implements MigrationInterface {
  name = 'AddClientMessageId1796258977264';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversation_message ADD COLUMN client_message_id text`);
    await q.query(`CREATE UNIQUE INDEX conversation_message_client_id_idx ON conversation_message (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX conversation_message_client_id_idx`);
    await q.query(`ALTER TABLE conversation_message DROP COLUMN client_message_id`);
  }
}
