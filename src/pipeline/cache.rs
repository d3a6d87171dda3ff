//! The article cache: each article's cleaned and extracted form, kept
//! between builds in `.promdigest-cache/` beside `site.toml`.
//!
//! Clean + extract are most of a build's time and depend on nothing but the
//! file's bytes, its path, the `[extract]` table of `site.toml`, the
//! OpenCorpora dictionary the extractor reads, and the code. So a build
//! keeps the [`AnnotatedDoc`] of every article it made, and the next build
//! takes it back for each file whose path and bytes (an XXH3-128 hash) are
//! the same, cleaning and extracting only the rest.
//!
//! # What makes an entry stale
//! * The file: its bytes hash differently, or it moved (the path is in the
//!   document and in its messages, so a moved file is a new entry).
//! * Everything else is in one [`CacheKey`] that the whole file is written
//!   under: the cache format, the tool's version, a hash of the running
//!   binary (any rebuilt binary is a new key, so a code change can never
//!   reuse an old extraction), the `[extract]` table, and the dictionary
//!   files (names, sizes, times). A different key discards every entry.
//!   Templates, assets and the rest of `site.toml` are not in the key:
//!   they change rendering, which is never cached.
//!
//! # What it guarantees
//! * A build with the cache produces what a clean build would: an entry
//!   holds exactly what `annotate` returned (the cleaner's dropped lines are
//!   not kept: a build forgets them anyway) and the warnings loading gave.
//!   Files whose loading or cleaning failed are never cached.
//! * A cache that cannot be read, is cut short or fails its checksum is
//!   ignored with a warning; the build goes on as a clean build and writes
//!   a new one. Writing is atomic (temporary file, then rename).
//! * Entries of files that are gone are dropped: the file written holds the
//!   articles of the last build only.
//!
//! The file is a header (magic, key, count), then each entry as a length
//! and a `postcard` record, then an XXH3-128 of everything after the header.

use crate::model::{
    entity, AnnotatedDoc, Body, CleanDoc, Diagnostic, Entities, Level, Money, OrgKind,
    Organization, PartialDate, Person, Place, Qualifier, Region, Salience, Severity, TextSpan,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// The folder, beside `site.toml`, that holds the cache (ignored by git).
pub const DIR: &str = ".promdigest-cache";

/// The file in [`DIR`] that holds the articles.
const FILE: &str = "articles.bin";

const MAGIC: &[u8; 8] = b"PDCACHE\x01";

/// Bumped whenever a cached type changes shape.
const FORMAT: u32 = 1;

/// What every entry of one cache file was made with (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheKey([u8; 16]);

impl CacheKey {
    /// The key for a build by the tool whose binary hashes to `tool`
    /// ([`tool_fingerprint`]) with the `[extract]` table `extract`.
    pub fn new(tool: u128, extract: Option<&toml::Value>) -> CacheKey {
        let mut h = Xxh3::new();
        h.update(&FORMAT.to_le_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&tool.to_le_bytes());
        // toml's tables are sorted maps, so equal tables print the same.
        let extract = extract.map(|v| v.to_string()).unwrap_or_default();
        h.update(&(extract.len() as u64).to_le_bytes());
        h.update(extract.as_bytes());
        h.update(&dictionary_fingerprint().to_le_bytes());
        CacheKey(h.digest128().to_le_bytes())
    }
}

/// A hash of the running binary: a rebuilt tool is a new key. `None` when
/// the binary cannot be read (the build then goes without a cache).
pub fn tool_fingerprint() -> Option<u128> {
    let exe = std::env::current_exe().ok()?;
    std::fs::read(exe).ok().map(|b| xxh3_128(&b))
}

/// The dictionary's files as names, sizes and modification times: the
/// extractor reads them at run time from where cargo unpacked them.
pub(crate) fn dictionary_fingerprint() -> u128 {
    let mut files: Vec<_> = std::fs::read_dir(rsmorphy_dict_ru::DICT_PATH)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let m = e.metadata().ok()?;
                    let t = m
                        .modified()
                        .ok()?
                        .duration_since(std::time::UNIX_EPOCH)
                        .ok()?;
                    Some((e.file_name(), m.len(), t.as_nanos()))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut h = Xxh3::new();
    for (name, len, t) in files {
        h.update(name.as_encoded_bytes());
        h.update(&len.to_le_bytes());
        h.update(&t.to_le_bytes());
    }
    h.digest128()
}

/// What loading, cleaning and extracting one file gave, as the cache keeps it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Hash of the file's bytes.
    pub hash: u128,
    /// Whether the front matter says `draft = true`.
    pub draft: bool,
    /// The warnings loading gave (never an error: such files are not cached).
    pub diagnostics: Vec<Diagnostic>,
    /// `None` for a draft that was left out, so it was not annotated.
    pub doc: Option<AnnotatedDoc>,
}

