import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { fieldPath } from '../../common/schema';
import { NEAR_MISS, OUT_OF_SCOPE, TrainingSet } from '../classifier/intent-classifier';
import { LanguageDetector } from '../nlp/language-detector';
import { foldText, Locale, LOCALES } from '../nlp/text-normalizer';

import {
  evalExampleSchema,
  FollowUp,
  IntentContentInput,
  IntentDefinition,
  intentContentFileSchema,
  intentDefinitionSchema,
  plainIntentContentSchema,
  REJECT_INTENTS,
} from './knowledge-base.schema';

export type { FollowUp, IntentDefinition, Route, When } from './knowledge-base.schema';
export { ROUTES, WHEN } from './knowledge-base.schema';

export interface IntentContent {
  intent: string;
  examples: string[];
  answer: string;
  /** Shop questions that look like this intent but that it does not answer. */
  not: string[];
}

export interface LocaleContent {
  intents: IntentContent[];
  /** Off-topic messages the agent must not answer. */
  outOfScope: string[];
  /** Shop questions the knowledge base does not answer (near_miss.json), besides the intents' `not` lists. */
  nearMiss: string[];
}

/** What the agent should do with an eval message: answer it, or not because it is uncovered or off-topic. */
export type EvalKind = 'in_scope' | 'uncovered' | 'off_topic';

export interface EvalExample {
  text: string;
  /** null when the message must not be answered. */
  intent: string | null;
  kind: EvalKind;
}

export interface KnowledgeBase {
  intents: IntentDefinition[];
  locales: Partial<Record<Locale, LocaleContent>>;
  /** Held-out test phrasings, when the source has them (knowledge-base/eval/<locale>.json). */
  evaluation: Partial<Record<Locale, EvalExample[]>>;
  /** Problems tolerated on load (plain files only: duplicate examples dropped). */
  warnings: KnowledgeBaseProblem[];
}

export interface KnowledgeBaseProblem {
  file: string;
  field?: string;
  message: string;
}

export class KnowledgeBaseError extends Error {
  constructor(readonly problems: KnowledgeBaseProblem[]) {
    super(`Invalid knowledge base:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KnowledgeBaseError';
  }
}

export function formatProblem(p: KnowledgeBaseProblem): string {
  return `  ${p.file}${p.field ? ` (${p.field})` : ''}: ${p.message}`;
}

export interface ContentPolicy {
  /** Minimum examples per intent and language. */
  minExamples: number;
  minOutOfScopeExamples: number;
}

/** Our own content folder's rules (knowledge-base/README.md); plain JSON files only need one example. */
export const CONTENT_POLICY: ContentPolicy = { minExamples: 25, minOutOfScopeExamples: 60 };
const LENIENT_POLICY: ContentPolicy = { minExamples: 1, minOutOfScopeExamples: 0 };

/** Key used for duplicate detection: "Où est ma commande ?" and "ou est ma commande" are the same example. */
export function exampleKey(text: string): string {
  return foldText(text).replace(/\s+/g, ' ');
}

function readJson(file: string, problems: KnowledgeBaseProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push({ file, message: `cannot be read (${(e as Error).message})` });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    problems.push({ file, message: `is not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}

/** A value checked against its schema; every issue becomes a problem naming the file and the field. */
function parseFile<T>(schema: z.ZodType<T>, value: unknown, file: string, problems: KnowledgeBaseProblem[], at: PropertyKey[] = []): T | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ file, field: fieldPath([...at, ...issue.path, key]) || undefined, message: 'unknown field' });
    } else problems.push({ file, field: fieldPath([...at, ...issue.path]) || undefined, message: issue.message });
  }
  return undefined;
}

/** An array document entry by entry, so one bad entry does not hide the others (nor their checks). */
function parseEntries<T>(schema: z.ZodType<T>, value: unknown, file: string, problems: KnowledgeBaseProblem[], shape: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ file, message: `must be an array of ${shape}` });
    return [];
  }
  return value.flatMap((entry, i) => {
    const parsed = parseFile(schema, entry, file, problems, [i]);
    return parsed === undefined ? [] : [parsed];
  });
}

