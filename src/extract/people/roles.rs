//! Roles: the post before or after a name, in official words, with the
//! region it belongs to.

use super::*;

impl People {
    /// The role phrase ending right before token `name`: one role
    /// ("генерального директора ООО «…»"), with what may stand before its
    /// head ("исполняющий обязанности", "и. о.", "врио") and, across a
    /// dash, the post the same person holds too ("заместитель председателя
    /// правительства – министр экономики …").
    pub(super) fn role_before(&self, doc: &Doc, name: usize, ctx: &RoleCtx) -> Option<String> {
        let mut start = self.role_head_left(doc, name, ctx)?;
        loop {
            start = acting_prefix(doc, start);
            let dash = start.checked_sub(1).filter(|&d| doc.is_punct(d, "–—-"));
            match dash.and_then(|d| self.role_head_left(doc, d, ctx)) {
                Some(s) => start = s,
                None => break,
            }
        }
        let end = doc.toks[name - 1].end;
        Some(self.normalise_role(doc, start, name, end, ctx))
    }

    /// The first token of the role phrase that ends right before token
    /// `end` — its head run ("первого заместителя") followed by a genitive
    /// complement — or `None` when no role noun heads the words before it.
    pub(super) fn role_head_left(&self, doc: &Doc, end: usize, ctx: &RoleCtx) -> Option<usize> {
        self.head_left(doc, end, ctx, |p| self.role_noun(doc, p).is_some())
    }

    /// [`Self::role_head_left`] with the head noun told by `is_head`.
    pub(super) fn head_left(
        &self,
        doc: &Doc,
        end: usize,
        ctx: &RoleCtx,
        is_head: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut k = end;
        let mut head: Option<usize> = None;
        let mut steps = 0;
        while k > 0 && steps < 16 {
            let p = k - 1;
            // A region name is one step, whatever it holds: "Кемеровской
            // области – Кузбасса", "Республики Саха (Якутия)".
            if let Some(h) = first_overlapping(
                ctx.hits,
                |h| (h.start, h.end),
                doc.toks[p].start,
                doc.toks[p].end,
            ) {
                let first = doc.tok_at(h.start);
                if head.is_none() && first < p {
                    k = first;
                    steps += 1;
                    continue;
                }
            }
            if is_head(p) {
                head = Some(p);
                k = p;
                steps += 1;
                continue;
            }
            if head.is_some() {
                if doc.is_word(p) && is_role_adjective(doc.tok(p)) {
                    head = Some(p);
                    k = p;
                    continue;
                }
                break;
            }
            // A quoted name or a bracket is one step: "ООО «Управляющая
            // компания „Столыпинский индустриальный парк“»", "(куда входит …)".
            if let Some(open) = group_open(doc, p) {
                k = open;
                steps += 1;
                continue;
            }
            if !self.complement_token(doc, p, ctx) {
                break;
            }
            k = p;
            steps += 1;
        }
        head.filter(|&h| h < end)
    }

    /// Whether token `p`, before any role noun was met, can belong to a
    /// role's complement: genitive-shaped or oblique words ("промышленности",
    /// "по вопросам экономической политики"), capitalised names, "S7".
    pub(super) fn complement_token(&self, doc: &Doc, p: usize, ctx: &RoleCtx) -> bool {
        if doc.toks[p].kind == super::super::text::Kind::Num {
            // Glued to a word: "S7", "№1".
            let t = doc.toks[p];
            return p > 0 && doc.toks[p - 1].end == t.start
                || doc.toks.get(p + 1).is_some_and(|n| n.start == t.end);
        }
        if !doc.is_word(p) {
            let in_region = |t: usize| {
                let t = doc.toks[t];
                containing(ctx.hits, |h| (h.start, h.end), t.start, t.end).is_some()
            };
            return doc.is_punct(p, ",«»\"“”„")
                // "Кемеровской области – Кузбасса": two names of one region.
                || doc.is_punct(p, "–—-") && p > 0 && in_region(p - 1) && in_region(p + 1);
        }
        let w = doc.ftok(p);
        // Another person's name ends the role: "… Илья Шестаков, губернаторы".
        if doc.is_cap(p)
            && p > 0
            && self.first_name_at(doc, p - 1)
            && self.role_noun(doc, p - 1).is_none()
        {
            return false;
        }
        if doc.is_cap(p) || matches!(w, "и" | "по" | "при" | "им" | "имени") {
            return true;
        }
        if w.ends_with("ся") {
            return false;
        }
        if p > 0 && (doc.ftok(p - 1).ends_with("ых") || doc.ftok(p - 1).ends_with("их")) {
            return true;
        }
        let shaped =
            super::super::bodies::is_genitive_shaped_pub(w) || w.ends_with('ю') || w.ends_with('у');
        match super::super::dict::lexicon().map(|lex| lex.analyse(w)) {
            Some(a) if !a.is_empty() => {
                let best = a[0].tags;
                !(best.has(Tags::VERB) || best.has(Tags::OTHER_POS) && !best.has(Tags::NOUN))
                    && (shaped || oblique_noun_phrase_word(&a))
            }
            _ => shaped,
        }
    }

