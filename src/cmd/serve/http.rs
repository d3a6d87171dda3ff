//! HTTP for `serve`: files from memory, the live-reload event stream, and the
//! script injected into served HTML.
//!
//! Only files in the in-memory output can be served; a request path is
//! percent-decoded once and refused (404) when it contains `..`, `.`, an
//! encoded slash or a backslash, so nothing outside the output is reachable
//! even by accident. Directory URLs serve their `index.html`; a directory
//! without its trailing slash is redirected (301); anything missing gets
//! `404.html` with status 404.
//!
//! The server is a plain `std::net` loop rather than a library (issue #15):
//! any `Host` was accepted (DNS rebinding reached the preview), PUT, DELETE
//! and POST answered 200, and every slow or live-reload connection held a
//! thread forever (1,000 of them: 1,854 threads, 897 MB). Now:
//! * only `Host` values naming this server are answered: the localhost
//!   names and the bind address; with an any-address bind also IP
//!   literals, which a rebinding domain cannot be (else 403);
//! * methods other than GET and HEAD get 405;
//! * at most [`MAX_CONNECTIONS`] connections are served at once, of which
//!   [`MAX_STREAMS`] live-reload streams; beyond that the acceptor answers
//!   503 itself, so threads stay bounded;
//! * a request head must arrive within [`IDLE`], and a client that stops
//!   reading is dropped after the same time.
//!
//! Every response closes its connection: a preview has no use for
//! keep-alive, and it keeps the connection count honest.

use crate::write::MemSink;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Connections served at once (page requests and event streams).
pub const MAX_CONNECTIONS: usize = 128;
/// Live-reload streams at once: a few tabs, not a thousand.
pub const MAX_STREAMS: usize = 64;
/// How long a request head may take to arrive, and a write may block.
pub const IDLE: Duration = Duration::from_secs(10);
/// The largest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// Where the browser listens for reload and error messages.
pub const EVENTS_PATH: &str = "/__promdigest/events";

/// Open event streams and the problem currently shown in browsers.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
    /// The text of the current error, sent to every page that connects.
    problem: Mutex<Option<String>>,
}

impl Hub {
    /// Sets the error shown in open pages (`None`: no error) and reloads
    /// them when `reload` (pages changed). A page that connects gets the
    /// current error at once, so after a reload the overlay comes back until
    /// the error is fixed; a fix with no page change still reloads, to clear it.
    pub fn update(&self, problem: Option<String>, reload: bool) {
        let changed = {
            let mut p = self.problem.lock().expect("not poisoned");
            let changed = *p != problem;
            p.clone_from(&problem);
            changed
        };
        match (&problem, reload || changed) {
            (_, false) => {}
            (Some(text), _) if !reload => self.send(problem_event(text)),
            _ => self.send(event("reload", "{}")),
        }
    }

    /// Whether an error is being shown.
    pub fn has_problem(&self) -> bool {
        self.problem.lock().expect("not poisoned").is_some()
    }

