import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOriginRedirect, variantUri } from '../src/origin-redirect.mjs';
import { createHandler } from '../src/origin-request.mjs';
import { acceptedEncodings } from '../src/accept-encoding.mjs';
import { startDnsServer } from './support/dns-server.mjs';
import { edgeConfig, readFixture, requestOf, silentLog } from './support/fixtures.mjs';

const EU = { region: 'eu-west-1', bucket: 'b2', domainName: 'b2.s3.eu-west-1.amazonaws.com' };
const compression = edgeConfig().compression;
const accepting = (value) => acceptedEncodings({ 'accept-encoding': [{ key: 'Accept-Encoding', value }] });
const assetEvent = () => readFixture('origin-request-asset.json');

test('points the S3 origin and the Host header at the nearest bucket found over DNS', async (t) => {
  const dns = await startDnsServer(() => ({ txt: ['eu-west-1'], ttl: 300 }));
  t.after(dns.close);
  const handler = createHandler(edgeConfig({ dnsServer: dns.server }), { log: silentLog });
  const request = await handler(assetEvent());
  assert.deepEqual(request.origin.s3, {
    authMethod: 'origin-access-identity',
    customHeaders: {},
    domainName: EU.domainName,
    path: '',
    region: 'eu-west-1',
  });
  assert.deepEqual(request.headers.host, [{ key: 'Host', value: EU.domainName }]);
  assert.equal(request.uri, '/assets/20261124-a1b2c3d/main.3f2a.js.br');
  assert.equal(request.headers['user-agent'][0].value, 'Amazon CloudFront', 'other headers are kept');
});

test('prefers br, then gzip, then identity', () => {
  const uri = '/assets/20261124-a1b2c3d/main.js';
  assert.equal(variantUri(uri, accepting('br,gzip'), compression), `${uri}.br`);
  assert.equal(variantUri(uri, accepting('gzip, br'), compression), `${uri}.br`);
  assert.equal(variantUri(uri, accepting('gzip'), compression), `${uri}.gz`);
  assert.equal(variantUri(uri, accepting('br;q=0, gzip'), compression), `${uri}.gz`);
  assert.equal(variantUri(uri, accepting('identity'), compression), uri);
  assert.equal(variantUri(uri, new Set(), compression), uri);
});

test('never asks for a variant of the build manifest, which is stored once', () => {
  const uri = '/assets/20261124-a1b2c3d/_edge-manifest.json';
  assert.equal(variantUri(uri, accepting('br,gzip'), compression), uri);
  assert.equal(variantUri('/assets/20261124-a1b2c3d/data.json', accepting('br,gzip'), compression),
    '/assets/20261124-a1b2c3d/data.json.br');
});

test('asks only for encodings the packager stored', () => {
  const uri = '/assets/20261124-a1b2c3d/app.css';
  const gzipOnly = { ...compression, encodings: ['gzip'] };
  assert.equal(variantUri(uri, accepting('br,gzip'), gzipOnly), `${uri}.gz`);
  assert.equal(variantUri(uri, accepting('br'), gzipOnly), uri);
  assert.equal(variantUri(uri, accepting('br,gzip'), { ...compression, encodings: [] }), uri);
});

test('leaves incompressible and extension-less files as they are', () => {
  for (const uri of ['/assets/b/logo.png', '/assets/b/font.woff2', '/assets/b/LICENSE', '/assets/b/.hidden', '/assets/b.v2/chunk']) {
    assert.equal(variantUri(uri, accepting('br,gzip'), compression), uri);
  }
  assert.equal(variantUri('/assets/b/Data.JSON', accepting('gzip'), compression), '/assets/b/Data.JSON.gz');
});

test('returns a request for a custom origin untouched', async () => {
  let lookups = 0;
  const handler = createHandler(edgeConfig(), { queryTxt: async () => { lookups++; return { value: 'eu-west-1', ttlSeconds: 60 }; }, log: silentLog });
  const result = await handler(readFixture('origin-request-custom.json'));
  assert.deepEqual(result, requestOf(readFixture('origin-request-custom.json')));
  assert.equal(lookups, 0);
});

test('returns a request outside /assets/ untouched', async () => {
  const handler = createHandler(edgeConfig(), { queryTxt: async () => ({ value: 'eu-west-1', ttlSeconds: 60 }), log: silentLog });
  const event = assetEvent();
  requestOf(event).uri = '/robots.txt';
  const expected = structuredClone(requestOf(event));
  assert.deepEqual(await handler(event), expected);
});

test('never throws with a broken dnsServer: the request goes to the primary', async () => {
  const handler = createHandler(edgeConfig({ dnsServer: 'not a server:port', lookupTimeoutMs: 50 }), { log: silentLog });
  const event = assetEvent();
  requestOf(event).origin.s3.domainName = 'somewhere.s3.ap-south-1.amazonaws.com';
  const request = await handler(event);
  assert.equal(request.origin.s3.domainName, 'b1.s3.us-east-1.amazonaws.com');
  assert.equal(request.origin.s3.region, 'us-east-1');
  assert.deepEqual(request.headers.host, [{ key: 'Host', value: 'b1.s3.us-east-1.amazonaws.com' }]);
});

test('keeps the uri and uses the primary when the bucket lookup itself fails', async () => {
  const logged = [];
  const redirect = createOriginRedirect(edgeConfig(), {
    nearestBucket: () => { throw new Error('boom'); },
    log: (line) => logged.push(line),
  });
  const request = await redirect(requestOf(assetEvent()));
  assert.equal(request.uri, '/assets/20261124-a1b2c3d/main.3f2a.js');
  assert.equal(request.origin.s3.domainName, 'b1.s3.us-east-1.amazonaws.com');
  assert.match(logged.join('\n'), /boom/);
});

test('never throws for a malformed event', async () => {
  const handler = createHandler(edgeConfig(), { queryTxt: async () => { throw new Error('unreachable'); }, log: silentLog });
  for (const event of [undefined, {}, { Records: [] }, { Records: [{ cf: {} }] }]) {
    await assert.doesNotReject(handler(event));
  }
  const headerless = assetEvent();
  delete requestOf(headerless).headers;
  const request = await handler(headerless);
  assert.equal(request.uri, '/assets/20261124-a1b2c3d/main.3f2a.js');
  assert.deepEqual(request.headers.host, [{ key: 'Host', value: 'b1.s3.us-east-1.amazonaws.com' }]);
});
