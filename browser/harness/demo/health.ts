import { serviceGraphSeries, spanMetricsSeries, type HealthScenario } from '../../../src/test/mocks/healthStack';
import { DEMO_DATA_SOURCES, DEMO_EDGES, DEMO_SERVICES, DEMO_TRACES } from './facts';
import type { LokiLine } from './logql';

const DS = DEMO_DATA_SOURCES;

/**
 * The demo shop as the health checks' doubles (src/test/mocks/healthStack.ts) see it: the demo's
 * log lines, Tempo's span metrics and service graph series of the demo's services and calls in the
 * demo's Mimir, exemplars pointing at traces the demo's Tempo has, and the data sources' settings as
 * provisioning/datasources/datasources.yaml writes them, with the demo's uids.
 */
export function demoHealthScenario(now: number, lines: LokiLine[]): HealthScenario {
  const series: Array<Record<string, string>> = [];
  const exemplars: HealthScenario['metrics']['exemplars'] = [];
  for (const service of DEMO_SERVICES) {
    const { calls, bucket } = spanMetricsSeries(service);
    series.push(...calls, bucket);
  }
  // Tempo's metrics-generator writes the trace id of a sampled span as the exemplar's traceID.
  for (const [i, traceId] of [DEMO_TRACES.declined, DEMO_TRACES.stockLock].entries()) {
    exemplars.push({
      series: spanMetricsSeries('gateway').bucket,
      labels: { traceID: traceId },
      // Within the minute Health asks exemplars for.
      timeMs: now - 5_000 - i * 15_000,
    });
  }
  // The service graph's root calls come from Tempo's virtual "user" client.
  series.push(...serviceGraphSeries([['user', 'gateway'], ...DEMO_EDGES]));
  const openTrace = { datasourceUid: DS.tempo, url: '${__value.raw}', urlDisplayLabel: 'Open trace' };
  return {
    loki: { uid: DS.loki, lines },
    // Trace lookups are answered by the demo's Tempo (responder.ts), not by this set.
    tempo: { uid: DS.tempo, traces: new Set() },
    metrics: { uid: DS.mimir, series, exemplars },
    settings: {
      [DS.loki]: {
        maxLines: 1000,
        derivedFields: [
          { name: 'trace_id', matcherType: 'label', matcherRegex: 'trace_id', ...openTrace },
          { name: 'traceId', matcherType: 'regex', matcherRegex: '"traceId":"([0-9a-fA-F]{16,32})"', ...openTrace },
        ],
      },
      [DS.tempo]: {
        streamingEnabled: { search: true, metrics: true },
        nodeGraph: { enabled: true },
        serviceMap: { datasourceUid: DS.mimir },
        tracesToLogsV2: {
          datasourceUid: DS.loki,
          spanStartTimeShift: '-5m',
          spanEndTimeShift: '5m',
          tags: [{ key: 'service.name', value: 'service_name' }],
          customQuery: true,
          query: '{${__tags}} | trace_id="${__trace.traceId}"',
        },
        traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '30m', spanEndTimeShift: '30m' },
      },
      [DS.mimir]: {
        httpMethod: 'POST',
        prometheusType: 'Mimir',
        timeInterval: '15s',
        exemplarTraceIdDestinations: [
          { name: 'traceID', datasourceUid: DS.tempo, urlDisplayLabel: 'Open trace' },
          { name: 'trace_id', datasourceUid: DS.tempo, urlDisplayLabel: 'Open trace' },
        ],
      },
    },
  };
}
