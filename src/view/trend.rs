//! The trend pages (趋势): every table across all periods.
//!
//! trend.html gives each table a card: its small total trend, its latest
//! result and a link to the table's own trend page, `trend/<table>.html`.
//! That page shows the total against the grade bands, each category as a
//! share of its maximum, the survey index, the items that lose points
//! period after period, and for each period the items whose score moved
//! most since the period before. Each chart has its numbers beside it in
//! a table, for print and for screen readers. One page per table keeps
//! each page a size a browser opens at once, however many tables and
//! periods a site has.

use serde::Serialize;

use super::{Chart, NavLink, PeriodRef, Summaries, Summary, TableRef, table_ref};
use crate::model::Site;
use crate::render::chart::{self, PeriodChanges};
use crate::score::{Results, format_points, format_score};

/// The trend overview's path, relative to the site root.
pub const PATH: &str = "trend.html";

/// The folder of the tables' trend pages.
pub const FOLDER: &str = "trend";

/// How many items the list of biggest changes shows per period.
const CHANGES: usize = 5;

/// The trend page of table `table`, such as `trend/platform.html`.
pub fn table_path(table: &str) -> String {
    format!("{FOLDER}/{table}.html")
}

/// What the trend overview shows.
#[derive(Clone, Debug, Serialize)]
pub struct TrendView {
    /// One card per table, in the site's order.
    pub tables: Vec<TrendCard>,
}

/// One table in the trend overview.
#[derive(Clone, Debug, Serialize)]
pub struct TrendCard {
    /// The table.
    pub table: TableRef,
    /// The table's trend page.
    pub href: String,
    /// How many periods assessed the table.
    pub assessed: usize,
    /// How many of them vetoed it.
    pub vetoes: usize,
    /// The latest period that assessed the table, with its result.
    pub latest: Option<LatestResult>,
    /// The total across periods, small.
    pub chart: Option<Chart>,
}

/// A table's result in the latest period that assessed it.
#[derive(Clone, Debug, Serialize)]
pub struct LatestResult {
    /// The period.
    pub period: PeriodRef,
    /// The result.
    pub summary: Summary,
}

/// One table across all periods.
#[derive(Clone, Debug, Serialize)]
pub struct TableTrend {
    /// The table.
    pub table: TableRef,
    /// The categories' names and points, the columns of `rows`.
    pub categories: Vec<CategoryHead>,
    /// The number of columns after the period's, for a row that was not
    /// assessed.
    pub span: usize,
    /// Each period's result, oldest first; `None` where not assessed.
    pub rows: Vec<TrendRow>,
    /// The total and the category shares across periods.
    pub charts: Vec<Chart>,
    /// The survey index across periods, where any survey was tallied.
    pub survey: Option<Chart>,
    /// The items that lost points, by period, where any did.
    pub deductions: Option<Chart>,
    /// For each period after the first, the items that changed most.
    pub changes: Vec<ChangesView>,
    /// The trend page of the table before, if any.
    pub previous: Option<NavLink>,
    /// The trend page of the table after, if any.
    pub next: Option<NavLink>,
}

/// A category as a column head.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryHead {
    /// The category's name.
    pub name: String,
    /// Its points.
    pub points: String,
}

/// One period's row in a table's trend.
#[derive(Clone, Debug, Serialize)]
pub struct TrendRow {
    /// The period.
    pub period: PeriodRef,
    /// The table's result, where the period assessed it.
    pub summary: Option<Summary>,
    /// True if and only if the provider differs from the one assessed
    /// the time before.
    pub new_provider: bool,
}

/// The items whose score changed most in one period.
#[derive(Clone, Debug, Serialize)]
pub struct ChangesView {
    /// The period.
    pub period: PeriodRef,
    /// The period compared against.
    pub previous: PeriodRef,
    /// The items, the biggest change first; empty when nothing changed.
    pub items: Vec<ChangeView>,
}

/// One item's change of score.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeView {
    /// The item's id, such as P05.
    pub id: String,
    /// Its requirement.
    pub requirement: String,
    /// Its points.
    pub points: String,
    /// Its score the time before.
    pub before: String,
    /// Its score now.
    pub after: String,
    /// The change with its sign: `+2.00`, `-1.50`.
    pub delta: String,
    /// True if and only if the item gained points.
    pub gained: bool,
}

