import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { locationService } from '@grafana/runtime';
import {
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneVariableSet,
  type QueryVariable,
  type TextBoxVariable,
} from '@grafana/scenes';
import { fingerprint } from '../../../correlation/errorSignature';
import { errorLogsQuery, errorVolumeQuery } from '../../../queries/logql';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import { CheckedTimeRange } from '../../../shared/CheckedTimeRange';
import {
  activateWithParents,
  flush,
  installFakeRuntime,
  type RecordedRequest,
} from '../../../test/mocks/grafanaRuntime';
import { RequestFailed } from '../../../test/mocks/backendQuery';
import { LOKI_LAYOUTS, lokiFrame, lokiMetricFrame, type LokiLayout } from '../../../test/mocks/lokiFrame';
import { testIds } from '../../../testIds';
import { ErrorLogList } from '../ErrorLogList';
import { ErrorsBody } from '../ErrorsBody';
import { errorsVariables } from '../errorsVariables';
import { SignaturesTable } from '../SignaturesTable';

const ID_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const ID_B = '0af7651916cd43dd8448eb211c80319c';
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

const LINES = [
  {
    timeMs: NOW - 3000,
    line: 'order ord-1 not placed: payment declined',
    labels: { service_name: 'orders', detected_level: 'error' },
    structuredMetadata: { trace_id: ID_A },
  },
  {
    timeMs: NOW - 1000,
    line: `{"level":"error","msg":"stock database lock wait for order ord-7","traceId":"${ID_B}"}`,
    labels: { service_name: 'inventory', detected_level: 'error' },
  },
  {
    timeMs: NOW - 2000,
    line: 'order ord-2 not placed: payment declined',
    labels: { service_name: 'orders', detected_level: 'error' },
  },
];

/** Loki's answer: the lines for `logs`, a series per service for `volume` (Loki splits the two into two calls). */
function respond(opts: { fail?: boolean; layout?: LokiLayout } = {}) {
  return (req: RecordedRequest) =>
    opts.fail
      ? new Error('parse error at line 1, col 12: syntax error')
      : req.targets.flatMap((t) =>
          t.refId === 'logs'
            ? [lokiFrame(LINES, { refId: t.refId, layout: opts.layout, expr: t.expr })]
            : ['orders', 'inventory'].map((service) =>
                lokiMetricFrame(t.refId, { service_name: service }, [[NOW - 60_000, 1]], {
                  legendFormat: t.legendFormat,
                  expr: t.expr,
                })
              )
        );
}

function build(from = 'now-1h', to = 'now') {
  const body = new ErrorsBody(DEFAULT_SETTINGS);
  const scene = new EmbeddedScene({
    $timeRange: new CheckedTimeRange({ from, to }),
    $variables: errorsVariables(DEFAULT_SETTINGS),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
  });
  return { scene, body, variables: scene.state.$variables as SceneVariableSet };
}

