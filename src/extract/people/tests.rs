use super::*;
use crate::extract::{ExtractConfig, Extractor};

fn people(text: &str) -> Vec<(String, Option<String>)> {
    let x = Extractor::new(&ExtractConfig::default());
    x.extract(text, &[])
        .people
        .into_iter()
        .map(|p| (p.name, p.role))
        .collect()
}

fn names(text: &str) -> Vec<String> {
    people(text).into_iter().map(|(n, _)| n).collect()
}

// Issue #18: first names and their gender from the dictionary.
#[test]
fn a_first_name_missing_from_the_list_is_known_from_the_dictionary() {
    assert!(!FIRST_NAMES.split_whitespace().any(|n| n == "Ермолай"));
    assert_eq!(
        names("Завод посетил Ермолай Кузнецов."),
        ["Ермолай Кузнецов"]
    );
    assert_eq!(
        names("Встреча с Гурием Лапиным прошла в цехе."),
        ["Гурий Лапин"]
    );
}

#[test]
fn the_case_of_the_role_noun_tells_the_gender_of_an_ambiguous_name() {
    assert_eq!(
        names("Выступила министр экономики Эльмира Ахмеева."),
        ["Эльмира Ахмеева"]
    );
    assert_eq!(
        names("В сопровождении губернатора Александра Гусева он посетил завод."),
        ["Александр Гусев"]
    );
    assert_eq!(
        names("Александра Петрова отметила рост."),
        ["Александра Петрова"]
    );
    assert_eq!(
        names("Александра Петрова поздравили с наградой."),
        ["Александр Петров"]
    );
}

#[test]
fn a_listed_name_keeps_its_listed_cases() {
    assert_eq!(
        names("Губернатор поручил Анне Ковалёвой подготовить план."),
        ["Анна Ковалёва"]
    );
}

#[test]
fn roles_name_regions_officially_and_bare_posts_take_the_story_region() {
    assert_eq!(
        people("Глава Коми Владимир Уйба посетил завод."),
        [(
            "Владимир Уйба".to_string(),
            Some("глава Республики Коми".to_string())
        )]
    );
    assert_eq!(
        people("В Омской области открыли цех. Губернатор Виталий Хоценко осмотрел линию."),
        [(
            "Виталий Хоценко".to_string(),
            Some("губернатор Омской области".to_string())
        )]
    );
    assert_eq!(
        people("Премьер-министр РФ Михаил Мишустин подписал постановление."),
        [(
            "Михаил Мишустин".to_string(),
            Some("премьер-министр РФ".to_string())
        )]
    );
}

#[test]
fn an_a_declension_surname_in_another_case_is_the_same_person() {
    assert_eq!(
        names("Владимир Уйба провёл встречу. Встреча главы Коми Владимира Уйбы с инвесторами."),
        ["Владимир Уйба"]
    );
}

#[test]
fn surnames_to_nominative() {
    assert_eq!(
        surname_nominative("Алихановым", Gender::Masc, &[4]),
        "Алиханов"
    );
    assert_eq!(
        surname_nominative("Кукшенёвой", Gender::Fem, &[1]),
        "Кукшенёва"
    );
    assert_eq!(surname_nominative("Хмелько", Gender::Masc, &[1]), "Хмелько");
    assert_eq!(
        surname_full("Поляковой-Шадриной", Gender::Fem, &[1]),
        "Полякова-Шадрина"
    );
    assert_eq!(surname_nominative("Кима", Gender::Masc, &[1, 3]), "Ким");
    assert_eq!(
        surname_nominative("Ухтомского", Gender::Masc, &[1, 3]),
        "Ухтомский"
    );
}

