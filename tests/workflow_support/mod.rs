//! What the workflow tests share: running the kaohe binary and making
//! sites in temporary folders.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The result of one run of kaohe.
pub struct Run {
    /// The exit status, or -1 when killed by a signal.
    pub status: i32,
    /// Standard output, as text.
    pub stdout: String,
    /// Standard error, as text.
    pub stderr: String,
}

/// Runs kaohe with `args` and returns what it printed.
pub fn kaohe(args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(args)
        .output()
        .expect("kaohe runs");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs kaohe on the site `root`: `args` then `--root root`.
pub fn kaohe_at(root: &Path, args: &[&str]) -> Run {
    let root = root.to_str().expect("a UTF-8 temp path");
    let mut all = args.to_vec();
    all.extend(["--root", root]);
    kaohe(&all)
}

/// Writes a new site with `kaohe init` into `dir/site` and returns its path.
pub fn init_site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    let run = kaohe(&["init", root.to_str().expect("a UTF-8 temp path")]);
    assert_eq!(run.status, 0, "init failed: {}", run.stderr);
    root
}

/// The repository's own site, which is the bundled example site.
pub fn bundled_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Replaces `from` with `to` in the file `path`, which must contain it.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("readable file");
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).expect("writable file");
}

/// Every file under `dir`, as (path relative to `dir`, bytes), sorted.
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("under dir");
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.push((rel, fs::read(&path).expect("readable file")));
            }
        }
    }
    files.sort();
    files
}
