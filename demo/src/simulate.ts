/**
 * `node src/simulate.ts [out.json]`: runs the demo shop with its defaults (config.ts, badDeploy.ts) for
 * one full cycle of error bursts and bad deploys on a simulated clock (sim/), and writes what the
 * stack's Tempo, Loki and span metrics would hold (sim/snapshot.ts) as JSON: to the file, else stdout.
 * `npm run demo:snapshot` writes browser/harness/demo/generated/demo.json, which the harness reads.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BAD_DEPLOY_DEFAULTS } from './badDeploy.ts';
import { DEFAULTS } from './config.ts';
import { runShop } from './sim/run.ts';
import { buildSnapshot, type DemoSnapshot } from './sim/snapshot.ts';

/** The simulated window: one 600-s cycle (a burst at 0-90 s, the bad deploy at 180-360 s), epoch-aligned. */
export const SIM_FROM_MS = Date.UTC(2026, 0, 1, 0, 0, 0);
export const SIM_TO_MS = SIM_FROM_MS + DEFAULTS.incidentEveryS * 1000;

export async function demoSnapshot(): Promise<DemoSnapshot> {
  const run = await runShop(DEFAULTS, BAD_DEPLOY_DEFAULTS, SIM_FROM_MS, SIM_TO_MS);
  return buildSnapshot(run, DEFAULTS, BAD_DEPLOY_DEFAULTS, SIM_FROM_MS, SIM_TO_MS);
}

/** The snapshot as written to disk (stable key order, one trailing newline). */
export const snapshotText = (s: DemoSnapshot) => `${JSON.stringify(s, null, 1)}\n`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2];
  if (out && !existsSync(dirname(out))) {
    console.error(`Cannot write ${out}: no folder ${dirname(out)}. Usage: node src/simulate.ts [out.json]`);
    process.exit(2);
  }
  const text = snapshotText(await demoSnapshot());
  if (out) {
    writeFileSync(out, text);
    console.error(`Wrote ${out} (${text.length} bytes).`);
  } else {
    process.stdout.write(text);
  }
}
