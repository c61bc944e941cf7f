import type { DataFrame } from '@grafana/data';
import { tempoTraceFrame, type SpanFixture } from '../../../src/test/mocks/tempoFrame';
import { BIG_TRACE_ID, SCALE, seeded } from './facts';

/**
 * Tempo's traces at scale: the 50k-span trace of the newest error line (a fan-out over 40 services,
 * 4 levels deep, one failing chain), and a small trace for every other trace id a line carries.
 */
const BIG_TRACE_SERVICES = 40;

function bigTraceSpans(startMs: number): SpanFixture[] {
  const random = seeded(50_000);
  const spans: SpanFixture[] = [
    {
      spanId: 's0',
      service: SCALE.serviceName(0),
      name: 'POST /checkout',
      startMs,
      durationMs: 4000,
      kind: 'server',
      error: true,
    },
  ];
  // Breadth-first: every span gets children until the trace holds SCALE.traceSpans spans.
  for (let parent = 0; spans.length < SCALE.traceSpans; parent++) {
    const p = spans[parent];
    const children = parent === 0 ? 50 : 6;
    for (let c = 0; c < children && spans.length < SCALE.traceSpans; c++) {
      const i = spans.length;
      const service = SCALE.serviceName(1 + Math.floor(random() * (BIG_TRACE_SERVICES - 1)));
      // The first child of each failing span fails too: one failing chain down from the root.
      const failing = p.error === true && c === 0;
      spans.push({
        spanId: `s${i}`,
        parentSpanId: p.spanId,
        service,
        name: c % 2 ? 'SELECT orders' : `GET /api/${c}`,
        startMs: p.startMs + 1 + random() * 5,
        durationMs: Math.max(0.1, p.durationMs * (0.05 + random() * 0.2)),
        kind: c % 2 ? 'client' : 'server',
        ...(failing ? { error: true, statusMessage: `${service} failed: connection reset` } : {}),
      });
    }
  }
  return spans;
}

function smallTraceSpans(traceId: string, startMs: number, service: string): SpanFixture[] {
  const random = seeded(parseInt(traceId.slice(-8), 16));
  const spans: SpanFixture[] = [];
  for (let i = 0; i < SCALE.smallTraceSpans; i++) {
    spans.push({
      spanId: `t${i}`,
      parentSpanId: i === 0 ? undefined : `t${Math.floor((i - 1) / 3)}`,
      service: i === SCALE.smallTraceSpans - 1 ? service : SCALE.serviceName(Math.floor(random() * SCALE.services)),
      name: i === 0 ? 'GET /' : `call ${i}`,
      startMs: startMs + i,
      durationMs: 200 - i * 5,
      kind: i % 2 ? 'client' : 'server',
      ...(i === SCALE.smallTraceSpans - 1 ? { error: true, statusMessage: 'failed' } : {}),
    });
  }
  return spans;
}

/** The frame Tempo's trace-by-id gives for `traceId`, or undefined when Tempo has no such trace. */
export function scaleTrace(
  traceId: string,
  line: { timeMs: number; service: string } | undefined
): DataFrame | undefined {
  if (traceId === BIG_TRACE_ID) {
    // Whole here: Tempo's max_bytes_per_trace cut is the Tempo limits double's to make.
    return tempoTraceFrame(traceId, bigTraceSpans((line?.timeMs ?? Date.now()) - 3000));
  }
  return line ? tempoTraceFrame(traceId, smallTraceSpans(traceId, line.timeMs - 100, line.service)) : undefined;
}
