//! The questions a service type asks beyond the description (Open311 "attributes"): a street
//! light's pole number, the floor of a stuck elevator, the kinds of litter. They are defined on
//! the service type (JSON in `service_types.attributes`), answered on intake, and the answers
//! are kept with the appeal (JSON in `appeals.attributes`, code → values).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::LocalizedText;

/// The datatypes of Open311 GeoReport v2.
#[derive(Serialize, Deserialize, Copy, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AttributeType {
    String,
    Number,
    Datetime,
    Text,
    Singlevaluelist,
    Multivaluelist,
}

impl AttributeType {
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "string",
            AttributeType::Number => "number",
            AttributeType::Datetime => "datetime",
            AttributeType::Text => "text",
            AttributeType::Singlevaluelist => "singlevaluelist",
            AttributeType::Multivaluelist => "multivaluelist",
        }
    }

    fn is_list(self) -> bool {
        matches!(self, AttributeType::Singlevaluelist | AttributeType::Multivaluelist)
    }
}

/// One choice of a list attribute.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AttributeValue {
    pub key: String,
    pub name: LocalizedText,
}

fn yes() -> bool {
    true
}

/// A question of a service type; its order is its place in the list.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceAttribute {
    pub code: String,
    pub datatype: AttributeType,
    /// False: an explanation shown to the resident, not a question.
    #[serde(default = "yes")]
    pub variable: bool,
    #[serde(default)]
    pub required: bool,
    pub description: LocalizedText,
    /// How to answer, e.g. "the number painted on the pole".
    #[serde(default)]
    pub datatype_description: Option<LocalizedText>,
    /// The choices of a list attribute.
    #[serde(default)]
    pub values: Vec<AttributeValue>,
}

