document.body.appendChild(document.createTextNode('widget build @edgeDeploy.buildId@'));
