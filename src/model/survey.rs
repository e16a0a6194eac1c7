//! The satisfaction survey (附件一): its questions and the tallied answers.
//!
//! The questions come from `data/survey.csv`. For each period and table,
//! `data/periods/<id>/survey/<table-id>.csv` holds how many respondents
//! gave each answer (A 非常满意, B 满意, C 一般, D 有待改进) to each
//! question. Questions nobody tallied count as unanswered.

use std::collections::HashMap;

use crate::load::csv_file::{Column, CsvFile};
use crate::problem::Problems;

/// The path of the survey questions, relative to the site root.
pub const PATH: &str = "data/survey.csv";

/// A survey question.
#[derive(Clone, Debug)]
pub struct Question {
    /// The question's id, such as `Q01`.
    pub id: String,
    /// The question as asked.
    pub text: String,
}

/// The answers tallied for one table in one period.
#[derive(Clone, Debug)]
pub struct Tally {
    /// The file it was read from, relative to the site root.
    pub path: String,
    /// For each question, in survey order, the count of each answer.
    pub counts: Vec<[u64; 4]>,
}

const QUESTION_COLUMNS: &[Column] = &[
    Column {
        name: "id",
        aliases: &["题号", "编号"],
    },
    Column {
        name: "text",
        aliases: &["问题", "题目", "内容"],
    },
];

const TALLY_COLUMNS: &[Column] = &[
    Column {
        name: "question",
        aliases: &["题号", "编号", "id"],
    },
    Column {
        name: "A",
        aliases: &["非常满意", "a非常满意"],
    },
    Column {
        name: "B",
        aliases: &["满意", "b满意"],
    },
    Column {
        name: "C",
        aliases: &["一般", "c一般"],
    },
    Column {
        name: "D",
        aliases: &["有待改进", "d有待改进"],
    },
];

/// Columns of a tally sheet that are there for the reader and ignored.
const TALLY_IGNORED: &[Column] = &[Column {
    name: "text",
    aliases: &["问题", "题目", "内容"],
}];

/// Reads the survey questions, recording every problem.
pub fn parse_questions(text: &str, problems: &mut Problems) -> Option<Vec<Question>> {
    let start = problems.len();
    let file = CsvFile::parse(PATH, text, QUESTION_COLUMNS, &[], problems)?;
    for (index, column) in QUESTION_COLUMNS.iter().enumerate() {
        if !file.has(index) {
            problems.add(PATH, 1, format!("missing column {}", column.label()));
        }
    }
    if problems.len() > start {
        return None;
    }
    let mut questions: Vec<Question> = Vec::new();
    let mut seen = HashMap::new();
    for row in &file.rows {
        let id = row.cell(file.columns[0]);
        if id.is_empty() {
            problems.add(
                PATH,
                row.line,
                "empty id; every question needs an id such as Q01",
            );
        } else if let Some(first) = seen.insert(id.to_string(), row.line) {
            problems.add(
                PATH,
                row.line,
                format!("duplicate question {id} (first on line {first})"),
            );
        } else {
            questions.push(Question {
                id: id.to_string(),
                text: row.cell(file.columns[1]).to_string(),
            });
        }
    }
    (problems.len() == start).then_some(questions)
}

impl Tally {
    /// Reads a tally sheet for `questions`, recording every problem.
    pub fn parse(
        path: &str,
        text: &str,
        questions: &[Question],
        problems: &mut Problems,
    ) -> Option<Tally> {
        let start = problems.len();
        let file = CsvFile::parse(path, text, TALLY_COLUMNS, TALLY_IGNORED, problems)?;
        for (index, column) in TALLY_COLUMNS.iter().enumerate() {
            if !file.has(index) {
                problems.add(path, 1, format!("missing column {}", column.label()));
            }
        }
        if problems.len() > start {
            return None;
        }
        let mut tally = Tally {
            path: path.to_string(),
            counts: vec![[0; 4]; questions.len()],
        };
        let mut seen = HashMap::new();
        for row in &file.rows {
            let id = row.cell(file.columns[0]);
            let Some(question) = questions.iter().position(|q| q.id == id) else {
                let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
                let expected = if ids.is_empty() {
                    format!("{PATH} lists no questions")
                } else {
                    format!("expected one of {}", ids.join(", "))
                };
                problems.add(
                    path,
                    row.line,
                    format!("unknown survey question \"{id}\"; {expected}"),
                );
                continue;
            };
            if let Some(first) = seen.insert(id.to_string(), row.line) {
                problems.add(
                    path,
                    row.line,
                    format!("question {id} appears twice (first on line {first})"),
                );
                continue;
            }
            for answer in 0..4 {
                let cell = row.cell(file.columns[answer + 1]);
                match parse_count(cell) {
                    Some(count) => tally.counts[question][answer] = count,
                    None => problems.add(
                        path,
                        row.line,
                        format!(
                            "question {id}: count {} \"{cell}\" is not a whole number of 0 or more",
                            TALLY_COLUMNS[answer + 1].name
                        ),
                    ),
                }
            }
        }
        (problems.len() == start).then_some(tally)
    }
}

/// Reads a count of answers; an empty cell counts as none.
fn parse_count(cell: &str) -> Option<u64> {
    if cell.is_empty() {
        return Some(0);
    }
    if !cell.chars().all(|c| c.is_ascii_digit()) || cell.len() > 12 {
        return None;
    }
    cell.parse().ok()
}