/** `intents.json`: ids unique, and the "do not answer" intents never followed by a hand-over. */
function parseIntentDefinitions(value: unknown, file: string, problems: KnowledgeBaseProblem[]): IntentDefinition[] {
  const definitions = parseEntries(intentDefinitionSchema, value, file, problems, '{"id", "then"}');
  const seen = new Set<string>();
  definitions.forEach((d) => {
    if (seen.has(d.id)) problems.push({ file, field: d.id, message: `duplicate intent "${d.id}"` });
    if (REJECT_INTENTS.includes(d.id) && d.then !== null) problems.push({ file, field: d.id, message: `"then" must be null for ${d.id}` });
    seen.add(d.id);
  });
  return definitions;
}

function toContent(c: IntentContentInput): IntentContent {
  return { intent: c.intent, examples: c.examples, answer: c.answer ?? '', not: c.not ?? [] };
}

function toLocaleContent(entries: IntentContent[]): LocaleContent {
  const of = (id: string) => entries.filter((e) => e.intent === id).flatMap((e) => e.examples);
  return { intents: entries.filter((e) => !REJECT_INTENTS.includes(e.intent)), outOfScope: of(OUT_OF_SCOPE), nearMiss: of(NEAR_MISS) };
}

function toEvalExamples(set: { text: string; intent: string | null }[]): EvalExample[] {
  return set.map(({ text, intent }) => {
    if (intent === null || intent === OUT_OF_SCOPE) return { text, intent: null, kind: 'off_topic' };
    if (intent === NEAR_MISS) return { text, intent: null, kind: 'uncovered' };
    return { text, intent, kind: 'in_scope' };
  });
}

/** Reads a test file of `{"text", "intent"}` (intent null = out of scope); throws KnowledgeBaseError. */
export function loadEvalSet(file: string): EvalExample[] {
  const problems: KnowledgeBaseProblem[] = [];
  const set = parseEntries(evalExampleSchema, readJson(file, problems), file, problems, '{"text", "intent"}');
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return toEvalExamples(set);
}

export interface LoadOptions {
  policy?: ContentPolicy;
}

/** `knowledge-base/` at the repository root, found from the sources as from `dist/`. */
export function findKnowledgeBaseFolder(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'knowledge-base');
    if (existsSync(join(candidate, 'intents.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`No knowledge-base/ folder above ${__dirname}`);
  }
}

/** Loads `--kb`: our content folder or a plain JSON file. Throws KnowledgeBaseError listing every problem. */
export function loadKnowledgeBase(path: string, options: LoadOptions = {}): KnowledgeBase {
  if (!existsSync(path)) throw new KnowledgeBaseError([{ file: path, message: 'does not exist' }]);
  return statSync(path).isDirectory() ? loadKnowledgeBaseDirectory(path, options) : loadKnowledgeBaseFile(path, options);
}

/** The plain format: `[{"intent", "examples", "answer"}]`, one language, English unless the examples read as French. */
export function loadKnowledgeBaseFile(file: string, options: LoadOptions = {}): KnowledgeBase {
  const problems: KnowledgeBaseProblem[] = [];
  const kb = parseKnowledgeBaseFile(readJson(file, problems), file, problems);
  problems.push(...validateKnowledgeBase(kb, { policy: options.policy ?? LENIENT_POLICY, files: { [kb.locales.fr ? 'fr' : 'en']: () => file } }));
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return kb;
}

export function parseKnowledgeBaseFile(value: unknown, file: string, problems: KnowledgeBaseProblem[]): KnowledgeBase {
  const entries = parseEntries(plainIntentContentSchema, value, file, problems, '{"intent", "examples", "answer"}').map(toContent);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.intent) && !REJECT_INTENTS.includes(e.intent)) problems.push({ file, field: e.intent, message: `intent "${e.intent}" appears twice` });
    seen.add(e.intent);
  }
  // Public data sets repeat phrasings; a plain file keeps the first occurrence and warns, it is not ours to fix.
  const warnings: KnowledgeBaseProblem[] = [];
  const owner = new Map<string, string>();
  for (const e of entries) {
    e.examples = e.examples.filter((text) => {
      const key = exampleKey(text);
      const first = owner.get(key);
      if (first === undefined) {
        owner.set(key, e.intent);
        return true;
      }
      warnings.push({ file, field: e.intent, message: `duplicate example dropped: "${text.trim()}"${first === e.intent ? '' : ` (also in ${first})`}` });
      return false;
    });
  }
  const allExamples = entries.flatMap((e) => e.examples);
  const locale: Locale = new LanguageDetector().detect(allExamples.slice(0, 200).join(' '), 'en').locale;
  const intents: IntentDefinition[] = [...new Set(entries.map((e) => e.intent))].map((id) => ({ id, then: null }));
  if (!intents.some((i) => i.id === OUT_OF_SCOPE)) intents.push({ id: OUT_OF_SCOPE, then: null });
  // Entries of the same "do not answer" intent may be split; the content merges them.
  return { intents, locales: { [locale]: toLocaleContent(entries) }, evaluation: {}, warnings };
}

