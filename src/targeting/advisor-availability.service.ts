import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ChatAdvisor {
  skills: string[];
  capacity: number;
  load: number;
}

/** Is an advisor with free capacity (and this skill, when given) there? */
export function availabilityOf(advisors: ChatAdvisor[]): (skill?: string) => boolean {
  const free = advisors.filter((a) => a.load < a.capacity);
  return (skill) => free.some((a) => skill === undefined || a.skills.includes(skill));
}

/** The free chat advisors as a JSON array of `ChatAdvisor`: an SQL expression. */
export const FREE_CHAT_ADVISORS_SQL = `(SELECT coalesce(json_agg(json_build_object('skills', a.skills, 'capacity', a.max_concurrent_chats,
                                                    'load', (SELECT count(*)::int FROM conversation c WHERE c.advisor_id = a.id AND c.state <> 'closed'))), '[]'::json)
                                          FROM advisor a
                                         WHERE a.presence = 'online' AND a.disabled_at IS NULL AND 'chat' = ANY(a.channels) AND a.max_concurrent_chats > 0)`;

/** Whether the visit `visitIdExpr` has a conversation that is not closed (no proactive action then): an SQL expression. */
export const conversationOpenSql = (visitIdExpr: string) => `EXISTS (SELECT 1 FROM conversation cv WHERE cv.visit_id = ${visitIdExpr} AND cv.state <> 'closed')`;

/**
 * Who can take a chat right now: an advisor online, on the chat channel, not disabled, under their
 * `maxConcurrentChats` (counting their open conversations), and holding the rule's skill. The event
 * endpoint asks the same questions in the query that reads the visit, through the SQL above.
 */
@Injectable()
export class AdvisorAvailabilityService {
  async snapshot(manager: EntityManager): Promise<(skill?: string) => boolean> {
    const [row] = await manager.query(`SELECT ${FREE_CHAT_ADVISORS_SQL} AS advisors`);
    return availabilityOf(row.advisors);
  }

  async conversationOpen(manager: EntityManager, visitId: string): Promise<boolean> {
    const [row] = await manager.query(`SELECT ${conversationOpenSql('$1::uuid')} AS open`, [visitId]);
    return row.open === true;
  }
}
