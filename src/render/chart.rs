//! The timeline bar chart: articles per month, as an inline SVG.
//!
//! In: `(year, month, count)` triples in any order (repeats are summed) and
//! the UI words. Out: a `<figure>` with an SVG bar chart and a `<details>`
//! table with the same numbers. Months run continuously from the first to
//! the last one present, so a quiet month shows as a gap, not as nothing.
//!
//! The SVG has no links, so it is `role="img"` labelled by its `<title>` and
//! `<desc>`; each bar also has a `<title>` for mouse users, and the table is
//! the accessible data. The viewBox is at least 320 units wide with
//! `width="100%"`, so the chart fits a phone and scales up on a desktop.
//! Classes for the site stylesheet: `month-bars`, `bar`, `axis`, `chart-text`
//! (styled, with a dark variant, in `map.css`). Element ids are fixed
//! (`month-bars-svg-title`, `month-bars-desc`): one chart per page.

use super::map::escape;
use super::ru::plural_form as plural;
use std::collections::BTreeMap;
use std::fmt::Write;

/// UI words for the chart.
#[derive(Debug, Clone, Copy)]
pub struct ChartLabels<'a> {
    /// Figure caption and SVG title, e.g. "Статьи по месяцам".
    pub title: &'a str,
    /// `<summary>` of the fallback table.
    pub table_caption: &'a str,
    /// Header of the month column, e.g. "Месяц".
    pub month_col: &'a str,
    /// Header of the count column, e.g. "Статей".
    pub count_col: &'a str,
    /// Nominative month names, January first: "Январь" … "Декабрь".
    pub months: &'a [String; 12],
    /// Russian plural forms for 1, 2 and 5: "статья", "статьи", "статей".
    pub forms: &'a [String; 3],
}

/// A calendar month as an index that is easy to step: `year * 12 + (month - 1)`.
type MonthIndex = i64;

fn index(year: i32, month: u32) -> MonthIndex {
    i64::from(year) * 12 + i64::from(month) - 1
}

fn year_month(i: MonthIndex) -> (i32, u32) {
    // Month values come from `index`, so both parts fit.
    (i.div_euclid(12) as i32, i.rem_euclid(12) as u32 + 1)
}

/// Every month from the first to the last present, zeros filled in.
/// Months outside 1–12 are ignored (they cannot come from a valid date).
fn continuous(months: &[(i32, u32, usize)]) -> Vec<(i32, u32, usize)> {
    let mut sums: BTreeMap<MonthIndex, usize> = BTreeMap::new();
    for &(y, m, n) in months.iter().filter(|(_, m, _)| (1..=12).contains(m)) {
        *sums.entry(index(y, m)).or_default() += n;
    }
    let (Some(&first), Some(&last)) = (sums.keys().next(), sums.keys().next_back()) else {
        return Vec::new();
    };
    (first..=last)
        .map(|i| {
            let (y, m) = year_month(i);
            (y, m, sums.get(&i).copied().unwrap_or(0))
        })
        .collect()
}

// Geometry in viewBox units.
const LEFT: f64 = 30.0; // room for the y-axis maximum
const RIGHT: f64 = 6.0;
const TOP: f64 = 12.0;
const PLOT: f64 = 110.0; // bar area height
const BOTTOM: f64 = 22.0; // year labels
const MIN_WIDTH: f64 = 320.0; // a phone column
const MAX_STEP: f64 = 40.0; // few months should not make slabs

