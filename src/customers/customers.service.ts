import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest } from '../common/domain-error';
import { Page, decodeCursor, toPage } from '../common/pagination';
import { ConsentEvent } from './privacy/consent-event.entity';
import { Consents, Customer } from './customer.entity';
import { CustomerIdentity } from './identity/customer-identity.entity';
import { CUSTOMER_RESPONSE_COLUMNS, toCustomerResponse, toInteractionResponse } from './customer.mapper';
import { customerNotFound, identitiesSplit, identityTaken, invalidIdentity, isIdentityUniqueViolation } from './customers.errors';
import { ConsentsDto, CreateCustomerDto, CustomerLookupQueryDto, CustomerResponseDto, IdentityDto, MyClientDto, MyClientsQueryDto, UpdateCustomerDto } from './dto/customer.dto';
import { CreateInteractionDto, InteractionResponseDto, TimelineQueryDto } from './dto/interaction.dto';
import {
  Identity,
  InvalidIdentityError,
  buildSearchText,
  foldForSearch,
  normalizeEmail,
  normalizeIdentity,
  normalizePhone,
  parseIdentityParam,
} from './identity/identity-normalizer';
import { IdentityLookups } from './identity/identity-lookups';
import { TIMELINE_SOURCES } from './timeline.sql';
import { Interaction, PURCHASE_TYPE, REFUND_TYPE } from './interaction.entity';

const MAX_RESOLVE_ATTEMPTS = 5;

/** Normalises input identities, turning a bad value into a 400 naming the field. */
function normalizing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw invalidIdentity(error);
    throw error;
  }
}

