//! The bundled site in a real browser: headless Chromium opens every kind
//! of page over file://, as a user opening the site from a share would.
//!
//! For each page kind it checks that every file the browser asked for
//! exists inside the output folder, that nothing was asked for outside
//! it, and that no script wrote to the console. It keeps a screenshot of
//! each page kind at desktop and phone width under
//! target/browser-artifacts/ (a CI artifact, for people to look at), and
//! prints every conclusion report to PDF to check that it is A4, numbers
//! its pages and carries the signature block.
//!
//! Where Chromium is not installed the tests say so and pass; under CI
//! (`CI=true`) they fail instead, since `.ci/run` installs it.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long one Chromium run may take before it is stopped.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

/// The kinds of page, each with a name for its screenshot and its path
/// in the output; `{period}` stands for the latest period's id.
const PAGE_KINDS: [(&str, &str); 11] = [
    ("home", "index.html"),
    ("period", "periods/{period}/index.html"),
    ("scorecard", "periods/{period}/platform.html"),
    ("report", "periods/{period}/report.html"),
    ("trend", "trend.html"),
    ("table-trend", "trend/platform.html"),
    ("measures", "measures.html"),
    ("rubric", "rubrics/platform.html"),
    ("forms", "forms/index.html"),
    ("scoring-form", "forms/scoring-platform.html"),
    ("survey-form", "forms/survey.html"),
];

/// Chromium's path, or `None` after saying why the tests are skipped.
/// Under CI a missing Chromium fails the test.
fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|path| path.is_file());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium not installed, and CI must run the browser tests"
        );
        eprintln!("chromium not installed; skipping browser tests");
    }
    found
}

/// The bundled site, built once into a temporary folder for all tests.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    /// The id of the latest period.
    latest: String,
    /// Every period's id.
    periods: Vec<String>,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let output = Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "the bundled site builds:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join("results.json")).unwrap()).unwrap();
        let periods: Vec<String> = json["periods"]
            .as_array()
            .expect("results.json lists the periods")
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect();
        let latest = periods
            .last()
            .expect("the bundled site has periods")
            .clone();
        Built {
            _dir: dir,
            out,
            latest,
            periods,
        }
    })
}

impl Built {
    /// The path under the output of a page kind's page.
    fn page(&self, template: &str) -> String {
        template.replace("{period}", &self.latest)
    }
}

/// Where screenshots and PDFs are kept for people to look at.
fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("browser-artifacts");
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs headless Chromium with a fresh profile on `url` with `args`,
/// returning its standard error (its log). Fails the test if Chromium
/// fails or hangs.
fn run_chromium(browser: &Path, args: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Chromium starts");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut log = String::new();
        let _ = stderr.read_to_string(&mut log);
        log
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium took over {CHROMIUM_TIMEOUT:?} on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let log = reader.join().unwrap();
    assert!(status.success(), "Chromium failed on {url}:\n{log}");
    log
}

/// The file URL of `rel` in the output.
fn url(out: &Path, rel: &str) -> String {
    format!("file://{}", out.join(rel).display())
}

/// What the browser's log says about one page load: the files it asked
/// for and the console messages.
struct Load {
    requested: Vec<String>,
    console: Vec<String>,
}

/// Reads Chromium's verbose log: `FileURLLoader::Start: <url>` for every
/// file requested, `:CONSOLE` for every console message.
fn read_log(log: &str) -> Load {
    let mut requested = Vec::new();
    let mut console = Vec::new();
    for line in log.lines() {
        if let Some((_, url)) = line.split_once("FileURLLoader::Start: ") {
            requested.push(url.trim().to_string());
        } else if line.contains(":CONSOLE") {
            console.push(line.to_string());
        }
    }
    Load { requested, console }
}

