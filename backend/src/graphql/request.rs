//! What every resolver reads: the request's context, ids from the wire, the cost of a report. A
//! leaf: it names no context's resolvers, so any of them may use it without a circle.

use async_graphql::{Context, ID};

use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

/// The cost of one public report (the KSK rating, a works queue, the permit map) in a query's
/// complexity: each reads a whole city's data, so one request may alias only a few of them.
pub const REPORT_COMPLEXITY: usize = 1000;

/// The request's tenant and caller, put there by the HTTP layer.
pub fn request<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a RequestCtx> {
    ctx.data::<RequestCtx>()
}

pub fn parse_id(id: &ID) -> AppResult<i64> {
    id.parse::<i64>().map_err(|_| AppError::validation("id", format!("`{}` is not an id", id.as_str())))
}
