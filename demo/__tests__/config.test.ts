import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, loadConfig, ratesAt, seededRandom } from '../src/config.ts';

describe('loadConfig', () => {
  it('uses the defaults without environment', () => {
    assert.deepEqual(
      loadConfig({}, () => undefined),
      DEFAULTS
    );
  });

  it('reads LOG_TRACE_CONTEXT as on or off', () => {
    for (const [raw, value] of [
      ['off', false],
      ['OFF', false],
      ['0', false],
      ['false', false],
      ['on', true],
      ['1', true],
      [' ', true],
    ] as const) {
      assert.equal(loadConfig({ LOG_TRACE_CONTEXT: raw }, () => undefined).logTraceContext, value, raw);
    }
  });

  it('reads valid values', () => {
    const c = loadConfig(
      { DECLINE_RATE: '0.5', OTLP_ENDPOINT: 'http://collector:4318/', REQUESTS_PER_SECOND: '2' },
      () => undefined
    );
    assert.equal(c.faults.declineRate, 0.5);
    assert.equal(c.otlpEndpoint, 'http://collector:4318');
    assert.equal(c.requestsPerSecond, 2);
  });

  const bad = [
    ['DECLINE_RATE', 'abc'],
    ['DECLINE_RATE', '5'],
    ['DECLINE_RATE', '-1'],
    ['TIMEOUT_RATE', 'NaN'],
    ['INCIDENT_FACTOR', '0'],
    ['REQUESTS_PER_SECOND', '1e9'],
    ['OTLP_ENDPOINT', 'collector:4318'],
    ['LOKI_PUSH_URL', 'ftp://loki'],
    ['LOG_TRACE_CONTEXT', 'maybe'],
  ];
  for (const [key, value] of bad) {
    it(`falls back to the default for ${key}=${JSON.stringify(value)} with a warning`, () => {
      const warnings: string[] = [];
      const c = loadConfig({ [key]: value }, (m) => warnings.push(m));
      assert.deepEqual(c, DEFAULTS);
      assert.equal(warnings.length, 1);
      assert.ok(warnings[0].includes(key), warnings[0]);
    });
  }
});

describe('ratesAt', () => {
  const config = { ...DEFAULTS, incidentEveryS: 600, incidentLengthS: 60, incidentFactor: 5 };
  it('multiplies error rates during an incident and caps them at 1', () => {
    assert.ok(Math.abs(ratesAt(config, 30_000).declineRate - 0.4) < 1e-9);
    assert.ok(Math.abs(ratesAt(config, 120_000).declineRate - 0.08) < 1e-9);
    assert.equal(ratesAt({ ...config, incidentFactor: 100 }, 0).declineRate, 1);
    // Latency spikes are not part of an incident.
    assert.equal(ratesAt(config, 30_000).slowRate, DEFAULTS.faults.slowRate);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    const xs = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(
      xs,
      Array.from({ length: 1000 }, () => b())
    );
    assert.ok(Math.min(...xs) >= 0);
    assert.ok(Math.max(...xs) < 1);
  });
});
