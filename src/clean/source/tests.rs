use super::*;

#[test]
fn dateline_length_covers_place_date_credit_and_edition() {
    let rest = |s: &'static str| dateline_len(s).map(|n| &s[n..]);
    assert_eq!(
        rest("СИМФЕРОПОЛЬ, 5 сен – РИА Новости Крым. Власти Севастополя"),
        Some("Власти Севастополя")
    );
    assert_eq!(rest("МОСКВА, 5 мая. /ТАСС/. Текст"), Some("Текст"));
    assert_eq!(
        rest("КРАСНОЯРСКИЙ КРАЙ, /НИА-КРАСНОЯРСК/. Фонд создали"),
        Some("Фонд создали")
    );
    assert_eq!(rest("Ижевск. 18 августа. ИНТЕРФАКС - Объем"), Some("Объем"));
    // No credit, no dateline: a sentence that starts with a place.
    assert_eq!(rest("Новости Твери, 5 марта. — О суверенитете"), None);
    assert_eq!(rest("Власти Севастополя будут делать"), None);
}

#[test]
fn dateline_credits() {
    let d = |s: &str| from_dateline(s);
    assert_eq!(d("МОСКВА, 5 мая. /ТАСС/. Текст").as_deref(), Some("ТАСС"));
    assert_eq!(
        d("Ижевск. 18 августа. ИНТЕРФАКС - Объем").as_deref(),
        Some("Интерфакс")
    );
    assert_eq!(
        d("УЛЬЯНОВСК, 10 окт — РИА Новости. За последние").as_deref(),
        Some("РИА Новости")
    );
    assert_eq!(
        d("НЕВИННОМЫССК, 29 января, РИА ФедералПресс. Министр").as_deref(),
        Some("ФедералПресс")
    );
    assert_eq!(d("МОСКВА, 29 авг /ПРАЙМ/. Совет").as_deref(), Some("ПРАЙМ"));
    assert_eq!(d("Новости Твери, 5 марта. — О суверенитете"), None);
    assert_eq!(
        d("Воронеж. 04.09.2018. ABIREG.RU – Новый парк").as_deref(),
        Some("Абирег")
    );
    assert_eq!(
        d("МАГАДАН. КОЛЫМА-ИНФОРМ. Поддержку").as_deref(),
        Some("Колыма-Информ")
    );
    assert_eq!(
        d("КРАСНОЯРСКИЙ КРАЙ, /НИА-КРАСНОЯРСК/. Фонд").as_deref(),
        Some("НИА-Красноярск")
    );
    assert_eq!(
        d("ИА «Ореанда-Новости» Премьер-министром").as_deref(),
        Some("Ореанда-Новости")
    );
    // A capitalised opening word is not a place, a slash pair deep in
    // a sentence is not a credit.
    assert_eq!(d("ВЭБ. Госкорпорация выдала кредит"), None);
    assert_eq!(
        d("Компания выпустила новые модели и/или изделия с маркировкой /А/Б/"),
        None
    );
    assert_eq!(
        d("В Казани открыли завод (РИА Новости)").as_deref(),
        Some("РИА Новости")
    );
}

#[test]
fn chrome_names_only_known_outlets_and_domains() {
    assert_eq!(from_chrome("om1.ru").as_deref(), Some("om1.ru"));
    assert_eq!(
        from_chrome("Новости Республики Коми | Комиинформ").as_deref(),
        Some("Комиинформ")
    );
    assert_eq!(from_chrome("Редакция Орен.Ру").as_deref(), Some("Орен.Ру"));
    assert_eq!(
        from_chrome("Читать ria.ru в").as_deref(),
        Some("РИА Новости")
    );
    for junk in [
        "Top.Mail.Ru",
        "Рейтинг@Mail.ru",
        "Главное",
        "Общество",
        "Меню Поиск",
        "Краснодар",
    ] {
        assert_eq!(from_chrome(junk), None, "{junk}");
    }
}

