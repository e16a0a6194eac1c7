//! A period's conclusion report (附件二《服务质量考核结论报告》), the
//! document the assessment group, the organizer and each provider sign.
//!
//! Its sections follow the measures' template: 一、被考核对象基本信息,
//! 二、考核信息 (basis, assessment group, the score table, the conclusion)
//! and 三、签字确认栏 with a line for each provider.

use serde::Serialize;

use super::{Chart, PeriodRef, Summaries, Summary, assessed};
use crate::model::Site;
use crate::score::{Results, format_points};

/// The most tables the score table shows as columns; with more, each
/// table becomes a row.
const MAX_TABLE_COLUMNS: usize = 3;

/// What a conclusion report shows.
#[derive(Clone, Debug, Serialize)]
pub struct ReportView {
    /// The period.
    pub period: PeriodRef,
    /// The report's heading: 2024年度服务质量考核结论报告.
    pub heading: String,
    /// The assessing body (考核组织方).
    pub organizer: String,
    /// The project (项目名称).
    pub project: String,
    /// The providers assessed (服务单位), each once, in table order.
    pub providers: Vec<String>,
    /// What the service covers (服务范围).
    pub scope: String,
    /// The documents the assessment rests on (考核依据).
    pub basis: Vec<String>,
    /// The head of the assessment group (考核组长).
    pub leader: String,
    /// The members of the assessment group, joined with 、.
    pub members: String,
    /// The score table (考核得分).
    pub grid: ScoreGrid,
    /// Each assessed table's total, grade, fee deduction and veto.
    pub outcomes: Vec<Summary>,
    /// Each assessed table's category bars.
    pub charts: Vec<Chart>,
    /// The assessment group's conclusion, rendered.
    pub conclusion: Option<String>,
    /// One signature line per provider (被考核方).
    pub signatories: Vec<Signatory>,
}

/// The score table of a report: one column per table (rows are the
/// rubric's categories and the total), or one row per table when there
/// are too many tables for columns.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreGrid {
    /// True if and only if each table is a row.
    pub by_row: bool,
    /// The heads of the score columns.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<GridRow>,
}

/// A row of the score table.
#[derive(Clone, Debug, Serialize)]
pub struct GridRow {
    /// The row's head (考核指标).
    pub label: String,
    /// The scores, one per column; `—` where a table has no such
    /// category.
    pub cells: Vec<String>,
    /// The remark (备注).
    pub note: String,
    /// True if and only if this is the row of totals.
    pub total: bool,
}

/// A provider's signature line.
#[derive(Clone, Debug, Serialize)]
pub struct Signatory {
    /// The line's number in words: （一）, （二）, ….
    pub ordinal: String,
    /// The provider's name.
    pub provider: String,
}

impl ReportView {
    /// The conclusion report of period `index`.
    pub fn new(
        site: &Site,
        results: &Results,
        summaries: &Summaries,
        index: usize,
        conclusion: Option<String>,
    ) -> ReportView {
        let period = &site.periods[index];
        let outcomes: Vec<Summary> = assessed(results, index)
            .filter_map(|(table, _)| summaries.get(index, table))
            .collect();
        let mut providers: Vec<String> = Vec::new();
        for outcome in &outcomes {
            if !providers.contains(&outcome.provider) {
                providers.push(outcome.provider.clone());
            }
        }
        let config = &site.config;
        ReportView {
            period: PeriodRef::new(period),
            heading: format!("{}服务质量考核结论报告", period.label),
            organizer: config.organizer.clone(),
            project: config.project.clone(),
            scope: config.scope.clone(),
            basis: config.basis.clone(),
            leader: period.leader.clone(),
            members: period.members.join("、"),
            grid: score_grid(site, &outcomes),
            conclusion,
            signatories: providers
                .iter()
                .enumerate()
                .map(|(i, provider)| Signatory {
                    ordinal: format!("（{}）", chinese_number(i + 1)),
                    provider: provider.clone(),
                })
                .collect(),
            providers,
            outcomes,
            charts: Vec::new(),
        }
    }
}

/// The score table for the assessed tables' `outcomes`.
fn score_grid(site: &Site, outcomes: &[Summary]) -> ScoreGrid {
    let mut categories: Vec<String> = Vec::new();
    for outcome in outcomes {
        for category in &outcome.categories {
            if !categories.contains(&category.name) {
                categories.push(category.name.clone());
            }
        }
    }
    let score = |outcome: &Summary, name: &str| {
        outcome
            .categories
            .iter()
            .find(|c| c.name == name)
            .map_or_else(|| "—".to_string(), |c| c.score.clone())
    };
    if outcomes.len() > MAX_TABLE_COLUMNS {
        let mut columns = categories.clone();
        columns.push("总分".to_string());
        let rows = outcomes
            .iter()
            .map(|outcome| {
                let mut cells: Vec<String> = categories.iter().map(|c| score(outcome, c)).collect();
                cells.push(outcome.total.clone());
                GridRow {
                    label: outcome.table.title.clone(),
                    cells,
                    note: outcome_note(outcome),
                    total: false,
                }
            })
            .collect();
        return ScoreGrid {
            by_row: true,
            columns,
            rows,
        };
    }
    let mut rows: Vec<GridRow> = categories
        .iter()
        .map(|name| GridRow {
            label: name.clone(),
            cells: outcomes.iter().map(|o| score(o, name)).collect(),
            note: points_note(outcomes, name),
            total: false,
        })
        .collect();
    let vetoed: Vec<String> = outcomes
        .iter()
        .filter(|o| o.veto.is_some())
        .map(|o| format!("{}一票否决", o.table.title))
        .collect();
    let full = outcomes
        .first()
        .map(|o| format_points(site.rubrics[o.table.number - 1].points()))
        .unwrap_or_default();
    rows.push(GridRow {
        label: "总分".to_string(),
        cells: outcomes.iter().map(|o| o.total.clone()).collect(),
        note: if vetoed.is_empty() {
            format!("满分 {full} 分")
        } else {
            vetoed.join("；")
        },
        total: true,
    });
    ScoreGrid {
        by_row: false,
        columns: outcomes.iter().map(|o| o.table.title.clone()).collect(),
        rows,
    }
}

/// The remark of a category's row: its points, 满分 30 分, or each
/// table's points where they differ.
fn points_note(outcomes: &[Summary], name: &str) -> String {
    let mut points: Vec<&str> = Vec::new();
    for outcome in outcomes {
        if let Some(category) = outcome.categories.iter().find(|c| c.name == name) {
            if !points.contains(&category.points.as_str()) {
                points.push(&category.points);
            }
        }
    }
    format!("满分 {} 分", points.join(" / "))
}

/// The remark of a table's row: its grade, and the veto if any.
fn outcome_note(outcome: &Summary) -> String {
    match outcome.veto {
        Some(_) => format!("{}（一票否决）", outcome.grade),
        None => outcome.grade.clone(),
    }
}

/// `n` in Chinese numerals, for the ordinals of signature lines.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 if n % 10 == 0 => format!("{}十", DIGITS[n / 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_chinese_numerals() {
        let words: Vec<String> = [1, 2, 10, 11, 20, 23].map(chinese_number).to_vec();
        assert_eq!(words, ["一", "二", "十", "十一", "二十", "二十三"]);
    }
}
