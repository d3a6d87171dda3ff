//! `site.toml` → [`SiteConfig`].
//!
//! The file is read into a raw serde struct that denies unknown keys, then
//! validated into the typed config the stages use. Every problem becomes a
//! [`Diagnostic`] with the file, line and column of the offending key or
//! value. UI strings start from the Russian defaults in `strings.ru.toml`
//! (compiled in) and `[strings]` in `site.toml` overrides any of them.

use crate::model::{date, BaseUrl, Diagnostic};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const DEFAULT_STRINGS: &str = include_str!("strings.ru.toml");

/// Russian UI strings shown on the site; see `strings.ru.toml` for their meaning.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    pub skip_link: String,
    pub nav_label: String,
    pub home: String,
    pub articles: String,
    pub latest: String,
    pub all_articles: String,
    /// On an entity's last page when its oldest articles are not listed:
    /// the link to search for them.
    pub older_in_search: String,
    pub regions: String,
    pub bodies: String,
    pub people: String,
    pub organizations: String,
    pub places: String,
    pub money: String,
    pub timeline: String,
    pub search: String,
    pub search_label: String,
    pub search_placeholder: String,
    /// The header's search box: short enough for a phone.
    pub search_placeholder_short: String,
    pub search_button: String,
    pub search_noscript: String,
    pub search_query: String,
    pub search_region: String,
    pub all_regions: String,
    pub search_year: String,
    pub all_years: String,
    pub by_regions: String,
    pub by_dates: String,
    pub search_msg_empty: String,
    pub search_msg_searching: String,
    pub search_msg_found: String,
    pub search_msg_none: String,
    pub search_msg_more: String,
    pub search_msg_error: String,
    pub search_msg_loading: String,
    /// Kind labels of entity pages among search results.
    pub search_kind_region: String,
    pub search_kind_body: String,
    pub search_kind_person: String,
    /// Status line when results come from a one-letter correction.
    pub search_msg_guess: String,
    /// Status line before a count that is a lower bound (a query answered
    /// from the heads of long posting lists).
    pub search_msg_found_at_least: String,
    pub read_also: String,
    pub source: String,
    pub date_unknown: String,
    pub approximate: String,
    pub title_inferred: String,
    pub breadcrumbs: String,
    pub feed: String,
    pub footer: String,
    pub not_found_title: String,
    pub not_found_text: String,
    pub prev_page: String,
    pub next_page: String,
    pub page: String,
    pub pagination: String,
    pub entities: String,
    pub more_entities: String,
    pub level: String,
    pub level_federal: String,
    pub level_regional: String,
    pub level_municipal: String,
    pub full_name: String,
    pub region: String,
    pub org_type: String,
    pub short_name: String,
    pub federal: String,
    pub regional: String,
    pub municipal: String,
    pub federal_district: String,
    pub map_title: String,
    pub map_legend: String,
    pub map_table: String,
    pub chart_title: String,
    pub chart_table: String,
    pub month: String,
    pub active_regions: String,
    pub active_bodies: String,
    pub related: String,
    pub roles: String,
    pub no_articles: String,
    /// Plural forms for 1, 2–4 and 5+ ("статья", "статьи", "статей").
    pub article_forms: [String; 3],
    /// After a person's longest role lists: "и ещё 5 должностей".
    pub more_roles: String,
    /// Plural forms of "должность".
    pub role_forms: [String; 3],
    /// Plural forms of "файл" (the files a build writes), for `build` and `serve`.
    pub file_forms: [String; 3],
    /// A money figure's qualifier: "более", "около", "до".
    pub qualifier_more_than: String,
    pub qualifier_about: String,
    pub qualifier_up_to: String,
    /// Organisation kinds in the facts box, in the order company, plant,
    /// cluster, park, event, association, other.
    pub org_kinds: [String; 7],
    /// The same kinds as group headings of the organisations list.
    pub org_kinds_plural: [String; 7],
    /// "7 июля 2025" on pages; the default is [`date::MONTHS_GENITIVE`].
    #[serde(default = "months_genitive")]
    pub months_genitive: [String; 12],
    /// "июль 2024" on pages and the chart; the default is
    /// [`date::MONTHS_NOMINATIVE`].
    #[serde(default = "months_nominative")]
    pub months_nominative: [String; 12],
}

