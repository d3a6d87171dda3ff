//! The article as one text, its folded twin and its tokens.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters, possibly hyphenated ("Полякова-Шадрина", "статс-секретарь").
    Word,
    /// ASCII digits.
    Num,
    /// Any other single char except spaces; "\n" ends a paragraph.
    Punct,
}

/// A token: byte span in [`Doc::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// One article prepared for the recognisers.
pub struct Doc {
    /// Title and paragraphs joined by "\n".
    pub text: String,
    /// [`fold`]ed text with identical byte offsets.
    pub folded: String,
    pub toks: Vec<Tok>,
    /// Char offset of each token start, so salience positions cost a
    /// binary search instead of a rescan of the text.
    tok_chars: Vec<u32>,
}

impl Doc {
    pub fn new(title: &str, paragraphs: &[String]) -> Doc {
        let mut text = String::with_capacity(
            title.len() + paragraphs.iter().map(|p| p.len() + 1).sum::<usize>(),
        );
        text.push_str(title);
        for p in paragraphs {
            text.push('\n');
            text.push_str(p);
        }
        let folded = fold(&text);
        let toks = tokenize(&text);
        let mut tok_chars = Vec::with_capacity(toks.len());
        let (mut byte, mut chars) = (0usize, 0u32);
        for t in &toks {
            chars += text[byte..t.start].chars().count() as u32;
            byte = t.start;
            tok_chars.push(chars);
        }
        Doc {
            text,
            folded,
            toks,
            tok_chars,
        }
    }

    /// Text of token `i`; "" past the end, so look-ahead needs no guards.
    pub fn tok(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// Folded text of token `i`; "" past the end.
    pub fn ftok(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map_or("", |t| &self.folded[t.start..t.end])
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    /// Word starting with an upper-case letter.
    pub fn is_cap(&self, i: usize) -> bool {
        self.is_word(i)
            && self.tok(i).chars().next().is_some_and(|c| match c {
                'А'..='Я' | 'Ё' | 'A'..='Z' => true,
                'а'..='я' | 'ё' | 'a'..='z' => false,
                _ => c.is_uppercase(),
            })
    }

    pub fn is_punct(&self, i: usize, chars: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Punct && chars.contains(&self.text[t.start..t.end]))
    }

    /// Index of the first token starting at or after byte `pos`.
    pub fn tok_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }

    /// Char offset of a byte position, for [`crate::model::Salience::first`].
    pub fn char_pos(&self, byte: usize) -> u32 {
        let byte = byte.min(self.text.len());
        let i = self.toks.partition_point(|t| t.start <= byte);
        if i == 0 {
            return self.text[..byte].chars().count() as u32;
        }
        let from = self.toks[i - 1].start;
        self.tok_chars[i - 1] + self.text[from..byte].chars().count() as u32
    }

    /// Whether token `i` starts a sentence (after ". ", "!", "?", "\n" or at 0).
    pub fn sentence_start(&self, i: usize) -> bool {
        i == 0
            || self.is_punct(i - 1, ".!?\n…")
            || (i >= 2 && self.is_punct(i - 1, "«\"“") && self.sentence_start(i - 1))
    }

    /// The sentence around a byte span, trimmed.
    pub fn sentence(&self, start: usize, end: usize) -> &str {
        let (s, e) = self.sentence_range(start, end);
        &self.text[s..e]
    }

    /// Byte range of [`Doc::sentence`] in `text`. A sentence never crosses
    /// a "\n", so it lies within the title or one paragraph.
    pub fn sentence_range(&self, start: usize, end: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let mut s = start;
        while s > 0 {
            let b = bytes[s - 1];
            if b == b'\n' || ((b == b'.' || b == b'!' || b == b'?') && bytes.get(s) == Some(&b' '))
            {
                break;
            }
            s -= 1;
        }
        let mut e = end;
        while e < bytes.len() {
            let b = bytes[e];
            if b == b'\n' {
                break;
            }
            if (b == b'.' || b == b'!' || b == b'?')
                && (e + 1 == bytes.len() || bytes[e + 1] == b' ' || bytes[e + 1] == b'\n')
            {
                e += 1;
                break;
            }
            e += 1;
        }
        // Byte walks above only stop at ASCII bytes, so both ends are char
        // boundaries.
        let raw = &self.text[s..e];
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        (s + lead, (e - trail).max(s + lead))
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_letter(c) {
            let mut end = i + c.len_utf8();
            let mut digits = false;
            let mut prev = c;
            while let Some(&(j, d)) = it.peek() {
                // "importКРАСНОЯРСКИЙ": a script's word glued to the text
                // by the copy; no Russian word turns from Latin lowercase to
                // a Cyrillic capital.
                let glued = prev.is_ascii_lowercase() && ('А'..='Я').contains(&d);
                if is_letter(d) && !digits && !glued {
                    end = j + d.len_utf8();
                    prev = d;
                    it.next();
                } else if d == '-'
                    && text[j + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_alphanumeric())
                {
                    it.next();
                    end = j + 1;
                } else if d.is_ascii_digit() && (digits || text[i..end].ends_with('-')) {
                    digits = true;
                    // "Иннопром-2024", "Электротехника-21".
                    end = j + 1;
                    it.next();
                } else {
                    break;
                }
            }
            toks.push(Tok {
                start: i,
                end,
                kind: Kind::Word,
            });
        } else if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    it.next();
                } else {
                    break;
                }
            }
            toks.push(Tok {
                start: i,
                end,
                kind: Kind::Num,
            });
        } else if c == '\n' || !c.is_whitespace() {
            toks.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                kind: Kind::Punct,
            });
        }
    }
    toks
}

