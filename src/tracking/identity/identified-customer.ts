import type { EntityManager } from 'typeorm';
import type { VisitorPrincipal } from '../../common/auth/principal';

/**
 * The customer the caller's visit was identified as by a signed identity token, if any. The visit token proves
 * which visit is calling; a visitor id alone is a browser cookie anyone can send, so it never names a customer.
 */
export async function identifiedCustomerOf(m: EntityManager, visitor: VisitorPrincipal): Promise<string | null> {
  if (!visitor.visitId || !visitor.visitorId) return null;
  const [row] = (await m.query(
    `SELECT c.id FROM visit v JOIN customer c ON c.id = v.customer_id
     WHERE v.id = $1 AND v.site_id = $2 AND v.visitor_id = $3 AND c.erased_at IS NULL AND c.merged_into_id IS NULL`,
    [visitor.visitId, visitor.siteId, visitor.visitorId],
  )) as { id: string }[];
  return row?.id ?? null;
}