/** Our folder: intents.json, <locale>/<intent>.json, optional eval/<locale>.json. */
export function loadKnowledgeBaseDirectory(dir: string, options: LoadOptions = {}): KnowledgeBase {
  const problems: KnowledgeBaseProblem[] = [];
  const intentsFile = join(dir, 'intents.json');
  const intents = existsSync(intentsFile) ? parseIntentDefinitions(readJson(intentsFile, problems), intentsFile, problems) : [];
  if (!existsSync(intentsFile)) problems.push({ file: intentsFile, message: 'is missing' });
  const kb: KnowledgeBase = { intents, locales: {}, evaluation: {}, warnings: [] };
  const known = new Set(intents.map((i) => i.id));
  for (const locale of LOCALES) {
    const folder = join(dir, locale);
    const entries: IntentContent[] = [];
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.json')).sort()) {
      const file = join(folder, name);
      const id = basename(name, '.json');
      if (!known.has(id)) {
        problems.push({ file, message: `intent "${id}" is not declared in intents.json` });
        continue;
      }
      const parsed = parseFile(intentContentFileSchema, readJson(file, problems), file, problems);
      if (!parsed) continue;
      if (parsed.intent !== id) problems.push({ file, field: 'intent', message: `is "${parsed.intent}" but the file is named ${name}` });
      else entries.push(toContent(parsed));
    }
    kb.locales[locale] = toLocaleContent(entries);
    const evalFile = join(dir, 'eval', `${locale}.json`);
    if (existsSync(evalFile)) kb.evaluation[locale] = toEvalExamples(parseEntries(evalExampleSchema, readJson(evalFile, problems), evalFile, problems, '{"text", "intent"}'));
  }
  problems.push(
    ...validateKnowledgeBase(kb, {
      policy: options.policy ?? CONTENT_POLICY,
      requiredLocales: LOCALES,
      files: Object.fromEntries(LOCALES.map((l) => [l, (intent: string) => join(dir, l, `${intent}.json`)])),
      evalFiles: Object.fromEntries(LOCALES.map((l) => [l, join(dir, 'eval', `${l}.json`)])),
    }),
  );
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return kb;
}

export interface ValidateOptions {
  policy?: ContentPolicy;
  /** How to name the file an intent of a locale comes from, for messages. */
  files?: Partial<Record<Locale, (intent: string) => string>>;
  evalFiles?: Partial<Record<Locale, string>>;
  /** Languages every intent must be answered in; default: the languages present. */
  requiredLocales?: readonly Locale[];
}

/**
 * Cross-file rules on a parsed knowledge base: every declared intent answered in every language present
 * (both fr and en for our folder), example counts, no example twice in a language (within or across
 * intents, after folding case and accents), eval sets naming known intents and not copying training examples.
 */
