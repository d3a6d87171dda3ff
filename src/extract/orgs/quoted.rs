//! Quoted names: the type word before «…», what the name is made of, lists
//! of names after one type word, and the quoted names no rule took yet.

use super::*;

impl Orgs {
    /// The type before the quote at token `q`, walking back over a short
    /// complement ("завод по производству оборудования «…»") or an
    /// "(ABBR)".
    pub(super) fn type_before(
        &self,
        doc: &Doc,
        q: usize,
        phrase_ends: &HashMap<usize, (usize, usize)>,
    ) -> Option<TypeRef> {
        let mut j = q;
        let mut comp_end = q;
        let mut comp_ok = true;
        let mut skipped = 0;
        loop {
            if j == 0 {
                return None;
            }
            if j >= 3 && doc.is_punct(j - 1, ")") && doc.is_punct(j - 3, "(") && doc.is_word(j - 2)
            {
                if let Some(&t) = self.exact.get(doc.tok(j - 2)) {
                    return Some(TypeRef::Listed(t, j - 2, None));
                }
                j -= 3;
                if comp_end == q {
                    comp_end = j;
                }
                continue;
            }
            if let Some(&(s, t)) = phrase_ends.get(&j) {
                let comp = (comp_ok && j < comp_end).then_some((j, comp_end));
                return Some(TypeRef::Listed(t, s, comp));
            }
            // "индустриальных парков: «Ворсино» и «Росва»".
            if j == q && doc.is_punct(j - 1, ":") {
                j -= 1;
                comp_end = j;
                continue;
            }
            let w = j - 1;
            if !doc.is_word(w) {
                return None;
            }
            let tok = doc.tok(w);
            if let Some(&t) = self.exact.get(tok) {
                return Some(TypeRef::Listed(t, w, None));
            }
            if is_abbr(tok) {
                let legal_before = |k: usize| LEGAL.contains(&doc.tok(k));
                if w >= 1
                    && (legal_before(w - 1)
                        || w >= 2 && doc.is_punct(w - 1, "«\"") && legal_before(w - 2))
                {
                    return Some(TypeRef::Abbr(tok.to_string()));
                }
            }
            if let Some((t, _)) = self.noun_at(doc, w) {
                let comp = (comp_ok && w + 1 < comp_end).then_some((w + 1, comp_end));
                return Some(TypeRef::Listed(t, w, comp));
            }
            let f = doc.ftok(w);
            let skippable = skipped < 4
                && (is_abbr(tok)
                    || !doc.is_cap(w)
                        && !is_verb_shaped(f)
                        && !matches!(
                            f,
                            "и" | "или"
                                | "а"
                                | "но"
                                | "что"
                                | "как"
                                | "не"
                                | "также"
                                | "в"
                                | "во"
                                | "на"
                                | "о"
                                | "об"
                                | "от"
                                | "у"
                                | "это"
                                | "за"
                        ));
            if !skippable {
                return None;
            }
            if !super::super::bodies::is_genitive_shaped_pub(f) || is_abbr(tok) {
                comp_ok = false;
            }
            skipped += 1;
            j -= 1;
        }
    }

