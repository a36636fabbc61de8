#!/usr/bin/env bash
# Builds the bench module (package only: nothing is installed into ~/.m2) and runs the record write load generator:
# Account creates and updates (a tracked field) at 1, 8 and 32 connections, beside the HTTP floor of the same run.
#   bench/run-record-writes.sh [--clients 1,8,32] [--requests 4000,16000,24000] [--warmup 8000] [--db-url URL]
#                              [--url http://127.0.0.1:PORT --profile DATA/cli-profile.json]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl bench -am package >&2
exec java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$ROOT/bench/target/userbound-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  io.userbound.bench.RecordWriteLoadGenerator "$@"
