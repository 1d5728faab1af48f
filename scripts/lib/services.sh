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

# A real Open311 client library (georeport, from PyPI) for the GeoReport v2 tests; prints the
# interpreter that has it.
ensure_open311_client() {
  local python=python3
  [ -x /tmp/qala-s3/venv/bin/python ] && python=/tmp/qala-s3/venv/bin/python
  if ! $python -c "import georeport" >/dev/null 2>&1; then
    log "installing the Open311 client library (georeport) from PyPI" >&2
    if ! $python -m pip install --quiet --disable-pip-version-check "georeport==0.3.1" 2>/tmp/qala-georeport-pip.log >&2; then
      # An interpreter that refuses global installs: the virtual environment the S3 server uses.
      [ -x /tmp/qala-s3/venv/bin/python ] || python3 -m venv /tmp/qala-s3/venv >&2 || return 1
      python=/tmp/qala-s3/venv/bin/python
      $python -m pip install --quiet "georeport==0.3.1" 2>>/tmp/qala-georeport-pip.log >&2 \
        || { tail -5 /tmp/qala-georeport-pip.log >&2; return 1; }
    fi
  fi
  echo "$python"
}

# Code for America's Open311 client library (`open311` 1.1 from PyPI) posts as well as reads, and
# it is written for Python 2. Debian 11's Python 2.7 is unpacked under /tmp/qala-python2 (its
# packages, checked against these digests, need nothing the machine lacks for HTTP and XML), and
# the library is put on its path unchanged. Prints a command that runs that interpreter.
PY2_DIR=/tmp/qala-python2
PY2_DEBS=(
  "python2.7-minimal_2.7.18-8+deb11u1_amd64.deb 44f0cdc1a343303d31c55fcb3a6402cfe326adf749ec30e375e6e0c0c5f7c1f7"
  "libpython2.7-minimal_2.7.18-8+deb11u1_amd64.deb 85833c92314011b89bbead6f9a5a7a360b5ee4f9b95e001225afead4ebf9f7d3"
  "libpython2.7-stdlib_2.7.18-8+deb11u1_amd64.deb 3e627d6d8992b853e000b8a4c09dda613fb767cdb711a2eac20ebc9f867b593c"
)
OPEN311_SDIST_SHA256=91ba5a4dba7bbcbd672919991ea9c69e1e5aeb7f4e44c420e20ad0cb8cc83e8a

ensure_open311_posting_client() {
  local wrapper="$PY2_DIR/python2"
  if [ -x "$wrapper" ] && "$wrapper" -c "from open311 import Open311" >/dev/null 2>&1; then
    echo "$wrapper"
    return 0
  fi
  log "installing Python 2.7 (Debian 11) and the open311 client library" >&2
  rm -rf "$PY2_DIR" && mkdir -p "$PY2_DIR/debs" "$PY2_DIR/root" "$PY2_DIR/lib" || return 1
  local entry deb digest mirror got
  for entry in "${PY2_DEBS[@]}"; do
    deb=${entry% *} digest=${entry#* } got=""
    # Debian 11 moves to the archive at the end of its long-term support.
    for mirror in http://deb.debian.org/debian http://archive.debian.org/debian; do
      curl -fsSL --retry 2 -o "$PY2_DIR/debs/$deb" "$mirror/pool/main/p/python2.7/$deb" 2>/dev/null \
        && got=1 && break
    done
    [ -n "$got" ] || { log "cannot download $deb from Debian" >&2; return 1; }
    echo "$digest  $PY2_DIR/debs/$deb" | sha256sum --check --quiet >&2 || return 1
    dpkg-deb -x "$PY2_DIR/debs/$deb" "$PY2_DIR/root" || return 1
  done
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
    --require-hashes -r <(echo "open311==1.1 --hash=sha256:$OPEN311_SDIST_SHA256") \
    -d "$PY2_DIR/debs" >&2 2>"$PY2_DIR/pip.log" || { tail -5 "$PY2_DIR/pip.log" >&2; return 1; }
  tar -xzf "$PY2_DIR/debs/open311-1.1.tar.gz" -C "$PY2_DIR/lib" --strip-components=1 || return 1
  cat >"$wrapper" <<WRAPPER
#!/bin/sh
PYTHONHOME=$PY2_DIR/root/usr PYTHONPATH=$PY2_DIR/lib exec $PY2_DIR/root/usr/bin/python2.7 "\$@"
WRAPPER
  chmod +x "$wrapper"
  "$wrapper" -c "from open311 import Open311" >&2 || return 1
  echo "$wrapper"
}
