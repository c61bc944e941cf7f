import type { Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

/**
 * SCALE_PROFILE=1: a CPU profile (Chrome DevTools Protocol) of each page measured, summed over its
 * longest busy stretch (samples with no idle gap), which is where the longest task is. Prints the
 * functions with the most self time there, so the next person can see where a long task goes.
 */
interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// The plugin's production build is minified: its source maps (dist/*.js.map) name the source line.
const DIST = path.resolve(__dirname, '../../dist');
const maps = new Map<string, SourceMapConsumer | undefined>();
function where(f: ProfileNode['callFrame']): string {
  const file = f.url.split('?')[0].split('/').pop() ?? '';
  if (!maps.has(file)) {
    const map = path.join(DIST, `${file}.map`);
    const isPlugin = f.url.includes('/public/plugins/') && existsSync(map);
    maps.set(file, isPlugin ? new SourceMapConsumer(JSON.parse(readFileSync(map, 'utf8')) as RawSourceMap) : undefined);
  }
  const o = maps.get(file)?.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
  if (o?.source) {
    // webpack://<plugin>/pages/x.ts is src/pages/x.ts; webpack://<plugin>/node_modules/… stays.
    const source = o.source.replace(/^webpack:\/\/[^/]+\//, '').replace(/^(?!node_modules\/|webpack\/)/, 'src/');
    return `${o.name ?? f.functionName ?? '(anonymous)'} ${source}:${o.line}`;
  }
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

/** Also writes the whole profile to `file` (open it in Chrome DevTools' Performance panel). */
export async function startProfile(page: Page, file: string): Promise<() => Promise<string>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    await cdp.detach();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    return summarise(profile);
  };
}

/** The longest run of busy samples (no idle gap over 1 ms), and the top self-time functions in it. */
export function summarise(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (id: number) => byId.get(id)?.callFrame.functionName || '(anonymous)';
  // Each sample's time is the delta *after* it (the next sample's timeDelta).
  const ms = profile.samples.map((_, i) => (profile.timeDeltas[i + 1] ?? 0) / 1000);
  let best = { from: 0, to: 0, ms: 0 };
  let from = 0;
  let busy = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (name(profile.samples[i]) === '(idle)') {
      idle += ms[i];
      if (idle > 1) {
        from = i + 1;
        busy = 0;
        idle = 0;
      }
      continue;
    }
    busy += ms[i] + idle;
    idle = 0;
    if (busy > best.ms) {
      best = { from, to: i + 1, ms: busy };
    }
  }
  const self = new Map<string, number>();
  for (let i = best.from; i < best.to; i++) {
    const n = byId.get(profile.samples[i]);
    if (!n || n.callFrame.functionName === '(idle)') {
      continue;
    }
    const key = where(n.callFrame);
    self.set(key, (self.get(key) ?? 0) + ms[i]);
  }
  // Also each sample charged to the innermost plugin source (src/) on its stack: which of our code asked for it.
  const parent = new Map<number, number>();
  profile.nodes.forEach((n) => n.children?.forEach((c) => parent.set(c, n.id)));
  const ours = new Map<string, number>();
  for (let i = best.from; i < best.to; i++) {
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const at = where(byId.get(id)!.callFrame);
      if (/ src\//.test(at)) {
        ours.set(at, (ours.get(at) ?? 0) + ms[i]);
        break;
      }
    }
  }
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`);
  return [
    `longest busy stretch ${Math.round(best.ms)} ms; top self time in it:`,
    ...list(self),
    'the same stretch, each sample charged to the innermost plugin source on its stack:',
    ...list(ours),
  ].join('\n');
}
