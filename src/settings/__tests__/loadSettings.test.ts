import { loadSettings, refusedTraceIdPatterns, toJsonData } from '../loadSettings';
import { DEFAULT_SETTINGS } from '../types';

describe('loadSettings', () => {
  it.each([undefined, null, 'text', 42, [], {}])('gives the defaults for %p', (jsonData) => {
    expect(loadSettings(jsonData)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps a valid configuration as it is', () => {
    const saved = {
      lokiUid: 'loki',
      tempoUid: 'tempo',
      metricsUid: 'mimir',
      redSource: 'otel-http',
      traceIdFields: ['x_trace'],
      traceIdPatterns: ['corr=([0-9a-f]{32})'],
      errorLevels: ['error', 'alert'],
      paddingMinutes: 5,
      maxLines: 200,
      maxRedServices: 20,
      healthTraceSample: 5,
      healthLinesPerService: 50,
      healthServices: 10,
    };
    expect(loadSettings(saved)).toEqual(saved);
    expect(toJsonData(loadSettings(saved))).toEqual(saved);
  });

  it('fills in what an older version did not save', () => {
    expect(loadSettings({ lokiUid: 'loki', apiUrl: 'http://old', isApiKeySet: true })).toEqual({
      ...DEFAULT_SETTINGS,
      lokiUid: 'loki',
    });
  });

  it('repairs hand-written provisioning values', () => {
    const s = loadSettings({
      lokiUid: '  ',
      redSource: 'spanmetrics-v0',
      traceIdFields: 'traceId, x.trace ,',
      errorLevels: 'ERROR,Fatal,error',
      paddingMinutes: '30',
      maxLines: '250.4',
    });
    expect(s.lokiUid).toBeUndefined();
    expect(s.redSource).toBe('auto');
    expect(s.traceIdFields).toEqual(['traceId', 'x.trace']);
    expect(s.errorLevels).toEqual(['error', 'fatal']);
    expect(s.paddingMinutes).toBe(30);
    expect(s.maxLines).toBe(250);
  });

  it('clamps numbers and falls back on garbage', () => {
    expect(loadSettings({ paddingMinutes: -5, maxLines: 1e9 })).toMatchObject({ paddingMinutes: 1, maxLines: 5000 });
    expect(loadSettings({ paddingMinutes: NaN, maxLines: 'lots' })).toMatchObject({
      paddingMinutes: 15,
      maxLines: 1000,
    });
    expect(loadSettings({ paddingMinutes: {}, maxLines: [] })).toMatchObject({ paddingMinutes: 15, maxLines: 1000 });
  });

  it('bounds the health samples: clamped, rounded, garbage gives the default', () => {
    expect(loadSettings({ healthTraceSample: 0, healthLinesPerService: 1e6, healthServices: -3 })).toMatchObject({
      healthTraceSample: 1,
      healthLinesPerService: 200,
      healthServices: 1,
    });
    expect(loadSettings({ healthTraceSample: '7.6', healthLinesPerService: 'many', healthServices: {} })).toMatchObject(
      {
        healthTraceSample: 8,
        healthLinesPerService: 20,
        healthServices: 20,
      }
    );
    expect(loadSettings({ healthTraceSample: Infinity, healthServices: null })).toMatchObject({
      healthTraceSample: 20,
      healthServices: 20,
    });
  });

  it('never lets a broken trace-id pattern reach the app', () => {
    const s = loadSettings({
      traceIdPatterns: ['(unclosed', 'no-group', '(a*)', 'ok=(\\w{32})', 7, null],
      traceIdFields: ['bad key!', 'good'],
    });
    expect(s.traceIdPatterns).toEqual(['ok=(\\w{32})']);
    expect(s.traceIdFields).toEqual(['good']);
  });

  it('falls back to the default levels when none are usable', () => {
    expect(loadSettings({ errorLevels: [] }).errorLevels).toEqual(['error', 'critical', 'fatal']);
    expect(loadSettings({ errorLevels: [1, {}, ''] }).errorLevels).toEqual(['error', 'critical', 'fatal']);
  });

  it('bounds list lengths', () => {
    const many = Array.from({ length: 500 }, (_, i) => `f${i}`);
    expect(loadSettings({ traceIdFields: many }).traceIdFields).toHaveLength(50);
  });

  it('saves only the data sources that are set', () => {
    expect(toJsonData(DEFAULT_SETTINGS)).not.toHaveProperty('lokiUid');
  });
});

describe('provisioned trace-id patterns (security review F1)', () => {
  it('refuses a pattern starting with a repetition, as the config page does, and says why', () => {
    const jsonData = { traceIdPatterns: ['.*traceID=([0-9a-f]{32})', 'corr=([0-9a-f]{32})', '(unclosed'] };
    expect(loadSettings(jsonData).traceIdPatterns).toEqual(['corr=([0-9a-f]{32})']);
    expect(refusedTraceIdPatterns(jsonData)).toEqual([
      { pattern: '.*traceID=([0-9a-f]{32})', reason: expect.stringMatching(/Starts with "\.\*"/) },
      { pattern: '(unclosed', reason: expect.stringMatching(/Not a valid regular expression/) },
    ]);
    expect(refusedTraceIdPatterns({ traceIdPatterns: 'x' })).toEqual([
      { pattern: 'x', reason: expect.stringMatching(/capture group/) },
    ]);
    expect(refusedTraceIdPatterns(null)).toEqual([]);
  });
});
