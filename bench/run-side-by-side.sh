#!/usr/bin/env bash
# Two builds' in-process load generators in turn, twice (issue 13's before/after): JWT bearer, client credentials and
# introspection, each build in its own JVM on a fresh embedded H2 data directory.
#   bench/run-side-by-side.sh BEFORE_DIR AFTER_DIR OUT_DIR
# Each DIR holds a build's bench/target/userbound-bench-0.1.0-SNAPSHOT.jar and bench/target/lib/ (copy them out of a
# checkout after `mvn -B -q -DskipTests -pl bench -am package`). Writes OUT_DIR/<before|after>-<case>-<round>.txt.
set -uo pipefail
BEFORE=$1; AFTER=$2; OUT=$3; mkdir -p "$OUT"
run() { # build-dir label round
  local cp="$1/userbound-bench-0.1.0-SNAPSHOT.jar:$1/lib/*"
  java -Xms2g -Xmx2g -cp "$cp" io.userbound.bench.GrantLoadGenerator --grant jwt_bearer --clients 1,8,32 \
    --requests 3000,15000,20000 --warmup 5000 > "$OUT/$2-jwt-$3.txt" 2>&1
  java -Xms2g -Xmx2g -cp "$cp" io.userbound.bench.GrantLoadGenerator --grant client_credentials --clients 1,8,32 \
    --requests 10000,40000,60000 --warmup 50000 > "$OUT/$2-cc-$3.txt" 2>&1
  java -Xms2g -Xmx2g -cp "$cp" io.userbound.bench.IntrospectionLoadGenerator --clients 1,8,32 \
    --requests 20000,60000,80000 --warmup 60000 > "$OUT/$2-introspect-$3.txt" 2>&1
}
for round in 1 2; do
  echo "$(date +%T) round $round: before"; run "$BEFORE" before "$round"
  echo "$(date +%T) round $round: after"; run "$AFTER" after "$round"
done
grep -H '^| [0-9]' "$OUT"/*.txt
