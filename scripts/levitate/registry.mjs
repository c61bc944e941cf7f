// The npm registry, through npm itself: newest releases and the tarballs levitate reads. npm's cache
// makes a second run cheap; with the registry unreachable, npm is asked again with --offline
// (its cache only) and the run says so.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';

const run = promisify(execFile);
const notes = [];

/** What happened that the reader should know (offline fallbacks), printed by the caller. */
export const registryNotes = () => [...notes];

async function npm(args) {
  const opts = { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 };
  try {
    // npm itself answers from its cache when the registry does not answer ("cache stale"); its
    // http log says so, and so does the check.
    const { stdout, stderr } = await run('npm', [...args, '--loglevel=http'], opts);
    if (/\(cache stale\)/.test(stderr)) {
      notes.push(`registry unreachable for "npm ${args.join(' ')}": npm answered from its cache`);
    }
    return stdout;
  } catch (online) {
    if (/E404|404 Not Found/.test(String(online.stderr))) {
      throw online;
    }
    try {
      const out = (await run('npm', [...args, '--offline'], opts)).stdout;
      notes.push(`registry unreachable for "npm ${args.join(' ')}": used npm's cache (--offline)`);
      return out;
    } catch {
      const reason =
        String(online.stderr || online.message)
          .split('\n')
          .find((l) => /npm error/.test(l)) ?? String(online.message).split('\n')[0];
      throw new Error(`npm ${args.join(' ')} failed and npm's cache has no copy: ${reason.trim()}`);
    }
  }
}

/**
 * `npm view <spec> <fields...> --json` as an object of those fields (npm answers a single field
 * bare, several as an object); undefined when the registry has no such package or version.
 */
export async function npmView(spec, fields) {
  try {
    const out = (await npm(['view', spec, ...fields, '--json'])).trim();
    if (out === '') {
      return undefined;
    }
    const value = JSON.parse(out);
    return fields.length === 1 ? { [fields[0]]: value } : value;
  } catch (e) {
    if (/E404|404 Not Found/.test(String(e.stderr ?? e.message))) {
      return undefined;
    }
    throw e;
  }
}

const isRelease = (v) => semver.valid(v) !== null && semver.prerelease(v) === null;
const asList = (v) => (Array.isArray(v) ? v : v ? [v] : []);

/**
 * The newest release published for every one of `packages` (Grafana releases them together), not
 * older than `floor`, whose `@grafana/*` dependencies are published too (13.2.3 once needed an
 * `@grafana/e2e-selectors@13.2.3` the registry did not serve, so it could not be installed).
 * `view(spec, fields)` answers like `npmView`. Looks at `maxCandidates` versions at most.
 */
export async function newestRelease({ packages, floor, view = npmView, maxCandidates = 5 }) {
  // One request per package name (its versions, and the dependencies of its latest version),
  // shared by concurrent callers.
  const metas = new Map();
  const meta = (name) => {
    if (!metas.has(name)) {
      metas.set(
        name,
        view(name, ['versions', 'version', 'dependencies']).then((m) => m ?? {})
      );
    }
    return metas.get(name);
  };
  const dependenciesOf = async (pkg, version) => {
    const m = await meta(pkg);
    return m.version === version
      ? (m.dependencies ?? {})
      : ((await view(`${pkg}@${version}`, ['dependencies']))?.dependencies ?? {});
  };
  const lists = await Promise.all(packages.map(async (p) => asList((await meta(p)).versions)));
  const common = lists
    .reduce((acc, list) => acc.filter((v) => list.includes(v)))
    .filter((v) => isRelease(v) && semver.gte(v, floor))
    .sort(semver.rcompare);
  const skipped = [];
  for (const version of common.slice(0, maxCandidates)) {
    const deps = await Promise.all(packages.map(async (pkg) => [pkg, await dependenciesOf(pkg, version)]));
    const grafanaDeps = deps.flatMap(([pkg, d]) =>
      Object.entries(d)
        .filter(([dep]) => dep.startsWith('@grafana/'))
        .map(([dep, range]) => ({ pkg, dep, range }))
    );
    const missing = [];
    await Promise.all(
      grafanaDeps.map(async ({ pkg, dep, range }) => {
        if (!semver.maxSatisfying(asList((await meta(dep)).versions), range)) {
          missing.push(`${dep}@${range} (needed by ${pkg}@${version}) is not published`);
        }
      })
    );
    if (missing.length === 0) {
      return { version, skipped };
    }
    skipped.push({ version, reason: missing.sort().join('; ') });
  }
  throw new Error(
    `no installable release of ${packages.join(', ')} at or above ${floor} among the newest ${maxCandidates}: ` +
      (skipped.map((s) => `${s.version}: ${s.reason}`).join('; ') || 'none published')
  );
}

/**
 * Where unpacked types are kept between runs (published versions never change): outside any
 * node_modules tree, so their own imports resolve to nothing, as when levitate downloads them.
 */
export const typesCacheDir = () =>
  process.env.CORRELATE_LEVITATE_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'correlate-levitate');

/**
 * Unpacks `name@version` of every spec into `dir/name@version` (package.json and types), which is
 * where levitate looks for a package before it would download one itself. Already unpacked: kept.
 */
export async function unpackTypes(specs, dir) {
  await Promise.all(
    specs.map(async ({ name, version }) => {
      const target = join(dir, `${name}@${version}`);
      if (existsSync(join(target, 'package.json'))) {
        return;
      }
      // Unpacked aside and renamed into place, so a concurrent run never sees half a package.
      mkdirSync(dirname(target), { recursive: true });
      const work = mkdtempSync(join(dir, '.unpack-'));
      try {
        await npm(['pack', `${name}@${version}`, '--pack-destination', work, '--silent']);
        const [tgz] = readdirSync(work).filter((f) => f.endsWith('.tgz'));
        if (!tgz) {
          throw new Error(`npm pack ${name}@${version} wrote no tarball`);
        }
        mkdirSync(join(work, 'package'));
        await run('tar', ['-xzf', join(work, tgz), '-C', join(work, 'package'), '--strip-components=1']);
        try {
          renameSync(join(work, 'package'), target);
        } catch (e) {
          if (!existsSync(join(target, 'package.json'))) {
            throw e;
          }
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    })
  );
}
