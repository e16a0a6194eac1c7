//! The corpus of broken sites: every case must be refused with the exact
//! messages a user would read.
//!
//! Each folder `tests/corpus/<case>/` holds files that are laid over a copy
//! of the valid site `tests/corpus/_base/`, an optional `delete.txt`
//! listing base files to remove (one path a line), and `expected.txt`, the
//! exact standard error of `kaohe check --root <copy>`. Every case must
//! exit with status 1, print nothing on standard output and never panic.
//!
//! `KAOHE_BLESS=1 cargo test --test check_corpus` rewrites each
//! `expected.txt` from what kaohe prints now; review the diff by eye.
//! `KAOHE_CORPUS=<text>` runs (or blesses) only the cases whose name
//! contains the text.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files of a case folder that describe the case rather than overlay it.
const CASE_FILES: [&str; 2] = ["expected.txt", "delete.txt"];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The case folders, sorted by name.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(corpus())
        .expect("tests/corpus is readable")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.is_dir() && !path.ends_with("_base"))
        .collect();
    cases.sort();
    cases
}

/// Copies every file under `from` into `to`, skipping `skip` at the top.
fn copy_tree(from: &Path, to: &Path, skip: &[&str]) {
    for entry in fs::read_dir(from).expect("readable folder") {
        let entry = entry.expect("folder entry");
        let name = entry.file_name();
        let target = to.join(&name);
        if entry.path().is_dir() {
            fs::create_dir_all(&target).expect("folder created");
            copy_tree(&entry.path(), &target, &[]);
        } else if !skip.iter().any(|s| name == *s) {
            fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}

/// Builds the broken site of `case` in a fresh temporary folder.
fn site_for(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&corpus().join("_base"), dir.path(), &[]);
    if let Ok(list) = fs::read_to_string(case.join("delete.txt")) {
        for rel in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let path = dir.path().join(rel);
            if path.is_dir() {
                fs::remove_dir_all(&path).expect("base folder removed");
            } else {
                fs::remove_file(&path).expect("base file removed");
            }
        }
    }
    copy_tree(case, dir.path(), &CASE_FILES);
    dir
}

/// Runs one case, returning what is wrong with kaohe's answer, if anything.
fn run_case(case: &Path, bless: bool) -> Option<String> {
    let site = site_for(case);
    let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .arg("check")
        .arg("--root")
        .arg(site.path())
        .output()
        .expect("kaohe runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut wrong = Vec::new();
    if stderr.contains("panicked") || stdout.contains("panicked") {
        wrong.push(format!("panicked:\n{stderr}"));
    }
    if output.status.code() != Some(1) {
        wrong.push(format!(
            "exit status {:?}, expected 1",
            output.status.code()
        ));
    }
    if !stdout.is_empty() {
        wrong.push(format!("printed on stdout:\n{stdout}"));
    }
    let expected_path = case.join("expected.txt");
    if bless {
        fs::write(&expected_path, stderr.as_bytes()).expect("expected.txt written");
    } else {
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if stderr != expected {
            wrong.push(format!(
                "stderr differs\n--- expected\n{expected}--- actual\n{stderr}"
            ));
        }
    }
    (!wrong.is_empty()).then(|| wrong.join("\n"))
}

#[test]
fn every_broken_site_is_refused_with_its_exact_messages() {
    let bless = std::env::var_os("KAOHE_BLESS").is_some_and(|v| v == "1");
    let mut cases = cases();
    match std::env::var("KAOHE_CORPUS") {
        Ok(only) => cases.retain(|case| case.to_string_lossy().contains(&only)),
        Err(_) => assert!(cases.len() >= 35, "only {} corpus cases", cases.len()),
    }
    assert!(!cases.is_empty(), "no corpus case matches KAOHE_CORPUS");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let name = case.file_name()?.to_string_lossy().into_owned();
            run_case(case, bless).map(|wrong| format!("== case {name}\n{wrong}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_corpus_base_site_is_valid() {
    let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .arg("check")
        .arg("--root")
        .arg(corpus().join("_base"))
        .output()
        .expect("kaohe runs");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "2024  platform  94.00  优秀\n2024  datacenter  95.00  优秀\n"
    );
    assert_eq!(output.status.code(), Some(0));
}
