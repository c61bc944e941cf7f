import React from 'react';
import { render as rtlRender, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { dateTime, type PanelProps } from '@grafana/data';
import { parser as logqlParser } from '@grafana/lezer-logql';
import { installFakeRuntime, type RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { LOKI_LAYOUTS, lokiFrame, lokiMetricFrame, type LokiLayout } from '../../../test/mocks/lokiFrame';
import { testIds } from '../../../testIds';
import CorrelatedErrorsPanel from '../CorrelatedErrorsPanel';
import { normalizeOptions, servicesFromVariable, type CorrelatedErrorsOptions } from '../options';
import { panelContent } from '../panelData';
import { lineLink, signatureLink } from '../panelLinks';
import { panelQueries, stepFor } from '../panelQueries';
import { plugin } from '../module';

// uPlot draws on a canvas, which jsdom lacks; the sparkline's input is checked instead.
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  Sparkline: ({ sparkline }: { sparkline: { y: { values: number[]; state: unknown } } }) => (
    <div
      data-testid="sparkline"
      data-values={sparkline.y.values.join(',')}
      data-state={JSON.stringify(sparkline.y.state)}
    />
  ),
}));

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
// Grafana renders panels inside its router; links need one.
const render = (ui: React.ReactElement) =>
  rtlRender(<MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{ui}</MemoryRouter>);
const FROM = Date.UTC(2026, 10, 24, 10, 0, 0);
const TO = FROM + 60 * 60_000;

const LINES = [
  {
    timeMs: FROM + 1000,
    line: 'payment declined for order ord-1',
    labels: { service_name: 'payments' },
    structuredMetadata: { trace_id: ID },
  },
  { timeMs: FROM + 2000, line: 'payment declined for order ord-2', labels: { service_name: 'payments' } },
];
const trend = (refId: string) =>
  lokiMetricFrame(
    refId,
    {},
    [
      [FROM, 3],
      [FROM + 60_000, 4],
    ],
    { stepMs: 60_000 }
  );

const answerIn = (layout: LokiLayout) => (req: RecordedRequest) =>
  req.targets.map((t) => (t.refId === 'logs' ? lokiFrame(LINES, { refId: 'logs', layout }) : trend('trend')));
const answer = answerIn('legacy');

function props(
  options: CorrelatedErrorsOptions,
  replaceVariables = (s: string) => s
): PanelProps<CorrelatedErrorsOptions> {
  const range = { from: dateTime(FROM), to: dateTime(TO), raw: { from: dateTime(FROM), to: dateTime(TO) } };
  return {
    options,
    timeRange: range,
    replaceVariables,
    height: 400,
    width: 400,
  } as unknown as PanelProps<CorrelatedErrorsOptions>;
}

