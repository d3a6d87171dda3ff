//! A name's forms: the cases of first names and surnames, patronymics, and
//! the gender a name's words and the role noun's case decide.

use super::*;

/// The gender of a first name read both ways ("Александра", "Эльмира":
/// a feminine nominative or the genitive of "Александр"), from what the
/// sentence says: the case of the role noun before the name ("министр
/// Эльмира Ахмеева", "губернатора Александра Гусева"), else the past-tense
/// verb right after the surname ("… Ахмеева отметила"), else a preposition
/// before the name. Without evidence, the first reading as listed.
pub(super) fn choose_gender(
    forms: &[NameForm],
    doc: &Doc,
    i: usize,
    after: usize,
    role_nominative: Option<bool>,
) -> Gender {
    let first = forms[0].gender;
    let Some(other) = forms.iter().find(|f| f.gender != first).map(|f| f.gender) else {
        return first;
    };
    let nominative = |g: Gender| forms.iter().any(|f| f.gender == g && f.case == 0);
    let oblique = |g: Gender| forms.iter().any(|f| f.gender == g && f.case != 0);
    let (nom, obl) = match (nominative(first), nominative(other)) {
        (true, false) if oblique(other) => (first, other),
        (false, true) if oblique(first) => (other, first),
        _ => return first,
    };
    if let Some(is_nom) = role_nominative {
        return if is_nom { nom } else { obl };
    }
    if doc.is_word(after) && !doc.is_cap(after) {
        let v = doc.ftok(after);
        if v.chars().count() > 3 && v.ends_with("ла") {
            return Gender::Fem;
        }
        if v.chars().count() > 3 && v.ends_with('л') {
            return Gender::Masc;
        }
    }
    let after_preposition = i > 0
        && doc.is_word(i - 1)
        && matches!(
            doc.ftok(i - 1),
            "у" | "для"
                | "от"
                | "с"
                | "со"
                | "к"
                | "ко"
                | "о"
                | "об"
                | "при"
                | "про"
                | "без"
                | "до"
                | "через"
                | "за"
                | "над"
                | "под"
                | "перед"
                | "между"
                | "по"
        );
    if after_preposition {
        obl
    } else {
        first
    }
}

/// Whether `oblique` is an oblique form of the a-declension surname `nom`
/// (both folded): "уйба" / "уйбы", "уйбе", "уйбу", "уйбой".
pub(super) fn same_a_declension(nom: &str, oblique: &str) -> bool {
    let Some(stem) = nom.strip_suffix('а').or_else(|| nom.strip_suffix('я')) else {
        return false;
    };
    stem.chars().count() >= 2
        && oblique
            .strip_prefix(stem)
            .is_some_and(|end| matches!(end, "ы" | "и" | "е" | "у" | "ю" | "ой" | "ей" | "ою"))
}

/// Month names are capitalised at a sentence start but are never names.
pub(super) fn is_month(w: &str) -> bool {
    MONTHS_NOMINATIVE.contains(&w) || MONTHS_GENITIVE.contains(&w)
}

pub(super) fn male_forms(n: &str) -> [Vec<String>; CASES] {
    let one = |s: String| vec![s];
    let st = |k: usize| {
        n.char_indices()
            .rev()
            .nth(k - 1)
            .map(|(i, _)| &n[..i])
            .unwrap_or("")
    };
    match n {
        "Павел" => {
            return ["Павел", "Павла", "Павлу", "Павла", "Павлом", "Павле"].map(|s| one(s.into()))
        }
        "Лев" => return ["Лев", "Льва", "Льву", "Льва", "Львом", "Льве"].map(|s| one(s.into())),
        _ => {}
    }
    if n.ends_with("ий") {
        let s = st(1);
        [
            n.to_string(),
            format!("{s}я"),
            format!("{s}ю"),
            format!("{s}я"),
            format!("{s}ем"),
            format!("{s}и"),
        ]
        .map(one)
    } else if n.ends_with('й') || n.ends_with('ь') {
        let s = st(1);
        [
            n.to_string(),
            format!("{s}я"),
            format!("{s}ю"),
            format!("{s}я"),
            format!("{s}ем"),
            format!("{s}е"),
        ]
        .map(one)
    } else if n.ends_with('а') || n.ends_with('я') {
        word_forms(n, None)
    } else {
        let ins = if n.ends_with(['ж', 'ш', 'ч', 'щ', 'ц']) {
            "ем"
        } else {
            "ом"
        };
        [
            n.to_string(),
            format!("{n}а"),
            format!("{n}у"),
            format!("{n}а"),
            format!("{n}{ins}"),
            format!("{n}е"),
        ]
        .map(one)
    }
}

