//! `content/` → [`SourceDoc`]s: walk, decode, split front matter.
//!
//! This is the only stage besides `write` that touches the file system.
//! Each file is decoded (UTF-8 with or without BOM; Windows-1251 and KOI8-R,
//! which Russian sources still produce, with a warning), line endings are
//! normalised to `\n`, and the optional TOML front matter between `+++` lines
//! is validated. Every problem becomes a [`Diagnostic`] naming the file and
//! line; a file with an error is left out and the build fails.

use crate::model::{Diagnostic, Format, FrontMatter, PartialDate, SourceDoc};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What loading produced: the documents that loaded and every problem seen.
#[derive(Debug, Default)]
pub struct Loaded {
    pub docs: Vec<SourceDoc>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every article file under `content_dir`, in path order.
/// `root` is stripped from paths shown in messages.
pub fn run(content_dir: &Path, root: &Path) -> Loaded {
    let (files, mut diagnostics) = files(content_dir, root);
    let results: Vec<_> = files.par_iter().map(|f| one(f, root)).collect();
    let mut docs = Vec::new();
    for (doc, diags) in results {
        docs.extend(doc);
        diagnostics.extend(diags);
    }
    Loaded { docs, diagnostics }
}

/// The article files under `content_dir` (`.md`, `.markdown`, `.txt`, in
/// any letter case; hidden names skipped), sorted, with an error for each
/// folder that cannot be read or link that leads outside the site and a
/// warning for each file that is skipped.
pub fn files(content_dir: &Path, root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let inside = Inside::new(root, content_dir);
    let mut seen = std::collections::HashSet::new();
    walk(
        content_dir,
        root,
        &inside,
        &mut seen,
        &mut files,
        &mut diagnostics,
    );
    files.sort();
    (files, diagnostics)
}

/// Reads and parses one article file; paths in messages are shown relative
/// to `root`.
pub fn one(file: &Path, root: &Path) -> (Option<SourceDoc>, Vec<Diagnostic>) {
    let shown = file.strip_prefix(root).unwrap_or(file);
    match read_article(file, root) {
        Ok(bytes) => load_bytes(shown, &bytes),
        Err(d) => (None, vec![d]),
    }
}

/// The folders a site may read from: its root and the folder being walked
/// (content or assets may be configured elsewhere). Made canonical only
/// when a link needs checking: most sites have none.
pub struct Inside([PathBuf; 2]);

impl Inside {
    pub fn new(root: &Path, base: &Path) -> Inside {
        Inside([root.to_path_buf(), base.to_path_buf()])
    }

