import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render as rtlRender, screen, waitFor } from '@testing-library/react';
import { dateTime, type PanelProps } from '@grafana/data';
import { LINE_SERVICES } from '../../../correlation/topErrorServices';
import { PartialAnswer, type RecordedRequest } from '../../../test/mocks/backendQuery';
import { installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import {
  isMetricExpr,
  LOKI_LIMITS,
  seriesLimitText,
  selectorNarrows,
  withLokiLimits,
  type LimitObservation,
} from '../../../test/mocks/limits/lokiLimits';
import { lokiFrame, lokiMetricFrame } from '../../../test/mocks/lokiFrame';
import { testIds } from '../../../testIds';
import CorrelatedErrorsPanel from '../CorrelatedErrorsPanel';
import type { CorrelatedErrorsOptions } from '../options';
import { panelSampleNote } from '../loadPanel';
import { panelLinesQueries, panelQueries } from '../panelQueries';

const FROM = Date.UTC(2026, 10, 24, 10, 0, 0);
const TO = FROM + 60 * 60_000;
const SERVICES = Array.from({ length: 3000 }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
/** svc-0000 logs the most errors, then fewer and fewer. */
const errorsOf = (s: string) => 3000 - SERVICES.indexOf(s);

function selected(expr: string): string[] {
  const m = /\{service_name(=~|=)"((?:[^"\\]|\\.)*)"\}/.exec(expr);
  if (!m) {
    return [];
  }
  const re = m[1] === '=' ? undefined : new RegExp(`^(?:${m[2].replace(/\\\\/g, '\\')})$`);
  return SERVICES.filter((s) => (re ? re.test(s) : s === m[2]));
}

/** Loki at 3,000 erroring services; `refuse` answers those refIds with Loki's series-limit text. */
function responder(refuse: (refId: string) => boolean = () => false) {
  return (req: RecordedRequest) => {
    const frames = req.targets.flatMap((t) => {
      const expr = String(t.expr);
      const services = selected(expr);
      if (t.refId === 'logs') {
        const lines = services
          .slice(0, 30)
          .map((s, i) => ({ timeMs: TO - 1000 - i, line: `boom in ${s}`, labels: { service_name: s } }));
        return [lokiFrame(lines, t.refId)];
      }
      const top = /^topk\((\d+), /.exec(expr);
      if (top || expr.startsWith('sum by (service_name)')) {
        const ranked = [...services]
          .sort((a, b) => errorsOf(b) - errorsOf(a))
          .slice(0, top ? Number(top[1]) : undefined);
        return ranked.map((s) => lokiMetricFrame(t.refId, { service_name: s }, [[TO, errorsOf(s)]]));
      }
      return [lokiMetricFrame(t.refId, {}, [[TO - 60_000, 3000]])];
    });
    const refused = req.targets.filter((t) => refuse(t.refId));
    return refused.length
      ? new PartialAnswer(
          frames.filter((f) => !refused.some((t) => t.refId === f.refId)),
          Object.fromEntries(refused.map((t) => [t.refId, seriesLimitText(500)]))
        )
      : frames;
  };
}

const render = (ui: React.ReactElement) =>
  rtlRender(<MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{ui}</MemoryRouter>);

function props(options: CorrelatedErrorsOptions): PanelProps<CorrelatedErrorsOptions> {
  const range = { from: dateTime(FROM), to: dateTime(TO), raw: { from: dateTime(FROM), to: dateTime(TO) } };
  return { options, timeRange: range, replaceVariables: (s: string) => s, height: 400, width: 400 } as never;
}

jest.setTimeout(30_000);

describe('Correlated errors panel at 3,000 services, no service chosen', () => {
  it('reads lines only of the 20 services with the most errors, and says its lines are a sample', async () => {
    const seen: LimitObservation[] = [];
    const fake = installFakeRuntime({
      respond: withLokiLimits(responder(), LOKI_LIMITS, (o) => seen.push(o)),
      services: SERVICES,
    });
    render(<CorrelatedErrorsPanel {...props({})} />);
    await waitFor(() => expect(screen.getByTestId(testIds.panel.container)).toBeInTheDocument(), { timeout: 20_000 });
    expect(seen.filter((o) => o.refused)).toEqual([]);
    // No line query over every stream (the panel's old `{service_name=~".+"} | …` fails here).
    const lines = fake.backendCalls.flatMap((c) => c.targets).filter((t) => !isMetricExpr(String(t.expr)));
    expect(lines).toHaveLength(1);
    expect(lines.every((t) => selectorNarrows(String(t.expr)))).toBe(true);
    expect(selected(String(lines[0].expr))).toEqual(SERVICES.slice(0, LINE_SERVICES));
    // Counts per batch of at most 400 services: each shard's answer stays under Loki's 500 series.
    expect(seen.filter((o) => o.query.startsWith('topk(')).every((o) => o.series <= 400)).toBe(true);
    expect(screen.getByTestId(testIds.panel.sample)).toHaveTextContent(
      'Lines: the newest 20 of 3,000 errors, of the 20 services with the most errors.'
    );
  });

  it('reads the lines of the services it counted when a batch is refused, and says so', async () => {
    const fake = installFakeRuntime({ respond: responder((r) => r === 'count0'), services: SERVICES });
    render(<CorrelatedErrorsPanel {...props({})} />);
    await waitFor(() => expect(screen.getByTestId(testIds.panel.container)).toBeInTheDocument(), { timeout: 20_000 });
    const lines = fake.backendCalls.flatMap((c) => c.targets).filter((t) => t.refId === 'logs');
    expect(selected(String(lines[0].expr))[0]).toBe('svc-0400');
    expect(screen.getByTestId(testIds.panel.sample)).toHaveTextContent('Some services could not be counted.');
  });

  it('reads no lines when no count is answered, and says what to do', async () => {
    const fake = installFakeRuntime({ respond: responder((r) => r.startsWith('count')), services: SERVICES });
    render(<CorrelatedErrorsPanel {...props({})} />);
    await waitFor(() =>
      expect(screen.getByTestId(testIds.panel.message)).toHaveTextContent(/Loki could not count errors per service/)
    );
    expect(fake.backendCalls.flatMap((c) => c.targets).filter((t) => t.refId === 'logs')).toEqual([]);
  });

  it('builds no line query over every stream', () => {
    expect(() => panelQueries({ services: [], levels: ['error'], lines: 20, rangeMs: 3_600_000 })).toThrow(
      /No services/
    );
    expect(() => panelLinesQueries({ services: [], levels: ['error'], lines: 20 })).toThrow(/No services/);
  });

  it('says nothing of a sample when the lines are every error', () => {
    expect(panelSampleNote(7, 7)).toBeUndefined();
    expect(panelSampleNote(10, 98_000)).toBe('Lines: the newest 10 of 98,000 errors.');
  });
});
