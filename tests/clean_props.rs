//! Properties of `clean_text` that must hold for any input:
//! it never panics, every emitted word occurs in the input in the same order,
//! and cleaning its own output changes nothing.
//!
//! Round trip: the brief's "title + blank line + paragraphs" is fed back when
//! the title was on the page. An inferred title is not page text, so then only
//! the paragraphs are fed back (the same title must be inferred again).

use promdigest::clean::clean_text;
use proptest::prelude::*;

fn normalise(s: &str) -> String {
    // The cleaner drops invisible characters; compare modulo those.
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
            )
        })
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Every word of the output, in order, is found in the input after the
/// previous one.
fn words_in_order(input: &str, out: &[&str]) -> Result<(), String> {
    let hay = normalise(input);
    let mut pos = 0;
    for w in out
        .iter()
        .flat_map(|p| p.split(' '))
        .filter(|w| !w.is_empty())
    {
        match hay[pos..].find(w) {
            Some(i) => pos += i + w.len(),
            None => return Err(format!("word {w:?} not found after byte {pos}")),
        }
    }
    Ok(())
}

fn check_round_trip(raw: &str) -> Result<(), String> {
    let a = clean_text(raw);
    let fed = match (&a.title, a.title_inferred) {
        (Some(t), false) => format!("{t}\n\n{}", a.paragraphs.join("\n\n")),
        _ => a.paragraphs.join("\n\n"),
    };
    let b = clean_text(&fed);
    if a.paragraphs.is_empty() {
        return Ok(());
    }
    if a.title != b.title || a.paragraphs != b.paragraphs {
        return Err(format!(
            "round trip changed:\n{:?}\n{:#?}\n---\n{:?}\n{:#?}",
            a.title, a.paragraphs, b.title, b.paragraphs
        ));
    }
    Ok(())
}

fn check_words(raw: &str) -> Result<(), String> {
    let c = clean_text(raw);
    let mut out: Vec<&str> = Vec::new();
    if let (Some(t), false) = (&c.title, c.title_inferred) {
        out.push(t);
    }
    out.extend(c.paragraphs.iter().map(String::as_str));
    words_in_order(raw, &out)?;
    if let (Some(t), true) = (&c.title, c.title_inferred) {
        words_in_order(raw, &[t])?;
    }
    Ok(())
}

fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["tests/data/seeds", "tests/data/dev/raw", "tests/data/own"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn real_pages_round_trip_and_keep_word_order() {
    for (name, raw) in corpus() {
        check_round_trip(&raw)
            .map_err(|e| format!("{name}: {e}"))
            .unwrap();
        check_words(&raw)
            .map_err(|e| format!("{name}: {e}"))
            .unwrap();
    }
}

const HEADLINES: &[&str] = &[
    "В Тверской области открыли завод по выпуску стеклопакетов",
    "Фонд развития промышленности одобрил заём литейному заводу",
    "Губернатор обсудил с инвесторами строительство химического комплекса",
];
const SENTENCES: &[&str] = &[
    "Компания вложит в проект около 2 млрд рублей и создаст 150 рабочих мест.",
    "По словам директора, первая продукция выйдет уже в следующем году.",
    "«Мы рассчитываем на поддержку региона и федерального фонда», – сказал он.",
    "Оборудование для линии закупят у отечественных производителей.",
    "Новый цех будет выпускать до 40 тыс. изделий в год.",
    "Напомним, ранее завод получил субсидию на модернизацию станков.",
];
const CHROME: &[&str] = &[
    "Главная / Новости / Экономика",
    "Поделиться",
    "18+",
    "Фото: пресс-служба",
    "Читайте также",
    "12.03.2025",
    "Курс евро на 5 марта",
    "#завод #промышленность",
    "Подписывайтесь на наш канал",
    "В Казани открылся новый терминал аэропорта17:45",
    "Перейти к основному контенту",
];

fn page() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(CHROME), 0..5),
        prop::option::of(prop::sample::select(HEADLINES)),
        prop::collection::vec(
            prop::collection::vec(prop::sample::select(SENTENCES), 1..4),
            1..6,
        ),
        prop::collection::vec(prop::sample::select(CHROME), 0..5),
        prop::sample::select(vec!["\n", "\n\n", "\r\n", "\n\u{a0}\n"]),
    )
        .prop_map(|(head, title, paras, tail, sep)| {
            let mut lines: Vec<String> = head.iter().map(|s| s.to_string()).collect();
            lines.extend(title.map(String::from));
            lines.extend(paras.iter().map(|p| p.join(" ")));
            lines.extend(tail.iter().map(|s| s.to_string()));
            lines.join(sep)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC*") {
        let _ = clean_text(&s);
    }

    #[test]
    fn never_panics_on_page_like_noise(s in "[а-яА-ЯёЁa-z0-9 .,:;!?«»\"—–\\-#@©+|/\n\r\u{a0}]{0,400}") {
        let _ = clean_text(&s);
        prop_assert!(check_words(&s).is_ok(), "{:?}", check_words(&s));
    }

    #[test]
    fn generated_pages_round_trip(p in page()) {
        prop_assert!(check_round_trip(&p).is_ok(), "{}", check_round_trip(&p).unwrap_err());
        prop_assert!(check_words(&p).is_ok(), "{:?}", check_words(&p));
    }
}
