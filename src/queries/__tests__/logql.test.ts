import {
  errorLogsQuery,
  errorTotalQuery,
  errorVolumeQuery,
  lokiLabelName,
  traceLogsQuery,
  traceLogsTextQuery,
  volumePerService,
} from '../logql';
import { parseLogQL } from './grammar';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('errorLogsQuery', () => {
  it('builds one matcher for one service and the default levels', () => {
    expect(errorLogsQuery({ services: ['checkout'] })).toBe(
      '{service_name="checkout"} | detected_level=~"(?i)error|critical|fatal"'
    );
  });

  it('builds one regex matcher for several services, escaped', () => {
    expect(errorLogsQuery({ services: ['a.b', 'c|d'], levels: ['error'] })).toBe(
      '{service_name=~"a\\\\.b|c\\\\|d"} | detected_level=~"(?i)error"'
    );
  });

  it('selects every service when none are given', () => {
    expect(errorLogsQuery({ services: [] })).toMatch(/^\{service_name=~"\.\+"\}/);
  });

  it('adds a case-insensitive literal search', () => {
    expect(errorLogsQuery({ services: ['a'], levels: ['error'], search: 'timeout (5s)' })).toBe(
      '{service_name="a"} | detected_level=~"(?i)error" |~ "(?i)timeout \\\\(5s\\\\)"'
    );
  });

  it('omits blank search and empty levels', () => {
    expect(errorLogsQuery({ services: ['a'], levels: [], search: '   ' })).toBe('{service_name="a"}');
  });

  it('drops duplicates, empty strings and non-strings from bad input', () => {
    expect(errorLogsQuery({ services: ['a', 'a', '', 5 as any, null as any], levels: ['error', ''] })).toBe(
      '{service_name="a"} | detected_level=~"(?i)error"'
    );
    expect(errorLogsQuery({ services: 'a' as any })).toMatch(/^\{service_name=~"\.\+"\}/);
  });
});

describe('errorVolumeQuery', () => {
  it('takes a known step instead of $__auto, and refuses anything that is not a duration', () => {
    expect(errorVolumeQuery({ services: ['a'], interval: '5m' })).toMatch(/ \[5m\]\)\)$/);
    for (const bad of ['5', '0m', '5m]', '$__interval', '1y', ' 5m', '5m) or vector(1']) {
      expect(() => errorVolumeQuery({ services: ['a'], interval: bad })).toThrow('Invalid interval');
    }
  });

  it('counts error lines per service with the panel interval', () => {
    expect(errorVolumeQuery({ services: ['a'], levels: ['error'] })).toBe(
      'sum by (service_name) (count_over_time({service_name="a"} | detected_level=~"(?i)error" [$__auto]))'
    );
  });
});

describe('error volume under max_query_series', () => {
  it('groups by service only over a bounded selection; all services (or too many) are one total', () => {
    const many = Array.from({ length: 401 }, (_, i) => `s${i}`);
    expect(errorVolumeQuery({ services: [], levels: ['error'] })).toBe(
      'sum(count_over_time({service_name=~".+"} | detected_level=~"(?i)error" [$__auto]))'
    );
    expect(errorVolumeQuery({ services: many })).toMatch(/^sum\(count_over_time\(\{service_name=~"s0\|s1\|/);
    expect(errorVolumeQuery({ services: many.slice(0, 400) })).toMatch(/^sum by \(service_name\) /);
    expect(volumePerService([])).toBe(false);
    expect(volumePerService(many)).toBe(false);
    expect(volumePerService(['a'])).toBe(true);
  });

  it('with no selection, groups every service only when Loki knows few enough of them', () => {
    expect(volumePerService([], 4)).toBe(true);
    expect(volumePerService([], 400)).toBe(true);
    expect(volumePerService([], 401)).toBe(false);
    expect(volumePerService([], 3000)).toBe(false);
    expect(volumePerService([], NaN)).toBe(false);
    expect(volumePerService([], -1)).toBe(false);
    // A selection decides by itself, whatever Loki knows.
    expect(volumePerService(['a'], 3000)).toBe(true);
    expect(errorVolumeQuery({ services: [], levels: ['error'], knownServices: 4 })).toBe(
      'sum by (service_name) (count_over_time({service_name=~".+"} | detected_level=~"(?i)error" [$__auto]))'
    );
    expect(errorVolumeQuery({ services: [], levels: ['error'], knownServices: 3000 })).toMatch(/^sum\(count_over_time/);
  });

  it('the total parses and refuses a bad interval too', () => {
    expect(
      parseLogQL(errorTotalQuery({ services: ['a"b'], search: '"} or vector(1)', interval: '1m' })).errors
    ).toEqual([]);
    expect(() => errorTotalQuery({ services: [], interval: '1m) or vector(1' })).toThrow('Invalid interval');
  });
});

describe('traceLogsQuery', () => {
  const IN = ['checkout', 'pay.ments'];
  it('matches the trace_id structured metadata in the trace’s services only, as the first stage', () => {
    expect(traceLogsQuery(ID, [], ['checkout'])).toBe(`{service_name="checkout"} | trace_id="${ID}"`);
    expect(traceLogsQuery(ID, [], IN)).toBe(`{service_name=~"checkout|pay\\\\.ments"} | trace_id="${ID}"`);
  });

  it('never selects every stream: no services is refused', () => {
    expect(() => traceLogsQuery(ID)).toThrow(/No service to look in/);
    expect(() => traceLogsQuery(ID, [], ['', ''])).toThrow(/No service to look in/);
    expect(() => traceLogsTextQuery(ID, [])).toThrow(/No service to look in/);
  });

  it('normalises case and adds configured field names as Loki stores them', () => {
    expect(traceLogsQuery(ID.toUpperCase(), ['traceId', 'x.trace', 'trace_id', '', '...'], ['a'])).toBe(
      `{service_name="a"} | trace_id="${ID}" or traceId="${ID}" or x_trace="${ID}"`
    );
  });

  it('matches both forms of a 64-bit id', () => {
    expect(traceLogsQuery('a3ce929d0e0e4736', [], ['a'])).toBe(
      '{service_name="a"} | trace_id="0000000000000000a3ce929d0e0e4736" or trace_id="a3ce929d0e0e4736"'
    );
  });

  it.each(['', 'abc', `${ID}"} or {x="`, '00000000000000000000000000000000', `${ID} `.repeat(2), null, 42])(
    'throws on %p instead of building a query',
    (bad) => {
      expect(() => traceLogsQuery(bad as any, [], ['a'])).toThrow(/Not a trace id/);
      expect(() => traceLogsTextQuery(bad as any, ['a'])).toThrow(/Not a trace id/);
    }
  );
});

describe('traceLogsTextQuery', () => {
  it('finds the id in the text of the trace’s services, any case', () => {
    expect(traceLogsTextQuery(ID, ['a', 'b'])).toBe(`{service_name=~"a|b"} |~ "(?i)${ID}"`);
  });

  it('finds a 64-bit id with or without padding', () => {
    expect(traceLogsTextQuery('A3CE929D0E0E4736', ['a'])).toBe(
      '{service_name="a"} |~ "(?i)(?:0{16})?a3ce929d0e0e4736"'
    );
  });
});

describe('lokiLabelName', () => {
  it.each([
    ['trace.id', 'trace_id'],
    ['X-Trace', 'X_Trace'],
    ['1trace', '_1trace'],
    ['  ', undefined],
    ['...', undefined],
    [7 as any, undefined],
  ])('%p → %p', (input, expected) => {
    expect(lokiLabelName(input)).toBe(expected);
  });
});
