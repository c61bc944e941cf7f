// Which of Correlate's files run in Grafana, and whether every host-package import in them is one
// levitate can see. Parsed with the project's own TypeScript, independently of levitate.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const isTestPath = (rel) => /(^|\/)__tests__\//.test(rel) || rel.startsWith('src/test/') || /\.test\.tsx?$/.test(rel);

/** Every .ts/.tsx file under src/ that can end up in module.js or a chunk: not tests, mocks or declarations. */
export function runtimeSourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      const rel = relative(root, abs);
      if (entry.isDirectory()) {
        walk(abs);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !isTestPath(rel)) {
        out.push(abs);
      }
    }
  };
  walk(join(root, 'src'));
  return out.sort();
}

/** The plugin entry modules Grafana loads: src/module.tsx and the module beside every nested plugin.json. */
export function entryModules(root) {
  const entries = [];
  const walk = (dir) => {
    const names = readdirSync(dir, { withFileTypes: true });
    if (names.some((e) => e.isFile() && e.name === 'plugin.json')) {
      const module = ['module.tsx', 'module.ts'].map((m) => join(dir, m)).find((p) => existsSync(p));
      if (module) {
        entries.push(module);
      }
    }
    for (const e of names) {
      if (e.isDirectory() && e.name !== '__tests__' && e.name !== 'node_modules') {
        walk(join(dir, e.name));
      }
    }
  };
  walk(join(root, 'src'));
  return entries.sort();
}

/**
 * Imports of a host package that levitate's usage scan does not follow: it reads named and default
 * imports of exactly the package name, so subpaths, namespace imports, re-exports, `import()` and
 * `require` of it would go unchecked.
 */
export function unseenHostImports(files, hostPackages, root) {
  const isHost = (spec) => hostPackages.some((p) => spec === p || spec.startsWith(`${p}/`));
  const problems = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const report = (node, what) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      problems.push(`${relative(root, file)}:${line + 1}: ${what}`);
    };
    const visit = (node) => {
      const spec = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : '';
      if (ts.isImportDeclaration(node) && isHost(spec)) {
        const bindings = node.importClause?.namedBindings;
        if (hostPackages.every((p) => spec !== p)) {
          report(node, `imports the subpath '${spec}'`);
        } else if (bindings && ts.isNamespaceImport(bindings)) {
          report(node, `imports '${spec}' as a namespace`);
        }
      } else if (ts.isExportDeclaration(node) && isHost(spec)) {
        report(node, `re-exports from '${spec}'`);
      } else if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0]) &&
        isHost(node.arguments[0].text)
      ) {
        report(node, `loads '${node.arguments[0].text}' dynamically`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return problems;
}
