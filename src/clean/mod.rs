//! Interim cleaner (replaced by the real one): each non-empty line is a
//! paragraph and the first line is the title.
use crate::model::{Dropped, PartialDate};

pub struct Cleaned {
    pub title: Option<String>,
    pub title_inferred: bool,
    pub date: Option<PartialDate>,
    pub source: Option<String>,
    pub paragraphs: Vec<String>,
    pub dropped: Vec<Dropped>,
}

pub fn clean_text(raw: &str) -> Cleaned {
    let mut lines = raw.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().map(str::to_string);
    Cleaned {
        title,
        title_inferred: false,
        date: None,
        source: None,
        paragraphs: lines.map(str::to_string).collect(),
        dropped: Vec::new(),
    }
}
