//! `promdigest serve` as a real process on a free port, against a copy of
//! the fixture site: pages, live reload over SSE, the error overlay, path
//! safety (raw request lines: HTTP clients would normalise `..` away) and a
//! site under a sub-path.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Generous: the debug binary on a busy CI machine.
const WAIT: Duration = Duration::from_secs(30);

/// A running `serve`, killed when dropped.
struct Serve {
    child: Child,
    addr: String,
    dir: tempfile::TempDir,
    /// What serve printed before it gave its address.
    startup: Vec<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// Copies the fixture site with its own templates and assets and starts
/// `serve --port 0` on it; `base_url` replaces the fixture's.
fn start(base_url: &str) -> Serve {
    start_with(base_url, &[])
}

/// [`start`] with extra content files (`content/`-relative name, text).
fn start_with(base_url: &str, extra: &[(&str, &str)]) -> Serve {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo.join("tests/fixtures/site/content"),
        &dir.path().join("content"),
    );
    for (name, text) in extra {
        std::fs::write(dir.path().join("content").join(name), text).unwrap();
    }
    copy_dir(&repo.join("templates"), &dir.path().join("templates"));
    copy_dir(&repo.join("assets"), &dir.path().join("assets"));
    let toml = std::fs::read_to_string(repo.join("tests/fixtures/site/site.toml"))
        .unwrap()
        .replace("../../../templates", "templates")
        .replace("../../../assets", "assets")
        .replace("http://127.0.0.1:1111/", base_url);
    std::fs::write(dir.path().join("site.toml"), toml).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_promdigest"))
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let mut serve = Serve {
        child,
        addr: String::new(),
        dir,
        startup: Vec::new(),
    };
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
            if let Some(rest) = line.strip_prefix("Просмотр: http://") {
                serve.addr = rest.split('/').next().unwrap().to_string();
                // Keep draining stderr so the server never blocks on a full pipe.
                std::thread::spawn(move || while rx.recv().is_ok() {});
                return serve;
            }
            serve.startup.push(line);
        }
    }
    panic!("serve did not start in time");
}

impl Serve {
    fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Sends a raw request line and returns (status, headers, body).
    fn raw(&self, target: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        let text = String::from_utf8_lossy(&buf).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head.to_string(), body.to_string())
    }

    fn get(&self, target: &str) -> String {
        let (status, _, body) = self.raw(target);
        assert_eq!(status, 200, "GET {target}");
        body.replace("&#x2F;", "/")
    }

    /// Opens the event stream; returns once the server has subscribed it.
    fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET /__promdigest/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        let mut reader = BufReader::new(s);
        std::thread::spawn(move || {
            let mut event = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let l = line.trim_end().to_string();
                line.clear();
                if let Some(e) = l.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = l.strip_prefix("data: ") {
                    if tx.send((event.clone(), d.to_string())).is_err() {
                        break;
                    }
                } else if l.starts_with("retry:") {
                    let _ = tx.send(("open".into(), String::new()));
                }
            }
        });
        let ev = Events(rx);
        ev.wait("open");
        ev
    }
}

struct Events(Receiver<(String, String)>);

