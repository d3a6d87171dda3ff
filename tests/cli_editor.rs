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
