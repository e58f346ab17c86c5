import { EventEmitter2 } from '@nestjs/event-emitter';
import { DOMAIN_EVENTS, domainEvent } from '../../common/domain-events';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AdvisorPrincipal, VisitorPrincipal } from '../../common/auth/principal';
import { generateSlots, slotProblem } from '../../business-hours/business-hours';
import { badRequest, forbidden, unprocessable } from '../../common/domain-error';
import { keysetPage, mapPage, Page } from '../../common/pagination';
import { JobsService } from '../../jobs/jobs.service';
import { MailService } from '../../mail/mail.service';
import { takesCalls, type AdvisorSeat } from '../../availability/advisor-availability';
import { AdvisorSeatsService } from '../../availability/advisor-seats.service';
import { Callback, CallOutcome, OutcomeLogEntry } from './callback.entity';
import { AnalyticsRangeDto, CallbackListQueryDto, CallOutcomeDto, CreateCallbackDto, MAX_SLOT_DAYS, SlotQueryDto } from '../dto/escalation.dto';
import { EscalationContactsService, HandoffLookup, handoffOf, RequestHandoff } from '../escalation-contacts.service';
import { alreadyClosed, alreadyTaken, callbackNotFound, closedAt, notASlot, slotFull, slotInPast, slotTooFar } from '../escalations.errors';
import { AssignCallbackJob, assignCallbackJobId, ESCALATION_JOBS, ESCALATIONS_QUEUE, MAX_JOB_DELAY_MS } from '../escalations.queue';
import { describeSlot } from '../texts/slot-text';
import { callbackBookedData, callbackMissedData } from '../escalation-events';
import { Team } from '../team.entity';
import { scheduleOf, TeamsService } from '../teams.service';
import { requestOrigin } from '../visitor-request.entity';
import { visitorTexts } from '../texts/visitor-texts';

/** A no-answer is tried once more, this long after the first attempt. */
export const CALLBACK_RETRY_MINUTES = 20;
export const CALLBACK_MAX_ATTEMPTS = 2;
const SWEEP_EVERY_MS = 15_000;
const DAY_MS = 86_400_000;

export interface SlotResponse {
  start: string;
  end: string;
  remaining: number;
}

export interface CallbackBookingResponse {
  id: string;
  status: string;
  slotStart: Date;
  slotEnd: Date;
  promisedBy: Date;
  timeZone: string;
  message: string;
  confirmationMailed: boolean;
}

export interface CallbackResponse {
  id: string;
  status: string;
  phone: string | null;
  email: string | null;
  note: string | null;
  slotStart: Date;
  slotEnd: Date;
  promisedBy: Date;
  dueAt: Date;
  attempts: number;
  advisorId: string | null;
  assignedAt: Date | null;
  outcome: CallOutcome | null;
  outcomeLog: OutcomeLogEntry[];
  late: boolean;
  handoff: RequestHandoff;
  createdAt: Date;
}

export const toCallbackResponse = (c: Callback, lookup: HandoffLookup): CallbackResponse => ({
  id: c.id,
  status: c.status,
  phone: c.phone,
  email: c.email,
  note: c.note,
  slotStart: c.slotStart,
  slotEnd: c.slotEnd,
  promisedBy: c.promisedBy,
  dueAt: c.dueAt,
  attempts: c.attempts,
  advisorId: c.advisorId,
  assignedAt: c.assignedAt,
  outcome: c.outcome,
  outcomeLog: c.outcomeLog,
  late: c.lateAt !== null,
  handoff: handoffOf(c, lookup),
  createdAt: c.createdAt,
});

const isLead = (advisor: AdvisorPrincipal) => advisor.roles.includes('admin') || advisor.roles.includes('supervisor');

/** A window `[from, from + days)` from query strings, validated. */
export function slotWindow(query: SlotQueryDto, now: number): { from: number; to: number } {
  const from = query.from ? Date.parse(query.from) : now;
  if (Number.isNaN(from)) throw badRequest('VALIDATION_FAILED', 'Invalid request: from must be an ISO 8601 date', [{ field: 'from', reasons: ['must be an ISO 8601 date'] }]);
  return { from, to: from + Math.min(query.days ?? 3, MAX_SLOT_DAYS) * DAY_MS };
}

/**
 * Scheduled callbacks: slots from the phone team's hours and capacity, booking, assignment to an online
 * phone advisor when due (a delayed job, and a sweep that re-delivers whatever is due and unassigned),
 * outcomes with one retry after no answer, and the promise check.
 */
