//! The results as data for other systems: what results.json holds and
//! results.csv flattens.
//!
//! Numbers are exact decimals written as JSON numbers: a whole number as
//! an integer (`90`), anything else with the digits it has (`87.7`).

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::model::Site;
use crate::model::sheet::Mark;
use crate::model::site::FeeDeduction;
use crate::score::{Results, SurveyResult, TableResult};

/// Everything results.json holds.
#[derive(Clone, Debug, Serialize)]
pub struct Export {
    /// The site's title.
    pub title: String,
    /// The assessing body.
    pub organizer: String,
    /// The project.
    pub project: String,
    /// The periods, in date order.
    pub periods: Vec<PeriodExport>,
}

/// One period's results.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodExport {
    /// The period's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The assessment date, YYYY-MM-DD.
    pub date: String,
    /// `draft`, `review`, `published` or `confirmed`.
    pub status: &'static str,
    /// The tables assessed, in the site's order.
    pub tables: Vec<TableExport>,
}

/// One table's result in one period.
#[derive(Clone, Debug, Serialize)]
pub struct TableExport {
    /// The table's id.
    pub id: String,
    /// The table's title.
    pub title: String,
    /// The provider assessed.
    pub provider: String,
    /// The total score.
    pub total: Number,
    /// The grade's name.
    pub grade: String,
    /// The share of the service fee withheld, in percent.
    pub fee_deduction: FeeExport,
    /// The veto, if one failed the table.
    pub veto: Option<VetoExport>,
    /// Each category's points and subtotal.
    pub categories: Vec<CategoryExport>,
    /// Each item's points, combined score and notes.
    pub items: Vec<ItemExport>,
    /// The survey's results, where answers were tallied.
    pub survey: Option<SurveyExport>,
}

/// A fee deduction range in percent; `min` equals `max` for one share.
#[derive(Clone, Debug, Serialize)]
pub struct FeeExport {
    /// The lowest share.
    pub min: Number,
    /// The highest share.
    pub max: Number,
}

/// A veto.
#[derive(Clone, Debug, Serialize)]
pub struct VetoExport {
    /// The day of the incident, YYYY-MM-DD.
    pub date: String,
    /// What happened.
    pub reason: String,
}

/// A category's points and subtotal.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryExport {
    /// The category's name.
    pub name: String,
    /// Its points.
    pub points: Number,
    /// Its subtotal.
    pub score: Number,
}

/// An item's result.
#[derive(Clone, Debug, Serialize)]
pub struct ItemExport {
    /// The item's id.
    pub id: String,
    /// Its points.
    pub points: Number,
    /// The combined score.
    pub score: Number,
    /// The experts' notes, each prefixed with the expert's name when
    /// there are several, joined with `；`.
    pub note: String,
}

/// A table's survey results.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyExport {
    /// The forms returned.
    pub responses: u64,
    /// The satisfaction index over all answers.
    pub index: Option<Number>,
    /// Each question's results.
    pub questions: Vec<QuestionExport>,
}

/// One survey question's results.
#[derive(Clone, Debug, Serialize)]
pub struct QuestionExport {
    /// The question's id.
    pub id: String,
    /// The count of each answer.
    pub counts: Counts,
    /// The question's satisfaction index.
    pub index: Option<Number>,
}

/// The count of each survey answer.
#[derive(Clone, Debug, Serialize)]
#[allow(non_snake_case)]
pub struct Counts {
    /// 非常满意.
    pub A: u64,
    /// 满意.
    pub B: u64,
    /// 一般.
    pub C: u64,
    /// 有待改进.
    pub D: u64,
}

