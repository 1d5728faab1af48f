//! Finding a service type by what a person types, in any of the three languages: «нет воды»,
//! «жарық», «su», «lift». Every word of the query is looked for in the service type's names, its
//! keywords and synonyms, and its category's and sphere's names; whole words count more than
//! the start of a word, names more than keywords, keywords more than the category. The service
//! types that match the most words come first, then the best scored.

use crate::i18n::LocalizedText;
use crate::words;

/// Where a word was found, and what finding it there is worth.
#[derive(Clone, Copy)]
enum Field {
    Name,
    Keyword,
    Category,
    Sphere,
}

impl Field {
    fn weight(self) -> f32 {
        match self {
            Field::Name => 1.0,
            Field::Keyword => 0.9,
            Field::Category => 0.5,
            Field::Sphere => 0.3,
        }
    }
}

struct Word {
    whole: String,
    latin: String,
    field: Field,
}

/// A service type as search sees it.
pub struct Indexed {
    pub id: i64,
    words: Vec<Word>,
}

/// What a service type is found by.
pub struct Texts<'a> {
    /// The service type's code (`no-cold-water`), found like its name.
    pub code: &'a str,
    pub name: &'a LocalizedText,
    pub keywords: &'a LocalizedText,
    pub category: &'a LocalizedText,
    pub sphere: &'a LocalizedText,
}

pub fn index(id: i64, texts: &Texts) -> Indexed {
    let mut found: Vec<Word> = words::words(texts.code)
        .into_iter()
        .map(|whole| Word { latin: words::latin(&whole), whole, field: Field::Name })
        .collect();
    for (text, field) in [
        (texts.name, Field::Name),
        (texts.keywords, Field::Keyword),
        (texts.category, Field::Category),
        (texts.sphere, Field::Sphere),
    ] {
        for language in [&text.kk, &text.ru, &text.en] {
            for whole in words::words(language) {
                found.push(Word { latin: words::latin(&whole), whole, field });
            }
        }
    }
    Indexed { id, words: found }
}

/// How well one query word matches one indexed word, 0 when it does not.
fn matches(query: &QueryWord, word: &Word) -> f32 {
    let score = if word.whole == query.whole {
        1.0
    } else if words::same_word(&word.whole, &query.whole) {
        0.95
    } else if query.ascii && (word.latin == query.whole || words::same_word(&word.latin, &query.whole)) {
        0.9
    } else if query.whole.chars().count() >= 2 && word.whole.starts_with(&query.whole) {
        0.7
    } else if query.ascii && query.whole.len() >= 2 && word.latin.starts_with(&query.whole) {
        0.5
    } else {
        0.0
    };
    score * word.field.weight()
}

/// A query word's worth in an entry: its best match anywhere, and a quarter of its matches in
/// the other fields, so a service type whose name and keywords both say «су» comes before one
/// whose name alone does, while a whole word in one field still beats the start of a word in
/// several («свет» is an electricity keyword before it is the start of «светофор»).
fn word_score(query: &QueryWord, entry: &Indexed) -> f32 {
    let mut best = [0.0f32; 4];
    for word in &entry.words {
        let slot = &mut best[word.field as usize];
        *slot = slot.max(matches(query, word));
    }
    let top = best.iter().copied().fold(0.0, f32::max);
    let all: f32 = best.iter().sum();
    (top + 0.25 * (all - top)) * query.weight
}

struct QueryWord {
    whole: String,
    ascii: bool,
    /// 1 for a word of meaning; less for a filler («нет», «жоқ»), which helps a phrase such as
    /// «жылу жоқ» match its keywords but finds nothing alone.
    weight: f32,
}

/// The ids of the service types that match `query`, best first.
pub fn rank(query: &str, entries: &[Indexed]) -> Vec<i64> {
    let all = words::query_words(query);
    let only_fillers = all.iter().all(|w| words::is_filler(w));
    let query: Vec<QueryWord> = all
        .iter()
        .map(|w| QueryWord {
            ascii: w.is_ascii(),
            weight: if only_fillers || !words::is_filler(w) { 1.0 } else { 0.2 },
            whole: w.clone(),
        })
        .collect();
    if query.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, f32, i64)> = entries
        .iter()
        .filter_map(|entry| {
            let per_word: Vec<f32> = query.iter().map(|q| word_score(q, entry)).collect();
            let found = query.iter().zip(&per_word).filter(|(q, score)| q.weight == 1.0 && **score > 0.0).count();
            (found > 0).then(|| (found, per_word.iter().sum(), entry.id))
        })
        .collect();
    // Only the service types that match as many words as the best one does («суық радиатор»
    // leaves out what is only «суық»); then the best score first, then the older service type.
    let most = scored.iter().map(|(found, _, _)| *found).max().unwrap_or(0);
    scored.retain(|(found, _, _)| *found == most);
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    scored.into_iter().map(|(_, _, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(kk: &str, ru: &str, en: &str) -> LocalizedText {
        LocalizedText::new(kk, ru, en)
    }

    fn entries() -> Vec<Indexed> {
        let none = text("", "", "");
        let utilities = text("Коммуналдық қызметтер", "Коммунальные услуги", "Utilities");
        let power = text("Электрмен жабдықтау", "Электроснабжение", "Power supply");
        let water = text("Сумен жабдықтау", "Водоснабжение", "Water supply");
        let roads = text("Жолдар", "Дороги", "Roads");
        let rows = [
            (1, text("Электр сымының үзілуі", "Обрыв электропроводов", "Power line damage"), &none, &power),
            (2, text("Үйде электр жарығы жоқ", "Отсутствует электроэнергия в доме", "Power outage"), &none, &power),
            (3, text("Үйде суық су жоқ", "Нет холодной воды в доме", "No cold water"), &none, &water),
            (4, text("Бағдаршам істемейді", "Не работает светофор", "Traffic light not working"), &none, &roads),
            (5, text("Лифт істемейді", "Не работает лифт", "Elevator out of service"), &none, &utilities),
        ];
        let keywords =
            [(2, text("жарық, электр", "свет, электричество", "electricity, light")), (5, text("", "", "lift"))];
        rows.iter()
            .map(|(id, name, _, category)| {
                let words = keywords.iter().find(|(k, _)| k == id).map(|(_, w)| w.clone()).unwrap_or_default();
                index(*id, &Texts { code: "", name, keywords: &words, category, sphere: &utilities })
            })
            .collect()
    }

    #[test]
    fn everyday_words_find_the_likely_service_first() {
        let entries = entries();
        for (query, expected) in [
            ("вода", 3),
            ("нет воды", 3),
            ("су", 3),
            ("su", 3),
            ("жарық", 2),
            ("свет", 2),
            ("света нет", 2),
            ("lift", 5),
            ("лифт", 5),
            ("светофор", 4),
            ("Обрыв проводов!", 1),
        ] {
            let ranked = rank(query, &entries);
            assert_eq!(ranked.first(), Some(&expected), "{query}: {ranked:?}");
        }
    }

    #[test]
    fn a_query_of_nothing_finds_nothing() {
        assert!(rank("", &entries()).is_empty());
        assert!(rank(" ,.! ", &entries()).is_empty());
        assert!(rank("zzzz", &entries()).is_empty());
    }
}
