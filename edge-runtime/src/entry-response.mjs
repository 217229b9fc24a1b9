// Serves the never-cached entry (index.js) from the bundle itself, so a host page gets the
// current build's entry without any origin fetch.
import { acceptedEncodings } from './accept-encoding.mjs';

/** The build whose entry this request gets. The one seam for blue/green selection. */
export function selectBuild(config, request) {
  return config.builds.green;
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

/** Returns serveEntry(request): a CloudFront generated response. */
export function createEntryResponder(config) {
  const allowOrigin = config.cors?.allowOrigin ?? '*';
  return function serveEntry(request) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed();
    const build = selectBuild(config, request);
    const entry = build.entry;
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
