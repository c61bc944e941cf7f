import { seededRandom } from '../config.ts';

/**
 * Trace and span ids from a seeded generator (the SDK's IdGenerator interface), so the same run
 * gives the same ids; the stack's services use the SDK's random ones.
 */
export function seededIds(seed: number) {
  const random = seededRandom(seed);
  const hex = (bytes: number) => {
    let out = '';
    for (let i = 0; i < bytes; i++) {
      out += Math.floor(random() * 256)
        .toString(16)
        .padStart(2, '0');
    }
    return out;
  };
  return { generateTraceId: () => hex(16), generateSpanId: () => hex(8) };
}
