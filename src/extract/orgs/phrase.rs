//! Names without quotes: capitalised adjectives before a type noun, a
//! genitive complement, "имени …", an abbreviation in brackets.

use super::*;

impl Orgs {
    /// Unquoted shapes starting or ending at token `i`. Returns the
    /// candidate and the token to continue from.
    pub(super) fn unquoted(
        &self,
        doc: &Doc,
        i: usize,
        regions: &Regions,
        region_hits: &[RegionHit],
    ) -> Option<(Cand, usize)> {
        if !doc.is_word(i) {
            return None;
        }
        let tok = doc.tok(i);
        // "Иннопром-2024", "ПМЭФ-2023": an edition of a known event.
        if tok.contains('-') && tok.ends_with(|c: char| c.is_ascii_digit()) {
            if let Some(k) = self.known_named(tok) {
                let k = &self.known[k];
                return Some((self.cand(doc, i, i + 1, k.name.clone(), k.kind), i + 1));
            }
        }
        // "компании Haier", "завода Москвич": an unquoted name right after a
        // company or plant noun.
        if let Some((t, _)) = self.noun_at(doc, i).filter(|_| doc.is_cap(i + 1)) {
            let ty = &self.types[t];
            if ty.naming == Naming::Bare && matches!(ty.kind, OrgKind::Company | OrgKind::Plant) {
                if let Some((end, name)) = name_after_type(doc, i + 1) {
                    let known = self.known_named(&name);
                    let (name, kind) = match known {
                        Some(x) => (self.known[x].name.clone(), self.known[x].kind),
                        None => (name, ty.kind),
                    };
                    return Some((self.cand(doc, i + 1, end, name, kind), end));
                }
            }
        }
        // "Mangazeya Mining Ltd."
        if is_latin_cap(tok) && (i == 0 || !is_latin_cap(doc.tok(i - 1))) {
            let mut k = i;
            while k < i + 4 && is_latin_cap(doc.tok(k)) && !LATIN_LEGAL.contains(&doc.tok(k)) {
                k += 1;
            }
            if k > i && LATIN_LEGAL.contains(&doc.tok(k)) {
                let name = doc.text[doc.toks[i].start..doc.toks[k - 1].end].to_string();
                return Some((self.cand(doc, i, k + 1, name, OrgKind::Company), k + 1));
            }
        }
        // "ПАО Сбербанк", "ООО Ромашка-Юг": a legal form before an unquoted
        // capitalised name (not an abbreviation before a quote).
        if LEGAL.contains(&tok) && doc.is_cap(i + 1) && !is_abbr(doc.tok(i + 1)) {
            let mut k = i + 1;
            while k < i + 3 && doc.is_cap(k) {
                k += 1;
            }
            if !doc.is_punct(k, "«\"") {
                let name = doc.text[doc.toks[i + 1].start..doc.toks[k - 1].end].to_string();
                let (name, kind) = match self.known_named(&name) {
                    Some(x) => (self.known[x].name.clone(), self.known[x].kind),
                    None => (name, OrgKind::Company),
                };
                return Some((self.cand(doc, i, k, name, kind), k));
            }
        }
        self.plain_phrase(doc, i, regions, region_hits)
    }

