(function () {
  var script = document.createElement('script');
  script.src = '/assets/@edgeDeploy.buildId@/widget.js';
  document.head.appendChild(script);
})();
