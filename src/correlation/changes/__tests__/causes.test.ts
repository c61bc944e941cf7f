import { analyseCauses } from '../cause';
import { causeLine } from '../causeText';
import { edgeChanges } from '../edgeChanges';
import { comparisonOutcome } from '../outcome';
import { perRequest } from '../perRequest';
import { statementFingerprint } from '../attributeChanges';
import { changeSummary } from '../summary';
import type { ChangeRow } from '../types';
import { comparisonWindows } from '../windows';

/** Issue 21: honest states, causes over symptoms through the service graph, per-request signatures. */

const T0 = Date.UTC(2026, 10, 24, 14, 0, 0);
const { windows } = comparisonWindows({ fromMs: T0, toMs: T0 + 15 * 60_000 }, 'previous');

const row = (over: Partial<ChangeRow> & Pick<ChangeRow, 'id' | 'service'>): ChangeRow => ({
  kind: 'red',
  title: `Error fraction of ${over.service} rose`,
  baselineText: '2.0%',
  incidentText: '9.0%',
  baselineValue: 0.02,
  incidentValue: 0.09,
  score: 8,
  direction: 'up',
  ratio: 4,
  measure: 'errors',
  link: { to: 'service', service: over.service ?? '' },
  ...over,
});

const edge = (client: string, server: string, base: number, inc: number, fail = [0, 0]) => ({
  baseline: { client, server, rate: base, errorFraction: fail[0], p95: 0.05 },
  incident: { client, server, rate: inc, errorFraction: fail[1], p95: 0.05 },
});

function edgesOf(list: Array<ReturnType<typeof edge>>) {
  return edgeChanges({
    incident: list.map((e) => e.incident),
    baseline: list.map((e) => e.baseline),
    incidentSeconds: 900,
    baselineSeconds: 900,
  });
}

describe('causes through the service graph', () => {
  // shipping crashed at 14:02: its rate fell to nothing; checkout (its caller) and frontend fail more.
  const stopped = row({
    id: 'red:rate:shipping',
    service: 'shipping',
    title: 'shipping stopped answering: request rate fell to almost nothing',
    baselineText: '0.50 req/s',
    incidentText: '0.03 req/s',
    measure: 'rate',
    direction: 'down',
    ratio: 0.06,
    score: 5,
    stopped: true,
    sinceMs: T0 + 2 * 60_000,
  });
  const checkout = row({ id: 'red:errors:checkout', service: 'checkout', score: 14, incidentText: '9.0%' });
  const frontend = row({ id: 'red:errors:frontend', service: 'frontend', score: 12, incidentText: '6.0%' });
  const refused = row({
    id: 'signature:connection refused',
    service: 'checkout',
    kind: 'signature',
    measure: 'signature',
    title: 'New error signature: connection refused',
    score: 20,
  });
  const graph = edgesOf([
    edge('frontend', 'checkout', 10, 10, [0.01, 0.05]),
    edge('checkout', 'shipping', 0.5, 0.1, [0, 0.9]),
    edge('checkout', 'payments', 5, 5),
  ]);

  it('a server that stopped answering is the probable cause; its callers’ rows are its symptoms, listed under it', () => {
    const a = analyseCauses([frontend, refused, checkout, stopped], graph);
    expect(a.probable?.service).toBe('shipping');
    expect(a.rows.map((r) => r.id)).toEqual([
      'red:rate:shipping',
      'signature:connection refused',
      'red:errors:checkout',
      'red:errors:frontend',
    ]);
    expect(a.symptomOf.get('red:errors:frontend')).toBe('shipping');
    const line = causeLine(a, (ms) => new Date(ms).toISOString().slice(11, 16));
    expect(line.state).toBe('probable');
    expect(line.text).toBe(
      'Probable cause: shipping stopped answering at 14:02 (0.50 req/s → 0.03 req/s); New error signature: connection refused (2.0% → 9.0%); Error fraction of frontend rose (2.0% → 6.0%) follow from their calls to shipping.'
    );
  });

  it('without the service graph, the same rows are not chained: the strongest comes first, no single cause', () => {
    const a = analyseCauses([frontend, refused, checkout], []);
    expect(a.probable).toBeUndefined();
    expect(a.noSingleCause).toBe(true);
    expect(causeLine(a, String).text).toMatch(/^No single cause: changes in checkout, frontend are of similar weight/);
  });

  it('a caller whose own deploy is harmful is a cause of its own, not its callee’s symptom', () => {
    const deploy = row({
      id: 'version:2.0',
      service: 'checkout',
      kind: 'version',
      measure: 'deploy',
      title: 'checkout: service.version 2.0 deployed: fails more than the old version',
      score: 30,
    });
    const payments = row({ id: 'red:errors:payments', service: 'payments', score: 6 });
    const a = analyseCauses([checkout, deploy, payments], edgesOf([edge('checkout', 'payments', 5, 5, [0, 0.2])]));
    expect(a.probable?.service).toBe('checkout');
    expect(a.rows[0].id).toBe('version:2.0');
  });

  it('a recovery is a group of falls, named as the recovery', () => {
    const fell = (service: string, score: number) =>
      row({
        id: `red:errors:${service}`,
        service,
        direction: 'down',
        title: `Error fraction of ${service} fell: recovered`,
        score,
      });
    const a = analyseCauses(
      [fell('checkout', 9), fell('payments', 8)],
      edgesOf([edge('checkout', 'payments', 5, 5, [0.2, 0.01])])
    );
    expect(a.probable?.service).toBe('payments');
    expect(causeLine(a, String).text).toMatch(
      /^Probable cause of the recovery: Error fraction of payments fell: recovered/
    );
  });
});

