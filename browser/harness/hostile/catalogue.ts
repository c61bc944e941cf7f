import { DEMO_JSON_DATA } from '../demo/facts';

/**
 * The hostile inputs of issue 25 (review /work/shared/reviews/security.md F1–F4, F7, F8, F10, F14,
 * F16, F17) and more of our own, as the data sources and provisioning would carry them. Each shape
 * is made once; lines add a short unique prefix so no cache keyed by text hides the per-line cost.
 */
const HEX = '0123456789abcdef';
const hexId = (k: number) =>
  Array.from({ length: 32 }, (_, i) => HEX[(Math.imul(k + 1, 2654435761) >>> (i % 28)) & 15]).join('');

/** Service names from logs and metrics (untrusted): F8's 5,005 characters, F10's paths, bidi, variables. */
export const HOSTILE_SERVICES = [
  `svc-${'x'.repeat(5001)}`,
  '../../../admin',
  'x?from=0&to=1',
  '${__user.email}',
  '\u202Egnp.exe',
  'svc "quoted" \\ back`tick`',
  'https://evil.example/login',
  '](javascript:alert(1))',
];

const repeat = (s: string, n: number) => s.repeat(n);
const randomAb = (n: number) => {
  let seed = 7;
  let out = '';
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out += seed & 0x10000 ? 'a' : 'b';
  }
  return out;
};

/** Error-line shapes, each about 50 KB where the review's were (the largest line Loki keeps is 256 KB). */
export const LINE_SHAPES: Array<{ name: string; body: (k: number) => string }> = (() => {
  const deep = `${repeat('[', 25_000)}${repeat(']', 25_000)}`;
  const quotes = repeat('\\"', 25_000);
  const traceObjects = repeat('{"trace":{"id":"zz"},', 2_380);
  const plain = repeat('a', 50_000);
  const ab = randomAb(50_000);
  const a1700 = repeat('a', 1_700);
  return [
    // F3: deeply nested JSON.
    { name: 'deep JSON', body: (k) => `{"message":"deep ${k}","a":${deep}}` },
    // F3: logfmt with 25,000 escaped quotes.
    { name: 'logfmt quotes', body: (k) => `level=error n=${k} msg="${quotes}` },
    // F3: repeated objects with an id that is not one.
    { name: 'trace objects', body: (k) => `${k}${traceObjects}` },
    // F1: a plain 50 KB line, and a 1.7 KB run before an id (the hostile patterns' window).
    { name: 'plain 50 KB', body: (k) => `${k} ${plain}` },
    { name: 'run then id', body: (k) => `${a1700} ${hexId(k)}` },
    // F4: random a/b text.
    { name: 'random a/b', body: (k) => `${k}${ab}` },
    // F2: Loki's derived field `.*traceID=(\w+)` never matches, and 5,000 x.
    { name: 'derived-field miss', body: (k) => `${k} ${repeat('x', 5_000)}` },
    // F7: text that must not become a link or a control in a copied summary.
    {
      name: 'links and controls',
      body: (k) =>
        `payment ${k} failed \u202Egnp.exe https://evil.example/login www.evil.example ](javascript:alert(1)) <img src=x onerror=alert(1)> \${__user.email} [[var]] | \`x\`\u0000\u001b[31m`,
    },
  ];
})();

/** Trace-id patterns as a provisioning file would set them (F1, F4, F15, F17). */
export const HOSTILE_PATTERNS = [
  // F1: 61 capture groups, refused by loadSettings (and so a Health finding).
  `(?:${Array(60).fill('(a)').join('|')})*([0-9a-f]{32})`,
  // F4: 121 groups, refused.
  `${'(.)'.repeat(120)}([0-9a-f]{32})`,
  // A leading scan: refused.
  '.*traceID=(\\w+)',
  // Kept by loadSettings (RE2 runs them linearly); the config page's backtracking check refuses them (F15).
  '(a+)+([0-9a-f]{32})',
  '(\\w+\\s?)*corr=([0-9a-f]{32})',
  // F17: RE2 syntax that JavaScript refuses, accepted.
  '(?i)corr=([0-9a-f]{32})',
  '(?P<id>[0-9a-f]{32})',
  // Four groups, the most accepted, on every line.
  '(.)(.)(.)([0-9a-f]{32})',
];

/** The app's provisioned settings: the demo's data sources, the hostile patterns, the largest sample. */
export const HOSTILE_JSON_DATA = {
  ...DEMO_JSON_DATA,
  traceIdPatterns: HOSTILE_PATTERNS,
  traceIdFields: ['trace_id', '../../x', 'a'.repeat(500)],
  maxLines: 1000,
  healthLinesPerService: 50,
};

export const hostileTraceId = hexId;
