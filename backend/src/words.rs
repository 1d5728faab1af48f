//! How text is folded for search in Kazakh, Russian and English: one normal form (lower case,
//! `ё` as `е`, punctuation as spaces), inflected forms that meet («воды» and «вода», «жарығы» and
//! «жарық», «lights» and «light»), and a Latin spelling of Cyrillic words, so a query typed on a
//! Latin keyboard («su») finds «су».

/// Lower case, `ё` → `е`, every character that is not a letter or a digit → a space, spaces
/// collapsed: `«Нет воды!», ул. Абая-63` → `нет воды ул абая 63`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

/// The normalized words of a text.
pub fn words(text: &str) -> Vec<String> {
    normalize(text).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The most words of a search query that are looked for: what a person types is a few words,
/// and a pasted page must not make a search cost more than that.
pub const QUERY_WORDS: usize = 8;

/// The words of a search query, at most `QUERY_WORDS`, each at most 50 letters.
pub fn query_words(query: &str) -> Vec<String> {
    let head: String = query.chars().take(400).collect();
    let mut chosen: Vec<String> = Vec::new();
    for word in words(&head) {
        let word: String = word.chars().take(50).collect();
        if !chosen.contains(&word) {
            chosen.push(word);
        }
        if chosen.len() == QUERY_WORDS {
            break;
        }
    }
    chosen
}

/// Whether two words are forms of one word: they share at least three first letters, more than
/// half of the longer one, and each goes on for at most three more («воды» and «вода», «света» and «свет», «жарығы» and «жарық»,
/// «лифтте» and «лифт», «lights» and «light»), but «светофор» is not a form of «свет».
/// Comparing the forms avoids a stemmer for two languages that end words differently.
pub fn same_word(a: &str, b: &str) -> bool {
    let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    // More than half of the longer word is shared, so «trash» is no form of «trader».
    shared >= 3 && 2 * shared > a_len.max(b_len) + 1 && a_len - shared <= 3 && b_len - shared <= 3
}

/// The start of a word that its other forms share, for matching by prefix in SQL: a word of
/// four or five letters without its last one («абая» and «абай» → «аба»), a longer one without
/// its last two («первой» and «первая» → «перв», «кенесары» → «кенеса»); a shorter word or a
/// number stays whole.
pub fn shared_start(word: &str) -> String {
    let letters = word.chars().count();
    let drop = match letters {
        _ if !word.chars().all(char::is_alphabetic) => 0,
        0..=3 => 0,
        4 | 5 => 1,
        _ => 2,
    };
    word.chars().take(letters - drop).collect()
}

/// A Cyrillic word spelled in plain Latin letters (`су` → `su`, `жарық` → `zharyq`); a Latin
/// word stays as it is.
pub fn latin(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let spelled = match c {
            'а' | 'ә' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ғ' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'й' | 'і' => "i",
            'к' => "k",
            'қ' => "q",
            'л' => "l",
            'м' => "m",
            'н' | 'ң' => "n",
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' | 'ү' => "u",
            'ф' => "f",
            'х' | 'һ' => "h",
            'ц' => "ts",
            'ч' => "ch",
            'ш' | 'щ' => "sh",
            'ы' => "y",
            'ю' => "iu",
            'я' => "ia",
            'ъ' | 'ь' => "",
            other => {
                out.push(other);
                continue;
            }
        };
        out.push_str(spelled);
    }
    out
}

/// Words that carry no meaning of their own in a search («нет воды» is about water).
pub fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "нет"
            | "не"
            | "в"
            | "во"
            | "на"
            | "и"
            | "у"
            | "с"
            | "со"
            | "по"
            | "для"
            | "от"
            | "из"
            | "к"
            | "о"
            | "об"
            | "жоқ"
            | "және"
            | "мен"
            | "пен"
            | "бен"
            | "емес"
            | "no"
            | "not"
            | "the"
            | "a"
            | "an"
            | "in"
            | "of"
            | "on"
            | "at"
            | "is"
            | "are"
            | "to"
            | "for"
            | "and"
            | "my"
            | "our"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_case_and_yo_are_folded() {
        assert_eq!(normalize("«Нет воды!», ул. Абая-63"), "нет воды ул абая 63");
        assert_eq!(normalize("Гололёд"), "гололед");
        assert_eq!(words("  Суық   су, жоқ. "), ["суық", "су", "жоқ"]);
    }

    #[test]
    fn inflected_forms_are_one_word() {
        for (a, b) in [("воды", "вода"), ("лифта", "лифт"), ("лифтте", "лифт"), ("света", "свет"), ("lights", "light")]
        {
            assert!(same_word(a, b), "{a} {b}");
        }
        assert!(same_word("жарығы", "жарық"));
        assert!(same_word("абая", "абай"));
        assert!(!same_word("светофор", "свет"));
        assert!(!same_word("водоснабжение", "вода"));
        assert!(!same_word("trash", "trader"));
        assert!(!same_word("trash", "trade"));
        assert!(!same_word("су", "суық"), "two letters are too few to tell");
    }

    #[test]
    fn a_words_shared_start_leaves_its_ending_out() {
        assert_eq!(shared_start("абая"), "аба");
        assert_eq!(shared_start("абай"), "аба");
        assert_eq!(shared_start("кенесары"), "кенеса");
        assert_eq!(shared_start("первой"), shared_start("первая"));
        assert_eq!(shared_start("63"), "63");
        assert_eq!(shared_start("су"), "су");
    }

    #[test]
    fn a_pasted_page_is_cut_to_a_few_words() {
        let long: String = (0..10_000).map(|i| format!("вода{i} ")).collect();
        assert_eq!(query_words(&long).len(), QUERY_WORDS);
        assert_eq!(query_words("су су су"), ["су"], "a word repeated counts once");
        assert_eq!(query_words(&"я".repeat(1000))[0].chars().count(), 50);
        assert!(query_words("").is_empty());
    }

    #[test]
    fn cyrillic_reads_in_latin_letters() {
        assert_eq!(latin("су"), "su");
        assert_eq!(latin("лифт"), "lift");
        assert_eq!(latin("жарық"), "zharyq");
        assert_eq!(latin("lift"), "lift");
    }
}
