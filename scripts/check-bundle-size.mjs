// Fails when an entry module.js (the app's, or a nested panel's) grows past its budget:
// Grafana loads them before it renders. Each plugin's lazy chunks sit in its own folder, beside its
// module.js (dist/ for the app, dist/panels/<dir>/ for a nested panel): the totals are per plugin.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

// 8 KB (issue 26): Grafana fetches the app's module.js on every one of its pages, because the app registers links.
const ENTRY_BUDGET_GZIP = 8 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return jsFiles(path);
    }
    return name.endsWith('.js') ? [path] : [];
  });
}

let files;
try {
  files = jsFiles(dist);
} catch {
  console.error(`No build in ${dist}: run "npm run build" first.`);
  process.exit(1);
}
// The app's entry plus each nested panel's: every one is loaded before Grafana renders.
const entries = files.filter((f) => f === join(dist, 'module.js') || /\/panels\/[^/]+\/module\.js$/.test(f));
const total = files.reduce((sum, f) => sum + gz(f), 0);
const raw = files.reduce((sum, f) => sum + statSync(f).size, 0);

let over = false;
for (const file of entries) {
  const size = gz(file);
  console.log(`${file.slice(dist.length)}: ${kb(size)} gzip (budget ${kb(ENTRY_BUDGET_GZIP)})`);
  if (size > ENTRY_BUDGET_GZIP) {
    console.error(`  over its budget by ${kb(size - ENTRY_BUDGET_GZIP)}: move code behind a lazy import.`);
    over = true;
  }
}
for (const entry of entries) {
  const own = files.filter((f) => dirname(f) === dirname(entry));
  const ownGz = own.reduce((sum, f) => sum + gz(f), 0);
  console.log(`  ${dirname(entry.slice(dist.length)) || '.'}/: ${own.length} JS files, ${kb(ownGz)} gzip in all`);
}
console.log(`all JS in dist/: ${files.length} files, ${kb(raw)} raw, ${kb(total)} gzip`);
if (!entries.includes(join(dist, 'module.js'))) {
  console.error('dist/module.js is missing: the build did not produce the app entry.');
  process.exit(1);
}
if (over) {
  process.exit(1);
}