#[test]
fn roles_with_regions_named_twice_or_with_brackets() {
    assert_eq!(
        people(
            "Губернатор Ханты-Мансийского автономного округа – Югры Руслан Кухарук посетил завод."
        ),
        [(
            "Руслан Кухарук".into(),
            Some("губернатор Ханты-Мансийского автономного округа — Югры".into())
        )]
    );
    assert_eq!(
        people("Глава Республики Саха (Якутия) Айсен Николаев посетил завод."),
        [(
            "Айсен Николаев".into(),
            Some("глава Республики Саха (Якутия)".into())
        )]
    );
    // A dash that does not join two names of one region ends the role.
    assert_eq!(
        people("Завод – Кузбасс Илья Середюк посетил."),
        [("Илья Середюк".into(), None)]
    );
}

#[test]
fn names_and_roles() {
    assert_eq!(
        people("Встречу провёл министр промышленности и торговли России Антон Алиханов."),
        [(
            "Антон Алиханов".into(),
            Some("министр промышленности и торговли России".into())
        )]
    );
    assert_eq!(
        people("по словам генерального директора ООО «Кубаньмолмаш» Елены Фоминой-Дорн"),
        [(
            "Елена Фомина-Дорн".into(),
            Some("генеральный директор ООО «Кубаньмолмаш»".into())
        )]
    );
}

#[test]
fn name_forms_and_later_mentions() {
    let x = Extractor::new(&ExtractConfig::default());
    let e = x.extract(
        "Встреча с Анной Березовской",
        &[
            "Министр промышленности и торговли Республики Татарстан Сафин Ильдар Маратович выступил.".into(),
            "Позже И. Сафин и Березовская ответили Юрию Ли и Константину Белых.".into(),
        ],
    );
    let got: Vec<(&str, u32)> = e
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.salience.mentions))
        .collect();
    assert_eq!(
        got,
        [
            ("Анна Березовская", 2),
            ("Ильдар Сафин", 2),
            ("Юрий Ли", 1),
            ("Константин Белых", 1)
        ]
    );
    assert_eq!(
        e.people[1].role.as_deref(),
        Some("министр промышленности и торговли Республики Татарстан")
    );
    // An initial alone never creates a person.
    assert!(x.extract("А. Петров сообщил", &[]).people.is_empty());
}

fn role_of(text: &str, person: &str) -> Option<String> {
    people(text)
        .into_iter()
        .find(|(n, _)| n == person)
        .and_then(|(_, r)| r)
}

// Issue #18: roles on real pages.
#[test]
fn compound_and_acting_posts_are_one_role() {
    assert_eq!(
        role_of(
            "«Резиденты довольны», – рассказала зампред правительства – министр инвестиций, промышленности и науки Московской области Екатерина Зиновьева.",
            "Екатерина Зиновьева"
        )
        .as_deref(),
        Some("заместитель председателя правительства – министр инвестиций, промышленности и науки Московской области")
    );
    assert_eq!(
        role_of(
            "Об этом рассказал исполняющий обязанности председателя правительства Кировской области Михаил Сандалов.",
            "Михаил Сандалов"
        )
        .as_deref(),
        Some("исполняющий обязанности председателя правительства Кировской области")
    );
    assert_eq!(
        role_of(
            "В обсуждении приняли участие и. о. министра инвестиционного развития Хабаровского края Максим Тарасов.",
            "Максим Тарасов"
        )
        .as_deref(),
        Some("и. о. министра инвестиционного развития Хабаровского края")
    );
}

#[test]
fn a_second_post_takes_the_region_the_first_one_names() {
    let perm = "Глава региона Дмитрий Махонин и зампредседателя краевого правительства — министр промышленности и торговли Алексей Чибисов обсудили итоги. Пермский край вырос.";
    assert_eq!(
        role_of(perm, "Алексей Чибисов").as_deref(),
        Some("заместитель председателя правительства Пермского края — министр промышленности и торговли Пермского края")
    );
    // The region's head by the title the region gives them.
    assert_eq!(
        role_of(perm, "Дмитрий Махонин").as_deref(),
        Some("губернатор Пермского края")
    );
    // A federal ministry's field alone may be the federal minister's.
    assert_eq!(
        role_of(
            "В Пермском крае министр промышленности и торговли Антон Алиханов осмотрел завод.",
            "Антон Алиханов"
        )
        .as_deref(),
        Some("министр промышленности и торговли")
    );
    assert_eq!(
        role_of(
            "В Красноярском крае министр промышленности, энергетики и ЖКХ Александр Ананьев сообщил о заявках.",
            "Александр Ананьев"
        )
        .as_deref(),
        Some("министр промышленности, энергетики и ЖКХ Красноярского края")
    );
}

