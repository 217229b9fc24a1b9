import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { createEntryResponder, selectBuild } from '../src/entry-response.mjs';
import { createHandler } from '../src/origin-request.mjs';
import { edgeConfig, readFixture, requestOf, silentLog } from './support/fixtures.mjs';

const entryRequest = (changes = {}) => Object.assign(requestOf(readFixture('origin-request-entry.json')), changes);
const acceptEncoding = (value) => ({ 'accept-encoding': [{ key: 'Accept-Encoding', value }] });
const single = (headers, name) => {
  assert.equal(headers[name]?.length, 1, `exactly one ${name} header`);
  return headers[name][0];
};

test('the fixture config is consistent: its gzip and sha256 describe its body', () => {
  const entry = edgeConfig().builds.green.entry;
  assert.equal(gunzipSync(Buffer.from(entry.gzipBase64, 'base64')).toString('utf8'), entry.body);
  assert.equal(createHash('sha256').update(entry.body).digest('hex'), entry.sha256);
});

test('serves the precomputed gzip as base64 when the viewer accepts gzip', () => {
  const config = edgeConfig();
  const response = createEntryResponder(config)(entryRequest({ headers: acceptEncoding('br,gzip') }));
  assert.equal(response.status, '200');
  assert.equal(response.statusDescription, 'OK');
  assert.equal(response.bodyEncoding, 'base64');
  assert.equal(response.body, config.builds.green.entry.gzipBase64);
  assert.deepEqual(single(response.headers, 'content-encoding'), { key: 'Content-Encoding', value: 'gzip' });
  assert.equal(gunzipSync(Buffer.from(response.body, 'base64')).toString('utf8'), config.builds.green.entry.body);
});

test('serves the identity text without content-encoding when gzip is not accepted', () => {
  const config = edgeConfig();
  for (const headers of [{}, acceptEncoding('br'), acceptEncoding('gzip;q=0, identity')]) {
    const response = createEntryResponder(config)(entryRequest({ headers }));
    assert.equal(response.status, '200');
    assert.equal(response.bodyEncoding, 'text');
    assert.equal(response.body, config.builds.green.entry.body);
    assert.equal(response.headers['content-encoding'], undefined);
  }
});

test('sets every entry header in CloudFront shape', () => {
  const config = edgeConfig();
  config.cors.allowOrigin = 'https://host.example';
  const response = createEntryResponder(config)(entryRequest());
  const expected = {
    'content-type': { key: 'Content-Type', value: 'application/javascript; charset=utf-8' },
    'cache-control': { key: 'Cache-Control', value: 'no-cache' },
    'x-content-type-options': { key: 'X-Content-Type-Options', value: 'nosniff' },
    vary: { key: 'Vary', value: 'Accept-Encoding' },
    'access-control-allow-origin': { key: 'Access-Control-Allow-Origin', value: 'https://host.example' },
    'timing-allow-origin': { key: 'Timing-Allow-Origin', value: 'https://host.example' },
    'edge-deploy-build': { key: 'Edge-Deploy-Build', value: '20261124-a1b2c3d' },
    'content-encoding': { key: 'Content-Encoding', value: 'gzip' },
  };
  assert.deepEqual(Object.keys(response.headers).sort(), Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected)) assert.deepEqual(single(response.headers, name), value);
  for (const [name, [{ key }]] of Object.entries(response.headers)) assert.equal(key.toLowerCase(), name);
});

test('adds no header CloudFront forbids functions to add', () => {
  const response = createEntryResponder(edgeConfig())(entryRequest());
  for (const name of Object.keys(response.headers)) {
    assert.doesNotMatch(name, /^(x-edge-|x-amz-cf-|x-amzn-|connection$|transfer-encoding$|via$|content-length$)/);
  }
});

test('answers HEAD like GET', () => {
  const responder = createEntryResponder(edgeConfig());
  assert.deepEqual(responder(entryRequest({ method: 'HEAD' })), responder(entryRequest({ method: 'GET' })));
});

test('refuses other methods with 405 naming the allowed ones', () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
    const response = createEntryResponder(edgeConfig())(entryRequest({ method }));
    assert.equal(response.status, '405');
    assert.equal(response.statusDescription, 'Method Not Allowed');
    assert.deepEqual(single(response.headers, 'allow'), { key: 'Allow', value: 'GET, HEAD' });
    assert.equal(response.headers['edge-deploy-build'], undefined);
  }
});

test('selectBuild serves the green build, and the response names it', () => {
  const config = edgeConfig();
  config.builds.green.buildId = '20261125-ffff000';
  assert.equal(selectBuild(config, entryRequest()), config.builds.green);
  const response = createEntryResponder(config)(entryRequest());
  assert.equal(single(response.headers, 'edge-deploy-build').value, '20261125-ffff000');
});

test('the handler answers the entry path with a generated response', async () => {
  const handler = createHandler(edgeConfig(), { log: silentLog });
  const response = await handler(readFixture('origin-request-entry.json'));
  assert.equal(response.status, '200');
  assert.equal(response.bodyEncoding, 'base64');
});

test('the handler passes any other uri on to the origin redirect', async () => {
  const config = edgeConfig();
  const handler = createHandler(config, {
    queryTxt: async () => ({ value: 'eu-west-1', ttlSeconds: 60 }),
    log: silentLog,
  });
  const event = readFixture('origin-request-entry.json');
  requestOf(event).uri = '/assets/20261124-a1b2c3d/index.js';
  const result = await handler(event);
  assert.equal(result.status, undefined, 'a request, not a generated response');
  assert.equal(result.uri, '/assets/20261124-a1b2c3d/index.js.gz');
  assert.equal(result.origin.s3.domainName, 'b2.s3.eu-west-1.amazonaws.com');
});

test('refuses at cold start a config this runtime cannot read', () => {
  const config = edgeConfig();
  config.schemaVersion = 3;
  delete config.builds.green.entry.gzipBase64;
  assert.throws(() => createHandler(config), /schemaVersion is 3.*builds\.green\.entry\.gzipBase64 is missing/);
});
