//! The charts in a real browser: headless Chromium lays out every label
//! of every chart of the bundled site and the fixture sites with the CJK
//! font CI installs (Noto Sans CJK), and no label may reach outside its
//! chart, nor be wider than kaohe estimated.
//!
//! The test is skipped, with a note, where no Chromium is installed;
//! `.ci/run` installs it.

use std::path::Path;
use std::process::Command;

use kaohe::model::{LoadOptions, Site};
use kaohe::render::chart;
use kaohe::score::Results;

/// Every chart of the site in `root`, none if it does not load.
fn charts_of(root: &Path) -> Vec<String> {
    let Ok(site) = Site::load(root, LoadOptions { drafts: true }) else {
        return Vec::new();
    };
    let results = Results::compute(&site);
    let mut charts = Vec::new();
    for t in 0..site.config.tables.len() {
        charts.extend(chart::total_trend(&site, &results, t));
        charts.extend(chart::category_trend(&site, &results, t));
        charts.extend(chart::sparkline(&site, &results, t));
        charts.extend(chart::survey_trend(&site, &results, t));
        charts.extend(chart::deduction_heatmap(&site, &results, t));
        for p in 0..site.periods.len() {
            charts.extend(chart::category_bars(&site, &results, p, t));
            charts.extend(chart::survey_bars(&site, &results, p, t));
        }
    }
    charts
}

/// The script that measures every label: its box in the chart's units
/// against the view box, and its drawn width against kaohe's estimate
/// (written into `data-estimate` before the page is loaded).
const MEASURE: &str = r#"<script>
const wrong = [];
let labels = 0;
for (const svg of document.querySelectorAll('svg')) {
  const view = svg.viewBox.baseVal;
  const name = svg.querySelector('title').textContent;
  for (const text of svg.querySelectorAll('text')) {
    labels += 1;
    const box = text.getBBox();
    const drawn = text.getComputedTextLength();
    const estimate = +text.dataset.estimate;
    const label = text.firstChild.nodeValue;
    if (box.x < -0.5 || box.x + box.width > view.width + 0.5
        || box.y < -0.5 || box.y + box.height > view.height + 0.5) {
      wrong.push(`${name}: "${label}" drawn at x ${box.x.toFixed(1)}..${(box.x + box.width).toFixed(1)}, y ${box.y.toFixed(1)}..${(box.y + box.height).toFixed(1)} in ${view.width}×${view.height}`);
    }
    if (drawn > estimate + 0.5) {
      wrong.push(`${name}: "${label}" drawn ${drawn.toFixed(1)} wide, estimated ${estimate.toFixed(1)}`);
    }
  }
}
document.body.textContent = `LABELS ${labels}\n` + wrong.join('\n');
</script>"#;

/// `svg` with each `<text>` given `data-estimate`, kaohe's estimate of
/// its width.
fn with_estimates(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("chart parses as XML");
    let mut out = String::new();
    let mut rest = svg;
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let size: f64 = node
            .attribute("font-size")
            .and_then(|s| s.parse().ok())
            .expect("size");
        let estimate = chart::text::width(node.text().unwrap_or(""), size);
        let at = rest.find("<text ").expect("the same text in the markup") + "<text ".len();
        out.push_str(&rest[..at]);
        out.push_str(&format!("data-estimate=\"{estimate:.2}\" "));
        rest = &rest[at..];
    }
    out.push_str(rest);
    out
}

/// The name of an installed Chromium, if any.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn every_label_fits_its_chart_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("no Chromium installed: skipping the browser check of chart labels");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut page = String::from("<!DOCTYPE html><meta charset=\"utf-8\"><body>\n");
    let mut count = 0;
    let mut sites = vec![root.to_path_buf()];
    for entry in std::fs::read_dir(root.join("tests/sites")).expect("tests/sites") {
        sites.push(entry.expect("an entry").path());
    }
    sites.sort();
    for site in &sites {
        for svg in charts_of(site) {
            page.push_str(&with_estimates(&svg));
            count += 1;
        }
    }
    page.push_str(MEASURE);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("charts.html");
    std::fs::write(&file, page).expect("page written");

    let profile = dir.path().join("profile");
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args(["--disable-background-networking", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("Chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    let body = dom
        .split_once("<body>")
        .and_then(|(_, rest)| rest.split_once("</body>"))
        .map(|(body, _)| body.trim())
        .unwrap_or_else(|| panic!("no page from Chromium: {dom}"));
    let mut lines = body.lines();
    let labels: usize = lines
        .next()
        .and_then(|l| l.strip_prefix("LABELS "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the measuring script did not run: {body}"));
    assert!(
        count > 20 && labels > 500,
        "{count} charts, {labels} labels"
    );
    let wrong: Vec<&str> = lines.collect();
    assert!(
        wrong.is_empty(),
        "labels that do not fit:\n{}",
        wrong.join("\n")
    );
}
