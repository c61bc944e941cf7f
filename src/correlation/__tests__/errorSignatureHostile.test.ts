import { errorSignatures, fingerprint, quotedStrings, signatureOf } from '../errorSignature';
import type { LogRow } from '../logRows';
import { growthRatio } from './growth';

// The expression the quoted-string scanner replaces: the same strings, found by backtracking.
const BACKTRACKING_QUOTES = /"(?:[^"\\]|\\.){0,200}"|'(?:[^'\\]|\\.){0,200}'/g;

const escapedQuotes = (n: number) => '\\"'.repeat(n / 2);
const row = (line: string, i = 0): LogRow => ({ timeMs: i, line, labels: {}, service: 'svc' });

describe('quotedStrings', () => {
  it('replaces what the backtracking expression replaced, on every line of up to 7 quotes, escapes, letters and spaces', () => {
    const alphabet = ['"', "'", '\\', 'a', ' '];
    const differ: string[] = [];
    let lines = [''];
    for (let length = 0; length <= 7; length++) {
      for (const s of lines) {
        if (quotedStrings(s) !== s.replace(BACKTRACKING_QUOTES, '<str>')) {
          differ.push(s);
        }
      }
      lines = lines.flatMap((s) => alphabet.map((c) => s + c));
    }
    expect(differ).toEqual([]);
  });

  it('leaves a quoted value longer than 200 characters as text', () => {
    const long = `"${'x'.repeat(201)}"`;
    expect(quotedStrings(long)).toBe(long);
    expect(quotedStrings(`"${'x'.repeat(200)}"`)).toBe('<str>');
  });
});

describe('signatures of hostile lines', () => {
  it('fingerprints lines of escaped quotes without throwing, bounded in length (2,000 characters read)', () => {
    for (const line of [escapedQuotes(2000), `"${escapedQuotes(5000)}`, `'`.repeat(10_000), '\\'.repeat(9999) + '"']) {
      const f = fingerprint(line);
      expect(typeof f).toBe('string');
      // At worst every pair of quotes in the 2,000 characters read becomes `<str>`.
      expect(f.length).toBeLessThanOrEqual(5000);
    }
  });

  it('groups 5,000 hostile lines into signatures with every line counted', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(`${escapedQuotes(400)} id=${i}`, i));
    const signatures = errorSignatures(rows);
    expect(signatures.reduce((n, s) => n + s.count, 0)).toBe(5000);
    expect(signatures).toHaveLength(1);
  });

  it('uses the signatures computed when the rows arrived instead of computing them again', () => {
    const rows = [row('first'), row('second')];
    const prepared = [
      { message: 'first', fingerprint: 'A' },
      { message: 'second', fingerprint: 'A' },
    ];
    expect(errorSignatures(rows, prepared).map((s) => [s.fingerprint, s.count])).toEqual([['A', 2]]);
    expect(signatureOf('payment "p-1" declined after 30ms')).toEqual({
      message: 'payment "p-1" declined after 30ms',
      fingerprint: 'payment <str> declined after <duration>',
    });
  });

  it('costs time linear in the quotes of a message: 10x the quotes, at most ~30x the time', () => {
    const ratio = growthRatio(
      () => quotedStrings(escapedQuotes(200)),
      () => quotedStrings(escapedQuotes(2000))
    );
    expect(ratio).toBeLessThan(30);
  });

  it('costs time linear in the number of lines: 10x the lines, at most ~30x the time', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => row(`${escapedQuotes(300)} n=${i}`, i));
    const small = lines(100);
    const large = lines(1000);
    expect(
      growthRatio(
        () => errorSignatures(small),
        () => errorSignatures(large)
      )
    ).toBeLessThan(30);
  });
});

describe('signature cost whatever the line shape (security review F3)', () => {
  const LENGTH = 50_000;
  const deepJson = `{"message":"x","a":${'['.repeat(LENGTH / 2 - 20)}${']'.repeat(LENGTH / 2 - 20)}}`;
  const escapedLogfmt = `level=error msg="${'\\"'.repeat(LENGTH / 2)}`;
  const plain = 'a'.repeat(LENGTH);
  const cost = (line: string) => {
    const lines = Array.from({ length: 20 }, (_, i) => `${line}${i}`);
    return () => lines.forEach((l) => signatureOf(l));
  };
  // Best-of-runs ratio against a plain line of the same length: the old code took 45-60x.
  it.each([
    ['25,000-deep JSON', deepJson],
    ['logfmt msg of 25,000 escaped quotes', escapedLogfmt],
  ])('%s costs at most ~8x a plain line of the same length', (_, line) => {
    expect(growthRatio(cost(plain), cost(line), 5)).toBeLessThan(8);
  });

  it('still reads the message of a deep JSON line as the line, and a cut logfmt value without its quote', () => {
    expect(signatureOf(deepJson).message).toBe(deepJson);
    const m = signatureOf(escapedLogfmt).message;
    expect(m.startsWith('"')).toBe(false);
    expect(m.length).toBeLessThanOrEqual(8 * 1024);
    expect(signatureOf('{"msg":"shallow","a":[[1]]}').message).toBe('shallow');
    expect(signatureOf('level=error msg="a \\"b\\"" x=1').message).toBe('a "b"');
  });
});