impl TrendView {
    /// The trend overview of `site`.
    pub fn new(site: &Site, results: &Results, summaries: &Summaries) -> TrendView {
        TrendView {
            tables: (0..site.config.tables.len())
                .map(|table| TrendCard::new(site, results, summaries, table))
                .collect(),
        }
    }
}

impl TrendCard {
    /// The card of table `table`.
    fn new(site: &Site, results: &Results, summaries: &Summaries, table: usize) -> TrendCard {
        let assessed: Vec<usize> = (0..site.periods.len())
            .filter(|&p| results.periods[p].tables[table].is_some())
            .collect();
        let latest = assessed.last().and_then(|&index| {
            Some(LatestResult {
                period: PeriodRef::new(&site.periods[index]),
                summary: summaries.get(index, table)?,
            })
        });
        TrendCard {
            table: table_ref(site, table),
            href: table_path(&site.config.tables[table].id),
            assessed: assessed.len(),
            vetoes: assessed
                .iter()
                .filter(|&&p| site.periods[p].veto(table).is_some())
                .count(),
            latest,
            chart: super::charts::sparkline(site, results, table),
        }
    }
}

impl TableTrend {
    /// The trend of table `table`.
    pub fn new(site: &Site, results: &Results, summaries: &Summaries, table: usize) -> TableTrend {
        let title = &site.config.tables[table].title;
        let chart = |what: &str, svg: Option<String>| {
            svg.map(|svg| Chart::new(format!("表{} {title} {what}", table + 1), &svg))
        };
        let charts = [
            chart("历年总分与等次", chart::total_trend(site, results, table)),
            chart("各类别得分率", chart::category_trend(site, results, table)),
        ];
        TableTrend {
            table: table_ref(site, table),
            categories: site.rubrics[table]
                .categories
                .iter()
                .map(|c| CategoryHead {
                    name: c.name.clone(),
                    points: format_points(c.points),
                })
                .collect(),
            span: site.rubrics[table].categories.len() + 3,
            rows: rows(site, results, summaries, table),
            charts: charts.into_iter().flatten().collect(),
            survey: chart("历年满意度指数", chart::survey_trend(site, results, table)),
            deductions: chart(
                "历年扣分条目",
                chart::deduction_heatmap(site, results, table),
            ),
            changes: chart::biggest_changes(results, table, CHANGES)
                .iter()
                .map(|c| changes_view(site, table, c))
                .collect(),
            previous: table.checked_sub(1).map(|t| trend_link(site, t)),
            next: (table + 1 < site.config.tables.len()).then(|| trend_link(site, table + 1)),
        }
    }
}

/// A link to table `table`'s trend page: 表2 政务云机房.
fn trend_link(site: &Site, table: usize) -> NavLink {
    let def = &site.config.tables[table];
    NavLink {
        title: format!("表{} {}", table + 1, def.title),
        href: table_path(&def.id),
    }
}

/// Each period's row for table `table`.
fn rows(site: &Site, results: &Results, summaries: &Summaries, table: usize) -> Vec<TrendRow> {
    let mut last_provider: Option<&str> = None;
    let mut rows = Vec::new();
    for (index, period) in site.periods.iter().enumerate() {
        let result = results.periods[index].tables[table].as_ref();
        let new_provider = match (result, last_provider) {
            (Some(r), Some(last)) => r.provider != last,
            _ => false,
        };
        if let Some(result) = result {
            last_provider = Some(&result.provider);
        }
        rows.push(TrendRow {
            period: PeriodRef::new(period),
            summary: summaries.get(index, table),
            new_provider,
        });
    }
    rows
}

/// The view of one period's changes.
fn changes_view(site: &Site, table: usize, changes: &PeriodChanges) -> ChangesView {
    let items = &site.rubrics[table].items;
    ChangesView {
        period: PeriodRef::new(&site.periods[changes.period]),
        previous: PeriodRef::new(&site.periods[changes.previous]),
        items: changes
            .items
            .iter()
            .map(|change| {
                let item = &items[change.item];
                let delta = change.delta();
                ChangeView {
                    id: item.id.clone(),
                    requirement: item.requirement.clone(),
                    points: format_points(item.points),
                    before: format_score(change.before),
                    after: format_score(change.after),
                    delta: if delta.is_sign_positive() {
                        format!("+{}", format_score(delta))
                    } else {
                        format_score(delta)
                    },
                    gained: delta.is_sign_positive(),
                }
            })
            .collect(),
    }
}