    /// One plural post shared by two people named together: "губернаторы
    /// Калининградской области и Камчатского края Алексей Беспрозванных и
    /// Владимир Солодов" gives the first the first complement and the second
    /// the second. Returns the first person's role, the token where the
    /// second person's name starts and that person's role.
    pub(super) fn shared_role(
        &self,
        doc: &Doc,
        name: usize,
        name_end: usize,
        ctx: &RoleCtx,
    ) -> Option<(String, usize, String)> {
        let next = name_end + 2;
        if doc.ftok(name_end + 1) != "и" || !self.first_name_at(doc, next) {
            return None;
        }
        let head = self.head_left(doc, name, ctx, |p| {
            doc.is_word(p) && self.plurals.contains_key(doc.ftok(p))
        })?;
        let singular = self.plurals.get(doc.ftok(head))?;
        let complement = doc.text[doc.toks[head].end..doc.toks[name - 1].end].trim();
        let mut parts = complement.split(" и ");
        let (a, b) = (parts.next()?, parts.next()?);
        if parts.next().is_some() || a.is_empty() || b.is_empty() {
            return None;
        }
        Some((format!("{singular} {a}"), next, format!("{singular} {b}")))
    }

    /// An appositive role after the name: "Марат Дорофеев, основатель …".
    pub(super) fn role_after(&self, doc: &Doc, after: usize, ctx: &RoleCtx) -> Option<String> {
        if !doc.is_punct(after, ",") {
            return None;
        }
        self.role_at(doc, after + 1, ctx).map(|(role, _)| role)
    }

    /// The role phrase that starts at token `start` with a role noun (or an
    /// adjective and one), up to the punctuation or verb that ends it, and
    /// the token it stops at; `None` when another person's name follows.
    pub(super) fn role_at(
        &self,
        doc: &Doc,
        start: usize,
        ctx: &RoleCtx,
    ) -> Option<(String, usize)> {
        // A role noun, or an adjective and one ("генеральный директор").
        let headed = self.role_noun(doc, start).is_some()
            || self.role_noun(doc, start + 1).is_some()
                && doc.is_word(start)
                && is_role_adjective(doc.tok(start));
        if !headed {
            return None;
        }
        let mut k = start;
        let mut in_quote = false;
        while k < doc.toks.len() {
            if doc.is_punct(k, "«") {
                in_quote = true;
            } else if doc.is_punct(k, "»") {
                in_quote = false;
            } else if !in_quote && doc.is_cap(k) && k > start && self.first_name_at(doc, k) {
                // ", премьер-министр Татарстана Алексей Песошин": the next
                // person's role, not an appositive.
                return None;
            } else if !in_quote
                && (doc.is_punct(k, ",.;:()\n–—!?")
                    || doc.is_word(k) && k > start + 1 && doc.ftok(k).ends_with("л"))
            {
                break;
            }
            k += 1;
        }
        if k == start {
            return None;
        }
        Some((
            self.normalise_role(doc, start, k, doc.toks[k - 1].end, ctx),
            k,
        ))
    }

