//! A scorecard: one table's scores in one period, item by item, laid out
//! as the measures' rubric with the scores beside it.
//!
//! With several experts, each expert's score stands beside the combined
//! one, and items where they disagree show the spread so that the
//! assessment group can look at them before signing.

use rust_decimal::Decimal;
use serde::Serialize;

use super::period::{SurveyView, survey_view};
use super::rubric::{CategoryRows, order, rubric_rows};
use super::{Chart, PeriodRef, Summary};
use super::{Shared, shared};
use crate::model::Site;
use crate::model::sheet::{Mark, Sheet};
use crate::render::rows::{self, RubricCells};
use crate::score::{ItemResult, TableResult, format_points, format_score};

/// What a scorecard shows.
#[derive(Clone, Debug, Serialize)]
pub struct ScorecardView {
    /// The period.
    pub period: PeriodRef,
    /// The table's result in brief: provider, total, grade, fee, veto.
    pub summary: Summary,
    /// The experts' names, in sheet order.
    pub experts: Vec<String>,
    /// True if and only if more than one expert scored.
    pub several: bool,
    /// How the experts' scores combine, in words.
    pub aggregate: &'static str,
    /// The categories, each with its subtotal and its rows as HTML; for
    /// a theme with its own scorecard template, its rows as data too.
    pub categories: Vec<CategoryRows<ScoreRow>>,
    /// The rubric's total points.
    pub points: String,
    /// The number of items where the experts disagree.
    pub disputed: usize,
    /// The score sheet the marks were read from, relative to the site.
    pub sheet: String,
    /// Charts for the scorecard.
    pub charts: Vec<Chart>,
    /// The survey's results question by question, where answers were
    /// tallied.
    pub survey: Option<SurveyView>,
}

/// One item's row: the rubric's requirement and the scores.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreRow {
    /// The rubric's row, a [`super::rubric::RubricRow`] shared by the
    /// table's scorecards.
    pub item: Shared,
    /// The combined score, such as `2.67`.
    pub score: String,
    /// True if and only if the score is below the item's points.
    pub lost: bool,
    /// Each expert's score, in `experts` order.
    pub marks: Vec<MarkView>,
    /// The highest score less the lowest, where the experts disagree.
    pub spread: Option<String>,
    /// The experts' deductions and notes.
    pub notes: Vec<NoteView>,
}

/// One expert's score for an item; the expert is the one at the same
/// place in the scorecard's `experts`.
#[derive(Clone, Debug, Serialize)]
pub struct MarkView {
    /// The score, as written: `2.5`.
    pub score: String,
    /// `high` or `low` where the experts disagree and this is the highest
    /// or lowest score; empty otherwise.
    pub extreme: &'static str,
}

/// One expert's deduction and note for an item.
#[derive(Clone, Debug, Serialize)]
pub struct NoteView {
    /// The expert's name; empty for a one-expert sheet.
    pub expert: String,
    /// The deduction in words, such as 扣 1 分; empty when none.
    pub deduction: String,
    /// The note (备注).
    pub text: String,
}

/// A table's rubric rows, made once for all of the table's scorecards:
/// the rubric's text is the same on each.
pub struct TableRows {
    /// Each row as a template value, by category.
    shared: Vec<Vec<Shared>>,
    /// Each row's rubric cells, by category.
    cells: Vec<Vec<RubricCells>>,
}

impl TableRows {
    /// The rubric rows of table `table`.
    pub fn new(site: &Site, table: usize) -> TableRows {
        let blocks = rubric_rows(&site.rubrics[table]);
        TableRows {
            shared: blocks
                .iter()
                .map(|block| block.rows.iter().map(shared).collect())
                .collect(),
            cells: rows::rubric_cells(&blocks),
        }
    }
}

