import type { z } from 'zod';
import { fieldPath } from '../common/schema';
import { RULE_LIMITS, type RuleErrorCode } from './rule-schema-parts';
import { rulePatchSchema, ruleSchema } from './rule.schema';

// Validates an untrusted rule payload before it is stored or compiled. Every error names the path of the bad field
// (`conditions.all[2].operator`) and a code, so the console can point at it and say why.
//
// For a PATCH, validate the patch with mode 'patch' (shape only, nothing required), then validate the merged rule with
// mode 'create': checks across fields (fallback vs action, from <= to) need both sides.

export { RULE_LIMITS, type RuleErrorCode };

export interface RuleValidationError {
  path: string;
  code: RuleErrorCode;
  message: string;
}

/** Returns every problem found (empty when valid, at most `maxErrors`), each with the path of the bad field. */
export function validateRule(payload: unknown, mode: 'create' | 'patch' = 'create'): RuleValidationError[] {
  const result = (mode === 'create' ? ruleSchema : rulePatchSchema).safeParse(payload, { reportInput: true });
  return result.success ? [] : ruleErrors(result.error.issues).slice(0, RULE_LIMITS.maxErrors);
}

/** zod's issues in the API's words: custom issues carry their code, the others are translated. */
function ruleErrors(issues: readonly z.core.$ZodIssue[]): RuleValidationError[] {
  return unknownKeysFirst(issues).flatMap((issue): RuleValidationError[] => {
    const path = fieldPath(issue.path);
    switch (issue.code) {
      case 'custom':
        return [{ path, code: (issue.params?.code as RuleErrorCode | undefined) ?? 'invalid_value', message: issue.message }];
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ path: fieldPath([...issue.path, key]), code: 'unknown_field', message: `unknown field "${key}"` }));
      case 'invalid_type':
        if (issue.input === undefined) return [{ path, code: 'required', message: `${String(issue.path.at(-1))} is required` }];
        return [{ path, code: 'invalid_type', message: issue.message }];
      case 'too_big':
      case 'too_small':
        return [{ path, code: 'out_of_range', message: issue.message }];
      default:
        return [{ path, code: 'invalid_value', message: issue.message }];
    }
  });
}

/** zod reports an object's unknown keys after its fields; the API names them first, as a reader scans the object. */
function unknownKeysFirst(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const inside = issue.code === 'unrecognized_keys' ? out.findIndex((other) => issue.path.every((key, i) => other.path[i] === key)) : -1;
    out.splice(inside === -1 ? out.length : inside, 0, issue);
  }
  return out;
}
