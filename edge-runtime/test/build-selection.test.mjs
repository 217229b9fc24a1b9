import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PIN_HEADER, selectBuild, viewerPosition } from '../src/entry-response.mjs';
import { createHandler } from '../src/origin-request.mjs';
import { edgeConfig, entryEvent, releaseConfig, requestOf, servedBuild, silentLog } from './support/fixtures.mjs';

const requestFrom = (clientIp, headers = {}) => requestOf(entryEvent(clientIp, headers));
const pin = (buildId) => ({ [PIN_HEADER]: [{ key: 'Edge-Deploy-Build', value: buildId }] });
/** 10,000 distinct synthetic viewer addresses, IPv4 and IPv6. */
const viewers = Array.from({ length: 10_000 }, (_, i) =>
  i % 2 === 0 ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : `2001:db8::${i.toString(16)}`);

test('the green share of viewers is within ±2 percentage points of the weight over 10,000 viewers', () => {
  const config = releaseConfig();
  for (const share of [0.01, 0.1, 0.25, 0.5, 0.9]) {
    const green = viewers.filter((ip) => selectBuild(config, requestFrom(ip), { greenShare: share }) === config.builds.green).length;
    assert.ok(Math.abs(green / viewers.length - share) <= 0.02, `share ${share}: ${green} of ${viewers.length} green`);
  }
});

test('assignment is monotone: a viewer green at one share stays green at every larger share', () => {
  const config = releaseConfig();
  const shares = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.99, 1];
  for (const ip of viewers.slice(0, 2_000)) {
    const colours = shares.map((greenShare) => selectBuild(config, requestFrom(ip), { greenShare }) === config.builds.green);
    const firstGreen = colours.indexOf(true);
    assert.ok(firstGreen >= 0, `${ip} is green at share 1`);
    assert.ok(colours.slice(firstGreen).every(Boolean), `${ip} turns blue again after turning green: ${colours}`);
  }
});

test('assignment is sticky: the same viewer gets the same build on every request', () => {
  const config = releaseConfig();
  for (const ip of viewers.slice(0, 500)) {
    const first = selectBuild(config, requestFrom(ip), { greenShare: 0.5 });
    for (let i = 0; i < 3; i += 1) assert.equal(selectBuild(releaseConfig(), requestFrom(ip), { greenShare: 0.5 }).buildId, first.buildId);
  }
});

test('share 0 or unknown weights serve blue to everyone, share 1 green to everyone', () => {
  const config = releaseConfig();
  for (const ip of viewers.slice(0, 1_000)) {
    assert.equal(selectBuild(config, requestFrom(ip), { greenShare: 0 }), config.builds.blue);
    assert.equal(selectBuild(config, requestFrom(ip)), config.builds.blue, 'no share given is share 0');
    assert.equal(selectBuild(config, requestFrom(ip), { greenShare: 1 }), config.builds.green);
  }
});

test('each release canaries a different set of viewers', () => {
  const positions = (buildId) => viewers.slice(0, 1_000).map((ip) => viewerPosition(buildId, ip) < 0.1);
  const first = positions('20261124-a1b2c3d');
  const second = positions('20261201-b2c3d4e');
  const overlap = first.filter((green, i) => green && second[i]).length;
  assert.ok(overlap < first.filter(Boolean).length / 2, `the two 10 % cohorts share ${overlap} viewers`);
});

test('the pin header serves the named build whatever the share, if the bundle carries it', () => {
  const config = releaseConfig();
  assert.equal(selectBuild(config, requestFrom('10.0.0.1', pin(config.builds.green.buildId)), { greenShare: 0 }), config.builds.green);
  assert.equal(selectBuild(config, requestFrom('10.0.0.1', pin(config.builds.blue.buildId)), { greenShare: 1 }), config.builds.blue);
  assert.equal(selectBuild(config, requestFrom('10.0.0.1', pin('20200101-0000000')), { greenShare: 1 }), config.builds.green,
    'an unknown build falls back to normal selection');
  assert.equal(selectBuild(config, requestFrom('10.0.0.1', pin('20200101-0000000')), { greenShare: 0 }), config.builds.blue);
});

test('a bundle without a release, or without a blue build, always serves green', () => {
  const schemaOne = edgeConfig();
  const firstRelease = releaseConfig();
  delete firstRelease.builds.blue;
  for (const config of [schemaOne, firstRelease]) {
    for (const ip of viewers.slice(0, 200)) assert.equal(selectBuild(config, requestFrom(ip), { greenShare: 0 }), config.builds.green);
  }
});

test('the handler pins through the entry response and names the build it served', async () => {
  const config = releaseConfig();
  const handler = createHandler(config, {
    lambda: { invoke: () => new Promise(() => {}), getAlias: () => new Promise(() => {}) },
    log: silentLog,
  });
  const context = { functionVersion: '7' };
  assert.equal(servedBuild(await handler(entryEvent('10.0.0.1'), context)), config.builds.blue.buildId, 'weights unknown: blue');
  assert.equal(servedBuild(await handler(entryEvent('10.0.0.1', pin(config.builds.green.buildId)), context)), config.builds.green.buildId);
});

test('a container that does not know its numbered version serves blue and never probes', async () => {
  const config = releaseConfig();
  let invocations = 0;
  const handler = createHandler(config, {
    lambda: { invoke: async () => { invocations += 1; return { functionVersion: '7', additionalVersion: null, weight: 0 }; }, getAlias: async () => ({}) },
    log: silentLog,
  });
  for (const context of [undefined, {}, { functionVersion: '$LATEST' }]) {
    assert.equal(servedBuild(await handler(entryEvent('10.0.0.1'), context)), config.builds.blue.buildId);
  }
  assert.equal(invocations, 0);
});

test('cold start accepts schema 1 and 2 and names every problem of a release block', () => {
  assert.doesNotThrow(() => createHandler(edgeConfig()));
  assert.doesNotThrow(() => createHandler(releaseConfig()));
  const config = releaseConfig({ functionName: 'arn:aws:lambda:us-east-1:1:function:f', lambdaEndpoint: 'lambda', refreshSeconds: 0 });
  delete config.builds.blue.entry.body;
  assert.throws(() => createHandler(config),
    /builds\.blue\.entry\.body is missing.*release\.functionName .*release\.lambdaEndpoint .*release\.refreshSeconds must be > 0/);
  const schemaOne = releaseConfig();
  schemaOne.schemaVersion = 1;
  assert.throws(() => createHandler(schemaOne), /release needs schemaVersion 2/);
});
