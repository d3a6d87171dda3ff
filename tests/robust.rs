//! Issue #15 ("Robust under real editing"): what a careless or hostile
//! editor does to a site, through the real binary. One test per numbered
//! case of the issue, named after it.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    let mut c = Command::cargo_bin("promdigest").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// A fresh site in a temp dir: `site.toml` pointing at the repo's templates
/// and assets (copied, so tests may change them) and one article.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    copy_dir(&repo("templates"), &root.join("templates"));
    copy_dir(&repo("assets"), &root.join("assets"));
    std::fs::write(
        root.join("site.toml"),
        "title = \"Дайджест\"\ndescription = \"Тест\"\nbase_url = \"https://example.org/\"\nlanguage = \"ru\"\n",
    )
    .unwrap();
    std::fs::copy(
        repo("tests/fixtures/basic/content/perm-zavod.txt"),
        root.join("content/perm-zavod.txt"),
    )
    .unwrap();
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// What the command printed (`check` lists problems on stdout, `build` on
/// stderr).
fn printed(a: &assert_cmd::assert::Assert) -> String {
    let o = a.get_output();
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[test]
fn issue_15_case_2_a_huge_paste_is_reported_and_left_out() {
    let tmp = site();
    let root = tmp.path();
    // 2.5 MB of one line with no end: what a pasted log looks like.
    let line = "Лог сборки 2025-07-07 12:00:00 INFO завод запущен; ".repeat(36_000);
    assert!(line.len() > 2 * 1024 * 1024);
    std::fs::write(root.join("content/log.txt"), line).unwrap();
    let a = bin().arg("check").arg("--root").arg(root).assert().code(1);
    let err = printed(&a);
    assert!(
        err.contains("content/log.txt:1:1: error: file is 2,5 MB, over the 2 MB limit"),
        "{err}"
    );
    // The other article is still checked.
    assert!(!err.contains("perm-zavod.txt:1:1: error"), "{err}");
}

fn build(root: &Path, out: &Path) -> Command {
    let mut c = bin();
    c.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out);
    c
}

#[test]
fn issue_15_case_3_output_refuses_a_folder_a_build_did_not_make() {
    let tmp = site();
    let root = tmp.path();
    let docs = root.join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("index.html"), "<h1>Hand-written</h1>").unwrap();
    std::fs::write(docs.join("notes.md"), "my notes").unwrap();
    let a = build(root, &docs).assert().code(2);
    let err = printed(&a);
    assert!(
        err.contains("docs was not made by promdigest build") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(docs.join("notes.md")).unwrap(),
        "my notes"
    );
    assert_eq!(
        std::fs::read_to_string(docs.join("index.html")).unwrap(),
        "<h1>Hand-written</h1>"
    );
    // A build's own output is replaced without asking; --force replaces the rest.
    let public = root.join("public");
    build(root, &public).assert().success();
    assert!(public.join(".promdigest-build").is_file());
    build(root, &public).assert().success();
    build(root, &docs).arg("--force").assert().success();
    assert!(!docs.join("notes.md").exists());
    assert!(docs.join(".promdigest-build").is_file());
}

#[test]
fn issue_15_case_3_a_file_as_output_is_refused_and_not_moved() {
    let tmp = site();
    let root = tmp.path();
    let file = root.join("precious.txt");
    std::fs::write(&file, "precious").unwrap();
    for force in [false, true] {
        let mut c = build(root, &file);
        if force {
            c.arg("--force");
        }
        let a = c.assert().code(2);
        assert!(
            printed(&a).contains("precious.txt is a file, not a folder; nothing was changed"),
            "{}",
            printed(&a)
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
        let siblings: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".precious"))
            .collect();
        assert!(siblings.is_empty(), "{siblings:?}");
    }
}

#[test]
fn issue_15_case_3_leftovers_of_dead_builds_are_removed() {
    let tmp = site();
    let root = tmp.path();
    // A PID that surely ended: a child we waited for.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let live = std::process::id();
    for leftover in [
        format!(".public-tmp-{dead}"),
        format!(".public-old-{dead}"),
        format!(".public-tmp-{live}"),
    ] {
        std::fs::create_dir_all(root.join(&leftover).join("articles")).unwrap();
        std::fs::write(root.join(&leftover).join("index.html"), "x").unwrap();
    }
    build(root, &root.join("public")).assert().success();
    assert!(!root.join(format!(".public-tmp-{dead}")).exists());
    assert!(!root.join(format!(".public-old-{dead}")).exists());
    assert!(
        root.join(format!(".public-tmp-{live}")).exists(),
        "a running build's staging is kept"
    );
}