pub(super) fn female_forms(n: &str) -> [Vec<String>; CASES] {
    if n.ends_with('а') || n.ends_with('я') {
        word_forms(n, Some(Gender::Fem))
    } else {
        std::array::from_fn(|_| vec![n.to_string()])
    }
}

/// Whether a capitalised word is a patronymic in any case.
pub(super) fn is_patronymic(w: &str) -> bool {
    [
        "вич",
        "вича",
        "вичу",
        "вичем",
        "виче",
        "вна",
        "вны",
        "вне",
        "вну",
        "вной",
        "ична",
        "ичны",
        "ичне",
        "ичну",
        "ичной",
        "ьич",
        "ьича",
    ]
    .iter()
    .any(|s| w.ends_with(s))
}

/// Brings one (non-hyphenated) surname to the nominative, given the gender
/// and the possible cases told by the first name.
pub(super) fn surname_nominative(s: &str, gender: Gender, cases: &[usize]) -> String {
    if cases.contains(&0) {
        return s.to_string();
    }
    let rules: &[(&str, &str)] = match gender {
        Gender::Fem => &[
            ("овой", "ова"),
            ("евой", "ева"),
            ("ёвой", "ёва"),
            ("иной", "ина"),
            ("ыной", "ына"),
            ("ову", "ова"),
            ("еву", "ева"),
            ("ёву", "ёва"),
            ("ину", "ина"),
            ("ыну", "ына"),
            ("ской", "ская"),
            ("скую", "ская"),
            ("цкой", "цкая"),
            ("цкую", "цкая"),
        ],
        _ => &[
            ("овым", "ов"),
            ("евым", "ев"),
            ("ёвым", "ёв"),
            ("иным", "ин"),
            ("ыным", "ын"),
            ("ского", "ский"),
            ("скому", "ский"),
            ("ским", "ский"),
            ("ском", "ский"),
            ("цкого", "цкий"),
            ("цкому", "цкий"),
            ("цким", "цкий"),
            ("цком", "цкий"),
            ("ова", "ов"),
            ("ева", "ев"),
            ("ёва", "ёв"),
            ("ина", "ин"),
            ("ына", "ын"),
            ("ову", "ов"),
            ("еву", "ев"),
            ("ёву", "ёв"),
            ("ину", "ин"),
            ("ыну", "ын"),
            ("ове", "ов"),
            ("еве", "ев"),
            ("ёве", "ёв"),
            ("ине", "ин"),
            ("ыне", "ын"),
        ],
    };
    for (suf, rep) in rules {
        if s.ends_with(suf) && s.chars().count() > suf.chars().count() + 1 {
            return format!("{}{rep}", &s[..s.len() - suf.len()]);
        }
    }
    if gender == Gender::Fem {
        return s.to_string(); // Ким, Захарчук, Крейдер: indeclinable.
    }
    // Other masculine consonant-stem surnames (Ким, Мкртчян, Бабич).
    let consonant = |t: &str| {
        t.chars()
            .last()
            .is_some_and(|c| "бвгджзклмнпрстфхцчшщ".contains(c))
    };
    for (case, suf) in [(1, "а"), (3, "а"), (2, "у"), (4, "ом"), (4, "ем"), (5, "е")] {
        if cases.contains(&case) {
            if let Some(stem) = s.strip_suffix(suf) {
                if consonant(stem) && stem.chars().count() >= 2 {
                    return stem.to_string();
                }
            }
        }
    }
    s.to_string()
}

pub(super) fn surname_full(s: &str, gender: Gender, cases: &[usize]) -> String {
    s.split('-')
        .map(|p| surname_nominative(p, gender, cases))
        .collect::<Vec<_>>()
        .join("-")
}

/// The first three letters of a folded surname (all of a shorter one).
pub(super) fn prefix3(sur: &str) -> &str {
    &sur[..sur.char_indices().nth(3).map_or(sur.len(), |(i, _)| i)]
}
