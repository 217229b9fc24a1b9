(function () {
  var base = new URL('/assets/it-fixture-1/', document.currentScript.src).href;
  var s = document.createElement('script');
  s.src = base + 'static/app.1a2b3c.js';
  document.head.appendChild(s);
})();