/// How many articles a build took from the cache and how many it made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: usize,
    pub misses: usize,
}

/// The entries of the last build, and those of this one as it goes.
pub struct ArticleCache {
    dir: PathBuf,
    key: CacheKey,
    old: HashMap<String, Entry>,
    new: Mutex<Vec<(String, Entry)>>,
    stats: Mutex<CacheStats>,
}

impl ArticleCache {
    /// Opens the cache in `dir` for builds under `key`. A missing file or
    /// one of another key gives an empty cache; a file that cannot be read
    /// gives an empty cache and the warning to show.
    pub fn open(dir: &Path, key: CacheKey) -> (ArticleCache, Option<Diagnostic>) {
        let path = dir.join(FILE);
        let (old, warning) = match std::fs::File::open(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => (HashMap::new(), None),
            Err(e) => (HashMap::new(), Some(e)),
            Ok(f) => match f
                .metadata()
                .and_then(|m| read(BufReader::with_capacity(1 << 16, f), m.len(), key))
            {
                Ok(old) => (old, None),
                Err(e) => (HashMap::new(), Some(e)),
            },
        };
        let warning = warning.map(|e| {
            Diagnostic::warning(
                &path,
                1,
                1,
                format!("build cache not read ({e}); every article is cleaned and extracted again"),
            )
            .with_hint("the build writes a new cache; deleting the folder is also safe")
        });
        let cache = ArticleCache {
            dir: dir.to_path_buf(),
            key,
            old,
            new: Mutex::new(Vec::new()),
            stats: Mutex::new(CacheStats::default()),
        };
        (cache, warning)
    }

    /// The entry kept for the file shown as `path` with bytes hashing to
    /// `hash`, if it serves a build with or without drafts (`drafts`): a
    /// draft left out last time was not annotated. Counts a hit or a miss.
    pub fn get(&self, path: &str, hash: u128, drafts: bool) -> Option<Entry> {
        let found = self
            .old
            .get(path)
            .filter(|e| e.hash == hash && (e.doc.is_some() || (e.draft && !drafts)))
            .cloned();
        let mut s = self.stats.lock().expect("not poisoned");
        match found {
            Some(_) => s.hits += 1,
            None => s.misses += 1,
        }
        found
    }

    /// What the last build linked for the file shown as `path` with bytes
    /// hashing to `hash`: `Some(None)` for a draft it left out, `None` when
    /// the cache does not hold that version of the file (or, with `drafts`,
    /// holds a draft that was not annotated). Not counted as a hit or miss.
    /// The document is the very one [`ArticleCache::get`] hands out (the
    /// same `Arc`s), so the link stage can tell it did not change.
    pub fn previous(&self, path: &str, hash: u128, drafts: bool) -> Option<Option<AnnotatedDoc>> {
        let e = self.old.get(path).filter(|e| e.hash == hash)?;
        match (&e.doc, e.draft && !drafts) {
            (_, true) => Some(None),
            (Some(d), false) => Some(Some(d.clone())),
            (None, false) => None,
        }
    }

    /// Keeps `entry` for the next build (a hit must be kept again too).
    pub fn keep(&self, path: String, entry: Entry) {
        self.new.lock().expect("not poisoned").push((path, entry));
    }

    pub fn stats(&self) -> CacheStats {
        *self.stats.lock().expect("not poisoned")
    }

