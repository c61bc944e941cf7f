// Reproduces @grafana/runtime src/utils/DataSourceWithBackend.ts query() and src/utils/queryResponse.ts
// toDataQueryResponse (13.2.2; the same in 12.4): one POST /api/ds/query, frames in the order of the
// request's queries, a frame without refId taking its query's, frames of refIds not asked for dropped,
// one error per failed query in `errors`, the first also in `error`.
/* eslint-disable @typescript-eslint/no-deprecated -- Grafana 12.4 and 13.2 still fill the deprecated `error` */
import { LoadingState, type DataFrame, type DataQueryError, type DataQueryResponse } from '@grafana/data';
import { map, of, timer, type Observable } from 'rxjs';
import type { TempoSearchResult } from './tempoFrame';
import type { TempoMetricsResult } from './tempoMetrics';

/** What a data source's backend (and the system behind it) was asked, as a test's responder sees it. */
export interface RecordedRequest {
  uid: string;
  type: string;
  targets: Array<Record<string, any>>;
  fromMs: number;
  toMs: number;
  startedAt: number;
  /** The query request's maxDataPoints and intervalMs (what Grafana's backend turns into a step). */
  maxDataPoints?: number;
  intervalMs?: number;
}

/** Frames as Grafana's backend for the data source builds them, Tempo's search hits or metrics series, or a failure. */
export type Answer = DataFrame[] | Error | TempoSearchResult | TempoMetricsResult;
export type Responder = (req: RecordedRequest) => Answer;

export interface Backend {
  uid: string;
  type: string;
  respond: Responder;
  delayMs?: number;
  /** Every call that reached the backend, in order. */
  calls: RecordedRequest[];
}

/** One call to the backend: the responder's answer after the delay (a responder that throws answers its error). */
export function callBackend(
  backend: Backend,
  targets: Array<Record<string, any>>,
  range: { fromMs: number; toMs: number }
): Observable<Answer> {
  const req: RecordedRequest = {
    uid: backend.uid,
    type: backend.type,
    targets,
    fromMs: range.fromMs,
    toMs: range.toMs,
    startedAt: Date.now(),
  };
  backend.calls.push(req);
  const answer = (): Answer => {
    try {
      return backend.respond(req);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  };
  return backend.delayMs ? timer(backend.delayMs).pipe(map(answer)) : of(answer());
}

/**
 * The request itself failed (a proxy's 502, a time-out): DataSourceWithBackend catches it and
 * toDataQueryResponse gives `error` only, no `errors` and no refId.
 */
export class RequestFailed extends Error {
  constructor(
    public status: number,
    message: string
  ) {
    super(message);
  }
}

/**
 * Some queries of the call failed and the others answered: Grafana's Loki backend (pkg/loki/loki.go
 * queryData) gives each query its own DataResponse, so the failed ones carry an error and the rest frames.
 */
export class PartialAnswer extends Error {
  constructor(
    public frames: DataFrame[],
    public failures: Record<string, string>
  ) {
    super(Object.values(failures)[0] ?? 'partial answer');
  }
}

/** toDataQueryResponse over the backend's frames for `targets` (or its failure, reported for every query). */
export function toQueryResponse(answer: DataFrame[] | Error, targets: Array<{ refId: string }>): DataQueryResponse {
  if (answer instanceof RequestFailed) {
    return { data: [], state: LoadingState.Error, error: { message: answer.message, status: answer.status } };
  }
  if (answer instanceof PartialAnswer) {
    const ok = toQueryResponse(answer.frames, targets);
    const errors: DataQueryError[] = targets
      .filter((t) => answer.failures[t.refId] !== undefined)
      .map((t) => ({ refId: t.refId, message: answer.failures[t.refId] }));
    return errors.length ? { ...ok, state: LoadingState.Error, error: { ...errors[0] }, errors } : ok;
  }
  if (answer instanceof Error) {
    const errors: DataQueryError[] = targets.map((t) => ({ refId: t.refId, message: answer.message }));
    return { data: [], state: LoadingState.Error, error: { ...errors[0] }, errors };
  }
  const first = targets[0]?.refId;
  const withRefId = answer.map((f) => (f.refId ? f : { ...f, refId: first }));
  const data = targets.flatMap((t) => withRefId.filter((f) => f.refId === t.refId));
  return { data, state: LoadingState.Done };
}