export function validateKnowledgeBase(kb: KnowledgeBase, options: ValidateOptions = {}): KnowledgeBaseProblem[] {
  const policy = options.policy ?? CONTENT_POLICY;
  const problems: KnowledgeBaseProblem[] = [];
  const required = kb.intents.filter((i) => !REJECT_INTENTS.includes(i.id)).map((i) => i.id);
  const locales = options.requiredLocales ?? LOCALES.filter((l) => kb.locales[l]);
  if (locales.length === 0) problems.push({ file: 'knowledge base', message: 'has no content' });
  for (const locale of locales) {
    const fileOf = options.files?.[locale] ?? ((intent: string) => `${locale}/${intent}`);
    const content = kb.locales[locale] ?? { intents: [], outOfScope: [], nearMiss: [] };
    const present = new Map(content.intents.map((i) => [i.intent, i]));
    for (const id of required) {
      if (!present.has(id)) problems.push({ file: fileOf(id), message: `is missing: intent "${id}" has no ${locale} examples and answer` });
    }
    const owner = new Map<string, string>();
    // A text belongs to one list only: an intent's examples, its "not" examples, near misses or off-topic.
    const check = (intent: string, examples: string[], min: number, list = 'examples', name = intent): void => {
      if (examples.length < min) problems.push({ file: fileOf(intent), field: list, message: `has ${examples.length} examples, at least ${min} are required` });
      examples.forEach((text, i) => {
        const key = exampleKey(text);
        const first = owner.get(key);
        if (first === name) problems.push({ file: fileOf(intent), field: `${list}[${i}]`, message: `"${text}" is a duplicate within ${name}` });
        else if (first !== undefined) problems.push({ file: fileOf(intent), field: `${list}[${i}]`, message: `"${text}" is also an example of ${first}` });
        else owner.set(key, name);
      });
    };
    for (const intent of content.intents) {
      check(intent.intent, intent.examples, policy.minExamples);
      check(intent.intent, intent.not, 0, 'not', `not ${intent.intent}`);
    }
    check(OUT_OF_SCOPE, content.outOfScope, policy.minOutOfScopeExamples);
    check(NEAR_MISS, content.nearMiss, 0);

    const evalSet = kb.evaluation[locale];
    const evalFile = options.evalFiles?.[locale] ?? `eval/${locale}`;
    evalSet?.forEach((e, i) => {
      if (e.intent !== null && !present.has(e.intent)) problems.push({ file: evalFile, field: `[${i}].intent`, message: `unknown intent "${e.intent}"` });
      const trained = owner.get(exampleKey(e.text));
      if (trained) problems.push({ file: evalFile, field: `[${i}].text`, message: `"${e.text}" is a training example of ${trained}: held-out texts must be new` });
    });
  }
  return problems;
}

/** The training input of the classifier, one set per language. */
export function toTrainingSets(kb: KnowledgeBase): TrainingSet[] {
  return LOCALES.filter((l) => kb.locales[l]).map((locale) => {
    const content = kb.locales[locale] as LocaleContent;
    return {
      locale,
      intents: content.intents.map(({ intent, examples }) => ({ intent, examples })),
      outOfScope: content.outOfScope,
      nearMiss: [...content.nearMiss, ...content.intents.flatMap((i) => i.not)],
    };
  });
}

/** Bumped whenever features, model or calibration change, so cached models keyed by the hash are retrained. */
export const MODEL_VERSION = 3;

/** Content hash of what the model learns from (examples, intents, languages): the cache key of a trained model. */
export function hashKnowledgeBase(kb: KnowledgeBase): string {
  const canonical = toTrainingSets(kb).map((s) => ({
    locale: s.locale,
    intents: [...s.intents].sort((a, b) => (a.intent < b.intent ? -1 : 1)),
    outOfScope: s.outOfScope,
  }));
  return createHash('sha256').update(JSON.stringify({ version: MODEL_VERSION, canonical })).digest('hex');
}

export function answerOf(kb: KnowledgeBase, locale: Locale, intent: string): string | undefined {
  return kb.locales[locale]?.intents.find((i) => i.intent === intent)?.answer;
}

export function followUpOf(kb: KnowledgeBase, intent: string): FollowUp | null {
  return kb.intents.find((i) => i.id === intent)?.then ?? null;
}
