import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBucketLocator, FAILURE_TTL_MS } from '../src/nearest-bucket.mjs';
import { startDnsServer } from './support/dns-server.mjs';
import { edgeConfig, manualClock, silentLog } from './support/fixtures.mjs';

const EU = { region: 'eu-west-1', bucket: 'b2', domainName: 'b2.s3.eu-west-1.amazonaws.com' };
const PRIMARY = { region: 'us-east-1', bucket: 'b1', domainName: 'b1.s3.us-east-1.amazonaws.com' };

async function locatorWith(respond, { timeoutMs = 1000 } = {}) {
  const dns = await startDnsServer(respond);
  const clock = manualClock();
  const logged = [];
  const config = edgeConfig({ dnsServer: dns.server, lookupTimeoutMs: timeoutMs });
  const nearestBucket = createBucketLocator(config, { now: clock.now, log: (line) => logged.push(line) });
  return { dns, clock, logged, nearestBucket };
}

test('picks the bucket of the region the TXT record names', async (t) => {
  const { dns, nearestBucket } = await locatorWith(() => ({ txt: ['eu-west-1'], ttl: 60 }));
  t.after(dns.close);
  assert.deepEqual(await nearestBucket(), EU);
  assert.deepEqual(dns.queries, ['bucket.cdn.example.com']);
});

test('keeps the answer for its TTL and asks again once it expires', async (t) => {
  const { dns, clock, nearestBucket } = await locatorWith(() => ({ txt: ['eu-west-1'], ttl: 60 }));
  t.after(dns.close);
  await nearestBucket();
  clock.advance(59_999);
  assert.deepEqual(await nearestBucket(), EU);
  assert.equal(dns.queries.length, 1, 'no second query before the TTL ends');
  clock.advance(1);
  assert.deepEqual(await nearestBucket(), EU);
  assert.equal(dns.queries.length, 2, 'one more query once the TTL ends');
});

test('follows a new answer after the TTL', async (t) => {
  let region = 'eu-west-1';
  const { dns, clock, nearestBucket } = await locatorWith(() => ({ txt: [region], ttl: 10 }));
  t.after(dns.close);
  assert.equal((await nearestBucket()).region, 'eu-west-1');
  region = 'us-east-1';
  clock.advance(10_000);
  assert.equal((await nearestBucket()).region, 'us-east-1');
});

test('uses the primary for NXDOMAIN and asks again only after the failure TTL', async (t) => {
  const { dns, clock, logged, nearestBucket } = await locatorWith(() => ({ rcode: 3 }));
  t.after(dns.close);
  assert.deepEqual(await nearestBucket(), PRIMARY);
  assert.match(logged.join('\n'), /NXDOMAIN/);
  clock.advance(FAILURE_TTL_MS - 1);
  assert.deepEqual(await nearestBucket(), PRIMARY);
  assert.equal(dns.queries.length, 1, 'a failing resolver is not asked on every miss');
  clock.advance(1);
  await nearestBucket();
  assert.equal(dns.queries.length, 2);
});

test('uses the primary when the server does not answer in time', async (t) => {
  const { dns, logged, nearestBucket } = await locatorWith(() => null, { timeoutMs: 50 });
  t.after(dns.close);
  assert.deepEqual(await nearestBucket(), PRIMARY);
  assert.match(logged.join('\n'), /TIMEOUT/);
});

test('uses the primary for a garbage answer', async (t) => {
  const { dns, nearestBucket } = await locatorWith((name, query) => ({ raw: Buffer.concat([query.subarray(0, 2), Buffer.from('garbage')]) }));
  t.after(dns.close);
  assert.deepEqual(await nearestBucket(), PRIMARY);
});

test('uses the primary for a region without a bucket', async (t) => {
  const { dns, logged, nearestBucket } = await locatorWith(() => ({ txt: ['ap-south-1'], ttl: 60 }));
  t.after(dns.close);
  assert.deepEqual(await nearestBucket(), PRIMARY);
  assert.match(logged.join('\n'), /ap-south-1/);
});

test('concurrent misses share one lookup', async (t) => {
  const { dns, nearestBucket } = await locatorWith(() => ({ txt: ['eu-west-1'], ttl: 60, delayMs: 50 }));
  t.after(dns.close);
  const buckets = await Promise.all(Array.from({ length: 8 }, () => nearestBucket()));
  assert.deepEqual(buckets, Array(8).fill(EU));
  assert.equal(dns.queries.length, 1);
});

test('asks the first system DNS server when the config names none', async (t) => {
  const dns = await startDnsServer(() => ({ txt: ['eu-west-1'], ttl: 60 }));
  t.after(dns.close);
  const nearestBucket = createBucketLocator(edgeConfig({ dnsServer: null }), {
    systemDnsServers: () => [dns.server, '192.0.2.1'],
    log: silentLog,
  });
  assert.deepEqual(await nearestBucket(), EU);
});

test('uses the primary when there is no DNS server at all', async () => {
  const nearestBucket = createBucketLocator(edgeConfig({ dnsServer: null }), { systemDnsServers: () => [], log: silentLog });
  assert.deepEqual(await nearestBucket(), PRIMARY);
});
