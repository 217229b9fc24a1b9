import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  JITTER,
  aliasStateOf,
  createWeightsAnswer,
  createWeightsProbe,
  greenShare,
} from '../src/weights.mjs';
import { manualClock, silentLog } from './support/fixtures.mjs';

const state = (functionVersion, additionalVersion = null, weight = 0) => ({ functionVersion, additionalVersion, weight, fetchedAt: 0 });
const release = { functionName: 'edge-deploy-widget', alias: 'live', refreshSeconds: 10, aliasCacheSeconds: 2 };

/** A promise the test resolves or rejects by hand, to hold a call in flight. */
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

test('greenShare follows the table: shift in progress, finished, shifting onward, rolled back, other release, unknown', () => {
  const cases = [
    ['shift to this version in progress', state('6', '7', 0.25), '7', 0.25],
    ['shift just started', state('6', '7', 0), '7', 0],
    ['shift finished: the alias names this version', state('7'), '7', 1],
    ['the next release shifts away from this version', state('7', '8', 0.4), '7', 1],
    ['rolled back to the previous version', state('6'), '7', 0],
    ['another release entirely', state('9', '10', 0.5), '7', 0],
    ['weights never fetched', null, '7', 0],
    ['own version unknown', state('7'), undefined, 0],
  ];
  for (const [name, alias, own, expected] of cases) assert.equal(greenShare(alias, own), expected, name);
});

test('aliasStateOf reads FunctionVersion and the one additional version weight of GetAlias', () => {
  assert.deepEqual(aliasStateOf({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { 7: 0.1 } } }, 5), {
    functionVersion: '6', additionalVersion: '7', weight: 0.1, fetchedAt: 5,
  });
  assert.deepEqual(aliasStateOf({ FunctionVersion: '7', RoutingConfig: { AdditionalVersionWeights: {} } }, 5), {
    functionVersion: '7', additionalVersion: null, weight: 0, fetchedAt: 5,
  });
  assert.throws(() => aliasStateOf({}, 5), /FunctionVersion/);
});

test('the probe serves nothing known at first, refreshes in the background, then serves the answer', async () => {
  const clock = manualClock();
  const call = deferred();
  let calls = 0;
  const probe = createWeightsProbe(release, { invokeWeights: () => { calls += 1; return call.promise; }, now: clock.now, log: silentLog });
  assert.equal(probe.current(), null, 'a request with nothing known does not wait');
  assert.equal(probe.current(), null);
  assert.equal(calls, 1, 'concurrent requests share one refresh');
  call.resolve(state('7'));
  await probe.settled();
  assert.deepEqual(probe.current(), state('7'));
  assert.equal(calls, 1);
});

test('the probe refreshes at most once per jittered interval, never inside it', async () => {
  for (const [random, factor] of [[0, 1 - JITTER], [0.5, 1], [0.999999, 1 + JITTER]]) {
    const clock = manualClock();
    let calls = 0;
    const probe = createWeightsProbe(release, { invokeWeights: async () => { calls += 1; return state('7'); }, now: clock.now, random: () => random, log: silentLog });
    probe.current();
    await probe.settled();
    const intervalMs = release.refreshSeconds * 1000 * factor;
    for (let elapsed = 0; elapsed + 100 < intervalMs; elapsed += 100) {
      probe.current();
      await probe.settled();
      clock.advance(100);
    }
    assert.equal(calls, 1, `no second call before ${intervalMs} ms (random ${random})`);
    clock.advance(intervalMs);
    probe.current();
    probe.current();
    await probe.settled();
    assert.equal(calls, 2, `one call once ${intervalMs} ms passed (random ${random})`);
  }
});

test('the jittered interval stays within ±20 % of refreshSeconds', async () => {
  for (const random of [0, 0.25, 0.5, 0.75, 0.999999]) {
    const clock = manualClock();
    let calls = 0;
    const probe = createWeightsProbe(release, { invokeWeights: async () => { calls += 1; return state('7'); }, now: clock.now, random: () => random, log: silentLog });
    probe.current();
    await probe.settled();
    clock.advance(8_000 - 1);
    probe.current();
    assert.equal(calls, 1, 'not before 0.8 T');
    clock.advance(4_000 + 1);
    probe.current();
    assert.equal(calls, 2, 'at the latest at 1.2 T');
  }
});

test('the probe keeps the last known weights when a refresh fails or answers nonsense', async () => {
  const clock = manualClock();
  const answers = [async () => state('6', '7', 0.3), async () => { throw new Error('timeout'); }, async () => ({ weight: 2 }), async () => state('7')];
  const logged = [];
  const probe = createWeightsProbe(release, { invokeWeights: () => answers.shift()(), now: clock.now, log: (m) => logged.push(m) });
  probe.current();
  await probe.settled();
  for (const expected of [state('6', '7', 0.3), state('6', '7', 0.3), state('6', '7', 0.3)]) {
    assert.deepEqual(probe.current(), expected);
    await probe.settled();
    clock.advance(13_000);
  }
  probe.current();
  await probe.settled();
  assert.deepEqual(probe.current(), state('7'), 'a later good answer replaces it');
  assert.equal(logged.length, 2, 'the failure and the malformed answer are logged');
  assert.match(logged[0], /timeout/);
});

test('once something is known, a hanging refresh never holds a request', async () => {
  const clock = manualClock();
  let calls = 0;
  const probe = createWeightsProbe(release, {
    invokeWeights: () => (++calls === 1 ? Promise.resolve(state('6', '7', 0.5)) : new Promise(() => {})),
    now: clock.now,
    log: silentLog,
  });
  probe.current();
  await probe.settled();
  clock.advance(13_000);
  assert.deepEqual(probe.current(), state('6', '7', 0.5), 'answered synchronously while the refresh hangs');
  clock.advance(13_000);
  assert.deepEqual(probe.current(), state('6', '7', 0.5));
  assert.equal(calls, 2, 'a hanging refresh is not stacked with another');
});

test('the regional answer calls GetAlias once per aliasCacheSeconds, shared by concurrent invocations', async () => {
  const clock = manualClock();
  const aliases = [];
  let answer = { FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { 7: 0.1 } } };
  const answerWeights = createWeightsAnswer(release, {
    getAlias: async (functionName, alias) => { aliases.push(`${functionName}:${alias}`); return answer; },
    now: clock.now,
  });
  const [first, second] = await Promise.all([answerWeights(), answerWeights()]);
  assert.deepEqual(first, { functionVersion: '6', additionalVersion: '7', weight: 0.1, fetchedAt: clock.now() });
  assert.deepEqual(second, first);
  answer = { FunctionVersion: '7' };
  clock.advance(1_999);
  assert.deepEqual(await answerWeights(), first, 'fresh for aliasCacheSeconds');
  assert.deepEqual(aliases, ['edge-deploy-widget:live']);
  clock.advance(1);
  assert.equal((await answerWeights()).functionVersion, '7');
  assert.equal(aliases.length, 2);
});

test('the regional answer remembers a failed GetAlias as long as an answer, then asks again', async () => {
  const clock = manualClock();
  let calls = 0;
  const answerWeights = createWeightsAnswer(release, {
    getAlias: async () => { calls += 1; if (calls === 1) throw new Error('TooManyRequestsException'); return { FunctionVersion: '7' }; },
    now: clock.now,
  });
  await assert.rejects(answerWeights(), /TooManyRequests/);
  await assert.rejects(answerWeights(), /TooManyRequests/);
  assert.equal(calls, 1);
  clock.advance(2_000);
  assert.equal((await answerWeights()).functionVersion, '7');
});
