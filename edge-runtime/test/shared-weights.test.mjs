import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLAIM_SECONDS, createSharedWeightsAnswer, createWeightsAnswer, weightsObjectKey } from '../src/weights.mjs';
import { createS3ObjectClient } from '../src/s3-object-client.mjs';
import { createHandler } from '../src/origin-request.mjs';
import { TEST_CREDENTIALS } from './support/lambda-server.mjs';
import { startS3Server } from './support/s3-server.mjs';
import { manualClock, releaseConfig, silentLog } from './support/fixtures.mjs';

const BUCKET = 'edge-deploy-primary';
const release = { functionName: 'edge-deploy-widget', alias: 'live', region: 'us-east-1', aliasCacheSeconds: 2, weightsBucket: BUCKET };

/** A manual clock whose sleep(ms) moves it on: a lone waiter sees time pass without waiting. */
function steppingClock() {
  const clock = manualClock();
  return { ...clock, sleep: async (ms) => clock.advance(ms) };
}

/** The real clock, for containers that answer concurrently and wait for each other. */
const realClock = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** n regional containers sharing the S3 server, one GetAlias counter, one clock. */
function regionalContainers(n, s3, clock, alias, settings = release) {
  const calls = { shared: 0, own: 0 };
  const objects = createS3ObjectClient({ ...settings, s3Endpoint: s3.endpoint }, { credentials: () => TEST_CREDENTIALS, now: clock.now });
  return {
    calls,
    answers: Array.from({ length: n }, () => {
      const getAlias = async () => { calls.shared += 1; return alias(); };
      const ownGetAlias = async () => { calls.own += 1; return alias(); };
      const fallback = createWeightsAnswer(settings, { getAlias: ownGetAlias, now: clock.now });
      return createSharedWeightsAnswer(settings, { getAlias, objects, fallback, now: clock.now, sleep: clock.sleep, log: silentLog });
    }),
  };
}

test('regional containers share one GetAlias per aliasCacheSeconds, however many they are', async (t) => {
  const s3 = await startS3Server(BUCKET);
  t.after(() => s3.close());
  const clock = steppingClock();
  let weight = 0.1;
  const { answers, calls } = regionalContainers(40, s3, clock, () => ({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { 7: weight } } }));
  for (let second = 0; second < 20; second += 0.25) {
    if (second === 10) weight = 0.2;
    // every container answers a probe every quarter second, in turns
    const states = [];
    for (const answer of answers) states.push(await answer());
    for (const state of states) {
      assert.equal(state.functionVersion, '6');
      assert.ok(clock.now() - state.fetchedAt < 2 * 1000, 'never staler than aliasCacheSeconds');
    }
    clock.advance(250);
  }
  assert.ok(calls.shared >= 9 && calls.shared <= 11, `about one GetAlias per 2 s over 20 s, got ${calls.shared}`);
  assert.equal(calls.own, 0, 'no container fell back to its own GetAlias');
  assert.equal((await answers[17]()).weight, 0.2, 'the new weight reached every container');
  assert.ok(s3.objects.has(weightsObjectKey(release)));
  assert.equal(weightsObjectKey(release), '_edge-deploy/weights/edge-deploy-widget-live.json');
});

test('concurrent stale readers elect one refresher with conditional writes; the others wait for its fresh state', async (t) => {
  const s3 = await startS3Server(BUCKET);
  t.after(() => s3.close());
  const settings = { ...release, aliasCacheSeconds: 0.3 };
  let functionVersion = '6';
  const { answers, calls } = regionalContainers(10, s3, realClock, () => ({ FunctionVersion: functionVersion }), settings);
  const first = await Promise.all(answers.map((answer) => answer()));
  assert.ok(s3.calls.some((call) => call.method === 'PUT' && call.ifNoneMatch === '*'), 'the absent object is created with If-None-Match: *');
  assert.equal(calls.shared, 1, 'one container won the creation and asked GetAlias');
  assert.equal(calls.own, 0, 'the others waited for what it shared');
  assert.ok(first.every((state) => state.functionVersion === '6'));

  // The object then sits unread far longer than the cache, as between two bursts of traffic.
  await realClock.sleep(1_000);
  functionVersion = '7';
  const states = await Promise.all(answers.map((answer) => answer()));
  assert.equal(calls.shared, 2, 'one GetAlias for ten stale containers');
  assert.equal(calls.own, 0);
  assert.deepEqual(states.map((state) => state.functionVersion), Array(10).fill('7'), 'no container answered the old state it read');
  const claims = s3.calls.filter((call) => call.method === 'PUT' && call.ifMatch !== undefined);
  assert.ok(claims.length >= 2, 'claims and the write-back are conditional on the ETag read');
});

