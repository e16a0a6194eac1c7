//! The model: a whole site as read from its folder.
//!
//! `Site::load` reads site.toml, the rubrics, the survey questions and
//! every period with its sheets, tallies and conclusion, and checks how
//! they fit together: every assessed table has its sheet and every sheet
//! its provider. It returns the site only when no problem was found;
//! otherwise it returns every problem at once.

pub mod number;
pub mod period;
pub mod rubric;
pub mod sheet;
pub mod site;
pub mod survey;

use std::path::Path;

use walkdir::WalkDir;

use crate::load::Source;
use crate::problem::{Problem, Problems};
use period::{Period, Status};
use rubric::Rubric;
use sheet::Sheet;
use site::SiteConfig;
use survey::{Question, Tally};

/// A site, read and checked.
#[derive(Clone, Debug)]
pub struct Site {
    /// What site.toml says.
    pub config: SiteConfig,
    /// The rubric of each table, in site.toml's table order.
    pub rubrics: Vec<Rubric>,
    /// The survey's questions.
    pub questions: Vec<Question>,
    /// The periods, ordered by date (then id).
    pub periods: Vec<Period>,
    /// The markdown pages under content/, other than the conclusions, as
    /// (path relative to content/, text), in path order.
    pub pages: Vec<(String, String)>,
    /// The ids of the periods in `draft` that were left out, in id order.
    pub drafts_left_out: Vec<String>,
}

/// What to load.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// True if and only if periods in `draft` are loaded too.
    pub drafts: bool,
}

/// True if and only if `id` is usable as a folder name: letters, digits,
/// `-` and `_` only.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Site {
    /// Loads the site in folder `root`, or returns every problem found.
    pub fn load(root: &Path, options: LoadOptions) -> Result<Site, Vec<Problem>> {
        let source = Source::new(root);
        let mut problems = Problems::default();
        if !root.is_dir() {
            problems.add(
                &root.display().to_string(),
                1,
                "is not a folder; expected a site folder with site.toml",
            );
            return Err(problems.into_vec());
        }
        if !source.exists(site::PATH) {
            problems.add(
                site::PATH,
                1,
                "is missing; expected the site's settings in the site folder (--root, the current folder by default)",
            );
            return Err(problems.into_vec());
        }
        let config = source
            .read_text(site::PATH, &mut problems)
            .and_then(|t| SiteConfig::parse(&t, &mut problems));
        // A site without a survey has no questions, and no tallies either.
        let questions = if source.exists(survey::PATH) {
            source
                .read_text(survey::PATH, &mut problems)
                .and_then(|t| survey::parse_questions(&t, &mut problems))
        } else {
            Some(Vec::new())
        };
        let Some(config) = config else {
            return Err(problems.into_vec());
        };
        let rubrics: Vec<Option<Rubric>> = config
            .tables
            .iter()
            .map(|table| {
                let path = rubric::path(&table.id);
                if !source.exists(&path) {
                    problems.add(
                        &path,
                        1,
                        format!(
                            "is missing; expected the rubric of table {}, which site.toml names",
                            table.id
                        ),
                    );
                    return None;
                }
                source
                    .read_text(&path, &mut problems)
                    .and_then(|t| Rubric::parse(&path, &t, &mut problems))
            })
            .collect();
        // The periods are checked even when a rubric or the questions
        // failed, so that one run reports everything it can.
        let loader = Loader {
            source: &source,
            config: &config,
            rubrics: &rubrics,
            questions: questions.as_deref(),
            options,
        };
        let (mut periods, drafts_left_out) = loader.periods(&mut problems);
        let pages = loader.pages(&mut periods, &mut problems);
        let rubrics = rubrics.into_iter().collect::<Option<Vec<_>>>();
        let (Some(rubrics), Some(questions), true) = (rubrics, questions, problems.is_empty())
        else {
            return Err(problems.into_vec());
        };
        Ok(Site {
            config,
            rubrics,
            questions,
            periods,
            pages,
            drafts_left_out,
        })
    }
}

