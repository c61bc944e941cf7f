/**
 * What Grafana's Go backends write, in the forms the doubles need: JSON as Go encodes it (map keys
 * sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped), Go's `time.Duration.String()`, and the 32-bit
 * FNV-1 hash of Go's `hash/fnv` `New32()` (Loki's log line ids).
 */

/** `json.Marshal` / jsoniter of a string map: keys sorted, HTML characters escaped as Go does. */
export function goJson(value: Record<string, string>): string {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = value[key];
  }
  return JSON.stringify(sorted)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** FNV-1 (multiply, then xor) over the UTF-8 bytes, as Go's `fnv.New32()`; lowercase hex, unpadded (`%x`). */
export function fnv1Hex(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash, 0x01000193) >>> 0;
    hash = (hash ^ byte) >>> 0;
  }
  return hash.toString(16);
}

/** Go's `time.Duration.String()` for a whole number of milliseconds: `15s`, `1m0s`, `1h0m0s`, `1.5s`, `500ms`. */
export function goDuration(ms: number): string {
  if (ms === 0) {
    return '0s';
  }
  if (ms < 1000) {
    return `${ms}ms`;
  }
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const s = `${Number(seconds.toFixed(3))}s`;
  return hours ? `${hours}h${minutes}m${s}` : minutes ? `${minutes}m${s}` : s;
}
