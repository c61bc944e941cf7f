import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, isRecord } from './files';
import { error, type Finding } from './finding';

/**
 * The archive's layout (pkg/analysis/passes/archive and archivename): one root folder, named after
 * the plugin id, holding plugin.json, with no `dist` folder inside. `archiveRoot` is the folder the
 * zip would unpack to; grafana/plugin-actions package-plugin builds it with `mv dist $PLUGIN_ID`.
 */
export function checkArchive(archiveRoot: string): Finding[] {
  const entries = readdirSync(archiveRoot);
  if (entries.length === 0) {
    return [error('empty-archive', '.', 'The archive is empty.')];
  }
  if (entries.length !== 1) {
    return [error('more-than-one-dir', '.', `The archive holds ${entries.length} entries; it must hold one folder.`)];
  }
  const [root] = entries;
  if (!statSync(join(archiveRoot, root)).isDirectory()) {
    return [error('no-root-dir', root, 'The archive holds a file, not a folder named after the plugin id.')];
  }
  const findings: Finding[] = [];
  if (existsSync(join(archiveRoot, root, 'dist'))) {
    findings.push(error('dist', `${root}/dist`, 'A dist folder inside the root folder: move its content up.'));
  }
  const meta = readJson(join(archiveRoot, root, 'plugin.json'));
  const id = isRecord(meta) && typeof meta.id === 'string' ? meta.id : '';
  if (root === 'dist' || (id !== '' && root !== id)) {
    findings.push(error('no-ident-root-dir', root, `The root folder must be named after the plugin id "${id}".`));
  }
  return findings;
}