    /// The name of a quoted `core` announced by type `t`.
    pub(super) fn typed_name(
        &self,
        doc: &Doc,
        t: &TypeRef,
        core: &str,
        park_adj: &OnceCell<Vec<String>>,
    ) -> (String, OrgKind, bool) {
        // "технопарка «Технополис «Москва»»": the quoted name carries its
        // own type word, and the outer one is only what it is.
        if let Some((ty_words, inner)) = core.split_once(" «") {
            let self_typed = inner.ends_with('»')
                && !inner.contains('«')
                && (1..=3).contains(&ty_words.split(' ').count());
            if self_typed {
                let kind = match t {
                    TypeRef::Abbr(_) => OrgKind::Company,
                    TypeRef::Listed(ti, _, _) => self.types[*ti].kind,
                };
                return (core.to_string(), kind, true);
            }
        }
        match t {
            TypeRef::Abbr(a) => (format!("{a} «{core}»"), OrgKind::Company, true),
            TypeRef::Listed(ti, head, comp) => {
                let ty = &self.types[*ti];
                match &ty.naming {
                    Naming::Bare => (core.to_string(), ty.kind, false),
                    Naming::As(a) => (format!("{a} «{core}»"), ty.kind, true),
                    Naming::Keep if self.exact.contains_key(doc.tok(*head)) => {
                        (format!("{} «{core}»", ty.nom), ty.kind, true)
                    }
                    Naming::Keep => {
                        let mut adjs = adjectives_before(doc, *head, ty.gender);
                        if adjs.is_empty() && ty.nom == "парк" {
                            adjs = park_adj.get_or_init(|| self.park_adjective(doc)).clone();
                        }
                        let (_, head_nom) = self
                            .noun_at(doc, *head)
                            .unwrap_or((*ti, ty.nom.as_str().into()));
                        let mut name = adjs.join(" ");
                        if !name.is_empty() {
                            name.push(' ');
                        }
                        name.push_str(&head_nom);
                        if let Some((a, b)) = comp {
                            name.push(' ');
                            name.push_str(&doc.text[doc.toks[*a].start..doc.toks[b - 1].end]);
                        }
                        (
                            format!("{} «{core}»", cap(&name.to_lowercase())),
                            ty.kind,
                            true,
                        )
                    }
                }
            }
        }
    }

    /// The adjectives the article first uses with "парк" ("индустриальных
    /// парков … о парках «Грабцево»"), for a park named without them.
    pub(super) fn park_adjective(&self, doc: &Doc) -> Vec<String> {
        let Some(&t) = self.nouns.get("парк") else {
            return Vec::new();
        };
        for k in 1..doc.toks.len() {
            step(1);
            if doc.is_word(k)
                && self.noun_starts.may_start(doc.ftok(k).as_bytes())
                && self.nouns.get(doc.ftok(k)) == Some(&t)
            {
                let a = adjectives_before(doc, k, self.types[t].gender);
                if !a.is_empty() {
                    return a;
                }
            }
        }
        Vec::new()
    }

    /// A known organisation named by the folded `core` (year stripped).
    pub(super) fn known_named(&self, text: &str) -> Option<usize> {
        let t = strip_edition(text);
        self.known_exact
            .get(t)
            .or_else(|| self.known_forms.get(&fold(t)))
            .copied()
    }

    /// A quoted name that is a type phrase itself: «Кластер умной
    /// промышленности», «Оренбургский хладокомбинат», «Туканский
    /// металлургический комплекс». Tokens `a..b`.
    pub(super) fn inner_phrase(&self, doc: &Doc, a: usize, b: usize) -> Option<(String, OrgKind)> {
        if !doc.is_cap(a) || b <= a + 1 {
            return None;
        }
        if let Some((t, _)) = self.noun_at(doc, a) {
            let kind = self.types[t].kind;
            if self.types[t].naming == Naming::Bare || kind == OrgKind::Cluster {
                let text = doc.text[doc.toks[a].start..doc.toks[b - 1].end].to_string();
                return Some((text, kind));
            }
            return None;
        }
        let mut h = a;
        while h < b && h < a + 3 && doc.is_word(h) && self.noun_at(doc, h).is_none() {
            h += 1;
        }
        let (t, head_nom) = self.noun_at(doc, h).filter(|_| h < b)?;
        let ty = &self.types[t];
        if !matches!(
            ty.kind,
            OrgKind::Plant | OrgKind::Company | OrgKind::Cluster
        ) {
            return None;
        }
        let mut adjs = Vec::new();
        for k in a..h {
            let w = doc.tok(k);
            let n = adj_nominative(w, ty.gender)?;
            adjs.push(n);
        }
        let (end, words) = genitive_complement(doc, h + 1, false);
        if h + 1 < b && (end != b || words == 0) {
            return None;
        }
        let mut name = format!("{} {head_nom}", adjs.join(" "));
        if h + 1 < b {
            name.push(' ');
            name.push_str(&doc.text[doc.toks[h + 1].start..doc.toks[b - 1].end]);
        }
        let kind = if ty.kind == OrgKind::Company && head_nom.contains("завод") {
            OrgKind::Plant
        } else {
            ty.kind
        };
        Some((name, kind))
    }

