#!/bin/sh
# Fails the build early, with a fix, when the machine cannot bundle or test the edge handlers.
fix="Install Node.js 18 or newer with npm (https://nodejs.org/ or your package manager, e.g. 'apt-get install nodejs npm') and make sure 'node' and 'npm' are on PATH."
if ! command -v node >/dev/null 2>&1; then
  echo "edge-runtime: 'node' was not found on PATH. The Lambda@Edge handlers are bundled (esbuild) and tested with Node.js 18+. $fix" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "edge-runtime: 'npm' was not found on PATH; it installs the pinned esbuild that bundles the handlers. $fix" >&2
  exit 1
fi
node -e '
var major = Number(process.versions.node.split(".")[0]);
if (!(major >= 18)) {
  console.error("edge-runtime: node " + process.version + " is too old; the Lambda@Edge handlers need Node.js 18+. " + process.argv[1]);
  process.exit(1);
}
console.log("edge-runtime: building with node " + process.version);
' "$fix"
