//! How postings and documents are cut into files: the document chunks
//! with their entity entries, the alias postings, the head of a split list
//! and the separators between term shards. See *What a query downloads* in
//! [`super`].

use super::*;

/// One document chunk entry: `[url, title, date_label, text, [region
/// index…], year]`; for an entity page `[url, name, label, detail,
/// [region index], 0, expansion term]`.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ChunkEntry<'a> {
    Article(&'a str, &'a str, Cow<'a, str>, String, Vec<usize>, i32),
    Entity(&'a str, &'a str, &'a str, &'a str, Vec<usize>, i32, &'a str),
}

/// The rarest text term of a region page's name ("липецк" for Липецкая
/// область): the client adds its articles to an exact hit on the region,
/// for the articles that name it only in an enumeration the extractor did
/// not take apart. Empty for other entities and unknown terms.
pub(super) fn rarest_term<'t>(e: &EntityEntry, terms: &[(&'t str, &TermList, bool)]) -> &'t str {
    if e.region.is_none() {
        return "";
    }
    alias_key(&e.name)
        .split(' ')
        .filter_map(|t| {
            let i = terms.binary_search_by(|p| cmp_utf16(p.0, t)).ok()?;
            Some((terms[i].1.df, terms[i].0))
        })
        .min()
        .map_or("", |(_, t)| t)
}

/// Writes `d/<k>.json.gz`: the articles in id order, then the entity pages.
pub(super) fn write_doc_chunks<D: IndexDoc>(
    order: &[&D],
    entities: &[EntityEntry],
    expand: &[&str],
    regions: &[&str],
    per_chunk: usize,
    emit: &Emit<'_>,
) -> std::io::Result<()> {
    let region_index: HashMap<&str, usize> =
        regions.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let n = order.len() + entities.len();
    let chunks: Vec<usize> = (0..n.div_ceil(per_chunk)).collect();
    chunks.par_iter().try_for_each(|&k| {
        let entries: Vec<ChunkEntry> = (k * per_chunk..n.min((k + 1) * per_chunk))
            .map(|id| match order.get(id) {
                Some(d) => {
                    let mut r: Vec<usize> = d.regions().map(|r| region_index[r]).collect();
                    r.sort_unstable();
                    r.dedup();
                    ChunkEntry::Article(
                        d.url(),
                        d.title(),
                        d.date_label().unwrap_or_default(),
                        snippet(d.paragraphs()),
                        r,
                        d.year().unwrap_or(0),
                    )
                }
                None => {
                    let j = id - order.len();
                    let e = &entities[j];
                    let r = e.region.iter().map(|r| region_index[r.as_str()]).collect();
                    ChunkEntry::Entity(&e.url, &e.name, &e.label, &e.detail, r, 0, expand[j])
                }
            })
            .collect();
        emit(&format!("d/{k}.json.gz"), gzip(&to_json(&entries)))
    })
}

/// An index file as stored (every one but the manifest): gzip, which the
/// client opens with the browser's `DecompressionStream`. GitHub Pages
/// counts a site's stored bytes (issue 17: the site must fit 1 GB) while it
/// gzips JSON on the wire anyway, so a reader downloads no more. Russian
/// text in JSON shrinks to a third (94 MB of chunks at 100,000 articles
/// became 33 MB), the binary shards to about half. Level 1: level 6 saves
/// 3 % more for twice the time. No file name or time in the header, so the
/// bytes depend on the input only.
pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::GzBuilder::new().write(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::fast(),
    );
    z.write_all(bytes).expect("writing to memory");
    z.finish().expect("writing to memory")
}

/// The exact-alias terms: for every key, the entity pages it names and
/// their articles (ids ascend: articles come before entity pages).
pub(super) fn alias_postings(
    entities: &[EntityEntry],
    id_of: &[u32],
    n_docs: u32,
    facets: &mut BTreeMap<String, TermList>,
) {
    let mut keys: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (j, e) in entities.iter().enumerate() {
        for key in &e.keys {
            let ids = keys.entry(key.as_str()).or_default();
            ids.extend(e.articles.iter().map(|&a| id_of[a]));
            ids.push(n_docs + j as u32);
        }
    }
    for (key, mut ids) in keys {
        if key.is_empty() {
            continue;
        }
        ids.sort_unstable();
        ids.dedup();
        let list = facets.entry(format!("{ALIAS_PREFIX}{key}")).or_default();
        for id in ids {
            list.push_doc(id);
        }
    }
}

/// The head of a split list: its `n` best postings by (impact, then lower
/// id — the order the client ranks in), as id gaps and impacts in id order.
pub(super) fn head_of(list: &TermList, impacts: &[u8], n: usize) -> (Vec<u8>, Vec<u8>) {
    let mut best: Vec<(u32, u8)> = Varints::new(&list.gaps)
        .scan(0, |doc, gap| {
            *doc += gap;
            Some(*doc)
        })
        .zip(impacts.iter().copied())
        .collect();
    best.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    best.truncate(n);
    best.sort_unstable_by_key(|p| p.0);
    let mut gaps = Vec::with_capacity(2 * n);
    let mut last = 0;
    for &(doc, _) in &best {
        put_varint(&mut gaps, doc - last);
        last = doc;
    }
    (gaps, best.into_iter().map(|p| p.1).collect())
}

/// Consecutive runs of terms of about `limit` bytes each; a split list
/// counts its head only.
pub(super) fn split_shards(
    terms: &[(&str, &TermList, bool)],
    limit: usize,
    head: usize,
    split: &dyn Fn(&TermList, bool) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, &(term, list, scored)) in terms.iter().enumerate() {
        let held = if split(list, scored) {
            3 * head
        } else {
            list.gaps.len() + if scored { list.df as usize } else { 0 }
        };
        let cost = term.len() + 8 + held;
        if size + cost > limit && i > start {
            out.push(start..i);
            (start, size) = (i, 0);
        }
        size += cost;
    }
    if start < terms.len() || out.is_empty() {
        out.push(start..terms.len());
    }
    out
}

/// Shortest prefix of `first` that sorts after `prev` (`prev < first`).
pub(super) fn separator(prev: &str, first: &str) -> String {
    let mut end = 0;
    for c in first.chars() {
        end += c.len_utf8();
        if cmp_utf16(&first[..end], prev) == Ordering::Greater {
            break;
        }
    }
    first[..end].to_string()
}
