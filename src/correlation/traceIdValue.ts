/** Validation of one trace-id candidate: the single rule every extraction path goes through. */

const ZERO_PAD = '0000000000000000';
const ZERO_32 = ZERO_PAD + ZERO_PAD;
const UPPER_HEX = /[A-F]/;
// 1: lowercase hex digit, 2: uppercase hex letter; a table lookup beats a regex call here.
const HEX_KIND = new Uint8Array(128);
for (const ch of '0123456789abcdef') {
  HEX_KIND[ch.charCodeAt(0)] = 1;
}
for (const ch of 'ABCDEF') {
  HEX_KIND[ch.charCodeAt(0)] = 2;
}

/**
 * The id held by `s` from `start` to `end`, validated in place (no copy unless valid), as 32
 * lowercase hex characters; undefined unless it is 32 or 16 hex characters and not all zeros.
 */
export function traceIdInRange(s: string, start: number, end: number): string | undefined {
  const len = end - start;
  if (len !== 32 && len !== 16) {
    return undefined;
  }
  let kinds = 0;
  let nonZero = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const kind = c < 128 ? HEX_KIND[c] : 0;
    if (kind === 0) {
      return undefined;
    }
    kinds |= kind;
    nonZero = nonZero || c !== 48;
  }
  if (!nonZero) {
    return undefined;
  }
  const id = start === 0 && end === s.length ? s : s.slice(start, end);
  const lower = kinds & 2 ? id.toLowerCase() : id;
  return len === 16 ? ZERO_PAD + lower : lower;
}

/**
 * Returns the id as 32 lowercase hex characters, or undefined. Accepts 32 or 16 hex characters in
 * either case (a 64-bit id is left-padded with zeros, as Tempo stores it); never an all-zero id.
 */
export function normalizeTraceId(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  if (value.length === 32 || value.length === 16) {
    return traceIdInRange(value, 0, value.length);
  }
  // Tolerate surrounding white space only; anything else of the wrong length is not an id.
  const trimmed = value.length < 64 ? value.trim() : '';
  return trimmed.length === 32 || trimmed.length === 16 ? traceIdInRange(trimmed, 0, trimmed.length) : undefined;
}

/** True only for an id already in normal form: 32 lowercase hex characters, not all zeros. */
export function isTraceId(value: unknown): value is string {
  return typeof value === 'string' && value.length === 32 && normalizeTraceId(value) === value;
}

/**
 * Normal form of a value a regular expression already matched as 16 or 32 hex characters: only
 * the zero check, the case and the padding are left to do.
 */
export function traceIdFromHexMatch(hex: string): string | undefined {
  const lower = UPPER_HEX.test(hex) ? hex.toLowerCase() : hex;
  const id = lower.length === 16 ? ZERO_PAD + lower : lower;
  // Zero ids are rare: the last character rules almost all of them out without a full compare.
  return id.charCodeAt(31) === 48 && id === ZERO_32 ? undefined : id;
}
