//! Slugs: an article's from its title (or file name), an entity's from its
//! name, ASCII and never empty; collisions get `-2`, `-3` in path order.

use super::*;

/// Slugs by (text, fallback), with whether the text itself gave none.
#[derive(Default)]
pub(super) struct SlugMemo(HashMap<(String, String), (String, bool)>);

impl SlugMemo {
    /// Transliterates, on all cores, the texts of `keys` not seen yet:
    /// a clean build of 100,000 articles otherwise slugs them one by one
    /// while the other core waits.
    pub(super) fn fill<'k>(&mut self, keys: impl Iterator<Item = (&'k str, &'k str)>) {
        use rayon::prelude::*;
        let mut missing: Vec<(&str, &str)> = keys
            .filter(|(t, f)| !self.0.contains_key(&(t.to_string(), f.to_string())))
            .collect();
        // A title shared by many articles is transliterated once.
        missing.sort_unstable();
        missing.dedup();
        let made: Vec<(String, bool)> = missing
            .par_iter()
            .map(|(t, f)| slug_and_flag(t, f))
            .collect();
        for ((t, f), v) in missing.into_iter().zip(made) {
            self.0.insert((t.to_string(), f.to_string()), v);
        }
    }

    pub(super) fn get(&mut self, text: &str, fallback: &str) -> &(String, bool) {
        // Two lookups rather than the entry API: a hit (the common case)
        // then needs no owned key.
        let key = (text.to_string(), fallback.to_string());
        if !self.0.contains_key(&key) {
            let v = slug_and_flag(text, fallback);
            self.0.insert(key.clone(), v);
        }
        &self.0[&key]
    }
}

/// A URL slug: transliterated, lower-case ASCII, at most 60 characters cut at
/// a hyphen, never empty (falls back to `fallback`).
pub fn make_slug(text: &str, fallback: &str) -> String {
    slug_and_flag(text, fallback).0
}

/// [`make_slug`], and whether `text` itself gave no slug (the fallback was
/// used), from one transliteration.
pub(super) fn slug_and_flag(text: &str, fallback: &str) -> (String, bool) {
    let full = slug::slugify(strip_signs(text));
    let s = truncate_slug(&full, 60);
    if !s.is_empty() {
        return (s, full.is_empty());
    }
    let f = truncate_slug(&slug::slugify(fallback), 60);
    if f.is_empty() {
        ("article".to_string(), full.is_empty())
    } else {
        (f, full.is_empty())
    }
}

/// The `slug` crate spells "ь" and "ъ" as a hyphen ("priamur-e"); readers
/// expect them dropped, as in common Russian transliteration.
pub(super) fn strip_signs(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, 'ь' | 'ъ' | 'Ь' | 'Ъ'))
        .collect()
}

pub(super) fn truncate_slug(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let cut = s[..max].rfind('-').unwrap_or(max);
    s[..cut].trim_matches('-').to_string()
}

/// What an article's slug is made from: its explicit slug or its title,
/// and its file name when neither gives one.
fn slug_source(a: &AnnotatedDoc) -> (&str, &str) {
    let d = &a.doc;
    (d.slug.as_deref().unwrap_or(&d.title), d.stem.as_str())
}

/// Article slugs, in `docs` order. An explicit `slug = "…"` is reserved
/// before any title gets one, so `slug = "x-2"` keeps its URL although an
/// earlier article's title collision would have given it `-2` (issue #15);
/// the later of two equal explicit slugs, and titles, get `-2`, `-3`.
pub(super) fn assign_slugs(
    docs: &[AnnotatedDoc],
    memo: &mut SlugMemo,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    memo.fill(docs.iter().map(slug_source));
    let bases: Vec<(String, bool)> = docs
        .iter()
        .map(|a| {
            let (text, fallback) = slug_source(a);
            memo.get(text, fallback).clone()
        })
        .collect();
    let mut taken: HashMap<String, usize> = HashMap::new();
    for (i, a) in docs.iter().enumerate() {
        if a.doc.slug.is_some() {
            taken.entry(bases[i].0.clone()).or_insert(i);
        }
    }
    // The last suffix given to each base: the next free one is never
    // lower (slugs are only ever taken), so probing starts there rather
    // than at 2 — a title shared by k articles cost k²/2 probes.
    let mut last_suffix: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(docs.len());
    for (i, (a, (base, empty))) in docs.iter().zip(bases).enumerate() {
        let d = &a.doc;
        if empty {
            diags.push(
                Diagnostic::warning(
                    &d.path,
                    1,
                    1,
                    format!(
                        "title {:?} gives an empty URL slug; using {base:?}",
                        d.title
                    ),
                )
                .with_hint("set slug = \"…\" in the front matter")
                .with_code("empty-slug"),
            );
        }
        if taken.get(&base) == Some(&i) {
            out.push(base);
            continue;
        }
        let Some(&other) = taken.get(&base) else {
            taken.insert(base.clone(), i);
            out.push(base);
            continue;
        };
        let n = last_suffix.entry(base.clone()).or_insert(1);
        let slug = loop {
            *n += 1;
            let s = format!("{base}-{n}");
            if !taken.contains_key(&s) {
                break s;
            }
        };
        diags.push(
            Diagnostic::warning(
                &d.path,
                1,
                1,
                format!(
                    "URL slug {base:?} is already used by {}; this article gets {slug:?}",
                    docs[other].doc.path.display()
                ),
            )
            .with_hint("set a different slug = \"…\" in the front matter")
            .with_code("slug-collision"),
        );
        taken.insert(slug.clone(), i);
        out.push(slug);
    }
    out
}

/// Slugs from names, in key order within each kind: the first entity with a
/// slug keeps it, later ones get `-2`, `-3`. Only changed slugs are written.
pub(super) fn assign_entity_slugs(nodes: &mut [EntityNode], memo: &mut SlugMemo) {
    let mut taken: HashMap<(EntityKind, String), u32> = HashMap::new();
    for node in nodes {
        let base = memo.get(&node.name, "entity").0.clone();
        let n = taken.entry((node.key.kind, base.clone())).or_default();
        *n += 1;
        let slug = if *n == 1 { base } else { format!("{base}-{n}") };
        if node.slug != slug || node.path.as_str().is_empty() {
            node.path = SitePath::dir(&format!("{}/{slug}", kind_dir(node.key.kind)));
            node.slug = slug;
        }
    }
}
