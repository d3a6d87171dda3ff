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
