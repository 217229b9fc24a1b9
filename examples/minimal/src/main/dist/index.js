/* edge-deploy minimal example: the never-cached entry. It finds its chunks on the CDN's own origin, derived from
   this script's URL (never the host page's origin), under the build's immutable prefix. */
(function () {
  var script = document.currentScript;
  var base = new URL('/assets/@edgeDeploy.buildId@/', script ? script.src : location.href).href;
  var styles = document.createElement('link');
  styles.rel = 'stylesheet';
  styles.href = base + 'widget.3f9a1c.css';
  document.head.appendChild(styles);
  var chunk = document.createElement('script');
  chunk.src = base + 'widget.7c2e9b.js';
  chunk.async = true;
  document.head.appendChild(chunk);
})();
