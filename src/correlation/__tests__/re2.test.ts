import { RE2JS } from 're2js';
import { hasTraceIdPatterns, loadSettings } from '../../settings/loadSettings';
import { RE2_NOT_LOADED, loadRe2, re2, unloadRe2ForTests } from '../re2';
import { findTraceId } from '../traceId';
import { compileDerivedField } from '../health/derivedFields';
import { compileTraceIdPattern } from '../traceIdPatterns';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PATTERN = 'corr=([0-9a-f]{32})';
const LINE = `payment failed corr=${ID}`;

describe('RE2, loaded on demand', () => {
  beforeEach(() => unloadRe2ForTests());
  afterAll(() => loadRe2());

  it('before it loads, a pattern is reported as not runnable, never run by another engine', () => {
    expect(re2()).toBeUndefined();
    expect(compileTraceIdPattern(PATTERN)).toEqual({ error: RE2_NOT_LOADED, notLoaded: true });
    expect(findTraceId(LINE, undefined, { patterns: [PATTERN] })).toBeUndefined();
  });

  it('options compiled before it loaded are compiled again after: the pattern then finds its id', async () => {
    const options = { patterns: [PATTERN] };
    expect(findTraceId(LINE, undefined, options)).toBeUndefined();
    await loadRe2();
    expect(findTraceId(LINE, undefined, options)).toBe(ID);
  });

  it('Health skips a derived field until RE2 has loaded, then tries it', async () => {
    expect(compileDerivedField('traceID=(\\w+)')).toEqual({ kind: 'skipped', reason: 'the RE2 engine did not load' });
    expect(compileDerivedField('(unclosed')).toEqual({ kind: 'invalid' });
    await loadRe2();
    expect(compileDerivedField('traceID=(\\w+)')).toMatchObject({ kind: 'ok' });
  });

  it('built-in extraction needs no RE2', () => {
    expect(findTraceId(`level=error trace_id=${ID}`, undefined, undefined)).toBe(ID);
    expect(findTraceId(`{"traceId":"${ID}"}`, undefined, { fields: ['corr'] })).toBe(ID);
    expect(re2()).toBeUndefined();
  });

  it('loads once for callers at the same time, and may be tried again after a failed load', async () => {
    const failing = jest.fn(() => Promise.reject(new Error('ChunkLoadError: Loading chunk 87 failed.')));
    await expect(loadRe2(failing)).rejects.toThrow('Loading chunk 87 failed');
    const working = jest.fn(() => Promise.resolve({ RE2JS }));
    const [a, b] = await Promise.all([loadRe2(working), loadRe2(working)]);
    expect(a).toBe(RE2JS);
    expect(b).toBe(RE2JS);
    expect(working).toHaveBeenCalledTimes(1);
    expect(failing).toHaveBeenCalledTimes(1);
  });

  it('says whether jsonData configures patterns, from any form loadSettings reads', () => {
    expect(hasTraceIdPatterns({ traceIdPatterns: [PATTERN] })).toBe(true);
    expect(hasTraceIdPatterns({ traceIdPatterns: `${PATTERN},x=(\\d+)` })).toBe(true);
    expect(hasTraceIdPatterns({ traceIdPatterns: ['', '  '] })).toBe(false);
    expect(hasTraceIdPatterns({ traceIdPatterns: 42 })).toBe(false);
    expect(hasTraceIdPatterns(null)).toBe(false);
    expect(hasTraceIdPatterns('nonsense')).toBe(false);
    expect(hasTraceIdPatterns([PATTERN])).toBe(false);
  });

  it('settings read after RE2 loaded keep the usable patterns', async () => {
    await loadRe2();
    expect(loadSettings({ traceIdPatterns: [PATTERN, '(a)(?=b)'] }).traceIdPatterns).toEqual([PATTERN]);
  });
});
