//! The rows of the default theme's scorecards, written by kaohe itself.
//!
//! A scorecard is mostly its rubric's rows, each with the experts' marks,
//! the item's score and the deductions: forty rows of a dozen cells on
//! each of thousands of pages. Laid out by the template engine, those
//! rows would take most of a build; written here, straight into a string,
//! they take a small part of it. The markup is the one the default
//! theme's `scorecard.html` places with `{{ category.html }}` (the value is
//! marked safe), and its text is escaped as the templates escape theirs. The part of a row
//! that comes from the rubric is the same on every scorecard of a table
//! and is written once, as [`RubricCells`].
//!
//! The survey's table below a scorecard is written here too, a row per
//! question.
//!
//! A theme with its own `scorecard.html` gets each row as data as well,
//! and may lay rows out as it likes.

use super::escape_into;
use crate::view::rubric::{CategoryRows, RubricRow};

/// The rubric's part of one scorecard row: the row's id and the cells
/// from the category to the scoring rule, each line ending in a newline.
#[derive(Clone, Debug)]
pub struct RubricCells {
    /// The item's id, escaped.
    id: String,
    /// The cells, as HTML.
    cells: String,
}

/// The rubric cells of every row of `categories`, by category.
pub fn rubric_cells(categories: &[CategoryRows<RubricRow>]) -> Vec<Vec<RubricCells>> {
    categories
        .iter()
        .map(|category| {
            category
                .rows
                .iter()
                .map(|row| row_cells(category, row))
                .collect()
        })
        .collect()
}

/// The rubric cells of `row`, the first of `category` if `row.first`.
fn row_cells(category: &CategoryRows<RubricRow>, row: &RubricRow) -> RubricCells {
    let mut id = String::new();
    escape_into(&mut id, &row.id);
    let mut out = String::with_capacity(256 + row.requirement.len() + row.rule.len());
    if row.first {
        out.push_str("<th scope=\"rowgroup\" rowspan=\"");
        out.push_str(itoa::Buffer::new().format(category.span + 1));
        out.push_str("\" class=\"col-category\">");
        escape_into(&mut out, &category.name);
        out.push_str("<span class=\"points\">（");
        escape_into(&mut out, &category.points);
        out.push_str("分）</span></th>");
    }
    out.push('\n');
    if row.group_span > 0 {
        out.push_str("<td rowspan=\"");
        out.push_str(itoa::Buffer::new().format(row.group_span));
        out.push_str("\" class=\"col-group\">");
        escape_into(&mut out, &row.group);
        out.push_str("</td>");
    }
    out.push_str("\n<td class=\"col-requirement\"><span class=\"item-id\">");
    out.push_str(&id);
    out.push_str("</span> ");
    escape_into(&mut out, &row.requirement);
    out.push_str("</td>\n<td class=\"num\" data-label=\"分数\">");
    escape_into(&mut out, &row.points);
    out.push_str("</td>\n<td class=\"col-rule\" data-label=\"评分规则\">");
    escape_into(&mut out, &row.rule);
    out.push_str("</td>\n");
    RubricCells { id, cells: out }
}

/// One expert's mark as a scorecard row shows it.
pub struct MarkCell<'a> {
    /// The expert's name.
    pub expert: &'a str,
    /// The score, as written.
    pub score: &'a str,
    /// `high`, `low` or empty.
    pub extreme: &'a str,
}

/// One expert's deduction and note, as a scorecard row shows it.
pub struct NoteCell<'a> {
    /// The expert's name; empty for a one-expert sheet.
    pub expert: &'a str,
    /// The deduction in words; empty when none.
    pub deduction: &'a str,
    /// The note.
    pub text: &'a str,
}

/// What a scorecard row shows besides its rubric cells.
pub struct ScoreCells<'a> {
    /// The combined score.
    pub score: &'a str,
    /// True if and only if the score is below the item's points.
    pub lost: bool,
    /// The spread of the experts' scores, where they disagree.
    pub spread: Option<&'a str>,
    /// Each expert's mark; left out with only one expert.
    pub marks: Vec<MarkCell<'a>>,
    /// The deductions and notes.
    pub notes: Vec<NoteCell<'a>>,
}

/// Appends the row of `rubric` with `score` to `out`.
pub fn write_row(out: &mut String, rubric: &RubricCells, score: &ScoreCells) {
    out.push_str("<tr id=\"");
    out.push_str(&rubric.id);
    out.push_str("\" class=\"");
    if score.lost {
        out.push_str("lost");
    }
    if score.spread.is_some() {
        out.push_str(" disputed");
    }
    out.push_str("\">\n");
    out.push_str(&rubric.cells);
    for mark in &score.marks {
        out.push_str("<td class=\"num mark");
        if !mark.extreme.is_empty() {
            out.push(' ');
            escape_into(out, mark.extreme);
        }
        out.push_str("\" data-label=\"");
        escape_into(out, mark.expert);
        out.push_str("\">");
        escape_into(out, mark.score);
        out.push_str("</td>");
    }
    out.push_str("\n<td class=\"num col-score\" data-label=\"得分\"><strong>");
    escape_into(out, score.score);
    out.push_str("</strong>");
    if let Some(spread) = score.spread {
        out.push_str("<span class=\"spread\" title=\"最高分与最低分之差\">分差 ");
        escape_into(out, spread);
        out.push_str("</span>");
    }
    out.push_str("</td>\n<td class=\"col-notes\">");
    for note in &score.notes {
        out.push_str("<p>");
        if !note.expert.is_empty() {
            out.push_str("<span class=\"expert\">");
            escape_into(out, note.expert);
            out.push_str("</span>：");
        }
        if !note.deduction.is_empty() {
            out.push_str("<span class=\"deduction\">");
            escape_into(out, note.deduction);
            out.push_str("</span>");
            if !note.text.is_empty() {
                out.push('，');
            }
        }
        escape_into(out, note.text);
        out.push_str("</p>");
    }
    out.push_str("</td>\n</tr>\n");
}

/// One survey question's row: its number, its text, the count of each
/// answer and its satisfaction index, if it was answered.
pub struct QuestionCells<'a> {
    /// The question's number, from 1.
    pub number: usize,
    /// The question as asked.
    pub text: &'a str,
    /// The count of each answer.
    pub counts: &'a [u64],
    /// The question's satisfaction index.
    pub index: Option<&'a str>,
}

/// Appends the row of `question` to `out`.
pub fn write_question(out: &mut String, question: &QuestionCells) {
    let mut digits = itoa::Buffer::new();
    out.push_str("<tr><td class=\"num\">");
    out.push_str(digits.format(question.number));
    out.push_str("</td><td>");
    escape_into(out, question.text);
    out.push_str("</td>");
    for &count in question.counts {
        out.push_str("<td class=\"num\">");
        out.push_str(digits.format(count));
        out.push_str("</td>");
    }
    out.push_str("<td class=\"num\">");
    match question.index {
        Some(index) => escape_into(out, index),
        None => out.push('—'),
    }
    out.push_str("</td></tr>\n");
}
