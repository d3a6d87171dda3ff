//! Deterministic generator of raw scraped-looking Russian industry news.
//!
//! `cargo run --release --example gen_corpus -- N DIR [SEED]` writes `N` files
//! `DIR/content/gen-NNNNNN.txt` and `DIR/site.toml` (a copy of the repo's
//! `site.toml` when there is one, else a minimal config), plus copies of the
//! repo's `templates/` and `assets/` so `promdigest build --root DIR` works.
//!
//! Each article imitates text copied from a news site, like the seeds in
//! `content/` and `tests/data/dev/raw/`: site chrome before the article
//! (outlet name, menu, weather, currency ticker, "Перейти к основному
//! контенту"), a headline, a dateline in one of several notations (or none,
//! or without a year), a body assembled from sentence templates that name
//! regions (federal subjects in different grammatical cases and by alias),
//! people with roles in different cases, federal and regional bodies,
//! companies and ruble amounts in varied notations; then trailing chrome
//! (photo credits, hashtags, "Подпишитесь", "Читайте также", feeds).
//!
//! The output depends only on `N` and the seed: every article gets its own
//! PRNG seeded from `(seed, index)`, so files are identical whatever the
//! number of threads. 100,000 articles take a few seconds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// SplitMix64: tiny, fast, good enough for text variety, and stable forever
/// (unlike a crate whose algorithm might change across versions).
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A federal subject: nominative, genitive, prepositional with its
/// preposition ("в Омской области", "на Кубани"), adjective for "the
/// region's" and optional aliases (nominative, genitive, prepositional).
struct Region {
    nom: &'static str,
    gen: &'static str,
    prep: &'static str,
    city_prep: &'static str,
    aliases: &'static [(&'static str, &'static str, &'static str)],
}

