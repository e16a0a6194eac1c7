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
use std::time::Instant;

use crate::cmd::Failure;
use crate::console;
use crate::model::Site;
use crate::output::{Folder, Sink, Written};
use crate::problem::{Problem, Problems};
use crate::render::Renderer;
use crate::render::data;
use crate::render::markdown::{self, Document};
use crate::render::theme::{StaticFile, Theme};
use crate::score::Results;
use crate::view::export::Export;
use crate::view::{Content, ContentView, Page, RESERVED, Views};

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
pub struct Prepared {
    /// Every page's view.
    pub views: Views,
    renderer: Renderer,
    statics: Vec<StaticFile>,
    export: Export,
    warnings: Vec<String>,
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
pub fn prepare(site: &Site, results: &Results, root: &Path) -> Result<Prepared, Vec<Problem>> {
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
    let warnings = site
        .periods
        .iter()
        .filter(|p| p.conclusion.is_none())
        .map(|p| {
            format!(
                "period {} has no conclusion (content/periods/{}.md); its report shows none",
                p.id, p.id
            )
        })
        .collect();
    let views = Views::new(site, results, content);
    renderer.set_site(&views.site, &views.nav);
    Ok(Prepared {
        views,
        renderer,
        statics: theme.statics,
        export: Export::new(site, results),
        warnings,
    })
}

impl Prepared {
    /// Renders every page and file into `sink`, in a fixed order.
    pub fn write(&self, sink: &mut dyn Sink) -> Result<Summary, Failure> {
        let mut summary = Summary {
            warnings: self.warnings.clone(),
            ..Summary::default()
        };
        let views = &self.views;
        let mut page = |html: Result<String, Problem>, path: &str| -> Result<(), Failure> {
            let html = html.map_err(|p| Failure::Problems(vec![p]))?;
            sink.add(path, html.as_bytes()).map_err(Failure::Other)?;
            summary.pages += 1;
            Ok(())
        };
        let r = &self.renderer;
        page(
            r.render("index.html", "home", &views.home),
            &views.home.path,
        )?;
        page(
            r.render("trend.html", "trend", &views.trend),
            &views.trend.path,
        )?;
        for p in &views.periods {
            page(r.render("period.html", "period", p), &p.path)?;
        }
        for p in &views.scorecards {
            page(r.render("scorecard.html", "scorecard", p), &p.path)?;
        }
        for p in &views.reports {
            page(r.render("report.html", "report", p), &p.path)?;
        }
        for p in &views.rubrics {
            page(r.render("rubric.html", "rubric", p), &p.path)?;
        }
        for p in &views.pages {
            page(r.render("page.html", "page", p), &p.path)?;
        }
        let forms = &views.forms;
        page(
            r.render("form-index.html", "forms", &forms.index),
            &forms.index.path,
        )?;
        for p in &forms.scoring {
            page(r.render("form-scoring.html", "form", p), &p.path)?;
        }
        page(
            r.render("form-survey.html", "form", &forms.survey),
            &forms.survey.path,
        )?;
        let mut file = |path: &str, bytes: &[u8]| -> Result<(), Failure> {
            sink.add(path, bytes).map_err(Failure::Other)?;
            summary.files += 1;
            Ok(())
        };
        for s in &self.statics {
            file(&format!("static/{}", s.path), &s.bytes)?;
        }
        file("results.json", &data::results_json(&self.export))?;
        file("results.csv", &data::results_csv(&self.export))?;
        Ok(summary)
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
