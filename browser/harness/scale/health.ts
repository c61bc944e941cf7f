import { serviceGraphSeries, spanMetricsSeries, type HealthScenario } from '../../../src/test/mocks/healthStack';
import { lokiPatternsBody, patternsCall, type PatternLine } from '../../../src/test/mocks/lokiPatterns';
import type { LokiLine } from '../demo/logql';
import { demoHealthScenario } from '../demo/health';
import { SCALE, serviceTraffic } from './facts';
import { traceIdOfLine } from './logs';

/**
 * The health checks' stack at scale: every service's span metrics and its service-graph edge in
 * Mimir, 100,000 exemplars (Prometheus's default ring, as the review measured it filled), the lines
 * of logs.ts in Loki, and the data sources' settings of the demo (same uids).
 */
export function scaleHealthScenario(now: number, lines: LokiLine[]): HealthScenario {
  const base = demoHealthScenario(now, []);
  const series: Array<Record<string, string>> = [];
  const buckets: Array<Record<string, string>> = [];
  const edges: Array<[string, string]> = [];
  for (let i = 0; i < SCALE.services; i++) {
    const { calls, bucket } = spanMetricsSeries(SCALE.serviceName(i));
    series.push(...calls, bucket);
    buckets.push(bucket);
    edges.push([SCALE.serviceName(i), SCALE.serviceName((i + 1) % SCALE.services)]);
  }
  series.push(...serviceGraphSeries(edges));
  // One exemplar per bucket series per 15 s collection (grafana/tempo v2.10.8
  // modules/generator/registry/histogram.go:214-238), newest kept: the ring's last 100,000.
  const exemplars: HealthScenario['metrics']['exemplars'] = [];
  for (let k = 0; k < SCALE.exemplars; k++) {
    exemplars.push({
      series: buckets[k % buckets.length],
      // Traces Tempo has: those of the error lines (logs.ts), as a sampled span's exemplar would be.
      labels: { traceID: traceIdOfLine(k + 1) },
      timeMs: now - Math.floor(k / buckets.length) * 15_000,
    });
  }
  return { ...base, loki: { ...base.loki, lines }, metrics: { ...base.metrics, series, exemplars } };
}

/** Loki's stream matchers of a patterns query's selector (the only part the patterns API reads). */
function selectorMatchers(query: string): Array<(labels: Record<string, string>) => boolean> {
  const body = /^\s*\{(.*)\}\s*$/s.exec(query)?.[1];
  if (body === undefined) {
    throw new Error(`parse error: ${query.slice(0, 40)}`);
  }
  return [...body.matchAll(/(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map(([, name, op, raw]) => {
    const value = JSON.parse(`"${raw}"`) as string;
    const re = new RegExp(`^(?:${value})$`, 's');
    return (labels) => {
      const v = labels[name] ?? '';
      return op === '=' ? v === value : op === '!=' ? v !== value : op === '=~' ? re.test(v) : !re.test(v);
    };
  });
}

/**
 * Loki's patterns API at scale: each service's error patterns (its lines, numbers masked as Loki's
 * drain does with `<_>`) and its info and debug patterns, which outnumber the errors a thousand to one
 * at 1 TB a day. lokiPatternsBody keeps Loki's top 300.
 */
export function scalePatterns(lines: () => LokiLine[]) {
  return (url: string) => {
    const call = patternsCall(url);
    if (!call) {
      return undefined;
    }
    let tests: ReturnType<typeof selectorMatchers>;
    try {
      tests = selectorMatchers(call.query);
    } catch (e) {
      return { status: 400, data: { message: String((e as Error).message) } };
    }
    const keep = (labels: Record<string, string>) => tests.every((t) => t(labels));
    const found: PatternLine[] = [];
    const mid = Math.round((call.startMs + call.endMs) / 2);
    for (const l of lines()) {
      if (l.timeMs >= call.startMs && l.timeMs < call.endMs && keep({ ...l.labels, ...l.structuredMetadata })) {
        found.push({
          timeMs: l.timeMs,
          pattern: l.line.replace(/\d+/g, '<_>'),
          level: l.structuredMetadata.detected_level,
        });
      }
    }
    const hours = (call.endMs - call.startMs) / 3_600_000;
    for (let i = 0; i < SCALE.services; i++) {
      const service = SCALE.serviceName(i);
      for (const level of ['info', 'debug']) {
        if (keep({ service_name: service, detected_level: level })) {
          const count = Math.round(serviceTraffic(i).rate * 3600 * hours * (level === 'info' ? 1 : 2));
          found.push({ timeMs: mid, pattern: `${level} ${service} GET /api/<_> <_> in <_> ms`, level, count });
        }
      }
    }
    const stepS = Number(call.step.replace(/s$/, ''));
    return {
      data: lokiPatternsBody(
        found,
        call.startMs,
        call.endMs,
        (Number.isFinite(stepS) && stepS > 0 ? stepS : 60) * 1000
      ),
    };
  };
}
