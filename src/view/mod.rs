//! The view: what templates and charts read, kept apart from the model.
//!
//! Each page of the site has a view type here, built from the site and
//! its results and serialised into the template's context. Numbers
//! arrive formatted as the site shows them (scores with two decimals,
//! points as written, fee deductions as percentages), links arrive
//! relative to the site root (templates put `root` before them), and
//! markdown arrives rendered. Templates make no decisions about the
//! assessment: everything they show is decided here.
//!
//! Every view with room for charts has a `charts` list; a chart is SVG
//! markup drawn by kaohe itself, inserted as is.

pub mod charts;
pub mod export;
pub mod form;
pub mod home;
pub mod period;
pub mod report;
pub mod rubric;
pub mod scorecard;
pub mod trend;

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::model::Site;
use crate::model::period::{Period, Status, Veto};
use crate::model::rubric::Rubric;
use crate::score::{Results, TableResult, format_fee, format_points, format_score};
use home::HomeView;
use period::PeriodView;
use report::ReportView;
use rubric::{RubricIndexView, RubricView};
use scorecard::ScorecardView;
use trend::{TableTrend, TrendView};

/// Every page of the site, ready for its template.
#[derive(Clone, Debug)]
pub struct Views {
    /// What every page shows about the site.
    pub site: SiteInfo,
    /// The navigation, the same on every page.
    pub nav: Vec<NavLink>,
    /// The home page.
    pub home: Page<HomeView>,
    /// Each period's conclusion, rendered, in the site's period order.
    pub conclusions: Vec<Option<String>>,
    /// Each table's rubric.
    pub rubrics: Vec<Page<RubricView>>,
    /// The page listing every table's rubric.
    pub rubric_index: Page<RubricIndexView>,
    /// The markdown pages under content/.
    pub pages: Vec<Page<ContentView>>,
    /// The blank forms to print: scoring forms and the survey form.
    pub forms: form::Forms,
}

/// The site's markdown, already rendered for the pages it lands on.
#[derive(Clone, Debug, Default)]
pub struct Content {
    /// The home page's introduction (content/_index.md).
    pub intro: Option<String>,
    /// The title of content/_index.md, the home page's heading.
    pub intro_title: Option<String>,
    /// Each period's conclusion, in the site's period order.
    pub conclusions: Vec<Option<String>>,
    /// The other pages, in navigation order.
    pub pages: Vec<Page<ContentView>>,
}

/// A markdown page under content/.
#[derive(Clone, Debug, Serialize)]
pub struct ContentView {
    /// The page's title.
    pub title: String,
    /// The page's body, rendered.
    pub html: String,
}

impl Views {
    /// The views of every page of `site`, with its markdown `content`.
    pub fn new(site: &Site, results: &Results, summaries: &Summaries, content: Content) -> Views {
        let config = &site.config;
        let tables = 0..config.tables.len();
        let mut conclusions = content.conclusions;
        conclusions.resize(site.periods.len(), None);
        let mut nav = vec![NavLink {
            title: "首页".to_string(),
            href: HOME_PATH.to_string(),
        }];
        nav.push(NavLink {
            title: "历年趋势".to_string(),
            href: trend::PATH.to_string(),
        });
        if config.tables.len() <= NAV_TABLES {
            nav.extend(tables.clone().map(|t| NavLink {
                title: format!("{}评分表", config.tables[t].title),
                href: rubric_path(&config.tables[t].id),
            }));
        } else {
            nav.push(NavLink {
                title: "评分表".to_string(),
                href: RUBRICS_PATH.to_string(),
            });
        }
        nav.extend(content.pages.iter().map(|p| NavLink {
            title: p.title.clone(),
            href: p.path.clone(),
        }));
        nav.push(NavLink {
            title: "空白表格".to_string(),
            href: form::index_path(),
        });
        Views {
            site: SiteInfo {
                title: config.title.clone(),
                organizer: config.organizer.clone(),
                project: config.project.clone(),
                scope: config.scope.clone(),
            },
            nav,
            home: Page {
                path: HOME_PATH.to_string(),
                title: config.title.clone(),
                view: HomeView::new(
                    (site, results, summaries),
                    content.intro_title,
                    content.intro,
                ),
            },
            conclusions,
            rubric_index: Page {
                path: RUBRICS_PATH.to_string(),
                title: "评分表".to_string(),
                view: RubricIndexView::new(site),
            },
            rubrics: tables
                .map(|t| Page {
                    path: rubric_path(&config.tables[t].id),
                    title: format!("表{} {}评分表", t + 1, config.tables[t].title),
                    view: RubricView::new(site, t),
                })
                .collect(),
            pages: content.pages,
            forms: form::Forms::new(site),
        }
    }
}

