import type { AdvisorSeat } from '../../availability/advisor-availability';
import { ADVISOR_SEATS_SQL } from '../../availability/advisor-seats.sql';
import { openConversationSql } from '../../conversations/open-conversation.sql';
import type { VisitTargetingState } from '../../targeting/targeting-decisions.service';
import type { TrackingEvent } from '../tracking-event';
import type { Visit } from '../visit.entity';

// The two statements of an event batch: one read of everything the decision needs, one write of everything it
// decided, shared by the batches of several visits. A visit's write only applies if its row is still the
// version read (`xmin` changes with every update of the row, by any code), so concurrent batches never
// overwrite each other and no lock spans the decision.

/** The CTE member of the write holding the updated visit's id: empty when the row changed since the read. */
export const WRITTEN_VISIT = 'u';

/** The row the batch reads. */
export interface BatchRow {
  id: string;
  site_id: string;
  visitor_id: string;
  customer_id: string | null;
  visit_number: number;
  started_at: Date;
  referrer_source: string;
  country: string | null;
  device_type: string;
  event_count: number;
  purchased_at: Date | null;
  context: Visit['context'];
  targeting: VisitTargetingState;
  tags: string[] | null;
  lifetime_value: string | null;
  segment: string | null;
  erased_at: Date | null;
  advisors: AdvisorSeat[];
  conversation_open: boolean;
  row_version: string;
  /** The batch's client event ids this visit already stored; null when the batch has none. */
  seen_ids: string[] | null;
}

/**
 * Reads visits with their customer, the free advisors and whether a conversation is open: `$1` is the visit
 * ids, `$2` a JSON object of the client event ids to check per visit id. `lock` takes the row locks (inside a
 * transaction).
 */
export function batchReadSql(options: { lock: boolean }): string {
  return `SELECT v.id, v.site_id, v.visitor_id, v.customer_id, v.visit_number, v.started_at, v.referrer_source, v.country, v.device_type,
                 v.event_count, v.purchased_at, v.context, v.targeting, v.xmin::text AS row_version,
                 c.tags, c.lifetime_value, c.attributes ->> 'segment' AS segment, c.erased_at,
                 ${ADVISOR_SEATS_SQL} AS advisors, ${openConversationSql('v.id')} AS conversation_open,
                 CASE WHEN $2::jsonb ? v.id::text THEN
                   (SELECT coalesce(array_agg(e.client_event_id), '{}') FROM visit_event e
                     WHERE e.visit_id = v.id AND e.client_event_id IS NOT NULL
                       AND e.client_event_id IN (SELECT jsonb_array_elements_text($2::jsonb -> v.id::text)))
                 END AS seen_ids
            FROM visit v LEFT JOIN customer c ON c.id = v.customer_id
           WHERE v.id = ANY($1::uuid[])${options.lock ? ' FOR UPDATE OF v' : ''}`;
}

/** The parameters of `batchReadSql`: each request's visit and the client ids of its events. */
export function batchReadParams(requests: readonly { visitId: string; clientIds: readonly string[] }[]): unknown[] {
  const clientIds: Record<string, string[]> = {};
  for (const r of requests) if (r.clientIds.length) (clientIds[r.visitId] ??= []).push(...r.clientIds);
  return [[...new Set(requests.map((r) => r.visitId))], JSON.stringify(clientIds)];
}

/** The raw event row: what the event says besides its type, client id and client time. */
function eventRow(visitId: string, receivedAt: string, event: TrackingEvent) {
  const { type, id, at, ...data } = event as TrackingEvent & Record<string, unknown>;
  return { visitId, id: id ?? null, type, data, at: at ? new Date(at).toISOString() : null, receivedAt };
}

/** What one batch writes, decided from its read. */
export interface BatchWrite {
  visitId: string;
  /** The visit row's `xmin` at the read. */
  rowVersion: string;
  now: Date;
  context: Visit['context'];
  targeting: VisitTargetingState;
  /** The events not received before, stored raw and counted. */
  events: TrackingEvent[];
  purchasedAt: Date | null;
  /** `targeting_action` rows, see `TargetingDecisionsService.actionRows`. */
  actions: object[];
  /** A `targeting_action` conversion row when the batch holds a purchase, see `TargetingDecisionsService.purchaseRow`. */
  purchase?: object;
  /** `targeting_decision` rows, see `TargetingDecisionsService.decisionRows`. */
  decisions?: object[];
}

export interface TargetingWriteSql {
  /** INSERT of the action rows in the JSON array `rowsParam`, for the visits in the CTE member `written`. */
  actionInsertSql(rowsParam: string, written: string): string;
  /** UPDATE converting actions for the purchase rows in `rowsParam`, for the visits in `written`. */
  purchaseUpdateSql(rowsParam: string, written: string): string;
  /** INSERT of the decision rows in `rowsParam`, for the visits in `written`. */
  decisionInsertSql(rowsParam: string, written: string): string;
}

/**
 * One statement for the batches of several visits (one batch per visit): the visits still at the version
 * they were read at are updated, and only their events, actions and conversions go in. Its rows are the ids
 * of the visits written. The text does not depend on the batches, so it is prepared once per connection.
 */
export function batchWriteSql(targeting: TargetingWriteSql): string {
  return `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb)
                       AS x(id uuid, version xid, context jsonb, targeting jsonb, events int, "purchasedAt" timestamptz, now timestamptz)),
       ${WRITTEN_VISIT} AS (UPDATE visit v SET context = x.context, targeting = x.targeting, last_event_at = x.now, event_count = v.event_count + x.events,
                                  purchased_at = x."purchasedAt", updated_at = now()
                             FROM x WHERE v.id = x.id AND v.xmin = x.version RETURNING v.id),
       e AS (INSERT INTO visit_event (visit_id, client_event_id, type, data, client_at, received_at)
             SELECT r."visitId", r.id, r.type, r.data, r.at, r."receivedAt"
               FROM jsonb_to_recordset($2::jsonb) AS r("visitId" uuid, id text, type text, data jsonb, at timestamptz, "receivedAt" timestamptz)
               JOIN ${WRITTEN_VISIT} ON ${WRITTEN_VISIT}.id = r."visitId"),
       a AS (${targeting.actionInsertSql('$3', WRITTEN_VISIT)}),
       p AS (${targeting.purchaseUpdateSql('$4', WRITTEN_VISIT)}),
       d AS (${targeting.decisionInsertSql('$5', WRITTEN_VISIT)})
  SELECT id FROM ${WRITTEN_VISIT}`;
}

/** The parameters of `batchWriteSql` for these batches. */
export function batchWriteParams(writes: readonly BatchWrite[]): unknown[] {
  const visits = writes.map((w) => ({
    id: w.visitId,
    version: w.rowVersion,
    context: w.context,
    targeting: w.targeting,
    events: w.events.length,
    purchasedAt: w.purchasedAt,
    now: w.now,
  }));
  const events = writes.flatMap((w) => {
    const receivedAt = w.now.toISOString();
    return w.events.map((e) => eventRow(w.visitId, receivedAt, e));
  });
  const actions = writes.flatMap((w) => w.actions);
  const purchases = writes.flatMap((w) => (w.purchase ? [w.purchase] : []));
  const decisions = writes.flatMap((w) => w.decisions ?? []);
  return [JSON.stringify(visits), JSON.stringify(events), JSON.stringify(actions), JSON.stringify(purchases), JSON.stringify(decisions)];
}
