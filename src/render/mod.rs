//! The render stage: [`SiteGraph`](crate::model::SiteGraph) → pages, feeds and the sitemap.
//!
//! Only this module knows Tera. Each page kind has a view struct (see
//! [`views`]) that is filled here and handed to its template; every URL comes
//! from the [`BaseUrl`](crate::model::BaseUrl) in the config. Pages are
//! rendered in parallel and handed to a [`Sink`] as they are made, so a
//! large site never sits in memory whole.

pub mod chart;
pub mod feeds;
pub mod map;
pub mod markdown;
pub mod pages;
pub mod ru;
pub mod typo;
pub mod views;

use crate::config::SiteConfig;
use crate::model::Diagnostic;
use crate::write::Sink;
use std::path::Path;
use tera::Tera;

/// The templates every site needs.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "home.html",
    "article.html",
    "card.html",
    "entity.html",
    "list.html",
    "timeline.html",
    "search.html",
    "404.html",
];

/// The site's templates, loaded and parsed. Commands hold one and hand it
/// back to [`run`] or a [`pages::Renderer`]; only this module sees the Tera
/// inside.
pub struct Templates(Tera);

impl Templates {
    /// Loads every `.html` template from `dir`. Syntax errors name the file and line.
    pub fn load(dir: &Path, root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        load_templates(dir, root).map(Templates)
    }

    pub(crate) fn tera(&self) -> &Tera {
        &self.0
    }
}

fn load_templates(dir: &Path, root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![Diagnostic::error(
            dir,
            1,
            1,
            format!("cannot read templates folder: {e}"),
        )]
    })?;
    for entry in entries.flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "html") {
            files.push(p);
        }
    }
    files.sort();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape_html);
    let mut sources = Vec::new();
    for f in &files {
        let shown = f.strip_prefix(root).unwrap_or(f).to_path_buf();
        let name = f.file_name().expect("file").to_string_lossy().into_owned();
        match std::fs::read_to_string(f) {
            Ok(src) => sources.push((name, src)),
            Err(e) => diags.push(Diagnostic::error(
                &shown,
                1,
                1,
                format!("cannot read template: {e}"),
            )),
        }
    }
    for req in REQUIRED_TEMPLATES {
        if !sources.iter().any(|(n, _)| n == req) {
            diags.push(Diagnostic::error(
                dir.join(req),
                1,
                1,
                format!("template {req} is missing"),
            ));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let names: Vec<String> = sources.iter().map(|(n, _)| n.clone()).collect();
    tera.add_raw_templates(sources).map_err(|e| {
        // Tera names the template that failed to parse; point at its file.
        let text = e.to_string();
        let file = names
            .iter()
            .find(|n| text.contains(&format!("\"{n}\"")) || text.contains(&format!("'{n}'")))
            .map_or_else(|| dir.to_path_buf(), |n| dir.join(n));
        vec![tera_diag(&e, file.strip_prefix(root).unwrap_or(&file))]
    })?;
    Ok(tera)
}

/// Escapes text for HTML content and quoted attribute values. Unlike Tera's
/// default it leaves `/` alone, so URLs stay readable in the page source.
pub fn escape_html(s: &str) -> String {
    // Every page runs most of its text through here, so copy the runs
    // between special characters (all ASCII) in one go rather than char by char.
    let mut out = String::with_capacity(s.len() + 8);
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}

/// A Tera error as a diagnostic, with the line and column Tera reports.
pub fn tera_diag(e: &tera::Error, file: &Path) -> Diagnostic {
    let mut msg = String::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&err.to_string());
        cur = err.source();
    }
    let (line, col) = msg
        .split(" --> ")
        .nth(1)
        .and_then(|rest| {
            let mut it = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty());
            Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
        })
        .unwrap_or((1, 1));
    let msg = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    Diagnostic::error(file, line, col, format!("template error: {msg}"))
}

/// Renders the whole site into `sink`. Returns how many pages were written.
pub fn run(
    graph: &crate::model::SiteGraph,
    cfg: &SiteConfig,
    templates: &Templates,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let r = pages::Renderer::new(cfg, templates, graph);
    let mut n = r.render_all(sink)?;
    let _t = crate::timing::span("feeds");
    n += feeds::write_all(graph, cfg, sink).map_err(|e| vec![io_diag(&cfg.paths.output, e)])?;
    Ok(n)
}

pub(crate) fn io_diag(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 1, 1, format!("cannot write output: {e}"))
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_every_special_character_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"«Цех» <b a='1'>&"x"</b>"#),
            "«Цех» &lt;b a=&#39;1&#39;&gt;&amp;&quot;x&quot;&lt;/b&gt;"
        );
        assert_eq!(escape_html("без спецсимволов"), "без спецсимволов");
        assert_eq!(escape_html("<"), "&lt;");
        assert_eq!(escape_html(""), "");
    }
}
