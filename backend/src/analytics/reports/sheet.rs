//! A report as its writers see it: named sheets of typed cells.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    /// 0..1, shown as a percent.
    Share(Option<f64>),
    /// A change in percent (+2.0 is 2% more).
    Change(Option<f64>),
    Number(Option<f64>),
    Date(NaiveDate),
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// A short code (`summary`, `categories`...): the CSV's first column.
    pub code: &'static str,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub title: String,
    pub sheets: Vec<Sheet>,
}
