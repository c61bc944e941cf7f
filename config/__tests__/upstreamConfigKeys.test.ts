import { loadCompose, readYaml } from './stackFiles';

/**
 * Every key the stack's Tempo and Loki configs set was read in the upstream source of the pinned
 * release; the paths below record which. A new key, or a new image tag, fails here until it has
 * been read at that tag and added with its source.
 *
 * Not covered: Mimir (its repository is too large to fetch here; mimir.yaml's keys are unchanged
 * since 2.17.4, and 2.17.5–2.17.11 list only bug and CVE fixes in Mimir's CHANGELOG) and the
 * collector (still 0.159.0, whose manifest in opentelemetry-collector-releases v0.159.0 lists the
 * otlp receiver, batch and memory_limiter processors, otlphttp exporter and health_check extension).
 */

interface Verified {
  image: string;
  /** The release whose source was read. */
  readAt: string;
  /** Where the keys were read. */
  source: string;
  keys: string[];
}

const TEMPO: Verified = {
  image: 'grafana/tempo:2.10.8',
  readAt: 'grafana/tempo v2.10.8',
  source:
    'grafana/tempo v2.10.8: docs/sources/tempo/configuration/manifest.md (identical to v2.10.7), ' +
    'cmd/tempo/app/config.go (stream_over_http_enabled), modules/distributor/config.go (receivers, ' +
    'an OpenTelemetry receiver map), modules/generator/registry/config.go (external_labels), ' +
    'modules/generator/storage/config.go and vendored prometheus config.go (remote_write, send_exemplars), ' +
    'modules/overrides/config.go (metrics_generator.processors)',
  keys: [
    'stream_over_http_enabled',
    'server.http_listen_port',
    'server.grpc_listen_port',
    'server.log_level',
    'distributor.receivers.otlp.protocols.grpc.endpoint',
    'distributor.receivers.otlp.protocols.http.endpoint',
    'ingester.max_block_duration',
    'compactor.compaction.block_retention',
    'metrics_generator.registry.external_labels.source',
    'metrics_generator.storage.path',
    'metrics_generator.storage.remote_write[].url',
    'metrics_generator.storage.remote_write[].send_exemplars',
    'metrics_generator.traces_storage.path',
    'metrics_generator.processor.span_metrics.dimensions',
    'metrics_generator.processor.service_graphs.dimensions',
    'storage.trace.backend',
    'storage.trace.wal.path',
    'storage.trace.local.path',
    'overrides.defaults.metrics_generator.processors',
    'usage_report.reporting_enabled',
  ],
};

const LOKI: Verified = {
  image: 'grafana/loki:3.7.8',
  readAt: 'grafana/loki v3.7.6 and the 3.7.7 release commit',
  source:
    'grafana/loki v3.7.6 and the 3.7.7 release commit (no change to pkg/validation, pkg/distributor, ' +
    'pkg/loki or the configuration reference between them): pkg/loki/loki.go, pkg/loki/common/common.go, ' +
    'pkg/util/ring/ring_config.go, pkg/storage/config/schema_config.go, pkg/validation/limits.go ' +
    '(discover_generic_fields: FieldDetectorConfig{fields: map of name to hints}), pkg/compactor/config.go, ' +
    'pkg/pattern/ingester.go, pkg/analytics/reporter.go, vendored dskit server.go. ' +
    'v3.7.8 exists (a file of grafana/loki served at ref v3.7.8) but its source was not read here.',
  keys: [
    'auth_enabled',
    'server.http_listen_port',
    'server.grpc_listen_port',
    'server.log_level',
    'common.instance_addr',
    'common.path_prefix',
    'common.replication_factor',
    'common.ring.kvstore.store',
    'common.storage.filesystem.chunks_directory',
    'common.storage.filesystem.rules_directory',
    'schema_config.configs[].from',
    'schema_config.configs[].store',
    'schema_config.configs[].object_store',
    'schema_config.configs[].schema',
    'schema_config.configs[].index.prefix',
    'schema_config.configs[].index.period',
    'limits_config.allow_structured_metadata',
    'limits_config.discover_log_levels',
    'limits_config.discover_generic_fields.fields.trace_id',
    'limits_config.volume_enabled',
    'limits_config.retention_period',
    'compactor.working_directory',
    'compactor.retention_enabled',
    'compactor.delete_request_store',
    'pattern_ingester.enabled',
    'analytics.reporting_enabled',
  ],
};

/** Paths of every leaf; `[]` for a list of maps, lists of scalars are leaves. */
function leafPaths(node: unknown, prefix = ''): string[] {
  if (Array.isArray(node)) {
    return node.some((n) => n && typeof n === 'object') ? node.flatMap((n) => leafPaths(n, `${prefix}[]`)) : [prefix];
  }
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

describe.each([
  ['tempo', 'config/tempo.yaml', TEMPO],
  ['loki', 'config/loki.yaml', LOKI],
])('%s config keys', (service, file, verified) => {
  it(`runs the image whose source was read (${verified.image})`, () => {
    expect(loadCompose().services[service].image).toBe(verified.image);
    expect(verified.source.length).toBeGreaterThan(0);
  });

  it(`sets only keys read in ${verified.readAt}`, () => {
    const used = [...new Set(leafPaths(readYaml(file)))];
    expect(used.filter((k) => !verified.keys.includes(k))).toEqual([]);
    expect(verified.keys.filter((k) => !used.includes(k))).toEqual([]);
  });
});
