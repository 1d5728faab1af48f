//! A service's `AppError` as a GraphQL error: the message, and the stable code (with the field
//! of a validation error, the wait of a rate limit) in `extensions`.

use async_graphql::ErrorExtensions;

use crate::error::{AppError, AppResult};

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        async_graphql::Error::new(self.public_message()).extend_with(|_, ext| {
            ext.set("code", self.code());
            match self {
                Self::Validation { field, .. } => ext.set("field", field.as_str()),
                Self::RateLimited { retry_after_secs } => ext.set("retryAfter", *retry_after_secs),
                Self::Suspended(_) => ext.set("reason", "TENANT_SUSPENDED"),
                Self::CodeRefused { reason, tries_left, .. } => {
                    ext.set("reason", *reason);
                    if let Some(left) = tries_left {
                        ext.set("triesLeft", *left);
                    }
                }
                _ => {}
            }
        })
    }
}

/// Converts a service result into a GraphQL result that keeps the stable code.
/// (A bare `?` would go through async-graphql's blanket `From<Display>` and lose it.)
pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for AppResult<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }
}
