import { eventBatchDuration, secondsSince, targetingDecisionDuration } from '../metrics/metrics';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { TokensService } from '../auth/tokens.service';
import { DOMAIN_EVENTS, domainEvent } from '../common/domain-events';
import { PersonalDataRegistry } from '../customers/privacy/personal-data.registry';
import { deleteOlderThan } from '../database/delete-older-than';
import { JobsService } from '../jobs/jobs.service';
import { Clock } from '../targeting/clock';
import { DecisionRecordsService } from '../targeting/decision-records.service';
import { TargetingAction } from '../targeting/targeting-action.entity';
import { chatAvailability } from '../availability/advisor-availability';
import { emptyTargetingState, TargetingDecisionsService, type VisitRef, type VisitTargetingState } from '../targeting/targeting-decisions.service';
import type { CompiledRule } from '../targeting/engine/rule-compiler';
import { TargetingRulesService } from '../targeting/targeting-rules.service';
import type { ActionResponse } from '../targeting/targeting-action.entity';
import { ActionResponseResultDto, StartVisitDto, StartVisitResponseDto, VisitEventsResponseDto } from './dto/visit.dto';
import { VisitDecisionsResponseDto, VisitResponseDto } from './dto/visit-view.dto';
import { parseTrafficOrigin } from './referrer-parser';
import { invalidEvents, visitNotFound } from './tracking.errors';
import { validateEventsBody, type TrackingEvent } from './tracking-event';
import { batchReadParams, batchReadSql, batchWriteParams, type BatchRow, type BatchWrite } from './event-batch/event-batch.sql';
import { EventBatchReader } from './event-batch/event-batch-reader';
import { EventBatchWriter } from './event-batch/event-batch-writer';
import { TrackingSettings } from './tracking.settings';
import { applyEvent, buildFacts, newVisitContext, originOf } from './visit-context';
import { Visit } from './visit.entity';
import { VisitEvent } from './visit-event.entity';
import { countryOf, deviceTypeOf } from './visitor-environment';
import { VisitorIdentityService } from './identity/visitor-identity.service';

const LOCKED_READ = batchReadSql({ lock: true });

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

const toVisitResponse = (v: Visit): VisitResponseDto => ({
  id: v.id,
  siteId: v.siteId,
  visitorId: v.visitorId,
  customerId: v.customerId,
  visitNumber: v.visitNumber,
  startedAt: v.startedAt,
  lastEventAt: v.lastEventAt,
  landingUrl: v.landingUrl,
  referrerSource: v.referrerSource,
  referrerKeywords: v.context.referrerKeywords ?? [],
  utm: v.context.utm ?? {},
  country: v.country,
  deviceType: v.deviceType,
  eventCount: v.eventCount,
  pageViews: v.context.pageViews,
  currentUrl: v.context.currentUrl,
  cartValue: v.context.cartValue,
  cartItems: v.context.cartCount,
  pages: Object.entries(v.context.pageCounts ?? {})
    .map(([path, views]) => ({ path, views }))
    .sort((a, b) => b.views - a.views),
  product: v.context.product ?? null,
  cart: v.context.cart ?? [],
  purchasedAt: v.purchasedAt,
});

const toBatchVisit = (r: BatchRow): Visit =>
  Object.assign(new Visit(), {
    id: r.id,
    siteId: r.site_id,
    visitorId: r.visitor_id,
    customerId: r.customer_id,
    visitNumber: r.visit_number,
    startedAt: r.started_at,
    referrerSource: r.referrer_source,
    country: r.country,
    deviceType: r.device_type,
    eventCount: r.event_count,
    purchasedAt: r.purchased_at,
    context: r.context,
    targeting: r.targeting,
  });

const refOf = (v: Visit): VisitRef => ({ visitId: v.id, siteId: v.siteId, visitorId: v.visitorId });

const stateOf = (v: Visit): VisitTargetingState => ({ ...emptyTargetingState(), ...v.targeting });

