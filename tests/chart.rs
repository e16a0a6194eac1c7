//! The charts, drawn for the bundled site and for a site whose rubric has
//! other categories (`tests/sites/chart-rubric`: four categories with
//! long Chinese names, a change of provider, a veto, a period that skips
//! a table).
//!
//! Every chart must parse as XML, carry a title and a description, keep
//! every label inside its view box, draw the numbers the scoring
//! computed, and come out byte for byte the same from the same input.

use std::path::{Path, PathBuf};

use kaohe::model::{LoadOptions, Site};
use kaohe::render::chart;
use kaohe::score::{Results, format_points, format_score};
use roxmltree::{Document, Node};
use rust_decimal::Decimal;

fn bundled() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    bundled().join("tests/sites/chart-rubric")
}

/// Loads and scores the site in `root`, drafts included.
fn scored(root: &Path) -> (Site, Results) {
    let options = LoadOptions { drafts: true };
    let site = Site::load(root, options).expect("a valid site");
    let results = Results::compute(&site);
    (site, results)
}

/// Every chart of the site, named for failure messages, in a fixed order.
fn all_charts(site: &Site, results: &Results) -> Vec<(String, String)> {
    let mut charts = Vec::new();
    for (t, table) in site.config.tables.iter().enumerate() {
        let name = |kind: &str| format!("{kind} {}", table.id);
        let whole = [
            ("total", chart::total_trend(site, results, t)),
            ("shares", chart::category_trend(site, results, t)),
            ("sparkline", chart::sparkline(site, results, t)),
            ("survey-trend", chart::survey_trend(site, results, t)),
            ("heatmap", chart::deduction_heatmap(site, results, t)),
        ];
        for (kind, svg) in whole {
            charts.extend(svg.map(|svg| (name(kind), svg)));
        }
        for (p, period) in site.periods.iter().enumerate() {
            let name = |kind: &str| format!("{kind} {} {}", table.id, period.id);
            charts.extend(chart::category_bars(site, results, p, t).map(|s| (name("bars"), s)));
            charts.extend(chart::survey_bars(site, results, p, t).map(|s| (name("survey"), s)));
        }
    }
    charts
}

/// The `<text>` elements of a chart, in document order.
fn texts<'a>(doc: &'a Document) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect()
}

