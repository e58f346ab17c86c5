import type { DataSource } from 'typeorm';
import { Conversation } from '../../src/conversations/conversation.entity';
import { TEST_SITE_KEY } from '../setup/test-database';
import { unique } from '../utils/test-app';

/**
 * Inserts a conversation row in the state a test needs (e.g. `with_human` for an advisor, or offered to one)
 * without playing the whole bot, escalation and offer flow the live-chat suite covers.
 */
export async function createConversation(ds: DataSource, overrides: Partial<Conversation> = {}): Promise<Conversation> {
  const [{ id: siteId }] = (await ds.query('SELECT id FROM site WHERE site_key = $1', [TEST_SITE_KEY])) as { id: string }[];
  return ds.getRepository(Conversation).save({
    siteId,
    visitorId: `visitor-${unique()}`,
    locale: 'fr',
    state: 'bot',
    consecutiveFallbacks: 0,
    visitorReadSeq: 0,
    advisorReadSeq: 0,
    ...overrides,
  });
}
