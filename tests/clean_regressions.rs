//! Regression tests, each named after the problem that found it.

use promdigest::clean::clean_text;

const BODY: &str = "Компания вложит в строительство нового завода около двух миллиардов рублей и создаст сто рабочих мест.\n\nПервая продукция, по словам директора предприятия, выйдет уже в следующем году после запуска линии.";

#[test]
fn numeric_dateline_was_taken_for_a_counter() {
    let c = clean_text(&format!(
        "07.07.2025\nНа Урале построят завод по выпуску труб\n{BODY}"
    ));
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2025-07-07"));
    assert_eq!(
        c.title.as_deref(),
        Some("На Урале построят завод по выпуску труб")
    );
}

#[test]
fn header_clock_is_not_the_publication_date() {
    let c = clean_text(&format!("Вторник, 3 июня 2025\nЭкономика\n{BODY}"));
    assert_eq!(c.date, None);
}

#[test]
fn quote_ending_with_comma_keeps_its_attribution_line() {
    let raw = format!("{BODY}\n«Это импортозамещение в чистом виде: ещё три года назад такие шины мы закупали только за рубежом»,\n— отметил технический директор завода Олег Пастухов.\nПоделиться");
    let c = clean_text(&raw);
    assert!(c
        .paragraphs
        .last()
        .unwrap()
        .ends_with("за рубежом», — отметил технический директор завода Олег Пастухов."));
}

#[test]
fn yearless_dateline_gives_no_date() {
    let c = clean_text(&format!(
        "Губернатор обсудил развитие промышленности с министром\n20 ноября, 10:55\n{BODY}"
    ));
    assert_eq!(c.date, None);
    assert!(!c.title_inferred);
}

#[test]
fn crawl_ticker_date_is_ignored() {
    let c = clean_text(&format!("{BODY}\nЛента новостей\nКурс евро на 26 декабря\nEUR ЦБ: 103,94 (-0,29)\nИнвестиции, 25 дек, 18:49"));
    assert_eq!(c.date, None);
    assert_eq!(c.paragraphs.len(), 2);
}

#[test]
fn glued_paragraphs_are_split_and_nbsp_normalised() {
    let c = clean_text("Объём\u{a0}инвестиций – 720 млн рублей, предприятие создаст 110 рабочих мест в Северодвинске.Отмечается, что завод будет работать в три смены.  Продукцию планируют поставлять в Арктику и на Север.");
    assert_eq!(c.paragraphs.len(), 3, "{:#?}", c.paragraphs);
    assert!(c.paragraphs[0].starts_with("Объём инвестиций"));
}

#[test]
fn empty_and_furniture_only_inputs_give_no_title() {
    assert_eq!(clean_text("").title, None);
    assert_eq!(clean_text("\r\n\u{a0}\n").title, None);
    let c = clean_text("Поделиться\n18+\n#завод");
    assert!(c.paragraphs.is_empty() && c.title.is_none());
    assert_eq!(c.dropped.len(), 3);
}

#[test]
fn furniture_glued_to_a_paragraph_is_not_kept() {
    let raw = format!("{BODY}\nНа заводе создадут ещё пятьдесят рабочих мест для выпускников колледжа.Фото: пресс-служба завода");
    let c = clean_text(&raw);
    assert!(
        c.paragraphs.iter().all(|p| !p.contains("Фото:")),
        "{:#?}",
        c.paragraphs
    );
    assert!(c.dropped.iter().any(|d| d.text.starts_with("Фото:")));
}

#[test]
fn cookie_banner_next_to_the_article_is_dropped() {
    let raw = format!("Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая пользоваться сайтом, вы соглашаетесь с этим.\n{BODY}");
    let c = clean_text(&raw);
    assert!(c.paragraphs.iter().all(|p| !p.contains("cookie")));
}
