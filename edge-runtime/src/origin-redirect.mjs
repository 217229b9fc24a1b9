// Origin-request handling for asset cache misses: point the S3 origin at the nearest regional
// bucket and ask for the pre-compressed variant the viewer accepts.
import { acceptedEncodings } from './accept-encoding.mjs';

const ASSETS_PREFIX = '/assets/';
// Preference order and the key suffix under which the packager stores each variant.
const VARIANT_SUFFIXES = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

/** The key of the variant to fetch: <uri>.br, <uri>.gz or <uri> itself. */
const MANIFEST_NAME = '_edge-manifest.json';

export function variantUri(uri, accepted, compression) {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  // The manifest is stored once, as written: it is the commit marker, not an asset with variants.
  if (name === MANIFEST_NAME) return uri;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return uri;
  const extension = name.slice(dot + 1).toLowerCase();
  const compressible = (compression?.compressibleExtensions ?? []).map((e) => e.toLowerCase());
  if (!compressible.includes(extension)) return uri;
  const configured = compression?.encodings ?? [];
  for (const [encoding, suffix] of VARIANT_SUFFIXES) {
    if (accepted.has(encoding) && configured.includes(encoding)) return uri + suffix;
  }
  return uri;
}

function pointAt(request, bucket) {
  request.origin.s3.domainName = bucket.domainName;
  request.origin.s3.region = bucket.region;
  request.headers = request.headers ?? {};
  request.headers.host = [{ key: 'Host', value: bucket.domainName }];
}

/**
 * Returns redirectOrigin(request): Promise<request>. It never rejects: on any error the
 * request keeps its uri and goes to config.origin.primary. Custom origins and paths outside
 * /assets/ are returned untouched.
 */
export function createOriginRedirect(config, { nearestBucket, log = (message) => console.warn(message) }) {
  const primary = config.origin.primary;
  return async function redirectOrigin(request) {
    if (!request?.origin?.s3) return request;
    if (typeof request.uri !== 'string' || !request.uri.startsWith(ASSETS_PREFIX)) return request;
    const originalUri = request.uri;
    try {
      const uri = variantUri(originalUri, acceptedEncodings(request.headers), config.compression);
      const bucket = await nearestBucket();
      pointAt(request, bucket);
      request.uri = uri;
    } catch (error) {
      log(`edge-deploy: origin redirect failed (${error?.message ?? error}); using ${primary.region}`);
      request.uri = originalUri;
      pointAt(request, primary);
    }
    return request;
  };
}
