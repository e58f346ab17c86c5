import { EventEmitter2 } from '@nestjs/event-emitter';
import { DOMAIN_EVENTS, domainEvent } from '../../common/domain-events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Advisor } from '../../advisors/advisor.entity';
import { AdvisorPrincipal, VisitorPrincipal } from '../../common/auth/principal';
import { generateSlots, Schedule, slotProblem } from '../../business-hours/business-hours';
import { badRequest, unprocessable } from '../../common/domain-error';
import { keysetPage, mapPage, Page } from '../../common/pagination';
import { JobsService } from '../../jobs/jobs.service';
import { MailService } from '../../mail/mail.service';
import { Store } from '../../stores/store.entity';
import { Appointment, AppointmentStatus } from './appointment.entity';
import { slotWindow } from '../callbacks/callbacks.service';
import { AppointmentListQueryDto, AppointmentOutcomeDto, AppointmentSlotQueryDto, CreateAppointmentDto } from '../dto/escalation.dto';
import { EscalationContactsService, HandoffLookup, handoffOf, RequestHandoff } from '../escalation-contacts.service';
import { alreadyClosed, appointmentNotFound, closedAt, notASlot, slotInPast, slotTaken, slotTooFar, storeNotFound } from '../escalations.errors';
import { ESCALATION_JOBS, ESCALATIONS_QUEUE, MAX_JOB_DELAY_MS, RemindAppointmentJob, remindAppointmentJobId } from '../escalations.queue';
import { describeSlot } from '../texts/slot-text';
import { appointmentBookedData } from '../escalation-events';
import { storeScope } from './store-scope';
import { chosenStoreAdvisor, storeAdvisors, toStoreAdvisorChoice } from './store-advisors';
import { requestOrigin } from '../visitor-request.entity';
import { visitorTexts } from '../texts/visitor-texts';

export const APPOINTMENT_SLOT_MINUTES = 30;
/** Stores plan rotas about two months ahead; later bookings would promise advisors nobody has scheduled. */
export const APPOINTMENT_HORIZON_DAYS = 60;
const REMINDER_BEFORE_MS = 24 * 3600 * 1000;

export interface AppointmentResponse {
  id: string;
  storeId: string;
  advisorId: string | null;
  skill: string | null;
  slotStart: Date;
  slotEnd: Date;
  status: AppointmentStatus;
  email: string | null;
  phone: string | null;
  outcomeNote: string | null;
  reminderDueAt: Date | null;
  reminderSentAt: Date | null;
  handoff: RequestHandoff;
  createdAt: Date;
}

export const toAppointmentResponse = (a: Appointment, lookup: HandoffLookup): AppointmentResponse => ({
  id: a.id,
  storeId: a.storeId,
  advisorId: a.advisorId,
  skill: a.skill,
  slotStart: a.slotStart,
  slotEnd: a.slotEnd,
  status: a.status,
  email: a.email,
  phone: a.phone,
  outcomeNote: a.outcomeNote,
  reminderDueAt: a.reminderDueAt,
  reminderSentAt: a.reminderSentAt,
  handoff: handoffOf(a, lookup),
  createdAt: a.createdAt,
});

const storeSchedule = (s: Store): Schedule => ({ hours: s.openingHours, closures: s.closures, timeZone: s.timeZone });

