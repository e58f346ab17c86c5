import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AdvisorPrincipal, VisitorPrincipal } from '../../common/auth/principal';
import { forbidden, unprocessable } from '../../common/domain-error';
import { keysetPage, mapPage, Page } from '../../common/pagination';
import { takesCalls } from '../../availability/advisor-availability';
import { AdvisorSeatsService } from '../../availability/advisor-seats.service';
import { CallOutcome } from '../callbacks/callback.entity';
import { CallRequest, QueueItemStatus } from './call-request.entity';
import { CallbacksService } from '../callbacks/callbacks.service';
import { CallOutcomeDto, CreateCallRequestDto, QueueListQueryDto } from '../dto/escalation.dto';
import { EscalationContactsService, HandoffLookup, handoffOf, RequestHandoff } from '../escalation-contacts.service';
import { alreadyClosed, alreadyTaken, callRequestNotFound } from '../escalations.errors';
import { requestOrigin } from '../visitor-request.entity';
import { visitorTexts } from '../texts/visitor-texts';

export interface CallRequestResponse {
  id: string;
  status: QueueItemStatus;
  phone: string | null;
  advisorId: string | null;
  takenAt: Date | null;
  outcome: CallOutcome | null;
  outcomeNote: string | null;
  closedAt: Date | null;
  handoff: RequestHandoff;
  createdAt: Date;
}

export const toCallRequestResponse = (r: CallRequest, lookup: HandoffLookup): CallRequestResponse => ({
  id: r.id,
  status: r.status,
  phone: r.phone,
  advisorId: r.advisorId,
  takenAt: r.takenAt,
  outcome: r.outcome,
  outcomeNote: r.outcomeNote,
  closedAt: r.closedAt,
  handoff: handoffOf(r, lookup),
  createdAt: r.createdAt,
});

/** Click-to-call: the visitor asks to be called now; an online phone advisor takes the request and records the outcome. */
@Injectable()
export class CallRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: AdvisorSeatsService,
    private readonly callbacks: CallbacksService,
    private readonly contacts: EscalationContactsService,
  ) {}

  async create(visitor: VisitorPrincipal, dto: CreateCallRequestDto): Promise<{ id: string; status: QueueItemStatus; message: string }> {
    const contact = await this.contacts.resolve(visitor, dto);
    if (!(await this.seats.seats()).some(takesCalls)) {
      const nextSlot = await this.callbacks.nextSlot();
      throw unprocessable(
        'NO_PHONE_ADVISOR',
        nextSlot
          ? 'No phone advisor is available right now; book a callback instead'
          : 'No phone advisor is available right now and no callback slot is free this week; leave a message',
        {
          alternatives: { callback: { available: nextSlot !== null, nextSlot } },
        },
      );
    }
    const request = await this.dataSource.getRepository(CallRequest).save({
      ...requestOrigin(visitor, contact, dto.conversationId),
      phone: contact.phone,
      status: 'waiting' as const,
    });
    await this.contacts.addToTimeline(contact.customerId, {
      channel: 'phone',
      type: 'call_requested',
      summary: 'Asked to be called now from the website',
      data: { callRequestId: request.id },
    });
    return { id: request.id, status: request.status, message: visitorTexts(request.language).callRequested };
  }

  async list(query: QueueListQueryDto): Promise<Page<CallRequestResponse>> {
    const qb = this.dataSource.getRepository(CallRequest).createQueryBuilder('r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    const page = await keysetPage(qb, query, { column: 'r.created_at', value: (r) => r.createdAt, direction: 'ASC' });
    const lookup = await this.contacts.handoffs(page.items);
    return mapPage(page, (r) => toCallRequestResponse(r, lookup));
  }

  async get(id: string): Promise<CallRequestResponse> {
    const request = await this.dataSource.getRepository(CallRequest).findOneBy({ id });
    if (!request) throw callRequestNotFound(id);
    return toCallRequestResponse(request, await this.contacts.handoffs([request]));
  }

  async take(advisor: AdvisorPrincipal, id: string): Promise<CallRequestResponse> {
    await this.dataSource.transaction(async (m) => {
      const request = await this.lock(m, id);
      if (request.status === 'closed') throw alreadyClosed('call request');
      if (request.status === 'taken' && request.advisorId !== advisor.id) throw alreadyTaken('call request');
      await m.update(CallRequest, id, { status: 'taken', advisorId: advisor.id, takenAt: new Date() });
    });
    return this.get(id);
  }

  async recordOutcome(advisor: AdvisorPrincipal, id: string, dto: CallOutcomeDto): Promise<CallRequestResponse> {
    const request = await this.dataSource.transaction(async (m) => {
      const request = await this.lock(m, id);
      if (request.status === 'closed') throw alreadyClosed('call request');
      const lead = advisor.roles.includes('admin') || advisor.roles.includes('supervisor');
      if (request.status === 'taken' && request.advisorId !== advisor.id && !lead) throw forbidden('NOT_YOUR_CALL_REQUEST', 'Another advisor took this call request');
      Object.assign(request, {
        status: 'closed',
        outcome: dto.outcome,
        outcomeNote: dto.note ?? null,
        closedAt: new Date(),
        advisorId: request.advisorId ?? advisor.id,
        takenAt: request.takenAt ?? new Date(),
      });
      return m.save(request);
    });
    await this.contacts.addToTimeline(request.customerId, {
      channel: 'phone',
      type: 'call',
      summary: `Click-to-call: ${dto.outcome.replace('_', ' ')}`,
      data: { callRequestId: request.id, outcome: dto.outcome },
    });
    return this.get(id);
  }

  /** Links the call request to the profile its typed phone matches, once the advisor has checked with the person. */
  async linkProfile(advisor: AdvisorPrincipal, id: string): Promise<CallRequestResponse> {
    await this.dataSource.transaction(async (m) => this.contacts.linkMatchingProfile(m, advisor, await this.lock(m, id), CallRequest, 'call request'));
    return this.get(id);
  }

  private async lock(m: EntityManager, id: string): Promise<CallRequest> {
    const request = await m.findOne(CallRequest, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!request) throw callRequestNotFound(id);
    return request;
  }
}
