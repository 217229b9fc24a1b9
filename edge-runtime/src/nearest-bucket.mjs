// Finds the regional bucket nearest to this edge location: Route53 latency routing answers
// the TXT record bucket.<domain> with the name of the nearest healthy region.
// The DNS client (node:dgram) and node:dns load on the first lookup, not at cold start:
// a container that only answers the entry never needs them (benchmark P5, cold start).

/** How long a failed lookup is remembered, so a broken resolver is not asked on every miss. */
export const FAILURE_TTL_MS = 10_000;

/**
 * Returns nearestBucket(): Promise<{region, bucket, domainName}>, which never rejects.
 * Answers are cached for the record's TTL, failures for FAILURE_TTL_MS; concurrent callers
 * share one lookup. Anything that goes wrong resolves to config.origin.primary.
 */
export function createBucketLocator(config, dependencies = {}) {
  const {
    queryTxt = async (...args) => (await import('./dns-txt-query.mjs')).queryTxt(...args),
    systemDnsServers = null,
    now = Date.now,
    log = (message) => console.warn(message),
  } = dependencies;
  const { primary, buckets = [], dnsServer = null, lookupTimeoutMs = 500 } = config.origin;
  const recordName = `bucket.${config.domain}`;
  const bucketsByRegion = new Map(buckets.map((bucket) => [bucket.region, bucket]));
  let cached = null; // { bucket, expiresAt }
  let inFlight = null;

  async function lookUp() {
    try {
      const server = dnsServer ?? (systemDnsServers ?? (await import('node:dns')).getServers)()[0];
      const { value, ttlSeconds } = await queryTxt(recordName, { server, timeoutMs: lookupTimeoutMs });
      const region = value.trim();
      const bucket = bucketsByRegion.get(region);
      if (!bucket) log(`edge-deploy: ${recordName} names region "${region}", which has no bucket; using ${primary.region}`);
      // An unknown region is still a valid answer: asking again before the TTL would not change it.
      return { bucket: bucket ?? primary, expiresAt: now() + ttlSeconds * 1000 };
    } catch (error) {
      log(`edge-deploy: TXT lookup of ${recordName} failed (${error?.code ?? error}); using ${primary.region}`);
      return { bucket: primary, expiresAt: now() + FAILURE_TTL_MS };
    }
  }

  return function nearestBucket() {
    try {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.bucket);
      inFlight ??= lookUp()
        .then((entry) => {
          cached = entry;
          return entry.bucket;
        })
        .catch(() => primary)
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    } catch {
      return Promise.resolve(primary);
    }
  };
}
