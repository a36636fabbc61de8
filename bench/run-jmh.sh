#!/usr/bin/env bash
# Builds the bench module and runs the JMH benchmarks (raw RS256 verification cost), one thread per core.
#   bench/run-jmh.sh [JMH options]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl bench -am package >&2
exec java -cp "$ROOT/bench/target/userbound-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  org.openjdk.jmh.Main -t "$(nproc)" "$@"