/// The trend overview: a card for every table.
pub fn trend_page(site: &Site, results: &Results, summaries: &Summaries) -> Page<TrendView> {
    Page {
        path: trend::PATH.to_string(),
        title: "历年趋势".to_string(),
        view: TrendView::new(site, results, summaries),
    }
}

/// The trend page of table `table`: its results across all periods.
pub fn table_trend_page(
    site: &Site,
    results: &Results,
    summaries: &Summaries,
    table: usize,
) -> Page<TableTrend> {
    let def = &site.config.tables[table];
    Page {
        path: trend::table_path(&def.id),
        title: format!("表{} {}历年趋势", table + 1, def.title),
        view: TableTrend::new(site, results, summaries, table),
    }
}

/// The overview page of period `index`, with its rendered `conclusion`
/// and the category bars of its tables, `charts`. Period pages, reports,
/// scorecards and the trend pages carry charts and grow with the site,
/// so they are made one at a time as they are rendered rather than all
/// kept in memory; a period's category bars are drawn once for its
/// overview, report and scorecards.
pub fn period_page(
    site: &Site,
    results: &Results,
    summaries: &Summaries,
    index: usize,
    (conclusion, charts): (Option<String>, Vec<Chart>),
) -> Page<PeriodView> {
    let period = &site.periods[index];
    let mut view = PeriodView::new(site, results, summaries, index, conclusion);
    view.charts = charts;
    Page {
        path: period_path(&period.id),
        title: format!("{}考核结果", period.label),
        view,
    }
}

/// The conclusion report of period `index`, with its rendered
/// `conclusion` and the category bars of its tables, `charts`.
pub fn report_page(
    site: &Site,
    results: &Results,
    summaries: &Summaries,
    index: usize,
    (conclusion, charts): (Option<String>, Vec<Chart>),
) -> Page<ReportView> {
    let mut report = ReportView::new(site, results, summaries, index, conclusion);
    report.charts = charts;
    Page {
        path: report_path(&site.periods[index].id),
        title: report.heading.clone(),
        view: report,
    }
}

/// The scorecard page of table `table` in period `index`, if it was
/// assessed, with the table's category bars, `bars`, and its rubric rows,
/// `rows`; with `data_rows`, each row is given as data as well as HTML
/// (see [`ScorecardView::new`]).
pub fn scorecard_page(
    (site, results, summaries): (&Site, &Results, &Summaries),
    (index, table): (usize, usize),
    bars: Option<Chart>,
    (rows, data_rows): (&scorecard::TableRows, bool),
) -> Option<Page<ScorecardView>> {
    let result = results.periods[index].tables[table].as_ref()?;
    let summary = summaries.get(index, table)?;
    let mut view = ScorecardView::new(site, (index, table), result, summary, rows, data_rows)?;
    view.charts = bars.into_iter().collect();
    if let Some(survey) = &mut view.survey {
        survey.chart = charts::survey(site, results, index, table);
    }
    let period = &site.periods[index];
    let def = &site.config.tables[table];
    Some(Page {
        path: scorecard_path(&period.id, &def.id),
        title: format!("{} {}评分", period.label, def.title),
        view,
    })
}

/// Part of a view that many pages show alike, such as a rubric's rows on
/// every scorecard of a table, made into a template value once: pages
/// then share it instead of each converting the same text again.
pub type Shared = tera::Value;

