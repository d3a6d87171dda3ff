//! Benchmark of the editors' loop at scale:
//!
//! ```text
//! cargo run --release --example serve_bench -- [ARTICLES] [DIR]
//! ```
//!
//! Generates ARTICLES (default 10,000) articles into DIR (default a temp
//! folder) unless DIR already holds a site (e.g. one made by
//! `cargo run --release --example gen_corpus -- 10000 DIR`), then measures:
//! * `check` on the whole site (in-process, the same code as the command);
//! * `serve`: the first build, then file write → `reload` event received by
//!   an SSE client, for an article edit and for an asset edit (median and
//!   worst of several runs).
//!
//! Targets: article edit ≤ 300 ms, asset edit ≤ 100 ms, check < 2 s.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const REGIONS: &[&str] = &[
    "Краснодарском крае",
    "Амурской области",
    "Омской области",
    "Татарстане",
    "Свердловской области",
    "Новосибирской области",
    "Приморье",
    "Калужской области",
    "Липецкой области",
    "Пермском крае",
];
const WORDS: &[&str] = &[
    "завод",
    "предприятие",
    "производство",
    "линия",
    "цех",
    "инвестиции",
    "кластер",
    "технопарк",
    "станки",
    "продукция",
    "экспорт",
    "рабочих",
    "мест",
    "модернизация",
    "оборудование",
    "фонд",
    "развития",
    "промышленности",
    "займ",
    "проект",
    "мощность",
    "тонн",
    "рублей",
    "миллионов",
    "выпуск",
    "детали",
    "металл",
    "сталь",
    "полимеры",
    "электроника",
    "машиностроение",
    "логистика",
    "склад",
    "энергетика",
    "сырьё",
    "переработка",
    "строительство",
    "площадка",
    "инженеров",
    "резидентов",
    "грант",
    "субсидия",
    "правительство",
    "министерство",
    "губернатор",
    "соглашение",
    "меморандум",
];

/// A tiny deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

fn sentence(r: &mut Rng) -> String {
    let n = 8 + r.next() % 10;
    let mut s: Vec<&str> = (0..n).map(|_| r.pick(WORDS)).collect();
    s.insert(2, "в");
    s.insert(3, r.pick(REGIONS));
    let mut out = s.join(" ");
    if let Some(f) = out.chars().next() {
        out = f.to_uppercase().collect::<String>() + &out[f.len_utf8()..];
    }
    out + "."
}

/// Writes `n` Markdown articles plus site.toml and a copy of the assets.
fn generate(dir: &Path, n: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    for e in std::fs::read_dir(repo.join("assets")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("assets").join(e.file_name())).unwrap();
    }
    std::fs::write(
        dir.join("site.toml"),
        format!(
            "title = \"Промдайджест\"\nbase_url = \"http://127.0.0.1:1111/\"\n\n[paths]\ntemplates = {:?}\n",
            repo.join("templates").to_string_lossy()
        ),
    )
    .unwrap();
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..n {
        let day = 1 + (i % 28);
        let month = 1 + (i / 28) % 12;
        let year = 2015 + (i / 336) % 10;
        let title = format!("{i}: {}", sentence(&mut r).trim_end_matches('.'));
        let mut body = String::new();
        for _ in 0..(3 + r.next() % 4) {
            for _ in 0..(2 + r.next() % 3) {
                body.push_str(&sentence(&mut r));
                body.push(' ');
            }
            body.push_str("\n\n");
        }
        let text = format!(
            "+++\ntitle = {:?}\ndate = {year:04}-{month:02}-{day:02}\n+++\n\n{body}",
            title
        );
        std::fs::write(content.join(format!("a{i:05}.md")), text).unwrap();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Opens the SSE stream; reload events arrive on the returned channel.
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /__promdigest/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(s);
        let mut line = String::new();
        while r.read_line(&mut line).is_ok_and(|n| n > 0) {
            if line.starts_with("event: ") || line.starts_with("retry:") {
                let _ = tx.send(line.trim().to_string());
            }
            line.clear();
        }
    });
    // The stream opens after the first build, which takes well over 10 s
    // at 10,000 articles when the shared machine is busy.
    assert!(rx
        .recv_timeout(Duration::from_secs(120))
        .unwrap()
        .starts_with("retry:"));
    rx
}

/// Waits for a reload; `None` when none came (the edit changed no page,
/// e.g. the cleaner dropped the edited line).
fn wait_reload(rx: &mpsc::Receiver<String>) -> Option<()> {
    loop {
        // A problem event is the corpus's own errors (shown as an overlay);
        // the edit still reloads.
        let e = rx.recv_timeout(Duration::from_secs(10)).ok()?;
        if e == "event: reload" {
            return Some(());
        }
    }
}

fn stats(name: &str, mut v: Vec<f64>, target: f64) {
    v.sort_by(f64::total_cmp);
    let median = v[v.len() / 2];
    let worst = v[v.len() - 1];
    println!(
        "{name}: median {median:.0} ms, worst {worst:.0} ms over {} runs (target {target:.0} ms) {}",
        v.len(),
        if median <= target { "OK" } else { "SLOW" }
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args
        .first()
        .map_or(10_000, |a| a.parse().expect("a number"));
    let tmp;
    let dir: PathBuf = match args.get(1) {
        Some(d) => PathBuf::from(d),
        None => {
            tmp = tempfile::tempdir().unwrap();
            tmp.path().to_path_buf()
        }
    };
    if !dir.join("site.toml").exists() {
        let t = Instant::now();
        generate(&dir, n);
        println!(
            "generated {n} articles in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }

    let today = chrono::Local::now().date_naive();
    for _ in 0..2 {
        let t = Instant::now();
        let (articles, diags) = promdigest::cmd::check::run(&dir, false, today).unwrap();
        println!(
            "check: {articles} articles, {} findings in {:.2} s (target < 2 s)",
            diags.len(),
            t.elapsed().as_secs_f64()
        );
    }

    let port = free_port();
    let args = promdigest::cmd::serve::ServeArgs {
        root: dir.clone(),
        port,
        bind: "127.0.0.1".into(),
        open: false,
        drafts: false,
    };
    let t = Instant::now();
    std::thread::spawn(move || promdigest::cmd::serve::main(&args));
    let rx = loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break events(port);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    println!(
        "serve: first build and listening in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    // Let the watcher settle before timing.
    std::thread::sleep(Duration::from_millis(500));

    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut article = Vec::new();
    for k in 0..9 {
        let path = &files[(k * 997) % files.len()];
        let text = std::fs::read_to_string(path).unwrap();
        // Edit the longest line: a body paragraph in generated raw text too
        // (the cleaner drops trailing chrome, so appending could change nothing).
        let longest = text.lines().max_by_key(|l| l.len()).unwrap().to_string();
        let edited = text.replacen(&longest, &format!("{longest} Правка номер {k}."), 1);
        let t = Instant::now();
        std::fs::write(path, edited).unwrap();
        match wait_reload(&rx) {
            Some(()) => article.push(t.elapsed().as_secs_f64() * 1000.0),
            None => println!("edit of {} changed no page; skipped", path.display()),
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    stats("serve, article edit → reload", article, 300.0);

    let mut asset = Vec::new();
    let css = dir.join("assets/style.css");
    for k in 0..9 {
        let text = std::fs::read_to_string(&css).unwrap();
        let t = Instant::now();
        std::fs::write(&css, format!("{text}\n/* {k} */\n")).unwrap();
        wait_reload(&rx).expect("an asset edit reloads");
        asset.push(t.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(150));
    }
    stats("serve, asset edit → reload", asset, 100.0);
    std::process::exit(0);
}
