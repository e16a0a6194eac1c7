//! Broken sites that cannot be kept as plain files in tests/corpus:
//! links out of the site, folders where files belong, links to nothing
//! (a file gone between listing and reading), megabyte cells and
//! enormous TOML. Each is made in a temporary copy of the corpus base
//! site and must be refused with exact messages naming file and line,
//! exit status 1, nothing on standard output and no panic.
//!
//! Every broken site, these and the whole of tests/corpus, must also
//! leave an existing output folder exactly as it was when `kaohe build`
//! refuses it: same files, same bytes, same modification times, and no
//! temporary folder left beside it.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

/// The longest a refusal may run: a page of messages, not a megabyte.
const STDERR_LIMIT: usize = 4096;

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/_base")
}

/// Copies every file under `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary folder holding a copy of the corpus base site in `site/`,
/// with room beside it for files outside the site.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&base(), &dir.path().join("site"));
        Fixture { dir }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The path of `rel` in the site.
    fn path(&self, rel: &str) -> PathBuf {
        self.site().join(rel)
    }

    /// A path outside the site folder.
    fn outside(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Replaces site file `rel` with a link to `target`.
    fn link(&self, rel: &str, target: &Path) {
        let path = self.path(rel);
        if path.is_dir() {
            fs::remove_dir_all(&path).unwrap();
        } else if path.exists() {
            fs::remove_file(&path).unwrap();
        }
        symlink(target, path).unwrap();
    }

    /// Replaces site file `rel` with an empty folder.
    fn folder(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
        fs::create_dir(self.path(rel)).unwrap();
    }

    fn write(&self, rel: &str, text: &str) {
        fs::write(self.path(rel), text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Runs `kaohe check` on the site, asserting that it is refused
    /// cleanly, and returns standard error.
    fn refused(&self) -> String {
        let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args(["check", "--root"])
            .arg(self.site())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stderr.contains("panicked"), "panicked:\n{stderr}");
        assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
        assert_eq!(stdout, "", "nothing on stdout");
        assert!(
            stderr.len() <= STDERR_LIMIT,
            "{} bytes of stderr",
            stderr.len()
        );
        build_leaves_output_untouched(&self.site(), "this site");
        stderr
    }
}

/// Every file under `root` with its bytes and modification time, by path.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>, SystemTime)> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                let modified = fs::metadata(&path).unwrap().modified().unwrap();
                files.push((rel, fs::read(&path).unwrap(), modified));
            }
        }
    }
    files.sort();
    files
}

/// Runs `kaohe build` on `site` into `out`.
fn build(site: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["build", "--root"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Builds the valid base site into a fresh output folder, then asserts
/// that building the broken `site` over it fails cleanly and changes
/// nothing there. `name` says which site, for failure messages.
fn build_leaves_output_untouched(site: &Path, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = build(&base(), &out);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(&out);
    assert!(before.len() > 5, "the base site builds to a few files");

    let output = build(site, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "{name}: build panicked:\n{stderr}"
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{name}: build exit status; stderr:\n{stderr}"
    );
    assert!(
        snapshot(&out) == before,
        "{name}: the previous output changed"
    );
    let mut beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["public"], "{name}: only the output folder is left");
}

/// The site of corpus case `case`: the base with the case's deletions
/// and files laid over it, as tests/check_corpus.rs builds it.
fn corpus_site(case: &Path, into: &Path) {
    copy_tree(&base(), into);
    if let Ok(list) = fs::read_to_string(case.join("delete.txt")) {
        for rel in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let path = into.join(rel);
            if path.is_dir() {
                fs::remove_dir_all(&path).unwrap();
            } else {
                fs::remove_file(&path).unwrap();
            }
        }
    }
    copy_tree(case, into);
    for name in ["expected.txt", "delete.txt"] {
        let _ = fs::remove_file(into.join(name));
    }
}

#[test]
fn no_corpus_case_changes_an_existing_output_folder() {
    let corpus = base().parent().unwrap().to_path_buf();
    let mut cases: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} corpus cases", cases.len());
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        corpus_site(case, dir.path());
        let name = case.file_name().unwrap().to_string_lossy();
        build_leaves_output_untouched(dir.path(), &name);
    }
}

/// Standard error for `problems`, with its closing line.
fn problems(lines: &[&str]) -> String {
    let count = match lines.len() {
        1 => "1 problem found; fix it".to_string(),
        n => format!("{n} problems found; fix them"),
    };
    let mut text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    text.push_str(&format!("error: {count} and run again\n"));
    text
}

const OUTSIDE: &str =
    "links to a file outside the site folder; copy the file into the site instead";

#[test]
fn sheet_linked_from_outside_the_site_is_refused() {
    let site = Fixture::new();
    let target = site.outside("platform.csv");
    fs::copy(site.path("data/periods/2024/platform.csv"), &target).unwrap();
    site.link("data/periods/2024/platform.csv", &target);
    assert_eq!(
        site.refused(),
        problems(&[&format!("data/periods/2024/platform.csv:1: {OUTSIDE}")])
    );
}

#[test]
fn period_folder_linked_from_outside_the_site_is_refused() {
    let site = Fixture::new();
    let target = site.outside("2024");
    copy_tree(&site.path("data/periods/2024"), &target);
    site.link("data/periods/2024", &target);
    assert_eq!(
        site.refused(),
        problems(&[&format!("data/periods/2024/period.toml:1: {OUTSIDE}")])
    );
}

