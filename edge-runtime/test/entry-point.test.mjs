// Proves the packaged layout works: the runtime's files and edge-config.json side by side,
// loaded through index.mjs exactly as Lambda loads "index.handler".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDnsServer } from './support/dns-server.mjs';
import { edgeConfig, readFixture } from './support/fixtures.mjs';

const sourceDirectory = fileURLToPath(new URL('../src/', import.meta.url));

test('index.handler serves the entry and redirects assets from a bundle directory', async (t) => {
  const dns = await startDnsServer(() => ({ txt: ['eu-west-1'], ttl: 60 }));
  const bundle = mkdtempSync(join(tmpdir(), 'edge-bundle-'));
  t.after(async () => {
    rmSync(bundle, { recursive: true, force: true });
    await dns.close();
  });
  for (const name of readdirSync(sourceDirectory)) cpSync(join(sourceDirectory, name), join(bundle, name), { recursive: true });
  writeFileSync(join(bundle, 'edge-config.json'), JSON.stringify(edgeConfig({ dnsServer: dns.server })));

  const { handler } = await import(pathToFileURL(join(bundle, 'index.mjs')).href);

  const response = await handler(readFixture('origin-request-entry.json'));
  assert.equal(response.status, '200');
  assert.equal(response.body, edgeConfig().builds.green.entry.gzipBase64);
  assert.equal(response.headers['edge-deploy-build'][0].value, '20261124-a1b2c3d');

  const request = await handler(readFixture('origin-request-asset.json'));
  assert.equal(request.origin.s3.domainName, 'b2.s3.eu-west-1.amazonaws.com');
  assert.equal(request.uri, '/assets/20261124-a1b2c3d/main.3f2a.js.br');
  assert.deepEqual(dns.queries, ['bucket.cdn.example.com']);
});
