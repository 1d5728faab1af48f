//! Writing a report: an XLSX workbook with a sheet per part, or one CSV with the parts one
//! after another (its title line, its header, its rows, an empty line).

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::sheet::{Cell, Report};
use crate::error::{AppError, AppResult};

fn xlsx_error(e: XlsxError) -> AppError {
    AppError::Unexpected(anyhow::anyhow!("writing a workbook: {e}"))
}

pub fn to_xlsx(report: &Report) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let share = Format::new().set_num_format("0.0%");
    let change = Format::new().set_num_format("+0.0;-0.0;0.0");
    let number = Format::new().set_num_format("0.00");
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for part in &report.sheets {
        let sheet = book.add_worksheet();
        // Sheet names are at most 31 characters and may not hold []:*?/\.
        let name: String = part.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect::<String>();
        sheet.set_name(name.trim()).map_err(xlsx_error)?;
        sheet.write_string_with_format(0, 0, &report.title, &title).map_err(xlsx_error)?;
        for (col, text) in part.header.iter().enumerate() {
            sheet.write_string_with_format(2, col as u16, text, &bold).map_err(xlsx_error)?;
            sheet.set_column_width(col as u16, if col == 0 { 42 } else { 16 }).map_err(xlsx_error)?;
        }
        for (i, row) in part.rows.iter().enumerate() {
            let r = 3 + i as u32;
            for (col, cell) in row.iter().enumerate() {
                let c = col as u16;
                match cell {
                    Cell::Text(text) => sheet.write_string(r, c, text).map(|_| ()),
                    Cell::Count(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                    Cell::Share(Some(v)) => sheet.write_number_with_format(r, c, *v, &share).map(|_| ()),
                    Cell::Change(Some(v)) => sheet.write_number_with_format(r, c, *v, &change).map(|_| ()),
                    Cell::Number(Some(v)) => sheet.write_number_with_format(r, c, *v, &number).map(|_| ()),
                    Cell::Date(d) => {
                        let at = ExcelDateTime::from_ymd(d.year_ce().1 as u16, d.month() as u8, d.day() as u8)
                            .map_err(xlsx_error)?;
                        sheet.write_datetime_with_format(r, c, &at, &date).map(|_| ())
                    }
                    Cell::Share(None) | Cell::Change(None) | Cell::Number(None) => Ok(()),
                }
                .map_err(xlsx_error)?;
            }
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

use chrono::Datelike;

fn csv_value(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => crate::infra::spreadsheet::text(text).into_owned(),
        Cell::Count(n) => n.to_string(),
        Cell::Share(v) => v.map(|v| format!("{v:.4}")).unwrap_or_default(),
        Cell::Change(v) | Cell::Number(v) => v.map(|v| format!("{v:.2}")).unwrap_or_default(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

pub fn to_csv(report: &Report) -> AppResult<String> {
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Unexpected(anyhow::anyhow!("writing a CSV: {e}"));
    out.write_record([report.title.as_str()]).map_err(fail)?;
    for part in &report.sheets {
        out.write_record([""]).map_err(fail)?;
        out.write_record([part.title.as_str()]).map_err(fail)?;
        out.write_record(&part.header).map_err(fail)?;
        for row in &part.rows {
            out.write_record(row.iter().map(csv_value)).map_err(fail)?;
        }
    }
    let bytes = out.into_inner().map_err(|e| AppError::Unexpected(anyhow::anyhow!("writing a CSV: {e}")))?;
    // Excel reads a CSV as UTF-8 only with the byte-order mark.
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::reports::sheet::Sheet;

    fn report() -> Report {
        Report {
            title: "iKOMEK109: Еженедельный отчёт".into(),
            sheets: vec![Sheet {
                code: "summary",
                title: "Итоги: [неделя]".into(),
                header: vec!["Показатель".into(), "Этот период".into()],
                rows: vec![
                    vec![Cell::Text("Поступило обращений".into()), Cell::Count(473)],
                    vec![Cell::Text("Доля в срок".into()), Cell::Share(Some(0.25))],
                    vec![Cell::Text("Дата".into()), Cell::Date("2026-11-30".parse().expect("a day"))],
                    vec![Cell::Text("Пусто".into()), Cell::Change(None)],
                ],
            }],
        }
    }

    #[test]
    fn a_report_is_written_as_a_workbook_and_as_csv() {
        let bytes = to_xlsx(&report()).expect("a workbook");
        assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip");
        let csv = to_csv(&report()).expect("a CSV");
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("Поступило обращений,473"), "{csv}");
        assert!(csv.contains("Доля в срок,0.2500"), "{csv}");
        assert!(csv.contains("Дата,2026-11-30"), "{csv}");
    }
}
