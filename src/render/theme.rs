//! Themes: the templates and static files a site is rendered with.
//!
//! The default theme (themes/default/ in kaohe's own repository) is built
//! into the binary, so a site without a themes folder builds. A site may
//! name its own theme in site.toml (`theme = "name"`): each template in
//! `themes/<name>/templates/` replaces the default one of the same name
//! or adds a new one, and each file in `themes/<name>/static/` is copied
//! into the output's `static/` folder, replacing a default file of the
//! same path.

use std::path::Path;

use walkdir::WalkDir;

use crate::load::Source;
use crate::model::is_valid_id;
use crate::problem::Problems;

/// A template: its name, where it came from, and its text.
#[derive(Clone, Debug)]
pub struct Template {
    /// The name templates refer to it by, such as `base.html`.
    pub name: String,
    /// Where it came from, for messages: a path under the site root, or
    /// `(default theme) base.html`.
    pub origin: String,
    /// The template's text.
    pub text: String,
}

/// A static file, copied as is into `static/`.
#[derive(Clone, Debug)]
pub struct StaticFile {
    /// Its path under `static/`, such as `style.css`.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The templates and static files of a site's theme.
#[derive(Clone, Debug)]
pub struct Theme {
    /// Every template, the site's own replacing the default ones.
    pub templates: Vec<Template>,
    /// Every static file, the site's own replacing the default ones.
    pub statics: Vec<StaticFile>,
}

/// The default theme's templates, by name.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "period.html",
        include_str!("../../themes/default/templates/period.html"),
    ),
    (
        "scorecard.html",
        include_str!("../../themes/default/templates/scorecard.html"),
    ),
    (
        "report.html",
        include_str!("../../themes/default/templates/report.html"),
    ),
    (
        "trend.html",
        include_str!("../../themes/default/templates/trend.html"),
    ),
    (
        "trend-table.html",
        include_str!("../../themes/default/templates/trend-table.html"),
    ),
    (
        "rubric.html",
        include_str!("../../themes/default/templates/rubric.html"),
    ),
    (
        "rubrics.html",
        include_str!("../../themes/default/templates/rubrics.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "parts.html",
        include_str!("../../themes/default/templates/parts.html"),
    ),
    (
        "form-index.html",
        include_str!("../../themes/default/templates/form-index.html"),
    ),
    (
        "form-scoring.html",
        include_str!("../../themes/default/templates/form-scoring.html"),
    ),
    (
        "form-style.html",
        include_str!("../../themes/default/templates/form-style.html"),
    ),
    (
        "form-survey.html",
        include_str!("../../themes/default/templates/form-survey.html"),
    ),
];

/// The default theme's static files, by path under `static/`.
const DEFAULT_STATICS: &[(&str, &[u8])] = &[(
    "style.css",
    include_bytes!("../../themes/default/static/style.css"),
)];

impl Theme {
    /// True if and only if template `name` is the site's own rather than
    /// the default theme's.
    pub fn is_own(&self, name: &str) -> bool {
        self.templates
            .iter()
            .any(|t| t.name == name && !t.origin.starts_with("(default theme)"))
    }

    /// The default theme alone.
    pub fn default_theme() -> Theme {
        Theme {
            templates: DEFAULT_TEMPLATES
                .iter()
                .map(|(name, text)| Template {
                    name: name.to_string(),
                    origin: format!("(default theme) {name}"),
                    text: text.to_string(),
                })
                .collect(),
            statics: DEFAULT_STATICS
                .iter()
                .map(|(path, bytes)| StaticFile {
                    path: path.to_string(),
                    bytes: bytes.to_vec(),
                })
                .collect(),
        }
    }

    /// The theme of the site at `root`: the default one, overridden by
    /// the theme named `name` where there is one.
    pub fn load(root: &Path, name: Option<&str>, problems: &mut Problems) -> Option<Theme> {
        let mut theme = Theme::default_theme();
        let Some(name) = name else {
            return Some(theme);
        };
        let start = problems.len();
        let source = Source::new(root);
        let folder = format!("themes/{name}");
        if !is_valid_id(name) || !source.path(&folder).is_dir() {
            let line = theme_line(root);
            problems.add(
                crate::model::site::PATH,
                line,
                format!("theme \"{name}\" not found; expected a folder {folder} with templates/ or static/"),
            );
            return None;
        }
        for rel in files_under(&source, &format!("{folder}/templates"), problems) {
            if !rel.ends_with(".html") {
                continue;
            }
            let path = format!("{folder}/templates/{rel}");
            if let Some(text) = source.read_text(&path, problems) {
                theme.set_template(Template {
                    name: rel,
                    origin: path,
                    text,
                });
            }
        }
        for rel in files_under(&source, &format!("{folder}/static"), problems) {
            let path = format!("{folder}/static/{rel}");
            match std::fs::read(source.path(&path)) {
                Ok(bytes) => theme.set_static(StaticFile { path: rel, bytes }),
                Err(err) => problems.add(&path, 1, format!("cannot be read: {err}")),
            }
        }
        (problems.len() == start).then_some(theme)
    }

    /// Adds `template`, replacing one of the same name.
    fn set_template(&mut self, template: Template) {
        match self.templates.iter_mut().find(|t| t.name == template.name) {
            Some(slot) => *slot = template,
            None => self.templates.push(template),
        }
    }

    /// Adds `file`, replacing one of the same path.
    fn set_static(&mut self, file: StaticFile) {
        match self.statics.iter_mut().find(|f| f.path == file.path) {
            Some(slot) => *slot = file,
            None => self.statics.push(file),
        }
    }
}

/// The line of site.toml that names the theme.
fn theme_line(root: &Path) -> usize {
    let text = std::fs::read_to_string(root.join(crate::model::site::PATH)).unwrap_or_default();
    text.lines()
        .position(|l| l.trim_start().starts_with("theme"))
        .map_or(1, |i| i + 1)
}

/// The files under folder `rel`, as `/`-separated paths relative to it,
/// sorted; hidden files are left out. A missing folder has none.
fn files_under(source: &Source, rel: &str, problems: &mut Problems) -> Vec<String> {
    let folder = source.path(rel);
    if !folder.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&folder).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                problems.add(rel, 1, format!("cannot be listed: {err}"));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(path) = entry.path().strip_prefix(&folder) else {
            continue;
        };
        let path = path.to_string_lossy().replace('\\', "/");
        if !path.split('/').any(|part| part.starts_with('.')) {
            files.push(path);
        }
    }
    files
}
