//! The OpenCorpora Russian dictionary (≈390k lemmas), through `rsmorphy`.
//!
//! Goes in: one word as written. Comes out: its possible analyses — lemma,
//! part of speech, case, gender, number and the name tags OpenCorpora gives
//! (`Name` first name, `Surn` surname, `Patr` patronymic, `Geox` place,
//! `Orgn` organisation) — most probable first.
//!
//! # Why this shape
//! * Closed classes (regions, bodies, cities) are still matched by generated
//!   case forms ([`super::morph`]): matching needs every form up front, and an
//!   analyser only answers for one word at a time. The dictionary answers the
//!   open questions: is this capitalised word a first name, and of which
//!   gender and case; what is the nominative of this proper name (people's
//!   names, search lemmas of names).
//! * Loaded once per process, on first use, and shared by every thread
//!   ([`lexicon`]); [`preload`] starts the ≈0.3–0.8 s load on a background
//!   thread while the content is still being read.
//! * Only words of 3+ letters, made of Cyrillic letters and inner hyphens,
//!   are asked: `rsmorphy` 0.4 asserts on some one-letter tokens ("ь"), and
//!   nothing shorter can be a name. A panic inside the analyser is caught
//!   and treated as "unknown word", so bad input can never stop a build.
//! * Answers are memoised per word form (proper names repeat across
//!   articles); the memo stops growing at [`MEMO_LIMIT`] forms so a
//!   pathological corpus cannot grow memory without bound.
//! * `rsmorphy-dict-ru` keeps its data files where cargo unpacked the crate
//!   and records that path at build time. When the files are not there (a
//!   binary copied to another machine) the lexicon is absent: extraction
//!   falls back to the rule tables and [`missing_warning`] says so once.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, OnceLock, RwLock};

use rsmorphy::prelude::*;

/// Grammatical case, in the order the rest of `extract` indexes cases
/// (`0 nom, 1 gen, 2 dat, 3 acc, 4 ins, 5 loc`).
pub type CaseIdx = usize;

/// The tags of one analysis that extraction uses, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tags(u32);

impl Tags {
    pub const NOUN: Tags = Tags(1);
    pub const ADJ: Tags = Tags(1 << 1);
    pub const VERB: Tags = Tags(1 << 2);
    pub const NAME: Tags = Tags(1 << 3);
    pub const SURN: Tags = Tags(1 << 4);
    pub const PATR: Tags = Tags(1 << 5);
    pub const GEOX: Tags = Tags(1 << 6);
    pub const ORGN: Tags = Tags(1 << 7);
    pub const MASC: Tags = Tags(1 << 8);
    pub const FEMN: Tags = Tags(1 << 9);
    pub const NEUT: Tags = Tags(1 << 10);
    pub const PLUR: Tags = Tags(1 << 11);
    /// The word is not in the dictionary; the analysis is a guess by analogy.
    pub const GUESS: Tags = Tags(1 << 12);
    pub const ABBR: Tags = Tags(1 << 13);
    pub const OTHER_POS: Tags = Tags(1 << 14);

    pub fn has(self, t: Tags) -> bool {
        self.0 & t.0 == t.0
    }

    fn set(&mut self, t: Tags) {
        self.0 |= t.0;
    }

    /// Any of the proper-name tags.
    pub fn proper(self) -> bool {
        self.0 & (Tags::NAME.0 | Tags::SURN.0 | Tags::PATR.0 | Tags::GEOX.0 | Tags::ORGN.0) != 0
    }
}

/// One reading of a word.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Lower-case dictionary form (nominative singular for nouns).
    pub lemma: Box<str>,
    pub tags: Tags,
    pub case: Option<CaseIdx>,
    /// Probability the analyser gives this reading (they sum to ~1).
    pub score: f32,
}

/// Most forms a memo keeps (≈100 bytes each).
pub const MEMO_LIMIT: usize = 400_000;
const SHARDS: usize = 16;

/// The loaded dictionary plus the memo of answers.
pub struct Lexicon {
    morph: MorphAnalyzer,
    memo: Vec<RwLock<Memo>>,
}

/// Word form → its analyses.
type Memo = HashMap<Box<str>, Arc<[Analysis]>>;