/// `value` as a [`Shared`] template value.
pub fn shared<T: Serialize>(value: &T) -> Shared {
    tera::Value::from_serializable(value)
}

/// A page to render: where it goes, its title and its view.
#[derive(Clone, Debug, Serialize)]
pub struct Page<T> {
    /// The output path, relative to the site root, such as
    /// `periods/2024/platform.html`.
    pub path: String,
    /// The page's title, shown in the browser tab.
    pub title: String,
    /// What the page's template reads.
    pub view: T,
}

impl<T> Page<T> {
    /// The way back from this page to the site root: `""`, `"../"`, ….
    pub fn root(&self) -> String {
        "../".repeat(self.path.matches('/').count())
    }
}

/// What every page shows about the site.
#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    /// The site's title.
    pub title: String,
    /// The assessing body (考核组织方).
    pub organizer: String,
    /// The project's name (项目名称).
    pub project: String,
    /// What the service covers (服务范围).
    pub scope: String,
}

/// A link in the navigation.
#[derive(Clone, Debug, Serialize)]
pub struct NavLink {
    /// The link's text.
    pub title: String,
    /// The page it leads to, relative to the site root.
    pub href: String,
}

/// A chart: SVG markup drawn by kaohe, with its caption.
#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    /// The caption shown under the chart.
    pub title: String,
    /// The chart's `<svg>` element, a template value marked safe: pages
    /// place it without `| safe`, and the pages showing the same chart
    /// share it.
    pub svg: Shared,
}

impl Chart {
    /// The chart `svg` captioned `title`.
    pub fn new(title: String, svg: &str) -> Chart {
        Chart {
            title,
            svg: tera::Value::safe_string(svg),
        }
    }
}

/// A period's status as shown.
#[derive(Clone, Debug, Serialize)]
pub struct StatusView {
    /// The name used in period.toml, also the CSS class: `draft`, ….
    pub name: &'static str,
    /// The status in the site's words: 草稿, 审核中, 已发布, 已确认.
    pub label: &'static str,
    /// True if and only if the results are not final (draft or review):
    /// pages then carry a visible mark.
    pub provisional: bool,
}

impl StatusView {
    /// The view of `status`.
    pub fn new(status: Status) -> StatusView {
        StatusView {
            name: status.name(),
            label: status.label(),
            provisional: status.is_provisional(),
        }
    }
}

/// A period, as pages refer to it.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodRef {
    /// The period's id, such as `2024`.
    pub id: String,
    /// The label, such as 2024年度.
    pub label: String,
    /// The assessment date as YYYY-MM-DD.
    pub date: String,
    /// The date as written in reports: 2024年12月20日.
    pub date_text: String,
    /// How far the assessment has gone.
    pub status: StatusView,
    /// The period's overview page.
    pub href: String,
    /// The period's conclusion report.
    pub report_href: String,
}

impl PeriodRef {
    /// The reference to `period`.
    pub fn new(period: &Period) -> PeriodRef {
        PeriodRef {
            id: period.id.clone(),
            label: period.label.clone(),
            date: period.date.clone(),
            date_text: date_text(&period.date),
            status: StatusView::new(period.status),
            href: period_path(&period.id),
            report_href: report_path(&period.id),
        }
    }
}

/// A table (评分表), as pages refer to it.
#[derive(Clone, Debug, Serialize)]
pub struct TableRef {
    /// The table's id, such as `platform`.
    pub id: String,
    /// The title, such as 政务云平台.
    pub title: String,
    /// Its number in the site's order, as the measures count: 表1, 表2.
    pub number: usize,
    /// The page listing its rubric.
    pub rubric_href: String,
}

/// A category's score in one table's result.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryScore {
    /// The category's name, such as 服务质量.
    pub name: String,
    /// Its points, such as `50`.
    pub points: String,
    /// The subtotal scored, such as `41.70`.
    pub score: String,
}

