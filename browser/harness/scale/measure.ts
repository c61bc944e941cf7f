import { dataFrameToJSON, FieldType, type DataFrame } from '@grafana/data';
import type { Answer, RecordedRequest, Responder } from '../../../src/test/mocks/backendQuery';
import type { Responder as ApiResponder } from '../../../src/test/mocks/backendSrv';
import { isTempoSearchResult, tempoSearchBackendFrame } from '../../../src/test/mocks/tempoFrame';
import { isTempoMetricsResult, tempoMetricsFrames } from '../../../src/test/mocks/tempoMetrics';

/**
 * What the benchmark reads of every answer: per query, the series and log lines it returned, and per
 * request the bytes Grafana would send the browser. Bytes of a data query: the UTF-8 length of
 * Grafana's `POST /api/ds/query` answer, `{"results":{"<refId>":{"status":200,"frames":[…]}}}`, each
 * frame as the plugin SDK's data.FrameToJSON writes it (schema + values), which @grafana/data's
 * dataFrameToJSON mirrors; a failed query as `{"status":<code>,"error":"<message>"}`. Tempo's search
 * and metrics answers are sized as the frames Grafana's Tempo backend builds from them. Bytes of a
 * resource call (label values, exemplars, patterns): the JSON body the resource proxy passes through.
 * The time the doubles spend answering (and sizing) is kept apart, so a long task in the page can be
 * split into the plugin's share and the stand-in servers' share.
 */
export interface ScaleObservation {
  backend: string;
  uid: string;
  query: string;
  series: number;
  lines: number;
  /** Bytes to the browser of the whole request this query was part of. */
  bytes: number;
  /** The answer was an error (a missing trace, a parse error...). */
  error?: string;
  /** A limit double refused the query, with the backend's own message. */
  refused?: string;
}

export interface DoubleInterval {
  start: number;
  end: number;
}

export interface ScaleRecorder {
  observations: ScaleObservation[];
  doubles: DoubleInterval[];
  /** Refusals the limit doubles reported, by query text, for the next observation of that query. */
  refusals: Map<string, string>;
}

const utf8 = new TextEncoder();
let sizing = true;
/** The answers' bytes are not measured (0): `?runtime=hostile` times the pages only. */
export function skipSizing(): void {
  sizing = false;
}
const sizeOf = (value: () => unknown) => (sizing ? utf8.encode(JSON.stringify(value())).length : 0);

function framesOf(answer: Answer, targets: Array<Record<string, any>>): DataFrame[] {
  if (isTempoSearchResult(answer)) {
    return [tempoSearchBackendFrame(targets[0]?.refId ?? 'A', answer.traces)];
  }
  if (isTempoMetricsResult(answer)) {
    return tempoMetricsFrames(answer.series).map((f) => ({ ...f, refId: targets[0]?.refId ?? 'A' }));
  }
  return answer as DataFrame[];
}

const isLogs = (f: DataFrame) => f.fields.some((x) => x.name === 'Line' || x.name === 'body');
const isSeries = (f: DataFrame) =>
  !isLogs(f) &&
  f.length > 0 &&
  f.fields.some((x) => x.type === FieldType.number) &&
  f.meta?.preferredVisualisationType !== 'trace';

