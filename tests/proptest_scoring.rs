//! Property tests of scoring: whatever the rubric and the experts' marks,
//! the printed figures add up and stay within the points.
//!
//! Sites are built in memory from generated rubric and sheet text, read
//! through the same parsers as files on disk, then scored by
//! `Results::compute`. The expected item scores are worked out here from
//! the marks as written, independently of how the sheet stores them.

use std::collections::BTreeMap;

use kaohe::model::Site;
use kaohe::model::period::Period;
use kaohe::model::rubric::Rubric;
use kaohe::model::sheet::Sheet;
use kaohe::model::site::{Aggregate, SiteConfig};
use kaohe::problem::Problems;
use kaohe::score::aggregate::combine;
use kaohe::score::{Results, TableResult, format_score, grade_of, round2};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A decimal with two places from a count of hundredths.
fn cents(n: u64) -> Decimal {
    Decimal::new(n as i64, 2)
}

fn method() -> impl Strategy<Value = Aggregate> {
    prop_oneof![
        Just(Aggregate::Mean),
        Just(Aggregate::TrimmedMean),
        Just(Aggregate::Median),
    ]
}

/// An item's points (0.01 to 20) and one to eight marks within them.
fn marks() -> impl Strategy<Value = (Decimal, Vec<Decimal>)> {
    (1u64..=2000).prop_flat_map(|points| {
        (
            Just(cents(points)),
            prop::collection::vec((0..=points).prop_map(cents), 1..=8),
        )
    })
}

/// A rubric and sheets to go with it, as generated.
#[derive(Clone, Debug)]
struct Case {
    method: Aggregate,
    /// Each item's category number and points, in hundredths.
    items: Vec<(usize, u64)>,
    /// True if and only if the sheet gives deductions rather than scores.
    by_deduction: bool,
    /// For each expert, the value written for each item, in hundredths.
    marks: Vec<Vec<u64>>,
    /// True if and only if the period vetoes the table.
    vetoed: bool,
}

/// Points in hundredths summing to exactly 100, at least 0.01 each.
fn partition(weights: &[u64]) -> Vec<u64> {
    let spare = 10_000 - weights.len() as u64;
    let sum: u64 = weights.iter().sum();
    let mut points: Vec<u64> = weights.iter().map(|w| 1 + w * spare / sum).collect();
    let short = 10_000 - points.iter().sum::<u64>();
    points[0] += short;
    points
}

fn case() -> impl Strategy<Value = Case> {
    let items = prop::collection::vec((0usize..4, 1u64..1000), 1..=25);
    (method(), items, any::<bool>(), 1usize..=5, any::<bool>()).prop_flat_map(
        |(method, items, by_deduction, experts, vetoed)| {
            let weights: Vec<u64> = items.iter().map(|(_, w)| *w).collect();
            let points = partition(&weights);
            let items: Vec<(usize, u64)> =
                items.iter().map(|(c, _)| *c).zip(points.clone()).collect();
            // Deductions may run past the points; scores may not.
            let one_expert: Vec<BoxedStrategy<u64>> = points
                .iter()
                .map(|&p| {
                    let top = if by_deduction { p + 300 } else { p };
                    (0..=top).boxed()
                })
                .collect();
            prop::collection::vec(one_expert, experts).prop_map(move |marks| Case {
                method,
                items: items.clone(),
                by_deduction,
                marks,
                vetoed,
            })
        },
    )
}

impl Case {
    fn rubric_csv(&self) -> String {
        let mut csv = String::from("id,category,group,requirement,points,rule\n");
        for (i, (category, points)) in self.items.iter().enumerate() {
            csv.push_str(&format!(
                "I{i:02},类别{category},分项,要求,{},规则\n",
                cents(*points)
            ));
        }
        csv
    }

    /// The sheet with its rows in the order given by `order`, a list of
    /// (expert, item) pairs.
    fn sheet_csv(&self, order: &[(usize, usize)]) -> String {
        let column = if self.by_deduction {
            "deduction"
        } else {
            "score"
        };
        let mut csv = format!("item,expert,{column},note\n");
        for &(expert, item) in order {
            let value = cents(self.marks[expert][item]);
            csv.push_str(&format!("I{item:02},专家{expert},{value},\n"));
        }
        csv
    }

    /// Rows expert by expert, items in rubric order.
    fn rows(&self) -> Vec<(usize, usize)> {
        (0..self.marks.len())
            .flat_map(|e| (0..self.items.len()).map(move |i| (e, i)))
            .collect()
    }

    /// Each expert's score for `item`, from the value written.
    fn scores(&self, item: usize) -> Vec<Decimal> {
        let points = self.items[item].1;
        self.marks
            .iter()
            .map(|m| {
                let value = m[item];
                cents(if self.by_deduction {
                    points.saturating_sub(value)
                } else {
                    value
                })
            })
            .collect()
    }

    fn site(&self, order: &[(usize, usize)]) -> Site {
        let mut problems = Problems::default();
        let aggregate = match self.method {
            Aggregate::Mean => "mean",
            Aggregate::TrimmedMean => "trimmed-mean",
            Aggregate::Median => "median",
        };
        let site_toml =
            format!("aggregate = \"{aggregate}\"\n[[tables]]\nid = \"t\"\ntitle = \"表\"\n");
        let config = SiteConfig::parse(&site_toml, &mut problems).expect("site.toml");
        let rubric =
            Rubric::parse("data/rubrics/t.csv", &self.rubric_csv(), &mut problems).expect("rubric");
        let sheet = Sheet::parse(
            "data/periods/p/t.csv",
            &self.sheet_csv(order),
            &rubric,
            &mut problems,
        )
        .expect("sheet");
        let mut period_toml = String::from("date = \"2024-12-20\"\nstatus = \"published\"\n");
        period_toml.push_str("[providers]\nt = \"服务商\"\n");
        if self.vetoed {
            period_toml
                .push_str("[[veto]]\ntable = \"t\"\ndate = \"2024-07-01\"\nreason = \"事故\"\n");
        }
        let mut period = Period::parse("p", &period_toml, &config, &mut problems).expect("period");
        assert!(problems.is_empty(), "{:?}", problems.as_slice());
        period.sheets[0] = Some(sheet);
        Site {
            config,
            rubrics: vec![rubric],
            questions: Vec::new(),
            periods: vec![period],
            pages: Vec::new(),
            drafts_left_out: Vec::new(),
        }
    }
}