    fn contains(&self, p: &Path) -> bool {
        self.0
            .iter()
            .filter_map(|a| std::fs::canonicalize(a).ok())
            .any(|a| p.starts_with(a))
    }
}

/// What a name under content/ or assets/ turned out to be.
pub enum Entry {
    File,
    Dir(PathBuf),
    /// Not read, with a warning (FIFOs, sockets, devices).
    Skip(String),
    /// Not read, with an error (links leading outside the site, broken links).
    Refuse(String),
}

/// Classifies `path` without opening it. Only regular files and folders
/// inside the site are read: a symbolic link must lead inside `inside`
/// (issue #15: `assets/passwd.txt` → `/etc/passwd` was published), and a
/// FIFO is never opened (reading one hangs the build until a writer comes;
/// `/dev/zero` never ends).
pub fn classify(path: &Path, inside: &Inside) -> Entry {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Entry::Refuse("cannot be read".into());
    };
    let meta = if meta.file_type().is_symlink() {
        let Ok(target) = std::fs::canonicalize(path) else {
            return Entry::Refuse("is a broken symbolic link; not read".into());
        };
        if !inside.contains(&target) {
            return Entry::Refuse(format!(
                "is a symbolic link to {}, outside the site; not read",
                target.display()
            ));
        }
        match std::fs::metadata(&target) {
            Ok(m) => m,
            Err(e) => return Entry::Refuse(format!("cannot be read: {e}")),
        }
    } else {
        meta
    };
    use std::os::unix::fs::FileTypeExt;
    let ft = meta.file_type();
    if ft.is_dir() {
        Entry::Dir(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    } else if ft.is_file() {
        Entry::File
    } else {
        let what = if ft.is_fifo() {
            "a named pipe (FIFO)"
        } else if ft.is_socket() {
            "a socket"
        } else {
            "a device"
        };
        Entry::Skip(format!("is {what}, not a file; skipped"))
    }
}

/// The bytes of an article file that [`classify`] accepts, read no further
/// than one byte past [`MAX_ARTICLE_BYTES`] (the limit is reported by
/// [`load_bytes`]).
pub fn read_article(file: &Path, root: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let shown = file.strip_prefix(root).unwrap_or(file);
    let base = file.parent().unwrap_or(root);
    let refuse = |m: String| Diagnostic::error(shown, 1, 1, m);
    match classify(file, &Inside::new(root, base)) {
        Entry::File => {}
        Entry::Dir(_) => return Err(refuse("is a folder, not a file".into())),
        Entry::Skip(m) | Entry::Refuse(m) => return Err(refuse(m)),
    }
    let f = std::fs::File::open(file).map_err(|e| refuse(format!("cannot read: {e}")))?;
    let size = f.metadata().map_or(0, |m| m.len());
    // Sized from the metadata (plus one byte to see the end): `take` hides
    // the size from `read_to_end`, which then grew the buffer from 32 bytes,
    // ~9 reads an article where 2 do (issue #17: a build with nothing to
    // do reads every article).
    let mut bytes = Vec::with_capacity((size as usize).min(MAX_ARTICLE_BYTES) + 1);
    f.take(MAX_ARTICLE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(format!("cannot read: {e}")))?;
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(too_big(shown, size.max(bytes.len() as u64)));
    }
    Ok(bytes)
}

fn walk(
    dir: &Path,
    root: &Path,
    inside: &Inside,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    // A link to a folder above it would loop forever.
    if !seen.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::error(
                shown(dir),
                1,
                1,
                format!("cannot read content folder: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            // Editors' and systems' own files are hidden on purpose; an
            // article name starting with a dot is almost surely a mistake.
            if format_of(&path).is_some() && !name.starts_with(".#") {
                diags.push(
                    Diagnostic::warning(
                        shown(&path),
                        1,
                        1,
                        "hidden file (name starts with a dot); skipped",
                    )
                    .with_hint("remove the leading dot to publish it"),
                );
            }
            continue;
        }
        // The folder listing already tells plain files and folders apart;
        // only links and special files need a closer look.
        let kind = match entry.file_type() {
            Ok(t) if t.is_file() => Entry::File,
            Ok(t) if t.is_dir() => Entry::Dir(path.clone()),
            _ => classify(&path, inside),
        };
        match kind {
            Entry::Dir(_) => walk(&path, root, inside, seen, out, diags),
            Entry::File if format_of(&path).is_some() => out.push(path),
            Entry::File => {
                if !name.ends_with('~') && !IGNORED.iter().any(|i| name.eq_ignore_ascii_case(i)) {
                    diags.push(
                        Diagnostic::warning(shown(&path), 1, 1, "not an article file; skipped")
                            .with_hint("articles are .txt, .md or .markdown files"),
                    );
                }
            }
            Entry::Skip(m) => diags.push(Diagnostic::warning(shown(&path), 1, 1, m)),
            Entry::Refuse(m) => diags.push(
                Diagnostic::error(shown(&path), 1, 1, m)
                    .with_hint("copy the file into the site instead of linking to it"),
            ),
        }
    }
}

/// Files that may sit in `content/` without being articles.
const IGNORED: &[&str] = &["README", "Thumbs.db", "desktop.ini"];

