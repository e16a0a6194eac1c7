//! CSV files with named columns.
//!
//! A CSV file here is a header row and data rows. Columns are found by
//! name, English or Chinese, in any order, because people fill these
//! sheets in spreadsheet programs and move columns about. Rows left empty
//! by a spreadsheet (`,,,`) are skipped; a row with more or fewer cells
//! than the header is a problem.

use std::cell::RefCell;

use csv_core::ReadRecordResult;

use crate::problem::Problems;

/// A column a file may have: its name in kaohe and the headers that mean it.
pub struct Column {
    /// The English name used in messages and the README.
    pub name: &'static str,
    /// Other headers accepted for the same column.
    pub aliases: &'static [&'static str],
}

impl Column {
    /// True if and only if `header` names this column.
    fn matches(&self, header: &str) -> bool {
        let header = normalize_header(header);
        std::iter::once(&self.name)
            .chain(self.aliases)
            .any(|name| normalize_header(name) == header)
    }

    /// The column for messages, with its Chinese header where it has one:
    /// `"points" (分数)`.
    pub fn label(&self) -> String {
        match self.aliases.iter().find(|a| !a.is_ascii()) {
            Some(chinese) => format!("\"{}\" ({chinese})", self.name),
            None => format!("\"{}\"", self.name),
        }
    }
}

/// One data row: its line in the file and its trimmed cells.
pub struct Row {
    /// The 1-based line the row starts on.
    pub line: usize,
    /// The cells' text, one after another.
    text: String,
    /// Where each cell, trimmed, lies in `text`.
    spans: Vec<(usize, usize)>,
}

impl Row {
    /// The trimmed cell in column `index`, or "" where the row is short.
    pub fn cell(&self, index: Option<usize>) -> &str {
        index
            .and_then(|i| self.spans.get(i))
            .map_or("", |&(start, end)| &self.text[start..end])
    }

    /// The row's trimmed cells, in column order.
    fn cells(&self) -> impl Iterator<Item = &str> {
        self.spans
            .iter()
            .map(|&(start, end)| &self.text[start..end])
    }

    /// The number of cells.
    fn len(&self) -> usize {
        self.spans.len()
    }

    /// True if and only if every cell is empty, as in a row a spreadsheet
    /// left blank (`,,,`).
    fn is_blank(&self) -> bool {
        self.spans.iter().all(|(start, end)| start == end)
    }
}

/// A CSV file read into rows, with its columns found.
pub struct CsvFile {
    /// The file, relative to the site root.
    pub path: String,
    /// The data rows, in file order.
    pub rows: Vec<Row>,
    /// For each wanted column, its index in the rows, if present.
    pub columns: Vec<Option<usize>>,
}

impl CsvFile {
    /// Parses `text` as the CSV file `path`, finds the `wanted` columns by
    /// header and ignores the `ignored` ones. Unknown or repeated columns
    /// and ragged rows are recorded as problems; `None` is returned only
    /// when the file has no header at all.
    pub fn parse(
        path: &str,
        text: &str,
        wanted: &[Column],
        ignored: &[Column],
        problems: &mut Problems,
    ) -> Option<CsvFile> {
        if let Some(line) = unclosed_quote(text) {
            // The CSV reader would take the rest of the file as one cell,
            // and every problem reported after it would be a red herring.
            problems.add(
                path,
                line,
                "a cell opened with a quote (\") here is never closed; check for a stray or missing \"",
            );
            return None;
        }
        let mut records = read_records(text).into_iter();
        let Some(header) = records.next() else {
            problems.add(
                path,
                1,
                format!("is empty; expected a header row with {}", names(wanted)),
            );
            return None;
        };
        let columns = find_columns(path, &header, wanted, ignored, problems);
        let rows = records
            .filter(|row| !row.is_blank())
            .filter(|row| {
                if row.len() != header.len() {
                    problems.add(
                        path,
                        row.line,
                        format!(
                            "row has {} cells but the header has {}; check for a stray or missing comma",
                            row.len(),
                            header.len()
                        ),
                    );
                    return false;
                }
                true
            })
            .collect();
        Some(CsvFile {
            path: path.to_string(),
            rows,
            columns,
        })
    }

    /// True if and only if the wanted column `index` is in the file.
    pub fn has(&self, index: usize) -> bool {
        self.columns[index].is_some()
    }
}