    /// A post named without a name after a quote or a statement — "«…», —
    /// подчеркнул министр промышленности и торговли России." — is the post
    /// of the person named last before it. Returns (token of the role noun,
    /// role) for each such echo.
    pub(super) fn echoed_roles(&self, doc: &Doc, ctx: &RoleCtx) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for h in 2..doc.toks.len() {
            let Some(nom) = self.role_noun(doc, h) else {
                continue;
            };
            // The post in the nominative, right after a past-tense verb of
            // saying that follows the quote's comma or dash.
            let verb = h - 1;
            let said = doc.is_word(verb)
                && !doc.is_cap(verb)
                && ["л", "ла"].iter().any(|e| doc.ftok(verb).ends_with(e))
                && doc.ftok(verb).chars().count() > 4
                && doc.is_punct(verb - 1, ",–—-");
            if !said || super::super::text::fold(nom) != doc.ftok(h) {
                continue;
            }
            let Some((role, stop)) = self.role_at(doc, h, ctx) else {
                continue;
            };
            // A name right after the post is that post's holder, found as
            // usual; only a post that ends the sentence is an echo, and a
            // bare "министр" says too little to be one.
            let ends = stop >= doc.toks.len() || doc.is_punct(stop, ".!?\n");
            if ends && stop > h + 1 {
                out.push((h, role));
            }
        }
        out
    }

    /// Puts the head run of a role into the nominative, keeping the
    /// genitive complement as written.
    pub(super) fn normalise_role(
        &self,
        doc: &Doc,
        start: usize,
        stop: usize,
        end: usize,
        ctx: &RoleCtx,
    ) -> String {
        let mut out = String::new();
        let mut pos = doc.toks[start].start;
        let mut in_head = true;
        // After a regional adjective ("краевого правительства"): the token
        // whose end gets the region's genitive instead.
        let mut region_after: Option<(usize, String)> = None;
        let mut k = start;
        while k < stop {
            let t = doc.toks[k];
            if t.start < pos {
                k += 1;
                continue; // inside a replaced region name or a dropped bracket
            }
            if let Some((n, acting)) = acting_words(doc, k) {
                out.push_str(&doc.text[pos..t.start]);
                out.push_str(acting);
                pos = doc.toks[k + n - 1].end;
                k += n;
                // The post acted for stays in the genitive: "исполняющий
                // обязанности председателя".
                in_head = false;
                continue;
            }
            // A bracket inside a role explains the organisation ("(куда
            // входит …)", "(КРКО)"); region names in brackets were taken
            // with their region above.
            if doc.is_punct(k, "(") {
                if let Some(close) = (k + 1..stop).find(|&j| doc.is_punct(j, ")")) {
                    out.push_str(doc.text[pos..t.start].trim_end());
                    pos = doc.toks[close].end;
                    k = close + 1;
                    continue;
                }
            }
            // Region names in their official genitive ("губернатор
            // Прикамья" → "губернатор Пермского края"); a trailing
            // "региона"/"края" names the article's main region.
            let region = starting_at(ctx.hits, |h| h.start, t.start)
                .filter(|h| h.end <= end && h.value.genitive());
            let generic = k + 1 == stop && !doc.is_cap(k) && REGION_WORDS.contains(&doc.ftok(k));
            let canon = match (region, generic, ctx.main) {
                (Some(h), _, _) => {
                    // "Кемеровской области – Кузбасса": the second name of
                    // the same region goes with the first.
                    let rest = &doc.text[h.end..end];
                    let after_dash = rest.trim_start().strip_prefix(['–', '—', '-']);
                    let same = after_dash.and_then(|a| {
                        let at = end - a.trim_start().len();
                        starting_at(ctx.hits, |n| n.start, at)
                            .filter(|n| n.end <= end && n.value.idx == h.value.idx)
                    });
                    let stop = same.map_or(h.end, |n| n.end);
                    Some((ctx.regions.info[h.value.idx].genitive.clone(), stop))
                }
                (None, true, Some(m)) => {
                    // "глава островного региона": the adjective only
                    // describes the region the name now gives.
                    let before = &doc.text[pos..t.start];
                    out.push_str(&before[..before.len() - trailing_region_epithets(before)]);
                    pos = t.start;
                    Some((ctx.regions.info[m].genitive.clone(), t.end))
                }
                _ => None,
            };
            if let Some((g, e)) = canon {
                out.push_str(&doc.text[pos..t.start]);
                out.push_str(&g);
                pos = e;
                in_head = false;
                k += 1;
                continue;
            }
            if let (Some(m), true) = (ctx.main, is_regional_adjective(doc.ftok(k))) {
                // "краевого правительства" → "правительства Пермского края",
                // unless a region is named right after it.
                let next = k + 1;
                let named = doc
                    .toks
                    .get(next + 1)
                    .is_some_and(|n| starting_at(ctx.hits, |h| h.start, n.start).is_some());
                if next < stop && doc.is_word(next) && !named {
                    out.push_str(&doc.text[pos..t.start]);
                    pos = doc.toks[next].start;
                    region_after = Some((next, ctx.regions.info[m].genitive.clone()));
                    k += 1;
                    continue;
                }
            }
            if doc.is_punct(k, "–—") {
                in_head = true;
            }
            let mut repl: Option<String> = None;
            if in_head && doc.is_word(k) {
                if let Some(nom) = self.role_noun(doc, k) {
                    repl = Some(keep_case(doc.tok(k), nom));
                    in_head = false;
                } else if let Some(a) =
                    adjective_nominative(doc.tok(k), Gender::Masc).filter(|a| is_adjective(a))
                {
                    repl = Some(a);
                } else {
                    in_head = false;
                }
            }
            if let Some(r) = repl {
                out.push_str(&doc.text[pos..t.start]);
                out.push_str(&r);
                pos = t.end;
            }
            if let Some((_, g)) = region_after.take_if(|(at, _)| *at == k) {
                out.push_str(&doc.text[pos..t.end]);
                out.push(' ');
                out.push_str(&g);
                pos = t.end;
            }
            k += 1;
        }
        out.push_str(&doc.text[pos.min(end)..end]);
        let mut role = out.trim().trim_end_matches(',').trim().to_string();
        // A role that opens the sentence is capitalised only for that reason.
        if doc.sentence_start(start)
            && doc.is_cap(start)
            && !doc.tok(start).chars().skip(1).any(char::is_uppercase)
        {
            let mut c = role.chars();
            role = c
                .next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or_default();
        }
        role
    }
}

