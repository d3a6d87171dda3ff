//! Prints diagnostics for editors: `file:line:col: error: message`, a hint,
//! and the offending line with a caret. Colour only on a terminal and only
//! when `NO_COLOR` is unset.

use crate::model::{Diagnostic, Severity};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Whether stderr gets colour.
pub fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// How many warnings `build` and `serve` list at the end (the rest: `check`).
pub const SUMMARY_WARNINGS: usize = 5;

/// The end of a `build` or `serve` run: one line with the number of
/// warnings (`total`), the first few of `first` as `file:line:col: warning:
/// message`, and the hint to run `check` for all of them with hints.
pub fn warning_summary(total: usize, first: &[Diagnostic]) -> String {
    if total == 0 {
        return String::new();
    }
    let shown = first.len().min(SUMMARY_WARNINGS);
    let mut out = if shown < total {
        format!("Предупреждений: {total}, первые {shown}:\n")
    } else {
        format!("Предупреждений: {total}:\n")
    };
    for d in first.iter().take(SUMMARY_WARNINGS) {
        out += &format!(
            "  {}:{}:{}: warning: {}\n",
            d.file.display(),
            d.line,
            d.col,
            d.message
        );
    }
    out += "Все предупреждения с подсказками: promdigest check (из исходников: cargo run --release -- check)\n";
    out
}

/// Formats one diagnostic with its source line; `root` resolves the file.
pub fn format(d: &Diagnostic, root: &Path, colour: bool) -> String {
    let text = source_text(root, &d.file);
    format_with(d, text.as_deref(), colour)
}

/// Formats every diagnostic, in order, reading each file once. Findings of
/// one file are next to each other when `diags` is sorted (as `build` and
/// `check` sort them); files are read and formatted in parallel, which
/// matters when a big site has thousands of warnings.
pub fn format_all(diags: &[Diagnostic], root: &Path, colour: bool) -> Vec<String> {
    let runs: Vec<&[Diagnostic]> = diags.chunk_by(|a, b| a.file == b.file).collect();
    runs.par_iter()
        .map(|run| {
            let text = source_text(root, &run[0].file);
            run.iter()
                .map(|d| format_with(d, text.as_deref(), colour))
                .collect::<String>()
        })
        .collect()
}

/// [`format`] with the file's decoded text already read (`None`: unreadable).
fn format_with(d: &Diagnostic, text: Option<&str>, colour: bool) -> String {
    let (red, yellow, bold, dim, reset) = if colour {
        ("\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    let (sev, c) = match d.severity {
        Severity::Error => ("error", red),
        Severity::Warning => ("warning", yellow),
    };
    let mut out = format!(
        "{bold}{}:{}:{}{reset}: {c}{sev}{reset}: {}\n",
        escape_controls(&d.file.display().to_string()),
        d.line,
        d.col,
        // Messages keep their line breaks (TOML's have two lines).
        d.message
            .split('\n')
            .map(escape_controls)
            .collect::<Vec<_>>()
            .join("\n")
    );
    if let Some(line) = text.and_then(|t| source_line(t, d.line)) {
        let raw: String = line.chars().take(160).collect();
        let shown = escape_controls(&raw);
        let gutter = d.line.to_string();
        out += &format!("{dim}{gutter} |{reset} {shown}\n");
        // The caret goes under the same character once escapes widened the line.
        let before: String = raw.chars().take(d.col.saturating_sub(1)).collect();
        let pad = " ".repeat(gutter.len() + 3 + escape_controls(&before).chars().count());
        out += &format!("{pad}{c}^{reset}\n");
    }
    if let Some(h) = &d.hint {
        out += &format!("  {dim}hint:{reset} {}\n", escape_controls(h));
    }
    out
}

/// Text from files made safe for a terminal: control characters (ESC, BEL,
/// backspace, C1 controls, carriage returns) and bidirectional
/// overrides are shown as `\u{1b}`-style escapes (tabs are left alone). A pasted page with
/// escape sequences set the terminal title and cleared the screen when
/// `check` echoed its line (issue #15).
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control() && c != '\t'
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The file as the build decoded it, looked up under `root` first; `None`
/// for a file that cannot be read or decoded (it then shows no line).
fn source_text(root: &Path, file: &Path) -> Option<String> {
    // Read as loading reads: a FIFO or a link to /dev/zero named in a
    // message must not hang the report, and a link outside the site shows
    // no line of what it points at.
    let bytes = crate::load::read_article(&root.join(file), root)
        .or_else(|_| crate::load::read_article(file, root))
        .ok()?;
    crate::load::decode(&bytes).ok().map(|(text, _)| text)
}

fn source_line(text: &str, line: usize) -> Option<&str> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let l = l.trim_start_matches('\u{feff}').trim_end_matches('\r');
    (!l.trim().is_empty()).then_some(l)
}

/// Prints all diagnostics to stderr, errors and warnings in file order.
pub fn print_all(diags: &[Diagnostic], root: &Path) {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for s in format_all(diags, root, use_colour()) {
        let _ = err.write_all(s.as_bytes());
    }
    let _ = err.flush();
}

/// The one summary line `build` and `serve` print, in one vocabulary:
/// "Собрано: 5 статей, 123 файла за 0,33 с → public".
pub fn summary_line(
    what: &str,
    articles: usize,
    article_forms: &[String; 3],
    files: usize,
    file_forms: &[String; 3],
    took: &str,
) -> String {
    format!(
        "{what}: {}, {} за {took}",
        crate::render::ru::count(articles, article_forms),
        crate::render::ru::count(files, file_forms)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_format_has_location_caret_and_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "+++\nautor = 1\n+++\n").unwrap();
        let d = Diagnostic::error("a.txt", 2, 1, "unknown field `autor`")
            .with_hint("allowed keys: title");
        let s = format(&d, dir.path(), false);
        assert_eq!(s, "a.txt:2:1: error: unknown field `autor`\n2 | autor = 1\n    ^\n  hint: allowed keys: title\n");
    }
}
