//! `kaohe check` on good fixture sites, with totals computed by hand.
//!
//! Each site under `tests/sites/check-*/` has one small rubric worth 100
//! points (A1 50, A2 30, B1 20; check-veto adds D1 60, D2 40), so every
//! total below can be worked out on paper; the arithmetic is in the
//! comment above each assertion.

use std::path::{Path, PathBuf};
use std::process::Command;

use kaohe::model::{LoadOptions, Site};
use kaohe::score::{Results, TableResult, format_fee, format_score, satisfaction};
use rust_decimal::Decimal;

fn site_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sites")
        .join(name)
}

/// Runs `kaohe check --root <root>` with `extra` arguments and returns
/// the exit status and standard output, after asserting that standard
/// error is exactly `stderr`.
fn check_root_noting(root: &Path, extra: &[&str], stderr: &str) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .expect("kaohe runs");
    assert_eq!(String::from_utf8_lossy(&output.stderr), stderr, "stderr");
    (
        output.status.code().expect("exit status"),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
    )
}

/// Runs `kaohe check --root <root>` with `extra` arguments and returns
/// the exit status and standard output, after asserting that nothing
/// went to standard error.
fn check_root(root: &Path, extra: &[&str]) -> (i32, String) {
    check_root_noting(root, extra, "")
}

/// Asserts that `kaohe check` on fixture `name` succeeds and prints
/// exactly `expected`.
fn assert_check(name: &str, expected: &str) {
    let (status, stdout) = check_root(&site_path(name), &[]);
    assert_eq!(stdout, expected, "stdout of kaohe check on {name}");
    assert_eq!(status, 0, "exit status of kaohe check on {name}");
}

/// Loads and scores fixture `name` through the library.
fn scored(name: &str) -> (Site, Results) {
    let site = Site::load(&site_path(name), LoadOptions::default()).expect("valid fixture");
    let results = Results::compute(&site);
    (site, results)
}

/// The result of table `table` in period number `period` (date order).
fn table(results: &Results, period: usize, table: usize) -> &TableResult {
    results.periods[period].tables[table]
        .as_ref()
        .expect("table assessed")
}

fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

#[test]
fn deduction_beyond_the_points_floors_each_expert_at_zero() {
    // A1 (50): 专家甲 deducts 60 → 0 (not −10); 专家乙 deducts 10 → 40; mean 20.
    // A2 (30): 0 → 30 and 30 → 0; mean 15.
    // B1 (20): 20 and 20; mean 20.
    // Total 20 + 15 + 20 = 55 (without the floor it would be 50).
    assert_check("check-floor", "2024  platform  55.00  不合格\n");
}

#[test]
fn mean_rounds_each_item_half_up_and_totals_the_rounded_items() {
    // 2022, two experts: A1 50; A2 (29.99 + 29.98) / 2 = 29.985 → 29.99
    //   (half up; half to even would give 29.98); B1 (20 + 19.97) / 2 =
    //   19.985 → 19.99. Total 50 + 29.99 + 19.99 = 99.98.
    // 2023, three experts: A1 50, A2 30, B1 (3 + 3 + 2) / 3 = 8/3 → 2.67.
    //   Total 82.67.
    // 2024, three experts: A1 148/3 → 49.33, A2 88/3 → 29.33,
    //   B1 58/3 → 19.33. Total 97.99, the sum of the rounded items, though
    //   the unrounded sum is 294/3 = 98.
    assert_check(
        "check-mean",
        "2022  platform  99.98  优秀\n\
         2023  platform  82.67  良好\n\
         2024  platform  97.99  优秀\n",
    );
}

#[test]
fn printed_item_scores_add_up_to_the_printed_total() {
    let (_, results) = scored("check-mean");
    let scores: Vec<String> = table(&results, 2, 0)
        .items
        .iter()
        .map(|item| format_score(item.score))
        .collect();
    assert_eq!(scores, ["49.33", "29.33", "19.33"]);
    assert_eq!(format_score(table(&results, 2, 0).total), "97.99");
    assert_eq!(
        table(&results, 1, 0).items[2].score,
        d("2.67"),
        "8/3 rounds to 2.67"
    );
}