#[test]
fn settings_and_survey_linked_to_system_files_are_refused() {
    let site = Fixture::new();
    site.link("site.toml", Path::new("/etc/hostname"));
    site.link("data/survey.csv", Path::new("/etc/passwd"));
    assert_eq!(
        site.refused(),
        problems(&[
            &format!("site.toml:1: {OUTSIDE}"),
            &format!("data/survey.csv:1: {OUTSIDE}"),
        ])
    );
}

#[test]
fn content_page_linked_from_outside_is_refused() {
    let site = Fixture::new();
    fs::create_dir_all(site.path("content")).unwrap();
    fs::write(site.outside("secret.md"), "# 外部文件\n").unwrap();
    site.link("content/secret.md", &site.outside("secret.md"));
    assert_eq!(
        site.refused(),
        problems(&[&format!("content/secret.md:1: {OUTSIDE}")])
    );
}

#[test]
fn sheet_linked_to_nothing_is_reported_missing() {
    // What a sheet deleted while kaohe runs looks like: listed, then gone.
    let site = Fixture::new();
    site.link("data/periods/2024/platform.csv", &site.outside("gone.csv"));
    assert_eq!(
        site.refused(),
        problems(&["data/periods/2024/platform.csv:1: is missing"])
    );
}

#[test]
fn folder_where_settings_belong_is_refused() {
    let site = Fixture::new();
    site.folder("site.toml");
    assert_eq!(
        site.refused(),
        problems(&["site.toml:1: cannot be read: Is a directory (os error 21)"])
    );
}

#[test]
fn folder_where_a_rubric_belongs_is_refused() {
    let site = Fixture::new();
    site.folder("data/rubrics/datacenter.csv");
    assert_eq!(
        site.refused(),
        problems(&["data/rubrics/datacenter.csv:1: cannot be read: Is a directory (os error 21)"])
    );
}

#[test]
fn folder_where_period_settings_belong_is_refused() {
    let site = Fixture::new();
    site.folder("data/periods/2024/period.toml");
    assert_eq!(
        site.refused(),
        problems(&[
            "data/periods/2024/period.toml:1: cannot be read: Is a directory (os error 21)"
        ])
    );
}

#[test]
fn folder_where_a_sheet_belongs_is_refused() {
    let site = Fixture::new();
    site.folder("data/periods/2024/platform.csv");
    assert_eq!(
        site.refused(),
        problems(&[
            "data/periods/2024/period.toml:8: provider without a sheet: table platform needs data/periods/2024/platform.csv"
        ])
    );
}

#[test]
fn megabyte_score_cell_is_refused_in_a_short_message() {
    let site = Fixture::new();
    let cell = "九".repeat(350_000);
    site.write(
        "data/periods/2024/datacenter.csv",
        &format!("item,deduction,note\nD01,{cell},\nD02,5,\n"),
    );
    let start = "九".repeat(40);
    assert_eq!(
        site.refused(),
        problems(&[&format!(
            "data/periods/2024/datacenter.csv:2: item D01: deduction \"{start}…(350000 characters)\" is not a number; expected a number of 0 or more"
        )])
    );
}

#[test]
fn megabyte_item_id_is_refused_in_a_short_message() {
    let site = Fixture::new();
    let id = "D".repeat(1 << 20);
    site.write(
        "data/periods/2024/datacenter.csv",
        &format!("item,deduction,note\n{id},0,\nD02,5,\n"),
    );
    let stderr = site.refused();
    let start = "D".repeat(40);
    assert!(
        stderr.starts_with(&format!(
            "data/periods/2024/datacenter.csv:2: unknown item \"{start}…(1048576 characters)\""
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("datacenter.csv:3: item D01 missing"),
        "{stderr}"
    );
}

#[test]
fn megabyte_note_is_accepted_as_written() {
    // A long note is not a mistake: the sheet is valid.
    let site = Fixture::new();
    let note = "说明".repeat(200_000);
    site.write(
        "data/periods/2024/datacenter.csv",
        &format!("item,deduction,note\nD01,0,\"{note}\"\nD02,5,\n"),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["check", "--root"])
        .arg(site.site())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(output.status.success());
}

#[test]
fn enormous_period_toml_is_refused_unread() {
    let site = Fixture::new();
    let mut text = site.read("data/periods/2024/period.toml");
    text.insert_str(0, &"# 注释\n".repeat(1 << 18));
    for i in 0..20_000 {
        text.push_str(&format!("key{i} = \"{i}\"\n"));
    }
    site.write("data/periods/2024/period.toml", &text);
    assert_eq!(
        site.refused(),
        problems(&[&format!(
            "data/periods/2024/period.toml:1: is {} bytes long, more than a settings file may be (256 KiB); expected a few kilobytes of settings",
            text.len()
        )])
    );
}

#[test]
fn enormous_nesting_in_settings_is_refused() {
    let site = Fixture::new();
    let depth = 100_000;
    let text = site.read("site.toml").replace(
        "aggregate = \"mean\"",
        &format!("aggregate = {}{}", "[".repeat(depth), "]".repeat(depth)),
    );
    site.write("site.toml", &text);
    assert_eq!(
        site.refused(),
        problems(&[
            "site.toml:3: is not valid TOML: cannot recurse further; max recursion depth met"
        ])
    );
}