    /// The quoted name at `open..=close` if a rule accepts it.
    pub(super) fn quoted(
        &self,
        doc: &Doc,
        open: usize,
        close: usize,
        ty: Option<&TypeRef>,
        park_adj: &OnceCell<Vec<String>>,
    ) -> Option<Cand> {
        let (a, b) = (open + 1, close);
        if b <= a || close - open - 1 > 8 {
            return None;
        }
        let text = quote_text(doc, a, b);
        if !text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            return None;
        }
        let known = self.known_named(&text);
        let mut made: Option<(String, OrgKind, bool)> = None;
        if let Some(t) = ty {
            let (name, kind, keeps) = self.typed_name(doc, t, &text, park_adj);
            if keeps {
                made = Some((name, kind, true));
            } else if let Some(k) = known {
                made = Some((self.known[k].name.clone(), self.known[k].kind, false));
            } else {
                let kind = if kind == OrgKind::Company && fold(&text).contains("завод") {
                    OrgKind::Plant
                } else {
                    kind
                };
                let name = if kind == OrgKind::Event {
                    strip_edition(&text).to_string()
                } else {
                    name
                };
                made = Some((name, kind, false));
            }
        }
        if made.is_none() {
            if let Some(k) = known {
                made = Some((self.known[k].name.clone(), self.known[k].kind, false));
            } else if let Some((name, kind)) = self.inner_phrase(doc, a, b) {
                made = Some((name, kind, false));
            } else if !names_a_non_org(doc, open)
                && (is_place_adjective_name(doc, a, b)
                    || (b - a <= 4 && self.acts_as_company(doc, close)))
            {
                made = Some((text.clone(), OrgKind::Company, false));
            }
        }
        let (name, kind, _) = made?;
        if text.contains(['«', '"']) && !name.contains('«') && known.is_none() {
            return None;
        }
        Some(Cand {
            start: doc.toks[open].start,
            stok: open,
            etok: close + 1,
            name,
            core: Some(fold(strip_edition(&text))),
            short: abbreviation_after(doc, close + 1),
            kind,
        })
    }

    /// Whether what follows the quote closing at `close` makes it a
    /// company: a business verb ("«Мол Фрост» вложит", "«Техновек»
    /// запустил") or a dash and a company noun ("«Севмаш» — одно из
    /// крупнейших судостроительных предприятий").
    pub(super) fn acts_as_company(&self, doc: &Doc, close: usize) -> bool {
        const VERBS: &[&str] = &[
            "вложит",
            "вложил",
            "инвестир",
            "построит",
            "построил",
            "запуст",
            "откроет",
            "открыл",
            "выпуст",
            "выпускает",
            "производит",
            "произвел",
            "планирует",
            "намерен",
            "приобрел",
            "приобретет",
            "начнет",
            "создаст",
            "создал",
            "реализует",
            "нарастил",
            "модернизир",
            "локализ",
            "поставляет",
            "поставит",
            "поставил",
            "отгрузил",
            "экспортир",
            "наладил",
            "освоил",
            "разместит",
            "разместил",
            "ввел",
            "введет",
        ];
        let k = close + 1;
        let w = doc.ftok(k);
        if doc.is_word(k) && VERBS.iter().any(|v| w.starts_with(v)) {
            return true;
        }
        if doc.is_punct(k, "—–-") {
            for m in k + 1..k + 7 {
                step(1);
                if !doc.is_word(m) {
                    return false;
                }
                if let Some((t, _)) = self.noun_at(doc, m) {
                    return matches!(self.types[t].kind, OrgKind::Company | OrgKind::Plant);
                }
            }
        }
        false
    }

    /// Bare quoted names equal to a found one, and quoted names listed
    /// next to found companies or plants. Indexed by core and by token
    /// ends, so the work is linear in the number of quotes.
    pub(super) fn resolve_loose(&self, doc: &Doc, cands: &mut Vec<Cand>, loose: Vec<Loose>) {
        let mut by_core: HashMap<String, (String, OrgKind)> = HashMap::new();
        // Token span edges of companies and plants (not events or zones:
        // "выставке «Иннопром», «Кубанские новости»").
        let mut ends: HashSet<usize> = HashSet::new();
        let mut starts: HashSet<usize> = HashSet::new();
        for c in cands.iter() {
            step(1);
            let nk = (c.name.clone(), c.kind);
            if let Some(core) = &c.core {
                by_core.entry(core.clone()).or_insert_with(|| nk.clone());
            }
            by_core.entry(fold(&c.name)).or_insert(nk);
            if matches!(c.kind, OrgKind::Company | OrgKind::Plant) {
                ends.insert(c.etok);
                starts.insert(c.stok);
            }
        }
        let sep = |k: usize| doc.is_punct(k, ",") || doc.ftok(k) == "и";
        // "по программам финансирования «Производительность»,
        // «Комплектующие», «Лесопереработка»": a programme's name, and
        // the names listed after it, are not companies.
        let mut done = vec![false; loose.len()];
        for i in 0..loose.len() {
            let l = &loose[i];
            let after_listed = i > 0
                && done[i - 1]
                && l.open >= 1
                && loose[i - 1].close + 2 == l.open
                && sep(l.open - 1);
            done[i] = names_a_non_org(doc, l.open) || after_listed;
        }
        // Forward then backward, so a list is taken from either end.
        for pass in 0..2 {
            let order: Vec<usize> = if pass == 0 {
                (0..loose.len()).collect()
            } else {
                (0..loose.len()).rev().collect()
            };
            for li in order {
                step(1);
                if done[li] {
                    continue;
                }
                let l = &loose[li];
                let found = by_core.get(&l.core).cloned().or_else(|| {
                    let listed = (l.open >= 1 && sep(l.open - 1) && ends.contains(&(l.open - 1)))
                        || (sep(l.close + 1) && starts.contains(&(l.close + 2)));
                    if listed && l.text.split(' ').count() <= 4 {
                        return Some((l.text.clone(), OrgKind::Company));
                    }
                    brand_name(doc, l).map(|n| (n, OrgKind::Company))
                });
                let Some((name, kind)) = found else {
                    continue;
                };
                done[li] = true;
                if kind == OrgKind::Company || kind == OrgKind::Plant {
                    ends.insert(l.close + 1);
                    starts.insert(l.open);
                }
                cands.push(Cand {
                    start: doc.toks[l.open].start,
                    stok: l.open,
                    etok: l.close + 1,
                    name,
                    core: Some(l.core.clone()),
                    short: None,
                    kind,
                });
            }
        }
    }
}

