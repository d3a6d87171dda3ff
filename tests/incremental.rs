//! A rebuild that reuses the last one (issue #17, part 3): the article cache
//! in `.promdigest-cache/` and the in-place update of `public/` must give,
//! byte for byte, what a clean build of the same site gives — after an edit,
//! a `site.toml` change, a template change, a new binary (a cache of another
//! key) and a corrupt cache file.

use promdigest::cmd::build::{run, BuildArgs, BuildReport};
use promdigest::pipeline::cache::{CacheStats, DIR};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The `basic` fixture (raw and Markdown articles, a draft, a month-only
/// date) with its own copy of the repository's templates and assets, so a
/// test can edit them.
fn site(dir: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = dir.join("site");
    copy_dir(
        &repo.join("tests/fixtures/basic/content"),
        &root.join("content"),
    );
    copy_dir(&repo.join("templates"), &root.join("templates"));
    copy_dir(&repo.join("assets"), &root.join("assets"));
    let toml = std::fs::read_to_string(repo.join("tests/fixtures/basic/site.toml")).unwrap();
    let toml = toml
        .replace("../../../templates", "templates")
        .replace("../../../assets", "assets");
    std::fs::write(root.join("site.toml"), toml).unwrap();
    root
}

fn build(root: &Path) -> BuildReport {
    let args = BuildArgs {
        root: root.to_path_buf(),
        ..BuildArgs::default()
    };
    run(&args).unwrap_or_else(|(_, d)| panic!("build failed: {d:#?}"))
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, d: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Builds a copy of `root` without its cache or output, and requires the
/// same files with the same bytes as `root/public`, and the same messages.
fn same_as_clean_build(root: &Path, report: &BuildReport, what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let clean = tmp.path().join("clean");
    copy_dir(root, &clean);
    let _ = std::fs::remove_dir_all(clean.join(DIR));
    let _ = std::fs::remove_dir_all(clean.join("public"));
    let fresh = build(&clean);
    assert_eq!(fresh.cache.hits, 0, "the clean build had no cache");
    let (got, want) = (tree(&root.join("public")), tree(&clean.join("public")));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{what}: the same files"
    );
    for (path, bytes) in &want {
        assert!(
            got[path] == *bytes,
            "{what}: {path} differs from a clean build"
        );
    }
    let shown = |r: &BuildReport| {
        r.diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(report), shown(&fresh), "{what}: the same messages");
}

fn articles_in(root: &Path) -> usize {
    std::fs::read_dir(root.join("content")).unwrap().count()
}

#[test]
fn a_rebuild_after_an_edit_is_byte_identical_to_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let n = articles_in(&root);

    let first = build(&root);
    assert_eq!(first.cache, CacheStats { hits: 0, misses: n });
    let built = tree(&root.join("public"));

    let again = build(&root);
    assert_eq!(again.cache, CacheStats { hits: n, misses: 0 });
    assert!(tree(&root.join("public")) == built, "nothing changed");
    same_as_clean_build(&root, &again, "no change");

    // An edit that changes the article's entities and its money box.
    let file = root.join("content/kuban-raw.txt");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "одобрил заем на 102 млн рублей",
        "одобрил заем на 250 млн рублей для завода в Новороссийске",
    );
    std::fs::write(&file, text).unwrap();
    let edited = build(&root);
    assert_eq!(
        edited.cache,
        CacheStats {
            hits: n - 1,
            misses: 1
        }
    );
    assert!(tree(&root.join("public")) != built, "the edit shows");
    same_as_clean_build(&root, &edited, "after an edit");

    // A removed article: its pages go.
    std::fs::remove_file(root.join("content/month.txt")).unwrap();
    let removed = build(&root);
    assert_eq!(
        removed.cache,
        CacheStats {
            hits: n - 1,
            misses: 0
        }
    );
    same_as_clean_build(&root, &removed, "after a removal");
}

#[test]
fn site_toml_and_template_changes_give_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let n = articles_in(&root);
    build(&root);

    // The [extract] table changes extraction: nothing is reused.
    let toml = root.join("site.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n[extract.cities]\n\"Усть-Лабинск\" = \"Краснодарский край\"\n");
    std::fs::write(&toml, &text).unwrap();
    let r = build(&root);
    assert_eq!(r.cache, CacheStats { hits: 0, misses: n });
    same_as_clean_build(&root, &r, "after an [extract] change");

    // Other settings change only rendering: every article is reused.
    std::fs::write(&toml, text.replace("per_page = 2", "per_page = 1")).unwrap();
    let r = build(&root);
    assert_eq!(r.cache, CacheStats { hits: n, misses: 0 });
    same_as_clean_build(&root, &r, "after a per_page change");

    let before = tree(&root.join("public"));
    let tpl = root.join("templates/article.html");
    let t = std::fs::read_to_string(&tpl).unwrap();
    assert!(t.contains("</article>"), "the template this test edits");
    std::fs::write(
        &tpl,
        t.replace("</article>", "<p>Правка шаблона</p></article>"),
    )
    .unwrap();
    let r = build(&root);
    assert_eq!(r.cache, CacheStats { hits: n, misses: 0 });
    assert!(
        tree(&root.join("public")) != before,
        "the template change shows"
    );
    same_as_clean_build(&root, &r, "after a template change");
}

#[test]
fn a_cache_of_another_binary_or_a_corrupt_one_is_not_used() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let n = articles_in(&root);
    build(&root);
    let file = root.join(DIR).join("articles.bin");
    let good = std::fs::read(&file).unwrap();

    // The key (bytes 8..24) is what a new binary changes.
    let mut other = good.clone();
    other[8] ^= 0xff;
    std::fs::write(&file, &other).unwrap();
    let r = build(&root);
    assert_eq!(r.cache, CacheStats { hits: 0, misses: n });
    assert!(
        !r.diagnostics
            .iter()
            .any(|d| d.file.ends_with("articles.bin")),
        "another key is no problem: {:?}",
        r.diagnostics
    );
    same_as_clean_build(&root, &r, "after a binary change");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        good,
        "rewritten under this key"
    );

    // A flipped byte in an article, then a file cut short.
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    for bad in [flipped, good[..good.len() - 7].to_vec()] {
        std::fs::write(&file, &bad).unwrap();
        let r = build(&root);
        assert_eq!(r.cache, CacheStats { hits: 0, misses: n });
        let warned = r
            .diagnostics
            .iter()
            .find(|d| d.file.ends_with("articles.bin"));
        let warned = warned.expect("a warning names the cache file");
        assert!(!warned.is_error());
        assert!(
            warned.message.contains("build cache not read"),
            "{}",
            warned.message
        );
        assert_eq!(
            std::fs::read(&file).unwrap(),
            good,
            "a good cache is written"
        );
    }
}
