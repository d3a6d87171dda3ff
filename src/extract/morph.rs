//! Rule-based Russian morphology over closed classes.
//!
//! # Why rules and not a dictionary
//!
//! The entities we extract come from closed, known classes (89 federal
//! subjects, ministries, role words, a few hundred first names) plus one open
//! class, surnames, whose inflection is regular and suffix-driven. A full
//! dictionary analyser (`rsmorphy` + OpenCorpora) was weighed and rejected:
//! it adds a 6.8 MB dictionary whose path is fixed at build time (a moved
//! binary cannot find it), 0.3 s start-up, panics on some short tokens, is
//! unmaintained since 2018, and — the deciding point — its `inflect()` does
//! not produce nominatives, so we would write our own form selection anyway.
//! With rules we *generate* every case form of the closed-class entries once
//! at start-up and match them with one Aho-Corasick automaton; only surnames
//! are normalised by suffix rules, and only when a known first name anchors
//! them, which keeps the error surface small and extraction far under the
//! 0.15 ms-per-article budget.
//!
//! Cases are indexed `0 nom, 1 gen, 2 dat, 3 acc, 4 ins, 5 loc`.

/// Number of grammatical cases we generate.
pub const CASES: usize = 6;

/// Grammatical gender of a noun, used for adjective agreement and names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Masc,
    Fem,
    Neut,
}

fn ends_velar_or_sibilant(stem: &str) -> bool {
    matches!(
        stem.chars().last(),
        Some('к' | 'г' | 'х' | 'ж' | 'ш' | 'щ' | 'ч')
    )
}

fn stem(word: &str, cut: usize) -> &str {
    let idx = word
        .char_indices()
        .rev()
        .nth(cut - 1)
        .map(|(i, _)| i)
        .unwrap_or(0);
    &word[..idx]
}

fn six(list: [Vec<String>; CASES]) -> [Vec<String>; CASES] {
    list
}

