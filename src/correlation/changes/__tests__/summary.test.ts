import { changeSummary, markdownText, markdownUrl } from '../summary';
import type { ChangeRow } from '../types';
import { comparisonWindows } from '../windows';

const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const windows = (mode: 'previous' | 'day') => comparisonWindows({ fromMs: T0, toMs: T0 + 30 * 60_000 }, mode).windows;

const row = (over: Partial<ChangeRow>): ChangeRow => ({
  id: 'x',
  kind: 'red',
  title: 'Error fraction of payments rose',
  baselineText: '2.0%',
  incidentText: '12%',
  baselineValue: 0.02,
  incidentValue: 0.12,
  score: 16.25,
  direction: 'up',
  ratio: 6,
  link: { to: 'service', service: 'payments' },
  ...over,
});

describe('changeSummary', () => {
  it('writes the windows, the top changes with their figures and links, the trace and the way back', () => {
    const text = changeSummary({
      windows: windows('previous'),
      services: ['payments'],
      rows: [
        row({
          id: 'v',
          kind: 'version',
          title: 'payments: service.version 1.5.0 appeared (replacing 1.4.0)',
          baselineText: 'not seen',
          incidentText: '100% of spans (1,500 spans)',
          score: 40,
        }),
        row({}),
        row({
          id: 's',
          kind: 'signature',
          title: 'New error signature: TypeError: <_> *undefined* [x]',
          baselineText: '0 lines',
          incidentText: '90 lines',
          score: 9.96,
        }),
        row({ id: 'small', title: 'Request rate of gateway rose', score: 1.2 }),
      ],
      pageUrl: 'https://g.example/a/correlate-investigation-app/changed?from=1&to=2',
      rowUrl: (r) => `https://g.example/${r.id}?q=(a b)`,
      trace: {
        id: '4bf92f3577b34da6a3ce929d0e0e4736',
        url: 'https://g.example/t',
        rootCause: 'payments: POST /charge (declined)',
      },
    });
    expect(text).toBe(
      [
        '**What changed** for payments',
        '',
        'Incident window 2026-11-24 11:00:00 UTC to 2026-11-24 11:30:00 UTC, compared with the 30 minutes before (2026-11-24 10:30:00 UTC to 2026-11-24 11:00:00 UTC).',
        '',
        '1. Version: payments: service.version 1.5.0 appeared (replacing 1.4.0): not seen → 100% of spans (1,500 spans) (score 40.0) [evidence](https://g.example/v?q=%28a%20b%29)',
        '2. RED: Error fraction of payments rose: 2.0% → 12% (score 16.3) [evidence](https://g.example/x?q=%28a%20b%29)',
        '3. Error signature: New error signature: TypeError: \\<\\_\\> \\*undefined\\* \\[x\\]: 0 lines → 90 lines (score 10.0) [evidence](https://g.example/s?q=%28a%20b%29)',
        '',
        'Trace investigated: [4bf92f3577b34da6a3ce929d0e0e4736](https://g.example/t), likely root cause: payments: POST /charge (declined)',
        '',
        '[Open What changed in Correlate](https://g.example/a/correlate-investigation-app/changed?from=1&to=2)',
      ].join('\n')
    );
  });

  it('says when nothing changed, names the baseline a day earlier and what could not be compared', () => {
    const text = changeSummary({
      windows: windows('day'),
      services: [],
      rows: [row({ score: 2.9 })],
      pageUrl: 'https://g.example/p',
      rowUrl: () => 'https://g.example/r',
      missing: ['RED: The metrics data source could not answer: bad_data.'],
    });
    expect(text).toBe(
      [
        '**What changed** for every service',
        '',
        'Incident window 2026-11-24 11:00:00 UTC to 2026-11-24 11:30:00 UTC, compared with the same 30 minutes one day earlier (2026-11-23 11:00:00 UTC to 2026-11-23 11:30:00 UTC).',
        '',
        "Nothing changed beyond the baseline's own variation.",
        '',
        'Not compared: RED: The metrics data source could not answer: bad\\_data.',
        '',
        '[Open What changed in Correlate](https://g.example/p)',
      ].join('\n')
    );
  });

  it('keeps untrusted text on one line without markup, and links whole', () => {
    expect(markdownText('a\n\n# b `c` <script>|d|', 200)).toBe('a # b \\`c\\` \\<script\\>\\|d\\|');
    expect(markdownText('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(markdownUrl('https://g/e?panes={"q":"{ a }"}&x=[1]')).toBe('https://g/e?panes={"q":"{%20a%20}"}&x=%5B1%5D');
  });
});

describe('untrusted text in the copied summary (security review F7)', () => {
  // Rendered by marked with GFM on (its autolinks are GitHub's); a Markdown renderer Grafana itself uses.
  const { marked } = jest.requireActual('marked') as typeof import('marked');
  const hostile = [
    'https://evil.example/login',
    'see www.evil.example now',
    'mail admin@evil.example',
    '\u202Egnp.exe',
    'a\u2066b\u2069c\u200Fd\u0007e\u009Bf',
    '](javascript:alert(1))',
  ];

  it.each(hostile)('%p renders with no link and no direction control', (value) => {
    const text = changeSummary({
      windows: windows('previous'),
      services: [value],
      rows: [row({ title: value, baselineText: value, incidentText: value })],
      pageUrl: '/a/correlate-investigation-app/changed',
      rowUrl: () => '/a/correlate-investigation-app/services/x',
      trace: { id: '4bf92f3577b34da6a3ce929d0e0e4736', url: '/explore', rootCause: value },
    });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    const html = marked.parse(text, { gfm: true, async: false }) as string;
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    // Only the summary's own links: the row's evidence, the trace and the page.
    expect(hrefs.every((h) => h.startsWith('/'))).toBe(true);
    expect(hrefs).toHaveLength(3);
  });

  it('shows defanged text as typed, brackets and all', () => {
    expect(markdownText('https://evil.example www.x.org a@b.io')).toBe(
      'https\\[:\\]//evil.example www\\[.\\]x.org a\\[@\\]b.io'
    );
    expect(markdownText('\u202Egnp.exe')).toBe('gnp.exe');
  });
});
