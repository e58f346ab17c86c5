import { z } from 'zod';
import { isObject } from '../common/schema';
import { conditionsSchema } from './condition.schema';
import { isValidTimeZone, parseHourMinute, parseScheduleBound } from './engine/schedule';
import { ACTION_TYPES, ADVISOR_ACTIONS, type ActionType } from './engine/targeting-rule';
import { fail, forward, integer, oneOf, report, RULE_LIMITS, string, text, valueWhere } from './rule-schema-parts';

// A targeting rule as the API takes it. Checks that need two fields at once (fallback vs action, from <= to) are
// `check`s that run even when another field is wrong, so every problem is listed in one answer.

const always = { when: () => true };
const actionType = (action: unknown): ActionType | undefined =>
  isObject(action) && (ACTION_TYPES as readonly unknown[]).includes(action.type) ? (action.type as ActionType) : undefined;

const offer = z.strictObject(
  { code: string.regex(/^\S{1,64}$/, '1 to 64 characters, no spaces').optional(), label: text(RULE_LIMITS.maxNameLength).optional() },
  { error: 'must be an object' },
);

const action = z
  .strictObject(
    {
      type: oneOf('type', ACTION_TYPES, 'unknown_action_type', (v) => `unknown action type "${String(v)}"; one of ${ACTION_TYPES.join(', ')}`),
      /** Required for `chat_invitation`. */
      message: text(RULE_LIMITS.maxMessageLength).optional(),
      offer: z.unknown().optional().meta({ type: 'object', description: '`discount_offer` only: `{code, label?}`' }),
    },
    { error: 'an action must be an object' },
  )
  .superRefine((_, ctx) => {
    const type = actionType(ctx.value);
    if (type === undefined) return;
    const { message, offer: given } = ctx.value;
    if (type === 'chat_invitation' && message === undefined) report(ctx, ['message'], 'message_required', 'an invitation needs a message');
    if (given !== undefined && type !== 'discount_offer') return report(ctx, ['offer'], 'offer_not_allowed', 'only a discount_offer carries an offer');
    if (type !== 'discount_offer') return;
    if (!isObject(given)) return report(ctx, ['offer', 'code'], 'offer_code_required', 'a discount needs an offer with a code');
    if (given.code === undefined) report(ctx, ['offer', 'code'], 'offer_code_required', 'a discount needs a code');
    forward(ctx, offer, given, ['offer']);
  }, always);

const DATE = 'a date YYYY-MM-DD or an ISO date-time with offset';
const date = valueWhere<string>((v) => typeof v === 'string' && parseScheduleBound(v) !== undefined, 'invalid_date', DATE, { type: 'string', description: DATE });
const hour = (endOfDay: boolean) => {
  const message = `HH:MM, 00:00 to ${endOfDay ? '24:00' : '23:59'}`;
  return valueWhere<string>((v) => typeof v === 'string' && parseHourMinute(v, endOfDay) !== undefined, 'invalid_time', message, { type: 'string', description: message });
};
const DAYS = 'a day is 1 (Monday) to 7 (Sunday)';
const isDay = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 7;
const day = valueWhere<number>(isDay, 'out_of_range', DAYS, { type: 'integer', minimum: 1, maximum: 7 });
const NON_EMPTY_DAYS = 'a non-empty array of days 1 (Monday) to 7 (Sunday)';

const schedule = z
  .strictObject(
    {
      from: date.optional(),
      to: date.optional(),
      daysOfWeek: z
        .array(day, { error: NON_EMPTY_DAYS })
        .refine((days) => days.length > 0, fail('invalid_type', NON_EMPTY_DAYS))
        .check((ctx) => ctx.value.forEach((d, i) => isDay(d) && ctx.value.indexOf(d) !== i && report(ctx, [i], 'invalid_value', 'duplicate day')))
        .optional(),
      hours: z
        .strictObject({ from: hour(false), to: hour(true) }, { error: 'must be an object {from, to}' })
        .refine((h) => h.from !== h.to || parseHourMinute(String(h.from)) === undefined, { ...fail('invalid_time', 'the window is empty (from equals to)'), path: ['to'] })
        .optional(),
      timeZone: valueWhere<string>(
        (v) => typeof v === 'string' && isValidTimeZone(v),
        'invalid_time_zone',
        (v) => `unknown time zone "${String(v)}"`,
        {
          type: 'string',
          description: 'IANA time zone, default Europe/Paris',
        },
      ).optional(),
    },
    { error: 'must be an object' },
  )
  .superRefine((_, ctx) => {
    if (!isObject(ctx.value)) return;
    const bound = (v: unknown) => (typeof v === 'string' ? parseScheduleBound(v) : undefined);
    const [from, to] = [bound(ctx.value.from), bound(ctx.value.to)];
    if (!from || !to || from.kind !== to.kind) return; // a day and an instant are not compared: the day's zone is the rule's
    const reversed = from.kind === 'day' && to.kind === 'day' ? from.day > to.day : from.kind === 'instant' && to.kind === 'instant' && from.ms > to.ms;
    if (reversed) report(ctx, ['to'], 'invalid_date', 'must not be before schedule.from');
  }, always);

const fields = z.strictObject(
  {
    name: text(RULE_LIMITS.maxNameLength),
    enabled: z.boolean({ error: 'enabled must be a boolean' }).optional(),
    priority: integer(-RULE_LIMITS.maxPriority, RULE_LIMITS.maxPriority).optional(),
    conditions: conditionsSchema,
    action,
    requiresAdvisor: z.strictObject({ skill: text(100).optional() }, { error: 'must be an object' }).optional(),
    /** Shown instead when the action needs an advisor and none is free. */
    fallbackAction: action.optional(),
    schedule: schedule.optional(),
    controlGroupPercent: z.number({ error: 'must be a number' }).min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100').optional(),
    frequency: z
      .strictObject(
        { maxPerVisit: integer(1, RULE_LIMITS.maxPerVisit).optional(), suppressAfterDecline: z.boolean({ error: 'must be a boolean' }).optional() },
        { error: 'must be an object' },
      )
      .optional(),
  },
  { error: 'a rule must be an object' },
);

/** A fallback applies when no advisor is free: only a rule that needs one has it, and it cannot need one itself. */
function checkFallback(ctx: z.core.ParsePayload): void {
  const rule = ctx.value;
  if (!isObject(rule) || rule.fallbackAction === undefined) return;
  const fallback = actionType(rule.fallbackAction);
  if (fallback && ADVISOR_ACTIONS.has(fallback)) report(ctx, ['fallbackAction', 'type'], 'invalid_fallback', 'a fallback applies when no advisor is free, so it cannot need one');
  const main = actionType(rule.action);
  if (main && !ADVISOR_ACTIONS.has(main) && rule.requiresAdvisor === undefined) {
    report(ctx, ['fallbackAction'], 'invalid_fallback', 'a fallback is only used by a rule that needs an advisor');
  }
}

/** A new rule, or a rule after a patch is merged in. */
export const ruleSchema = fields.superRefine((_, ctx) => checkFallback(ctx), always);
/** A PATCH body: shape only, nothing required; the merged rule is then checked with `ruleSchema`. */
export const rulePatchSchema = fields.partial().superRefine((_, ctx) => checkFallback(ctx), always);
