// The never-cached entry host pages load with one script tag. It only finds the CDN's origin and lazy-loads the rest:
// React and the UI are immutable chunks under /assets/<buildId>/.
/* global __EDGE_DEPLOY_BUILD_ID__ */

const BUILD_ID = __EDGE_DEPLOY_BUILD_ID__;
const script = document.currentScript;

// Before the first dynamic import: chunks come from the CDN's origin (this script's), never the host page's.
// eslint-disable-next-line no-undef, camelcase
__webpack_public_path__ = new URL(`/assets/${BUILD_ID}/`, script.src).href;

// The widget's place: right after its script tag, as third-party embeds usually are.
const container = document.createElement('div');
container.className = 'edge-widget-root';
script.parentNode.insertBefore(container, script.nextSibling);

// No catch: a failed chunk load (ChunkLoadError) or a UI module that throws stays an unhandled rejection, which the
// edge's error beacon (prepended to this file by edge-deploy) reports with this build's id.
import(/* webpackChunkName: "ui" */ './mount.js').then(({ mount }) => mount(container, BUILD_ID));
