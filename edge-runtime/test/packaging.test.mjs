import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const moduleDirectory = new URL('../', import.meta.url);
const sourceDirectory = fileURLToPath(new URL('src/', moduleDirectory));

test('src/ holds only flat .mjs modules that import (statically or lazily) nothing but node: built-ins and each other', () => {
  for (const name of readdirSync(sourceDirectory)) {
    assert.ok(statSync(sourceDirectory + name).isFile(), `${name} is a file`);
    assert.match(name, /^[a-z0-9-]+\.mjs$/, `${name} is a runtime module, not a test or fixture`);
    const source = readFileSync(sourceDirectory + name, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:\bfrom\s+|\bimport\()'([^']+)'/g)) {
      assert.match(specifier, /^(node:|\.\/[a-z0-9-]+\.mjs$)/, `${name} imports ${specifier}`);
    }
  }
});

test('a cold start loads neither the DNS client nor the HTTP client: each loads with the first request that needs it', async () => {
  const { execFileSync } = await import('node:child_process');
  // In a fresh node, as a new container: build the handler of a release, list the built-in
  // modules loaded, answer one asset request, list them again.
  const script = `
    const loaded = () => process.moduleLoadList.filter((m) => /^NativeModule (dgram|https|http|dns)$/.test(m)).map((m) => m.slice(13)).sort();
    const before = loaded();
    const { createHandler } = await import(${JSON.stringify(new URL('../src/origin-request.mjs', import.meta.url).href)});
    const { releaseConfig, readFixture } = await import(${JSON.stringify(new URL('./support/fixtures.mjs', import.meta.url).href)});
    const handler = createHandler(releaseConfig({}, { dnsServer: '127.0.0.1:9', lookupTimeoutMs: 50 }), { log: () => {} });
    const atColdStart = loaded().filter((m) => !before.includes(m));
    await handler(readFixture('origin-request-asset.json'));
    const afterAsset = loaded().filter((m) => !before.includes(m));
    console.log(JSON.stringify({ atColdStart, afterAsset }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.deepEqual(out.atColdStart, []);
  assert.ok(out.afterAsset.includes('dgram'), `the first asset request loads the DNS client (${out.afterAsset})`);
  assert.ok(!out.afterAsset.includes('https'), 'an asset request never loads the Lambda client');
});