/// All case forms of one word (noun or adjective) judged by its ending.
/// `gender` disambiguates nouns in "-ь" (край/область differ elsewhere).
/// Unknown shapes are treated as indeclinable, which only costs recall.
pub fn word_forms(word: &str, gender: Option<Gender>) -> [Vec<String>; CASES] {
    let w = word;
    let one = |s: String| vec![s];
    // Hyphenated adjectives ("Кабардино-Балкарская") decline the last part;
    // hyphenated nouns ("Славянск-на-Кубани") decline the first part.
    if let Some(pos) = w.rfind('-') {
        let (head, tail) = (&w[..pos + 1], &w[pos + 1..]);
        // "Ростов-на-Дону", "Славянск-на-Кубани": the first part declines.
        if let Some(first) = w.find("-на-") {
            let (h, rest) = (&w[..first], &w[first..]);
            return word_forms(h, gender)
                .map(|v| v.into_iter().map(|t| format!("{t}{rest}")).collect());
        }
        // "Кабардино-Балкарская", "Санкт-Петербург", "Йошкар-Ола": the last
        // part declines. Names where both parts decline
        // ("Каменск-Уральский") list their forms in the data files.
        if tail.chars().count() > 2 {
            return word_forms(tail, gender)
                .map(|v| v.into_iter().map(|t| format!("{head}{t}")).collect());
        }
        return std::array::from_fn(|_| one(w.to_string()));
    }
    let lower = w.to_lowercase();
    let ends = |s: &str| lower.ends_with(s);
    let forms: [Vec<String>; CASES] =
        if ends("ий") || ends("ый") || (ends("ой") && w.chars().count() > 4) {
            let st = stem(w, 2);
            let soft = ends("ний") && !ends("ский");
            let (g, d, i, l) = if soft {
                ("его", "ему", "им", "ем")
            } else if ends_velar_or_sibilant(st) {
                ("ого", "ому", "им", "ом")
            } else {
                ("ого", "ому", "ым", "ом")
            };
            let nom = w.to_string();
            six([
                vec![nom.clone()],
                vec![format!("{st}{g}")],
                vec![format!("{st}{d}")],
                vec![nom],
                vec![format!("{st}{i}")],
                vec![format!("{st}{l}")],
            ])
        } else if ends("ая") {
            let st = stem(w, 2);
            let o = format!("{st}ой");
            six([
                vec![w.to_string()],
                vec![o.clone()],
                vec![o.clone()],
                vec![format!("{st}ую")],
                vec![o.clone()],
                vec![o],
            ])
        } else if ends("яя") {
            let st = stem(w, 2);
            let o = format!("{st}ей");
            six([
                vec![w.to_string()],
                vec![o.clone()],
                vec![o.clone()],
                vec![format!("{st}юю")],
                vec![o.clone()],
                vec![o],
            ])
        } else if ends("ое") || ends("ее") {
            let st = stem(w, 2);
            let y = if ends_velar_or_sibilant(st) {
                "им"
            } else {
                "ым"
            };
            six([
                vec![w.to_string()],
                vec![format!("{st}ого")],
                vec![format!("{st}ому")],
                vec![w.to_string()],
                vec![format!("{st}{y}")],
                vec![format!("{st}ом")],
            ])
        } else if ends("ые") {
            let st = stem(w, 2);
            let y = "ы";
            six([
                vec![w.to_string()],
                vec![format!("{st}{y}х")],
                vec![format!("{st}{y}м")],
                vec![w.to_string()],
                vec![format!("{st}{y}ми")],
                vec![format!("{st}{y}х")],
            ])
        } else if ends("ье") && !is_adjective(w) {
            // "Прикамье", "Подмосковье": neuter nouns in "-ье".
            let st = stem(w, 1);
            six([
                vec![w.to_string()],
                vec![format!("{st}я")],
                vec![format!("{st}ю")],
                vec![w.to_string()],
                vec![format!("{st}ем")],
                vec![w.to_string()],
            ])
        } else if ends("ия") {
            let st = stem(w, 1);
            let i = format!("{st}и");
            six([
                vec![w.to_string()],
                vec![i.clone()],
                vec![i.clone()],
                vec![format!("{st}ю")],
                vec![format!("{st}ей")],
                vec![i],
            ])
        } else if ends("ие") {
            let st = stem(w, 1);
            six([
                vec![w.to_string()],
                vec![format!("{st}я")],
                vec![format!("{st}ю")],
                vec![w.to_string()],
                vec![format!("{st}ем")],
                vec![format!("{st}и")],
            ])
        } else if ends("а") {
            let st = stem(w, 1);
            let g = if ends_velar_or_sibilant(st) {
                "и"
            } else {
                "ы"
            };
            let i = if matches!(st.chars().last(), Some('ж' | 'ш' | 'щ' | 'ч' | 'ц')) {
                "ей"
            } else {
                "ой"
            };
            six([
                vec![w.to_string()],
                vec![format!("{st}{g}")],
                vec![format!("{st}е")],
                vec![format!("{st}у")],
                vec![format!("{st}{i}")],
                vec![format!("{st}е")],
            ])
        } else if ends("я") {
            let st = stem(w, 1);
            six([
                vec![w.to_string()],
                vec![format!("{st}и")],
                vec![format!("{st}е")],
                vec![format!("{st}ю")],
                vec![format!("{st}ей")],
                vec![format!("{st}е")],
            ])
        } else if ends("ь") {
            let st = stem(w, 1);
            let fem = six({
                let i = format!("{st}и");
                [
                    vec![i.clone()],
                    vec![i.clone()],
                    vec![i.clone()],
                    vec![i.clone()],
                    vec![format!("{st}ью")],
                    vec![i],
                ]
            });
            let masc = six([
                vec![String::new()],
                vec![format!("{st}я")],
                vec![format!("{st}ю")],
                vec![String::new()],
                vec![format!("{st}ем")],
                vec![format!("{st}е")],
            ]);
            // Unknown gender: place nouns in "-ь" are feminine (область, Кубань,
            // Тверь) except those in "-ль" (Севастополь, Ярославль); the
            // other gender's forms are kept second so matching still finds them.
            let fem_first = match gender {
                Some(g) => g == Gender::Fem,
                None => !lower.ends_with("ль"),
            };
            std::array::from_fn(|c| {
                if c == 0 || c == 3 {
                    return vec![w.to_string()];
                }
                let (a, b) = if fem_first {
                    (&fem[c], &masc[c])
                } else {
                    (&masc[c], &fem[c])
                };
                let mut v = a.clone();
                if gender.is_none() {
                    v.extend(b.iter().cloned());
                }
                v
            })
        } else if ends("й") {
            let st = stem(w, 1);
            six([
                vec![w.to_string()],
                vec![format!("{st}я")],
                vec![format!("{st}ю")],
                vec![w.to_string()],
                vec![format!("{st}ем")],
                vec![format!("{st}е")],
            ])
        } else if ends("о") {
            // Neuter nouns (министерство); proper names in -о are marked
            // indeclinable in the data files instead.
            let st = stem(w, 1);
            six([
                vec![w.to_string()],
                vec![format!("{st}а")],
                vec![format!("{st}у")],
                vec![w.to_string()],
                vec![format!("{st}ом")],
                vec![format!("{st}е")],
            ])
        } else if lower
            .chars()
            .last()
            .is_some_and(|c| "бвгджзклмнпрстфхцчшщ".contains(c))
        {
            let i = if matches!(lower.chars().last(), Some('ж' | 'ш' | 'щ' | 'ч' | 'ц')) {
                "ем"
            } else {
                "ом"
            };
            six([
                vec![w.to_string()],
                vec![format!("{w}а")],
                vec![format!("{w}у")],
                vec![w.to_string()],
                vec![format!("{w}{i}")],
                vec![format!("{w}е")],
            ])
        } else {
            std::array::from_fn(|_| one(w.to_string()))
        };
    forms
}

