import type { Browser, Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

/**
 * SCALE_PROFILE=1: a CPU profile (Chrome DevTools Protocol) of each page measured. Prints the
 * functions with the most self time in the page's longest task, so the next person can see where
 * a long task goes.
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

/**
 * The top self-time functions in a window of the profile (ms from its start: the longest task), or
 * else in its longest run of busy samples (no idle gap over 1 ms).
 */
export function summarise(profile: Profile, window?: { fromMs: number; toMs: number }, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (id: number) => byId.get(id)?.callFrame.functionName || '(anonymous)';
  // Each sample's time is the delta *after* it (the next sample's timeDelta).
  const ms = profile.samples.map((_, i) => (profile.timeDeltas[i + 1] ?? 0) / 1000);
  let best = { from: 0, to: 0, ms: 0 };
  if (window) {
    let at = 0;
    best = { from: -1, to: 0, ms: window.toMs - window.fromMs };
    profile.samples.forEach((_, i) => {
      at += profile.timeDeltas[i] / 1000;
      if (at >= window.fromMs && at <= window.toMs) {
        best.from = best.from < 0 ? i : best.from;
        best.to = i + 1;
      }
    });
    best.from = Math.max(0, best.from);
  } else {
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
    `${window ? 'longest task' : 'longest busy stretch'} ${Math.round(best.ms)} ms; top self time in it:`,
    ...list(self),
    'the same time, each sample charged to the innermost plugin source on its stack:',
    ...list(ours),
  ].join('\n');
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Starts a Chrome trace of the page's tasks and a CPU profile. The returned function stops both,
 * writes the profile to `file` (open it in Chrome DevTools) and prints the main thread's longest
 * tasks with their CPU time (`tdur`), and the functions with the most self time in the longest.
 * On a machine shared with other jobs a task's wall time counts the time its thread waited for a
 * core; its CPU time does not, so it says what a quiet machine would see (the doubles included).
 * Trace and profile timestamps are on the same clock (microseconds of Chrome's TimeTicks).
 */
export async function startProfile(browser: Browser, page: Page, file: string): Promise<() => Promise<string>> {
  await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline', 'toplevel'] });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile & { startTime: number } };
    await cdp.detach();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    const trace = await browser.stopTracing();
    writeFileSync(file.replace(/\.cpuprofile$/, '.trace.json'), trace);
    const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
    const main = traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const onMain = (e: TraceEvent) => e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid;
    // Tasks that handle a DevTools message (Playwright's evaluations, starting and stopping the
    // profiler, which takes a second) are the tools' own, not the page's.
    const tools = traceEvents.filter((e) => onMain(e) && e.name === 'Receive mojo message').map((e) => e.ts);
    const tasks = traceEvents
      .filter((e) => onMain(e) && e.name === 'RunTask')
      .filter((e) => !tools.some((ts) => ts >= e.ts && ts <= e.ts + (e.dur ?? 0)))
      .map((e) => ({ ts: e.ts, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
    const byCpu = [...tasks].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 5);
    const longest = [...tasks].sort((a, b) => b.wallMs - a.wallMs)[0];
    const ms = (t: { wallMs: number; cpuMs: number }) =>
      `${Math.round(t.cpuMs)} ms CPU (${Math.round(t.wallMs)} ms wall)`;
    const from = longest ? (longest.ts - profile.startTime) / 1000 : 0;
    return [
      `longest tasks by CPU time: ${byCpu.map(ms).join(', ')}`,
      longest ? `longest task by wall time: ${ms(longest)}` : 'no tasks traced',
      summarise(profile, longest ? { fromMs: from, toMs: from + longest.wallMs } : undefined),
    ].join('\n');
  };
}
