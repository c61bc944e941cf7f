import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { grafanaLayout, type Layout, type Scheme, type ServedPlugin } from '../../server/grafanaLayout';
import { startStaticServer, type Mount, type StaticServer } from '../../server/staticServer';
import { harnessDir, sharedModulesDir, type GrafanaLine } from '../../grafanaLines';
import type { PluginToLoad } from '../../harness/harness';

const ROOT = path.resolve(__dirname, '../../..');
export const DIST = path.join(ROOT, 'dist');
// HARNESS_MODE=production (the scale benchmark): the host page built as Grafana ships React (browser/webpack.config.ts).
const PRODUCTION = process.env.HARNESS_MODE === 'production';
// Grafana serves its own icons from public/build/img/icons/ (@grafana/ui's Icon and Spinner ask for
// them there). @grafana/ui ships about 200 of them; for the others (the loading spinner, some
// arrows) the host answers a blank stand-in icon, and lists which.
const iconsOf = (line: GrafanaLine) =>
  path.join(sharedModulesDir(line), '@grafana', 'ui', 'dist', 'public', 'img', 'icons');
const ICON_PATH = /^(unicons|mono|solid|custom)\/[a-z0-9-]+\.svg$/;
const STAND_IN_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="4" y="4" width="16" height="16" fill="none" stroke="currentColor"/></svg>';

/** A test-only app that renders Correlate's exposed components as another plugin does (tests/embed-host/). */
export const EMBED_HOST: PluginToLoad = {
  id: 'correlate-embedtest-app',
  name: 'Correlate embed test host',
  type: 'app',
  module: '/public/plugins/correlate-embedtest-app/module.js',
  baseUrl: '/public/plugins/correlate-embedtest-app/',
  version: '1.0.0',
  loadingStrategy: 'script',
};
const EMBED_HOST_DIR = path.join(ROOT, 'tests', 'embed-host', 'plugin');

export const HARNESS_PREFIX = '/harness/';
export const ICONS_PREFIX = '/public/build/img/icons/';
/**
 * Grafana's web fonts, which the global styles of @grafana/ui name (Grafana serves them from its own
 * public/fonts, no npm package ships them): answered empty, so the browser keeps its fallback font.
 */
export const FONTS_PREFIX = '/public/fonts/';
const FONT_PATH = /^(inter|roboto|fira-code)\/[\w.-]+\.woff2$/i;

export interface Host {
  layout: Layout;
  server: StaticServer;
  /** URL path prefixes that belong to the served layout. */
  prefixes: string[];
  /** Grafana icons @grafana/ui does not ship, answered with a stand-in. */
  standInIcons: Set<string>;
}

/**
 * Serves the host page, Grafana's icons and the built plugin under one of Grafana's URL schemes
 * (and, with `embedHost`, the test-only app that embeds Correlate's components). `line`: the end of
 * the supported Grafana range whose host page is served (browser/grafanaLines.ts; default 13.2).
 */
export async function startHost(scheme: Scheme, opts: { embedHost?: boolean; line?: GrafanaLine } = {}): Promise<Host> {
  const line = opts.line ?? '13.2';
  const harness = harnessDir(line, PRODUCTION && line === '13.2');
  const icons = iconsOf(line);
  if (!existsSync(path.join(DIST, 'module.js'))) {
    throw new Error(`No build in ${DIST}: run "npm run build" first.`);
  }
  if (!existsSync(path.join(harness, 'harness.js'))) {
    throw new Error(`No host page in ${harness}: run "npm run test:browser", which builds it.`);
  }
  const layout = grafanaLayout(DIST, scheme);
  const standInIcons = new Set<string>();
  const mounts: Mount[] = [
    { prefix: HARNESS_PREFIX, dir: harness },
    { prefix: ICONS_PREFIX, dir: icons },
    {
      prefix: ICONS_PREFIX,
      generate: (rest) => {
        if (!ICON_PATH.test(rest)) {
          return undefined;
        }
        standInIcons.add(rest);
        return { type: 'image/svg+xml', body: STAND_IN_ICON };
      },
    },
    {
      prefix: FONTS_PREFIX,
      generate: (rest) => (FONT_PATH.test(rest) ? { type: 'font/woff2', body: '' } : undefined),
    },
    ...layout.mounts,
    ...(opts.embedHost ? [{ prefix: EMBED_HOST.baseUrl, dir: EMBED_HOST_DIR }] : []),
  ];
  const server = await startStaticServer(mounts);
  return { layout, server, prefixes: [...new Set(mounts.map((m) => m.prefix))], standInIcons };
}

export function toLoad(plugin: ServedPlugin, jsonData?: Record<string, unknown>): PluginToLoad {
  return {
    jsonData,
    id: plugin.id,
    name: plugin.name,
    type: plugin.type,
    module: plugin.module,
    baseUrl: plugin.baseUrl,
    version: plugin.version,
    loadingStrategy: plugin.loadingStrategy,
  };
}

export interface PageRecord {
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** Requests answered with anything but 2xx, or that failed outright. */
  failures: string[];
  /** Requests the page itself cancelled (an icon fetch of a component that went away). */
  cancelled: string[];
  /** Uncaught errors and unhandled rejections Playwright saw. */
  pageErrors: string[];
  /** Requests not yet answered. */
  inFlight: number;
}

export function recordPage(page: Page): PageRecord {
  const record: PageRecord = { requests: [], failures: [], cancelled: [], pageErrors: [], inFlight: 0 };
  page.on('request', (request) => {
    record.requests.push(request.url());
    record.inFlight++;
  });
  page.on('requestfinished', () => record.inFlight--);
  page.on('response', (response) => {
    if (response.status() < 200 || response.status() > 299) {
      record.failures.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    record.inFlight--;
    const reason = request.failure()?.errorText ?? 'failed';
    (reason === 'net::ERR_ABORTED' ? record.cancelled : record.failures).push(`${reason} ${request.url()}`);
  });
  page.on('pageerror', (error) => record.pageErrors.push(`${error.name}: ${error.message}`));
  return record;
}

/** Waits until every request is answered and none is made for `quietMs` (bounded by `timeoutMs`). */
export async function waitForQuiet(record: PageRecord, quietMs = 750, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    if (record.requests.length === seen && record.inFlight === 0) {
      return;
    }
    seen = record.requests.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
  throw new Error(`The page kept loading for ${timeoutMs} ms`);
}