#[test]
fn issue_15_case_4_links_outside_the_site_are_errors_naming_the_link() {
    let tmp = site();
    let root = tmp.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("secret.txt");
    std::fs::write(&secret, "Секретная заметка о заводе в Перми, не для сайта.").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("content/link.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("content/zero.txt")).unwrap();
    // A link that stays inside the site is fine.
    std::fs::create_dir(root.join("drafts")).unwrap();
    std::fs::copy(
        repo("tests/fixtures/basic/content/month.txt"),
        root.join("drafts/month.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink("../drafts/month.txt", root.join("content/month.txt")).unwrap();
    let a = bin()
        .arg("check")
        .arg("--root")
        .arg(root)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1);
    let out = printed(&a);
    assert!(
        out.contains("content/link.txt:1:1: error: is a symbolic link to")
            && out.contains("secret.txt, outside the site; not read"),
        "{out}"
    );
    assert!(
        out.contains(
            "content/zero.txt:1:1: error: is a symbolic link to /dev/zero, outside the site"
        ),
        "{out}"
    );
    assert!(!out.contains("month.txt:1:1: error"), "{out}");

    // assets/passwd.txt → /etc/passwd is not published.
    std::fs::remove_file(root.join("content/link.txt")).unwrap();
    std::fs::remove_file(root.join("content/zero.txt")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("assets/passwd.txt")).unwrap();
    let public = root.join("public");
    let a = build(root, &public).assert().failure();
    let out = printed(&a);
    assert!(
        out.contains("assets/passwd.txt is a symbolic link to /etc/passwd, outside the site"),
        "{out}"
    );
    assert!(!public.join("passwd.txt").exists());
}

#[test]
fn issue_15_case_4_a_fifo_in_content_is_skipped_with_a_warning() {
    let tmp = site();
    let root = tmp.path();
    let fifo = root.join("content/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let public = root.join("public");
    for mut c in [
        {
            let mut c = bin();
            c.arg("check").arg("--root").arg(root);
            c
        },
        build(root, &public),
    ] {
        let a = c
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .success();
        let out = printed(&a);
        assert!(
            out.contains(
                "content/pipe.txt:1:1: warning: is a named pipe (FIFO), not a file; skipped"
            ),
            "{out}"
        );
    }
    assert!(public.join("index.html").exists());
}

#[test]
fn issue_15_case_5_control_characters_from_content_are_escaped_in_messages() {
    let tmp = site();
    let root = tmp.path();
    // Sets the terminal title, rings the bell, clears the screen.
    std::fs::write(
        root.join("content/evil.txt"),
        "+++\ntitle = \"Завод\"\nautor = \"\x1b]0;pwned\x07\x1b[2J\u{202e}\"\n+++\nТекст статьи о заводе.\n",
    )
    .unwrap();
    let a = bin().arg("check").arg("--root").arg(root).assert().code(1);
    let out = printed(&a);
    assert!(
        out.contains("content/evil.txt:3:10: error: invalid basic string"),
        "{out}"
    );
    assert!(
        out.contains("3 | autor = \"\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}\"\n             ^"),
        "the line is shown escaped: {out}"
    );
    for c in ['\x1b', '\x07', '\u{202e}'] {
        assert!(!out.contains(c), "raw {c:?} reached the terminal: {out:?}");
    }
}

#[test]
fn issue_15_case_7_odd_file_names_are_read_or_named() {
    let tmp = site();
    let root = tmp.path();
    let text = std::fs::read(repo("tests/fixtures/basic/content/month.txt")).unwrap();
    std::fs::write(root.join("content/UPPER.TXT"), &text).unwrap();
    std::fs::write(
        root.join("content/zavod.markdown"),
        "# Завод в Перми запущен\n\nВ Пермском крае запустили завод.\n",
    )
    .unwrap();
    std::fs::write(root.join("content/..dots..txt"), &text).unwrap();
    std::fs::write(root.join("content/notes.docx"), "x").unwrap();
    let public = root.join("public");
    let a = build(root, &public).assert().success();
    let out = printed(&a);
    assert!(
        out.contains(
            "content/..dots..txt:1:1: warning: hidden file (name starts with a dot); skipped"
        ),
        "{out}"
    );
    assert!(
        out.contains("content/notes.docx:1:1: warning: not an article file; skipped"),
        "{out}"
    );
    // Three articles: perm-zavod, UPPER.TXT and zavod.markdown.
    assert!(out.contains("Собрано: 3 статьи"), "{out}");
}

#[test]
fn issue_15_case_7_a_bad_bind_address_is_named_not_the_port() {
    let tmp = site();
    let a = bin()
        .args(["serve", "--port", "0", "--bind", "localhostt", "--root"])
        .arg(tmp.path())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2);
    let out = printed(&a);
    assert!(
        out.contains("--bind:1:1: error: localhostt is not an IP address"),
        "{out}"
    );
    assert!(!out.contains("another program uses this port"), "{out}");
}

#[test]
fn issue_15_case_7_front_matter_mistakes_get_clear_messages() {
    let tmp = site();
    let root = tmp.path();
    let c = root.join("content");
    std::fs::write(
        c.join("js.md"),
        "+++\ntitle = \"Завод\"\nsource_url = \"javascript:alert(1)\"\n+++\nТекст о заводе.\n",
    )
    .unwrap();
    std::fs::write(
        c.join("time.md"),
        "+++\ntitle = \"Завод\"\ndate = 10:00:00\n+++\nТекст о заводе.\n",
    )
    .unwrap();
    std::fs::write(
        c.join("yaml.md"),
        "---\ntitle: Завод в Перми\ndate: 2025-07-07\n---\n\nВ Пермском крае открыли завод.\n",
    )
    .unwrap();
    // "Unicode" as Windows Notepad saves it: UTF-16 LE with a BOM.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "# Завод в Перми\n\nВ Пермском крае открыли завод.\n".encode_utf16()
    {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(c.join("utf16.md"), utf16).unwrap();
    let a = bin().arg("check").arg("--root").arg(root).assert().code(1);
    let out = printed(&a);
    for want in [
        "content/js.md:3:1: warning: source_url is not a web address and is left out: \"javascript:alert(1)\"",
        "content/time.md:3:1: error: date is a time of day (10:00:00), not a date",
        "content/yaml.md:1:1: warning: this looks like YAML front matter (between --- lines)",
        "content/utf16.md:1:1: warning: file is not UTF-8; decoded as UTF-16LE",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    assert!(
        !out.contains("__toml_private") && !out.contains("binary"),
        "{out}"
    );
}

#[test]
fn issue_15_case_7_a_footnote_named_main_does_not_repeat_the_page_id() {
    let tmp = site();
    let root = tmp.path();
    std::fs::write(
        root.join("content/footnote.md"),
        "+++\ntitle = \"Завод в Перми\"\ndate = 2025-07-07\nslug = \"footnote\"\n+++\n\n\
         В Пермском крае открыли завод[^main], второй в регионе.\n\n[^main]: По данным пресс-службы.\n",
    )
    .unwrap();
    let public = root.join("public");
    build(root, &public).assert().success();
    let page = std::fs::read_to_string(public.join("articles/footnote.html")).unwrap();
    assert!(page.contains("footnote-definition"), "the note is there");
    let mut ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(ids.iter().filter(|i| **i == "main").count(), 1, "{ids:?}");
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "every id once: {ids:?}");
}

#[test]
fn issue_15_case_7_an_invalid_port_in_base_url_is_refused() {
    let tmp = site();
    let root = tmp.path();
    let public = root.join("public");
    let a = build(root, &public)
        .args(["--base-url", "https://ex.org:99999/"])
        .assert()
        .code(1);
    let out = printed(&a);
    assert!(
        out.contains("--base-url:1:1: error: base_url has an invalid port \"99999\""),
        "{out}"
    );
    assert!(!out.contains("panicked"), "{out}");
    assert!(!public.exists(), "no site with a broken URL is written");
    // The same in site.toml, at its line.
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        toml.replace("https://example.org/", "https://example.org:0/"),
    )
    .unwrap();
    let a = bin().arg("check").arg("--root").arg(root).assert().code(1);
    let out = printed(&a);
    assert!(
        out.contains("site.toml:3:") && out.contains("invalid port \"0\""),
        "{out}"
    );
}

#[test]
fn issue_15_case_7_a_new_title_with_a_newline_gives_a_file_that_builds() {
    let tmp = site();
    let root = tmp.path();
    let a = bin()
        .args([
            "new",
            "Завод в Перми\nзапустил\r\nвторую\tлинию\n+++",
            "--date",
            "2025-07-07",
            "--root",
        ])
        .arg(root)
        .assert()
        .success();
    let path = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    let text = std::fs::read_to_string(root.join(path.trim())).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Завод в Перми запустил вторую линию +++\"\n"),
        "{text}"
    );
    let a = bin().arg("check").arg("--root").arg(root).assert();
    let out = printed(&a);
    assert!(!out.contains(": error: "), "{out}");
    let public = root.join("public");
    build(root, &public).assert().success();
}

