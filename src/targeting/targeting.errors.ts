import { badRequest, notFound } from '../common/domain-error';
import type { RuleValidationError } from './rule-validator';

export const ruleNotFound = (id: string) => notFound('TARGETING_RULE_NOT_FOUND', `No targeting rule with id ${id}`);

/** 400 naming the path of each bad field, in the same `details` shape as the validation pipe. */
export const invalidRule = (errors: RuleValidationError[]) =>
  badRequest(
    'INVALID_RULE',
    `Invalid rule: ${errors
      .slice(0, 3)
      .map((e) => `${e.path || '(body)'}: ${e.message}`)
      .join('; ')}`,
    errors.map((e) => ({ field: e.path, code: e.code, reasons: [e.message] })),
  );