    fn send(&self, msg: String) {
        self.clients
            .lock()
            .expect("not poisoned")
            .retain(|c| c.send(msg.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        if let Some(p) = &*self.problem.lock().expect("not poisoned") {
            let _ = tx.send(problem_event(p));
        }
        self.clients.lock().expect("not poisoned").push(tx);
        rx
    }
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn problem_event(text: &str) -> String {
    event("problem", &serde_json::json!({ "text": text }).to_string())
}

/// What the server needs to answer a request.
pub struct Ctx {
    pub files: Arc<MemSink>,
    pub hub: Arc<Hub>,
    /// The site's sub-path, `/` or `/digest/`.
    pub base_path: String,
    /// `Host` values answered (without port), lower case.
    pub hosts: Vec<String>,
    /// Bound to every address: IP-literal `Host` values are answered too.
    pub any_ip: bool,
    /// Connections being served and event streams open.
    pub open: AtomicUsize,
    pub streams: AtomicUsize,
}

impl Ctx {
    pub fn new(files: Arc<MemSink>, hub: Arc<Hub>, base_path: String, bind: &str) -> Ctx {
        let bind = bind
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        let any_ip = matches!(bind.as_str(), "0.0.0.0" | "::");
        let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "::1"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        hosts.push(bind);
        Ctx {
            files,
            hub,
            base_path,
            hosts,
            any_ip,
            open: AtomicUsize::new(0),
            streams: AtomicUsize::new(0),
        }
    }

    /// Whether a `Host` header names this server.
    pub fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        // "[::1]:1111", "localhost:1111", "127.0.0.1".
        let name = if let Some(rest) = host.strip_prefix('[') {
            rest.split(']').next().unwrap_or("").to_string()
        } else {
            host.rsplit_once(':')
                .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
                .map_or(host.as_str(), |(h, _)| h)
                .to_string()
        };
        let name = name.trim_end_matches('.');
        self.hosts.iter().any(|h| h == name)
            || name.ends_with(".localhost")
            || self.any_ip && name.parse::<std::net::IpAddr>().is_ok()
    }
}

/// Accepts connections until the listener fails, each on its own thread
/// while fewer than [`MAX_CONNECTIONS`] are open.
pub fn serve(listener: TcpListener, ctx: Arc<Ctx>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if ctx.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            ctx.open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ = stream.write_all(&busy().bytes(false));
            continue;
        }
        let mine = Arc::clone(&ctx);
        let spawned = std::thread::Builder::new().spawn(move || {
            connection(stream, &mine);
            mine.open.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // The system's thread limit: the connection was dropped.
            ctx.open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// One request on one connection.
fn connection(mut stream: TcpStream, ctx: &Ctx) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let (method, target) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_string());
    if !host.as_deref().is_some_and(|h| ctx.host_allowed(h)) {
        let r = Reply::text(
            403,
            "Этот адрес не обслуживается: откройте сайт через localhost.\n",
        );
        let _ = stream.write_all(&r.bytes(false));
        return;
    }
    if method != "GET" && method != "HEAD" {
        let r = Reply::text(405, "Только GET и HEAD.\n").header("Allow", "GET, HEAD");
        let _ = stream.write_all(&r.bytes(false));
        return;
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH || path == format!("{}{}", ctx.base_path, &EVENTS_PATH[1..]) {
        if ctx.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            let _ = stream.write_all(&busy().bytes(false));
        } else {
            stream_events(stream, &ctx.hub);
        }
        ctx.streams.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let reply = respond(target, ctx);
    let _ = stream.write_all(&reply.bytes(method == "HEAD"));
    let _ = stream.flush();
}

/// Reads up to the blank line ending a request head, within [`IDLE`] in
/// all (a client sending one byte a second must not hold its thread).
fn read_head(stream: &mut TcpStream) -> Option<String> {
    let start = Instant::now();
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > MAX_HEAD || start.elapsed() > IDLE {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

fn busy() -> Reply {
    Reply::text(503, "Слишком много соединений.\n").header("Retry-After", "1")
}

/// A response: status, headers, body.
pub struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(status, text.as_bytes().to_vec())
            .header("Content-Type", "text/plain; charset=utf-8")
    }

    fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }

    /// The response as sent; HEAD gets the head only.
    fn bytes(&self, head_only: bool) -> Vec<u8> {
        let reason = match self.status {
            200 => "OK",
            301 => "Moved Permanently",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            _ => "Service Unavailable",
        };
        let mut out = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (k, v) in &self.headers {
            out += &format!("{k}: {v}\r\n");
        }
        out += &format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        );
        let mut out = out.into_bytes();
        if !head_only {
            out.extend_from_slice(&self.body);
        }
        out
    }
}

/// The reply to a GET of `url` (path and query, still percent-encoded).
fn respond(url: &str, ctx: &Ctx) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("");
    match resolve(path, &ctx.base_path, &ctx.files) {
        Resolved::File(key) => match ctx.files.get(&key) {
            Some(bytes) => file_response(&key, &bytes, 200),
            None => not_found(ctx),
        },
        Resolved::Redirect(to) => {
            let query = url.find('?').map_or("", |i| &url[i..]);
            redirect(&format!("{to}{query}"), 301)
        }
        Resolved::NotFound => not_found(ctx),
    }
}

/// The outcome of mapping a request path onto the output.
#[derive(Debug, PartialEq)]
pub enum Resolved {
    /// An output file (`articles/x/index.html`).
    File(String),
    /// Redirect to this path (a folder without its trailing slash).
    Redirect(String),
    NotFound,
}

/// Maps a raw request path (still percent-encoded) to an output file.
pub fn resolve(raw: &str, base_path: &str, files: &MemSink) -> Resolved {
    let lower = raw.to_ascii_lowercase();
    // An encoded slash or backslash can only be an attempt to smuggle a separator.
    if lower.contains("%2f") || lower.contains("%5c") || raw.contains('\\') {
        return Resolved::NotFound;
    }
    // A malformed escape (`%zz`) stays as written, as browsers send it; a
    // decoded result that is not UTF-8 is refused.
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Resolved::NotFound;
    };
    if decoded.contains(['\\', '\0']) || decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Resolved::NotFound;
    }
    let base_no_slash = base_path.trim_end_matches('/');
    if !base_no_slash.is_empty() && (decoded == base_no_slash || decoded == "/") {
        return Resolved::Redirect(base_path.to_string());
    }
    let Some(rel) = decoded.strip_prefix(base_path) else {
        return Resolved::NotFound;
    };
    if rel.starts_with('/') || rel.contains("//") {
        return Resolved::NotFound;
    }
    if rel.is_empty() || rel.ends_with('/') {
        let key = format!("{rel}index.html");
        return if files.contains(&key) {
            Resolved::File(key)
        } else {
            Resolved::NotFound
        };
    }
    if files.contains(rel) {
        return Resolved::File(rel.to_string());
    }
    if files.contains(&format!("{rel}/index.html")) {
        // Keep the request's own spelling of the path (still encoded).
        return Resolved::Redirect(format!("{raw}/"));
    }
    Resolved::NotFound
}