/// A veto, as shown.
#[derive(Clone, Debug, Serialize)]
pub struct VetoView {
    /// The day of the incident, as written in reports.
    pub date_text: String,
    /// What happened.
    pub reason: String,
}

/// One table's result in one period, as the home and period pages show
/// it.
#[derive(Clone, Debug, Serialize)]
pub struct TableSummary {
    /// The table.
    pub table: TableRef,
    /// The provider assessed.
    pub provider: String,
    /// The total, such as `87.70`.
    pub total: String,
    /// The rubric's total points, such as `100`.
    pub points: String,
    /// The grade's name, such as 良好.
    pub grade: String,
    /// The grade's rank, 0 for the best; also a CSS class `grade-<rank>`.
    pub grade_rank: usize,
    /// True if and only if the grade is the lowest (不合格).
    pub failed: bool,
    /// The fee deduction as a percentage: `10%`, `50%–100%`.
    pub fee_deduction: String,
    /// The fee deduction in words: 不扣服务费, 扣除服务费 10%.
    pub fee_text: String,
    /// The veto, if one failed the table.
    pub veto: Option<VetoView>,
    /// Each category's subtotal.
    pub categories: Vec<CategoryScore>,
    /// The survey's satisfaction index, where answers were tallied.
    pub satisfaction: Option<String>,
    /// The number of experts who scored.
    pub experts: usize,
    /// The scorecard page.
    pub href: String,
}

impl TableSummary {
    /// The summary of `result`, table `table` of `period`.
    pub fn new(site: &Site, period: &Period, table: usize, result: &TableResult) -> TableSummary {
        let rubric = &site.rubrics[table];
        let grade = &site.config.grades[result.grade];
        let fee_deduction = format_fee(result.fee_deduction);
        TableSummary {
            table: table_ref(site, table),
            provider: result.provider.clone(),
            total: format_score(result.total),
            points: format_points(rubric.points()),
            grade: grade.name.clone(),
            grade_rank: result.grade,
            failed: result.grade + 1 == site.config.grades.len(),
            fee_text: fee_text(&fee_deduction),
            fee_deduction,
            veto: period.veto(table).map(veto_view),
            categories: category_scores(rubric, result),
            satisfaction: result
                .survey
                .as_ref()
                .and_then(|s| s.index)
                .map(format_score),
            experts: period.sheets[table].as_ref().map_or(0, |s| s.experts.len()),
            href: scorecard_path(&period.id, &site.config.tables[table].id),
        }
    }
}

/// A [`TableSummary`] shared by every page that shows it. A table's result
/// in a period appears on its scorecard, the period's overview and report,
/// the home page and the table's trend; it is made into a template value
/// once, and each page then shares that value instead of converting the
/// summary again.
#[derive(Clone, Debug)]
pub struct Summary {
    summary: Arc<TableSummary>,
    value: Shared,
}

impl std::ops::Deref for Summary {
    type Target = TableSummary;

    fn deref(&self) -> &TableSummary {
        &self.summary
    }
}

impl Serialize for Summary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// The summary of every table's result in every period, each made the
/// first time a page asks for it.
pub struct Summaries<'a> {
    site: &'a Site,
    results: &'a Results,
    /// By period, then by table.
    made: Vec<Vec<OnceLock<Summary>>>,
}

impl<'a> Summaries<'a> {
    /// The summaries of `site`'s `results`, none made yet.
    pub fn new(site: &'a Site, results: &'a Results) -> Summaries<'a> {
        let tables = site.config.tables.len();
        Summaries {
            site,
            results,
            made: results
                .periods
                .iter()
                .map(|_| (0..tables).map(|_| OnceLock::new()).collect())
                .collect(),
        }
    }

    /// The summary of table `table` in period `period`, if it was assessed.
    pub fn get(&self, period: usize, table: usize) -> Option<Summary> {
        let result = self.results.periods[period].tables[table].as_ref()?;
        let made = self.made[period][table].get_or_init(|| {
            let summary = TableSummary::new(self.site, &self.site.periods[period], table, result);
            Summary {
                value: shared(&summary),
                summary: Arc::new(summary),
            }
        });
        Some(made.clone())
    }
}