/// A role in its official form, so one post reads the same in every
/// article: region names inside it become the official genitive ("глава
/// Коми" → "глава Республики Коми", "глава КБР" → "глава
/// Кабардино-Балкарской Республики"), and a bare regional post
/// ("губернатор") names the story's region. The country stays as written
/// ("РФ", "России"): both are official.
pub(super) fn canonical_role(role: String, ctx: &RoleCtx) -> String {
    let doc = Doc::new(&role, &[]);
    let hits = ctx.regions.find(&doc);
    let mut out = String::with_capacity(role.len() + 32);
    let mut at = 0;
    for h in &hits {
        if !h.value.genitive() || h.start < at {
            continue;
        }
        out.push_str(&role[at..h.start]);
        out.push_str(&ctx.regions.info[h.value.idx].genitive);
        at = h.end;
    }
    out.push_str(&role[at..]);
    let mut out = official_words(&out);
    // The region the role names first, else the story's.
    let region = hits
        .iter()
        .find(|h| h.value.genitive())
        .map(|h| h.value.idx)
        .or(ctx.main);
    if let Some(m) = region {
        let named_region = hits.iter().any(|h| h.value.genitive());
        out = with_region_of_posts(&out, &ctx.regions.info[m].genitive, |post| {
            post_takes_region(post, named_region, ctx.bodies)
        });
    }
    // "глава правительства" is its chairman: "председатель правительства".
    if let Some(rest) = strip_word_prefix(&out, "глава правительства") {
        out = format!("{} правительства{rest}", keep_case(&out, "председатель"));
    }
    // "глава региона", "руководитель Пермского края": the region's head by
    // the title the region gives them (губернатор, глава, мэр, раис).
    for head in ["глава", "руководитель"] {
        let Some(rest) = strip_word_prefix(&out, head) else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(info) = ctx.regions.info.iter().find(|i| i.genitive == rest) {
            out = format!("{} {rest}", keep_case(&out, &info.head_title));
        }
        break;
    }
    out
}

/// Each post of a (possibly compound) role for which `takes` holds, read
/// as a post of `genitive`'s region ("заместитель председателя
/// правительства Пермского края – министр промышленности и торговли" →
/// "… министр промышленности и торговли Пермского края").
pub(super) fn with_region_of_posts(
    role: &str,
    genitive: &str,
    takes: impl Fn(&str) -> bool,
) -> String {
    let mut out = String::with_capacity(role.len() + genitive.len());
    let mut rest = role;
    loop {
        let cut = [" — ", " – ", " - "]
            .iter()
            .filter_map(|d| rest.find(d).map(|i| (i, d.len())))
            .min();
        let (post, next) = match cut {
            Some((i, n)) => (&rest[..i], Some((&rest[i..i + n], &rest[i + n..]))),
            None => (rest, None),
        };
        out.push_str(post);
        if !post.to_lowercase().contains(&genitive.to_lowercase()) && takes(post) {
            out.push(' ');
            out.push_str(genitive);
        }
        match next {
            Some((dash, tail)) => {
                out.push_str(dash);
                rest = tail;
            }
            None => return out,
        }
    }
}

