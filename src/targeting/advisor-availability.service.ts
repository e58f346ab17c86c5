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

interface ConversationSchema {
  hasTable: boolean;
  /** The conversation column naming the advisor handling it, when conversations are assigned to advisors. */
  advisorColumn: string | null;
  checkedAt: number;
}

const SCHEMA_RECHECK_MS = 60_000;
const ADVISOR_COLUMNS = ['advisor_id', 'assigned_advisor_id'];

/**
 * Who can take a chat right now: an advisor online, on the chat channel, not disabled, under their
 * `maxConcurrentChats`, and holding the rule's skill. Load counts the advisor's open conversations when the
 * conversation table records an advisor; until it does, capacity means `maxConcurrentChats > 0` only.
 * Always called inside the caller's transaction, through its manager.
 */
@Injectable()
export class AdvisorAvailabilityService {
  private schema: ConversationSchema | undefined;

  async snapshot(manager: EntityManager): Promise<(skill?: string) => boolean> {
    const { advisors } = await this.sqlFragments(manager);
    const [row] = await manager.query(`SELECT ${advisors} AS advisors`);
    return availabilityOf(row.advisors);
  }

  /** Whether the visit has a conversation that is not closed (no proactive action then). */
  async conversationOpen(manager: EntityManager, visitId: string): Promise<boolean> {
    if (!(await this.conversationSchema(manager)).hasTable) return false;
    const { conversationOpen } = await this.sqlFragments(manager);
    const [row] = await manager.query(`SELECT ${conversationOpen('$1::uuid')} AS open`, [visitId]);
    return row.open === true;
  }

  /**
   * The same two questions as SQL expressions, so the event endpoint asks them in the query that locks the
   * visit: `advisors` is a JSON array of free chat advisors, `conversationOpen(visitIdExpr)` a boolean.
   */
  async sqlFragments(manager: EntityManager): Promise<{ advisors: string; conversationOpen: (visitIdExpr: string) => string }> {
    const schema = await this.conversationSchema(manager);
    const load = schema.advisorColumn ? `(SELECT count(*)::int FROM conversation c WHERE c.${schema.advisorColumn} = a.id AND c.state <> 'closed')` : '0';
    return {
      advisors: `(SELECT coalesce(json_agg(json_build_object('skills', a.skills, 'capacity', a.max_concurrent_chats, 'load', ${load})), '[]'::json)
                    FROM advisor a
                   WHERE a.presence = 'online' AND a.disabled_at IS NULL AND 'chat' = ANY(a.channels) AND a.max_concurrent_chats > 0)`,
      conversationOpen: (visitIdExpr) => (schema.hasTable ? `EXISTS (SELECT 1 FROM conversation cv WHERE cv.visit_id = ${visitIdExpr} AND cv.state <> 'closed')` : 'false'),
    };
  }

  private async conversationSchema(manager: EntityManager): Promise<ConversationSchema> {
    if (this.schema && Date.now() - this.schema.checkedAt < SCHEMA_RECHECK_MS) return this.schema;
    const columns: { column_name: string }[] = await manager.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'conversation'`,
    );
    const names = new Set(columns.map((c) => c.column_name));
    this.schema = {
      hasTable: names.has('visit_id') && names.has('state'),
      advisorColumn: names.has('state') ? (ADVISOR_COLUMNS.find((c) => names.has(c)) ?? null) : null,
      checkedAt: Date.now(),
    };
    return this.schema;
  }
}
