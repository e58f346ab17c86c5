import { z } from 'zod';
import { NEAR_MISS, OUT_OF_SCOPE } from '../classifier/intent-classifier';
import { foldText } from '../nlp/text-normalizer';

export const ROUTES = ['human', 'callback', 'store', 'call'] as const;
export type Route = (typeof ROUTES)[number];
export const WHEN = ['always', 'if_stuck'] as const;
export type When = (typeof WHEN)[number];

/** Intents that collect what must not be answered: examples only, never an answer or a `then`. */
export const REJECT_INTENTS: readonly string[] = [OUT_OF_SCOPE, NEAR_MISS];

const INTENT_ID = /^[a-z0-9][a-z0-9_]*$/;
const nonEmpty = z.string({ error: 'must be a non-empty string' }).refine((s) => s.trim() !== '', 'must be a non-empty string');
const snakeCase = z.string({ error: 'must be a snake_case identifier' }).regex(INTENT_ID, 'must be a snake_case identifier');
const example = nonEmpty.refine((s) => foldText(s) !== '', 'has no letters or digits');
const examples = z.array(example, { error: 'must be an array of strings' });

export const followUpSchema = z.strictObject(
  {
    route: z.enum(ROUTES, { error: `must be one of ${ROUTES.join(', ')}` }),
    skill: nonEmpty.optional(),
    when: z.enum(WHEN, { error: `must be one of ${WHEN.join(', ')}` }),
  },
  { error: 'must be null or {"route", "skill"?, "when"}' },
);
export type FollowUp = z.infer<typeof followUpSchema>;

/** One entry of `intents.json`; ids unique and no follow-up on the "do not answer" intents are checked across entries. */
export const intentDefinitionSchema = z.strictObject({ id: snakeCase, then: followUpSchema.nullable() }, { error: 'must be an object {"id", "then"}' });
export type IntentDefinition = z.infer<typeof intentDefinitionSchema>;

/**
 * One intent's content in one language. `not` lists shop questions that look like this intent but that it
 * does not answer (they teach the agent to fall back on them). The "do not answer" intents have examples only.
 */
function intentContentSchema(id: z.ZodType<string>) {
  return z
    .strictObject({ intent: id, examples, answer: nonEmpty.optional(), not: examples.optional() }, { error: 'must be an object {"intent", "examples", "answer"}' })
    .superRefine((c, ctx) => {
      if (REJECT_INTENTS.includes(c.intent)) {
        if (c.answer !== undefined) ctx.addIssue({ code: 'custom', path: ['answer'], message: `${c.intent} has no answer: the agent never answers these messages` });
        if (c.not !== undefined) ctx.addIssue({ code: 'custom', path: ['not'], message: `${c.intent} has no "not" examples` });
      } else if (c.answer === undefined) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'must be a non-empty string' });
    });
}
export const intentContentFileSchema = intentContentSchema(snakeCase);
/** Plain files come from elsewhere (public data sets): any intent name, as long as it is not blank. */
export const plainIntentContentSchema = intentContentSchema(nonEmpty);
export type IntentContentInput = z.infer<typeof intentContentFileSchema>;

/**
 * An entry of `eval/<locale>.json`: the intent is an intent id, `null` or `out_of_scope` for an off-topic
 * message, `near_miss` for a shop question the knowledge base does not answer.
 */
export const evalExampleSchema = z.object(
  { text: nonEmpty, intent: z.string({ error: 'must be an intent id or null (out of scope)' }).nullable() },
  { error: 'must be an object {"text", "intent"}' },
);
