import { traceIdFieldError, traceIdPatternError } from '../traceIdPattern';
import { hasErrors, validateSettings } from '../validateSettings';
import { DEFAULT_SETTINGS } from '../types';

describe('traceIdPatternError', () => {
  it('accepts a pattern with a capture group', () => {
    expect(traceIdPatternError('corr=([0-9a-f]{32})')).toBeUndefined();
  });

  it.each([
    ['(unclosed', /Not a valid regular expression/],
    ['[z-a](x)', /Not a valid regular expression/],
    ['corr=[0-9a-f]+', /capture group/],
    ['(?:x)', /capture group/],
    ['(\\w*)', /matches an empty line/],
    ['', /Enter a regular expression/],
    ['x'.repeat(600), /under 500/],
  ])('explains what is wrong with %p', (pattern, message) => {
    expect(traceIdPatternError(pattern)).toMatch(message);
  });
});

describe('traceIdFieldError', () => {
  it.each(['trace_id', 'x.trace', 'X-Trace-Id', '_t'])('accepts %p', (name) => {
    expect(traceIdFieldError(name)).toBeUndefined();
  });

  it.each(['', ' ', 'has space', '1abc', 'a"b', 'a}b', 7])('rejects %p', (name) => {
    expect(traceIdFieldError(name)).toBeDefined();
  });
});

describe('validateSettings', () => {
  it('accepts the defaults', () => {
    expect(hasErrors(validateSettings(DEFAULT_SETTINGS))).toBe(false);
  });

  it('reports each broken field', () => {
    const errors = validateSettings({
      ...DEFAULT_SETTINGS,
      redSource: 'nope' as any,
      traceIdPatterns: ['ok=(\\w+)', '(bad'],
      traceIdFields: ['fine', 'fine'],
      errorLevels: [' '],
      paddingMinutes: 0,
      maxLines: 10.5,
    });
    expect(errors.redSource).toBeDefined();
    expect(errors.traceIdPatterns).toEqual([undefined, expect.stringMatching(/Not a valid regular expression/)]);
    expect(errors.traceIdFields).toEqual([undefined, 'This entry is listed twice.']);
    expect(errors.errorLevels).toMatch(/at least one level/);
    expect(errors.paddingMinutes).toMatch(/from 1 to 1440/);
    expect(errors.maxLines).toMatch(/whole number/);
    expect(hasErrors(errors)).toBe(true);
  });

  it('rejects non-numbers and levels that are not words', () => {
    const errors = validateSettings({
      ...DEFAULT_SETTINGS,
      paddingMinutes: NaN,
      maxLines: 9000,
      errorLevels: ['error|warn'],
    });
    expect(errors.paddingMinutes).toBeDefined();
    expect(errors.maxLines).toMatch(/from 1 to 5000/);
    expect(errors.errorLevels).toMatch(/single words/);
  });

  it('reports health samples that are out of range, fractional or missing', () => {
    const errors = validateSettings({
      ...DEFAULT_SETTINGS,
      healthTraceSample: 0,
      healthLinesPerService: 2.5,
      healthServices: NaN,
    });
    expect(errors.healthTraceSample).toBe('Trace ids looked up in Tempo must be a number from 1 to 100.');
    expect(errors.healthLinesPerService).toBe('Error lines read per service must be a whole number.');
    expect(errors.healthServices).toBe('Services sampled must be a number from 1 to 100.');
    expect(hasErrors(validateSettings({ ...DEFAULT_SETTINGS, healthTraceSample: 100, healthServices: 1 }))).toBe(false);
  });
});
