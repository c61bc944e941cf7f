import type { CDPSession, Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SourceMapConsumer } from 'source-map-js';

/**
 * SCALE_PROFILE=1: a CPU profile (CDP Profiler) of each measured page, written to
 * test-results/bench-scale/<page>.cpuprofile (open it in Chrome's DevTools), and a summary of its
 * longest busy stretch (samples between two idle ones, which is what a long task is): where the time
 * went, by function, with the plugin's minified frames mapped back to src/ through dist/'s source maps.
 */
const OUT = path.resolve(__dirname, '../../test-results/bench-scale');
const DIST = path.resolve(__dirname, '../../dist');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export async function startProfile(page: Page): Promise<CDPSession | undefined> {
  if (process.env.SCALE_PROFILE !== '1') {
    return undefined;
  }
  // A trace too: its tasks carry the main thread's own CPU time (tdur), which the other processes of a
  // busy machine do not inflate, unlike a task's wall time.
  await page
    .context()
    .browser()
    ?.startTracing(page, { categories: ['disabled-by-default-devtools.timeline', 'blink.user_timing'] });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  // A named stretch of busy work in the profile, at a known performance.now(): the two clocks' offset.
  const at = await page.evaluate(() => {
    const scaleProfileClockMark = () => {
      const t = performance.now();
      while (performance.now() - t < 3) {
        // busy, so the profiler samples it
      }
      return t;
    };
    return scaleProfileClockMark();
  });
  clockMarks.set(cdp, at);
  await page.evaluate(() => performance.mark('scale-page-start'));
  return cdp;
}

const clockMarks = new WeakMap<CDPSession, number>();

/** `task`: the page's longest task (performance.now's clock); without it, the longest busy stretch. */
export async function stopProfile(
  cdp: CDPSession | undefined,
  page: Page,
  name: string,
  task?: { start: number; duration: number }
): Promise<void> {
  if (!cdp) {
    return;
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const trace = await page.context().browser()?.stopTracing();
  mkdirSync(OUT, { recursive: true });
  if (trace) {
    writeFileSync(path.join(OUT, `${name}.trace.json`), trace);
  }
  writeFileSync(path.join(OUT, `${name}.cpuprofile`), JSON.stringify(profile));
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const mark = clockMarks.get(cdp);
  console.log(
    [
      summarise(profile, name, mark !== undefined ? task && { ...task, mark } : undefined),
      `  DOM elements at the end: ${nodes}`,
      ...(trace ? [tasksByThreadTime(JSON.parse(trace.toString('utf8')))] : []),
    ].join('\n')
  );
}

/** dist/ files by their path, so a URL's longest matching tail finds its file and source map. */
let distFiles: string[] | undefined;
const consumers = new Map<string, SourceMapConsumer | null>();

function mapFrame(f: CallFrame): string {
  const url = f.url.split('?')[0];
  const where = `${f.functionName || '(anonymous)'}`;
  if (!url) {
    return where;
  }
  const pathname = url.replace(/^[a-z]+:\/\/[^/]+/, '');
  if (pathname.includes('/public/plugins/')) {
    distFiles ??= (readdirSync(DIST, { recursive: true }) as string[]).filter((p) => p.endsWith('.js'));
    const file = distFiles
      .filter((p) => pathname.endsWith('/' + p.split(path.sep).join('/')))
      .sort((a, b) => b.length - a.length)[0];
    if (file) {
      if (!consumers.has(file)) {
        try {
          consumers.set(file, new SourceMapConsumer(JSON.parse(readFileSync(path.join(DIST, file + '.map'), 'utf8'))));
        } catch {
          consumers.set(file, null);
        }
      }
      const pos = consumers.get(file)?.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
      if (pos?.source) {
        const source = pos.source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^\.\//, '');
        return `${pos.name ?? where} ${source}:${pos.line}`;
      }
    }
  }
  return `${where} ${path.basename(pathname)}:${f.lineNumber + 1}`;
}

const top = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `    ${(us / 1000).toFixed(1).padStart(7)} ms  ${k}`);

