//! Reading the site's files: bytes to text, text to CSV rows and TOML.
//!
//! Everything here is about files, not about the assessment: which
//! encoding a spreadsheet program wrote, where a CSV row or a TOML key
//! sits, and which file a path names. Whatever goes wrong is recorded as a
//! `Problem` naming the file and line, and the caller carries on with the
//! other files.

pub mod csv_file;
pub mod text;
pub mod toml_file;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::problem::Problems;

/// A site folder and the text of the files read from it. It may be shared
/// by threads reading files at the same time.
pub struct Source {
    root: PathBuf,
    canonical_root: Option<PathBuf>,
    /// For each folder files were read from, whether it lies inside the
    /// site folder once every link is resolved.
    folders: Mutex<HashMap<PathBuf, bool>>,
}

impl Source {
    /// Opens the site folder at `root`.
    pub fn new(root: &Path) -> Source {
        Source {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().ok(),
            folders: Mutex::new(HashMap::new()),
        }
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The absolute path of `rel`, a `/`-separated path under the root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// True if and only if `rel` exists (as a file or a folder).
    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Reads and decodes the text file `rel`, recording a problem and
    /// returning `None` when it cannot be read, lies outside the site
    /// folder, or is not text.
    pub fn read_text(&self, rel: &str, problems: &mut Problems) -> Option<String> {
        let path = self.path(rel);
        if !self.is_inside(&path) {
            problems.add(
                rel,
                1,
                "links to a file outside the site folder; copy the file into the site instead",
            );
            return None;
        }
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                problems.add(rel, 1, "is missing");
                return None;
            }
            Err(err) => {
                problems.add(rel, 1, format!("cannot be read: {err}"));
                return None;
            }
        };
        match text::decode(&bytes) {
            Ok(text) => Some(text),
            Err(err) => {
                let advice = if rel.to_ascii_lowercase().ends_with(".csv") {
                    "save it as \"CSV UTF-8\" or plain CSV and try again"
                } else {
                    "save it as UTF-8 text and try again"
                };
                problems.add(rel, err.line, format!("{}; {advice}", err.message));
                None
            }
        }
    }

    /// True if and only if `path`, with every link resolved, stays inside
    /// the site folder. A file that is not a link is inside if its folder
    /// is, and folders are few, so each folder is resolved only once.
    fn is_inside(&self, path: &Path) -> bool {
        let Some(root) = &self.canonical_root else {
            return true;
        };
        let resolves_inside = |path: &Path| match path.canonicalize() {
            Ok(real) => real.starts_with(root),
            // A path that cannot be resolved is left for the read to
            // report with its own error.
            Err(_) => true,
        };
        match (std::fs::symlink_metadata(path), path.parent()) {
            (Err(_), _) => true,
            (Ok(meta), Some(folder)) if !meta.file_type().is_symlink() => {
                let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
                *folders
                    .entry(folder.to_path_buf())
                    .or_insert_with(|| resolves_inside(folder))
            }
            _ => resolves_inside(path),
        }
    }
}
