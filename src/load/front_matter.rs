//! The front matter of an article: optional TOML between `+++` lines at
//! the top of the file, split off the body and validated.
//!
//! Goes in: the decoded text (newlines normalised) and the path shown in
//! messages. Comes out: the [`FrontMatter`], the file line of each key (so
//! later findings can point at `date = …`), the body and its first file
//! line. Unknown keys, broken TOML, dates that are not dates and an opener
//! never closed are errors at their file line; a `source_url` that is not
//! a web address and YAML-looking front matter (`---`) are warnings.

use crate::model::{Diagnostic, FrontMatter, PartialDate};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A text with its front matter split off and read.
pub(super) struct Split<'a> {
    pub front: FrontMatter,
    /// The file line of each key of the front matter.
    pub lines: BTreeMap<String, usize>,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
}

/// Splits off and validates the front matter of `text`. Warnings and the
/// error are added to `diags`; `None` after an error.
pub(super) fn read<'a>(
    text: &'a str,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Split<'a>> {
    let (front, lines, body, body_line) = match split_front_matter(text) {
        Ok(Some((front_src, body, body_line))) => {
            let lines = key_lines(front_src);
            match parse_front_matter(front_src, &lines, path) {
                Ok(mut front) => {
                    check_source_url(&mut front, front_src, path, diags);
                    (front, lines, body, body_line)
                }
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            }
        }
        Ok(None) => {
            if let Some(line) = yaml_front_matter(text) {
                diags.push(
                    Diagnostic::warning(
                        path,
                        1,
                        1,
                        "this looks like YAML front matter (between --- lines); it is read as article text",
                    )
                    .with_hint(format!(
                        "front matter is TOML between +++ lines: replace the --- on lines 1 and {line} with +++ and write key = \"value\""
                    ))
                    .with_code("yaml-front-matter"),
                );
            }
            (FrontMatter::default(), BTreeMap::new(), text, 1)
        }
        Err(line) => {
            diags.push(
                Diagnostic::error(
                    path,
                    line,
                    1,
                    "front matter opened with +++ is never closed",
                )
                .with_hint("add a line with +++ after the front matter"),
            );
            return None;
        }
    };
    Some(Split {
        front,
        lines,
        body,
        body_line,
    })
}

/// The line of the closing `---` when the text opens with YAML front
/// matter: `---`, then only `key: value` lines, then `---`.
fn yaml_front_matter(text: &str) -> Option<usize> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for (i, l) in lines.enumerate().take(40) {
        if l.trim_end() == "---" {
            return (i > 0).then_some(i + 2);
        }
        let key = l.split_once(':')?.0;
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
    }
    None
}

/// Splits `+++` front matter off. Returns `(front, body, body_line)`, `None`
/// when the text has no front matter, or the line of an unclosed opener.
/// Public for the fuzz target (`tests/fuzz/fuzz_targets/front_matter.rs`).
pub fn split_front_matter(text: &str) -> Result<Option<(&str, &str, usize)>, usize> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Ok(None);
    }
    let after_open = first.len() + 1;
    let rest = text.get(after_open..).unwrap_or("");
    let mut offset = 0;
    for (i, line) in rest.split('\n').enumerate() {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = rest.get(offset + line.len() + 1..).unwrap_or("");
            return Ok(Some((front, body, i + 3)));
        }
        offset += line.len() + 1;
    }
    Err(1)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    title: Option<String>,
    date: Option<toml::Value>,
    source: Option<String>,
    source_url: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
}

/// The file line of each key of the front matter `src` (which starts on
/// file line 2): the bare key before `=` at the start of a line, the first
/// part of a dotted one, its first line when it is repeated.
fn key_lines(src: &str) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    for (i, l) in src.lines().enumerate() {
        let Some((key, _)) = l.split_once('=') else {
            continue;
        };
        let key = key.split('.').next().unwrap_or(key).trim();
        let bare = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if bare {
            lines.entry(key.to_string()).or_insert(i + 2);
        }
    }
    lines
}

/// Validates the TOML between the `+++` lines. Line numbers are file lines
/// (the block starts on line 2; `lines` are its keys' lines).
fn parse_front_matter(
    src: &str,
    lines: &BTreeMap<String, usize>,
    path: &Path,
) -> Result<FrontMatter, Diagnostic> {
    let shift = |mut d: Diagnostic| {
        d.line += 1;
        d
    };
    let raw: RawFront = toml::from_str(src).map_err(|e| {
        shift(crate::config::toml_diag(&e, src, path))
            .with_hint("front matter is TOML: key = \"value\"; allowed keys: title, date, source, source_url, tags, draft, slug")
    })?;
    let date = match raw.date {
        None => None,
        Some(v) => Some(front_date(&v).ok_or_else(|| {
            let line = lines.get("date").copied().unwrap_or(2);
            // A bare time or an offset date-time printed TOML's internal
            // name (`$__toml_private_datetime`) before (issue #15).
            let what = match &v {
                toml::Value::Datetime(dt) if dt.date.is_none() => {
                    format!("date is a time of day ({dt}), not a date")
                }
                toml::Value::String(s) => format!("date is not a date: {s:?}"),
                toml::Value::Datetime(dt) => format!("date is not a date: {dt}"),
                other => format!("date is not a date but a {}", other.type_str()),
            };
            Diagnostic::error(path, line, 1, what).with_hint(
                "write date = 2025-07-07, or \"2024-07\" for a month, or \"2024\" for a year",
            )
        })?),
    };
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let source_url = nonempty(raw.source_url);
    Ok(FrontMatter {
        title: nonempty(raw.title),
        date,
        source: nonempty(raw.source),
        source_url,
        tags: raw.tags,
        draft: raw.draft,
        slug: nonempty(raw.slug),
    })
}

