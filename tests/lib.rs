//! Black-box suites for the `qala` binary live under `api/`, `load/` and `e2e/`.
