/**
 * A deterministic 5,000-line page of error logs in the formats Correlate reads, with decoys that
 * look like trace ids but are not bound to a trace-id key. Each line knows its true trace id.
 */

import { seededRandom } from '../src/test/seededRandom';

export interface BenchLine {
  line: string;
  fields: Record<string, string>;
  /** The trace id a correct reader returns (32 lowercase hex), or undefined. */
  expected?: string;
  kind: string;
}

export const IN_HOUSE_PATTERN = '\\[corr:([0-9a-fA-F]+)\\]';

const SERVICES = ['gateway', 'orders', 'payments', 'inventory'];
const MESSAGES = [
  'payment declined: insufficient funds',
  'upstream returned 503 after 3 retries',
  'timeout waiting for inventory after 2000ms',
  'order 48213 failed validation',
  'connection reset by peer 10.0.3.7:5432',
];

export function makeLogPage(size = 5000, seed = 42): BenchLine[] {
  const rnd = seededRandom(seed);
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) {
      s += '0123456789abcdef'[Math.floor(rnd() * 16)];
    }
    return s;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;

  const makers: Array<[number, () => BenchLine]> = [
    [
      30,
      () => {
        const id = hex(32);
        const service = pick(SERVICES);
        return {
          kind: 'otel-metadata',
          line: pick(MESSAGES),
          fields: {
            service_name: service,
            trace_id: id,
            span_id: hex(16),
            detected_level: 'error',
            severity_text: 'ERROR',
          },
          expected: id,
        };
      },
    ],
    [
      12,
      () => {
        const id = hex(32);
        return {
          kind: 'json-traceId',
          line: `{"ts":"2026-11-24T10:00:00Z","level":"error","service":"${pick(SERVICES)}","traceId":"${id}","spanId":"${hex(16)}","msg":"${pick(MESSAGES)}"}`,
          fields: { service_name: 'inventory' },
          expected: id,
        };
      },
    ],
    [
      4,
      () => {
        const id = hex(32);
        return {
          kind: 'json-ecs',
          line: `{"@timestamp":"2026-11-24T10:00:00Z","log.level":"error","trace":{"id":"${id}"},"span":{"id":"${hex(16)}"},"message":"${pick(MESSAGES)}"}`,
          fields: { service_name: 'orders' },
          expected: id,
        };
      },
    ],
    [
      14,
      () => {
        const id = hex(32);
        return {
          kind: 'logfmt',
          line: `ts=2026-11-24T10:00:00Z level=error service=${pick(SERVICES)} trace_id=${id} span_id=${hex(16)} msg="${pick(MESSAGES)}"`,
          fields: { service_name: 'payments' },
          expected: id,
        };
      },
    ],
    [
      3,
      () => {
        const id = hex(16);
        return {
          kind: 'logfmt-64bit',
          line: `level=error traceID="${id}" msg="${pick(MESSAGES)}"`,
          fields: { service_name: 'legacy' },
          expected: '0000000000000000' + id,
        };
      },
    ],
    [
      8,
      () => {
        const id = hex(32);
        return {
          kind: 'traceparent',
          line: `ERROR ${pick(MESSAGES)} traceparent=00-${id}-${hex(16)}-01 path=/api/checkout`,
          fields: { service_name: 'gateway' },
          expected: id,
        };
      },
    ],
    [
      5,
      () => {
        const id = hex(32);
        return {
          kind: 'in-house',
          line: `E1124 10:00:00.000 [corr:${id}] ${pick(MESSAGES)}`,
          fields: { service_name: 'billing' },
          expected: id,
        };
      },
    ],
    [
      16,
      () => ({
        kind: 'no-id',
        line: `ERROR ${pick(MESSAGES)} request_id=${hex(32)} span_id=${hex(16)} build=${hex(40)}`,
        fields: { service_name: pick(SERVICES) },
      }),
    ],
    [
      5,
      () => ({
        kind: 'decoy-uuid',
        line: `level=error msg="${pick(MESSAGES)}" request=${uuid()} commit=${hex(40)}`,
        fields: { service_name: pick(SERVICES) },
      }),
    ],
    [
      3,
      () => {
        const id = hex(32);
        return {
          kind: 'decoy-parent-key',
          line: `level=error parent_trace_id=${hex(32)} trace_id=${id} msg="${pick(MESSAGES)}"`,
          fields: { service_name: pick(SERVICES) },
          expected: id,
        };
      },
    ],
    [
      2,
      () => ({
        kind: 'decoy-placeholder',
        line: `level=error traceId="unknown" msg="${pick(MESSAGES)}"`,
        fields: { service_name: pick(SERVICES) },
      }),
    ],
  ];
  const total = makers.reduce((s, [w]) => s + w, 0);
  const page: BenchLine[] = [];
  for (let i = 0; i < size; i++) {
    let r = rnd() * total;
    const maker = makers.find(([w]) => (r -= w) < 0) ?? makers[makers.length - 1];
    page.push(maker[1]());
  }
  return page;
}
