//! Background work every replica runs over every active tenant: the deadline watch of appeals
//! and the watch of excavation permits past their restoration deadline. Both are safe to run on
//! several replicas at once (see `appeals::escalation` and `works::permits`).

use std::sync::Arc;
use std::time::Duration;

use crate::appeals::escalation::watch_tenant;
use crate::state::AppState;

/// Runs the deadline watch every `interval` until the returned handle is aborted.
pub fn start(state: Arc<AppState>, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            run_once(&state).await;
        }
    })
}

/// One pass over every active tenant; failures are logged and retried on the next pass.
pub async fn run_once(state: &AppState) {
    let tenants = match state.tenants.all().await {
        Ok(tenants) => tenants,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "Listing tenants for the deadline watch failed.");
            return;
        }
    };
    for tenant in tenants.iter().filter(|t| !t.suspended) {
        match watch_tenant(&state.db, tenant).await {
            Ok(done) if done.overdue + done.warned > 0 => {
                tracing::info!(tenant.slug = %tenant.slug, overdue = done.overdue, warned = done.warned, "Deadline watch escalated appeals.");
            }
            Ok(_) => {}
            Err(error) => {
                tracing::error!(tenant.slug = %tenant.slug, error = format!("{error:#}"), "Deadline watch failed.");
            }
        }
        match crate::notify::deliver::deliver_tenant(state, tenant).await {
            Ok(done) if done.sent + done.failed > 0 => {
                tracing::info!(tenant.slug = %tenant.slug, sent = done.sent, failed = done.failed, "Notifications delivered.");
            }
            Ok(_) => {}
            Err(error) => {
                tracing::error!(tenant.slug = %tenant.slug, error = format!("{error:#}"), "Notification delivery failed.");
            }
        }
        match crate::works::permits::watch_tenant(&state.db, tenant).await {
            Ok(0) => {}
            Ok(notified) => tracing::info!(tenant.slug = %tenant.slug, permits = notified, "Overdue permits notified."),
            Err(error) => {
                tracing::error!(tenant.slug = %tenant.slug, error = format!("{error:#}"), "Permit watch failed.");
            }
        }
    }
}
