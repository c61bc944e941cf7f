import { fieldValues, findField, frameLength, type FrameLike } from './frame';
import { serviceOfJob } from './serviceName';
import { normalizeTraceId } from './traceIdValue';

/**
 * Exemplars of a RED duration histogram, read from the frame Grafana's Prometheus data source builds
 * for an exemplar query: one long frame named `exemplar`, with `Time`, `Value` and one string field per
 * label (the series' labels and the exemplar's own, such as the trace id). Pure.
 */

/** How a metric family writes its exemplars. */
export interface ExemplarSource {
  /** The label holding the trace id (`traceID` from Tempo, `trace_id` from OTLP translation). */
  traceIdLabel: string;
  /** The series label naming the service. */
  serviceLabel: string;
  /** The service label is an OTLP `job` (`<service.namespace>/<service.name>`). */
  namespacedJob?: boolean;
  /** Trace ids written without their leading zeros (Tempo). */
  idsTrimmed?: boolean;
  /** The unit of an exemplar's value: the histogram's (the collector's span metrics observe ms). Default s. */
  valueUnit?: 's' | 'ms';
}

export interface ExemplarRow {
  /** Row of the frame it came from. */
  index: number;
  timeMs: number;
  service?: string;
  /** The trace id in normal form (32 lowercase hex), or undefined when the label holds no valid id. */
  traceId?: string;
}

/** Rows read from one frame at most: Grafana samples exemplars per step, this only bounds hostile answers. */
export const MAX_EXEMPLAR_ROWS = 2000;

const HEX = /^[0-9a-fA-F]+$/;

/**
 * The trace id an exemplar names, validated like every other trace id. Tempo strips leading zeros
 * (`TraceIDToHexString`), so for such a source a shorter hex id gets them back before validation.
 */
export function exemplarTraceId(value: unknown, idsTrimmed = false): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  if (idsTrimmed && value.length > 0 && value.length < 32 && HEX.test(value)) {
    return normalizeTraceId(value.padStart(32, '0'));
  }
  return normalizeTraceId(value);
}

/** True for the frame an exemplar query answers with. */
export function isExemplarFrame(frame: FrameLike & { meta?: { custom?: Record<string, unknown> } }): boolean {
  return frame?.name === 'exemplar' || frame?.meta?.custom?.resultType === 'exemplar';
}

/** The exemplars of a frame, with their service and (valid) trace id; at most MAX_EXEMPLAR_ROWS. */
export function exemplarRows(frame: FrameLike, source: ExemplarSource): ExemplarRow[] {
  const times = fieldValues(findField(frame, 'Time'));
  const ids = fieldValues(findField(frame, source.traceIdLabel));
  const services = fieldValues(findField(frame, source.serviceLabel));
  const rows: ExemplarRow[] = [];
  const n = Math.min(frameLength(frame), MAX_EXEMPLAR_ROWS);
  for (let i = 0; i < n; i++) {
    const timeMs = Number(times[i]);
    if (!Number.isFinite(timeMs)) {
      continue;
    }
    const raw = services[i];
    const service = typeof raw === 'string' && raw ? (source.namespacedJob ? serviceOfJob(raw) : raw) : undefined;
    rows.push({ index: i, timeMs, service, traceId: exemplarTraceId(ids[i], source.idsTrimmed) });
  }
  return rows;
}