/// A one-word quoted name the dictionary does not know or knows as an
/// organisation («Техновек», «Газпромнефти») is a brand: a company. Words
/// it knows as common words, people or places («Стрела», «Волга») are
/// left out. Oblique forms are brought to the dictionary's nominative.
pub(super) fn brand_name(doc: &Doc, l: &Loose) -> Option<String> {
    use super::super::dict::Tags;
    if l.close != l.open + 2 || !doc.is_word(l.open + 1) {
        return None;
    }
    let w = doc.tok(l.open + 1);
    // Model codes ("Ясень-М", "Су-57") are products, not makers.
    if w.chars().count() < 4
        || !w.chars().all(|c| c.is_alphabetic() || c == '-')
        || w.split('-').any(|p| p.chars().count() <= 2)
    {
        return None;
    }
    let lex = super::super::dict::lexicon()?;
    let a = lex.analyse(w);
    let best = a.first()?;
    let personal = a.iter().any(|x| {
        !x.tags.has(Tags::GUESS)
            && (x.tags.has(Tags::NAME) || x.tags.has(Tags::SURN) || x.tags.has(Tags::GEOX))
    });
    let known_word = a
        .iter()
        .any(|x| !x.tags.has(Tags::GUESS) && !x.tags.has(Tags::ORGN));
    if personal || known_word && !a.iter().any(|x| x.tags.has(Tags::ORGN)) {
        return None;
    }
    // A guessed word's lemma is unreliable ("Техновека" → "техновеко"):
    // only names written in the nominative are taken as they are.
    match best.case {
        Some(c) if c != 0 && c != 3 => {
            (!best.tags.has(Tags::GUESS)).then(|| super::super::dict::capitalise(&best.lemma))
        }
        _ => Some(w.to_string()),
    }
}