impl Events {
    /// Waits for an event named `name`; returns its data.
    fn wait(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.0.recv_timeout(left) {
                Ok((e, d)) if e == name => return d,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("no {name:?} event within {WAIT:?}");
    }
}

const ARTICLE: &str = "content/2025-07-01-kuban-klaster.md";
const ARTICLE_URL: &str = "/articles/na-kubani-sozdan-klaster-umnoi-promyshlennosti.html";

#[test]
fn serves_pages_and_reloads_after_an_edit() {
    let s = start("http://127.0.0.1:1111/");
    let home = s.get("/");
    assert!(home.contains("На Кубани создан кластер умной промышленности"));
    assert!(
        home.contains("/__promdigest/events"),
        "live-reload script injected"
    );
    let page = s.get(ARTICLE_URL);
    assert!(page.contains("двенадцать предприятий"));

    let ev = s.events();
    let text = std::fs::read_to_string(s.file(ARTICLE)).unwrap();
    std::fs::write(
        s.file(ARTICLE),
        text.replace("двенадцать предприятий", "тринадцать предприятий"),
    )
    .unwrap();
    ev.wait("reload");
    let page = s.get(ARTICLE_URL);
    assert!(
        page.contains("тринадцать предприятий"),
        "edited text served"
    );
    assert!(!page.contains("двенадцать предприятий"));

    // An asset edit is copied and reloads too.
    let css = std::fs::read_to_string(s.file("assets/style.css")).unwrap();
    std::fs::write(s.file("assets/style.css"), format!("{css}\n/* edited */\n")).unwrap();
    ev.wait("reload");
    assert!(s.get("/style.css").contains("/* edited */"));
}

#[test]
fn types_redirects_and_not_found() {
    let s = start("http://127.0.0.1:1111/");
    let (st, head, _) = s.raw("/style.css");
    assert_eq!(st, 200);
    assert!(head.contains("Content-Type: text/css"), "{head}");
    let (_, head, _) = s.raw("/atom.xml");
    assert!(
        head.contains("Content-Type: application/atom+xml"),
        "{head}"
    );
    let (_, head, _) = s.raw("/favicon.svg");
    assert!(head.contains("Content-Type: image/svg+xml"), "{head}");
    let (st, head, _) = s.raw("/regions");
    assert_eq!(st, 301);
    assert!(head.contains("Location: /regions/"), "{head}");
    let (st, _, body) = s.raw("/no/such/page/");
    assert_eq!(st, 404);
    assert!(body.contains("Страница не найдена"), "the site's 404.html");
}

#[test]
fn path_traversal_is_refused() {
    let s = start("http://127.0.0.1:1111/");
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2e%2E/Cargo.toml",
        "/articles/..%2f..%2fCargo.toml",
        "/articles%2F..%2F..%2Fsite.toml",
        "/..\\site.toml",
        "/site.toml",
        "/content/2025-07-01-kuban-klaster.md",
    ] {
        let (st, _, body) = s.raw(target);
        assert_eq!(st, 404, "{target}");
        assert!(
            !body.contains("[paths]") && !body.contains("+++"),
            "{target}"
        );
    }
}

#[test]
fn broken_front_matter_shows_overlay_until_fixed() {
    let s = start("http://127.0.0.1:1111/");
    let ev = s.events();
    let good = std::fs::read_to_string(s.file(ARTICLE)).unwrap();
    std::fs::write(
        s.file(ARTICLE),
        good.replace("date = 2025-07-01", "date = = 2025"),
    )
    .unwrap();
    let data = ev.wait("problem");
    let v: serde_json::Value = serde_json::from_str(&data).unwrap();
    let text = v["text"].as_str().unwrap();
    assert!(
        text.starts_with("content/2025-07-01-kuban-klaster.md:3:8: error:"),
        "{text}"
    );
    assert!(text.contains("hint:"), "{text}");
    // The last good page stays up, and a page opened now gets the error at once.
    assert!(s.get(ARTICLE_URL).contains("двенадцать предприятий"));
    let late = s.events();
    assert!(late.wait("problem").contains("kuban-klaster.md:3:8"));

    std::fs::write(s.file(ARTICLE), good.replace("двенадцать", "четырнадцать")).unwrap();
    ev.wait("reload");
    assert!(s.get(ARTICLE_URL).contains("четырнадцать предприятий"));
}

#[test]
fn sub_path_site_is_served_under_its_path() {
    let s = start("https://x.github.io/digest/");
    let home = s.get("/digest/");
    assert!(
        home.contains("href=\"/digest/articles/"),
        "links keep the sub-path"
    );
    assert!(
        home.contains(&format!("http://{}/digest/", s.addr)),
        "origin is local"
    );
    let (st, head, _) = s.raw("/digest");
    assert_eq!(st, 301);
    assert!(head.contains("Location: /digest/"), "{head}");
    assert!(s
        .get(&format!("/digest{ARTICLE_URL}"))
        .contains("двенадцать"));
    assert_eq!(s.raw(ARTICLE_URL).0, 404, "only under the sub-path");
    let (st, _, _) = s.raw("/digest/%2e%2e/site.toml");
    assert_eq!(st, 404);
}

