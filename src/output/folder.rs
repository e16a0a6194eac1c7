//! The output folder, replaced as a whole.
//!
//! A build writes into `<out>.kaohe-tmp` beside the output folder. A file
//! whose bytes equal the one already in the output is linked (or copied
//! with its modification time) from there instead of written again, so
//! copying the site to a file server moves only what changed. When every
//! file is in place the folders are swapped by renaming: the old output
//! becomes `<out>.kaohe-old`, the new one takes its name, and the old one
//! is deleted. Until then the previous output is untouched; a build that
//! stops half way removes its temporary folder and leaves the rest as it
//! was.
//!
//! Since a build deletes the folder it replaces, it refuses any folder
//! kaohe did not write: every output carries a `.kaohe-output` marker,
//! and only an empty folder or one with that marker is replaced.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{Sink, Written};

/// The marker file that every output folder carries.
pub const MARKER: &str = ".kaohe-output";

const MARKER_TEXT: &str =
    "This folder is written by kaohe build and replaced as a whole on every build.\n";

/// A new output folder being written beside the old one.
#[derive(Debug)]
pub struct Folder {
    /// The output folder.
    out: PathBuf,
    /// The folder the new output is written into.
    tmp: PathBuf,
    /// The folders already created inside `tmp`.
    created: HashSet<PathBuf>,
    /// The files added so far.
    added: HashSet<String>,
    written: Written,
    /// True if and only if the new output has been swapped in.
    done: bool,
    /// True if and only if there is an earlier output to keep files from;
    /// a first build has none to compare with.
    has_old: bool,
    /// Room to read an old file into, a block at a time, when comparing
    /// it with its new bytes.
    block: Vec<u8>,
}

impl Folder {
    /// Starts a new output for folder `out`, refusing a folder that holds
    /// the site (`root`) or that kaohe did not write.
    pub fn create(out: &Path, root: &Path) -> Result<Folder, String> {
        check_target(out, root)?;
        let tmp = sibling(out, "kaohe-tmp")?;
        remove_leftover(&tmp)?;
        remove_leftover(&sibling(out, "kaohe-old")?)?;
        fs::create_dir_all(&tmp).map_err(|e| io_error("cannot create", &tmp, &e))?;
        let marker = tmp.join(MARKER);
        let old_marker = out.join(MARKER);
        let mut block = vec![0u8; BLOCK];
        if !(same_bytes(&old_marker, MARKER_TEXT.as_bytes(), &mut block)
            && keep(&old_marker, &marker).is_ok())
        {
            fs::write(&marker, MARKER_TEXT).map_err(|e| io_error("cannot write", &marker, &e))?;
        }
        Ok(Folder {
            out: out.to_path_buf(),
            tmp,
            created: HashSet::new(),
            added: HashSet::new(),
            written: Written::default(),
            done: false,
            has_old: out.is_dir(),
            block,
        })
    }

    /// Swaps the new output in place of the old one and returns what was
    /// written.
    pub fn commit(mut self) -> Result<Written, String> {
        let old = sibling(&self.out, "kaohe-old")?;
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old)
                .map_err(|e| io_error("cannot move aside", &self.out, &e))?;
        }
        if let Err(err) = fs::rename(&self.tmp, &self.out) {
            if had_old {
                // Put the previous output back so that nothing is lost.
                let _ = fs::rename(&old, &self.out);
            }
            return Err(io_error("cannot move into place", &self.tmp, &err));
        }
        self.done = true;
        if had_old {
            fs::remove_dir_all(&old).map_err(|e| io_error("cannot remove", &old, &e))?;
        }
        Ok(self.written.clone())
    }

    /// Creates the folder that `file` goes in, once.
    fn create_parent(&mut self, file: &Path) -> Result<(), String> {
        let Some(parent) = file.parent() else {
            return Ok(());
        };
        if self.created.contains(parent) {
            return Ok(());
        }
        fs::create_dir_all(parent).map_err(|e| io_error("cannot create", parent, &e))?;
        self.created.insert(parent.to_path_buf());
        Ok(())
    }
}

