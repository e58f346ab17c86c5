import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrainingSet } from '../classifier/intent-classifier';
import { EvalExample } from '../knowledge-base/knowledge-base.loader';

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

function readSplit(dir: string, name: string): { text: string; category: string }[] {
  const [header, ...rows] = parseCsv(readFileSync(join(dir, `${name}.csv`), 'utf8'));
  const text = header.indexOf('text');
  const category = header.indexOf('category');
  if (text < 0 || category < 0) throw new Error(`${name}.csv needs "text" and "category" columns`);
  return rows.map((r) => ({ text: r[text], category: r[category] }));
}

/** Every eighth category (in name order) is held out: the model never sees it, so it stands for unknown questions. */
export const HELD_OUT_EVERY = 8;

/**
 * The public banking77 set as an engine check with unknown questions: 10 of its 77 intents are held out of
 * training and their test messages must not be answered; the rest are in scope. Nothing of it is off-topic
 * or a near miss by label, so the calibration learns "unknown" from its own cross-validation errors.
 */
export function loadBanking77(dir: string): { training: TrainingSet; tests: EvalExample[]; heldOut: string[] } {
  const train = readSplit(dir, 'train');
  const categories = [...new Set(train.map((r) => r.category))].sort();
  const heldOut = categories.filter((_, i) => i % HELD_OUT_EVERY === 0);
  const known = categories.filter((c) => !heldOut.includes(c));
  const training: TrainingSet = {
    locale: 'en',
    intents: known.map((intent) => ({ intent, examples: [...new Set(train.filter((r) => r.category === intent).map((r) => r.text))] })),
    outOfScope: [],
    nearMiss: [],
  };
  const tests = readSplit(dir, 'test').map(({ text, category }): EvalExample =>
    heldOut.includes(category) ? { text, intent: null, kind: 'uncovered' } : { text, intent: category, kind: 'in_scope' },
  );
  return { training, tests, heldOut };
}