/// The contents of every `<text>` element.
fn labels(svg: &str) -> Vec<String> {
    let doc = Document::parse(svg).expect("chart parses as XML");
    texts(&doc)
        .iter()
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

/// The text of the chart's `<desc>`.
fn desc(svg: &str) -> String {
    let doc = Document::parse(svg).expect("chart parses as XML");
    let node = doc.descendants().find(|n| n.has_tag_name("desc"));
    node.and_then(|n| n.text()).unwrap_or("").to_string()
}

fn number(node: &Node, attribute: &str) -> f64 {
    let value = node
        .attribute(attribute)
        .unwrap_or_else(|| panic!("{attribute} is missing"));
    value
        .parse()
        .unwrap_or_else(|_| panic!("{attribute}=\"{value}\" is not a number"))
}

/// The chart's view box as (width, height).
fn view_box(doc: &Document) -> (f64, f64) {
    let root = doc.root_element();
    let parts: Vec<f64> = root
        .attribute("viewBox")
        .expect("a viewBox")
        .split(' ')
        .map(|p| p.parse().expect("a number"))
        .collect();
    assert_eq!(parts[..2], [0.0, 0.0]);
    (parts[2], parts[3])
}

/// Asserts that every label of `svg`, measured as the charts measure
/// text, lies within the view box.
fn assert_labels_inside(name: &str, svg: &str) {
    let doc = Document::parse(svg).expect("chart parses as XML");
    let (width, height) = view_box(&doc);
    for node in texts(&doc) {
        let content = node.text().unwrap_or("");
        let (x, y, size) = (
            number(&node, "x"),
            number(&node, "y"),
            number(&node, "font-size"),
        );
        let wide = chart::text::width(content, size);
        let left = match node.attribute("text-anchor") {
            Some("middle") => x - wide / 2.0,
            Some("end") => x - wide,
            _ => x,
        };
        let place = format!(
            "{name}: label \"{content}\" at x {left:.1}..{:.1}, y {y}",
            left + wide
        );
        assert!(
            left >= 0.0 && left + wide <= width,
            "{place} leaves the width {width}"
        );
        let top = y - size * chart::text::ASCENT;
        let bottom = y + size * chart::text::DESCENT;
        assert!(
            top >= 0.0 && bottom <= height,
            "{place} leaves the height {height}"
        );
    }
}

#[test]
fn every_chart_parses_with_a_title_a_description_and_a_scalable_view_box() {
    for root in [bundled(), fixture()] {
        let (site, results) = scored(&root);
        let charts = all_charts(&site, &results);
        assert!(charts.len() > 10, "{} charts", charts.len());
        for (name, svg) in charts {
            let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
            let svg_node = doc.root_element();
            assert!(svg_node.has_tag_name("svg"), "{name}");
            assert_eq!(svg_node.attribute("width"), Some("100%"), "{name}");
            assert_eq!(svg_node.attribute("role"), Some("img"), "{name}");
            let first: Vec<&str> = svg_node
                .children()
                .filter(Node::is_element)
                .take(2)
                .map(|n| n.tag_name().name())
                .collect();
            assert_eq!(first, ["title", "desc"], "{name}");
            assert!(!desc(&svg).is_empty(), "{name} has an empty desc");
            let (width, height) = view_box(&doc);
            assert!(width > 0.0 && height > 0.0, "{name}");
        }
    }
}

#[test]
fn no_label_leaves_its_chart() {
    for root in [bundled(), fixture()] {
        let (site, results) = scored(&root);
        for (name, svg) in all_charts(&site, &results) {
            assert_labels_inside(&name, &svg);
        }
    }
}

#[test]
fn every_fixture_site_draws_its_charts_within_bounds() {
    // Sites with one period, six periods, grades of their own, surveys
    // with unanswered questions: every chart of each keeps its labels in.
    let sites = bundled().join("tests/sites");
    let mut drawn = 0;
    for entry in std::fs::read_dir(&sites).expect("tests/sites") {
        let root = entry.expect("an entry").path();
        let Ok(site) = Site::load(&root, LoadOptions { drafts: true }) else {
            continue;
        };
        let results = Results::compute(&site);
        for (name, svg) in all_charts(&site, &results) {
            Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {name}: {e}", root.display()));
            assert_labels_inside(&format!("{}: {name}", root.display()), &svg);
            drawn += 1;
        }
    }
    assert!(drawn > 50, "{drawn} charts drawn");
}

#[test]
fn charts_are_byte_identical_across_two_builds() {
    let (site, results) = scored(&bundled());
    let first = all_charts(&site, &results);
    let (site, results) = scored(&bundled());
    assert_eq!(first, all_charts(&site, &results));
}

#[test]
fn category_bars_label_every_category_with_its_score_and_maximum() {
    let (site, results) = scored(&bundled());
    for (p, period) in results.periods.iter().enumerate() {
        for (t, result) in period.tables.iter().enumerate() {
            let Some(result) = result else { continue };
            let svg = chart::category_bars(&site, &results, p, t).expect("a chart");
            let labels = labels(&svg);
            for (category, score) in site.rubrics[t].categories.iter().zip(&result.categories) {
                let value = format!(
                    "{} / {}",
                    format_score(*score),
                    format_points(category.points)
                );
                assert!(labels.contains(&category.name), "{} missing", category.name);
                assert!(labels.contains(&value), "{value} missing from {labels:?}");
            }
            assert!(desc(&svg).contains(&format!("总分 {}", format_score(result.total))));
        }
    }
}

#[test]
fn category_bars_are_as_long_as_the_share_of_the_maximum() {
    let (site, results) = scored(&bundled());
    let svg = chart::category_bars(&site, &results, 3, 0).expect("a chart");
    let doc = Document::parse(&svg).expect("XML");
    let rect = |fill: &str| -> Vec<f64> {
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(fill))
            .map(|n| number(&n, "width"))
            .collect()
    };
    let (tracks, bars) = (rect("#EAEAEA"), rect("#1F4E79"));
    let result = results.periods[3].tables[0].as_ref().expect("assessed");
    assert_eq!(bars.len(), site.rubrics[0].categories.len());
    for ((track, bar), (category, score)) in tracks
        .iter()
        .zip(&bars)
        .zip(site.rubrics[0].categories.iter().zip(&result.categories))
    {
        let share = (score / category.points)
            .to_string()
            .parse::<f64>()
            .expect("share");
        assert!(
            (bar - track * share).abs() <= 0.5,
            "{} {bar} of {track}",
            category.name
        );
    }
}

