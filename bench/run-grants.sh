#!/usr/bin/env bash
# Builds the bench module (in the reactor, without installing anything into ~/.m2) and runs the grant load
# generator on loopback.
#   bench/run-grants.sh [--grant jwt_bearer|client_credentials] [--clients 1,8,32] [--requests N,N,N]
#                       [--warmup N] [--db-url URL]
# Defaults: jwt_bearer --requests 6000,40000,48000 --warmup 8000;
#           client_credentials --requests 20000,100000,300000 --warmup 100000 (steady state for the JIT)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl bench -am package >&2
exec java -Xms2g -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$ROOT/bench/target/userbound-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  io.userbound.bench.GrantLoadGenerator "$@"
