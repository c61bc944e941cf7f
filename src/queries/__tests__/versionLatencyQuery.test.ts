import { MAX_LATENCY_VERSIONS, versionLatencyQuery } from '../traceql';
import { HOSTILE_VALUES, decodeGoString, parseTraceQL } from './grammar';

const VERSION = 'resource.service.version';

describe('versionLatencyQuery', () => {
  it('asks the duration histogram of the services’ server spans at the versions, per version', () => {
    const q = versionLatencyQuery({
      services: ['payments'],
      attribute: VERSION,
      versions: [
        { value: '1.5.0', type: 'string' },
        { value: '1.4.0', type: 'string' },
      ],
    });
    expect(q).toBe(
      '{ resource.service.name = "payments" && kind = server && (resource.service.version = "1.5.0" || resource.service.version = "1.4.0") } | histogram_over_time(duration) by (resource.service.version)'
    );
    expect(parseTraceQL(q!).errors).toEqual([]);
  });

  it('parses in Grafana’s TraceQL grammar with one version, numbers and no services', () => {
    const one = versionLatencyQuery({ services: [], attribute: VERSION, versions: [{ value: '42', type: 'number' }] });
    expect(one).toBe(
      '{ kind = server && resource.service.version = 42 } | histogram_over_time(duration) by (resource.service.version)'
    );
    expect(parseTraceQL(one!).errors).toEqual([]);
  });

  it.each(HOSTILE_VALUES)('keeps the hostile version %j one exact string that parses', (value) => {
    const q = versionLatencyQuery({ services: [value], attribute: VERSION, versions: [{ value, type: 'string' }] });
    const parsed = parseTraceQL(q!);
    expect(parsed.errors).toEqual([]);
    // Every literal is one the servers read back as a value, never a second condition.
    expect(parsed.strings.length).toBe(2);
    parsed.strings.forEach((s) => expect(() => decodeGoString(s)).not.toThrow());
  });

  it('asks for at most MAX_LATENCY_VERSIONS versions, and none that is not of its type', () => {
    const many = Array.from({ length: 50 }, (_x, i) => ({ value: `v${i}`, type: 'string' as const }));
    const q = versionLatencyQuery({ services: [], attribute: VERSION, versions: many })!;
    expect(q.match(/resource\.service\.version = /g)).toHaveLength(MAX_LATENCY_VERSIONS);
    expect(
      versionLatencyQuery({ services: [], attribute: VERSION, versions: [{ value: '1.5.0; drop', type: 'number' }] })
    ).toBeUndefined();
    expect(versionLatencyQuery({ services: [], attribute: 'bad name"', versions: many })).toBeUndefined();
    expect(versionLatencyQuery({ services: [], attribute: VERSION, versions: null as never })).toBeUndefined();
  });
});