    /// Writes the entries kept by this build, unless they are the ones that
    /// were read (nothing changed, nothing removed). Errors are returned
    /// for the caller to show as a warning: a cache is never worth a build.
    pub fn save(self) -> io::Result<()> {
        let mut new = self.new.into_inner().expect("not poisoned");
        let stats = self.stats.into_inner().expect("not poisoned");
        if stats.misses == 0 && new.len() == self.old.len() {
            return Ok(());
        }
        new.sort_by(|a, b| a.0.cmp(&b.0));
        std::fs::create_dir_all(&self.dir)?;
        let path = self.dir.join(FILE);
        // Unique per process and call: tests build one site from several threads.
        static SAVES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self
            .dir
            .join(format!("{FILE}.tmp-{}-{n}", std::process::id()));
        let written = std::fs::File::create(&tmp)
            .and_then(|f| write(BufWriter::with_capacity(1 << 16, f), self.key, &new));
        match written.and_then(|_| std::fs::rename(&tmp, &path)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}

/// Writes `entries` under `key` (see the module docs for the layout).
fn write(mut w: impl Write, key: CacheKey, entries: &[(String, Entry)]) -> io::Result<()> {
    w.write_all(MAGIC)?;
    w.write_all(&key.0)?;
    w.write_all(&(entries.len() as u64).to_le_bytes())?;
    let mut sum = Xxh3::new();
    let mut buf = Vec::new();
    for (path, e) in entries {
        buf.clear();
        let rec = Record::of(path, e);
        buf = postcard::to_extend(&rec, std::mem::take(&mut buf)).map_err(io::Error::other)?;
        let len = (buf.len() as u32).to_le_bytes();
        sum.update(&len);
        sum.update(&buf);
        w.write_all(&len)?;
        w.write_all(&buf)?;
    }
    w.write_all(&sum.digest128().to_le_bytes())?;
    w.flush()
}

/// Reads a cache file of `size` bytes; a file of another key is empty,
/// not an error.
fn read(mut r: impl Read, size: u64, key: CacheKey) -> io::Result<HashMap<String, Entry>> {
    let bad = |m: &str| io::Error::new(io::ErrorKind::InvalidData, m.to_string());
    let mut head = [0u8; 32];
    r.read_exact(&mut head)?;
    if &head[..8] != MAGIC {
        return Err(bad("not a promdigest cache"));
    }
    if head[8..24] != key.0 {
        return Ok(HashMap::new());
    }
    let count = u64::from_le_bytes(head[24..32].try_into().expect("8 bytes"));
    let mut sum = Xxh3::new();
    let mut out = HashMap::with_capacity(count.min(1 << 20) as usize);
    let mut aliases = Aliases::default();
    let mut buf = Vec::new();
    // What is left after the header and before the checksum: no record can
    // be longer (a damaged length must not allocate gigabytes).
    let mut left = size.saturating_sub(32 + 16);
    for _ in 0..count {
        let mut len = [0u8; 4];
        r.read_exact(&mut len)?;
        let n = u64::from(u32::from_le_bytes(len));
        if n + 4 > left {
            return Err(bad("cut short"));
        }
        left -= n + 4;
        buf.resize(n as usize, 0);
        r.read_exact(&mut buf)?;
        sum.update(&len);
        sum.update(&buf);
        let rec: Record = postcard::from_bytes(&buf).map_err(|e| bad(&e.to_string()))?;
        let (path, entry) = rec.into_entry(&mut aliases);
        out.insert(path, entry);
    }
    let mut tail = [0u8; 16];
    r.read_exact(&mut tail)?;
    if tail != sum.digest128().to_le_bytes() {
        return Err(bad("checksum mismatch"));
    }
    Ok(out)
}

/// One alias list per distinct list, as the gazetteer shares them: every
/// article naming a ministry would otherwise hold its own copy.
#[derive(Default)]
struct Aliases(HashMap<Vec<String>, Arc<[String]>>);

impl Aliases {
    fn get(&mut self, list: Vec<String>) -> Arc<[String]> {
        if let Some(a) = self.0.get(&list) {
            return Arc::clone(a);
        }
        let a: Arc<[String]> = list.clone().into();
        self.0.insert(list, Arc::clone(&a));
        a
    }
}

/// The stable names of diagnostics are `&'static str`; a cached one gets
/// its name back from this table (one small leak per distinct name).
fn intern_code(code: String) -> &'static str {
    static CODES: Mutex<Option<HashMap<String, &'static str>>> = Mutex::new(None);
    let mut codes = CODES.lock().expect("not poisoned");
    let map = codes.get_or_insert_with(HashMap::new);
    if let Some(c) = map.get(&code) {
        return c;
    }
    let leaked: &'static str = Box::leak(code.clone().into_boxed_str());
    map.insert(code, leaked);
    leaked
}

// The records below mirror the model types field for field. They are the
// cache's own, not derives on the model: the model's JSON shape (flattened
// salience, skipped empty lists) is for readers of `extract` and cannot be
// read back by a compact binary format.

#[derive(Serialize, Deserialize)]
struct Record {
    path: String,
    hash: u128,
    draft: bool,
    diagnostics: Vec<DiagRec>,
    doc: Option<(DocRec, EntitiesRec)>,
}

/// A [`Diagnostic`] as the cache files keep it (the build manifest too).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DiagRec {
    file: PathBuf,
    line: usize,
    col: usize,
    error: bool,
    message: String,
    hint: Option<String>,
    code: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct DocRec {
    path: PathBuf,
    stem: String,
    title: String,
    title_inferred: bool,
    date: Option<DateRec>,
    source: Option<String>,
    source_url: Option<String>,
    tags: Vec<String>,
    slug: Option<String>,
    /// `Ok(markdown)` or `Err(quote paragraphs)` for [`Body::Plain`].
    body: Result<String, Vec<u32>>,
    plain: Vec<String>,
}

#[derive(Serialize, Deserialize)]
enum DateRec {
    Day(i32, u32, u32),
    Month(i32, u32),
    Year(i32),
}

impl DateRec {
    fn of(d: PartialDate) -> DateRec {
        use chrono::Datelike;
        match d {
            PartialDate::Day(d) => DateRec::Day(d.year(), d.month(), d.day()),
            PartialDate::Month { year, month } => DateRec::Month(year, month),
            PartialDate::Year(y) => DateRec::Year(y),
        }
    }

