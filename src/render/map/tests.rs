//! The map against its promises: classes, labels inside tiles, the list
//! and legend, the same bytes for the same input.

use super::*;
use std::collections::BTreeSet;

fn forms() -> [String; 3] {
    ["статья".into(), "статьи".into(), "статей".into()]
}

fn labels(forms: &[String; 3]) -> MapLabels<'_> {
    MapLabels {
        title: "Регионы в новостях",
        legend: "Число статей",
        table_caption: "Таблица: статьи по регионам",
        region_col: "Регион",
        count_col: "Статей",
        forms,
    }
}

#[test]
fn table_has_89_unique_subjects_in_unique_cells_and_8_districts() {
    let all = all_subjects();
    assert_eq!(all.len(), 89);
    let names: BTreeSet<_> = all.iter().map(|s| &s.name).collect();
    assert_eq!(names.len(), 89, "duplicate name");
    let shorts: BTreeSet<_> = all.iter().map(|s| &s.short).collect();
    assert_eq!(shorts.len(), 89, "duplicate short label");
    let cells: BTreeSet<_> = all.iter().map(|s| (s.col, s.row)).collect();
    assert_eq!(cells.len(), 89, "two subjects share a cell");
    let districts: BTreeSet<_> = all.iter().map(|s| &s.district).collect();
    assert_eq!(districts.len(), 8, "{districts:?}");
    for s in all {
        let n = s.short.chars().count();
        assert!((2..=4).contains(&n), "short label {:?}", s.short);
        assert!(s.district.ends_with(" федеральный округ"), "{}", s.district);
        assert!(!s.name.contains(" - "), "hyphen for a dash in {}", s.name);
    }
}

#[test]
fn district_counts_match_the_constitution() {
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for s in all_subjects() {
        *per.entry(s.district.as_str()).or_default() += 1;
    }
    let expected = [
        ("Дальневосточный федеральный округ", 11),
        ("Приволжский федеральный округ", 14),
        ("Северо-Западный федеральный округ", 11),
        ("Северо-Кавказский федеральный округ", 7),
        ("Сибирский федеральный округ", 10),
        ("Уральский федеральный округ", 6),
        ("Центральный федеральный округ", 18),
        ("Южный федеральный округ", 12),
    ];
    assert_eq!(per.into_iter().collect::<Vec<_>>(), expected);
}

/// Issue 16: the gazetteer names the region "Кемеровская область —
/// Кузбасс" and the grid said "Кемеровская область", so a region with ten
/// articles stayed a grey tile. Every name the extractor can give a
/// region must have a tile.
#[test]
fn issue_16_every_gazetteer_region_has_a_tile() {
    let gazetteer = include_str!("../../extract/data/regions.csv");
    for line in crate::extract::gazetteer::data_lines(gazetteer) {
        let name = line.split(';').next().unwrap().trim();
        assert!(district_of(name).is_some(), "{name}: no tile on the map");
    }
}

#[test]
fn official_names_follow_the_house_conventions() {
    for name in [
        "Республика Татарстан",
        "Чувашская Республика",
        "Удмуртская Республика",
        "Кабардино-Балкарская Республика",
        "Карачаево-Черкесская Республика",
        "Чеченская Республика",
        "Республика Саха (Якутия)",
        "Республика Северная Осетия — Алания",
        "Ханты-Мансийский автономный округ — Югра",
        "Ямало-Ненецкий автономный округ",
        "Ненецкий автономный округ",
        "Чукотский автономный округ",
        "Еврейская автономная область",
        "Кемеровская область — Кузбасс",
        "Москва",
        "Санкт-Петербург",
        "Севастополь",
        "Донецкая Народная Республика",
        "Луганская Народная Республика",
        "Запорожская область",
        "Херсонская область",
        "Республика Крым",
    ] {
        assert!(district_of(name).is_some(), "{name} missing");
    }
    assert_eq!(
        district_of("Краснодарский край"),
        Some("Южный федеральный округ")
    );
    assert_eq!(
        district_of("Амурская область"),
        Some("Дальневосточный федеральный округ")
    );
    assert_eq!(
        district_of("Омская область"),
        Some("Сибирский федеральный округ")
    );
    assert_eq!(
        district_of("Пермский край"),
        Some("Приволжский федеральный округ")
    );
    assert_eq!(
        district_of("Республика Крым"),
        Some("Южный федеральный округ")
    );
    assert_eq!(district_of("Кубань"), None);
}