static LEXICON: OnceLock<Option<Lexicon>> = OnceLock::new();

/// The shared lexicon, loading it on first use; `None` when the dictionary
/// files are not installed.
pub fn lexicon() -> Option<&'static Lexicon> {
    LEXICON.get_or_init(load).as_ref()
}

/// Starts loading the lexicon on a background thread (the build reads its
/// content meanwhile); later calls to [`lexicon`] wait for it.
pub fn preload() {
    if LEXICON.get().is_none() {
        std::thread::spawn(|| {
            lexicon();
        });
    }
}

/// A warning for the build log when the dictionary could not be loaded.
pub fn missing_warning() -> Option<String> {
    lexicon().is_none().then(|| {
        format!(
            "словарь OpenCorpora не найден в {}: имена приводятся к именительному падежу только по правилам",
            rsmorphy_dict_ru::DICT_PATH
        )
    })
}

fn load() -> Option<Lexicon> {
    let dir = Path::new(rsmorphy_dict_ru::DICT_PATH);
    if !dir.join("words.dawg.gz").is_file() {
        return None;
    }
    let morph = std::panic::catch_unwind(|| MorphAnalyzer::from_file(dir)).ok()?;
    Some(Lexicon {
        morph,
        memo: (0..SHARDS).map(|_| RwLock::new(HashMap::new())).collect(),
    })
}

/// Whether the analyser may be asked about `word` (see the module notes).
fn askable(word: &str) -> bool {
    let mut n = 0;
    for c in word.chars() {
        match c {
            'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => n += 1,
            '-' => {}
            _ => return false,
        }
    }
    n >= 3 && !word.starts_with('-') && !word.ends_with('-') && !word.contains("--")
}

fn case_of(g: &str) -> Option<CaseIdx> {
    Some(match g {
        "nomn" => 0,
        "gent" | "gen1" | "gen2" => 1,
        "datv" => 2,
        "accs" | "acc2" => 3,
        "ablt" => 4,
        "loct" | "loc1" | "loc2" => 5,
        _ => return None,
    })
}

/// Reads the tags extraction needs out of an OpenCorpora tag string such
/// as `"NOUN,anim,masc,Name sing,ablt"`.
fn parse_tag(tag: &str) -> (Tags, Option<CaseIdx>) {
    let mut t = Tags::default();
    let mut case = None;
    for g in tag.split([',', ' ']) {
        match g {
            "NOUN" => t.set(Tags::NOUN),
            "ADJF" | "ADJS" | "PRTF" => t.set(Tags::ADJ),
            "VERB" | "INFN" | "PRTS" | "GRND" => t.set(Tags::VERB),
            "PREP" | "CONJ" | "PRCL" | "INTJ" | "ADVB" | "NPRO" | "PRED" | "NUMR" | "COMP" => {
                t.set(Tags::OTHER_POS)
            }
            "Name" => t.set(Tags::NAME),
            "Surn" => t.set(Tags::SURN),
            "Patr" => t.set(Tags::PATR),
            "Geox" => t.set(Tags::GEOX),
            "Orgn" => t.set(Tags::ORGN),
            "Abbr" => t.set(Tags::ABBR),
            "masc" => t.set(Tags::MASC),
            "femn" => t.set(Tags::FEMN),
            "neut" => t.set(Tags::NEUT),
            "plur" => t.set(Tags::PLUR),
            g => {
                if let Some(c) = case_of(g) {
                    case = Some(c);
                }
            }
        }
    }
    (t, case)
}

impl Lexicon {
    /// Every analysis of `word`, most probable first; empty for words the
    /// analyser is not asked about.
    pub fn analyse(&self, word: &str) -> Arc<[Analysis]> {
        if !askable(word) {
            return Arc::from(Vec::new());
        }
        let shard = {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            word.hash(&mut h);
            &self.memo[h.finish() as usize % SHARDS]
        };
        if let Some(a) = shard.read().ok().and_then(|m| m.get(word).cloned()) {
            return a;
        }
        let a: Arc<[Analysis]> = Arc::from(self.parse(word));
        if let Ok(mut m) = shard.write() {
            if m.len() < MEMO_LIMIT / SHARDS {
                m.insert(word.into(), a.clone());
            }
        }
        a
    }