/// Polls `GET target` until its body satisfies `ok` (the watcher works
/// asynchronously; no event count is assumed).
fn until(s: &Serve, target: &str, what: &str, ok: impl Fn(u16, &str) -> bool) {
    let deadline = Instant::now() + WAIT;
    loop {
        let (status, _, body) = s.raw(target);
        if ok(status, &body) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {target} gave {status}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn sh(dir: &Path, script: &str) {
    let st = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(st.success(), "{script}");
}

fn article(slug: &str, word: &str) -> String {
    format!(
        "+++\ntitle = \"Статья {slug}\"\ndate = 2025-07-03\nslug = \"{slug}\"\n+++\n\nВ Пермском крае открыт завод, {word}.\n"
    )
}

#[test]
fn issue_15_case_1_content_replaced_or_moved_while_serving() {
    let s = start("http://127.0.0.1:1111/");
    let root = s.dir.path();
    s.get(ARTICLE_URL);
    // A restore: the folder removed and copied back from a backup that
    // differs in one article.
    sh(root, "cp -r content backup");
    let text = std::fs::read_to_string(s.file(ARTICLE)).unwrap();
    std::fs::write(
        root.join("backup")
            .join(Path::new(ARTICLE).strip_prefix("content").unwrap()),
        text.replace("двенадцать предприятий", "из резервной копии"),
    )
    .unwrap();
    sh(root, "rm -rf content && cp -r backup content");
    until(&s, ARTICLE_URL, "restored content served", |st, b| {
        st == 200 && b.contains("из резервной копии")
    });
    // Moved away and back (git checkout of another branch and back, rsync).
    sh(root, "mv content c2 && mv c2 content");
    std::thread::sleep(Duration::from_millis(300));
    // Later edits are still seen: the new folder is watched.
    let text = std::fs::read_to_string(s.file(ARTICLE)).unwrap();
    std::fs::write(
        s.file(ARTICLE),
        text.replace("из резервной копии", "после переноса"),
    )
    .unwrap();
    until(&s, ARTICLE_URL, "edit after mv and back", |st, b| {
        st == 200 && b.contains("после переноса")
    });
}

#[test]
fn issue_15_case_1_folders_filled_in_one_step_while_serving() {
    let s = start("http://127.0.0.1:1111/");
    let root = s.dir.path();
    s.get(ARTICLE_URL);
    // Folders inside the copied one are created before any watch on them
    // exists; only a walk of the new folder finds their files.
    for d in 0..10 {
        let dir = root.join(format!("batch/2025-07/d{d}/x"));
        std::fs::create_dir_all(&dir).unwrap();
        for f in 0..5 {
            let slug = format!("batch-{d}-{f}");
            std::fs::write(dir.join(format!("{slug}.md")), article(&slug, "партия")).unwrap();
        }
    }
    sh(root, "cp -r batch/2025-07 content/");
    for d in 0..10 {
        for f in 0..5 {
            until(
                &s,
                &format!("/articles/batch-{d}-{f}.html"),
                "a copied folder is seen",
                |st, b| st == 200 && b.contains("партия"),
            );
        }
    }
    sh(
        root,
        &format!(
            "mkdir -p content/a/b && printf '%s' '{}' > content/a/b/deep.md",
            article("deep-one", "глубоко")
        ),
    );
    until(
        &s,
        "/articles/deep-one.html",
        "a file in new nested folders is seen",
        |st, b| st == 200 && b.contains("глубоко"),
    );
}

/// Sends a whole raw request; returns the status code.
fn status_of(addr: &str, request: &str) -> u16 {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let _ = s.write_all(request.as_bytes()); // a "busy" answer may come first
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf);
    text.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn issue_15_case_6_only_its_own_host_and_get_or_head_are_answered() {
    let s = start("http://127.0.0.1:1111/");
    let port = s.addr.rsplit(':').next().unwrap();
    for (host, want) in [
        (format!("127.0.0.1:{port}"), 200),
        (format!("localhost:{port}"), 200),
        ("localhost".to_string(), 200),
        (format!("evil.example:{port}"), 403),
        ("rebind.attacker.test".to_string(), 403),
    ] {
        let got = status_of(
            &s.addr,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(got, want, "Host: {host}");
    }
    assert_eq!(
        status_of(&s.addr, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
        403,
        "no Host"
    );
    for method in ["PUT", "DELETE", "POST", "PATCH", "OPTIONS"] {
        let got = status_of(
            &s.addr,
            &format!(
                "{method} / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                s.addr
            ),
        );
        assert_eq!(got, 405, "{method}");
    }
    let head = status_of(
        &s.addr,
        &format!("HEAD / HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr),
    );
    assert_eq!(head, 200);
}

#[test]
fn issue_15_case_6_slow_and_live_reload_connections_do_not_grow_threads() {
    let s = start("http://127.0.0.1:1111/");
    let pid = s.child.id();
    let before = threads(pid);
    // 300 clients that connect and never finish a request, 300 live-reload
    // streams that stay open.
    let mut held = Vec::new();
    for _ in 0..300 {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        // The server may already have answered "busy" and closed.
        let _ = c.write_all(b"GET / HTTP/1.1\r\nHo");
        held.push(c);
    }
    for _ in 0..300 {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        let _ = write!(
            c,
            "GET /__promdigest/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            s.addr
        );
        held.push(c);
    }
    std::thread::sleep(Duration::from_millis(500));
    let during = threads(pid);
    eprintln!("threads: {before} before, {during} with 600 connections open");
    assert!(
        during <= before + 140,
        "threads grew from {before} to {during} with 600 open connections"
    );
    // Still answering: at once (maybe "busy"), and with the page once the
    // idle clients have been timed out, while they are still connected.
    let now = status_of(
        &s.addr,
        &format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr),
    );
    assert!(now == 200 || now == 503, "answered {now}");
    let deadline = Instant::now() + WAIT;
    loop {
        let st = status_of(
            &s.addr,
            &format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr),
        );
        if st == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no page while slow clients are connected ({st})"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(threads(pid) <= before + 140);
    drop(held);
}

/// Issue 16: `serve` ends its first build like `build` does (a warning count,
/// the first warnings, the hint to run `check`), and its pages tell the
/// editor when a headline was guessed; readers never see that notice.
#[test]
fn issue_16_serve_reports_warnings_and_shows_the_guessed_headline_notice() {
    let pasted = "Фото: пресс-служба\n\nГубернатор Омской области провел встречу с министром промышленности и торговли России по развитию заводов региона. На встрече обсудили новые проекты и меры поддержки предприятий области.\n";
    let s = start_with("http://127.0.0.1:1111/", &[("guessed.txt", pasted)]);
    let log = s.startup.join("\n");
    assert!(log.contains("Собрано: 5 статей, "), "{log}");
    assert!(log.contains(" файл"), "{log}");
    let summary = s
        .startup
        .iter()
        .position(|l| l.starts_with("Предупреждений: "))
        .unwrap_or_else(|| panic!("no warning count in:\n{log}"));
    let rest = s.startup[summary + 1..].join("\n");
    assert!(
        rest.contains("content/guessed.txt:1:1: warning: article has no date"),
        "{log}"
    );
    assert!(
        rest.contains("content/guessed.txt:1:1: warning: no headline found"),
        "{log}"
    );
    assert!(rest.contains("promdigest check"), "{log}");
    let home = s.get("/");
    let href = home
        .split("href=\"")
        .map(|h| h.split('"').next().unwrap())
        .find(|h| h.starts_with("/articles/gubernator"))
        .unwrap_or_else(|| panic!("guessed article not on the home page"));
    let page = s.get(href);
    assert!(
        page.contains("Заголовок составлен по первому абзацу"),
        "{page}"
    );
}