/** Visits and their events: the context targeting reads, folded from event batches that never overwrite each other. */
@Injectable()
export class VisitsService implements OnModuleInit {
  private readonly logger = new Logger(VisitsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
    private readonly clock: Clock,
    private readonly identity: VisitorIdentityService,
    private readonly decisions: TargetingDecisionsService,
    private readonly rules: TargetingRulesService,
    private readonly personalData: PersonalDataRegistry,
    private readonly jobs: JobsService,
    private readonly settings: TrackingSettings,
    private readonly reader: EventBatchReader,
    private readonly writer: EventBatchWriter,
    private readonly records: DecisionRecordsService,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    this.personalData.register({
      name: 'visits',
      export: async (customerId, m) => {
        const visits = await m.find(Visit, { where: { customerId }, order: { startedAt: 'ASC' } });
        const events = visits.length ? await m.find(VisitEvent, { where: { visitId: In(visits.map((v) => v.id)) }, order: { receivedAt: 'ASC' } }) : [];
        return visits.map((v) => ({
          ...toVisitResponse(v),
          events: events.filter((e) => e.visitId === v.id).map((e) => ({ type: e.type, data: e.data, receivedAt: e.receivedAt })),
        }));
      },
      // The visits and their events go; what targeting showed stays as anonymous counts.
      erase: async (customerId, m) => {
        await m.query(`UPDATE targeting_action SET visitor_id = NULL WHERE visit_id IN (SELECT id FROM visit WHERE customer_id = $1)`, [customerId]);
        return (await m.delete(Visit, { customerId })).affected ?? 0;
      },
      move: async (fromId, toId, m) => {
        const rows: { id: string }[] = await m
          .createQueryBuilder()
          .update(Visit)
          .set({ customerId: toId })
          .where('customer_id = :fromId', { fromId })
          .returning('id')
          .execute()
          .then((r) => r.raw);
        return rows.map((r) => r.id);
      },
      moveBack: async (ids, toId, m) => {
        if (ids.length) await m.update(Visit, { id: In(ids) }, { customerId: toId });
      },
    });
    this.jobs.registerSweep('tracking-event-retention', this.settings.retentionSweepEveryMs, () => this.deleteExpiredEvents().then(() => undefined));
  }

