//! Prometheus metrics at `/metrics`: requests, latencies, database pool.

use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};

pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pool: IntGaugeVec,
}

impl Metrics {
    pub fn new() -> anyhow::Result<Self> {
        let registry = Registry::new_custom(Some("qala".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route and status"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by method and route")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["method", "route"],
        )?;
        let pool = IntGaugeVec::new(
            Opts::new("db_pool_connections", "Platform database pool connections by state"),
            &["state"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        Ok(Self { registry, requests, latency, pool })
    }

    /// The text exposition, with the pool gauges read now.
    pub fn render(&self, pool: (u32, usize)) -> String {
        self.pool.with_label_values(&["open"]).set(i64::from(pool.0));
        self.pool.with_label_values(&["idle"]).set(pool.1 as i64);
        let mut out = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::error!(error = %e, "Encoding metrics failed.");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}