#[test]
fn long_category_names_wrap_without_loss() {
    let (site, results) = scored(&fixture());
    let svg = chart::category_bars(&site, &results, 0, 0).expect("a chart");
    let labels = labels(&svg);
    let long = "云平台运维服务质量、故障处置与重大活动保障能力";
    let at = labels
        .iter()
        .position(|l| long.starts_with(l.as_str()))
        .expect("first line");
    assert_ne!(labels[at], long, "the long name is wrapped");
    assert_eq!(format!("{}{}", labels[at], labels[at + 1]), long);
    for name in [
        "基础设施与机房环境保障能力",
        "信息安全与数据保护",
        "用户满意度与持续改进",
    ] {
        assert!(labels.iter().any(|l| l == name), "{name} in {labels:?}");
    }
    // 2022年度 cloud: 25 − 5, 40 − 5, 15 − 0, 20 − 3.5.
    for value in ["20.00 / 25", "35.00 / 40", "15.00 / 15", "16.50 / 20"] {
        assert!(labels.iter().any(|l| l == value), "{value} in {labels:?}");
    }
}

#[test]
fn total_trend_labels_each_total_and_marks_vetoes_and_provider_changes() {
    let (site, results) = scored(&bundled());
    for t in 0..site.config.tables.len() {
        let svg = chart::total_trend(&site, &results, t).expect("a chart");
        let labels = labels(&svg);
        let mut vetoes = 0;
        for period in &results.periods {
            let result = period.tables[t].as_ref().expect("assessed");
            assert!(labels.contains(&format_score(result.total)));
            vetoes += usize::from(result.vetoed);
        }
        let count = |text: &str| labels.iter().filter(|l| *l == text).count();
        assert_eq!(count("一票否决"), vetoes, "table {t}");
        for grade in &site.config.grades {
            assert_eq!(count(&grade.name), 1, "band {}", grade.name);
        }
    }
    // The platform changed provider in 2023, the data centre never did.
    let platform = labels(&chart::total_trend(&site, &results, 0).expect("a chart"));
    let datacenter = labels(&chart::total_trend(&site, &results, 1).expect("a chart"));
    assert_eq!(platform.iter().filter(|l| *l == "更换服务商").count(), 1);
    assert_eq!(datacenter.iter().filter(|l| *l == "更换服务商").count(), 0);
    assert_eq!(datacenter.iter().filter(|l| *l == "一票否决").count(), 1);
}

#[test]
fn trends_leave_a_gap_where_a_period_skipped_the_table() {
    let (site, results) = scored(&fixture());
    let svg = chart::total_trend(&site, &results, 1).expect("a chart");
    let labels = labels(&svg);
    // room: 2022年度 50 + 40, 2024年度 60 + 30; 2023年度 not assessed.
    assert_eq!(labels.iter().filter(|l| *l == "90.00").count(), 2);
    assert!(desc(&svg).contains("2023年度 未考核"));
    let doc = Document::parse(&svg).expect("XML");
    let points = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert_eq!(points, 2);
}

