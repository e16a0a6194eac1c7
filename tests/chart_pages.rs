//! The charts on the built site: `kaohe build` on the bundled site puts
//! each chart on the pages that should carry it, and every chart inlined
//! in a page is well-formed SVG with a title.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use kaohe::model::{LoadOptions, Site};
use kaohe::score::Results;
use roxmltree::Document;

/// Builds the bundled site into a temporary folder and returns it.
fn build() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["build", "--root", root, "--out"])
        .arg(&out)
        .output()
        .expect("kaohe runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (tmp, out)
}

fn page(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The inline `<svg>` elements of `html`.
fn charts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg ") {
        let end = rest[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

/// How many charts of `kind` (`plot-<kind>`) `html` carries.
fn count(html: &str, kind: &str) -> usize {
    let class = format!("class=\"plot plot-{kind}\"");
    charts(html)
        .iter()
        .filter(|svg| svg.contains(&class))
        .count()
}

fn scored() -> (Site, Results) {
    let site = Site::load(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        LoadOptions::default(),
    )
    .expect("the bundled site loads");
    let results = Results::compute(&site);
    (site, results)
}

#[test]
fn every_inline_chart_is_well_formed_and_titled() {
    let (_tmp, out) = build();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.expect("listed");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).expect("read");
        for svg in charts(&html) {
            let doc =
                Document::parse(svg).unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
            let title = doc.descendants().find(|n| n.has_tag_name("title"));
            assert!(title.and_then(|t| t.text()).is_some_and(|t| !t.is_empty()));
            seen += 1;
        }
    }
    assert!(seen > 20, "{seen} charts in the whole site");
}

#[test]
fn each_table_has_a_trend_page_with_every_chart_and_the_overview_links_them() {
    let (site, results) = scored();
    let (_tmp, out) = build();
    let overview = page(&out, "trend.html");
    assert_eq!(count(&overview, "sparkline"), site.config.tables.len());
    for table in &site.config.tables {
        let href = format!("trend/{}.html", table.id);
        assert!(
            overview.contains(&format!("<a href=\"{href}\">")),
            "trend.html links to {href}"
        );
        let trend = page(&out, &href);
        assert!(trend.contains(&format!("id=\"table-{}\"", table.id)));
        assert_eq!(count(&trend, "trend"), 1, "{href}");
        assert_eq!(count(&trend, "shares"), 1, "{href}");
        assert_eq!(count(&trend, "survey-trend"), 1, "{href}");
        assert_eq!(count(&trend, "deductions"), 1, "{href}");
        // One group of changes per period after the first.
        let groups = trend.matches("<tr class=\"group\">").count();
        assert_eq!(groups, results.periods.len() - 1, "{href}");
        assert!(trend.contains("<a href=\"../trend.html\">历年趋势</a>"));
    }
    for rel in ["index.html", "measures.html", "periods/2024/index.html"] {
        assert!(
            page(&out, rel).contains("trend.html\">历年趋势</a>"),
            "{rel} links to it"
        );
    }
}

#[test]
fn home_shows_a_small_trend_of_every_table() {
    let (site, _) = scored();
    let (_tmp, out) = build();
    let home = page(&out, "index.html");
    assert_eq!(count(&home, "sparkline"), site.config.tables.len());
    assert!(home.contains("<a href=\"trend.html\">历年趋势："));
}

#[test]
fn period_pages_carry_category_bars_and_scorecards_the_survey_answers() {
    let (site, results) = scored();
    let (_tmp, out) = build();
    for (period, result) in site.periods.iter().zip(&results.periods) {
        let assessed = result.tables.iter().flatten().count();
        let surveyed = result
            .tables
            .iter()
            .flatten()
            .filter(|r| r.survey.is_some())
            .count();
        let overview = page(&out, &format!("periods/{}/index.html", period.id));
        assert_eq!(count(&overview, "categories"), assessed, "{}", period.id);
        // The overview gives each survey a row linking to the scorecard,
        // which draws the answers question by question.
        assert_eq!(count(&overview, "survey"), 0, "{}", period.id);
        assert_eq!(
            overview.matches("#survey\">查看</a>").count(),
            surveyed,
            "{}",
            period.id
        );
        let report = page(&out, &format!("periods/{}/report.html", period.id));
        assert_eq!(count(&report, "categories"), assessed, "{}", period.id);
        for (table, result) in site.config.tables.iter().zip(&result.tables) {
            let Some(result) = result else { continue };
            let card = page(&out, &format!("periods/{}/{}.html", period.id, table.id));
            assert_eq!(count(&card, "categories"), 1);
            let surveyed = usize::from(result.survey.is_some());
            assert_eq!(count(&card, "survey"), surveyed);
            assert_eq!(card.matches("<section id=\"survey\"").count(), surveyed);
        }
    }
}
