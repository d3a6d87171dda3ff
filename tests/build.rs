//! End-to-end tests of `promdigest build` on the fixture sites: golden
//! snapshots of pages and feeds, determinism, atomic failure, sub-path base
//! URLs, and escaping of hostile pasted text.

use promdigest::cmd::build::{run, BuildArgs};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn build_to(root: &Path, out: &Path, base_url: Option<&str>) {
    let args = BuildArgs {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: base_url.map(str::to_string),
        drafts: false,
        force: false,
    };
    if let Err((_, d)) = run(&args) {
        panic!("build failed: {d:#?}");
    }
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, d: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base).unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("has <main>");
    let end = html.find("</main>").expect("has </main>") + "</main>".len();
    &html[start..end]
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn golden_pages_feed_and_sitemap() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_to(&fixture("basic"), &out, None);
    let article = read(&out.join("articles/v-tatarstane-otkryli-zavod-polimernykh-trub.html"));
    insta::assert_snapshot!("article_main", main_of(&article));
    let home = read(&out.join("index.html"));
    insta::assert_snapshot!("home_main", main_of(&home));
    insta::assert_snapshot!("atom", read(&out.join("atom.xml")));
    insta::assert_snapshot!("sitemap", read(&out.join("sitemap.xml")));
}

#[test]
fn golden_each_page_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_to(&fixture("basic"), &out, None);
    for (name, page) in [
        ("regions_list", "regions"),
        ("region", "regions/permskii-krai"),
        ("bodies_list", "bodies"),
        (
            "body",
            "bodies/fond-razvitiia-promyshlennosti-permskogo-kraia",
        ),
        ("people_list", "people"),
        ("person", "people/igor-vasnetsov"),
        ("organizations_list", "organizations"),
        ("organization", "organizations/kamakompozit"),
        ("timeline", "timeline"),
        ("search", "search"),
    ] {
        let html = read(&out.join(page).join("index.html"));
        insta::assert_snapshot!(name, main_of(&html));
    }
    insta::assert_snapshot!(
        "entity_feed",
        read(&out.join("people/igor-vasnetsov/atom.xml"))
    );
}

#[test]
fn site_has_the_files_a_host_expects() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_to(&fixture("basic"), &out, None);
    for f in [
        "index.html",
        "404.html",
        ".nojekyll",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "favicon.svg",
        "style.css",
        "search/index.html",
        "timeline/index.html",
    ] {
        assert!(out.join(f).exists(), "missing {f}");
    }
    let home = read(&out.join("index.html"));
    assert!(home.contains("<html lang=\"ru\">"));
    assert!(home.contains("rel=\"icon\" href=\"/favicon.svg\""));
    // Drafts are left out unless asked for.
    assert!(!out.join("articles/chernovik.html").exists());
    // Newest first, undated last: the home page has the three newest, the
    // timeline all of them.
    let order: Vec<usize> = ["Прикамье", "Татарстане", "Заголовок с"]
        .iter()
        .map(|t| home.find(t).unwrap_or_else(|| panic!("{t} on home page")))
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{order:?}");
    assert!(!home.contains("Кластер без даты") && !home.contains("Итоги июля"));
    assert!(home.contains("Все статьи по датам"));
    let timeline = read(&out.join("timeline/index.html"));
    assert!(timeline.find("Итоги июля").unwrap() < timeline.find("В Краснодарском").unwrap());
    assert!(timeline.find("В Краснодарском").unwrap() < timeline.find("Кластер без даты").unwrap());
    // The site's tagline is in the home page's footer and no other's (#17),
    // while every footer still links the feed.
    let tagline = promdigest::config::Strings::default().footer;
    assert!(home.contains(&format!("<p>{tagline}</p>")));
    assert!(!timeline.contains(&tagline));
    assert!(timeline.contains("<a href=\"/atom.xml\">"));
}