describe.each(LOKI_LAYOUTS)('Errors page (Loki %s layout)', (layout) => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('sends the error logs and their volume in one Loki request, escaped, for the time range', async () => {
    const fake = installFakeRuntime({ respond: respond({ layout }), services: ['orders', 'inventory'] });
    const { body, variables } = build();
    stop = activateWithParents(body);
    await flush();
    const services = variables.getByName('services') as QueryVariable;
    services.changeValueTo(['orders', 'we"ird}']);
    (variables.getByName('search') as TextBoxVariable).setValue('"} or vector(1)');
    await flush();
    const last = fake.requests[fake.requests.length - 1];
    const filters = {
      services: ['orders', 'we"ird}'],
      levels: DEFAULT_SETTINGS.errorLevels,
      search: '"} or vector(1)',
    };
    expect(last.uid).toBe('loki-uid');
    expect(last.targets.map((t) => [t.refId, t.expr])).toEqual([
      ['logs', errorLogsQuery(filters)],
      ['volume', errorVolumeQuery(filters)],
    ]);
    expect(last.targets[0].maxLines).toBe(DEFAULT_SETTINGS.maxLines);
    expect(last.toMs - last.fromMs).toBeCloseTo(60 * 60_000, -3);
  });

  it('asks Loki for the lines once when the page opens, after its variables have loaded', async () => {
    const fake = installFakeRuntime({ respond: respond({ layout }), services: ['orders', 'inventory'], delayMs: 5 });
    const { body } = build();
    stop = activateWithParents(body);
    // Two round trips (the counts, then the lines), each delayed.
    await waitFor(() => expect(body.state.rows).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logs = fake.requests.filter((r) => r.targets.some((t) => t.refId === 'logs'));
    expect(logs).toHaveLength(1);
    expect(body.state.rows).toHaveLength(3);
  });

  it('lists the newest errors first with their trace ids, and groups them into signatures', async () => {
    installFakeRuntime({ respond: respond({ layout }), services: ['orders', 'inventory'] });
    const { body } = build();
    stop = activateWithParents(body);
    await flush();
    expect(body.state.rows.map((r) => [r.service, r.traceId])).toEqual([
      ['inventory', ID_B],
      ['orders', undefined],
      ['orders', ID_A],
    ]);
    expect(body.state.signatures.map((s) => [s.fingerprint, s.count, s.traceIdShare])).toEqual([
      ['order ord-<id> not placed: payment declined', 2, 0.5],
      ['stock database lock wait for order ord-<id>', 1, 1],
    ]);
  });

  it('filters the list by a selected signature, and keeps it in the URL', async () => {
    installFakeRuntime({ respond: respond({ layout }), services: ['orders', 'inventory'] });
    const { body } = build();
    stop = activateWithParents(body);
    await flush();
    const fp = fingerprint('order ord-1 not placed: payment declined');
    body.selectSignature(fp);
    expect(body.getUrlState()).toEqual({ signature: fp });
    expect(body.visibleRows().map((r) => r.service)).toEqual(['orders', 'orders']);
    body.updateFromUrl({ signature: undefined });
    expect(body.visibleRows()).toHaveLength(3);
    body.updateFromUrl({ signature: 'no such signature' });
    expect(body.visibleRows()).toHaveLength(0);
  });

  it('opens the selected line: its trace with the log time and service, else its service at that moment', async () => {
    installFakeRuntime({ respond: respond({ layout }), services: ['orders', 'inventory'] });
    const push = jest.spyOn(locationService, 'push').mockImplementation(() => undefined);
    const { body } = build();
    stop = activateWithParents(body);
    await flush();
    body.openSelected();
    expect(push).toHaveBeenLastCalledWith(
      `/a/correlate-investigation-app/trace/${ID_B}?time=${NOW - 1000}&service=inventory&var-loki=loki-uid&var-tempo=tempo-uid&var-metrics=metrics-uid`
    );
    body.select(1);
    body.openSelected();
    const url = new URL(push.mock.calls[1][0] as string, 'http://x');
    expect(url.pathname).toBe('/a/correlate-investigation-app/services/orders');
    expect(Number(url.searchParams.get('from'))).toBe(NOW - 2000 - 15 * 60_000);
    body.select(99);
    expect(body.state.selected).toBe(2);
    push.mockRestore();
  });

  it('says what Loki answered when the query fails, and keeps the page', async () => {
    installFakeRuntime({ respond: respond({ fail: true, layout }), services: ['orders'] });
    const { body } = build();
    stop = activateWithParents(body);
    await flush();
    expect(body.state.error).toContain('parse error');
    expect(body.state.rows).toEqual([]);
  });

  it('says so when the request to Loki fails as a whole (Grafana gives `error`, not `errors`)', async () => {
    installFakeRuntime({ respond: () => new RequestFailed(502, 'Bad Gateway'), services: ['orders'] });
    const { body } = build();
    stop = activateWithParents(body);
    await flush();
    expect(body.state.error).toBe('Bad Gateway');
    expect(body.state.rows).toEqual([]);
  });

  it('asks Loki for the lines first, then the volume, as its query splitting does', async () => {
    const fake = installFakeRuntime({ respond: respond({ layout }), services: ['orders'] });
    const { body, variables } = build();
    stop = activateWithParents(body);
    await flush();
    (variables.getByName('services') as QueryVariable).changeValueTo(['orders']);
    await flush();
    const calls = fake.backendCalls.slice(-2);
    expect(calls.map((c) => c.targets.map((t) => t.refId))).toEqual([['logs'], ['volume']]);
    // The volume query reaches Loki without maxLines; the lines query with it.
    expect(calls[0].targets[0].maxLines).toBe(DEFAULT_SETTINGS.maxLines);
    expect(calls[1].targets[0].maxLines).toBeUndefined();
    expect(body.state.rows).toHaveLength(3);
  });

  it('with no service chosen, counts first, then reads the lines of the services with errors only', async () => {
    const fake = installFakeRuntime({ respond: respond({ layout }), services: ['orders', 'inventory'] });
    const { body } = build();
    stop = activateWithParents(body);
    await flush();
    const calls = fake.backendCalls.slice(-2);
    expect(calls.map((c) => c.targets.map((t) => t.refId))).toEqual([['volume'], ['logs']]);
    // Both services logged errors, as the per-service volume says: the lines are theirs, by name.
    expect(calls[1].targets[0].expr).toBe(
      errorLogsQuery({ services: ['inventory', 'orders'], levels: DEFAULT_SETTINGS.errorLevels })
    );
    expect(body.state.rows).toHaveLength(3);
    // Every erroring service was read: the note says nothing of a choice.
    expect(body.state.coverage).toBeUndefined();
  });

  it('warns about a service Loki does not know', async () => {
    installFakeRuntime({ respond: respond({ layout }), services: ['orders', 'inventory'] });
    const { body, variables } = build();
    stop = activateWithParents(body);
    await flush();
    (variables.getByName('services') as QueryVariable).changeValueTo(['orders', 'no-such-service']);
    await flush();
    expect(body.state.unknownServices).toEqual(['no-such-service']);
  });
});

