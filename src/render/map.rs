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
mod tests;
