import type { EntityManager } from 'typeorm';

/** Whether the visit `visitIdExpr` has a conversation that is not closed: an SQL expression (the event batch reads it with the visit). */
export const openConversationSql = (visitIdExpr: string) => `EXISTS (SELECT 1 FROM conversation cv WHERE cv.visit_id = ${visitIdExpr} AND cv.state <> 'closed')`;

export async function hasOpenConversation(manager: EntityManager, visitId: string): Promise<boolean> {
  const [row] = (await manager.query(`SELECT ${openConversationSql('$1::uuid')} AS open`, [visitId])) as { open: boolean }[];
  return row.open === true;
}