#[test]
fn issue_15_case_7_an_explicit_slug_beats_an_automatic_suffix() {
    let tmp = site();
    let root = tmp.path();
    let c = root.join("content");
    for (name, front) in [
        ("a.md", "title = \"Завод в Перми\""),
        ("b.md", "title = \"Завод в Перми\""),
        (
            "c.md",
            "title = \"Цех в Березниках\"\nslug = \"zavod-v-permi-2\"",
        ),
    ] {
        std::fs::write(
            c.join(name),
            format!("+++\n{front}\ndate = 2025-07-07\n+++\n\nВ Пермском крае открыли завод.\n"),
        )
        .unwrap();
    }
    let public = root.join("public");
    let a = build(root, &public).assert().success();
    let out = printed(&a);
    let page =
        |slug: &str| std::fs::read_to_string(public.join(format!("articles/{slug}.html"))).unwrap();
    assert!(page("zavod-v-permi-2").contains("Цех в Березниках"));
    assert!(page("zavod-v-permi").contains("Завод в Перми"));
    assert!(page("zavod-v-permi-3").contains("Завод в Перми"));
    assert!(
        out.contains("content/b.md:1:1: warning: URL slug \"zavod-v-permi\" is already used by content/a.md; this article gets \"zavod-v-permi-3\""),
        "{out}"
    );
    assert!(
        !out.contains("content/c.md:1:1: warning: URL slug"),
        "{out}"
    );
}
