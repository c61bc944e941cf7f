import { readYaml } from './stackFiles';

/**
 * What changed asks Loki for patterns and Tempo for TraceQL metrics; the development stack must
 * offer both, or the demo only ever shows the fallbacks. Keys read at the pinned releases: Loki
 * v3.7.6 pkg/pattern/ingester.go (Config.Enabled, `pattern_ingester.enabled`; without it the querier
 * answers the patterns API with 404, pkg/querier/querier.go Patterns) and Tempo v2.10.8
 * modules/generator (the `local-blocks` processor, which needs `traces_storage`: "local blocks
 * processor requires traces wal", processor/localblocks/processor.go; a generator without it answers
 * metrics queries with "localblocks processor not found", instance.go).
 */
describe('the development stack for What changed', () => {
  it('runs Loki’s pattern ingester', () => {
    expect(readYaml('config/loki.yaml').pattern_ingester?.enabled).toBe(true);
  });

  it('runs Tempo’s local-blocks processor, with the traces WAL it needs', () => {
    const tempo = readYaml('config/tempo.yaml');
    expect(tempo.overrides.defaults.metrics_generator.processors).toContain('local-blocks');
    expect(tempo.metrics_generator.traces_storage.path).toEqual(expect.any(String));
    // Grafana streams TraceQL metrics over the same HTTP streaming as search.
    expect(tempo.stream_over_http_enabled).toBe(true);
  });

  it('lets Grafana stream TraceQL metrics from the provisioned Tempo data source', () => {
    const tempo = readYaml('provisioning/datasources/datasources.yaml').datasources.find(
      (d: { type: string }) => d.type === 'tempo'
    );
    expect(tempo.jsonData.streamingEnabled).toEqual({ search: true, metrics: true });
  });
});
