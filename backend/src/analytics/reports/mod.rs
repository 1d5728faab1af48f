//! The weekly report (seed 002's shape: the week's appeals and their change, the top spheres and
//! categories, the channels, who failed their deadlines) and the quarterly report (seed 000's:
//! the quarter by month, where problems concentrate, chronic addresses), built from the same
//! functions as the dashboard so that their numbers agree, and written as XLSX or CSV in the
//! language asked for.

mod build;
mod labels;
pub mod sheet;
mod write;

pub use build::{quarterly, weekly, ReportKind};
pub use write::{to_csv, to_xlsx};