/// Scores `site`'s only table.
fn result(site: &Site) -> TableResult {
    Results::compute(site).periods[0].tables[0]
        .clone()
        .expect("the table is assessed")
}

proptest! {
    #[test]
    fn combined_score_lies_between_the_lowest_and_highest_marks(
        method in method(),
        (points, scores) in marks(),
    ) {
        let combined = combine(method, &scores);
        prop_assert!(combined >= *scores.iter().min().unwrap());
        prop_assert!(combined <= *scores.iter().max().unwrap());
        let rounded = round2(combined);
        prop_assert!(rounded >= Decimal::ZERO && rounded <= points);
    }

    #[test]
    fn expert_order_does_not_change_the_combined_score(
        method in method(),
        (scores, shuffled) in marks().prop_flat_map(|(_, s)| (Just(s.clone()), Just(s).prop_shuffle())),
    ) {
        prop_assert_eq!(combine(method, &scores), combine(method, &shuffled));
    }

    #[test]
    fn rounding_is_to_the_nearest_hundredth_and_monotone(
        a in any::<i64>().prop_map(|n| Decimal::new(n % 10_000_000_000, 6)),
        b in any::<i64>().prop_map(|n| Decimal::new(n % 10_000_000_000, 6)),
    ) {
        let (ra, rb) = (round2(a), round2(b));
        prop_assert!((ra - a).abs() <= Decimal::new(5, 3));
        prop_assert!(ra.scale() <= 2);
        prop_assert_eq!(round2(ra), ra);
        if a <= b {
            prop_assert!(ra <= rb, "round2({}) = {} > round2({}) = {}", a, ra, b, rb);
        }
    }

    #[test]
    fn grade_is_monotone_in_the_total(a in 0u64..=10_000, b in 0u64..=10_000) {
        let mut problems = Problems::default();
        let config = SiteConfig::parse("[[tables]]\nid = \"t\"\ntitle = \"表\"\n", &mut problems)
            .expect("site.toml");
        let grades = &config.grades;
        let (low, high) = (cents(a.min(b)), cents(a.max(b)));
        // Grades run highest first, so a higher total has a lower index.
        prop_assert!(grade_of(grades, high) <= grade_of(grades, low));
        for total in [low, high] {
            let grade = grade_of(grades, total);
            prop_assert!(grades[grade].min <= total);
            prop_assert!(grade == 0 || grades[grade - 1].min > total);
        }
    }

    #[test]
    fn printed_figures_add_up(case in case()) {
        let site = case.site(&case.rows());
        let scored = result(&site);
        let rubric = &site.rubrics[0];

        // Each item lies within its points and is the rounded combination
        // of the experts' scores, deductions floored at zero.
        prop_assert_eq!(scored.items.len(), case.items.len());
        for (i, (item, result)) in rubric.items.iter().zip(&scored.items).enumerate() {
            prop_assert!(result.score >= Decimal::ZERO && result.score <= item.points);
            prop_assert!(result.score.scale() <= 2);
            prop_assert_eq!(result.score, round2(combine(case.method, &case.scores(i))));
        }

        // Total = Σ items = Σ category subtotals, each subtotal the sum of
        // its own items, all of them exact to the cent as printed.
        let sum: Decimal = scored.items.iter().map(|i| i.score).sum();
        prop_assert_eq!(scored.total, sum);
        prop_assert_eq!(scored.total, scored.categories.iter().sum::<Decimal>());
        let mut by_name: BTreeMap<&str, Decimal> = BTreeMap::new();
        for (item, result) in rubric.items.iter().zip(&scored.items) {
            *by_name.entry(&rubric.categories[item.category].name).or_default() += result.score;
        }
        for (category, subtotal) in rubric.categories.iter().zip(&scored.categories) {
            prop_assert_eq!(by_name[category.name.as_str()], *subtotal);
            prop_assert!(*subtotal <= category.points);
        }
        prop_assert!(scored.total >= Decimal::ZERO && scored.total <= Decimal::ONE_HUNDRED);
        prop_assert_eq!(format_score(scored.total).parse::<Decimal>().unwrap(), scored.total);

        // The grade follows the total, unless a veto fails the table.
        let last = site.config.grades.len() - 1;
        prop_assert_eq!(scored.vetoed, case.vetoed);
        let expected = if case.vetoed { last } else { grade_of(&site.config.grades, scored.total) };
        prop_assert_eq!(scored.grade, expected);
    }

    #[test]
    fn row_and_expert_order_do_not_change_the_results(
        (case, order) in case().prop_flat_map(|c| {
            let rows = c.rows();
            (Just(c), Just(rows).prop_shuffle())
        }),
    ) {
        let first = result(&case.site(&case.rows()));
        let second = result(&case.site(&order));
        prop_assert_eq!(&first.items, &second.items);
        prop_assert_eq!(&first.categories, &second.categories);
        prop_assert_eq!(first.total, second.total);
        prop_assert_eq!(first.grade, second.grade);
    }
}
