import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AdvisorPrincipal, VisitorPrincipal } from '../../common/auth/principal';
import { badRequest, unprocessable } from '../../common/domain-error';
import { keysetPage, mapPage, Page } from '../../common/pagination';
import { Store } from '../../stores/store.entity';
import { QueueItemStatus } from '../call-requests/call-request.entity';
import { CloseRequestDto, CreateStoreRequestDto, QueueListQueryDto } from '../dto/escalation.dto';
import { EscalationContactsService, HandoffLookup, handoffOf, RequestHandoff } from '../escalation-contacts.service';
import { alreadyClosed, alreadyTaken, storeRequestNotFound } from '../escalations.errors';
import { StoreRequest } from './store-request.entity';
import { storeScope } from './store-scope';
import { requestOrigin } from '../visitor-request.entity';
import { visitorTexts } from '../texts/visitor-texts';

export interface StoreRequestResponse {
  id: string;
  storeId: string;
  status: QueueItemStatus;
  name: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  advisorId: string | null;
  takenAt: Date | null;
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
  advisorId: r.advisorId,
  takenAt: r.takenAt,
  closedAt: r.closedAt,
  handoff: handoffOf(r, lookup),
  createdAt: r.createdAt,
});

/** "Have the store contact me": a request without a slot, waiting in the store's queue until one of its advisors takes it. */
@Injectable()
export class StoreRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contacts: EscalationContactsService,
  ) {}

  async create(visitor: VisitorPrincipal, dto: CreateStoreRequestDto): Promise<{ id: string; status: QueueItemStatus; storeId: string; message: string }> {
    if (!dto.email && !dto.phone) throw badRequest('CONTACT_REQUIRED', 'Give an email or a phone so the store can contact you', [{ field: 'email', reasons: ['email or phone is required'] }]);
    const store = await this.dataSource.getRepository(Store).findOneBy({ id: dto.storeId });
    if (!store) throw unprocessable('STORE_NOT_FOUND', `No store with id ${dto.storeId}`);
    const contact = await this.contacts.resolve(visitor, dto);
    const request = await this.dataSource.getRepository(StoreRequest).save({
      storeId: store.id,
      ...requestOrigin(visitor, contact, dto.conversationId),
      name: dto.name ?? null,
      email: contact.email,
      phone: contact.phone,
      note: dto.note ?? null,
      status: 'waiting' as const,
    });
    await this.contacts.addToTimeline(contact.customerId, { channel: 'store', type: 'store_contact_requested', summary: `Asked ${store.name} to get in touch`, data: { storeRequestId: request.id, storeId: store.id } });
    return { id: request.id, status: request.status, storeId: store.id, message: visitorTexts(request.language).storeWillContact(store.name) };
  }

  async list(advisor: AdvisorPrincipal, query: QueueListQueryDto): Promise<Page<StoreRequestResponse>> {
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

  async take(advisor: AdvisorPrincipal, id: string): Promise<StoreRequestResponse> {
    await this.dataSource.transaction(async (m) => {
      const request = await this.findVisible(m, advisor, id, true);
      if (request.status === 'closed') throw alreadyClosed('store request');
      if (request.status === 'taken' && request.advisorId !== advisor.id) throw alreadyTaken('store request');
      await m.update(StoreRequest, id, { status: 'taken', advisorId: advisor.id, takenAt: new Date() });
    });
    return this.get(advisor, id);
  }

  async close(advisor: AdvisorPrincipal, id: string, dto: CloseRequestDto): Promise<StoreRequestResponse> {
    const request = await this.dataSource.transaction(async (m) => {
      const request = await this.findVisible(m, advisor, id, true);
      if (request.status === 'closed') throw alreadyClosed('store request');
      Object.assign(request, { status: 'closed', closedAt: new Date(), advisorId: request.advisorId ?? advisor.id, takenAt: request.takenAt ?? new Date() });
      return m.save(request);
    });
    await this.contacts.addToTimeline(request.customerId, { channel: 'store', type: 'store_contact_done', summary: `The store got in touch${dto.note ? `: ${dto.note}` : ''}`, data: { storeRequestId: request.id, storeId: request.storeId } });
    return this.get(advisor, id);
  }

  /** Links the request to the profile its typed contact matches, once the advisor has checked with the person. */
  async linkProfile(advisor: AdvisorPrincipal, id: string): Promise<StoreRequestResponse> {
    await this.dataSource.transaction(async (m) => this.contacts.linkMatchingProfile(m, advisor, await this.findVisible(m, advisor, id, true), StoreRequest, 'store request'));
    return this.get(advisor, id);
  }

  private async findVisible(m: EntityManager, advisor: AdvisorPrincipal, id: string, lock = false): Promise<StoreRequest> {
    const request = await m.findOne(StoreRequest, { where: { id }, ...(lock && { lock: { mode: 'pessimistic_write' as const } }) });
    const scope = storeScope(advisor);
    if (!request || (scope && request.storeId !== scope)) throw storeRequestNotFound(id);
    return request;
  }
}
