//! `promdigest new "Заголовок"`: a new article file with its front matter.
//!
//! Creates `content/<date>-<slug>.md`, or `.txt` when raw text is pasted in
//! with `--from FILE` (or `--from -` for standard input), with `title` and
//! `date` filled in. Never overwrites a file. Prints the new file's path on
//! standard output, so scripts and editors can open it. Today's date is
//! taken here when `--date` is not given.

use super::{exit, report};
use crate::link;
use crate::model::{Diagnostic, PartialDate};
use chrono::NaiveDate;
use std::io::Read;
use std::path::PathBuf;

/// What `new` was asked to do.
#[derive(Debug, Clone)]
pub struct NewArgs {
    pub root: PathBuf,
    pub title: String,
    pub date: Option<String>,
    pub from: Option<PathBuf>,
}

/// The text of a new article file.
pub fn file_text(title: &str, date: NaiveDate, body: Option<&str>) -> String {
    let title = toml::Value::String(one_line(title)).to_string();
    let body = match body {
        Some(b) => b.trim_matches('\n').to_string(),
        None => "Текст статьи.".to_string(),
    };
    format!(
        "+++\ntitle = {title}\ndate = {}\n+++\n\n{body}\n",
        date.format("%Y-%m-%d")
    )
}

/// A title is one line: line breaks, tabs and other control characters
/// (a title pasted from a page, or `$'…\n…'` in a shell) become single
/// spaces. A newline once made `title` a multi-line TOML string that the
/// loader refused (issue #15).
fn one_line(title: &str) -> String {
    title
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Creates the file. Errors carry the exit code.
pub fn run(args: &NewArgs, today: NaiveDate) -> Result<PathBuf, (i32, Diagnostic)> {
    let usage = |msg: String, hint: &str| {
        (
            exit::USAGE,
            Diagnostic::error("promdigest new", 1, 1, msg).with_hint(hint),
        )
    };
    if one_line(&args.title).is_empty() {
        return Err(usage(
            "the title is empty".into(),
            "write the title in quotes: promdigest new \"Заголовок статьи\"",
        ));
    }
    let date = match &args.date {
        None => today,
        Some(s) => match PartialDate::parse(s) {
            Some(PartialDate::Day(d)) => d,
            _ => {
                return Err(usage(
                    format!("--date {s:?} is not a date"),
                    "write the date as YYYY-MM-DD, e.g. --date 2025-07-07",
                ))
            }
        },
    };
    let cfg = crate::config::load(&args.root).map_err(|mut d| (exit::CONTENT, d.remove(0)))?;
    let body = match &args.from {
        None => None,
        Some(p) => {
            let mut text = String::new();
            let read = if p.as_os_str() == "-" {
                std::io::stdin().read_to_string(&mut text).map(|_| ())
            } else {
                std::fs::read(p).and_then(|b| {
                    crate::load::decode(&b)
                        .map(|(t, _)| text = t)
                        .map_err(|_| std::io::Error::other("not a text file"))
                })
            };
            read.map_err(|e| {
                (
                    exit::USAGE,
                    Diagnostic::error(p, 1, 1, format!("cannot read the text to paste: {e}"))
                        .with_hint("pass a text file, or - to paste from standard input"),
                )
            })?;
            let text = text.replace("\r\n", "\n");
            if text.trim().is_empty() {
                return Err((
                    exit::CONTENT,
                    Diagnostic::error(p, 1, 1, "the text to paste is empty")
                        .with_hint("copy the article text into the file (or standard input) first"),
                ));
            }
            Some(text)
        }
    };
    let ext = if body.is_some() { "txt" } else { "md" };
    let slug = link::make_slug(&args.title, "article");
    let name = format!("{}-{slug}.{ext}", date.format("%Y-%m-%d"));
    let path = cfg.paths.content.join(&name);
    let shown = path
        .strip_prefix(&cfg.paths.root)
        .unwrap_or(&path)
        .to_path_buf();
    let io_err = |e: std::io::Error| {
        (
            exit::USAGE,
            Diagnostic::error(&shown, 1, 1, format!("cannot create the file: {e}")),
        )
    };
    std::fs::create_dir_all(&cfg.paths.content).map_err(io_err)?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err((
                exit::CONTENT,
                Diagnostic::error(
                    &shown,
                    1,
                    1,
                    "this file already exists; nothing was changed",
                )
                .with_hint("edit the existing file, or choose another title or --date"),
            ))
        }
        Err(e) => return Err(io_err(e)),
    };
    std::io::Write::write_all(
        &mut file,
        file_text(&args.title, date, body.as_deref()).as_bytes(),
    )
    .map_err(io_err)?;
    Ok(path)
}

/// The CLI entry: prints the path (stdout) or the problem (stderr).
pub fn main(args: &NewArgs) -> i32 {
    let today = chrono::Local::now().date_naive();
    match run(args, today) {
        Ok(path) => {
            println!("{}", path.display());
            exit::OK
        }
        Err((code, d)) => {
            eprint!("{}", report::format(&d, &args.root, report::use_colour()));
            code
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn front_matter_is_valid_toml_with_escaped_title() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 7).unwrap();
        let t = file_text("Завод \"Рассвет\" открыт", d, None);
        assert!(t.starts_with("+++\ntitle = "));
        let (doc, diags) = crate::load::load_bytes(Path::new("a.md"), t.as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        assert_eq!(doc.front.title.as_deref(), Some("Завод \"Рассвет\" открыт"));
        assert_eq!(doc.front.date.unwrap().to_string(), "2025-07-07");
    }
}
