import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { isRecord } from './files';
import { error, type Finding, type Metadata } from './finding';
import { drawsSomething, parseSvg, unsafeSvgReason } from './svg';

/**
 * SHA-256 of the create-plugin template's logo: grafana/plugin-tools
 * packages/create-plugin/templates/common/src/img/logo.svg (unchanged since ab5a177b9, 2022-10; the
 * scenes-app template's is the same file). A plugin shipped with it looks like every other template.
 */
export const TEMPLATE_LOGO_SHA256 = '1defc6f7e585c67657bcfd8fddc599ee7dfa82f8674413f49fa274c2cd453ec6';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Logos and other images plugin.json names (passes/logos, passes/metadatapaths): present, relative to
 * their plugin.json without a leading "." or "/", existing. Ours: a logo is a well-formed SVG that
 * draws something, is not the template's, and a nested plugin's logo is not the app's.
 */
export function checkLogos(all: Metadata[], pluginDir: string, templateHashes = [TEMPLATE_LOGO_SHA256]): Finding[] {
  const findings: Finding[] = [];
  const logoHashes = new Map<string, string>();
  for (const { file, json } of all) {
    const info = isRecord(json.info) ? json.info : {};
    const logos = isRecord(info.logos) ? info.logos : {};
    const screenshots = Array.isArray(info.screenshots) ? info.screenshots.filter(isRecord) : [];
    const paths: Array<[string, unknown]> = [
      ['small logo', logos.small],
      ['large logo', logos.large],
      ...screenshots.map((s): [string, unknown] => ['screenshot', s.path]),
    ];
    const checked = new Set<string>();
    for (const [kind, value] of paths) {
      const path = typeof value === 'string' ? value.trim() : '';
      if (path !== '' && checked.has(path)) {
        continue; // small and large are often the same image
      }
      checked.add(path);
      if (path === '') {
        findings.push(error('logos', file, `plugin.json: invalid empty ${kind} path for ${file}`));
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
        findings.push(error('path-relative-to-metadata', file, `${kind} path should be relative: ${path}`));
        continue;
      }
      if (path.startsWith('.') || path.startsWith('/')) {
        findings.push(error('invalid-relative-path', file, `${kind} path should not start with "." or "/": ${path}`));
        continue;
      }
      const rel = posix.join(posix.dirname(file), path);
      const full = join(pluginDir, rel);
      if (!existsSync(full)) {
        findings.push(error('path-not-exists', rel, `plugin.json: ${kind} path doesn't exist: ${rel}`));
        continue;
      }
      if (kind === 'screenshot') {
        findings.push(...checkScreenshotFile(rel, readFileSync(full)));
      } else {
        const content = readFileSync(full);
        findings.push(...checkLogoFile(rel, content, templateHashes));
        const owner = logoHashes.get(sha256(content));
        if (owner && owner !== file) {
          findings.push(error('logos-not-distinct', rel, `The logo of ${file} is the same image as ${owner}'s.`));
        }
        logoHashes.set(sha256(content), file);
      }
    }
  }
  return findings;
}

/**
 * passes/screenshots (screenshots-image-type, an error): the content is a PNG, JPEG, GIF or SVG image,
 * as Go's http.DetectContentType reads its first 512 bytes, and its extension names that type
 * (mime.TypeByExtension). grafana/plugin-validator v0.45.6, pkg/analysis/passes/screenshots/screenshots.go.
 */
export function screenshotType(content: Buffer): string | undefined {
  const head = content.subarray(0, 512);
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) {
    return 'image/jpeg';
  }
  if (/^GIF8[79]a/.test(head.subarray(0, 6).toString('latin1'))) {
    return 'image/gif';
  }
  return head.toString('utf8').includes('<svg') ? 'image/svg+xml' : undefined;
}

const EXTENSION_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

function checkScreenshotFile(rel: string, content: Buffer): Finding[] {
  const type = screenshotType(content);
  if (!type) {
    return [
      error('screenshots-image-type', rel, `invalid screenshot image: ${rel}. Use a PNG, JPEG, GIF or SVG image.`),
    ];
  }
  const expected = EXTENSION_TYPES[posix.extname(rel).toLowerCase()];
  if (expected !== type) {
    return [
      error('screenshots-image-type', rel, `screenshot image ${rel} has the wrong extension for a ${type} image.`),
    ];
  }
  return [];
}

function checkLogoFile(rel: string, content: Buffer, templateHashes: string[]): Finding[] {
  if (!rel.endsWith('.svg')) {
    return [error('logo-not-svg', rel, 'A logo must be an SVG image.')];
  }
  const doc = parseSvg(content.toString('utf8'));
  if (typeof doc === 'string') {
    return [error('logo-not-svg', rel, `The logo is not an SVG image: ${doc}.`)];
  }
  const findings: Finding[] = [];
  if (!drawsSomething(doc)) {
    findings.push(error('logo-empty', rel, 'The logo draws nothing.'));
  }
  if (templateHashes.includes(sha256(content))) {
    findings.push(error('logo-from-template', rel, "The logo is create-plugin's template logo: draw your own."));
  }
  return findings;
}

/** Every SVG in the build (passes/unsafesvg): no forbidden element, no event-handler attribute. */
export function checkSvgSafety(files: string[], pluginDir: string): Finding[] {
  return files
    .filter((f) => f.endsWith('.svg'))
    .flatMap((f) => {
      const doc = parseSvg(readFileSync(join(pluginDir, f), 'utf8'));
      const reason = typeof doc === 'string' ? doc : unsafeSvgReason(doc);
      return reason ? [error('unsafe-svg-file', f, `SVG file ${f} is unsafe: ${reason}`)] : [];
    });
}