/// The MIME type of an output file, by extension (`mime_guess`'s table),
/// with the charset on text types. XML is told apart by name: the feed is
/// Atom, the sitemap plain XML (`mime_guess` says `text/xml` for both).
pub fn mime(path: &str) -> String {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    if ext.eq_ignore_ascii_case("xml") {
        return if path.ends_with("atom.xml") {
            "application/atom+xml"
        } else {
            "application/xml"
        }
        .to_string();
    }
    let guess = mime_guess::from_ext(ext).first_or_octet_stream();
    if guess.type_() == mime_guess::mime::TEXT {
        format!("{}; charset=utf-8", guess.essence_str())
    } else {
        guess.essence_str().to_string()
    }
}

fn file_response(key: &str, bytes: &[u8], status: u16) -> Reply {
    let body = if key.ends_with(".html") {
        inject(bytes)
    } else {
        bytes.to_vec()
    };
    Reply::new(status, body)
        .header("Content-Type", &mime(key))
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
}

fn redirect(to: &str, status: u16) -> Reply {
    Reply::new(status, Vec::new())
        .header("Location", to)
        .header("Cache-Control", "no-store")
}

fn not_found(ctx: &Ctx) -> Reply {
    match ctx.files.get("404.html") {
        Some(b) => file_response("404.html", &b, 404),
        // Before the first successful build: an empty page that still shows
        // the error overlay and reloads when the site is fixed.
        None => file_response(
            "404.html",
            "<!DOCTYPE html><html lang=\"ru\"><meta charset=\"utf-8\"><title>Нет страницы</title><body><p>Страница ещё не собрана.</p></body></html>".as_bytes(),
            404,
        ),
    }
}

/// The live-reload client. Error text is shown with `textContent`, never
/// parsed as HTML.
const CLIENT_JS: &str = r#"<script>
(function () {
  var es = new EventSource("/__promdigest/events");
  var box = null;
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problem", function (e) {
    var text = JSON.parse(e.data).text;
    if (!box) {
      box = document.createElement("div");
      box.id = "promdigest-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2em;background:rgba(20,20,20,.94);color:#ffb4b4;font:15px/1.5 monospace;white-space:pre-wrap";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Скрыть";
      close.style.cssText = "float:right;font:inherit;cursor:pointer";
      close.addEventListener("click", function () { box.remove(); box = null; });
      box.appendChild(close);
      box.appendChild(document.createElement("div"));
      document.body.appendChild(box);
    }
    box.lastChild.textContent = text;
  });
})();
</script>
"#;

/// Adds the live-reload script before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + CLIENT_JS.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(CLIENT_JS.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Keeps a Server-Sent Events stream open, writing each hub message. The
/// response is written by hand on the raw connection so every event is
/// flushed at once (a chunked body would be buffered).
fn stream_events(mut w: TcpStream, hub: &Hub) {
    let rx = hub.subscribe();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Sink;

    fn site() -> MemSink {
        let s = MemSink::default();
        for p in [
            "index.html",
            "articles/a/index.html",
            "style.css",
            "404.html",
        ] {
            s.put(p, b"x".to_vec()).unwrap();
        }
        s
    }

    #[test]
    fn resolves_directories_files_and_redirects() {
        let s = site();
        assert_eq!(resolve("/", "/", &s), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("/articles/a/", "/", &s),
            Resolved::File("articles/a/index.html".into())
        );
        assert_eq!(
            resolve("/articles/a", "/", &s),
            Resolved::Redirect("/articles/a/".into())
        );
        assert_eq!(
            resolve("/style.css", "/", &s),
            Resolved::File("style.css".into())
        );
        assert_eq!(resolve("/articles/", "/", &s), Resolved::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let s = site();
        for p in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2e/Cargo.toml",
            "/articles/%2e%2e/%2e%2e/x",
            "/articles%2fa/",
            "/articles%2Fa/index.html",
            "/./style.css",
            "/%5c..%5cx",
            "//style.css",
            "/%zz",
        ] {
            assert_eq!(resolve(p, "/", &s), Resolved::NotFound, "{p}");
        }
    }

    #[test]
    fn sub_path() {
        let s = site();
        assert_eq!(
            resolve("/digest", "/digest/", &s),
            Resolved::Redirect("/digest/".into())
        );
        assert_eq!(
            resolve("/", "/digest/", &s),
            Resolved::Redirect("/digest/".into())
        );
        assert_eq!(
            resolve("/digest/", "/digest/", &s),
            Resolved::File("index.html".into())
        );
        assert_eq!(resolve("/style.css", "/digest/", &s), Resolved::NotFound);
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime("atom.xml"), "application/atom+xml");
        assert_eq!(mime("sitemap.xml"), "application/xml");
        assert_eq!(mime("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime("x.webmanifest"), "application/manifest+json");
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.contains("</script>\n</body></html>"));
        assert!(out.contains("textContent") && !out.contains("innerHTML"));
    }
}
