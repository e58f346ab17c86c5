import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { OUT_OF_SCOPE, TrainingSet } from '../classifier/intent-classifier';
import { LanguageDetector } from '../nlp/language-detector';
import { foldText, Locale, LOCALES } from '../nlp/text-normalizer';

export const ROUTES = ['human', 'callback', 'store', 'call'] as const;
export type Route = (typeof ROUTES)[number];
export const WHEN = ['always', 'if_stuck'] as const;
export type When = (typeof WHEN)[number];

/** What follows the answer of an intent: a hand-over now (`always`) or only if the visitor is still stuck. */
export interface FollowUp {
  route: Route;
  skill?: string;
  when: When;
}

export interface IntentDefinition {
  id: string;
  then: FollowUp | null;
}

export interface IntentContent {
  intent: string;
  examples: string[];
  answer: string;
}

export interface LocaleContent {
  intents: IntentContent[];
  /** Messages the agent must not answer. */
  outOfScope: string[];
}

export interface EvalExample {
  text: string;
  /** null means out of scope. */
  intent: string | null;
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

const INTENT_ID = /^[a-z0-9][a-z0-9_]*$/;
// Plain files come from elsewhere (public data sets): any intent name, as long as it is not blank.
const ANY_ID = /\S/;

/** Key used for duplicate detection: "Où est ma commande ?" and "ou est ma commande" are the same example. */
export function exampleKey(text: string): string {
  return foldText(text).replace(/\s+/g, ' ');
}

function readJson(file: string, problems: KnowledgeBaseProblem[], label = file): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push({ file: label, message: `cannot be read (${(e as Error).message})` });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    problems.push({ file: label, message: `is not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(obj: Record<string, unknown>, allowed: string[], file: string, where: string, problems: KnowledgeBaseProblem[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) problems.push({ file, field: `${where}${key}`, message: `unknown field (allowed: ${allowed.join(', ')})` });
  }
}

function parseStrings(value: unknown, file: string, field: string, problems: KnowledgeBaseProblem[]): string[] {
  if (!Array.isArray(value)) {
    problems.push({ file, field, message: 'must be an array of strings' });
    return [];
  }
  const out: string[] = [];
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') problems.push({ file, field: `${field}[${i}]`, message: 'must be a non-empty string' });
    else if (exampleKey(v) === '') problems.push({ file, field: `${field}[${i}]`, message: 'has no letters or digits' });
    else out.push(v);
  });
  return out;
}

function parseFollowUp(value: unknown, file: string, field: string, problems: KnowledgeBaseProblem[]): FollowUp | null {
  if (value === null) return null;
  if (!isRecord(value)) {
    problems.push({ file, field, message: 'must be null or {"route", "skill"?, "when"}' });
    return null;
  }
  checkKeys(value, ['route', 'skill', 'when'], file, `${field}.`, problems);
  const { route, skill, when } = value;
  let ok = true;
  if (!ROUTES.includes(route as Route)) {
    problems.push({ file, field: `${field}.route`, message: `must be one of ${ROUTES.join(', ')}` });
    ok = false;
  }
  if (!WHEN.includes(when as When)) {
    problems.push({ file, field: `${field}.when`, message: `must be one of ${WHEN.join(', ')}` });
    ok = false;
  }
  if (skill !== undefined && (typeof skill !== 'string' || skill.trim() === '')) {
    problems.push({ file, field: `${field}.skill`, message: 'must be a non-empty string when present' });
    ok = false;
  }
  if (!ok) return null;
  return { route: route as Route, when: when as When, ...(typeof skill === 'string' ? { skill } : {}) };
}

function parseIntentDefinitions(value: unknown, file: string, problems: KnowledgeBaseProblem[]): IntentDefinition[] {
  if (!Array.isArray(value)) {
    problems.push({ file, message: 'must be an array of {"id", "then"}' });
    return [];
  }
  const out: IntentDefinition[] = [];
  const seen = new Set<string>();
  value.forEach((entry, i) => {
    if (!isRecord(entry)) {
      problems.push({ file, field: `[${i}]`, message: 'must be an object {"id", "then"}' });
      return;
    }
    checkKeys(entry, ['id', 'then'], file, `[${i}].`, problems);
    const { id } = entry;
    if (typeof id !== 'string' || !INTENT_ID.test(id)) {
      problems.push({ file, field: `[${i}].id`, message: 'must be a snake_case identifier' });
      return;
    }
    if (seen.has(id)) problems.push({ file, field: `[${i}].id`, message: `duplicate intent "${id}"` });
    seen.add(id);
    if (!('then' in entry)) problems.push({ file, field: `[${i}].then`, message: 'is required (null for a plain answer)' });
    const then = parseFollowUp(entry.then ?? null, file, `[${i}].then`, problems);
    if (id === OUT_OF_SCOPE && then !== null) problems.push({ file, field: `[${i}].then`, message: `must be null for ${OUT_OF_SCOPE}` });
    out.push({ id, then: id === OUT_OF_SCOPE ? null : then });
  });
  return out;
}

/** One `{"intent", "examples", "answer"}` entry; the answer is required except for out_of_scope, which must have none. */
function parseIntentContent(value: unknown, file: string, where: string, problems: KnowledgeBaseProblem[], idPattern = INTENT_ID): IntentContent | null {
  if (!isRecord(value)) {
    problems.push({ file, field: where || undefined, message: 'must be an object {"intent", "examples", "answer"}' });
    return null;
  }
  const prefix = where ? `${where}.` : '';
  checkKeys(value, ['intent', 'examples', 'answer'], file, prefix, problems);
  const { intent, answer } = value;
  if (typeof intent !== 'string' || !idPattern.test(intent)) {
    problems.push({ file, field: `${prefix}intent`, message: idPattern === INTENT_ID ? 'must be a snake_case identifier' : 'must be a non-empty string' });
    return null;
  }
  const examples = parseStrings(value.examples, file, `${prefix}examples`, problems);
  if (intent === OUT_OF_SCOPE) {
    if (answer !== undefined) problems.push({ file, field: `${prefix}answer`, message: `${OUT_OF_SCOPE} has no answer: the agent never answers these messages` });
    return { intent, examples, answer: '' };
  }
  if (typeof answer !== 'string' || answer.trim() === '') {
    problems.push({ file, field: `${prefix}answer`, message: 'must be a non-empty string' });
    return null;
  }
  return { intent, examples, answer };
}

function toLocaleContent(entries: IntentContent[]): LocaleContent {
  return {
    intents: entries.filter((e) => e.intent !== OUT_OF_SCOPE),
    outOfScope: entries.filter((e) => e.intent === OUT_OF_SCOPE).flatMap((e) => e.examples),
  };
}

function parseEvalSet(value: unknown, file: string, problems: KnowledgeBaseProblem[]): EvalExample[] {
  if (!Array.isArray(value)) {
    problems.push({ file, message: 'must be an array of {"text", "intent"}' });
    return [];
  }
  const out: EvalExample[] = [];
  value.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.text !== 'string' || entry.text.trim() === '') {
      problems.push({ file, field: `[${i}].text`, message: 'must be a non-empty string' });
      return;
    }
    if (entry.intent !== null && typeof entry.intent !== 'string') {
      problems.push({ file, field: `[${i}].intent`, message: 'must be an intent id or null (out of scope)' });
      return;
    }
    out.push({ text: entry.text, intent: entry.intent === OUT_OF_SCOPE ? null : entry.intent });
  });
  return out;
}

/** Reads a test file of `{"text", "intent"}` (intent null = out of scope); throws KnowledgeBaseError. */
export function loadEvalSet(file: string): EvalExample[] {
  const problems: KnowledgeBaseProblem[] = [];
  const set = parseEvalSet(readJson(file, problems), file, problems);
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return set;
}

export interface LoadOptions {
  policy?: ContentPolicy;
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
  const entries: IntentContent[] = [];
  if (value !== undefined) {
    if (!Array.isArray(value)) problems.push({ file, message: 'must be an array of {"intent", "examples", "answer"}' });
    else value.forEach((v, i) => {
      const parsed = parseIntentContent(v, file, `[${i}]`, problems, ANY_ID);
      if (parsed) entries.push(parsed);
    });
  }
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.intent) && e.intent !== OUT_OF_SCOPE) problems.push({ file, field: e.intent, message: `intent "${e.intent}" appears twice` });
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
  const intents = [...new Set(entries.map((e) => e.intent))].map((id) => ({ id, then: null }));
  if (!intents.some((i) => i.id === OUT_OF_SCOPE)) intents.push({ id: OUT_OF_SCOPE, then: null });
  // Entries of the same out_of_scope intent may be split; the content merges them.
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
      const parsed = parseIntentContent(readJson(file, problems), file, '', problems);
      if (!parsed) continue;
      if (parsed.intent !== id) problems.push({ file, field: 'intent', message: `is "${parsed.intent}" but the file is named ${name}` });
      else entries.push(parsed);
    }
    kb.locales[locale] = toLocaleContent(entries);
    const evalFile = join(dir, 'eval', `${locale}.json`);
    if (existsSync(evalFile)) kb.evaluation[locale] = parseEvalSet(readJson(evalFile, problems), evalFile, problems);
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
  const required = kb.intents.filter((i) => i.id !== OUT_OF_SCOPE).map((i) => i.id);
  const locales = options.requiredLocales ?? LOCALES.filter((l) => kb.locales[l]);
  if (locales.length === 0) problems.push({ file: 'knowledge base', message: 'has no content' });
  for (const locale of locales) {
    const fileOf = options.files?.[locale] ?? ((intent: string) => `${locale}/${intent}`);
    const content = kb.locales[locale] ?? { intents: [], outOfScope: [] };
    const present = new Map(content.intents.map((i) => [i.intent, i]));
    for (const id of required) {
      if (!present.has(id)) problems.push({ file: fileOf(id), message: `is missing: intent "${id}" has no ${locale} examples and answer` });
    }
    const owner = new Map<string, string>();
    const check = (intent: string, examples: string[], min: number): void => {
      if (examples.length < min) problems.push({ file: fileOf(intent), field: 'examples', message: `has ${examples.length} examples, at least ${min} are required` });
      examples.forEach((text, i) => {
        const key = exampleKey(text);
        const first = owner.get(key);
        if (first === intent) problems.push({ file: fileOf(intent), field: `examples[${i}]`, message: `"${text}" is a duplicate within ${intent}` });
        else if (first !== undefined) problems.push({ file: fileOf(intent), field: `examples[${i}]`, message: `"${text}" is also an example of ${first}` });
        else owner.set(key, intent);
      });
    };
    for (const intent of content.intents) check(intent.intent, intent.examples, policy.minExamples);
    check(OUT_OF_SCOPE, content.outOfScope, policy.minOutOfScopeExamples);

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
    return { locale, intents: content.intents.map(({ intent, examples }) => ({ intent, examples })), outOfScope: content.outOfScope };
  });
}

/** Bumped whenever features, model or calibration change, so cached models keyed by the hash are retrained. */
export const MODEL_VERSION = 2;

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
