import { errorTracesQuery, exactMatch, slowTracesQuery, traceqlString } from '../traceql';

describe('errorTracesQuery', () => {
  it('filters one service by error status', () => {
    expect(errorTracesQuery({ services: ['checkout'] })).toBe(
      '{ resource.service.name = "checkout" && status = error }'
    );
  });

  it('joins several services with || and adds a duration threshold', () => {
    expect(errorTracesQuery({ services: ['a', 'b'], minDurationMs: 500 })).toBe(
      '{ (resource.service.name = "a" || resource.service.name = "b") && status = error && duration > 500ms }'
    );
  });

  it('covers every service when none are given', () => {
    expect(errorTracesQuery({ services: [] })).toBe('{ status = error }');
  });

  it.each([NaN, -5, 0, Infinity, '100' as any])('omits a bad threshold %p', (bad) => {
    expect(errorTracesQuery({ services: [], minDurationMs: bad })).toBe('{ status = error }');
  });

  it('rounds and caps the threshold', () => {
    expect(errorTracesQuery({ services: [], minDurationMs: 12.6 })).toBe('{ status = error && duration > 13ms }');
    expect(errorTracesQuery({ services: [], minDurationMs: 1e15 })).toBe('{ status = error && duration > 86400000ms }');
  });
});

describe('slowTracesQuery', () => {
  it('selects server spans at or above the threshold', () => {
    expect(slowTracesQuery({ services: ['a'], minDurationMs: 750 })).toBe(
      '{ resource.service.name = "a" && kind = server && duration >= 750ms }'
    );
  });

  it('defaults to one second', () => {
    expect(slowTracesQuery({ services: [] })).toBe('{ kind = server && duration >= 1000ms }');
  });
});

describe('traceqlString', () => {
  it('escapes quotes and backslashes', () => {
    expect(traceqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('matches values with control characters or template syntax by an anchored regex', () => {
    expect(exactMatch('resource.service.name', 'a\nb')).toBe('resource.service.name =~ "^(?:a\\\\x0ab)$"');
    expect(exactMatch('resource.service.name', '$svc.x')).toBe('resource.service.name =~ "^(?:\\\\x24svc\\\\.x)$"');
    expect(exactMatch('resource.service.name', 'plain')).toBe('resource.service.name = "plain"');
  });
});
