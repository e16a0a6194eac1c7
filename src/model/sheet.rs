//! Score sheets: what the experts gave each item of a table.
//!
//! A sheet is `data/periods/<id>/<table-id>.csv`. Each row is one expert's
//! mark for one item, as a score (得分) or as a deduction (扣分) from the
//! item's points. With an `expert` column the rows of several experts
//! share one sheet; without one the sheet is a single expert's. Every
//! expert must mark every item of the rubric exactly once.

use rust_decimal::Decimal;

use super::number;
use super::rubric::{self, Rubric};
use crate::load::csv_file::{Column, CsvFile, Row};
use crate::problem::Problems;

/// One expert's mark for one item.
#[derive(Clone, Debug)]
pub struct Mark {
    /// The item's score, after any deduction and the floor at zero.
    pub score: Decimal,
    /// The deduction as written, where the sheet gives deductions.
    pub deduction: Option<Decimal>,
    /// The expert's note (备注), possibly empty.
    pub note: String,
    /// The line of the sheet the mark is on.
    pub line: usize,
}

/// A table's score sheet for one period.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The file it was read from, relative to the site root.
    pub path: String,
    /// The experts' names in order of first appearance; one empty name
    /// when the sheet has no expert column.
    pub experts: Vec<String>,
    /// For each rubric item, each expert's mark, in `experts` order.
    pub marks: Vec<Vec<Mark>>,
}

const COLUMNS: &[Column] = &[
    Column {
        name: "item",
        aliases: &["id", "编号"],
    },
    Column {
        name: "score",
        aliases: &["得分"],
    },
    Column {
        name: "deduction",
        aliases: &["扣分"],
    },
    Column {
        name: "note",
        aliases: &["备注", "说明"],
    },
    Column {
        name: "expert",
        aliases: &["专家", "评分专家"],
    },
];

const ITEM: usize = 0;
const SCORE: usize = 1;
const DEDUCTION: usize = 2;
const NOTE: usize = 3;
const EXPERT: usize = 4;

/// The rubric's own columns, which a sheet may carry for reference; the
/// rubric's `id` column is the sheet's `item` column.
fn reference_columns() -> &'static [Column] {
    &rubric::COLUMNS[1..]
}

impl Sheet {
    /// Reads a score sheet for `rubric`, recording every problem.
    pub fn parse(
        path: &str,
        text: &str,
        rubric: &Rubric,
        problems: &mut Problems,
    ) -> Option<Sheet> {
        let start = problems.len();
        let file = CsvFile::parse(path, text, COLUMNS, reference_columns(), problems)?;
        check_columns(&file, problems);
        if problems.len() > start {
            return None;
        }
        let mut reader = Reader {
            file: &file,
            rubric,
            experts: Vec::new(),
            grid: vec![Vec::new(); rubric.items.len()],
            lines: Vec::new(),
            last_item: None,
            first_line: Vec::new(),
        };
        let first_unnamed = file
            .rows
            .first()
            .filter(|row| file.has(EXPERT) && row.cell(file.columns[EXPERT]).is_empty());
        if let Some(row) = first_unnamed {
            // Every later empty expert cell repeats the one above it, so
            // without a first name no row can be told apart.
            problems.add(
                path,
                row.line,
                "empty expert on the first row; expected the name of the expert (专家) who gave these marks",
            );
            return None;
        }
        let mut expert = String::new();
        for row in &file.rows {
            let named = row.cell(file.columns[EXPERT]);
            if !named.is_empty() {
                expert = named.to_string();
            }
            reader.read_row(row, &expert, problems);
        }
        reader.check_complete(problems);
        if problems.len() > start {
            return None;
        }
        Some(reader.finish(path))
    }
}

/// Records problems with the sheet's columns as a whole.
fn check_columns(file: &CsvFile, problems: &mut Problems) {
    let path = &file.path;
    if !file.has(ITEM) {
        problems.add(path, 1, "missing column \"item\" (编号)");
    }
    match (file.has(SCORE), file.has(DEDUCTION)) {
        (false, false) => problems.add(
            path,
            1,
            "missing column \"score\" (得分) or \"deduction\" (扣分)",
        ),
        (true, true) => problems.add(
            path,
            1,
            "has both a \"score\" and a \"deduction\" column; expected one of them",
        ),
        _ => {}
    }
}

/// The state of reading one sheet's rows.
struct Reader<'a> {
    file: &'a CsvFile,
    rubric: &'a Rubric,
    /// The experts' names in order of first appearance.
    experts: Vec<String>,
    /// For each item, each expert's mark where it was read.
    grid: Vec<Vec<Option<Mark>>>,
    /// For each expert, the line of each item read so far.
    lines: Vec<Vec<Option<usize>>>,
    /// The rubric item of the row read last.
    last_item: Option<usize>,
    /// The first line of each expert's rows.
    first_line: Vec<usize>,
}