/**
 * In-store appointments: slots from the store's opening hours and closures, one place per store advisor with
 * the skill; each booking holds one advisor for the slot. Confirmation mail, day-before reminder, timeline.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly mail: MailService,
    private readonly contacts: EscalationContactsService,
    private readonly events: EventEmitter2,
  ) {}

  async slots(storeId: string, query: AppointmentSlotQueryDto) {
    const store = await this.findStore(this.dataSource.manager, storeId);
    const advisors = await this.storeAdvisors(this.dataSource.manager, storeId, query.skill);
    const now = Date.now();
    const { from, to } = slotWindow(query, now);
    const busy = await this.busyAdvisors(this.dataSource.manager, storeId, new Date(from - 86_400_000), new Date(to));
    const ids = new Set(advisors.map((a) => a.id));
    const booked = new Map<number, number>();
    for (const [start, advisorIds] of busy) booked.set(start, [...advisorIds].filter((id) => ids.has(id)).length);
    const slots = generateSlots(storeSchedule(store), { from, to, slotMinutes: APPOINTMENT_SLOT_MINUTES, capacity: advisors.length, booked, notBefore: now + 1 });
    return {
      items: slots.map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), remaining: s.remaining })),
      nextCursor: null,
      storeId,
      timeZone: store.timeZone,
      slotMinutes: APPOINTMENT_SLOT_MINUTES,
      ...(query.skill && { skill: query.skill }),
    };
  }

  async book(visitor: VisitorPrincipal, dto: CreateAppointmentDto, requestId?: string) {
    if (!dto.email && !dto.phone)
      throw badRequest('CONTACT_REQUIRED', 'Give an email or a phone so the store can confirm', [{ field: 'email', reasons: ['email or phone is required'] }]);
    const contact = await this.contacts.resolve(visitor, dto);
    const slotStart = Date.parse(dto.slotStart);
    const { appointment, store } = await this.dataSource.transaction(async (m) => {
      // One booking at a time per store: choosing a free advisor and inserting must not interleave.
      const store = await m.findOne(Store, { where: { id: dto.storeId }, lock: { mode: 'pessimistic_write' } });
      if (!store) throw unprocessable('STORE_NOT_FOUND', `No store with id ${dto.storeId}`);
      const problem = slotProblem(storeSchedule(store), slotStart, APPOINTMENT_SLOT_MINUTES, Date.now());
      if (problem === 'past') throw slotInPast(dto.slotStart);
      if (problem === 'closed') throw closedAt('STORE_CLOSED', dto.slotStart);
      if (problem === 'not_a_slot') throw notASlot(dto.slotStart, APPOINTMENT_SLOT_MINUTES);
      if (slotStart > Date.now() + APPOINTMENT_HORIZON_DAYS * 86_400_000) throw slotTooFar(dto.slotStart, APPOINTMENT_HORIZON_DAYS);
      // A visitor who chose an advisor books that advisor, or nobody: another advisor would not be the one they asked for.
      const advisors = dto.advisorId ? [await chosenStoreAdvisor(m, store.id, dto.advisorId)] : await this.storeAdvisors(m, store.id, dto.skill);
      if (!advisors.length) {
        throw unprocessable('NO_ADVISOR_WITH_SKILL', dto.skill ? `No advisor of this store has the skill "${dto.skill}"` : 'This store has no advisor taking appointments', {
          skill: dto.skill ?? null,
        });
      }
      const busy = (await this.busyAdvisors(m, store.id, new Date(slotStart), new Date(slotStart + 1))).get(slotStart) ?? new Set<string>();
      const free = advisors.find((a) => !busy.has(a.id));
      if (!free) throw slotTaken(dto.slotStart);
      const reminderDue = slotStart - REMINDER_BEFORE_MS;
      const appointment = await m.save(
        m.create(Appointment, {
          storeId: store.id,
          advisorId: free.id,
          skill: dto.skill ?? null,
          slotStart: new Date(slotStart),
          slotEnd: new Date(slotStart + APPOINTMENT_SLOT_MINUTES * 60_000),
          status: 'booked',
          ...requestOrigin(visitor, contact, dto.conversationId),
          email: contact.email,
          phone: contact.phone,
          // Booked less than a day ahead: the confirmation is the reminder.
          reminderDueAt: reminderDue > Date.now() ? new Date(reminderDue) : null,
        }),
      );
      return { appointment, store };
    });
    if (appointment.reminderDueAt) await this.scheduleReminder(appointment, requestId);
    this.events.emit(DOMAIN_EVENTS.appointmentBooked, domainEvent(DOMAIN_EVENTS.appointmentBooked, appointmentBookedData(appointment), appointment.createdAt));
    const texts = visitorTexts(appointment.language);
    const when = describeSlot(appointment.slotStart, appointment.slotEnd, store.timeZone, appointment.language);
    if (appointment.email) {
      const mail = texts.appointmentMail(store, when, appointment.skill);
      await this.mail.send({ dedupeKey: `appointment_confirmation:${appointment.id}`, kind: 'appointment_confirmation', to: appointment.email, ...mail });
    }
    await this.contacts.addToTimeline(appointment.customerId, {
      channel: 'store',
      type: 'appointment_booked',
      summary: `Appointment at ${store.name}, ${when}`,
      data: { appointmentId: appointment.id, storeId: store.id, slotStart: appointment.slotStart.toISOString(), skill: appointment.skill },
    });
    return {
      id: appointment.id,
      status: appointment.status,
      storeId: store.id,
      storeName: store.name,
      slotStart: appointment.slotStart,
      slotEnd: appointment.slotEnd,
      timeZone: store.timeZone,
      message: texts.appointmentBooked(store.name, when),
      confirmationMailed: !!appointment.email,
    };
  }

  async list(advisor: AdvisorPrincipal, query: AppointmentListQueryDto): Promise<Page<AppointmentResponse>> {
    const qb = this.dataSource.getRepository(Appointment).createQueryBuilder('a');
    const storeId = storeScope(advisor, query.storeId);
    if (storeId) qb.andWhere('a.store_id = :storeId', { storeId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    const page = await keysetPage(qb, query, { column: 'a.slot_start', value: (a) => a.slotStart, direction: 'ASC' });
    const lookup = await this.contacts.handoffs(page.items);
    return mapPage(page, (a) => toAppointmentResponse(a, lookup));
  }

  async get(advisor: AdvisorPrincipal, id: string): Promise<AppointmentResponse> {
    const appointment = await this.findVisible(this.dataSource.manager, advisor, id);
    return toAppointmentResponse(appointment, await this.contacts.handoffs([appointment]));
  }

  async recordOutcome(advisor: AdvisorPrincipal, id: string, dto: AppointmentOutcomeDto): Promise<AppointmentResponse> {
    const appointment = await this.dataSource.transaction(async (m) => {
      const appointment = await this.findVisible(m, advisor, id, true);
      if (appointment.status !== 'booked') throw alreadyClosed('appointment');
      appointment.status = dto.outcome;
      appointment.outcomeNote = dto.note ?? null;
      return m.save(appointment);
    });
    await this.contacts.addToTimeline(appointment.customerId, {
      channel: 'store',
      type: `appointment_${dto.outcome}`,
      summary: `Store appointment: ${dto.outcome.replace('_', ' ')}${dto.note ? ` (${dto.note})` : ''}`,
      data: { appointmentId: appointment.id, storeId: appointment.storeId },
    });
    return this.get(advisor, id);
  }

  /** Links the appointment to the profile its typed contact matches, once the advisor has checked with the person. */
  async linkProfile(advisor: AdvisorPrincipal, id: string): Promise<AppointmentResponse> {
    await this.dataSource.transaction(async (m) => this.contacts.linkMatchingProfile(m, advisor, await this.findVisible(m, advisor, id, true), Appointment, 'appointment'));
    return this.get(advisor, id);
  }

  /** Job handler: the day-before reminder, once. */
  async remind(appointmentId: string): Promise<void> {
    const appointment = await this.dataSource.getRepository(Appointment).findOneBy({ id: appointmentId });
    if (!appointment || appointment.status !== 'booked' || appointment.reminderSentAt || appointment.slotStart.getTime() <= Date.now()) return;
    const store = await this.dataSource.getRepository(Store).findOneBy({ id: appointment.storeId });
    if (appointment.email && store) {
      const when = describeSlot(appointment.slotStart, appointment.slotEnd, store.timeZone, appointment.language);
      const mail = visitorTexts(appointment.language).reminderMail(store, when);
      await this.mail.send({ dedupeKey: `appointment_reminder:${appointment.id}`, kind: 'appointment_reminder', to: appointment.email, ...mail });
    }
    await this.dataSource.getRepository(Appointment).update({ id: appointment.id }, { reminderSentAt: new Date() });
  }

  /** Re-delivers reminders that are due and not sent (after a restart, or too far ahead for a delayed job). */
  async sweepReminders(): Promise<void> {
    const due = (await this.dataSource.query(
      `SELECT id FROM appointment WHERE status = 'booked' AND reminder_sent_at IS NULL AND reminder_due_at <= now() AND slot_start > now() ORDER BY reminder_due_at LIMIT 500`,
    )) as { id: string }[];
    for (const { id } of due)
      await this.jobs.enqueue(ESCALATIONS_QUEUE, ESCALATION_JOBS.remindAppointment, { appointmentId: id } satisfies RemindAppointmentJob, { jobId: remindAppointmentJobId(id) });
  }

  private async scheduleReminder(appointment: Appointment, requestId?: string): Promise<void> {
    const delay = appointment.reminderDueAt!.getTime() - Date.now();
    if (delay > MAX_JOB_DELAY_MS) return;
    await this.jobs.enqueueOrLeaveToSweep(ESCALATIONS_QUEUE, ESCALATION_JOBS.remindAppointment, { appointmentId: appointment.id, requestId } satisfies RemindAppointmentJob, {
      jobId: remindAppointmentJobId(appointment.id),
      delayMs: Math.max(0, delay),
    });
  }

  private async findVisible(m: EntityManager, advisor: AdvisorPrincipal, id: string, lock = false): Promise<Appointment> {
    const appointment = await m.findOne(Appointment, { where: { id }, ...(lock && { lock: { mode: 'pessimistic_write' as const } }) });
    const scope = storeScope(advisor);
    // Another store's appointment does not exist for a store advisor.
    if (!appointment || (scope && appointment.storeId !== scope)) throw appointmentNotFound(id);
    return appointment;
  }

  private async findStore(m: EntityManager, id: string): Promise<Store> {
    const store = await m.findOneBy(Store, { id });
    if (!store) throw storeNotFound(id);
    return store;
  }

  private storeAdvisors(m: EntityManager, storeId: string, skill?: string): Promise<Advisor[]> {
    return storeAdvisors(m, storeId, skill);
  }

  /** The store's advisors a visitor may choose from. */
  async advisorsToChoose(storeId: string) {
    await this.findStore(this.dataSource.manager, storeId);
    return { items: (await this.storeAdvisors(this.dataSource.manager, storeId)).map(toStoreAdvisorChoice), nextCursor: null };
  }

  /** Advisor ids already booked, per slot start. */
  private async busyAdvisors(m: EntityManager, storeId: string, from: Date, to: Date): Promise<Map<number, Set<string>>> {
    const rows = await m
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .select(['a.slotStart', 'a.advisorId'])
      .where(`a.store_id = :storeId AND a.status = 'booked' AND a.slot_start >= :from AND a.slot_start < :to AND a.advisor_id IS NOT NULL`, { storeId, from, to })
      .getMany();
    const map = new Map<number, Set<string>>();
    for (const r of rows) map.set(r.slotStart.getTime(), (map.get(r.slotStart.getTime()) ?? new Set<string>()).add(r.advisorId!));
    return map;
  }
}