export function summarise(
  profile: Profile,
  name: string,
  task?: { start: number; duration: number; mark: number }
): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const { samples, timeDeltas } = profile;
  const dur = (i: number) => timeDeltas[i + 1] ?? 0;
  const idle = (i: number) => byId.get(samples[i])?.callFrame.functionName === '(idle)';
  // Samples inside the doubles (browser/harness/scale/measure.ts names them): the stand-in servers'
  // time, which the benchmark leaves out of a task, left out here too.
  const doubleNodes = new Set<number>();
  const inDouble = (id: number): boolean => {
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      if (doubleNodes.has(n) || byId.get(n)?.callFrame.functionName === 'scaleDoubleAnswer') {
        doubleNodes.add(id);
        return true;
      }
    }
    return false;
  };
  const mine = (i: number) => (inDouble(samples[i]) ? 0 : dur(i));
  const labelOf = (id: number, fn: string) => {
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      if (byId.get(n)?.callFrame.functionName === fn) {
        return true;
      }
    }
    return false;
  };
  // Sample times on the profile's clock (µs).
  const at: number[] = [];
  for (let i = 0, t = profile.startTime; i < samples.length; i++) {
    t += timeDeltas[i];
    at.push(t);
  }
  // The longest task, found by the clock mark; or else the longest stretch with no idle sample between.
  let best = { from: 0, to: 0, us: 0, all: 0 };
  const markAt = task && at.findIndex((_, i) => labelOf(samples[i], 'scaleProfileClockMark'));
  if (task && markAt !== undefined && markAt >= 0) {
    const offset = at[markAt] - task.mark * 1000;
    const from = at.findIndex((t) => t >= offset + task.start * 1000);
    let to = at.findIndex((t) => t > offset + (task.start + task.duration) * 1000);
    to = to < 0 ? samples.length : to;
    best = { from, to, us: 0, all: 0 };
    for (let i = from; i < to; i++) {
      best.us += mine(i);
      best.all += dur(i);
    }
  }
  for (let i = 0; !task && i < samples.length;) {
    if (idle(i)) {
      i++;
      continue;
    }
    let us = 0;
    let all = 0;
    let j = i;
    for (; j < samples.length && !idle(j); j++) {
      us += mine(j);
      all += dur(j);
    }
    if (us > best.us) {
      best = { from: i, to: j, us, all };
    }
    i = j;
  }
  const labels = new Map<number, string>();
  const label = (id: number) => {
    let l = labels.get(id);
    if (l === undefined) {
      l = mapFrame(byId.get(id)!.callFrame);
      labels.set(id, l);
    }
    return l;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const innermostSrc = new Map<string, number>();
  const component = new Map<string, number>();
  for (let i = best.from; i < best.to; i++) {
    const us = mine(i);
    if (us === 0) {
      continue;
    }
    const leaf = label(samples[i]);
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    const seen = new Set<string>();
    let inner: string | undefined;
    let comp: string | undefined;
    for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
      const l = label(id);
      if (!seen.has(l)) {
        seen.add(l);
        inclusive.set(l, (inclusive.get(l) ?? 0) + us);
      }
      if (inner === undefined && /\.tsx?:\d+$/.test(l) && !l.includes('node_modules')) {
        inner = l;
      }
      // React components are named in capitals (the harness bundle keeps names; the plugin's map back).
      if (comp === undefined && /^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]* /.test(l) && !l.startsWith('Observable')) {
        comp = l;
      }
    }
    inner ??= '(no plugin frame: harness, doubles, browser)';
    innermostSrc.set(inner, (innermostSrc.get(inner) ?? 0) + us);
    comp ??= '(no component)';
    component.set(comp, (component.get(comp) ?? 0) + us);
  }
  return [
    `profile ${name}: ${task ? 'longest task' : 'longest busy stretch'} ${(best.us / 1000).toFixed(0)} ms without the doubles (${(best.all / 1000).toFixed(0)} ms with)`,
    '  self time:',
    ...top(self, 15),
    '  by innermost plugin frame (src/, mapped):',
    ...top(innermostSrc, 15),
    '  by innermost component:',
    ...top(component, 15),
    '  inclusive:',
    ...top(inclusive, 25),
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

/** The page's longest main-thread tasks by their thread (CPU) time, with their wall time, from its mount on. */
export function tasksByThreadTime(trace: { traceEvents: TraceEvent[] }): string {
  const start = trace.traceEvents.find((e) => e.name === 'scale-page-start')?.ts ?? 0;
  const main = trace.traceEvents.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
  );
  const isMain = (e: TraceEvent) => main.some((m) => m.pid === e.pid && m.tid === e.tid);
  const tasks = trace.traceEvents
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.ts >= start && isMain(e))
    .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
    .slice(0, 3);
  const ms = (us?: number) => `${Math.round((us ?? 0) / 1000)} ms`;
  return `  longest tasks by main-thread CPU time: ${tasks.map((t) => `${ms(t.tdur)} (wall ${ms(t.dur)})`).join(', ')}`;
}
