//! `kaohe serve`: it answers on loopback, rebuilds after a change, keeps
//! the last good build when a change breaks the site, and never writes the
//! output folder of `kaohe build`.
//!
//! The server runs as a child process on a port the system picks; every
//! wait is bounded, and the process is killed when the test ends, passed
//! or failed.

mod workflow_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use workflow_support::{edit, init_site};

/// How long any one wait may take before the test fails.
const BOUND: Duration = Duration::from_secs(20);

/// A running `kaohe serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `kaohe serve` on `root` and waits for the line with its address.
fn serve(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kaohe serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let mut server = Server { child, port: 0 };
    let deadline = Instant::now() + BOUND;
    while server.port == 0 {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = receive
            .recv_timeout(left)
            .expect("serve prints its address");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let port = rest.split('/').next().expect("a port");
            server.port = port.parse().expect("a port number");
        }
    }
    server
}

/// GETs `path` from the server: (status code, body).
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connects");
    stream.set_read_timeout(Some(BOUND)).expect("timeout");
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("reads");
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .expect("a status")
        .parse()
        .expect("a number");
    (status, body.to_string())
}

/// GETs `path` until `ok` holds for the body, or fails after BOUND.
fn get_until(server: &Server, path: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = Instant::now() + BOUND;
    loop {
        let (status, body) = get(server, path);
        if ok(status, &body) {
            return (status, body);
        }
        assert!(
            Instant::now() < deadline,
            "no change seen in {BOUND:?}: {status} {body}"
        );
        thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_answers_and_rebuilds_after_a_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let server = serve(&root);

    let (status, home) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(home.contains("政务云服务质量考核"), "{home}");
    assert!(
        home.contains("/__kaohe/version"),
        "the reload script is injected"
    );
    let (status, version) = get(&server, "/__kaohe/version");
    assert_eq!((status, version.as_str()), (200, "1"));

    edit(
        &root.join("site.toml"),
        "title = \"政务云服务质量考核\"",
        "title = \"改过的站点标题\"",
    );
    let (_, home) = get_until(&server, "/", |_, body| body.contains("改过的站点标题"));
    assert!(!home.contains("kaohe-problems"));
    let (_, version) = get(&server, "/__kaohe/version");
    assert_ne!(version, "1");

    let (status, _) = get(&server, "/no-such-page.html");
    assert_eq!(status, 404);
    assert!(!root.join("public").exists(), "serve never writes public/");
}

#[test]
fn serve_keeps_the_last_good_build_and_shows_the_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let server = serve(&root);
    get_until(&server, "/", |status, _| status == 200);

    let site = root.join("site.toml");
    edit(
        &site,
        "aggregate = \"trimmed-mean\"",
        "aggregate = \"average\"",
    );
    let (status, home) = get_until(&server, "/", |_, body| body.contains("kaohe-problems"));
    assert_eq!(status, 200, "the last good build is still served");
    assert!(home.contains("政务云服务质量考核"));
    let problems = home
        .split("id=\"kaohe-problems\"")
        .nth(1)
        .expect("the overlay");
    assert!(
        problems.contains("site.toml:") && problems.contains("average"),
        "{problems}"
    );

    edit(
        &site,
        "aggregate = \"average\"",
        "aggregate = \"trimmed-mean\"",
    );
    get_until(&server, "/", |_, body| !body.contains("kaohe-problems"));
}

#[test]
fn the_build_output_carries_no_reload_script() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let run = workflow_support::kaohe_at(&root, &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for (rel, bytes) in workflow_support::files_under(&root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__kaohe"), "{rel}");
    }
}

#[test]
fn serve_shows_the_problems_until_the_first_good_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let site = root.join("site.toml");
    edit(
        &site,
        "aggregate = \"trimmed-mean\"",
        "aggregate = \"average\"",
    );
    let server = serve(&root);

    let (status, page) = get(&server, "/");
    assert_eq!(status, 500);
    assert!(page.contains("kaohe cannot build the site yet"), "{page}");
    assert!(
        page.contains("site.toml:") && page.contains("average"),
        "{page}"
    );
    assert!(
        page.contains("/__kaohe/version"),
        "the page reloads once fixed"
    );

    edit(
        &site,
        "aggregate = \"average\"",
        "aggregate = \"trimmed-mean\"",
    );
    let (_, home) = get_until(&server, "/", |status, _| status == 200);
    assert!(home.contains("政务云服务质量考核"));
}

#[test]
fn serve_answers_only_what_the_build_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = init_site(dir.path());
    let server = serve(&root);
    get_until(&server, "/", |status, _| status == 200);

    let (status, css) = get(&server, "/static/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("__kaohe"), "only HTML pages get the script");
    let (status, _) = get(&server, "/periods/example");
    assert_eq!(status, 301, "a folder redirects to its index");
    let (status, page) = get(&server, "/periods/example/");
    assert_eq!(status, 200);
    assert!(page.contains("示例考核期"));
    let (status, _) = get(&server, "/../site.toml");
    assert_eq!(status, 400);
}
