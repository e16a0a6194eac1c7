//! The build pipeline: from a loaded, scored site to the files of the
//! report site.
//!
//! Building is split in two. [`prepare`] does everything that can find a
//! problem in the user's files (markdown front matter, the theme, pages
//! that would overwrite each other) before a single file is written.
//! [`Prepared::write`] then renders every page and hands it to a sink:
//! the output folder for `kaohe build`, or memory for callers that serve
//! the site. [`build`] does both and swaps the new output folder in.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::Instant;

use crate::cmd::Failure;
use crate::console;
use crate::model::Site;
use crate::output::{Folder, Sink, Written};
use crate::problem::{Problem, Problems};
use crate::render::data;
use crate::render::markdown::{self, Document};
use crate::render::theme::{StaticFile, Theme};
use crate::render::{PAGE_SIZE, Renderer};
use crate::score::Results;
use crate::view::charts;
use crate::view::export::Export;
use crate::view::scorecard::TableRows;
use crate::view::{
    Content, ContentView, Page, RESERVED, Summaries, Views, period_page, report_page,
    scorecard_page, table_trend_page, trend_page,
};

/// Where to build.
#[derive(Clone, Debug)]
pub struct Options {
    /// The site folder, where the theme is looked for.
    pub root: PathBuf,
    /// The output folder, replaced as a whole.
    pub out: PathBuf,
}

/// What a build made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The HTML pages rendered.
    pub pages: usize,
    /// The other files: static files, results.json and results.csv.
    pub files: usize,
    /// How many files were written and how many kept unchanged.
    pub written: Written,
    /// Things the user may want to look at, such as a period without a
    /// conclusion; they did not stop the build.
    pub warnings: Vec<String>,
}

/// A site ready to be written: every page's view and the compiled theme.
pub struct Prepared<'a> {
    site: &'a Site,
    results: &'a Results,
    /// Every page's view.
    pub views: Views,
    renderer: Renderer,
    statics: Vec<StaticFile>,
    warnings: Vec<String>,
    /// Each table's result in each period in brief, shared by the pages.
    summaries: Summaries<'a>,
    /// Each table's rubric rows, made once for all its scorecards.
    rubric_rows: Vec<TableRows>,
    /// True if and only if the theme has its own scorecard template,
    /// which gets the scorecard rows as data.
    data_rows: bool,
    /// Page buffers the writer is done with, for the next pages: reusing
    /// them spares allocating, and the system clearing, fresh memory for
    /// each of thousands of pages.
    buffers: Mutex<Vec<Vec<u8>>>,
}

/// Builds `site` into `options.out`: prepares it, writes every file
/// beside the output folder and swaps it in. On any problem nothing is
/// written and the previous output is left as it was.
pub fn build(site: &Site, results: &Results, options: &Options) -> Result<Summary, Failure> {
    let start = Instant::now();
    let prepared = prepare(site, results, &options.root).map_err(Failure::Problems)?;
    console::step("prepare pages", start);

    let start = Instant::now();
    let mut folder = Folder::create(&options.out, &options.root).map_err(Failure::Other)?;
    let mut summary = prepared.write(&mut folder)?;
    console::step("render and write", start);

    let start = Instant::now();
    summary.written = folder.commit().map_err(Failure::Other)?;
    console::step("swap output folder", start);
    Ok(summary)
}

/// Prepares `site` for writing, or returns every problem found in its
/// markdown and theme. `root` is the site folder.
pub fn prepare<'a>(
    site: &'a Site,
    results: &'a Results,
    root: &Path,
) -> Result<Prepared<'a>, Vec<Problem>> {
    let mut problems = Problems::default();
    let content = content(site, &mut problems);
    let theme = Theme::load(root, site.config.theme.as_deref(), &mut problems);
    let renderer = theme.as_ref().and_then(|theme| {
        Renderer::new(theme)
            .map_err(|problem| problems.add(&problem.path, problem.line, problem.message))
            .ok()
    });
    let (Some(content), Some(theme), Some(mut renderer)) = (content, theme, renderer) else {
        return Err(problems.into_vec());
    };
    if !problems.is_empty() {
        return Err(problems.into_vec());
    }
    let warnings = missing_conclusions(site).into_iter().collect();
    let data_rows = theme.is_own("scorecard.html");
    let summaries = Summaries::new(site, results);
    let views = Views::new(site, results, &summaries, content);
    renderer.set_site(&views.site, &views.nav);
    Ok(Prepared {
        site,
        results,
        views,
        summaries,
        renderer,
        statics: theme.statics,
        warnings,
        rubric_rows: (0..site.config.tables.len())
            .map(|table| TableRows::new(site, table))
            .collect(),
        data_rows,
        buffers: Mutex::new(Vec::new()),
    })
}

