// The signer against cases of AWS's published Signature Version 4 test suite
// (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html, the aws-sig-v4-test-suite
// cases as vendored by the AWS SDKs): the example credentials, service "service", us-east-1,
// 2015-08-30T12:36:00Z. Expected values are the suite's, not computed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { amzDate, signRequest } from '../src/aws-signature.mjs';

const suite = {
  service: 'service',
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  time: Date.UTC(2015, 7, 30, 12, 36, 0),
};
const scope = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const sha256Hex = (text) => createHash('sha256').update(text).digest('hex');

const vectors = [
  {
    name: 'get-vanilla',
    request: { method: 'GET', url: 'https://example.amazonaws.com/' },
    canonicalRequest: `GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n${EMPTY_SHA256}`,
    canonicalRequestSha256: 'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
    signedHeaders: 'host;x-amz-date',
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'post-vanilla',
    request: { method: 'POST', url: 'https://example.amazonaws.com/' },
    canonicalRequestSha256: '553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87',
    signedHeaders: 'host;x-amz-date',
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'get-vanilla-query-order-key-case',
    request: { method: 'GET', url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1' },
    signedHeaders: 'host;x-amz-date',
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'post-x-www-form-urlencoded',
    request: {
      method: 'POST',
      url: 'https://example.amazonaws.com/',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Param1=value1',
    },
    signedHeaders: 'content-type;host;x-amz-date',
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'get-vanilla-with-session-token',
    request: { method: 'GET', url: 'https://example.amazonaws.com/' },
    sessionToken: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267',
    canonicalRequestSha256: '067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b',
    signedHeaders: 'host;x-amz-date;x-amz-security-token',
    signature: '07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8',
  },
];

for (const vector of vectors) {
  test(`signs the suite's ${vector.name} exactly as AWS publishes it`, () => {
    const credentials = { ...suite.credentials, sessionToken: vector.sessionToken };
    const signed = signRequest(vector.request, { ...suite, credentials });
    if (vector.canonicalRequest) assert.equal(signed.canonicalRequest, vector.canonicalRequest);
    if (vector.canonicalRequestSha256) assert.equal(sha256Hex(signed.canonicalRequest), vector.canonicalRequestSha256);
    assert.equal(
      signed.stringToSign,
      `AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n${sha256Hex(signed.canonicalRequest)}`,
    );
    assert.equal(signed.signature, vector.signature);
    assert.equal(
      signed.headers.authorization,
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`,
    );
    assert.equal(signed.headers['x-amz-date'], '20150830T123600Z');
    assert.equal(signed.headers['x-amz-security-token'], vector.sessionToken);
    assert.equal(signed.headers.host, undefined, 'the HTTP client derives host from the url');
  });
}

test('the signature changes with the secret, the body, the region and the time', () => {
  const base = signRequest({ method: 'POST', url: 'https://example.amazonaws.com/', body: 'a' }, suite).signature;
  const variants = [
    signRequest({ method: 'POST', url: 'https://example.amazonaws.com/', body: 'b' }, suite),
    signRequest({ method: 'POST', url: 'https://example.amazonaws.com/', body: 'a' }, { ...suite, region: 'eu-west-1' }),
    signRequest({ method: 'POST', url: 'https://example.amazonaws.com/', body: 'a' }, { ...suite, time: suite.time + 1000 }),
    signRequest(
      { method: 'POST', url: 'https://example.amazonaws.com/', body: 'a' },
      { ...suite, credentials: { ...suite.credentials, secretAccessKey: 'other' } },
    ),
  ];
  for (const variant of variants) assert.notEqual(variant.signature, base);
});

test('signs the host with its port, as node:http sends it, and a Lambda path and query', () => {
  const signed = signRequest(
    { method: 'POST', url: 'http://127.0.0.1:9321/2015-03-31/functions/edge-deploy-widget/invocations?Qualifier=7' },
    { ...suite, service: 'lambda' },
  );
  const lines = signed.canonicalRequest.split('\n');
  assert.equal(lines[1], '/2015-03-31/functions/edge-deploy-widget/invocations');
  assert.equal(lines[2], 'Qualifier=7');
  assert.equal(lines[3], 'host:127.0.0.1:9321');
  assert.match(signed.headers.authorization, /Credential=AKIDEXAMPLE\/20150830\/us-east-1\/lambda\/aws4_request,/);
});

test('formats x-amz-date in UTC basic form', () => {
  assert.equal(amzDate(0), '19700101T000000Z');
  assert.equal(amzDate(Date.UTC(2024, 1, 29, 23, 59, 59, 999)), '20240229T235959Z');
});