#[test]
fn label_and_copyright() {
    assert_eq!(from_label("Источник : Ссылка"), None);
    assert_eq!(
        from_label("Источник: Telegram-канал «Югра Индустрия»").as_deref(),
        Some("Telegram-канал «Югра Индустрия»")
    );
    assert_eq!(
        from_label("Источник: ИНТЕРФАКС").as_deref(),
        Some("Интерфакс")
    );
    assert_eq!(
        from_copyright("© 2025 ura.news. 16+").as_deref(),
        Some("URA.RU")
    );
    assert_eq!(from_copyright("© 2025 Ставрополь-Инфо. 16+"), None);
    assert_eq!(
        copyright_holder("© 2025 Ставрополь-Инфо. 16+").as_deref(),
        Some("Ставрополь-Инфо")
    );
    assert_eq!(
        from_label("Источник: http://www.penza-post.ru/news/1").as_deref(),
        Some("penza-post.ru")
    );
    assert_eq!(
        from_label("Источник: https://ria.ru/20250101/x.html").as_deref(),
        Some("РИА Новости")
    );
    assert_eq!(from_label("Источник: http://t.me/x y"), None);
}

#[test]
fn a_site_names_itself_in_its_masthead_copyright_or_owner_line() {
    assert_eq!(
        from_masthead("МеталлПромИнфо — отраслевой портал").as_deref(),
        Some("МеталлПромИнфо")
    );
    assert_eq!(
        from_masthead("Приморье.Инфо — новости Владивостока и края").as_deref(),
        Some("Приморье.Инфо")
    );
    // A headline with a dash is not a masthead.
    assert_eq!(from_masthead("Завод в Перми — крупнейший в отрасли"), None);
    assert_eq!(
        copyright_holder("Особая экономическая зона «Калуга-Восток» © Все права защищены")
            .as_deref(),
        Some("Особая экономическая зона «Калуга-Восток»")
    );
    assert_eq!(
        copyright_holder("Белгород-Экспресс. Все права защищены.").as_deref(),
        Some("Белгород-Экспресс")
    );
    assert_eq!(
        copyright_holder("© «Рязанская неделя», 2025. При перепечатке ссылка обязательна.")
            .as_deref(),
        Some("Рязанская неделя")
    );
    assert_eq!(copyright_holder("© Все права защищены"), None);
    assert_eq!(copyright_holder("Все права защищены."), None);
    assert_eq!(
        from_owner_line("Администрация городского округа город Елец").as_deref(),
        Some("Администрация городского округа город Елец")
    );
    // A menu word, or a sentence, is not a site's owner.
    assert_eq!(from_owner_line("Правительство"), None);
    assert_eq!(
        from_owner_line("Правительство края выделило 5 млн рублей."),
        None
    );
}

#[test]
fn an_article_citing_its_outlet_by_the_head_word_signs_the_page() {
    let page = lines(
        "Уральский деловой вестник\nГлавная\nЗавод купит прессы.\n«Спрос есть», — рассказал «Вестнику» директор.",
    );
    assert!(signed_elsewhere(&page, 0, "Уральский деловой вестник"));
    let other = lines("Уральский деловой вестник\nГлавная\nЗавод продал «Вестник-Агро» акции.");
    assert!(!signed_elsewhere(&other, 0, "Уральский деловой вестник"));
}

fn lines(text: &str) -> Vec<Line> {
    super::super::lines::split_lines(text)
}

#[test]
fn a_header_name_counts_only_when_the_page_signs_with_it() {
    let page = lines("Волга-Бизнес\nГлавное\nТекст статьи.\n© 2025 Волга-Бизнес");
    assert!(signed_elsewhere(&page, 0, "Волга-Бизнес"));
    assert!(!signed_elsewhere(&page, 1, "Главное"));
    let logo = lines("Logo\nLogo\nТекст.");
    assert!(!signed_elsewhere(&logo, 0, "Logo"));
}