fn months_genitive() -> [String; 12] {
    date::MONTHS_GENITIVE.map(String::from)
}

fn months_nominative() -> [String; 12] {
    date::MONTHS_NOMINATIVE.map(String::from)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    author: Option<String>,
    #[serde(default = "default_per_page")]
    per_page: usize,
    #[serde(default = "default_home_latest")]
    home_latest: usize,
    #[serde(default)]
    paths: RawPaths,
    #[serde(default)]
    strings: Option<toml::Table>,
    #[serde(default)]
    extract: Option<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawPaths {
    content: PathBuf,
    templates: PathBuf,
    assets: PathBuf,
    output: PathBuf,
}

impl Default for RawPaths {
    fn default() -> Self {
        RawPaths {
            content: "content".into(),
            templates: "templates".into(),
            assets: "assets".into(),
            output: "public".into(),
        }
    }
}

fn default_language() -> String {
    "ru".into()
}
fn default_per_page() -> usize {
    30
}
fn default_home_latest() -> usize {
    20
}

/// Folders of a site, resolved against the site root.
#[derive(Debug, Clone)]
pub struct Paths {
    pub root: PathBuf,
    pub content: PathBuf,
    pub templates: PathBuf,
    pub assets: PathBuf,
    pub output: PathBuf,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: BaseUrl,
    pub language: String,
    pub author: Option<String>,
    /// Articles per index page.
    pub per_page: usize,
    /// Articles on the home page.
    pub home_latest: usize,
    pub paths: Paths,
    pub strings: Strings,
    /// The `[extract]` table, handed to the extraction stage as is.
    pub extract: Option<toml::Value>,
    /// Rendering for the editor (`serve`, `check`), not for readers: pages
    /// then show what the tool guessed (an inferred headline). Not a
    /// `site.toml` key; the commands set it.
    pub preview: bool,
}

/// The name `site.toml` has in messages: relative to the current directory when possible.
pub const FILE_NAME: &str = "site.toml";

/// Reads and validates `<root>/site.toml`.
pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let file = root.join(FILE_NAME);
    let text = std::fs::read_to_string(&file).map_err(|e| {
        vec![
            Diagnostic::error(&file, 1, 1, format!("cannot read site config: {e}"))
                .with_hint("run promdigest from the site folder or pass --root DIR"),
        ]
    })?;
    parse(&text, &file, root)
}

/// [`load`], then the command line's overrides: another output folder
/// (relative to the working directory) and another base URL.
pub fn load_overridden(
    root: &Path,
    output: Option<&Path>,
    base_url: Option<&str>,
) -> Result<SiteConfig, Vec<Diagnostic>> {
    let mut cfg = load(root)?;
    if let Some(o) = output {
        cfg.paths.output = if o.is_absolute() {
            o.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(o))
                .unwrap_or_else(|_| o.to_path_buf())
        };
    }
    if let Some(u) = base_url {
        cfg.base_url =
            BaseUrl::parse(u).map_err(|m| vec![Diagnostic::error("--base-url", 1, 1, m)])?;
    }
    Ok(cfg)
}

