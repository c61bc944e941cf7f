// Fails when the entry module.js grows past its budget: Grafana loads it before it renders.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ENTRY_BUDGET_GZIP = 12 * 1024;
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
const entry = gz(join(dist, 'module.js'));
const total = files.reduce((sum, f) => sum + gz(f), 0);
const raw = files.reduce((sum, f) => sum + statSync(f).size, 0);

console.log(`module.js: ${kb(entry)} gzip (budget ${kb(ENTRY_BUDGET_GZIP)})`);
console.log(`all JS in dist/: ${files.length} files, ${kb(raw)} raw, ${kb(total)} gzip`);
if (entry > ENTRY_BUDGET_GZIP) {
  console.error(`module.js is over its budget by ${kb(entry - ENTRY_BUDGET_GZIP)}: move code behind a lazy import.`);
  process.exit(1);
}
