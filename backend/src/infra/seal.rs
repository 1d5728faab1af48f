//! Sealing the few secrets a city's settings must keep readable, such as its Telegram bot's
//! token: ChaCha20-Poly1305 under a key derived from the server's secret (`jwt_secret`), bound to
//! the city and the setting. A copy of the database alone does not reveal them, and a sealed
//! value copied to another city or setting does not open.

use anyhow::{anyhow, Context};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use sha2::{Digest, Sha256};

/// Marks a sealed value; a value without it was stored before sealing and is read as it is.
const PREFIX: &str = "sealed:v1:";

pub struct Sealer {
    key: LessSafeKey,
    rng: SystemRandom,
}

impl Sealer {
    pub fn new(server_secret: &[u8]) -> anyhow::Result<Self> {
        let derived = Sha256::digest([b"qala-settings-seal:".as_slice(), server_secret].concat());
        let key = UnboundKey::new(&CHACHA20_POLY1305, &derived).map_err(|_| anyhow!("the sealing key is unusable"))?;
        Ok(Self { key: LessSafeKey::new(key), rng: SystemRandom::new() })
    }

    /// `context` names where the value lives (`<city>/<setting>`).
    pub fn seal(&self, context: &str, plain: &str) -> anyhow::Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng.fill(&mut nonce).map_err(|_| anyhow!("no randomness for a nonce"))?;
        let mut sealed = plain.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(context.as_bytes()), &mut sealed)
            .map_err(|_| anyhow!("sealing failed"))?;
        Ok(format!("{PREFIX}{}{}", hex::encode(nonce), hex::encode(sealed)))
    }

    pub fn open(&self, context: &str, stored: &str) -> anyhow::Result<String> {
        let Some(hexed) = stored.strip_prefix(PREFIX) else { return Ok(stored.to_owned()) };
        let bytes = hex::decode(hexed).context("a sealed value is not hex")?;
        if bytes.len() < NONCE_LEN {
            return Err(anyhow!("a sealed value is too short"));
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| anyhow!("a sealed value has no nonce"))?;
        let mut sealed = sealed.to_vec();
        let plain = self.key.open_in_place(nonce, Aad::from(context.as_bytes()), &mut sealed).map_err(|_| {
            anyhow!("a sealed value of {context} does not open with this server's key (was jwt_secret changed?)")
        })?;
        String::from_utf8(plain.to_vec()).context("a sealed value is not text")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_where_it_was_sealed() {
        let sealer = Sealer::new(b"a server secret of at least 32 bytes!").expect("a sealer");
        let token = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
        let sealed = sealer.seal("astana/telegram.bot_token", token).expect("sealed");
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("AAHdq"), "{sealed}");
        assert_ne!(sealed, sealer.seal("astana/telegram.bot_token", token).expect("sealed"), "a fresh nonce each time");
        assert_eq!(sealer.open("astana/telegram.bot_token", &sealed).expect("opens"), token);
        assert!(sealer.open("taraz/telegram.bot_token", &sealed).is_err(), "another city's");
        let other = Sealer::new(b"another server secret, also 32 bytes").expect("a sealer");
        assert!(other.open("astana/telegram.bot_token", &sealed).is_err(), "another key");
        // Another last byte, whatever the nonce made it (replacing it with a fixed one would
        // leave it unchanged one time in 256).
        let mut tampered = sealed.clone();
        let last = if sealed.ends_with("00") { "01" } else { "00" };
        tampered.replace_range(sealed.len() - 2.., last);
        assert!(sealer.open("astana/telegram.bot_token", &tampered).is_err(), "tampered");
        assert!(sealer.open("astana/telegram.bot_token", "sealed:v1:zz").is_err());
        assert_eq!(sealer.open("astana/telegram.bot_token", token).expect("as stored"), token, "stored before sealing");
    }
}