/** Times `respond` and records what it answered, query by query. */
export function measured(respond: Responder, recorder: ScaleRecorder): Responder {
  // Named, so a CPU profile (bench/scale/profile.ts) tells the doubles' samples apart.
  return function scaleDoubleAnswer(req: RecordedRequest) {
    const start = performance.now();
    let answer: Answer;
    try {
      answer = respond(req);
    } catch (e) {
      answer = e instanceof Error ? e : new Error(String(e));
    }
    const queryOf = (t: Record<string, any>) => String(t.expr ?? t.query ?? '');
    // Some queries refused, the others answered (the Loki limits double's PartialAnswer).
    const partial = answer instanceof Error && 'failures' in answer && 'frames' in answer;
    if (partial) {
      const { frames, failures } = answer as unknown as { frames: DataFrame[]; failures: Record<string, string> };
      const first = req.targets[0]?.refId;
      const results = () =>
        Object.fromEntries(
          req.targets.map((t) => [
            t.refId,
            failures[t.refId] !== undefined
              ? { status: 400, error: failures[t.refId] }
              : {
                  status: 200,
                  frames: frames.filter((f) => (f.refId ?? first) === t.refId).map((f) => dataFrameToJSON(f)),
                },
          ])
        );
      const bytes = sizeOf(() => ({ results: results() }));
      for (const t of req.targets) {
        const mine = frames.filter((f) => (f.refId ?? first) === t.refId);
        const refused = recorder.refusals.get(queryOf(t));
        recorder.refusals.delete(queryOf(t));
        recorder.observations.push({
          backend: req.type,
          uid: req.uid,
          query: queryOf(t),
          series: mine.filter(isSeries).length,
          lines: mine.filter(isLogs).reduce((n, f) => n + f.length, 0),
          bytes,
          ...(failures[t.refId] !== undefined ? { error: failures[t.refId] } : {}),
          ...(refused ? { refused } : {}),
        });
      }
    } else if (answer instanceof Error) {
      const results = Object.fromEntries(req.targets.map((t) => [t.refId, { status: 400, error: answer.message }]));
      const bytes = sizeOf(() => ({ results }));
      for (const t of req.targets) {
        const refused = recorder.refusals.get(queryOf(t));
        recorder.refusals.delete(queryOf(t));
        recorder.observations.push({
          backend: req.type,
          uid: req.uid,
          query: queryOf(t),
          series: 0,
          lines: 0,
          bytes,
          error: answer.message,
          ...(refused ? { refused } : {}),
        });
      }
    } else {
      const frames = framesOf(answer, req.targets);
      const first = req.targets[0]?.refId;
      const byRef = (refId: string) => frames.filter((f) => (f.refId ?? first) === refId);
      const results = () =>
        Object.fromEntries(
          req.targets.map((t) => [t.refId, { status: 200, frames: byRef(t.refId).map((f) => dataFrameToJSON(f)) }])
        );
      const bytes = sizeOf(() => ({ results: results() }));
      for (const t of req.targets) {
        const mine = byRef(t.refId);
        recorder.observations.push({
          backend: req.type,
          uid: req.uid,
          query: queryOf(t),
          series: mine.filter(isSeries).length,
          lines: mine.filter(isLogs).reduce((n, f) => n + f.length, 0),
          bytes,
        });
      }
    }
    recorder.doubles.push({ start, end: performance.now() });
    return answer;
  };
}

/** Times a resource-call responder and records the size of each body it answers. */
export function measuredApi(respond: ApiResponder, recorder: ScaleRecorder): ApiResponder {
  return function scaleDoubleAnswer(req) {
    const start = performance.now();
    const answer = respond(req);
    const body = 'error' in answer ? answer.error.data : answer.data;
    const status = 'status' in answer ? answer.status : 200;
    if (req.url.includes('/resources/')) {
      recorder.observations.push({
        backend: 'resource',
        uid: /\/uid\/([^/]+)/.exec(req.url)?.[1] ?? '',
        query: decodeURIComponent(req.url),
        series: 0,
        lines: 0,
        bytes: body === undefined ? 0 : sizeOf(() => body),
        ...(status >= 400 ? { error: `HTTP ${status}: ${JSON.stringify(body).slice(0, 200)}` } : {}),
      });
    }
    recorder.doubles.push({ start, end: performance.now() });
    return answer;
  };
}

export interface LongTask {
  start: number;
  duration: number;
}

/** Every long task (over 50 ms) the browser reports from now on. */
export function observeLongTasks(): LongTask[] {
  const tasks: LongTask[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      tasks.push({ start: e.startTime, duration: e.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  return tasks;
}

/** The longest task less the time the doubles ran inside it (they stand in for Grafana's servers). */
export function longestPluginTaskMs(tasks: LongTask[], doubles: DoubleInterval[]): number {
  return Math.round(longestPluginTask(tasks, doubles)?.pluginMs ?? 0);
}

/** That task itself (where it starts, on performance.now's clock), for a CPU profile to look into. */
export function longestPluginTask(
  tasks: LongTask[],
  doubles: DoubleInterval[]
): (LongTask & { pluginMs: number }) | undefined {
  let longest: (LongTask & { pluginMs: number }) | undefined;
  for (const t of tasks) {
    const end = t.start + t.duration;
    const inDoubles = doubles.reduce((ms, d) => ms + Math.max(0, Math.min(end, d.end) - Math.max(t.start, d.start)), 0);
    if (!longest || t.duration - inDoubles > longest.pluginMs) {
      longest = { ...t, pluginMs: t.duration - inDoubles };
    }
  }
  return longest;
}