/// What loading the periods needs to know. A rubric or the questions
/// are `None` where they have problems of their own; the sheets or
/// tallies that need them are then not read.
struct Loader<'a> {
    source: &'a Source,
    config: &'a SiteConfig,
    rubrics: &'a [Option<Rubric>],
    questions: Option<&'a [Question]>,
    options: LoadOptions,
}

/// What became of one period folder.
enum Loaded {
    /// The period, with whatever problems its sheets and tallies have
    /// recorded.
    Period(Box<Period>),
    /// A period in draft, left out as the options say.
    DraftLeftOut(String),
    /// A period with problems, recorded.
    Failed,
}

impl Loader<'_> {
    /// Loads every period folder under data/periods, ordered by date,
    /// with the ids of the drafts left out. The folders are read in
    /// parallel; their problems are recorded in folder order.
    fn periods(&self, problems: &mut Problems) -> (Vec<Period>, Vec<String>) {
        let ids = subfolders(self.source, "data/periods", problems);
        let loaded = crate::parallel::map(&ids, |id| {
            let mut found = Problems::default();
            let loaded = self.period(id, &mut found);
            (loaded, found)
        });
        let (mut periods, mut drafts) = (Vec::new(), Vec::new());
        for (loaded, found) in loaded {
            problems.append(found);
            match loaded {
                Loaded::Period(period) => periods.push(*period),
                Loaded::DraftLeftOut(id) => drafts.push(id),
                Loaded::Failed => {}
            }
        }
        periods.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
        (periods, drafts)
    }

    /// Loads period `id` with its sheets and tallies.
    fn period(&self, id: &str, problems: &mut Problems) -> Loaded {
        let folder = format!("data/periods/{id}");
        if !is_valid_id(id) {
            problems.add(
                &folder,
                1,
                format!("period id \"{id}\" is not valid; expected letters, digits, - and _ only"),
            );
            return Loaded::Failed;
        }
        let path = period::path(id);
        if !self.source.exists(&path) {
            problems.add(
                &path,
                1,
                "is missing; every period folder needs a period.toml",
            );
            return Loaded::Failed;
        }
        let Some(text) = self.source.read_text(&path, problems) else {
            return Loaded::Failed;
        };
        let Some(mut period) = Period::parse(id, &text, self.config, problems) else {
            return Loaded::Failed;
        };
        if period.status == Status::Draft && !self.options.drafts {
            return Loaded::DraftLeftOut(period.id);
        }
        self.sheets(&mut period, &text, problems);
        self.tallies(&mut period, problems);
        Loaded::Period(Box::new(period))
    }

    /// Reads the sheet of every table named under [providers], and
    /// reports sheets for tables the period does not name.
    fn sheets(&self, period: &mut Period, toml_text: &str, problems: &mut Problems) {
        let folder = format!("data/periods/{}", period.id);
        let mut found = vec![false; self.config.tables.len()];
        for name in files(self.source, &folder, "csv", problems) {
            let table = stem(&name);
            let path = format!("{folder}/{name}");
            match self.config.table_index(table) {
                None => problems.add(&path, 1, format!("sheet for unknown table \"{table}\"; site.toml names {}", self.config.table_ids())),
                Some(index) if period.providers[index].is_none() => problems.add(
                    &path,
                    1,
                    format!("sheet without a provider; expected {table} = \"…\" under [providers] in {}", period::path(&period.id)),
                ),
                Some(index) => {
                    found[index] = true;
                    let Some(rubric) = &self.rubrics[index] else {
                        continue;
                    };
                    period.sheets[index] = self
                        .source
                        .read_text(&path, problems)
                        .and_then(|t| Sheet::parse(&path, &t, rubric, problems));
                }
            }
        }
        for (index, table) in self.config.tables.iter().enumerate() {
            let path = format!("{folder}/{}.csv", table.id);
            if period.providers[index].is_some() && !found[index] {
                let line = period::provider_line(toml_text, &table.id);
                problems.add(
                    &period::path(&period.id),
                    line,
                    format!("provider without a sheet: table {} needs {path}", table.id),
                );
            }
        }
    }

    /// Reads the survey tallies of the period, if any.
    fn tallies(&self, period: &mut Period, problems: &mut Problems) {
        let folder = format!("data/periods/{}/survey", period.id);
        if !self.source.exists(&folder) {
            return;
        }
        for name in files(self.source, &folder, "csv", problems) {
            let table = stem(&name);
            let path = format!("{folder}/{name}");
            match self.config.table_index(table) {
                Some(index) if period.providers[index].is_some() => {
                    let Some(questions) = self.questions else {
                        continue;
                    };
                    period.tallies[index] = self
                        .source
                        .read_text(&path, problems)
                        .and_then(|t| Tally::parse(&path, &t, questions, problems));
                }
                Some(_) => problems.add(&path, 1, format!("survey for table {table}, which this period does not assess; expected it under [providers]")),
                None => problems.add(&path, 1, format!("survey for unknown table \"{table}\"; site.toml names {}", self.config.table_ids())),
            }
        }
    }

    /// Reads the markdown pages under content/, attaching each period's
    /// conclusion (content/periods/<id>.md) to its period.
    fn pages(&self, periods: &mut [Period], problems: &mut Problems) -> Vec<(String, String)> {
        let content = self.source.path("content");
        if !content.is_dir() {
            return Vec::new();
        }
        let all_periods = subfolders(self.source, "data/periods", problems);
        let mut pages = Vec::new();
        for entry in WalkDir::new(&content).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    problems.add("content", 1, format!("cannot be listed: {err}"));
                    continue;
                }
            };
            let Ok(rel) = entry.path().strip_prefix(&content) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !rel.ends_with(".md") || entry.file_type().is_dir() {
                continue;
            }
            let path = format!("content/{rel}");
            let Some(text) = self.source.read_text(&path, problems) else {
                continue;
            };
            match rel.strip_prefix("periods/").and_then(|r| r.strip_suffix(".md")) {
                Some(id) => match periods.iter_mut().find(|p| p.id == id) {
                    Some(period) => period.conclusion = Some(text),
                    None if all_periods.iter().any(|p| p == id) => {}
                    None => problems.add(&path, 1, format!("conclusion for unknown period \"{id}\"; expected a folder data/periods/{id}")),
                },
                None => pages.push((rel, text)),
            }
        }
        pages
    }
}

