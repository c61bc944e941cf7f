import React from 'react';
import { render, screen, within } from '@testing-library/react';
import type { SceneAppPageLike, SceneFlexLayout, SceneFlexItem } from '@grafana/scenes';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import { PageMessage } from '../../../shared/PageMessage';
import { checkoutTrace } from '../../../test/mocks/tempoFrame';
import { spansOfFrame, summarizeTrace } from '../../../correlation/traceSummary';
import { testIds } from '../../../testIds';
import { TraceInvestigation } from '../TraceInvestigation';
import { readTraceParams, tracePage } from '../tracePage';
import { TraceSummaryView } from '../TraceSummaryView';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function bodyOf(rawId: string, search = '') {
  const page = tracePage(DEFAULT_SETTINGS, () => new URLSearchParams(search));
  const drilldown = page.state.drilldowns![0];
  const child = drilldown.getPage(
    { params: { traceId: rawId }, url: `/a/x/trace/${rawId}`, isExact: true, path: '' },
    page as SceneAppPageLike
  );
  const scene = child.getScene({ params: { traceId: rawId }, url: '', isExact: true, path: '' });
  return (scene.state.body as SceneFlexLayout).state.children.map((c) => (c as SceneFlexItem).state.body);
}

describe('readTraceParams', () => {
  it('reads the id, the time hint and the service', () => {
    expect(readTraceParams(ID.toUpperCase(), new URLSearchParams('time=1764000000000&service=payments'))).toEqual({
      traceId: ID,
      shownId: ID.toUpperCase(),
      timeHintMs: 1764000000000,
      hintService: 'payments',
      problems: [],
    });
  });

  it.each([
    ['a word for time', 'time=yesterday', /"time" \("yesterday"\) is not a time/],
    ['an absurd time', 'time=1e99', /is not a time/],
    ['a 300-character service', 'service=' + 'x'.repeat(300), /"service" is empty or too long/],
    ['a blank service', 'service=%20', /"service" is empty or too long/],
  ])('reports %s and goes on without it', (_label, search, problem) => {
    const p = readTraceParams(ID, new URLSearchParams(search));
    expect(p.traceId).toBe(ID);
    expect(p.problems).toEqual([expect.stringMatching(problem)]);
  });

  it('reads the range of the page the link came from (the trace query’s range) from traceFrom / traceTo', () => {
    // Epoch milliseconds become ISO text, which a SceneTimeRange built in code can read.
    const search = new URLSearchParams('traceFrom=1764000000000&traceTo=1764003600000&from=1&to=2');
    expect(readTraceParams(ID, search).lookupRange).toEqual({
      from: '2025-11-24T16:00:00.000Z',
      to: '2025-11-24T17:00:00.000Z',
    });
    expect(readTraceParams(ID, new URLSearchParams()).lookupRange).toBeUndefined();
  });

  it('reads from / to of a link written before traceFrom / traceTo as that same range', () => {
    expect(readTraceParams(ID, new URLSearchParams('from=1764000000000&to=1764003600000')).lookupRange).toEqual({
      from: '2025-11-24T16:00:00.000Z',
      to: '2025-11-24T17:00:00.000Z',
    });
    expect(readTraceParams(ID, new URLSearchParams('from=now-6h&to=now&time=1764000000000')).lookupRange).toEqual({
      from: 'now-6h',
      to: 'now',
    });
  });

  it('repairs a range that is not one, saying so under the key the link used', () => {
    const p = readTraceParams(ID, new URLSearchParams('from=soon&to=now'));
    expect(p.lookupRange).toEqual({ from: 'now-24h', to: 'now' });
    expect(p.problems).toEqual([expect.stringContaining('"from" ("soon") is not a time')]);
    const q = readTraceParams(ID, new URLSearchParams('traceFrom=now-1h&traceTo=to'));
    expect(q.lookupRange).toEqual({ from: 'now-1h', to: 'now' });
    expect(q.problems).toEqual([expect.stringMatching(/^The link's "traceTo" \("to"\) is not a time/)]);
    const reversed = readTraceParams(ID, new URLSearchParams('from=2000&to=1000'));
    expect(reversed.lookupRange).toEqual({ from: '1970-01-01T00:00:01.000Z', to: '1970-01-01T00:00:02.000Z' });
    const absurd = readTraceParams(ID, new URLSearchParams('from=9999999999999999&to=now'));
    expect(absurd.lookupRange).toEqual({ from: 'now-24h', to: 'now' });
    expect(absurd.problems).toEqual([expect.stringContaining('is not a time')]);
    expect(reversed.problems).toEqual([expect.stringContaining('ends before it starts')]);
  });

  it.each(['not-a-trace', '%E0%A4%A', '0'.repeat(32), 'abc', `${ID}00`, '<script>'])(
    'gives no trace id for %p',
    (raw) => {
      expect(readTraceParams(raw, new URLSearchParams()).traceId).toBeUndefined();
    }
  );
});

describe('trace page', () => {
  it('opens the investigation for a valid id', () => {
    const [body] = bodyOf(ID, `time=${Date.now() - 60_000}&service=orders`);
    expect(body).toBeInstanceOf(TraceInvestigation);
    expect((body as TraceInvestigation).state.hintService).toBe('orders');
  });

  it('explains a malformed trace id instead of querying', () => {
    const bodies = bodyOf('zz-not-hex', 'time=banana');
    expect(bodies.every((b) => b instanceof PageMessage)).toBe(true);
    const texts = bodies.map((b) => (b as PageMessage).state);
    expect(texts[0].text).toContain('"time" ("banana") is not a time');
    expect(texts[1]).toMatchObject({ severity: 'error', title: 'This is not a trace id' });
    expect(texts[1].text).toContain('"zz-not-hex" is not a trace id');
    render(<PageMessage.Component model={bodies[1] as PageMessage} />);
    expect(screen.getByRole('link', { name: 'Go to Errors' })).toHaveAttribute(
      'href',
      '/a/correlate-investigation-app/errors'
    );
  });
});

describe('TraceSummaryView', () => {
  const summary = summarizeTrace(spansOfFrame(checkoutTrace(ID, Date.UTC(2026, 10, 24))))!;

  it('shows root, duration, services, failing spans and where it failed first', () => {
    render(<TraceSummaryView traceId={ID} status="found" summary={summary} hasTimeHint />);
    expect(screen.getByText('gateway: POST /checkout')).toBeInTheDocument();
    // The trace's duration, beside its failing-span count.
    expect(screen.getByText('3 failing spans').previousElementSibling).toHaveTextContent('120 ms');
    expect(screen.getByText('Services: gateway, orders, payments')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.trace.rootCause)).toHaveTextContent('Failed first in payments: POST /charge');
    expect(screen.getByTestId(testIds.trace.rootCause)).toHaveTextContent(
      'payment declined — PaymentDeclinedError: insufficient funds'
    );
    expect(screen.getByTestId(testIds.trace.errorSpans).querySelectorAll('tbody tr')).toHaveLength(3);
  });

  it('lists the failing spans as a headed table, an empty cell as a dash', () => {
    render(<TraceSummaryView traceId={ID} status="found" summary={summary} hasTimeHint />);
    const table = screen.getByTestId(testIds.trace.errorSpans);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Service', 'Span', 'Duration', 'Status message', 'Exception']);
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent)
      );
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['gateway', 'POST /checkout'],
      ['orders', 'POST /orders'],
      ['payments', 'POST /charge'],
    ]);
    // Grafana's duration format, and a dash where a span has no exception.
    expect(rows.every((r) => /^\d+(\.\d+)? (ms|s)$/.test(r[2]))).toBe(true);
    expect(rows[0][4]).toBe('–');
    expect(rows[2][4]).toBe('PaymentDeclinedError: insufficient funds');
  });

  it('says what a missing trace means and what is still shown', () => {
    render(<TraceSummaryView traceId={ID} status="missing" hasTimeHint />);
    const message = screen.getByTestId(testIds.trace.summaryMessage);
    expect(message).toHaveTextContent('Tempo does not have this trace');
    expect(message).toHaveTextContent('sampled out');
    expect(message).toHaveTextContent('still shown below');
  });

  it('names the Tempo error', () => {
    render(<TraceSummaryView traceId={ID} status="error" error="HTTP 502" hasTimeHint={false} />);
    expect(screen.getByTestId(testIds.trace.summaryMessage)).toHaveTextContent('Tempo answered: HTTP 502');
  });
});

describe('readTraceParams: every time has the same bounds and the same warning', () => {
  it.each([
    ['time', 'time=9999999999999999'],
    ['time', 'time=8000000000000000'],
    ['from', 'from=9999999999999999&to=now'],
    ['to', 'from=now-1h&to=8000000000000000'],
  ])('reports %s outside 1970 to 9999 (%s)', (key, search) => {
    const p = readTraceParams(ID, new URLSearchParams(search));
    expect(p.problems).toEqual([
      expect.stringMatching(new RegExp(`^The link's "${key}" \\(".*"\\) is not a time from 1970 to 9999`)),
    ]);
  });

  it('reports a log time in the future and uses the trace’s own time', () => {
    const p = readTraceParams(ID, new URLSearchParams(`time=${Date.now() + 3 * 86_400_000}`));
    expect(p.timeHintMs).toBeUndefined();
    expect(p.problems).toEqual([expect.stringContaining('is in the future')]);
    // A few minutes of clock skew is not reported.
    expect(readTraceParams(ID, new URLSearchParams(`time=${Date.now() + 300_000}`)).problems).toEqual([]);
  });
});
