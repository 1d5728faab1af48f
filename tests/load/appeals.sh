#!/usr/bin/env bash
# Benchmark of appeal intake and the operator queue on PostgreSQL. Prints:
#   intake through GraphQL (appeals registered per second at concurrency 32),
#   the same database work as raw SQL transactions through pgbench (the limit), their ratio,
#   and the operator queue's p50/p99 with the tenant holding APPEALS seeded appeals.
# Targets on a 2-core machine: intake at least half the raw rate; queue p99 under 20 ms.
#
#   tests/load/appeals.sh            # 1,000,000 appeals, 30 s per measurement
#   APPEALS=100000 DURATION=10 tests/load/appeals.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/services.sh

APPEALS=${APPEALS:-1000000}
DURATION=${DURATION:-30}
CONCURRENCY=${CONCURRENCY:-32}
PORT=${PORT:-18109}
DB=qala_bench
ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres

ensure_postgres || { log "PostgreSQL is required"; exit 1; }
command -v wrk >/dev/null 2>&1 || apt_install wrk
command -v pgbench >/dev/null 2>&1 || apt_install postgresql-client

log "building the release binary"
cargo build --release --quiet -p qala
bin=target/release/qala

psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export QALA_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export QALA_JWT_SECRET=benchmark-secret-benchmark-secret-0109
export QALA_PROFILE=development QALA_LOG_LEVEL=warn QALA_LOG_FORMAT=pretty QALA_DB_MAX_CONNECTIONS=40
export QALA_BIND=127.0.0.1:$PORT QALA_ESCALATION_INTERVAL_SECS=0 QALA_LOGIN_IP_LIMIT_PER_MINUTE=1000

log "onboarding the cities and seeding $APPEALS appeals into astana"
$bin tenant add tenants/*.toml >/dev/null
$bin seed --tenant astana --appeals "$APPEALS"
psql -q "$QALA_DATABASE_URL" -c "VACUUM ANALYZE t_astana.appeals" -c "VACUUM ANALYZE t_astana.appeal_events"

$bin serve --demo >/tmp/qala-bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.5; done

login='{"query":"mutation { login(login: \"operator@astana\", password: \"qala-demo-109\") { accessToken } }"}'
export QALA_TOKEN=$(curl -fs "http://127.0.0.1:$PORT/t/astana/graphql" -H 'content-type: application/json' -d "$login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["accessToken"])')
read -r QALA_SERVICE_TYPE category org < <(psql -qtA -F' ' "$QALA_DATABASE_URL" -c \
  "SELECT id, category_id, default_org_id FROM t_astana.service_types WHERE appeal_type = 'incident' AND responsible <> 'housing' AND default_org_id IS NOT NULL AND active ORDER BY id LIMIT 1")
export QALA_SERVICE_TYPE
export QALA_BUILDING=$(psql -qtA "$QALA_DATABASE_URL" -c "SELECT id FROM t_astana.buildings ORDER BY id LIMIT 1")
year=$(date -u +%Y)
total=$(psql -qtA "$QALA_DATABASE_URL" -c "SELECT COUNT(*) FROM t_astana.appeals")
open=$(psql -qtA "$QALA_DATABASE_URL" -c "SELECT COUNT(*) FROM t_astana.appeals WHERE status IN ('registered','assigned','in_progress','reopened')")

log "operator queue: 5 s warm-up, then $DURATION s at concurrency 4 over $total appeals ($open open)"
wrk -t2 -c4 -d5s -s tests/load/queue.lua "http://127.0.0.1:$PORT" >/dev/null 2>&1
queue=$(wrk -t2 -c4 -d"${DURATION}s" -s tests/load/queue.lua "http://127.0.0.1:$PORT" 2>&1)
p50=$(awk '/^queue_p50_ms/ {print $2}' <<<"$queue")
p99=$(awk '/^queue_p99_ms/ {print $2}' <<<"$queue")
queue_failures=$(awk '/^queue_failures/ {print $2}' <<<"$queue")

log "intake through GraphQL: $DURATION s at concurrency $CONCURRENCY"
intake=$(wrk -t2 -c"$CONCURRENCY" -d"${DURATION}s" -s tests/load/intake.lua "http://127.0.0.1:$PORT" 2>&1)
intake_rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$intake")
intake_failures=$(awk '/^intake_failures/ {print $2}' <<<"$intake")

log "the same work as raw SQL through pgbench: $DURATION s at concurrency $CONCURRENCY"
raw=$(pgbench -n -c"$CONCURRENCY" -j2 -T"$DURATION" -f tests/load/intake.sql \
  -D service_type="$QALA_SERVICE_TYPE" -D building="$QALA_BUILDING" -D org="$org" -D category="$category" -D year="$year" \
  "$QALA_DATABASE_URL" 2>&1)
raw_rate=$(awk '/^tps = / {print $3}' <<<"$raw")

ratio=$(python3 -c "print(f'{$intake_rate / $raw_rate:.2f}')")
verdict() { python3 -c "print('meets' if $1 else 'MISSES')"; }
printf '\n%-44s %s\n' "appeals in the tenant" "$total ($open open)"
printf '%-44s %s (failed: %s)\n' "intake via GraphQL, appeals/s (c=$CONCURRENCY)" "$intake_rate" "${intake_failures:-?}"
printf '%-44s %s\n' "same work as raw SQL (pgbench), tx/s" "$raw_rate"
printf '%-44s %s  — target >= 0.50: %s\n' "ratio" "$ratio" "$(verdict "$ratio >= 0.5")"
printf '%-44s %s ms\n' "operator queue p50" "$p50"
printf '%-44s %s ms  — target < 20 ms: %s (failed: %s)\n' "operator queue p99" "$p99" "$(verdict "$p99 < 20")" "${queue_failures:-?}"
[ -n "${KEEP:-}" ] || psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
