import { SERVICE_BATCH } from '../../queries/logql';
import { dataSourceLink, result, couldNotCheck } from './checks';
import { count, group, nameList, percent, plural, shortName } from './format';
import type { LabelledValue } from './responses';
import type { CheckResult, CheckState, DetailRow, Fetched } from './types';

/** What Loki answered in the first wave (see runner.ts). */
export interface LokiCounts {
  /** Error lines per service, the services with the most (topk). */
  topErrorServices: LabelledValue[];
  /** Services with at least one error line, and error lines in all (one series each, absent when none). */
  errorServices: number;
  errorLines: number;
  /** Lines per `detected_level`; the series without the label counts lines without it. */
  levels: LabelledValue[];
  /** The window the level counts cover (the newest part of the range: they read every line). */
  levelWindowMs?: number;
}

export interface LokiCheckInput {
  counts: Fetched<LokiCounts>;
  /** `service_name` values in the window (label API). */
  services: Fetched<string[]>;
  /** Label names in the window (label API). */
  labelNames: Fetched<string[]>;
  errorLevels: string[];
  lokiUid?: string;
}

/** Levels Loki writes itself (pkg/util/constants/levels.go, v3.7); anything else came as it was logged. */
const LOKI_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'critical', 'unknown']);
const LOOKS_LIKE_ERROR =
  /^(e|err|eror|error|errors|crit|critical|fatal|ftl|severe|panic|alert|emerg|emergency|exception|fail|failure)$/i;

export function errorCountsByService(counts: LokiCounts): Array<{ service: string; lines: number }> {
  return counts.topErrorServices
    .map((s) => ({ service: s.labels.service_name ?? '', lines: s.value }))
    .filter((s) => s.service !== '')
    .sort((a, b) => b.lines - a.lines || a.service.localeCompare(b.service));
}

function levelRows(levels: LabelledValue[]): { rows: DetailRow[]; total: number; without: number } {
  const total = levels.reduce((a, l) => a + l.value, 0);
  const without = levels.filter((l) => !l.labels.detected_level).reduce((a, l) => a + l.value, 0);
  const rows = [...levels]
    .sort((a, b) => b.value - a.value)
    .map((l) => ({
      name: l.labels.detected_level ?? '(no detected_level)',
      figure: `${plural(l.value, 'line')} (${percent(l.value, total)})`,
    }));
  return { rows, total, without };
}