    /// "Амурский газоперерабатывающий завод", "Ижевский радиозавод",
    /// "завода имени Баранова", "Ассоциации кластеров, технопарков …
    /// России", "технопарка Мордовии". Returns the candidate and the token
    /// index to continue from.
    pub(super) fn plain_phrase(
        &self,
        doc: &Doc,
        i: usize,
        regions: &Regions,
        region_hits: &[RegionHit],
    ) -> Option<(Cand, usize)> {
        let (t, head_nom) = self.noun_at(doc, i)?;
        let TypeWord { kind, gender, .. } = self.types[t].clone();
        let base = self.types[t].nom.as_str();
        // "завод имени Баранова", "завода им. П. И. Баранова",
        // "Севастопольский морской завод имени Серго Орджоникидзе",
        // "колхоза им. В. И. Ленина": adjectives before the head, and the
        // person's name after "имени" as written (it is a genitive in every
        // case of the head).
        if matches!(kind, OrgKind::Plant | OrgKind::Company)
            && matches!(doc.ftok(i + 1), "имени" | "им")
        {
            if let Some(end) = named_after_end(doc, i + 2) {
                // The proper name starts at a capital ("Севастопольский
                // морской завод"); lowercase adjectives alone describe it
                // ("камчатского рыболовецкого колхоза").
                let adjs = adjectives_before(doc, i, gender);
                let first_cap = (0..adjs.len()).find(|&a| doc.is_cap(i - adjs.len() + a));
                let adjs = first_cap.map_or(&adjs[..0], |a| &adjs[a..]);
                let start = i - adjs.len();
                let mut name = adjs.join(" ");
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(&head_nom);
                // "им В. И. Ленина" is written "им. В. И. Ленина".
                let after = &doc.text[doc.toks[i + 1].start..doc.toks[end - 1].end];
                let after = match after.strip_prefix("им ") {
                    Some(rest) => format!("им. {rest}"),
                    None => after.to_string(),
                };
                name.push(' ');
                name.push_str(&after);
                return Some((self.cand(doc, start, end, cap(&name), kind), end));
            }
        }
        if base == "ассоциация" && doc.is_cap(i) {
            let (end, words) = genitive_complement(doc, i + 1, true);
            if words >= 1 {
                let name = format!(
                    "Ассоциация {}",
                    doc.text[doc.toks[i + 1].start..doc.toks[end - 1].end].trim()
                );
                let mut c = self.cand(doc, i, end, name, kind);
                c.short = abbreviation_after(doc, end);
                return Some((c, end));
            }
            return None;
        }
        // "технопарка Мордовии" → Технопарк Мордовии.
        if base == "технопарк" && !doc.is_punct(i + 1, "«\"") {
            if let Some(r) = doc
                .toks
                .get(i + 1)
                .and_then(|t| starting_at(region_hits, |h| h.start, t.start))
                .filter(|h| h.value.genitive())
            {
                let name = format!("Технопарк {}", &doc.text[r.start..r.end]);
                let end = doc.tok_at(r.end);
                return Some((self.cand(doc, i, end, name, kind), end));
            }
        }
        // Other type words ("компания", "холдинг") are too common as plain
        // nouns; they make a name only with an abbreviation in brackets
        // after it: "Уральская горно-металлургическая компания (УГМК)".
        let plain_head = PLAIN_HEADS.contains(&base);
        if doc.is_punct(i + 1, "«\"") {
            return None;
        }
        // Adjectives before the head, the first one capitalised.
        let mut s = i;
        let mut adjs = Vec::new();
        while s > 0 && doc.is_word(s - 1) && adjs.len() < 3 {
            let Some(a) = adjective_nominative(doc.tok(s - 1), gender).filter(|a| is_adjective(a))
            else {
                break;
            };
            adjs.insert(0, a);
            s -= 1;
            if doc.is_cap(s) {
                break;
            }
        }
        if adjs.is_empty() || !doc.is_cap(s) || s > 0 && doc.is_punct(s - 1, "«\"") {
            return None;
        }
        // A capitalised adjective that only starts the sentence is not a
        // name unless more follows ("Российский инвестиционный форум").
        if doc.sentence_start(s) && adjs.len() < 2 {
            return None;
        }
        let head = if doc.tok(i).chars().next().is_some_and(char::is_uppercase) {
            cap(&head_nom)
        } else {
            head_nom.to_string()
        };
        let (end, words) = genitive_complement(doc, i + 1, false);
        let comp = if words > 0 && words <= 3 {
            format!(
                " {}",
                doc.text[doc.toks[i + 1].start..doc.toks[end - 1].end].trim()
            )
        } else {
            String::new()
        };
        let mut end = if comp.is_empty() { i + 1 } else { end };
        let mut name = format!("{} {head}{comp}", adjs.join(" "));
        // "Станкостроительный кластер Республики Татарстан".
        if let Some(r) = doc
            .toks
            .get(end)
            .and_then(|t| starting_at(region_hits, |h| h.start, t.start))
            .filter(|h| h.value.genitive())
        {
            name = format!("{name} {}", regions.info[r.value.idx].genitive);
            end = doc.tok_at(r.end);
        }
        let short = abbreviation_after(doc, end);
        // "Дальневосточная компания цветных металлов": a generic head in
        // the middle of a sentence with a capitalised adjective and a
        // genitive complement is a name too.
        let named_generic = !comp.is_empty() && !doc.sentence_start(s);
        // "Озерной горнорудной компании", "Улан-Удэнского
        // приборостроительного производственного объединения",
        // "Сахалинского индустриального парка": a capitalised adjective in
        // mid-sentence opening two or more words before a type noun is a
        // proper name.
        let proper = !doc.sentence_start(s) && (adjs.len() >= 2 || base.contains(' '));
        if !plain_head && short.is_none() && !named_generic && !proper {
            return None;
        }
        let mut c = self.cand(doc, s, end, name, kind);
        c.short = short;
        Some((c, end))
    }
}

