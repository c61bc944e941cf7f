import type { DataFrame } from '@grafana/data';
import type { Answer, RecordedRequest, Responder } from '../../../src/test/mocks/backendQuery';
import { patternsCall } from '../../../src/test/mocks/lokiPatterns';
import { compareAnswer, tempoMetricsResult, type CompareSpan } from '../../../src/test/mocks/tempoMetrics';
import type { LokiLine } from '../demo/logql';
import { DEMO_DATA_SOURCES } from '../demo/facts';
import { SCALE } from '../scale/facts';
import { scaleHealthScenario } from '../scale/health';
import { lineAt, LINE_GAP_MS } from '../scale/logs';
import { skipSizing } from '../scale/measure';
import { installScaleRuntime, type ScaleRuntime } from '../scale/runtime';
import { HOSTILE_SERVICES, hostileTraceId, LINE_SHAPES } from './catalogue';

/**
 * `?runtime=hostile`: the scale runtime (3,000 services, the limit doubles, every answer measured and
 * the doubles' own time kept apart) carrying the catalogue's hostile inputs: the newest lines are
 * the hostile shapes from hostile services, Loki's derived field is `.*traceID=(\w+)` (F2), the
 * patterns API answers far over Loki's own bounds (F16), compare() gives 10,000 versions (F14) and
 * Mimir names the first services as the hostile ones (F8, F10).
 */
export const HOSTILE_LINES = 1_500;
const HOSTILE_SPAN_MS = 40 * 60_000;

function hostileLines(now: number): () => LokiLine[] {
  let lines: LokiLine[] | undefined;
  return () => {
    if (!lines) {
      // 40 minutes of lines, not the scale's two hours: enough for every page's window (What changed
      // compares two 15-minute windows), and the doubles, which scan them per query, stay within the run.
      const count = Math.floor(HOSTILE_SPAN_MS / LINE_GAP_MS);
      lines = new Array<LokiLine>(count);
      for (let k = 0; k < count; k++) {
        const line = lineAt(now, k);
        if (k < HOSTILE_LINES) {
          const service = HOSTILE_SERVICES[k % HOSTILE_SERVICES.length];
          const shape = LINE_SHAPES[Math.floor(k / HOSTILE_SERVICES.length) % LINE_SHAPES.length];
          line.line = shape.body(k);
          line.labels = { service_name: service };
          // The first line keeps the 50k-span trace; half the others carry their id only in the text.
          if (k > 0 && k % 2 === 0) {
            delete (line.structuredMetadata as Record<string, string>).trace_id;
            line.line = `${line.line} traceID=${hostileTraceId(k)}`;
          }
        }
        lines[k] = line;
      }
    }
    return lines;
  };
}

/** Loki's settings with the derived field of F2; the rest of the scale stack as it is. */
function hostileHealth(now: number, lines: LokiLine[]) {
  const base = scaleHealthScenario(now, lines);
  const loki = base.settings[DEMO_DATA_SOURCES.loki] as Record<string, unknown>;
  return {
    ...base,
    settings: {
      ...base.settings,
      [DEMO_DATA_SOURCES.loki]: {
        ...loki,
        derivedFields: [
          {
            name: 'traceID',
            matcherType: 'regex',
            matcherRegex: '.*traceID=(\\w+)',
            datasourceUid: DEMO_DATA_SOURCES.tempo,
            url: '${__value.raw}',
          },
          { name: 'nested', matcherType: 'regex', matcherRegex: '(?:\\w+\\s?)*traceID=(\\w+)', url: 'x' },
        ],
      },
    },
  };
}

/** F16: a misbehaving proxy's patterns answer, 300 patterns of 5,000 samples with hostile text. */
function hostilePatterns() {
  return (url: string) => {
    const call = patternsCall(url);
    if (!call) {
      return undefined;
    }
    const startS = Math.floor(call.startMs / 1000);
    const data = Array.from({ length: 300 }, (_, i) => ({
      pattern: `${HOSTILE_SERVICES[i % HOSTILE_SERVICES.length]} <_> ${LINE_SHAPES[i % LINE_SHAPES.length].body(i).slice(0, 2_000)}`,
      level: i % 3 ? 'error' : 'info',
      samples: Array.from({ length: 5_000 }, (_, j) => [startS + j, 1 + ((i * j) % 7)]),
    }));
    return { data: { status: 'success', data } };
  };
}

/** F14: compare() over spans of 10,000 versions (the double keeps Tempo's top values per attribute). */
function withVersions(respond: Responder): Responder {
  return (req: RecordedRequest): Answer => {
    const query = String(req.targets[0]?.query ?? '');
    if (req.type !== 'tempo' || !query.includes('| compare(')) {
      return respond(req);
    }
    const spans: CompareSpan[] = [];
    for (let i = 0; i < 20_000; i++) {
      spans.push({
        timeMs: req.fromMs + ((req.toMs - req.fromMs) * i) / 20_000,
        durationMs: 50 + (i % 1300),
        attributes: {
          'resource.service.name': i % 2 ? HOSTILE_SERVICES[i % HOSTILE_SERVICES.length] : SCALE.serviceName(i % 3000),
          'resource.service.version': `v${i % 10_000}-${'\u202E'}${i % 7 ? '' : 'https://evil.example/'}`,
          status: i % 5 ? 'unset' : 'error',
          [`span.${HOSTILE_SERVICES[i % HOSTILE_SERVICES.length].slice(0, 300)}`]: 'x',
        },
      });
    }
    const stepMs = Math.max(60_000, Math.round((req.toMs - req.fromMs) / 30));
    return tempoMetricsResult(compareAnswer(query, spans, { fromMs: req.fromMs, toMs: req.toMs, stepMs }));
  };
}

/** Mimir's first services answer under the hostile names (Services, the service map, RED rows). */
function withHostileMetricNames(respond: Responder): Responder {
  const rename = new Map(HOSTILE_SERVICES.map((name, i) => [SCALE.serviceName(i), name]));
  return (req) => {
    const answer = respond(req);
    if (req.type !== 'prometheus' || !Array.isArray(answer)) {
      return answer;
    }
    return (answer as DataFrame[]).map((f) => ({
      ...f,
      fields: f.fields.map((field) => {
        const labels = field.labels;
        if (!labels) {
          return field;
        }
        const renamed = Object.fromEntries(
          Object.entries(labels).map(([k, v]) => [
            k,
            ['service', 'client', 'server'].includes(k) ? (rename.get(v) ?? v) : v,
          ])
        );
        return { ...field, labels: renamed };
      }),
    }));
  };
}

export function installHostileRuntime(): ScaleRuntime {
  // The spec times the pages; sizing 50 KB lines as Grafana's JSON would cost the doubles seconds.
  skipSizing();
  return installScaleRuntime({
    lines: hostileLines,
    health: hostileHealth,
    patterns: hostilePatterns,
    respond: (r) => withHostileMetricNames(withVersions(r)),
  });
}
