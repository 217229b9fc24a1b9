// The two Lambda API calls the release needs (Invoke, GetAlias), signed with SigV4.
// No retries: the caller (the weights probe) already runs again after its interval.
// node:http/https rather than fetch: fetch loads undici on its first call, 33 ms of CPU and more
// that the first entry request of every cold container paid (benchmark P5); these load in a few ms,
// and only with the first weights refresh (origin-request.mjs imports this module lazily).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
 * One HTTP exchange: resolves to {status, headers, text} (headers lower-cased by node), rejects on a
 * network failure or when no full answer arrived within timeoutMs (the request is then destroyed).
 * The S3 client of the shared weights object uses it too.
 */
export function exchange(url, { method, headers, body, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, { method, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.end(body);
  });
}

/**
 * Returns {invoke(functionName, qualifier, payload), getAlias(functionName, alias)} for
 * release = {lambdaEndpoint, region}. dependencies (all optional): credentials() (default
 * environmentCredentials), now, timeoutMs.
 */
export function createLambdaClient(release, dependencies = {}) {
  const { credentials = environmentCredentials, now = Date.now, timeoutMs = CALL_TIMEOUT_MS } = dependencies;
  const endpoint = release.lambdaEndpoint.replace(/\/+$/, '');

  async function call(method, path, body, what) {
    const url = `${endpoint}${path}`;
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const signed = signRequest(
      { method, url, headers, body: body ?? '' },
      { service: 'lambda', region: release.region, credentials: credentials(), time: now() },
    );
    let response;
    try {
      response = await exchange(url, { method, headers: signed.headers, body, timeoutMs });
    } catch (error) {
      throw new LambdaCallError(`${what} failed: ${error?.message ?? error}`);
    }
    const { status, text } = response;
    if (status < 200 || status > 299) throw new LambdaCallError(`${what} answered ${status}: ${text.slice(0, 200)}`, status);
    const functionError = response.headers['x-amz-function-error'];
    if (functionError) throw new LambdaCallError(`${what} failed in the function (${functionError}): ${text.slice(0, 200)}`, status);
    try {
      return text === '' ? null : JSON.parse(text);
    } catch (error) {
      throw new LambdaCallError(`${what} answered ${status} with no JSON: ${text.slice(0, 200)}`, status);
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