describe('options', () => {
  it('fills defaults and repairs what a dashboard JSON may hold', () => {
    expect(normalizeOptions(undefined)).toEqual({
      lokiUid: undefined,
      services: [],
      servicesVariable: undefined,
      levels: ['error', 'critical', 'fatal'],
      lines: 20,
      signatures: 5,
    });
    expect(
      normalizeOptions({
        lokiUid: ' x ',
        services: 'a, b,,',
        servicesVariable: '${service}',
        levels: [1, 'error'],
        lines: '500',
        signatures: -3,
      })
    ).toEqual({
      lokiUid: 'x',
      services: ['a', 'b'],
      servicesVariable: 'service',
      levels: ['error'],
      lines: 100,
      signatures: 1,
    });
    expect(normalizeOptions({ servicesVariable: 'bad name!', lines: NaN }).servicesVariable).toBeUndefined();
    expect(normalizeOptions({ lines: NaN }).lines).toBe(20);
  });

  it('reads a dashboard variable’s services, All as every service, an unknown variable as none', () => {
    expect(servicesFromVariable('["a","b"]', 'service')).toEqual(['a', 'b']);
    expect(servicesFromVariable('"a"', 'service')).toEqual(['a']);
    expect(servicesFromVariable('["$__all"]', 'service')).toEqual([]);
    expect(servicesFromVariable('[".*"]', 'service')).toEqual([]);
    expect(servicesFromVariable('${service:json}', 'service')).toBeUndefined();
    expect(servicesFromVariable('{broken', 'service')).toBeUndefined();
  });

  it('the options editor round-trips: every option has an editor with the default the panel uses', () => {
    const builder = (plugin as any).getPanelOptionsSupplier?.() ?? (plugin as any).optionsSupplier;
    const items: Array<{ path: string; defaultValue?: unknown; category?: string[] }> = [];
    builder({
      addCustomEditor: add,
      addTextInput: add,
      addStringArray: add,
      addMultiSelect: add,
      addNumberInput: add,
    } as any);
    function add(this: unknown, item: { path: string; defaultValue?: unknown }) {
      items.push(item);
      return { addCustomEditor: add, addTextInput: add, addStringArray: add, addMultiSelect: add, addNumberInput: add };
    }
    expect(items.map((i) => i.path)).toEqual([
      'lokiUid',
      'servicesVariable',
      'services',
      'levels',
      'lines',
      'signatures',
    ]);
    // Grouped in sections, as Grafana's own panels group their options.
    expect(items.map((i) => [i.path, i.category])).toEqual([
      ['lokiUid', ['Errors to show']],
      ['servicesVariable', ['Errors to show']],
      ['services', ['Errors to show']],
      ['levels', ['Errors to show']],
      ['lines', ['List']],
      ['signatures', ['List']],
    ]);
    const defaults = Object.fromEntries(
      items.filter((i) => i.defaultValue !== undefined).map((i) => [i.path, i.defaultValue])
    );
    expect(normalizeOptions(defaults)).toMatchObject(defaults);
  });
});

describe('queries', () => {
  it('asks for the lines and a per-step count, and both parse as LogQL', () => {
    const { targets, step, stepMs } = panelQueries({
      services: ['we"ird'],
      levels: ['error'],
      lines: 20,
      rangeMs: 60 * 60_000,
    });
    expect(step).toBe('1m');
    expect(stepMs).toBe(60_000);
    expect(targets.map((t) => t.refId)).toEqual(['logs', 'trend']);
    expect(targets[1].expr).toContain('[1m]');
    for (const t of targets) {
      let error = false;
      logqlParser.parse(t.expr).iterate({ enter: (n) => void (n.type.isError && (error = true)) });
      expect(error).toBe(false);
    }
  });

  it('picks a step for any range', () => {
    expect(stepFor(5 * 60_000)).toBe('15s');
    expect(stepFor(7 * 24 * 3600_000)).toBe('3h');
    expect(stepFor(10 * 365 * 24 * 3600_000)).toBe('24h');
    expect(stepFor(-5)).toBe('15s');
  });
});

describe.each(LOKI_LAYOUTS)('content and links (Loki %s layout)', (layout) => {
  const logs = () => lokiFrame(LINES, { refId: 'logs', layout });

  it('reads lines, signatures and the trend from Loki frames', () => {
    const content = panelContent([logs(), trend('trend')]);
    expect(content.rows.map((r) => r.traceId)).toEqual([undefined, ID]);
    expect(content.signatures[0]).toMatchObject({ count: 2, traceIdShare: 0.5 });
    expect(content.total).toBe(7);
  });

  it('links a line to its trace and a signature to the Errors page, with the dashboard’s range', () => {
    const [, withId] = panelContent([logs()]).rows;
    const range = { from: FROM, to: TO };
    expect(lineLink(withId, { range, dataSources: { loki: 'l' } })).toBe(
      `/a/correlate-investigation-app/trace/${ID}?time=${FROM + 1000}&service=payments&traceFrom=${FROM}&traceTo=${TO}&var-loki=l`
    );
    expect(lineLink({ ...withId, traceId: undefined }, { range, dataSources: {} })).toBeUndefined();
    const sig = panelContent([logs()]).signatures[0];
    const url = new URL(signatureLink(sig, { range, services: ['payments'], dataSources: {} }), 'http://g');
    expect(url.pathname).toBe('/a/correlate-investigation-app/errors');
    expect(url.searchParams.get('signature')).toBe('payment declined for order ord-<id>');
    expect(url.searchParams.get('from')).toBe(String(FROM));
  });
});