    /// `None` only for a day that does not exist, which no build wrote.
    fn into_date(self) -> Option<PartialDate> {
        Some(match self {
            DateRec::Day(y, m, d) => PartialDate::Day(chrono::NaiveDate::from_ymd_opt(y, m, d)?),
            DateRec::Month(year, month) => PartialDate::Month { year, month },
            DateRec::Year(y) => PartialDate::Year(y),
        })
    }
}

#[derive(Serialize, Deserialize)]
struct EntitiesRec {
    regions: Vec<(String, String, Salience)>,
    bodies: Vec<BodyRec>,
    people: Vec<(String, Option<String>, Salience)>,
    organizations: Vec<(String, Option<String>, OrgKind, Salience)>,
    places: Vec<(String, Option<String>, Salience)>,
    money: Vec<(String, u64, Option<Qualifier>, TextSpan)>,
}

#[derive(Serialize, Deserialize)]
struct BodyRec {
    name: String,
    full_name: Option<String>,
    level: Level,
    region: Option<String>,
    aliases: Vec<String>,
    salience: Salience,
}

impl Record {
    fn of(path: &str, e: &Entry) -> Record {
        Record {
            path: path.to_string(),
            hash: e.hash,
            draft: e.draft,
            diagnostics: e.diagnostics.iter().map(DiagRec::of).collect(),
            doc: e
                .doc
                .as_ref()
                .map(|a| (DocRec::of(&a.doc), EntitiesRec::of(&a.entities))),
        }
    }

    fn into_entry(self, aliases: &mut Aliases) -> (String, Entry) {
        let entry = Entry {
            hash: self.hash,
            draft: self.draft,
            diagnostics: self
                .diagnostics
                .into_iter()
                .map(DiagRec::into_diag)
                .collect(),
            doc: self.doc.map(|(d, e)| AnnotatedDoc {
                doc: Arc::new(d.into_doc()),
                entities: Arc::new(e.into_entities(aliases)),
            }),
        };
        (self.path, entry)
    }
}

/// A [`DiagRec`] borrowed from its [`Diagnostic`], serialised the same:
/// what the build manifest writes, without copying every message.
#[derive(Serialize)]
pub(crate) struct DiagRef<'a> {
    file: &'a Path,
    line: usize,
    col: usize,
    error: bool,
    message: &'a str,
    hint: Option<&'a str>,
    code: Option<&'a str>,
}

