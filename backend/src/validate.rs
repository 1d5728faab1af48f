//! Formats every context checks the same way: the codes that name catalog entries,
//! organizations and buildings, and e-mail addresses.

/// A code: `[a-z0-9][a-z0-9-]{1,63}`.
pub fn code(code: &str) -> Result<(), String> {
    let ok = (2..=64).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!("`{code}` is not a code (2–64 characters: a-z, 0-9, -)"))
    }
}

/// An address mail can be sent to: one `@`-separated mailbox at a dotted domain, no spaces or
/// angle brackets; what senders and organizations give is checked with it.
pub fn email_address(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && address.len() <= 254
        && !address.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_lower_case_words() {
        assert!(code("ksk-1").is_ok());
        assert!(code("a").is_err());
        assert!(code("-ksk").is_err());
        assert!(code("KSK").is_err());
        assert!(code(&"a".repeat(65)).is_err());
    }

    #[test]
    fn addresses_need_a_mailbox_and_a_dotted_domain() {
        assert!(email_address("aigul@mail.kz"));
        assert!(!email_address("aigul@localhost"));
        assert!(!email_address("<a@b.kz>"));
        assert!(!email_address("no-at-sign.kz"));
    }
}
