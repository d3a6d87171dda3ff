//! Near-duplicates: the same story pasted twice, found by MinHash over word
//! shingles with LSH banding, so the work grows with the number of
//! articles, not with the number of pairs.

use crate::model::{Diagnostic, SiteGraph};
use crate::timing;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Jaccard similarity of word shingles from which two articles are duplicates.
const DUP_THRESHOLD: f64 = 0.5;

/// Words per shingle.
const SHINGLE: usize = 3;
const BANDS: usize = 20;
const ROWS: usize = 3;

fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser: a fast, well-spread 64-bit hash step.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn word_hash(w: &str) -> u64 {
    // FNV-1a over the lower-cased word, then mixed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in w.chars() {
        // Case folding for the letters that matter, without Unicode tables.
        let c = match c {
            'А'..='Я' => char::from_u32(c as u32 + 32).unwrap_or(c),
            'Ё' | 'ё' => 'е',
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => c,
        };
        h ^= c as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    mix(h)
}

/// Letters and digits; Russian and ASCII first, without the Unicode tables
/// (this runs over every character of every article).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{0410}'..='\u{044f}').contains(&c)
        || c == 'ё'
        || c == 'Ё'
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// The sorted, distinct shingle hashes of an article's text.
pub fn shingles(paragraphs: &[String]) -> Vec<u64> {
    let words: Vec<u64> = paragraphs
        .iter()
        .flat_map(|p| p.split(|c: char| !is_word_char(c)))
        .filter(|w| !w.is_empty())
        .map(word_hash)
        .collect();
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| w.iter().fold(0u64, |h, &x| mix(h.rotate_left(17) ^ x)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted sets, or `None` as soon as it cannot
/// reach `threshold` any more: most LSH candidates share boilerplate, not
/// a story, and are given up on after a few comparisons (or none, when
/// their sizes alone rule it out).
fn jaccard_at_least(a: &[u64], b: &[u64], threshold: f64) -> Option<f64> {
    let total = a.len() + b.len();
    // Shared elements needed: both / (total - both) >= t ⇔ both >= t·total/(1+t).
    // Rounded down and one less, so float error can only make the pruning
    // weaker, never drop a pair; the exact test is the division at the end.
    let need = ((threshold * total as f64) / (1.0 + threshold)).floor() as usize;
    let need = need.saturating_sub(1);
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    if a.len().min(b.len()) < need {
        return None;
    }
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
        if both + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
    }
    let union = total - both;
    let s = if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    };
    (s >= threshold).then_some(s)
}

/// Pairs `(i, j, similarity)` with `i < j` whose shingle sets are at least
/// `DUP_THRESHOLD` similar. Candidates come from LSH buckets (20 bands of 3
/// MinHash rows), so the work grows with the number of articles, not pairs.
pub fn near_duplicates(sets: &[Vec<u64>]) -> Vec<(usize, usize, f64)> {
    let seeds: Vec<u64> = (0..(BANDS * ROWS) as u64).map(|i| mix(i + 1)).collect();
    let t = timing::span("minhash+lsh");
    let sigs: Vec<Option<Vec<u64>>> = sets
        .par_iter()
        .map(|s| {
            if s.len() < 4 {
                return None;
            }
            Some(
                // One multiply per hash function: shingle hashes are already
                // well mixed, and x ↦ (x ^ seed) · odd is a permutation.
                seeds
                    .iter()
                    .map(|&seed| {
                        s.iter()
                            .map(|&x| (x ^ seed).wrapping_mul(0x9e37_79b9_7f4a_7c15))
                            .min()
                            .unwrap_or(0)
                    })
                    .collect(),
            )
        })
        .collect();
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for b in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, sig) in sigs.iter().enumerate() {
            if let Some(sig) = sig {
                let key = sig[b * ROWS..(b + 1) * ROWS]
                    .iter()
                    .fold(b as u64, |h, &x| mix(h ^ x));
                buckets.entry(key).or_default().push(i);
            }
        }
        for ids in buckets.values().filter(|v| v.len() > 1) {
            // A huge bucket means shared boilerplate, not one story: cap it.
            for (k, &i) in ids.iter().enumerate().take(64) {
                for &j in ids[k + 1..].iter().take(64) {
                    candidates.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    // A pair sharing several bands is checked once.
    candidates.par_sort_unstable();
    candidates.dedup();
    drop(t);
    let _t = timing::span("jaccard");
    let mut out: Vec<(usize, usize, f64)> = candidates
        .into_par_iter()
        .filter_map(|(i, j)| Some((i, j, jaccard_at_least(&sets[i], &sets[j], DUP_THRESHOLD)?)))
        .collect();
    out.sort_by_key(|a| (a.0, a.1));
    out
}

/// A warning on the later file (by path) of each near-duplicate pair.
pub(super) fn findings(g: &SiteGraph) -> Vec<Diagnostic> {
    // Path order, so the later file (by name) is the one reported.
    let mut order: Vec<usize> = (0..g.articles.len()).collect();
    order.sort_by(|&a, &b| g.articles[a].doc.path.cmp(&g.articles[b].doc.path));
    let t = timing::span("shingles");
    let sets: Vec<Vec<u64>> = order
        .par_iter()
        .map(|&i| shingles(&g.articles[i].doc.plain))
        .collect();
    drop(t);
    let mut reported: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    for (i, j, s) in near_duplicates(&sets) {
        if !reported.insert(j) {
            continue;
        }
        let (a, b) = (&g.articles[order[i]].doc, &g.articles[order[j]].doc);
        out.push(
            Diagnostic::warning(
                &b.path,
                1,
                1,
                format!(
                    "looks like the same story as {} ({}% of the text matches)",
                    a.path.display(),
                    (s * 100.0).round()
                ),
            )
            .with_hint("delete one of the two files, or keep both if they are different stories")
            .with_code("duplicate"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_found_without_all_pairs() {
        let base: Vec<String> = (0..200).map(|i| format!("слово{i}")).collect();
        let a = vec![base.join(" ")];
        let mut edited = base.clone();
        edited[50] = "другое".into();
        edited[120] = "иное".into();
        let b = vec![edited.join(" ")];
        let c = vec![(0..200)
            .map(|i| format!("текст{i}"))
            .collect::<Vec<_>>()
            .join(" ")];
        let sets: Vec<Vec<u64>> = [a, b, c].iter().map(|p| shingles(p)).collect();
        let d = near_duplicates(&sets);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].0, d[0].1), (0, 1));
        assert!(d[0].2 > 0.9);
    }
}
