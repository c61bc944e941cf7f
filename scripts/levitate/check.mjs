#!/usr/bin/env node
// Checks that every file of Correlate that runs in Grafana uses only APIs the Grafana versions we
// claim provide: levitate compares the installed @grafana/{data,ui,runtime} with the oldest version
// claimed (config/grafana-versions.json, plugin.json's grafanaDependency) and with the newest one
// published. Fails on anything config/levitate-allow.json does not allow with a reason.
//
//   node scripts/levitate/check.mjs [--root DIR] [--targets oldest,newest] [--packages @grafana/ui]
//
// --root checks a copy of the project (its src/) instead; --targets and --packages narrow the run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { applyAllowList, allowListProblems } from './allowList.mjs';
import { exportInfo, incompatibilities, packageUsage, projectProgram } from './compat.mjs';
import { newestRelease, registryNotes, typesCacheDir, unpackTypes } from './registry.mjs';
import { entryModules, runtimeSourceFiles, unseenHostImports } from './sources.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const { values: args } = parseArgs({
  options: {
    root: { type: 'string', default: REPO },
    targets: { type: 'string', default: 'oldest,newest' },
    packages: { type: 'string' },
  },
});

async function main() {
  const started = Date.now();
  const root = resolve(args.root);
  const versions = readJson(join(REPO, 'config/grafana-versions.json'));
  const allowList = readJson(join(REPO, 'config/levitate-allow.json'));
  const packages = args.packages ? args.packages.split(',') : versions.hostPackages;
  const targetNames = args.targets.split(',');
  const complete = !args.packages && targetNames.includes('oldest') && targetNames.includes('newest');

  const listProblems = allowListProblems(allowList);
  if (listProblems.length > 0) {
    return fail(['config/levitate-allow.json:', ...listProblems.map((p) => `  ${p}`)]);
  }

  const runtimeFiles = runtimeSourceFiles(root);
  const unseen = unseenHostImports(runtimeFiles, versions.hostPackages, root);
  if (unseen.length > 0) {
    return fail([
      'Levitate reads only named and default imports of the package itself; use those instead:',
      ...unseen.map((u) => `  ${u}`),
    ]);
  }

  const installed = Object.fromEntries(
    packages.map((p) => [p, readJson(join(REPO, 'node_modules', p, 'package.json')).version])
  );
  const targets = [];
  if (targetNames.includes('oldest')) {
    targets.push({ label: 'oldest claimed', version: versions.oldest });
  }
  if (targetNames.includes('newest')) {
    const t0 = Date.now();
    const newest = await newestRelease({ packages: versions.hostPackages, floor: versions.newest });
    console.log(`newest published: ${newest.version} (asked the registry in ${seconds(t0)})`);
    for (const s of newest.skipped) {
      console.log(`newest: skipped ${s.version}, not installable: ${s.reason}`);
    }
    targets.push({ label: 'newest published', version: newest.version });
  }

  const workDir = mkdtempSync(join(tmpdir(), 'correlate-levitate-'));
  try {
    const specs = new Map();
    for (const name of packages) {
      for (const version of [installed[name], ...targets.map((t) => t.version)]) {
        specs.set(`${name}@${version}`, { name, version });
      }
    }
    const typesDir = typesCacheDir();
    const fetchStart = Date.now();
    await unpackTypes([...specs.values()], typesDir);
    console.log(`types of ${[...specs.keys()].join(', ')} ready in ${typesDir} (${seconds(fetchStart)})`);

    const entries = entryModules(root);
    const { program, files, unreached } = projectProgram({
      root,
      entries,
      runtimeFiles,
      workDir: join(workDir, 'entry'),
    });
    console.log(
      `checking ${files.length} files reached from ${entries.map((e) => relative(root, e)).join(' and ')}` +
        (unreached.length
          ? ` plus ${unreached.length} nothing imports: ${unreached.join(', ')}`
          : ' (every runtime file in src/)')
    );

    const found = [];
    for (const pkg of packages) {
      const t0 = Date.now();
      const installedInfo = exportInfo(join(typesDir, `${pkg}@${installed[pkg]}`));
      const usage = packageUsage(program, installedInfo, `${pkg}@${installed[pkg]}`);
      for (const target of targets) {
        const targetInfo = exportInfo(join(typesDir, `${pkg}@${target.version}`));
        const items = incompatibilities({
          usage,
          installedInfo,
          targetInfo,
          pkg,
          installed: installed[pkg],
          target: target.version,
          root,
        });
        console.log(`${pkg} ${installed[pkg]} -> ${target.version} (${target.label}): ${items.length} finding(s)`);
        found.push(...items);
      }
      console.log(`  ${pkg} compared in ${seconds(t0)}`);
    }

    const { allowed, failures, unused } = applyAllowList(found, allowList);
    for (const { item, reason } of allowed) {
      console.log(`  allowed: ${describe(item)}: ${reason}`);
    }
    const notes = registryNotes();
    if (notes.length > 0) {
      // Offline: "newest" is then the newest release npm had seen.
      console.log(`note: ${notes[0]}${notes.length > 1 ? ` (and ${notes.length - 1} more requests)` : ''}`);
    }
    const problems = failures.flatMap((item) => [
      `  ${describe(item)}`,
      ...(item.detail ? item.detail.split('\n').map((l) => `      ${l}`) : []),
    ]);
    if (complete) {
      problems.push(
        ...unused.map(
          (e) =>
            `  config/levitate-allow.json allows ${e.package} ${e.kind} ${e.export} (${e.installed} -> ${e.target}), which no longer occurs: remove the entry`
        )
      );
    }
    if (problems.length > 0) {
      return fail([
        `Not compatible with the Grafana versions claimed (${summary(targets, packages)}):`,
        ...problems,
        'Use an API every claimed version has, guard it at run time, raise grafanaDependency, or, when it',
        'does not matter for our calls, add it to config/levitate-allow.json with the reason.',
      ]);
    }
    console.log(`compatible with ${summary(targets, packages)}; levitate check took ${seconds(started)}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const describe = (item) =>
  `${item.package}@${item.target} ${item.kind === 'removed' ? 'has no' : 'differs in'} ${item.export}, ` +
  `used in ${item.file} (built against ${item.installed})`;
const summary = (targets, packages) =>
  `${packages.join(', ')} at ${targets.map((t) => `${t.version} (${t.label})`).join(' and ')}`;

function fail(lines) {
  console.log(lines.join('\n'));
  process.exitCode = 1;
}

main().catch((e) => {
  console.error(`levitate check could not run: ${e.message}`);
  process.exitCode = 2;
});
