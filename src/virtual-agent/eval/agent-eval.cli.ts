import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Classification, IntentClassifier, TrainingSet } from '../classifier/intent-classifier';
import { EvalExample, findKnowledgeBaseFolder, KnowledgeBaseError, loadEvalSet, loadKnowledgeBase, toTrainingSets } from '../knowledge-base/knowledge-base.loader';
import { Locale, LOCALES } from '../nlp/text-normalizer';
import { EvalSummary, formatRates, formatTable, summarise } from './agent-eval';
import { loadBanking77 } from './banking77';

const USAGE = 'usage: npm run agent:eval [-- --kb <dir|file.json> --test <file.json> [--locale fr|en]] [--banking77 <dir>] [--verbose]';

interface Args {
  kb?: string;
  test?: string;
  locale?: Locale;
  banking77?: string;
  /** Also list every message the agent got wrong, to find systematic causes. */
  verbose?: boolean;
}

/** No flag: the shipped knowledge base on its eval sets, then banking77. `--kb` needs `--test`. */
export function parseArgs(argv: string[]): Args | null {
  const out: Record<string, string> = {};
  const verbose = argv.includes('--verbose');
  argv = argv.filter((a) => a !== '--verbose');
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!['--kb', '--test', '--locale', '--banking77'].includes(flag) || value === undefined || value.startsWith('--')) return null;
    out[flag.slice(2)] = value;
  }
  if (Boolean(out.kb) !== Boolean(out.test)) return null;
  if (out.locale !== undefined && out.locale !== 'fr' && out.locale !== 'en') return null;
  return { kb: out.kb, test: out.test, locale: out.locale as Locale | undefined, banking77: out.banking77, ...(verbose ? { verbose } : {}) };
}

interface Run {
  summary: EvalSummary;
  predictions: Classification[];
}

function evaluate(classifier: IntentClassifier, tests: EvalExample[], trainMs: number, locale?: Locale): Run {
  // Warm-up so p50/p99 measure a serving process, not the JIT compiling the first calls.
  for (const t of tests.slice(0, 50)) classifier.classify(t.text, locale);
  const predictions: Classification[] = [];
  const times: number[] = [];
  for (const t of tests) {
    const s = performance.now();
    predictions.push(classifier.classify(t.text, locale));
    times.push(performance.now() - s);
  }
  return { summary: summarise(tests, predictions, times, trainMs).summary, predictions };
}

function train(sets: TrainingSet[]): { classifier: IntentClassifier; trainMs: number } {
  const started = performance.now();
  const classifier = IntentClassifier.train(sets);
  return { classifier, trainMs: performance.now() - started };
}

function calibrationLines(classifier: IntentClassifier, label = ''): string[] {
  return classifier.locales.flatMap((l) => {
    const c = classifier.model(l)?.calibration;
    if (!c) return [];
    const blend = c.blend ? ` blend p ${c.blend.probability} / vs-reject ${c.blend.versusReject} / similarity ${c.blend.similarity},` : '';
    const recall = c.oosRecall === null ? '-' : c.oosRecall.toFixed(3);
    return [
      `calibration ${label}${l}: threshold ${c.threshold.toFixed(4)},${blend} ${c.folds}-fold cv: right ${c.inScopeAccuracy.toFixed(3)}, wrong ${c.wrongAnswerRate.toFixed(3)}, not-to-answer rejected ${recall} (negatives: ${c.negatives})`,
    ];
  });
}

/** One line per message answered wrong or not answered when it should have been, grouped by expected intent. */
export function formatMistakes(tests: EvalExample[], predictions: Classification[]): string[] {
  const expected = (t: EvalExample): string => (t.kind === 'in_scope' ? (t.intent ?? '') : t.kind);
  return tests
    .map((t, i) => ({ t, p: predictions[i] }))
    .filter(({ t, p }) => p.intent !== t.intent && !(t.kind !== 'in_scope' && p.intent === null))
    .sort((a, b) => (expected(a.t) < expected(b.t) ? -1 : expected(a.t) > expected(b.t) ? 1 : 0))
    .map(
      ({ t, p }) => `  ${expected(t).padEnd(22)} -> ${(p.intent ?? `(${p.fallbackReason ?? 'fallback'})`).padEnd(22)} ${p.action.padEnd(8)} ${p.confidence.toFixed(2)}  ${t.text}`,
    );
}

