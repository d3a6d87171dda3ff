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

/// Found by the 10,000-article benchmark corpus: a page without a headline
/// whose lead starts with "Ранее" was cut entirely as off-topic background.
#[test]
fn background_word_opening_the_body_is_the_lead() {
    let raw = "Новости региона\nОбщество\n\n17 февраля, 16:05\n\nРанее министерство одобрило льготные займы предприятиям края на 4,7 миллиона рублей. Встреча прошла на полях форума.\n\nС 2019 года общий объем поддержки предприятий края составил около 3,8 млрд рублей.\n\nПо словам губернатора, промышленное производство в крае демонстрирует стабильный рост.\n\nПодпишитесь на наш канал\n";
    let c = promdigest::clean::clean_text(raw);
    assert_eq!(c.paragraphs.len(), 3, "{:#?}", c.paragraphs);
    assert!(c.paragraphs[0].starts_with("Ранее министерство"));
    assert!(c.title.is_some());
}

// Issue 18: headline, date and outlet by evidence on real pages.

const LEAD: &str = "В Кузбассе построят новый завод по выпуску металлоконструкций, инвестиции в проект составят два миллиарда рублей.";

fn page(lines: &[&str]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s.push_str(LEAD);
    s.push('\n');
    s.push_str(BODY);
    s
}

#[test]
fn issue_18_breadcrumb_glued_before_the_headline_is_cut_off() {
    let c = clean_text(&page(&[
        "Главная Экономика Промышленность В Кузбассе построят завод металлоконструкций",
    ]));
    assert_eq!(
        c.title.as_deref(),
        Some("В Кузбассе построят завод металлоконструкций")
    );
    assert!(!c.title_inferred);
}

#[test]
fn issue_18_date_and_byline_glued_after_the_headline_give_the_date() {
    let c = clean_text(&page(&[
        "В Кузбассе построят завод металлоконструкций14 ноября 2025 15:30",
    ]));
    assert_eq!(
        c.title.as_deref(),
        Some("В Кузбассе построят завод металлоконструкций")
    );
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2025-11-14"));
    let c = clean_text(&page(&[
        "В Кузбассе построят завод металлоконструкций31-07-2017, 14:08. Разместил: Иван Петров",
    ]));
    assert_eq!(
        c.title.as_deref(),
        Some("В Кузбассе построят завод металлоконструкций")
    );
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2017-07-31"));
}

#[test]
fn issue_18_headline_printed_again_as_alt_text_the_first_copy_is_the_headline() {
    let raw = page(&[
        "Меню",
        "В Кузбассе построят завод металлоконструкций",
        "26.01.2026 16:15",
        "В Кузбассе построят завод металлоконструкций",
        "Фото: пресс-служба",
    ]);
    let v = promdigest::clean::classify(&raw);
    assert_eq!(v[1].verdict, promdigest::clean::Verdict::Title);
    assert!(!v[3].kept(), "{:?}", v[3]);
    let c = clean_text(&raw);
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2026-01-26"));
}

#[test]
fn issue_18_the_standfirst_under_the_headline_is_kept_and_is_not_the_headline() {
    let c = clean_text(&page(&[
        "Резидент индустриального парка построит новый завод",
        "Он появится на территории Кузбасса через два года",
    ]));
    assert_eq!(
        c.title.as_deref(),
        Some("Резидент индустриального парка построит новый завод")
    );
    assert_eq!(
        c.paragraphs[0],
        "Он появится на территории Кузбасса через два года"
    );
}

#[test]
fn issue_18_page_title_copy_gives_date_and_outlet_but_the_clean_copy_is_the_headline() {
    let raw = page(&[
        "Рейтинг@Mail.ru",
        "В Кузбассе построят завод металлоконструкций - РИА Новости, 25.11.2016",
        "Регистрация пройдена успешно!",
        "В Кузбассе построят завод металлоконструкций",
    ]);
    let v = promdigest::clean::classify(&raw);
    assert_eq!(v[3].verdict, promdigest::clean::Verdict::Title);
    let c = clean_text(&raw);
    assert_eq!(
        c.title.as_deref(),
        Some("В Кузбассе построят завод металлоконструкций")
    );
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2016-11-25"));
    assert_eq!(c.source.as_deref(), Some("РИА Новости"));
}

