//! The tile-grid map of Russia's federal subjects, rendered at build time.
//!
//! In: per-region article counts (with the region page URL for regions that
//! have articles) and the UI words. Out: one HTML fragment — a `<figure>` with
//! an inline SVG, an HTML legend and a visible list of the regions with
//! articles (label, name, count) that carries the same data for touch
//! screens (no hover tooltips), readers who cannot tell the blues apart,
//! screen readers, keyboard users and text browsers. No JavaScript,
//! no network, no clock: the same input always yields the same bytes.
//!
//! # Why a tile grid
//! A real map of Russia is useless for regional news: Moscow, Sevastopol and
//! the Caucasus republics are specks while Yakutia fills the screen. A tile
//! grid gives every subject one equal cell placed roughly where it lies (west
//! left, north top), the convention Russian data journalists use. The layout
//! is data, in `map_grid.toml`, compiled in with `include_str!`.
//!
//! # Colour classes
//! Tiles are coloured by article count in a sequential scale of up to five
//! classes plus class 0 (no articles, neutral grey). Class breaks are
//! quantiles of the positive counts, so a skewed distribution (Moscow 200,
//! most regions 1–3) still spreads the regions across the classes. Equal
//! quantiles collapse, so there may be fewer than five classes; the classes
//! in use are spread over the ramp (two classes use `tile-1` and `tile-5`) so
//! neighbouring classes stay tellable apart.
//!
//! Every rect carries a `tile-N` class *and* a `fill` attribute: the
//! attribute is the fallback, the class lets the site stylesheet restyle the
//! scale (for example under `prefers-color-scheme: dark`; see `map.css`,
//! exported as [`CSS`]). Labels carry `tile-label-N` with a text colour that
//! meets WCAG AA (4.5:1) against its class fill; a unit test checks this.
//!
//! # Accessibility
//! The SVG holds links, so it is a labelled `role="group"`, not `role="img"`
//! (which would hide the links). Each tile of a region with articles is an
//! SVG `<a href>` with a `<title>` ("Name — 5 статей") and an `aria-label`
//! that starts with the visible tile label ("МСК: Москва — 5 статей", WCAG
//! 2.5.3 label in name). Tiles come in reading order (row by row), so Tab
//! walks the map the way the eye does. Tiles without articles are not links
//! and are hidden from assistive tech (the list names the regions that
//! matter). The legend is HTML text, not only colour. Plain `href` (SVG 2),
//! no `xlink:`. A rendered sample page passed axe-core (WCAG 2.1 AA, only
//! "incomplete" colour-contrast on SVG text, which axe cannot measure and
//! the palette test covers) and the Nu HTML checker without errors.
//!
//! Element ids are fixed (`tile-map-title`, `tile-map-s-title`), so a page
//! can hold one full and one small map, not two of the same size.

use super::ru::plural_form as plural;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::LazyLock;

/// One federal subject with its place on the tile grid.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Subject {
    /// Official nominative name, e.g. "Республика Саха (Якутия)".
    pub name: String,
    /// 2–4 letter tile label, e.g. "ЯКУ".
    pub short: String,
    /// Federal district, e.g. "Дальневосточный федеральный округ".
    pub district: String,
    /// Grid column, 0 = westernmost.
    pub col: u32,
    /// Grid row, 0 = northernmost.
    pub row: u32,
}

#[derive(Deserialize)]
struct GridFile {
    subject: Vec<Subject>,
}

static SUBJECTS: LazyLock<Vec<Subject>> = LazyLock::new(|| {
    // The table is compiled in and checked by the tests below, so a parse
    // failure is a programming error, not a content problem.
    toml::from_str::<GridFile>(include_str!("map_grid.toml"))
        .expect("src/render/map_grid.toml is valid TOML")
        .subject
});

/// CSS for the classes this module emits (tiles, labels, focus ring, legend,
/// dark-mode palette). The site stylesheet can include it as is or restyle.
pub const CSS: &str = include_str!("../../assets/map.css");

/// All 89 federal subjects, in table order (grouped by federal district).
pub fn all_subjects() -> &'static [Subject] {
    &SUBJECTS
}

/// The federal district of a subject, by its official name.
pub fn district_of(name: &str) -> Option<&'static str> {
    all_subjects()
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.district.as_str())
}

/// A region as the map sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapRegion<'a> {
    /// Official name, as in [`all_subjects`]; unknown names get no tile but
    /// still appear in the fallback table.
    pub name: &'a str,
    /// Number of articles about the region.
    pub count: usize,
    /// Region page; only regions with articles have one. Tiles link only
    /// when this is set *and* `count > 0`.
    pub url: Option<&'a str>,
}

