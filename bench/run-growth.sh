#!/usr/bin/env bash
# The growth curve (issue 5). Builds the bench module (package only: nothing is installed into ~/.m2), makes (or
# reuses) one GrowthDataset per size (PostgreSQL schema growth_<users> in database `test` on 127.0.0.1:5432, or H2
# with --h2), then measures JWT bearer and client credentials grants and Account reads at one concurrency level on
# each, --repeat times (default 2), each run after waiting for any other benchmark on the machine to finish.
#   bench/run-growth.sh [--sizes 1000,100000,1000000] [--repeat 2] [--h2] [--apps 10000] [--accounts 10000]
#                       [--history-per-user 10] [--clients 8] [--grants 20000] [--reads 40000] [--warmup 20000]
# Datasets live in $TMPDIR/userbound-bench-growth-<pg|h2>-<users> and are reused when complete; loading them is not
# measured and does not wait for a quiet machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/bench-lib.sh"

SIZES=1000,100000,1000000
REPEAT=2
H2=false
APPS=10000
ACCOUNTS=10000
PER_USER=10
RUN_ARGS=()
while (($#)); do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --h2) H2=true; shift ;;
    --apps) APPS="$2"; shift 2 ;;
    --accounts) ACCOUNTS="$2"; shift 2 ;;
    --history-per-user) PER_USER="$2"; shift 2 ;;
    *) RUN_ARGS+=("$1" "$2"); shift 2 ;;
  esac
done

mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl bench -am package >&2
CP="$ROOT/bench/target/userbound-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
OUT="$(mktemp "${TMPDIR:-/tmp}/userbound-growth.XXXXXX.md")"

IFS=, read -ra sizes <<<"$SIZES"
for users in "${sizes[@]}"; do
  DATASET=(--users "$users" --apps "$APPS" --accounts "$ACCOUNTS" --login-history "$((users * PER_USER))" --h2 "$H2")
  java -Xms3g -Xmx3g -cp "$CP" io.userbound.bench.GrowthDataset "${DATASET[@]}"
  for r in $(seq 1 "$REPEAT"); do
    wait_for_quiet
    echo "## $users users, run $r ($(date +%T), $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    java -Xms2g -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$CP" io.userbound.bench.GrowthLoadGenerator "${DATASET[@]}" \
      "${RUN_ARGS[@]}" | tee "$OUT.run"
    if [[ ! -s "$OUT" ]]; then grep -A1 '^| store' "$OUT.run" >>"$OUT" || true; fi
    grep '^| [A-Z]' "$OUT.run" | grep -v '^| store' >>"$OUT" || true
  done
done
rm -f "$OUT.run"

echo
echo "==== growth ($OUT) ===="
cat "$OUT"
