import { errorSignatures, fingerprint, messageOf } from '../errorSignature';
import type { LogRow } from '../logRows';

const row = (line: string, timeMs: number, service?: string, traceId?: string): LogRow => ({
  line,
  timeMs,
  labels: {},
  service,
  traceId,
});

describe('fingerprint', () => {
  it.each([
    ['payment declined for order ord-123', 'payment declined for order ord-<id>'],
    ['timeout after 3000ms calling 10.0.0.12:8080', 'timeout after <duration> calling <ip>'],
    ['user 550e8400-e29b-41d4-a716-446655440000 not found', 'user <uuid> not found'],
    ['commit 4bf92f3577b34da6a3ce929d0e0e4736 failed', 'commit <hex> failed'],
    ['lock wait "orders_42" at 2026-11-24T10:00:00.123Z', 'lock wait <str> at <time>'],
    ['retry 3 of 5 took 1.5s', 'retry <num> of <num> took <duration>'],
    ['address 0xdeadBEEF', 'address <hex>'],
    ['  spaced \n\t out  ', 'spaced out'],
  ])('%p → %p', (message, expected) => {
    expect(fingerprint(message)).toBe(expected);
  });

  it('keeps plain words such as "cafe" or "decade" that look like hex', () => {
    expect(fingerprint('cafe decade failed')).toBe('cafe decade failed');
  });

  it('gives one fingerprint to messages that differ only in variable parts', () => {
    expect(fingerprint('order ord-1 not placed: payment declined')).toBe(
      fingerprint('order ord-98765 not placed: payment declined')
    );
  });

  it('survives bad input', () => {
    expect(fingerprint(undefined as unknown as string)).toBe('<empty>');
    expect(fingerprint('x'.repeat(1_000_000)).length).toBeLessThanOrEqual(2000);
    expect(fingerprint('"unterminated')).toBe('"unterminated');
  });
});

describe('messageOf', () => {
  it('reads msg / message / error from JSON and logfmt, else the line', () => {
    expect(messageOf('{"level":"error","msg":"lock wait","traceId":"x"}')).toBe('lock wait');
    expect(messageOf('{"message":"boom"}')).toBe('boom');
    expect(messageOf('level=error msg="upstream 503" trace_id=abc')).toBe('upstream 503');
    expect(messageOf('level=error msg=timeout')).toBe('timeout');
    expect(messageOf('plain text')).toBe('plain text');
    expect(messageOf('{broken json')).toBe('{broken json');
    expect(messageOf('{"msg":42}')).toBe('{"msg":42}');
  });
});

describe('errorSignatures', () => {
  it('groups, counts, and reports first/last seen, services and trace-id share', () => {
    const sigs = errorSignatures([
      row('payment declined for order ord-1', 3000, 'payments', 'a'.repeat(32)),
      row('payment declined for order ord-2', 1000, 'payments'),
      row('payment declined for order ord-3', 2000, 'orders', 'b'.repeat(32)),
      row('stock lock timeout', 5000, 'inventory', 'c'.repeat(32)),
    ]);
    expect(sigs).toEqual([
      {
        fingerprint: 'payment declined for order ord-<id>',
        example: 'payment declined for order ord-1',
        count: 3,
        firstSeenMs: 1000,
        lastSeenMs: 3000,
        services: ['orders', 'payments'],
        traceIdShare: 2 / 3,
      },
      {
        fingerprint: 'stock lock timeout',
        example: 'stock lock timeout',
        count: 1,
        firstSeenMs: 5000,
        lastSeenMs: 5000,
        services: ['inventory'],
        traceIdShare: 1,
      },
    ]);
  });

  it('handles rows without a time or a service', () => {
    const [sig] = errorSignatures([row('x', NaN)]);
    expect(sig.count).toBe(1);
    expect(sig.firstSeenMs).toBeNaN();
    expect(sig.services).toEqual([]);
    expect(errorSignatures([])).toEqual([]);
  });
});
