import type { CountKey } from './engagement-figures';

// The SQL of the engagement report, one statement per family of figures. Each reads other modules' tables
// through their indexes (see migrations/*-IndexEngagementAnalytics.ts) and returns one row per group key.

export const GROUP_BY = ['day', 'rule', 'channel', 'route'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
/** `none`: one row, for the totals of a family the grouping does not split. */
export type Dimension = GroupBy | 'none';

/** The period and what the statements need besides it. */
export interface QueryPeriod {
  from: Date;
  to: Date;
  now: Date;
  attributionDays: number;
}

/** How a family computes its group key: an SQL expression, and the join it needs. */
interface GroupKey {
  expr: string;
  join?: string;
}

export interface Family {
  name: string;
  /** Result columns (snake_case) and the count each fills. */
  columns: Partial<Record<CountKey, string>>;
  /** The dimensions it splits, with their key; any other grouping only gets its totals. */
  keys: Partial<Record<Dimension, GroupKey>>;
  sql(key: GroupKey): string;
  params(p: QueryPeriod): unknown[];
}

const utcDay = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
const NONE: GroupKey = { expr: 'NULL::text' };
/** The traffic source of the visit a row belongs to (`direct`, a search engine, a campaign's utm_source, a referring host). */
const channelOf = (visitId: string): GroupKey => ({ expr: 'cv.referrer_source', join: `LEFT JOIN visit cv ON cv.id = ${visitId}` });
const range = (p: QueryPeriod) => [p.from, p.to];

const visits: Family = {
  name: 'visits',
  columns: { visits: 'visits' },
  keys: { none: NONE, day: { expr: utcDay('v.started_at') }, channel: { expr: 'v.referrer_source' } },
  sql: (key) => `SELECT ${key.expr} AS key, count(*) AS visits FROM visit v WHERE v.started_at >= $1 AND v.started_at < $2 GROUP BY 1`,
  params: range,
};

/** Proposals (targeting actions) shown in the period, and the control group held out of them. */
const proposals: Family = {
  name: 'proposals',
  columns: {
    proposalsShown: 'shown',
    proposalsAccepted: 'accepted',
    proposalsDeclined: 'declined',
    proposalsDismissed: 'dismissed',
    shownConverted: 'shown_converted',
    controlHeldOut: 'control',
    controlConverted: 'control_converted',
  },
  keys: { none: NONE, day: { expr: utcDay('a.shown_at') }, rule: { expr: 'a.rule_id::text' }, channel: channelOf('a.visit_id') },
  sql: (key) => `
    SELECT ${key.expr} AS key,
           count(*) FILTER (WHERE NOT a.control) AS shown,
           count(*) FILTER (WHERE NOT a.control AND a.response = 'accepted') AS accepted,
           count(*) FILTER (WHERE NOT a.control AND a.response = 'declined') AS declined,
           count(*) FILTER (WHERE NOT a.control AND a.response = 'dismissed') AS dismissed,
           count(*) FILTER (WHERE NOT a.control AND a.converted_at IS NOT NULL) AS shown_converted,
           count(*) FILTER (WHERE a.control) AS control,
           count(*) FILTER (WHERE a.control AND a.converted_at IS NOT NULL) AS control_converted
      FROM targeting_action a ${key.join ?? ''}
     WHERE a.shown_at >= $1 AND a.shown_at < $2
     GROUP BY 1`,
  params: range,
};

/**
 * Chats started in the period: conversations in which the visitor wrote (a widget opened and left silent is no chat).
 * From a proposal: the visit had accepted a proposal shown before the chat started; the widget answers the proposal
 * and opens the chat at once, so the answer may be written up to a minute after the conversation.
 */
const chats: Family = {
  name: 'chats',
  columns: {
    chats: 'chats',
    chatsFromProposal: 'from_proposal',
    chatsReactive: 'reactive',
    botResolved: 'bot_resolved',
    helpfulYes: 'helpful_yes',
    helpfulNo: 'helpful_no',
    escalations: 'escalations',
    escalationsHuman: 'escalations_human',
    escalationsCallback: 'escalations_callback',
    escalationsCall: 'escalations_call',
    escalationsStore: 'escalations_store',
    humanChats: 'human_chats',
  },
  keys: {
    none: NONE,
    day: { expr: utcDay('c.created_at') },
    rule: { expr: 'c.proposal_rule_id::text' },
    channel: channelOf('c.visit_id'),
    route: { expr: 'CASE WHEN c.escalated_at IS NOT NULL THEN c.escalation_route END' },
  },
  sql: (key) => `
    WITH c AS (
      SELECT c.id, c.visit_id, c.created_at, c.escalation_route, c.escalated_at, c.assigned_at, f.yes_count, f.no_count,
             (SELECT a.rule_id FROM targeting_action a
               WHERE a.visit_id = c.visit_id AND a.shown_at <= c.created_at AND NOT a.control
                 AND a.response = 'accepted' AND a.responded_at <= c.created_at + interval '1 minute'
               ORDER BY a.responded_at DESC LIMIT 1) AS proposal_rule_id,
             EXISTS (SELECT 1 FROM conversation_message m WHERE m.conversation_id = c.id AND m.author = 'bot' AND m.action = 'answer') AS answered
        FROM conversation c
        CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE f.helpful) AS yes_count, count(*) FILTER (WHERE NOT f.helpful) AS no_count
                              FROM answer_feedback f WHERE f.conversation_id = c.id) f
       WHERE c.created_at >= $1 AND c.created_at < $2
         AND EXISTS (SELECT 1 FROM conversation_message m WHERE m.conversation_id = c.id AND m.author = 'visitor'))
    SELECT ${key.expr} AS key,
           count(*) AS chats,
           count(*) FILTER (WHERE c.proposal_rule_id IS NOT NULL) AS from_proposal,
           count(*) FILTER (WHERE c.proposal_rule_id IS NULL) AS reactive,
           -- Resolved by the bot: it answered, nobody was asked for, and no answer was rated unhelpful.
           count(*) FILTER (WHERE c.answered AND c.escalated_at IS NULL AND c.assigned_at IS NULL AND c.no_count = 0) AS bot_resolved,
           coalesce(sum(c.yes_count), 0) AS helpful_yes,
           coalesce(sum(c.no_count), 0) AS helpful_no,
           count(*) FILTER (WHERE c.escalated_at IS NOT NULL) AS escalations,
           count(*) FILTER (WHERE c.escalated_at IS NOT NULL AND c.escalation_route = 'human') AS escalations_human,
           count(*) FILTER (WHERE c.escalated_at IS NOT NULL AND c.escalation_route = 'callback') AS escalations_callback,
           count(*) FILTER (WHERE c.escalated_at IS NOT NULL AND c.escalation_route = 'call') AS escalations_call,
           count(*) FILTER (WHERE c.escalated_at IS NOT NULL AND c.escalation_route = 'store') AS escalations_store,
           count(*) FILTER (WHERE c.assigned_at IS NOT NULL) AS human_chats
      FROM c ${key.join ?? ''}
     GROUP BY 1`,
  params: range,
};

/** Callbacks whose slot starts in the period (as `GET /api/v1/analytics/callbacks`): kept when the first attempt came by the promised time. */
const callbacks: Family = {
  name: 'callbacks',
  columns: { callbacksBooked: 'booked', callbacksDue: 'due', callbacksKeptWithinPromise: 'kept' },
  keys: { none: NONE, day: { expr: utcDay('cb.slot_start') }, channel: channelOf('cb.visit_id'), route: { expr: `'callback'` } },
  sql: (key) => `
    SELECT ${key.expr} AS key,
           count(*) AS booked,
           -- Only callbacks with an attempt, or whose promise has passed, can be judged.
           count(*) FILTER (WHERE cb.first_outcome_at IS NOT NULL OR cb.promised_by < $3) AS due,
           count(*) FILTER (WHERE cb.first_outcome_at IS NOT NULL AND cb.first_outcome_at <= cb.promised_by) AS kept
      FROM callback cb ${key.join ?? ''}
     WHERE cb.slot_start >= $1 AND cb.slot_start < $2
     GROUP BY 1`,
  params: (p) => [p.from, p.to, p.now],
};

/** Store appointments booked in the period, whatever became of them. */
const appointments: Family = {
  name: 'appointments',
  columns: { appointments: 'appointments' },
  keys: { none: NONE, day: { expr: utcDay('ap.created_at') }, channel: channelOf('ap.visit_id'), route: { expr: `'store'` } },
  sql: (key) => `SELECT ${key.expr} AS key, count(*) AS appointments FROM appointment ap ${key.join ?? ''} WHERE ap.created_at >= $1 AND ap.created_at < $2 GROUP BY 1`,
  params: range,
};

/**
 * Purchases in the period (one per order and site). Attributed when the visitor took up an engagement in the window
 * before it: accepted a proposal or chatted (wrote in a conversation). Otherwise "after shown only" when a proposal
 * was shown to them in that window. Per rule, a sale goes to the last proposal accepted, else the last shown.
 */
const sales: Family = {
  name: 'sales',
  columns: {
    sales: 'sales',
    revenue: 'revenue',
    salesAttributed: 'sales_attributed',
    revenueAttributed: 'revenue_attributed',
    salesAfterShownOnly: 'sales_shown_only',
    revenueAfterShownOnly: 'revenue_shown_only',
  },
  keys: {
    none: NONE,
    day: { expr: utcDay('s.at') },
    rule: { expr: 'CASE WHEN s.accepted_rule_id IS NOT NULL THEN s.accepted_rule_id::text WHEN NOT s.chatted THEN s.shown_rule_id::text END' },
    channel: { expr: 's.referrer_source' },
  },
  sql: (key) => `
    WITH p AS (
      SELECT DISTINCT ON (v.site_id, e.data ->> 'orderId') e.received_at AS at, v.site_id, v.visitor_id, v.referrer_source,
             (e.data ->> 'amount')::numeric AS amount, e.received_at - make_interval(days => $3::int) AS window_start
        FROM visit_event e JOIN visit v ON v.id = e.visit_id
       WHERE e.type = 'purchase' AND e.received_at >= $1 AND e.received_at < $2
       ORDER BY v.site_id, e.data ->> 'orderId', e.received_at),
    s AS (
      SELECT p.*,
             (SELECT a.rule_id FROM targeting_action a
               WHERE a.site_id = p.site_id AND a.visitor_id = p.visitor_id AND a.response = 'accepted'
                 AND a.responded_at >= p.window_start AND a.responded_at <= p.at
               ORDER BY a.responded_at DESC LIMIT 1) AS accepted_rule_id,
             EXISTS (SELECT 1 FROM conversation c
                      WHERE c.site_id = p.site_id AND c.visitor_id = p.visitor_id AND c.created_at >= p.window_start AND c.created_at <= p.at
                        AND EXISTS (SELECT 1 FROM conversation_message m WHERE m.conversation_id = c.id AND m.author = 'visitor' AND m.created_at <= p.at)) AS chatted,
             (SELECT a.rule_id FROM targeting_action a
               WHERE a.site_id = p.site_id AND a.visitor_id = p.visitor_id AND NOT a.control
                 AND a.shown_at >= p.window_start AND a.shown_at <= p.at
               ORDER BY a.shown_at DESC LIMIT 1) AS shown_rule_id
        FROM p)
    SELECT ${key.expr} AS key,
           count(*) AS sales,
           coalesce(sum(s.amount), 0) AS revenue,
           count(*) FILTER (WHERE s.accepted_rule_id IS NOT NULL OR s.chatted) AS sales_attributed,
           coalesce(sum(s.amount) FILTER (WHERE s.accepted_rule_id IS NOT NULL OR s.chatted), 0) AS revenue_attributed,
           count(*) FILTER (WHERE s.accepted_rule_id IS NULL AND NOT s.chatted AND s.shown_rule_id IS NOT NULL) AS sales_shown_only,
           coalesce(sum(s.amount) FILTER (WHERE s.accepted_rule_id IS NULL AND NOT s.chatted AND s.shown_rule_id IS NOT NULL), 0) AS revenue_shown_only
      FROM s
     GROUP BY 1`,
  params: (p) => [p.from, p.to, p.attributionDays],
};

export const FAMILIES: readonly Family[] = [visits, proposals, chats, callbacks, appointments, sales];
