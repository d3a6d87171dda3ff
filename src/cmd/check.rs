//! `promdigest check`: every problem of the site, nothing written.
//!
//! The checks themselves are the library's ([`crate::pipeline::check`],
//! [`crate::check`]); this prints them. `--format json` prints an array of
//! `{file, line, col, severity, code, message, hint}` objects (`hint` may be
//! `null`), sorted by file and line. Errors make the exit code 1; warnings alone leave it 0. Today's
//! date (for future dates) is taken here, once, and passed to the checks.

use super::{exit, report};
pub use crate::check::CODES;
use crate::model::Diagnostic;
pub use crate::pipeline::check::run;
use crate::render::ru;
use crate::timing;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: severity: message`, the source line, a hint, a summary.
    Text,
    /// A JSON array of `{file, line, col, severity, code, message, hint}`.
    Json,
}

/// One finding as printed by `--format json`.
#[derive(serde::Serialize)]
struct JsonItem<'a> {
    file: String,
    line: usize,
    col: usize,
    severity: crate::model::Severity,
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

/// The findings as the documented JSON array.
pub fn to_json(diags: &[Diagnostic]) -> String {
    let items: Vec<JsonItem> = diags
        .iter()
        .map(|d| JsonItem {
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: d.line,
            col: d.col,
            severity: d.severity,
            code: d.code.unwrap_or(if d.is_error() {
                "content-error"
            } else {
                "content-warning"
            }),
            message: &d.message,
            hint: d.hint.as_deref(),
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("plain data serialises")
}

/// The CLI entry: prints findings to stdout and returns the exit code.
pub fn main(root: &Path, format: Format, drafts: bool) -> i32 {
    let today = chrono::Local::now().date_naive();
    let (articles, diags) = match run(root, drafts, today) {
        Ok(r) => r,
        Err(d) => (0, d),
    };
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let _t = timing::span("print");
    // Buffered: a big site has thousands of findings, and a locked stdout
    // alone still writes each line separately.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match format {
        Format::Json => {
            let _ = writeln!(out, "{}", to_json(&diags));
        }
        Format::Text => {
            let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal();
            for s in report::format_all(&diags, root, colour) {
                let _ = out.write_all(s.as_bytes());
            }
            // The site's own plural forms (`[strings]` may override them).
            let forms = crate::config::load(root)
                .map(|c| c.strings.article_forms)
                .unwrap_or_else(|_| crate::config::Strings::default().article_forms);
            let _ = writeln!(
                out,
                "Проверено: {}; ошибок — {errors}, предупреждений — {warnings}.",
                ru::count(articles, &forms),
            );
        }
    }
    let _ = out.flush();
    if errors > 0 {
        exit::CONTENT
    } else {
        exit::OK
    }
}
