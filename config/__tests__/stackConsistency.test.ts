import pluginJson from '../../src/plugin.json';
import { dependsOn, exists, filesUnder, hostPort, loadCompose, readText, readYaml, withDefaults } from './stackFiles';

/**
 * No Docker engine runs where these tests run, so the development stack is checked statically:
 * the files parse, refer to each other correctly, and avoid the known configuration mistakes.
 */
const compose = loadCompose();
const services = compose.services;
const PLUGIN_ID = pluginJson.id;

const YAML_FILES = [
  'docker-compose.yaml',
  '.config/docker-compose-base.yaml',
  ...filesUnder('config', ['.yaml', '.yml']),
  ...filesUnder('provisioning', ['.yaml', '.yml']),
];
const JSON_FILES = filesUnder('provisioning', ['.json']);

const datasources: any[] = readYaml('provisioning/datasources/datasources.yaml').datasources;
const dsUids = new Set(datasources.map((d) => d.uid));
const app = readYaml('provisioning/plugins/app.yaml').apps[0];
const collector = readYaml('config/otel-collector.yaml');
const tempo = readYaml('config/tempo.yaml');
const mimir = readYaml('config/mimir.yaml');
const loki = readYaml('config/loki.yaml');

/** Every `datasourceUid` / `datasource.uid` anywhere in a parsed document. */
function referencedUids(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((n) => referencedUids(n, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'datasourceUid' || (k === 'uid' && 'type' in node && node !== null)) && typeof v === 'string') {
        out.push(v);
      } else {
        referencedUids(v, out);
      }
    }
  }
  return out;
}

describe('stack files', () => {
  it.each(YAML_FILES)('%s parses as YAML', (file) => {
    expect(() => readYaml(file)).not.toThrow();
    expect(readYaml(file)).toBeTruthy();
  });

  it.each(JSON_FILES)('%s parses as JSON', (file) => {
    expect(() => JSON.parse(readText(file))).not.toThrow();
  });

  it('finds the files it checks', () => {
    expect(YAML_FILES).toEqual(
      expect.arrayContaining([
        'config/loki.yaml',
        'config/tempo.yaml',
        'config/mimir.yaml',
        'config/otel-collector.yaml',
        'provisioning/alerting/rules.yaml',
      ])
    );
    expect(JSON_FILES).toEqual(['provisioning/dashboards/json/demo-shop.json']);
  });
});