/// Lower-case adjectives right before token `head`, in the nominative
/// singular of `g`, leaving out evaluative ones.
pub(super) fn adjectives_before(doc: &Doc, head: usize, g: Gender) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = head;
    while k > 0 && out.len() < 3 && doc.is_word(k - 1) {
        let Some(a) = adj_nominative(doc.tok(k - 1), g) else {
            break;
        };
        let l = a.to_lowercase();
        let masc = adj_nominative(&l, Gender::Masc).unwrap_or_default();
        if NOT_NAME_ADJ.contains(&masc.as_str())
            || ["щий", "щая", "щее", "мый", "мая", "мое"]
                .iter()
                .any(|s| l.ends_with(s))
        {
            break;
        }
        out.insert(0, l);
        k -= 1;
    }
    out
}

/// The end (exclusive) of a person's name after "имени"/"им" at token
/// `k`: a period after "им", initials ("В. И."), then one to three
/// capitalised words ("Серго Орджоникидзе", "Ленина").
pub(super) fn named_after_end(doc: &Doc, mut k: usize) -> Option<usize> {
    while doc.is_punct(k, ".") || (doc.is_cap(k) && doc.tok(k).chars().count() == 1) {
        k += 1;
    }
    let first = k;
    while k < first + 3 && doc.is_word(k) && doc.is_cap(k) && doc.tok(k).chars().count() > 1 {
        k += 1;
    }
    (k > first).then_some(k)
}

/// An adjective in any case or number → its nominative singular of `g`.
pub(super) fn adj_nominative(w: &str, g: Gender) -> Option<String> {
    let l = w.to_lowercase();
    if l.chars().count() < 4 {
        return None;
    }
    for (suf, hard) in [
        ("ыми", true),
        ("ими", false),
        ("ых", true),
        ("их", false),
        ("ые", true),
        ("ие", false),
    ] {
        if let Some(st) = l.strip_suffix(suf) {
            if st.chars().count() < 4 {
                return None;
            }
            let velar = st.ends_with(['к', 'г', 'х', 'ж', 'ш', 'щ', 'ч']);
            let end = match (g, hard || velar) {
                (Gender::Masc, true) if !hard => "ий",
                (Gender::Masc, true) => "ый",
                (Gender::Masc, false) => "ий",
                (Gender::Fem, true) => "ая",
                (Gender::Fem, false) => "яя",
                (Gender::Neut, true) => "ое",
                (Gender::Neut, false) => "ее",
            };
            let stem: String = w
                .chars()
                .take(w.chars().count() - suf.chars().count())
                .collect();
            return Some(format!("{stem}{end}"));
        }
    }
    adjective_nominative(w, g).filter(|a| is_adjective(a))
}