/// UI words for the map (from the site's language file).
#[derive(Debug, Clone, Copy)]
pub struct MapLabels<'a> {
    /// Figure caption and SVG title, e.g. "Регионы в новостях".
    pub title: &'a str,
    /// Legend heading, e.g. "Число статей".
    pub legend: &'a str,
    /// `<summary>` of the fallback table, e.g. "Таблица: статьи по регионам".
    pub table_caption: &'a str,
    /// Header of the region column.
    pub region_col: &'a str,
    /// Header of the count column.
    pub count_col: &'a str,
    /// Russian plural forms for 1, 2 and 5: "статья", "статьи", "статей".
    pub forms: &'a [String; 3],
}

/// Colour classes: `(fill, text)` for `tile-0` … `tile-5`.
///
/// A blue ramp in equal contrast steps: every class with articles stands
/// ≥ 3:1 against the page and the grey of class 0 (WCAG 1.4.11, non-text
/// contrast), neighbouring classes ≥ 1.3:1 apart, and the label text ≥ 4.5:1
/// on its fill (all tested). The lightest blues of ColorBrewer's ramp read
/// as the grey of "no articles" on many screens, so the ramp starts darker.
const PALETTE: [(&str, &str); 6] = [
    ("#e5e7eb", "#374151"),
    ("#3e87c5", "#000000"),
    ("#2a6db0", "#ffffff"),
    ("#1a5497", "#ffffff"),
    ("#0d3c79", "#ffffff"),
    ("#072350", "#ffffff"),
];

/// Inclusive count range of one colour class and the `tile-N` it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Class {
    lo: usize,
    hi: usize,
    tile: usize,
}

/// Quantile class breaks over the positive counts (see the module docs).
/// Returns at most five classes covering `1..=max`; empty if no counts.
fn classes(counts: &[usize]) -> Vec<Class> {
    let mut positive: Vec<usize> = counts.iter().copied().filter(|&c| c > 0).collect();
    positive.sort_unstable();
    let n = positive.len();
    if n == 0 {
        return Vec::new();
    }
    // Upper bound of class k = the k/5 quantile (nearest rank).
    let mut uppers: Vec<usize> = (1..=5).map(|k| positive[(k * n).div_ceil(5) - 1]).collect();
    uppers.dedup();
    let k = uppers.len();
    let mut lo = 1;
    uppers
        .iter()
        .enumerate()
        .map(|(i, &hi)| {
            let tile = if k == 1 {
                3
            } else {
                1 + (i * 4 + (k - 1) / 2) / (k - 1)
            };
            let class = Class { lo, hi, tile };
            lo = hi + 1;
            class
        })
        .collect()
}

/// The `tile-N` number for a count.
fn tile_of(count: usize, classes: &[Class]) -> usize {
    classes
        .iter()
        .find(|c| count >= c.lo && count <= c.hi)
        .map_or(0, |c| c.tile)
}

pub(crate) use super::escape_html as escape;

/// "1–2", or "7" for a one-value class.
fn range_text(c: &Class) -> String {
    if c.lo == c.hi {
        c.lo.to_string()
    } else {
        format!("{}–{}", c.lo, c.hi)
    }
}

/// Tile geometry in viewBox units.
struct Geometry {
    /// Cell pitch; a tile is `cell - gap` wide.
    cell: u32,
    /// Space between tiles, also used as the corner radius.
    gap: u32,
    /// Label font size (unused without labels).
    font: u32,
    /// Whether tiles carry their short label.
    labels: bool,
}

const LARGE: Geometry = Geometry {
    cell: 40,
    gap: 3,
    font: 12,
    labels: true,
};
// Home page: half size and no labels (three letters at ~6 px are noise),
// but tiles stay links with titles.
const SMALL: Geometry = Geometry {
    cell: 20,
    gap: 2,
    font: 0,
    labels: false,
};

/// Render the map fragment. `small` gives the compact home-page variant.
pub fn tile_map(regions: &[MapRegion], labels: &MapLabels, small: bool) -> String {
    // First entry wins for a repeated name; BTreeMap keeps the output order
    // independent of the caller's order.
    let mut by_name: BTreeMap<&str, &MapRegion> = BTreeMap::new();
    for r in regions {
        by_name.entry(r.name).or_insert(r);
    }
    let counts: Vec<usize> = by_name.values().map(|r| r.count).collect();
    let classes = classes(&counts);
    let geo = if small { &SMALL } else { &LARGE };
    let id = if small { "tile-map-s" } else { "tile-map" };

    let mut html = String::new();
    let variant = if small { " tile-map--small" } else { "" };
    let _ = write!(
        html,
        "<figure class=\"tile-map{variant}\">\n<figcaption id=\"{id}-title\">{}</figcaption>\n",
        escape(labels.title)
    );
    html.push_str(&svg(&by_name, &classes, labels, geo, id));
    html.push_str(&legend(&classes, labels));
    html.push_str(&list(
        &by_name,
        labels,
        if small { SMALL_LIST } else { usize::MAX },
    ));
    html.push_str("</figure>\n");
    html
}

