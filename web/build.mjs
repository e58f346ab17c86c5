// Builds the browser parts (widget, demo shop, advisor console, landing page) into dist/web with esbuild, and reports the
// widget's gzipped size against its budget. `npm run build` runs it after `nest build`; tests run it too.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'dist/web');
export const WIDGET_BUDGET_BYTES = 40 * 1024;

const common = { bundle: true, minify: true, format: 'iife', target: 'es2020', jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none', logLevel: 'warning' };

export async function buildWeb() {
  mkdirSync(out, { recursive: true });
  await Promise.all([
    build({ ...common, entryPoints: [join(root, 'web/widget/widget.tsx')], outfile: join(out, 'widget/widget.js') }),
    build({ ...common, entryPoints: [join(root, 'web/demo/demo.ts')], outfile: join(out, 'demo/demo.js') }),
    // ES modules split into chunks: the analytics dashboard (and its chart library) loads only when opened.
    build({ ...common, format: 'esm', splitting: true, chunkNames: 'chunk-[hash]', entryPoints: [join(root, 'web/console/console.tsx')], outdir: join(out, 'console') }),
  ]);
  for (const folder of ['demo', 'console', 'landing']) cpSync(join(root, 'web', folder), join(out, folder), { recursive: true, filter: (f) => !/\.tsx?$/.test(f) });
  const widget = readFileSync(join(out, 'widget/widget.js'));
  const size = { bytes: widget.length, gzipBytes: gzipSync(widget, { level: 9 }).length, budgetGzipBytes: WIDGET_BUDGET_BYTES };
  writeFileSync(join(out, 'widget/size.json'), JSON.stringify(size));
  return size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = await buildWeb();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`Widget: ${kb(size.bytes)} minified, ${kb(size.gzipBytes)} gzipped (budget ${kb(size.budgetGzipBytes)})`);
  if (size.gzipBytes > size.budgetGzipBytes) {
    console.error('The widget is over its gzipped size budget');
    process.exit(1);
  }
}
