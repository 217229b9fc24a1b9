// The origin-request trigger: the entry path is answered from the bundle, client error beacons
// are counted in CloudWatch, every other request goes on to the nearest regional bucket. The same
// function, invoked directly in us-east-1 with {"edgeDeploy":"weights"}, answers what the release
// alias says.
import { createEntryResponder, reportsClientErrors } from './entry-response.mjs';
import { BEACON_PATH } from './error-beacon.mjs';
import { createOriginRedirect } from './origin-redirect.mjs';
import { createBucketLocator } from './nearest-bucket.mjs';
import {
  WEIGHTS_REQUEST,
  createSharedWeightsAnswer,
  createWeightsAnswer,
  createWeightsProbe,
  greenShare,
  isWeightsRequest,
} from './weights.mjs';

const NUMBERED_VERSION = /^[0-9]+$/;

/** The edge-config.json schema versions this runtime reads. */
export const SCHEMA_VERSIONS = Object.freeze([1, 2]);

/**
 * Returns handler(event, context) for a parsed edge-config.json. dependencies (all optional):
 * queryTxt, systemDnsServers, now, log (see createBucketLocator); lambda ({invoke, getAlias},
 * default a SigV4 client of release.lambdaEndpoint), objects ({get, put} of the shared weights
 * object, default a SigV4 S3 client of release.s3Endpoint), random (probe jitter), putClientError(buildId)
 * (default a SigV4 PutMetricData client of release.cloudWatchEndpoint).
 */
export function createHandler(config, dependencies = {}) {
  checkConfig(config);
  const log = dependencies.log ?? ((message) => console.warn(message));
  const now = dependencies.now ?? (() => Date.now());
  const serveEntry = createEntryResponder(config);
  const redirectOrigin = createOriginRedirect(config, {
    nearestBucket: createBucketLocator(config, { ...dependencies, log }),
    log,
  });
  const release = config.release;
  const lambda = release ? (dependencies.lambda ?? lazyLambdaClient(release, { now })) : null;
  const answerWeights = release ? weightsAnswer(release, lambda, { ...dependencies, now, log }) : null;
  const receiveBeacon = reportsClientErrors(config) ? lazyBeaconReceiver(config, { ...dependencies, log, now }) : null;
  let probe = null;
  // The version this container runs: the one whose weight it looks for, and the one it invokes
  // in us-east-1 (its code surely knows the weights request, whatever version the alias names).
  const weightsProbe = (ownVersion) =>
    (probe ??= createWeightsProbe(release, {
      invokeWeights: () => lambda.invoke(release.functionName, ownVersion, WEIGHTS_REQUEST),
      now,
      random: dependencies.random ?? Math.random,
      log,
    }));

  return async function handler(event, context = {}) {
    if (isWeightsRequest(event)) {
      if (!answerWeights) throw new Error('edge-deploy: this bundle has no release to answer weights for');
      return answerWeights();
    }
    const request = event?.Records?.[0]?.cf?.request;
    if (request?.uri === BEACON_PATH) return receiveBeacon ? receiveBeacon(request) : notFound();
    if (request?.uri !== config.entryPath) return redirectOrigin(request);
    try {
      const ownVersion = context?.functionVersion;
      // Without a numbered version (never so at the edge) no weight can be this container's: blue.
      const probing = release && config.builds.blue && NUMBERED_VERSION.test(ownVersion ?? '');
      const share = probing ? greenShare(weightsProbe(ownVersion).current(), ownVersion) : 0;
      return serveEntry(request, { greenShare: share });
    } catch (error) {
      log(`edge-deploy: entry response failed (${error?.message ?? error})`);
      return unavailable();
    }
  };
}

// The regional answer: one alias cache shared by all regional containers through the primary
// bucket when the config names it, else (older bundles) each container's own.
function weightsAnswer(release, lambda, dependencies) {
  const { now, log } = dependencies;
  const ownCache = createWeightsAnswer(release, { getAlias: lambda.getAlias, now });
  if (!release.weightsBucket) return ownCache;
  const objects = dependencies.objects ?? lazyS3Client(release, { now });
  return createSharedWeightsAnswer(release, { getAlias: lambda.getAlias, objects, fallback: ownCache, now, log });
}

/**
 * make() on the first call of the returned function, its promise shared by every later call (and by
 * concurrent first calls); a failed make() is tried again on the next call.
 */
function onFirstUse(make) {
  let made = null;
  return () => (made ??= make().catch((error) => {
    made = null;
    throw error;
  }));
}

