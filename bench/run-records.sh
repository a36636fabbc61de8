#!/usr/bin/env bash
# Builds the bench module (package only: nothing is installed into ~/.m2), makes (or reuses) the record dataset and
# runs the record API load generator on loopback.
#   bench/run-records.sh [--data DIR] [--rows 1000000] [--users 1000] [--shares 20000] [--clients 1,8,32]
#                        [--requests 20000,60000,80000] [--queries 5000,20000,20000] [--warmup 60000]
# The dataset lives in DIR (default: $TMPDIR/userbound-bench-records-<rows>) and is reused when it is complete.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl bench -am package >&2
exec java -Xms3g -Xmx3g ${BENCH_JAVA_OPTS:-} -cp "$ROOT/bench/target/userbound-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  io.userbound.bench.RecordLoadGenerator "$@"
