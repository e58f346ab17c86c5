import { Customer } from './customer.entity';
import { CustomerIdentity } from './customer-identity.entity';
import { CustomerResponseDto } from './dto/customer.dto';
import { InteractionResponseDto } from './dto/interaction.dto';
import { Interaction } from './interaction.entity';

export const toCustomerResponse = (c: Customer, identities: Pick<CustomerIdentity, 'kind' | 'value'>[]): CustomerResponseDto => ({
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
  identities: identities.map((i) => ({ kind: i.kind, value: i.value })),
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
