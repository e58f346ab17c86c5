import { badRequest, notFound, unauthorized } from '../common/domain-error';
import type { FieldError } from '../common/validation.pipe';

export const visitNotFound = (id: string) => notFound('VISIT_NOT_FOUND', `No visit with id ${id}`);

export const visitTokenMismatch = () => unauthorized('VISIT_TOKEN_MISMATCH', 'The visit token was issued for another visit');

export const invalidEvents = (errors: FieldError[]) =>
  badRequest(
    'INVALID_EVENTS',
    `Invalid events: ${errors
      .slice(0, 3)
      .map((e) => `${e.field}: ${e.reasons[0]}`)
      .join('; ')}`,
    errors,
  );
