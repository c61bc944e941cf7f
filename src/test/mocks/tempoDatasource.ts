// Reproduces grafana-tempo-datasource src/datasource.ts query(): targets grouped by queryType; for
// TraceQL the FIRST target's text decides and, for a search, is sent for EVERY target (grafana#93453);
// handleTraceIdQuery with makeTraceIdRequest (the range is zeroed, Tempo searching all time, unless
// traceQuery.timeShiftEnabled) and transformTrace (node graph frames); handleTraceQlQuery (one backend
// query per target, search tables with the query's refId); with streaming on (jsonData.streamingEnabled
// .search and Grafana Live) src/streaming.ts doTempoSearchStreaming per target: frames built in the
// browser with refId "traces" plus a "streaming-progress" frame, the streams merged without keys so the
// last answer replaces the others. Grafana 12.4 (in-tree, main at the 12.4 branch cut) and 13.2
// (tempo v13.1.5) alike. TraceQL metrics range queries (isTraceQlMetricsQuery): each target with its own
// text (applyVariables per target), streamed when jsonData.streamingEnabled.metrics and Live are on
// (doTempoMetricsStreaming: the backend's frames with the query's refId, accumulated by `scan` and
// mergeFrames, a Streaming answer then the Done one; the backend ends the stream with an empty Done
// message (v13.1.5 pkg/tempo/metrics_stream.go processMetricsStream, sendResponse(ctx, nil, nil, Done));
// commit 6cc1347 (#237, 2026-08-20, in no tag read) resends the last payload instead, and either way the
// frames accumulated are the answer, which this double gives with Done; a failure thrown as an Error of
// its text) or else handleTraceQlMetricsQuery through the backend (frames keep the series name as refId).
// Not reproduced: instant metrics queries, exemplars, the search builder, service map, upload.
// Tempo's default limits apply to every backend call (limits/tempoLimits.ts), unless `limits: false`.
/* eslint-disable @typescript-eslint/no-deprecated -- Grafana 12.4 and 13.2 still fill the deprecated `error` */
import { LoadingState, type DataFrame, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { EMPTY, Observable, merge, of } from 'rxjs';
import { callBackend, toQueryResponse, type Backend } from './backendQuery';
import { isTempoMetricsQuery, TEMPO_LIMITS, withTempoLimits, type TempoLimits } from './limits/tempoLimits';
import { isTempoMetricsResult, tempoMetricsFrames } from './tempoMetrics';
import {
  isTempoSearchResult,
  tempoNodeGraphFrames,
  tempoRawSearchFrame,
  tempoSearchBackendFrame,
  tempoSearchStreamFrame,
  tempoStreamingProgressFrame,
} from './tempoFrame';

export interface TempoOptions {
  /** jsonData.streamingEnabled.search with Grafana Live on; our development stack turns it on. */
  streaming?: boolean;
  /** jsonData.streamingEnabled.metrics with Grafana Live on (default: as `streaming`); on in our stack. */
  metricsStreaming?: boolean;
  /** jsonData.nodeGraph.enabled; on in our development stack. */
  nodeGraph?: boolean;
  /** jsonData.traceQuery.timeShiftEnabled; off by default and in our development stack. */
  timeShiftEnabled?: boolean;
  /** Tempo's limits (default: its defaults); `false` for a Tempo without any. */
  limits?: TempoLimits | false;
}

type TempoTarget = Record<string, any> & { refId: string; query?: string; queryType?: string };

const isTraceIdQuery = (query: string) => /^[0-9A-Fa-f]*$/.test(query.trim());
const isMetricsQuery = isTempoMetricsQuery;

/** Each backend behind Tempo's limits once: the queue's state lives as long as the backend. */
const limited = new WeakMap<Backend, Backend>();
function withLimits(backend: Backend, limits: TempoLimits | false): Backend {
  if (limits === false) {
    return backend;
  }
  let b = limited.get(backend);
  if (!b) {
    b = { ...backend, respond: withTempoLimits(backend.respond, limits) };
    limited.set(backend, b);
  }
  return b;
}

/** One metrics query: streamed (frames with the query's refId) or through the backend (series names as refIds). */
function metricsQuery(request: DataQueryRequest, backend: Backend, target: TempoTarget, streamed: boolean) {
  const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
  return new Observable<DataQueryResponse>((subscriber) => {
    const sub = callBackend(backend, [target], range).subscribe((answer) => {
      if (!isTempoMetricsResult(answer)) {
        const a = frameAnswer(answer, 'metrics query');
        const message = a instanceof Error ? a.message : 'unexpected frames in a metrics query';
        if (streamed) {
          // The stream reports `state: error` and doTempoMetricsStreaming throws its text.
          subscriber.error(new Error(message));
        } else {
          // handleTraceQlMetricsQuery passes the backend's per-query error on.
          subscriber.next(toQueryResponse(a instanceof Error ? a : new Error(message), [target]));
          subscriber.complete();
        }
        return;
      }
      const frames = tempoMetricsFrames(answer.series);
      if (streamed) {
        const withRefId = () => frames.map((f) => ({ ...f, refId: target.refId }));
        subscriber.next({ data: withRefId(), state: LoadingState.Streaming });
        subscriber.next({ data: withRefId(), state: LoadingState.Done });
      } else {
        subscriber.next({ data: frames, state: LoadingState.Done });
      }
      subscriber.complete();
    });
    return () => sub.unsubscribe();
  });
}

const notReproduced = (what: string) =>
  of<DataQueryResponse>({
    data: [],
    state: LoadingState.Error,
    error: { message: `The Tempo test double does not reproduce ${what} queries.` },
  });

/** One backend query per target (the plugin's backend runs them one by one), answered together. */
function backendQueries(backend: Backend, targets: TempoTarget[], range: { fromMs: number; toMs: number }) {
  return new Observable<Array<{ target: TempoTarget; answer: unknown }>>((subscriber) => {
    const results: Array<{ target: TempoTarget; answer: unknown }> = [];
    const subs = targets.map((target) =>
      callBackend(backend, [target], range).subscribe((answer) => {
        results.push({ target, answer });
        if (results.length === targets.length) {
          subscriber.next(targets.map((t) => results.find((r) => r.target === t)!));
          subscriber.complete();
        }
      })
    );
    return () => subs.forEach((s) => s.unsubscribe());
  });
}

function frameAnswer(answer: unknown, what: string): DataFrame[] | Error {
  if (answer instanceof Error || Array.isArray(answer)) {
    return answer as DataFrame[] | Error;
  }
  return new Error(`A Tempo ${what} is answered with frames or an Error, not ${JSON.stringify(answer)?.slice(0, 80)}`);
}

function traceIdQuery(request: DataQueryRequest, backend: Backend, targets: TempoTarget[], opts: TempoOptions) {
  const valid = targets.filter((t) => t.query).map((t) => ({ ...t, query: t.query!.trim(), queryType: 'traceId' }));
  if (!valid.length) {
    return EMPTY;
  }
  const pad = 30 * 60_000;
  const range = opts.timeShiftEnabled
    ? { fromMs: request.range.from.valueOf() - pad, toMs: request.range.to.valueOf() + pad }
    : { fromMs: 0, toMs: 0 };
  return new Observable<DataQueryResponse>((subscriber) => {
    const sub = backendQueries(backend, valid, range).subscribe((results) => {
      const answers = results.map((r) => ({ r, a: frameAnswer(r.answer, 'trace-id query') }));
      const frames = answers.flatMap(({ r, a }) => (a instanceof Error ? [] : toQueryResponse(a, [r.target]).data));
      const errors = answers.flatMap(({ r, a }) =>
        a instanceof Error ? (toQueryResponse(a, [r.target]).errors ?? []) : []
      );
      if (errors.length) {
        // An error is passed on untouched (no node graph).
        subscriber.next({ data: frames, state: LoadingState.Error, error: { ...errors[0] }, errors });
      } else {
        const trace = frames[0];
        subscriber.next({
          data: trace ? [...frames, ...(opts.nodeGraph ? tempoNodeGraphFrames(trace) : [])] : [],
          state: LoadingState.Done,
        });
      }
      subscriber.complete();
    });
    return () => sub.unsubscribe();
  });
}

function searchQuery(request: DataQueryRequest, backend: Backend, targets: TempoTarget[], query: string) {
  const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
  const sent = targets.map((t) => ({ ...t, query }));
  return new Observable<DataQueryResponse>((subscriber) => {
    const sub = backendQueries(backend, sent, range).subscribe((results) => {
      const frames: DataFrame[] = [];
      const errors = [];
      for (const { target, answer } of results) {
        if (isTempoSearchResult(answer)) {
          frames.push(
            target.tableType === 'raw'
              ? tempoRawSearchFrame(target.refId, answer.traces, 'backend')
              : tempoSearchBackendFrame(target.refId, answer.traces)
          );
        } else {
          const a = frameAnswer(answer, 'search');
          errors.push(...(a instanceof Error ? (toQueryResponse(a, [target]).errors ?? []) : []));
        }
      }
      subscriber.next(
        errors.length
          ? { data: frames, state: LoadingState.Error, error: { ...errors[0] }, errors }
          : { data: frames, state: LoadingState.Done }
      );
      subscriber.complete();
    });
    return () => sub.unsubscribe();
  });
}

/** doTempoSearchStreaming for one target: a Streaming answer, then the final one (frames replaced each time). */
function streamedSearch(request: DataQueryRequest, backend: Backend, target: TempoTarget) {
  const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
  const started = Date.now();
  return new Observable<DataQueryResponse>((subscriber) => {
    const sub = callBackend(backend, [target], range).subscribe((answer) => {
      if (!isTempoSearchResult(answer)) {
        const a = frameAnswer(answer, 'streamed search');
        // The stream reports `state: error` and the data source throws its text.
        subscriber.error(new Error(a instanceof Error ? a.message : 'unexpected frames in a streamed search'));
        return;
      }
      const elapsed = Date.now() - started;
      // formatTraceQLResponse: the raw table type gives the answer's JSON instead of the search table.
      const table = () =>
        target.tableType === 'raw'
          ? tempoRawSearchFrame(target.refId, answer.traces, 'stream')
          : tempoSearchStreamFrame(answer.traces);
      subscriber.next({
        data: [table(), tempoStreamingProgressFrame(false, elapsed)],
        state: LoadingState.Streaming,
      });
      subscriber.next({
        data: [table(), tempoStreamingProgressFrame(true, elapsed)],
        state: LoadingState.Done,
      });
      subscriber.complete();
    });
    return () => sub.unsubscribe();
  });
}

export function tempoQuery(
  request: DataQueryRequest,
  unlimited: Backend,
  opts: TempoOptions = {}
): Observable<DataQueryResponse> {
  const backend = withLimits(unlimited, opts.limits ?? TEMPO_LIMITS);
  const targets = (request.targets as TempoTarget[]).filter((t) => !t.hide);
  const byType = new Map<string, TempoTarget[]>();
  targets.forEach((t) => byType.set(t.queryType || 'traceql', [...(byType.get(t.queryType || 'traceql') ?? []), t]));
  if (byType.has('clear')) {
    return of({ data: [], state: LoadingState.Done });
  }
  const subQueries: Array<Observable<DataQueryResponse>> = [];
  const traceql = byType.get('traceql');
  if (traceql?.length) {
    const query = traceql[0].query || '';
    if (isTraceIdQuery(query)) {
      subQueries.push(traceIdQuery(request, backend, traceql, opts));
    } else if (isMetricsQuery(query)) {
      // Each target keeps its own text here (unlike a search).
      const streamed = opts.metricsStreaming ?? opts.streaming ?? false;
      subQueries.push(
        ...traceql
          .filter((t) => t.query)
          .map((t) => metricsQuery(request, backend, { ...t, queryType: 'traceql' }, streamed))
      );
    } else if (opts.streaming) {
      // Returns at once: other query types of the request are not run.
      return merge(...traceql.map((t) => streamedSearch(request, backend, { ...t, query })));
    } else {
      subQueries.push(searchQuery(request, backend, traceql, query));
    }
  }
  for (const type of byType.keys()) {
    if (type !== 'traceql') {
      subQueries.push(notReproduced(type));
    }
  }
  return merge(...subQueries);
}