/// A finished file on its way from a renderer to the sink.
struct Rendered {
    path: String,
    bytes: Vec<u8>,
    /// True if and only if the file is an HTML page.
    page: bool,
}

/// One piece of rendering work: a page, or a few files made together.
#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Trend,
    TableTrend(usize),
    /// A period's overview, its scorecards and its report, which share
    /// the tables' category bars.
    Period(usize),
    Rubric(usize),
    RubricIndex,
    Content(usize),
    FormIndex,
    FormScoring(usize),
    FormSurvey,
    Statics,
    Results,
}

/// How many rendered files may wait for the sink at once.
const QUEUE: usize = 16;

/// How many page buffers are kept for reuse; more than the pages that
/// can be under way at once.
const SPARE_BUFFERS: usize = 32;

/// The largest buffer kept for reuse: bigger ones (results.json, a long
/// trend page) are rare and would only hold memory.
const SPARE_BUFFER_SIZE: usize = 1 << 20;

impl Prepared<'_> {
    /// Renders every page and file into `sink`. The pages are rendered
    /// on worker threads while this thread writes them; if pages fail,
    /// the failure reported is that of the first of them in page order,
    /// so that the same site always gives the same message.
    pub fn write(&self, sink: &mut dyn Sink) -> Result<Summary, Failure> {
        let jobs = self.jobs();
        let next = AtomicUsize::new(0);
        let stop = AtomicUsize::new(usize::MAX);
        let workers = crate::parallel::workers();
        let (sender, receiver) = mpsc::sync_channel::<(usize, Result<Rendered, Failure>)>(QUEUE);
        thread::scope(|scope| {
            for _ in 0..workers {
                let sender = sender.clone();
                let (jobs, next, stop) = (&jobs, &next, &stop);
                scope.spawn(move || {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= jobs.len() || index > stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let mut emit = |file: Rendered| sender.send((index, Ok(file))).is_ok();
                        if let Err(failure) = self.run(jobs[index], &mut emit) {
                            stop.fetch_min(index, Ordering::Relaxed);
                            // A send fails only once the writer is gone.
                            let _ = sender.send((index, Err(failure)));
                        }
                    }
                });
            }
            drop(sender);
            self.collect(receiver, sink, &stop)
        })
    }

    /// Writes the files that arrive on `receiver` into `sink` until the
    /// workers are done, keeping the first failure in page order.
    fn collect(
        &self,
        receiver: mpsc::Receiver<(usize, Result<Rendered, Failure>)>,
        sink: &mut dyn Sink,
        stop: &AtomicUsize,
    ) -> Result<Summary, Failure> {
        let mut summary = Summary {
            warnings: self.warnings.clone(),
            ..Summary::default()
        };
        let mut failure: Option<(usize, Failure)> = None;
        for (index, file) in receiver {
            match file {
                Ok(_) if failure.is_some() => {}
                Ok(file) => {
                    match sink.add(&file.path, &file.bytes) {
                        Ok(()) if file.page => summary.pages += 1,
                        Ok(()) => summary.files += 1,
                        Err(message) => {
                            stop.store(0, Ordering::Relaxed);
                            failure = Some((0, Failure::Other(message)));
                        }
                    }
                    self.recycle(file.bytes);
                }
                Err(err) => {
                    if failure.as_ref().is_none_or(|(first, _)| index < *first) {
                        failure = Some((index, err));
                    }
                }
            }
        }
        match failure {
            Some((_, failure)) => Err(failure),
            None => Ok(summary),
        }
    }

    /// Every job, in page order, except that the data files come first:
    /// results.json is the largest single piece of work, and started
    /// last it would keep one core busy after the other has finished.
    fn jobs(&self) -> Vec<Job> {
        let (periods, tables) = (self.site.periods.len(), self.site.config.tables.len());
        let mut jobs = vec![Job::Results, Job::Home, Job::Trend];
        jobs.extend((0..tables).map(Job::TableTrend));
        jobs.extend((0..periods).map(Job::Period));
        jobs.extend((0..self.views.rubrics.len()).map(Job::Rubric));
        jobs.push(Job::RubricIndex);
        jobs.extend((0..self.views.pages.len()).map(Job::Content));
        jobs.push(Job::FormIndex);
        jobs.extend((0..self.views.forms.scoring.len()).map(Job::FormScoring));
        jobs.extend([Job::FormSurvey, Job::Statics]);
        jobs
    }

    /// Renders the files of one job and hands each to `emit`, stopping
    /// when `emit` returns false (nobody is writing any more).
    fn run(&self, job: Job, emit: &mut dyn FnMut(Rendered) -> bool) -> Result<(), Failure> {
        let (site, results, views) = (self.site, self.results, &self.views);
        let r = &self.renderer;
        let html = match job {
            Job::Home => page(
                r.render("index.html", "home", &views.home, self.buffer()),
                &views.home.path,
            ),
            Job::Trend => {
                let p = trend_page(site, results, &self.summaries);
                page(r.render("trend.html", "trend", &p, self.buffer()), &p.path)
            }
            Job::TableTrend(table) => {
                let p = table_trend_page(site, results, &self.summaries, table);
                page(
                    r.render("trend-table.html", "trend", &p, self.buffer()),
                    &p.path,
                )
            }
            Job::Period(index) => return self.period(index, emit),
            Job::Rubric(k) => {
                let p = &views.rubrics[k];
                page(r.render("rubric.html", "rubric", p, self.buffer()), &p.path)
            }
            Job::RubricIndex => {
                let p = &views.rubric_index;
                page(
                    r.render("rubrics.html", "rubrics", p, self.buffer()),
                    &p.path,
                )
            }
            Job::Content(k) => {
                let p = &views.pages[k];
                page(r.render("page.html", "page", p, self.buffer()), &p.path)
            }
            Job::FormIndex => {
                let p = &views.forms.index;
                page(
                    r.render("form-index.html", "forms", p, self.buffer()),
                    &p.path,
                )
            }
            Job::FormScoring(k) => {
                let p = &views.forms.scoring[k];
                page(
                    r.render("form-scoring.html", "form", p, self.buffer()),
                    &p.path,
                )
            }
            Job::FormSurvey => {
                let p = &views.forms.survey;
                page(
                    r.render("form-survey.html", "form", p, self.buffer()),
                    &p.path,
                )
            }
            Job::Statics => {
                for s in &self.statics {
                    if !emit(file(format!("static/{}", s.path), s.bytes.clone())) {
                        break;
                    }
                }
                return Ok(());
            }
            Job::Results => {
                let export = Export::new(site, results);
                let _ = emit(file(
                    "results.json".to_string(),
                    data::results_json(&export),
                )) && emit(file("results.csv".to_string(), data::results_csv(&export)));
                return Ok(());
            }
        };
        let _ = emit(html?);
        Ok(())
    }

    /// An empty buffer to render a page into.
    fn buffer(&self) -> Vec<u8> {
        let spare = self.buffers.lock().ok().and_then(|mut spare| spare.pop());
        spare.unwrap_or_else(|| Vec::with_capacity(PAGE_SIZE))
    }

    /// Keeps `bytes`, a file just written, as a buffer for a later page.
    fn recycle(&self, bytes: Vec<u8>) {
        if bytes.capacity() > SPARE_BUFFER_SIZE {
            return;
        }
        if let Ok(mut spare) = self.buffers.lock() {
            if spare.len() < SPARE_BUFFERS {
                spare.push(bytes);
            }
        }
    }

    /// Renders period `index`'s overview, scorecards and report, in that
    /// order, drawing each table's category bars once for all three.
    fn period(&self, index: usize, emit: &mut dyn FnMut(Rendered) -> bool) -> Result<(), Failure> {
        let (site, results, r) = (self.site, self.results, &self.renderer);
        let summaries = &self.summaries;
        let conclusion = &self.views.conclusions[index];
        let bars = charts::period(site, results, index);
        let extras = || (conclusion.clone(), bars.iter().flatten().cloned().collect());

        let p = period_page(site, results, summaries, index, extras());
        if !emit(page(
            r.render("period.html", "period", &p, self.buffer()),
            &p.path,
        )?) {
            return Ok(());
        }
        for (table, bars) in bars.iter().enumerate() {
            let rows = (&self.rubric_rows[table], self.data_rows);
            let data = (site, results, summaries);
            if let Some(p) = scorecard_page(data, (index, table), bars.clone(), rows) {
                if !emit(page(
                    r.render("scorecard.html", "scorecard", &p, self.buffer()),
                    &p.path,
                )?) {
                    return Ok(());
                }
            }
        }
        let p = report_page(site, results, summaries, index, extras());
        let _ = emit(page(
            r.render("report.html", "report", &p, self.buffer()),
            &p.path,
        )?);
        Ok(())
    }
}

