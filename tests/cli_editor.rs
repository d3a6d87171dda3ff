//! `check` and `new` run as the real binary against fixture sites: exact
//! output, exit codes, and the file and line of every problem.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    let mut c = Command::cargo_bin("promdigest").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(rel)
}

/// Runs `check` on a fixture and compares stdout with its committed
/// `check.expected.txt` / `.json` (review changes to them like golden files).
fn check_matches(case: &str, json: bool, code: i32) {
    let dir = fixture(case);
    let mut cmd = bin();
    cmd.arg("check").arg("--root").arg(&dir);
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().unwrap();
    let got = String::from_utf8(out.stdout).unwrap();
    let file = dir.join(if json {
        "check.expected.json"
    } else {
        "check.expected.txt"
    });
    let want = std::fs::read_to_string(&file).unwrap();
    assert_eq!(got, want, "stdout of check differs from {}", file.display());
    assert_eq!(out.status.code(), Some(code), "exit code for {case}");
}

#[test]
fn check_good_site_is_clean() {
    check_matches("fixtures/site", false, 0);
    check_matches("fixtures/site", true, 0);
}

#[test]
fn check_warnings_exit_zero_with_every_kind_listed() {
    check_matches("fixtures_invalid/warnings", false, 0);
    check_matches("fixtures_invalid/warnings", true, 0);
    let json =
        std::fs::read_to_string(fixture("fixtures_invalid/warnings/check.expected.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for c in [
        "missing-date",
        "future-date",
        "approximate-date",
        "duplicate",
        "short-body",
        "inferred-title",
        "slug-collision",
        "missing-source",
    ] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
}

#[test]
fn check_front_matter_errors_exit_one_with_lines() {
    check_matches("fixtures_invalid/front_matter", false, 1);
    check_matches("fixtures_invalid/front_matter", true, 1);
    let txt = std::fs::read_to_string(fixture("fixtures_invalid/front_matter/check.expected.txt"))
        .unwrap();
    assert!(txt.contains("content/bad-toml.md:3:8: error:"));
    assert!(txt.contains("content/unknown-key.md:3:1: error: unknown field `autor`"));
}

#[test]
fn check_without_site_toml_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("check")
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("site.toml:1:1: error: cannot read site config"),
        "{s}"
    );
}

/// A writable copy of the good fixture (its relative template paths point
/// into the repository, which `new` never reads).
fn site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let toml = std::fs::read_to_string(fixture("fixtures/site/site.toml")).unwrap();
    std::fs::write(dir.path().join("site.toml"), toml).unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    dir
}

#[test]
fn new_creates_markdown_with_front_matter_and_refuses_overwrite() {
    let dir = site_copy();
    let run = || {
        bin()
            .current_dir(dir.path())
            .args(["new", "Завод «Рассвет» открыл цех", "--date", "2025-07-07"])
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "./content/2025-07-07-zavod-rassvet-otkryl-tsekh.md\n"
    );
    let text = std::fs::read_to_string(
        dir.path()
            .join("content/2025-07-07-zavod-rassvet-otkryl-tsekh.md"),
    )
    .unwrap();
    assert_eq!(
        text,
        "+++\ntitle = \"Завод «Рассвет» открыл цех\"\ndate = 2025-07-07\n+++\n\nТекст статьи.\n"
    );
    let again = run();
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(again.stderr).unwrap(),
        "content/2025-07-07-zavod-rassvet-otkryl-tsekh.md:1:1: error: this file already exists; nothing was changed\n1 | +++\n    ^\n  hint: edit the existing file, or choose another title or --date\n"
    );
    assert!(again.stdout.is_empty());
}

#[test]
fn new_from_stdin_makes_a_txt_that_builds() {
    let dir = site_copy();
    let out = bin()
        .args([
            "new",
            "Вставленная статья",
            "--date",
            "2025-01-02",
            "--from",
            "-",
            "--root",
        ])
        .arg(dir.path())
        .write_stdin("Заголовок с сайта\r\n\r\nТекст новости.\r\n")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert!(
        path.ends_with("content/2025-01-02-vstavlennaia-statia.txt"),
        "{}",
        path.display()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        "+++\ntitle = \"Вставленная статья\"\ndate = 2025-01-02\n+++\n\nЗаголовок с сайта\n\nТекст новости.\n"
    );
}

