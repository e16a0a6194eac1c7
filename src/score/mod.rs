//! Scoring: from the experts' marks to totals and grades, exactly.
//!
//! Each item's marks combine by the site's aggregate and are rounded half
//! up to two decimals. Category subtotals and the total are sums of those
//! rounded item scores, so the printed numbers always add up. All of it is
//! decimal arithmetic: 14.2 + 4.4 is 18.6.

pub mod aggregate;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::Site;
use crate::model::period::Period;
use crate::model::rubric::Rubric;
use crate::model::sheet::Sheet;
use crate::model::site::{Answer, FeeDeduction, Grade, SiteConfig};
use crate::model::survey::Tally;

/// The results of every period, in the site's period order.
#[derive(Clone, Debug)]
pub struct Results {
    /// For each period of the site, its results.
    pub periods: Vec<PeriodResult>,
}

/// One period's results.
#[derive(Clone, Debug)]
pub struct PeriodResult {
    /// For each table of the site, its result where it was assessed.
    pub tables: Vec<Option<TableResult>>,
}

/// One table's result in one period.
#[derive(Clone, Debug)]
pub struct TableResult {
    /// The provider assessed.
    pub provider: String,
    /// Each rubric item's combined score, in rubric order.
    pub items: Vec<ItemResult>,
    /// Each rubric category's subtotal, in rubric order.
    pub categories: Vec<Decimal>,
    /// The sum of the item scores.
    pub total: Decimal,
    /// The index of the grade in the site's grades.
    pub grade: usize,
    /// The share of the service fee withheld.
    pub fee_deduction: FeeDeduction,
    /// True if and only if a veto failed the table.
    pub vetoed: bool,
    /// The survey's results, where answers were tallied.
    pub survey: Option<SurveyResult>,
}

/// One item's combined score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemResult {
    /// The experts' marks combined and rounded to two decimals.
    pub score: Decimal,
    /// The highest mark less the lowest: zero when the experts agree.
    pub spread: Decimal,
}

/// The survey's results for one table in one period.
#[derive(Clone, Debug)]
pub struct SurveyResult {
    /// The most answers any question received: the forms returned.
    pub responses: u64,
    /// The satisfaction index over all answers, if there were any.
    pub index: Option<Decimal>,
    /// Each question's results, in survey order.
    pub questions: Vec<QuestionResult>,
}

/// One survey question's results.
#[derive(Clone, Debug)]
pub struct QuestionResult {
    /// The count of each answer, A to D.
    pub counts: [u64; 4],
    /// The question's satisfaction index, if it was answered.
    pub index: Option<Decimal>,
}

/// Rounds half up (away from zero) to two decimals.
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats a score with exactly two decimals: `95.67`, `90.00`.
pub fn format_score(value: Decimal) -> String {
    fixed(round2(value), 2)
}

/// Formats points as written, without trailing zeros: `3`, `0.5`.
pub fn format_points(value: Decimal) -> String {
    let value = value.normalize();
    fixed(value, value.scale())
}

/// `value`, whose scale is at most `places`, written with exactly
/// `places` decimals, as `Decimal`'s own formatting writes it. Every
/// page shows hundreds of scores, so they are written straight from
/// the digits rather than through the formatting machinery.
fn fixed(value: Decimal, places: u32) -> String {
    let mut digits = value.mantissa().unsigned_abs();
    for _ in value.scale()..places {
        digits *= 10;
    }
    let unit = 10u128.pow(places);
    let mut out = String::with_capacity(24);
    if value.is_sign_negative() {
        out.push('-');
    }
    push_digits(&mut out, digits / unit, 1);
    if places > 0 {
        out.push('.');
        push_digits(&mut out, digits % unit, places as usize);
    }
    out
}

