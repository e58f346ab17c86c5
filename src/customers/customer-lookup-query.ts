import { z } from 'zod';
import { parseOrThrow } from '../common/schema';
import type { CustomerLookupQueryDto } from './dto/customer.dto';

const LIMIT = { default: 20, min: 1, max: 100 };

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, { error: `${field} must be shorter than or equal to ${max} characters` })
    .optional();

/** Converted as class-transformer's `@Type(() => Number)` does, so " 5" is 5 and "abc" is refused. */
const limit = z
  .string({ error: 'limit must be an integer number' })
  .transform(Number)
  .pipe(
    z
      .number({ error: 'limit must be an integer number' })
      .int({ error: 'limit must be an integer number' })
      .min(LIMIT.min, { error: `limit must not be less than ${LIMIT.min}` })
      .max(LIMIT.max, { error: `limit must not be greater than ${LIMIT.max}` }),
  )
  .default(LIMIT.default);

/**
 * The lookup query, checked by a schema rather than class-validator as it runs on every lookup at the till. Same rules
 * and wording as the decorators on `CustomerLookupQueryDto`, which still document it; a unit test compares both.
 */
export const customerLookupQuery = z.strictObject({
  email: text('email', 254),
  phone: text('phone', 40),
  identity: text('identity', 260),
  q: text('q', 100),
  cursor: text('cursor', 500),
  limit,
});

export const parseCustomerLookupQuery = (raw: unknown): CustomerLookupQueryDto => parseOrThrow(customerLookupQuery, raw ?? {});
