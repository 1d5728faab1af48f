//! Short-lived access tokens: HS256 JWTs naming the tenant, the user and the roles.

use std::time::Duration;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::roles::{parse_roles, store_roles, Role};

#[derive(Debug, Serialize, Deserialize, Clone)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    /// The tenant the token was issued by; none for platform admins.
    pub ten: Option<String>,
    pub roles: String,
    pub org: Option<i64>,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

impl Claims {
    pub fn roles(&self) -> Vec<Role> {
        parse_roles(&self.roles)
    }
}

/// Who a verified access token speaks for.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub tenant: Option<String>,
    pub roles: Vec<Role>,
    pub organization_id: Option<i64>,
    pub token_id: String,
    pub issued_at: i64,
    pub expires_at: i64,
}

impl Actor {
    /// The user id of the command-line console, which no stored user has.
    pub const CONSOLE: i64 = 0;

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The audit log's name for this actor.
    pub fn label(&self) -> String {
        if self.user_id == Self::CONSOLE {
            return "console".into();
        }
        if self.has(Role::Resident) {
            return format!("resident:{}", self.user_id);
        }
        match &self.tenant {
            Some(_) => format!("user:{}", self.user_id),
            None => format!("platform_admin:{}", self.user_id),
        }
    }
}

pub const AUDIENCE: &str = "qala-api";

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    pub ttl: Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], issuer: &str, ttl: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            issuer: issuer.to_owned(),
            ttl,
        }
    }

    pub fn issue(
        &self,
        user_id: i64,
        tenant: Option<&str>,
        roles: &[Role],
        org: Option<i64>,
    ) -> anyhow::Result<(String, Claims)> {
        self.issue_for(user_id, tenant, roles, org, self.ttl)
    }

    /// Like `issue`, with its own lifetime (resident tokens outlive staff access tokens).
    pub fn issue_for(
        &self,
        user_id: i64,
        tenant: Option<&str>,
        roles: &[Role],
        org: Option<i64>,
        ttl: Duration,
    ) -> anyhow::Result<(String, Claims)> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: user_id.to_string(),
            ten: tenant.map(str::to_owned),
            roles: store_roles(roles),
            org,
            iat: now,
            exp: now + ttl.as_secs() as i64,
            jti: uuid::Uuid::new_v4().to_string(),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, claims))
    }

    /// Checks signature, issuer, audience and expiry (no leeway).
    pub fn verify(&self, token: &str) -> Result<Actor, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 0;
        let claims = decode::<Claims>(token, &self.decoding, &validation)?.claims;
        Ok(Actor {
            user_id: claims.sub.parse().map_err(|_| jsonwebtoken::errors::ErrorKind::InvalidSubject)?,
            roles: claims.roles(),
            tenant: claims.ten,
            organization_id: claims.org,
            token_id: claims.jti,
            issued_at: claims.iat,
            expires_at: claims.exp,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str, issuer: &str, ttl: u64) -> JwtKeys {
        JwtKeys::new(secret.as_bytes(), issuer, Duration::from_secs(ttl))
    }

    #[test]
    fn a_token_verifies_with_its_claims() -> anyhow::Result<()> {
        let k = keys("0123456789abcdef0123456789abcdef", "qala", 60);
        let (token, _) = k.issue(7, Some("astana"), &[Role::Operator], None)?;
        let actor = k.verify(&token)?;
        assert_eq!((actor.user_id, actor.tenant.as_deref()), (7, Some("astana")));
        assert_eq!(actor.roles, vec![Role::Operator]);
        Ok(())
    }

    #[test]
    fn another_secret_issuer_or_a_tampered_payload_is_refused() -> anyhow::Result<()> {
        let k = keys("0123456789abcdef0123456789abcdef", "qala", 60);
        let (token, _) = k.issue(7, Some("astana"), &[Role::Operator], None)?;
        assert!(keys("ffffffffffffffffffffffffffffffff", "qala", 60).verify(&token).is_err());
        assert!(keys("0123456789abcdef0123456789abcdef", "other", 60).verify(&token).is_err());
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = parts[1].replacen('e', "f", 1);
        assert!(k.verify(&parts.join(".")).is_err());
        Ok(())
    }
}
