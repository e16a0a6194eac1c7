//! Writing the output: where the rendered files go.
//!
//! Rendering hands each finished file to a [`Sink`]. The sink that
//! `kaohe build` uses is a [`Folder`]: it builds the new site beside the
//! output folder, keeps the files whose bytes did not change (with their
//! modification times), and swaps the new site in only when every file
//! is written. [`Memory`] keeps the files in memory instead, for callers
//! that serve or inspect a site without writing it.

mod folder;

use std::collections::BTreeMap;

pub use folder::Folder;

/// Somewhere rendered files go, one at a time.
pub trait Sink {
    /// Adds the file at `path` (relative, `/`-separated) with `bytes`.
    fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), String>;
}

/// A sink that keeps every file in memory, ordered by path.
#[derive(Debug, Default)]
pub struct Memory {
    /// The files added so far, by path.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Sink for Memory {
    fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), String> {
        match self.files.insert(path.to_string(), bytes.to_vec()) {
            None => Ok(()),
            Some(_) => Err(format!("{path} would be written twice")),
        }
    }
}

/// What a finished build wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// The files written because they are new or their bytes changed.
    pub changed: usize,
    /// The files kept as they were, modification time included.
    pub unchanged: usize,
}
