//! results.json and results.csv: the results as data for other systems.
//!
//! results.csv has one row per period and table. It starts with a UTF-8
//! byte order mark and ends lines with CRLF, so that Excel and WPS on
//! Chinese Windows open it with the right encoding, and it is made safe
//! for spreadsheets: a cell that begins with `=`, `+`, `-`, `@`, a tab or
//! a carriage return gets a leading `'`, so that a provider's name cannot
//! become a formula.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::view::export::{Export, Number};

/// results.json: the export as indented JSON, each item, category and
/// survey question on a line of its own (see `Layout`).
pub fn results_json(export: &Export) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(1 << 20);
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Layout::default());
    // Serialising plain data into memory cannot fail.
    let _ = export.serialize(&mut serializer);
    bytes.push(b'\n');
    bytes
}

/// How deep an object lies in results.json when it is an item, a
/// category or a survey question: results, periods, a period, its
/// tables, a table, its items, an item.
const ONE_LINE_DEPTH: usize = 7;

/// The layout of results.json: indented two spaces a level, like any
/// pretty-printed JSON, except that an object at [`ONE_LINE_DEPTH`] or
/// deeper is written on one line. Most of the file is items; one line
/// each keeps it small and easy to read, and a change to an item shows
/// in a diff as one changed line.
#[derive(Default)]
struct Layout {
    /// How many arrays and objects are open.
    depth: usize,
    /// The depth of the object being written on one line, if any.
    one_line: Option<usize>,
    /// True if and only if the innermost open array or object has a value.
    has_value: bool,
}

impl Layout {
    /// Writes what goes before a value or key: a comma after the first,
    /// then a new indented line or, on one line, a space.
    fn before<W: ?Sized + io::Write>(&self, out: &mut W, first: bool) -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        match self.one_line {
            Some(_) if first => Ok(()),
            Some(_) => out.write_all(b" "),
            None => {
                out.write_all(b"\n")?;
                indent(out, self.depth)
            }
        }
    }

    /// Writes what closes an array or object: `close`, on a new line
    /// unless it is empty or written on one line.
    fn close<W: ?Sized + io::Write>(&mut self, out: &mut W, close: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value && self.one_line.is_none() {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(close)
    }
}

/// Writes the indent of a line at `depth`.
fn indent<W: ?Sized + io::Write>(out: &mut W, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        out.write_all(b"  ")?;
    }
    Ok(())
}

impl Formatter for Layout {
    fn begin_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.before(out, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        if self.one_line.is_none() && self.depth >= ONE_LINE_DEPTH {
            self.one_line = Some(self.depth);
        }
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        let ends_line = self.one_line == Some(self.depth);
        self.close(out, b"}")?;
        if ends_line {
            self.one_line = None;
        }
        Ok(())
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.before(out, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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
    fn deep_objects_take_one_line_and_the_rest_is_indented() {
        let value = serde_json::json!({"a": [[[[[{"id": "P01", "n": [1, 2]}, {}]]]]], "b": {}});
        let mut bytes = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Layout::default());
        value.serialize(&mut serializer).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(&"            {\"id\": \"P01\", \"n\": [1, 2]},"));
        assert!(lines.contains(&"            {}"));
        assert!(lines.contains(&"  \"b\": {}"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

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
