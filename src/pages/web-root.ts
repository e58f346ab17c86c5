import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `dist/web` at the repository root (what `web/build.mjs` writes), found from the sources as from `dist/`. */
export function webRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'web/build.mjs'))) return join(dir, 'dist/web');
    if (dirname(dir) === dir) return join(process.cwd(), 'dist/web');
  }
}