const REGIONS: &[Region] = &[
    Region {
        nom: "Амурская область",
        gen: "Амурской области",
        prep: "в Амурской области",
        city_prep: "в Благовещенске",
        aliases: &[("Приамурье", "Приамурья", "в Приамурье")],
    },
    Region {
        nom: "Краснодарский край",
        gen: "Краснодарского края",
        prep: "в Краснодарском крае",
        city_prep: "в Краснодаре",
        aliases: &[("Кубань", "Кубани", "на Кубани")],
    },
    Region {
        nom: "Омская область",
        gen: "Омской области",
        prep: "в Омской области",
        city_prep: "в Омске",
        aliases: &[("Прииртышье", "Прииртышья", "в Прииртышье")],
    },
    Region {
        nom: "Кемеровская область — Кузбасс",
        gen: "Кемеровской области — Кузбасса",
        prep: "в Кемеровской области — Кузбассе",
        city_prep: "в Кемерове",
        aliases: &[("Кузбасс", "Кузбасса", "в Кузбассе")],
    },
    Region {
        nom: "Ульяновская область",
        gen: "Ульяновской области",
        prep: "в Ульяновской области",
        city_prep: "в Ульяновске",
        aliases: &[],
    },
    Region {
        nom: "Свердловская область",
        gen: "Свердловской области",
        prep: "в Свердловской области",
        city_prep: "в Екатеринбурге",
        aliases: &[("Средний Урал", "Среднего Урала", "на Среднем Урале")],
    },
    Region {
        nom: "Республика Татарстан",
        gen: "Республики Татарстан",
        prep: "в Республике Татарстан",
        city_prep: "в Казани",
        aliases: &[("Татарстан", "Татарстана", "в Татарстане")],
    },
    Region {
        nom: "Республика Башкортостан",
        gen: "Республики Башкортостан",
        prep: "в Республике Башкортостан",
        city_prep: "в Уфе",
        aliases: &[("Башкирия", "Башкирии", "в Башкирии")],
    },
    Region {
        nom: "Нижегородская область",
        gen: "Нижегородской области",
        prep: "в Нижегородской области",
        city_prep: "в Нижнем Новгороде",
        aliases: &[],
    },
    Region {
        nom: "Новосибирская область",
        gen: "Новосибирской области",
        prep: "в Новосибирской области",
        city_prep: "в Новосибирске",
        aliases: &[],
    },
    Region {
        nom: "Челябинская область",
        gen: "Челябинской области",
        prep: "в Челябинской области",
        city_prep: "в Челябинске",
        aliases: &[("Южный Урал", "Южного Урала", "на Южном Урале")],
    },
    Region {
        nom: "Пермский край",
        gen: "Пермского края",
        prep: "в Пермском крае",
        city_prep: "в Перми",
        aliases: &[("Прикамье", "Прикамья", "в Прикамье")],
    },
    Region {
        nom: "Самарская область",
        gen: "Самарской области",
        prep: "в Самарской области",
        city_prep: "в Тольятти",
        aliases: &[(
            "Самарская губерния",
            "Самарской губернии",
            "в Самарской губернии",
        )],
    },
    Region {
        nom: "Ростовская область",
        gen: "Ростовской области",
        prep: "в Ростовской области",
        city_prep: "в Ростове-на-Дону",
        aliases: &[("Дон", "Дона", "на Дону")],
    },
    Region {
        nom: "Красноярский край",
        gen: "Красноярского края",
        prep: "в Красноярском крае",
        city_prep: "в Красноярске",
        aliases: &[],
    },
    Region {
        nom: "Иркутская область",
        gen: "Иркутской области",
        prep: "в Иркутской области",
        city_prep: "в Ангарске",
        aliases: &[("Приангарье", "Приангарья", "в Приангарье")],
    },
    Region {
        nom: "Приморский край",
        gen: "Приморского края",
        prep: "в Приморском крае",
        city_prep: "во Владивостоке",
        aliases: &[("Приморье", "Приморья", "в Приморье")],
    },
    Region {
        nom: "Хабаровский край",
        gen: "Хабаровского края",
        prep: "в Хабаровском крае",
        city_prep: "в Комсомольске-на-Амуре",
        aliases: &[],
    },
    Region {
        nom: "Ленинградская область",
        gen: "Ленинградской области",
        prep: "в Ленинградской области",
        city_prep: "в Гатчине",
        aliases: &[("Ленобласть", "Ленобласти", "в Ленобласти")],
    },
    Region {
        nom: "Московская область",
        gen: "Московской области",
        prep: "в Московской области",
        city_prep: "в Подольске",
        aliases: &[("Подмосковье", "Подмосковья", "в Подмосковье")],
    },
    Region {
        nom: "Санкт-Петербург",
        gen: "Санкт-Петербурга",
        prep: "в Санкт-Петербурге",
        city_prep: "в Петербурге",
        aliases: &[("Петербург", "Петербурга", "в Петербурге")],
    },
    Region {
        nom: "Москва",
        gen: "Москвы",
        prep: "в Москве",
        city_prep: "в Зеленограде",
        aliases: &[("столица", "столицы", "в столице")],
    },
    Region {
        nom: "Тульская область",
        gen: "Тульской области",
        prep: "в Тульской области",
        city_prep: "в Новомосковске",
        aliases: &[],
    },
    Region {
        nom: "Калужская область",
        gen: "Калужской области",
        prep: "в Калужской области",
        city_prep: "в Калуге",
        aliases: &[],
    },
    Region {
        nom: "Воронежская область",
        gen: "Воронежской области",
        prep: "в Воронежской области",
        city_prep: "в Воронеже",
        aliases: &[],
    },
    Region {
        nom: "Белгородская область",
        gen: "Белгородской области",
        prep: "в Белгородской области",
        city_prep: "в Старом Осколе",
        aliases: &[("Белгородчина", "Белгородчины", "на Белгородчине")],
    },
    Region {
        nom: "Липецкая область",
        gen: "Липецкой области",
        prep: "в Липецкой области",
        city_prep: "в Липецке",
        aliases: &[],
    },
    Region {
        nom: "Ярославская область",
        gen: "Ярославской области",
        prep: "в Ярославской области",
        city_prep: "в Рыбинске",
        aliases: &[],
    },
    Region {
        nom: "Тюменская область",
        gen: "Тюменской области",
        prep: "в Тюменской области",
        city_prep: "в Тобольске",
        aliases: &[],
    },
    Region {
        nom: "Ханты-Мансийский автономный округ — Югра",
        gen: "Ханты-Мансийского автономного округа — Югры",
        prep: "в Ханты-Мансийском автономном округе — Югре",
        city_prep: "в Сургуте",
        aliases: &[("Югра", "Югры", "в Югре"), ("ХМАО", "ХМАО", "в ХМАО")],
    },
    Region {
        nom: "Ямало-Ненецкий автономный округ",
        gen: "Ямало-Ненецкого автономного округа",
        prep: "в Ямало-Ненецком автономном округе",
        city_prep: "в Новом Уренгое",
        aliases: &[("Ямал", "Ямала", "на Ямале"), ("ЯНАО", "ЯНАО", "в ЯНАО")],
    },
    Region {
        nom: "Республика Саха (Якутия)",
        gen: "Республики Саха (Якутия)",
        prep: "в Республике Саха (Якутия)",
        city_prep: "в Якутске",
        aliases: &[("Якутия", "Якутии", "в Якутии")],
    },
    Region {
        nom: "Удмуртская Республика",
        gen: "Удмуртской Республики",
        prep: "в Удмуртской Республике",
        city_prep: "в Ижевске",
        aliases: &[("Удмуртия", "Удмуртии", "в Удмуртии")],
    },
    Region {
        nom: "Чувашская Республика",
        gen: "Чувашской Республики",
        prep: "в Чувашской Республике",
        city_prep: "в Чебоксарах",
        aliases: &[("Чувашия", "Чувашии", "в Чувашии")],
    },
    Region {
        nom: "Республика Мордовия",
        gen: "Республики Мордовия",
        prep: "в Республике Мордовия",
        city_prep: "в Саранске",
        aliases: &[("Мордовия", "Мордовии", "в Мордовии")],
    },
    Region {
        nom: "Вологодская область",
        gen: "Вологодской области",
        prep: "в Вологодской области",
        city_prep: "в Череповце",
        aliases: &[("Вологодчина", "Вологодчины", "на Вологодчине")],
    },
    Region {
        nom: "Мурманская область",
        gen: "Мурманской области",
        prep: "в Мурманской области",
        city_prep: "в Мурманске",
        aliases: &[(
            "Кольское Заполярье",
            "Кольского Заполярья",
            "в Кольском Заполярье",
        )],
    },
    Region {
        nom: "Калининградская область",
        gen: "Калининградской области",
        prep: "в Калининградской области",
        city_prep: "в Калининграде",
        aliases: &[],
    },
    Region {
        nom: "Ставропольский край",
        gen: "Ставропольского края",
        prep: "в Ставропольском крае",
        city_prep: "в Невинномысске",
        aliases: &[("Ставрополье", "Ставрополья", "на Ставрополье")],
    },
    Region {
        nom: "Алтайский край",
        gen: "Алтайского края",
        prep: "в Алтайском крае",
        city_prep: "в Барнауле",
        aliases: &[],
    },
    Region {
        nom: "Томская область",
        gen: "Томской области",
        prep: "в Томской области",
        city_prep: "в Томске",
        aliases: &[],
    },
    Region {
        nom: "Оренбургская область",
        gen: "Оренбургской области",
        prep: "в Оренбургской области",
        city_prep: "в Орске",
        aliases: &[("Оренбуржье", "Оренбуржья", "в Оренбуржье")],
    },
];