/// The article format by extension, in any letter case (`UPPER.TXT`,
/// `.markdown` were skipped without a word, issue #15).
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "txt" => Some(Format::Text),
        _ => None,
    }
}

/// Whether `rel`, a path inside the content folder, names an article file by
/// the rules of [`files`]: no hidden part, an article extension.
pub fn is_article(rel: &Path) -> bool {
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !hidden && format_of(rel).is_some()
}

/// The article files under `dir` by the rules of [`files`] (no special
/// files, no links leading outside the site — those become errors when
/// read), relative to `dir`, without the diagnostics: `serve` reports them
/// when it reads the files.
pub fn files_relative(dir: &Path) -> Vec<PathBuf> {
    let (files, _) = files(dir, dir.parent().unwrap_or(dir));
    files
        .into_iter()
        .filter_map(|f| f.strip_prefix(dir).ok().map(Path::to_path_buf))
        .collect()
}

/// The largest article file accepted, in bytes. A real article is 2–50 KB
/// and a long report 200 KB; what is larger is a pasted log or a whole site
/// saved into one file (issue #15: a 50 MB paste stalled CI). Such a file is
/// an error rather than a warning: left out silently, the article would be
/// missing from the published site with a green build.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

fn too_big(path: &Path, size: u64) -> Diagnostic {
    let mb = format!("{:.1}", size as f64 / (1024.0 * 1024.0)).replace('.', ",");
    Diagnostic::error(
        path,
        1,
        1,
        format!(
            "file is {mb} MB, over the {} MB limit for one article; it is left out",
            MAX_ARTICLE_BYTES / (1024 * 1024)
        ),
    )
    .with_hint("split it into articles or delete what is not the article (logs, whole pages)")
}

/// Decodes and splits one file. Pure: `path` is only used in messages.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> (Option<SourceDoc>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if bytes.len() > MAX_ARTICLE_BYTES {
        diags.push(too_big(path, bytes.len() as u64));
        return (None, diags);
    }
    let text = match decode(bytes) {
        Ok((text, None)) => text,
        Ok((text, Some(enc))) => {
            diags.push(
                Diagnostic::warning(path, 1, 1, format!("file is not UTF-8; decoded as {enc}"))
                    .with_hint("save the file as UTF-8 to silence this warning")
                    .with_code("encoding"),
            );
            text
        }
        Err(e) => {
            diags.push(e.at(path));
            return (None, diags);
        }
    };
    let text = normalise_newlines(&text);
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error(path, 1, 1, "file is empty")
                .with_hint("paste the article text or delete the file"),
        );
        return (None, diags);
    }
    let format = format_of(path).unwrap_or(Format::Text);
    let (front, front_lines, body, body_line) = match split_front_matter(&text) {
        Ok(Some((front_src, body, body_line))) => {
            let front_lines = key_lines(front_src);
            match parse_front_matter(front_src, &front_lines, path) {
                Ok(mut front) => {
                    check_source_url(&mut front, front_src, path, &mut diags);
                    (front, front_lines, body, body_line)
                }
                Err(d) => {
                    diags.push(d);
                    return (None, diags);
                }
            }
        }
        Ok(None) => {
            if let Some(line) = yaml_front_matter(&text) {
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
            (FrontMatter::default(), BTreeMap::new(), text.as_str(), 1)
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
            return (None, diags);
        }
    };
    if body.trim().is_empty() {
        diags.push(
            Diagnostic::error(
                path,
                body_line,
                1,
                "article has no text after the front matter",
            )
            .with_hint("add the article text below the closing +++"),
        );
        return (None, diags);
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = SourceDoc {
        path: path.to_path_buf(),
        stem,
        format,
        front,
        body: body.to_string(),
        body_line,
        front_lines,
    };
    (Some(doc), diags)
}

/// Why bytes could not be decoded, with the line where it was noticed.
#[derive(Debug)]
pub struct DecodeError {
    line: usize,
    message: String,
    hint: &'static str,
}

impl DecodeError {
    fn at(self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, self.line, 1, self.message).with_hint(self.hint)
    }
}