#[test]
fn issue_18_agency_dateline_names_the_outlet_and_gives_no_yearless_date() {
    let c = clean_text(&format!(
        "Завод построит новую верфь в Приморье\nВЛАДИВОСТОК, 7 сентября. /ТАСС/. {LEAD}\n{BODY}"
    ));
    assert_eq!(c.source.as_deref(), Some("ТАСС"));
    assert_eq!(c.date, None);
    let c = clean_text(&format!("Ижевск. 18 августа. ИНТЕРФАКС - {LEAD}\n{BODY}"));
    assert_eq!(c.source.as_deref(), Some("Интерфакс"));
}

#[test]
fn issue_18_counters_rubrics_cities_and_adverts_are_never_the_outlet() {
    for header in [
        "Top.Mail.Ru",
        "Главное",
        "Общество",
        "Краснодар",
        "Меню Поиск",
        "Mori cinema Аренда",
    ] {
        let c = clean_text(&page(&[
            header,
            "В Кузбассе построят завод металлоконструкций",
        ]));
        assert_eq!(c.source, None, "{header}");
    }
    let c = clean_text(&page(&[
        "om1.ru",
        "В Кузбассе построят завод металлоконструкций",
    ]));
    assert_eq!(c.source.as_deref(), Some("om1.ru"));
    let c = clean_text(&page(&[
        "Новости Республики Коми | Комиинформ",
        "В Кузбассе построят завод металлоконструкций",
    ]));
    assert_eq!(c.source.as_deref(), Some("Комиинформ"));
}

#[test]
fn issue_18_archive_prefix_and_header_clock_are_not_the_date() {
    let c = clean_text(&format!(
        " date 2026-01-09 В Кузбассе построят завод металлоконструкций\n{LEAD}\n{BODY}"
    ));
    assert_eq!(
        c.title.as_deref(),
        Some("В Кузбассе построят завод металлоконструкций")
    );
    assert_eq!(c.date, None);
    let c = clean_text(&page(&[
        "-4 C",
        "Оренбург",
        "24 ноября 2024 г.",
        "В Кузбассе построят завод металлоконструкций",
    ]));
    assert_eq!(c.date, None);
}

#[test]
fn issue_18_a_list_and_the_last_line_cut_by_the_copy_are_kept() {
    let raw = format!(
        "В Кузбассе построят завод металлоконструкций\n{LEAD}\nВ перечень субсидируемых предприятий вошли:\n  • Урванский завод железобетонных изделий;\n  • кабельный завод «Кавказкабель-ТМ».\n{BODY}\nВ следующем году фонд планирует выдать не менее тридцати займов на сумму свыше"
    );
    let c = clean_text(&raw);
    assert!(
        c.paragraphs.iter().any(|p| p.ends_with("вошли:")),
        "{:#?}",
        c.paragraphs
    );
    assert!(c.paragraphs.iter().any(|p| p.contains("Урванский")));
    assert!(c.paragraphs.last().unwrap().ends_with("на сумму свыше"));
}

#[test]
fn issue_18_a_last_line_of_names_cut_by_the_copy_is_kept() {
    // As lowercase as any prose paragraph (0.45), not more: a list of
    // quoted names with their regions in brackets.
    let raw = format!(
        "В Кузбассе построят завод металлоконструкций\n{LEAD}\n{BODY}\nВ перечень включены проекты технопарков и индустриальных парков «Ворсино» и «Росва» (Калужская область), «Уфимский» (Башкирия), «Мастер» (Татарстан), «Преображенка» (Самарская область), «Узловая» (Тульска"
    );
    let c = clean_text(&raw);
    assert!(
        c.paragraphs.last().unwrap().ends_with("(Тульска"),
        "{:#?}",
        c.paragraphs
    );
}

#[test]
fn issue_18_personal_data_consent_banner_is_not_the_article() {
    let c = clean_text(&page(&[
        "Во время посещения сайта вы соглашаетесь с тем, что мы обрабатываем ваши персональные данные с использованием метрик Яндекс Метрика.",
        "В Кузбассе построят завод металлоконструкций",
    ]));
    assert_eq!(
        c.title.as_deref(),
        Some("В Кузбассе построят завод металлоконструкций")
    );
    assert!(!c.paragraphs[0].contains("персональные"));
}

