import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

/** Reads the development stack's files the way compose and Grafana would, for the consistency tests. */
export const ROOT = resolve(__dirname, '..', '..');

export const readText = (path: string) => readFileSync(join(ROOT, path), 'utf8');
export const readYaml = (path: string) => parse(readText(path), { merge: true });

/** Every file below `dir` (relative to the repository) whose name ends with one of `exts`. */
export function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory() && entry.name !== '__tests__') {
        walk(path);
      } else if (entry.isFile() && exts.some((e) => entry.name.endsWith(e))) {
        out.push(relative(ROOT, path));
      }
    }
  };
  walk(join(ROOT, dir));
  return out.sort();
}

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; args?: Record<string, string> };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition: string }>;
  extends?: { file: string; service: string };
  /** Where relative paths of this service resolve from (the file that declared them). */
  baseDir: string;
  /** Bind-mount sources resolved against `baseDir`, with their container targets. */
  mounts: Array<{ source: string; target: string; named: boolean }>;
}

function mountsOf(volumes: string[] | undefined, baseDir: string) {
  return (volumes ?? []).map((v) => {
    const [source, target] = v.split(':');
    const named = !source.startsWith('.') && !source.startsWith('/');
    return { source: named ? source : relative(ROOT, resolve(join(ROOT, baseDir), source)) || '.', target, named };
  });
}

/** The compose file with `extends` resolved as compose does it (maps merged, lists appended). */
export function loadCompose(path = 'docker-compose.yaml'): {
  services: Record<string, ComposeService>;
  volumes: string[];
} {
  const doc = readYaml(path);
  const services: Record<string, ComposeService> = {};
  for (const [name, raw] of Object.entries<any>(doc.services ?? {})) {
    let merged: any = { ...raw, mounts: mountsOf(raw.volumes, dirname(path)) };
    if (raw.extends) {
      const baseFile = join(dirname(path), raw.extends.file);
      const base = readYaml(baseFile).services[raw.extends.service];
      merged = {
        ...base,
        ...raw,
        build: { ...base.build, ...raw.build, args: { ...base.build?.args, ...raw.build?.args } },
        environment: { ...base.environment, ...raw.environment },
        volumes: [...(base.volumes ?? []), ...(raw.volumes ?? [])],
        ports: [...(base.ports ?? []), ...(raw.ports ?? [])],
        mounts: [...mountsOf(base.volumes, dirname(baseFile)), ...mountsOf(raw.volumes, dirname(path))],
      };
    }
    merged.baseDir = dirname(path);
    services[name] = merged;
  }
  return { services, volumes: Object.keys(doc.volumes ?? {}) };
}

export const dependsOn = (s: ComposeService): Record<string, string> =>
  Array.isArray(s.depends_on)
    ? Object.fromEntries(s.depends_on.map((d) => [d, 'service_started']))
    : Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([k, v]) => [k, v.condition]));

/** `${VAR:-default}` as compose resolves it without the variable set. */
export const withDefaults = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

/** The host port of a compose port mapping (`"4317:4317"`, `"127.0.0.1:3000:3000/tcp"`). */
export function hostPort(mapping: string): number {
  const parts = mapping.replace(/\/(tcp|udp)$/, '').split(':');
  return Number(parts.length >= 2 ? parts[parts.length - 2] : parts[0]);
}

export const exists = (path: string) => existsSync(join(ROOT, path));