#[test]
fn category_shares_name_every_category_and_give_each_share() {
    let (site, results) = scored(&fixture());
    let svg = chart::category_trend(&site, &results, 0).expect("a chart");
    let labels = labels(&svg);
    for category in &site.rubrics[0].categories {
        assert!(labels.contains(&category.name), "{}", category.name);
    }
    // 2023年度: 21 of 25, 20 of 40, 0 of 15, 17 of 20; vetoed.
    let desc = desc(&svg);
    assert!(
        desc.contains("2023年度（一票否决） 基础设施与机房环境保障能力 84%"),
        "{desc}"
    );
    assert!(
        desc.contains("信息安全与数据保护 0%，用户满意度与持续改进 85%"),
        "{desc}"
    );
    assert!(labels.contains(&"一票否决".to_string()));
    assert!(labels.contains(&"更换服务商".to_string()));
}

#[test]
fn survey_bars_show_the_index_the_forms_and_each_question() {
    let (site, results) = scored(&bundled());
    for (p, period) in results.periods.iter().enumerate() {
        for (t, result) in period.tables.iter().enumerate() {
            let survey = result.as_ref().and_then(|r| r.survey.as_ref());
            let svg = chart::survey_bars(&site, &results, p, t);
            let (Some(survey), Some(svg)) = (survey, svg) else {
                assert!(survey.is_none(), "a survey without a chart");
                continue;
            };
            let labels = labels(&svg);
            let index = format_score(survey.index.expect("answered"));
            let headline = format!("满意度指数 {index}　回收问卷 {} 份", survey.responses);
            assert_eq!(labels[0], headline);
            for (question, result) in site.questions.iter().zip(&survey.questions) {
                assert!(labels.contains(&question.id));
                assert!(labels.contains(&format_score(result.index.expect("answered"))));
            }
            let doc = Document::parse(&svg).expect("XML");
            let parts = doc
                .descendants()
                .filter(|n| n.has_tag_name("rect") && n.attribute("fill") != Some("none"))
                .count();
            let answered: usize = survey
                .questions
                .iter()
                .map(|q| q.counts.iter().filter(|c| **c > 0).count())
                .sum();
            // One swatch per answer in the legend, one part per count.
            assert_eq!(parts, 4 + answered);
        }
    }
}

#[test]
fn survey_parts_are_as_long_as_their_counts() {
    let (site, results) = scored(&fixture());
    // 2022年度 cloud, Q1: A 10, B 5, C 3, D 2 of 20.
    let svg = chart::survey_bars(&site, &results, 0, 0).expect("a chart");
    let doc = Document::parse(&svg).expect("XML");
    let widths: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") != Some("none"))
        .skip(4)
        .take(4)
        .map(|n| number(&n, "width"))
        .collect();
    let whole: f64 = widths.iter().sum();
    for (width, count) in widths.iter().zip([10.0, 5.0, 3.0, 2.0]) {
        assert!((width / whole - count / 20.0).abs() < 0.01, "{widths:?}");
    }
    // Q1's index: (10 × 100 + 5 × 80 + 3 × 60 + 2 × 40) / 20.
    let labels = labels(&svg);
    assert!(labels.contains(&"83.00".to_string()), "{labels:?}");
}

#[test]
fn an_unanswered_question_reads_as_such() {
    let (site, results) = scored(&fixture());
    // 2024年度 cloud: Q3 tallied with no answers.
    let svg = chart::survey_bars(&site, &results, 2, 0).expect("a chart");
    assert!(labels(&svg).contains(&"未作答".to_string()));
    assert!(desc(&svg).contains("Q3 您对服务总体情况是否满意？：A 0、B 0、C 0、D 0，未作答"));
}

#[test]
fn survey_trend_gives_each_index_and_the_forms_returned() {
    let (site, results) = scored(&bundled());
    for t in 0..site.config.tables.len() {
        let svg = chart::survey_trend(&site, &results, t).expect("a chart");
        let labels = labels(&svg);
        for period in &results.periods {
            let result = period.tables[t].as_ref().expect("assessed");
            if let Some(survey) = &result.survey {
                assert!(labels.contains(&format_score(survey.index.expect("answered"))));
                assert!(labels.contains(&format!("{} 份", survey.responses)));
            }
        }
    }
    // The fixture's room table has no survey at all.
    let (site, results) = scored(&fixture());
    assert_eq!(chart::survey_trend(&site, &results, 1), None);
}

