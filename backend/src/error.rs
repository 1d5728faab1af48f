//! The one error every service returns, with stable codes. GraphQL puts the code in
//! `extensions.code` (`graphql::errors`); HTTP endpoints answer it with its status and the same
//! body (`http::errors`). The frontend switches on codes.

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated(String),
    /// A one-time code refused: why (`WRONG_CODE`, `CODE_EXPIRED`, `TOO_MANY_ATTEMPTS`,
    /// `NO_CODE`, `CODE_USED`) and, for a wrong code, how many tries remain. Code `UNAUTHENTICATED`.
    #[error("{message}")]
    CodeRefused { message: String, reason: &'static str, tries_left: Option<i32> },
    #[error("{0}")]
    Forbidden(String),
    /// The city is suspended on this deployment: code `FORBIDDEN`, reason `TENANT_SUSPENDED`.
    #[error("the city `{0}` is suspended")]
    Suspended(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("the request body is larger than {limit_bytes} bytes")]
    TooLarge { limit_bytes: usize },
    #[error("internal error")]
    Unexpected(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation { field: field.into(), message: message.into() }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn forbidden(why: impl Into<String>) -> Self {
        Self::Forbidden(why.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) | Self::CodeRefused { .. } => "UNAUTHENTICATED",
            Self::Forbidden(_) | Self::Suspended(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::Validation { .. } => "VALIDATION",
            Self::Conflict(_) => "CONFLICT",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::TooLarge { .. } => "PAYLOAD_TOO_LARGE",
            Self::Unexpected(_) => "INTERNAL",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            Self::Unauthenticated(_) | Self::CodeRefused { .. } => 401,
            Self::Forbidden(_) | Self::Suspended(_) => 403,
            Self::NotFound(_) => 404,
            Self::Validation { .. } => 400,
            Self::Conflict(_) => 409,
            Self::RateLimited { .. } => 429,
            Self::TooLarge { .. } => 413,
            Self::Unexpected(_) => 500,
        }
    }

    /// The message shown to the caller; internal causes only go to the log.
    pub fn public_message(&self) -> String {
        match self {
            Self::Unauthenticated(why) if !why.is_empty() => why.clone(),
            Self::Unexpected(cause) => {
                tracing::error!(error.cause = format!("{cause:#}"), "Request failed unexpectedly.");
                "internal error".into()
            }
            other => other.to_string(),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(error: sea_orm::DbErr) -> Self {
        // A unique index caught a race that the service's own check could not see.
        match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                Self::Conflict("an entry with the same unique value exists".into())
            }
            _ => Self::Unexpected(anyhow::Error::new(error)),
        }
    }
}
