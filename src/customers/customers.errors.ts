import { QueryFailedError } from 'typeorm';
import { badRequest, conflict, notFound } from '../common/domain-error';
import { InvalidIdentityError } from './identity/identity-normalizer';
import type { CustomerIdentity } from './identity/customer-identity.entity';

export const customerNotFound = (id: string, mergedIntoId?: string | null) =>
  notFound('CUSTOMER_NOT_FOUND', mergedIntoId ? `Customer ${id} was merged into ${mergedIntoId}` : `No customer with id ${id}`, mergedIntoId ? { mergedIntoId } : undefined);

export const identityTaken = (kind: string, value: string, ownerId: string) =>
  conflict('IDENTITY_TAKEN', `The ${kind} identity already belongs to customer ${ownerId}`, { kind, ownerId });

export const invalidIdentity = (error: InvalidIdentityError) => badRequest('INVALID_IDENTITY', error.message, [{ field: error.kind, reasons: [error.message] }]);

export const isIdentityUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'customer_identity_kind_value_key';

export function identitiesSplit(owners: CustomerIdentity[]) {
  const customerIds = [...new Set(owners.map((o) => o.customerId))];
  return conflict('IDENTITIES_SPLIT', `These identities belong to different customers: ${customerIds.join(' and ')}; merge them first`, {
    customerIds,
    identities: owners.map((o) => ({ kind: o.kind, customerId: o.customerId })),
  });
}
