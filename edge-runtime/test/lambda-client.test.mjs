import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { LambdaCallError, createLambdaClient, environmentCredentials } from '../src/lambda-client.mjs';
import { createHandler } from '../src/origin-request.mjs';
import { TEST_CREDENTIALS, aliasAnswer, startLambdaServer } from './support/lambda-server.mjs';
import { manualClock, releaseConfig, silentLog } from './support/fixtures.mjs';

const clientOf = (endpoint, dependencies = {}) =>
  createLambdaClient({ lambdaEndpoint: endpoint, region: 'us-east-1' }, { credentials: () => TEST_CREDENTIALS, ...dependencies });

test('invoke POSTs the payload to the qualified function, SigV4-signed, and returns its result', async (t) => {
  const server = await startLambdaServer({ invoke: ({ payload }) => ({ echoed: payload }), alias: () => aliasAnswer('1') });
  t.after(server.close);
  const result = await clientOf(server.endpoint).invoke('edge-deploy-widget', '7', { edgeDeploy: 'weights' });
  assert.deepEqual(result, { echoed: { edgeDeploy: 'weights' } });
  assert.deepEqual(server.calls, [{ action: 'Invoke', functionName: 'edge-deploy-widget', qualifier: '7', payload: { edgeDeploy: 'weights' } }]);
});

test('getAlias GETs the alias, SigV4-signed, and returns the API answer', async (t) => {
  const server = await startLambdaServer({ invoke: () => null, alias: () => aliasAnswer('6', '7', 0.1) });
  t.after(server.close);
  const answer = await clientOf(server.endpoint).getAlias('edge-deploy-widget', 'live');
  assert.equal(answer.FunctionVersion, '6');
  assert.deepEqual(answer.RoutingConfig, { AdditionalVersionWeights: { 7: 0.1 } });
  assert.deepEqual(server.calls, [{ action: 'GetAlias', functionName: 'edge-deploy-widget', alias: 'live' }]);
});

test('a request the server cannot verify, a function error and a 5xx all reject with LambdaCallError', async (t) => {
  const server = await startLambdaServer({ invoke: () => { throw new Error('boom'); }, alias: () => { throw new Error('down'); } });
  t.after(server.close);
  const wrongKey = clientOf(server.endpoint, { credentials: () => ({ ...TEST_CREDENTIALS, secretAccessKey: 'wrong' }) });
  await assert.rejects(wrongKey.getAlias('f', 'live'), (error) => error instanceof LambdaCallError && error.status === 403 && /does not verify/.test(error.message));
  await assert.rejects(clientOf(server.endpoint).invoke('f', '7', {}), (error) => error instanceof LambdaCallError && /Unhandled.*boom/.test(error.message));
  await assert.rejects(clientOf(server.endpoint).getAlias('f', 'live'), (error) => error instanceof LambdaCallError && error.status === 500);
});

test('a call without an answer is abandoned after the timeout, without retrying', async (t) => {
  let requests = 0;
  const silent = createServer(() => { requests += 1; });
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => { silent.closeAllConnections(); silent.close(resolve); }));
  const client = clientOf(`http://127.0.0.1:${silent.address().port}`, { timeoutMs: 50 });
  await assert.rejects(client.invoke('f', '7', {}), (error) => error instanceof LambdaCallError && /no answer within 50 ms/.test(error.message));
  // a retry would arrive after the abort; on a loaded machine even the one call may not reach the server in 50 ms
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(requests <= 1, `${requests} requests: the call was retried`);
});

test('an https endpoint is spoken to over TLS (the production endpoint is https)', async (t) => {
  const firstBytes = [];
  const tcp = createTcpServer((socket) => socket.once('data', (bytes) => { firstBytes.push(bytes); socket.destroy(); }));
  await new Promise((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => tcp.close(resolve)));
  const client = clientOf(`https://127.0.0.1:${tcp.address().port}`, { timeoutMs: 2_000 });
  await assert.rejects(client.invoke('f', '7', {}), LambdaCallError);
  assert.equal(firstBytes.length, 1);
  assert.equal(firstBytes[0][0], 0x16, 'a TLS handshake record, not a plain HTTP request');
  assert.equal(firstBytes[0][5], 0x01, 'a ClientHello');
});

test('credentials come from the reserved Lambda environment variables, and are required', () => {
  assert.deepEqual(environmentCredentials({ AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S', AWS_SESSION_TOKEN: 'T' }),
    { accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' });
  assert.equal(environmentCredentials({ AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S' }).sessionToken, undefined);
  assert.throws(() => environmentCredentials({}), LambdaCallError);
});

test('the handler answers a weights invocation from GetAlias, cached aliasCacheSeconds', async (t) => {
  let alias = aliasAnswer('6', '7', 0.25);
  const server = await startLambdaServer({ invoke: () => null, alias: () => alias });
  t.after(server.close);
  const clock = manualClock();
  const config = releaseConfig({ lambdaEndpoint: server.endpoint, aliasCacheSeconds: 2 });
  const handler = createHandler(config, { lambda: clientOf(server.endpoint, { now: clock.now }), now: clock.now, log: silentLog });

  const first = await handler({ edgeDeploy: 'weights' }, { functionVersion: '7' });
  assert.deepEqual(first, { functionVersion: '6', additionalVersion: '7', weight: 0.25, fetchedAt: clock.now() });
  alias = aliasAnswer('7');
  clock.advance(1_500);
  assert.deepEqual(await handler({ edgeDeploy: 'weights' }, {}), first, 'answered from the cache');
  assert.equal(server.count('GetAlias'), 1);
  clock.advance(500);
  assert.equal((await handler({ edgeDeploy: 'weights' }, {})).functionVersion, '7');
  assert.equal(server.count('GetAlias'), 2);
  assert.deepEqual(server.calls.at(-1), { action: 'GetAlias', functionName: 'edge-deploy-widget', alias: 'live' });
});