/// Appends the decimal digits of `n` to `out`, with leading zeros up to
/// `width` digits.
fn push_digits(out: &mut String, n: u128, width: usize) {
    let mut digits = [0u8; 40];
    let mut start = digits.len();
    // Dividing a u128 is slow, and scores fit in a u64.
    let mut big = n;
    while big > u128::from(u64::MAX) {
        start -= 1;
        digits[start] = b'0' + (big % 10) as u8;
        big /= 10;
    }
    let mut n = big as u64;
    while n > 0 || digits.len() - start < width {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend(digits[start..].iter().map(|&b| char::from(b)));
}

/// Formats a fee deduction as a percentage: `10%`, `50%–100%`.
pub fn format_fee(fee: FeeDeduction) -> String {
    if fee.min == fee.max {
        format!("{}%", format_points(fee.min))
    } else {
        format!("{}%–{}%", format_points(fee.min), format_points(fee.max))
    }
}

impl Results {
    /// Scores every period of `site`, the periods on all cores.
    pub fn compute(site: &Site) -> Results {
        let periods = crate::parallel::map(&site.periods, |period| PeriodResult {
            tables: (0..site.config.tables.len())
                .map(|table| score_table(site, period, table))
                .collect(),
        });
        Results { periods }
    }
}

/// Scores table `table` of `period`, if it was assessed.
fn score_table(site: &Site, period: &Period, table: usize) -> Option<TableResult> {
    let provider = period.providers[table].clone()?;
    let sheet = period.sheets[table].as_ref()?;
    let rubric = &site.rubrics[table];
    let config = &site.config;
    let items = score_items(sheet, config.aggregate);
    let categories = subtotals(rubric, &items);
    let total = items.iter().map(|i| i.score).sum();
    let veto = period.veto(table);
    let grade = match veto {
        Some(_) => config.grades.len() - 1,
        None => grade_of(&config.grades, total),
    };
    let fee_deduction = match veto.and_then(|v| v.fee_deduction) {
        Some(percent) => FeeDeduction::exactly(percent),
        None => config.grades[grade].fee_deduction,
    };
    Some(TableResult {
        provider,
        items,
        categories,
        total,
        grade,
        fee_deduction,
        vetoed: veto.is_some(),
        survey: period.tallies[table].as_ref().map(|t| survey(t, config)),
    })
}

/// Combines each item's marks.
fn score_items(sheet: &Sheet, method: crate::model::site::Aggregate) -> Vec<ItemResult> {
    sheet
        .marks
        .iter()
        .map(|marks| {
            let scores: Vec<Decimal> = marks.iter().map(|m| m.score).collect();
            let high = scores.iter().max().copied().unwrap_or_default();
            let low = scores.iter().min().copied().unwrap_or_default();
            ItemResult {
                score: round2(aggregate::combine(method, &scores)),
                spread: high - low,
            }
        })
        .collect()
}

/// Sums the rounded item scores of each category.
fn subtotals(rubric: &Rubric, items: &[ItemResult]) -> Vec<Decimal> {
    let mut sums = vec![Decimal::ZERO; rubric.categories.len()];
    for (item, result) in rubric.items.iter().zip(items) {
        sums[item.category] += result.score;
    }
    sums
}

/// The index of the grade band `total` falls in: the first whose min it
/// reaches, else the last. A site's grades are never empty.
pub fn grade_of(grades: &[Grade], total: Decimal) -> usize {
    grades
        .iter()
        .position(|g| total >= g.min)
        .unwrap_or(grades.len().saturating_sub(1))
}

/// The satisfaction index of `counts`: Σ(count × weight) / Σ count.
pub fn satisfaction(counts: &[u64; 4], answers: &[Answer]) -> Option<Decimal> {
    let total = counts.iter().fold(0u64, |sum, &n| sum.saturating_add(n));
    if total == 0 {
        return None;
    }
    let weighted: Decimal = counts
        .iter()
        .zip(answers)
        .map(|(&count, answer)| Decimal::from(count) * answer.weight)
        .sum();
    Some(round2(weighted / Decimal::from(total)))
}

/// The survey's results from a tally.
fn survey(tally: &Tally, config: &SiteConfig) -> SurveyResult {
    let mut all = [0u64; 4];
    for counts in &tally.counts {
        for (sum, count) in all.iter_mut().zip(counts) {
            *sum = sum.saturating_add(*count);
        }
    }
    SurveyResult {
        responses: tally
            .counts
            .iter()
            .map(|c| c.iter().fold(0u64, |sum, &n| sum.saturating_add(n)))
            .max()
            .unwrap_or(0),
        index: satisfaction(&all, &config.answers),
        questions: tally
            .counts
            .iter()
            .map(|counts| QuestionResult {
                counts: *counts,
                index: satisfaction(counts, &config.answers),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn scores_and_points_read_as_decimal_formatting_writes_them() {
        let values = [
            "0",
            "-0",
            "3",
            "0.5",
            "2.675",
            "-2.675",
            "-0.001",
            "0.004",
            "90",
            "87.7",
            "19.333",
            "100.00",
            "1234567.891",
            "0.000001",
            "-12.5",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
        ];
        for text in values {
            let value = d(text);
            assert_eq!(
                format_score(value),
                format!("{:.2}", round2(value)),
                "{text}"
            );
            assert_eq!(
                format_points(value),
                value.normalize().to_string(),
                "{text}"
            );
        }
        let negative_zero = round2(d("-0.001"));
        assert_eq!(format_score(negative_zero), format!("{negative_zero:.2}"));
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn decimal_sums_are_exact() {
        assert_eq!(d("14.2") + d("4.4"), d("18.6"));
        assert_eq!(format_score(d("14.2") + d("4.4")), "18.60");
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(round2(d("2.665")), d("2.67"));
        assert_eq!(round2(d("2.664999")), d("2.66"));
        assert_eq!(round2(d("8") / d("3")), d("2.67"));
    }

    #[test]
    fn fee_ranges_read_as_percentages() {
        let fee = FeeDeduction {
            min: d("50"),
            max: d("100"),
        };
        assert_eq!(format_fee(fee), "50%–100%");
        assert_eq!(format_fee(FeeDeduction::exactly(d("10"))), "10%");
    }
}
