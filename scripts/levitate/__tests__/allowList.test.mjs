import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { allowListProblems, applyAllowList } from '../allowList.mjs';

const entry = {
  package: '@grafana/data',
  export: 'AppPlugin.addLink',
  kind: 'changed',
  installed: '13.2.2',
  target: '12.4.0',
  reason: 'Only the import style differs.',
};
const finding = (over = {}) => ({
  package: '@grafana/data',
  export: 'AppPlugin.addLink',
  kind: 'changed',
  installed: '13.2.2',
  target: '12.4.0',
  file: 'src/module.tsx:63',
  detail: '',
  ...over,
});

test('the project allow-list is well formed', () => {
  const list = JSON.parse(readFileSync(new URL('../../../config/levitate-allow.json', import.meta.url), 'utf8'));
  assert.deepEqual(allowListProblems(list), []);
});

test('an entry without a reason, with a reason of two lines or with an unknown kind is refused', () => {
  assert.deepEqual(allowListProblems({}), ['the allow-list needs an "allowed" array']);
  const problems = allowListProblems({
    allowed: [
      { ...entry, reason: '' },
      { ...entry, reason: 'first line\nsecond line' },
      { ...entry, kind: 'added' },
      { package: '@grafana/ui' },
    ],
  });
  assert.ok(problems.includes('allowed[0]: "reason" must be a non-empty string'));
  assert.ok(problems.includes('allowed[1]: "reason" must be one line'));
  assert.ok(problems.includes('allowed[2]: "kind" must be "changed" or "removed"'));
  assert.ok(problems.includes('allowed[3]: "export" must be a non-empty string'));
  assert.ok(problems.includes('allowed[3]: "target" must be a non-empty string'));
});

test('a finding passes only when an entry names it exactly, and unmatched entries are listed', () => {
  const stale = { ...entry, export: 'AppPlugin.exposeComponent' };
  const { allowed, failures, unused } = applyAllowList(
    [
      finding(),
      finding({ file: 'src/other.tsx:3' }),
      finding({ target: '13.2.3' }),
      finding({ installed: '13.3.0' }),
      finding({ kind: 'removed' }),
      finding({ package: '@grafana/ui', export: 'PageLoader', kind: 'removed' }),
    ],
    { allowed: [entry, stale] }
  );
  assert.deepEqual(
    allowed.map((a) => [a.item.file, a.reason]),
    [
      ['src/module.tsx:63', entry.reason],
      ['src/other.tsx:3', entry.reason],
    ]
  );
  assert.deepEqual(
    failures.map((f) => [f.package, f.export, f.kind, f.installed, f.target]),
    [
      ['@grafana/data', 'AppPlugin.addLink', 'changed', '13.2.2', '13.2.3'],
      ['@grafana/data', 'AppPlugin.addLink', 'changed', '13.3.0', '12.4.0'],
      ['@grafana/data', 'AppPlugin.addLink', 'removed', '13.2.2', '12.4.0'],
      ['@grafana/ui', 'PageLoader', 'removed', '13.2.2', '12.4.0'],
    ]
  );
  assert.deepEqual(unused, [stale]);
});
