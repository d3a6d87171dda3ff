//! `content/` → [`SourceDoc`]s: walk, decode, split front matter.
//!
//! This is the only stage besides `write` that touches the file system.
//! Each file is decoded (UTF-8 with or without BOM; Windows-1251 and KOI8-R,
//! which Russian sources still produce, with a warning), line endings are
//! normalised to `\n`, and the optional TOML front matter between `+++` lines
//! is validated ([`front_matter`]). Every problem becomes a [`Diagnostic`]
//! naming the file and line; a file with an error is left out and the build
//! fails.

pub mod front_matter;

pub use front_matter::split_front_matter;

use crate::model::{Diagnostic, Format, SourceDoc};
use front_matter::Split;
use rayon::prelude::*;
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
    let Some(Split {
        front,
        lines: front_lines,
        body,
        body_line,
    }) = front_matter::read(&text, path, &mut diags)
    else {
        return (None, diags);
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
    // One pass over the first 4,096 characters (it was two, 1 % of a build).
    let (mut total, mut control) = (0, 0);
    for c in s.chars().take(4096) {
        total += 1;
        control += usize::from(c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}'));
    }
    total > 0 && control * 10 > total
}

fn normalise_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, bytes: &[u8]) -> (Option<SourceDoc>, Vec<Diagnostic>) {
        load_bytes(Path::new(name), bytes)
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
