//! The e-mails organizations receive about their appeals and permits, in Kazakh, Russian and
//! English: what happened, the facts an executor needs without opening the console, and a link.

use serde_json::Value;

use crate::i18n::Language;

/// What an organization is told about an appeal, read from the appeal when the mail goes out.
pub struct AppealFacts {
    pub service: String,
    pub address: Option<String>,
    pub description: String,
    /// The deadline in the city's time zone, `23.11.2026 14:00`.
    pub due: String,
    /// The appeal in the staff console.
    pub link: String,
}

/// The subject and text of the mail for an organization's outbox row, or `None` for kinds that
/// are not mailed (or an appeal's notice whose appeal is gone).
pub fn mail(
    kind: &str,
    brand: &str,
    organization: &str,
    language: Language,
    payload: &Value,
    facts: Option<&AppealFacts>,
) -> Option<(String, String)> {
    let field = |key: &str| payload[key].as_str().unwrap_or_default().to_owned();
    let number = field("number");
    let headline = match (kind, language) {
        ("appeal.assigned", Language::Kk) => format!("«{organization}» ұйымына жаңа өтініш № {number}"),
        ("appeal.assigned", Language::Ru) => format!("Новое обращение № {number} для «{organization}»"),
        ("appeal.assigned", Language::En) => format!("New appeal No. {number} for {organization}"),
        ("appeal.reopened", Language::Kk) => format!("№ {number} өтініш қайта ашылды"),
        ("appeal.reopened", Language::Ru) => format!("Обращение № {number} открыто повторно"),
        ("appeal.reopened", Language::En) => format!("Appeal No. {number} was reopened"),
        ("appeal.deadline_warning" | "appeal.overdue", _) => {
            super::supervisors::deadline_headline(kind, language, &number)?
        }
        ("permit.overdue", _) => return permit_overdue(brand, language, payload),
        ("analytics.readiness", _) => return readiness_list(brand, organization, language, payload),
        (kind, _) if kind.starts_with("case.") => return case_notice(kind, brand, organization, language, payload),
        _ => return None,
    };
    let facts = facts?;
    let [service, address, deadline, description, reason, open] = labels(language);
    let mut lines = vec![headline.clone(), String::new(), format!("{service}: {}", facts.service)];
    if let Some(place) = &facts.address {
        lines.push(format!("{address}: {place}"));
    }
    lines.push(format!("{deadline}: {}", facts.due));
    lines.push(format!("{description}: {}", facts.description.chars().take(1000).collect::<String>()));
    let comment = field("comment");
    if kind == "appeal.reopened" && !comment.is_empty() {
        lines.push(format!("{reason}: {comment}"));
    }
    lines.extend([String::new(), format!("{open}: {}", facts.link), String::new(), format!("— {brand}")]);
    Some((format!("{brand}: {headline}"), lines.join("\n")))
}

fn labels(language: Language) -> [&'static str; 6] {
    match language {
        Language::Kk => ["Қызмет", "Мекенжай", "Мерзімі", "Сипаттама", "Себебі", "Ашу"],
        Language::Ru => ["Услуга", "Адрес", "Срок", "Описание", "Причина", "Открыть"],
        Language::En => ["Service", "Address", "Deadline", "Description", "Reason", "Open"],
    }
}

/// The season's readiness list: the organization's buildings with the most complaints of past
/// seasons, to be checked before the next one.
fn readiness_list(brand: &str, organization: &str, language: Language, payload: &Value) -> Option<(String, String)> {
    let title = payload["title"].as_str()?;
    let seasons: Vec<&str> = payload["seasons"].as_array()?.iter().filter_map(Value::as_str).collect();
    let buildings = payload["buildings"].as_array()?;
    let (subject, intro, appeals) = match language {
        Language::Kk => (
            format!("Маусымға дайындық тізімі: {title}"),
            format!("«{organization}»: өткен маусымдарда ({}) өтініштер көп түскен үйлер. Келесі маусымға дейін тексеріңіз.", seasons.join(", ")),
            "өтініш",
        ),
        Language::Ru => (
            format!("Список готовности к сезону: {title}"),
            format!("«{organization}»: дома с наибольшим числом обращений за прошлые сезоны ({}). Проверьте их до следующего сезона.", seasons.join(", ")),
            "обращ.",
        ),
        Language::En => (
            format!("Season readiness list: {title}"),
            format!("{organization}: the buildings with the most appeals in past seasons ({}). Check them before the next season.", seasons.join(", ")),
            "appeals",
        ),
    };
    let mut lines = vec![intro, String::new()];
    for (i, b) in buildings.iter().enumerate() {
        let per_season: Vec<String> =
            b["by_season"].as_array().map(|a| a.iter().map(|n| n.to_string()).collect()).unwrap_or_default();
        lines.push(format!(
            "{}. {} — {} {appeals} ({})",
            i + 1,
            b["address"].as_str().unwrap_or_default(),
            b["total"],
            per_season.join(" / ")
        ));
    }
    lines.extend([String::new(), format!("— {brand}")]);
    Some((format!("{brand}: {subject}"), lines.join("\n")))
}