/// Decodes file bytes. Returns the text and, when it was not UTF-8, the name
/// of the legacy encoding used.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), DecodeError> {
    // UTF-16 with a byte-order mark (Windows Notepad's "Unicode") was
    // called binary for its NUL bytes (issue #15).
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if !had_errors {
                return Ok((text.into_owned(), Some(enc.name())));
            }
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let line_of = |i: usize| bytes[..i].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError {
            line: line_of(i),
            message: "file looks binary (contains NUL bytes), not article text".into(),
            hint: "content/ takes .txt and .md text files only",
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if is_mostly_control(s) {
                return Err(DecodeError {
                    line: 1,
                    message: "file looks binary (control characters), not article text".into(),
                    hint: "content/ takes .txt and .md text files only",
                });
            }
            Ok((s.to_string(), None))
        }
        Err(e) => {
            let line = line_of(e.valid_up_to());
            let best = [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R]
                .into_iter()
                .map(|enc| {
                    let (text, _, _) = enc.decode(bytes);
                    (russian_score(&text), enc.name(), text.into_owned())
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .expect("two candidates");
            if best.0 >= 0.6 && !is_mostly_control(&best.2) {
                Ok((best.2, Some(best.1)))
            } else {
                Err(DecodeError {
                    line,
                    message: "file is not valid UTF-8 and does not look like Windows-1251 or KOI8-R Russian text".into(),
                    hint: "save the file as UTF-8",
                })
            }
        }
    }
}

/// Share of non-ASCII characters that are lower-case Russian letters. Russian
/// prose is mostly lower case, which tells Windows-1251 from KOI8-R (their
/// lower-case ranges are swapped).
fn russian_score(text: &str) -> f64 {
    let (mut non_ascii, mut lower) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if ('а'..='я').contains(&c) || c == 'ё' {
            lower += 1;
        }
    }
    if non_ascii == 0 {
        0.0
    } else {
        lower as f64 / non_ascii as f64
    }
}

fn is_mostly_control(s: &str) -> bool {
    let total = s.chars().take(4096).count();
    let control = s
        .chars()
        .take(4096)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}'))
        .count();
    total > 0 && control * 10 > total
}

fn normalise_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
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
    use super::*;

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

    #[test]
    fn empty_and_binary_files_are_errors() {
        assert!(load("a.txt", b"").1[0].message.contains("empty"));
        assert!(load("a.txt", b" \n\n").1[0].message.contains("empty"));
        assert!(load("a.txt", b"\x89PNG\r\n\x1a\n\0\0\0").1[0]
            .message
            .contains("binary"));
    }

    #[test]
    fn crlf_and_bom() {
        let (doc, d) = load("a.txt", b"\xEF\xBB\xBF\xD0\x90\r\n\xD0\x91\r\n");
        assert!(d.is_empty());
        assert_eq!(doc.unwrap().body, "А\nБ\n");
    }

    #[test]
    fn windows_1251_and_koi8r_decode_with_warning() {
        let text = "Промышленность Кубани растёт\n";
        for enc in [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R] {
            let (bytes, _, _) = enc.encode(text);
            let (doc, d) = load("a.txt", &bytes);
            assert_eq!(doc.unwrap().body, text, "{}", enc.name());
            assert!(d[0].message.contains(enc.name()), "{:?}", d);
        }
    }

    #[test]
    fn invalid_non_russian_bytes_are_an_error() {
        let (doc, d) = load("a.txt", b"ok line\n\x80\x81\x82\x83\x84\x85\x86\x87\n");
        assert!(doc.is_none());
        assert!(d[0].message.contains("UTF-8"));
        assert_eq!(d[0].line, 2);
    }
}
