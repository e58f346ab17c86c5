import { Customer } from './customer.entity';
import { CustomerResponseDto } from './dto/customer.dto';
import { InteractionResponseDto } from './dto/interaction.dto';
import { Interaction } from './interaction.entity';

/** The columns of `CustomerResponseDto` (table `customer c`), for queries that skip entity mapping; keep in step with `toCustomerResponse`. */
export const CUSTOMER_RESPONSE_COLUMNS = `c.id, c.name, c.email, c.phone, c.locale, c.consents, c.attributes, c.tags,
  c.preferred_store_id AS "preferredStoreId", c.owner_advisor_id AS "ownerAdvisorId",
  c.lifetime_value::float8 AS "lifetimeValue", c.order_count AS "orderCount",
  c.identities,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

export const toCustomerResponse = (c: Customer): CustomerResponseDto => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  locale: c.locale,
  consents: c.consents,
  attributes: c.attributes,
  tags: c.tags,
  preferredStoreId: c.preferredStoreId,
  ownerAdvisorId: c.ownerAdvisorId,
  lifetimeValue: c.lifetimeValue,
  orderCount: c.orderCount,
  identities: c.identities,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const toInteractionResponse = (i: Interaction): InteractionResponseDto => ({
  id: i.id,
  channel: i.channel,
  type: i.type,
  occurredAt: i.occurredAt,
  summary: i.summary,
  amount: i.amount,
  data: i.data,
});
