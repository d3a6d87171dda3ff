//! The table of known outlets (`data/outlets.toml`), loaded and validated
//! once.
//!
//! An article's outlet is only ever a name from this table, a bare domain,
//! a dateline credit or an explicit "Источник:" line (see [`super::source`]).
//! The table turns what a page prints — "/ТАСС/", "ИНТЕРФАКС", "– РИА
//! Новости.", "ria.ru", "Редакция Орен.Ру" — into one canonical name, and
//! its `never` list names what sits in page chrome but is never an outlet
//! (web counters, analytics, social networks, aggregators' own brands).

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const OUTLETS: &str = include_str!("data/outlets.toml");

/// One outlet: the name it is shown under, how else it prints itself, and
/// its hosts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub domains: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    outlet: Vec<Outlet>,
    never: Never,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Never {
    names: Vec<String>,
}

/// The validated table with its lookup indexes.
#[derive(Debug)]
pub struct Table {
    pub outlets: Vec<Outlet>,
    by_key: HashMap<String, usize>,
    by_domain: HashMap<String, usize>,
    never: HashSet<String>,
    /// Every printed form (name and aliases) as its `key`, longest first,
    /// for reading a credit at the start of a text.
    forms: Vec<(String, usize)>,
}

/// The built-in table. Panics only if the compiled-in file is invalid, which
/// the unit tests rule out.
pub fn table() -> &'static Table {
    static T: LazyLock<Table> =
        LazyLock::new(|| parse(OUTLETS).unwrap_or_else(|e| panic!("outlets.toml: {e}")));
    &T
}

/// Comparison key: case, ё, quotes and spacing do not matter.
///
/// [`crate::model::fold_name`] of `s` without its quotes, in one pass with
/// a fast path for Russian and ASCII letters: the source rules fold every
/// short chrome line, and the copy plus the Unicode case tables were 4 % of
/// cleaning.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Whitespace seen since the last char written; it becomes one space
    // before the next char, and none at either end (fold_name trims).
    let mut space = false;
    for c in s.chars() {
        let lower = match c {
            '«' | '»' | '"' | '“' | '”' | '„' => continue,
            'а'..='я' | 'a'..='z' | '0'..='9' => c,
            'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            'ё' | 'Ё' => 'е',
            c if c.is_whitespace() => {
                space = true;
                continue;
            }
            c if c.is_ascii() => c.to_ascii_lowercase(),
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.extend(c.to_lowercase());
                continue;
            }
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(lower);
    }
    out
}

/// Reads and validates a table: every entry has a clean name, no printed
/// form belongs to two outlets, domains are bare lowercase hosts.
pub fn parse(text: &str) -> Result<Table, String> {
    let raw: RawTable = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut by_key = HashMap::new();
    let mut by_domain = HashMap::new();
    let mut forms = Vec::new();
    for (i, o) in raw.outlet.iter().enumerate() {
        for form in std::iter::once(&o.name).chain(&o.aliases) {
            if form.trim() != form || form.is_empty() || form.contains("  ") {
                return Err(format!("{:?}: badly spaced name {form:?}", o.name));
            }
            if let Some(j) = by_key.insert(key(form), i) {
                if j != i {
                    return Err(format!(
                        "{form:?} names both {:?} and {:?}",
                        raw.outlet[j].name, o.name
                    ));
                }
            }
            forms.push((key(form), i));
        }
        for d in &o.domains {
            let bare = d.strip_prefix("www.").is_none()
                && *d == d.to_lowercase()
                && d.contains('.')
                && !d.contains(['/', ' ', ':']);
            if !bare {
                return Err(format!("{:?}: domain {d:?} is not a bare host", o.name));
            }
            if by_domain.insert(d.clone(), i).is_some() {
                return Err(format!("domain {d:?} listed twice"));
            }
        }
    }
    let never: HashSet<String> = raw.never.names.iter().map(|n| key(n)).collect();
    if let Some(clash) = by_key.keys().find(|k| never.contains(*k)) {
        return Err(format!("{clash:?} is both an outlet and never one"));
    }
    forms.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
    Ok(Table {
        outlets: raw.outlet,
        by_key,
        by_domain,
        never,
        forms,
    })
}

