import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ServedPlugin } from '../../server/grafanaLayout';
import { DIST } from './host';

/**
 * Per-page weight budgets, gzip bytes of the plugin's own JavaScript a page requests (issue 26).
 * Grafana's own bundle (here, the harness's) is not counted: it is there whatever the plugin does.
 */
export const KB = 1024;
export const PAGE_BUDGET = 200 * KB;
export const BUDGETS: Record<string, number> = {
  Errors: 180 * KB,
  'Exposed: service-red/v1': 170 * KB,
};
/** The app's module.js: Grafana fetches it on every page of Grafana, because the app registers links. */
export const MODULE_BUDGET = 8 * KB;

export interface Chunk {
  file: string;
  gzip: number;
}

/** gzip -9 size of a file of dist/, as a server compressing it would send it (near enough). */
export function gzipOf(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/**
 * The JS files of `plugin` that these requests asked for, each weighed from dist/. A file under a
 * plugin nested below it (a deeper baseUrl) is the nested plugin's, not this one's.
 */
export function requestedChunks(requests: string[], plugin: ServedPlugin, others: ServedPlugin[]): Chunk[] {
  const nestedBelow = others.filter((o) => o.baseUrl !== plugin.baseUrl && o.baseUrl.startsWith(plugin.baseUrl));
  const files = new Set<string>();
  for (const url of requests) {
    const { pathname } = new URL(url);
    if (
      pathname.endsWith('.js') &&
      pathname.startsWith(plugin.baseUrl) &&
      !nestedBelow.some((o) => pathname.startsWith(o.baseUrl))
    ) {
      files.add(pathname.slice(plugin.baseUrl.length));
    }
  }
  return [...files].map((file) => ({ file, gzip: gzipOf(path.join(DIST, plugin.distPath, file)) }));
}

export const total = (chunks: Chunk[]) => chunks.reduce((sum, c) => sum + c.gzip, 0);
export const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const bySize = (chunks: Chunk[]) => [...chunks].sort((a, b) => b.gzip - a.gzip);

export function budgetOf(page: string): number {
  return BUDGETS[page] ?? PAGE_BUDGET;
}

/** Undefined within budget; otherwise the failure, naming the page and its largest chunks. */
export function overBudget(page: string, chunks: Chunk[]): string | undefined {
  const sum = total(chunks);
  const budget = budgetOf(page);
  if (sum <= budget) {
    return undefined;
  }
  const largest = bySize(chunks)
    .slice(0, 5)
    .map((c) => `${c.file} ${kb(c.gzip)}`)
    .join(', ');
  return `${page} loads ${kb(sum)} of the plugin's JavaScript (gzip), over its budget of ${kb(budget)} by ${kb(sum - budget)}. Largest: ${largest}. Move what this page does not need behind a dynamic import().`;
}

/** The table printed after the run: one line per page, its files largest first. */
export function weightTable(rows: Array<{ page: string; chunks: Chunk[] }>): string {
  const lines = ['page | files | gzip | budget | files, largest first'];
  for (const { page, chunks } of rows) {
    const files = bySize(chunks)
      .map((c) => `${c.file} ${(c.gzip / KB).toFixed(1)}`)
      .join(' ');
    lines.push(`${page} | ${chunks.length} | ${kb(total(chunks))} | ${kb(budgetOf(page))} | ${files}`);
  }
  return lines.join('\n');
}
