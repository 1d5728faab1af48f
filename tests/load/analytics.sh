#!/usr/bin/env bash
# Benchmark of the analysts' screens on PostgreSQL with a city's whole history. Prints each
# figure beside its target:
#   seeding (16.2 million appeals within 30 minutes), every dashboard query's p95 (< 200 ms),
#   the execution table and hotspots for a quarter (< 500 ms), the quarterly XLSX (< 5 s),
#   the CSV export of about a million appeals (>= 50,000 rows a second, memory flat),
#   and with SQLITE=1 the dashboard on SQLite with a million appeals (< 1 s).
#
#   tests/load/analytics.sh                       # 16,200,000 appeals over 10 years
#   APPEALS=1000000 YEARS=3 tests/load/analytics.sh
#   SQLITE=1 APPEALS=1000000 tests/load/analytics.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/services.sh

APPEALS=${APPEALS:-16200000}
YEARS=${YEARS:-10}
ROUNDS=${ROUNDS:-20}
PORT=${PORT:-18110}
DB=qala_bench_analytics
ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres

log "building the release binary"
cargo build --release --quiet -p qala
bin=$PWD/target/release/qala
export QALA_JWT_SECRET=benchmark-secret-benchmark-secret-0109
export QALA_PROFILE=development QALA_LOG_LEVEL=warn QALA_LOG_FORMAT=pretty QALA_DEMO_APPEALS=0
export QALA_BIND=127.0.0.1:$PORT QALA_ESCALATION_INTERVAL_SECS=0 QALA_LOGIN_IP_LIMIT_PER_MINUTE=1000
if [ "${SQLITE:-}" = "1" ]; then
  data=$(mktemp -d /tmp/qala-bench-sqlite.XXXX)
  export QALA_DATA_DIR=$data
  unset QALA_DATABASE_URL
  backend="SQLite ($data)"
  export TARGET_DASHBOARD_MS=1000
else
  ensure_postgres || { log "PostgreSQL is required"; exit 1; }
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  export QALA_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" QALA_DB_MAX_CONNECTIONS=20
  backend="PostgreSQL"
fi

log "onboarding the cities and seeding $APPEALS appeals over $YEARS years into astana ($backend)"
$bin tenant add tenants/*.toml >/dev/null
started=$(date +%s)
$bin seed --tenant astana --appeals "$APPEALS" --years "$YEARS"
seeded=$(( $(date +%s) - started ))
if [ "${SQLITE:-}" != "1" ]; then
  psql -q "$QALA_DATABASE_URL" -c "VACUUM ANALYZE t_astana.appeals" -c "VACUUM ANALYZE t_astana.appeal_rollups" \
    -c "VACUUM ANALYZE t_astana.appeal_events"
fi

$bin serve --demo >/tmp/qala-bench-analytics.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.5; done

login='{"query":"mutation { login(login: \"analyst@astana\", password: \"qala-demo-109\") { accessToken } }"}'
token=$(curl -fs "http://127.0.0.1:$PORT/t/astana/graphql" -H 'content-type: application/json' -d "$login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["accessToken"])')

printf '\n%-52s %9s s   target: 16.2 M within 1800 s (%s a second)\n' "seeding $APPEALS appeals" "$seeded" \
  "$(python3 -c "print(round($APPEALS / max($seeded, 1)))")"
python3 tests/load/analytics.py "http://127.0.0.1:$PORT" astana "$token" "$server" "$ROUNDS"
if [ "${SQLITE:-}" != "1" ]; then
  log "the plans of the dashboard's widest reads: the daily rows around the months of two years of the busiest organization (every key), and a year's service types (whole months, and the days around them)"
  psql -q "$QALA_DATABASE_URL" <<'SQL'
EXPLAIN (ANALYZE, BUFFERS) SELECT day, CAST(COALESCE(SUM(received), 0) AS BIGINT), CAST(COALESCE(SUM(resolved_late), 0) AS BIGINT)
  FROM t_astana.appeal_rollups
  WHERE grain = 0 AND ((day >= current_date - 729 AND day < date_trunc('month', current_date - 729) + interval '1 month')
                       OR (day >= date_trunc('month', current_date) AND day <= current_date))
    AND organization_id = (SELECT organization_id FROM t_astana.appeal_rollups WHERE grain = 1 AND organization_id <> 0
                           GROUP BY organization_id ORDER BY SUM(received) DESC LIMIT 1)
  GROUP BY day;
EXPLAIN (ANALYZE, BUFFERS) SELECT service_type_id, CAST(COALESCE(SUM(received), 0) AS BIGINT) FROM (
    SELECT service_type_id, received FROM t_astana.appeal_rollups
      WHERE grain = 3 AND day >= date_trunc('month', current_date - 364) + interval '1 month' AND day < date_trunc('month', current_date)
    UNION ALL
    SELECT service_type_id, received FROM t_astana.appeal_rollups
      WHERE grain = 2 AND ((day >= current_date - 364 AND day < date_trunc('month', current_date - 364) + interval '1 month')
         OR (day >= date_trunc('month', current_date) AND day <= current_date))) picked
  GROUP BY service_type_id;
SQL
fi