impl<'a> DiagRef<'a> {
    pub(crate) fn of(d: &'a Diagnostic) -> DiagRef<'a> {
        DiagRef {
            file: &d.file,
            line: d.line,
            col: d.col,
            error: d.is_error(),
            message: &d.message,
            hint: d.hint.as_deref(),
            code: d.code,
        }
    }
}

impl DiagRec {
    pub(crate) fn of(d: &Diagnostic) -> DiagRec {
        DiagRec {
            file: d.file.clone(),
            line: d.line,
            col: d.col,
            error: d.is_error(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            code: d.code.map(str::to_string),
        }
    }

    pub(crate) fn into_diag(self) -> Diagnostic {
        Diagnostic {
            file: self.file,
            line: self.line,
            col: self.col,
            severity: if self.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: self.message,
            hint: self.hint,
            code: self.code.map(intern_code),
        }
    }
}

impl DocRec {
    fn of(d: &CleanDoc) -> DocRec {
        DocRec {
            path: d.path.clone(),
            stem: d.stem.clone(),
            title: d.title.clone(),
            title_inferred: d.title_inferred,
            date: d.date.map(DateRec::of),
            source: d.source.clone(),
            source_url: d.source_url.clone(),
            tags: d.tags.clone(),
            slug: d.slug.clone(),
            body: match &d.body {
                Body::Markdown(md) => Ok(md.clone()),
                Body::Plain { quotes } => Err(quotes.clone()),
            },
            plain: d.plain.clone(),
        }
    }

    fn into_doc(self) -> CleanDoc {
        CleanDoc {
            path: self.path,
            stem: self.stem,
            title: self.title,
            title_inferred: self.title_inferred,
            date: self.date.and_then(DateRec::into_date),
            source: self.source,
            source_url: self.source_url,
            tags: self.tags,
            slug: self.slug,
            body: match self.body {
                Ok(md) => Body::Markdown(md),
                Err(quotes) => Body::Plain { quotes },
            },
            plain: self.plain,
        }
    }
}

impl EntitiesRec {
    fn of(e: &Entities) -> EntitiesRec {
        EntitiesRec {
            regions: e
                .regions
                .iter()
                .map(|r| (r.name.clone(), r.district.clone(), r.salience))
                .collect(),
            bodies: e
                .bodies
                .iter()
                .map(|b| BodyRec {
                    name: b.name.clone(),
                    full_name: b.full_name.clone(),
                    level: b.level,
                    region: b.region.clone(),
                    aliases: b.aliases.to_vec(),
                    salience: b.salience,
                })
                .collect(),
            people: e
                .people
                .iter()
                .map(|p| (p.name.clone(), p.role.clone(), p.salience))
                .collect(),
            organizations: e
                .organizations
                .iter()
                .map(|o| (o.name.clone(), o.short.clone(), o.kind, o.salience))
                .collect(),
            places: e
                .places
                .iter()
                .map(|p| (p.name.clone(), p.region.clone(), p.salience))
                .collect(),
            money: e
                .money
                .iter()
                .map(|m| (m.text.clone(), m.rub, m.qualifier, m.sentence))
                .collect(),
        }
    }