#[test]
fn trimmed_mean_drops_highest_and_lowest_with_three_or_more_experts() {
    // 2023, three experts: A1 {50, 40, 45} → 45; A2 {30, 0, 20} → 20;
    //   B1 {20, 20, 10} → 20. Total 85 (the plain mean would be 78.34).
    // 2024, four experts: A1 {50, 48, 46, 30} → (48 + 46) / 2 = 47;
    //   A2 {30, 29, 27, 20} → 28; B1 {20, 19, 18.5, 0} → 18.75. Total 93.75.
    // 2025, two experts, so the plain mean: A1 47.5, A2 27.5, B1 17.5.
    //   Total 92.5.
    assert_check(
        "check-trimmed-mean",
        "2023  platform  85.00  良好\n\
         2024  platform  93.75  优秀\n\
         2025  platform  92.50  优秀\n",
    );
}

#[test]
fn median_takes_the_middle_score_or_the_mean_of_the_middle_two() {
    // 2024, three experts: A1 {50, 10, 45} → 45; A2 {30, 29, 0} → 29;
    //   B1 {20, 5, 18} → 18. Total 92.
    // 2025, four experts: A1 {10, 40, 44, 50} → 42; A2 {0, 27, 28, 30} →
    //   27.5; B1 {1, 19, 19, 20} → 19. Total 88.5.
    assert_check(
        "check-median",
        "2024  platform  92.00  优秀\n\
         2025  platform  88.50  良好\n",
    );
}

#[test]
fn item_spread_is_the_highest_less_the_lowest_mark() {
    let (_, results) = scored("check-median");
    let spreads: Vec<Decimal> = table(&results, 1, 0)
        .items
        .iter()
        .map(|item| item.spread)
        .collect();
    // A1 50 − 10, A2 30 − 0, B1 20 − 1.
    assert_eq!(spreads, [d("40"), d("30"), d("19")]);
}

#[test]
fn grade_boundaries_and_periods_in_date_order() {
    // One expert each; A1 + A2 + B1:
    // early  2023-12-31  40 + 20 + 10    = 70     一般
    // spring 2024-03-31  49.99 + 30 + 10 = 89.99  良好
    // summer 2024-06-30  50 + 30 + 10    = 90     优秀
    // autumn 2024-09-30  30 + 20 + 10    = 60     合格
    // winter 2024-12-31  29.99 + 20 + 10 = 59.99  不合格
    // By name they would read autumn, early, spring, summer, winter. The
    // draft "next" is left out, and a note says so.
    let (status, stdout) = check_root_noting(
        &site_path("check-grades"),
        &[],
        "note: draft period next left out; add --drafts to include it\n",
    );
    assert_eq!(
        stdout,
        "early  platform  70.00  一般\n\
         spring  platform  89.99  良好\n\
         summer  platform  90.00  优秀\n\
         autumn  platform  60.00  合格\n\
         winter  platform  59.99  不合格\n"
    );
    assert_eq!(status, 0);
}

#[test]
fn drafts_are_included_with_the_drafts_flag() {
    // next 2025-03-31 (draft): 39.99 + 30 + 10 = 79.99 一般.
    let (status, stdout) = check_root(&site_path("check-grades"), &["--drafts"]);
    assert_eq!(
        stdout,
        "early  platform  70.00  一般\n\
         spring  platform  89.99  良好\n\
         summer  platform  90.00  优秀\n\
         autumn  platform  60.00  合格\n\
         winter  platform  59.99  不合格\n\
         next  platform  79.99  一般\n"
    );
    assert_eq!(status, 0);
}

#[test]
fn grades_carry_their_fee_deductions() {
    let (site, results) = scored("check-grades");
    let fees: Vec<String> = (0..5)
        .map(|p| {
            let result = table(&results, p, 0);
            let grade = &site.config.grades[result.grade].name;
            format!("{grade} {}", format_fee(result.fee_deduction))
        })
        .collect();
    assert_eq!(
        fees,
        [
            "一般 20%",
            "良好 10%",
            "优秀 0%",
            "合格 30%",
            "不合格 50%–100%"
        ]
    );
}

#[test]
fn veto_fails_the_table_whatever_its_score() {
    // 2024: platform 50 + 30 + 15 = 95, vetoed; datacenter (60 − 5) +
    //   (40 − 3) = 92.
    // 2025: platform 45 + 25 + 20 = 90; datacenter 60 + 40 = 100, vetoed.
    assert_check(
        "check-veto",
        "2024  platform  95.00  不合格  一票否决\n\
         2024  datacenter  92.00  优秀\n\
         2025  platform  90.00  优秀\n\
         2025  datacenter  100.00  不合格  一票否决\n",
    );
}

