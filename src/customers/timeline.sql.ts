/**
 * The rows of a customer's timeline (`$1` is the customer id): recorded interactions, and the customer's chats and
 * website visits from their own tables, all as `(id, channel, type, occurred_at, summary, amount, data)`. Chats and
 * visits are not copied into `interaction`: they change after they start (a chat is escalated, a cart fills).
 */
export const TIMELINE_SOURCES = `
  SELECT i.id, i.channel, i.type, i.occurred_at, i.summary, i.amount, i.data
    FROM interaction i WHERE i.customer_id = $1
  UNION ALL
  SELECT c.id, 'chat', 'chat', c.created_at,
         CASE WHEN c.assigned_at IS NOT NULL THEN 'Chat with an advisor'
              WHEN c.escalated_at IS NOT NULL THEN 'Chat with the virtual agent, handed over to a person'
              ELSE 'Chat with the virtual agent' END,
         NULL,
         jsonb_build_object('conversationId', c.id, 'state', c.state, 'escalationReason', c.escalation_reason, 'lastIntent', c.last_intent, 'visitId', c.visit_id)
    FROM conversation c WHERE c.customer_id = $1
  UNION ALL
  SELECT v.id, 'web', 'visit', v.started_at,
         'Website visit: ' || coalesce(v.context ->> 'pageViews', '1') || ' page(s)' || CASE WHEN coalesce((v.context ->> 'cartValue')::numeric, 0) > 0 THEN ', cart ' || (v.context ->> 'cartValue') || ' EUR' ELSE '' END,
         NULL,
         jsonb_build_object('visitId', v.id, 'landingUrl', v.landing_url, 'pageViews', v.context -> 'pageViews', 'cartValue', v.context -> 'cartValue', 'product', v.context -> 'product', 'purchasedAt', v.purchased_at)
    FROM visit v WHERE v.customer_id = $1`;
