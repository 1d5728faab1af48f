//! The catalog CSV format of `qala catalog import` and of a manifest's `catalog_files`
//! (docs/tenant-manifest.md): one service type a row, its sphere and category repeated.

use serde::Deserialize;

use super::import::{CatalogRow, RawServiceType};
use crate::i18n::LocalizedText;

pub const HEADER: &str = "sphere_code,sphere_kk,sphere_ru,sphere_en,category_code,category_kk,category_ru,category_en,code,name_kk,name_ru,name_en,appeal_type,responsible,default_org,deadline,first_call_answer_kk,first_call_answer_ru,first_call_answer_en,requires_photo";
/// The three keyword columns a file may add at the end (words people use besides the name).
pub const KEYWORD_COLUMNS: &str = "keywords_kk,keywords_ru,keywords_en";

#[derive(Deserialize)]
struct Record {
    sphere_code: String,
    sphere_kk: String,
    sphere_ru: String,
    sphere_en: String,
    category_code: String,
    category_kk: String,
    category_ru: String,
    category_en: String,
    code: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
    appeal_type: String,
    responsible: String,
    default_org: String,
    deadline: String,
    first_call_answer_kk: String,
    first_call_answer_ru: String,
    first_call_answer_en: String,
    requires_photo: String,
    #[serde(default)]
    keywords_kk: Option<String>,
    #[serde(default)]
    keywords_ru: Option<String>,
    #[serde(default)]
    keywords_en: Option<String>,
}

/// Parses a catalog CSV. Errors name the source, the line, the code and the field; at most 20
/// are collected so a wrong file is explained at once rather than one error per attempt.
pub fn parse(source: &str, text: &str) -> Result<Vec<CatalogRow>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let with_keywords = format!("{HEADER},{KEYWORD_COLUMNS}");
    let header = reader.headers().map(|h| h.iter().collect::<Vec<_>>().join(",")).unwrap_or_default();
    if header != HEADER && header != with_keywords {
        return Err(vec![format!(
            "{source}: line 1: the header must be exactly `{HEADER}`, optionally followed by `,{KEYWORD_COLUMNS}`"
        )]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut codes = std::collections::HashSet::new();
    for (index, record) in reader.deserialize::<Record>().enumerate() {
        let line = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(format!("{source}: line {line}: {e}"));
                continue;
            }
        };
        let at = format!("{source}: line {line} (code `{}`)", record.code);
        match row(record) {
            Ok(row) if !codes.insert(row.code.clone()) => {
                errors.push(format!("{at}: code: duplicate code"));
            }
            Ok(row) => rows.push(row),
            Err((field, message)) => errors.push(format!("{at}: {field}: {message}")),
        }
        if errors.len() >= 20 {
            break;
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn row(r: Record) -> Result<CatalogRow, (String, String)> {
    crate::validate::code(&r.sphere_code).map_err(|m| ("sphere_code".to_owned(), m))?;
    crate::validate::code(&r.category_code).map_err(|m| ("category_code".to_owned(), m))?;
    let sphere = LocalizedText::new(r.sphere_kk, r.sphere_ru, r.sphere_en);
    let category = LocalizedText::new(r.category_kk, r.category_ru, r.category_en);
    if let Some(lang) = sphere.missing() {
        return Err((format!("sphere_{lang}"), "must not be empty".into()));
    }
    if let Some(lang) = category.missing() {
        return Err((format!("category_{lang}"), "must not be empty".into()));
    }
    let requires_photo = match r.requires_photo.to_ascii_lowercase().as_str() {
        "" | "false" | "0" | "no" => false,
        "true" | "1" | "yes" => true,
        other => return Err(("requires_photo".into(), format!("`{other}` is not true or false"))),
    };
    RawServiceType {
        code: r.code,
        name: LocalizedText::new(r.name_kk, r.name_ru, r.name_en),
        appeal_type: r.appeal_type,
        responsible: r.responsible,
        default_org: Some(r.default_org),
        deadline: r.deadline,
        first_call_answer: Some(LocalizedText::new(
            r.first_call_answer_kk,
            r.first_call_answer_ru,
            r.first_call_answer_en,
        )),
        requires_photo,
        // The CSV has no column for questions: an import keeps those a service type has.
        attributes: None,
        // Without the keyword columns, an import keeps the keywords a service type has.
        keywords: match (r.keywords_kk, r.keywords_ru, r.keywords_en) {
            (None, None, None) => None,
            (kk, ru, en) => {
                Some(LocalizedText::new(kk.unwrap_or_default(), ru.unwrap_or_default(), en.unwrap_or_default()))
            }
        },
    }
    .check((&r.sphere_code, &sphere), (&r.category_code, &category))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: &[&str]) -> String {
        std::iter::once(HEADER).chain(rows.iter().copied()).collect::<Vec<_>>().join("\n")
    }

    const WATER: &str = "water,Су,Вода,Water,leak,Ағу,Протечка,Leak";

    #[test]
    fn a_valid_file_gives_one_row_per_service_type() {
        let text = csv(&[
            &format!(
                "{WATER},pipe-burst,Құбыр жарылды,\"Прорыв трубы, подвал\",Pipe burst,incident,utility,,4h,,,,true"
            ),
            &format!("{WATER},tariff,Тариф,Тариф,Tariff,information_request,department,,1wd,Жауап,Ответ,Answer,"),
        ]);
        let rows = parse("c.csv", &text).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name.ru, "Прорыв трубы, подвал");
        assert!(rows[0].requires_photo && rows[0].first_call_answer.is_none());
        assert_eq!(rows[1].first_call_answer.as_ref().map(|a| a.en.as_str()), Some("Answer"));
    }

    #[test]
    fn errors_name_the_line_the_code_and_the_field() {
        let text = csv(&[
            &format!("{WATER},a1,А,А,A,incident,utility,,4x,,,,"),
            &format!("{WATER},a2,А,А,A,information_request,utility,,4h,,,,"),
            &format!("{WATER},a3,А,А,A,incident,utility,,4h,,,,"),
            &format!("{WATER},a3,А,А,A,incident,utility,,4h,,,,"),
        ]);
        let errors = parse("c.csv", &text).err().unwrap_or_default();
        assert!(errors[0].starts_with("c.csv: line 2 (code `a1`): deadline:"), "{errors:?}");
        assert!(errors[1].starts_with("c.csv: line 3 (code `a2`): first_call_answer:"), "{errors:?}");
        assert_eq!(errors[2], "c.csv: line 5 (code `a3`): code: duplicate code");
    }

    #[test]
    fn a_wrong_header_is_refused() {
        assert!(parse("c.csv", "code,name\nx,y").is_err());
    }
}