test('a claim whose winner died lapses after CLAIM_SECONDS and another container refreshes', async (t) => {
  const s3 = await startS3Server(BUCKET);
  t.after(() => s3.close());
  const clock = steppingClock();
  let fail = false;
  const { answers, calls } = regionalContainers(2, s3, clock, () => {
    if (fail) throw new Error('throttled');
    return { FunctionVersion: '6' };
  });
  await answers[0]();
  clock.advance(3_000);
  fail = true;
  await assert.rejects(answers[0](), /throttled/, 'the winner whose GetAlias failed leaves its claim behind');
  fail = false;
  assert.equal((await answers[1]()).functionVersion, '6', 'under a live claim nothing fresh came: its own GetAlias');
  assert.equal(calls.shared, 2);
  assert.equal(calls.own, 1);
  clock.advance(CLAIM_SECONDS * 1000);
  await answers[1]();
  assert.equal(calls.shared, 3, 'the lapsed claim is taken over');
});

test('when S3 fails, a regional container asks GetAlias itself with its own cache, and tries S3 again later', async (t) => {
  const s3 = await startS3Server(BUCKET);
  t.after(() => s3.close());
  const clock = manualClock();
  const { answers, calls } = regionalContainers(1, s3, clock, () => ({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { 7: 0.5 } } }));
  s3.failing = true;
  assert.equal((await answers[0]()).weight, 0.5);
  assert.equal(calls.own, 1);
  const s3Calls = s3.calls.length;
  clock.advance(1_000);
  await answers[0]();
  assert.equal(s3.calls.length, s3Calls, 'S3 is left alone for aliasCacheSeconds');
  s3.failing = false;
  clock.advance(1_500);
  await answers[0]();
  assert.equal(calls.shared, 1, 'back on the shared object');
  assert.equal(calls.own, 1);
});

test('an unreachable S3 endpoint falls back to GetAlias rather than failing the weights answer', async () => {
  const clock = manualClock();
  const closed = await startS3Server(BUCKET);
  await closed.close();
  const { answers, calls } = regionalContainers(1, closed, clock, () => ({ FunctionVersion: '9' }));
  assert.equal((await answers[0]()).functionVersion, '9');
  assert.equal(calls.own, 1);
});

test('the handler answers the weights request through the bucket the config names', async (t) => {
  const s3 = await startS3Server(BUCKET);
  t.after(() => s3.close());
  const config = releaseConfig({ weightsBucket: BUCKET, s3Endpoint: s3.endpoint });
  let getAliasCalls = 0;
  const lambda = { getAlias: async () => { getAliasCalls += 1; return { FunctionVersion: '4' }; }, invoke: async () => null };
  const objects = createS3ObjectClient(config.release, { credentials: () => TEST_CREDENTIALS });
  const handlers = [createHandler(config, { lambda, objects, log: silentLog }), createHandler(config, { lambda, objects, log: silentLog })];
  assert.equal((await handlers[0]({ edgeDeploy: 'weights' })).functionVersion, '4');
  assert.equal((await handlers[1]({ edgeDeploy: 'weights' })).functionVersion, '4');
  assert.equal(getAliasCalls, 1, 'the second container read what the first shared');
  assert.deepEqual(JSON.parse(s3.objects.get('_edge-deploy/weights/edge-deploy-widget-live.json').text).state.functionVersion, '4');
});

test('a config naming a weights bucket needs a valid bucket name and an S3 endpoint', () => {
  assert.throws(() => createHandler(releaseConfig({ weightsBucket: 'Not_A_Bucket', s3Endpoint: 'https://s3.us-east-1.amazonaws.com' })), /weightsBucket/);
  assert.throws(() => createHandler(releaseConfig({ weightsBucket: BUCKET })), /s3Endpoint/);
});
