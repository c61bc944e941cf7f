import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import * as signatures from '../../../correlation/errorSignature';
import type { LogRow } from '../../../correlation/logRows';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import { CheckedTimeRange } from '../../../shared/CheckedTimeRange';
import { MAX_LINE_SHOWN } from '../../../shared/displayText';
import { activateWithParents, flush, installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import { lokiFrame, lokiMetricFrame } from '../../../test/mocks/lokiFrame';
import { testIds } from '../../../testIds';
import { ErrorLogList, ROWS_PER_PAGE } from '../ErrorLogList';
import { ErrorsBody } from '../ErrorsBody';
import { errorsVariables } from '../errorsVariables';

// The page's calls into the signature module are counted; what they compute is unchanged.
jest.mock('../../../correlation/errorSignature', () => {
  const actual = jest.requireActual('../../../correlation/errorSignature');
  return { ...actual, signatureOf: jest.fn(actual.signatureOf), messageOf: jest.fn(actual.messageOf) };
});

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
/** The volume per service the page counts before it reads the lines of the services with errors. */
const volumeOf = (refId: string, lines: unknown[]) =>
  lokiMetricFrame(refId, { service_name: 'svc' }, [[NOW - 60_000, lines.length]]);
const escapedQuotes = (i: number) => `${'\\"'.repeat(400)} request ${i}`;

describe('Errors page with hostile lines', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('computes each line’s fingerprint once, when the data arrives: j / k compute none', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => ({
      timeMs: NOW - i,
      line: escapedQuotes(i),
      labels: { service_name: 'svc', detected_level: 'error' },
    }));
    const fake = installFakeRuntime({
      respond: (req) =>
        req.targets.map((t) => (t.refId === 'logs' ? lokiFrame(lines, t.refId) : volumeOf(t.refId, lines))),
      services: ['svc'],
    });
    const body = new ErrorsBody(DEFAULT_SETTINGS);
    // Each answer the runner delivers is read once (it delivers more than one as the variables settle).
    const deliveries = jest.spyOn(ErrorsBody.prototype as unknown as { readRows: () => void }, 'readRows');
    new EmbeddedScene({
      $timeRange: new CheckedTimeRange({ from: 'now-1h', to: 'now' }),
      $variables: errorsVariables(DEFAULT_SETTINGS),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
    });
    stop = activateWithParents(body);
    await flush();
    // The lines are read in slices that let the browser run (slices.ts): wait for the last one.
    await waitFor(() => expect(body.state.rows).toHaveLength(300), { timeout: 20_000 });
    // Once per line each time data arrives (the runner delivers an answer more than once as the
    // variables settle; a newer delivery stops the reading of an older one part-way).
    const onArrival = (signatures.signatureOf as jest.Mock).mock.calls.length;
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(onArrival).toBeGreaterThanOrEqual(300);
    expect(onArrival).toBeLessThanOrEqual(deliveries.mock.calls.length * 300);
    deliveries.mockRestore();
    body.selectSignature(body.state.signatures[0].fingerprint);
    expect(body.visibleRows()).toHaveLength(300);
    render(<body.Component model={body} />);
    const counted = () =>
      (signatures.signatureOf as jest.Mock).mock.calls.length + (signatures.messageOf as jest.Mock).mock.calls.length;
    const before = counted();
    const list = screen.getByRole('listbox');
    for (let i = 0; i < 10; i++) {
      await act(async () => {
        fireEvent.keyDown(list, { key: 'j' });
      });
    }
    expect(body.state.selected).toBe(10);
    expect(screen.getAllByRole('option')[10]).toHaveAttribute('aria-selected', 'true');
    expect(screen.getAllByRole('option')[9]).toHaveAttribute('aria-selected', 'false');
    expect(counted()).toBe(before);
  }, 60_000);
});

