/**
 * `npm run bench`, part three: one `j` keypress on the Errors page with a signature selected, in
 * jsdom with React and the real page (ErrorsBody over a fake Loki answering 5,000 hostile lines),
 * beside the page as it was (every row fingerprinted again and every shown row re-rendered on each
 * keypress), measured in the same run. The old page gets 1,000 lines so that it finishes in
 * seconds. Run by Jest for its jsdom and module setup; it prints figures and asserts only
 * behaviour (the selection moved), never a time.
 */
import React, { useState } from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { EmbeddedScene, QueryVariable, SceneFlexItem, SceneFlexLayout, sceneGraph } from '@grafana/scenes';
import { signatureOf } from '../../src/correlation/errorSignature';
import type { LogRow } from '../../src/correlation/logRows';
import { ErrorsBody } from '../../src/pages/errors/ErrorsBody';
import { ERRORS_VARS, errorsVariables } from '../../src/pages/errors/errorsVariables';
import { DEFAULT_SETTINGS } from '../../src/settings/types';
import { CheckedTimeRange } from '../../src/shared/CheckedTimeRange';
import { activateWithParents, flush, installFakeRuntime } from '../../src/test/mocks/grafanaRuntime';
import { lokiFrame } from '../../src/test/mocks/lokiFrame';
import { ErrorLogListNaive } from '../baselines/ErrorLogListNaive';
import { visibleRowsNaive } from '../baselines/errorSignatureNaive';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
/** 2,000 characters of escaped quotes, then the part that varies: one signature for every line. */
const hostileLine = (i: number) => `${'\\"'.repeat(1000)} request ${i}`;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

async function timedKeypresses(list: HTMLElement, times: number, key = 'j'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await act(async () => {
      fireEvent.keyDown(list, { key });
    });
    out.push(performance.now() - t);
  }
  return out;
}

/** The old page's keypress: select() and the render each filtered every row by a fresh fingerprint. */
function OldPage({ rows, signature }: { rows: LogRow[]; signature: string }) {
  const [selected, setSelected] = useState(0);
  const visible = visibleRowsNaive(rows, signature);
  const onSelect = (i: number) => {
    const n = visibleRowsNaive(rows, signature).length;
    setSelected(Math.max(0, Math.min(n - 1, i)));
  };
  return (
    <ErrorLogListNaive
      rows={visible}
      selected={selected}
      filtered
      empty
      onSelect={onSelect}
      onOpen={() => undefined}
      linkOf={(row) => `/a/correlate-investigation-app/trace/x?time=${row.timeMs}`}
    />
  );
}

const print = (line: string) => process.stdout.write(`${line}\n`);

describe('keypress bench', () => {
  it('times j on the Errors page with a signature selected, beside the old page', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => ({
      timeMs: NOW - i,
      line: hostileLine(i),
      labels: { service_name: `svc-${i % 7}`, detected_level: 'error' },
    }));
    installFakeRuntime({
      respond: (req) => req.targets.filter((t) => t.refId === 'logs').map((t) => lokiFrame(lines, t.refId)),
      services: ['svc-0'],
    });
    const body = new ErrorsBody(DEFAULT_SETTINGS);
    const scene = new EmbeddedScene({
      $timeRange: new CheckedTimeRange({ from: 'now-1h', to: 'now' }),
      $variables: errorsVariables(DEFAULT_SETTINGS),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
    });
    // One service chosen: the page asks for its lines in one request (with none chosen it would count
    // the services with the most errors first, which this stand-in does not answer).
    const variable = sceneGraph.lookupVariable(ERRORS_VARS.services, body);
    (variable as QueryVariable).setState({ value: ['svc-0'], text: ['svc-0'] });
    const stop = activateWithParents(body);
    await flush();
    // The page reads lines in slices within its budget (slices.ts): wait until it has settled.
    await waitFor(() => expect(body.state.rows.length).toBeGreaterThan(15), { timeout: 30_000 });
    const read = body.state.rows.length;
    const signature = signatureOf(hostileLine(0)).fingerprint;
    body.selectSignature(signature);
    const t0 = performance.now();
    const view = render(<body.Component model={body} />);
    const firstRender = performance.now() - t0;
    const list = screen.getByRole('listbox');
    // A key the list ignores: what the harness itself costs (event, act).
    const idle = await timedKeypresses(list, 15, 'x');
    const ours = await timedKeypresses(list, 15);
    expect(body.state.selected).toBe(15);
    view.unmount();
    stop();
    expect(scene).toBeDefined();

    const oldRows: LogRow[] = lines.slice(0, 1000).map((l, i) => ({
      timeMs: l.timeMs,
      line: l.line,
      labels: l.labels,
      service: l.labels.service_name,
      id: String(i),
    }));
    render(<OldPage rows={oldRows} signature={signature} />);
    const old = await timedKeypresses(screen.getByRole('listbox'), 3);

    print('');
    print('Errors page, one j keypress with a signature selected (jsdom, React; median)');
    const figure = (what: string, value: string) => print(`${what.padEnd(62)} ${value.padStart(12)}`);
    figure('first render of that page', `${Math.round(firstRender)} ms`);
    figure('a key the list ignores (the harness alone)', `${median(idle).toFixed(1)} ms`);
    print(
      `${`5,000 lines of escaped quotes (${read.toLocaleString('en-US')} read in the page's budget, 500 shown)`.padEnd(62)} ${`${median(ours).toFixed(1)} ms`.padStart(12)}   old page: ${Math.round(median(old)).toLocaleString('en-US')} ms on 1,000 lines`
    );
    print('target: under one frame (16 ms)');
  }, 120_000);
});
