//! What a resident is shown of their own appeal: the steps it went through and what they were
//! told, never staff notes, staff members' names, internal escalation or other residents'
//! appeals. Public tracking (`trackAppeal`) shows the same steps, without any text.

use super::model::event;

/// Timeline steps a resident sees; the rest (staff notes, files added, deadline warnings,
/// escalation, repeats linked from other residents) are the center's own.
const SHOWN: &[&str] = &[
    "registered",
    "assign",
    "take",
    "resolve",
    "close",
    "reopen",
    "reject",
    "merge",
    "forward",
    "deadline_extended",
    "rated",
    "resolved_with_parent",
    "public_note",
];

/// Steps whose text is what the resident was told: what was done, why it was refused or
/// forwarded, why the deadline moved, the note written for the public, and their own words when
/// rating. A reopening's reason is staff's (the callback), so it is not shown.
const TOLD: &[&str] = &["resolve", "reject", "forward", "deadline_extended", "rated", "public_note"];

pub fn shows_event(kind: &str) -> bool {
    SHOWN.contains(&kind)
}

/// The timeline as the resident sees it: only the steps shown, with who did them reduced to
/// `center` or `resident`, no internal details, and text only where the resident was told it.
pub fn timeline(events: Vec<event::Model>) -> Vec<event::Model> {
    events
        .into_iter()
        .filter(|e| shows_event(&e.kind))
        .map(|mut e| {
            e.actor = if e.actor.starts_with("resident:") { "resident" } else { "center" }.to_owned();
            e.data = "{}".to_owned();
            if !TOLD.contains(&e.kind.as_str()) {
                e.comment = None;
            }
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: &str, actor: &str, comment: &str) -> event::Model {
        event::Model {
            id: 0,
            appeal_id: 1,
            at: chrono::Utc::now(),
            actor: actor.into(),
            kind: kind.into(),
            from_status: None,
            to_status: None,
            comment: Some(comment.into()),
            data: r#"{"child":"AST-2026-000002"}"#.into(),
        }
    }

    #[test]
    fn a_resident_sees_the_steps_and_what_they_were_told_never_staff_notes() {
        let shown = timeline(vec![
            step("registered", "user:12", "x"),
            step("comment", "user:12", "Жилец конфликтный"),
            step("repeat_linked", "system", "x"),
            step("assign", "user:12", "внутренняя причина"),
            step("resolve", "user:31", "Вода подана"),
            step("rated", "resident:4", "Спасибо"),
        ]);
        let seen: Vec<(&str, &str, Option<&str>, &str)> =
            shown.iter().map(|e| (e.kind.as_str(), e.actor.as_str(), e.comment.as_deref(), e.data.as_str())).collect();
        assert_eq!(
            seen,
            vec![
                ("registered", "center", None, "{}"),
                ("assign", "center", None, "{}"),
                ("resolve", "center", Some("Вода подана"), "{}"),
                ("rated", "resident", Some("Спасибо"), "{}"),
            ]
        );
    }
}