describe('Errors page: one budget for the lines of a page (security review F1, F3, F4)', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('reads hostile lines in slices, stops at the page budget and says what it skipped', async () => {
    // The worst pattern the config page accepts, on 2,000 lines made to be slow.
    const pattern = `${'(.)'.repeat(3)}${'(?:.)'.repeat(117)}([0-9a-f]{32})`;
    const settings = { ...DEFAULT_SETTINGS, maxLines: 5000, traceIdPatterns: [pattern] };
    const line = (i: number) => `level=error msg="${'\\"'.repeat(2_000)} ${i}`;
    const lines = Array.from({ length: 2000 }, (_, i) => ({
      timeMs: NOW - i,
      line: line(i),
      labels: { service_name: 'svc', detected_level: 'error' },
    }));
    installFakeRuntime({
      respond: (req) =>
        req.targets.map((t) => (t.refId === 'logs' ? lokiFrame(lines, t.refId) : volumeOf(t.refId, lines))),
      services: ['svc'],
    });
    const body = new ErrorsBody(settings);
    new EmbeddedScene({
      $timeRange: new CheckedTimeRange({ from: 'now-1h', to: 'now' }),
      $variables: errorsVariables(settings),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
    });
    // The page's clock (performance.now) runs 2 ms per reading, so the budget is spent whatever this
    // machine's speed: a fast machine would otherwise read all 2,000 lines within it.
    let clock = 0;
    const slowClock = jest.spyOn(performance, 'now').mockImplementation(() => (clock += 2));
    // The longest stretch the page keeps the thread between two of its tasks, in real time.
    let longest = 0;
    const realSetTimeout = global.setTimeout;
    const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) =>
      realSetTimeout(() => {
        const last = Date.now();
        fn();
        longest = Math.max(longest, Date.now() - last);
      }, ms)) as typeof setTimeout);
    try {
      stop = activateWithParents(body);
      await flush();
      await waitFor(() => expect(body.state.partial).toBeDefined(), { timeout: 30_000 });
    } finally {
      spy.mockRestore();
      slowClock.mockRestore();
    }
    expect(body.state.partial!.received).toBe(2000);
    expect(body.state.partial!.read).toBeLessThan(2000);
    expect(body.state.rows).toHaveLength(body.state.partial!.read);
    // 40 ms slices, plus one line at most (a jsdom run on a loaded machine: well under 200 ms).
    expect(longest).toBeLessThan(200);
    render(<body.Component model={body} />);
    expect(screen.getByTestId(testIds.errors.partial).textContent).toMatch(
      /Read [\d,]+ of the 2,000 lines Loki sent, to keep the page responsive\. Narrow the services, the search or the time range/
    );
  }, 60_000);
});

describe('ErrorLogList with long lines', () => {
  const row = (i: number, line: string): LogRow => ({
    id: String(i),
    timeMs: NOW - i,
    line,
    labels: {},
    service: 'svc',
    level: 'error',
  });

  const renderList = (rows: LogRow[]) =>
    render(
      <ErrorLogList
        rows={rows}
        selected={0}
        filtered={false}
        empty
        onSelect={jest.fn()}
        onOpen={jest.fn()}
        linkOf={() => undefined}
      />
    );

  it('cuts 500 lines of 256 KB for display, the full line one click away', () => {
    const huge = (i: number) => `${i} ${'y'.repeat(256 * 1024)}`;
    const rows = Array.from({ length: 500 }, (_, i) => row(i, huge(i)));
    renderList(rows);
    // One page of rows drawn (the rest behind "Show more"), each cut.
    expect(screen.getAllByTestId(testIds.errors.logRow)).toHaveLength(ROWS_PER_PAGE);
    // Every row shows at most MAX_LINE_SHOWN characters of its line.
    expect(document.body.textContent!.length).toBeLessThan(ROWS_PER_PAGE * (MAX_LINE_SHOWN + 200));
    const buttons = screen.getAllByRole('button', { name: 'Show the full line' });
    expect(buttons).toHaveLength(ROWS_PER_PAGE);
    fireEvent.click(buttons[3]);
    expect(screen.getByText(huge(3))).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Show less' }));
    expect(screen.queryByText(huge(3))).toBeNull();
  });

  it('shows a short line whole, without a control', () => {
    renderList([row(0, 'payment declined')]);
    expect(screen.getByText('payment declined')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show the full line' })).toBeNull();
  });
});