impl Table {
    /// The outlet a printed name (or one of its domains) stands for.
    pub fn lookup(&self, s: &str) -> Option<&Outlet> {
        let s = s.trim().trim_end_matches(['.', ',', ':']);
        if let Some(&i) = self.by_key.get(&key(s)) {
            return Some(&self.outlets[i]);
        }
        if is_domain(s) {
            return self.by_domain(s);
        }
        None
    }

    /// [`Table::lookup`] for a name already folded with [`key`] (no domain
    /// fallback).
    pub fn lookup_key(&self, k: &str) -> Option<&Outlet> {
        self.by_key.get(k).map(|&i| &self.outlets[i])
    }

    /// [`Table::is_never`] for a name already folded with [`key`].
    pub fn is_never_key(&self, k: &str) -> bool {
        self.never.contains(k)
    }

    /// The outlet of a host: "www." and mobile/AMP prefixes are ignored and
    /// a subdomain falls back to its parent ("kuzbass.aif.ru" is listed,
    /// "omsk.aif.ru" gives АиФ).
    pub fn by_domain(&self, host: &str) -> Option<&Outlet> {
        let mut h = host.trim().to_lowercase();
        for p in ["https://", "http://"] {
            if let Some(rest) = h.strip_prefix(p) {
                h = rest.to_string();
            }
        }
        let mut h = h.split('/').next().unwrap_or("").to_string();
        loop {
            if let Some(&i) = self.by_domain.get(&h) {
                return Some(&self.outlets[i]);
            }
            match h.split_once('.') {
                Some((_, parent)) if parent.contains('.') => h = parent.to_string(),
                _ => return None,
            }
        }
    }

    /// A counter, an analytics or social-network name: never an outlet.
    pub fn is_never(&self, s: &str) -> bool {
        let s = s.trim().trim_end_matches(['.', ',']);
        self.never.contains(&key(s)) || (is_domain(s) && self.never.contains(&s.to_lowercase()))
    }

    /// The outlet whose printed form opens `text` (followed by a non-letter),
    /// with the byte length of that form. The longest form wins, so
    /// "ИНТЕРФАКС-ЮГ" is not read as "ИНТЕРФАКС".
    pub fn credit_prefix(&self, text: &str) -> Option<(&Outlet, usize)> {
        let folded_text = key_prefix(text);
        for (f, i) in &self.forms {
            if let Some(rest) = folded_text.strip_prefix(f.as_str()) {
                if !rest.chars().next().is_some_and(super::lines::is_letter) {
                    // Map the folded length back onto `text`.
                    let n = byte_len_of_prefix(text, f.chars().count());
                    return Some((&self.outlets[*i], n));
                }
            }
        }
        None
    }
}

