#!/bin/sh
# Fails the build early, with a fix, when the machine cannot run the edge handler tests.
fix="Install Node.js 18 or newer (https://nodejs.org/ or your package manager, e.g. 'apt-get install nodejs') and make sure 'node' is on PATH, or build with -DskipTests to skip the edge-runtime tests."
if ! command -v node >/dev/null 2>&1; then
  echo "edge-runtime: 'node' was not found on PATH. The Lambda@Edge handlers are tested with Node.js 18+. $fix" >&2
  exit 1
fi
node -e '
var major = Number(process.versions.node.split(".")[0]);
if (!(major >= 18)) {
  console.error("edge-runtime: node " + process.version + " is too old; the Lambda@Edge handlers need Node.js 18+. " + process.argv[1]);
  process.exit(1);
}
console.log("edge-runtime: testing with node " + process.version);
' "$fix"
