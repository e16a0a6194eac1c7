//! `kaohe serve`: a live preview of the site on this machine.
//!
//! The site is built in memory, never into the output folder of `kaohe
//! build`, and served over HTTP on 127.0.0.1 only. A watcher polls the
//! modification times of site.toml, data/, content/ and themes/ and
//! rebuilds on any change. Every HTML page served gets a small script,
//! added on the way out and never part of a build, that polls
//! `/__kaohe/version` and reloads the page when a rebuild finishes.
//!
//! A rebuild that finds problems prints them on the console and shows them
//! over every page in the browser, while the last good build stays served,
//! so a half-typed change never takes the preview down.
//!
//! The server is a few dozen lines of HTTP/1.1 on `std::net`: one short
//! request per connection, answered and closed, which is all a preview
//! for one person needs.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use walkdir::WalkDir;

use crate::build;
use crate::cli::SiteArgs;
use crate::cmd::{Failure, Outcome};
use crate::console;
use crate::model::{LoadOptions, Site};
use crate::output::Memory;
use crate::render::escape;
use crate::score::Results;

/// The options of `kaohe serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,

    /// The port to listen on, on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
}

/// How often the site's files are looked at for changes.
const POLL: Duration = Duration::from_millis(300);

/// The path the injected script polls for the build's version.
const VERSION_PATH: &str = "/__kaohe/version";

/// The files and folders of the site whose changes start a rebuild.
const WATCHED: [&str; 4] = ["site.toml", "data", "content", "themes"];

/// What is being served.
#[derive(Default)]
struct Served {
    /// The last good build's files, by path; `None` before the first.
    files: Option<Arc<BTreeMap<String, Vec<u8>>>>,
    /// Counts the rebuilds, good or bad; pages reload when it changes.
    version: u64,
    /// The problems of the last rebuild; empty when it succeeded.
    problems: Vec<String>,
}

/// The served state, shared by the watcher and the connections.
type Shared = Arc<Mutex<Served>>;

/// Builds the site, serves it and rebuilds it on every change until the
/// process is stopped.
pub fn run(args: &Args) -> Outcome {
    let root = args.site.root.clone();
    if !root.join("site.toml").is_file() {
        return Err(Failure::Other(format!(
            "{} is not a site folder: it has no site.toml",
            root.display()
        )));
    }
    let listener = TcpListener::bind(("127.0.0.1", args.port)).map_err(|err| {
        Failure::Other(format!("cannot listen on 127.0.0.1:{}: {err}", args.port))
    })?;
    let address = listener
        .local_addr()
        .map_err(|err| Failure::Other(format!("cannot read the server's address: {err}")))?;

    let shared = Shared::default();
    let mut watcher = Watcher {
        root,
        drafts: args.site.drafts,
        seen: Vec::new(),
        shared: Arc::clone(&shared),
    };
    watcher.seen = fingerprint(&watcher.root);
    watcher.rebuild();
    println!(
        "serving {} at http://{address}/ (press Ctrl-C to stop)",
        watcher.root.display()
    );
    thread::spawn(move || watcher.watch());

    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        thread::spawn(move || {
            // A client that hangs up mid-answer is no concern of ours.
            let _ = answer(stream, &shared);
        });
    }
    Ok(())
}

/// Locks the served state, whatever a panicking thread left in it.
fn lock(shared: &Shared) -> MutexGuard<'_, Served> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Watches a site's files and rebuilds it when they change.
struct Watcher {
    root: PathBuf,
    drafts: bool,
    /// The fingerprint of the files at the last build.
    seen: Vec<(PathBuf, Option<SystemTime>, u64)>,
    shared: Shared,
}

impl Watcher {
    /// Polls forever, rebuilding after every change.
    fn watch(mut self) {
        loop {
            thread::sleep(POLL);
            let now = fingerprint(&self.root);
            if now != self.seen {
                self.seen = now;
                self.rebuild();
            }
        }
    }

    /// Builds the site into memory and serves it, or keeps the last good
    /// build and shows the problems.
    fn rebuild(&self) {
        let start = Instant::now();
        let result = render(&self.root, self.drafts);
        let mut served = lock(&self.shared);
        served.version += 1;
        match result {
            Ok(files) => {
                let pages = files.keys().filter(|p| p.ends_with(".html")).count();
                served.files = Some(Arc::new(files));
                served.problems.clear();
                println!(
                    "built {pages} pages in {:.2} s",
                    start.elapsed().as_secs_f64()
                );
            }
            Err(failure) => {
                console::failure(&failure);
                served.problems = problem_lines(&failure);
                if served.files.is_some() {
                    console::warning("still serving the last good build");
                }
            }
        }
    }
}

/// The site in `root`, built into memory.
fn render(root: &Path, drafts: bool) -> Result<BTreeMap<String, Vec<u8>>, Failure> {
    let site = Site::load(root, LoadOptions { drafts }).map_err(Failure::Problems)?;
    let results = Results::compute(&site);
    let prepared = build::prepare(&site, &results, root).map_err(Failure::Problems)?;
    let mut memory = Memory::default();
    prepared.write(&mut memory)?;
    Ok(memory.files)
}

/// A failure as the lines the console prints for it.
fn problem_lines(failure: &Failure) -> Vec<String> {
    match failure {
        Failure::Problems(problems) => problems.iter().map(|p| p.to_string()).collect(),
        Failure::Other(message) => vec![message.clone()],
    }
}

/// The path, modification time and size of every watched file and
/// folder, in a fixed order: any edit, addition or removal changes it.
fn fingerprint(root: &Path) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let mut seen = Vec::new();
    for name in WATCHED {
        for entry in WalkDir::new(root.join(name)).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let meta = entry.metadata().ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.map_or(0, |m| m.len());
            seen.push((entry.into_path(), modified, len));
        }
    }
    seen
}

