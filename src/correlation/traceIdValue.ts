/** Validation of one trace-id candidate: the single rule every extraction path goes through. */

const ZERO_PAD = '0000000000000000';

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * Returns the id as 32 lowercase hex characters, or undefined. Accepts 32 or 16 hex characters in
 * either case (a 64-bit id is left-padded with zeros, as Tempo stores it); never an all-zero id.
 */
export function normalizeTraceId(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  let s = value;
  if (s.length !== 32 && s.length !== 16) {
    // Tolerate surrounding white space only; anything else of the wrong length is not an id.
    s = s.trim();
    if (s.length !== 32 && s.length !== 16) {
      return undefined;
    }
  }
  let nonZero = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isHexCode(c)) {
      return undefined;
    }
    if (c !== 48) {
      nonZero = true;
    }
  }
  if (!nonZero) {
    return undefined;
  }
  const lower = s.toLowerCase();
  return lower.length === 16 ? ZERO_PAD + lower : lower;
}

/** True only for an id already in normal form: 32 lowercase hex characters, not all zeros. */
export function isTraceId(value: unknown): value is string {
  return typeof value === 'string' && value.length === 32 && normalizeTraceId(value) === value;
}
