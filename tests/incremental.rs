//! A rebuild that reuses the last one (issue #17, part 3): the article cache
//! in `.promdigest-cache/`, the build manifest beside it and the in-place
//! update of `public/` must give, byte for byte, what a clean build of the
//! same site gives — with nothing changed, after an edit, an added and a
//! removed article, a hand edit in `public/`, a `site.toml` change, a
//! template change, a new binary (a cache of another key) and a corrupt
//! cache file. Each step also asserts which path the build took
//! ([`Reuse`]), so the tests fail if a fast path is not used.

use promdigest::cmd::build::{run, BuildArgs, BuildReport, Reuse};
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
    assert_eq!(fresh.reuse, Reuse::Nothing);
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
    let warned = |r: &BuildReport| {
        r.site_warnings
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(warned(report), warned(&fresh), "{what}: the same warnings");
    assert_eq!(
        (report.articles, report.files),
        (fresh.articles, fresh.files),
        "{what}: the same counts"
    );
}

/// The pages and feeds a selective rebuild rendered.
fn rendered(r: &BuildReport) -> usize {
    match r.reuse {
        Reuse::Pages { rendered } => rendered,
        other => panic!("expected only some pages rendered, got {other:?}"),
    }
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
    assert_eq!(first.reuse, Reuse::Nothing);
    let built = tree(&root.join("public"));

    // Nothing changed: the manifest says so, the cache is not even read.
    let again = build(&root);
    assert_eq!(again.reuse, Reuse::Everything);
    assert_eq!(again.cache, CacheStats::default());
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
    // Far fewer files than a full build puts (pages, feeds, the search
    // index and the assets): only what the edit can touch.
    assert!(
        rendered(&edited) < first.files / 2,
        "{} of {}",
        rendered(&edited),
        first.files
    );
    assert!(tree(&root.join("public")) != built, "the edit shows");
    same_as_clean_build(&root, &edited, "after an edit");
    assert_eq!(build(&root).reuse, Reuse::Everything, "and then nothing");

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
    rendered(&removed);
    same_as_clean_build(&root, &removed, "after a removal");

    // An added one (a copy under another name, so slugs collide too).
    let copy = std::fs::read_to_string(root.join("content/perm-zavod.txt")).unwrap();
    std::fs::write(root.join("content/perm-zavod-2.txt"), copy).unwrap();
    let added = build(&root);
    assert_eq!(
        added.cache,
        CacheStats {
            hits: n - 1,
            misses: 1
        }
    );
    rendered(&added);
    same_as_clean_build(&root, &added, "after an addition");

    // Added and removed in one go, and an edit of the date (the article
    // moves in the newest-first order).
    std::fs::remove_file(root.join("content/perm-zavod-2.txt")).unwrap();
    std::fs::write(
        root.join("content/new.md"),
        "+++\ntitle = \"Новый завод в Перми\"\ndate = 2031-02-03\n+++\n\nВ Пермском крае открыли завод. Губернатор Дмитрий Махонин посетил цех.\n",
    )
    .unwrap();
    let zavod = root.join("content/zavod-md.md");
    let text = std::fs::read_to_string(&zavod).unwrap();
    let redated = ten_years_back(&text);
    assert_ne!(redated, text, "the date this test edits");
    std::fs::write(&zavod, redated).unwrap();
    let mixed = build(&root);
    rendered(&mixed);
    same_as_clean_build(&root, &mixed, "after an addition, a removal and a new date");
}

/// Moves the first `date = YYYY-…` of a front matter ten years back.
fn ten_years_back(text: &str) -> String {
    let Some(i) = text.find("date = ") else {
        return text.to_string();
    };
    let year = &text[i + 7..i + 11];
    let Ok(y) = year.parse::<i32>() else {
        return text.to_string();
    };
    format!("{}{}{}", &text[..i + 7], y - 10, &text[i + 11..])
}

