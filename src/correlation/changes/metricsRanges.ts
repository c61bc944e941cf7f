import { fieldValues, type FrameLike } from '../frame';
import type { Window } from './windows';

/**
 * Tempo refuses a TraceQL metrics query over more than `query_frontend.metrics.max_duration`, 3 h by default
 * (grafana/tempo v2.10.8 modules/frontend/config.go:116, checked in metrics_query_range_sharder.go:108-111).
 * A longer window is asked in pieces and the answers added up. Pure.
 */
export const TEMPO_METRICS_MAX_DURATION_MS = 3 * 3_600_000;

/**
 * Pieces of `window`, each at most `maxMs` long, split at multiples of `stepMs`. Tempo aligns a range query
 * to multiples of the step (pkg/traceql/engine_metrics.go AlignRequest), so with the same step the pieces'
 * intervals are the whole window's, and `withinPiece` can tell which piece owns each one.
 */
export function metricsPieces(window: Window, stepMs: number, maxMs = TEMPO_METRICS_MAX_DURATION_MS): Window[] {
  const length = window.toMs - window.fromMs;
  if (!(length > maxMs) || !(stepMs > 0) || !(maxMs > stepMs)) {
    return [window];
  }
  // Rounding a boundary down to the step can lengthen the next piece by up to one step.
  const count = Math.ceil(length / (maxMs - stepMs));
  const pieces: Window[] = [];
  let fromMs = window.fromMs;
  for (let i = 1; i <= count; i++) {
    const toMs = i === count ? window.toMs : Math.floor((window.fromMs + (length * i) / count) / stepMs) * stepMs;
    if (toMs > fromMs) {
      pieces.push({ fromMs, toMs });
      fromMs = toMs;
    }
  }
  return pieces;
}

/**
 * One piece's frames, keeping only the samples it owns: Tempo's intervals are right-closed and stamped with
 * their end (engine_metrics.go IntervalMapperQueryRange), and each answer starts one interval early. At an
 * inner boundary the sample stamped with the boundary belongs to the piece before it; the window's own
 * edges are left as one query would have them.
 */
export function withinPiece(frames: FrameLike[], piece: Window, first: boolean, last: boolean): FrameLike[] {
  if (first && last) {
    return frames;
  }
  const keep = (t: number) => (first || t > piece.fromMs) && (last || t <= piece.toMs);
  return frames.map((frame) => {
    const fields = Array.isArray(frame?.fields) ? frame.fields : [];
    const time = fields.find((f) => f?.type === 'time');
    if (!time) {
      return frame;
    }
    const times = Array.from(fieldValues(time));
    const rows = times.map((t, i) => (keep(Number(t)) ? i : -1)).filter((i) => i >= 0);
    return {
      ...frame,
      fields: fields.map((f) => {
        const values = fieldValues(f);
        return { ...f, values: rows.map((i) => values[i]) };
      }),
    };
  });
}