/// Render the chart fragment; empty string when there are no months.
pub fn month_bars(months: &[(i32, u32, usize)], labels: &ChartLabels) -> String {
    let data = continuous(months);
    let (Some(first), Some(last)) = (data.first(), data.last()) else {
        return String::new();
    };
    let month_name = |y: i32, m: u32| format!("{} {y}", escape(&labels.months[m as usize - 1]));
    let max = data.iter().map(|d| d.2).max().unwrap_or(0).max(1);
    let n = data.len() as f64;
    let step = ((MIN_WIDTH - LEFT - RIGHT) / n).clamp(8.0, MAX_STEP);
    let width = (LEFT + step * n + RIGHT).max(MIN_WIDTH);
    let height = TOP + PLOT + BOTTOM;
    let base = TOP + PLOT;
    let bar_w = (step * 0.72).max(4.0);

    let title = escape(labels.title);
    let mut out = format!("<figure class=\"month-bars\">\n<figcaption>{title}</figcaption>\n");
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 {w} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"month-bars-svg-title month-bars-desc\">",
        w = fmt(width)
    );
    let _ = writeln!(
        out,
        "<title id=\"month-bars-svg-title\">{title}</title>\n<desc id=\"month-bars-desc\">{} — {}</desc>",
        month_name(first.0, first.1),
        month_name(last.0, last.1)
    );
    // Axis: baseline and a gridline at the maximum, labelled.
    let _ = writeln!(
        out,
        "<line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" class=\"axis\" stroke=\"#6b7280\"/>\n<line x1=\"{l}\" y1=\"{t}\" x2=\"{r}\" y2=\"{t}\" class=\"axis\" stroke=\"#6b7280\" stroke-dasharray=\"2 3\" stroke-width=\"0.5\"/>\n<text x=\"{lx}\" y=\"{t}\" dy=\"0.35em\" text-anchor=\"end\" font-size=\"10\" class=\"chart-text\" fill=\"#374151\">{max}</text>\n<text x=\"{lx}\" y=\"{b}\" dy=\"0.35em\" text-anchor=\"end\" font-size=\"10\" class=\"chart-text\" fill=\"#374151\">0</text>",
        l = fmt(LEFT),
        // The axis ends with the last bar; a short series leaves blank room
        // on the right rather than stretching bars to slabs.
        r = fmt(LEFT + step * n),
        b = fmt(base),
        t = fmt(TOP),
        lx = fmt(LEFT - 4.0),
    );
    for (i, &(y, m, count)) in data.iter().enumerate() {
        let x = LEFT + step * i as f64;
        let h = PLOT * count as f64 / max as f64;
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"{y0}\" width=\"{bw}\" height=\"{h}\" class=\"bar\" fill=\"#2171b5\"><title>{name} — {count} {word}</title></rect>",
            x = fmt(x + (step - bar_w) / 2.0),
            y0 = fmt(base - h),
            bw = fmt(bar_w),
            h = fmt(h),
            name = month_name(y, m),
            word = escape(plural(count, labels.forms)),
        );
        // Year label under January, and under the first month of the data.
        if m == 1 || i == 0 {
            let _ = writeln!(
                out,
                "<line x1=\"{x}\" y1=\"{b}\" x2=\"{x}\" y2=\"{b2}\" class=\"axis\" stroke=\"#6b7280\"/><text x=\"{x}\" y=\"{ty}\" font-size=\"10\" class=\"chart-text\" fill=\"#374151\">{y}</text>",
                x = fmt(x),
                b = fmt(base),
                b2 = fmt(base + 5.0),
                ty = fmt(base + 16.0),
            );
        }
    }
    out.push_str("</svg>\n");

    let _ = write!(
        out,
        "<details class=\"chart-table\">\n<summary>{}</summary>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        escape(labels.table_caption),
        escape(labels.month_col),
        escape(labels.count_col)
    );
    for &(y, m, count) in &data {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{count}</td></tr>",
            month_name(y, m)
        );
    }
    out.push_str("</tbody>\n</table>\n</details>\n</figure>\n");
    out
}

/// Coordinates with at most one decimal, without a trailing ".0", so the
/// output is short and stable across platforms.
fn fmt(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> ([String; 12], [String; 3]) {
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
        (months, ["статья", "статьи", "статей"].map(String::from))
    }

    fn labels<'a>(months: &'a [String; 12], forms: &'a [String; 3]) -> ChartLabels<'a> {
        ChartLabels {
            title: "Статьи по месяцам",
            table_caption: "Таблица: статьи по месяцам",
            month_col: "Месяц",
            count_col: "Статей",
            months,
            forms,
        }
    }

    #[test]
    fn months_are_continuous_across_years_and_summed() {
        let got = continuous(&[(2026, 2, 1), (2025, 11, 3), (2025, 11, 2), (2025, 13, 9)]);
        assert_eq!(
            got,
            [(2025, 11, 5), (2025, 12, 0), (2026, 1, 0), (2026, 2, 1)]
        );
        assert!(continuous(&[]).is_empty());
    }

    #[test]
    fn empty_input_renders_nothing() {
        let (m, f) = words();
        assert_eq!(month_bars(&[], &labels(&m, &f)), "");
    }

    #[test]
    fn year_labels_under_first_month_and_january() {
        let (m, f) = words();
        let html = month_bars(&[(2025, 11, 1), (2027, 2, 1)], &labels(&m, &f));
        for y in ["2025", "2026", "2027"] {
            assert!(
                html.contains(&format!("fill=\"#374151\">{y}</text>")),
                "{y}"
            );
        }
        assert_eq!(html.matches("class=\"bar\"").count(), 16);
        assert!(html.contains("<title>Декабрь 2025 — 0 статей</title>"));
        assert!(html.contains("<tr><th scope=\"row\">Январь 2026</th><td>0</td></tr>"));
    }

    #[test]
    fn hostile_words_are_escaped() {
        let (mut m, f) = words();
        m[0] = "<script>".into();
        let mut l = labels(&m, &f);
        l.title = "\"><img src=x>";
        let html = month_bars(&[(2025, 1, 1)], &l);
        assert!(
            !html.contains("<script>") && !html.contains("<img"),
            "{html}"
        );
    }

    #[test]
    fn snapshot_chart() {
        let (m, f) = words();
        let html = month_bars(
            &[(2025, 10, 4), (2025, 12, 1), (2026, 1, 7), (2026, 3, 2)],
            &labels(&m, &f),
        );
        insta::assert_snapshot!(html);
    }
}