/// Whether a word looks like a full adjective in the nominative.
pub fn is_adjective(word: &str) -> bool {
    let l = word.to_lowercase();
    ["ий", "ый", "ой", "ая", "яя", "ое", "ее", "ые", "ие"]
        .iter()
        .any(|s| l.ends_with(s))
        && l.chars().count() > 3
}

/// All case forms of a multi-word phrase, words agreeing in case.
/// Words listed in `frozen` (e.g. "Коми", "—") never change. When `head_only`
/// is set, only the first word declines ("Республики Татарстан").
pub fn phrase_forms(phrase: &str, gender: Option<Gender>, head_only: bool) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut out = Vec::new();
    for case in 0..CASES {
        let mut acc: Vec<String> = vec![String::new()];
        for (i, w) in words.iter().enumerate() {
            let alts: Vec<String> = if is_frozen(w) || (head_only && i > 0) {
                vec![w.to_string()]
            } else {
                word_forms(w, gender)[case].clone()
            };
            let mut next = Vec::with_capacity(acc.len() * alts.len());
            for a in &acc {
                for alt in &alts {
                    next.push(if a.is_empty() {
                        alt.clone()
                    } else {
                        format!("{a} {alt}")
                    });
                }
            }
            acc = next;
        }
        out.extend(acc);
    }
    out.sort();
    out.dedup();
    out
}

/// Case forms of a noun phrase whose leading adjectives and first noun
/// decline while its genitive complement stays ("Министерство промышленности
/// и торговли", "Федеральная налоговая служба", "Аналитический центр при
/// Правительстве РФ").
pub fn head_phrase_forms(phrase: &str) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let head_end = words
        .iter()
        .position(|w| !is_adjective(w))
        .map(|i| i + 1)
        .unwrap_or(words.len());
    let head = words[..head_end].join(" ");
    let rest = words[head_end..].join(" ");
    let indeclinable = words[0].starts_with("Мин") && words[0].ends_with(['я', 'ы', 'и'])
        || words[0].chars().filter(|c| c.is_uppercase()).count() > 1;
    let forms = if indeclinable {
        vec![head]
    } else {
        phrase_forms(&head, None, false)
    };
    forms
        .into_iter()
        .map(|f| {
            if rest.is_empty() {
                f
            } else {
                format!("{f} {rest}")
            }
        })
        .collect()
}

/// Case forms of a phrase grouped by case (see [`phrase_forms`]).
pub fn phrase_forms_by_case(
    phrase: &str,
    gender: Option<Gender>,
    head_only: bool,
) -> [Vec<String>; CASES] {
    let words: Vec<&str> = phrase.split(' ').collect();
    std::array::from_fn(|case| {
        let mut acc: Vec<String> = vec![String::new()];
        for (i, w) in words.iter().enumerate() {
            let alts: Vec<String> = if is_frozen(w) || (head_only && i > 0) {
                vec![w.to_string()]
            } else {
                word_forms(w, gender)[case].clone()
            };
            acc = acc
                .iter()
                .flat_map(|a| {
                    alts.iter().map(move |alt| {
                        if a.is_empty() {
                            alt.clone()
                        } else {
                            format!("{a} {alt}")
                        }
                    })
                })
                .collect();
        }
        acc
    })
}

