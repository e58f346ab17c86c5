import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, In } from 'typeorm';
import type { AdvisorPrincipal, VisitorPrincipal } from '../common/auth/principal';
import { badRequest } from '../common/domain-error';
import { conversationNotFound } from '../conversations/conversation-rules';
import { Customer } from '../customers/customer.entity';
import { CustomersService } from '../customers/customers.service';
import { InteractionChannel } from '../customers/interaction.entity';
import { ProfileAccessLog } from '../customers/privacy/profile-access.log';
import { InvalidIdentityError, normalizeEmail, normalizePhone } from '../customers/identity/identity-normalizer';
import { alreadyLinked, noMatchingProfile, severalMatchingProfiles } from './escalations.errors';
import type { VisitorRequestEntity } from './visitor-request.entity';
import { identifiedCustomerOf } from '../tracking/identity/identified-customer';
import { textLanguage, TextLanguage } from './texts/visitor-texts';

export interface ContactInput {
  email?: string | null;
  phone?: string | null;
  /** The locale the visitor's request states; else the conversation's, else the identified customer's. */
  locale?: string | null;
  conversationId?: string | null;
}

export interface ResolvedContact {
  customerId: string | null;
  email: string | null;
  phone: string | null;
  language: TextLanguage;
}

/** What an advisor sees about the person before calling or meeting them. */
export interface CustomerSummary {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  lifetimeValue: number;
  orderCount: number;
}

/** Phone in E.164 like customers' identities; a bad number is a 400 naming the field. */
export function normalizeContactPhone(raw: string, field = 'phone'): string {
  try {
    return normalizePhone(raw);
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw badRequest('INVALID_PHONE', error.message, [{ field, reasons: [error.message] }]);
    throw error;
  }
}

function normalizeContactEmail(raw: string): string {
  try {
    return normalizeEmail(raw);
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw badRequest('INVALID_EMAIL', error.message, [{ field: 'email', reasons: [error.message] }]);
    throw error;
  }
}

/** What the advisor taking a request is handed: where it came from, who is asking, and the language to speak. */
export interface RequestHandoff {
  conversationId: string | null;
  visitId: string | null;
  language: TextLanguage;
  /** The customer the visitor was identified as (signed token), or the profile an advisor linked. */
  customer: CustomerSummary | null;
  /** The typed e-mail or phone belongs to a profile this request is not linked to; `link-profile` links it. No profile data until then. */
  contactMatchesProfile: boolean;
}

/** A request with the contact its visitor typed. */
export type ContactRequest = VisitorRequestEntity & { id: string; email?: string | null; phone?: string | null };

/** What the handoffs of a page of requests need, read in two queries. */
export interface HandoffLookup {
  customers: Map<string, CustomerSummary>;
  /** Ids of unlinked requests whose typed contact matches a profile. */
  matching: Set<string>;
}

export const handoffOf = (r: VisitorRequestEntity & { id: string }, lookup: HandoffLookup): RequestHandoff => ({
  conversationId: r.conversationId,
  visitId: r.visitId,
  language: r.language,
  customer: (r.customerId && lookup.customers.get(r.customerId)) || null,
  contactMatchesProfile: lookup.matching.has(r.id),
});

/**
 * Links escalations to the unified profile: the customer the visit was identified as (never one guessed from a
 * typed contact), and writes escalation events on their timeline.
 */
@Injectable()
export class EscalationContactsService {
  private readonly logger = new Logger(EscalationContactsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly profileAccess: ProfileAccessLog,
  ) {}

  /**
   * Normalises the contact the visitor typed, and finds who is asking: only the customer their visit was
   * identified as by a signed token. A typed e-mail or phone proves nothing, so it is kept as typed and never
   * looked up here (advisors see whether it matches a profile and may link it themselves). The conversation
   * must be the visitor's own: anyone else's answers 404 like an unknown one.
   */
  async resolve(visitor: VisitorPrincipal, input: ContactInput): Promise<ResolvedContact> {
    const email = input.email ? normalizeContactEmail(input.email) : null;
    const phone = input.phone ? normalizeContactPhone(input.phone) : null;
    const conversationLocale = input.conversationId ? await this.ownConversationLocale(visitor, input.conversationId) : undefined;
    const customerId = await identifiedCustomerOf(this.dataSource.manager, visitor);
    const customer = customerId ? await this.dataSource.getRepository(Customer).findOneBy({ id: customerId }) : null;
    const language = textLanguage(input.locale ?? conversationLocale ?? customer?.locale);
    // A customer proven by the merchant's signature gets their booking confirmed at their own address.
    return { customerId: customer?.id ?? null, email: email ?? customer?.email ?? null, phone, language };
  }