/** The shipped knowledge base, each language on its eval file. */
function shippedKnowledgeBase(log: (line: string) => void, verbose = false): Record<string, EvalSummary> {
  const kb = loadKnowledgeBase(findKnowledgeBaseFolder());
  const { classifier, trainMs } = train(toTrainingSets(kb));
  const runs = LOCALES.filter((l) => kb.evaluation[l]).map((locale) => {
    const tests = kb.evaluation[locale] ?? [];
    const { summary, predictions } = evaluate(classifier, tests, trainMs, locale);
    if (verbose) log([`mistakes kb ${locale} (expected -> got, action, confidence, text):`, ...formatMistakes(tests, predictions)].join('\n'));
    return { label: `kb ${locale}`, summary };
  });
  log(`knowledge base: trained both languages in ${Math.round(trainMs)} ms`);
  calibrationLines(classifier).forEach((l) => log(l));
  log(formatRates(runs));
  return Object.fromEntries(runs.map((r) => [r.label, r.summary]));
}

/** The engine alone on banking77: 67 intents in scope, 10 held out as unknown questions. */
function banking77(dir: string, log: (line: string) => void): EvalSummary & { top1: number } {
  const { training, tests, heldOut } = loadBanking77(dir);
  const { classifier, trainMs } = train([training]);
  const { summary, predictions } = evaluate(classifier, tests, trainMs, 'en');
  const inScope = tests.map((t, i) => [t, predictions[i]] as const).filter(([t]) => t.intent !== null);
  const top1 = Math.round((inScope.filter(([t, p]) => p.alternatives[0]?.intent === t.intent).length / inScope.length) * 10000) / 10000;
  log(
    `banking77: ${training.intents.length} intents trained (${training.intents.reduce((n, i) => n + i.examples.length, 0)} examples) in ${Math.round(trainMs)} ms, ${heldOut.length} held out as unknown; top-1 in scope ${top1.toFixed(3)}`,
  );
  calibrationLines(classifier, 'banking77 ').forEach((l) => log(l));
  log(formatRates([{ label: 'banking77', summary }]));
  return { ...summary, top1 };
}

function defaultBanking77(): string | undefined {
  const dir = join(dirname(findKnowledgeBaseFolder()), '..', 'shared', 'data', 'banking77');
  return existsSync(join(dir, 'train.csv')) ? dir : undefined;
}

/** Trains, evaluates, prints tables then one JSON line with every figure. Returns the exit code. */
export function main(argv: string[], log: (line: string) => void = console.log, error: (line: string) => void = console.error): number {
  const args = parseArgs(argv);
  if (!args) {
    error(USAGE);
    return 2;
  }
  try {
    const figures: Record<string, unknown> = {};
    if (args.kb && args.test) {
      const kb = loadKnowledgeBase(args.kb);
      if (kb.warnings.length > 0) error(`${kb.warnings.length} knowledge base warning(s), first: ${kb.warnings[0].field ?? ''}: ${kb.warnings[0].message}`);
      const tests = loadEvalSet(args.test);
      const { classifier, trainMs } = train(toTrainingSets(kb));
      // The test file's locale comes from the flag, else from its name (eval/fr.json), else detection decides.
      const locale = args.locale ?? (/(^|[/\\._-])(fr|en)\.json$/.exec(args.test)?.[2] as Locale | undefined);
      const { summary, predictions } = evaluate(classifier, tests, trainMs, locale);
      log(formatTable(summarise(tests, predictions, [], trainMs).rows));
      if (args.verbose) formatMistakes(tests, predictions).forEach((l) => log(l));
      calibrationLines(classifier).forEach((l) => log(l));
      log(formatRates([{ label: 'test', summary }]));
      figures.test = summary;
    } else {
      figures.knowledgeBase = shippedKnowledgeBase(log, args.verbose);
    }
    const dir = args.banking77 ?? (args.kb ? undefined : defaultBanking77());
    if (dir) figures.banking77 = banking77(dir, log);
    log(JSON.stringify(figures));
    return 0;
  } catch (e) {
    error(e instanceof KnowledgeBaseError ? e.message : `agent:eval failed: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