@Injectable()
export class CallbacksService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly jobs: JobsService,
    private readonly mail: MailService,
    private readonly contacts: EscalationContactsService,
    private readonly seats: AdvisorSeatsService,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    this.jobs.registerSweep('callbacks', SWEEP_EVERY_MS, () => this.sweep());
  }

  async slots(query: SlotQueryDto): Promise<{ items: SlotResponse[]; nextCursor: null; timeZone: string; slotMinutes: number }> {
    const team = await this.teams.find('phone');
    const now = Date.now();
    const { from, to } = slotWindow(query, now);
    const items = generateSlots(scheduleOf(team), {
      from,
      to,
      slotMinutes: team.slotMinutes,
      capacity: team.slotCapacity,
      booked: await this.bookedPerSlot(this.dataSource.manager, from, to),
      notBefore: now + 1,
    });
    return {
      items: items.map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), remaining: s.remaining })),
      nextCursor: null,
      timeZone: team.timeZone,
      slotMinutes: team.slotMinutes,
    };
  }

  /** The first callback slot with room in the next week, if any. */
  async nextSlot(): Promise<string | null> {
    const { items } = await this.slots({ days: 7 });
    return items[0]?.start ?? null;
  }

  async book(visitor: VisitorPrincipal, dto: CreateCallbackDto, requestId?: string): Promise<CallbackBookingResponse> {
    const contact = await this.contacts.resolve(visitor, dto);
    const slotStart = Date.parse(dto.slotStart);
    const { callback, team } = await this.dataSource.transaction(async (m) => {
      // One booking at a time per team: the capacity check and the insert must not interleave.
      const team = await m.findOneOrFail(Team, { where: { key: 'phone' }, lock: { mode: 'pessimistic_write' } });
      const problem = slotProblem(scheduleOf(team), slotStart, team.slotMinutes, Date.now());
      if (problem === 'past') throw slotInPast(dto.slotStart);
      if (problem === 'closed') throw closedAt('TEAM_CLOSED', dto.slotStart);
      if (problem === 'not_a_slot') throw notASlot(dto.slotStart, team.slotMinutes);
      if (slotStart > Date.now() + MAX_SLOT_DAYS * DAY_MS) throw slotTooFar(dto.slotStart, MAX_SLOT_DAYS);
      const booked = await m.countBy(Callback, { slotStart: new Date(slotStart) });
      if (booked >= team.slotCapacity) throw slotFull(dto.slotStart);
      const slotEnd = new Date(slotStart + team.slotMinutes * 60_000);
      const callback = await m.save(
        m.create(Callback, {
          ...requestOrigin(visitor, contact, dto.conversationId),
          phone: contact.phone,
          email: contact.email,
          note: dto.note ?? null,
          slotStart: new Date(slotStart),
          slotEnd,
          promisedBy: new Date(slotStart + team.promiseMinutes * 60_000),
          status: 'booked',
          dueAt: new Date(slotStart),
          attempts: 1,
          outcomeLog: [],
        }),
      );
      return { callback, team };
    });
    await this.scheduleAssignment(callback, requestId);
    this.events.emit(DOMAIN_EVENTS.callbackBooked, domainEvent(DOMAIN_EVENTS.callbackBooked, callbackBookedData(callback), callback.createdAt));
    const texts = visitorTexts(callback.language);
    const when = describeSlot(callback.slotStart, callback.slotEnd, team.timeZone, callback.language);
    if (callback.email) {
      await this.mail.send({ dedupeKey: `callback_confirmation:${callback.id}`, kind: 'callback_confirmation', to: callback.email, ...texts.callbackMail(callback.phone!, when) });
    }
    await this.contacts.addToTimeline(callback.customerId, {
      channel: 'phone',
      type: 'callback_booked',
      summary: `Callback booked for ${when}`,
      data: { callbackId: callback.id, slotStart: callback.slotStart.toISOString() },
    });
    return {
      id: callback.id,
      status: callback.status,
      slotStart: callback.slotStart,
      slotEnd: callback.slotEnd,
      promisedBy: callback.promisedBy,
      timeZone: team.timeZone,
      message: texts.callbackBooked(when),
      confirmationMailed: !!callback.email,
    };
  }

  async list(advisor: AdvisorPrincipal, query: CallbackListQueryDto): Promise<Page<CallbackResponse>> {
    const qb = this.dataSource.getRepository(Callback).createQueryBuilder('c');
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.mine === 'true') qb.andWhere('c.advisor_id = :me', { me: advisor.id });
    if (query.late === 'true') qb.andWhere('c.late_at IS NOT NULL');
    const page = await keysetPage(qb, query, { column: 'c.due_at', value: (c) => c.dueAt, direction: 'ASC' });
    const lookup = await this.contacts.handoffs(page.items);
    return mapPage(page, (c) => toCallbackResponse(c, lookup));
  }

  async get(id: string): Promise<CallbackResponse> {
    const callback = await this.dataSource.getRepository(Callback).findOneBy({ id });
    if (!callback) throw callbackNotFound(id);
    return toCallbackResponse(callback, await this.contacts.handoffs([callback]));
  }

  /** An advisor takes a due callback themselves instead of waiting for the assignment. */
  async take(advisor: AdvisorPrincipal, id: string): Promise<CallbackResponse> {
    await this.dataSource.transaction(async (m) => {
      const callback = await this.lock(m, id);
      if (callback.status === 'closed') throw alreadyClosed('callback');
      if (callback.status === 'assigned' && callback.advisorId !== advisor.id) throw alreadyTaken('callback');
      if (callback.dueAt.getTime() > Date.now()) throw notDue(callback);
      await m.update(Callback, id, { status: 'assigned', advisorId: advisor.id, assignedAt: new Date() });
    });
    return this.get(id);
  }

  /** Reached and wrong number close the callback; the first no answer schedules one retry, the second closes it. */
  async recordOutcome(advisor: AdvisorPrincipal, id: string, dto: CallOutcomeDto): Promise<CallbackResponse> {
    const callback = await this.dataSource.transaction(async (m) => {
      const callback = await this.lock(m, id);
      if (callback.status === 'closed') throw alreadyClosed('callback');
      if (callback.status === 'booked' && callback.dueAt.getTime() > Date.now()) throw notDue(callback);
      if (callback.status === 'assigned' && callback.advisorId !== advisor.id && !isLead(advisor)) {
        throw forbidden('NOT_YOUR_CALLBACK', 'This callback is assigned to another advisor');
      }
      const now = new Date();
      callback.outcomeLog = [...callback.outcomeLog, { attempt: callback.attempts, outcome: dto.outcome, note: dto.note ?? null, advisorId: advisor.id, at: now.toISOString() }];
      callback.outcome = dto.outcome;
      callback.firstOutcomeAt ??= now;
      if (dto.outcome === 'no_answer' && callback.attempts < CALLBACK_MAX_ATTEMPTS) {
        callback.status = 'booked';
        callback.attempts += 1;
        callback.dueAt = new Date(now.getTime() + CALLBACK_RETRY_MINUTES * 60_000);
        callback.advisorId = null;
        callback.assignedAt = null;
      } else {
        callback.status = 'closed';
        callback.closedAt = now;
        callback.advisorId ??= advisor.id;
      }
      return m.save(callback);
    });
    if (callback.status === 'booked') await this.scheduleAssignment(callback);
    if (callback.status === 'closed' && callback.outcome !== 'reached') {
      this.events.emit(DOMAIN_EVENTS.callbackMissed, domainEvent(DOMAIN_EVENTS.callbackMissed, callbackMissedData(callback), callback.closedAt ?? new Date()));
    }
    await this.contacts.addToTimeline(callback.customerId, {
      channel: 'phone',
      type: 'callback',
      summary: callback.status === 'booked' ? `Callback attempt ${callback.attempts - 1}: no answer, retry planned` : `Callback: ${dto.outcome.replace('_', ' ')}`,
      data: { callbackId: callback.id, outcome: dto.outcome, attempt: callback.outcomeLog.length },
    });
    return this.get(id);
  }

  /** Links the callback to the profile its typed contact matches, once the advisor has checked with the person. */
  async linkProfile(advisor: AdvisorPrincipal, id: string): Promise<CallbackResponse> {
    await this.dataSource.transaction(async (m) => this.contacts.linkMatchingProfile(m, advisor, await this.lock(m, id), Callback, 'callback'));
    return this.get(id);
  }

  /** Job handler: gives a due, unassigned callback to the least loaded online phone advisor; no one online leaves it for the sweep. */
  async assign(callbackId: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const callback = await m.findOne(Callback, { where: { id: callbackId }, lock: { mode: 'pessimistic_write' } });
      if (!callback || callback.status !== 'booked' || callback.dueAt.getTime() > Date.now()) return false;
      const advisor = await this.leastBusyPhoneAdvisor(m);
      if (!advisor) return false;
      await m.update(Callback, callback.id, { status: 'assigned', advisorId: advisor.id, assignedAt: new Date() });
      return true;
    });
  }

  /** The online phone advisor with the fewest callbacks in hand; among equals, the one online longest. */
  private async leastBusyPhoneAdvisor(m: EntityManager): Promise<AdvisorSeat | undefined> {
    const phone = (await this.seats.seats(m)).filter(takesCalls);
    if (phone.length === 0) return undefined;
    const rows = (await m.query(`SELECT advisor_id, count(*)::int AS n FROM callback WHERE status = 'assigned' AND advisor_id = ANY($1::uuid[]) GROUP BY advisor_id`, [
      phone.map((a) => a.id),
    ])) as { advisor_id: string; n: number }[];
    const assigned = new Map(rows.map((r) => [r.advisor_id, r.n]));
    const load = (a: AdvisorSeat) => assigned.get(a.id) ?? 0;
    const onlineSince = (a: AdvisorSeat) => (a.presenceChangedAt ? Date.parse(a.presenceChangedAt) : Infinity);
    // `Infinity - Infinity` is NaN, falsy: two advisors without a presence change fall through to their ids.
    return phone.sort((a, b) => load(a) - load(b) || onlineSince(a) - onlineSince(b) || (a.id < b.id ? -1 : 1))[0];
  }

  /** Re-delivers every due, unassigned callback (after a restart too) and flags the ones past their promise. */
  async sweep(): Promise<void> {
    const due = await this.dataSource
      .getRepository(Callback)
      .createQueryBuilder('c')
      .select(['c.id', 'c.attempts'])
      .where(`c.status = 'booked' AND c.due_at <= now()`)
      .orderBy('c.due_at', 'ASC')
      .take(500)
      .getMany();
    for (const c of due) await this.jobs.enqueue(...this.assignmentJob(c.id, c.attempts, 0));
    await this.dataSource.query(`UPDATE callback SET late_at = now(), updated_at = now() WHERE late_at IS NULL AND first_outcome_at IS NULL AND promised_by < now()`);
  }

  async analytics(range: AnalyticsRangeDto) {
    const from = new Date(range.from);
    const to = new Date(range.to);
    if (!(from < to)) throw badRequest('INVALID_RANGE', 'from must be before to', [{ field: 'to', reasons: ['must be after from'] }]);
    if (to.getTime() - from.getTime() > 366 * DAY_MS)
      throw badRequest('INVALID_RANGE', 'The range is limited to 366 days', [{ field: 'to', reasons: ['at most 366 days after from'] }]);
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS booked,
              count(*) FILTER (WHERE first_outcome_at IS NOT NULL OR promised_by < now())::int AS due,
              count(*) FILTER (WHERE first_outcome_at IS NOT NULL AND first_outcome_at <= promised_by)::int AS kept,
              count(*) FILTER (WHERE late_at IS NOT NULL)::int AS late,
              count(*) FILTER (WHERE status <> 'closed')::int AS open,
              count(*) FILTER (WHERE status = 'closed' AND outcome = 'reached')::int AS reached,
              count(*) FILTER (WHERE status = 'closed' AND outcome = 'no_answer')::int AS no_answer,
              count(*) FILTER (WHERE status = 'closed' AND outcome = 'wrong_number')::int AS wrong_number,
              count(*) FILTER (WHERE attempts > 1)::int AS retried
       FROM callback WHERE slot_start >= $1 AND slot_start < $2`,
      [from, to],
    )) as Record<string, number>[];
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      booked: row.booked,
      open: row.open,
      keptWithinPromise: row.kept,
      // Only callbacks whose promise has passed or which already have an outcome can be judged.
      keptWithinPromisePercent: row.due ? Math.round((row.kept / row.due) * 1000) / 10 : null,
      late: row.late,
      retried: row.retried,
      outcomes: { reached: row.reached, no_answer: row.no_answer, wrong_number: row.wrong_number },
    };
  }

  private async scheduleAssignment(callback: Callback, requestId?: string): Promise<void> {
    const delay = callback.dueAt.getTime() - Date.now();
    if (delay > MAX_JOB_DELAY_MS) return;
    await this.jobs.enqueueOrLeaveToSweep(...this.assignmentJob(callback.id, callback.attempts, Math.max(0, delay), requestId));
  }

  private assignmentJob(callbackId: string, attempt: number, delayMs: number, requestId?: string) {
    return [
      ESCALATIONS_QUEUE,
      ESCALATION_JOBS.assignCallback,
      { callbackId, attempt, requestId } satisfies AssignCallbackJob,
      { jobId: assignCallbackJobId(callbackId, attempt), delayMs },
    ] as const;
  }

  private async bookedPerSlot(m: EntityManager, from: number, to: number): Promise<Map<number, number>> {
    const rows = (await m.query(`SELECT slot_start, count(*)::int AS n FROM callback WHERE slot_start >= $1 AND slot_start < $2 GROUP BY slot_start`, [
      new Date(from - DAY_MS),
      new Date(to),
    ])) as { slot_start: Date; n: number }[];
    return new Map(rows.map((r) => [new Date(r.slot_start).getTime(), r.n]));
  }

  private async lock(m: EntityManager, id: string): Promise<Callback> {
    const callback = await m.findOne(Callback, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!callback) throw callbackNotFound(id);
    return callback;
  }
}

const notDue = (callback: Callback) =>
  unprocessable('CALLBACK_NOT_DUE', `This callback is due at ${callback.dueAt.toISOString()}; it cannot be handled before`, { dueAt: callback.dueAt });