/// A given name: nominative, genitive, instrumental; `female` picks the
/// surname endings.
struct Given {
    nom: &'static str,
    gen: &'static str,
    ins: &'static str,
    female: bool,
}

const GIVEN: &[Given] = &[
    Given {
        nom: "Андрей",
        gen: "Андрея",
        ins: "Андреем",
        female: false,
    },
    Given {
        nom: "Виктор",
        gen: "Виктора",
        ins: "Виктором",
        female: false,
    },
    Given {
        nom: "Олег",
        gen: "Олега",
        ins: "Олегом",
        female: false,
    },
    Given {
        nom: "Сергей",
        gen: "Сергея",
        ins: "Сергеем",
        female: false,
    },
    Given {
        nom: "Павел",
        gen: "Павла",
        ins: "Павлом",
        female: false,
    },
    Given {
        nom: "Тимур",
        gen: "Тимура",
        ins: "Тимуром",
        female: false,
    },
    Given {
        nom: "Григорий",
        gen: "Григория",
        ins: "Григорием",
        female: false,
    },
    Given {
        nom: "Роман",
        gen: "Романа",
        ins: "Романом",
        female: false,
    },
    Given {
        nom: "Илья",
        gen: "Ильи",
        ins: "Ильей",
        female: false,
    },
    Given {
        nom: "Никита",
        gen: "Никиты",
        ins: "Никитой",
        female: false,
    },
    Given {
        nom: "Марат",
        gen: "Марата",
        ins: "Маратом",
        female: false,
    },
    Given {
        nom: "Станислав",
        gen: "Станислава",
        ins: "Станиславом",
        female: false,
    },
    Given {
        nom: "Елена",
        gen: "Елены",
        ins: "Еленой",
        female: true,
    },
    Given {
        nom: "Ольга",
        gen: "Ольги",
        ins: "Ольгой",
        female: true,
    },
    Given {
        nom: "Светлана",
        gen: "Светланы",
        ins: "Светланой",
        female: true,
    },
    Given {
        nom: "Наталья",
        gen: "Натальи",
        ins: "Натальей",
        female: true,
    },
    Given {
        nom: "Ирина",
        gen: "Ирины",
        ins: "Ириной",
        female: true,
    },
    Given {
        nom: "Дарья",
        gen: "Дарьи",
        ins: "Дарьей",
        female: true,
    },
    Given {
        nom: "Алсу",
        gen: "Алсу",
        ins: "Алсу",
        female: true,
    },
];