#[test]
fn heatmap_has_a_row_per_item_that_lost_points_and_its_losses() {
    let (site, results) = scored(&bundled());
    for (t, rubric) in site.rubrics.iter().enumerate() {
        let svg = chart::deduction_heatmap(&site, &results, t).expect("a chart");
        let labels = labels(&svg);
        for (i, item) in rubric.items.iter().enumerate() {
            let losses: Vec<Decimal> = results
                .periods
                .iter()
                .filter_map(|p| p.tables[t].as_ref())
                .map(|r| item.points - r.items[i].score)
                .filter(|lost| *lost > Decimal::ZERO)
                .collect();
            let row = labels
                .iter()
                .position(|l| l.starts_with(&format!("{} ", item.id)));
            assert_eq!(row.is_some(), !losses.is_empty(), "row for {}", item.id);
            let Some(row) = row else { continue };
            let cells: Vec<String> = losses
                .iter()
                .map(|l| format!("-{}", format_points(*l)))
                .collect();
            assert_eq!(
                labels[row + 1..row + 1 + cells.len()],
                cells[..],
                "{}",
                item.id
            );
            assert_eq!(
                labels[row + 1 + cells.len()],
                losses.len().to_string(),
                "{}",
                item.id
            );
        }
    }
}

#[test]
fn heatmap_marks_periods_that_skipped_the_table() {
    let (site, results) = scored(&fixture());
    let svg = chart::deduction_heatmap(&site, &results, 1).expect("a chart");
    let labels = labels(&svg);
    // room: R01 lost 10 in 2022年度, R02 10 in 2024年度; 2023年度 skipped.
    assert_eq!(labels.iter().filter(|l| *l == "未考核").count(), 2);
    assert_eq!(labels.iter().filter(|l| *l == "-10").count(), 2);
}

#[test]
fn biggest_changes_rank_items_by_the_size_of_the_change() {
    let (site, results) = scored(&fixture());
    let ids = |changes: &chart::PeriodChanges| -> Vec<String> {
        let items = &site.rubrics[0].items;
        changes
            .items
            .iter()
            .map(|c| items[c.item].id.clone())
            .collect()
    };
    let cloud = chart::biggest_changes(&results, 0, 5);
    assert_eq!(cloud.len(), 2);
    // 2023年度 against 2022年度: C05 −15, C04 −10, C03 −5, C02 +3, then
    // C01 −2 and C07 +2 tie and rubric order keeps C01.
    assert_eq!((cloud[0].period, cloud[0].previous), (1, 0));
    assert_eq!(ids(&cloud[0]), ["C05", "C04", "C03", "C02", "C01"]);
    assert_eq!(cloud[0].items[0].delta(), Decimal::from(-15));
    // 2024年度 against 2023年度: C05 +15, C03 +10, C04 +10, C01 +4, C02 −3.
    assert_eq!(ids(&cloud[1]), ["C05", "C03", "C04", "C01", "C02"]);
    // room skipped 2023年度, so 2024年度 compares with 2022年度.
    let room = chart::biggest_changes(&results, 1, 5);
    assert_eq!(room.len(), 1);
    assert_eq!((room[0].period, room[0].previous), (2, 0));
    let deltas: Vec<Decimal> = room[0].items.iter().map(|c| c.delta()).collect();
    assert_eq!(deltas, [Decimal::from(10), Decimal::from(-10)]);
}

#[test]
fn sparkline_labels_the_latest_total() {
    let (site, results) = scored(&bundled());
    for t in 0..site.config.tables.len() {
        let latest = results
            .periods
            .last()
            .and_then(|p| p.tables[t].as_ref())
            .expect("assessed");
        let svg = chart::sparkline(&site, &results, t).expect("a chart");
        assert_eq!(labels(&svg), [format_score(latest.total)]);
    }
}
