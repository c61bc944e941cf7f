/**
 * `npm run bench`, part two: hostile logs and traces. Each figure is printed beside the same
 * input's figure from the old algorithm or the naive approach, measured in the same run. The old
 * and naive runs get bounded inputs where the full input would take minutes (said on each line).
 * Targets: no hostile input above 50 ms per line, a 200,000-span trace well under a second.
 * Prints; enforces nothing about speed (machines differ), only that Correlate's answers are right.
 */
import { signatureOf, errorSignatures } from '../src/correlation/errorSignature';
import type { LogRow } from '../src/correlation/logRows';
import { findTraceId } from '../src/correlation/traceId';
import { tracePath } from '../src/correlation/serviceGraph/tracePath';
import { summarizeTrace, type TraceSpan } from '../src/correlation/traceSummary';
import { errorSignaturesNaive } from './baselines/errorSignatureNaive';
import { summarizeTraceNaive } from './baselines/traceSummaryNaive';
import { loadRe2 } from '../src/correlation/re2';

const KB = 1024;

/** Median of `runs` timed calls after one warm-up, in ms. */
function medianMs(f: () => unknown, runs = 5): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** One timed call (for the slow baselines), in ms; a throw is reported by name. */
function onceMs(f: () => unknown): number | string {
  const t = process.hrtime.bigint();
  try {
    f();
  } catch (err) {
    return err instanceof Error ? `throws ${err.name}: ${err.message}` : 'throws';
  }
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const ms = (v: number | string) =>
  typeof v === 'string' ? v : `${v < 10 ? v.toFixed(2) : Math.round(v).toLocaleString('en-US')} ms`;

function row(what: string, ours: number | string, theirs: string) {
  console.log(`${what.padEnd(62)} ${ms(ours).padStart(12)}   ${theirs}`);
}

let worstLineMs = 0;

function patternCase(opts: {
  pattern: string;
  line: (n: number) => string;
  label: string;
  sizes: number[];
  /** Length the native RegExp gets (bounded so it finishes), or undefined when not run. */
  nativeSize?: number;
}) {
  const options = { patterns: [opts.pattern] };
  let native = '';
  if (opts.nativeSize !== undefined) {
    const re = new RegExp(opts.pattern);
    const line = opts.line(opts.nativeSize);
    native = `native RegExp: ${ms(onceMs(() => re.exec(line)))} on ${opts.nativeSize.toLocaleString('en-US')} chars`;
  }
  for (const n of opts.sizes) {
    const line = opts.line(n);
    const t = medianMs(() => findTraceId(line, undefined, options));
    worstLineMs = Math.max(worstLineMs, t);
    const size = n >= KB ? `${Math.round(n / KB)} KB` : `${n} chars`;
    row(`${opts.pattern.slice(0, 28)} ${opts.label}, ${size}`, t, n === opts.sizes[0] ? native : '');
  }
}

function patterns() {
  console.log('Configured trace-id patterns, time for one line with no id (Correlate: RE2 within a per-line budget)');
  patternCase({
    pattern: '.*corr=([0-9a-f]{32})',
    label: 'on text',
    line: (n) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n),
    sizes: [50 * KB, 256 * KB],
    nativeSize: 20 * KB,
  });
  patternCase({
    pattern: '(a+)+$',
    label: "on a's and one b",
    line: (n) => `${'a'.repeat(n - 1)}b`,
    sizes: [27, 256 * KB],
    nativeSize: 25,
  });
  patternCase({
    pattern: '(a+)+$',
    label: "on a's (it matches; no id)",
    line: (n) => 'a'.repeat(n),
    sizes: [256 * KB],
  });
  patternCase({
    pattern: '(?:a|b)*(a|b)$',
    label: 'on ab… (it matches; no id)',
    line: (n) => 'ab'.repeat(Math.ceil(n / 2)).slice(0, n),
    sizes: [256 * KB],
  });
  patternCase({
    pattern: '(\\w+\\s?)*$',
    label: 'on words and one !',
    line: (n) => `${'word '.repeat(Math.ceil(n / 5)).slice(0, n - 1)}!`,
    sizes: [30, 256 * KB],
    nativeSize: 30,
  });
  patternCase({
    pattern: '(?:a?){130}a{130}',
    label: '(largest program allowed)',
    line: (n) => 'ab'.repeat(Math.ceil(n / 2)).slice(0, n),
    sizes: [256 * KB],
  });
  patternCase({
    pattern: '((?:a?){130}a{129})',
    label: '(largest program, it matches; no id)',
    line: (n) => 'a'.repeat(n),
    sizes: [256 * KB],
  });
  patternCase({
    pattern: '(?:é|e|ê){120}x',
    label: 'on é',
    line: (n) => 'é'.repeat(n),
    sizes: [256 * KB],
  });
  // Fifty of the largest patterns: the budget is shared, so a line still costs the same.
  const many = Array.from({ length: 50 }, (_, i) => `(?:a?){130}a{129}${String.fromCharCode(98 + (i % 20))}`);
  const line = 'ab'.repeat(128 * KB);
  const t = medianMs(() => findTraceId(line, undefined, { patterns: many }));
  worstLineMs = Math.max(worstLineMs, t);
  row('50 patterns of the largest size, 256 KB line', t, '');
  console.log(`worst line: ${ms(worstLineMs)} (target: at most 50 ms)`);
}