/// A response: status line, content type and body.
struct Response {
    status: &'static str,
    content_type: &'static str,
    location: Option<String>,
    body: Vec<u8>,
}

impl Response {
    /// A plain-text response.
    fn text(status: &'static str, body: String) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: body.into_bytes(),
        }
    }
}

/// Reads one request from `stream` and answers it.
fn answer(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let head = read_head(&mut stream)?;
    let mut words = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    let response = match method {
        "GET" | "HEAD" => respond(target, shared),
        _ => Response::text("405 Method Not Allowed", "only GET and HEAD\n".into()),
    };
    let mut out = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        response.status,
        response.content_type,
        response.body.len()
    );
    if let Some(location) = &response.location {
        out.push_str(&format!("Location: {location}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// Reads a request's head, up to the blank line that ends it.
fn read_head(stream: &mut TcpStream) -> io::Result<String> {
    let mut head = Vec::new();
    let mut buffer = [0; 1024];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// The response to a GET of `target`.
fn respond(target: &str, shared: &Shared) -> Response {
    let (files, version, problems) = {
        let served = lock(shared);
        (
            served.files.clone(),
            served.version,
            served.problems.clone(),
        )
    };
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == VERSION_PATH {
        return Response::text("200 OK", version.to_string());
    }
    let Some(files) = files else {
        return html(
            "500 Internal Server Error",
            &problem_page(&problems),
            version,
            &[],
        );
    };
    let Some(path) = percent_decode(path).filter(|p| !p.split('/').any(|s| s == "..")) else {
        return Response::text("400 Bad Request", "bad path\n".into());
    };
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    match files.get(&rel) {
        Some(bytes) if rel.ends_with(".html") => html("200 OK", bytes, version, &problems),
        Some(bytes) => Response {
            status: "200 OK",
            content_type: content_type(&rel),
            location: None,
            body: bytes.clone(),
        },
        None if files.contains_key(&format!("{rel}/index.html")) => Response {
            status: "301 Moved Permanently",
            content_type: "text/plain; charset=utf-8",
            location: Some(format!("{path}/")),
            body: Vec::new(),
        },
        None => Response::text("404 Not Found", format!("not found: {path}\n")),
    }
}

/// An HTML response: `page` with the reload script and, when the last
/// rebuild failed, its problems over the page.
fn html(status: &'static str, page: &[u8], version: u64, problems: &[String]) -> Response {
    let page = String::from_utf8_lossy(page);
    let mut extra = String::new();
    if !problems.is_empty() {
        extra.push_str(&overlay(problems));
    }
    extra.push_str(&reload_script(version));
    let body = match page.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &page[..at], &page[at..]),
        None => format!("{page}{extra}"),
    };
    Response {
        status,
        content_type: "text/html; charset=utf-8",
        location: None,
        body: body.into_bytes(),
    }
}

/// The script that reloads the page when the site is rebuilt.
fn reload_script(version: u64) -> String {
    format!(
        "<script>(function(){{var v=\"{version}\";function poll(){{\
         fetch(\"{VERSION_PATH}\",{{cache:\"no-store\"}}).then(function(r){{return r.text();}})\
         .then(function(t){{if(t!==v){{location.reload();}}else{{setTimeout(poll,300);}}}},\
         function(){{setTimeout(poll,1000);}});}}setTimeout(poll,300);}})();</script>"
    )
}

/// The problems of the last rebuild, shown over the top of the page.
fn overlay(problems: &[String]) -> String {
    format!(
        "<div id=\"kaohe-problems\" style=\"position:fixed;top:0;left:0;right:0;\
         max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:12px 16px;\
         background:#fff4f4;color:#7a1010;border-bottom:3px solid #b00020;\
         font:14px/1.5 monospace;white-space:pre-wrap\">\
         <strong>kaohe: the last change has problems; this is the last good build.</strong>\n{}</div>",
        escape(&problems.join("\n"))
    )
}

/// The page served while no build has succeeded yet.
fn problem_page(problems: &[String]) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <title>kaohe: problems</title></head><body>\
         <h1 style=\"font:bold 18px sans-serif\">kaohe cannot build the site yet</h1>\
         <pre style=\"font:14px/1.5 monospace;white-space:pre-wrap\">{}</pre></body></html>",
        escape(&problems.join("\n"))
    )
    .into_bytes()
}

/// Decodes `%XX` escapes in a URL path; `None` if the result is not UTF-8
/// or an escape is malformed.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file, by its extension.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_decode_to_utf8() {
        assert_eq!(
            percent_decode("/a%20b/%E8%80%83").as_deref(),
            Some("/a b/考")
        );
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%E8"), None);
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let response = html("200 OK", b"<html><body><p>x</p></body></html>", 7, &[]);
        let body = String::from_utf8(response.body).expect("UTF-8");
        assert!(body.starts_with("<html><body><p>x</p><script>"));
        assert!(body.contains("var v=\"7\""));
        assert!(body.ends_with("</script></body></html>"));
        assert!(!body.contains("kaohe-problems"));
    }

    #[test]
    fn problems_show_over_the_page_escaped() {
        let problems = ["site.toml:3: title <b> is odd".to_string()];
        let response = html("200 OK", b"<body></body>", 1, &problems);
        let body = String::from_utf8(response.body).expect("UTF-8");
        assert!(body.contains("id=\"kaohe-problems\""));
        assert!(body.contains("site.toml:3: title &lt;b&gt; is odd"));
    }

    #[test]
    fn unknown_extensions_are_bytes() {
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("results.json"), "application/json");
        assert_eq!(content_type("a/b"), "application/octet-stream");
    }
}
