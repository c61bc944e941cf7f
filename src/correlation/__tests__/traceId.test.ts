import { findTraceId, isTraceId, normalizeTraceId } from '../traceId';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ID_UPPER = ID.toUpperCase();
const ID64 = 'a3ce929d0e0e4736';
const ID64_PADDED = '0000000000000000a3ce929d0e0e4736';
const OTHER = '0af7651916cd43dd8448eb211c80319c';

describe('normalizeTraceId', () => {
  it.each([
    [ID, ID],
    [ID_UPPER, ID],
    [ID64, ID64_PADDED],
    [` ${ID} `, ID],
  ])('accepts %p', (input, expected) => {
    expect(normalizeTraceId(input)).toBe(expected);
  });

  it.each([
    ['all zeros', '00000000000000000000000000000000'],
    ['64-bit zeros', '0000000000000000'],
    ['31 chars', ID.slice(1)],
    ['33 chars', ID + 'a'],
    ['24 chars', ID.slice(0, 24)],
    ['non-hex', 'g' + ID.slice(1)],
    ['uuid', '550e8400-e29b-41d4-a716-446655440000'],
    ['empty', ''],
    ['number', 123],
    ['null', null],
    ['object', { id: ID }],
  ])('rejects %s', (_name, input) => {
    expect(normalizeTraceId(input)).toBeUndefined();
  });

  it('isTraceId only accepts the normal form', () => {
    expect(isTraceId(ID)).toBe(true);
    expect(isTraceId(ID_UPPER)).toBe(false);
    expect(isTraceId(ID64)).toBe(false);
    expect(isTraceId(ID64_PADDED)).toBe(true);
    expect(isTraceId('00000000000000000000000000000000')).toBe(false);
  });
});

describe('findTraceId: labels and structured metadata', () => {
  it.each(['trace_id', 'traceId', 'traceID', 'trace.id', 'TRACE_ID', 'TraceId', 'Trace.Id'])('reads key %s', (key) => {
    expect(findTraceId('no id here', { [key]: ID_UPPER })).toBe(ID);
  });

  it('prefers fields over the line', () => {
    expect(findTraceId(`trace_id=${OTHER}`, { trace_id: ID })).toBe(ID);
  });

  it('falls through to the line when the field value is not an id', () => {
    expect(findTraceId(`trace_id=${OTHER}`, { trace_id: 'not-an-id' })).toBe(OTHER);
  });

  it('ignores other keys holding hex', () => {
    expect(findTraceId('x', { span_id: ID, request_id: ID, parent_trace_id: ID, trace_id_hash: ID })).toBeUndefined();
  });

  it('reads configured extra field names case-insensitively', () => {
    expect(findTraceId('x', { 'X-Correlation-Trace': ID }, { fields: ['x-correlation-trace'] })).toBe(ID);
  });

  it('pads 64-bit ids from fields', () => {
    expect(findTraceId('', { traceID: ID64 })).toBe(ID64_PADDED);
  });

  it('survives odd field containers', () => {
    expect(findTraceId('x', null as any)).toBeUndefined();
    expect(findTraceId('x', 'trace_id' as any)).toBeUndefined();
    expect(findTraceId('x', [ID] as any)).toBeUndefined();
    expect(findTraceId('x', { trace_id: 42 } as any)).toBeUndefined();
    expect(findTraceId('x', { trace_id: { nested: ID } } as any)).toBeUndefined();
  });
});

describe('findTraceId: JSON lines', () => {
  it.each([
    [`{"level":"error","traceId":"${ID}","msg":"boom"}`],
    [`{"trace_id":"${ID_UPPER}"}`],
    [`  {"traceID" : "${ID}"}`],
    [`{"Trace.Id":"${ID}"}`],
    [`{"trace":{"id":"${ID}"},"message":"x"}`],
    [`{"msg":"a \\"quoted\\" {brace}","trace":{"span":"x","id":"${ID}"}}`],
  ])('reads %s', (line) => {
    expect(findTraceId(line)).toBe(ID);
  });

  it('ignores trace-id keys below the top level (except ECS trace.id)', () => {
    expect(findTraceId(`{"links":[{"trace_id":"${ID}"}],"ctx":{"traceId":"${OTHER}"}}`)).toBeUndefined();
    expect(findTraceId(`{"span":{"id":"${ID}"}}`)).toBeUndefined();
  });

  it('ignores ids that are not strings', () => {
    expect(findTraceId(`{"trace_id":1234567890123456}`)).toBeUndefined();
  });

  it('does not read logfmt pairs inside a complete JSON string value', () => {
    expect(findTraceId(`{"msg":"upstream said trace_id=${ID}"}`)).toBeUndefined();
  });

  it('reads broken JSON as text', () => {
    expect(findTraceId(`{"msg":"truncated trace_id=${ID}`)).toBe(ID);
    expect(findTraceId(`{"traceId":"${ID}"`)).toBe(ID);
  });

  it('keeps looking after an invalid JSON value', () => {
    expect(findTraceId(`{"trace_id":"bogus","traceId":"${ID}"}`)).toBe(ID);
  });

  it('survives deep nesting and escapes', () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expect(findTraceId(deep)).toBeUndefined();
    expect(findTraceId(`{"m\\"sg\\\\":"}{","trace_id":"${ID}"}`)).toBe(ID);
  });
});