/// Invented surname stems and their declension class.
#[derive(Clone, Copy)]
enum Decl {
    /// -ов/-ев/-ин: Петров, Петрова, Петровым / Петрова, Петровой.
    Ov,
    /// -ский: Залесский, Залесского, Залесским / Залесская, Залесской.
    Sky,
    /// indeclinable: Хмелько, Дурново, Шевчук for women.
    Fixed,
}

const SURNAMES: &[(&str, Decl)] = &[
    ("Ремезов", Decl::Ov),
    ("Тальников", Decl::Ov),
    ("Крутогоров", Decl::Ov),
    ("Бережнев", Decl::Ov),
    ("Савостин", Decl::Ov),
    ("Лопатин", Decl::Ov),
    ("Гарифуллин", Decl::Ov),
    ("Ахмедов", Decl::Ov),
    ("Колыванов", Decl::Ov),
    ("Сыромятников", Decl::Ov),
    ("Веретенников", Decl::Ov),
    ("Шалыгин", Decl::Ov),
    ("Залесск", Decl::Sky),
    ("Ольховск", Decl::Sky),
    ("Боровск", Decl::Sky),
    ("Громовск", Decl::Sky),
    ("Хмелько", Decl::Fixed),
    ("Дурново", Decl::Fixed),
    ("Кравченко", Decl::Fixed),
    ("Живаго", Decl::Fixed),
];

struct Person {
    nom: String,
    gen: String,
    ins: String,
    female: bool,
}

fn person(r: &mut Rng) -> Person {
    let g = r.pick(GIVEN);
    let &(stem, decl) = r.pick(SURNAMES);
    let (n, ge, i) = match (decl, g.female) {
        (Decl::Ov, false) => (stem.to_string(), format!("{stem}а"), format!("{stem}ым")),
        (Decl::Ov, true) => (format!("{stem}а"), format!("{stem}ой"), format!("{stem}ой")),
        (Decl::Sky, false) => (
            format!("{stem}ий"),
            format!("{stem}ого"),
            format!("{stem}им"),
        ),
        (Decl::Sky, true) => (
            format!("{stem}ая"),
            format!("{stem}ой"),
            format!("{stem}ой"),
        ),
        (Decl::Fixed, _) => (stem.to_string(), stem.to_string(), stem.to_string()),
    };
    Person {
        nom: format!("{} {n}", g.nom),
        gen: format!("{} {ge}", g.gen),
        ins: format!("{} {i}", g.ins),
        female: g.female,
    }
}

/// Federal bodies: nominative, genitive, instrumental.
const FEDERAL: &[(&str, &str, &str)] = &[
    (
        "Минпромторг России",
        "Минпромторга России",
        "Минпромторгом России",
    ),
    (
        "Министерство промышленности и торговли Российской Федерации",
        "Министерства промышленности и торговли Российской Федерации",
        "Министерством промышленности и торговли Российской Федерации",
    ),
    (
        "Минэкономразвития России",
        "Минэкономразвития России",
        "Минэкономразвития России",
    ),
    ("Минфин России", "Минфина России", "Минфином России"),
    ("Минэнерго России", "Минэнерго России", "Минэнерго России"),
    (
        "Минвостокразвития",
        "Минвостокразвития",
        "Минвостокразвития",
    ),
    (
        "Фонд развития промышленности",
        "Фонда развития промышленности",
        "Фондом развития промышленности",
    ),
    ("ФРП", "ФРП", "ФРП"),
    ("Корпорация МСП", "Корпорации МСП", "Корпорацией МСП"),
    (
        "Российский экспортный центр",
        "Российского экспортного центра",
        "Российским экспортным центром",
    ),
];

/// Regional body kinds; the region's genitive follows.
const REGIONAL: &[(&str, &str)] = &[
    (
        "министерство промышленности и торговли",
        "министерства промышленности и торговли",
    ),
    (
        "министерство промышленной политики",
        "министерства промышленной политики",
    ),
    ("департамент промышленности", "департамента промышленности"),
    (
        "министерство экономического развития",
        "министерства экономического развития",
    ),
    (
        "агентство по привлечению инвестиций",
        "агентства по привлечению инвестиций",
    ),
    ("правительство", "правительства"),
    (
        "региональный фонд развития промышленности",
        "регионального фонда развития промышленности",
    ),
];

const ROLES_REGION: &[&str] = &[
    "губернатор",
    "глава",
    "министр промышленности и торговли",
    "министр экономического развития",
    "заместитель председателя правительства",
    "руководитель департамента промышленности",
    "директор регионального фонда развития промышленности",
];

const ROLES_ORG: &[&str] = &[
    "генеральный директор",
    "директор",
    "председатель совета директоров",
    "исполнительный директор",
    "главный инженер",
    "управляющий директор",
];

