// A local node:http server playing S3 GetObject/PutObject for one bucket, path style, with the
// conditional-write semantics of AWS: PUT with If-Match answers 412 unless the object exists with
// that ETag, PUT with If-None-Match: * answers 412 when it exists. It checks each request's SigV4
// signature (service s3) and x-amz-content-sha256 against the body received.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { signRequest } from '../../src/aws-signature.mjs';
import { TEST_CREDENTIALS } from './lambda-server.mjs';

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/;

function verify(request, body) {
  const authorization = request.headers.authorization ?? '';
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return `malformed authorization: ${authorization}`;
  const [, region, signedHeaderList] = match;
  if (request.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex')) return 'x-amz-content-sha256 does not match the body';
  const headers = {};
  for (const name of signedHeaderList.split(';')) {
    if (name === 'host' || name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    headers[name] = request.headers[name];
  }
  const date = request.headers['x-amz-date'];
  const expected = signRequest(
    { method: request.method, url: `http://${request.headers.host}${request.url}`, headers, body },
    { service: 's3', region, credentials: TEST_CREDENTIALS, time: Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) },
  );
  return expected.headers.authorization === authorization ? null : 'signature does not verify';
}

/** Starts the server for bucket. Returns {endpoint, objects (Map key → {text, etag}), calls, failing, close()}. */
export async function startS3Server(bucket) {
  const objects = new Map();
  const calls = [];
  let version = 0;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (status, headers = {}, text = '') => {
        response.writeHead(status, headers);
        response.end(text);
      };
      const problem = verify(request, body);
      if (problem) return answer(403, {}, problem);
      if (handle.failing) return answer(503, {}, '<Error><Code>SlowDown</Code></Error>');
      const path = decodeURIComponent(new URL(request.url, 'http://s3').pathname);
      if (!path.startsWith(`/${bucket}/`)) return answer(404, {}, '<Error><Code>NoSuchBucket</Code></Error>');
      const key = path.slice(bucket.length + 2);
      const existing = objects.get(key);
      calls.push({ method: request.method, key, ifMatch: request.headers['if-match'], ifNoneMatch: request.headers['if-none-match'] });
      if (request.method === 'GET') {
        if (!existing) return answer(404, {}, '<Error><Code>NoSuchKey</Code></Error>');
        return answer(200, { etag: existing.etag, 'content-type': 'application/json' }, existing.text);
      }
      if (request.method !== 'PUT') return answer(405);
      const ifMatch = request.headers['if-match'];
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifMatch !== undefined && existing?.etag !== ifMatch) return answer(412, {}, '<Error><Code>PreconditionFailed</Code></Error>');
      if (ifNoneMatch === '*' && existing) return answer(412, {}, '<Error><Code>PreconditionFailed</Code></Error>');
      version += 1;
      const etag = `"${createHash('md5').update(`${version}:${body}`).digest('hex')}"`;
      objects.set(key, { text: body, etag });
      return answer(200, { etag });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle = {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    objects,
    calls,
    failing: false,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
  return handle;
}
