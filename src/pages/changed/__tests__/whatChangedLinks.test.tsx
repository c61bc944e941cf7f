import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, sceneGraph, type SceneObject } from '@grafana/scenes';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import { activateWithParents, installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import { checkoutTrace } from '../../../test/mocks/tempoFrame';
import { testIds } from '../../../testIds';
import { errorsPage } from '../../errors/errorsPage';
import { serviceDetailScene } from '../../services/servicesPage';
import { TraceInvestigation } from '../../trace/TraceInvestigation';
import { WhatChangedLinkItem } from '../WhatChangedLink';
import { readChangedParams } from '../changedParams';

/** What changed opens from the trace investigation, the service detail and the Errors page. */

const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);

const inRouter = (node: React.ReactNode) =>
  render(<MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{node}</MemoryRouter>);

function linkParams() {
  const href = screen.getByTestId(testIds.changed.link).getAttribute('href')!;
  expect(href.startsWith('/a/correlate-investigation-app/changed?')).toBe(true);
  const search = new URLSearchParams(href.split('?')[1]);
  return { search, params: readChangedParams(search) };
}

const linkItem = (scene: SceneObject) =>
  sceneGraph.findObject(scene, (o) => o instanceof WhatChangedLinkItem) as WhatChangedLinkItem;

describe('links to What changed', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('from a service’s detail: that service and the page’s range, with its data sources', () => {
    installFakeRuntime({ respond: () => [] });
    const scene = serviceDetailScene('payments', SETTINGS, () => ({ from: String(T0), to: String(T0 + 3_600_000) }));
    const item = linkItem(scene);
    stop = activateWithParents(item);
    inRouter(<item.Component model={item} />);
    const { search, params } = linkParams();
    expect(params.services).toEqual(['payments']);
    expect([search.get('from'), search.get('to')]).toEqual([String(T0), String(T0 + 3_600_000)]);
    expect(search.get('var-metrics')).toBe('metrics-uid');
  });

  it('from the Errors page: the services selected there', () => {
    installFakeRuntime({ respond: () => [], services: ['orders', 'payments'] });
    const scene = errorsPage(SETTINGS, () => ({})).state.getScene!({ url: '', path: '', isExact: true, params: {} });
    const services = sceneGraph.lookupVariable('services', scene)!;
    (services as any).changeValueTo(['orders', 'payments']);
    const item = linkItem(scene);
    stop = activateWithParents(item);
    inRouter(<item.Component model={item} />);
    expect(linkParams().params.services).toEqual(['orders', 'payments']);
  });

  it('from the trace investigation: the trace’s services and window, and the trace for the summary', async () => {
    installFakeRuntime({ respond: () => [checkoutTrace(TRACE_ID, T0)] });
    const investigation = new TraceInvestigation({ traceId: TRACE_ID, timeHintMs: T0, settings: SETTINGS });
    new EmbeddedScene({
      $variables: dataSourceVariablesSet(SETTINGS),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: investigation })] }),
    });
    stop = activateWithParents(investigation);
    await new Promise((r) => setTimeout(r, 0));
    inRouter(<investigation.Component model={investigation} />);
    const { search, params } = linkParams();
    expect(params.traceId).toBe(TRACE_ID);
    expect([...params.services].sort()).toEqual(investigation.state.summary!.services.slice().sort());
    expect(Number(search.get('from'))).toBe(investigation.state.window!.fromMs);
    expect(Number(search.get('to'))).toBe(investigation.state.window!.toMs);
  });
});
