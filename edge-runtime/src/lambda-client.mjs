// The two Lambda API calls the release needs (Invoke, GetAlias), over fetch, signed with SigV4.
// No retries: the caller (the weights probe) already runs again after its interval.
import { signRequest } from './aws-signature.mjs';

/** How long one call may take before it is abandoned. */
export const CALL_TIMEOUT_MS = 3_000;

/** A Lambda API call that did not succeed; status is the HTTP status, 0 when none arrived. */
export class LambdaCallError extends Error {
  constructor(message, status = 0) {
    super(message);
    this.name = 'LambdaCallError';
    this.status = status;
  }
}

/** The reserved variables every Lambda function, Lambda@Edge replicas included, receives. */
export function environmentCredentials(environment = process.env) {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = environment;
  if (!accessKeyId || !secretAccessKey) throw new LambdaCallError('no AWS credentials in the environment');
  return { accessKeyId, secretAccessKey, sessionToken: environment.AWS_SESSION_TOKEN || undefined };
}

const segment = (text) => encodeURIComponent(text);

/**
 * Returns {invoke(functionName, qualifier, payload), getAlias(functionName, alias)} for
 * release = {lambdaEndpoint, region}. dependencies (all optional): credentials() (default
 * environmentCredentials), fetch, now, timeoutMs.
 */
export function createLambdaClient(release, dependencies = {}) {
  const {
    credentials = environmentCredentials,
    fetch = globalThis.fetch,
    now = Date.now,
    timeoutMs = CALL_TIMEOUT_MS,
  } = dependencies;
  const endpoint = release.lambdaEndpoint.replace(/\/+$/, '');

  async function call(method, path, body, what) {
    const url = `${endpoint}${path}`;
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const signed = signRequest(
      { method, url, headers, body: body ?? '' },
      { service: 'lambda', region: release.region, credentials: credentials(), time: now() },
    );
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const response = await fetch(url, { method, headers: signed.headers, body, signal: abort.signal });
      const text = await response.text();
      if (!response.ok) throw new LambdaCallError(`${what} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
      const functionError = response.headers.get('x-amz-function-error');
      if (functionError) throw new LambdaCallError(`${what} failed in the function (${functionError}): ${text.slice(0, 200)}`, response.status);
      return text === '' ? null : JSON.parse(text);
    } catch (error) {
      if (error instanceof LambdaCallError) throw error;
      const reason = abort.signal.aborted ? `no answer within ${timeoutMs} ms` : (error?.message ?? String(error));
      throw new LambdaCallError(`${what} failed: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** Invoke (RequestResponse); resolves to the function's parsed JSON result. */
    invoke(functionName, qualifier, payload) {
      const query = qualifier ? `?Qualifier=${segment(qualifier)}` : '';
      return call('POST', `/2015-03-31/functions/${segment(functionName)}/invocations${query}`,
        JSON.stringify(payload), `Invoke ${functionName}:${qualifier ?? ''}`);
    },
    /** GetAlias; resolves to the API's JSON (FunctionVersion, RoutingConfig, …). */
    getAlias(functionName, alias) {
      return call('GET', `/2015-03-31/functions/${segment(functionName)}/aliases/${segment(alias)}`,
        undefined, `GetAlias ${functionName}:${alias}`);
    },
  };
}
