import { isInt, isString, max, maxLength, min } from 'class-validator';
import { FieldErrors, validationFailed } from '../common/validation.pipe';
import type { CustomerLookupQueryDto } from './dto/customer.dto';

const TEXT_MAX_LENGTHS: Record<string, number> = { email: 254, phone: 40, identity: 260, q: 100, cursor: 500 };
const LIMIT = { default: 20, min: 1, max: 100 };

/**
 * The lookup query checked by hand, as it runs on every lookup at the till: the rules and messages of the
 * class-validator decorators on `CustomerLookupQueryDto`, with class-validator's own predicates; a unit test
 * compares both on the same inputs.
 */
export function parseCustomerLookupQuery(raw: unknown): CustomerLookupQueryDto {
  const input = (raw ?? {}) as Record<string, unknown>;
  const query: Record<string, unknown> = { limit: LIMIT.default };
  const errors: FieldErrors[] = [];
  for (const field of Object.keys(input)) {
    const value = input[field];
    const reasons = field === 'limit' ? limitReasons(value) : field in TEXT_MAX_LENGTHS ? textReasons(field, value) : [`property ${field} should not exist`];
    if (reasons.length) errors.push({ field, reasons });
    else query[field] = field === 'limit' ? Number(value) : value;
  }
  if (errors.length) throw validationFailed(errors);
  return query as CustomerLookupQueryDto;
}

function textReasons(field: string, value: unknown): string[] {
  const reasons: string[] = [];
  if (!isString(value)) reasons.push(`${field} must be a string`);
  if (!maxLength(value, TEXT_MAX_LENGTHS[field])) reasons.push(`${field} must be shorter than or equal to ${TEXT_MAX_LENGTHS[field]} characters`);
  return reasons;
}

/** Converted as class-transformer's `@Type(() => Number)` does, so " 5" is 5 and "abc" is refused. */
function limitReasons(value: unknown): string[] {
  const n = typeof value === 'string' ? Number(value) : NaN;
  const reasons: string[] = [];
  if (!isInt(n)) reasons.push('limit must be an integer number');
  if (!min(n, LIMIT.min)) reasons.push(`limit must not be less than ${LIMIT.min}`);
  if (!max(n, LIMIT.max)) reasons.push(`limit must not be greater than ${LIMIT.max}`);
  return reasons;
}
