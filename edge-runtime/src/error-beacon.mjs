// The client error beacon: a few hundred bytes of browser JavaScript the entry responder prepends to every entry it
// serves, so each app reports its viewers' failures tagged with the build that served them, without writing a line
// of it. Prepended (not appended): an entry that throws while it runs still has the listeners in place.

/** Where beacons go, on the CDN's origin (the entry's own), never the host page's. */
export const BEACON_PATH = '/_edge-deploy/beacon';

/** What a beacon reports: an uncaught error of the app's scripts, or a chunk that failed to load. */
export const BEACON_KINDS = Object.freeze(['error', 'chunk-load']);

/** Beacons one page sends at most: a page stuck in an error loop must not flood the metric or the edge. */
export const BEACONS_PER_PAGE = 5;

// Readable source of the snippet, minified below by hand. What it does, in a browser:
// - the CDN's origin is the origin of document.currentScript.src (the entry itself); the app's files are those under
//   <origin>/assets/ (the entry and every chunk of every build);
// - 'error' (captured at window, so a <script> that fails to load is seen too): a script element under the app's files
//   that failed to load → chunk-load; an uncaught error whose file (or stack) is one of the app's → error. The host
//   page's own errors, and muted cross-origin "Script error." events (no file, no error), are not the app's: ignored;
// - 'unhandledrejection' whose reason's stack names the app's files: webpack's ChunkLoadError → chunk-load, else error.
//   A chunk reported by both (its script's load error and the rejection) counts once (ChunkLoadError.request is the
//   chunk's URL);
// - each beacon is a CORS-simple POST (text/plain, no preflight, no credentials read) of {"buildId","kind"} with
//   navigator.sendBeacon, else fetch keepalive; at most BEACONS_PER_PAGE per page; nothing in it may throw into the
//   page.
const SNIPPET = `(function(b,w){try{var o=new URL(document.currentScript.src).origin,a=o+"/assets/",u=o+"${BEACON_PATH}",n=0,s={};
function m(x){return!!x&&String(x.stack||"").indexOf(a)>=0}
function r(k,i){if(i){if(s[i])return;s[i]=1}if(n++>=${BEACONS_PER_PAGE})return;var d=JSON.stringify({buildId:b,kind:k});
try{navigator.sendBeacon?navigator.sendBeacon(u,d):fetch(u,{method:"POST",body:d,keepalive:true,mode:"no-cors"})}catch(e){}}
w.addEventListener("error",function(e){var t=e.target,f=e.filename||"";if(t&&t!==w&&t.src!==void 0){if(String(t.src).indexOf(a)==0)r("chunk-load",t.src)}else if(f.indexOf(a)==0||m(e.error))r("error")},true);
w.addEventListener("unhandledrejection",function(e){var x=e.reason;if(m(x))x.name=="ChunkLoadError"?r("chunk-load",x.request):r("error")})}catch(e){}})`;

// One line, so the entry's own lines move down by exactly one.
const ONE_LINE = SNIPPET.replace(/\n/g, '');

/** The snippet for one build: a complete statement ending in a newline, to prepend to that build's entry. */
export function beaconSnippet(buildId) {
  return `${ONE_LINE}(${JSON.stringify(buildId)},window);\n`;
}
