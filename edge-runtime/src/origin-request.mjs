// The origin-request trigger: the entry path is answered from the bundle, every other
// request goes on to the nearest regional bucket.
import { createEntryResponder } from './entry-response.mjs';
import { createOriginRedirect } from './origin-redirect.mjs';
import { createBucketLocator } from './nearest-bucket.mjs';

export const SCHEMA_VERSION = 1;

/**
 * Returns handler(event) for a parsed edge-config.json. dependencies (all optional):
 * queryTxt, systemDnsServers, now, log; see createBucketLocator.
 */
export function createHandler(config, dependencies = {}) {
  checkConfig(config);
  const log = dependencies.log ?? ((message) => console.warn(message));
  const serveEntry = createEntryResponder(config);
  const redirectOrigin = createOriginRedirect(config, {
    nearestBucket: createBucketLocator(config, { ...dependencies, log }),
    log,
  });
  return async function handler(event) {
    const request = event?.Records?.[0]?.cf?.request;
    if (request?.uri !== config.entryPath) return redirectOrigin(request);
    try {
      return serveEntry(request);
    } catch (error) {
      log(`edge-deploy: entry response failed (${error?.message ?? error})`);
      return unavailable();
    }
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
  if (config?.schemaVersion !== SCHEMA_VERSION) {
    problems.push(`schemaVersion is ${config?.schemaVersion}, this runtime reads ${SCHEMA_VERSION}`);
  }
  const entry = config?.builds?.green?.entry;
  if (typeof config?.builds?.green?.buildId !== 'string') problems.push('builds.green.buildId is missing');
  for (const field of ['contentType', 'body', 'gzipBase64']) {
    if (typeof entry?.[field] !== 'string') problems.push(`builds.green.entry.${field} is missing`);
  }
  if (typeof config?.entryPath !== 'string') problems.push('entryPath is missing');
  if (typeof config?.domain !== 'string') problems.push('domain is missing');
  if (typeof config?.origin?.primary?.domainName !== 'string') problems.push('origin.primary is missing');
  if (problems.length > 0) throw new Error(`edge-config.json does not fit this runtime: ${problems.join('; ')}`);
}