    fn parse(&self, word: &str) -> Vec<Analysis> {
        let m = &self.morph;
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            m.parse(word)
                .into_iter()
                .map(|p| {
                    let tag = p.lex.get_tag(m);
                    let (mut tags, case) = parse_tag(&tag.string);
                    // "d:<form>,<paradigm>,<index>" is a dictionary word;
                    // anything else ("f:", "…;up:…") was guessed by analogy.
                    let enc = p.lex.stack.encoded();
                    if !enc.starts_with("d:") || enc.contains(';') {
                        tags.set(Tags::GUESS);
                    }
                    Analysis {
                        lemma: p.lex.get_normal_form(m).into_owned().into_boxed_str(),
                        tags,
                        case,
                        score: p.score.value() as f32,
                    }
                })
                .collect::<Vec<_>>()
        }));
        parsed.unwrap_or_default()
    }

    /// The first-name readings of `word`: (nominative, feminine?, case).
    pub fn first_name(&self, word: &str) -> Vec<(String, bool, CaseIdx)> {
        self.analyse(word)
            .iter()
            .filter(|a| a.tags.has(Tags::NAME) && !a.tags.has(Tags::PLUR))
            .filter_map(|a| Some((capitalise(&a.lemma), a.tags.has(Tags::FEMN), a.case?)))
            .collect()
    }

    /// The dictionary form of a proper name (people, places, organisations)
    /// written `word`, capitalised as written; `None` when the dictionary
    /// does not read it as a proper name.
    pub fn proper_lemma(&self, word: &str) -> Option<String> {
        let a = self.analyse(word);
        let best = a.iter().find(|a| a.tags.proper())?;
        Some(match_case(word, &best.lemma))
    }
}

/// "алиханов" → "Алиханов".
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The lemma written with the capitalisation of `written` (all capitals
/// stay all capitals: "КАМАЗА" → "КАМАЗ").
fn match_case(written: &str, lemma: &str) -> String {
    if written
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
    {
        lemma.to_uppercase()
    } else if written.chars().next().is_some_and(char::is_uppercase) {
        capitalise(lemma)
    } else {
        lemma.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> &'static Lexicon {
        lexicon().expect("the OpenCorpora dictionary is installed with the crate")
    }

    #[test]
    fn proper_names_to_their_dictionary_form() {
        let l = lex();
        assert_eq!(
            l.proper_lemma("Минпромторга").as_deref(),
            Some("Минпромторг")
        );
        assert_eq!(l.proper_lemma("Кубани").as_deref(), Some("Кубань"));
        assert_eq!(l.proper_lemma("Прикамья").as_deref(), Some("Прикамье"));
        assert_eq!(l.proper_lemma("Ростеха").as_deref(), Some("Ростех"));
        assert_eq!(l.proper_lemma("заводами"), None);
    }

    #[test]
    fn first_names_with_gender_and_case() {
        let l = lex();
        let r = l.first_name("Антоном");
        assert!(r.contains(&("Антон".to_string(), false, 4)), "{r:?}");
        let r = l.first_name("Ирины");
        assert!(
            r.iter().any(|(n, f, c)| n == "Ирина" && *f && *c == 1),
            "{r:?}"
        );
        assert!(l.first_name("Заводом").is_empty());
    }

    #[test]
    fn words_the_analyser_cannot_take_are_not_asked() {
        let l = lex();
        for w in [
            "ь", "ъ", "Ъ", "-", "--", "а-", "-ая", "XYZ", "1990", "", "аб",
        ] {
            assert!(l.analyse(w).is_empty(), "{w}");
        }
    }

    #[test]
    fn tags_are_read_from_the_tag_string() {
        let (t, c) = parse_tag("NOUN,anim,masc,Name sing,ablt");
        assert!(t.has(Tags::NOUN) && t.has(Tags::NAME) && t.has(Tags::MASC));
        assert!(!t.has(Tags::FEMN) && !t.has(Tags::SURN));
        assert_eq!(c, Some(4));
    }
}
