//! The binary term shard: a front-coded term dictionary followed by
//! delta-encoded postings. See the module essay in `mod.rs` for the layout.

/// One term's postings as decoded from a shard: ascending document ids
/// and, for text terms, one quantised BM25 impact byte per document (facet
/// terms carry none). For a split list (`docs.len() < df`) these are its
/// head, the best-ranked postings; the whole list is in its own file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postings {
    pub df: u32,
    pub docs: Vec<u32>,
    pub impacts: Option<Vec<u8>>,
}

/// One term as the encoder takes it. The builder keeps each term's id gaps
/// already varint-encoded, so they are copied into the shard as they are.
pub struct Entry<'a> {
    pub term: &'a str,
    /// Number of documents.
    pub df: u32,
    /// Document id gaps as varints, the first from 0: all `df` postings,
    /// or the head's when `head` is set.
    pub gaps: &'a [u8],
    /// One impact byte per posting in `gaps` for text terms, `None` for facets.
    pub impacts: Option<Vec<u8>>,
    /// For a split list, the number of postings in `gaps` (its head).
    pub head: Option<u32>,
}

/// Appends `v` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Number of UTF-16 code units shared at the start of `a` and `b`.
///
/// Front coding counts UTF-16 units because that is how the client slices
/// strings; terms are compared in UTF-16 order for the same reason.
fn shared_utf16(a: &str, b: &str) -> usize {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(c, _)| c.len_utf16())
        .sum()
}

/// Byte offset in `s` after `units` UTF-16 code units (on a char boundary).
fn byte_offset_utf16(s: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    s.len()
}

/// Encodes terms (already in UTF-16 order) and their postings as one shard.
pub fn encode(terms: &[Entry]) -> Vec<u8> {
    let post_len: usize = terms
        .iter()
        .map(|e| e.gaps.len() + e.impacts.as_ref().map_or(0, Vec::len))
        .sum();
    let mut dict = Vec::new();
    put_varint(&mut dict, terms.len() as u32);
    let mut prev = "";
    for e in terms {
        let term = e.term;
        let shared = shared_utf16(prev, term);
        let suffix = &term[byte_offset_utf16(term, shared)..];
        put_varint(&mut dict, shared as u32);
        put_varint(&mut dict, suffix.len() as u32);
        dict.extend_from_slice(suffix.as_bytes());
        let flags = u32::from(e.head.is_some()) << 1 | u32::from(e.impacts.is_some());
        put_varint(&mut dict, e.df << 2 | flags);
        if let Some(head) = e.head {
            put_varint(&mut dict, head);
        }
        let len = e.gaps.len() + e.impacts.as_ref().map_or(0, Vec::len);
        put_varint(&mut dict, len as u32);
        prev = term;
    }
    dict.reserve_exact(post_len);
    for e in terms {
        dict.extend_from_slice(e.gaps);
        if let Some(imp) = &e.impacts {
            dict.extend_from_slice(imp);
        }
    }
    dict
}

/// The unsigned LEB128 varints of a buffer, in order.
pub struct Varints<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Varints<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Varints { buf, pos: 0 }
    }
}

impl Iterator for Varints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        get_varint(self.buf, &mut self.pos)
    }
}

fn get_varint(buf: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    let mut shift = 0;
    loop {
        let b = *buf.get(*pos)?;
        *pos += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

/// Decodes a shard back into terms and postings (tests and debugging).
pub fn decode(buf: &[u8]) -> Option<Vec<(String, Postings)>> {
    let mut pos = 0;
    let n = get_varint(buf, &mut pos)? as usize;
    let mut entries = Vec::with_capacity(n);
    let mut prev: Vec<u16> = Vec::new();
    for _ in 0..n {
        let shared = get_varint(buf, &mut pos)? as usize;
        let len = get_varint(buf, &mut pos)? as usize;
        let suffix = std::str::from_utf8(buf.get(pos..pos + len)?).ok()?;
        pos += len;
        let mut units: Vec<u16> = prev.get(..shared)?.to_vec();
        units.extend(suffix.encode_utf16());
        let flags = get_varint(buf, &mut pos)?;
        let df = flags >> 2;
        let held = if flags & 2 == 2 {
            get_varint(buf, &mut pos)?
        } else {
            df
        };
        let plen = get_varint(buf, &mut pos)? as usize;
        entries.push((String::from_utf16(&units).ok()?, flags, df, held, plen));
        prev = units;
    }
    let mut out = Vec::with_capacity(n);
    for (term, flags, df, held, plen) in entries {
        let block = buf.get(pos..pos + plen)?;
        pos += plen;
        let mut p = decode_list(block, held, flags & 1 == 1)?;
        p.df = df;
        out.push((term, p));
    }
    (pos == buf.len()).then_some(out)
}

/// Decodes `n` postings (gaps, then impacts when `impacts`) — a shard's
/// block, or a split list's whole file `t/<shard>.<term>.bin.gz` once
/// inflated.
pub fn decode_list(block: &[u8], n: u32, impacts: bool) -> Option<Postings> {
    let mut p = 0;
    let mut last = 0;
    let mut docs = Vec::with_capacity(n as usize);
    for _ in 0..n {
        last += get_varint(block, &mut p)?;
        docs.push(last);
    }
    let impacts = impacts.then(|| block[p..].to_vec());
    if impacts.as_ref().is_some_and(|i| i.len() != docs.len()) {
        return None;
    }
    Some(Postings {
        df: n,
        docs,
        impacts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_front_coded_terms() {
        let a = Postings {
            df: 4,
            docs: vec![0, 3, 200, 70_000],
            impacts: Some(vec![1, 2, 3, 255]),
        };
        let b = Postings {
            df: 1,
            docs: vec![5],
            impacts: None,
        };
        let entry = |term, p: &Postings, gaps: &'static [u8]| Entry {
            term,
            df: p.docs.len() as u32,
            gaps,
            impacts: p.impacts.clone(),
            head: None,
        };
        // 0, 3, 197, 69_800 as varints.
        let a_gaps: &[u8] = &[0, 3, 0xc5, 0x01, 0xa8, 0xa1, 0x04];
        let bytes = encode(&[
            entry("кластер", &a, a_gaps),
            entry("кластерн", &b, &[5]),
            entry("𝔸x", &b, &[5]),
        ]);
        let back = decode(&bytes).unwrap();
        assert_eq!(back[0], ("кластер".to_string(), a));
        assert_eq!(back[1].0, "кластерн");
        assert_eq!(back[2], ("𝔸x".to_string(), b));
    }

    #[test]
    fn a_split_list_holds_its_head_and_knows_its_length() {
        // Head of a list of 9: docs 4 and 7 with their impacts.
        let bytes = encode(&[Entry {
            term: "завод",
            df: 9,
            gaps: &[4, 3],
            impacts: Some(vec![200, 180]),
            head: Some(2),
        }]);
        let back = decode(&bytes).unwrap();
        assert_eq!(
            back[0].1,
            Postings {
                df: 9,
                docs: vec![4, 7],
                impacts: Some(vec![200, 180])
            }
        );
        assert_eq!(decode_list(&[4, 3, 9, 9], 2, true).unwrap().docs, [4, 7]);
        assert!(decode_list(&[4, 3, 9], 2, true).is_none());
    }
}