fn is_key(text: &str) -> bool {
    (1..=50).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Checks a service type's attributes; the error is `(field, message)`.
pub fn check(attributes: &[ServiceAttribute]) -> Result<(), (String, String)> {
    if attributes.len() > 30 {
        return Err(("attributes".into(), "at most 30 attributes".into()));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, a) in attributes.iter().enumerate() {
        let field = |name: &str| format!("attributes[{i}].{name}");
        if !is_key(&a.code) {
            return Err((field("code"), "1–50 characters: letters, digits, _ and -".into()));
        }
        if !seen.insert(a.code.as_str()) {
            return Err((field("code"), format!("`{}` is used twice", a.code)));
        }
        if let Some(lang) = a.description.missing() {
            return Err((field(&format!("description.{lang}")), "must not be empty".into()));
        }
        if a.datatype.is_list() == a.values.is_empty() {
            let message = if a.datatype.is_list() { "a list needs its values" } else { "only a list has values" };
            return Err((field("values"), message.into()));
        }
        let mut keys = std::collections::HashSet::new();
        for (j, v) in a.values.iter().enumerate() {
            if !is_key(&v.key) || !keys.insert(v.key.as_str()) {
                return Err((field(&format!("values[{j}].key")), "a unique key of letters, digits, _ and -".into()));
            }
            if let Some(lang) = v.name.missing() {
                return Err((field(&format!("values[{j}].name.{lang}")), "must not be empty".into()));
            }
        }
    }
    Ok(())
}

/// The attributes stored with a service type (none when the column is empty).
pub fn stored(json: Option<&str>) -> Vec<ServiceAttribute> {
    json.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default()
}

/// The stored form: none for no questions.
pub fn to_json(questions: &[ServiceAttribute]) -> Option<String> {
    (!questions.is_empty()).then(|| serde_json::to_string(questions).unwrap_or_default())
}

/// Answers: attribute code → its values (one, or several for a multivaluelist).
pub type Answers = BTreeMap<String, Vec<String>>;

/// Checks answers against the questions: every required one answered, each in its datatype, list
/// answers among the choices, no unknown codes. Returns them trimmed; the error is
/// `(attribute code, message)`.
pub fn answer(questions: &[ServiceAttribute], given: Answers) -> Result<Answers, (String, String)> {
    let mut out = Answers::new();
    for code in given.keys() {
        if !questions.iter().any(|q| q.variable && &q.code == code) {
            return Err((code.clone(), "is not a question of this service".into()));
        }
    }
    for q in questions.iter().filter(|q| q.variable) {
        let values: Vec<String> = given
            .get(&q.code)
            .map(|v| v.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        if values.is_empty() {
            if q.required {
                return Err((q.code.clone(), "is required".into()));
            }
            continue;
        }
        let single = || -> Result<&str, (String, String)> {
            match values.as_slice() {
                [one] => Ok(one.as_str()),
                _ => Err((q.code.clone(), "takes one value".into())),
            }
        };
        match q.datatype {
            AttributeType::String | AttributeType::Text => {
                let limit = if q.datatype == AttributeType::String { 500 } else { 5000 };
                let text = single()?;
                if text.chars().count() > limit || (q.datatype == AttributeType::String && text.contains('\n')) {
                    return Err((q.code.clone(), format!("must be one line of at most {limit} characters")));
                }
            }
            AttributeType::Number => {
                if !single()?.parse::<f64>().is_ok_and(f64::is_finite) {
                    return Err((q.code.clone(), "must be a number".into()));
                }
            }
            AttributeType::Datetime => {
                if chrono::DateTime::parse_from_rfc3339(single()?).is_err() {
                    return Err((q.code.clone(), "must be a date and time such as 2026-11-22T09:30:00+05:00".into()));
                }
            }
            AttributeType::Singlevaluelist | AttributeType::Multivaluelist => {
                if q.datatype == AttributeType::Singlevaluelist {
                    single()?;
                }
                if let Some(bad) = values.iter().find(|v| !q.values.iter().any(|choice| &choice.key == *v)) {
                    return Err((q.code.clone(), format!("`{bad}` is not one of its values")));
                }
            }
        }
        out.insert(q.code.clone(), values);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(code: &str, datatype: AttributeType, required: bool, values: &[&str]) -> ServiceAttribute {
        ServiceAttribute {
            code: code.into(),
            datatype,
            variable: true,
            required,
            description: LocalizedText::new("с", "в", "q"),
            datatype_description: None,
            values: values
                .iter()
                .map(|k| AttributeValue { key: (*k).into(), name: LocalizedText::new(*k, *k, *k) })
                .collect(),
        }
    }

    fn given(pairs: &[(&str, &[&str])]) -> Answers {
        pairs.iter().map(|(k, v)| ((*k).into(), v.iter().map(|s| (*s).into()).collect())).collect()
    }

    #[test]
    fn answers_are_checked_by_datatype() {
        let questions = [
            question("pole", AttributeType::String, true, &[]),
            question("floor", AttributeType::Number, false, &[]),
            question("since", AttributeType::Datetime, false, &[]),
            question("kind", AttributeType::Singlevaluelist, false, &["a", "b"]),
            question("litter", AttributeType::Multivaluelist, false, &["glass", "paper"]),
        ];
        let ok = answer(&questions, given(&[("pole", &[" 17 "]), ("floor", &["4"]), ("litter", &["glass", "paper"])]));
        assert_eq!(ok.expect("valid answers").get("pole"), Some(&vec!["17".to_owned()]));
        let fail = |pairs: &[(&str, &[&str])]| answer(&questions, given(pairs)).expect_err("refused").0;
        assert_eq!(fail(&[]), "pole");
        assert_eq!(fail(&[("pole", &["1"]), ("floor", &["four"])]), "floor");
        assert_eq!(fail(&[("pole", &["1"]), ("since", &["yesterday"])]), "since");
        assert_eq!(fail(&[("pole", &["1"]), ("kind", &["a", "b"])]), "kind");
        assert_eq!(fail(&[("pole", &["1"]), ("litter", &["tyres"])]), "litter");
        assert_eq!(fail(&[("pole", &["1"]), ("colour", &["red"])]), "colour");
    }

    #[test]
    fn definitions_need_unique_codes_and_values_only_on_lists() {
        assert!(check(&[question("a", AttributeType::String, false, &[])]).is_ok());
        let twice = [question("a", AttributeType::String, false, &[]), question("a", AttributeType::Text, false, &[])];
        assert_eq!(check(&twice).expect_err("refused").0, "attributes[1].code");
        assert_eq!(
            check(&[question("k", AttributeType::Singlevaluelist, false, &[])]).expect_err("refused").0,
            "attributes[0].values"
        );
        assert_eq!(
            check(&[question("n", AttributeType::Number, false, &["x"])]).expect_err("refused").0,
            "attributes[0].values"
        );
    }
}