/// Lower-cases and folds "ё" to "е" while keeping every char's UTF-8 length,
/// so byte offsets in the folded text are valid in the original.
pub fn fold(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // Byte-level fast paths for ASCII and Russian Cyrillic (two-byte
        // D0/D1 sequences); the generic Unicode lower-casing was a hot spot.
        if c < 0x80 {
            out.push(c.to_ascii_lowercase());
            i += 1;
        } else if (c == 0xD0 || c == 0xD1) && i + 1 < b.len() {
            let d = b[i + 1];
            match (c, d) {
                (0xD0, 0x81) | (0xD1, 0x91) => out.extend_from_slice(&[0xD0, 0xB5]), // Ё ё → е
                (0xD0, 0x90..=0x9F) => out.extend_from_slice(&[0xD0, d + 0x20]),     // А–П
                (0xD0, 0xA0..=0xAF) => out.extend_from_slice(&[0xD1, d - 0x20]),     // Р–Я
                _ => out.extend_from_slice(&[c, d]),
            }
            i += 2;
        } else if (c == 0xC2 || c == 0xE2 && matches!(b.get(i + 1), Some(0x80..=0x83)))
            && i + 1 < b.len()
        {
            // U+0080–U+00BF (NBSP, «, ») and U+2000–U+20FF (dashes, quotes,
            // ₽) have no case: copy them without a Unicode table lookup.
            let n = if c == 0xC2 { 2 } else { 3 }.min(b.len() - i);
            out.extend_from_slice(&b[i..i + n]);
            i += n;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            let n = ch.len_utf8();
            let mut it = ch.to_lowercase();
            match (it.next(), it.next()) {
                (Some(l), None) if l.len_utf8() == n => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.extend_from_slice(&b[i..i + n]),
            }
            i += n;
        }
    }
    // Only whole UTF-8 sequences were written, each the same length as the
    // input's, so this cannot fail; fall back to the input to stay total.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Whether `c` continues a word (hyphenated words are one word, so
/// "Славянск-на-Кубани" does not contain the region "Кубань").
pub fn is_word_char(c: char) -> bool {
    is_letter(c) || c.is_ascii_digit() || c == '-' || (!c.is_ascii() && c.is_numeric())
}

/// `char::is_alphabetic` with fast paths for ASCII and Cyrillic, which is
/// nearly all the text we see (the generic table lookup was a hot spot).
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if ('\u{0410}'..='\u{044F}').contains(&c) || c == 'ё' || c == 'Ё' {
        true
    } else {
        c.is_alphabetic()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_offsets() {
        let t = "Ёлкина ЖДЁТ İx";
        assert_eq!(fold(t).len(), t.len());
        assert_eq!(fold("Ёлкина"), "елкина");
        assert_eq!(fold("«Ä»\u{a0}–₽ Ñ"), "«ä»\u{a0}–₽ ñ");
        assert_eq!(
            fold("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ Ab"),
            "абвгдежзийклмнопрстуфхцчшщъыьэюя ab"
        );
    }

    #[test]
    fn a_latin_word_glued_to_cyrillic_capitals_is_two_tokens() {
        let d = Doc::new("importКРАСНОЯРСКИЙ КРАЙ, iPhone и SMS-ка", &[]);
        let words: Vec<&str> = (0..d.toks.len()).map(|i| d.tok(i)).collect();
        assert_eq!(
            words,
            [
                "import",
                "КРАСНОЯРСКИЙ",
                "КРАЙ",
                ",",
                "iPhone",
                "и",
                "SMS-ка"
            ]
        );
    }

    #[test]
    fn tokens() {
        let d = Doc::new(
            "Ирина Полякова-Шадрина",
            &["«Иннопром-2024» 7,5 млрд".into()],
        );
        let words: Vec<&str> = (0..d.toks.len()).map(|i| d.tok(i)).collect();
        assert_eq!(
            words,
            [
                "Ирина",
                "Полякова-Шадрина",
                "\n",
                "«",
                "Иннопром-2024",
                "»",
                "7",
                ",",
                "5",
                "млрд"
            ]
        );
        assert_eq!(d.sentence(0, 3), "Ирина Полякова-Шадрина");
        let pos = d.text.find("млрд").unwrap();
        assert_eq!(d.char_pos(pos) as usize, d.text[..pos].chars().count());
        assert_eq!(
            d.char_pos(pos + 2) as usize,
            d.text[..pos + 2].chars().count()
        );
    }
}
