//! The rows of the default theme's scorecards, written by kaohe itself.
//!
//! A scorecard is mostly its rubric's rows, each with the experts' marks,
//! the item's score and the deductions: forty rows of a dozen cells on
//! each of thousands of pages. Laid out by the template engine, those
//! rows would take most of a build; written here, straight into a string,
//! they take a small part of it. The markup is the one the default
//! theme's `scorecard.html` places with `{{ category.html }}` (the value
//! is marked safe), and its text is escaped as the templates escape
//! theirs. The part of a row that comes from the rubric is the same on
//! every scorecard of a table and is written once, as [`RubricCells`].
//!
//! The survey's table below a scorecard is written here too, a row per
//! question.
//!
//! A theme with its own `scorecard.html` gets each row as data as well,
//! and may lay rows out as it likes.

use super::escape_into;
use crate::view::period::QuestionView;
use crate::view::rubric::{CategoryRows, RubricRow};
use crate::view::scorecard::ScoreRow;

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

/// Appends the row of `rubric` with `score` to `out`; each expert's mark
/// is shown, under the name at the same place in `experts`, only when
/// `several` experts scored.
pub fn write_row(
    out: &mut String,
    rubric: &RubricCells,
    score: &ScoreRow,
    (experts, several): (&[String], bool),
) {
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
    for (mark, expert) in score.marks.iter().zip(experts).filter(|_| several) {
        out.push_str("<td class=\"num mark");
        if !mark.extreme.is_empty() {
            out.push(' ');
            escape_into(out, mark.extreme);
        }
        out.push_str("\" data-label=\"");
        escape_into(out, expert);
        out.push_str("\">");
        escape_into(out, &mark.score);
        out.push_str("</td>");
    }
    out.push_str("\n<td class=\"num col-score\" data-label=\"得分\"><strong>");
    escape_into(out, &score.score);
    out.push_str("</strong>");
    if let Some(spread) = &score.spread {
        out.push_str("<span class=\"spread\" title=\"最高分与最低分之差\">分差 ");
        escape_into(out, spread);
        out.push_str("</span>");
    }
    out.push_str("</td>\n<td class=\"col-notes\">");
    for note in &score.notes {
        out.push_str("<p>");
        if !note.expert.is_empty() {
            out.push_str("<span class=\"expert\">");
            escape_into(out, &note.expert);
            out.push_str("</span>：");
        }
        if !note.deduction.is_empty() {
            out.push_str("<span class=\"deduction\">");
            escape_into(out, &note.deduction);
            out.push_str("</span>");
            if !note.text.is_empty() {
                out.push('，');
            }
        }
        escape_into(out, &note.text);
        out.push_str("</p>");
    }
    out.push_str("</td>\n</tr>\n");
}

/// Appends the row of `question` to `out`.
pub fn write_question(out: &mut String, question: &QuestionView) {
    let mut digits = itoa::Buffer::new();
    out.push_str("<tr><td class=\"num\">");
    out.push_str(digits.format(question.number));
    out.push_str("</td><td>");
    escape_into(out, &question.text);
    out.push_str("</td>");
    for &count in &question.counts {
        out.push_str("<td class=\"num\">");
        out.push_str(digits.format(count));
        out.push_str("</td>");
    }
    out.push_str("<td class=\"num\">");
    match &question.index {
        Some(index) => escape_into(out, index),
        None => out.push('—'),
    }
    out.push_str("</td></tr>\n");
}
