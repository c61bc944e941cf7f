import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A URL path prefix served from a folder on disk, or by a function of the rest of the path (for
 * files the host makes up; undefined: not found).
 */
export type Mount =
  | { prefix: string; dir: string }
  | { prefix: string; generate: (rest: string) => { type: string; body: string } | undefined };

type Found = { file: string } | { type: string; body: string };

export interface ServedRequest {
  path: string;
  status: number;
}

export interface StaticServer {
  origin: string;
  /** Every request answered, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
};

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined; // malformed escapes name no file
  }
}

function findIn(mount: Mount, urlPath: string): Found | undefined {
  const rest = decoded(urlPath.slice(mount.prefix.length));
  if (rest === undefined) {
    return undefined;
  }
  if ('generate' in mount) {
    return mount.generate(rest);
  }
  const file = path.resolve(mount.dir, rest);
  if (!file.startsWith(mount.dir + path.sep)) {
    return undefined;
  }
  try {
    return statSync(file).isFile() ? { file } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a URL path names under the mounts, or undefined (never a file outside a mount's folder).
 * The longest prefix is tried first (a nested plugin's folder inside its app's); mounts with the
 * same prefix in the order given.
 */
export function resolvePath(mounts: Mount[], urlPath: string): Found | undefined {
  const candidates = mounts
    .map((mount, order) => ({ mount, order }))
    .filter(({ mount }) => urlPath.startsWith(mount.prefix))
    .sort((a, b) => b.mount.prefix.length - a.mount.prefix.length || a.order - b.order);
  for (const { mount } of candidates) {
    const found = findIn(mount, urlPath);
    if (found) {
      return found;
    }
  }
  return undefined;
}

/**
 * Serves the mounts on 127.0.0.1 (a free port). Anything else is a 404. The server closes itself
 * after `lifetimeMs` should the caller never close it.
 */
export async function startStaticServer(mounts: Mount[], lifetimeMs = 10 * 60_000): Promise<StaticServer> {
  const requests: ServedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const found = req.method === 'GET' || req.method === 'HEAD' ? resolvePath(mounts, urlPath) : undefined;
    requests.push({ path: urlPath, status: found ? 200 : 404 });
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${urlPath}`);
    } else if ('body' in found) {
      res.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-store' }).end(found.body);
    } else {
      res.writeHead(200, {
        'content-type': TYPES[path.extname(found.file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      createReadStream(found.file).pipe(res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stop = setTimeout(() => server.close(), lifetimeMs);
  stop.unref();
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(stop);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