/// The form of a phrase in one case (first alternative).
pub fn phrase_case(phrase: &str, gender: Option<Gender>, case: usize) -> String {
    phrase
        .split(' ')
        .map(|w| {
            if is_frozen(w) {
                w.to_string()
            } else {
                word_forms(w, gender)[case][0].clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_frozen(w: &str) -> bool {
    !w.chars().all(|c| c.is_alphabetic() || c == '-')
        || w.chars().all(|c| c.is_uppercase() || c == '-')
        || matches!(w, "Коми" | "Марий" | "Эл" | "Саха" | "—" | "Алания")
}

/// Inflected forms of an adjective that precedes a noun of `gender`,
/// mapped back to that adjective's nominative (e.g. "генерального" →
/// "генеральный"). Returns `None` when the word is not adjective-shaped.
pub fn adjective_nominative(word: &str, gender: Gender) -> Option<String> {
    let l = word.to_lowercase();
    let n = l.chars().count();
    if n < 4 {
        return None;
    }
    let pairs: &[(&str, &str)] = match gender {
        Gender::Masc => &[
            ("ского", "ский"),
            ("скому", "ский"),
            ("ским", "ский"),
            ("ском", "ский"),
            ("кого", "кий"),
            ("кому", "кий"),
            ("ким", "кий"),
            ("ком", "кий"),
            ("него", "ний"),
            ("нему", "ний"),
            ("ним", "ний"),
            ("нем", "ний"),
            ("ого", "ый"),
            ("ому", "ый"),
            ("ым", "ый"),
            ("ом", "ый"),
            ("ый", "ый"),
            ("ий", "ий"),
            ("ой", "ой"),
        ],
        Gender::Fem => &[
            ("ской", "ская"),
            ("скую", "ская"),
            ("кой", "кая"),
            ("кую", "кая"),
            ("ней", "няя"),
            ("нюю", "няя"),
            ("ой", "ая"),
            ("ую", "ая"),
            ("ая", "ая"),
            ("яя", "яя"),
        ],
        Gender::Neut => &[
            ("ского", "ское"),
            ("скому", "ское"),
            ("ским", "ское"),
            ("ском", "ское"),
            ("него", "нее"),
            ("нему", "нее"),
            ("ого", "ое"),
            ("ому", "ое"),
            ("ым", "ое"),
            ("им", "ое"),
            ("ом", "ое"),
            ("ое", "ое"),
            ("ее", "ее"),
        ],
    };
    for (suf, rep) in pairs {
        if l.ends_with(suf) {
            let st = stem(word, suf.chars().count());
            // "порохового" is "пороховой", not "пороховый": the ending of
            // a stressed-ending adjective is only in the dictionary.
            if *rep == "ый" && *suf != "ый" && stressed_ending(&l, &st.to_lowercase()) {
                return Some(format!("{st}ой"));
            }
            // Keep the word's own capitalisation of the stem.
            return Some(format!("{st}{rep}"));
        }
    }
    None
}

/// Whether the dictionary reads the form `lower` as the adjective
/// `<stem>ой` (false without the dictionary: the "-ый" guess stays).
fn stressed_ending(lower: &str, stem: &str) -> bool {
    let Some(lex) = super::dict::lexicon() else {
        return false;
    };
    let lemma = format!("{stem}ой");
    lex.analyse(lower).iter().any(|a| {
        use super::dict::Tags;
        a.tags.has(Tags::ADJ) && !a.tags.has(Tags::GUESS) && *a.lemma == *lemma
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declines_region_phrases() {
        let f = phrase_forms("Краснодарский край", None, false);
        assert!(f.contains(&"Краснодарского края".to_string()));
        assert!(f.contains(&"Краснодарском крае".to_string()));
        let f = phrase_forms("Амурская область", Some(Gender::Fem), false);
        assert!(f.contains(&"Амурской области".to_string()));
        assert!(f.contains(&"Амурскую область".to_string()));
        let f = phrase_forms("Республика Татарстан", Some(Gender::Fem), true);
        assert!(f.contains(&"Республики Татарстан".to_string()));
        let f = phrase_forms("Ямало-Ненецкий автономный округ", None, false);
        assert!(f.contains(&"Ямало-Ненецкого автономного округа".to_string()));
        let f = phrase_forms("Славянск-на-Кубани", None, false);
        assert!(f.contains(&"Славянска-на-Кубани".to_string()));
    }

    #[test]
    fn stressed_adjective_endings_from_the_dictionary() {
        assert_eq!(
            adjective_nominative("Порохового", Gender::Masc).as_deref(),
            Some("Пороховой")
        );
        assert_eq!(
            adjective_nominative("Казанского", Gender::Masc).as_deref(),
            Some("Казанский")
        );
        assert_eq!(
            adjective_nominative("Металлургического", Gender::Masc).as_deref(),
            Some("Металлургический")
        );
        assert_eq!(
            adjective_nominative("Тракторного", Gender::Masc).as_deref(),
            Some("Тракторный")
        );
    }

    #[test]
    fn nouns() {
        assert_eq!(word_forms("Кубань", Some(Gender::Fem))[1], vec!["Кубани"]);
        assert_eq!(word_forms("министерство", None)[4], vec!["министерством"]);
        assert_eq!(word_forms("Чувашия", None)[5], vec!["Чувашии"]);
        assert_eq!(word_forms("Москва", None)[1], vec!["Москвы"]);
        assert_eq!(word_forms("Прикамье", None)[1], vec!["Прикамья"]);
        assert_eq!(
            word_forms("Санкт-Петербург", None)[1],
            vec!["Санкт-Петербурга"]
        );
    }

    #[test]
    fn adjectives_back_to_nominative() {
        assert_eq!(
            adjective_nominative("генерального", Gender::Masc).unwrap(),
            "генеральный"
        );
        assert_eq!(
            adjective_nominative("Чебоксарского", Gender::Masc).unwrap(),
            "Чебоксарский"
        );
        assert_eq!(
            adjective_nominative("Международной", Gender::Fem).unwrap(),
            "Международная"
        );
    }
}