/// Whether one post of a role, naming no place itself, is a post of the
/// region the role or the story names: a bare regional post
/// ("губернатор") when the role names no region at all; a minister when
/// another post of the same role names the region, or when the ministry's
/// name is no federal one ("министр промышленности, энергетики и ЖКХ").
/// "Министр промышленности и торговли" alone may be the federal minister
/// visiting, so it stays as written.
pub(super) fn post_takes_region(
    post: &str,
    named_region: bool,
    bodies: &super::super::bodies::Bodies,
) -> bool {
    let lower = post.to_lowercase();
    if REGIONAL_POSTS.contains(&lower.as_str()) {
        return !named_region;
    }
    let words: Vec<&str> = lower.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let Some(at) = words
        .iter()
        .position(|w| matches!(*w, "министр" | "министра"))
    else {
        return false;
    };
    if at + 1 == words.len() || words.iter().any(|w| is_place_word(w)) {
        return false;
    }
    let field = lower.split_once("министр").map_or("", |(_, f)| f);
    // "министра промышленности": the genitive's ending is not the field's.
    let field = field.strip_prefix('а').unwrap_or(field).trim();
    named_region || !bodies.is_bare_federal_name(&format!("Министерство {field}"))
}

/// Lower-case words that tie a post to a place already: the country, a
/// region word, a federal city.
pub(super) fn is_place_word(w: &str) -> bool {
    REGION_WORDS.contains(&w)
        || matches!(
            w,
            "россии"
                | "рф"
                | "российской"
                | "федерации"
                | "федерального"
                | "города"
                | "москвы"
                | "санкт-петербурга"
                | "севастополя"
        )
}

/// `s` without the leading words `prefix` (ignoring the case of its first
/// letter), when `prefix` ends at a word boundary.
pub(super) fn strip_word_prefix<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    let rest = &s[prefix.len()..];
    (head.to_lowercase() == prefix && (rest.is_empty() || rest.starts_with(' '))).then_some(rest)
}