/// A step of a systemic case against the organization.
fn case_notice(
    kind: &str,
    brand: &str,
    organization: &str,
    language: Language,
    payload: &Value,
) -> Option<(String, String)> {
    let title = payload["title"].as_str()?;
    let case = payload["case"].as_i64()?;
    let what = match (kind, language) {
        ("case.opened", Language::Kk) => "жүйелі іс ашылды",
        ("case.opened", Language::Ru) => "открыто системное дело",
        ("case.opened", Language::En) => "a systemic case was opened",
        ("case.appeals_attached", Language::Kk) => "іске өтініштер қосылды",
        ("case.appeals_attached", Language::Ru) => "к делу приложены обращения",
        ("case.appeals_attached", Language::En) => "appeals were attached to the case",
        ("case.deadline_set", Language::Kk) => "мерзім белгіленді",
        ("case.deadline_set", Language::Ru) => "установлен срок",
        ("case.deadline_set", Language::En) => "a deadline was set",
        ("case.extended", Language::Kk) => "мерзім ұзартылды",
        ("case.extended", Language::Ru) => "срок продлён",
        ("case.extended", Language::En) => "the deadline was extended",
        ("case.reported", Language::Kk) => "ұйымның есебі қабылданды",
        ("case.reported", Language::Ru) => "отчёт организации получен",
        ("case.reported", Language::En) => "the organization's report was received",
        ("case.closed", Language::Kk) => "іс жабылды",
        ("case.closed", Language::Ru) => "дело закрыто",
        ("case.closed", Language::En) => "the case was closed",
        _ => return None,
    };
    let [deadline_label, authority_label, comment_label, outcome_label] = match language {
        Language::Kk => ["Мерзімі", "Мерзімді белгілеген", "Түсініктеме", "Нәтижесі"],
        Language::Ru => ["Срок", "Срок установил", "Комментарий", "Итог"],
        Language::En => ["Deadline", "Set by", "Comment", "Outcome"],
    };
    let outcome = match (payload["outcome"].as_str(), language) {
        (Some("resolved"), Language::Kk) => Some("мәселе шешілді"),
        (Some("resolved"), Language::Ru) => Some("проблема решена"),
        (Some("resolved"), Language::En) => Some("the problem is resolved"),
        (Some("ineffective"), Language::Kk) => Some("ұйым тиімсіз деп танылды"),
        (Some("ineffective"), Language::Ru) => Some("организация признана неэффективной"),
        (Some("ineffective"), Language::En) => Some("the organization was named ineffective"),
        (Some("withdrawn"), Language::Kk) => Some("іс қайтарылды"),
        (Some("withdrawn"), Language::Ru) => Some("дело отозвано"),
        (Some("withdrawn"), Language::En) => Some("the case was withdrawn"),
        _ => None,
    };
    let subject = format!("{brand}: № {case} «{title}» — {what}");
    let mut lines = vec![format!("«{organization}»: № {case} «{title}» — {what}."), String::new()];
    if let Some(deadline) = payload["deadline"].as_str() {
        let shown = chrono::NaiveDate::parse_from_str(deadline, "%Y-%m-%d")
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_else(|_| deadline.to_owned());
        lines.push(format!("{deadline_label}: {shown}"));
    }
    if let Some(authority) = payload["authority"].as_str() {
        lines.push(format!("{authority_label}: {authority}"));
    }
    if let Some(outcome) = outcome.filter(|_| kind == "case.closed") {
        lines.push(format!("{outcome_label}: {outcome}"));
    }
    if let Some(comment) = payload["comment"].as_str() {
        lines.push(format!("{comment_label}: {}", comment.chars().take(2000).collect::<String>()));
    }
    lines.extend([String::new(), format!("— {brand}")]);
    Some((subject, lines.join("\n")))
}