/// `key` of the first 60 characters of `text`, without trimming so
/// positions still line up (quotes are dropped by both sides alike).
fn key_prefix(text: &str) -> String {
    let head: String = text
        .chars()
        .filter(|c| !matches!(c, '«' | '»' | '"' | '“' | '”' | '„'))
        .take(60)
        .collect();
    head.chars()
        .map(|c| match c {
            'ё' | 'Ё' => 'е',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Byte length of the prefix of `text` that holds `n` characters other than
/// quotes.
fn byte_len_of_prefix(text: &str, n: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen == n {
            return i;
        }
        if !matches!(c, '«' | '»' | '"' | '“' | '”' | '„') {
            seen += 1;
        }
    }
    text.len()
}

/// A bare host as printed on a page: "om1.ru", "Орен.Ру", "мтв.онлайн",
/// "www.tass.ru". No spaces, no "@", a known top-level domain.
pub fn is_domain(s: &str) -> bool {
    const TLDS: &[&str] = &[
        "ru",
        "su",
        "рф",
        "ру",
        "com",
        "net",
        "org",
        "info",
        "biz",
        "pro",
        "news",
        "tv",
        "media",
        "online",
        "онлайн",
        "name",
        "cn",
        "io",
    ];
    let s = s.trim();
    if s.is_empty() || s.contains([' ', '@', '/', ':']) || s.chars().count() > 40 {
        return false;
    }
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && TLDS.contains(&parts[parts.len() - 1].to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_fold_name_without_quotes() {
        for s in [
            "  «Кубанские\u{a0}  Новости» ",
            "РИА «Новости»",
            "« »",
            "ЁЛКИ Ltd.ru",
            "\"Ореанда-Новости\" ",
            "ΣΊΣΥΦΟΣ İstanbul Ǆ",
            "a «  b",
            "",
        ] {
            let unquoted: String = s
                .chars()
                .filter(|c| !matches!(c, '«' | '»' | '"' | '“' | '”' | '„'))
                .collect();
            assert_eq!(key(s), crate::model::fold_name(&unquoted), "{s:?}");
        }
    }

    #[test]
    fn built_in_table_loads_and_every_entry_is_well_formed() {
        let t = table();
        assert!(t.outlets.len() >= 80, "{} outlets", t.outlets.len());
        for o in &t.outlets {
            assert!(!o.name.is_empty());
            assert!(!t.is_never(&o.name), "{} is on the never list", o.name);
            assert_eq!(t.lookup(&o.name).map(|x| &x.name), Some(&o.name));
            for a in &o.aliases {
                assert_eq!(t.lookup(a).map(|x| &x.name), Some(&o.name), "alias {a}");
            }
            for d in &o.domains {
                assert!(is_domain(d), "{d}");
                assert_eq!(t.by_domain(d).map(|x| &x.name), Some(&o.name), "{d}");
            }
        }
    }

    #[test]
    fn invalid_tables_are_refused() {
        let dup = "[[outlet]]\nname = \"А\"\naliases = [\"Б\"]\n[[outlet]]\nname = \"Б\"\n[never]\nnames = []\n";
        assert!(parse(dup).unwrap_err().contains("names both"));
        let www = "[[outlet]]\nname = \"А\"\ndomains = [\"www.a.ru\"]\n[never]\nnames = []\n";
        assert!(parse(www).unwrap_err().contains("bare host"));
        let never = "[[outlet]]\nname = \"А\"\n[never]\nnames = [\"а\"]\n";
        assert!(parse(never).is_err());
        assert!(parse("[[outlet]]\nname = \"А\"\nfoo = 1\n[never]\nnames = []\n").is_err());
    }

    #[test]
    fn lookups() {
        let t = table();
        assert_eq!(t.lookup("ИНТЕРФАКС").unwrap().name, "Интерфакс");
        assert_eq!(t.lookup("РИА ФедералПресс").unwrap().name, "ФедералПресс");
        assert_eq!(t.by_domain("www.ria.ru").unwrap().name, "РИА Новости");
        assert_eq!(t.by_domain("ufa.rbc.ru").unwrap().name, "РБК Уфа");
        assert_eq!(
            t.by_domain("omsk.aif.ru").unwrap().name,
            "Аргументы и факты"
        );
        assert!(t.is_never("Top.Mail.Ru") && t.is_never("Рейтинг@Mail.ru"));
        let (o, n) = t.credit_prefix("ИНТЕРФАКС-ЮГ - Текст").unwrap();
        assert_eq!((o.name.as_str(), n), ("Интерфакс-Юг", "ИНТЕРФАКС-ЮГ".len()));
        assert!(t.credit_prefix("Интерфаксовый").is_none());
        assert!(is_domain("om1.ru") && is_domain("Орен.Ру") && !is_domain("Рейтинг@Mail.ru"));
    }
}