describe('compose', () => {
  it('runs the whole stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'backends-ready',
        'gateway',
        'grafana',
        'inventory',
        'loadgen',
        'loki',
        'mimir',
        'orders',
        'otel-collector',
        'payments',
        'plugin-builder',
        'tempo',
      ].sort()
    );
  });

  it.each(Object.keys(services))('%s uses a pinned image, never latest', (name) => {
    const s = services[name];
    if (s.image?.startsWith('correlate-')) {
      // Built here from a Dockerfile whose base image is pinned (checked below).
      expect(s.build).toBeDefined();
      return;
    }
    const image =
      s.image ??
      `grafana/${withDefaults(s.build && typeof s.build === 'object' ? (s.build.args?.grafana_image ?? '') : '')}:${withDefaults(typeof s.build === 'object' ? (s.build.args?.grafana_version ?? '') : '')}`;
    expect(image).toMatch(/^[a-z0-9./-]+:\d+\.\d+\.\d+[a-z0-9.-]*$/);
    expect(image).not.toMatch(/:latest$/);
  });

  it('builds the demo image from a pinned Node 22 base', () => {
    expect(readText('demo/Dockerfile')).toMatch(/^FROM node:22\.\d+\.\d+-[a-z]+-slim$/m);
    expect(services['plugin-builder'].image).toMatch(/^node:22\.\d+\.\d+/);
  });

  it('runs Grafana at 13.2 by default, overridable by GRAFANA_VERSION', () => {
    const args = (services.grafana.build as { args: Record<string, string> }).args;
    expect(args.grafana_version).toMatch(/^\$\{GRAFANA_VERSION:-13\.2\.\d+\}$/);
  });

  it('publishes the OTLP ports 4317/4318 on the collector only', () => {
    for (const [name, s] of Object.entries(services)) {
      const otlp = (s.ports ?? []).map(hostPort).filter((p) => p === 4317 || p === 4318);
      expect([name, otlp.sort()]).toEqual([name, name === 'otel-collector' ? [4317, 4318] : []]);
    }
  });

  it('publishes no host port twice', () => {
    const ports = Object.values(services).flatMap((s) => (s.ports ?? []).map(hostPort));
    expect(ports.length).toBe(new Set(ports).size);
  });

  it('mounts only files and folders that exist, or that the one-shot plugin build writes', () => {
    // ./dist is the build output: absent on a fresh clone, written by plugin-builder before Grafana starts.
    const built = new Set(['dist']);
    expect(services['plugin-builder'].mounts.some((m) => !m.named && m.source === '.')).toBe(true);
    expect(services.grafana.mounts.some((m) => m.source === 'dist')).toBe(true);
    for (const [name, s] of Object.entries(services)) {
      for (const m of s.mounts.filter((m) => !m.named && !built.has(m.source))) {
        expect([name, m.source, exists(m.source)]).toEqual([name, m.source, true]);
      }
    }
  });

  it('keeps data in named volumes, all of them declared', () => {
    const used = Object.values(services).flatMap((s) => s.mounts.filter((m) => m.named).map((m) => m.source));
    expect(new Set(used)).toEqual(new Set(compose.volumes));
    for (const name of ['grafana', 'loki', 'tempo', 'mimir']) {
      expect(services[name].mounts.some((m) => m.named)).toBe(true);
    }
  });

  it('starts things in order: dependencies exist, health conditions have health checks', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(s))) {
        expect(services[dep]).toBeDefined();
        if (condition === 'service_healthy') {
          expect([name, dep, Boolean(services[dep].healthcheck?.test)]).toEqual([name, dep, true]);
        }
      }
    }
    expect(dependsOn(services.grafana)).toEqual({
      'plugin-builder': 'service_completed_successfully',
      'backends-ready': 'service_completed_successfully',
    });
    expect(services.grafana.healthcheck?.test).toBeDefined();
  });

  it('waits for the readiness endpoint of every backend before Grafana and the demo start', () => {
    const urls = services['backends-ready'].command as string[];
    expect(urls).toEqual([
      `http://loki:${loki.server.http_listen_port}/ready`,
      `http://tempo:${tempo.server.http_listen_port}/ready`,
      `http://mimir:${mimir.server.http_listen_port}/ready`,
      `http://otel-collector:${collector.extensions.health_check.endpoint.split(':')[1]}/`,
    ]);
    for (const demo of ['gateway', 'orders', 'payments', 'inventory']) {
      expect(dependsOn(services[demo])['backends-ready']).toBe('service_completed_successfully');
      expect(services[demo].healthcheck?.test?.join(' ')).toContain('/health');
    }
  });

  it('loads Correlate and its nested panel unsigned, from the built dist/ under the app’s id', () => {
    const g = services.grafana;
    // Grafana checks each plugin's own id, nested ones included, against this list.
    const nested = filesUnder('src/panels', ['plugin.json']).map((f) => JSON.parse(readText(f)).id);
    expect(nested.length).toBeGreaterThan(0);
    expect(g.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS?.split(',')).toEqual([PLUGIN_ID, ...nested]);
    expect(g.mounts).toEqual(
      expect.arrayContaining([
        { source: 'dist', target: `/var/lib/grafana/plugins/${PLUGIN_ID}`, named: false },
        { source: 'provisioning', target: '/etc/grafana/provisioning', named: false },
      ])
    );
    expect(services['plugin-builder'].command).toEqual(['sh', '-c', 'npm ci --no-audit --no-fund && npm run build']);
  });

  it('points the demo services at the collector and Loki as configured', () => {
    const env = services.gateway.environment!;
    expect(env.OTLP_ENDPOINT).toBe(
      `http://otel-collector:${collector.receivers.otlp.protocols.http.endpoint.split(':')[1]}`
    );
    expect(env.LOKI_PUSH_URL).toBe(`http://loki:${loki.server.http_listen_port}/loki/api/v1/push`);
    expect(services.inventory.command).toEqual(['inventory']);
  });
});

