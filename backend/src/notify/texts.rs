//! The texts residents receive, in Kazakh, Russian and English.

use serde_json::Value;

use crate::i18n::Language;

/// The message for an outbox row, or `None` for kinds residents are not told of by text.
pub fn text(kind: &str, brand: &str, language: Language, payload: &Value) -> Option<String> {
    let number = payload["number"].as_str().unwrap_or_default();
    let detail = |key: &str| payload[key].as_str().map(|s| s.chars().take(200).collect::<String>()).unwrap_or_default();
    // A resolution arrives as `resolution` (with a parent incident) or as the executor's `comment`.
    let resolution = Some(detail("resolution")).filter(|r| !r.is_empty()).unwrap_or_else(|| detail("comment"));
    let body = match (kind, language) {
        ("appeal.registered", Language::Kk) => format!("№ {number} өтініш қабылданды. Нәтижесін хабарлаймыз."),
        ("appeal.registered", Language::Ru) => format!("Обращение № {number} принято. Мы сообщим о результате."),
        ("appeal.registered", Language::En) => {
            format!("Appeal No. {number} is registered. We will tell you the result.")
        }
        ("appeal.resolved", Language::Kk) => {
            format!("№ {number} өтініш бойынша жұмыс орындалды: {}", resolution)
        }
        ("appeal.resolved", Language::Ru) => {
            format!("По обращению № {number} работы выполнены: {}", resolution)
        }
        ("appeal.resolved", Language::En) => format!("Appeal No. {number} is resolved: {}", resolution),
        ("appeal.rejected", Language::Kk) => format!("№ {number} өтініш қабылданбады: {}", detail("comment")),
        ("appeal.rejected", Language::Ru) => format!("Обращение № {number} отклонено: {}", detail("comment")),
        ("appeal.rejected", Language::En) => format!("Appeal No. {number} was rejected: {}", detail("comment")),
        ("appeal.forwarded", Language::Kk) => format!("№ {number} өтініш жіберілді: {}", detail("forwarded_to")),
        ("appeal.forwarded", Language::Ru) => format!("Обращение № {number} направлено: {}", detail("forwarded_to")),
        ("appeal.forwarded", Language::En) => {
            format!("Appeal No. {number} was forwarded to {}", detail("forwarded_to"))
        }
        ("appeal.extended", Language::Kk) => format!("№ {number} өтініш мерзімі ұзартылды: {}", detail("reason")),
        ("appeal.extended", Language::Ru) => format!("Срок по обращению № {number} продлён: {}", detail("reason")),
        ("appeal.extended", Language::En) => {
            format!("The deadline of appeal No. {number} was extended: {}", detail("reason"))
        }
        _ => return None,
    };
    Some(format!("{brand}: {body}"))
}

/// The subject of an e-mailed notice: the appeal it is about, so a mail client threads them.
pub fn subject(language: Language, payload: &Value) -> String {
    let number = payload["number"].as_str().unwrap_or_default();
    match language {
        Language::Kk => format!("№ {number} өтініш"),
        Language::Ru => format!("Обращение № {number}"),
        Language::En => format!("Appeal No. {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resident_notice_reads_in_three_languages() {
        let payload = serde_json::json!({ "number": "AST-2026-000001", "resolution": "Вода подана", "comment": "x", "forwarded_to": "y", "reason": "z" });
        for kind in ["appeal.registered", "appeal.resolved", "appeal.rejected", "appeal.forwarded", "appeal.extended"] {
            for lang in Language::ALL {
                let text = text(kind, "iKOMEK109", lang, &payload).unwrap_or_default();
                assert!(text.starts_with("iKOMEK109: ") && text.contains("AST-2026-000001"), "{kind} {lang:?}: {text}");
            }
        }
        assert_eq!(text("appeal.overdue", "iKOMEK109", Language::Ru, &payload), None);
    }
}
