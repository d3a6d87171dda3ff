//! The clean stage of the pipeline: [`SourceDoc`] → [`CleanDoc`] and the
//! lines dropped from it.
//!
//! Raw pasted text goes through [`crate::clean::clean_text`]; Markdown keeps
//! its source for rendering and contributes plain paragraphs for extraction
//! and search. Front matter always wins over what is inferred from the text.

use crate::clean;
use crate::model::{Body, CleanDoc, Diagnostic, Dropped, Format, SourceDoc};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Cleans one document, in the shape of every per-article stage: the output
/// and the problems found. The output is the [`CleanDoc`] and, beside it,
/// the lines the cleaner dropped (file lines, in order; none for Markdown).
/// It is `None` for an article without any usable text, and then the
/// diagnostics hold the error that says so.
pub fn run(src: SourceDoc) -> (Option<(CleanDoc, Vec<Dropped>)>, Vec<Diagnostic>) {
    match clean_doc(src) {
        Ok(cleaned) => (Some(cleaned), Vec::new()),
        Err(d) => (None, vec![d]),
    }
}

fn clean_doc(src: SourceDoc) -> Result<(CleanDoc, Vec<Dropped>), Diagnostic> {
    let (title, title_inferred, date, source, body, plain, dropped) = match src.format {
        Format::Text => {
            let c = clean::clean_text(&src.body);
            let paragraphs = c.paragraphs;
            let quotes = quote_paragraphs(&paragraphs);
            (
                c.title,
                c.title_inferred,
                c.date,
                c.source,
                Body::Plain { quotes },
                paragraphs,
                c.dropped,
            )
        }
        Format::Markdown => {
            let (heading, md) = split_heading(&src.body);
            let plain = markdown_plain(md);
            (
                heading,
                false,
                None,
                None,
                Body::Markdown(md.to_string()),
                plain,
                Vec::new(),
            )
        }
    };
    let (title, title_inferred) = match (src.front.title.clone(), title) {
        (Some(t), _) => (t, false),
        (None, Some(t)) => (t, title_inferred),
        (None, None) => match plain.first().map(|p| infer_title(p)) {
            Some(t) if !t.is_empty() => (t, true),
            _ => {
                return Err(Diagnostic::error(
                    &src.path,
                    src.body_line,
                    1,
                    "article has no title and no text",
                )
                .with_hint("add title = \"…\" to the front matter"))
            }
        },
    };
    let dropped = dropped
        .into_iter()
        .map(|mut d| {
            d.line += src.body_line - 1;
            d
        })
        .collect();
    let doc = CleanDoc {
        path: src.path,
        stem: src.stem,
        title,
        title_inferred,
        date: src.front.date.or(date),
        source: src.front.source.or(source),
        source_url: src.front.source_url,
        tags: src.front.tags,
        slug: src.front.slug,
        body,
        plain: compact(plain),
    };
    Ok((doc, dropped))
}

/// The indexes of the paragraphs that are quotations. The cleaner keeps a
/// short line when it opens with a quotation mark and joins a dash-led
/// attribution to it ("«…», – отметила Оксана Кукшенёва."); a paragraph is a
/// quote when it opens with a quotation mark that closes at its end, before
/// such an attribution, or not at all (a quote going on in the next
/// paragraph, which opens with a quotation mark again). A paragraph that
/// only starts with a quoted name ("«Иннопром» открылся…") is not one.
pub fn quote_paragraphs(paragraphs: &[String]) -> Vec<u32> {
    (0..paragraphs.len() as u32)
        .filter(|&i| is_quote(&paragraphs[i as usize]))
        .collect()
}

