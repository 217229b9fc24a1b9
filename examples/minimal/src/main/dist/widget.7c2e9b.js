/*! edge-deploy minimal widget | MIT */
(function () {
  var host = document.getElementById('edge-widget') || document.body.appendChild(document.createElement('div'));
  host.className = 'edge-widget';
  host.textContent = 'edge-deploy minimal widget, build @edgeDeploy.buildId@';
  host.setAttribute('data-build', '@edgeDeploy.buildId@');
})();