function span(i: number, parent: number | undefined, error: boolean): TraceSpan {
  return {
    spanId: `s${i}`,
    parentSpanId: parent === undefined ? undefined : `s${parent}`,
    service: `svc-${i % 40}`,
    name: `op ${i}`,
    startMs: 1_000_000 + i,
    durationMs: 10,
    error,
  };
}

const siblings = (n: number) => [
  span(0, undefined, true),
  ...Array.from({ length: n - 1 }, (_, i) => span(i + 1, 0, i % 97 === 0)),
];
const chain = (n: number) => Array.from({ length: n }, (_, i) => span(i, i === 0 ? undefined : i - 1, i === n - 1));
/** A bushy tree: each span's parent is span (i - 1) / 4, errors scattered. */
const bushy = (n: number) =>
  Array.from({ length: n }, (_, i) => span(i, i === 0 ? undefined : Math.floor((i - 1) / 4), i % 1013 === 0));

function traces() {
  console.log('');
  console.log('Trace summary (summarizeTrace)');
  const sib50k = siblings(50_000);
  const check = summarizeTrace(sib50k);
  if (check?.rootCause?.spanId !== 's49956') {
    console.error(`wrong root cause on 50,000 siblings: ${check?.rootCause?.spanId}`);
    process.exitCode = 1;
  }
  const sib10k = siblings(10_000);
  row(
    '50,000 sibling spans',
    medianMs(() => summarizeTrace(sib50k)),
    `old: ${ms(onceMs(() => summarizeTraceNaive(sib10k)))} on 10,000 siblings`
  );
  const deep = chain(20_000);
  row(
    '20,000-deep chain',
    medianMs(() => summarizeTrace(deep)),
    `old: ${ms(onceMs(() => summarizeTraceNaive(deep)))}`
  );
  // A trace is summarised once when it arrives: the first (cold) run is what a user waits for.
  const big = bushy(200_000);
  const big20k = bushy(20_000);
  row(
    '200,000 spans (tree of fan-out 4), first run',
    onceMs(() => summarizeTrace(big)),
    ''
  );
  row(
    '200,000 spans (tree of fan-out 4), median of the next runs',
    medianMs(() => summarizeTrace(big)),
    `old: ${ms(onceMs(() => summarizeTraceNaive(big20k)))} on 20,000 spans`
  );
  const sib200k = siblings(200_000);
  row(
    '200,000 sibling spans, first run',
    onceMs(() => summarizeTrace(sib200k)),
    ''
  );
  row(
    '200,000 sibling spans, median of the next runs',
    medianMs(() => summarizeTrace(sib200k)),
    'old: over 7 minutes (not run)'
  );
}

/** The trace's path through its services, beside the summary it is shown with (same spans, same run). */
function paths() {
  console.log('');
  console.log('Path through the services (tracePath), beside summarizeTrace on the same spans');
  // 200,000 spans over 2,000 services, each span's service differing from its parent's.
  const big = bushy(200_000).map((s, i) => ({ ...s, service: `svc-${i % 2000}` }));
  const summary = summarizeTrace(big)!;
  const path = tracePath(big, summary.root, summary.rootCause);
  if (path.services.length !== 2000 || path.services[0].service !== 'svc-0') {
    console.error(`wrong path on 200,000 spans: ${path.services.length} services, first ${path.services[0]?.service}`);
    process.exitCode = 1;
  }
  row(
    '200,000 spans, 2,000 services, first run',
    onceMs(() => tracePath(big, summary.root, summary.rootCause)),
    ''
  );
  row(
    '200,000 spans, 2,000 services, median of the next runs',
    medianMs(() => tracePath(big, summary.root, summary.rootCause)),
    `summarizeTrace, same spans: ${ms(medianMs(() => summarizeTrace(big)))}`
  );
}

/** A line of escaped quotes, as the security review sent: the old scanner tried 200 characters at each. */
export function hostileRows(n: number): LogRow[] {
  return Array.from({ length: n }, (_, i) => ({
    timeMs: 1_000_000 + i,
    line: `${'\\"'.repeat(1000)} request ${i}`,
    labels: {},
    service: `svc-${i % 7}`,
  }));
}

function signatures() {
  console.log('');
  console.log('Error signatures of hostile lines (2,000 characters of escaped quotes each)');
  const rows5k = hostileRows(5000);
  const rows1k = hostileRows(1000);
  row(
    'signatures of 5,000 lines',
    medianMs(
      () =>
        errorSignatures(
          rows5k,
          rows5k.map((r) => signatureOf(r.line))
        ),
      3
    ),
    `old: ${ms(onceMs(() => errorSignaturesNaive(rows1k)))} on 1,000 lines`
  );
}

function main() {
  console.log(`Hostile input, Node ${process.version}`);
  console.log(`${'input'.padEnd(62)} ${'Correlate'.padStart(12)}   old or naive, same run`);
  patterns();
  traces();
  paths();
  signatures();
}

// Configured patterns run on RE2, which the plugin loads on demand (src/correlation/re2.ts).
void loadRe2().then(main);
