/** @jest-environment node */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redQueries } from '../promql';
import { RED_PROFILE_IDS, RED_PROFILES } from '../redProfiles';
import { EXPECTED, redOpenMetrics } from './redSeries';

/**
 * The RED queries of every profile, run by a real Prometheus (Debian's package) on loopback over
 * series backfilled with promtool, with known rates, error fractions and latency buckets.
 */

const STEP_S = 15;
const DURATION_S = 3600;
const READY_TIMEOUT_MS = 30_000;

const hasBinary = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const available = hasBinary('prometheus') && hasBinary('promtool');
if (!available && process.env.CI === 'true') {
  throw new Error(
    'prometheus and promtool are required under CI=true: apt-get install prometheus (.ci/run does this).'
  );
}
const describeWithPrometheus = available ? describe : describe.skip;
if (!available) {
  console.warn('Skipping the real-Prometheus test: prometheus/promtool not installed (apt-get install prometheus).');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET without keep-alive, so no socket outlives the test. */
function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}

describeWithPrometheus('RED queries against a real Prometheus', () => {
  let dir = '';
  let prom: ChildProcess | undefined;
  let base = '';
  let evalTimeS = 0;
  let promLog = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'correlate-prom-'));
    // Two hours back: well inside retention, and a closed block promtool can write.
    const startS = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3 * 3600;
    evalTimeS = startS + DURATION_S - 10 * STEP_S;
    const om = join(dir, 'red.om');
    writeFileSync(om, redOpenMetrics(startS, DURATION_S, STEP_S));
    const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, join(dir, 'data')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (backfill.status !== 0) {
      throw new Error(`promtool failed: ${backfill.stderr || backfill.stdout}`);
    }
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\n');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    prom = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        '--storage.tsdb.retention.time=30d',
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    prom.stderr?.on('data', (d) => (promLog = (promLog + d).slice(-4000)));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      try {
        if ((await httpGet(`${base}/-/ready`)).status === 200) {
          break;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || prom.exitCode !== null) {
        throw new Error(`Prometheus did not become ready:\n${promLog}`);
      }
      await sleep(200);
    }
  }, 90_000);

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      prom.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        prom!.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (prom.exitCode === null) {
        prom.kill('SIGKILL');
      }
      prom.stderr?.destroy();
    }
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Values by service of an instant query; `$__rate_interval` as Grafana would set it for 15 s data. */
  async function query(expr: string, serviceLabel: string): Promise<Record<string, number>> {
    const q = expr.replace(/\$__rate_interval/g, '1m');
    const res = await httpGet(`${base}/api/v1/query?query=${encodeURIComponent(q)}&time=${evalTimeS}`);
    const body = JSON.parse(res.body);
    if (body.status !== 'success') {
      throw new Error(`query failed: ${q}\n${JSON.stringify(body)}`);
    }
    const out: Record<string, number> = {};
    for (const r of body.data.result) {
      out[r.metric[serviceLabel]] = Number(r.value[1]);
    }
    return out;
  }

  it.each(RED_PROFILE_IDS)('%s: rate, error fraction and p95 per service', async (id) => {
    const label = RED_PROFILES[id].serviceLabel;
    const q = redQueries(id, { services: [] });

    const rate = await query(q.rate, label);
    expect(Object.keys(rate).sort()).toEqual(['api', 'worker']);
    expect(rate.api).toBeCloseTo(EXPECTED.api.rate, 6);
    expect(rate.worker).toBeCloseTo(EXPECTED.worker.rate, 6);

    const errors = await query(q.errors, label);
    expect(errors.api).toBeCloseTo(EXPECTED.api.errors, 6);
    // No failed series for worker: 0, not absent.
    expect(errors.worker).toBe(0);

    const p95 = await query(q.duration, label);
    expect(p95.api).toBeCloseTo(EXPECTED.api.p95, 6);
    expect(p95.worker).toBeCloseTo(EXPECTED.worker.p95, 6);
  });

  it.each(RED_PROFILE_IDS)('%s: a service filter keeps only that service', async (id) => {
    const label = RED_PROFILES[id].serviceLabel;
    const q = redQueries(id, { services: ['worker'], rateInterval: '2m' });
    expect(await query(q.rate, label)).toEqual({ worker: EXPECTED.worker.rate });
  });

  it('otel-http: job is "<service.namespace>/<service.name>"; one service in two namespaces is one series', async () => {
    // The backfilled series really carry namespaced job values, as Mimir's OTLP translation writes them.
    const jobs = await query('count by (job) (http_server_request_duration_seconds_count)', 'job');
    expect(Object.keys(jobs).sort()).toEqual(['shop/api', 'staging/api', 'worker']);

    const api = redQueries('otel-http', { services: ['api'] });
    const rate = await query(api.rate, 'job');
    expect(Object.keys(rate)).toEqual(['api']);
    expect(rate.api).toBeCloseTo(EXPECTED.api.rate, 6);
    expect((await query(api.errors, 'job')).api).toBeCloseTo(EXPECTED.api.errors, 6);
    expect((await query(api.duration, 'job')).api).toBeCloseTo(EXPECTED.api.p95, 6);

    const worker = await query(redQueries('otel-http', { services: ['worker'] }).rate, 'job');
    expect(Object.keys(worker)).toEqual(['worker']);
    expect(worker.worker).toBeCloseTo(EXPECTED.worker.rate, 6);

    // A namespace is not a service, and names match whole.
    for (const other of ['shop', 'shop/api', 'pi', 'shop/', 'ap']) {
      expect([other, await query(redQueries('otel-http', { services: [other] }).rate, 'job')]).toEqual([other, {}]);
    }
  });

  it('a service name with regex and template characters matches nothing else', async () => {
    const q = redQueries('tempo-spanmetrics', { services: ['api|worker', '.*', '$__rate_interval'] });
    expect(await query(q.rate, 'service')).toEqual({});
  });
});
