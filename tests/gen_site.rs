//! The synthetic site generator (examples/gen_site.rs) writes valid,
//! deterministic sites of the size asked for.

#[allow(dead_code)]
#[path = "../examples/gen_site.rs"]
mod gen_site;

use std::fs;
use std::path::Path;
use std::process::Command;

use kaohe::model::{LoadOptions, Site};
use kaohe::score::Results;
use rust_decimal::Decimal;
use walkdir::WalkDir;

use gen_site::{Spec, write_site};

const SMALL: Spec = Spec {
    periods: 6,
    tables: 3,
    items: 12,
    experts: 3,
};

/// Every file under `root` with its bytes, in path order.
fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walkable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            (rel, fs::read(e.path()).expect("readable"))
        })
        .collect()
}

#[test]
fn small_generated_site_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_site(SMALL, dir.path()).unwrap();
    assert!(written > 20, "only {written} files written");

    let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "kaohe check failed:\n{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.lines().count(),
        6 * 3,
        "one line per period and table:\n{stdout}"
    );
    assert!(
        stdout.contains("一票否决"),
        "a veto in the history:\n{stdout}"
    );
}

#[test]
fn generated_site_has_the_size_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    write_site(SMALL, dir.path()).unwrap();
    let site = Site::load(dir.path(), LoadOptions::default()).expect("valid site");

    assert_eq!(site.periods.len(), 6);
    assert_eq!(site.config.tables.len(), 3);
    for rubric in &site.rubrics {
        assert_eq!(rubric.items.len(), 12);
        let categories: Vec<(String, Decimal)> = rubric
            .categories
            .iter()
            .map(|c| (c.name.clone(), c.points))
            .collect();
        let expected = [("服务资源提供", 30), ("服务质量", 50), ("服务满意度", 20)];
        let expected: Vec<(String, Decimal)> = expected
            .iter()
            .map(|(n, p)| (n.to_string(), Decimal::from(*p)))
            .collect();
        assert_eq!(categories, expected);
    }
    for period in &site.periods {
        for sheet in period.sheets.iter().flatten() {
            assert_eq!(sheet.experts.len(), 3, "{}", sheet.path);
        }
    }
    assert!(site.periods.iter().any(|p| !p.vetoes.is_empty()));
    assert!(site.periods.iter().any(|p| p.conclusion.is_some()));
    assert!(
        site.periods[1..]
            .iter()
            .all(|p| p.tallies.iter().all(Option::is_some))
    );
}

#[test]
fn generated_scores_vary_and_notes_explain_deductions() {
    let dir = tempfile::tempdir().unwrap();
    write_site(SMALL, dir.path()).unwrap();
    let site = Site::load(dir.path(), LoadOptions::default()).unwrap();
    let results = Results::compute(&site);

    let mut totals: Vec<Decimal> = results
        .periods
        .iter()
        .flat_map(|p| p.tables.iter().flatten().map(|t| t.total))
        .collect();
    totals.sort();
    totals.dedup();
    assert!(totals.len() > 6, "totals barely vary: {totals:?}");
    assert!(results.periods.iter().any(|p| {
        p.tables
            .iter()
            .flatten()
            .any(|t| t.items.iter().any(|i| i.spread > Decimal::ZERO))
    }));

    for (period, rubric) in site
        .periods
        .iter()
        .flat_map(|p| p.sheets.iter().zip(&site.rubrics))
    {
        let Some(sheet) = period else { continue };
        for (marks, item) in sheet.marks.iter().zip(&rubric.items) {
            for mark in marks {
                let lost = mark.score < item.points;
                assert_eq!(lost, !mark.note.is_empty(), "{}:{}", sheet.path, mark.line);
            }
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_site(SMALL, a.path()).unwrap();
    write_site(SMALL, b.path()).unwrap();
    assert_eq!(tree(a.path()), tree(b.path()));

    let c = tempfile::tempdir().unwrap();
    write_site(
        Spec {
            experts: 2,
            ..SMALL
        },
        c.path(),
    )
    .unwrap();
    assert_ne!(
        tree(a.path()),
        tree(c.path()),
        "the arguments seed the scores"
    );
}

#[test]
fn generator_refuses_a_folder_in_use() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    assert!(write_site(SMALL, dir.path()).is_err());
    assert_eq!(
        fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn small_generated_site_builds_and_rebuilds_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write_site(SMALL, &site).unwrap();
    let out = dir.path().join("public");
    let build = || build(&site, &out);

    let first = changed_and_unchanged(&build());
    assert!(first.0 > 40 && first.1 == 0, "{first:?}");
    assert!(out.join("periods/2025-q4/t03.html").is_file());
    let before = tree(&out);
    let second = changed_and_unchanged(&build());
    assert_eq!(second, (0, first.0), "a rebuild writes nothing");
    assert_eq!(tree(&out), before);
}

/// Builds `site` into `out`, asserts success and returns what kaohe said.
fn build(site: &Path, out: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["build", "--root"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "kaohe build failed:\n{stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned() + &stderr
}

/// The counts in the build's summary line: `(12 changed, 3 unchanged)`.
fn changed_and_unchanged(summary: &str) -> (usize, usize) {
    let (_, rest) = summary.split_once('(').expect("a summary line");
    let mut numbers = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty());
    let mut next = || numbers.next().and_then(|n| n.parse().ok()).expect(summary);
    (next(), next())
}

/// The links of the site navigation on the page at `path` under `out`.
fn nav_links(out: &Path, path: &str) -> Vec<String> {
    let html = std::fs::read_to_string(out.join(path)).unwrap();
    let start = html.find("<nav class=\"site-nav\"").unwrap();
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    nav.split("<a href=\"")
        .skip(1)
        .map(|link| link[..link.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn navigation_links_each_rubric_of_a_few_tables_and_the_list_of_many() {
    let dir = tempfile::tempdir().unwrap();
    for (tables, rubric_links) in [(3, 3), (5, 0)] {
        let site = dir.path().join(format!("site-{tables}"));
        let spec = Spec {
            periods: 2,
            tables,
            items: 6,
            experts: 1,
        };
        write_site(spec, &site).unwrap();
        let out = dir.path().join(format!("public-{tables}"));
        let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args(["build", "--root"])
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let links = nav_links(&out, "trend.html");
        let rubrics = links.iter().filter(|l| l.starts_with("rubrics/")).count();
        assert_eq!(rubrics, rubric_links, "{links:?}");
        assert_eq!(
            links.contains(&"rubrics.html".to_string()),
            rubric_links == 0,
            "{links:?}"
        );
        let list = std::fs::read_to_string(out.join("rubrics.html")).unwrap();
        for table in 1..=tables {
            assert!(
                list.contains(&format!("href=\"rubrics/t{table:02}.html\"")),
                "{table}"
            );
        }
    }
}
