import { join } from 'node:path';
import { listFiles, readJson, isRecord } from './files';
import { error, type Finding, type Metadata } from './finding';
import { checkDocs } from './docRules';
import { checkLogos, checkSvgSafety } from './logoRules';
import { checkMetadata, checkNested } from './metadataRules';
import { checkSourceMaps } from './sourceMapRules';

export interface PluginInputs {
  /** The built plugin (dist/): what the archive's root folder holds. */
  pluginDir: string;
  /** The source code the source maps must match (src/). */
  sourceDir: string;
  /** package.json's version. */
  packageVersion: string;
  /** SHA-256 of logos that are a template's (default: create-plugin's). */
  templateLogoHashes?: string[];
}

/**
 * The rules of @grafana/plugin-validator v0.31.0 that apply to a frontend app with a nested panel,
 * checked against a built plugin folder. Rules that need grafana.com (published versions, Angular
 * patterns) or a backend (Go, binaries) do not apply and are left out.
 */
export function checkPlugin(inputs: PluginInputs): Finding[] {
  const { pluginDir, sourceDir, packageVersion, templateLogoHashes } = inputs;
  const files = listFiles(pluginDir);
  const metadata: Metadata[] = [];
  const findings: Finding[] = [];
  for (const file of files.filter((f) => f === 'plugin.json' || f.endsWith('/plugin.json'))) {
    const json = readJson(join(pluginDir, file));
    if (isRecord(json)) {
      metadata.push({ file, json });
    } else {
      findings.push(error('invalid-metadata', file, 'plugin.json does not parse as a JSON object.'));
    }
  }
  const root = metadata.find((m) => m.file === 'plugin.json');
  if (!root) {
    return [...findings, error('missing-metadata', 'plugin.json', 'missing plugin.json')];
  }
  return [
    ...findings,
    ...checkMetadata(metadata, packageVersion),
    ...checkNested(metadata, pluginDir),
    ...checkLogos(metadata, pluginDir, templateLogoHashes),
    ...checkSvgSafety(files, pluginDir),
    ...checkSourceMaps(files, pluginDir, sourceDir, String(root.json.id ?? '')),
    ...checkDocs(pluginDir),
  ];
}
