import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Advisor } from '../../advisors/advisor.entity';
import { AdvisorPrincipal, VisitorPrincipal } from '../../common/auth/principal';
import { badRequest, conflict, unprocessable } from '../../common/domain-error';
import { DOMAIN_EVENTS, domainEvent } from '../../common/domain-events';
import { keysetPage, mapPage, Page } from '../../common/pagination';
import { MailService } from '../../mail/mail.service';
import { Store } from '../../stores/store.entity';
import { CloseRequestDto, CreateStoreRequestDto, StoreRequestListQueryDto } from '../dto/escalation.dto';
import { EscalationContactsService, HandoffLookup, handoffOf, RequestHandoff } from '../escalation-contacts.service';
import { alreadyTaken, storeRequestNotFound } from '../escalations.errors';
import { storeRequestStepMail, type VisibleStoreRequestStep } from '../texts/store-request-texts';
import { visitorTexts } from '../texts/visitor-texts';
import { requestOrigin } from '../visitor-request.entity';
import { chosenStoreAdvisor } from './store-advisors';
import { StoreRequest } from './store-request.entity';
import { allowedNext, canMove, type StoreRequestStatus } from './store-request-states';
import { storeScope } from './store-scope';

export interface StoreRequestResponse {
  id: string;
  storeId: string;
  status: StoreRequestStatus;
  name: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  /** The advisor the visitor chose, if any. */
  requestedAdvisorId: string | null;
  /** The advisor who took it. */
  advisorId: string | null;
  takenAt: Date | null;
  contactedAt: Date | null;
  closedAt: Date | null;
  handoff: RequestHandoff;
  createdAt: Date;
}

export const toStoreRequestResponse = (r: StoreRequest, lookup: HandoffLookup): StoreRequestResponse => ({
  id: r.id,
  storeId: r.storeId,
  status: r.status,
  name: r.name,
  email: r.email,
  phone: r.phone,
  note: r.note,
  requestedAdvisorId: r.requestedAdvisorId,
  advisorId: r.advisorId,
  takenAt: r.takenAt,
  contactedAt: r.contactedAt,
  closedAt: r.closedAt,
  handoff: handoffOf(r, lookup),
  createdAt: r.createdAt,
});

/** Payload of the `store_request.updated` webhook: ids and the move, never the visitor's contact details. */
export interface StoreRequestUpdated {
  storeRequestId: string;
  storeId: string;
  customerId: string | null;
  previousStatus: StoreRequestStatus;
  status: StoreRequestStatus;
  advisorId: string | null;
  requestedAdvisorId: string | null;
}

const invalidTransition = (from: StoreRequestStatus, to: StoreRequestStatus) =>
  conflict('INVALID_STATUS_TRANSITION', `A store request that is ${from} cannot become ${to}`, { status: from, requested: to, allowed: allowedNext(from) });

const TIMELINE: Record<VisibleStoreRequestStep, { type: string; summary: (note?: string) => string }> = {
  taken: { type: 'store_contact_taken', summary: () => 'The store took the request' },
  contacted: { type: 'store_contact_made', summary: (note) => `The store got in touch${note ? `: ${note}` : ''}` },
  done: { type: 'store_contact_done', summary: (note) => `The store request is done${note ? `: ${note}` : ''}` },
  cancelled: { type: 'store_contact_cancelled', summary: (note) => `The store request was cancelled${note ? `: ${note}` : ''}` },
};

/**
 * "Have the store contact me": a request without a slot, `new` in the store's queue, then taken, contacted and done
 * (or cancelled) by one of its advisors. The visitor gets a mail at each of those steps, in their language, at the
 * address they typed or their identified profile's; integrators get `store_request.updated`.
 */