@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identityLookups: IdentityLookups,
  ) {}

  /**
   * Resolve-or-create: identities already owned by one profile update that profile; owned by two, 409.
   * Concurrent creates with the same identity race on the unique index; the losers retry and resolve.
   */
  async resolveOrCreate(dto: CreateCustomerDto, source: string): Promise<{ customer: CustomerResponseDto; created: boolean }> {
    const identities = normalizing(() => this.identitiesOf(dto));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((m) => this.resolveInTransaction(m, dto, identities, source));
      } catch (error) {
        if (!isIdentityUniqueViolation(error) || attempt >= MAX_RESOLVE_ATTEMPTS) throw error;
      }
    }
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<CustomerResponseDto> {
    return toCustomerResponse(await this.findActive(manager, id));
  }

  async update(id: string, dto: UpdateCustomerDto, source: string): Promise<CustomerResponseDto> {
    const identities = normalizing(() => this.identitiesOf(dto));
    try {
      return await this.dataSource.transaction(async (m) => {
        const customer = await this.findActive(m, id, true);
        await this.claimIdentities(m, customer.id, identities);
        await this.applyFields(m, customer, dto, source);
        return this.get(id, m);
      });
    } catch (error) {
      throw isIdentityUniqueViolation(error) ? await this.conflictFor(identities) : error;
    }
  }

  async addIdentity(id: string, dto: IdentityDto): Promise<CustomerResponseDto> {
    const identity = normalizing(() => normalizeIdentity(dto.kind, dto.value));
    try {
      return await this.dataSource.transaction(async (m) => {
        const customer = await this.findActive(m, id, true);
        await this.claimIdentities(m, id, [identity]);
        if (identity.kind === 'email') customer.email ??= identity.value;
        if (identity.kind === 'phone') customer.phone ??= identity.value;
        await this.refreshSearchText(m, customer);
        return this.get(id, m);
      });
    } catch (error) {
      throw isIdentityUniqueViolation(error) ? await this.conflictFor([identity]) : error;
    }
  }

  /** Exact lookups by e-mail, phone or identity; `q` searches names, e-mails and phone prefixes; nothing lists all. */
  async lookup(query: CustomerLookupQueryDto): Promise<Page<CustomerResponseDto>> {
    const exact = normalizing(() =>
      query.email
        ? normalizeIdentity('email', query.email)
        : query.phone
          ? normalizeIdentity('phone', query.phone)
          : query.identity
            ? parseIdentityParam(query.identity)
            : undefined,
    );
    const limit = query.limit ?? 20;
    // An identity belongs to one profile at most, so there is no page to walk; with a cursor the general query applies.
    if (exact && !query.cursor) {
      const customer = await this.identityLookups.find(exact);
      return { items: customer ? [customer] : [], nextCursor: null };
    }
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['c.merged_into_id IS NULL', 'c.erased_at IS NULL'];
    if (exact) {
      where.push(`c.id = (SELECT customer_id FROM customer_identity WHERE kind = ${param(exact.kind)} AND value = ${param(exact.value)})`);
    } else if (query.q !== undefined) {
      where.push(...searchConditions(query.q, param));
    }
    const cursor = decodeCursor(query.cursor);
    if (cursor) where.push(`(c.created_at, c.id) < (${param(cursor.at)}, ${param(cursor.id)})`);
    const rows: CustomerResponseDto[] = await this.dataSource.query(
      `SELECT ${CUSTOMER_RESPONSE_COLUMNS} FROM customer c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (c) => c.createdAt,
      (c) => c,
    );
  }

  /**
   * The profiles an advisor owns (`ownerAdvisorId`), newest first, optionally searched like the lookup, each with
   * its last activity: the latest of its visits' last event and its recorded interactions.
   */
  async ownedBy(advisorId: string, query: MyClientsQueryDto): Promise<Page<MyClientDto>> {
    const limit = query.limit ?? 20;
    const params: unknown[] = [advisorId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['c.owner_advisor_id = $1', 'c.merged_into_id IS NULL', 'c.erased_at IS NULL'];
    if (query.q !== undefined) where.push(...searchConditions(query.q, param));
    const cursor = decodeCursor(query.cursor);
    if (cursor) where.push(`(c.created_at, c.id) < (${param(cursor.at)}, ${param(cursor.id)})`);
    const rows: MyClientDto[] = await this.dataSource.query(
      `SELECT ${CUSTOMER_RESPONSE_COLUMNS},
              greatest((SELECT max(v.last_event_at) FROM visit v WHERE v.customer_id = c.id),
                       (SELECT max(i.occurred_at) FROM interaction i WHERE i.customer_id = c.id)) AS "lastActivityAt"
         FROM customer c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (c) => c.createdAt,
      (c) => c,
    );
  }

  /**
   * The cross-channel timeline, newest first: recorded interactions plus the customer's chats and website visits,
   * read from their own tables so that every chat and visit shows, including those from before they were identified.
   */
  async timeline(id: string, query: TimelineQueryDto): Promise<Page<InteractionResponseDto>> {
    await this.findActive(this.dataSource.manager, id);
    const params: unknown[] = [id];
    const param = (value: unknown) => (params.push(value), `$${params.length}`);
    const where: string[] = [];
    if (query.channel) where.push(`t.channel = ${param(query.channel)}`);
    if (query.type) where.push(`t.type = ${param(query.type)}`);
    if (query.from) where.push(`t.occurred_at >= ${param(query.from)}`);
    if (query.to) where.push(`t.occurred_at < ${param(query.to)}`);
    const cursor = decodeCursor(query.cursor);
    if (cursor) where.push(`(t.occurred_at, t.id) < (${param(cursor.at)}, ${param(cursor.id)})`);
    const limit = query.limit ?? 20;
    const rows: (InteractionResponseDto & { amount: string | null })[] = await this.dataSource.query(
      `SELECT t.id, t.channel, t.type, t.occurred_at AS "occurredAt", t.summary, t.amount, t.data FROM (${TIMELINE_SOURCES}) t
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.occurred_at DESC, t.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (r) => r.occurredAt,
      (r) => ({ ...r, amount: r.amount === null ? null : Number(r.amount) }),
    );
  }

  async addInteraction(id: string, dto: CreateInteractionDto): Promise<InteractionResponseDto> {
    return this.dataSource.transaction(async (m) => {
      await this.findActive(m, id, true);
      const interaction = await m.save(
        m.create(Interaction, {
          customerId: id,
          channel: dto.channel,
          type: dto.type,
          occurredAt: dto.occurredAt ?? new Date(),
          summary: dto.summary ?? null,
          amount: dto.amount ?? null,
          data: dto.data ?? {},
        }),
      );
      if (dto.type === PURCHASE_TYPE || dto.type === REFUND_TYPE) await this.recomputeTotals(m, id);
      return toInteractionResponse(interaction);
    });
  }

  /** Lifetime value and order count are derived from the timeline, never edited directly. */
  async recomputeTotals(manager: EntityManager, customerId: string): Promise<void> {
    await manager.query(
      `UPDATE customer SET
         lifetime_value = t.value, order_count = t.orders, updated_at = now()
       FROM (SELECT coalesce(sum(CASE type WHEN $2 THEN amount WHEN $3 THEN -amount END), 0) AS value,
                    count(*) FILTER (WHERE type = $2) AS orders
             FROM interaction WHERE customer_id = $1) t
       WHERE customer.id = $1`,
      [customerId, PURCHASE_TYPE, REFUND_TYPE],
    );
  }

  /** A live profile (not merged away, not erased), optionally locked for update. */
  async findActive(manager: EntityManager, id: string, lock = false): Promise<Customer> {
    const customer = await manager.findOne(Customer, { where: { id }, ...(lock && { lock: { mode: 'pessimistic_write' as const } }) });
    if (!customer || customer.erasedAt) throw customerNotFound(id);
    if (customer.mergedIntoId) throw customerNotFound(id, customer.mergedIntoId);
    return customer;
  }

  async identitiesFor(manager: EntityManager, customerIds: string[]): Promise<Map<string, CustomerIdentity[]>> {
    const byCustomer = new Map<string, CustomerIdentity[]>();
    if (!customerIds.length) return byCustomer;
    const rows = await manager
      .getRepository(CustomerIdentity)
      .createQueryBuilder('i')
      .where('i.customer_id IN (:...customerIds)', { customerIds })
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .getMany();
    for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row]);
    return byCustomer;
  }

  async refreshSearchText(manager: EntityManager, customer: Customer): Promise<void> {
    const identities = (await this.identitiesFor(manager, [customer.id])).get(customer.id) ?? [];
    customer.searchText = buildSearchText(customer.name, identities);
    await manager.save(customer);
  }

  private async resolveInTransaction(m: EntityManager, dto: CreateCustomerDto, identities: Identity[], source: string) {
    const owners = await this.ownersOf(m, identities);
    const ownerIds = [...new Set(owners.map((o) => o.customerId))];
    if (ownerIds.length > 1) throw identitiesSplit(owners);
    const existing = ownerIds.length ? await this.findActive(m, ownerIds[0], true) : undefined;
    const customer = existing ?? (await m.save(m.create(Customer, {})));
    // Owners as read above: an identity claimed meanwhile by a concurrent create fails on the unique index and we retry.
    await this.claimIdentities(m, customer.id, identities, owners);
    await this.applyFields(m, customer, dto, source);
    return { customer: await this.get(customer.id, m), created: !existing };
  }

  private async applyFields(m: EntityManager, customer: Customer, dto: UpdateCustomerDto, source: string): Promise<void> {
    if (dto.name !== undefined) customer.name = dto.name;
    if (dto.email !== undefined) customer.email = normalizing(() => normalizeEmail(dto.email!));
    if (dto.phone !== undefined) customer.phone = normalizing(() => normalizePhone(dto.phone!));
    if (dto.locale !== undefined) customer.locale = dto.locale;
    if (dto.attributes) customer.attributes = { ...customer.attributes, ...dto.attributes };
    if (dto.tags) customer.tags = [...new Set([...customer.tags, ...dto.tags])];
    if (dto.preferredStoreId !== undefined) customer.preferredStoreId = dto.preferredStoreId;
    if (dto.ownerAdvisorId !== undefined) customer.ownerAdvisorId = dto.ownerAdvisorId;
    if (dto.consents) customer.consents = await this.recordConsents(m, customer, dto.consents, source);
    await this.refreshSearchText(m, customer);
  }

  /** Records each consent that changed, with when and where, and returns the new consent state. */
  private async recordConsents(m: EntityManager, customer: Customer, dto: ConsentsDto, source: string): Promise<Consents> {
    const consents = { ...customer.consents };
    const at = new Date().toISOString();
    for (const kind of ['marketingEmail', 'tracking'] as const) {
      const change = dto[kind];
      if (!change || consents[kind]?.granted === change.granted) continue;
      consents[kind] = { granted: change.granted, at, source: dto.source ?? source };
      if (customer.id) await m.insert(ConsentEvent, { customerId: customer.id, consent: kind, granted: change.granted, source: dto.source ?? source });
    }
    return consents;
  }

  private identitiesOf(dto: UpdateCustomerDto & { identities?: IdentityDto[] }): Identity[] {
    const all = [
      ...(dto.identities ?? []).map((i) => normalizeIdentity(i.kind, i.value)),
      ...(dto.email ? [normalizeIdentity('email', dto.email)] : []),
      ...(dto.phone ? [normalizeIdentity('phone', dto.phone)] : []),
    ];
    return all.filter((identity, index) => all.findIndex((o) => o.kind === identity.kind && o.value === identity.value) === index);
  }

  private async ownersOf(m: EntityManager, identities: Identity[]): Promise<CustomerIdentity[]> {
    if (!identities.length) return [];
    const qb = m.getRepository(CustomerIdentity).createQueryBuilder('i');
    identities.forEach((identity, n) => qb.orWhere(`(i.kind = :k${n} AND i.value = :v${n})`, { [`k${n}`]: identity.kind, [`v${n}`]: identity.value }));
    return qb.getMany();
  }

  /** Adds the identities this profile does not own yet; one owned by another profile is a 409. */
  private async claimIdentities(m: EntityManager, customerId: string, identities: Identity[], knownOwners?: CustomerIdentity[]): Promise<void> {
    const owners = knownOwners ?? (await this.ownersOf(m, identities));
    const foreign = owners.find((o) => o.customerId !== customerId);
    if (foreign) throw identityTaken(foreign.kind, foreign.value, foreign.customerId);
    const missing = identities.filter((i) => !owners.some((o) => o.kind === i.kind && o.value === i.value));
    if (missing.length)
      await m.insert(
        CustomerIdentity,
        missing.map((i) => ({ ...i, customerId })),
      );
  }

  private async conflictFor(identities: Identity[]) {
    const owners = await this.ownersOf(this.dataSource.manager, identities);
    return owners.length
      ? identityTaken(owners[0].kind, owners[0].value, owners[0].customerId)
      : badRequest('IDENTITY_RACE', 'An identity changed owner during the request; retry');
  }
}

/** `q` as SQL conditions on `customer c`: names, e-mails and phone prefixes, matched from the start of a word. */
function searchConditions(raw: string, param: (value: unknown) => string): string[] {
  const q = foldForSearch(raw)
    .replace(/^\+/, '')
    .replace(/[%_\\]/g, '');
  if (q.length < 2) throw badRequest('QUERY_TOO_SHORT', 'q needs at least 2 characters', [{ field: 'q', reasons: ['at least 2 characters'] }]);
  const term = /^[\d ]+$/.test(q) ? q.replace(/ /g, '') : q;
  // The first test uses the trigram index on search_text; the second keeps matches to the start of a word.
  return [`c.search_text LIKE ${param(`%${term}%`)}`, `(' ' || c.search_text) LIKE ${param(`% ${term}%`)}`];
}
