import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryTxt, parseDnsServer, parseTxtResponse, encodeTxtQuery } from '../src/dns-txt-query.mjs';
import { startDnsServer, encodeAnswer } from './support/dns-server.mjs';

async function withServer(respond, body) {
  const dns = await startDnsServer(respond);
  try {
    return await body(dns);
  } finally {
    await dns.close();
  }
}

test('reads the TXT value and its TTL from a real UDP answer', () =>
  withServer(() => ({ txt: ['eu-west-1'], ttl: 42 }), async (dns) => {
    const answer = await queryTxt('bucket.cdn.example.com', { server: dns.server, timeoutMs: 2000 });
    assert.deepEqual(answer, { value: 'eu-west-1', ttlSeconds: 42 });
    assert.deepEqual(dns.queries, ['bucket.cdn.example.com']);
  }));

test('joins the character-strings of one TXT record', () =>
  withServer(() => ({ txt: ['eu-', 'west-1'], ttl: 5 }), async (dns) => {
    const answer = await queryTxt('bucket.cdn.example.com', { server: dns.server, timeoutMs: 2000 });
    assert.equal(answer.value, 'eu-west-1');
  }));

test('rejects NXDOMAIN', () =>
  withServer(() => ({ rcode: 3 }), async (dns) => {
    await assert.rejects(queryTxt('bucket.cdn.example.com', { server: dns.server, timeoutMs: 2000 }), { code: 'NXDOMAIN' });
  }));

test('rejects an answer without a TXT record', () =>
  withServer(() => ({ txt: [] }), async (dns) => {
    await assert.rejects(queryTxt('bucket.cdn.example.com', { server: dns.server, timeoutMs: 2000 }), { code: 'NODATA' });
  }));

test('times out when the server stays silent', () =>
  withServer(() => null, async (dns) => {
    await assert.rejects(queryTxt('bucket.cdn.example.com', { server: dns.server, timeoutMs: 50 }), { code: 'TIMEOUT' });
    assert.equal(dns.queries.length, 1);
  }));

test('ignores an answer with another id and takes the matching one', () =>
  withServer((name, query) => [
    { raw: encodeAnswer(query, { txt: ['ap-south-1'], id: query.readUInt16BE(0) ^ 0x5a5a }) },
    { txt: ['eu-west-1'], ttl: 30, delayMs: 20 },
  ], async (dns) => {
    const answer = await queryTxt('bucket.cdn.example.com', { server: dns.server, timeoutMs: 2000 });
    assert.equal(answer.value, 'eu-west-1');
  }));

test('rejects a garbled answer with the right id as malformed', () =>
  withServer((name, query) => ({ raw: Buffer.concat([query.subarray(0, 2), Buffer.from([0x81, 0x80, 0, 1, 0, 1, 0, 0])]) }), async (dns) => {
    await assert.rejects(queryTxt('bucket.cdn.example.com', { server: dns.server, timeoutMs: 2000 }), { code: 'MALFORMED' });
  }));

test('rejects an answer to another question', () =>
  withServer((name, query) => {
    const other = encodeTxtQuery(query.readUInt16BE(0), 'bucket.evil.example');
    return { raw: encodeAnswer(other, { txt: ['eu-west-1'] }) };
  }, async (dns) => {
    await assert.rejects(queryTxt('bucket.cdn.example.com', { server: dns.server, timeoutMs: 2000 }), { code: 'MALFORMED' });
  }));

test('never reads past the message, whatever bytes arrive', () => {
  const name = 'bucket.cdn.example.com';
  const good = encodeAnswer(encodeTxtQuery(7, name), { txt: ['eu-west-1'], ttl: 9 });
  assert.deepEqual(parseTxtResponse(good, 7, name), { value: 'eu-west-1', ttlSeconds: 9 });
  for (let length = 0; length < good.length; length++) {
    assert.throws(() => parseTxtResponse(good.subarray(0, length), 7, name), { name: 'DnsQueryError' });
  }
  const looping = Buffer.from(good);
  looping.writeUInt16BE(0xc00c, 12); // the question's name points at itself
  assert.throws(() => parseTxtResponse(looping, 7, name), { code: 'MALFORMED' });
});

test('parses the server forms dns.getServers() returns', () => {
  assert.deepEqual(parseDnsServer('10.0.0.2'), { host: '10.0.0.2', port: 53 });
  assert.deepEqual(parseDnsServer('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353 });
  assert.deepEqual(parseDnsServer('2001:db8::1'), { host: '2001:db8::1', port: 53 });
  assert.deepEqual(parseDnsServer('[2001:db8::1]:5353'), { host: '2001:db8::1', port: 5353 });
  for (const bad of ['', 'host:', 'host:70000', 'host:abc', undefined]) {
    assert.throws(() => parseDnsServer(bad), { code: 'BADSERVER' }, String(bad));
  }
});

test('rejects, never throws, for an unusable server', async () => {
  await assert.rejects(queryTxt('bucket.cdn.example.com', { server: 'nonsense:99999', timeoutMs: 50 }), { code: 'BADSERVER' });
  await assert.rejects(queryTxt('bucket.cdn.example.com', { server: 'no-such-host.invalid:53', timeoutMs: 500 }));
});
