import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { badRequest } from '../common/domain-error';
import { Customer } from '../customers/customer.entity';
import { CustomerIdentity } from '../customers/identity/customer-identity.entity';
import { CustomersService } from '../customers/customers.service';
import { InteractionChannel } from '../customers/interaction.entity';
import { InvalidIdentityError, normalizeEmail, normalizePhone } from '../customers/identity/identity-normalizer';
import type { VisitorRequestEntity } from './visitor-request.entity';
import { textLanguage, TextLanguage } from './texts/visitor-texts';

export interface ContactInput {
  email?: string | null;
  phone?: string | null;
  /** The customer the caller's visit proved with a signed identity token. */
  identifiedCustomerId?: string | null;
  /** The locale the visitor's request states; else the conversation's, else the customer's. */
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
  customer: CustomerSummary | null;
}

export const handoffOf = (r: VisitorRequestEntity, customers: Map<string, CustomerSummary>): RequestHandoff => ({
  conversationId: r.conversationId,
  visitId: r.visitId,
  language: r.language,
  customer: (r.customerId && customers.get(r.customerId)) || null,
});

/**
 * Links escalations to the unified profile: finds the customer behind an e-mail, phone or web visitor id
 * (never creates one), and writes escalation events on their timeline.
 */
@Injectable()
export class EscalationContactsService {
  private readonly logger = new Logger(EscalationContactsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
  ) {}

  /** Normalises the contact and finds its customer, whose e-mail fills in a missing one; and the visitor's language. */
  async resolve(input: ContactInput): Promise<ResolvedContact> {
    const email = input.email ? normalizeContactEmail(input.email) : null;
    const phone = input.phone ? normalizeContactPhone(input.phone) : null;
    const candidates = [
      ...(email ? [{ kind: 'email' as const, value: email }] : []),
      ...(phone ? [{ kind: 'phone' as const, value: phone }] : []),
    ];
    let customer: Customer | null = input.identifiedCustomerId ? await this.dataSource.getRepository(Customer).findOneBy({ id: input.identifiedCustomerId }) : null;
    for (const identity of customer ? [] : candidates) {
      const owner = await this.dataSource.getRepository(CustomerIdentity).findOneBy(identity);
      if (!owner) continue;
      const found = await this.dataSource.getRepository(Customer).findOneBy({ id: owner.customerId });
      if (found && !found.erasedAt && !found.mergedIntoId) {
        customer = found;
        break;
      }
    }
    const language = textLanguage(input.locale ?? (await this.conversationLocale(input.conversationId)) ?? customer?.locale);
    return { customerId: customer?.id ?? null, email: email ?? customer?.email ?? null, phone, language };
  }

  private async conversationLocale(conversationId: string | null | undefined): Promise<string | undefined> {
    if (!conversationId) return undefined;
    const [row] = await this.dataSource.query(`SELECT locale FROM conversation WHERE id = $1`, [conversationId]);
    return row?.locale;
  }

  async summaries(customerIds: (string | null)[]): Promise<Map<string, CustomerSummary>> {
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
  async addToTimeline(customerId: string | null, entry: { channel: InteractionChannel; type: string; summary: string; data: Record<string, unknown>; occurredAt?: Date }): Promise<void> {
    if (!customerId) return;
    try {
      await this.customers.addInteraction(customerId, entry);
    } catch (error) {
      this.logger.warn({ err: error, customerId, type: entry.type }, 'Timeline entry not written');
    }
  }
}