/// Shortened and colloquial words in a role replaced by the official ones
/// (`data/role_words.csv`).
pub(super) fn official_words(role: &str) -> String {
    static TABLE: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        data_lines(ROLE_WORDS)
            .filter_map(|l| l.split_once(';'))
            .map(|(a, b)| (a.trim().to_lowercase(), b.trim().to_string()))
            .collect()
    });
    let mut out = String::with_capacity(role.len() + 16);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match table.get(&word.to_lowercase()) {
            Some(official) => out.push_str(&keep_case(word, official)),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in role.chars() {
        if c.is_alphanumeric() || c == '-' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Whether some reading of a word is a noun or an adjective in an oblique
/// case, as the words of a role's complement are ("политике", "вопросам").
pub(super) fn oblique_noun_phrase_word(analyses: &[Analysis]) -> bool {
    analyses.iter().any(|a| {
        (a.tags.has(Tags::NOUN) || a.tags.has(Tags::ADJ)) && matches!(a.case, Some(1 | 2 | 4 | 5))
    })
}

/// An adjective in a role's head run ("первого", "генерального",
/// "индустриального"): the dictionary says so when it is loaded, so a noun
/// with an adjective's ending ("председательством") is not one.
pub(super) fn is_role_adjective(word: &str) -> bool {
    let shaped = adjective_nominative(word, Gender::Masc).is_some_and(|a| is_adjective(&a));
    match super::super::dict::lexicon() {
        Some(lex) => {
            let a = lex.analyse(&word.to_lowercase());
            if a.is_empty() {
                return shaped;
            }
            shaped && a.iter().any(|a| a.tags.has(Tags::ADJ))
        }
        None => shaped,
    }
}

/// The opening token of the quoted name or bracket that ends at token `p`
/// ("«…»", "„…“", "\"…\"", "(…)"), when it opens within a dozen tokens and
/// in the same sentence.
pub(super) fn group_open(doc: &Doc, p: usize) -> Option<usize> {
    let (open, close): (&str, &str) = if doc.is_punct(p, "»") {
        ("«", "»")
    } else if doc.is_punct(p, "“") {
        ("„“", "")
    } else if doc.is_punct(p, "\"") {
        ("\"", "")
    } else if doc.is_punct(p, ")") {
        ("(", ")")
    } else {
        return None;
    };
    let mut depth = 0usize;
    let mut k = p;
    while k > 0 && p - k < 16 {
        k -= 1;
        if doc.is_punct(k, "\n.!?;") && !doc.is_punct(k + 1, "»") {
            return None;
        }
        if !close.is_empty() && doc.is_punct(k, close) {
            depth += 1;
        } else if doc.is_punct(k, open) {
            if depth == 0 {
                return Some(k);
            }
            depth -= 1;
        }
    }
    None
}

/// The acting-post words at token `k` and their canonical form:
/// "исполняющего обязанности" → "исполняющий обязанности".
pub(super) fn acting_words(doc: &Doc, k: usize) -> Option<(usize, &'static str)> {
    let w = |i: usize| doc.ftok(i);
    if w(k) == "временно" && w(k + 1).starts_with("исполняющ") && w(k + 2) == "обязанности"
    {
        return Some((3, "временно исполняющий обязанности"));
    }
    if w(k).starts_with("исполняющ") && w(k + 1) == "обязанности" {
        return Some((2, "исполняющий обязанности"));
    }
    if w(k) == "и" && doc.is_punct(k + 1, ".") && w(k + 2) == "о" && doc.is_punct(k + 3, ".") {
        return Some((4, "и. о."));
    }
    None
}

/// "краевого", "областного", "республиканского": the story's region said
/// as an adjective.
pub(super) fn is_regional_adjective(w: &str) -> bool {
    ["краев", "областн", "республиканск", "окружн"]
        .iter()
        .any(|s| w.starts_with(s) && (w.ends_with("ого") || w.ends_with("ой")))
}

/// Bytes of adjectives at the end of `before` that only describe the
/// region about to be named ("островного ", "нашего "); not "соседнего",
/// which is another region.
pub(super) fn trailing_region_epithets(before: &str) -> usize {
    let mut cut = 0;
    let mut rest = before;
    loop {
        let trimmed = rest.trim_end();
        let word_start = trimmed
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
        let word = &trimmed[word_start..];
        let lower = word.to_lowercase();
        let epithet = (lower.ends_with("ого") || lower.ends_with("его"))
            && !lower.starts_with("соседн")
            && !lower.starts_with("друг")
            && lower.chars().count() > 4
            || lower == "нашего";
        if !epithet || word_start == 0 {
            return cut;
        }
        cut = before.len() - word_start;
        rest = &before[..word_start];
    }
}

/// Extends a role's start over what can stand before its head: "временно
/// исполняющий обязанности", "и. о.", "врио".
pub(super) fn acting_prefix(doc: &Doc, start: usize) -> usize {
    let w = |i: usize| doc.ftok(i);
    if start >= 2 && w(start - 1) == "обязанности" && w(start - 2).starts_with("исполняющ")
    {
        let s = start - 2;
        return if s > 0 && w(s - 1) == "временно" {
            s - 1
        } else {
            s
        };
    }
    if start >= 4
        && w(start - 4) == "и"
        && doc.is_punct(start - 3, ".")
        && w(start - 2) == "о"
        && doc.is_punct(start - 1, ".")
    {
        return start - 4;
    }
    if start >= 1 && w(start - 1) == "врио" {
        return start - 1;
    }
    start
}

/// The nominative plural of a role noun: "губернатор" → "губернаторы",
/// "руководитель" → "руководители", "глава" → "главы", "начальник" →
/// "начальники".
pub(super) fn plural(nom: &str) -> String {
    let Some(last) = nom.chars().last() else {
        return String::new();
    };
    let stem = &nom[..nom.len() - last.len_utf8()];
    match last {
        'ь' | 'й' | 'я' => format!("{stem}и"),
        'а' if stem.ends_with(['к', 'г', 'х', 'ж', 'ш', 'щ', 'ч']) => format!("{stem}и"),
        'а' => format!("{stem}ы"),
        'к' | 'г' | 'х' | 'ж' | 'ш' | 'щ' | 'ч' => format!("{nom}и"),
        _ => format!("{nom}ы"),
    }
}

/// Keeps a capitalised written form capitalised ("Глава Удмуртской
/// Республики").
pub(super) fn keep_case(written: &str, nom: &str) -> String {
    if written.chars().next().is_some_and(char::is_uppercase) {
        let mut c = nom.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        nom.to_string()
    }
}
