import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { error, warning, type Finding } from './finding';

// passes/templatereadme: the README create-plugin writes.
const TEMPLATE_README = /Grafana (Panel|Data Source|Datasource|App|Data Source Backend) Plugin Template/i;
// passes/jargon: words the catalogue page should not need.
const JARGON = ['yarn', 'nodejs'];

/**
 * LICENSE (passes/license): present, and the Apache-2.0 appendix filled in. The validator also
 * identifies the licence with go-license-detector; here: it must read as the Apache License 2.0.
 */
export function checkLicense(pluginDir: string): Finding[] {
  const file = join(pluginDir, 'LICENSE');
  if (!existsSync(file)) {
    return [error('license-not-provided', 'LICENSE', 'LICENSE file not found')];
  }
  const text = readFileSync(file, 'utf8');
  const findings: Finding[] = [];
  if (!/Apache License\s+Version 2\.0/.test(text)) {
    findings.push(error('license-not-valid', 'LICENSE', 'LICENSE is not the Apache License 2.0 text.'));
  }
  if (text.includes('{name of copyright owner}') || text.includes('{yyyy}')) {
    findings.push(
      warning('license-with-generic-text', 'LICENSE', 'Replace {name of copyright owner} and {yyyy} in LICENSE.')
    );
  }
  return findings;
}

/** README.md (passes/readme, templatereadme, jargon): present, not empty, not the template's. */
export function checkReadme(pluginDir: string): Finding[] {
  const file = join(pluginDir, 'README.md');
  if (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
    return [error('missing-readme', 'README.md', 'README.md is missing or empty.')];
  }
  const text = readFileSync(file, 'utf8');
  const findings: Finding[] = [];
  if (TEMPLATE_README.test(text)) {
    findings.push(error('template-readme', 'README.md', 'README.md: uses README from template'));
  }
  if (/<!--(.*?)-->/.test(text)) {
    findings.push(warning('readme-comment', 'README.md', 'README.md contains comment(s).'));
  }
  const jargon = JARGON.filter((w) => text.includes(w));
  if (jargon.length > 0) {
    findings.push(
      warning('developer-jargon', 'README.md', `README.md contains developer jargon: (${jargon.join(', ')})`)
    );
  }
  return findings;
}

/**
 * CHANGELOG.md (passes/changelog, a warning): present in the archive and not empty.
 * grafana/plugin-validator v0.45.6, pkg/analysis/passes/changelog/changelog.go.
 */
export function checkChangelog(pluginDir: string): Finding[] {
  const file = join(pluginDir, 'CHANGELOG.md');
  if (!existsSync(file)) {
    return [warning('missing-changelog', 'CHANGELOG.md', 'missing CHANGELOG.md')];
  }
  return readFileSync(file, 'utf8').trim() === ''
    ? [warning('missing-changelog', 'CHANGELOG.md', 'CHANGELOG.md is empty')]
    : [];
}

export const checkDocs = (pluginDir: string): Finding[] => [
  ...checkLicense(pluginDir),
  ...checkReadme(pluginDir),
  ...checkChangelog(pluginDir),
];