fn is_quote(p: &str) -> bool {
    let mut chars = p.char_indices();
    let Some((_, open)) = chars.next() else {
        return false;
    };
    let close = match open {
        '«' => '»',
        '“' => '”',
        '"' => '"',
        _ => return false,
    };
    if p.split_whitespace().count() < 4 {
        return false;
    }
    let mut depth = 1;
    for (i, c) in chars {
        if c == open && open != close {
            depth += 1;
        } else if c == close {
            depth -= 1;
            let rest = p[i + c.len_utf8()..].trim_start_matches([',', '.', '!', '?', '…']);
            let rest = rest.trim_start();
            // An attribution closes the quote whatever was nested in it:
            // "…в ТОР «Амурская», — рассказал министр."
            if rest.starts_with(['–', '—']) || rest.starts_with("- ") {
                return true;
            }
            if depth == 0 {
                // Closing near the end: "«…»." or "«…» Дальше короткое."
                return rest.is_empty() || i * 10 >= p.len() * 8;
            }
        }
    }
    true
}

/// The paragraphs trimmed to their length: they live for the whole build,
/// and the cleaner sized each for the raw line it came from.
fn compact(mut plain: Vec<String>) -> Vec<String> {
    for p in &mut plain {
        p.shrink_to_fit();
    }
    plain.shrink_to_fit();
    plain
}

/// A Markdown article's title is its first `# ` heading when it opens the text.
fn split_heading(md: &str) -> (Option<String>, &str) {
    let trimmed = md.trim_start_matches(['\n', ' ']);
    if let Some(rest) = trimmed.strip_prefix("# ") {
        let end = rest.find('\n').unwrap_or(rest.len());
        let title = rest[..end].trim().trim_end_matches('#').trim();
        if !title.is_empty() {
            return (Some(title.to_string()), rest.get(end + 1..).unwrap_or(""));
        }
    }
    (None, md)
}

/// Plain text of each block of a Markdown document (paragraphs, headings,
/// list items, table cells), for extraction and search. Code is left out.
pub fn markdown_plain(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_code = false;
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push(t);
        }
        cur.clear();
    };
    for ev in Parser::new_ext(md, Options::all()) {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => cur.push_str(&t),
            Event::SoftBreak | Event::HardBreak => cur.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => flush(&mut cur, &mut out),
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// A title from the first paragraph: its first sentence, at most ~90
/// characters, cut at a word boundary.
pub fn infer_title(lead: &str) -> String {
    let sentence = lead
        .split_inclusive(['.', '!', '?'])
        .next()
        .unwrap_or(lead)
        .trim()
        .trim_end_matches('.');
    if sentence.chars().count() <= 90 {
        return sentence.to_string();
    }
    let mut out = String::new();
    for w in sentence.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > 88 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.trim_end_matches([',', ';', ':', '—', '–', '-', ' '])
        .to_string()
        + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_16_quotes_are_classified_for_the_page() {
        let ps: Vec<String> = [
            "Министр провёл встречу с губернатором.",
            "«Считаю, что на этом необходимо сконцентрировать внимание», – отметил министр.",
            "«Иннопром» открылся в Екатеринбурге в понедельник, и туда приехали все.",
            "«Первая часть длинной цитаты, которая продолжается",
            "«во втором абзаце и здесь заканчивается», – сказал он.",
            "Обычный абзац после цитаты.",
            "«Цитата без атрибуции целиком в кавычках».",
            "«Проект в ТОР «Амурская», — рассказал министр.",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(quote_paragraphs(&ps), vec![1, 3, 4, 6, 7]);
    }

    #[test]
    fn markdown_heading_is_title() {
        let (t, rest) = split_heading("# Заголовок\n\nТекст");
        assert_eq!(t.as_deref(), Some("Заголовок"));
        assert_eq!(rest.trim(), "Текст");
    }

    #[test]
    fn markdown_plain_skips_code() {
        let p = markdown_plain("Абзац *один*.\n\n```rust\nlet x = 1;\n```\n\n- пункт\n");
        assert_eq!(p, vec!["Абзац один.", "пункт"]);
    }

    #[test]
    fn inferred_title_never_cuts_words() {
        let lead = "Губернатор провел встречу с министром промышленности и торговли России, в ходе которой обсуждалось развитие промышленного потенциала региона и многое другое";
        let t = infer_title(lead);
        assert!(t.chars().count() <= 90, "{t}");
        assert!(lead.starts_with(t.trim_end_matches('…')));
    }
}