#[test]
fn shortened_words_read_officially_and_brackets_and_quotes_stay_inside() {
    assert_eq!(
        role_of(
            "Гендиректор «КАМАЗа» Сергей Когогин открыл цех.",
            "Сергей Когогин"
        )
        .as_deref(),
        Some("генеральный директор «КАМАЗа»")
    );
    assert_eq!(
        role_of(
            "Выступила заместитель председателя Госдумы Ирина Яровая.",
            "Ирина Яровая"
        )
        .as_deref(),
        Some("заместитель председателя Государственной думы")
    );
    assert_eq!(
        role_of(
            "Договор подписали директор ООО «Управляющая компания „Столыпинский индустриальный парк“» Алексей Лихачев и другие.",
            "Алексей Лихачев"
        )
        .as_deref(),
        Some("директор ООО «Управляющая компания „Столыпинский индустриальный парк“»")
    );
    assert_eq!(
        role_of(
            "Цитирует слова генерального директора управляющей компании ГК \"Золотой актив\" (куда входит \"СиГМА\") Андрея Колесникова.",
            "Андрей Колесников"
        )
        .as_deref(),
        Some("генеральный директор управляющей компании ГК \"Золотой актив\"")
    );
    // A noun with an adjective's ending is not part of the post.
    assert_eq!(
        role_of(
            "Прошло совещание под председательством Губернатора Дмитрия Миляева. Тульская область растёт.",
            "Дмитрий Миляев"
        )
        .as_deref(),
        Some("Губернатор Тульской области")
    );
}

#[test]
fn one_plural_post_is_shared_and_a_next_persons_post_is_not_taken() {
    let text = "Примут участие руководитель Росрыболовства Илья Шестаков, губернаторы Калининградской области и Камчатского края Алексей Беспрозванных и Владимир Солодов.";
    assert_eq!(
        role_of(text, "Алексей Беспрозванных").as_deref(),
        Some("губернатор Калининградской области")
    );
    assert_eq!(
        role_of(text, "Владимир Солодов").as_deref(),
        Some("губернатор Камчатского края")
    );
    let text = "В работе приняли участие Раис Татарстана Рустам Минниханов, Премьер-министр Татарстана Алексей Песошин.";
    assert_eq!(
        role_of(text, "Рустам Минниханов").as_deref(),
        Some("Раис Республики Татарстан")
    );
}

#[test]
fn a_post_after_a_quote_is_the_post_of_the_one_person_without_one() {
    let text = "Губернатор Омской области Виталий Хоценко открыл завод. Антон Алиханов осмотрел линию.\n«Мы поможем», — подчеркнул министр промышленности и торговли России.";
    assert_eq!(
        role_of(text, "Антон Алиханов").as_deref(),
        Some("министр промышленности и торговли России")
    );
    // Two people without a post: the text does not say whose it is.
    let text = "Антон Алиханов и Василий Орлов осмотрели линию.\n«Мы поможем», — подчеркнул министр промышленности и торговли России.";
    assert_eq!(role_of(text, "Антон Алиханов"), None);
    assert_eq!(role_of(text, "Василий Орлов"), None);
}

#[test]
fn never_places_or_months() {
    assert!(people("В Свободненском районе Амурской области в Марте").is_empty());
    assert!(people("Антон Краснодарского края").is_empty());
}