  async start(siteId: string, dto: StartVisitDto, client: ClientInfo): Promise<StartVisitResponseDto> {
    const now = this.clock.now();
    const visitorId = dto.visitorId ?? randomUUID();
    const origin = parseTrafficOrigin(dto.url, dto.referrer);
    const customerId = await this.identity.resolve(siteId, dto.identityToken, now);
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM visit WHERE site_id = $1 AND visitor_id = $2`, [siteId, visitorId]);
    const visit = await this.dataSource.getRepository(Visit).save({
      siteId,
      visitorId,
      customerId,
      visitNumber: count + 1,
      startedAt: now,
      lastEventAt: now,
      landingUrl: dto.url,
      referrer: dto.referrer ?? null,
      referrerSource: origin.source,
      country: countryOf(client.ip),
      deviceType: deviceTypeOf(client.userAgent),
      context: { ...newVisitContext(dto.url, now), referrerKeywords: origin.keywords, utm: origin.utm },
      targeting: emptyTargetingState(),
    });
    return { visitId: visit.id, visitToken: this.tokens.signVisit(visit.id, visitorId, siteId), visitorId };
  }

  /**
   * One batch: read the visit and what the decision needs, decide, then write the visit, its events and
   * actions in one statement that applies only if the visit is unchanged since the read. No lock is held
   * while deciding; a batch that loses a race with another batch for the same visit is redone under the
   * visit's row lock, where it cannot lose, so concurrent batches add up. A batch whose events carry client
   * ids skips the ones already received.
   */
  async track(visitId: string, body: unknown): Promise<VisitEventsResponseDto> {
    const checked = validateEventsBody(body);
    if ('errors' in checked) throw invalidEvents(checked.errors);
    const seen = new Set<string>();
    const events = checked.events.filter((e) => e.id === undefined || (!seen.has(e.id) && seen.add(e.id)));
    // Loaded outside any transaction: a reload inside one could wait for the embedded database's only connection.
    const rules = await this.rules.compiled();
    // Published once the batch is committed, whichever path wrote it.
    const committed: (() => Promise<void>)[] = [];
    const start = performance.now();
    const response =
      (await this.trackOnce(visitId, events, rules, committed)) ?? (await this.dataSource.transaction(async (m) => (await this.trackOnce(visitId, events, rules, committed, m))!));
    eventBatchDuration.observe(secondsSince(start));
    // The batch is stored: a failed publication is logged, not answered as a failed batch the widget would send again.
    for (const publish of committed) await publish().catch((error: unknown) => this.logger.error({ err: error, visitId }, 'purchase.attributed not published'));
    return response;
  }

  /**
   * Undefined when the batch could not be written as read (see `EventBatchWriter.write`); never when run
   * `lockedIn` a transaction, where the visit's row lock keeps it as read until the write.
   */
  private async trackOnce(
    visitId: string,
    events: TrackingEvent[],
    rules: readonly CompiledRule[],
    committed: (() => Promise<void>)[],
    lockedIn?: EntityManager,
  ): Promise<VisitEventsResponseDto | undefined> {
    const clientIds = events.flatMap((e) => (e.id === undefined ? [] : [e.id]));
    const row = lockedIn ? await this.lockForBatch(lockedIn, visitId, clientIds) : await this.reader.read(visitId, clientIds);
    if (!row) throw visitNotFound(visitId);
    const visit = toBatchVisit(row);
    const now = this.clock.now();
    const received = new Set(row.seen_ids ?? []);
    const fresh = received.size ? events.filter((e) => e.id === undefined || !received.has(e.id)) : events;
    for (const event of fresh) applyEvent(visit.context, event, now);
    const purchase = fresh.some((e) => e.type === 'purchase');
    if (purchase) visit.purchasedAt ??= now;
    const customer =
      row.customer_id && !row.erased_at ? { tags: row.tags ?? [], lifetimeValue: Number(row.lifetime_value ?? 0), ...(row.segment !== null && { segment: row.segment }) } : null;
    const facts = buildFacts(visit.context, originOf(visit), customer, now);
    const state = stateOf(visit);
    const ref = refOf(visit);
    const deciding = performance.now();
    const decision = this.decisions.decideForBatch(rules, ref, facts, state, now, { available: chatAvailability(row.advisors), conversationOpen: row.conversation_open });
    targetingDecisionDuration.observe(secondsSince(deciding));

    const write: BatchWrite = {
      visitId: visit.id,
      rowVersion: row.row_version,
      now,
      context: visit.context,
      targeting: state,
      events: fresh,
      purchasedAt: visit.purchasedAt,
      actions: this.decisions.actionRows(ref, decision.writes, now),
      ...(purchase && { purchase: this.decisions.purchaseRow(ref, now) }),
      decisions: this.decisions.decisionRows(ref, decision.records, facts, now),
    };
    if (lockedIn) await lockedIn.query(this.writer.sql, batchWriteParams([write]));
    else if (!(await this.writer.write(write))) return undefined;
    this.decisions.countEvaluations(decision, now);
    if (purchase) committed.push(() => this.publishAttribution(ref, row.customer_id, fresh, now));
    const response: VisitEventsResponseDto = { actions: decision.actions };
    if (decision.nextCheckInSeconds !== undefined) response.nextCheckInSeconds = decision.nextCheckInSeconds;
    return response;
  }

  /** `purchase.attributed` when the purchase converted targeting actions (shown in this visit, or accepted before). */
  private async publishAttribution(ref: VisitRef, customerId: string | null, events: TrackingEvent[], at: Date): Promise<void> {
    const actions = await this.decisions.convertedBy(this.dataSource.manager, ref, at);
    if (!actions.length) return;
    const orders = events.flatMap((e) => (e.type === 'purchase' ? [{ orderId: e.orderId, amount: e.amount }] : []));
    const data = { visitId: ref.visitId, siteId: ref.siteId, visitorId: ref.visitorId, customerId, orders, actions };
    this.events.emit(DOMAIN_EVENTS.purchaseAttributed, domainEvent(DOMAIN_EVENTS.purchaseAttributed, data, at));
  }

  async respond(visitId: string, actionId: string, response: ActionResponse): Promise<ActionResponseResultDto> {
    const { result, visit, ruleId, type } = await this.dataSource.transaction(async (m) => {
      const visit = await this.lockVisit(m, visitId);
      const state = stateOf(visit);
      const action = await this.decisions.respond(m, visit.id, actionId, response, state, this.clock.now());
      await m.update(Visit, visit.id, { targeting: state });
      return { result: { id: action.id, response: action.response!, respondedAt: action.respondedAt! }, visit, ruleId: action.ruleId, type: action.type };
    });
    if (response === 'accepted') {
      const data = { visitId, actionId, ruleId, actionType: type, customerId: visit.customerId };
      this.events.emit(DOMAIN_EVENTS.targetingAccepted, domainEvent(DOMAIN_EVENTS.targetingAccepted, data, result.respondedAt));
    }
    return result;
  }

  async get(visitId: string): Promise<VisitResponseDto> {
    return toVisitResponse(await this.find(this.dataSource.manager, visitId));
  }

  /** The decisions recorded as they were made; every enabled rule evaluated now, with each condition's actual value; what was shown so far. */
  async explain(visitId: string): Promise<VisitDecisionsResponseDto> {
    const m = this.dataSource.manager;
    const visit = await this.find(m, visitId);
    const now = this.clock.now();
    const customer = visit.customerId ? await this.identity.customerFacts(m, visit.customerId) : null;
    const facts = buildFacts(visit.context, originOf(visit), customer, now);
    const { decision } = await this.decisions.explain(m, refOf(visit), facts, stateOf(visit), now);
    const history = await m.find(TargetingAction, { where: { visitId }, order: { shownAt: 'ASC', createdAt: 'ASC' } });
    const recorded = await this.records.forVisit(m, visitId);
    const names = await this.rules.namesOf([...decision.evaluations.map((e) => e.ruleId), ...history.map((h) => h.ruleId), ...recorded.map((r) => r.ruleId)]);
    const result: VisitDecisionsResponseDto = {
      visitId,
      decisions: recorded.map((r) => ({
        ruleId: r.ruleId,
        ruleName: names.get(r.ruleId) ?? null,
        decidedAt: r.decidedAt,
        outcome: r.outcome,
        action: r.action,
        reason: r.reason,
        facts: r.facts,
        conditions: r.conditions,
      })),
      evaluatedAt: now,
      facts: { ...facts },
      rules: decision.evaluations.map((e) => ({
        ruleId: e.ruleId,
        ruleName: names.get(e.ruleId) ?? null,
        matched: e.matched,
        outcome: e.outcome,
        ...(e.action !== undefined && { action: e.action }),
        ...(e.reason !== undefined && { reason: e.reason }),
        ...(e.explanation && { conditions: { passed: e.explanation.passed, leaves: e.explanation.leaves.map((l) => ({ ...l })) } }),
        ...(e.matchesInSeconds !== undefined && { matchesInSeconds: e.matchesInSeconds }),
      })),
      history: history.map((h) => ({
        id: h.id,
        ruleId: h.ruleId,
        ruleName: names.get(h.ruleId) ?? null,
        type: h.type,
        fallback: h.fallback,
        control: h.control,
        shownAt: h.shownAt,
        response: h.response,
        respondedAt: h.respondedAt,
        convertedAt: h.convertedAt,
      })),
    };
    if (decision.nextCheckInSeconds !== undefined) result.nextCheckInSeconds = decision.nextCheckInSeconds;
    return result;
  }

  /** Retention: raw events older than the setting go. */
  async deleteExpiredEvents(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.settings.eventRetentionDays * 24 * 3600 * 1000);
    const total = await deleteOlderThan(this.dataSource, 'visit_event', 'received_at', before);
    if (total) this.logger.log({ deleted: total, before }, 'Expired tracking events deleted');
    return total;
  }

  private async lockForBatch(m: EntityManager, visitId: string, clientIds: string[]): Promise<BatchRow | undefined> {
    const [row]: BatchRow[] = await m.query(LOCKED_READ, batchReadParams([{ visitId, clientIds }]));
    return row;
  }

  private async lockVisit(m: EntityManager, visitId: string): Promise<Visit> {
    const visit = await m.findOne(Visit, { where: { id: visitId }, lock: { mode: 'pessimistic_write' } });
    if (!visit) throw visitNotFound(visitId);
    return visit;
  }

  private async find(m: EntityManager, visitId: string): Promise<Visit> {
    const visit = await m.findOneBy(Visit, { id: visitId });
    if (!visit) throw visitNotFound(visitId);
    return visit;
  }
}
