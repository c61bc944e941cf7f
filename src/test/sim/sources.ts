import { LoadingState } from '@grafana/data';
import type { ChangeSources, PanelDataLike } from '../../pages/changed/loadChanges';
import { patternsCall } from '../mocks/lokiPatterns';
import { SERVICE_GRAPH_METRICS } from '../../queries/serviceGraph';
import { compareFrames, patternsBody, redFrames, serviceGraphFrames } from './answers';
import { searchFrames, type SearchTarget } from './searchAnswers';
import type { ScenarioRun } from './pipeline';

/**
 * The page's data sources answering from a scenario run, so What changed's own loader
 * (loadChanges) can be driven by the simulation: compare() queries and searches from Tempo, the RED and
 * service-graph queries from the metrics data source, the patterns resource call from Loki. Anything else is refused. Test code.
 */

const stepMsOf = (step: unknown) => Number(String(step ?? '').replace(/s$/, '')) * 1000;

export function simSources(run: ScenarioRun): ChangeSources {
  const { sim, answers, windows } = run;
  const nowMs = windows.incident.toMs + 30_000;
  const done = (series: PanelDataLike['series']): PanelDataLike => ({ state: LoadingState.Done, series });
  return {
    async query(ds, queries, window) {
      if (ds === 'tempo' && typeof queries[0]?.query === 'string' && queries[0].query.includes('compare(')) {
        return done(compareFrames(sim, queries[0].query, window, stepMsOf(queries[0].step), { nowMs }));
      }
      if (ds === 'tempo' && typeof queries[0]?.query === 'string') {
        // A TraceQL search (the slow calls): every span kind, Tempo's limits; a refusal is the query's error.
        const frames = searchFrames(sim, queries[0] as unknown as SearchTarget, window);
        return frames instanceof Error
          ? { state: LoadingState.Error, series: [], errors: [{ message: frames.message }] }
          : done(frames);
      }
      const targets = queries as Array<{ refId: string; expr: string; legendFormat?: string }>;
      if (ds === 'metrics' && targets.some((t) => t.expr.includes(SERVICE_GRAPH_METRICS.requests))) {
        // The edges of the services the query names (client="…" or server="…"), or every edge.
        const named = [...targets[0].expr.matchAll(/(?:client|server)="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
        return done(serviceGraphFrames(sim, targets, window, [...new Set(named)]));
      }
      if (ds === 'metrics') {
        return done(redFrames(sim, targets, answers.services, window, answers.stepMs));
      }
      throw new Error(`the simulated ${ds} does not answer ${JSON.stringify(queries[0]).slice(0, 200)}`);
    },
    async resource(url) {
      const call = patternsCall(url);
      if (!call) {
        throw { status: 404, data: { message: `not found: ${url}` } };
      }
      return patternsBody(sim, answers.services, { fromMs: call.startMs, toMs: call.endMs }, stepMsOf(call.step));
    },
    redDetection: async () => ({ profile: 'tempo-spanmetrics', tried: [] }),
    lokiUid: () => 'loki',
    tempoUid: () => 'tempo',
  };
}