@Injectable()
export class StoreRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contacts: EscalationContactsService,
    private readonly mail: MailService,
    private readonly events: EventEmitter2,
  ) {}

  async create(visitor: VisitorPrincipal, dto: CreateStoreRequestDto): Promise<{ id: string; status: StoreRequestStatus; storeId: string; message: string }> {
    if (!dto.email && !dto.phone)
      throw badRequest('CONTACT_REQUIRED', 'Give an email or a phone so the store can contact you', [{ field: 'email', reasons: ['email or phone is required'] }]);
    const store = await this.dataSource.getRepository(Store).findOneBy({ id: dto.storeId });
    if (!store) throw unprocessable('STORE_NOT_FOUND', `No store with id ${dto.storeId}`);
    if (dto.advisorId) await chosenStoreAdvisor(this.dataSource.manager, store.id, dto.advisorId);
    const contact = await this.contacts.resolve(visitor, dto);
    const request = await this.dataSource.getRepository(StoreRequest).save({
      storeId: store.id,
      ...requestOrigin(visitor, contact, dto.conversationId),
      name: dto.name ?? null,
      email: contact.email,
      phone: contact.phone,
      note: dto.note ?? null,
      requestedAdvisorId: dto.advisorId ?? null,
      status: 'new' as const,
    });
    await this.contacts.addToTimeline(contact.customerId, {
      channel: 'store',
      type: 'store_contact_requested',
      summary: `Asked ${store.name} to get in touch`,
      data: { storeRequestId: request.id, storeId: store.id },
    });
    return { id: request.id, status: request.status, storeId: store.id, message: visitorTexts(request.language).storeWillContact(store.name) };
  }

  async list(advisor: AdvisorPrincipal, query: StoreRequestListQueryDto): Promise<Page<StoreRequestResponse>> {
    const qb = this.dataSource.getRepository(StoreRequest).createQueryBuilder('r');
    const storeId = storeScope(advisor, query.storeId);
    if (storeId) qb.andWhere('r.store_id = :storeId', { storeId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    const page = await keysetPage(qb, query, { column: 'r.created_at', value: (r) => r.createdAt, direction: 'ASC' });
    const lookup = await this.contacts.handoffs(page.items);
    return mapPage(page, (r) => toStoreRequestResponse(r, lookup));
  }

  async get(advisor: AdvisorPrincipal, id: string): Promise<StoreRequestResponse> {
    const request = await this.findVisible(this.dataSource.manager, advisor, id);
    return toStoreRequestResponse(request, await this.contacts.handoffs([request]));
  }

  /** new -> taken; taking again what one already holds changes nothing. */
  async take(advisor: AdvisorPrincipal, id: string): Promise<StoreRequestResponse> {
    return this.move(advisor, id, 'taken');
  }

  /** taken -> contacted: the advisor reached the visitor. */
  async markContacted(advisor: AdvisorPrincipal, id: string, dto: CloseRequestDto): Promise<StoreRequestResponse> {
    return this.move(advisor, id, 'contacted', dto.note);
  }

  /** contacted -> done. */
  async markDone(advisor: AdvisorPrincipal, id: string, dto: CloseRequestDto): Promise<StoreRequestResponse> {
    return this.move(advisor, id, 'done', dto.note);
  }

  /** new, taken or contacted -> cancelled. */
  async cancel(advisor: AdvisorPrincipal, id: string, dto: CloseRequestDto): Promise<StoreRequestResponse> {
    return this.move(advisor, id, 'cancelled', dto.note);
  }

  /** Links the request to the profile its typed contact matches, once the advisor has checked with the person. */
  async linkProfile(advisor: AdvisorPrincipal, id: string): Promise<StoreRequestResponse> {
    await this.dataSource.transaction(async (m) => this.contacts.linkMatchingProfile(m, advisor, await this.findVisible(m, advisor, id, true), StoreRequest, 'store request'));
    return this.get(advisor, id);
  }

  private async move(advisor: AdvisorPrincipal, id: string, to: VisibleStoreRequestStep, note?: string): Promise<StoreRequestResponse> {
    const moved = await this.dataSource.transaction(async (m) => {
      const request = await this.findVisible(m, advisor, id, true);
      const from = request.status;
      if (to === 'taken' && from === 'taken') {
        if (request.advisorId !== advisor.id) throw alreadyTaken('store request');
        return undefined;
      }
      if (!canMove(from, to)) throw invalidTransition(from, to);
      const now = new Date();
      if (to === 'taken') Object.assign(request, { advisorId: advisor.id, takenAt: now });
      if (to === 'contacted') request.contactedAt = now;
      if (to === 'done' || to === 'cancelled') request.closedAt = now;
      request.status = to;
      return { request: await m.save(request), from };
    });
    if (moved) await this.announce(moved.request, moved.from, note);
    return this.get(advisor, id);
  }

  /** After the commit: the visitor's mail, the timeline, the webhook. */
  private async announce(request: StoreRequest, from: StoreRequestStatus, note?: string): Promise<void> {
    const step = request.status as VisibleStoreRequestStep;
    if (request.email) {
      const store = await this.dataSource.getRepository(Store).findOneByOrFail({ id: request.storeId });
      const advisor = request.advisorId ? await this.dataSource.getRepository(Advisor).findOneBy({ id: request.advisorId }) : null;
      const mail = storeRequestStepMail(request.language, step, store.name, advisor ? advisor.name.split(' ')[0] : null);
      await this.mail.send({ dedupeKey: `store_request_${step}:${request.id}`, kind: `store_request_${step}`, to: request.email, ...mail });
    }
    const timeline = TIMELINE[step];
    await this.contacts.addToTimeline(request.customerId, {
      channel: 'store',
      type: timeline.type,
      summary: timeline.summary(note),
      data: { storeRequestId: request.id, storeId: request.storeId },
    });
    const data: StoreRequestUpdated = {
      storeRequestId: request.id,
      storeId: request.storeId,
      customerId: request.customerId,
      previousStatus: from,
      status: request.status,
      advisorId: request.advisorId,
      requestedAdvisorId: request.requestedAdvisorId,
    };
    this.events.emit(DOMAIN_EVENTS.storeRequestUpdated, domainEvent(DOMAIN_EVENTS.storeRequestUpdated, data));
  }

  private async findVisible(m: EntityManager, advisor: AdvisorPrincipal, id: string, lock = false): Promise<StoreRequest> {
    const request = await m.findOne(StoreRequest, { where: { id }, ...(lock && { lock: { mode: 'pessimistic_write' as const } }) });
    const scope = storeScope(advisor);
    if (!request || (scope && request.storeId !== scope)) throw storeRequestNotFound(id);
    return request;
  }
}
