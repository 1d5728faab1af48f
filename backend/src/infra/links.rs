//! Short-lived signed links to files the server streams itself (local storage), the counterpart
//! of an S3 presigned link: whoever may see a file gets a link that opens it without a token, in
//! a browser tab or an `<img>`, until it expires. HMAC-SHA256 under a key derived from the
//! server's secret (`jwt_secret`), over the path and the expiry.

use chrono::Utc;
use ring::hmac;
use sha2::{Digest, Sha256};

pub struct LinkSigner {
    key: hmac::Key,
}

impl LinkSigner {
    pub fn new(server_secret: &[u8]) -> Self {
        let derived = Sha256::digest([b"qala-download-link:".as_slice(), server_secret].concat());
        Self { key: hmac::Key::new(hmac::HMAC_SHA256, &derived) }
    }

    /// `path?expires=<unix seconds>&signature=<hex>`, valid for `ttl_secs`.
    pub fn sign(&self, path: &str, ttl_secs: u64) -> String {
        let expires = Utc::now().timestamp().saturating_add(i64::try_from(ttl_secs).unwrap_or(i64::MAX));
        let signature = hex::encode(hmac::sign(&self.key, message(path, expires).as_bytes()));
        format!("{path}?expires={expires}&signature={signature}")
    }

    /// Whether `signature` was made by `sign` for `path` and `expires` has not passed.
    pub fn verify(&self, path: &str, expires: i64, signature: &str) -> bool {
        let Ok(tag) = hex::decode(signature) else { return false };
        expires >= Utc::now().timestamp() && hmac::verify(&self.key, message(path, expires).as_bytes(), &tag).is_ok()
    }
}

fn message(path: &str, expires: i64) -> String {
    format!("{path}\n{expires}")
}

#[cfg(test)]
mod tests {
    use super::LinkSigner;

    fn parts(link: &str) -> (i64, String) {
        let query = link.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let get = |name: &str| query.split('&').find_map(|p| p.strip_prefix(name)).unwrap_or_default().to_owned();
        (get("expires=").parse().unwrap_or_default(), get("signature="))
    }

    #[test]
    fn a_link_opens_its_own_path_until_it_expires() {
        let signer = LinkSigner::new(b"0123456789abcdef0123456789abcdef");
        let (expires, signature) = parts(&signer.sign("/t/astana/attachments/7", 60));
        assert!(signer.verify("/t/astana/attachments/7", expires, &signature));
        assert!(!signer.verify("/t/astana/attachments/8", expires, &signature), "another file");
        assert!(!signer.verify("/t/taraz/attachments/7", expires, &signature), "another city");
        assert!(!signer.verify("/t/astana/attachments/7", expires + 1, &signature), "a longer life");
        assert!(!LinkSigner::new(b"another secret, another key!!!!!").verify(
            "/t/astana/attachments/7",
            expires,
            &signature
        ));
        let (expired, signature) = parts(&signer.sign("/t/astana/attachments/7", 0));
        assert!(!signer.verify("/t/astana/attachments/7", expired - 1, &signature));
    }
}
