import { z } from 'zod';

// Building blocks of the rule schema. zod's own issue codes are translated for the console by `ruleErrors`;
// where the console wants a finer code (`unknown_operator`, `invalid_date`...) the issue is a custom one
// carrying it in `params.code`.

export type RuleErrorCode =
  | ('required' | 'unknown_field' | 'invalid_type' | 'invalid_value' | 'out_of_range')
  | ('unknown_fact' | 'unknown_operator' | 'operator_not_allowed' | 'invalid_condition' | 'invalid_glob' | 'too_deep' | 'too_many_conditions')
  | ('unknown_action_type' | 'offer_code_required' | 'offer_not_allowed' | 'message_required' | 'invalid_fallback')
  | ('invalid_time_zone' | 'invalid_date' | 'invalid_time');

export const RULE_LIMITS = {
  maxDepth: 10,
  maxLeaves: 200,
  maxNodes: 400,
  maxListValues: 500,
  maxValueLength: 500,
  maxNameLength: 200,
  maxMessageLength: 1000,
  maxPriority: 1_000_000,
  maxPerVisit: 100,
  /** A hostile payload gets a bounded answer. */
  maxErrors: 50,
} as const;

type Message = string | ((input: unknown) => string);

/**
 * Options of a refinement whose failure the console sees as `code`. Never `abort`: an aborting issue would also stop
 * the checks across fields above it, and the console wants every problem in one answer.
 */
export const fail = (code: RuleErrorCode, message: Message) => ({
  params: { code },
  error: (issue: { input?: unknown }) => (typeof message === 'string' ? message : message(issue.input)),
});

type Checked = z.core.ParsePayload<unknown>;

/** Reports a problem found by a check across fields, at `path` below the checked value. */
export function report(ctx: Checked, path: PropertyKey[], code: RuleErrorCode, message: string): void {
  ctx.issues.push({ code: 'custom', path, message, params: { code }, input: undefined });
}

/** Checks `value` with a schema chosen from its siblings, reporting under `path` as if the schema stood there. */
export function forward(ctx: Checked, schema: z.ZodType, value: unknown, path: PropertyKey[]): void {
  const result = schema.safeParse(value, { reportInput: true });
  for (const issue of result.error?.issues ?? []) ctx.issues.push({ ...issue, path: [...path, ...issue.path] } as z.core.$ZodRawIssue);
}

/** PostgreSQL cannot store U+0000 in text or jsonb: refused here rather than failing the insert. */
export const string = z.string({ error: 'must be a string' }).refine((s) => !s.includes('\u0000'), fail('invalid_value', 'must not contain NUL characters'));

/** A string with something in it. */
export const text = (max: number) => string.refine((s) => s.trim() !== '', fail('invalid_value', 'must not be empty')).max(max, `must be at most ${max} characters`);

/** An integer in [min, max]; not zod's `int()`, whose own safe-integer bound would answer 1e20 twice. */
export const integer = (min: number, max: number) =>
  z
    .number({ error: 'must be an integer' })
    .refine(Number.isInteger, fail('invalid_type', 'must be an integer'))
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .meta({ type: 'integer' });

/** A value `ok` accepts, refused with `code` whatever its type: the console shows one message per field. */
export const valueWhere = <T>(ok: (value: unknown) => boolean, code: RuleErrorCode, message: Message, doc: Record<string, unknown>) =>
  z.custom<T>(ok, { ...fail(code, message), abort: false }).meta(doc); // z.custom aborts by default

/** One of a fixed list; missing is `required`, anything else (even not a string) `code`. */
export const oneOf = <T extends string>(field: string, values: readonly T[], code: RuleErrorCode, message: (input: unknown) => string) =>
  z
    .custom<T>()
    .superRefine((value, ctx) => {
      if (!(values as readonly unknown[]).includes(value)) report(ctx, [], value === undefined ? 'required' : code, value === undefined ? `${field} is required` : message(value));
    })
    .meta({ type: 'string', enum: [...values] });
