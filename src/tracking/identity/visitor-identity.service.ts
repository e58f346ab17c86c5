import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TtlCache } from '../../common/ttl-cache';
import { Customer } from '../../customers/customer.entity';
import { CustomerIdentity } from '../../customers/identity/customer-identity.entity';
import { IdentityKind, normalizeIdentity } from '../../customers/identity/identity-normalizer';
import { Site } from '../../sites/site.entity';
import type { CustomerFacts } from '../visit-context';
import { verifyIdentityToken, type IdentityClaims } from './identity-token';

const CLAIM_KINDS: [keyof IdentityClaims, IdentityKind][] = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['externalId', 'external_id'],
  ['loyaltyCard', 'loyalty_card'],
];

/** The customer columns the targeting facts read. */
export const CUSTOMER_FACT_COLUMNS = { id: true, tags: true, lifetimeValue: true, attributes: true, erasedAt: true, mergedIntoId: true } as const;

/** What targeting rules may read of a customer; nothing once erased. */
export function toCustomerFacts(customer: Pick<Customer, 'tags' | 'lifetimeValue' | 'attributes' | 'erasedAt'>): CustomerFacts | null {
  if (customer.erasedAt) return null;
  const segment = customer.attributes?.segment;
  return { tags: customer.tags, lifetimeValue: customer.lifetimeValue, ...(typeof segment === 'string' && { segment }) };
}

/**
 * Who a visitor is: only a valid identity token (signed with the site's identity secret) names a customer, for
 * the visit it starts. The visitor id is a cookie anyone can copy, so it is neither proof nor recorded as an
 * identity; a visit without a valid token is anonymous, whatever visits the same visitor id made before.
 */
@Injectable()
export class VisitorIdentityService {
  private readonly secrets = new TtlCache<string | null>(30_000);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async resolve(siteId: string, identityToken: string | undefined, now: Date): Promise<string | null> {
    if (!identityToken) return null;
    const secret = await this.secretOf(siteId);
    const claims = secret ? verifyIdentityToken(identityToken, secret, now) : null;
    return claims ? this.customerFor(claims) : null;
  }

  /** The customer's tags, lifetime value and segment, for targeting facts. */
  async customerFacts(manager: EntityManager, customerId: string): Promise<CustomerFacts | null> {
    const customer = await manager.findOne(Customer, { where: { id: customerId }, select: CUSTOMER_FACT_COLUMNS });
    return customer ? toCustomerFacts(customer) : null;
  }

  private async customerFor(claims: IdentityClaims): Promise<string | null> {
    if (claims.customerId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(claims.customerId)) {
      const customer = await this.dataSource.getRepository(Customer).findOne({ where: { id: claims.customerId }, select: { id: true, mergedIntoId: true, erasedAt: true } });
      if (customer && !customer.erasedAt) return customer.mergedIntoId ?? customer.id;
    }
    for (const [claim, kind] of CLAIM_KINDS) {
      const raw = claims[claim];
      if (!raw) continue;
      let value: string;
      try {
        value = normalizeIdentity(kind, raw).value;
      } catch {
        continue;
      }
      const owner = await this.ownerOf(kind, value);
      if (owner) return owner;
    }
    return null;
  }

  private async ownerOf(kind: IdentityKind, value: string): Promise<string | null> {
    const identity = await this.dataSource.getRepository(CustomerIdentity).findOne({ where: { kind, value }, select: { id: true, customerId: true } });
    return identity?.customerId ?? null;
  }

  private async secretOf(siteId: string): Promise<string | null> {
    let secret = this.secrets.get(siteId);
    if (secret === undefined) {
      const site = await this.dataSource.getRepository(Site).findOne({ where: { id: siteId }, select: { id: true, identitySecret: true } });
      secret = site?.identitySecret ?? null;
      this.secrets.set(siteId, secret);
    }
    return secret;
  }
}