#[test]
fn a_headline_printed_as_the_first_line_ending_in_rub_was_taken_for_the_lead() {
    let c = clean_text(
        "В 2015 г. РЖД инвестировали в инфраструктуру Октябрьской магистрали 30 млрд руб.\nС начала года РЖД инвестировали в инфраструктуру Октябрьской магистрали 30 млрд руб. Из них 19 млрд направлены на обновление подвижного состава. Инвестиции в реконструкцию участка составили 4,1 млрд руб.",
    );
    assert_eq!(
        c.title.as_deref(),
        Some("В 2015 г. РЖД инвестировали в инфраструктуру Октябрьской магистрали 30 млрд руб.")
    );
    assert!(!c.title_inferred);
    assert!(c.paragraphs[0].starts_with("С начала года"));
}

#[test]
fn a_headline_inferred_from_a_lead_with_a_dateline_starts_after_it() {
    let c = clean_text(
        "СИМФЕРОПОЛЬ, 5 сен – РИА Новости Крым. Власти Севастополя будут делать все необходимое для того, чтобы завод работал и развивался, заявил губернатор.",
    );
    assert!(c.title_inferred);
    assert!(
        c.title
            .as_deref()
            .unwrap_or("")
            .starts_with("Власти Севастополя"),
        "{:?}",
        c.title
    );
}

#[test]
fn a_speaker_line_before_a_dashed_quote_was_taken_for_a_caption() {
    let raw = format!("{BODY}\nВладислав Кузнецов, вице-губернатор Курганской области:\n- Особенно ценно, что это проект импортозамещения, причём достаточно масштабный для всей области.\n{BODY}");
    let c = clean_text(&raw);
    assert!(c
        .paragraphs
        .iter()
        .any(|p| p.starts_with("Владислав Кузнецов, вице-губернатор")));
    // A one-word label before a colon leads in to nothing.
    let menu = clean_text(&format!("{BODY}\nПоделиться:\n{BODY}"));
    assert!(!menu.paragraphs.iter().any(|p| p.starts_with("Поделиться")));
}

#[test]
fn a_sentence_opening_with_a_quote_was_not_a_sentence_end() {
    // The copy broke the paragraph mid-sentence; its first half has a
    // sentence end only before a quote.
    let raw = format!("{BODY}\nВ городском округе Домодедово Московской области будет создана ОЭЗ «Максимиха». «Здесь предполагается реализовать инвестпроекты в области пищевой и\nобрабатывающей промышленности, а также построить терминально-логистический центр», – отмечается в записке.\n{BODY}");
    let c = clean_text(&raw);
    assert!(c
        .paragraphs
        .iter()
        .any(|p| p.starts_with("В городском округе Домодедово")));
}

#[test]
fn a_paragraph_broken_mid_sentence_keeps_its_first_half() {
    let raw = format!("{BODY}\nНа территории особой экономической зоны разместятся предприятия пищевой и\nобрабатывающей промышленности, а также терминально-логистический центр площадью сорок гектаров.\n{BODY}");
    let c = clean_text(&raw);
    assert!(c
        .paragraphs
        .iter()
        .any(|p| p.starts_with("На территории особой экономической зоны")));
}

#[test]
fn a_closing_sentence_full_of_names_was_taken_for_a_caption() {
    let raw = format!("{BODY}\nСоответствующий документ подписал председатель Правительства РФ Михаил Мишустин.\nПодпишитесь на наш канал");
    let c = clean_text(&raw);
    assert_eq!(
        c.paragraphs.last().map(String::as_str),
        Some("Соответствующий документ подписал председатель Правительства РФ Михаил Мишустин.")
    );
    // A name list without a sentence's period is still a caption.
    let caption = clean_text(&format!(
        "{BODY}\nГубернатор Иван Петров и директор завода Олег Ким\nПодпишитесь на наш канал"
    ));
    assert!(!caption
        .paragraphs
        .iter()
        .any(|p| p.starts_with("Губернатор Иван")));
}
