// The two S3 calls the shared weights cache needs (GetObject, conditional PutObject), signed with
// SigV4 (service s3, x-amz-content-sha256). Path-style URLs, so an injected endpoint (the sandbox's)
// works like AWS's regional one. No retries: the caller falls back to its own GetAlias cache.
import { createHash } from 'node:crypto';
import { signRequest } from './aws-signature.mjs';
import { environmentCredentials, exchange } from './lambda-client.mjs';

/** An S3 call is on the path of a regional weights answer: a short wait, then the fallback. */
export const S3_TIMEOUT_MS = 1_000;

/** An S3 call that did not succeed; status is the HTTP status, 0 when none arrived. */
export class S3CallError extends Error {
  constructor(message, status = 0) {
    super(message);
    this.name = 'S3CallError';
    this.status = status;
  }
}

/**
 * Returns {get(key) → {text, etag} | null when absent, put(key, text, condition) → etag ('' if none came) | null
 * when the condition failed (412)} for release = {s3Endpoint, region, weightsBucket}. condition is
 * {ifMatch: etag} or {ifNoneMatch: '*'}. dependencies (all optional): credentials(), now, timeoutMs.
 */
export function createS3ObjectClient(release, dependencies = {}) {
  const { credentials = environmentCredentials, now = Date.now, timeoutMs = S3_TIMEOUT_MS } = dependencies;
  const endpoint = release.s3Endpoint.replace(/\/+$/, '');
  const urlOf = (key) => `${endpoint}/${encodeURIComponent(release.weightsBucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;

  async function call(method, key, body, extraHeaders) {
    const url = urlOf(key);
    const payload = body ?? '';
    const headers = { ...extraHeaders, 'x-amz-content-sha256': createHash('sha256').update(payload).digest('hex') };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const signed = signRequest(
      { method, url, headers, body: payload },
      { service: 's3', region: release.region, credentials: credentials(), time: now() },
    );
    try {
      return await exchange(url, { method, headers: signed.headers, body, timeoutMs });
    } catch (error) {
      throw new S3CallError(`${method} s3://${release.weightsBucket}/${key} failed: ${error?.message ?? error}`);
    }
  }

  const failure = (what, { status, text }) => new S3CallError(`${what} answered ${status}: ${text.slice(0, 200)}`, status);

  return {
    async get(key) {
      const response = await call('GET', key);
      if (response.status === 404) return null;
      if (response.status !== 200) throw failure(`GET ${key}`, response);
      return { text: response.text, etag: response.headers.etag ?? null };
    },
    async put(key, text, condition) {
      const headers = condition?.ifMatch ? { 'if-match': condition.ifMatch } : condition?.ifNoneMatch ? { 'if-none-match': condition.ifNoneMatch } : {};
      const response = await call('PUT', key, text, headers);
      // 412: the object changed (If-Match) or exists (If-None-Match); 409: a concurrent conditional write won.
      if (response.status === 412 || response.status === 409) return null;
      if (response.status !== 200) throw failure(`PUT ${key}`, response);
      return response.headers.etag ?? '';
    },
  };
}