impl Reader<'_> {
    /// Reads one row as `expert`'s mark for its item.
    fn read_row(&mut self, row: &Row, expert: &str, problems: &mut Problems) {
        let path = &self.file.path;
        let id = row.cell(self.file.columns[ITEM]);
        if id.is_empty() {
            let example = self.rubric.items.first().map_or("", |i| i.id.as_str());
            problems.add(
                path,
                row.line,
                format!(
                    "empty item; expected an item id of {}, such as {example}",
                    self.rubric.path
                ),
            );
            return;
        }
        // Sheets mostly list the items in the rubric's order, so the item
        // after the one read last is tried first.
        let next = self.last_item.map_or(0, |last| last + 1);
        let guess = self.rubric.items.get(next).filter(|i| i.id == id);
        let Some(item) = guess.map(|_| next).or_else(|| self.rubric.item_index(id)) else {
            problems.add(
                path,
                row.line,
                format!("unknown item \"{id}\"; {} has no such id", self.rubric.path),
            );
            return;
        };
        self.last_item = Some(item);
        let expert = self.expert_index(expert, row.line);
        if let Some(first) = self.lines[expert][item].replace(row.line) {
            let who = self.who(expert);
            problems.add(
                path,
                row.line,
                format!(
                    "duplicate item {id}{who} (first on line {first}); expected each item once"
                ),
            );
            return;
        }
        self.grid[item][expert] = self.read_mark(row, item, expert, problems);
    }

    /// Reads `expert`'s score or deduction in `row` for rubric item `item`.
    fn read_mark(
        &self,
        row: &Row,
        item: usize,
        expert: usize,
        problems: &mut Problems,
    ) -> Option<Mark> {
        let points = self.rubric.items[item].points;
        let by_deduction = self.file.has(DEDUCTION);
        let column = if by_deduction { DEDUCTION } else { SCORE };
        let cell = row.cell(self.file.columns[column]);
        let value = number::parse(cell);
        let acceptable = value.is_some_and(|v| v >= Decimal::ZERO && (by_deduction || v <= points));
        if !acceptable {
            self.bad_mark(row, item, expert, cell, value, problems);
            return None;
        }
        let value = value?;
        let score = if by_deduction {
            (points - value).max(Decimal::ZERO)
        } else {
            value
        };
        Some(Mark {
            score,
            deduction: by_deduction.then_some(value),
            note: row.cell(self.file.columns[NOTE]).to_string(),
            line: row.line,
        })
    }

    /// Records why `cell`, `expert`'s mark in `row` for rubric item
    /// `item`, read as `value`, is not an acceptable score or deduction.
    fn bad_mark(
        &self,
        row: &Row,
        item: usize,
        expert: usize,
        cell: &str,
        value: Option<Decimal>,
        problems: &mut Problems,
    ) {
        let points = self.rubric.items[item].points;
        // Name the expert too, so that a shared sheet's problem is found.
        let id = format!("{}{}", self.rubric.items[item].id, self.who(expert));
        let by_deduction = self.file.has(DEDUCTION);
        let what = if by_deduction { "deduction" } else { "score" };
        let path = &self.file.path;
        let points_text = points.normalize();
        // A deduction may exceed the points: the score floors at zero.
        let expected = if by_deduction {
            "expected a number of 0 or more".to_string()
        } else {
            format!("expected a number from 0 to {points_text}")
        };
        let message = match value {
            _ if cell.is_empty() => format!("item {id}: empty {what}; {expected}"),
            None => format!(
                "item {id}: {what} \"{cell}\" {}; {expected}",
                number::complaint(cell)
            ),
            Some(value) if value < Decimal::ZERO => {
                format!("item {id}: {what} {cell} is negative; {expected}")
            }
            Some(_) => {
                let noun = if points == Decimal::ONE {
                    "point"
                } else {
                    "points"
                };
                format!("item {id}: score {cell} is above its {points_text} {noun}")
            }
        };
        problems.add(path, row.line, message);
    }

    /// The index of expert `name`, added on first sight.
    fn expert_index(&mut self, name: &str, line: usize) -> usize {
        match self.experts.iter().position(|e| e == name) {
            Some(index) => index,
            None => {
                self.experts.push(name.to_string());
                self.first_line.push(line);
                self.lines.push(vec![None; self.rubric.items.len()]);
                self.grid.iter_mut().for_each(|marks| marks.push(None));
                self.experts.len() - 1
            }
        }
    }

    /// " for expert 张三", or nothing for a one-expert sheet.
    fn who(&self, expert: usize) -> String {
        match self.experts[expert].as_str() {
            "" => String::new(),
            name => format!(" for expert {name}"),
        }
    }

    /// Records every item some expert did not mark.
    fn check_complete(&self, problems: &mut Problems) {
        if self.experts.is_empty() {
            problems.add(
                &self.file.path,
                1,
                "has no marks; expected one row per rubric item",
            );
            return;
        }
        for expert in 0..self.experts.len() {
            let missing: Vec<&str> = (0..self.rubric.items.len())
                .filter(|&item| self.lines[expert][item].is_none())
                .map(|item| self.rubric.items[item].id.as_str())
                .collect();
            if !missing.is_empty() {
                let noun = if missing.len() == 1 { "item" } else { "items" };
                problems.add(
                    &self.file.path,
                    self.first_line[expert],
                    format!(
                        "{noun} {} missing{}; expected every item of {}",
                        missing.join(", "),
                        self.who(expert),
                        self.rubric.path
                    ),
                );
            }
        }
    }

    /// The sheet, once every expert has a mark for every item.
    fn finish(self, path: &str) -> Sheet {
        let marks = self
            .grid
            .into_iter()
            .map(|marks| marks.into_iter().flatten().collect())
            .collect();
        Sheet {
            path: path.to_string(),
            experts: self.experts,
            marks,
        }
    }
}