impl Sink for Folder {
    fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), String> {
        if !is_plain_relative(path) {
            return Err(format!("{path} is not a path inside the output folder"));
        }
        if !self.added.insert(path.to_string()) {
            return Err(format!("{path} would be written twice"));
        }
        let new = self.tmp.join(path);
        self.create_parent(&new)?;
        let old = self.out.join(path);
        if self.has_old && same_bytes(&old, bytes, &mut self.block) && keep(&old, &new).is_ok() {
            self.written.unchanged += 1;
            return Ok(());
        }
        fs::write(&new, bytes).map_err(|e| io_error("cannot write", &new, &e))?;
        self.written.changed += 1;
        Ok(())
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Refuses an output folder that would take the site with it, or that
/// kaohe did not write.
fn check_target(out: &Path, root: &Path) -> Result<(), String> {
    let shown = out.display();
    let out_abs = absolute(out)?;
    let root_abs = absolute(root)?;
    if root_abs.starts_with(&out_abs) {
        return Err(format!(
            "output folder {shown} holds the site itself; choose a folder inside it such as public/"
        ));
    }
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(format!(
            "output folder {shown} is a file; expected a folder"
        ));
    }
    if out.join("site.toml").exists() {
        return Err(format!(
            "output folder {shown} holds a site.toml; it looks like a site, not kaohe's output"
        ));
    }
    if !out.join(MARKER).exists() && !is_empty_dir(out) {
        return Err(format!(
            "output folder {shown} was not written by kaohe (it has no {MARKER}); \
             empty it or choose another folder, since every build replaces it"
        ));
    }
    Ok(())
}

/// Removes a temporary folder left by an earlier build that stopped, but
/// only one that kaohe wrote.
fn remove_leftover(path: &Path) -> Result<(), String> {
    if !path.exists() {
        return Ok(());
    }
    if !path.is_dir() || !(path.join(MARKER).exists() || is_empty_dir(path)) {
        return Err(format!(
            "{} is in the way and was not written by kaohe; remove it and run again",
            path.display()
        ));
    }
    fs::remove_dir_all(path).map_err(|e| io_error("cannot remove", path, &e))
}

/// The folder next to `out` named `<out>.<suffix>`.
fn sibling(out: &Path, suffix: &str) -> Result<PathBuf, String> {
    let name = out
        .file_name()
        .ok_or_else(|| format!("output folder {} has no name", out.display()))?;
    let mut name = name.to_os_string();
    name.push(".");
    name.push(suffix);
    Ok(out.with_file_name(name))
}

/// `path` made absolute, with `.` and `..` resolved as far as the
/// existing folders allow.
fn absolute(path: &Path) -> Result<PathBuf, String> {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return Ok(rest.into_iter().rev().fold(real, |p, part| p.join(part)));
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => {
                return std::path::absolute(path).map_err(|e| io_error("cannot resolve", path, &e));
            }
        }
    }
}

/// True if and only if `path` is a folder with nothing in it.
fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// True if and only if `path` is relative, `/`-separated and stays inside
/// the folder it is joined to.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains(':'))
}

/// How much of an old file is read at a time when comparing it.
const BLOCK: usize = 64 * 1024;

/// True if and only if the file at `path` exists and holds exactly
/// `bytes`; `block` is room to read it into. A file of another length
/// is not read at all.
fn same_bytes(path: &Path, bytes: &[u8], block: &mut [u8]) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            File::open(path).is_ok_and(|file| reads_as(file, bytes, block))
        }
        _ => false,
    }
}

/// True if and only if `file` reads as exactly `expected`. The file is
/// compared a block at a time, so that a large page or results.json costs
/// no second copy in memory.
fn reads_as(mut file: File, mut expected: &[u8], block: &mut [u8]) -> bool {
    loop {
        match file.read(block) {
            Ok(0) => return expected.is_empty(),
            Ok(n) if n <= expected.len() && block[..n] == expected[..n] => {
                expected = &expected[n..];
            }
            Ok(_) => return false,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Puts the unchanged file `old` at `new`, keeping its modification time:
/// a hard link where the file system allows, otherwise a copy.
fn keep(old: &Path, new: &Path) -> io::Result<()> {
    if fs::hard_link(old, new).is_ok() {
        return Ok(());
    }
    let modified = fs::metadata(old)?.modified()?;
    fs::copy(old, new)?;
    File::options()
        .write(true)
        .open(new)?
        .set_modified(modified)
}

/// An I/O failure naming what was done and to which path.
fn io_error(what: &str, path: &Path, err: &io::Error) -> String {
    format!("{what} {}: {err}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside_the_output() {
        assert!(is_plain_relative("index.html"));
        assert!(is_plain_relative("periods/2024/report.html"));
        for path in [
            "",
            "/etc/x",
            "../x",
            "a/../../x",
            "a//b",
            "a\\b",
            "c:/x",
            "./a",
        ] {
            assert!(!is_plain_relative(path), "{path}");
        }
    }

    #[test]
    fn files_are_compared_block_by_block_to_the_last_byte() {
        let dir = std::env::temp_dir().join(format!("kaohe-same-bytes-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("page.html");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &bytes).unwrap();
        let block = &mut vec![0u8; BLOCK];
        assert!(same_bytes(&path, &bytes, block));
        let mut last = bytes.clone();
        *last.last_mut().unwrap() ^= 1;
        assert!(!same_bytes(&path, &last, block));
        assert!(!same_bytes(&path, &bytes[1..], block));
        assert!(!same_bytes(&dir.join("missing.html"), &bytes, block));
        fs::remove_dir_all(&dir).unwrap();
    }
}
