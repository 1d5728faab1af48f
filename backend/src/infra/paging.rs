//! Cursor paging by id: stable under inserts, and an index seek at any depth. The request and
//! the page's end are plain values here; the GraphQL types that carry them live with the
//! transport (`graphql::pagination`).

use base64::Engine;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::error::{AppError, AppResult};

pub const DEFAULT_PAGE: i32 = 50;
pub const MAX_PAGE: i32 = 200;

/// How many items, and after which cursor.
#[derive(Default, Clone, Debug)]
pub struct PageRequest {
    /// 1–200 (default 50).
    pub first: Option<i32>,
    /// The `end_cursor` of the previous page.
    pub after: Option<String>,
}

/// Where a page ends, and whether another follows.
#[derive(Debug, Clone)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

/// A cursor: `<kind>:<value>` in URL-safe base64 (`id` after an id, `at` after a place in a list).
fn encode(kind: &str, value: impl std::fmt::Display) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{kind}:{value}"))
}

fn decode<T: std::str::FromStr>(kind: &str, cursor: &str) -> AppResult<T> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix(kind)?.strip_prefix(':')?.parse().ok())
        .ok_or_else(|| AppError::validation("after", "not a cursor this API returned"))
}

fn encode_cursor(id: i64) -> String {
    encode("id", id)
}

fn decode_cursor(cursor: &str) -> AppResult<i64> {
    decode("id", cursor)
}

/// A page of a list already in its order (search results ranked in memory): the cursor is the
/// place in the list, so it holds only for the same query.
pub fn slice<T>(ranked: Vec<T>, page: &PageRequest) -> AppResult<(Vec<T>, PageInfo)> {
    let first = page.first.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE) as usize;
    let start: usize = match &page.after {
        None => 0,
        Some(cursor) => decode("at", cursor)?,
    };
    let total = ranked.len();
    let items: Vec<T> = ranked.into_iter().skip(start).take(first).collect();
    let end = start + items.len();
    let end_cursor = (!items.is_empty()).then(|| encode("at", end));
    Ok((items, PageInfo { has_next_page: end < total, end_cursor }))
}

/// Items of `select` after the cursor, in id order, one more fetched to know if a next page exists.
pub async fn fetch<E, C>(
    conn: &C,
    select: Select<E>,
    id: E::Column,
    page: &PageRequest,
    id_of: impl Fn(&E::Model) -> i64,
) -> AppResult<(Vec<E::Model>, PageInfo)>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    fetch_in(conn, select, id, page, id_of, false).await
}

/// Like `fetch`, newest first: items of `select` before the cursor, in descending id order.
pub async fn fetch_newest_first<E, C>(
    conn: &C,
    select: Select<E>,
    id: E::Column,
    page: &PageRequest,
    id_of: impl Fn(&E::Model) -> i64,
) -> AppResult<(Vec<E::Model>, PageInfo)>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    fetch_in(conn, select, id, page, id_of, true).await
}

async fn fetch_in<E, C>(
    conn: &C,
    select: Select<E>,
    id: E::Column,
    page: &PageRequest,
    id_of: impl Fn(&E::Model) -> i64,
    newest_first: bool,
) -> AppResult<(Vec<E::Model>, PageInfo)>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let first = page.first.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&first) {
        return Err(AppError::validation("first", format!("must be between 1 and {MAX_PAGE}")));
    }
    let mut select = if newest_first { select.order_by_desc(id) } else { select.order_by_asc(id) };
    select = select.limit(first as u64 + 1);
    if let Some(after) = &page.after {
        let cursor = decode_cursor(after)?;
        select = select.filter(if newest_first { id.lt(cursor) } else { id.gt(cursor) });
    }
    let mut items = select.all(conn).await?;
    let has_next_page = items.len() > first as usize;
    items.truncate(first as usize);
    let end_cursor = items.last().map(|item| encode_cursor(id_of(item)));
    Ok((items, PageInfo { has_next_page, end_cursor }))
}

/// Lower-cased `LIKE` pattern for the `search_text` columns; wildcard characters in the query are dropped.
pub fn search_pattern(query: &str) -> String {
    let plain = query.trim().to_lowercase().replace(['\\', '%', '_'], "");
    format!("%{plain}%")
}

/// One `LIKE` pattern per word of the query, each matching the start of a word in a text kept
/// with words separated by spaces (`(' ' || search_text) LIKE '% аба%'`): commas and word order
/// do not matter, and «Абая» finds «Абай» as both start «аба».
pub fn word_patterns(query: &str) -> Vec<String> {
    crate::words::query_words(query)
        .iter()
        .map(|word| format!("% {}%", crate::words::shared_start(word).replace(['\\', '%', '_'], "")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_of_a_query_is_a_pattern_of_a_word_start() {
        assert_eq!(word_patterns("Абая, 63"), ["% аба%", "% 63%"]);
        assert_eq!(word_patterns("  "), Vec::<String>::new());
    }

    #[test]
    fn a_ranked_list_pages_by_place() {
        let first = PageRequest { first: Some(2), after: None };
        let (items, info) = slice(vec![5, 4, 3], &first).expect("a page");
        assert_eq!(items, [5, 4]);
        assert!(info.has_next_page);
        let next = PageRequest { first: Some(2), after: info.end_cursor };
        let (items, info) = slice(vec![5, 4, 3], &next).expect("a page");
        assert_eq!((items, info.has_next_page), (vec![3], false));
        assert!(slice(vec![1], &PageRequest { first: None, after: Some("id:1".into()) }).is_err());
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_a_validation_error() {
        assert_eq!(decode_cursor(&encode_cursor(42)).ok(), Some(42));
        assert!(matches!(decode_cursor("bm9wZQ"), Err(AppError::Validation { .. })));
        assert!(matches!(decode_cursor("!!"), Err(AppError::Validation { .. })));
    }
}
