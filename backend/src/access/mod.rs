//! Who is calling and what they may do: the caller of a request (`Actor`), its roles, and the
//! signed access tokens that carry them. Below every context: the request context is made of it.

pub mod jwt;
mod roles;

pub use jwt::{Actor, JwtKeys, TokenKind};
pub use roles::{parse_roles, store_roles, Role};
