// AWS Signature Version 4 (header form) with node:crypto, so the weights probe needs no AWS SDK:
// the sandbox's Node has none, and a smaller bundle starts faster at the edge.
import { createHash, createHmac } from 'node:crypto';

const ALGORITHM = 'AWS4-HMAC-SHA256';

const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding: encodeURIComponent leaves !'()* alone, SigV4 does not. */
const encodeRfc3986 = (text) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** "20150830T123600Z" for a Date or epoch milliseconds. */
export function amzDate(time) {
  return new Date(time).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

// Non-S3 services sign each path segment encoded once more than it appears on the wire.
function canonicalUri(pathname) {
  if (pathname === '' || pathname === '/') return '/';
  return pathname.split('/').map(encodeRfc3986).join('/');
}

function canonicalQuery(search) {
  const pairs = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = decodeURIComponent(equals < 0 ? part : part.slice(0, equals));
    const value = equals < 0 ? '' : decodeURIComponent(part.slice(equals + 1));
    pairs.push([encodeRfc3986(key), encodeRfc3986(value)]);
  }
  pairs.sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

const canonicalValue = (value) => String(value).trim().replace(/\s+/g, ' ');

/**
 * Signs a request. request: {method, url, headers = {}, body = ''}; signing: {service, region,
 * credentials: {accessKeyId, secretAccessKey, sessionToken?}, time (Date or epoch ms)}.
 * Every given header is signed, plus host (from the url), x-amz-date and, with a session token,
 * x-amz-security-token. Returns {headers, canonicalRequest, stringToSign, signature}: headers
 * are the ones to send (the given ones, x-amz-date, the token and authorization; not host,
 * which node:http derives from the url exactly as it was signed).
 */
export function signRequest(request, { service, region, credentials, time }) {
  const url = new URL(request.url);
  const date = amzDate(time);
  const sent = { ...request.headers, 'x-amz-date': date };
  if (credentials.sessionToken) sent['x-amz-security-token'] = credentials.sessionToken;

  const signed = new Map([['host', url.host]]);
  for (const [name, value] of Object.entries(sent)) {
    const key = name.toLowerCase();
    signed.set(key, signed.has(key) ? `${signed.get(key)},${canonicalValue(value)}` : canonicalValue(value));
  }
  const names = [...signed.keys()].sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.search),
    names.map((name) => `${name}:${signed.get(name)}\n`).join(''),
    signedHeaders,
    sha256Hex(request.body ?? ''),
  ].join('\n');

  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, date, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = [date.slice(0, 8), region, service, 'aws4_request'].reduce(
    (key, part) => hmac(key, part),
    `AWS4${credentials.secretAccessKey}`,
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  const authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: { ...sent, authorization }, canonicalRequest, stringToSign, signature };
}
