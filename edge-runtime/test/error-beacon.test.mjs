// The beacon snippet, run as a browser runs it: a window, the entry's currentScript, navigator.sendBeacon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { BEACONS_PER_PAGE, BEACON_PATH, beaconSnippet } from '../src/error-beacon.mjs';

const CDN = 'https://d111111abcdef8.cloudfront.net';
const ENTRY = `${CDN}/assets/index.js`;
const BUILD = '20261124-a1b2c3d';

/** A page that ran the snippet of BUILD from scriptSrc; fire(type, event) dispatches to its window listeners. */
function page({ scriptSrc = ENTRY, sendBeacon = true } = {}) {
  const listeners = {};
  const sent = [];
  const window = { addEventListener: (type, listener) => (listeners[type] ??= []).push(listener) };
  const navigator = sendBeacon ? { sendBeacon: (url, data) => { sent.push({ url, how: 'beacon', body: JSON.parse(data) }); return true; } } : {};
  const fetch = (url, init) => { sent.push({ url, how: `fetch ${init.method} keepalive=${init.keepalive}`, body: JSON.parse(init.body) }); };
  runInNewContext(beaconSnippet(BUILD), { window, document: { currentScript: scriptSrc === null ? null : { src: scriptSrc } }, navigator, fetch, URL });
  const fire = (type, event) => (listeners[type] ?? []).forEach((listener) => listener(event));
  return { window, sent, fire, listeners };
}

const stackIn = (url) => ({ name: 'Error', stack: `Error: boom\n    at render (${url}:1:200)` });

test('an uncaught error of a script under the CDN assets is beaconed to the CDN origin with the build id', () => {
  const { window, sent, fire } = page();
  fire('error', { target: window, filename: `${CDN}/assets/${BUILD}/ui.4aac9ae8.js`, error: stackIn('x') });
  assert.deepEqual(sent, [{ url: `${CDN}${BEACON_PATH}`, how: 'beacon', body: { buildId: BUILD, kind: 'error' } }]);
});

test("the host page's own errors and muted cross-origin errors are not the app's", () => {
  const { window, sent, fire } = page();
  fire('error', { target: window, filename: 'https://host.example/app.js', error: stackIn('https://host.example/app.js') });
  fire('error', { target: window, filename: '', error: null, message: 'Script error.' });
  fire('unhandledrejection', { reason: stackIn('https://host.example/app.js') });
  fire('unhandledrejection', { reason: 'a string' });
  fire('error', { target: { src: 'https://host.example/lib.js' } });
  assert.deepEqual(sent, []);
});

test("a chunk that fails to load counts once, seen both as the script's load error and as webpack's ChunkLoadError", () => {
  const { sent, fire } = page();
  const chunk = `${CDN}/assets/${BUILD}/179.54450e1a.js`;
  fire('error', { target: { src: chunk } });
  fire('unhandledrejection', { reason: { name: 'ChunkLoadError', request: chunk, stack: `ChunkLoadError: Loading chunk 179 failed.\n    at ${ENTRY}:1:900` } });
  assert.deepEqual(sent.map((beacon) => beacon.body), [{ buildId: BUILD, kind: 'chunk-load' }]);
});

test('a rejection whose stack runs through the app is an error; a module that throws while it loads is one', () => {
  const { sent, fire } = page();
  fire('unhandledrejection', { reason: stackIn(`${CDN}/assets/${BUILD}/ui.4aac9ae8.js`) });
  assert.deepEqual(sent.map((beacon) => beacon.body.kind), ['error']);
});

test(`a page sends at most ${BEACONS_PER_PAGE} beacons, however many errors it has`, () => {
  const { window, sent, fire } = page();
  for (let i = 0; i < 50; i += 1) fire('error', { target: window, filename: `${CDN}/assets/${BUILD}/ui.js` });
  assert.equal(sent.length, BEACONS_PER_PAGE);
});

test('without sendBeacon the beacon is a keepalive fetch POST', () => {
  const { window, sent, fire } = page({ sendBeacon: false });
  fire('error', { target: window, filename: `${CDN}/assets/${BUILD}/ui.js` });
  assert.deepEqual(sent, [{ url: `${CDN}${BEACON_PATH}`, how: 'fetch POST keepalive=true', body: { buildId: BUILD, kind: 'error' } }]);
});

test('the snippet never throws into the page: no currentScript means no listeners', () => {
  const { listeners } = page({ scriptSrc: null });
  assert.deepEqual(listeners, {});
});

test('the snippet is one line, a complete statement, and small', () => {
  const snippet = beaconSnippet(BUILD);
  assert.equal(snippet.indexOf('\n'), snippet.length - 1);
  assert.ok(snippet.length < 1024, `${snippet.length} bytes`);
  assert.ok(gzipSync(snippet).length < 600, `${gzipSync(snippet).length} bytes gzipped`);
});