#[test]
fn new_rejects_bad_date_with_usage_exit() {
    let dir = site_copy();
    let out = bin()
        .args(["new", "Т", "--date", "07.07.2025", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "promdigest new:1:1: error: --date \"07.07.2025\" is not a date\n  hint: write the date as YYYY-MM-DD, e.g. --date 2025-07-07\n"
    );
}

/// A site in a temp dir with its own copy of the repository's templates
/// (so a test can break one) and `n` Markdown articles about Omsk, newest
/// first by date; `extra` adds files to `content/`.
fn site_with_templates(n: usize, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(
        dir.path().join("site.toml"),
        format!(
            "title = \"Т\"\nbase_url = \"http://127.0.0.1:1111/\"\nper_page = 30\n\n[paths]\ncontent = \"content\"\ntemplates = \"templates\"\nassets = {:?}\n",
            repo.join("assets")
        ),
    )
    .unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    for e in std::fs::read_dir(repo.join("templates")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, templates.join(p.file_name().unwrap())).unwrap();
    }
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    for i in 0..n {
        std::fs::write(
            content.join(format!("a{i:04}.md")),
            format!(
                "+++\ntitle = \"Завод номер {i} открылся\"\ndate = 2024-{:02}-{:02}\n+++\n\nВ Омской области открыли завод номер {i}. Предприятие будет выпускать трубы номер {i} для ремонта водопроводных сетей; на нём создадут {i} рабочих мест, а выпуск продукции вырастет на треть к концу года.\n",
                1 + i % 12,
                1 + i % 28
            ),
        )
        .unwrap();
    }
    for (name, text) in extra {
        std::fs::write(content.join(name), text).unwrap();
    }
    dir
}

/// Puts `snippet` into a copied template just before its last line.
fn break_template(site: &Path, name: &str, snippet: &str) {
    let p = site.join("templates").join(name);
    let text = std::fs::read_to_string(&p).unwrap();
    let (head, last) = text.trim_end().rsplit_once('\n').unwrap();
    std::fs::write(&p, format!("{head}\n{snippet}\n{last}\n")).unwrap();
}

fn check_stdout(site: &Path) -> (String, Option<i32>) {
    let out = bin().arg("check").arg("--root").arg(site).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn check_reports_template_syntax_error_with_file() {
    let site = site_with_templates(3, &[]);
    break_template(site.path(), "list.html", "{% if view.groups %}unclosed");
    let (out, code) = check_stdout(site.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("templates/list.html:"), "{out}");
    assert!(out.contains("error: template error"), "{out}");
}

/// `check` renders a sample, not every page: the sample must still reach a
/// template branch that only one article takes, even when that article is
/// the last of 250 (a first-N sample would miss it).
#[test]
fn check_renders_a_branch_only_the_last_article_reaches() {
    let tagged = "+++\ntitle = \"Старый завод\"\ndate = 2020-01-01\ntags = [\"трубы\"]\n+++\n\nВ Омской области закрыли старый завод, который выпускал чугунные трубы. Оборудование продадут, а рабочих переведут на новое предприятие в том же районе города.\n";
    let site = site_with_templates(250, &[("zz-old.md", tagged)]);
    let (out, code) = check_stdout(site.path());
    assert_eq!(code, Some(0), "clean before the template is broken: {out}");
    // `round` on a list fails when rendered, not when the template loads.
    break_template(
        site.path(),
        "article.html",
        "{% if view.tags %}{{ view.tags | round }}{% endif %}",
    );
    let (out, code) = check_stdout(site.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("templates/article.html"), "{out}");
    assert!(out.contains("error: template error"), "{out}");
}

/// The last page of a paginated entity is its own pager shape (no "next").
#[test]
fn check_renders_the_last_page_of_a_long_entity() {
    let site = site_with_templates(200, &[]);
    break_template(
        site.path(),
        "entity.html",
        "{% if view.pager and not view.pager.next %}{{ view.name | round }}{% endif %}",
    );
    let (out, code) = check_stdout(site.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("templates/entity.html"), "{out}");
}

/// Issue #17: an entity lists its latest 150 articles on five pages, the
/// last one linking to search for the rest, and its feed carries the latest
/// ten; the timeline still lists every article.
#[test]
fn entity_pages_and_feeds_are_capped_timeline_is_not() {
    let site = site_with_templates(200, &[]);
    let out = site.path().join("public");
    bin()
        .arg("build")
        .arg("--root")
        .arg(site.path())
        .assert()
        .success();
    let region = out.join("regions/omskaia-oblast");
    assert!(region.join("page/5/index.html").is_file());
    assert!(!region.join("page/6").exists(), "no sixth page");
    let last = std::fs::read_to_string(region.join("page/5/index.html")).unwrap();
    assert!(
        last.contains("href=\"/search/?q=Омская+область\""),
        "the last page links to search for older articles"
    );
    let first = std::fs::read_to_string(region.join("index.html")).unwrap();
    assert!(
        first.contains("200\u{A0}статей"),
        "the count is of all articles"
    );
    assert!(
        !first.contains("/search/?q="),
        "only the last page links to search"
    );
    let feed = std::fs::read_to_string(region.join("atom.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 10);
    let site_feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert_eq!(site_feed.matches("<entry>").count(), 30);
    // 200 articles at 60 a page: the timeline has all four pages.
    assert!(out.join("timeline/page/4/index.html").is_file());
}
