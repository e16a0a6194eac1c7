//! The home page: the latest period at a glance and every period listed.

use serde::Serialize;

use super::{Chart, PeriodRef, Summaries, Summary, TableRef, table_ref};
use crate::model::Site;
use crate::score::Results;

/// What the home page shows.
#[derive(Clone, Debug, Serialize)]
pub struct HomeView {
    /// The page's heading: the introduction's title, else the site's.
    pub heading: String,
    /// The introduction from content/_index.md, rendered.
    pub intro: Option<String>,
    /// The latest period, shown at a glance.
    pub latest: Option<LatestPeriod>,
    /// Every period, newest first.
    pub periods: Vec<PeriodSummary>,
    /// The site's tables, the columns of the period list.
    pub tables: Vec<TableRef>,
    /// Charts for the home page.
    pub charts: Vec<Chart>,
}

/// The latest period at a glance.
#[derive(Clone, Debug, Serialize)]
pub struct LatestPeriod {
    /// The period.
    pub period: PeriodRef,
    /// The results of the tables that were assessed.
    pub assessed: Vec<Summary>,
}

/// One period's results in brief, a row of the list of periods.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodSummary {
    /// The period.
    pub period: PeriodRef,
    /// For each table of the site, its result where it was assessed.
    pub cells: Vec<Option<Summary>>,
}

impl HomeView {
    /// The home page of `site`, with `intro` already rendered.
    pub fn new(
        (site, results, summaries): (&Site, &Results, &Summaries),
        title: Option<String>,
        intro: Option<String>,
    ) -> HomeView {
        let mut periods: Vec<PeriodSummary> = (0..site.periods.len())
            .map(|index| PeriodSummary::new(site, summaries, index))
            .collect();
        periods.reverse();
        HomeView {
            heading: title.unwrap_or_else(|| site.config.title.clone()),
            intro,
            latest: periods.first().map(|latest| LatestPeriod {
                period: latest.period.clone(),
                assessed: latest.cells.iter().flatten().cloned().collect(),
            }),
            periods,
            tables: (0..site.config.tables.len())
                .map(|t| table_ref(site, t))
                .collect(),
            charts: super::charts::home(site, results),
        }
    }
}

impl PeriodSummary {
    /// The summary of period `index` of the site.
    pub fn new(site: &Site, summaries: &Summaries, index: usize) -> PeriodSummary {
        PeriodSummary {
            period: PeriodRef::new(&site.periods[index]),
            cells: (0..site.config.tables.len())
                .map(|table| summaries.get(index, table))
                .collect(),
        }
    }
}
