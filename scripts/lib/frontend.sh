# Helpers for the web frontend (sourced after services.sh): its npm packages, its build, and
# Debian's Chromium for the browser tests (no browser is ever downloaded by a test tool).

# Installs the locked npm packages when package-lock.json changed since the last install.
frontend_install() {
  if ! command -v npm >/dev/null 2>&1; then
    log "npm is not installed: the web frontend needs Node.js 20.19 or newer with npm"
    return 1
  fi
  local stamp=frontend/node_modules/.package-lock.json
  if [ -f "$stamp" ] && [ "$stamp" -nt frontend/package-lock.json ]; then
    return 0
  fi
  log "npm ci (frontend)"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
}

# GraphQL types from docs/schema.graphql, the lint rules (no import across features), the type
# check, and the bundle in frontend/dist. The output is shown only when a step fails.
frontend_build() {
  frontend_install || return 1
  log "frontend build (types from docs/schema.graphql, eslint, tsc, vite)"
  local out
  if ! out=$(cd frontend && npm run --silent build 2>&1); then
    printf '%s\n' "$out"
    return 1
  fi
}

ensure_chromium() {
  export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
  if [ -x "$CHROMIUM_PATH" ]; then
    return 0
  fi
  log "installing Chromium from Debian's packages"
  apt_install chromium || return 1
  [ -x "$CHROMIUM_PATH" ]
}