/// The unquoted name at token `i` after a type noun: Latin words
/// ("Haier", "Great Wall") or one capitalised Cyrillic word in the
/// nominative ending in a consonant that the dictionary does not read as a
/// person's or place name ("Москвич", "Трансмашхолдинг").
pub(super) fn name_after_type(doc: &Doc, i: usize) -> Option<(usize, String)> {
    if is_latin_cap(doc.tok(i)) {
        let mut k = i;
        while k < i + 3 && is_latin_cap(doc.tok(k)) && !LATIN_LEGAL.contains(&doc.tok(k)) {
            k += 1;
        }
        return Some((
            k,
            doc.text[doc.toks[i].start..doc.toks[k - 1].end].to_string(),
        ));
    }
    let w = doc.tok(i);
    let f = doc.ftok(i);
    let consonant = f.ends_with(|c: char| "бвгджзклмнпрстфхцчшщ".contains(c));
    if !consonant || f.chars().count() < 4 || is_abbr(w) || doc.is_word(i + 1) && doc.is_cap(i + 1)
    {
        return None;
    }
    let lex = super::super::dict::lexicon()?;
    let readings = lex.analyse(w);
    let personal = readings.iter().any(|a| {
        a.tags.has(super::super::dict::Tags::NAME)
            || a.tags.has(super::super::dict::Tags::SURN)
            || a.tags.has(super::super::dict::Tags::PATR)
            || a.tags.has(super::super::dict::Tags::GEOX)
    });
    (!personal).then(|| (i + 1, w.to_string()))
}

/// Lower-case genitive words (and ", и" between them) from token `i`;
/// returns the end token (exclusive) and the word count. With `country`, a
/// final "России"/"РФ" is included.
pub(super) fn genitive_complement(doc: &Doc, mut i: usize, country: bool) -> (usize, usize) {
    let start = i;
    let mut last = i;
    let mut words = 0;
    while i < doc.toks.len() && i < start + 10 {
        let w = doc.ftok(i);
        let after_plural_adj =
            i > start && (doc.ftok(i - 1).ends_with("ых") || doc.ftok(i - 1).ends_with("их"));
        // Genitive plurals with no ending: "завод пластмасс", "машин".
        let bare_plural = i == start
            && ["масс", "машин", "шин", "труб"]
                .iter()
                .any(|s| w.ends_with(s));
        if doc.is_word(i)
            && !doc.is_cap(i)
            && (w == "и"
                // "а", "на": short words are conjunctions and prepositions.
                || w.chars().count() > 2 && super::super::bodies::is_genitive_shaped_pub(w)
                || after_plural_adj
                || bare_plural)
        {
            if w != "и" {
                words += 1;
                last = i + 1;
            }
            i += 1;
        } else if doc.is_punct(i, ",") && doc.is_word(i + 1) && !doc.is_cap(i + 1) {
            i += 1;
        } else if country && doc.is_cap(i) && matches!(w, "россии" | "рф") {
            last = i + 1;
            break;
        } else {
            break;
        }
    }
    (last.max(start), words)
}

/// "(АГПЗ)" or "(«СКЗ»)" right after a name.
pub(super) fn abbreviation_after(doc: &Doc, i: usize) -> Option<String> {
    if !doc.is_punct(i, "(") {
        return None;
    }
    let mut k = i + 1;
    if doc.is_punct(k, "«") {
        k += 1;
    }
    let w = doc
        .toks
        .get(k)
        .filter(|_| doc.is_word(k))
        .map(|_| doc.tok(k))?;
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    (upper >= 2 && w.chars().count() <= 8).then(|| w.to_string())
}
