/*
 * Test only: an app whose page renders one of Correlate's exposed components, as another plugin
 * would, with the props given in its URL. Used by tests/embeds.spec.ts in a running Grafana and by
 * browser/tests/components/embedHost.spec.ts in the harness. Plain AMD, loaded by Grafana's SystemJS
 * without a build: React, @grafana/data and @grafana/runtime are Grafana's own.
 *
 *   /a/correlate-embedtest-app?component=trace&traceId=<hex>&timeMs=<epoch ms>&service=<name>
 *   /a/correlate-embedtest-app?component=red&service=<name>&from=now-1h&to=now
 *   /a/correlate-embedtest-app?component=health&from=now-30m&to=now[&compact=false]
 *
 * For the health component the page also shows what its `onReport` callback received.
 */
define(['react', '@grafana/data', '@grafana/runtime'], function (React, data, runtime) {
  'use strict';
  const h = React.createElement;
  const IDS = {
    trace: 'correlate-investigation-app/trace-investigation/v1',
    red: 'correlate-investigation-app/service-red/v1',
    health: 'correlate-investigation-app/health/v1',
  };

  function propsFrom(query) {
    const props = {};
    ['traceId', 'service', 'from', 'to'].forEach(function (key) {
      if (query.has(key)) {
        props[key] = query.get(key);
      }
    });
    if (query.has('timeMs')) {
      props.timeMs = Number(query.get('timeMs'));
    }
    if (query.has('compact')) {
      props.compact = query.get('compact') !== 'false';
    }
    return props;
  }

  function Embedded(p) {
    const result = runtime.usePluginComponent(p.id);
    if (result.isLoading) {
      return h('p', null, 'Loading ' + p.id);
    }
    if (!result.component) {
      return h('p', { 'data-testid': 'data-testid embed-host-missing' }, 'Grafana gives no component ' + p.id);
    }
    return h(result.component, p.props);
  }

  // The page follows its URL: Grafana's history (v4) calls a listener on every navigation.
  function useSearch() {
    const state = React.useState(runtime.locationService.getLocation().search);
    const setSearch = state[1];
    React.useEffect(
      function () {
        return runtime.locationService.getHistory().listen(function (location) {
          setSearch(location.search);
        });
      },
      [setSearch]
    );
    return state[0];
  }

  function Root() {
    const query = new URLSearchParams(useSearch());
    const which = IDS[query.get('component')] ? query.get('component') : 'trace';
    const reported = React.useState(null);
    const report = reported[0];
    const setReport = reported[1];
    const props = propsFrom(query);
    if (which === 'health') {
      // A state setter keeps its identity, so the component sees the same callback on every render.
      props.onReport = setReport;
    }
    return h(
      'div',
      { 'data-testid': 'data-testid embed-host' },
      h('h2', null, 'Embedded: ' + IDS[which]),
      h(Embedded, { id: IDS[which], props: props }),
      report &&
        h(
          'output',
          { 'data-testid': 'data-testid embed-host-report' },
          'onReport: ' + report.checks.length + ' checks, complete: ' + report.complete
        )
    );
  }

  return { plugin: new data.AppPlugin().setRootPage(Root) };
});
