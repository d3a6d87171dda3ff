//! Whether a word can continue a body's name: a genitive by its shape or
//! by the dictionary, and the prepositions that only look like one.

/// Prepositions that end like genitives ("среди", "после"). Not "при": it
/// continues names ("Аналитический центр при Правительстве …").
pub(super) const PREPOSITIONS: &[&str] = &[
    "среди",
    "после",
    "вокруг",
    "против",
    "кроме",
    "около",
    "вдоль",
    "возле",
    "ради",
    "мимо",
    "внутри",
    "вне",
    "для",
    "без",
    "из-за",
    "из-под",
    "согласно",
    "благодаря",
    "ввиду",
    "за",
    "на",
    "из",
    "до",
    "от",
    "об",
    "со",
    "ко",
    "во",
    "над",
    "под",
    "про",
    "через",
    "перед",
];

pub(super) fn is_genitive_shaped(w: &str) -> bool {
    if PREPOSITIONS.contains(&w) {
        return false;
    }
    // Reflexive verbs and instrumental plurals ("промышленными
    // кластерами") end like genitives but never continue a body name.
    if ["ся", "сь", "ами", "ями", "ыми", "ими"]
        .iter()
        .any(|s| w.ends_with(s))
    {
        return false;
    }
    let verbish = [
        "али", "или", "ели", "ыли", "яли", "ули", "ает", "яет", "ит", "ет", "ла", "ло", "ал", "ил",
    ];
    if verbish.iter().any(|s| w.ends_with(s)) && !w.ends_with("сти") {
        return false;
    }
    [
        "и", "ы", "а", "я", "ого", "его", "ой", "ей", "ых", "их", "ов", "ев", "ий",
    ]
    .iter()
    .any(|s| w.ends_with(s))
        && genitive_by_dictionary(w)
}

/// Unless the dictionary knows the word and has no genitive reading of it:
/// "компания" ends like "развития" but is only ever a nominative ("В
/// областном центре компания стала…").
pub(super) fn genitive_by_dictionary(w: &str) -> bool {
    let Some(lex) = super::super::dict::lexicon() else {
        return true;
    };
    let a = lex.analyse(w);
    a.is_empty()
        || a.iter()
            .any(|a| a.tags.has(super::super::dict::Tags::GUESS))
        || a.iter().any(|a| a.case.is_none_or(|c| c == 1))
}