fn svg(
    by_name: &BTreeMap<&str, &MapRegion>,
    classes: &[Class],
    labels: &MapLabels,
    geo: &Geometry,
    id: &str,
) -> String {
    let subjects = all_subjects();
    let cols = subjects.iter().map(|s| s.col).max().unwrap_or(0) + 1;
    let rows = subjects.iter().map(|s| s.row).max().unwrap_or(0) + 1;
    let (w, h) = (cols * geo.cell, rows * geo.cell);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg class=\"tile-map-svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"group\" aria-labelledby=\"{id}-title\">"
    );
    let side = geo.cell - geo.gap;
    // Visual order (north to south, west to east) so that keyboard focus
    // moves across the map the way the eye reads it.
    let mut ordered: Vec<&Subject> = subjects.iter().collect();
    ordered.sort_by_key(|s| (s.row, s.col));
    for s in ordered {
        let region = by_name.get(s.name.as_str());
        let count = region.map_or(0, |r| r.count);
        let tile = tile_of(count, classes);
        let (fill, ink) = PALETTE[tile];
        let (x, y) = (s.col * geo.cell, s.row * geo.cell);
        let name = escape(&s.name);
        let title = format!("{name} — {count} {}", escape(plural(count, labels.forms)));
        let mut body = format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{side}\" height=\"{side}\" rx=\"{r}\" class=\"tile tile-{tile}\" fill=\"{fill}\"/>",
            r = geo.gap,
        );
        if geo.labels {
            let _ = write!(
                body,
                "<text x=\"{cx}\" y=\"{cy}\" dy=\"0.35em\" text-anchor=\"middle\" font-size=\"{f}\" class=\"tile-label tile-label-{tile}\" fill=\"{ink}\">{short}</text>",
                cx = x + side / 2,
                cy = y + side / 2,
                // Four letters (ПОДМ, ЯНАО) at the three-letter size run
                // over the tile's edges (issue 16).
                f = if s.short.chars().count() > 3 {
                    geo.font - 2
                } else {
                    geo.font
                },
                short = escape(&s.short),
            );
        }
        match region.and_then(|r| r.url).filter(|_| count > 0) {
            Some(url) => {
                // WCAG 2.5.3 (label in name): a visible label must start the
                // accessible name, so speech users can say "МСК".
                let aria = if geo.labels {
                    format!("{}: {title}", escape(&s.short))
                } else {
                    title.clone()
                };
                let _ = writeln!(
                    out,
                    "<a href=\"{}\" class=\"tile-link\" aria-label=\"{aria}\"><title>{title}</title>{body}</a>",
                    escape(url)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "<g aria-hidden=\"true\"><title>{title}</title>{body}</g>"
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

fn legend(classes: &[Class], labels: &MapLabels) -> String {
    let mut out = format!(
        "<div class=\"map-legend\">\n<p class=\"map-legend-title\">{}</p>\n<ul>\n",
        escape(labels.legend)
    );
    let zero = Class {
        lo: 0,
        hi: 0,
        tile: 0,
    };
    for c in std::iter::once(&zero).chain(classes) {
        let _ = writeln!(
            out,
            "<li><svg class=\"map-swatch\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" rx=\"2\" class=\"tile tile-{t}\" fill=\"{fill}\"/></svg> {range}</li>",
            t = c.tile,
            fill = PALETTE[c.tile].0,
            range = range_text(c),
        );
    }
    out.push_str("</ul>\n</div>\n");
    out
}

/// Regions listed under the home page's small map (the regions page lists all).
const SMALL_LIST: usize = 8;

/// The map in words, always visible under it: the regions with articles,
/// most articles first, each with its tile label and count. On a phone the
/// tile labels are hidden and a tooltip needs a hover, and a reader who
/// cannot tell the blues apart needs the numbers: this list identifies
/// every coloured tile without either.
fn list(by_name: &BTreeMap<&str, &MapRegion>, labels: &MapLabels, limit: usize) -> String {
    let mut rows: Vec<&MapRegion> = by_name.values().copied().filter(|r| r.count > 0).collect();
    // Stable sort over the map's name order: ties stay in code-point order
    // of the names (alphabetical for Russian except for "Ё").
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    let short: BTreeMap<&str, &str> = all_subjects()
        .iter()
        .map(|s| (s.name.as_str(), s.short.as_str()))
        .collect();
    let mut out = format!(
        "<div class=\"map-list\">\n<p class=\"map-legend-title\">{}</p>\n<ol>\n",
        escape(labels.table_caption)
    );
    for r in rows.into_iter().take(limit) {
        let name = escape(r.name);
        let cell = match r.url {
            Some(url) => format!("<a href=\"{}\">{name}</a>", escape(url)),
            None => name,
        };
        let tag = short
            .get(r.name)
            .map(|s| format!(" <span class=\"map-short\">{}</span>", escape(s)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<li>{cell}{tag}\u{A0}— {}\u{A0}{}</li>",
            r.count,
            escape(plural(r.count, labels.forms))
        );
    }
    out.push_str("</ol>\n</div>\n");
    out
}

#[cfg(test)]
mod tests {
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
        let gazetteer = include_str!("../extract/data/regions.csv");
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
}