  private async ownConversationLocale(visitor: VisitorPrincipal, conversationId: string): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT locale FROM conversation WHERE id = $1 AND site_id = $2 AND visitor_id = $3`, [
      conversationId,
      visitor.siteId,
      visitor.visitorId ?? null,
    ])) as { locale: string }[];
    if (!row) throw conversationNotFound(conversationId);
    return row.locale;
  }

  async handoffs(requests: ContactRequest[]): Promise<HandoffLookup> {
    const unlinked = requests.filter((r) => !r.customerId);
    const owners = await this.profilesOwning(this.dataSource.manager, unlinked);
    const matching = new Set(unlinked.filter((r) => owners.has(`email:${r.email}`) || owners.has(`phone:${r.phone}`)).map((r) => r.id));
    return { customers: await this.summaries(requests.map((r) => r.customerId)), matching };
  }

  /**
   * An advisor links an unlinked request to the profile its typed contact matches, after checking with the
   * person; recorded in the profile access audit.
   */
  async linkMatchingProfile(m: EntityManager, advisor: AdvisorPrincipal, request: ContactRequest, target: EntityTarget<ContactRequest>, label: string): Promise<void> {
    if (request.customerId) throw alreadyLinked(label);
    const owners = new Set((await this.profilesOwning(m, [request])).values());
    if (owners.size === 0) throw noMatchingProfile(label);
    if (owners.size > 1) throw severalMatchingProfiles();
    const [customerId] = owners;
    await m.update(target, { id: request.id }, { customerId });
    request.customerId = customerId;
    this.profileAccess.record(advisor, [customerId], 'link_request', `${label} ${request.id}`);
  }

  /** Live profiles owning these requests' typed e-mails and phones, keyed `email:<value>` / `phone:<value>`. */
  private async profilesOwning(m: EntityManager, requests: ContactRequest[]): Promise<Map<string, string>> {
    const emails = [...new Set(requests.flatMap((r) => (r.email ? [r.email] : [])))];
    const phones = [...new Set(requests.flatMap((r) => (r.phone ? [r.phone] : [])))];
    if (!emails.length && !phones.length) return new Map();
    const rows = (await m.query(
      `SELECT i.kind, i.value, i.customer_id FROM customer_identity i JOIN customer c ON c.id = i.customer_id
       WHERE c.erased_at IS NULL AND c.merged_into_id IS NULL AND ((i.kind = 'email' AND i.value = ANY($1)) OR (i.kind = 'phone' AND i.value = ANY($2)))`,
      [emails, phones],
    )) as { kind: string; value: string; customer_id: string }[];
    return new Map(rows.map((r) => [`${r.kind}:${r.value}`, r.customer_id]));
  }

  private async summaries(customerIds: (string | null)[]): Promise<Map<string, CustomerSummary>> {
    const ids = [...new Set(customerIds.filter((id): id is string => !!id))];
    const map = new Map<string, CustomerSummary>();
    if (!ids.length) return map;
    const rows = await this.dataSource.getRepository(Customer).findBy({ id: In(ids) });
    for (const c of rows) {
      if (c.erasedAt) continue;
      map.set(c.id, { id: c.id, name: c.name, email: c.email, phone: c.phone, tags: c.tags, lifetimeValue: c.lifetimeValue, orderCount: c.orderCount });
    }
    return map;
  }

  /** Best effort: the escalation stands even if the profile was merged or erased meanwhile. */
  async addToTimeline(
    customerId: string | null,
    entry: { channel: InteractionChannel; type: string; summary: string; data: Record<string, unknown>; occurredAt?: Date },
  ): Promise<void> {
    if (!customerId) return;
    try {
      await this.customers.addInteraction(customerId, entry);
    } catch (error) {
      this.logger.warn({ err: error, customerId, type: entry.type }, 'Timeline entry not written');
    }
  }
}
