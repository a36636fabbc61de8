#!/usr/bin/env bash
# Builds the bench module (package only: nothing is installed into ~/.m2) and runs the introspection load generator
# on loopback.
#   bench/run-introspection.sh [--tokens 2000] [--clients 1,8,32] [--requests 20000,60000,80000] [--warmup 100000]
#                              [--db-url URL]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl bench -am package >&2
exec java -Xms2g -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$ROOT/bench/target/userbound-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  io.userbound.bench.IntrospectionLoadGenerator "$@"
