#!/usr/bin/env bash
# Installs the competitors (Debian packages), builds the benchmark module and runs every benchmark; the tables are
# printed and written to edge-deploy-benchmarks/target/bench-work/results.md. Arguments go to the harness, e.g.
#   edge-deploy-benchmarks/run.sh --runs=3 --latencies=50,0,150 --aws-latencies=50,0 --parts=P1,P4,P7
set -euo pipefail
cd "$(dirname "$0")/.."
if ! [ -x /usr/bin/aws ] || ! [ -x /usr/bin/rclone ] || ! command -v brotli >/dev/null || ! command -v gzip >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli rclone brotli gzip >/dev/null
fi
./mvnw -q -B -Pbench -pl edge-deploy-benchmarks -am package -DskipTests
cp="edge-deploy-benchmarks/target/classes:$(cat edge-deploy-benchmarks/target/classpath.txt)"
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.edgedeploy.bench.Benchmarks \
  --work=edge-deploy-benchmarks/target/bench-work "$@"