    fn into_entities(self, aliases: &mut Aliases) -> Entities {
        Entities {
            regions: self
                .regions
                .into_iter()
                .map(|(name, district, s)| Region {
                    name,
                    district,
                    salience: s,
                })
                .collect(),
            bodies: self
                .bodies
                .into_iter()
                .map(|b| entity::Body {
                    name: b.name,
                    full_name: b.full_name,
                    level: b.level,
                    region: b.region,
                    aliases: aliases.get(b.aliases),
                    salience: b.salience,
                })
                .collect(),
            people: self
                .people
                .into_iter()
                .map(|(name, role, s)| Person {
                    name,
                    role,
                    salience: s,
                })
                .collect(),
            organizations: self
                .organizations
                .into_iter()
                .map(|(name, short, kind, s)| Organization {
                    name,
                    short,
                    kind,
                    salience: s,
                })
                .collect(),
            places: self
                .places
                .into_iter()
                .map(|(name, region, s)| Place {
                    name,
                    region,
                    salience: s,
                })
                .collect(),
            money: self
                .money
                .into_iter()
                .map(|(text, rub, qualifier, sentence)| Money {
                    text,
                    rub,
                    qualifier,
                    sentence,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry with every field and variant that the records carry.
    fn entry() -> (String, Entry) {
        let s = |t: &str| t.to_string();
        let sal = |mentions, first| Salience { mentions, first };
        let doc = CleanDoc {
            path: PathBuf::from("content/a.txt"),
            stem: s("a"),
            title: s("Заголовок"),
            title_inferred: true,
            date: PartialDate::parse("2024-07"),
            source: Some(s("ТАСС")),
            source_url: None,
            tags: vec![s("металлургия")],
            slug: Some(s("a-b")),
            body: Body::Plain { quotes: vec![1, 3] },
            plain: vec![s("Первый."), s("Второй.")],
        };
        let entities = Entities {
            regions: vec![Region {
                name: s("Пермский край"),
                district: s("Приволжский федеральный округ"),
                salience: sal(2, 0),
            }],
            bodies: vec![entity::Body {
                name: s("Минпромторг России"),
                full_name: Some(s("Министерство промышленности и торговли")),
                level: Level::Municipal,
                region: None,
                aliases: vec![s("Минпромторг")].into(),
                salience: sal(1, 7),
            }],
            people: vec![Person {
                name: s("Антон Алиханов"),
                role: Some(s("министр")),
                salience: sal(1, 9),
            }],
            organizations: vec![Organization {
                name: s("ПАО «Пермский завод»"),
                short: Some(s("ПЗ")),
                kind: OrgKind::Association,
                salience: sal(3, 1),
            }],
            places: vec![Place {
                name: s("Пермь"),
                region: Some(s("Пермский край")),
                salience: sal(1, 2),
            }],
            money: vec![Money {
                text: s("102 млн рублей"),
                rub: 102_000_000,
                qualifier: Some(Qualifier::UpTo),
                sentence: TextSpan {
                    block: 1,
                    start: 0,
                    end: 12,
                },
            }],
        };
        let warning = Diagnostic::warning("content/a.txt", 1, 1, "file is not UTF-8")
            .with_hint("save it as UTF-8")
            .with_code("encoding");
        let e = Entry {
            hash: u128::MAX - 5,
            draft: true,
            diagnostics: vec![warning],
            doc: Some(AnnotatedDoc {
                doc: Arc::new(doc),
                entities: Arc::new(entities),
            }),
        };
        (s("content/a.txt"), e)
    }

    fn round_trip(
        entries: &[(String, Entry)],
        key: CacheKey,
        read_as: CacheKey,
    ) -> io::Result<HashMap<String, Entry>> {
        let mut bytes = Vec::new();
        write(&mut bytes, key, entries)?;
        read(&bytes[..], bytes.len() as u64, read_as)
    }

    #[test]
    fn an_entry_reads_back_as_it_was_written() {
        let key = CacheKey::new(1, None);
        let (path, e) = entry();
        let back = round_trip(&[(path.clone(), e.clone())], key, key).unwrap();
        assert_eq!(format!("{:?}", back[&path]), format!("{e:?}"));
    }

    #[test]
    fn another_binary_or_extract_table_is_another_key() {
        let table: toml::Value =
            toml::from_str("cities = { \"Пермь\" = \"Пермский край\" }").unwrap();
        let keys = [
            CacheKey::new(1, None),
            CacheKey::new(2, None),
            CacheKey::new(1, Some(&table)),
        ];
        assert_ne!(keys[0], keys[1]);
        assert_ne!(keys[0], keys[2]);
        assert_eq!(keys[0], CacheKey::new(1, None));
        let back = round_trip(&[entry()], keys[0], keys[1]).unwrap();
        assert!(back.is_empty(), "a cache of another key has no entries");
    }

    #[test]
    fn damage_is_an_error_never_a_panic() {
        let key = CacheKey::new(1, None);
        let mut bytes = Vec::new();
        write(&mut bytes, key, &[entry(), (String::from("b"), entry().1)]).unwrap();
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x55;
            let r = read(&bad[..], bad.len() as u64, key);
            // Only a flipped key reads as another site's cache (empty).
            assert!(
                r.as_ref().is_err() || (8..24).contains(&i) && r.unwrap().is_empty(),
                "byte {i}"
            );
            assert!(read(&bytes[..i], i as u64, key).is_err(), "cut at {i}");
        }
    }
}
