# Starting (or installing) the services the test suite talks to. Sourced by scripts/test.
# Each function returns 0 when the service answers, 1 when it could not be made to answer.

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get is not available to install $*"
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "${APT_LISTS_UPDATED:-}" ]; then
    $sudo apt-get update -qq >/dev/null && export APT_LISTS_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

ensure_postgres() {
  command -v pg_isready >/dev/null 2>&1 && pg_ready && return 0
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    log "PostgreSQL is not installed: installing it from Debian's packages"
    apt_install postgresql || return 1
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || { log "no PostgreSQL cluster found under /etc/postgresql"; return 1; }
  # The suite connects as `postgres` over TCP without a password, as on the development machines.
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if [ -w "$hba" ] && ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || pg_ctlcluster "$version" main start 2>/dev/null || true
  pg_ctlcluster "$version" main reload 2>/dev/null || true
  for _ in $(seq 1 30); do pg_ready && return 0; sleep 1; done
  return 1
}

redis_ready() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  command -v redis-cli >/dev/null 2>&1 && redis_ready && return 0
  if ! command -v redis-server >/dev/null 2>&1; then
    log "Redis is not installed: installing it from Debian's packages"
    apt_install redis-server || return 1
  fi
  log "starting Redis"
  mkdir -p /tmp/qala-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /tmp/qala-redis --logfile /tmp/qala-redis/redis.log >/dev/null 2>&1 || true
  for _ in $(seq 1 20); do redis_ready && return 0; sleep 0.5; done
  return 1
}

ensure_nextest() {
  command -v cargo-nextest >/dev/null 2>&1 && return 0
  log "installing cargo-nextest"
  cargo install --locked cargo-nextest >/dev/null 2>&1
}

S3_PORT=9109

s3_ready() { curl -fs "http://127.0.0.1:$S3_PORT/" 2>/dev/null | grep -q ListAllMyBucketsResult; }

# A real S3 API server on loopback for the storage tests: moto's server, from PyPI.
ensure_s3() {
  s3_ready && return 0
  mkdir -p /tmp/qala-s3
  local python=python3
  if ! $python -c "import moto.server, flask" >/dev/null 2>&1; then
    log "installing an S3 API server (moto) from PyPI"
    if ! $python -m pip install --quiet --disable-pip-version-check "moto[server]>=5,<6" 2>/tmp/qala-s3/pip.log; then
      # An interpreter that refuses global installs gets a virtual environment of our own.
      $python -m venv /tmp/qala-s3/venv 2>>/tmp/qala-s3/pip.log || apt_install python3-venv
      $python -m venv /tmp/qala-s3/venv 2>>/tmp/qala-s3/pip.log || { tail -5 /tmp/qala-s3/pip.log >&2; return 1; }
      python=/tmp/qala-s3/venv/bin/python
      $python -m pip install --quiet "moto[server]>=5,<6" 2>>/tmp/qala-s3/pip.log || { tail -5 /tmp/qala-s3/pip.log >&2; return 1; }
    fi
  fi
  log "starting the S3 API server on 127.0.0.1:$S3_PORT"
  nohup $python -m moto.server -H 127.0.0.1 -p "$S3_PORT" >/tmp/qala-s3/server.log 2>&1 &
  for _ in $(seq 1 40); do s3_ready && return 0; sleep 0.5; done
  tail -5 /tmp/qala-s3/server.log >&2
  return 1
}

# Prints a Python 3 interpreter that imports $1, installing the pinned requirements that follow (a
# PyPI name and version, with digests or not) when it is missing: into the machine's interpreter
# or, where that refuses global installs, into the virtual environment the S3 server uses.
python_with() {
  local module=$1 logfile="/tmp/qala-pip-$1.log" python=python3 requirement
  requirement=$(printf '%s\n' "${@:2}")
  [ -x /tmp/qala-s3/venv/bin/python ] && python=/tmp/qala-s3/venv/bin/python
  if ! $python -c "import $module" >/dev/null 2>&1; then
    log "installing ${requirement%% *} from PyPI" >&2
    if ! $python -m pip install --quiet --disable-pip-version-check -r <(echo "$requirement") \
      2>"$logfile" >&2; then
      [ -x /tmp/qala-s3/venv/bin/python ] || python3 -m venv /tmp/qala-s3/venv >&2 || return 1
      python=/tmp/qala-s3/venv/bin/python
      $python -m pip install --quiet --disable-pip-version-check -r <(echo "$requirement") \
        2>>"$logfile" >&2 || { tail -5 "$logfile" >&2; return 1; }
    fi
  fi
  echo "$python"
}

# The property-based fuzzer's libraries (hypothesis-graphql, which brings Hypothesis and
# graphql-core, and requests), from PyPI; prints the interpreter that has them.
ensure_fuzzer() {
  python_with hypothesis_graphql "hypothesis-graphql==0.13.5" "requests>=2.31,<3"
}

# A real XLSX reader (openpyxl, from PyPI) that opens the reports the way a spreadsheet would;
# prints the interpreter that has it.
ensure_xlsx_reader() {
  python_with openpyxl "openpyxl==3.1.5"
}

# A real Open311 client library that reads (georeport, from PyPI) for the GeoReport v2 tests;
# prints the interpreter that has it.
ensure_open311_client() {
  python_with georeport "georeport==0.3.1"
}

# A real Open311 client library that posts as well as reads: civicbot's GeoReport v2 client
# (civicbot.open311, from PyPI; Python 3, the standard library alone). Prints the interpreter
# that has it.
ensure_open311_posting_client() {
  python_with civicbot "civicbot==0.4.0 \
    --hash=sha256:3198f4378f64222935ea4864b788934e44404f6bf556e85e5796a9893452bb6b \
    --hash=sha256:2bcc4a20eb1172aefc5de89fc0656245a5f9e027cd25d1749afa462fa7af15a3"
}