/// Legal or generic form of a company: nominative and genitive.
const ORG_FORMS: &[(&str, &str)] = &[
    ("ООО", "ООО"),
    ("АО", "АО"),
    ("ПАО", "ПАО"),
    ("ЗАО", "ЗАО"),
    ("ГК", "ГК"),
    ("НПО", "НПО"),
    ("компания", "компании"),
    ("завод", "завода"),
    ("холдинг", "холдинга"),
];
const ORG_A: &[&str] = &[
    "Сиб",
    "Урал",
    "Волга",
    "Амур",
    "Кама",
    "Север",
    "Дон",
    "Енисей",
    "Байкал",
    "Ока",
    "Алтай",
    "Балтик",
    "Полюс",
    "Тех",
    "Нева",
    "Вятка",
    "Иртыш",
    "Печора",
];
const ORG_B: &[&str] = &[
    "хим",
    "маш",
    "сталь",
    "лес",
    "пром",
    "авиа",
    "полимер",
    "энерго",
    "агро",
    "композит",
    "кабель",
    "металл",
    "станко",
    "приборо",
    "фарм",
    "стекло",
    "углехим",
    "судо",
];
const ORG_C: &[&str] = &[
    "",
    "пром",
    "завод",
    "строй",
    "сервис",
    "холдинг",
    "техника",
    "комплект",
    "инвест",
];

/// An invented company: (nominative, genitive).
fn org(r: &mut Rng) -> (String, String) {
    let mut name = format!("{}{}{}", r.pick(ORG_A), r.pick(ORG_B), r.pick(ORG_C));
    if r.chance(15) {
        let _ = write!(name, "-{}", r.range(1, 99));
    }
    let (nom, gen) = *r.pick(ORG_FORMS);
    (format!("{nom} «{name}»"), format!("{gen} «{name}»"))
}

const PRODUCTS: &[&str] = &[
    "лопаток для авиадвигателей",
    "полимерной упаковки",
    "технического углерода",
    "композитных труб",
    "электродвигателей",
    "минерального порошка",
    "листового стекла",
    "медицинских изделий",
    "станков с ЧПУ",
    "кабельной продукции",
    "гуминовых удобрений",
    "литиевых аккумуляторов",
    "металлоконструкций",
    "подшипников",
    "фанеры",
    "сельхозтехники",
    "компонентов для беспилотников",
    "теплообменного оборудования",
    "газохимической продукции",
    "деталей для железнодорожных вагонов",
];

const EVENTS: &[&str] = &[
    "Международной промышленной выставки «Иннопром»",
    "Петербургского международного экономического форума",
    "Восточного экономического форума",
    "форума «Российская энергетическая неделя»",
    "выставки «Металл-Экспо»",
    "стратегической сессии «Новая промышленность»",
    "Координационного совета по промышленности",
];

/// Shared with the cleaner and the site (one table of month names).
const MONTHS_GEN: &[&str] = &promdigest::model::date::MONTHS_GENITIVE;

/// A ruble amount in one of the notations seen in the sources.
fn money(r: &mut Rng) -> String {
    money_q(r, true)
}

/// A ruble amount; `qualified` allows "более", "около", "до" in front.
fn money_q(r: &mut Rng, qualified: bool) -> String {
    let q = match if qualified { r.below(8) } else { 7 } {
        0 => "более ",
        1 => "около ",
        2 => "до ",
        3 => "свыше ",
        _ => "",
    };
    let cur = *r.pick(&["рублей", "рублей", "руб.", "руб", "₽", "рублей"]);
    let body = match r.below(9) {
        0 => format!("{} млрд {cur}", r.range(1, 90)),
        1 => format!("{},{} млрд {cur}", r.range(1, 40), r.range(1, 9)),
        2 => format!("{} млн {cur}", r.range(2, 950)),
        3 => format!("{},{} миллиона {cur}", r.range(2, 4), r.range(1, 9)),
        4 => format!("{} миллионов {cur}", r.range(5, 20) * 10),
        5 => {
            let n = r.range(100, 999);
            format!("{n} {:03} {:03} {cur}", r.range(0, 999), 0)
        }
        6 => format!("{} тыс. {cur}", r.range(100, 900)),
        7 => "полмиллиарда рублей".to_string(),
        _ => format!("{},{} трлн {cur}", r.range(1, 3), r.range(1, 9)),
    };
    format!("{q}{body}")
}

/// Ticker lines with foreign-currency amounts: not ruble money, and not
/// part of the article.
fn ticker(r: &mut Rng) -> String {
    format!(
        "USD {},{:02} EUR {},{:02}",
        r.range(75, 101),
        r.range(0, 99),
        r.range(85, 110),
        r.range(0, 99)
    )
}

