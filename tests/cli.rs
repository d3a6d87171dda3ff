//! The real binary on the fixture sites: exit codes and what editors read on stderr.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn bin() -> Command {
    let mut c = Command::cargo_bin("promdigest").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn fixture(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(p)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn bad_input_lists_every_problem_with_file_and_line_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let assert = bin()
        .args([
            "build",
            "--root",
            &fixture("tests/fixtures_invalid/bad_input"),
            "--output",
        ])
        .arg(&out)
        .assert()
        .code(1);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for expected in [
        "content/broken-toml.txt:2:24: error: invalid basic string",
        "content/unknown-key.md:3:1: error: unknown field `autor`",
        "content/bad-date.txt:4:1: error: date is not a date: \"32.13.2025\"",
        "content/unclosed.md:1:1: error: front matter opened with +++ is never closed",
        "content/empty.txt:1:1: error: file is empty",
        "content/image.txt:3:1: error: file looks binary",
        "content/garbage.txt:2:1: error: file is not valid UTF-8",
        "Сборка не удалась: ошибок — 7.",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // Caret under the offending key, and a hint.
    assert!(
        err.contains("3 | autor = \"Иванов\"\n    ^\n  hint:"),
        "{err}"
    );
    assert!(!out.exists(), "a failed build must not create the output");
    assert!(!err.contains("panicked"));
}

#[test]
fn legacy_encodings_crlf_and_slug_problems_are_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let assert = bin()
        .args([
            "build",
            "--root",
            &fixture("tests/fixtures/encodings"),
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("content/cp1251.txt:1:1: warning: file is not UTF-8; decoded as windows-1251"),
        "{err}"
    );
    assert!(
        err.contains("1 | Заводы Кузбасса наращивают выпуск"),
        "decoded line shown: {err}"
    );
    assert!(err.contains("content/koi8.txt:1:1: warning: file is not UTF-8; decoded as KOI8-R"));
    assert!(err.contains("content/same-b.md:1:1: warning: URL slug \"odinakovyi-zagolovok\" is already used by content/same-a.md"));
    assert!(err.contains("content/symbols.md:1:1: warning: title \"«» — !!!\" gives an empty URL slug; using \"symbols\""));
    assert!(err.contains("Собрано: 6 статей,"), "{err}");
    for slug in [
        "odinakovyi-zagolovok",
        "odinakovyi-zagolovok-2",
        "symbols",
        "zavod-v-lipetske-zapustil-novuiu-liniiu-po-vypusku-trub",
        "zavody-kuzbassa-narashchivaiut-vypusk",
        "novyi-tekhnopark-v-chuvashii",
    ] {
        assert!(
            out.join("articles").join(format!("{slug}.html")).exists(),
            "{slug}"
        );
    }
    let lipetsk = std::fs::read_to_string(
        out.join("articles/zavod-v-lipetske-zapustil-novuiu-liniiu-po-vypusku-trub.html"),
    )
    .unwrap();
    assert!(!lipetsk.contains('\r') && !lipetsk.contains('\u{feff}'));
}

#[test]
fn usage_errors_exit_2() {
    bin().args(["build", "--bogus"]).assert().code(2);
    bin().assert().code(2);
}

#[test]
fn missing_site_toml_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    bin()
        .args(["build", "--root"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "site.toml:1:1: error: cannot read site config",
        ));
}

#[test]
fn extract_prints_one_json_object_per_file_in_order() {
    let a = fixture("tests/fixtures/basic/content/kuban-raw.txt");
    let b = fixture("tests/fixtures/basic/content/zavod-md.md");
    let out = bin()
        .args(["extract", &b, &a])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert!(arr[0]["file"].as_str().unwrap().ends_with("zavod-md.md"));
    assert_eq!(
        arr[0]["title"],
        "В Татарстане открыли завод полимерных труб"
    );
    assert_eq!(arr[0]["date"], "2025-03-14");
    assert_eq!(arr[0]["source"], "Тестовые новости");
    assert_eq!(
        arr[1]["title"],
        "В Краснодарском крае поддержали производителей упаковки"
    );
    for key in [
        "title_inferred",
        "paragraphs",
        "dropped",
        "regions",
        "bodies",
        "people",
        "organizations",
        "places",
        "money",
    ] {
        assert!(arr[1].get(key).is_some(), "missing {key}");
    }
}

/// Issue 16: `build` used to say nothing of what `check` warns about (four of
/// the five seed articles went out undated, silently). It now ends with the
/// number of warnings, the first few as `file:line:col: warning:` lines and
/// the hint to run `check`, in the same vocabulary as `serve`.
#[test]
fn issue_16_build_ends_with_a_warning_count_and_the_first_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let assert = bin()
        .args([
            "build",
            "--root",
            &fixture("tests/fixtures/basic"),
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let summary = err
        .lines()
        .position(|l| l.starts_with("Предупреждений: "))
        .unwrap_or_else(|| panic!("no warning count in:\n{err}"));
    let lines: Vec<&str> = err.lines().skip(summary + 1).collect();
    assert!(
        lines.iter().any(|l| l.trim_start()
            == "content/kuban-raw.txt:1:1: warning: article has no date; it is listed as undated"),
        "{err}"
    );
    // Eight warnings (one is hostile.txt's `javascript:` source_url, #15),
    // the first five of `check`'s shown.
    assert!(err.contains("Предупреждений: 8, первые 5:"), "{err}");
    let shown = lines.iter().filter(|l| l.contains(": warning: ")).count();
    assert_eq!(shown, 5, "{err}");
    assert!(err.contains("promdigest check"), "{err}");
    // Files, in the plural forms of the site's strings (as `serve` says them).
    let head = err.lines().find(|l| l.starts_with("Собрано: ")).unwrap();
    assert!(
        head.contains(" файл") && !head.contains("страниц"),
        "{head}"
    );
}

/// Issue 16: a new user runs what the README says after its two set-up
/// commands, before anything is installed: up to the command table it names
/// commands as `cargo run --release -- …`, never a bare `promdigest …` that
/// the shell cannot find (unless next to the `cargo install` step).
#[test]
fn issue_16_readme_commands_run_after_the_two_set_up_commands() {
    let readme = std::fs::read_to_string(fixture("README.md")).unwrap();
    let first_part = &readme[..readme.find("## Commands").expect("a Commands section")];
    for (i, line) in first_part.lines().enumerate() {
        if line.contains("cargo install --path .") {
            continue;
        }
        for cmd in ["build", "serve", "check", "extract", "new"] {
            assert!(
                !line.contains(&format!("`promdigest {cmd}")),
                "README.md:{}: `promdigest {cmd}` is not on the PATH after set-up: {line}",
                i + 1
            );
        }
    }
    assert!(first_part.contains("cargo run --release -- check"));
    assert!(first_part.contains("Node.js ≥ 20"));
}