/// The name of a file without its extension: `platform` of `platform.csv`.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The names of the folders directly inside `rel`, sorted.
fn subfolders(source: &Source, rel: &str, problems: &mut Problems) -> Vec<String> {
    entries(source, rel, problems)
        .into_iter()
        .filter(|(_, dir)| *dir)
        .map(|(name, _)| name)
        .collect()
}

/// The names of the files directly inside `rel` ending in `.ext`, sorted.
/// Spreadsheet lock files (`~$…`) and hidden files are left out.
fn files(source: &Source, rel: &str, ext: &str, problems: &mut Problems) -> Vec<String> {
    let suffix = format!(".{ext}");
    entries(source, rel, problems)
        .into_iter()
        .filter(|(name, dir)| !dir && name.to_ascii_lowercase().ends_with(&suffix))
        .map(|(name, _)| name)
        .filter(|name| !name.starts_with("~$") && !name.starts_with('.'))
        .collect()
}

/// The entries directly inside folder `rel`, as (name, is a folder),
/// sorted by name. A missing folder has no entries.
fn entries(source: &Source, rel: &str, problems: &mut Problems) -> Vec<(String, bool)> {
    let path = source.path(rel);
    if !path.is_dir() {
        return Vec::new();
    }
    let mut entries = Vec::new();
    for entry in WalkDir::new(&path)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) => {
                let name = entry.file_name().to_string_lossy().into_owned();
                let dir = entry.path().is_dir();
                entries.push((name, dir));
            }
            Err(err) => problems.add(rel, 1, format!("cannot be listed: {err}")),
        }
    }
    entries
}