describe('CorrelatedErrorsPanel', () => {
  it.each(LOKI_LAYOUTS)(
    'renders trend, signatures and lines for the dashboard’s range and the variable’s services (Loki %s layout)',
    async (layout) => {
      const fake = installFakeRuntime({ respond: answerIn(layout) });
      render(
        <CorrelatedErrorsPanel
          {...props({ servicesVariable: 'service' }, (s) => (s === '${service:json}' ? '["payments"]' : s))}
        />
      );
      await waitFor(() => expect(screen.getByTestId(testIds.panel.container)).toBeInTheDocument());
      expect(screen.getByText('7 errors')).toBeInTheDocument();
      expect(screen.getByTestId('sparkline')).toHaveAttribute('data-values', '3,4');
      expect(screen.getByTestId('sparkline')).toHaveAttribute(
        'data-state',
        JSON.stringify({ range: { min: 3, max: 4, delta: 1 } })
      );
      expect(screen.getAllByTestId(testIds.panel.line)).toHaveLength(1);
      // The link is the message only: the time and the service are text of their own beside it.
      expect(screen.getByTestId(testIds.panel.line)).toHaveTextContent(/^payment declined for order ord-1$/);
      const [first, second] = screen.getByTestId(testIds.panel.lines).querySelectorAll('li');
      expect(first.textContent).toMatch(/10:00:02payments/);
      // Every line in the panel's font: the one without a trace id no longer switches to monospace.
      for (const li of [first, second]) {
        expect(getComputedStyle(li).fontFamily).toBe('');
      }
      // The signature as the Errors page and What changed write it, its count in its own cell.
      const signature = screen.getByTestId(testIds.panel.signature);
      expect(signature).toHaveTextContent(/^payment declined for order ord-<id>$/);
      expect(signature.previousElementSibling).toHaveTextContent(/^2$/);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]).toMatchObject({ uid: 'loki-uid', fromMs: FROM, toMs: TO });
      expect(fake.requests[0].targets[0].expr).toContain('service_name="payments"');
    }
  );

  it('writes each line’s time in Grafana’s date format, in the dashboard’s time zone', async () => {
    installFakeRuntime({ respond: answer });
    render(<CorrelatedErrorsPanel {...{ ...props({ services: ['payments'] }), timeZone: 'Asia/Kolkata' }} />);
    await waitFor(() => expect(screen.getByTestId(testIds.panel.container)).toBeInTheDocument());
    // 10:00:02 UTC is 15:30:02 in Kolkata; a date, not a bare time of day.
    const [first] = screen.getByTestId(testIds.panel.lines).querySelectorAll('li');
    expect(first.querySelector('span > span')).toHaveTextContent(/^2026-11-24 15:30:02$/);
    expect(first).toHaveTextContent(/^2026-11-24 15:30:02paymentspayment declined for order ord-2/);
  });

  it('says what to do about an unknown variable, an empty result and a failing Loki', async () => {
    installFakeRuntime({ respond: answer });
    const { unmount } = render(<CorrelatedErrorsPanel {...props({ servicesVariable: 'nope' })} />);
    expect(screen.getByTestId(testIds.panel.message)).toHaveTextContent('This dashboard has no variable "nope"');
    unmount();
    installFakeRuntime({ respond: () => [] });
    const second = render(<CorrelatedErrorsPanel {...props({ services: ['quiet'] })} />);
    await waitFor(() =>
      expect(screen.getByTestId(testIds.panel.empty)).toHaveTextContent('No errors from quiet in this time range.')
    );
    second.unmount();
    installFakeRuntime({ respond: () => new Error('too many outstanding requests') });
    render(<CorrelatedErrorsPanel {...props({})} />);
    await waitFor(() =>
      expect(screen.getByTestId(testIds.panel.message)).toHaveTextContent('too many outstanding requests')
    );
  });

  it('names a Loki data source that does not exist', async () => {
    installFakeRuntime({ respond: answer });
    render(<CorrelatedErrorsPanel {...props({ lokiUid: 'gone' })} />);
    await waitFor(() =>
      expect(screen.getByTestId(testIds.panel.message)).toHaveTextContent('Data source gone was not found')
    );
  });
});
