#!/usr/bin/env bash
# Grants per second on PostgreSQL with one node and with two nodes (issue 5). Builds the bench module (package only:
# nothing is installed into ~/.m2), creates a fresh schema in database `test` on 127.0.0.1:5432 (user postgres),
# starts node 1 as its own JVM, measures JWT bearer and client credentials grants through it, starts node 2 (another
# JVM, same database, same public base URL, node 1's secret pepper) and measures again with the load generator's
# connections spread round robin over both nodes. Each measurement runs --repeat times (default 2), each after
# waiting for any other benchmark on the machine to finish. The schema is dropped at the end (--keep-schema keeps it).
#   bench/run-pg-grants.sh [--repeat 2] [--grants jwt_bearer,client_credentials] [--keep-schema]
#                          [--node-heap 1g] [generator options: --clients 1,8,32 --requests ... --warmup ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/bench-lib.sh"

REPEAT=2
GRANTS="jwt_bearer,client_credentials"
KEEP=0
NODE_HEAP=1g
GEN_ARGS=(--clients 1,8,32 --requests 4000,24000,32000 --warmup 16000 --verify-seconds 3)
EXTRA=()
while (($#)); do
  case "$1" in
    --repeat) REPEAT="$2"; shift 2 ;;
    --grants) GRANTS="$2"; shift 2 ;;
    --keep-schema) KEEP=1; shift ;;
    --node-heap) NODE_HEAP="$2"; shift 2 ;;
    *) EXTRA+=("$1"); shift ;;
  esac
done
GEN_ARGS+=("${EXTRA[@]}")

mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl bench -am package >&2
CP="$ROOT/bench/target/userbound-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"

SCHEMA="bench_grants_$(date +%s)"
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA $SCHEMA"
DB_URL="jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=$SCHEMA"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/userbound-pg-grants.XXXXXX")"
P1="$(free_port)"
P2="$(free_port)"
PUBLIC="http://127.0.0.1:$P1"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((KEEP == 0)); then
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" || true
  fi
}
trap cleanup EXIT

start_node() { # port data-dir log
  mkdir -p "$2"
  java -Xms"$NODE_HEAP" -Xmx"$NODE_HEAP" ${NODE_JAVA_OPTS:-} -cp "$CP" io.userbound.server.Main --port "$1" \
    --data "$2" --db-url "$DB_URL" --base-url "$PUBLIC" >"$3" 2>&1 &
  PIDS+=("$!")
  wait_ready "$1"
}

measure() { # label urls...
  local label="$1"; shift
  local urls=()
  for u in "$@"; do urls+=(--url "$u"); done
  IFS=, read -ra grants <<<"$GRANTS"
  for g in "${grants[@]}"; do
    for r in $(seq 1 "$REPEAT"); do
      wait_for_quiet
      echo "## $label, $g, run $r" | tee -a "$WORK/results.md"
      java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$CP" io.userbound.bench.GrantLoadGenerator --grant "$g" \
        "${urls[@]}" --profile "$WORK/node1/cli-profile.json" --db-url "$DB_URL" "${GEN_ARGS[@]}" \
        | tee "$WORK/run.log"
      sed -n '/^Grant:/,$p' "$WORK/run.log" >>"$WORK/results.md"
    done
  done
}

echo "# schema $SCHEMA, node 1 on $P1, node 2 on $P2, work dir $WORK" >&2
start_node "$P1" "$WORK/node1" "$WORK/node1.log"
mkdir -p "$WORK/node2"
cp "$WORK/node1/secret-pepper" "$WORK/node2/secret-pepper"
measure "one node" "http://127.0.0.1:$P1"
start_node "$P2" "$WORK/node2" "$WORK/node2.log"
measure "two nodes" "http://127.0.0.1:$P1" "http://127.0.0.1:$P2"

echo
echo "==== summary ($WORK/results.md) ===="
cat "$WORK/results.md"