/// A permit whose holder has not restored the site in time, to the holder and the police.
fn permit_overdue(brand: &str, language: Language, payload: &Value) -> Option<(String, String)> {
    let permit = payload["permit"].as_str()?;
    let address = payload["address"].as_str().unwrap_or_default();
    let raw = payload["restore_by"].as_str().unwrap_or_default();
    let restore_by = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_else(|_| raw.to_owned());
    let reminder = payload["reminder"].as_i64().unwrap_or(1);
    let (subject, text) = match language {
        Language::Kk => (
            format!("№ {permit} рұқсат: қалпына келтіру мерзімі өтті"),
            format!(
                "№ {permit} рұқсат: {address} мекенжайындағы абаттандыруды қалпына келтіру мерзімі ({restore_by}) өтті. Еске салу № {reminder}."
            ),
        ),
        Language::Ru => (
            format!("Разрешение № {permit}: срок восстановления истёк"),
            format!(
                "Разрешение № {permit}: срок восстановления благоустройства по адресу {address} ({restore_by}) истёк. Напоминание № {reminder}."
            ),
        ),
        Language::En => (
            format!("Permit No. {permit}: the restoration deadline has passed"),
            format!(
                "Permit No. {permit}: the deadline to restore the site at {address} ({restore_by}) has passed. Reminder {reminder}."
            ),
        ),
    };
    Some((format!("{brand}: {subject}"), format!("{text}\n\n— {brand}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_organization_notice_reads_in_three_languages() {
        let payload = serde_json::json!({ "number": "AST-2026-000001", "comment": "Течёт снова" });
        let facts = AppealFacts {
            service: "Нет холодной воды".into(),
            address: Some("ул. Первая, 1".into()),
            description: "Нет воды с утра".into(),
            due: "23.11.2026 14:00".into(),
            link: "https://qala.example/t/astana/staff/appeals/1".into(),
        };
        for kind in ["appeal.assigned", "appeal.reopened", "appeal.deadline_warning", "appeal.overdue"] {
            for lang in Language::ALL {
                let (subject, text) =
                    mail(kind, "iKOMEK109", "Водоканал", lang, &payload, Some(&facts)).unwrap_or_default();
                assert!(subject.starts_with("iKOMEK109: ") && subject.contains("AST-2026-000001"), "{kind} {lang:?}");
                assert!(text.contains("ул. Первая, 1") && text.contains("23.11.2026 14:00"), "{kind} {lang:?}: {text}");
                assert!(text.contains(&facts.link), "{kind} {lang:?}: {text}");
                assert_eq!(text.contains("Течёт снова"), kind == "appeal.reopened", "{kind} {lang:?}: {text}");
            }
        }
        assert!(mail("appeal.assigned", "iKOMEK109", "x", Language::Ru, &payload, None).is_none());
        assert!(mail("appeal.systemic", "iKOMEK109", "x", Language::Ru, &payload, Some(&facts)).is_none());
        let list = serde_json::json!({ "title": "Отопление", "seasons": ["2025/26", "2024/25"],
            "buildings": [{ "address": "ул. Первая, 1", "total": 9, "by_season": [5, 4] }] });
        for lang in Language::ALL {
            let (subject, text) =
                mail("analytics.readiness", "iKOMEK109", "КСК Первый", lang, &list, None).unwrap_or_default();
            assert!(
                subject.contains("Отопление") && text.contains("1. ул. Первая, 1 — 9") && text.contains("5 / 4"),
                "{lang:?}: {text}"
            );
            assert!(text.contains("КСК Первый") && text.contains("2025/26"), "{lang:?}: {text}");
        }
        let case = serde_json::json!({ "case": 3, "title": "Лифты не работают", "deadline": "2026-12-20",
            "authority": "Управление ЖКХ", "comment": "Отчёт не представлен", "outcome": "ineffective" });
        for kind in [
            "case.opened",
            "case.appeals_attached",
            "case.deadline_set",
            "case.extended",
            "case.reported",
            "case.closed",
        ] {
            for lang in Language::ALL {
                let (subject, text) = mail(kind, "iKOMEK109", "Лифт-Сервис", lang, &case, None).unwrap_or_default();
                assert!(
                    subject.contains("Лифты не работают") && text.contains("20.12.2026"),
                    "{kind} {lang:?}: {text}"
                );
                assert!(text.contains("Управление ЖКХ") && text.contains("Лифт-Сервис"), "{kind} {lang:?}: {text}");
                assert_eq!(
                    text.contains("неэффективной"),
                    kind == "case.closed" && lang == Language::Ru,
                    "{kind} {lang:?}"
                );
            }
        }
        let permit =
            serde_json::json!({ "permit": "P-7", "address": "пр. Абая, 5", "restore_by": "2026-11-01", "reminder": 2 });
        for lang in Language::ALL {
            let (subject, text) = mail("permit.overdue", "iKOMEK109", "x", lang, &permit, None).unwrap_or_default();
            assert!(subject.contains("P-7") && text.contains("01.11.2026") && text.contains("пр. Абая, 5"), "{lang:?}");
        }
    }
}