/// "по новой программе «Арктическая локализация»", "нацпроекта
/// «Производительность»": a noun before the quote (one adjective may stand
/// between) says the name is a programme, a project or a prize, so a name
/// that only looks like a company's is not taken.
pub(super) fn names_a_non_org(doc: &Doc, open: usize) -> bool {
    const HEADS: &[&str] = &[
        "программ",
        "подпрограмм",
        "госпрограмм",
        "проект",
        "нацпроект",
        "конкурс",
        "преми",
        "стратеги",
        "инициатив",
        "марафон",
    ];
    (open.saturating_sub(2)..open)
        .filter(|&k| doc.is_word(k) && !doc.is_cap(k))
        .any(|k| {
            let w = doc.ftok(k);
            HEADS.iter().any(|h| w.starts_with(h))
        })
}

/// «Уральский бройлер», «Орский бекон», «Уральские локомотивы»: a
/// quoted place adjective in the nominative and one or two lower-case
/// nouns names a company (or a newspaper), not a programme.
pub(super) fn is_place_adjective_name(doc: &Doc, a: usize, b: usize) -> bool {
    const NOT_COMPANY: &[&str] = &[
        "гектар",
        "школа",
        "стандарт",
        "ипотека",
        "программа",
        "проект",
        "инициатива",
        "марафон",
        "неделя",
        "премия",
        "конкурс",
        "маршрут",
        "кольцо",
        "путь",
        "дом",
        "экспресс",
        "характер",
        "бренд",
        "качество",
        // Newspapers and channels are media, not companies.
        "новост",
        "вест",
        "ведомост",
        "известия",
        "правд",
        "газет",
        "хроник",
        "рабоч",
        "телеграф",
        "курьер",
        "обозрени",
        "время",
        "радио",
        "телевидени",
        "знам",
        "панорам",
    ];
    let words = b - a;
    if !(2..=3).contains(&words)
        || !doc.is_cap(a)
        || (a + 1..b).any(|k| !doc.is_word(k) || doc.is_cap(k))
    {
        return false;
    }
    let first = doc.ftok(a);
    let place_adj = [
        "ский", "ская", "ское", "ские", "цкий", "цкая", "цкое", "цкие",
    ]
    .iter()
    .any(|s| first.ends_with(s))
        && first.chars().count() > 6;
    let last = doc.ftok(b - 1);
    place_adj && !NOT_COMPANY.iter().any(|n| last.starts_with(n))
}

/// The text inside quotes, its own quotes made typographic.
pub(super) fn quote_text(doc: &Doc, a: usize, b: usize) -> String {
    let t = doc.text[doc.toks[a].start..doc.toks[b - 1].end].trim();
    let mut out = String::with_capacity(t.len());
    let mut open = true;
    for ch in t.chars() {
        match ch {
            '"' | '“' | '”' | '„' => {
                out.push(if open { '«' } else { '»' });
                open = !open;
            }
            c => out.push(c),
        }
    }
    // The inner name's closing quote, when it was also the outer one's.
    if out.matches('«').count() > out.matches('»').count() {
        out.push('»');
    }
    out
}