/** The window the level counts cover, in words: they read every line, so the runner keeps it short. */
function levelWindow(counts: LokiCounts): string {
  const ms = counts.levelWindowMs;
  if (!ms) {
    return 'this window';
  }
  return `the last ${ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`}`;
}

/** Loki reachable, with `service_name`; error lines per service; which levels exist, `detected_level` at all. */
export function lokiCheck(input: LokiCheckInput): CheckResult {
  const links = dataSourceLink(input.lokiUid, 'Loki');
  const { counts, services, labelNames } = input;
  if (!counts.ok && !services.ok) {
    return couldNotCheck('loki', 'Loki did not answer', counts.error, links);
  }
  const serviceCount = services.ok ? services.value.length : undefined;
  const errorRows = counts.ok ? errorCountsByService(counts.value) : [];
  const details = [];
  if (counts.ok) {
    details.push(
      group(
        'Error lines per service (most first)',
        errorRows.map((r) => ({ name: r.service, figure: plural(r.lines, 'error line') })),
        Math.max(counts.value.errorServices, errorRows.length)
      )
    );
  }
  const levels = counts.ok ? levelRows(counts.value.levels) : undefined;
  if (levels) {
    details.push(
      group(`Lines per detected_level (${counts.ok ? levelWindow(counts.value) : 'this window'})`, levels.rows)
    );
  }
  const figure = [
    serviceCount === undefined ? undefined : `${plural(serviceCount, 'service')} with logs`,
    counts.ok
      ? `${plural(counts.value.errorLines, 'error line')} from ${plural(counts.value.errorServices, 'service')}`
      : undefined,
  ]
    .filter(Boolean)
    .join('; ');

  if (services.ok && services.value.length === 0) {
    const others = labelNames.ok ? labelNames.value.filter((n) => n !== '__name__') : [];
    if (others.length > 0) {
      return result('loki', {
        state: 'broken',
        figure: `No service_name; labels in this window: ${nameList(others, 6)}`,
        cause:
          'Loki has logs in this window, but none carries a `service_name` label, which every Correlate query selects on.',
        fix: 'Send logs over OTLP with the `service.name` resource attribute (Loki stores it as `service_name`), or set a `service_name` label in your log shipper (Alloy, Promtail), or list your label under Loki’s `limits_config.discover_service_name`.',
        links,
        details,
      });
    }
    return result('loki', {
      state: 'broken',
      figure: 'No logs in this window',
      cause: 'Loki has no log lines in this window, so there is nothing to correlate.',
      fix: 'Check that logs reach Loki (the collector’s logs pipeline and its Loki or OTLP exporter, or your shipper), or widen the time range.',
      links,
      details,
    });
  }
  if (!counts.ok && /maximum number of series \(\d+\)/.test(counts.error)) {
    // Correlate counts per service in batches of SERVICE_BATCH.maxServices, under Loki's default of 500.
    return result('loki', {
      state: 'unknown',
      figure: 'Could not count error lines per service',
      cause: `Loki refused the count: ${counts.error}`,
      fix: `Correlate asks for at most ${SERVICE_BATCH.maxServices} services at a time; this Loki allows fewer. Raise \`limits_config.max_query_series\` (default 500) to at least ${SERVICE_BATCH.maxServices} for this tenant.`,
      links,
      details,
    });
  }
  if (!counts.ok) {
    return couldNotCheck('loki', 'Loki could not count error lines', counts.error, links);
  }
  let state: CheckState = 'ok';
  let cause: string | undefined;
  let fix: string | undefined;
  const { total, without } = levels!;
  const withLevel = counts.value.levels.filter((l) => l.labels.detected_level);
  const configured = new Set(input.errorLevels.map((l) => l.toLowerCase()));
  const errorLike = withLevel
    .map((l) => l.labels.detected_level!)
    .filter((l) => !configured.has(l.toLowerCase()) && !LOKI_LEVELS.has(l) && LOOKS_LIKE_ERROR.test(l.trim()));
  const unknownLines = withLevel.filter((l) => l.labels.detected_level === 'unknown').reduce((a, l) => a + l.value, 0);
  if (total > 0 && without === total) {
    state = 'broken';
    cause = `None of the ${count(total)} lines in ${levelWindow(counts.value)} has \`detected_level\`, so Correlate’s error queries find nothing.`;
    fix =
      'Loki adds `detected_level` at ingestion when `limits_config.discover_log_levels` is on (the default) and `allow_structured_metadata` is on: turn both on. Lines ingested before that keep no level.';
  } else if (errorLike.length > 0) {
    state = 'degraded';
    cause = `Levels ${nameList(errorLike)} look like errors, but Correlate counts only ${nameList(input.errorLevels)}.`;
    fix = `Add ${nameList(errorLike)} to Error levels in Correlate’s configuration, or log the standard level names.`;
  } else if (total > 0 && without / total > 0.2) {
    state = 'degraded';
    cause = `${percent(without, total)} of the lines (${count(without)}) have no \`detected_level\`; their errors are not counted.`;
    fix =
      'Those lines were ingested without level discovery (`limits_config.discover_log_levels`), or by a tenant with it off: turn it on for every tenant.';
  } else if (total > 0 && unknownLines / total > 0.5) {
    state = 'degraded';
    cause = `Loki could not tell the level of ${percent(unknownLines, total)} of the lines (\`detected_level="unknown"\`); errors among them are not counted.`;
    fix =
      'Log a level Loki reads: a `level` field in JSON or logfmt, a `level` label, or the OpenTelemetry severity number.';
  } else if (counts.value.errorLines === 0) {
    // No error in the window is fine; say so rather than leave the list empty.
    return result('loki', {
      state: 'ok',
      figure: `${figure}. No error lines in this window (levels: ${nameList(
        withLevel.map((l) => shortName(l.labels.detected_level!)),
        5
      )})`,
      links,
      details,
    });
  }
  return result('loki', { state, figure, cause, fix, links, details });
}
