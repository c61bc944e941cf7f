import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOpenMetrics, type PromDataStats } from './promData';

/**
 * A real Prometheus (Debian's package) on loopback over the scale series, backfilled with `promtool
 * tsdb create-blocks-from openmetrics` as src/queries/__tests__/prometheusServer.ts does for the
 * service-graph tests. Every call is bounded; stop() (also run on process exit) kills it and removes
 * its data.
 */
const READY_TIMEOUT_MS = 60_000;
const QUERY_TIMEOUT_MS = 60_000;
const BACKFILL_TIMEOUT_MS = 240_000;

export interface PromAnswer {
  status: number;
  /** Bytes of Prometheus's JSON answer. */
  bytes: number;
  body: {
    status: string;
    error?: string;
    data?: {
      resultType: 'matrix' | 'vector' | 'scalar';
      result: Array<{ metric: Record<string, string>; values?: Array<[number, string]>; value?: [number, string] }>;
    };
  };
}

export interface RunningPrometheus {
  stats: PromDataStats;
  /** The end of the data (epoch seconds). */
  endS: number;
  backfillMs: number;
  query(params: Record<string, string>, range: boolean): Promise<PromAnswer>;
  stop(): Promise<void>;
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

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: QUERY_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url.slice(0, 200)}`)));
    req.on('error', reject);
  });
}

/** promtool's backfill, without blocking the event loop (the browser keeps being driven meanwhile). */
function backfill(file: string, dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d) => (err = (err + d).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), BACKFILL_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      code === 0 ? resolve() : reject(new Error(`promtool failed (${code ?? signal}): ${err}`));
    });
  });
}

export function prometheusInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v prometheus && command -v promtool']).status === 0;
}

export async function startScalePrometheus(endS: number): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'correlate-scale-prom-'));
  let prom: ChildProcess | undefined;
  let log = '';
  const killOnExit = () => prom?.kill('SIGKILL');
  process.once('exit', killOnExit);
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
    }
    process.removeListener('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    const om = join(dir, 'series.om');
    const stats = await writeOpenMetrics(om, endS);
    await backfill(om, join(dir, 'data'));
    rmSync(om, { force: true });
    const backfillMs = Date.now() - started;
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
        '--query.timeout=60s',
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
      await new Promise((r) => setTimeout(r, 200));
    }
    return {
      stats,
      endS,
      backfillMs,
      stop,
      async query(params, range) {
        const qs = new URLSearchParams(params).toString();
        const res = await httpGet(`${base}/api/v1/${range ? 'query_range' : 'query'}?${qs}`);
        return { status: res.status, bytes: Buffer.byteLength(res.body), body: JSON.parse(res.body) };
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