/// A rendered page, or the problem that stopped it.
fn page(html: Result<Vec<u8>, Problem>, path: &str) -> Result<Rendered, Failure> {
    let html = html.map_err(|problem| Failure::Problems(vec![problem]))?;
    Ok(Rendered {
        path: path.to_string(),
        bytes: html,
        page: true,
    })
}

/// A file other than a page.
fn file(path: String, bytes: Vec<u8>) -> Rendered {
    Rendered {
        path,
        bytes,
        page: false,
    }
}

/// The site's markdown, parsed and rendered, or `None` after recording
/// the problems found.
fn content(site: &Site, problems: &mut Problems) -> Option<Content> {
    let start = problems.len();
    let allow_html = site.config.allow_html;
    let mut content = Content::default();
    let mut pages: Vec<(Option<i64>, Page<ContentView>)> = Vec::new();
    for (rel, text) in &site.pages {
        let path = format!("content/{rel}");
        let Some(doc) = Document::parse(&path, text, problems) else {
            continue;
        };
        if rel == "_index.md" {
            content.intro = Some(markdown::to_html(&doc.body, "", allow_html));
            content.intro_title = doc.title.clone();
            continue;
        }
        let out = output_path(rel);
        if reserved(&out) {
            problems.add(
                &path,
                1,
                format!(
                    "would be written to {out}, where kaohe writes its own pages; rename the file"
                ),
            );
            continue;
        }
        let mut page = Page {
            path: out,
            title: doc.title_or_default(),
            view: ContentView {
                title: doc.title_or_default(),
                html: String::new(),
            },
        };
        page.view.html = markdown::to_html(&doc.body, &page.root(), allow_html);
        pages.push((doc.weight, page));
    }
    pages.sort_by(|(wa, a), (wb, b)| (wa.is_none(), wa, &a.path).cmp(&(wb.is_none(), wb, &b.path)));
    content.pages = pages.into_iter().map(|(_, page)| page).collect();
    for period in &site.periods {
        let html = period.conclusion.as_ref().and_then(|text| {
            let path = format!("content/periods/{}.md", period.id);
            let doc = Document::parse(&path, text, problems)?;
            Some(markdown::to_html(&doc.body, "../../", allow_html))
        });
        content.conclusions.push(html);
    }
    (problems.len() == start).then_some(content)
}

