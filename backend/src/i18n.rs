//! The three languages of every tenant, and names that carry all three.

use async_graphql::{Enum, InputObject, SimpleObject};
use serde::{Deserialize, Serialize};

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Kk,
    Ru,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Kk, Language::Ru, Language::En];

    pub fn code(self) -> &'static str {
        match self {
            Language::Kk => "kk",
            Language::Ru => "ru",
            Language::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "kk" | "kz" => Some(Language::Kk),
            "ru" => Some(Language::Ru),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut ranked: Vec<(f32, Language)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let primary = tag.split('-').next()?;
                let quality =
                    pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
                Some((quality, Language::parse(primary)?))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, lang)| *lang)
    }
}

/// A text in Kazakh, Russian and English.
#[derive(SimpleObject, InputObject, Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[graphql(input_name = "LocalizedTextInput")]
pub struct LocalizedText {
    pub kk: String,
    pub ru: String,
    pub en: String,
}

impl LocalizedText {
    pub fn new(kk: impl Into<String>, ru: impl Into<String>, en: impl Into<String>) -> Self {
        Self { kk: kk.into(), ru: ru.into(), en: en.into() }
    }

    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Kk => &self.kk,
            Language::Ru => &self.ru,
            Language::En => &self.en,
        }
    }

    /// Lower-cased code and texts, for search that folds Cyrillic case the same on every database.
    pub fn search_text(&self, code: &str) -> String {
        format!("{code} {} {} {}", self.kk, self.ru, self.en).to_lowercase()
    }

    /// The name of the first empty language, if any.
    pub fn missing(&self) -> Option<&'static str> {
        Language::ALL.into_iter().find(|lang| self.get(*lang).trim().is_empty()).map(Language::code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_tag() {
        assert_eq!(Language::from_accept_language("de-DE, ru;q=0.8, en;q=0.9"), Some(Language::En));
        assert_eq!(Language::from_accept_language("kk-KZ"), Some(Language::Kk));
        assert_eq!(Language::from_accept_language("fr, de"), None);
    }

    #[test]
    fn search_text_folds_cyrillic_case() {
        let name = LocalizedText::new("ҚАЛА", "ГОРОД", "City");
        assert_eq!(name.search_text("X1"), "x1 қала город city");
    }
}