struct Ctx {
    reg: &'static Region,
    other: &'static Region,
    gov: Person,
    min: Person,
    boss: Person,
    company: (String, String),
    product: &'static str,
    fed: (&'static str, &'static str, &'static str),
    year: u64,
}

/// The region named in one of its forms: constitutional or alias.
fn reg_gen(r: &mut Rng, reg: &Region) -> String {
    if !reg.aliases.is_empty() && r.chance(35) {
        r.pick(reg.aliases).1.to_string()
    } else {
        reg.gen.to_string()
    }
}
fn reg_prep(r: &mut Rng, reg: &Region) -> String {
    if !reg.aliases.is_empty() && r.chance(40) {
        r.pick(reg.aliases).2.to_string()
    } else {
        reg.prep.to_string()
    }
}

fn said(p: &Person) -> &'static str {
    if p.female {
        "отметила"
    } else {
        "отметил"
    }
}

fn headline(r: &mut Rng, c: &Ctx) -> String {
    let rp = reg_prep(r, c.reg);
    let rp = upper_first(&rp);
    match r.below(7) {
        0 => format!("{rp} построят завод {}", c.product),
        1 => format!(
            "{} обсудил развитие промышленности с {}",
            c.gov.nom, c.fed.2
        ),
        2 => format!("{rp} запустят производство {}", c.product),
        3 => format!(
            "{} и {} будут сотрудничать в реализации промышленных проектов",
            c.reg.nom, c.other.nom
        ),
        4 => format!("{rp} создадут индустриальный парк"),
        5 => format!(
            "{} получит льготный заем на выпуск {}",
            upper_first(&c.company.0),
            c.product
        ),
        _ => format!(
            "{rp} подвели итоги работы промышленности за {} год",
            c.year - 1
        ),
    }
}

fn upper_first(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().chain(ch).collect(),
        None => String::new(),
    }
}

/// Appends one or two sentences from template `t` (one of `TEMPLATES`).
fn sentence(r: &mut Rng, c: &Ctx, t: usize, out: &mut String) {
    let rg = reg_gen(r, c.reg);
    let rp = reg_prep(r, c.reg);
    let m = money(r);
    let (rb_nom, rb_gen) = *r.pick(REGIONAL);
    let role_r = *r.pick(ROLES_REGION);
    let role_o = *r.pick(ROLES_ORG);
    let (co, co_gen) = (&c.company.0, &c.company.1);
    let start = out.len();
    let _ = match t {
        0 => write!(out, "{} {} и {} заключили специальный инвестиционный контракт на создание производства {}. Объем инвестиций составит {m}.", upper_first(rb_nom), rg, co, c.product),
        1 => write!(out, "Документ подписали {role_r} {rg} {} и {role_o} {co_gen} {}.", c.gov.nom, c.boss.nom),
        2 => write!(out, "«Мы рассчитываем, что новое производство создаст не менее {} рабочих мест и обеспечит налоговые поступления в бюджет {rg}», — {} {role_r} {}.", r.range(40, 900), said(&c.min), c.min.nom),
        3 => write!(out, "{} профинансировал {} проекта {rp} на общую сумму {m}.", c.fed.0, r.range(2, 9)),
        4 => write!(out, "По словам губернатора {}, промышленное производство {rp} демонстрирует стабильный рост: индекс за {} месяцев составил {},{}%.", c.gov.gen, r.range(3, 11), r.range(101, 118), r.range(0, 9)),
        5 => write!(out, "С {} года общий объем федеральной поддержки предприятий {rg} по линии {} составил {m}.", c.year - r.range(1, 4), c.fed.1),
        6 => write!(out, "Встреча прошла на полях {}, где {} {} переговоры с {}.", r.pick(EVENTS), c.gov.nom, if c.gov.female { "провела" } else { "провел" }, c.min.ins),
        7 => write!(out, "Управляющая компания вложит в инфраструктуру {m}, еще {} выделит областной бюджет.", money(r)),
        8 => write!(out, "Опыт {} по созданию кластеров будут применять {rp}, сообщает пресс-служба {rb_gen} {rg}.", c.other.gen),
        9 => write!(out, "Ранее {} одобрил льготные займы предприятиям {rg} на {} под {}% годовых.", c.fed.0, money_q(r, false), r.range(1, 5)),
        10 => write!(out, "{} подчеркнул, что площадка {} уже обеспечена электроэнергией и газом.", upper_first(role_r), c.reg.city_prep),
        11 => write!(out, "Как {} {role_o} {co_gen} {}, первая очередь завода заработает до конца {} года, а выход на проектную мощность запланирован на {} {} {} года.", if c.boss.female { "сообщила" } else { "сообщил" }, c.boss.nom, c.year + 1, r.range(1, 28), r.pick(MONTHS_GEN), c.year + 2),
        12 => write!(out, "Всего {rp} сегодня действует {} индустриальных парков и {} технопарка, в реестр {} включены {} промышленных кластера.", r.range(3, 20), r.range(2, 4), c.fed.1, r.range(2, 4)),
        13 => write!(out, "Налоговые льготы для резидентов позволят сэкономить {m} за {} лет.", r.range(3, 10)),
        14 => write!(out, "Выпуск {} позволит заменить импортную продукцию, которую ранее закупали в Китае и Германии.", c.product),
        _ => write!(out, "Продукцию {co_gen} уже используют {} и {}.", c.reg.city_prep, c.other.prep),
    };
    // "руб." at the end of a sentence must not give "руб..".
    if out[start..].contains("..") {
        let fixed = out[start..].replace("..", ".");
        out.truncate(start);
        out.push_str(&fixed);
    }
}