/// A `source_url` is rendered as a link, so only a web address is kept:
/// "javascript:…" or "data:…" was dropped without a word (issue #15); now
/// it is dropped with a warning at its line.
fn check_source_url(front: &mut FrontMatter, src: &str, path: &Path, diags: &mut Vec<Diagnostic>) {
    let Some(u) = &front.source_url else { return };
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return;
    }
    let line = src
        .lines()
        .position(|l| l.trim_start().starts_with("source_url"))
        .map_or(1, |i| i + 2);
    diags.push(
        Diagnostic::warning(
            path,
            line,
            1,
            format!("source_url is not a web address and is left out: {u:?}"),
        )
        .with_hint("write the page's address starting with https:// or http://")
        .with_code("source-url"),
    );
    front.source_url = None;
}

fn front_date(v: &toml::Value) -> Option<PartialDate> {
    match v {
        toml::Value::Datetime(dt) => {
            let d = dt.date?;
            chrono::NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                .map(PartialDate::Day)
        }
        toml::Value::String(s) => PartialDate::parse(s),
        toml::Value::Integer(y) if (1000..=9999).contains(y) => Some(PartialDate::Year(*y as i32)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::load_bytes;
    use crate::model::{Diagnostic, SourceDoc};
    use std::path::Path;

    fn load(name: &str, bytes: &[u8]) -> (Option<SourceDoc>, Vec<Diagnostic>) {
        load_bytes(Path::new(name), bytes)
    }

    #[test]
    fn front_matter_is_split_and_body_line_kept() {
        let (doc, d) = load(
            "content/a.md",
            "+++\ntitle = \"Т\"\ndate = 2025-07-07\n+++\nТекст\n".as_bytes(),
        );
        assert!(d.is_empty(), "{d:?}");
        let doc = doc.unwrap();
        assert_eq!(doc.front.title.as_deref(), Some("Т"));
        assert_eq!(doc.front.date.unwrap().to_string(), "2025-07-07");
        assert_eq!(doc.body, "Текст\n");
        assert_eq!(doc.body_line, 5);
    }

    #[test]
    fn front_matter_key_lines_are_recorded() {
        let (doc, _) = load(
            "content/a.md",
            "+++\ntitle = \"Т\"\ntags = [\n  \"a = b\",\n]\n  date=\"2024-07\"\n+++\nТекст\n"
                .as_bytes(),
        );
        let doc = doc.unwrap();
        assert_eq!(doc.front_line("title"), 2);
        assert_eq!(doc.front_line("tags"), 3);
        assert_eq!(doc.front_line("date"), 6);
        assert_eq!(doc.front_line("source"), 1);
        let (doc, _) = load("content/b.txt", "Текст без заголовка\n".as_bytes());
        assert_eq!(doc.unwrap().front_line("date"), 1);
    }

    #[test]
    fn month_dates_and_years() {
        let (doc, _) = load("a.txt", "+++\ndate = \"2024-07\"\n+++\nТ\n".as_bytes());
        assert_eq!(doc.unwrap().front.date.unwrap().to_string(), "2024-07");
        let (doc, _) = load("a.txt", "+++\ndate = 2024\n+++\nТ\n".as_bytes());
        assert_eq!(doc.unwrap().front.date.unwrap().to_string(), "2024");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let (doc, d) = load(
            "a.txt",
            "+++\ntitle = \"Т\"\nautor = \"Я\"\n+++\nТ\n".as_bytes(),
        );
        assert!(doc.is_none());
        assert_eq!(d[0].line, 3);
        assert!(d[0].message.contains("autor"), "{}", d[0].message);
    }

    #[test]
    fn broken_toml_names_line() {
        let (_, d) = load(
            "a.txt",
            "+++\ntitle = \"Т\"\ndate = = 1\n+++\nТ\n".as_bytes(),
        );
        assert_eq!(d[0].line, 3, "{d:?}");
    }

    #[test]
    fn bad_date_names_line() {
        let (_, d) = load(
            "a.txt",
            "+++\ntitle = \"Т\"\ndate = \"вчера\"\n+++\nТ\n".as_bytes(),
        );
        assert_eq!(d[0].line, 3);
        assert!(d[0].message.contains("date"));
    }

    #[test]
    fn unclosed_front_matter() {
        let (_, d) = load("a.txt", "+++\ntitle = \"Т\"\nТекст\n".as_bytes());
        assert!(d[0].message.contains("never closed"));
    }
}
