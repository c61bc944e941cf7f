import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newestRelease } from '../registry.mjs';

const HOST = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

/**
 * A registry in the shape `npm view <spec> <fields> --json` answers: per package its versions and,
 * per version, its dependencies. The latest version is the highest listed.
 */
function fakeRegistry(packages) {
  const calls = [];
  const view = async (spec, fields) => {
    calls.push(spec);
    const at = spec.lastIndexOf('@');
    const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
    const pkg = packages[name];
    if (!pkg || (version && !pkg[version])) {
      return undefined;
    }
    const versions = Object.keys(pkg);
    const latest = versions[versions.length - 1];
    const answer = { versions, version: version ?? latest, dependencies: pkg[version ?? latest] };
    return Object.fromEntries(fields.map((f) => [f, answer[f]]));
  };
  return { view, calls };
}

const release = (v, deps = {}) => ({ [v]: deps });
const grafana = (v, extra = {}) => ({
  '@grafana/data': release(v, { '@grafana/schema': v, ...extra }),
  '@grafana/ui': release(v, { '@grafana/data': v, '@grafana/e2e-selectors': v, lodash: '^4.17.21' }),
  '@grafana/runtime': release(v, { '@grafana/data': v, '@grafana/ui': v, '@grafana/e2e-selectors': v }),
});

function merge(...sets) {
  const out = {};
  for (const set of sets) {
    for (const [name, versions] of Object.entries(set)) {
      out[name] = { ...out[name], ...versions };
    }
  }
  return out;
}

test('takes the newest release all host packages share, ignoring canaries and pre-releases', async () => {
  const { view } = fakeRegistry(
    merge(
      grafana('13.2.2'),
      grafana('13.10.0'),
      grafana('13.9.1'),
      { '@grafana/data': release('14.0.0-pre'), '@grafana/ui': release('14.0.0-pre') },
      { '@grafana/data': release('13.11.0-123456'), '@grafana/ui': release('13.11.0-123456') },
      { '@grafana/schema': { ...release('13.2.2'), ...release('13.9.1'), ...release('13.10.0') } },
      { '@grafana/e2e-selectors': { ...release('13.2.2'), ...release('13.9.1'), ...release('13.10.0') } }
    )
  );
  assert.deepEqual(await newestRelease({ packages: HOST, floor: '13.2.0', view }), { version: '13.10.0', skipped: [] });
});

test('a release whose @grafana dependency is not published falls back to the newest installable one', async () => {
  // 13.2.3 as it once was: published, but @grafana/e2e-selectors@13.2.3 was not.
  const { view } = fakeRegistry(
    merge(grafana('13.2.2'), grafana('13.2.3'), {
      '@grafana/schema': { ...release('13.2.2'), ...release('13.2.3') },
      '@grafana/e2e-selectors': release('13.2.2'),
    })
  );
  const newest = await newestRelease({ packages: HOST, floor: '13.2.0', view });
  assert.equal(newest.version, '13.2.2');
  assert.deepEqual(newest.skipped, [
    {
      version: '13.2.3',
      reason:
        '@grafana/e2e-selectors@13.2.3 (needed by @grafana/runtime@13.2.3) is not published; ' +
        '@grafana/e2e-selectors@13.2.3 (needed by @grafana/ui@13.2.3) is not published',
    },
  ]);
});

test('a version one host package lacks is not a candidate', async () => {
  const registry = merge(grafana('13.2.2'), {
    '@grafana/schema': release('13.2.2'),
    '@grafana/e2e-selectors': release('13.2.2'),
    '@grafana/data': release('13.3.0'),
  });
  const { view } = fakeRegistry(registry);
  assert.equal((await newestRelease({ packages: HOST, floor: '13.2.0', view })).version, '13.2.2');
});

test('asks once per package name, and for the latest release reuses the answer it has', async () => {
  const { view, calls } = fakeRegistry(
    merge(grafana('13.2.3'), { '@grafana/schema': release('13.2.3'), '@grafana/e2e-selectors': release('13.2.3') })
  );
  await newestRelease({ packages: HOST, floor: '13.2.0', view });
  assert.deepEqual([...calls].sort(), [
    '@grafana/data',
    '@grafana/e2e-selectors',
    '@grafana/runtime',
    '@grafana/schema',
    '@grafana/ui',
  ]);
});

test('nothing at or above the floor, or nothing installable, is an error that says so', async () => {
  const { view } = fakeRegistry(merge(grafana('12.4.0'), { '@grafana/schema': release('12.4.0') }));
  await assert.rejects(
    newestRelease({ packages: HOST, floor: '13.2.0', view }),
    /at or above 13\.2\.0.*none published/
  );
  await assert.rejects(
    newestRelease({ packages: HOST, floor: '12.0.0', view }),
    /12\.4\.0: @grafana\/e2e-selectors@12\.4\.0 \(needed by @grafana\/runtime@12\.4\.0\) is not published/
  );
});