impl ScorecardView {
    /// The scorecard of table `table` in period `index`, whose result in
    /// brief is `summary` and whose rubric rows are `rows`. Each category's rows are written as HTML; with
    /// `data_rows`, for a theme's own scorecard template, they are also
    /// given one by one as data.
    pub fn new(
        site: &Site,
        (index, table): (usize, usize),
        result: &TableResult,
        summary: Summary,
        rows: &TableRows,
        data_rows: bool,
    ) -> Option<ScorecardView> {
        let period = &site.periods[index];
        let sheet = period.sheets[table].as_ref()?;
        let rubric = &site.rubrics[table];
        let experts: Vec<String> = sheet.experts.iter().map(|e| expert_name(e)).collect();
        let several = sheet.experts.len() > 1;
        let mut disputed = 0;
        let mut scored = Vec::with_capacity(rubric.categories.len());
        let blocks = rubric.categories.iter().zip(order(rubric));
        let blocks = blocks.zip(&rows.shared).zip(&rows.cells);
        for ((((category, items), shared), cells), subtotal) in blocks.zip(&result.categories) {
            let mut html = String::with_capacity(items.len() * 1024);
            let mut data = Vec::new();
            for ((&item, row), cells) in items.iter().zip(shared).zip(cells) {
                let points = rubric.items[item].points;
                let row = score_row(row, points, &sheet.marks[item], &result.items[item], sheet);
                disputed += usize::from(row.spread.is_some());
                rows::write_row(&mut html, cells, &row, (&experts, several));
                if data_rows {
                    data.push(row);
                }
            }
            scored.push(CategoryRows {
                name: category.name.clone(),
                points: format_points(category.points),
                score: Some(format_score(*subtotal)),
                span: items.len(),
                rows: data,
                html: Some(tera::Value::safe_string(&html)),
            });
        }
        Some(ScorecardView {
            period: PeriodRef::new(period),
            summary,
            experts,
            several,
            aggregate: site.config.aggregate.label(),
            categories: scored,
            points: format_points(rubric.points()),
            disputed,
            sheet: sheet.path.clone(),
            charts: Vec::new(),
            survey: result
                .survey
                .as_ref()
                .map(|survey| survey_view(site, survey, data_rows)),
        })
    }
}

/// The row of one item: its rubric row and its marks.
fn score_row(
    item: &Shared,
    points: Decimal,
    marks: &[Mark],
    result: &ItemResult,
    sheet: &Sheet,
) -> ScoreRow {
    let disagree = !result.spread.is_zero();
    let high = marks.iter().map(|m| m.score).max().unwrap_or_default();
    let low = marks.iter().map(|m| m.score).min().unwrap_or_default();
    let several = sheet.experts.len() > 1;
    ScoreRow {
        item: item.clone(),
        score: format_score(result.score),
        lost: result.score < points,
        marks: marks
            .iter()
            .map(|mark| MarkView {
                score: format_points(mark.score),
                extreme: if !disagree {
                    ""
                } else if mark.score == high {
                    "high"
                } else if mark.score == low {
                    "low"
                } else {
                    ""
                },
            })
            .collect(),
        spread: disagree.then(|| format_points(result.spread)),
        notes: marks
            .iter()
            .zip(&sheet.experts)
            .filter_map(|(mark, expert)| note_view(mark, points, several.then_some(expert)))
            .collect(),
    }
}

/// An expert's deduction and note, if there is either.
fn note_view(mark: &Mark, points: Decimal, expert: Option<&String>) -> Option<NoteView> {
    let deduction = mark.deduction.unwrap_or(points - mark.score);
    if deduction.is_zero() && mark.note.is_empty() {
        return None;
    }
    Some(NoteView {
        expert: expert.map(|e| expert_name(e)).unwrap_or_default(),
        deduction: if deduction.is_zero() {
            String::new()
        } else {
            format!("扣 {} 分", format_points(deduction))
        },
        text: mark.note.clone(),
    })
}

/// An expert's name as shown; a sheet without names has one 专家.
fn expert_name(name: &str) -> String {
    if name.is_empty() {
        "专家".to_string()
    } else {
        name.to_string()
    }
}