/// Number of sentence templates in `sentence`.
const TEMPLATES: usize = 16;

const OUTLETS: &[&str] = &[
    "Кубанские Новости",
    "ТРК «Томь-Плюс»",
    "Венец-Инфо — новости Ульяновска",
    "Промышленный вестник",
    "РБК Регион",
    "ИА «Сибирь-Инфо»",
    "Деловой Урал",
    "Волжская правда",
    "ПромДВ",
    "Вести Приамурья",
];
const MENU: &[&str] = &[
    "Новости",
    "Экономика",
    "Общество",
    "Политика",
    "Афиша",
    "Кино",
    "Работа",
    "Авто",
    "Происшествия",
    "Спорт",
];
const SITES: &[&str] = &[
    "amurobl.ru",
    "krasnodar.ru",
    "omskportal.ru",
    "ako.ru",
    "ulgov.ru",
    "midural.ru",
    "tatarstan.ru",
    "minpromtorg.gov.ru",
    "frprf.ru",
];
const TAGS: &[&str] = &[
    "#Промышленность",
    "#Минпромторг",
    "#Новости",
    "#Инвестиции",
    "#Экономика",
    "#Технопарк",
    "#Импортозамещение",
    "#ФРП",
];

/// One complete article file.
fn article(seed: u64, i: u64, out: &mut String) {
    let r = &mut Rng::new(seed, i);
    let reg = r.pick(REGIONS);
    let mut other = r.pick(REGIONS);
    if std::ptr::eq(reg, other) {
        other = &REGIONS[(r.below(REGIONS.len() - 1)
            + 1
            + REGIONS.iter().position(|x| std::ptr::eq(x, reg)).unwrap())
            % REGIONS.len()];
    }
    let c = Ctx {
        reg,
        other,
        gov: person(r),
        min: person(r),
        boss: person(r),
        company: org(r),
        product: r.pick::<&str>(PRODUCTS),
        fed: *r.pick(FEDERAL),
        year: r.range(2021, 2025),
    };
    let (day, month) = (r.range(1, 28), r.range(1, 12));

    // Site chrome before the article.
    let outlet = *r.pick(OUTLETS);
    if r.chance(30) {
        out.push_str("Перейти к основному контенту\n");
    }
    if r.chance(80) {
        let _ = writeln!(out, "{outlet}");
    }
    if r.chance(40) {
        let _ = writeln!(
            out,
            "{}, {} {} {}",
            r.pick(&["Вторник", "Среда", "Четверг", "Пятница"]),
            r.range(1, 28),
            MONTHS_GEN[r.below(12)],
            c.year
        );
        let _ = writeln!(
            out,
            "{} +{} °C",
            c.reg
                .city_prep
                .trim_start_matches("в ")
                .trim_start_matches("во "),
            r.range(1, 25)
        );
    }
    if r.chance(35) {
        let _ = writeln!(out, "{}", ticker(r));
    }
    for _ in 0..r.below(6) {
        let _ = writeln!(out, "{}", r.pick(MENU));
    }
    out.push('\n');

    // Headline and dateline.
    let title = headline(r, &c);
    let date = match r.below(10) {
        0 => format!("{day:02}.{month:02}.{}", c.year),
        1 => format!("{day} {} {}", MONTHS_GEN[month as usize - 1], c.year),
        2 => format!("{day} {} {} года", MONTHS_GEN[month as usize - 1], c.year),
        3 => format!(
            "{day} {} {}, {:02}:{:02}",
            MONTHS_GEN[month as usize - 1],
            c.year,
            r.range(7, 22),
            r.range(0, 59)
        ),
        4 => format!(
            "{day} {}, {:02}:{:02}",
            MONTHS_GEN[month as usize - 1],
            r.range(7, 22),
            r.range(0, 59)
        ),
        5 => format!(
            "{day:02}.{month:02}.{} {:02}:{:02}",
            c.year,
            r.range(7, 22),
            r.range(0, 59)
        ),
        6 => format!("{day} {}", MONTHS_GEN[month as usize - 1]),
        _ => String::new(),
    };
    if r.chance(50) && !date.is_empty() {
        let _ = writeln!(out, "{date}");
    }
    if r.chance(92) {
        let _ = writeln!(out, "{title}");
        if r.chance(15) {
            let _ = writeln!(out, "\n{title}");
        }
    }
    if !date.is_empty() && !out.ends_with(&format!("{date}\n{title}\n")) && r.chance(60) {
        let _ = writeln!(out, "{date}");
    }
    if r.chance(25) {
        let _ = writeln!(out, "Фото: {}", r.pick(SITES));
    }
    out.push('\n');

    // Body paragraphs.
    // Templates are dealt like cards so one article never repeats a sentence.
    let mut deck: Vec<usize> = (0..TEMPLATES).collect();
    for k in (1..deck.len()).rev() {
        deck.swap(k, r.below(k + 1));
    }
    let mut deck = deck.into_iter();
    let paras = r.range(3, 7);
    for _ in 0..paras {
        for s in 0..r.range(1, 2) {
            let Some(t) = deck.next() else { break };
            if s > 0 {
                out.push(' ');
            }
            sentence(r, &c, t, out);
        }
        out.push('\n');
        if r.chance(70) {
            out.push('\n');
        }
    }

    // Chrome after the article.
    if r.chance(30) {
        let _ = writeln!(
            out,
            "Фото: пресс-служба {} {}",
            r.pick(REGIONAL).1,
            c.reg.gen
        );
    }
    if r.chance(40) {
        let tags: Vec<&str> = (0..r.range(2, 6)).map(|_| *r.pick(TAGS)).collect();
        let _ = writeln!(out, "{} #{}", tags.join(" "), c.gov.nom);
    }
    match r.below(6) {
        0 => out.push_str("Подпишитесь\n"),
        1 => {
            let _ = writeln!(out, "Подписывайтесь на «{outlet}» в Telegram и ВКонтакте");
        }
        2 => {
            out.push_str("Читайте также:\n");
            let _ = writeln!(out, "{} построят новый мост", upper_first(c.other.prep));
        }
        3 => {
            out.push_str("Лента новостей\n");
            let _ = writeln!(
                out,
                "{}\nИнвестиции, {} дек, 18:49",
                ticker(r),
                r.range(1, 28)
            );
        }
        4 => out.push_str("Официальные новости Минпромторга России\nИсточник : Ссылка\n"),
        _ => {}
    }
    if r.chance(40) {
        out.push_str("Возрастная категория материалов: 18+\n");
    }
}

