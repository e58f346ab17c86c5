// `npm start` must work on a fresh clone: compile once, and again only when a source file is newer than the build.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const marker = path.join(root, 'dist/src/main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
const sources = Math.max(...['src', 'migrations', 'bench', 'web'].map((d) => newestMtime(path.join(root, d))));
if (sources > built) {
  console.log('Building Relais...');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
  fs.utimesSync(marker, new Date(), new Date());
}