/// Decodes the `%XX` escapes of a file URL's path.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// What is wrong with the files requested while loading a page: each
/// must be a file inside the output folder.
fn failed_requests(out: &Path, requested: &[String]) -> Vec<String> {
    let out = out.canonicalize().unwrap();
    requested
        .iter()
        .filter_map(|url| {
            let Some(path) = url.strip_prefix("file://") else {
                return Some(format!("{url}: not a file of the site"));
            };
            let path = percent_decode(path.split(['#', '?']).next().unwrap_or(path));
            match Path::new(&path).canonicalize() {
                Ok(real) if real.starts_with(&out) && real.is_file() => None,
                Ok(_) => Some(format!("{url}: outside the output folder or not a file")),
                Err(err) => Some(format!("{url}: {err}")),
            }
        })
        .collect()
}

#[test]
fn every_page_kind_loads_every_file_it_asks_for_and_logs_nothing() {
    let Some(browser) = chromium() else { return };
    let site = built();
    let artifacts = artifacts();
    let mut wrong = Vec::new();
    for (kind, template) in PAGE_KINDS {
        let rel = site.page(template);
        assert!(site.out.join(&rel).is_file(), "{kind}: {rel} was built");
        let shot = artifacts.join(format!("{kind}.png"));
        let _ = fs::remove_file(&shot);
        let args = [
            "--enable-logging=stderr".to_string(),
            "--v=1".to_string(),
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1800".to_string(),
        ];
        let load = read_log(&run_chromium(&browser, &args, &url(&site.out, &rel)));

        // The page itself and its stylesheet at least.
        if load.requested.len() < 2 {
            wrong.push(format!("{kind}: only {:?} requested", load.requested));
        }
        for failure in failed_requests(&site.out, &load.requested) {
            wrong.push(format!("{kind}: {failure}"));
        }
        for message in load.console {
            wrong.push(format!("{kind}: console: {message}"));
        }
        let size = fs::metadata(&shot).map_or(0, |m| m.len());
        if size < 20_000 {
            wrong.push(format!("{kind}: screenshot of {size} bytes looks empty"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_page_kind_has_a_phone_width_screenshot() {
    let Some(browser) = chromium() else { return };
    let site = built();
    let artifacts = artifacts();
    for (kind, template) in PAGE_KINDS {
        let shot = artifacts.join(format!("{kind}-360.png"));
        let _ = fs::remove_file(&shot);
        let args = [
            format!("--screenshot={}", shot.display()),
            "--window-size=360,1800".to_string(),
        ];
        run_chromium(&browser, &args, &url(&site.out, &site.page(template)));
        let size = fs::metadata(&shot).map_or(0, |m| m.len());
        assert!(size > 10_000, "{kind}: phone screenshot of {size} bytes");
    }
}

/// A PDF's page count and page size in points, from `pdfinfo`.
fn pdf_info(pdf: &Path) -> (usize, f64, f64) {
    let output = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs (poppler-utils)");
    let info = String::from_utf8_lossy(&output.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo has no {name}:\n{info}"))
            .to_string()
    };
    let pages = field("Pages:").parse().unwrap();
    let size = field("Page size:");
    let mut numbers = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    let (width, height) = (numbers.next().unwrap(), numbers.next().unwrap());
    (pages, width, height)
}

/// The text of `pdf` with all white space removed, from `pdftotext`.
fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    String::from_utf8_lossy(&output.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn every_report_prints_on_numbered_a4_pages_with_the_signature_block() {
    let Some(browser) = chromium() else { return };
    let site = built();
    let artifacts = artifacts();
    let mut wrong = Vec::new();
    for period in &site.periods {
        let pdf = artifacts.join(format!("report-{period}.pdf"));
        let _ = fs::remove_file(&pdf);
        let args = [
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf.display()),
        ];
        let rel = format!("periods/{period}/report.html");
        run_chromium(&browser, &args, &url(&site.out, &rel));

        let (pages, width, height) = pdf_info(&pdf);
        // A4 is 595.28 × 841.89 points; Chromium rounds to whole pixels.
        if (width - 595.3).abs() > 1.0 || (height - 841.9).abs() > 1.0 {
            wrong.push(format!("{period}: page size {width} × {height} pt, not A4"));
        }
        if !(1..=2).contains(&pages) {
            wrong.push(format!("{period}: {pages} pages; expected one or two"));
        }
        let text = pdf_text(&pdf);
        for page in 1..=pages {
            let number = format!("第{page}页共{pages}页");
            if !text.contains(&number) {
                wrong.push(format!("{period}: no page number {number}"));
            }
        }
        for words in ["结论报告", "考核得分", "签字确认栏", "考核组签字", "总分"]
        {
            if !text.contains(words) {
                wrong.push(format!("{period}: no {words} in the printed report"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn pages_ask_only_for_files_inside_the_output() {
    // What the browser would load, read from the files themselves: every
    // src, stylesheet and CSS url() is relative and names an output file.
    let site = built();
    let mut wrong = BTreeSet::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&site.out) {
        let entry = entry.unwrap();
        let path = entry.path();
        let name = path.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".css")) {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        let rel = path.strip_prefix(&site.out).unwrap().display().to_string();
        for reference in resources(&text) {
            checked += 1;
            if reference.starts_with("data:") {
                continue;
            }
            let local = reference.split(['#', '?']).next().unwrap();
            if reference.contains("//") || reference.starts_with('/') {
                wrong.insert(format!("{rel}: {reference} is not a relative path"));
                continue;
            }
            let target = path.parent().unwrap().join(local);
            let inside = target
                .canonicalize()
                .is_ok_and(|t| t.starts_with(site.out.canonicalize().unwrap()) && t.is_file());
            if !inside {
                wrong.insert(format!("{rel}: {reference} is not a file of the output"));
            }
        }
    }
    assert!(checked > 20, "only {checked} references found");
    assert!(wrong.is_empty(), "{}", Vec::from_iter(wrong).join("\n"));
}

/// The resources a page or stylesheet makes the browser fetch: `src`
/// attributes, `<link href>` and CSS `url(…)`.
fn resources(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (open, close) in [("src=\"", '"'), ("url(", ')')] {
        let mut rest = text;
        while let Some(at) = rest.find(open) {
            rest = &rest[at + open.len()..];
            let end = rest.find(close).unwrap_or(rest.len());
            found.push(rest[..end].trim_matches(['\'', '"']).to_string());
        }
    }
    let mut rest = text;
    while let Some(at) = rest.find("<link ") {
        rest = &rest[at..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if let Some((_, href)) = tag.split_once("href=\"") {
            found.push(href.split('"').next().unwrap().to_string());
        }
        rest = &rest[end..];
    }
    found
}

#[test]
fn a_missing_file_and_a_console_message_are_caught() {
    // The checks above must be able to fail: a page that asks for a file
    // that does not exist, one outside its folder, and logs an error.
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(dir.path().join("outside.css"), "p { color: red }").unwrap();
    fs::write(
        site.join("index.html"),
        "<!DOCTYPE html><meta charset=\"utf-8\"><title>测试</title>\
         <link rel=\"stylesheet\" href=\"../outside.css\">\
         <img src=\"missing.png\"><p>考核</p>\
         <script>console.error(\"坏了\")</script>",
    )
    .unwrap();
    let args = [
        "--enable-logging=stderr".to_string(),
        "--v=1".to_string(),
        "--dump-dom".to_string(),
    ];
    let load = read_log(&run_chromium(&browser, &args, &url(&site, "index.html")));

    let failures = failed_requests(&site, &load.requested);
    assert_eq!(failures.len(), 2, "{failures:?} from {:?}", load.requested);
    assert!(failures[0].contains("outside.css") || failures[1].contains("outside.css"));
    assert!(failures.iter().any(|f| f.contains("missing.png")));
    assert_eq!(load.console.len(), 1, "{:?}", load.console);
}
