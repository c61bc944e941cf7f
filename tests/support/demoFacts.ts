import ci from '../../browser/harness/demo/generated/demo-ci.json';

/**
 * What the demo stack of the CI e2e job shows, derived from the demo's own code: the shop run with the
 * job's environment (.github/workflows/ci.yml, as docker-compose.yaml passes it) for 30 simulated
 * minutes by `npm run demo:snapshot` (demo/src/simulate.ts --ci). demo/__tests__/snapshot.test.ts fails
 * when this file drifts from the demo, so the specs never assert a hand-written figure about it.
 */
type Service = 'gateway' | 'orders' | 'payments' | 'inventory';
const red = ci.red as Record<Service, { requests: number; failed: number; rate: number; errorFraction: number }>;

/** The shop's services, as Loki, Tempo and the span metrics name them. */
export const DEMO_SERVICES = ci.services as Service[];

/** Tempo's service graph: who calls whom (the virtual "user" client left out). */
const EDGES = ci.edges.filter((e) => e.client !== 'user') as Array<{ client: Service; server: Service }>;
export const callersOf = (s: Service) => EDGES.filter((e) => e.server === s).map((e) => e.client);
export const calleesOf = (s: Service) => EDGES.filter((e) => e.client === s).map((e) => e.server);

/**
 * The services that can top the Services page (most failed requests per second over 30 minutes): those
 * within three standard errors of the most failing one. In the CI demo payments fails its declines and the
 * bad deploy's errors, but orders (and gateway with it) fails on every payments 5xx and timeout plus its own
 * 5%, so they end within a few dozen failures of each other and either may be first on a given run.
 */
export const MAY_FAIL_MOST = DEMO_SERVICES.filter(
  (s) => red[s].failed >= Math.max(...DEMO_SERVICES.map((x) => red[x].failed)) - 3 * Math.sqrt(2 * red[s].failed)
);

/** The "High Error Rate" rule's threshold (provisioning/alerting/rules.yaml: error fraction > 0.05). */
const RULE_THRESHOLD = 0.05;
/** Payments declines this share of its charges at every moment: its error fraction never falls under the rule's. */
export const PAYMENTS_DECLINE_RATE = ci.config.demo.faults.declineRate;
export const PAYMENTS_ALWAYS_ALERTS = PAYMENTS_DECLINE_RATE > RULE_THRESHOLD;