#[test]
fn drafts_flag_includes_drafts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let args = BuildArgs {
        root: fixture("basic"),
        output: Some(out.clone()),
        base_url: None,
        drafts: true,
        force: false,
    };
    run(&args).unwrap();
    assert!(out.join("articles/chernovik.html").exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_to(&fixture("basic"), &a, None);
    build_to(&fixture("basic"), &b, None);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    // The gzipped index files are compared too: their header must carry
    // no name or time (issue 17).
    for kind in ["search/t/", "search/d/"] {
        assert!(
            ta.keys().any(|k| k.starts_with(kind) && k.ends_with(".gz")),
            "no {kind}*.gz in the build"
        );
    }
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between builds");
    }
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("basic"), &site);
    // The copied site.toml points at ../../../templates; point it at the repo.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = read(&site.join("site.toml"))
        .replace(
            "../../../templates",
            &repo.join("templates").to_string_lossy(),
        )
        .replace("../../../assets", &repo.join("assets").to_string_lossy());
    std::fs::write(site.join("site.toml"), cfg).unwrap();
    let out = tmp.path().join("public");
    build_to(&site, &out, None);
    let before = tree(&out);
    std::fs::write(
        site.join("content/broken.md"),
        "+++\ntitle = \"x\"\nnope = 1\n+++\nтекст\n",
    )
    .unwrap();
    let err = run(&BuildArgs {
        root: site.clone(),
        output: Some(out.clone()),
        base_url: None,
        drafts: false,
        force: false,
    })
    .unwrap_err();
    assert_eq!(err.0, 1);
    let msg = err
        .1
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        msg.contains("content/broken.md:3:1: error:") && msg.contains("nope"),
        "{msg}"
    );
    assert_eq!(tree(&out), before, "output changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn sub_path_base_url_prefixes_every_internal_link() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_to(
        &fixture("basic"),
        &out,
        Some("https://user.github.io/digest/"),
    );
    let mut checked = 0;
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let url = &part[..part.find('"').unwrap()];
                if url.starts_with("http") || url.starts_with('#') || url.starts_with("mailto:") {
                    continue;
                }
                assert!(url.starts_with("/digest/"), "{path}: {url}");
                // The target exists in the output (served under /digest/).
                let rel = url
                    .trim_start_matches("/digest/")
                    .split('#')
                    .next()
                    .unwrap();
                let file = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                };
                assert!(out.join(&file).exists(), "{path} links to missing {url}");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    let atom = read(&out.join("atom.xml"));
    assert!(atom.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://user.github.io/digest/atom.xml\"/>"));
    assert!(read(&out.join("sitemap.xml")).contains("<loc>https://user.github.io/digest/articles/"));
}

#[test]
fn hostile_pasted_html_is_inert_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_to(&fixture("basic"), &out, None);
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".json") {
            assert!(!text.contains("<img src=x"), "{path} has a live <img>");
            assert!(
                !text.contains("<script>alert"),
                "{path} has a live <script>"
            );
            assert!(
                !text.contains("javascript:alert"),
                "{path} links to javascript:"
            );
        }
    }
    let page = std::fs::read_dir(out.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("zagolovok"))
        .expect("hostile article built");
    let html = read(&page);
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "text is shown escaped"
    );
    // JSON-LD stays inside its <script> element.
    let ld = html.split("application/ld+json\">").nth(1).unwrap();
    let ld = &ld[..ld.find("</script>").unwrap()];
    let v: serde_json::Value = serde_json::from_str(ld).expect("valid JSON-LD");
    assert_eq!(v["@type"], "NewsArticle");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let t = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &t);
        } else {
            std::fs::copy(&p, &t).unwrap();
        }
    }
}

/// Issue #17: an organisation named in one article gets no page, feed,
/// list entry or sitemap entry; the article names it with a link to a
/// search for it. Named in a second article, it has its page again.
#[test]
fn issue_17_an_organisation_named_in_one_article_has_no_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("basic"), &root);
    let _ = std::fs::remove_dir_all(root.join(".promdigest-cache"));
    let toml = read(&root.join("site.toml"));
    let repo = env!("CARGO_MANIFEST_DIR");
    std::fs::write(root.join("site.toml"), toml.replace("../../..", repo)).unwrap();
    let out = tmp.path().join("public");
    build_to(&root, &out, None);
    assert!(
        out.join("organizations/kamakompozit/index.html").is_file(),
        "named in two articles: a page"
    );

    // undated.md is the second article that names it.
    std::fs::remove_file(root.join("content/undated.md")).unwrap();
    build_to(&root, &out, None);
    assert!(!out.join("organizations/kamakompozit").exists());
    let list = read(&out.join("organizations/index.html"));
    assert!(!list.contains("Камакомпозит"), "not in the list");
    assert!(!read(&out.join("sitemap.xml")).contains("kamakompozit"));
    let article = tree(&out.join("articles"))
        .into_values()
        .map(|b| String::from_utf8(b).unwrap())
        .find(|html| html.contains("композитной арматуры</h1>"))
        .expect("the Perm article");
    assert!(!article.contains("organizations/kamakompozit"));
    assert!(
        article.contains("href=\"/search/?q=Камакомпозит\">Камакомпозит</a>"),
        "linked to a search for its name"
    );
}