#[test]
fn plural_forms() {
    let f = forms();
    let cases = [
        (0, "статей"),
        (1, "статья"),
        (2, "статьи"),
        (4, "статьи"),
        (5, "статей"),
        (11, "статей"),
        (12, "статей"),
        (14, "статей"),
        (21, "статья"),
        (22, "статьи"),
        (25, "статей"),
        (101, "статья"),
        (111, "статей"),
    ];
    for (n, want) in cases {
        assert_eq!(plural(n, &f), want, "n = {n}");
    }
}

#[test]
fn classes_cover_counts_without_gaps() {
    assert!(classes(&[0, 0]).is_empty());
    let one = classes(&[1, 1, 0]);
    assert_eq!(
        one,
        vec![Class {
            lo: 1,
            hi: 1,
            tile: 3
        }]
    );
    let counts = [1, 1, 2, 3, 3, 4, 5, 8, 13, 40, 200, 0];
    let cs = classes(&counts);
    assert_eq!(cs.len(), 5);
    assert_eq!(cs.first().unwrap().lo, 1);
    assert_eq!(cs.last().unwrap().hi, 200);
    for w in cs.windows(2) {
        assert_eq!(w[0].hi + 1, w[1].lo);
    }
    assert_eq!(
        cs.iter().map(|c| c.tile).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(tile_of(0, &cs), 0);
    assert_eq!(tile_of(200, &cs), 5);
    // Two distinct values spread to the ends of the ramp.
    let two = classes(&[1, 9]);
    assert_eq!(two.iter().map(|c| c.tile).collect::<Vec<_>>(), [1, 5]);
    let three = classes(&[1, 2, 3]);
    assert_eq!(three.iter().map(|c| c.tile).collect::<Vec<_>>(), [1, 3, 5]);
}

fn luminance(hex: &str) -> f64 {
    let ch = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Issue 16: the count classes must be tellable apart, and from the
/// page and from "no articles", at WCAG non-text contrast.
#[test]
fn issue_16_classes_stand_out_at_wcag_non_text_contrast() {
    for (i, (fill, _)) in PALETTE.iter().enumerate().skip(1) {
        for against in ["#ffffff", PALETTE[0].0] {
            let r = contrast(fill, against);
            assert!(r >= 3.0, "tile-{i} {fill} against {against}: {r:.2}");
        }
        let r = contrast(fill, PALETTE[i - 1].0);
        if i > 1 {
            assert!(r >= 1.3, "tile-{i} {fill} next to tile-{}: {r:.2}", i - 1);
        }
    }
    let (_, dark) = CSS.split_once("prefers-color-scheme: dark").unwrap();
    let dark = css_pairs(dark);
    for (i, (fill, _)) in dark.iter().enumerate().skip(1) {
        for against in ["#14171b", dark[0].0.as_str()] {
            let r = contrast(fill, against);
            assert!(r >= 3.0, "dark tile-{i} {fill} against {against}: {r:.2}");
        }
    }
}

/// Issue 16: no tile label is the start of another subject's name
/// ("КРА" was Красноярский край, but reads as Краснодарский; "МОС" as
/// Москва or Московская область).
#[test]
fn issue_16_short_labels_are_unambiguous() {
    const GENERIC: &[&str] = &[
        "РЕСПУБЛИКА",
        "ОБЛАСТЬ",
        "КРАЙ",
        "АВТОНОМНЫЙ",
        "АВТОНОМНАЯ",
        "ОКРУГ",
        "НАРОДНАЯ",
    ];
    let all = all_subjects();
    for s in all {
        for other in all.iter().filter(|o| o.name != s.name) {
            let upper = other.name.to_uppercase();
            let hit = upper
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty() && !GENERIC.contains(w))
                .any(|w| w.starts_with(&s.short));
            assert!(!hit, "{} ({}) reads as {}", s.short, s.name, other.name);
        }
    }
}

#[test]
fn label_text_meets_wcag_aa_on_every_class() {
    for (i, (fill, ink)) in PALETTE.iter().enumerate() {
        let (a, b) = (luminance(fill), luminance(ink));
        let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
        assert!(ratio >= 4.5, "tile-{i}: {fill} / {ink} = {ratio:.2}");
    }
}

/// `(fill, text)` per class as written in one part of `map.css`.
fn css_pairs(css: &str) -> Vec<(String, String)> {
    let colour = |rule: &str| {
        css.find(rule)
            .map(|i| css[i + rule.len()..].trim_start()[..7].to_string())
            .unwrap_or_else(|| panic!("{rule} missing"))
    };
    (0..6)
        .map(|i| {
            (
                colour(&format!(".tile-{i} {{ fill:")),
                colour(&format!(".tile-label-{i} {{ fill:")),
            )
        })
        .collect()
}

#[test]
fn stylesheet_matches_palette_and_dark_mode_meets_wcag_aa() {
    let (light, dark) = CSS.split_once("prefers-color-scheme: dark").unwrap();
    let want: Vec<(String, String)> = PALETTE
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    assert_eq!(css_pairs(light), want, "map.css and PALETTE disagree");
    for (i, (fill, ink)) in css_pairs(dark).iter().enumerate() {
        let (a, b) = (luminance(fill), luminance(ink));
        let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
        assert!(ratio >= 4.5, "dark tile-{i}: {fill} / {ink} = {ratio:.2}");
    }
}

#[test]
fn only_regions_with_url_and_articles_are_links() {
    let f = forms();
    let regions = [
        MapRegion {
            name: "Москва",
            count: 3,
            url: Some("/r/moskva/"),
        },
        MapRegion {
            name: "Омская область",
            count: 2,
            url: None,
        },
        MapRegion {
            name: "Томская область",
            count: 0,
            url: Some("/r/tomsk/"),
        },
    ];
    let html = tile_map(&regions, &labels(&f), false);
    assert_eq!(
        html.matches("<a href=").count(),
        2,
        "one tile + one list item"
    );
    assert!(html.contains("<a href=\"/r/moskva/\" class=\"tile-link\" aria-label=\"МСК: Москва — 3 статьи\"><title>Москва — 3 статьи</title>"));
    assert!(!html.contains("/r/tomsk/"));
    assert!(html.contains("<li><a href=\"/r/moskva/\">Москва</a> <span class=\"map-short\">МСК</span>\u{A0}— 3\u{A0}статьи</li>"));
    assert!(html.contains(
        "<li>Омская область <span class=\"map-short\">ОМС</span>\u{A0}— 2\u{A0}статьи</li>"
    ));
    assert_eq!(
        html.matches("class=\"tile tile-").count(),
        89 + 3,
        "tiles + legend swatches"
    );
}

#[test]
fn hostile_names_and_urls_are_escaped() {
    let f = forms();
    let regions = [
        MapRegion {
            name: "Москва",
            count: 1,
            url: Some("\"><script>alert(1)</script>"),
        },
        MapRegion {
            name: "\"><script>x</script>",
            count: 1,
            url: Some("/x?a=1&b='2'"),
        },
    ];
    let mut hostile = labels(&f);
    hostile.title = "<b>Title</b>";
    let html = tile_map(&regions, &hostile, false);
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>"));
    assert!(html.contains("href=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    assert!(html.contains("href=\"/x?a=1&amp;b=&#39;2&#39;\""));
    assert!(html.contains("&quot;&gt;&lt;script&gt;x&lt;/script&gt;"));
}

#[test]
fn output_does_not_depend_on_input_order() {
    let f = forms();
    let mut regions = vec![
        MapRegion {
            name: "Москва",
            count: 30,
            url: Some("/r/msk/"),
        },
        MapRegion {
            name: "Республика Татарстан",
            count: 5,
            url: Some("/r/tat/"),
        },
        MapRegion {
            name: "Амурская область",
            count: 5,
            url: Some("/r/amu/"),
        },
    ];
    let a = tile_map(&regions, &labels(&f), false);
    regions.reverse();
    assert_eq!(a, tile_map(&regions, &labels(&f), false));
}

#[test]
fn small_map_has_no_labels_but_keeps_links() {
    let f = forms();
    let regions = [MapRegion {
        name: "Москва",
        count: 1,
        url: Some("/r/msk/"),
    }];
    let html = tile_map(&regions, &labels(&f), true);
    assert!(!html.contains("<text"));
    assert!(html.contains("tile-map--small"));
    assert!(html.contains("<a href=\"/r/msk/\" class=\"tile-link\""));
}

fn snapshot_regions() -> [MapRegion<'static>; 4] {
    [
        MapRegion {
            name: "Москва",
            count: 12,
            url: Some("/regions/moskva/"),
        },
        MapRegion {
            name: "Республика Татарстан",
            count: 4,
            url: Some("/regions/tatarstan/"),
        },
        MapRegion {
            name: "Кемеровская область — Кузбасс",
            count: 2,
            url: Some("/regions/kemerovskaya-oblast/"),
        },
        MapRegion {
            name: "Чукотский автономный округ",
            count: 1,
            url: Some("/regions/chukotka/"),
        },
    ]
}

#[test]
fn snapshot_small_map() {
    let f = forms();
    insta::assert_snapshot!(tile_map(&snapshot_regions(), &labels(&f), true));
}

#[test]
fn snapshot_large_map() {
    let f = forms();
    insta::assert_snapshot!(tile_map(&snapshot_regions(), &labels(&f), false));
}

/// Not a check: writes `target/map-preview.html` (every subject with a
/// made-up count, plus the chart) to look at in a browser.
/// Run with `cargo test --lib render::map::tests::preview -- --ignored`.
#[test]
#[ignore]
fn preview() {
    let f = forms();
    let urls: Vec<String> = (0..89).map(|i| format!("/regions/{i}/")).collect();
    let regions: Vec<MapRegion> = all_subjects()
        .iter()
        .enumerate()
        .map(|(i, s)| MapRegion {
            name: &s.name,
            count: [0, 1, 2, 3, 5, 8, 13, 40, 0, 1][i % 10]
                * (1 + usize::from(s.name == "Москва") * 20),
            url: Some(&urls[i]),
        })
        .collect();
    let months = [
        "Январь",
        "Февраль",
        "Март",
        "Апрель",
        "Май",
        "Июнь",
        "Июль",
        "Август",
        "Сентябрь",
        "Октябрь",
        "Ноябрь",
        "Декабрь",
    ]
    .map(String::from);
    let chart_labels = super::super::chart::ChartLabels {
        title: "Статьи по месяцам",
        table_caption: "Таблица: статьи по месяцам",
        month_col: "Месяц",
        count_col: "Статей",
        months: &months,
        forms: &f,
    };
    let data: Vec<(i32, u32, usize)> = (0..18u32)
        .map(|i| (2025 + (i / 12) as i32, i % 12 + 1, ((i * 7) % 11) as usize))
        .collect();
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Карта</title><style>body{{font-family:system-ui,sans-serif;margin:1rem}}{CSS}</style></head>\n<body>\n<main>\n<h1>Карта</h1>\n{}{}{}</main>\n</body>\n</html>\n",
        tile_map(&regions, &labels(&f), false),
        tile_map(&regions, &labels(&f), true),
        super::super::chart::month_bars(&data, &chart_labels),
    );
    std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/map-preview.html"),
        page,
    )
    .unwrap();
}