describe('component configs', () => {
  it('collector: receivers on every interface, every component defined and used', () => {
    expect(collector.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    const pipelines = Object.values<any>(collector.service.pipelines);
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      const used = new Set(pipelines.flatMap((p) => p[kind] ?? []));
      expect(used).toEqual(new Set(Object.keys(collector[kind])));
    }
    expect(Object.keys(collector.service.pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    expect(collector.exporters['otlp_http/tempo'].endpoint).toBe(
      `http://tempo:${tempo.distributor.receivers.otlp.protocols.http.endpoint.split(':')[1]}`
    );
    expect(collector.exporters['otlp_http/loki'].endpoint).toBe(`http://loki:${loki.server.http_listen_port}/otlp`);
    expect(collector.exporters['otlp_http/mimir'].endpoint).toBe(`http://mimir:${mimir.server.http_listen_port}/otlp`);
  });

  it('tempo: metrics-generator processors switched on, remote write with exemplars, streaming, 0.0.0.0 receivers', () => {
    expect(tempo.stream_over_http_enabled).toBe(true);
    expect(tempo.overrides.defaults.metrics_generator.processors).toEqual(
      expect.arrayContaining(['span-metrics', 'service-graphs'])
    );
    expect(tempo.metrics_generator.storage.remote_write).toEqual([
      { url: `http://mimir:${mimir.server.http_listen_port}/api/v1/push`, send_exemplars: true },
    ]);
    expect(tempo.distributor.receivers.otlp.protocols.grpc.endpoint).toMatch(/^0\.0\.0\.0:/);
    expect(tempo.distributor.receivers.otlp.protocols.http.endpoint).toMatch(/^0\.0\.0\.0:/);
    // Tempo 2.x keys: the image must be on the 2.x line for them.
    expect(services.tempo.image).toMatch(/^grafana\/tempo:2\./);
    expect(tempo.metrics_generator.traces_storage.path).toBeTruthy();
  });

  it('mimir: one replica, filesystem storage, exemplars kept', () => {
    expect(mimir.multitenancy_enabled).toBe(false);
    expect(mimir.ingester.ring.replication_factor).toBe(1);
    expect(mimir.store_gateway.sharding_ring.replication_factor).toBe(1);
    expect(mimir.blocks_storage.backend).toBe('filesystem');
    expect(mimir.ruler_storage.backend).toBe('filesystem');
    expect(mimir.limits.max_global_exemplars_per_user).toBeGreaterThan(0);
    expect(services.mimir.mounts.find((m) => m.named)?.target).toBe('/data');
  });

  it('loki: tsdb schema v13 and structured metadata, needed for OTLP logs', () => {
    expect(loki.schema_config.configs.at(-1)).toMatchObject({ store: 'tsdb', schema: 'v13' });
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
    expect(services.loki.mounts.find((m) => m.named)?.target).toBe(loki.common.path_prefix);
  });
});

describe('provisioning', () => {
  it('gives every data source a fixed uid, one per type Correlate needs', () => {
    expect(datasources.map((d) => [d.type, d.uid])).toEqual([
      ['loki', 'correlate-loki'],
      ['tempo', 'correlate-tempo'],
      ['prometheus', 'correlate-mimir'],
    ]);
    const byType = Object.fromEntries(datasources.map((d) => [d.type, d.url]));
    expect(byType.loki).toBe(`http://loki:${loki.server.http_listen_port}`);
    expect(byType.tempo).toBe(`http://tempo:${tempo.server.http_listen_port}`);
    expect(byType.prometheus).toBe(`http://mimir:${mimir.server.http_listen_port}/prometheus`);
  });

  it('refers only to data source uids that exist', () => {
    const refs = [
      ...referencedUids(datasources),
      app.jsonData.lokiUid,
      app.jsonData.tempoUid,
      app.jsonData.metricsUid,
      ...referencedUids(JSON.parse(readText('provisioning/dashboards/json/demo-shop.json'))),
      ...referencedUids(readYaml('provisioning/alerting/rules.yaml')).filter((u) => u !== '__expr__'),
    ];
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((u) => !dsUids.has(u))).toEqual([]);
  });

  it('enables Correlate, under its plugin id, on the provisioned data sources', () => {
    expect(app.type).toBe(PLUGIN_ID);
    expect(app.disabled).toBe(false);
    expect(app.jsonData).toMatchObject({
      lokiUid: 'correlate-loki',
      tempoUid: 'correlate-tempo',
      metricsUid: 'correlate-mimir',
    });
  });

  it('links Loki lines to traces by trace_id metadata and by the JSON traceId', () => {
    const derived = datasources[0].jsonData.derivedFields;
    expect(derived).toEqual([
      expect.objectContaining({ matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: 'correlate-tempo' }),
      expect.objectContaining({ matcherType: 'regex', datasourceUid: 'correlate-tempo' }),
    ]);
    const line = '{"ts":"2026-11-24T10:00:00Z","level":"error","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}';
    expect(new RegExp(derived[1].matcherRegex).exec(line)?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('links traces to logs by trace id, to metrics, to the service map; exemplars for traceID and trace_id', () => {
    const t = datasources[1].jsonData;
    expect(t.tracesToLogsV2.query).toContain('| trace_id="$${__trace.traceId}"');
    expect(t.tracesToMetrics.datasourceUid).toBe('correlate-mimir');
    expect(t.serviceMap.datasourceUid).toBe('correlate-mimir');
    expect(t.nodeGraph.enabled).toBe(true);
    expect(t.streamingEnabled).toEqual({ search: true, metrics: true });
    expect(datasources[2].jsonData.exemplarTraceIdDestinations.map((e: any) => e.name)).toEqual([
      'traceID',
      'trace_id',
    ]);
  });

  it.each(filesUnder('provisioning', ['.yaml']))(
    '%s writes every literal $ as $$ (Grafana expands environment variables)',
    (file) => {
      // A lone $ followed by { or a name would be replaced by an environment variable (empty).
      const lone = readText(file)
        .split('\n')
        .filter((l) => !l.trim().startsWith('#'))
        .flatMap((l) => [...l.matchAll(/(^|[^$])\$(?!\$)[{A-Za-z_]/g)].map(() => l.trim()));
      expect(lone).toEqual([]);
    }
  );

  it('alerts on the span-metrics error fraction and links to the matching Correlate pages', () => {
    const rule = readYaml('provisioning/alerting/rules.yaml').groups[0].rules[0];
    expect(rule.title).toBe('High Error Rate');
    expect(rule.data[0].model.expr).toContain('traces_spanmetrics_calls_total');
    expect(rule.data[0].model.expr).toContain('status_code="STATUS_CODE_ERROR"');
    expect(rule.annotations.correlate_url).toMatch(
      new RegExp(`^/a/${PLUGIN_ID}/services/\\{\\{ \\.Labels\\.service \\| urlquery \\}\\}`)
    );
    expect(rule.annotations.correlate_errors_url).toContain(`/a/${PLUGIN_ID}/errors?var-services=`);
    expect(readYaml('provisioning/alerting/rules.yaml').groups[0].folder).toBe(
      readYaml('provisioning/dashboards/dashboards.yaml').providers[0].folder
    );
  });

  it('provides the demo dashboard from the folder its provider reads', () => {
    const provider = readYaml('provisioning/dashboards/dashboards.yaml').providers[0];
    const mount = services.grafana.mounts.find((m) => m.target === '/etc/grafana/provisioning')!;
    expect(provider.options.path.startsWith(mount.target)).toBe(true);
    expect(exists(provider.options.path.replace(mount.target, mount.source))).toBe(true);
    const dashboard = JSON.parse(readText('provisioning/dashboards/json/demo-shop.json'));
    expect(dashboard.links[0].url).toBe(`/a/${PLUGIN_ID}/errors`);
    expect(dashboard.panels.map((p: any) => p.title)).toEqual([
      'Requests per second',
      'Error fraction',
      'p95 latency',
      'Correlated errors',
      'Error logs',
    ]);
  });

  it('embeds the Correlated errors panel, wired to a data source and a variable that exist', () => {
    const dashboard = JSON.parse(readText('provisioning/dashboards/json/demo-shop.json'));
    const panelId = JSON.parse(readText('src/panels/correlatedErrors/plugin.json')).id;
    const panel = dashboard.panels.find((p: any) => p.type === panelId);
    expect(panel?.title).toBe('Correlated errors');
    expect(dsUids.has(panel.options.lokiUid)).toBe(true);
    expect(dashboard.templating.list.map((v: any) => v.name)).toContain(panel.options.servicesVariable);
  });
});