fn minimal_site_toml() -> &'static str {
    "title = \"Промдайджест\"\n\
     description = \"Сгенерированный корпус новостей промышленности регионов\"\n\
     base_url = \"http://127.0.0.1:8000/\"\n\
     language = \"ru\"\n"
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: gen_corpus N DIR [SEED]");
        std::process::exit(2);
    }
    let n: u64 = args[0].parse().unwrap_or_else(|_| {
        eprintln!("gen_corpus: N must be a number, got {:?}", args[0]);
        std::process::exit(2)
    });
    let dir = PathBuf::from(&args[1]);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20250707);
    if let Err(e) = generate(n, &dir, seed) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(2);
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn generate(n: u64, dir: &Path, seed: u64) -> std::io::Result<()> {
    let content = dir.join("content");
    std::fs::create_dir_all(&content)?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(repo.join("site.toml")) {
        Ok(s) => std::fs::write(dir.join("site.toml"), s)?,
        Err(_) => std::fs::write(dir.join("site.toml"), minimal_site_toml())?,
    }
    // site.toml names templates/ and assets/ relative to the site folder, so
    // the generated site gets copies of the repo's theme.
    for sub in ["templates", "assets"] {
        if repo.join(sub).is_dir() {
            copy_dir(&repo.join(sub), &dir.join(sub))?;
        }
    }
    let threads = std::thread::available_parallelism().map_or(2, |t| t.get()) as u64;
    let started = std::time::Instant::now();
    let bytes: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let content = &content;
                s.spawn(move || -> std::io::Result<u64> {
                    let mut buf = String::with_capacity(8192);
                    let mut total = 0;
                    let mut i = t;
                    while i < n {
                        buf.clear();
                        article(seed, i, &mut buf);
                        std::fs::write(content.join(format!("gen-{i:06}.txt")), &buf)?;
                        total += buf.len() as u64;
                        i += threads;
                    }
                    Ok(total)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("generator thread panicked"))
            .sum::<std::io::Result<u64>>()
    })?;
    eprintln!(
        "gen_corpus: {n} articles, {:.1} MB in {} in {:.2?}",
        bytes as f64 / 1e6,
        content.display(),
        started.elapsed()
    );
    Ok(())
}
