//! Text written into a CSV that people open in a spreadsheet: a cell that begins like a formula
//! (`=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading apostrophe, so that
//! an address or a name a resident typed is shown as text and never run.

use std::borrow::Cow;

pub fn text(value: &str) -> Cow<'_, str> {
    safe(value)
}

/// The same, as bytes for a CSV writer's record.
pub fn cell(value: &str) -> Vec<u8> {
    safe(value).into_owned().into_bytes()
}

fn safe(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_looks_like_a_formula_is_written_as_text() {
        assert_eq!(text("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(text("+77011234567"), "'+77011234567");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("ул. Первая, 1"), "ул. Первая, 1");
        assert_eq!(text(""), "");
    }
}