#[test]
fn veto_fee_deduction_is_the_vetos_own_or_else_the_failing_grades() {
    let (site, results) = scored("check-veto");
    let with_fee = table(&results, 0, 0);
    assert!(with_fee.vetoed);
    assert_eq!(site.config.grades[with_fee.grade].name, "不合格");
    assert_eq!(format_fee(with_fee.fee_deduction), "60%");

    let without_fee = table(&results, 1, 1);
    assert!(without_fee.vetoed);
    assert_eq!(format_fee(without_fee.fee_deduction), "50%–100%");

    assert!(!table(&results, 0, 1).vetoed);
    assert_eq!(site.periods[1].vetoes[0].date, "2025-05-01");
}

#[test]
fn survey_index_is_weighted_answers_over_all_answers() {
    // Q01: A 3, B 1 → (3 × 100 + 1 × 80) / 4 = 95.
    // Q02: A 1, B 1, C 1, D empty → (100 + 80 + 60) / 3 = 80.
    // Q03: not tallied, so no index.
    // Overall: A 4, B 2, C 1 → (400 + 160 + 60) / 7 = 88.571… → 88.57,
    //   not the mean of the questions' indexes (87.5). It stays beside
    //   the score: the total is 50 + 30 + 18 = 98.
    assert_check("check-survey", "2024  platform  98.00  优秀\n");
    let (site, results) = scored("check-survey");
    let result = table(&results, 0, 0);
    let survey = result.survey.as_ref().expect("survey tallied");
    let indexes: Vec<Option<Decimal>> = survey.questions.iter().map(|q| q.index).collect();
    assert_eq!(indexes, [Some(d("95")), Some(d("80")), None]);
    assert_eq!(survey.questions[1].counts, [1, 1, 1, 0]);
    assert_eq!(survey.index, Some(d("88.57")));
    assert_eq!(survey.responses, 4);
    assert_eq!(result.total, d("98"));

    // With weights A 100, B 75, C 50, D 25 the overall index would be
    // (400 + 150 + 50) / 7 = 85.714… → 85.71.
    let mut answers = site.config.answers.clone();
    for (answer, weight) in answers.iter_mut().zip([100, 75, 50, 25]) {
        answer.weight = Decimal::from(weight);
    }
    assert_eq!(satisfaction(&[4, 2, 1, 0], &answers), Some(d("85.71")));
}

#[test]
fn gb18030_crlf_bom_utf16_and_chinese_headers_are_read() {
    // 2022, GB18030 with CRLF (rubric, period.toml and sheet), deductions
    //   under 扣分: (50 − 5) + (30 − 0) + (20 − 2.5) = 92.5.
    // 2023, UTF-8 with BOM and CRLF, 专家/得分, one full-width ４２:
    //   A1 (40 + 42) / 2 = 41, A2 25.5, B1 15.5. Total 82.
    // 2024, UTF-16 with BOM: 50 + 30 + 20 = 100.
    assert_check(
        "check-encodings",
        "2022  platform  92.50  优秀\n\
         2023  platform  82.00  良好\n\
         2024  platform  100.00  优秀\n",
    );
    let (site, _) = scored("check-encodings");
    assert_eq!(site.rubrics[0].categories[1].name, "服务质量");
    let sheet = site.periods[0].sheets[0].as_ref().expect("sheet");
    assert_eq!(sheet.marks[2][0].note, "用户反馈：\n响应较慢");
    assert_eq!(site.periods[0].leader, "刘组长");
    let experts = &site.periods[1].sheets[0].as_ref().expect("sheet").experts;
    assert_eq!(experts, &["专家甲", "专家乙"]);
}

#[test]
fn the_bundled_site_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (status, stdout) = check_root(root, &[]);
    assert_eq!(status, 0);
    let site = Site::load(root, LoadOptions::default()).expect("bundled site loads");
    let assessed: usize = site
        .periods
        .iter()
        .map(|p| p.providers.iter().flatten().count())
        .sum();
    assert!(assessed > 0, "the bundled site assesses something");
    assert_eq!(
        stdout.lines().count(),
        assessed,
        "one line per table:\n{stdout}"
    );
    for line in stdout.lines() {
        let fields: Vec<&str> = line.split("  ").collect();
        assert!((4..=5).contains(&fields.len()), "summary line {line:?}");
    }
}