describe('findTraceId: logfmt and key=value', () => {
  it.each([
    [`level=error trace_id=${ID} msg="boom"`],
    [`level=error traceId="${ID}" msg=boom`],
    [`level=error traceID='${ID}'`],
    [`ts=1 trace.id=${ID_UPPER}`],
    [`[trace_id=${ID}] failed`],
    [`TRACE_ID=${ID}`],
  ])('reads %s', (line) => {
    expect(findTraceId(line)).toBe(ID);
  });

  it.each([
    ['span id', `span_id=${ID}`],
    ['request id', `request_id=${ID}`],
    ['longer key', `parent_trace_id=${ID}`],
    ['prefixed key', `notrace_id=${ID}`],
    ['suffixed key', `trace_id_hash=${ID}`],
    ['commit hash', `commit=3f786850e387550fdab836ed7e6dc881de23001b deployed`],
    ['uuid', `request 550e8400-e29b-41d4-a716-446655440000 failed`],
    ['bare hex', `error ${ID} happened`],
    ['too long', `trace_id=${ID}ab`],
    ['zeros', `trace_id=00000000000000000000000000000000`],
  ])('never takes a %s', (_name, line) => {
    expect(findTraceId(line)).toBeUndefined();
  });

  it('pads a 64-bit id', () => {
    expect(findTraceId(`trace_id=${ID64}`)).toBe(ID64_PADDED);
  });

  it('skips an invalid value and takes a later valid one', () => {
    expect(findTraceId(`trace_id=zzz traceId=${ID}`)).toBe(ID);
  });
});

describe('findTraceId: traceparent', () => {
  it('reads a traceparent anywhere in the line', () => {
    expect(findTraceId(`GET /pay traceparent: 00-${ID}-00f067aa0ba902b7-01 status=500`)).toBe(ID);
    expect(findTraceId(`{"headers":{"traceparent":"00-${ID}-00f067aa0ba902b7-01"}}`)).toBe(ID);
  });

  it('rejects zero trace ids, zero span ids and wrong shapes', () => {
    expect(findTraceId(`00-00000000000000000000000000000000-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(findTraceId(`00-${ID}-0000000000000000-01`)).toBeUndefined();
    expect(findTraceId(`00-${ID}-00f067aa0ba902b-01`)).toBeUndefined();
    expect(findTraceId(`x00-${ID}-00f067aa0ba902b7-01`)).toBeUndefined();
  });
});

describe('findTraceId: configured patterns', () => {
  it('reads the first capture group', () => {
    expect(findTraceId(`corr=[${ID}] failed`, undefined, { patterns: ['corr=\\[([0-9a-f]+)\\]'] })).toBe(ID);
  });

  it('validates what a pattern captures', () => {
    expect(findTraceId(`corr=[${ID}aa]`, undefined, { patterns: ['corr=\\[([0-9a-f]+)\\]'] })).toBeUndefined();
  });

  it('ignores patterns that do not compile or have no group', () => {
    const options = { patterns: ['(unclosed', 'corr=[0-9a-f]+', `corr=(\\w+)`] };
    expect(() => findTraceId(`corr=${ID}`, undefined, options)).not.toThrow();
    expect(findTraceId(`corr=${ID}`, undefined, options)).toBe(ID);
  });

  it('comes after the built-in forms', () => {
    expect(findTraceId(`trace_id=${ID} corr=${OTHER}`, undefined, { patterns: ['corr=(\\w+)'] })).toBe(ID);
  });

  it('ignores non-string entries in options', () => {
    expect(findTraceId(`trace_id=${ID}`, undefined, { patterns: [null as any, 5 as any], fields: [{} as any] })).toBe(
      ID
    );
    expect(findTraceId(`trace_id=${ID}`, undefined, { patterns: 'x' as any, fields: 'y' as any })).toBe(ID);
  });
});

describe('findTraceId: hostile input', () => {
  it('returns undefined for non-strings and empty lines', () => {
    expect(findTraceId(undefined as any)).toBeUndefined();
    expect(findTraceId(null as any)).toBeUndefined();
    expect(findTraceId(42 as any)).toBeUndefined();
    expect(findTraceId('')).toBeUndefined();
  });

  it('handles control characters, null bytes and lone surrogates', () => {
    expect(findTraceId(`\u0000\u0001trace_id=${ID}\u0007\ud800`)).toBe(ID);
    expect(findTraceId('\ud800\udfff\u0000{"trace_id":')).toBeUndefined();
  });

  it('handles a 10 MB line without an id', () => {
    expect(findTraceId('trace '.repeat(2_000_000))).toBeUndefined();
  });

  it('handles adversarial repetition of keys', () => {
    expect(findTraceId('trace_id=x '.repeat(100_000))).toBeUndefined();
    expect(findTraceId('{"trace_id":"x",'.repeat(50_000))).toBeUndefined();
    expect(findTraceId('00-'.repeat(300_000))).toBeUndefined();
  });

  it('finds an id at the start of a huge line', () => {
    expect(findTraceId(`trace_id=${ID} ` + 'x'.repeat(5_000_000))).toBe(ID);
  });
});

describe('findTraceId: JSON fast path and its fallback', () => {
  it('proves a key top-level or falls back to the full scan', () => {
    expect(findTraceId(`{"a":"{","traceId":"${ID}"}`)).toBe(ID);
    expect(findTraceId(`{"a":[1,2],"traceId":"${ID}"}`)).toBe(ID);
    expect(findTraceId(`{"a":{"traceId":"${OTHER}"},"traceId":"${ID}"}`)).toBe(ID);
    expect(findTraceId(`{"a":"x\\",\\"traceId\\":\\"${OTHER}"}`)).toBeUndefined();
  });

  it('reads a complete JSON line without an id as JSON only', () => {
    expect(findTraceId(`{"msg":"see trace_id=${ID}"}   `)).toBeUndefined();
  });
});