#[test]
fn a_hand_edit_in_public_is_put_right_by_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    build(&root);
    let public = root.join("public");
    let built = tree(&public);
    let page = built
        .keys()
        .find(|p| p.starts_with("articles/") && p.ends_with(".html"))
        .expect("an article page")
        .clone();

    // The same size, written at once: only the bytes differ.
    let mut bytes = built[&page].clone();
    let last = bytes.len() - 2;
    bytes[last] ^= 0x20;
    std::fs::write(public.join(&page), &bytes).unwrap();
    let r = build(&root);
    assert_eq!(r.reuse, Reuse::Nothing, "an edited file");
    assert!(tree(&public) == built, "put back");
    same_as_clean_build(&root, &r, "after a hand edit");

    std::fs::remove_file(public.join("atom.xml")).unwrap();
    assert_eq!(build(&root).reuse, Reuse::Nothing, "a deleted file");
    assert!(tree(&public) == built, "made again");

    std::fs::write(public.join("articles/extra.html"), "x").unwrap();
    assert_eq!(build(&root).reuse, Reuse::Nothing, "an extra file");
    assert!(tree(&public) == built, "removed");

    // Even with an article edited: the pages it does not touch may be the
    // ones edited by hand, so everything is rendered.
    std::fs::write(public.join(&page), &bytes).unwrap();
    let file = root.join("content/month.txt");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\nЗавод выпустит первую партию в следующем году.\n");
    std::fs::write(&file, text).unwrap();
    let r = build(&root);
    assert_eq!(
        r.reuse,
        Reuse::Nothing,
        "an edited file and an edited article"
    );
    same_as_clean_build(&root, &r, "after a hand edit and an article edit");

    // A manifest that cannot be read is no manifest.
    let manifest = root.join(DIR).join("build.bin");
    let mut m = std::fs::read(&manifest).unwrap();
    let mid = m.len() / 2;
    m[mid] ^= 0x01;
    std::fs::write(&manifest, m).unwrap();
    assert_eq!(build(&root).reuse, Reuse::Nothing, "a damaged manifest");
    assert_eq!(build(&root).reuse, Reuse::Everything, "a good one again");
}

#[test]
fn a_failed_build_keeps_the_output_and_what_the_next_build_can_reuse() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    build(&root);
    let built = tree(&root.join("public"));
    let tpl = root.join("templates/card.html");
    let good = std::fs::read_to_string(&tpl).unwrap();
    std::fs::write(&tpl, format!("{good}{{% if %}}")).unwrap();
    let args = BuildArgs {
        root: root.clone(),
        ..BuildArgs::default()
    };
    let (_, diags) = run(&args).expect_err("a template error");
    assert!(diags.iter().any(|d| d.is_error()), "{diags:?}");
    assert!(
        tree(&root.join("public")) == built,
        "the output is as it was"
    );
    std::fs::write(&tpl, good).unwrap();
    assert_eq!(build(&root).reuse, Reuse::Everything);
    assert!(tree(&root.join("public")) == built);
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
    assert_eq!(r.reuse, Reuse::Nothing);
    same_as_clean_build(&root, &r, "after an [extract] change");

    // Other settings change only rendering: every article is reused.
    std::fs::write(&toml, text.replace("per_page = 2", "per_page = 1")).unwrap();
    let r = build(&root);
    assert_eq!(r.cache, CacheStats { hits: n, misses: 0 });
    assert_eq!(r.reuse, Reuse::Nothing);
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
    assert_eq!(r.reuse, Reuse::Nothing);
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
    // With the build manifest, a build with nothing changed does not read
    // the article cache at all: without it, every build here does.
    let manifest = root.join(DIR).join("build.bin");
    let forget = || std::fs::remove_file(&manifest).unwrap();

    // The key (bytes 8..24) is what a new binary changes.
    let mut other = good.clone();
    other[8] ^= 0xff;
    std::fs::write(&file, &other).unwrap();
    forget();
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
    for bad in [flipped.clone(), good[..good.len() - 7].to_vec()] {
        std::fs::write(&file, &bad).unwrap();
        forget();
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

    // A damaged cache and an edited article: the last build's articles
    // cannot be linked again, so every page is rendered.
    std::fs::write(&file, &flipped).unwrap();
    let article = root.join("content/month.txt");
    let mut text = std::fs::read_to_string(&article).unwrap();
    text.push_str("\nЗавод выпустит первую партию в следующем году.\n");
    std::fs::write(&article, text).unwrap();
    let r = build(&root);
    assert_eq!(r.reuse, Reuse::Nothing);
    // The warning about the cache is said once: the next build, with
    // nothing changed, reports what a clean build reports.
    let after = build(&root);
    assert_eq!(after.reuse, Reuse::Everything);
    same_as_clean_build(&root, &after, "after an edit with a damaged cache");
}
