// The beacon endpoint: what it accepts, what it refuses, and the signed PutMetricData it sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { signRequest } from '../src/aws-signature.mjs';
import { createHandler } from '../src/origin-request.mjs';
import { METRIC_NAME, METRIC_NAMESPACE, createMetricClient } from '../src/client-errors.mjs';
import { BEACON_PATH } from '../src/error-beacon.mjs';
import { TEST_CREDENTIALS } from './support/lambda-server.mjs';
import { edgeConfig, entryEvent, readFixture, releaseConfig, silentLog } from './support/fixtures.mjs';

const GREEN = '20261124-a1b2c3d';
const BLUE = '20261120-0000001';
const reporting = () => releaseConfig({ cloudWatchEndpoint: 'https://monitoring.us-east-1.amazonaws.com' });

/** An origin-request event of a beacon: CloudFront hands the body base64 when the association includes it. */
function beaconEvent(body, { method = 'POST', truncated = false } = {}) {
  const event = readFixture('origin-request-asset.json');
  const request = event.Records[0].cf.request;
  request.uri = BEACON_PATH;
  request.method = method;
  if (body !== undefined) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    request.body = { inputTruncated: truncated, action: 'read-only', encoding: 'base64', data: Buffer.from(text).toString('base64') };
  }
  return event;
}

function receiving(config = reporting()) {
  const counted = [];
  const handler = createHandler(config, { log: silentLog, putClientError: async (buildId) => { counted.push(buildId); } });
  return { handler, counted };
}

test('a beacon of a carried build is counted and answered 204, uncached', async () => {
  const { handler, counted } = receiving();
  const green = await handler(beaconEvent({ buildId: GREEN, kind: 'error' }));
  const blue = await handler(beaconEvent({ buildId: BLUE, kind: 'chunk-load' }));
  assert.equal(green.status, '204');
  assert.equal(blue.status, '204');
  assert.equal(green.headers['cache-control'][0].value, 'no-store');
  assert.deepEqual(counted, [GREEN, BLUE]);
});

test('beacons of unknown builds, unknown kinds, non-JSON, oversized or truncated bodies are refused uncounted', async () => {
  const { handler, counted } = receiving();
  const statuses = [];
  for (const event of [
    beaconEvent({ buildId: 'someone-elses-build', kind: 'error' }),
    beaconEvent({ buildId: GREEN, kind: 'anything' }),
    beaconEvent('not json'),
    beaconEvent({ buildId: GREEN, kind: 'error', padding: 'x'.repeat(600) }),
    beaconEvent({ buildId: GREEN, kind: 'error' }, { truncated: true }),
    beaconEvent(undefined),
  ]) statuses.push((await handler(event)).status);
  assert.deepEqual(statuses, ['400', '400', '400', '413', '413', '413']);
  assert.deepEqual(counted, []);
});

test('the beacon path answers only POST', async () => {
  const { handler, counted } = receiving();
  const response = await handler(beaconEvent(undefined, { method: 'GET' }));
  assert.equal(response.status, '405');
  assert.equal(response.headers.allow[0].value, 'POST');
  assert.deepEqual(counted, []);
});

test('a metric that cannot be written still answers 204: the page cannot act on it', async () => {
  const logged = [];
  const handler = createHandler(reporting(), { log: (line) => logged.push(line), putClientError: async () => { throw new Error('throttled'); } });
  assert.equal((await handler(beaconEvent({ buildId: GREEN, kind: 'error' }))).status, '204');
  assert.match(logged.join('\n'), /client error of 20261124-a1b2c3d not counted \(throttled\)/);
});

test('a bundle without a metrics endpoint serves the entry as packaged and has no beacon endpoint', async () => {
  const config = edgeConfig();
  const handler = createHandler(config, { log: silentLog });
  assert.equal((await handler(beaconEvent({ buildId: GREEN, kind: 'error' }))).status, '404');
  const entry = await handler(entryEvent());
  assert.equal(entry.body, config.builds.green.entry.gzipBase64);
});

test('a reporting bundle serves each build its entry with the snippet of that build prepended', async () => {
  const config = reporting();
  const handler = createHandler(config, { log: silentLog });
  const response = await handler(entryEvent('203.0.113.178', { 'edge-deploy-build': [{ key: 'Edge-Deploy-Build', value: BLUE }] }));
  const served = gunzipSync(Buffer.from(response.body, 'base64')).toString('utf8');
  const [snippet, ...rest] = served.split('\n');
  assert.match(snippet, new RegExp(`^\\(function\\(b,w\\).*\\("${BLUE}",window\\);$`));
  assert.equal(rest.join('\n'), config.builds.blue.entry.body);
});

test('PutMetricData is one SigV4-signed (monitoring, us-east-1) Query POST of ClientErrors, FunctionName and BuildId', async (t) => {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const date = request.headers['x-amz-date'];
      const expected = signRequest(
        { method: 'POST', url: `http://${request.headers.host}/`, headers: { 'content-type': request.headers['content-type'] }, body },
        { service: 'monitoring', region: 'us-east-1', credentials: TEST_CREDENTIALS, time: Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) },
      );
      received.push({ verified: expected.headers.authorization === request.headers.authorization, form: Object.fromEntries(new URLSearchParams(body)) });
      response.writeHead(200, { 'content-type': 'text/xml' }).end('<PutMetricDataResponse/>');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const put = createMetricClient(
    { functionName: 'edge-deploy-widget', region: 'us-east-1', cloudWatchEndpoint: `http://127.0.0.1:${server.address().port}` },
    { credentials: () => TEST_CREDENTIALS },
  );
  await put(GREEN);
  assert.equal(received.length, 1);
  assert.ok(received[0].verified, 'the signature verifies');
  assert.deepEqual(received[0].form, {
    Action: 'PutMetricData',
    Version: '2010-08-01',
    Namespace: METRIC_NAMESPACE,
    'MetricData.member.1.MetricName': METRIC_NAME,
    'MetricData.member.1.Value': '1',
    'MetricData.member.1.Unit': 'Count',
    'MetricData.member.1.Dimensions.member.1.Name': 'FunctionName',
    'MetricData.member.1.Dimensions.member.1.Value': 'edge-deploy-widget',
    'MetricData.member.1.Dimensions.member.2.Name': 'BuildId',
    'MetricData.member.1.Dimensions.member.2.Value': GREEN,
  });
});

test('a PutMetricData answered with an error rejects', async (t) => {
  const server = createServer((request, response) => { request.resume(); request.on('end', () => response.writeHead(400).end('<ErrorResponse/>')); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const put = createMetricClient(
    { functionName: 'f', region: 'us-east-1', cloudWatchEndpoint: `http://127.0.0.1:${server.address().port}/` },
    { credentials: () => TEST_CREDENTIALS },
  );
  await assert.rejects(put(GREEN), /PutMetricData answered 400/);
});
