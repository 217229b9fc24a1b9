// The beacon endpoint (POST <cdn>/_edge-deploy/beacon, on its own behavior with IncludeBody): checks what a viewer's
// page reports and counts it as one ClientErrors datapoint of the build, which the release's alarm watches.
import { signRequest } from './aws-signature.mjs';
import { environmentCredentials, exchange } from './lambda-client.mjs';
import { BEACON_KINDS } from './error-beacon.mjs';

/** The metric every beacon adds 1 to; dimensions FunctionName and BuildId. edge-deploy-core's alarm reads the same. */
export const METRIC_NAMESPACE = 'EdgeDeploy';
export const METRIC_NAME = 'ClientErrors';

/** A beacon body is a small JSON object; anything longer is not one. */
export const MAX_BEACON_BYTES = 512;

/** How long the PutMetricData call may take: the viewer's page does not wait (sendBeacon), the edge does. */
export const PUT_TIMEOUT_MS = 2_000;

const header = (key, value) => [{ key, value }];

function answer(status, statusDescription, extra = {}) {
  return {
    status: String(status),
    statusDescription,
    headers: {
      'cache-control': header('Cache-Control', 'no-store'),
      'access-control-allow-origin': header('Access-Control-Allow-Origin', '*'),
      ...extra,
    },
  };
}

/** The reported {buildId, kind}, or the reason it is not a beacon of a build this bundle carries. */
export function readBeacon(config, request) {
  const body = request.body;
  if (!body || body.inputTruncated) return { refused: 413, reason: 'no body, or a truncated one' };
  const bytes = Buffer.from(body.data ?? '', body.encoding === 'base64' ? 'base64' : 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_BEACON_BYTES) return { refused: 413, reason: `${bytes.length} bytes` };
  let beacon;
  try {
    beacon = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { refused: 400, reason: 'not JSON' };
  }
  const carried = Object.values(config.builds).filter(Boolean).map((build) => build.buildId);
  if (!carried.includes(beacon?.buildId)) return { refused: 400, reason: 'not a build this version serves' };
  if (!BEACON_KINDS.includes(beacon.kind)) return { refused: 400, reason: `kind ${String(beacon.kind).slice(0, 20)}` };
  return { buildId: beacon.buildId, kind: beacon.kind };
}

/** PutMetricData's Query form: one datum, value 1, of the build. */
export function putMetricDataBody(functionName, buildId) {
  const form = new URLSearchParams({
    Action: 'PutMetricData',
    Version: '2010-08-01',
    Namespace: METRIC_NAMESPACE,
    'MetricData.member.1.MetricName': METRIC_NAME,
    'MetricData.member.1.Value': '1',
    'MetricData.member.1.Unit': 'Count',
    'MetricData.member.1.Dimensions.member.1.Name': 'FunctionName',
    'MetricData.member.1.Dimensions.member.1.Value': functionName,
    'MetricData.member.1.Dimensions.member.2.Name': 'BuildId',
    'MetricData.member.1.Dimensions.member.2.Value': buildId,
  });
  return form.toString();
}

/**
 * Returns putClientError(buildId) for release = {functionName, region, cloudWatchEndpoint}: one signed PutMetricData
 * (service monitoring) over node:http(s), like the Lambda client. Rejects on any failure. dependencies (all
 * optional): credentials(), now, timeoutMs.
 */
export function createMetricClient(release, dependencies = {}) {
  const { credentials = environmentCredentials, now = Date.now, timeoutMs = PUT_TIMEOUT_MS } = dependencies;
  const url = `${release.cloudWatchEndpoint.replace(/\/+$/, '')}/`;
  return async function putClientError(buildId) {
    const body = putMetricDataBody(release.functionName, buildId);
    const signed = signRequest(
      { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
      { service: 'monitoring', region: release.region, credentials: credentials(), time: now() },
    );
    const { status, text } = await exchange(url, { method: 'POST', headers: signed.headers, body, timeoutMs });
    if (status < 200 || status > 299) throw new Error(`PutMetricData answered ${status}: ${text.slice(0, 200)}`);
  };
}

/**
 * Returns receiveBeacon(request): a generated response (204 counted, 400/413 refused, 405 not a POST), never cached.
 * dependencies: putClientError(buildId) (default createMetricClient's), log.
 */
export function createBeaconReceiver(config, dependencies = {}) {
  const log = dependencies.log ?? ((message) => console.warn(message));
  const putClientError = dependencies.putClientError ?? createMetricClient(config.release, dependencies);
  return async function receiveBeacon(request) {
    if (request.method !== 'POST') {
      return answer(405, 'Method Not Allowed', { allow: header('Allow', 'POST') });
    }
    const beacon = readBeacon(config, request);
    if (beacon.refused) {
      return answer(beacon.refused, beacon.refused === 413 ? 'Payload Too Large' : 'Bad Request');
    }
    try {
      await putClientError(beacon.buildId);
    } catch (error) {
      // The viewer's page cannot act on it; the missing datapoint is the edge's problem, logged for the operator.
      log(`edge-deploy: client error of ${beacon.buildId} not counted (${error?.message ?? error})`);
    }
    return answer(204, 'No Content');
  };
}