function lazyS3Client(release, options) {
  const client = onFirstUse(async () => (await import('./s3-object-client.mjs')).createS3ObjectClient(release, options));
  return {
    get: async (...args) => (await client()).get(...args),
    put: async (...args) => (await client()).put(...args),
  };
}

/**
 * The SigV4 Lambda client, loaded on its first call rather than at cold start: with node:http,
 * node:https and the signer it is several ms of the import, which an asset-only container never uses
 * and an entry container needs only once its first response is on its way (benchmark P5).
 */
function lazyLambdaClient(release, options) {
  const client = onFirstUse(async () => (await import('./lambda-client.mjs')).createLambdaClient(release, options));
  return {
    invoke: async (...args) => (await client()).invoke(...args),
    getAlias: async (...args) => (await client()).getAlias(...args),
  };
}

/** The beacon endpoint, loaded with the first beacon: entry and asset containers never need it. */
function lazyBeaconReceiver(config, dependencies) {
  const receiver = onFirstUse(async () => (await import('./client-errors.mjs')).createBeaconReceiver(config, dependencies));
  return async (request) => (await receiver())(request);
}

function notFound() {
  return {
    status: '404',
    statusDescription: 'Not Found',
    headers: { 'cache-control': [{ key: 'Cache-Control', value: 'no-store' }] },
  };
}

function unavailable() {
  return {
    status: '503',
    statusDescription: 'Service Unavailable',
    headers: { 'cache-control': [{ key: 'Cache-Control', value: 'no-cache' }] },
  };
}

// A bundle whose config does not fit this runtime must fail at cold start, loudly, rather
// than serve something half-right.
function checkConfig(config) {
  const problems = [];
  if (!SCHEMA_VERSIONS.includes(config?.schemaVersion)) {
    problems.push(`schemaVersion is ${config?.schemaVersion}, this runtime reads ${SCHEMA_VERSIONS.join(' or ')}`);
  }
  checkBuild(config?.builds?.green, 'green', problems);
  if (config?.builds?.blue !== undefined) checkBuild(config.builds.blue, 'blue', problems);
  if (typeof config?.entryPath !== 'string') problems.push('entryPath is missing');
  if (typeof config?.domain !== 'string') problems.push('domain is missing');
  if (typeof config?.origin?.primary?.domainName !== 'string') problems.push('origin.primary is missing');
  if (config?.release !== undefined) checkRelease(config, problems);
  if (problems.length > 0) throw new Error(`edge-config.json does not fit this runtime: ${problems.join('; ')}`);
}

function checkBuild(build, name, problems) {
  if (typeof build?.buildId !== 'string') problems.push(`builds.${name}.buildId is missing`);
  for (const field of ['contentType', 'body', 'gzipBase64']) {
    if (typeof build?.entry?.[field] !== 'string') problems.push(`builds.${name}.entry.${field} is missing`);
  }
}

// Lambda names: letters, digits, hyphens and underscores (a plain name, not an ARN).
const LAMBDA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function checkRelease(config, problems) {
  const release = config.release;
  if (config.schemaVersion !== 2) problems.push('release needs schemaVersion 2');
  for (const field of ['functionName', 'alias']) {
    if (!LAMBDA_NAME.test(release?.[field] ?? '')) problems.push(`release.${field} is missing or not a plain Lambda name`);
  }
  if (typeof release?.region !== 'string' || release.region === '') problems.push('release.region is missing');
  if (!/^https?:\/\/[^/]+\/?$/.test(release?.lambdaEndpoint ?? '')) {
    problems.push('release.lambdaEndpoint is missing or not an http(s) origin such as https://lambda.us-east-1.amazonaws.com');
  }
  if (release?.cloudWatchEndpoint !== undefined && !/^https?:\/\/[^/]+\/?$/.test(release.cloudWatchEndpoint)) {
    problems.push('release.cloudWatchEndpoint is not an http(s) origin such as https://monitoring.us-east-1.amazonaws.com');
  }
  if (release?.weightsBucket !== undefined) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(release.weightsBucket)) problems.push('release.weightsBucket is not an S3 bucket name');
    if (!/^https?:\/\/[^/]+\/?$/.test(release?.s3Endpoint ?? '')) {
      problems.push('release.s3Endpoint is missing or not an http(s) origin such as https://s3.us-east-1.amazonaws.com');
    }
  }
  if (release?.refreshSeconds !== undefined && !(release.refreshSeconds > 0)) problems.push('release.refreshSeconds must be > 0');
  if (release?.aliasCacheSeconds !== undefined && !(release.aliasCacheSeconds >= 0)) {
    problems.push('release.aliasCacheSeconds must be >= 0');
  }
}