/// An exact decimal written as a JSON number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number(pub Decimal);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0.normalize();
        if value.scale() == 0 {
            if let Ok(whole) = i64::try_from(value) {
                return serializer.serialize_i64(whole);
            }
        }
        // A decimal survives the trip through f64 when its digits do:
        // dividing them by a power of ten, both exact in f64, rounds once
        // to the nearest f64, whose shortest spelling is the decimal's own.
        let digits = value.mantissa();
        let float = match i64::try_from(digits) {
            Ok(digits) if digits.unsigned_abs() < 1 << 53 && value.scale() <= 22 => {
                digits as f64 / 10f64.powi(value.scale() as i32)
            }
            _ => value.to_string().parse().unwrap_or(0.0),
        };
        serializer.serialize_f64(float)
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Export {
    /// The export of every period of `site`.
    pub fn new(site: &Site, results: &Results) -> Export {
        let periods = site
            .periods
            .iter()
            .zip(&results.periods)
            .enumerate()
            .map(|(index, (period, result))| PeriodExport {
                id: period.id.clone(),
                label: period.label.clone(),
                date: period.date.clone(),
                status: period.status.name(),
                tables: result
                    .tables
                    .iter()
                    .enumerate()
                    .filter_map(|(table, r)| Some(table_export(site, index, table, r.as_ref()?)))
                    .collect(),
            })
            .collect();
        Export {
            title: site.config.title.clone(),
            organizer: site.config.organizer.clone(),
            project: site.config.project.clone(),
            periods,
        }
    }
}

/// The export of table `table` in period `index`.
fn table_export(site: &Site, index: usize, table: usize, result: &TableResult) -> TableExport {
    let period = &site.periods[index];
    let rubric = &site.rubrics[table];
    let marks = period.sheets[table].as_ref();
    let experts: &[String] = marks.map_or(&[], |s| &s.experts);
    TableExport {
        id: site.config.tables[table].id.clone(),
        title: site.config.tables[table].title.clone(),
        provider: result.provider.clone(),
        total: Number(result.total),
        grade: site.config.grades[result.grade].name.clone(),
        fee_deduction: fee(result.fee_deduction),
        veto: period.veto(table).map(|v| VetoExport {
            date: v.date.clone(),
            reason: v.reason.clone(),
        }),
        categories: rubric
            .categories
            .iter()
            .zip(&result.categories)
            .map(|(c, score)| CategoryExport {
                name: c.name.clone(),
                points: Number(c.points),
                score: Number(*score),
            })
            .collect(),
        items: rubric
            .items
            .iter()
            .zip(&result.items)
            .enumerate()
            .map(|(i, (item, scored))| ItemExport {
                id: item.id.clone(),
                points: Number(item.points),
                score: Number(scored.score),
                note: marks.map_or_else(String::new, |s| joined_notes(&s.marks[i], experts)),
            })
            .collect(),
        survey: result
            .survey
            .as_ref()
            .map(|survey| survey_export(site, survey)),
    }
}

/// A fee deduction range.
fn fee(fee: FeeDeduction) -> FeeExport {
    FeeExport {
        min: Number(fee.min),
        max: Number(fee.max),
    }
}

/// The experts' notes on one item, joined.
fn joined_notes(marks: &[Mark], experts: &[String]) -> String {
    let several = experts.len() > 1;
    let mut joined = String::new();
    for (mark, expert) in marks.iter().zip(experts) {
        if mark.note.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            joined.push('；');
        }
        if several {
            joined.push_str(expert);
            joined.push('：');
        }
        joined.push_str(&mark.note);
    }
    joined
}

/// A survey's results.
fn survey_export(site: &Site, survey: &SurveyResult) -> SurveyExport {
    SurveyExport {
        responses: survey.responses,
        index: survey.index.map(Number),
        questions: site
            .questions
            .iter()
            .zip(&survey.questions)
            .map(|(question, result)| {
                let [a, b, c, d] = result.counts;
                QuestionExport {
                    id: question.id.clone(),
                    counts: Counts {
                        A: a,
                        B: b,
                        C: c,
                        D: d,
                    },
                    index: result.index.map(Number),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn json(text: &str) -> String {
        serde_json::to_string(&Number(Decimal::from_str(text).unwrap())).unwrap()
    }

    #[test]
    fn numbers_keep_their_decimal_digits() {
        assert_eq!(json("87.70"), "87.7");
        assert_eq!(json("90.00"), "90");
        assert_eq!(json("95.67"), "95.67");
        assert_eq!(json("0.5"), "0.5");
        assert_eq!(json("33.33"), "33.33");
    }

    #[test]
    fn every_score_to_two_decimals_is_written_with_its_own_digits() {
        for cents in -2_000i64..=100_000 {
            let value = Decimal::new(cents, 2);
            assert_eq!(json(&value.to_string()), value.normalize().to_string());
        }
        assert_eq!(json("0.125"), "0.125");
        assert_eq!(json("-3.5"), "-3.5");
    }
}