thread_local! {
    /// The CSV parser files are read with: RFC 4180 with commas, double
    /// quotes and any line end, as spreadsheet programs write. Making one
    /// compiles a state machine, so each thread makes one and resets it
    /// for every file.
    static PARSER: RefCell<csv_core::Reader> = RefCell::new(csv_core::Reader::new());
}

/// Reads every record of `text` with its line, trimming cells. Blank lines
/// are skipped. A record starts on the line after the line end of the
/// record before it.
fn read_records(text: &str) -> Vec<Row> {
    PARSER.with_borrow_mut(|parser| {
        parser.reset();
        let mut input = text.as_bytes();
        let mut fields = vec![0u8; 4096];
        let mut ends = vec![0usize; 64];
        let mut rows = Vec::new();
        loop {
            let line = parser.line() as usize;
            let (mut written, mut ended) = (0, 0);
            loop {
                let (result, read, wrote, end) =
                    parser.read_record(input, &mut fields[written..], &mut ends[ended..]);
                input = &input[read..];
                written += wrote;
                ended += end;
                match result {
                    ReadRecordResult::InputEmpty => {}
                    ReadRecordResult::OutputFull => fields.resize(fields.len() * 2, 0),
                    ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                    ReadRecordResult::Record => break,
                    ReadRecordResult::End => return rows,
                }
            }
            rows.push(row(line, &fields[..written], &ends[..ended]));
        }
    })
}

/// The row on `line` whose cells are `fields`, each ending at its entry of
/// `ends`.
fn row(line: usize, fields: &[u8], ends: &[usize]) -> Row {
    // Cells are cut from UTF-8 text at commas, quotes and line ends only,
    // so they are UTF-8 too.
    let text = String::from_utf8_lossy(fields).into_owned();
    let mut spans = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &end in ends {
        let cell = &text[start..end];
        let trimmed = cell.trim_start();
        let from = end - trimmed.len();
        spans.push((from, from + trimmed.trim_end().len()));
        start = end;
    }
    Row { line, text, spans }
}

/// The line of a quoted cell still open at the end of `text`, if any. A
/// quote opens a cell only at its start; inside, `""` is a quote mark.
fn unclosed_quote(text: &str) -> Option<usize> {
    // Quotes, commas and line ends are ASCII, and no byte of a multi-byte
    // UTF-8 character is, so the text is searched a byte at a time, and
    // most sheets hold few quotes.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'"', &bytes[from..]) {
        let quote = from + found;
        from = quote + 1;
        if quote > 0 && !matches!(bytes[quote - 1], b',' | b'\n') {
            // A quote inside a cell that does not start with one is text.
            continue;
        }
        // The cell is quoted: it ends at a quote that is not doubled.
        loop {
            let Some(found) = memchr::memchr(b'"', &bytes[from..]) else {
                return Some(1 + memchr::memchr_iter(b'\n', &bytes[..quote]).count());
            };
            let close = from + found;
            from = close + 1;
            if bytes.get(close + 1) != Some(&b'"') {
                break;
            }
            from = close + 2;
        }
    }
    None
}

/// Finds each wanted column in `header`, recording unknown, repeated and
/// missing columns. Which wanted columns are required is the caller's
/// business: this only reports what is not known at all.
fn find_columns(
    path: &str,
    header: &Row,
    wanted: &[Column],
    ignored: &[Column],
    problems: &mut Problems,
) -> Vec<Option<usize>> {
    let line = header.line;
    let mut columns = vec![None; wanted.len()];
    for (index, name) in header.cells().enumerate() {
        if let Some(w) = wanted.iter().position(|c| c.matches(name)) {
            if columns[w].is_some() {
                problems.add(path, line, format!("column \"{name}\" appears twice"));
            } else {
                columns[w] = Some(index);
            }
        } else if !ignored.iter().any(|c| c.matches(name)) && !name.is_empty() {
            problems.add(
                path,
                line,
                format!("unknown column \"{name}\"; expected {}", names(wanted)),
            );
        }
    }
    columns
}

