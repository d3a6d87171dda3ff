use super::*;

fn names(text: &str) -> Vec<String> {
    let cfg = ExtractConfig::default();
    let r = Regions::new(&cfg);
    let b = Bodies::new(&cfg, &r);
    let d = Doc::new(text, &[]);
    let rh = r.find(&d);
    let main = super::super::regions::main_region(&rh);
    let mut v: Vec<String> = entities(&d, &b.find(&d, &r, &rh, main))
        .into_iter()
        .map(|b| b.name)
        .collect();
    v.sort();
    v
}

// Issue #18: the story's region's own government, named by an
// adjective or "республики"/"области" after it.
// Issue #18: a nominative that ends like a genitive does not continue
// a body's name.
#[test]
fn a_centre_named_by_adjectives_alone_is_no_body() {
    let x = crate::extract::Extractor::new(&crate::extract::ExtractConfig::default());
    let e = x.extract(
        "Вологодская область",
        &["На территории планируется построить Череповецкий логистический центр.".into()],
    );
    assert!(e.bodies.is_empty(), "{:?}", e.bodies);
}

#[test]
fn the_regional_centre_with_a_company_after_it_is_no_body() {
    assert!(!is_genitive_shaped("компания"));
    assert!(is_genitive_shaped("развития"));
    let x = crate::extract::Extractor::new(&crate::extract::ExtractConfig::default());
    let e = x.extract(
        "Мурманская область",
        &["В областном центре компания стала собственником зданий.".into()],
    );
    assert!(e.bodies.is_empty(), "{:?}", e.bodies);
}

#[test]
fn regional_government_named_by_the_story() {
    assert_eq!(
        names("Проект в Ставропольском крае. Об этом сообщает пресс-служба регионального правительства."),
        ["Правительство Ставропольского края"]
    );
    assert_eq!(
        names(
            "Глава Кабардино-Балкарии. Сообщили в пресс-службе главы и правительства республики."
        ),
        ["Правительство Кабардино-Балкарской Республики"]
    );
    assert_eq!(
        names("Правительство Нижегородской области создаст фонд, сообщили в пресс-службе областного правительства и губернатора."),
        ["Правительство Нижегородской области"]
    );
}

#[test]
fn a_sub_unit_is_its_parent_body() {
    assert_eq!(
        names("Об этом сообщили в информационном центре правительства Тюменской области."),
        ["Правительство Тюменской области"]
    );
    assert_eq!(
        names("Наблюдательный совет Фонда развития промышленности одобрил займы."),
        ["Фонд развития промышленности"]
    );
}

#[test]
fn the_government_of_a_story_of_no_single_region_is_the_federal_one() {
    assert_eq!(
        names("Мишустин выступил с отчетом о работе правительства за 2025 год."),
        ["Правительство Российской Федерации"]
    );
    assert_eq!(
        names("Соглашение одобрил кабмин."),
        ["Правительство Российской Федерации"]
    );
    assert!(names("Делегация правительства Китая посетила завод.").is_empty());
}

#[test]
fn a_complement_never_starts_with_a_list_or_a_preposition() {
    assert!(
        names("Как уточнили в пресс-службе министерства, среди заводов есть новые.").is_empty()
    );
    assert!(names("Системы автоматизированного управления дизель-генераторной установки для АЭС в Ленинградской области.").is_empty());
}

#[test]
fn federal_services_from_the_complete_table() {
    assert_eq!(
        names("Проект одобрила Главгосэкспертиза."),
        ["Главгосэкспертиза России"]
    );
    assert_eq!(names("Проверку провел Росздравнадзор."), ["Росздравнадзор"]);
    assert_eq!(names("Займ выдал ВЭБ.РФ."), ["ВЭБ.РФ"]);
}

#[test]
fn federal_forms_merge() {
    assert_eq!(
        names("С Минпромторгом России и Министерством промышленности и торговли Российской Федерации, Минпромторга"),
        ["Минпромторг России"]
    );
}

#[test]
fn regional_namesakes() {
    assert_eq!(
        names("Фонд развития промышленности Краснодарского края и федеральный Фонд развития промышленности"),
        ["Фонд развития промышленности", "Фонд развития промышленности Краснодарского края"]
    );
    assert_eq!(
        names("Минпромторг Татарстана"),
        ["Министерство промышленности и торговли Республики Татарстан"]
    );
    assert_eq!(
        names("ФРП Кузбасса"),
        ["Фонд развития промышленности Кузбасса"]
    );
}

#[test]
fn head_phrases() {
    assert_eq!(
        names("министр промышленной политики Краснодарского края. Агентства Амурской области по привлечению инвестиций Ольга"),
        ["Агентство Амурской области по привлечению инвестиций"]
    );
    assert_eq!(
        names("В Краснодарском крае министерства промышленной политики региона и министерство промышленной политики"),
        ["Министерство промышленной политики Краснодарского края"]
    );
    assert_eq!(
        names("заседание Координационного совета по промышленности Минпромторга России"),
        [
            "Координационный совет по промышленности Минпромторга России",
            "Минпромторг России"
        ]
    );
    assert_eq!(
        names("Законодательного собрания Краснодарского края"),
        ["Законодательное собрание Краснодарского края"]
    );
    assert_eq!(
        names("В Краснодарском крае департамент металлургии Минпромторга одобрил"),
        ["Департамент металлургии Минпромторга", "Минпромторг России"]
    );
}

#[test]
fn ministries_by_their_short_names() {
    assert_eq!(
        names("Заявки подали в минэкономики Пензенской области. Итоги подвели в минэкономики."),
        ["Минэкономики Пензенской области"]
    );
    assert_eq!(
        names("В Московской области сообщили в пресс-службе областного Мининвеста и областного Минстроя."),
        ["Мининвест Московской области", "Минстрой Московской области"]
    );
    assert_eq!(
        names("Данные Тюменьстата по Тюменской области"),
        ["Тюменьстат"]
    );
    assert_eq!(statistics_office("росстата"), None);
    assert_eq!(ministry_short_form("минут"), None);
    assert_eq!(ministry_short_form("минниханова"), None);
    assert_eq!(
        ministry_short_form("минздраву").as_deref(),
        Some("Минздрав")
    );
    assert_eq!(
        ministry_short_form("минэнерго").as_deref(),
        Some("Минэнерго")
    );
}

#[test]
fn federal_ministries_stay_federal_in_regional_news() {
    assert_eq!(
        names("В Краснодарском крае министерство культуры сообщило"),
        Vec::<String>::new()
    );
    assert_eq!(
        names("Министерство культуры Краснодарского края"),
        ["Министерство культуры Краснодарского края"]
    );
    assert_eq!(
        names("Наблюдательный совет Фонда развития промышленности Тульской области"),
        ["Фонд развития промышленности Тульской области"]
    );
}