describe('error signatures per request', () => {
  const sig = row({
    id: 'signature:timeout',
    service: 'checkout',
    kind: 'signature',
    measure: 'signature',
    score: 6,
    counts: { incident: { count: 200, exposure: 900 }, baseline: { count: 100, exposure: 900 }, dispersion: 1 },
  });

  it('a signature that doubled with its service’s traffic scores 0 per request', () => {
    const [r] = perRequest([sig], new Map([['checkout', { baseline: 10, incident: 20 }]]));
    expect(r.score).toBe(0);
    expect(r.perRequest).toBe(true);
  });

  it('with the traffic unchanged it is left as counted', () => {
    expect(perRequest([sig], new Map([['checkout', { baseline: 10, incident: 10.5 }]]))[0]).toBe(sig);
  });
});

describe('honest states (security review F5)', () => {
  const kinds = (status: 'done' | 'failed') =>
    ['Error signatures', 'RED', 'Span attributes and versions'].map((label) => ({
      label,
      status,
      error: status === 'failed' ? 'HTTP 502' : undefined,
    }));

  it('says nothing could be compared when every source failed, never "nothing changed"', () => {
    const o = comparisonOutcome({ kinds: kinds('failed'), windows, now: T0 + 20 * 60_000, flagged: false });
    expect(o.state).toBe('blind');
    expect(o.title).toBe(
      'Nothing could be compared: Error signatures, RED and Span attributes and versions did not answer. Check the data sources, then reload.'
    );
    const summary = changeSummary({
      windows,
      services: [],
      rows: [],
      pageUrl: 'u',
      rowUrl: () => 'r',
      outcome: o,
      missing: o.missing,
    });
    expect(summary).not.toContain('Nothing changed');
    expect(summary).toContain('Nothing could be compared');
  });

  it('names what could not be compared when only some answered', () => {
    const k = [
      ...kinds('done').slice(0, 2),
      { label: 'Span attributes and versions', status: 'failed' as const, error: 'x' },
    ];
    const o = comparisonOutcome({ kinds: k, windows, now: T0 + 20 * 60_000, flagged: false });
    expect(o).toMatchObject({
      state: 'partial',
      title:
        'No change in Error signatures and RED; Span attributes and versions could not be compared, so this is not the whole picture.',
    });
  });

  it('a window in the future is never green', () => {
    const o = comparisonOutcome({ kinds: kinds('done'), windows, now: T0 - 5 * 365 * 86_400_000, flagged: false });
    expect(o.state).toBe('future');
  });

  it('"nothing changed" only when every kind answered', () => {
    expect(comparisonOutcome({ kinds: kinds('done'), windows, now: T0 + 20 * 60_000, flagged: false }).state).toBe(
      'nothing'
    );
  });
});

describe('db.statement fingerprints', () => {
  it('turns literals into ?', () => {
    expect(statementFingerprint("UPDATE stock SET n = n + 1 WHERE sku = 'A-17' AND id IN (1, 2, 3)")).toBe(
      'UPDATE stock SET n = n + ? WHERE sku = ? AND id IN (?)'
    );
  });
});