/// Lowercases ASCII letters and drops spaces, so "Score " and "score"
/// name the same column.
fn normalize_header(header: &str) -> String {
    header
        .trim_start_matches('\u{FEFF}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The names of `columns`, for messages: `item, score, note`.
fn names(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const WANTED: &[Column] = &[
        Column {
            name: "item",
            aliases: &["编号"],
        },
        Column {
            name: "score",
            aliases: &["得分"],
        },
    ];

    #[test]
    fn chinese_headers_and_crlf_line_ends_are_read() {
        let mut problems = Problems::default();
        let file = CsvFile::parse(
            "s.csv",
            &crate::load::text::decode("得分,编号\r\n3,P01\r\n".as_bytes()).unwrap(),
            WANTED,
            &[],
            &mut problems,
        )
        .unwrap();
        assert!(problems.is_empty());
        assert_eq!(file.columns, vec![Some(1), Some(0)]);
        assert_eq!(file.rows[0].cell(file.columns[0]), "P01");
        assert_eq!(file.rows[0].line, 2);
    }

    #[test]
    fn ragged_row_is_reported_with_its_line() {
        let mut problems = Problems::default();
        let file = CsvFile::parse(
            "s.csv",
            "item,score\nP01,3\nP02\n",
            WANTED,
            &[],
            &mut problems,
        )
        .unwrap();
        assert_eq!(file.rows.len(), 1);
        assert_eq!(
            problems.as_slice()[0].to_string(),
            "s.csv:3: row has 1 cells but the header has 2; check for a stray or missing comma"
        );
    }

    #[test]
    fn unclosed_quote_is_reported_where_it_opens() {
        let mut problems = Problems::default();
        let text = "item,score\nP01,\"3\"\nP02,\"a \"\"b\"\" \nc\nP03,4\n";
        assert!(CsvFile::parse("s.csv", text, WANTED, &[], &mut problems).is_none());
        assert_eq!(problems.as_slice()[0].line, 3);
    }

    #[test]
    fn open_quotes_are_found_wherever_they_are() {
        // The reading the search must agree with: a byte at a time.
        fn by_bytes(text: &str) -> Option<usize> {
            let (mut line, mut opened, mut at_cell_start) = (1, None, true);
            let mut bytes = text.bytes().peekable();
            while let Some(b) = bytes.next() {
                match (opened, b) {
                    (None, b'"') if at_cell_start => opened = Some(line),
                    (Some(_), b'"') if bytes.peek() == Some(&b'"') => {
                        bytes.next();
                    }
                    (Some(_), b'"') => opened = None,
                    _ => {}
                }
                line += usize::from(b == b'\n');
                at_cell_start = opened.is_none() && (b == b',' || b == b'\n');
            }
            opened
        }
        let pieces = ["\"", "\"\"", ",", "\n", "a", "中", " ", "\r\n", "x\"y"];
        let mut seed = 11u64;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..(seed % 14) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_add(1);
            assert_eq!(unclosed_quote(&text), by_bytes(&text), "{text:?}");
        }
    }

    #[test]
    fn quotes_inside_cells_and_quoted_line_breaks_are_fine() {
        assert_eq!(
            unclosed_quote("a,b\n12\" screen,\"x\ny\"\n\"\"\"q\"\"\",z\n"),
            None
        );
    }

    #[test]
    fn quoted_cells_keep_commas_quotes_and_line_breaks() {
        let mut problems = Problems::default();
        let text = "item,score\n\" P01 \",\"1,5\"\n\"P\"\"02\",\"a\nb\"\nP03,2\n";
        let file = CsvFile::parse("s.csv", text, WANTED, &[], &mut problems).unwrap();
        assert!(problems.is_empty());
        let cells: Vec<(usize, &str, &str)> = file
            .rows
            .iter()
            .map(|r| (r.line, r.cell(Some(0)), r.cell(Some(1))))
            .collect();
        assert_eq!(
            cells,
            [(2, "P01", "1,5"), (3, "P\"02", "a\nb"), (5, "P03", "2")]
        );
    }

    #[test]
    fn spreadsheet_blank_rows_are_skipped() {
        let mut problems = Problems::default();
        let file = CsvFile::parse(
            "s.csv",
            "item,score\nP01,3\n,\n",
            WANTED,
            &[],
            &mut problems,
        )
        .unwrap();
        assert!(problems.is_empty());
        assert_eq!(file.rows.len(), 1);
    }
}