describe('time range from a link', () => {
  it('puts a reversed range the right way round and ignores a time that is not one', () => {
    const range = new CheckedTimeRange({ from: 'now-1h', to: 'now' });
    range.updateFromUrl({ from: '1764000000000', to: '1763990000000' });
    expect(range.state.value.from.valueOf()).toBe(1763990000000);
    expect(range.state.value.to.valueOf()).toBe(1764000000000);
    range.updateFromUrl({ from: 'banana', to: 'now' });
    expect(range.state.value.from.valueOf()).toBe(1763990000000);
  });
});

describe('ErrorLogList', () => {
  const rows = LINES.map((l, i) => ({
    ...l,
    id: String(i),
    labels: l.labels,
    service: l.labels.service_name,
    level: 'error',
    traceId: i === 2 ? undefined : ID_A,
  }));

  it('moves with j / k and opens with Enter', () => {
    const onSelect = jest.fn();
    const onOpen = jest.fn();
    render(
      <ErrorLogList
        rows={rows}
        selected={1}
        filtered={false}
        empty
        onSelect={onSelect}
        onOpen={onOpen}
        linkOf={() => '/x'}
      />
    );
    const list = screen.getByRole('listbox');
    fireEvent.keyDown(list, { key: 'j' });
    expect(onSelect).toHaveBeenLastCalledWith(2);
    fireEvent.keyDown(list, { key: 'k' });
    expect(onSelect).toHaveBeenLastCalledWith(0);
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(screen.getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
  });

  it('offers the trace where there is a trace id, and says so where there is none', () => {
    render(
      <ErrorLogList
        rows={rows}
        selected={0}
        filtered={false}
        empty
        onSelect={jest.fn()}
        onOpen={jest.fn()}
        linkOf={(r) => (r.traceId ? '/trace' : '/service')}
      />
    );
    expect(screen.getAllByTestId(testIds.errors.traceLink)).toHaveLength(2);
    expect(screen.getByTestId(testIds.errors.serviceLink)).toHaveTextContent('No trace id: orders at this moment');
  });

  it('writes each line’s time in Grafana’s date format and the page’s zone; an unreadable time as a dash', () => {
    const at = Date.UTC(2026, 11, 4, 16, 41, 20, 264);
    render(
      <ErrorLogList
        rows={[
          { ...rows[0], timeMs: at },
          { ...rows[1], id: 'bad', timeMs: NaN },
        ]}
        selected={0}
        filtered={false}
        empty
        onSelect={jest.fn()}
        onOpen={jest.fn()}
        linkOf={() => '/x'}
        timeZone="America/New_York"
      />
    );
    const [first, second] = screen.getAllByTestId(testIds.errors.logRow);
    expect(first.textContent).toMatch(/^2026-12-04 11:41:20orders/);
    expect(second.textContent).toMatch(/^–/);
    expect(screen.queryByText(/Invalid date|T16:41|\.264/)).toBeNull();
  });

  it('explains an empty list', () => {
    render(
      <ErrorLogList
        rows={[]}
        selected={0}
        filtered
        empty
        onSelect={jest.fn()}
        onOpen={jest.fn()}
        linkOf={() => undefined}
      />
    );
    expect(screen.getByTestId(testIds.errors.empty)).toHaveTextContent('No error lines with this signature');
  });
});

describe('SignaturesTable', () => {
  const sig = {
    fingerprint: 'payment declined for order ord-<id>',
    example: 'payment declined for order ord-1043',
    count: 1234,
    firstSeenMs: Date.UTC(2026, 11, 1, 9, 5, 0),
    lastSeenMs: Date.UTC(2026, 11, 4, 16, 41, 20, 264),
    services: ['payments'],
    traceIdShare: 2 / 3,
  };

  it('selects a signature on click and offers to show all again', () => {
    const onSelect = jest.fn();
    render(<SignaturesTable signatures={[sig]} selected={sig.fingerprint} onSelect={onSelect} />);
    fireEvent.click(screen.getByText('payment declined for order ord-<id>'));
    expect(onSelect).toHaveBeenLastCalledWith(sig.fingerprint);
    fireEvent.click(screen.getByTestId(testIds.errors.clearSignature));
    expect(onSelect).toHaveBeenLastCalledWith(undefined);
  });

  it('writes the signature as What changed does, its count apart, and Grafana’s date and percent formats', () => {
    render(<SignaturesTable signatures={[sig]} onSelect={jest.fn()} timeZone="Europe/Berlin" />);
    const table = screen.getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Signature', 'Lines', 'First seen', 'Last seen', 'Services', 'With trace id']);
    const cells = within(screen.getByTestId(testIds.errors.signature))
      .getAllByRole('cell')
      .map((c) => c.textContent);
    // Dates, not a bare 12-hour time: a 7-day range spans days. In the zone the page is in.
    expect(cells).toEqual([
      'payment declined for order ord-<id>',
      '1,234',
      '2026-12-01 10:05:00',
      '2026-12-04 17:41:20',
      'payments',
      '66.7%',
    ]);
    // The newest real message stays one hover away.
    expect(screen.getByRole('button', { name: 'payment declined for order ord-<id>' })).toHaveAttribute(
      'title',
      'Newest: payment declined for order ord-1043'
    );
  });

  it('writes a dash for times it cannot read, never "Invalid date"', () => {
    render(
      <SignaturesTable
        signatures={[{ ...sig, firstSeenMs: Infinity, lastSeenMs: -Infinity }]}
        onSelect={jest.fn()}
        timeZone="utc"
      />
    );
    const cells = within(screen.getByTestId(testIds.errors.signature)).getAllByRole('cell');
    expect(cells[2]).toHaveTextContent('–');
    expect(cells[3]).toHaveTextContent('–');
    expect(screen.queryByText(/Invalid date/)).toBeNull();
  });
});
