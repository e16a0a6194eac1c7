//! results.json and results.csv: the results as data for other systems.
//!
//! results.csv has one row per period and table. It starts with a UTF-8
//! byte order mark and ends lines with CRLF, so that Excel and WPS on
//! Chinese Windows open it with the right encoding, and it is made safe
//! for spreadsheets: a cell that begins with `=`, `+`, `-`, `@`, a tab or
//! a carriage return gets a leading `'`, so that a provider's name cannot
//! become a formula.

use crate::view::export::{Export, Number};

/// results.json: the export as indented JSON.
pub fn results_json(export: &Export) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(export).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// results.csv: one row per period and table, with a column for each
/// category of any rubric.
pub fn results_csv(export: &Export) -> Vec<u8> {
    let mut categories: Vec<&str> = Vec::new();
    for table in export.periods.iter().flat_map(|p| &p.tables) {
        for category in &table.categories {
            if !categories.contains(&category.name.as_str()) {
                categories.push(&category.name);
            }
        }
    }
    let mut head: Vec<String> = [
        "period", "label", "date", "status", "table", "title", "provider",
    ]
    .map(String::from)
    .to_vec();
    head.extend(categories.iter().map(|c| c.to_string()));
    head.extend(
        [
            "total",
            "grade",
            "fee_deduction_min",
            "fee_deduction_max",
            "veto",
            "survey_responses",
            "satisfaction",
        ]
        .map(String::from),
    );
    let mut rows = vec![head];
    for period in &export.periods {
        for table in &period.tables {
            let mut row = vec![
                period.id.clone(),
                period.label.clone(),
                period.date.clone(),
                period.status.to_string(),
                table.id.clone(),
                table.title.clone(),
                table.provider.clone(),
            ];
            row.extend(categories.iter().map(|name| {
                table
                    .categories
                    .iter()
                    .find(|c| c.name == *name)
                    .map(|c| number(c.score))
                    .unwrap_or_default()
            }));
            row.extend([
                number(table.total),
                table.grade.clone(),
                table.fee_deduction.min.to_string(),
                table.fee_deduction.max.to_string(),
                table
                    .veto
                    .as_ref()
                    .map(|v| v.reason.clone())
                    .unwrap_or_default(),
                table
                    .survey
                    .as_ref()
                    .map(|s| s.responses.to_string())
                    .unwrap_or_default(),
                table
                    .survey
                    .as_ref()
                    .and_then(|s| s.index)
                    .map(number)
                    .unwrap_or_default(),
            ]);
            rows.push(row);
        }
    }
    write_csv(&rows)
}

/// A score with two decimals, as the site shows it.
fn number(value: Number) -> String {
    crate::score::format_score(value.0)
}

/// The rows as CSV, with a byte order mark and CRLF line ends, every
/// cell made inert.
fn write_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row.iter().map(|cell| inert(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

/// `cell` made safe for a spreadsheet: a leading `'` before a cell that
/// would otherwise be read as a formula.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_made_inert() {
        assert_eq!(inert("=1+1"), "'=1+1");
        assert_eq!(inert("+86"), "'+86");
        assert_eq!(inert("-2"), "'-2");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("\tx"), "'\tx");
        assert_eq!(inert("示例科技"), "示例科技");
        assert_eq!(inert("87.70"), "87.70");
    }

    #[test]
    fn csv_starts_with_a_byte_order_mark_and_ends_lines_with_crlf() {
        let bytes = write_csv(&[vec!["a".to_string(), "=b".to_string()]]);
        assert_eq!(bytes, b"\xEF\xBB\xBFa,'=b\r\n");
    }
}
