//! The charts each page shows, with their captions.
//!
//! The charts themselves are drawn by `render::chart`; this module only
//! decides which of them a page carries and how each is captioned, so
//! that the views of the pages stay free of drawing.

use super::Chart;
use crate::model::Site;
use crate::render::chart;
use crate::score::Results;

/// The caption of a chart about table `table`: 表1 政务云平台 ….
fn caption(site: &Site, table: usize, what: &str) -> String {
    format!("表{} {} {what}", table + 1, site.config.tables[table].title)
}

/// The home page's charts: a small trend of every table's total.
pub fn home(site: &Site, results: &Results) -> Vec<Chart> {
    (0..site.config.tables.len())
        .filter_map(|table| sparkline(site, results, table))
        .collect()
}

/// A small trend of table `table`'s total, captioned with the periods it
/// spans, or `None` if no period assessed the table.
pub fn sparkline(site: &Site, results: &Results, table: usize) -> Option<Chart> {
    let assessed = |p: &usize| results.periods[*p].tables[table].is_some();
    let first = (0..site.periods.len()).find(assessed)?;
    let last = (0..site.periods.len()).rfind(assessed)?;
    let span = if first == last {
        site.periods[first].label.clone()
    } else {
        format!("{}–{}", site.periods[first].label, site.periods[last].label)
    };
    Some(Chart::new(
        caption(site, table, &format!("总分走势（{span}）")),
        &chart::sparkline(site, results, table)?,
    ))
}

/// The category bars of every table of the site in period `period`,
/// `None` where the table was not assessed. The period's overview, its
/// conclusion report and each scorecard show them.
pub fn period(site: &Site, results: &Results, period: usize) -> Vec<Option<Chart>> {
    (0..site.config.tables.len())
        .map(|table| category_bars(site, results, period, table))
        .collect()
}

/// The category bars of table `table` in period `period`.
pub fn category_bars(site: &Site, results: &Results, period: usize, table: usize) -> Option<Chart> {
    Some(Chart::new(
        caption(site, table, "各类别得分（得分 / 分数）"),
        &chart::category_bars(site, results, period, table)?,
    ))
}

/// The survey answers of table `table` in period `period`, where tallied.
pub fn survey(site: &Site, results: &Results, period: usize, table: usize) -> Option<Chart> {
    Some(Chart::new(
        caption(site, table, "满意度调查：各题答案人数"),
        &chart::survey_bars(site, results, period, table)?,
    ))
}
