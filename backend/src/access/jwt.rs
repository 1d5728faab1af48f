//! Short-lived access tokens: HS256 JWTs naming the tenant, the caller and the roles.
//!
//! A token is of one of two kinds, and says which: a staff member's (the subject is a user id;
//! staff roles, never `resident`) or a resident's session (the subject is a resident id; the role
//! `resident` alone). Nothing converts one into the other: a token whose roles do not fit its
//! kind is refused.

use std::time::Duration;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::roles::{parse_roles, store_roles, Role};

/// Whose token it is: a staff member's or a resident's. A required claim, so tokens issued
/// before it existed are refused (staff sign in again, residents confirm their phone again).
#[derive(Debug, Serialize, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Staff,
    Resident,
}

#[derive(Debug, Serialize, Deserialize, Clone)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub kind: TokenKind,
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
    /// A user id for staff, a resident id for a resident's session (see `resident_id`).
    pub user_id: i64,
    pub kind: TokenKind,
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

    /// The resident a resident's session stands for; `None` for every staff token.
    pub fn resident_id(&self) -> Option<i64> {
        (self.kind == TokenKind::Resident).then_some(self.user_id)
    }

    /// The audit log's name for this actor.
    pub fn label(&self) -> String {
        if self.kind == TokenKind::Resident {
            return format!("resident:{}", self.user_id);
        }
        if self.user_id == Self::CONSOLE {
            return "console".into();
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

    /// A staff member's token: `resident` is not a staff role and is dropped.
    pub fn issue_staff(
        &self,
        user_id: i64,
        tenant: Option<&str>,
        roles: &[Role],
        org: Option<i64>,
    ) -> anyhow::Result<(String, Claims)> {
        let roles: Vec<Role> = roles.iter().copied().filter(|r| *r != Role::Resident).collect();
        self.issue(TokenKind::Staff, user_id, tenant, &roles, org, self.ttl)
    }

    /// A resident's session in `tenant`, with its own lifetime (it outlives staff tokens).
    pub fn issue_resident(&self, resident_id: i64, tenant: &str, ttl: Duration) -> anyhow::Result<(String, Claims)> {
        self.issue(TokenKind::Resident, resident_id, Some(tenant), &[Role::Resident], None, ttl)
    }

    fn issue(
        &self,
        kind: TokenKind,
        subject: i64,
        tenant: Option<&str>,
        roles: &[Role],
        org: Option<i64>,
        ttl: Duration,
    ) -> anyhow::Result<(String, Claims)> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: subject.to_string(),
            kind,
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
        let roles = claims.roles();
        // The roles must fit the kind: a resident's session holds `resident` alone (in a city),
        // a staff token never holds it.
        let fits = match claims.kind {
            TokenKind::Resident => roles == [Role::Resident] && claims.ten.is_some(),
            TokenKind::Staff => !roles.contains(&Role::Resident),
        };
        if !fits {
            return Err(jsonwebtoken::errors::ErrorKind::InvalidToken.into());
        }
        Ok(Actor {
            user_id: claims.sub.parse().map_err(|_| jsonwebtoken::errors::ErrorKind::InvalidSubject)?,
            kind: claims.kind,
            roles,
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
        let (token, _) = k.issue_staff(7, Some("astana"), &[Role::Operator], None)?;
        let actor = k.verify(&token)?;
        assert_eq!((actor.user_id, actor.tenant.as_deref()), (7, Some("astana")));
        assert_eq!(actor.roles, vec![Role::Operator]);
        assert_eq!(actor.resident_id(), None);
        Ok(())
    }

    #[test]
    fn staff_and_resident_tokens_say_which_they_are_and_never_mix() -> anyhow::Result<()> {
        let k = keys("0123456789abcdef0123456789abcdef", "qala", 60);
        let (staff, _) = k.issue_staff(7, Some("astana"), &[Role::Resident, Role::Operator], None)?;
        let staff = k.verify(&staff)?;
        assert_eq!(
            (staff.roles.clone(), staff.resident_id(), staff.label()),
            (vec![Role::Operator], None, "user:7".into())
        );
        let (resident, _) = k.issue_resident(7, "astana", Duration::from_secs(60))?;
        let resident = k.verify(&resident)?;
        assert_eq!((resident.resident_id(), resident.label()), (Some(7), "resident:7".into()));
        // Tokens whose roles do not fit their kind, signed with the right key, are refused.
        let mixed = |kind: TokenKind, roles: &[Role]| k.issue(kind, 7, Some("astana"), roles, None, k.ttl);
        let (forged, _) = mixed(TokenKind::Staff, &[Role::Resident])?;
        assert!(k.verify(&forged).is_err());
        let (forged, _) = mixed(TokenKind::Resident, &[Role::Resident, Role::Operator])?;
        assert!(k.verify(&forged).is_err());
        Ok(())
    }

    #[test]
    fn another_secret_issuer_or_a_tampered_payload_is_refused() -> anyhow::Result<()> {
        let k = keys("0123456789abcdef0123456789abcdef", "qala", 60);
        let (token, _) = k.issue_staff(7, Some("astana"), &[Role::Operator], None)?;
        assert!(keys("ffffffffffffffffffffffffffffffff", "qala", 60).verify(&token).is_err());
        assert!(keys("0123456789abcdef0123456789abcdef", "other", 60).verify(&token).is_err());
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = parts[1].replacen('e', "f", 1);
        assert!(k.verify(&parts.join(".")).is_err());
        Ok(())
    }
}
