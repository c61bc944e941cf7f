import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Prometheus (Debian's package) on loopback over series backfilled with `promtool tsdb
 * create-blocks-from openmetrics`, for the tests that run our PromQL. It stops itself in `stop()`.
 */

const READY_TIMEOUT_MS = 30_000;

const hasBinary = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

/** Whether the tests can run here; under CI=true a missing Prometheus is an error. */
export function prometheusAvailable(): boolean {
  const available = hasBinary('prometheus') && hasBinary('promtool');
  if (!available && process.env.CI === 'true') {
    throw new Error(
      'prometheus and promtool are required under CI=true: apt-get install prometheus (.ci/run does this).'
    );
  }
  if (!available) {
    console.warn('Skipping the real-Prometheus test: prometheus/promtool not installed (apt-get install prometheus).');
  }
  return available;
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

export interface InstantSample {
  metric: Record<string, string>;
  value: number;
}

export interface RunningPrometheus {
  /** An instant query at `timeS`; Grafana's `$__rate_interval` and `$__range` replaced as given. */
  query(expr: string, timeS: number, vars?: { rateInterval?: string; range?: string }): Promise<InstantSample[]>;
  stop(): Promise<void>;
}

/** Backfills `openMetrics`, starts Prometheus on a free loopback port and waits until it is ready. */
export async function startPrometheus(openMetrics: string): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'correlate-prom-'));
  let prom: ChildProcess | undefined;
  let log = '';
  const stop = async () => {
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
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const om = join(dir, 'series.om');
    writeFileSync(om, openMetrics);
    const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, join(dir, 'data')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (backfill.status !== 0) {
      throw new Error(`promtool failed: ${backfill.stderr || backfill.stdout}`);
    }
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\n');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
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
    prom.stderr?.on('data', (d) => (log = (log + d).slice(-4000)));
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
        throw new Error(`Prometheus did not become ready:\n${log}`);
      }
      await sleep(200);
    }
    return {
      stop,
      query: async (expr, timeS, vars = {}) => {
        const q = expr
          .replace(/\$__rate_interval/g, vars.rateInterval ?? '1m')
          .replace(/\$__range/g, vars.range ?? '1h');
        const res = await httpGet(`${base}/api/v1/query?query=${encodeURIComponent(q)}&time=${timeS}`);
        const body = JSON.parse(res.body);
        if (body.status !== 'success') {
          throw new Error(`query failed: ${q}\n${JSON.stringify(body)}`);
        }
        return body.data.result.map((r: { metric: Record<string, string>; value: [number, string] }) => ({
          metric: r.metric,
          value: Number(r.value[1]),
        }));
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
