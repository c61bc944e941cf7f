// A fleet of span-metric services at production scale behind a Prometheus double: answers the shapes of
// Correlate's RED queries (per service, topk-ranked, counted, searched) as a Prometheus holding Tempo's
// span metrics would (series labelled by `service`, one point for an instant query), and counts the
// stored series a selector matches for the Mimir double. Tempo's defaults for the series per service:
// 15 latency buckets (grafana/tempo v2.10.8 modules/generator/processor/spanmetrics/config.go, the
// default histogram buckets), one series per span name, kind and status code.
import type { RecordedRequest, Responder } from './backendQuery';
import { matches, selectorsOf, type Matcher, type SeriesStore } from './limits/mimirLimits';
import { promQueryFrames } from './promFrame';

export interface FleetService {
  name: string;
  rate: number;
  errorFraction: number;
  p95: number;
}

/** `n` services named svc-0000…; one in ten fails (more for higher numbers), rates vary. Deterministic. */
export function scaleFleet(n: number): FleetService[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `svc-${String(i).padStart(4, '0')}`,
    rate: 1 + ((i * 37) % 200),
    errorFraction: i % 10 === 3 ? ((i % 7) + 1) / 100 : 0,
    p95: 0.05 + (i % 13) / 20,
  }));
}

/** The service set a query's service matchers select (every matcher on the label must hold). */
function servicesOf(expr: string, fleet: FleetService[], label: string): FleetService[] {
  const matchers = selectorsOf(expr, 3_600_000)
    .flatMap((s) => s.matchers)
    .filter((m) => m.name === label);
  const unique = matchers.filter((m, i) => matchers.findIndex((x) => x.op === m.op && x.value === m.value) === i);
  return fleet.filter((s) => unique.every((m) => matches(m, s.name)));
}

const failedPerS = (s: FleetService) => s.rate * s.errorFraction;

/** Prometheus' answer to Correlate's RED and overview queries over `fleet`. */
export function fleetResponder(fleet: FleetService[], label = 'service'): Responder {
  return (req: RecordedRequest) =>
    req.targets.flatMap((t) => {
      const expr = String(t.expr ?? '');
      let services = servicesOf(expr, fleet, label);
      const figure = expr.startsWith('histogram_quantile')
        ? (s: FleetService) => s.p95
        : expr.startsWith('(') // the error fraction, `(failed or total * 0) / total`
          ? (s: FleetService) => s.errorFraction
          : (s: FleetService) => s.rate;
      const instant = Boolean(t.instant);
      const steps = instant
        ? [req.toMs]
        : Array.from({ length: 61 }, (_, i) => req.fromMs + (i * (req.toMs - req.fromMs)) / 60);
      if (expr.startsWith('count(')) {
        return promQueryFrames(
          t as never,
          services.length ? [{ labels: {}, points: [[req.toMs, services.length]] }] : []
        );
      }
      const top = /topk\((\d+),/.exec(expr);
      if (top) {
        services = [...services]
          .sort((a, b) => failedPerS(b) - failedPerS(a) || b.rate - a.rate)
          .slice(0, Number(top[1]));
      }
      return promQueryFrames(
        t as never,
        services.map((s) => ({
          labels: { [label]: s.name },
          points: steps.map((at): [number, number] => [at, figure(s)]),
        })),
        instant ? undefined : (req.toMs - req.fromMs) / 60
      );
    });
}

/**
 * The stored series of the fleet: per service, `operations` server span names and one client span
 * name, each with UNSET and ERROR status; `buckets` latency buckets for each (3,000 services give the
 * review's 720k server bucket series).
 */
export function fleetStore(
  fleet: FleetService[],
  opts: { operations?: number; buckets?: number; scrapeIntervalMs?: number; label?: string } = {}
): SeriesStore {
  const operations = opts.operations ?? 8;
  const buckets = opts.buckets ?? 15;
  const label = opts.label ?? 'service';
  // Every service's series look alike (over a day, each has failed at least once): counted once per selector.
  const seriesOf = (metric: string): Array<Record<string, string>> => {
    const out: Array<Record<string, string>> = [];
    for (let op = 0; op <= operations; op++) {
      const span_kind = op === operations ? 'SPAN_KIND_CLIENT' : 'SPAN_KIND_SERVER';
      for (const status_code of ['STATUS_CODE_UNSET', 'STATUS_CODE_ERROR']) {
        if (!metric.endsWith('_bucket')) {
          out.push({ span_name: `op${op}`, span_kind, status_code });
          continue;
        }
        for (let b = 0; b < buckets; b++) {
          out.push({ span_name: `op${op}`, span_kind, status_code, le: String(b) });
        }
      }
    }
    return out;
  };
  return {
    scrapeIntervalMs: opts.scrapeIntervalMs ?? 15_000,
    count(metric: string, matchers: Matcher[]) {
      if (!metric.startsWith('traces_spanmetrics_')) {
        return 0;
      }
      const own = matchers.filter((m) => m.name === label);
      const other = matchers.filter((m) => m.name !== label);
      const perService = seriesOf(metric).filter((l) => other.every((m) => matches(m, l[m.name] ?? ''))).length;
      return perService * fleet.filter((s) => own.every((m) => matches(m, s.name))).length;
    },
  };
}
