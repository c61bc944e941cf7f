import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import * as signatures from '../../../correlation/errorSignature';
import type { LogRow } from '../../../correlation/logRows';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import { CheckedTimeRange } from '../../../shared/CheckedTimeRange';
import { MAX_LINE_SHOWN } from '../../../shared/displayText';
import { activateWithParents, flush, installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import { lokiFrame } from '../../../test/mocks/lokiFrame';
import { testIds } from '../../../testIds';
import { ErrorLogList } from '../ErrorLogList';
import { ErrorsBody } from '../ErrorsBody';
import { errorsVariables } from '../errorsVariables';

// The page's calls into the signature module are counted; what they compute is unchanged.
jest.mock('../../../correlation/errorSignature', () => {
  const actual = jest.requireActual('../../../correlation/errorSignature');
  return { ...actual, signatureOf: jest.fn(actual.signatureOf), messageOf: jest.fn(actual.messageOf) };
});

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
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
      respond: (req) => req.targets.filter((t) => t.refId === 'logs').map((t) => lokiFrame(lines, t.refId)),
      services: ['svc'],
    });
    const body = new ErrorsBody(DEFAULT_SETTINGS);
    new EmbeddedScene({
      $timeRange: new CheckedTimeRange({ from: 'now-1h', to: 'now' }),
      $variables: errorsVariables(DEFAULT_SETTINGS),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
    });
    stop = activateWithParents(body);
    await flush();
    // Once per line of each answer the page reads (it asks again as its variables settle).
    const onArrival = (signatures.signatureOf as jest.Mock).mock.calls.length;
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(onArrival % 300).toBe(0);
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
    expect(screen.getAllByTestId(testIds.errors.logRow)).toHaveLength(500);
    // Every row shows at most MAX_LINE_SHOWN characters of its line.
    expect(document.body.textContent!.length).toBeLessThan(500 * (MAX_LINE_SHOWN + 200));
    const buttons = screen.getAllByRole('button', { name: 'Show the full line' });
    expect(buttons).toHaveLength(500);
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
