import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { valid, validRange } from 'semver';
import { isRecord } from './files';
import { error, warning, type Finding, type Metadata } from './finding';
import { validate } from './miniSchema';
import { pluginJsonSchema } from './pluginJsonSchema';

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Schema, naming, version and dependency rules for every plugin.json (the app's and each nested one). */
export function checkMetadata(all: Metadata[], packageVersion: string): Finding[] {
  return all.flatMap(({ file, json }) => {
    const findings = validate(json, pluginJsonSchema).map((e) => error('invalid-metadata', file, `plugin.json: ${e}`));
    const info = rec(json.info);
    const id = text(json.id);
    const type = text(json.type);
    // passes/version (semver) and passes/packagejson (equal to package.json's; nested plugins too, ours).
    const version = text(info.version);
    if (!valid(version)) {
      findings.push(error('wrong-plugin-version', file, `Plugin version "${version}" is not a semver version.`));
    } else if (version !== packageVersion) {
      findings.push(
        error(
          'packagecode-version-mismatch',
          file,
          `The version in package.json (${packageVersion}) doesn't match the version in plugin.json (${version}).`
        )
      );
    }
    // passes/grafanadependency: a constraint semver can read.
    const dependency = text(rec(json.dependencies).grafanaDependency);
    if (!validRange(dependency)) {
      findings.push(
        error('invalid-grafana-dependency', file, `dependencies.grafanaDependency "${dependency}" is not a constraint.`)
      );
    }
    // passes/typesuffix and passes/pluginname.
    if (type && id.split('-').at(-1) !== type) {
      findings.push(error('plugin-type-suffix', file, `The id "${id}" must end with its type "${type}".`));
    }
    if (id && id === json.name) {
      findings.push(error('human-friendly-name', file, 'The plugin name must not be its id.'));
    }
    if (id.split('-').length < 3) {
      findings.push(warning('invalid-id-format', file, `The id "${id}" should read org-name-type.`));
    }
    // passes/discoverability and passes/screenshots (warnings upstream).
    if (!text(info.description)) {
      findings.push(warning('empty-description', file, 'info.description is empty.'));
    }
    if (!Array.isArray(info.keywords) || info.keywords.length === 0) {
      findings.push(warning('empty-keywords', file, 'info.keywords is empty.'));
    }
    if (file === 'plugin.json' && (!Array.isArray(info.screenshots) || info.screenshots.length === 0)) {
      findings.push(warning('screenshots', file, 'plugin.json: should include screenshots for the Plugin catalog.'));
    }
    return findings;
  });
}

/**
 * Nested plugins (passes/includesnested): each plugin.json below the root must be declared in the
 * app's `includes` with its path relative to the root and its type. Ours: every include with a path
 * to a plugin.json names a file that exists.
 */
export function checkNested(all: Metadata[], pluginDir: string): Finding[] {
  const root = all.find((m) => m.file === 'plugin.json');
  const nested = all.filter((m) => m.file !== 'plugin.json');
  if (!root || nested.length === 0) {
    return [];
  }
  if (root.json.type !== 'app') {
    return [error('nested-plugin-id-in-non-app', 'plugin.json', 'Nested plugins are only allowed in app plugins.')];
  }
  const includes = (Array.isArray(root.json.includes) ? root.json.includes : []).map(rec);
  const findings: Finding[] = [];
  for (const { file, json } of nested) {
    const include = includes.find((i) => i.path === file);
    if (!include) {
      findings.push(
        error(
          'nested-plugins-not-declared',
          file,
          `Nested plugin ${file} is not declared in plugin.json: add {"type": "${text(json.type)}", "name": "${text(json.name)}", "path": "${file}"} to includes.`
        )
      );
    } else if (!include.type) {
      findings.push(error('nested-plugin-missing-type', file, `The include of ${file} has no type.`));
    } else if (include.type !== json.type) {
      findings.push(
        error(
          'nested-plugin-type-missmatch',
          file,
          `${file} is declared as ${text(include.type)} but is a ${text(json.type)}.`
        )
      );
    }
  }
  for (const include of includes) {
    const path = text(include.path);
    if (path.endsWith('plugin.json') && !existsSync(join(pluginDir, path))) {
      findings.push(error('include-path-not-exists', path, `plugin.json includes ${path}, which is not in the build.`));
    }
  }
  return findings;
}
