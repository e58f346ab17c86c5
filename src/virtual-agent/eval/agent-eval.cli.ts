import { performance } from 'node:perf_hooks';
import { formatTable, summarise } from './agent-eval';
import { Classification, IntentClassifier } from '../classifier/intent-classifier';
import { KnowledgeBaseError, loadEvalSet, loadKnowledgeBase, toTrainingSets } from '../knowledge-base/knowledge-base.loader';
import { Locale } from '../nlp/text-normalizer';

const USAGE = 'usage: npm run agent:eval -- --kb <dir|file.json> --test <file.json> [--locale fr|en]';

export function parseArgs(argv: string[]): { kb: string; test: string; locale?: Locale } | null {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!['--kb', '--test', '--locale'].includes(flag) || value === undefined || value.startsWith('--')) return null;
    out[flag.slice(2)] = value;
  }
  if (!out.kb || !out.test) return null;
  if (out.locale !== undefined && out.locale !== 'fr' && out.locale !== 'en') return null;
  return { kb: out.kb, test: out.test, locale: out.locale as Locale | undefined };
}

/** Trains on the knowledge base, classifies the test file, prints a table then one JSON line. Returns the exit code. */
export function main(argv: string[], log: (line: string) => void = console.log, error: (line: string) => void = console.error): number {
  const args = parseArgs(argv);
  if (!args) {
    error(USAGE);
    return 2;
  }
  try {
    const kb = loadKnowledgeBase(args.kb);
    if (kb.warnings.length > 0) error(`${kb.warnings.length} knowledge base warning(s), first: ${kb.warnings[0].field ?? ''}: ${kb.warnings[0].message}`);
    const tests = loadEvalSet(args.test);
    const started = performance.now();
    const classifier = IntentClassifier.train(toTrainingSets(kb));
    const trainMs = performance.now() - started;
    // The test file's locale comes from the flag, else from its name (eval/fr.json), else detection decides.
    const locale = args.locale ?? (/(^|[/\\._-])(fr|en)\.json$/.exec(args.test)?.[2] as Locale | undefined);
    // Warm-up so p50/p99 measure a serving process, not the JIT compiling the first calls.
    for (const t of tests.slice(0, 50)) classifier.classify(t.text, locale);
    const predictions: Classification[] = [];
    const times: number[] = [];
    for (const t of tests) {
      const s = performance.now();
      predictions.push(classifier.classify(t.text, locale));
      times.push(performance.now() - s);
    }
    const { rows, summary } = summarise(tests, predictions, times, trainMs);
    log(formatTable(rows));
    for (const l of classifier.locales) {
      const c = classifier.model(l)?.calibration;
      if (c) log(`calibration ${l}: threshold ${c.threshold.toFixed(4)} (${c.folds}-fold, negatives: ${c.negatives}, cv in-scope accuracy ${c.inScopeAccuracy.toFixed(3)}, cv oos recall ${c.oosRecall === null ? '-' : c.oosRecall.toFixed(3)})`);
    }
    log(JSON.stringify(summary));
    return 0;
  } catch (e) {
    error(e instanceof KnowledgeBaseError ? e.message : `agent:eval failed: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
