// Serves the never-cached entry (index.js) from the bundle itself, so a host page gets the
// current build's entry without any origin fetch.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { acceptedEncodings } from './accept-encoding.mjs';
import { beaconSnippet } from './error-beacon.mjs';

/** Request header that pins a request to a build the bundle carries (smoke tests). Not X-Edge-*. */
export const PIN_HEADER = 'edge-deploy-build';

/**
 * Where a viewer falls in [0, 1): the first 32 bits of SHA-256 of the green buildId and the
 * client IP. Stable for a viewer within a release, so the green set only grows as the share
 * grows; the buildId makes each release canary a different set of viewers.
 */
export function viewerPosition(greenBuildId, clientIp) {
  return createHash('sha256').update(`${greenBuildId}\n${clientIp ?? ''}`).digest().readUInt32BE(0) / 2 ** 32;
}

function pinnedBuild(config, request) {
  const value = request.headers?.[PIN_HEADER]?.[0]?.value?.trim();
  if (!value) return null;
  return Object.values(config.builds).find((build) => build?.buildId === value) ?? null;
}

/**
 * The build whose entry this request gets; context.greenShare (0..1, default 0) is the share of
 * viewers to serve green. A pin header naming a carried build wins; a bundle without a release
 * (or without a blue build) serves green; otherwise the viewer's position decides.
 */
export function selectBuild(config, request, context = {}) {
  const pinned = pinnedBuild(config, request);
  if (pinned) return pinned;
  const { green, blue } = config.builds;
  if (!config.release || !blue) return green;
  const share = context.greenShare ?? 0;
  return viewerPosition(green.buildId, request.clientIp) < share ? green : blue;
}

const header = (key, value) => [{ key, value }];

function methodNotAllowed() {
  return {
    status: '405',
    statusDescription: 'Method Not Allowed',
    headers: {
      allow: header('Allow', 'GET, HEAD'),
      'cache-control': header('Cache-Control', 'no-cache'),
      'content-type': header('Content-Type', 'text/plain; charset=utf-8'),
    },
    body: 'Method Not Allowed',
    bodyEncoding: 'text',
  };
}

/** Whether this bundle reports client errors: it has a release whose metrics endpoint is known. */
export const reportsClientErrors = (config) => typeof config.release?.cloudWatchEndpoint === 'string';

/**
 * The entry a build serves: as packaged, or with the error beacon snippet prepended (and gzipped again, once per
 * container and build: entries are small, and a gzip member cannot simply be prefixed).
 */
function servedEntries(config) {
  const served = new Map();
  return (build) => {
    if (!reportsClientErrors(config) || !/javascript/i.test(build.entry.contentType)) return build.entry;
    let entry = served.get(build.buildId);
    if (!entry) {
      const body = beaconSnippet(build.buildId) + build.entry.body;
      entry = { contentType: build.entry.contentType, body, gzipBase64: gzipSync(body, { level: 9 }).toString('base64') };
      served.set(build.buildId, entry);
    }
    return entry;
  };
}

/** Returns serveEntry(request, context): a CloudFront generated response; context as selectBuild's. */
export function createEntryResponder(config) {
  const allowOrigin = config.cors?.allowOrigin ?? '*';
  const entryOf = servedEntries(config);
  return function serveEntry(request, context = {}) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed();
    const build = selectBuild(config, request, context);
    const entry = entryOf(build);
    const gzip = acceptedEncodings(request.headers).has('gzip');
    const headers = {
      'content-type': header('Content-Type', entry.contentType),
      'cache-control': header('Cache-Control', 'no-cache'),
      'x-content-type-options': header('X-Content-Type-Options', 'nosniff'),
      vary: header('Vary', 'Accept-Encoding'),
      'access-control-allow-origin': header('Access-Control-Allow-Origin', allowOrigin),
      'timing-allow-origin': header('Timing-Allow-Origin', allowOrigin),
      // Not X-Edge-*: CloudFront rejects (502) any X-Edge-* header a function adds.
      'edge-deploy-build': header('Edge-Deploy-Build', build.buildId),
    };
    if (gzip) headers['content-encoding'] = header('Content-Encoding', 'gzip');
    // HEAD gets the GET response; CloudFront sends the viewer no body for HEAD.
    return {
      status: '200',
      statusDescription: 'OK',
      headers,
      body: gzip ? entry.gzipBase64 : entry.body,
      bodyEncoding: gzip ? 'base64' : 'text',
    };
  };
}