/// Each category's points and subtotal in `result`.
pub fn category_scores(rubric: &Rubric, result: &TableResult) -> Vec<CategoryScore> {
    rubric
        .categories
        .iter()
        .zip(&result.categories)
        .map(|(category, score)| CategoryScore {
            name: category.name.clone(),
            points: format_points(category.points),
            score: format_score(*score),
        })
        .collect()
}

/// The reference to table `table` of the site.
pub fn table_ref(site: &Site, table: usize) -> TableRef {
    let def = &site.config.tables[table];
    TableRef {
        id: def.id.clone(),
        title: def.title.clone(),
        number: table + 1,
        rubric_href: rubric_path(&def.id),
    }
}

/// The veto as shown.
pub fn veto_view(veto: &Veto) -> VetoView {
    VetoView {
        date_text: date_text(&veto.date),
        reason: veto.reason.clone(),
    }
}

/// A fee deduction in the measures' words: 不扣服务费 for `0%`,
/// otherwise 扣除服务费 10%.
pub fn fee_text(percent: &str) -> String {
    if percent == "0%" {
        "不扣服务费".to_string()
    } else {
        format!("扣除服务费 {percent}")
    }
}

/// A YYYY-MM-DD date as written in reports: 2024年12月20日.
pub fn date_text(date: &str) -> String {
    let mut parts = date.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!(
            "{y}年{}月{}日",
            m.trim_start_matches('0'),
            d.trim_start_matches('0')
        ),
        _ => date.to_string(),
    }
}

/// The results of period `period` that were assessed, with their table
/// index.
pub fn assessed(results: &Results, period: usize) -> impl Iterator<Item = (usize, &TableResult)> {
    results.periods[period]
        .tables
        .iter()
        .enumerate()
        .filter_map(|(table, result)| result.as_ref().map(|r| (table, r)))
}

/// The home page's path.
pub const HOME_PATH: &str = "index.html";

/// The overview page of period `id`.
pub fn period_path(id: &str) -> String {
    format!("periods/{id}/index.html")
}

/// The conclusion report of period `id`.
pub fn report_path(id: &str) -> String {
    format!("periods/{id}/report.html")
}

/// The scorecard of table `table` in period `id`.
pub fn scorecard_path(id: &str, table: &str) -> String {
    format!("periods/{id}/{table}.html")
}

/// The page listing every table's rubric.
pub const RUBRICS_PATH: &str = "rubrics.html";

/// The most tables whose rubrics the navigation links one by one; with
/// more, it links the page listing them, [`RUBRICS_PATH`], instead of
/// growing a link for each.
pub const NAV_TABLES: usize = 4;

/// The rubric page of table `table`.
pub fn rubric_path(table: &str) -> String {
    format!("rubrics/{table}.html")
}

/// The folders whose pages kaohe writes itself; content pages may not
/// land in them.
pub const RESERVED: &[&str] = &[
    "index.html",
    "periods",
    "rubrics",
    RUBRICS_PATH,
    "static",
    trend::PATH,
    trend::FOLDER,
    form::FOLDER,
    "results.json",
    "results.csv",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_chinese_dates() {
        assert_eq!(date_text("2024-12-05"), "2024年12月5日");
        assert_eq!(date_text("2024-01-20"), "2024年1月20日");
    }

    #[test]
    fn pages_know_their_way_back_to_the_root() {
        let page = |path: &str| Page {
            path: path.to_string(),
            title: String::new(),
            view: (),
        };
        assert_eq!(page("index.html").root(), "");
        assert_eq!(page("periods/2024/report.html").root(), "../../");
    }

    #[test]
    fn zero_fee_reads_as_no_deduction() {
        assert_eq!(fee_text("0%"), "不扣服务费");
        assert_eq!(fee_text("50%–100%"), "扣除服务费 50%–100%");
    }
}
