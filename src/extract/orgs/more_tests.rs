use super::*;

fn names(text: &str) -> Vec<String> {
    let o = Orgs::new();
    let d = Doc::new(text, &[]);
    let r = Regions::new(&Default::default());
    o.find(&d, &[], &r, &r.find(&d), &[])
        .into_iter()
        .map(|o| o.name)
        .collect()
}

#[test]
fn what_a_quoted_name_does_makes_it_a_company() {
    assert_eq!(names("«Техносила» вложит 2 млрд рублей"), ["Техносила"]);
    assert_eq!(
        names("\"Севмаш\" - одно из крупнейших судостроительных предприятий"),
        ["Севмаш"]
    );
    assert!(names("«Мой бизнес» помогает предпринимателям").is_empty());
}

#[test]
fn unknown_one_word_quoted_names_are_brands() {
    assert_eq!(names("Продукцию «Техновек» покупают"), ["Техновек"]);
    // Dictionary words, places and model codes are not.
    assert!(names("программа «Стрела» и лодки «Ясень-М», «Волга»").is_empty());
}

#[test]
fn a_programme_and_the_names_listed_after_it_are_not_companies() {
    assert!(
        names("займы по программам финансирования «Производительность», «Лесопереработка»")
            .is_empty()
    );
    assert!(names("одобрил его по новой программе «Арктическая локализация».").is_empty());
    // Without the programme noun the same shapes are companies.
    assert_eq!(
        names("Продукцию «Лесопереработка» покупают"),
        ["Лесопереработка"]
    );
    assert_eq!(
        names("Компания «Арктическая локализация» вложит 5 млн рублей"),
        ["Арктическая локализация"]
    );
}

#[test]
fn unquoted_names_after_a_company_noun() {
    assert_eq!(names("китайская компания Haier построит завод"), ["Haier"]);
    assert_eq!(
        names("акционер компании Трансмашхолдинг сообщил"),
        ["Трансмашхолдинг"]
    );
    // People and places after the noun are not companies.
    assert!(names("в компании Иван Петров работает").is_empty());
    assert!(names("предприятия Челябинск и Курган").is_empty());
}