/// Parses the text of a `site.toml`; `file` is used in messages only.
pub fn parse(text: &str, file: &Path, root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| vec![toml_diag(&e, text, file)])?;
    let at_key = |key: &str| {
        let (line, col) = find_key(text, key);
        move |msg: String| Diagnostic::error(file, line, col, msg)
    };
    let mut errors = Vec::new();
    let base_url = BaseUrl::parse(&raw.base_url).map_err(|m| errors.push(at_key("base_url")(m)));
    if raw.language != "ru" {
        errors.push(at_key("language")(format!(
            "only language = \"ru\" is supported, got {:?}",
            raw.language
        )));
    }
    if raw.per_page == 0 {
        errors.push(at_key("per_page")("per_page must be at least 1".into()));
    }
    if raw.title.trim().is_empty() {
        errors.push(at_key("title")("title must not be empty".into()));
    }
    let strings = merge_strings(raw.strings).map_err(|m| errors.push(at_key("strings")(m)));
    match (base_url, strings) {
        (Ok(base_url), Ok(strings)) if errors.is_empty() => Ok(SiteConfig {
            title: raw.title,
            description: raw.description,
            base_url,
            language: raw.language,
            author: raw.author,
            per_page: raw.per_page,
            home_latest: raw.home_latest.max(1),
            paths: Paths {
                root: root.to_path_buf(),
                content: root.join(raw.paths.content),
                templates: root.join(raw.paths.templates),
                assets: root.join(raw.paths.assets),
                output: root.join(raw.paths.output),
            },
            strings,
            extract: raw.extract,
            preview: false,
        }),
        _ => Err(errors),
    }
}

/// The default strings with `overrides` applied; unknown keys are an error.
/// The built-in Russian strings, for output made without a `site.toml`
/// (`check` of a site whose config is broken still counts its articles).
impl Default for Strings {
    fn default() -> Self {
        merge_strings(None).expect("built-in strings deserialize")
    }
}

fn merge_strings(overrides: Option<toml::Table>) -> Result<Strings, String> {
    let mut table: toml::Table = toml::from_str(DEFAULT_STRINGS).expect("built-in strings parse");
    for (k, v) in overrides.unwrap_or_default() {
        table.insert(k, v);
    }
    Strings::deserialize(toml::Value::Table(table))
        .map_err(|e| format!("in [strings]: {}", e.message()))
}

/// Converts a TOML error into a diagnostic at the span it reports.
pub fn toml_diag(e: &toml::de::Error, text: &str, file: &Path) -> Diagnostic {
    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
    Diagnostic::error(file, line, col, e.message().trim().to_string())
}

/// 1-based line and column (in chars) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Line and column of the first line that assigns `key`, for semantic errors
/// that serde cannot locate.
fn find_key(text: &str, key: &str) -> (usize, usize) {
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', ']']) {
            return (i + 1, l.len() - t.len() + 1);
        }
        if t.starts_with('[') && t.trim_matches(|c| c == '[' || c == ']' || c == ' ') == key {
            return (i + 1, 1);
        }
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        parse(s, Path::new("site.toml"), Path::new("."))
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse_str("title = \"Т\"\nbase_url = \"https://x.io/d/\"\n").unwrap();
        assert_eq!(c.base_url.path(), "/d/");
        assert_eq!(c.strings.home, "Главная");
        assert_eq!(c.per_page, 30);
    }

    #[test]
    fn string_override() {
        let c =
            parse_str("title = \"Т\"\nbase_url = \"https://x.io/\"\n[strings]\nhome = \"Домой\"\n")
                .unwrap();
        assert_eq!(c.strings.home, "Домой");
    }

    #[test]
    fn unknown_key_names_line() {
        let e = parse_str("title = \"Т\"\nbase_url = \"https://x.io/\"\ncolour = 1\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{e:?}");
        assert!(e[0].message.contains("colour"), "{}", e[0].message);
    }

    #[test]
    fn wrong_type_names_line() {
        let e = parse_str("title = \"Т\"\nbase_url = \"https://x.io/\"\nper_page = \"ten\"\n")
            .unwrap_err();
        assert_eq!(e[0].line, 3);
    }

    #[test]
    fn bad_base_url_names_line() {
        let e = parse_str("title = \"Т\"\n\nbase_url = \"x.io\"\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (3, 1));
    }

    #[test]
    fn unknown_string_is_an_error() {
        let e = parse_str("title = \"Т\"\nbase_url = \"https://x.io/\"\n[strings]\nhom = \"Д\"\n")
            .unwrap_err();
        assert!(e[0].message.contains("hom"), "{}", e[0].message);
        assert_eq!(e[0].line, 3);
    }
}
