//! The mails supervisors receive about their alerts (the same alerts their console inbox shows),
//! in each supervisor's language.

use serde_json::Value;

use crate::i18n::Language;

/// The line that names a deadline alert, the same for an organization and a supervisor.
pub fn deadline_headline(kind: &str, language: Language, number: &str) -> Option<String> {
    Some(match (kind, language) {
        ("appeal.deadline_warning", Language::Kk) => format!("№ {number} өтініштің мерзімі жақындады"),
        ("appeal.deadline_warning", Language::Ru) => format!("Срок по обращению № {number} скоро истекает"),
        ("appeal.deadline_warning", Language::En) => format!("The deadline of appeal No. {number} is near"),
        ("appeal.overdue", Language::Kk) => format!("№ {number} өтініштің мерзімі өтті"),
        ("appeal.overdue", Language::Ru) => format!("Обращение № {number} просрочено"),
        ("appeal.overdue", Language::En) => format!("Appeal No. {number} is overdue"),
        _ => return None,
    })
}

/// The subject and text of an alert, or `None` for kinds supervisors are not mailed.
pub fn alert(
    kind: &str,
    brand: &str,
    language: Language,
    payload: &Value,
    link: Option<&str>,
) -> Option<(String, String)> {
    let number = payload["number"].as_str()?;
    let linked = payload["linked"].as_i64().unwrap_or_default();
    let headline = match (kind, language) {
        ("appeal.deadline_warning" | "appeal.overdue", _) => deadline_headline(kind, language, number)?,
        ("appeal.systemic", Language::Kk) => format!("№ {number} жүйелі мәселе: {linked} қайталама өтініш"),
        ("appeal.systemic", Language::Ru) => format!("Системная проблема № {number}: {linked} повторных обращений"),
        ("appeal.systemic", Language::En) => format!("Systemic problem No. {number}: {linked} repeat appeals"),
        _ => return None,
    };
    let open = match language {
        Language::Kk => "Ашу",
        Language::Ru => "Открыть",
        Language::En => "Open",
    };
    let mut lines = vec![headline.clone()];
    if let Some(link) = link {
        lines.extend([String::new(), format!("{open}: {link}")]);
    }
    lines.extend([String::new(), format!("— {brand}")]);
    Some((format!("{brand}: {headline}"), lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alert_reads_in_three_languages() {
        let payload = serde_json::json!({ "number": "AST-2026-000001", "linked": 6 });
        for kind in ["appeal.deadline_warning", "appeal.overdue", "appeal.systemic"] {
            for language in Language::ALL {
                let (subject, text) =
                    alert(kind, "iKOMEK109", language, &payload, Some("https://x/staff/appeals/1")).unwrap_or_default();
                assert!(
                    subject.starts_with("iKOMEK109: ") && subject.contains("AST-2026-000001"),
                    "{kind} {language:?}"
                );
                assert!(text.contains("https://x/staff/appeals/1"), "{kind} {language:?}");
            }
        }
        assert!(alert("appeal.assigned", "x", Language::Ru, &payload, None).is_none());
    }
}
