// The handlers as they ship: build.mjs bundles src/ with esbuild, and the renderer zips that output with
// edge-config.json. These tests build into a temporary directory and load it as Lambda does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDnsServer } from './support/dns-server.mjs';
import { edgeConfig, readFixture, releaseConfig } from './support/fixtures.mjs';

const buildScript = fileURLToPath(new URL('../build.mjs', import.meta.url));

function bundled(t, config) {
  const directory = mkdtempSync(join(tmpdir(), 'edge-bundled-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  execFileSync(process.execPath, [buildScript, directory], { stdio: 'pipe' });
  if (config) writeFileSync(join(directory, 'edge-config.json'), JSON.stringify(config));
  return directory;
}

test('the bundle serves the entry and redirects assets like the sources', async (t) => {
  const dns = await startDnsServer(() => ({ txt: ['eu-west-1'], ttl: 60 }));
  t.after(() => dns.close());
  const directory = bundled(t, edgeConfig({ dnsServer: dns.server }));
  const { handler } = await import(pathToFileURL(join(directory, 'index.mjs')).href);

  const response = await handler(readFixture('origin-request-entry.json'));
  assert.equal(response.status, '200');
  assert.equal(response.body, edgeConfig().builds.green.entry.gzipBase64);
  const request = await handler(readFixture('origin-request-asset.json'));
  assert.equal(request.origin.s3.domainName, 'b2.s3.eu-west-1.amazonaws.com');
  assert.equal(request.uri, '/assets/20261124-a1b2c3d/main.3f2a.js.br');
});

test('a cold start of the bundle loads index.mjs and its shared chunk only; each client loads with its first request', (t) => {
  const directory = bundled(t, releaseConfig({}, { dnsServer: '127.0.0.1:9', lookupTimeoutMs: 50 }));
  const script = `
    const builtIns = () => process.moduleLoadList.filter((m) => /^NativeModule (dgram|https|http|dns)$/.test(m)).map((m) => m.slice(13)).sort();
    const before = builtIns();
    const { handler } = await import(${JSON.stringify(pathToFileURL(join(directory, 'index.mjs')).href)});
    const atColdStart = builtIns().filter((m) => !before.includes(m));
    await handler(${JSON.stringify(readFixture('origin-request-asset.json'))});
    const afterAsset = builtIns().filter((m) => !before.includes(m));
    console.log(JSON.stringify({ atColdStart, afterAsset }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.deepEqual(out.atColdStart, []);
  assert.ok(out.afterAsset.includes('dgram'), `the first asset request loads the DNS client (${out.afterAsset})`);
  assert.ok(!out.afterAsset.includes('https'), 'an asset request never loads the Lambda client');

  const index = readFileSync(join(directory, 'index.mjs'), 'utf8');
  const staticImports = [...index.matchAll(/^import\s[^;]*?from\s+"(\.\/[^"]+)"/gm)].map((m) => m[1]);
  assert.ok(staticImports.length <= 1, `index.mjs statically imports at most one chunk of ours: ${staticImports}`);
  for (const lazy of ['lambda-client', 's3-object-client', 'dns-txt-query', 'client-errors']) {
    assert.ok(readdirSync(directory).some((name) => name.startsWith(`${lazy}-`)), `${lazy} stays a file of its own`);
    assert.ok(!staticImports.some((name) => name.includes(lazy)), `index.mjs does not import ${lazy} at cold start`);
  }
});

test('two builds of the same sources are byte for byte the same (the Lambda code hash does not move)', (t) => {
  const first = bundled(t);
  const second = bundled(t);
  const files = (directory) => readdirSync(directory).sort().map((name) => [name, readFileSync(join(directory, name), 'utf8')]);
  assert.deepEqual(files(second), files(first));
  assert.ok(files(first).every(([name]) => /^[a-z0-9-]+(-[A-Z0-9]+)?\.mjs$/.test(name)), 'only .mjs modules');
});
