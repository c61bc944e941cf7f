// Levitate's own functions (those behind `levitate is-compatible`: export info, usage, change
// detection, incompatibilities), over one program holding every file that runs in Grafana. Unlike
// is-compatible, each package's types are compiled once, and only the exports Correlate uses are
// compared: is-compatible compares every export, then keeps the used ones; the findings are the same.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Levitate draws spinners unless silenced; its findings are printed by check.mjs.
process.env.LEVITATE_SILENT = 'true';
const levitate = await import('@grafana/levitate');
// getExportInfo is not re-exported by the package index (levitate is pinned to one version).
const levitateDist = dirname(createRequire(import.meta.url).resolve('@grafana/levitate'));
const { getExportInfo } = await import(pathToFileURL(join(levitateDist, 'compiler', 'exports.js')).href);
const {
  createTsProgram,
  getIncompatibilitiesFromComparison,
  getPackageUsage,
  getSymbolDiff,
  getTypeDefinitionFilePath,
  hasChanged,
} = levitate;

/**
 * A TypeScript program, as levitate builds it, from the entry modules. TypeScript follows the lazy
 * `import()`s of module.tsx into the pages, so they are part of it; a runtime file nothing reaches
 * is added as a root of its own, so no file that can run in Grafana escapes the check.
 */
export function projectProgram({ root, entries, runtimeFiles, workDir }) {
  const build = (roots) => {
    const entry = join(workDir, 'levitate-entry.ts');
    mkdirSync(workDir, { recursive: true });
    writeFileSync(entry, roots.map((f) => `import '${resolve(f).replace(/\.tsx?$/, '')}';`).join('\n') + '\n');
    return createTsProgram(entry);
  };
  const inProgram = (program) =>
    new Set(
      program
        .getSourceFiles()
        .map((f) => resolve(f.fileName))
        .filter((f) => !f.includes('/node_modules/'))
    );
  let program = build(entries);
  const unreached = runtimeFiles.filter((f) => !inProgram(program).has(resolve(f)));
  if (unreached.length > 0) {
    program = build([...entries, ...unreached]);
  }
  const files = [...inProgram(program)].filter((f) => f.startsWith(resolve(root, 'src') + '/'));
  return { program, files, unreached: unreached.map((f) => relative(root, f)) };
}

/** The exported API of a package unpacked at `dir`, as levitate reads it. */
export const exportInfo = (dir) => getExportInfo(getTypeDefinitionFilePath(dir));

/** Where the program uses `pkg` (its installed exports), per source file: levitate's usage scan. */
export const packageUsage = (program, installedInfo, pkg) => getPackageUsage(program, installedInfo, pkg);

/**
 * What levitate finds between the installed version of `pkg` and `target`, as plain records: every
 * used export the target lacks (removed) or declares differently (changed), with where it is used.
 */
export function incompatibilities({ usage, installedInfo, targetInfo, pkg, installed, target, root }) {
  const changes = {};
  const removals = {};
  const used = new Set([...usage.values()].flatMap((u) => Object.keys(u)));
  for (const name of used) {
    const prev = installedInfo.exports[name];
    const current = targetInfo.exports[name];
    if (!prev) {
      continue;
    }
    if (!current) {
      removals[name] = prev;
    } else if (
      hasChanged(
        { key: name, symbol: prev, program: installedInfo.program },
        { key: name, symbol: current, program: targetInfo.program }
      )
    ) {
      changes[name] = { prev, current, prevProgram: installedInfo.program, currentProgram: targetInfo.program };
    }
  }
  const found = [];
  for (const [sourceFile, usages] of usage) {
    found.push(...getIncompatibilitiesFromComparison({ sourceFile, usages, comparison: { changes, removals } }));
  }
  return found.map((item) => {
    const line = item.sourceFile.getLineAndCharacterOfPosition(item.codeIdentifier.getStart()).line + 1;
    let detail = '';
    if (item.change) {
      try {
        detail = getSymbolDiff({
          prev: { key: item.change.prev.getName(), symbol: item.change.prev, program: item.change.prevProgram },
          current: {
            key: item.change.current.getName(),
            symbol: item.change.current,
            program: item.change.currentProgram,
          },
          options: { useAnsi: false, showLegend: false },
        }).trim();
      } catch {
        detail = '(levitate could not print the difference)';
      }
    }
    return {
      package: pkg,
      export: item.name,
      kind: item.removal ? 'removed' : 'changed',
      installed,
      target,
      file: `${relative(root, item.sourceFile.fileName)}:${line}`,
      detail,
    };
  });
}