/// Drops a yearly edition: "Иннопром-2024", "ПМЭФ-2023", "Армия 2022",
/// "Металл-Экспо'2024" → the event. Other numbers stay ("М-10",
/// "Электротехника-21").
pub(super) fn strip_edition(s: &str) -> &str {
    let t = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &s[t.len()..];
    let base = t.trim_end_matches(['-', ' ', '\'', '’', '–']);
    let sep = &t[base.len()..];
    let year = digits.len() == 4 && (digits.starts_with("20") || digits.starts_with("19"));
    let short_year = digits.len() == 2 && (sep.contains('\'') || sep.contains('’'));
    if base.is_empty() || sep.chars().count() != 1 || !(year || short_year) {
        return s;
    }
    base
}

/// The next quote of a list: ", «", " и «", ", а также «", possibly after a
/// short place ("«Грабцево» в Калужской области, «Узловая»").
pub(super) fn list_next(doc: &Doc, close: usize) -> Option<usize> {
    let mut k = close + 1;
    // "«Ворсино» (Калужская область), «Уфимский» (Башкирия)".
    if doc.is_punct(k, "(") {
        let shut = (k + 1..(k + 8).min(doc.toks.len())).find(|&m| doc.is_punct(m, ")"))?;
        k = shut + 1;
    }
    if matches!(doc.ftok(k), "в" | "на") {
        let mut m = k + 1;
        while m < k + 4 && doc.is_word(m) {
            m += 1;
        }
        if m > k + 1 {
            k = m;
        }
    }
    if doc.is_punct(k, ",") {
        k += 1;
        if doc.ftok(k) == "а" && doc.ftok(k + 1) == "также" {
            k += 2;
        }
    }
    if doc.ftok(k) == "и" {
        k += 1;
    }
    (k > close + 1 && opens_quote(doc, k)).then_some(k)
}

pub(super) fn loose_quote(doc: &Doc, open: usize, close: usize) -> Option<Loose> {
    if close - open - 1 > 6 {
        return None;
    }
    let text = quote_text(doc, open + 1, close);
    if !text.chars().next().is_some_and(char::is_uppercase) || text.contains('«') {
        return None;
    }
    Some(Loose {
        open,
        close,
        core: fold(strip_edition(&text)),
        text,
    })
}

/// Whether the quote at token `i` opens a name: «, “, or a straight quote
/// with a space (or nothing) before it and a letter after it.
pub(super) fn opens_quote(doc: &Doc, i: usize) -> bool {
    if doc.is_punct(i, "«“„") {
        return true;
    }
    if !doc.is_punct(i, "\"") {
        return false;
    }
    let t = doc.toks[i];
    let after = doc.text[t.end..].chars().next();
    let before = doc.text[..t.start].chars().next_back();
    after.is_some_and(|c| !c.is_whitespace() && !",.;:!?)".contains(c))
        && before.is_none_or(|c| c.is_whitespace() || "(«\"-–—/".contains(c))
}

/// Whether the quote at token `i` closes one: », ”, or a straight quote
/// right after a non-space.
pub(super) fn closes_quote(doc: &Doc, i: usize) -> bool {
    if doc.is_punct(i, "»”") {
        return true;
    }
    doc.is_punct(i, "\"")
        && doc.text[..doc.toks[i].start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
}

/// The token index of the quote closing the one at `open`, same paragraph,
/// allowing nested pairs.
pub(super) fn closing_quote(doc: &Doc, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut inner_open: Option<usize> = None;
    for k in open + 1..doc.toks.len().min(open + 30) {
        if doc.is_punct(k, "\n") {
            return None;
        }
        if closes_quote(doc, k) {
            if depth == 0 {
                return Some(k);
            }
            depth -= 1;
            // "«Технополис «Москва», …": a name in a name whose two closing
            // quotes are printed as one.
            if depth == 0 && inner_open.is_some_and(|o| o <= open + 3) && !closes_quote(doc, k + 1)
            {
                return Some(k);
            }
        } else if opens_quote(doc, k) {
            depth += 1;
            inner_open.get_or_insert(k);
        }
    }
    None
}