/// A warning naming the published periods that have no conclusion, whose
/// reports would go out with an empty section 4; drafts and periods under
/// review are still being written.
fn missing_conclusions(site: &Site) -> Option<String> {
    let missing: Vec<&str> = site
        .periods
        .iter()
        .filter(|p| !p.status.is_provisional() && p.conclusion.is_none())
        .map(|p| p.id.as_str())
        .collect();
    match missing[..] {
        [] => None,
        [id] => Some(format!(
            "period {id} is published without a conclusion; its report shows none until content/periods/{id}.md is written"
        )),
        _ => Some(format!(
            "periods {} are published without a conclusion; their reports show none until content/periods/<period>.md is written",
            missing.join(", ")
        )),
    }
}

/// The output path of the page `rel` under content/: `measures.md`
/// becomes `measures.html`, `guide/_index.md` becomes `guide/index.html`.
fn output_path(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    match stem.strip_suffix("_index") {
        Some(folder) => format!("{folder}index.html"),
        None => format!("{stem}.html"),
    }
}

/// True if and only if `path` lies where kaohe writes its own files.
fn reserved(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or(path);
    RESERVED.contains(&path) || RESERVED.contains(&first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_pages_land_beside_the_home_page() {
        assert_eq!(output_path("measures.md"), "measures.html");
        assert_eq!(output_path("guide/_index.md"), "guide/index.html");
        assert_eq!(output_path("guide/a.md"), "guide/a.html");
    }

    #[test]
    fn content_pages_may_not_replace_kaohe_pages() {
        assert!(reserved("index.html"));
        assert!(reserved("static/x.html"));
        assert!(reserved("rubrics/platform.html"));
        assert!(!reserved("measures.html"));
        assert!(!reserved("guide/index.html"));
    }
}
