//! Second layer: what kind of page furniture a single line is.
//!
//! The first layer (`run`) decides *where* the article is from line shape
//! alone. These recognisers only name the furniture so that `dropped` says
//! why, and so that obvious furniture inside or next to the article (a photo
//! credit between paragraphs, a byline under the headline) is removed even
//! when it is long. Every rule looks at the form of the line (a label and a
//! colon, a glued rubric and time, a line of hashtags) rather than at a site's
//! exact wording, so a new outlet's variant still matches.

use super::dates;
use crate::model::date::month_pattern;
use crate::model::DropReason;
use regex::Regex;
use std::sync::LazyLock;

/// How a line of furniture affects the search for the article run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chrome {
    /// Ordinary furniture with a reason.
    Item(DropReason),
    /// A header that opens a list of other stories ("Читайте также",
    /// "Следующая новость"): the article cannot continue across it.
    Separator,
}

fn re(p: &str) -> Regex {
    Regex::new(p).expect("static regex")
}

static PHOTO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(©\s*)?(фото|фотография|фотографии|иллюстрация|изображение|источник (фото|изображения)|коллаж|скриншот|кадр|photo)(\s+и\s+видео)?\s*[:/©]",
    )
});
static VIDEO_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(видео|аудио|инфографика)\s*:"));
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(\d{1,2}\s?\+|возрастн\S* (категори|ограничени)\S*.*\d{1,2}\s?\+)$")
});
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^©|все права защищены|файлы cookie|cookies?(?-u:\b)|куки|обработк\S* (ваших )?персональных данных|обрабатываем ваши персональные|(?-u:\b)соглашаетесь с|при (перепечатке|цитировании|использовании)|политика (конфиденциальности|обработки)|пользовательское соглашение|^\(c\)\s",
    )
});
static SOURCE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(источник|адрес (материала|статьи|новости|публикации)|ссылка на (материал|источник)|оригинал)\s*:",
    )
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(текст|автор|авторы|подготовил[аи]?|редактор|корреспондент|материал подготовил[аи]?|беседовал[аи]?)(\s*:|\s+[А-ЯЁ]|$)",
    )
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(поделиться|подпис(аться|ывайтесь|ка)|подпишитесь|сообщи(те)? (нам )?новость|прислать новость|предложить новость|^share this|следите за|читайте нас|присоединяйтесь|наш канал|мы в (telegram|вк|контакте)|^(вконтакте|vk|ok|одноклассники|telegram|телеграм|дзен|whatsapp|viber|twitter|facebook|rutube|youtube|max)$)",
    )
});
static TICKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(курс (евро|доллара|юаня)|индекс мосбиржи|нефть|brent|ртс|imoex)|^[$€¥£]\s*\d+([.,]\d+)?$|^°\s*[cс]$|(?-u:\b)(usd|eur|cny)(?-u:\b)\s*(цб:?)?\s*\d|[+−-]?\d+\s*°\s*[cс]?|^[+−-]?\d{1,2}\s*[cс]$|^пробки\s*:|м/с(?-u:\b)|^(понедельник|вторник|среда|четверг|пятница|суббота|воскресенье),",
    )
});
static WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(просмотр\S*|комментари\S*|рейтинг\s*:|оцените|добавить комментарий|войдите|нашли (ошибку|опечатку)|ошибка воспроизведения|ваш браузер|прямой эфир|смотреть эфир|развернуть|фотогалерея|\d+\s+из\s+\d+$|версия для (печати|слабовидящих)|распечатать|размер шрифта|цвет сайта|изображения\s*:|подробнее$|\d+(,\d+)?\s?[kкmм]?\s+(подписчик|просмотр|читател)\S*$)",
    )
});
static NAV: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(читать (далее|полностью|ещё|еще)|перейти (к|на)|пропустить|skip to|к (основному )?содержанию|читать (в|на) (полной|сайте)|открыть на сайте|вернуться|возврат к списку|показать (ещё|еще)|смотреть все|все (новости|регионы|города|материалы)|главная\s*[/>→»|]|поиск|войти|english|ru\s*\|)|(^|\s)(←|→)(\s|$)|^(☰|≡)$",
    )
});
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(читайте также|смотрите также|другие (новости|материалы|посты.*)|лента новостей|похожие (новости|материалы)|материалы по теме|(ещё|еще) по теме|по теме|следующая (новость|статья)|популярное|самое (читаемое|популярное)|главное за (день|неделю)|новости (компаний|партнеров|партнёров)|рекомендуем|последние новости|компании в материале|теги|метки|новости|комментарии(\s*\(\d+\))?|обсуждение)\s*:?$",
    )
});
/// Menu items that are the same on every Russian news site.
static MENU: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(главная|лента|меню|поиск|войти|вход|регистрация|контакты|о нас|о проекте|о компании|афиша|подписка|видео|фото|спецпроекты|rss|мнения|статьи|аналитика|интервью|документы|пресс-центр|программа|телепрограмма|передачи|принять|согласен|понятно|закрыть)$",
    )
});
/// "Сюжет: …", "Рубрика: …": story-thread labels printed under a headline.
static STORY_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(сюжет|рубрика|тема|раздел)\s*:"));
/// The label that announces an advert; the line after it is the advert.
pub static AD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^((реклама|на правах рекламы|партн[её]рский материал|спецпроект)\s*$|реклама\.|erid\s*:)",
    )
});
static TAGS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(теги|метки|тэги|ключевые слова)\s*:"));
/// A feed item: another story's headline glued to its rubric and time or
/// feed date ("…Australian OpenСпорт, 19:16", "…аэропорта17:45",
/// "…шинСобытия, 20 января"), or an aggregator "headline · outlet".
static FEED_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(&month_pattern(
        r"(?i)(\S,\s*(\d{1,2}\s+[а-яё]{3,8}\.?,?\s*)?\d{1,2}:\d{2}|[\p{L}»%)]\d{1,2}:\d{2}|\S,\s*\d{1,2}\s+({genitive}|{abbreviated}))\s*$",
    ))
});
static HASHTAG: LazyLock<Regex> = LazyLock::new(|| re(r"#\p{L}"));
/// "Краснодар ," — a regional-edition selector with its weather/date slots
/// emptied by the copy; "Ваш регион: …", "Изменить".
static REGION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(\p{Lu}[\p{L}-]+(\s\p{Lu}[\p{L}-]+)?\s,(\s.*)?$|ваш (регион|город)\s*:|изменить$|выберите (регион|город))",
    )
});

/// Names the furniture kind of one line, or `None` when it may be text.
pub fn classify(text: &str, words: usize) -> Option<Chrome> {
    use DropReason::*;
    let item = |r| Some(Chrome::Item(r));
    // Header clocks and tickers carry the day the page was copied: named
    // before datelines so they never become the publication date.
    if words <= 14 && TICKER.is_match(text) {
        return item(Ticker);
    }
    if words <= 14 && dates::is_date_line(text) {
        return item(Date);
    }
    if !text.chars().any(super::lines::is_letter) {
        return item(Noise);
    }
    if SEPARATOR.is_match(text) {
        return Some(Chrome::Separator);
    }
    if AGE.is_match(text) {
        return item(Footer);
    }
    if PHOTO.is_match(text) {
        return item(PhotoCredit);
    }
    if text.starts_with('#') && HASHTAG.find_iter(text).count() * 2 >= words.max(1) {
        return item(Hashtags);
    }
    // A footer or cookie banner is a few lines long at most; skipping the
    // scan on long paragraphs also keeps it off the hot path.
    if words <= 40 && FOOTER.is_match(text) {
        return item(Footer);
    }
    if SOURCE_LABEL.is_match(text) {
        return item(Source);
    }
    if TAGS.is_match(text) {
        return item(Hashtags);
    }
    // The rules below describe short lines only: a long paragraph that
    // happens to start with "Текст" or mention a course is still prose.
    if words > 14 {
        return None;
    }
    if TICKER.is_match(text) {
        return item(Ticker);
    }
    if dates::is_date_line(text) {
        return item(Date);
    }
    if words <= 8 && BYLINE.is_match(text) {
        return item(Byline);
    }
    if AD_LABEL.is_match(text) {
        return item(Promo);
    }
    if VIDEO_LABEL.is_match(text) || WIDGET.is_match(text) {
        return item(Widget);
    }
    if words <= 10 && SHARE.is_match(text) {
        return item(Share);
    }
    if NAV.is_match(text) || MENU.is_match(text) {
        return item(Navigation);
    }
    if REGION.is_match(text) {
        return item(Navigation);
    }
    if FEED_ITEM.is_match(text) || is_aggregator_item(text) {
        return item(Feed);
    }
    if is_breadcrumb(text) {
        return item(Navigation);
    }
    if STORY_LABEL.is_match(text) {
        return item(Boilerplate);
    }
    None
}

/// An aggregator's "headline · outlet" item; "Name · City" headers have a
/// short left part and are not items.
fn is_aggregator_item(text: &str) -> bool {
    text.split_once(" · ")
        .is_some_and(|(left, _)| left.split_whitespace().count() >= 4)
}

/// "Главная / Новости / Экономика", "Новости | Афиша | Погода": several
/// short segments joined by a path or bar sign.
fn is_breadcrumb(text: &str) -> bool {
    for sep in [" / ", " > ", " → ", " | ", " » ", " • ", " › "] {
        let parts: Vec<&str> = text.split(sep).collect();
        // "Name | Tagline" is a site header, not a menu: bars need three parts.
        let min = if sep == " | " { 3 } else { 2 };
        if parts.len() >= min
            && parts
                .iter()
                .all(|p| p.split_whitespace().count() <= 3 && !p.trim().is_empty())
        {
            return true;
        }
    }
    false
}

/// A quote's attribution printed on its own line: "– отметила Оксана
/// Кукшенёва.", "— сказал глава региона." A dash, then a lowercase word.
pub fn is_attribution(text: &str) -> bool {
    let mut it = text.chars();
    matches!(it.next(), Some('–' | '—' | '-' | '―'))
        && it.next() == Some(' ')
        && it.next().is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DropReason::*;

    fn kind(t: &str) -> Option<Chrome> {
        classify(t, super::super::lines::word_stats(t).0)
    }

    #[test]
    fn names_common_furniture() {
        assert_eq!(
            kind("Фото: amurobl.ruФото: amurobl.ru"),
            Some(Chrome::Item(PhotoCredit))
        );
        assert_eq!(
            kind("Возрастная категория материалов: 18+"),
            Some(Chrome::Item(Footer))
        );
        assert_eq!(kind("EUR ЦБ: 103,94 (-0,29)"), Some(Chrome::Item(Ticker)));
        assert_eq!(kind("Курс евро на 26 декабря"), Some(Chrome::Item(Ticker)));
        assert_eq!(
            kind("Бывшая первая ракетка мира снялась с Australian OpenСпорт, 19:16"),
            Some(Chrome::Item(Feed))
        );
        assert_eq!(
            kind("#Омск #Промышленность #Ольга Акамова"),
            Some(Chrome::Item(Hashtags))
        );
        assert_eq!(kind("Читайте также:"), Some(Chrome::Separator));
        assert_eq!(kind("Краснодар ,"), Some(Chrome::Item(Navigation)));
        assert_eq!(
            kind("Главная / Новости / Экономика"),
            Some(Chrome::Item(Navigation))
        );
        assert_eq!(kind("20 ноября, 10:55"), Some(Chrome::Item(Date)));
        assert_eq!(kind("Вторник, 3 июня 2025"), Some(Chrome::Item(Ticker)));
        assert_eq!(
            kind("В Краснодаре откроется Центр компетенций легкой промышленности."),
            None
        );
    }

    #[test]
    fn attribution_needs_dash_and_lowercase() {
        assert!(is_attribution("– отметила Оксана Кукшенёва."));
        assert!(is_attribution("— сказал глава региона."));
        assert!(!is_attribution("– Это важно, – сказал он."));
    }
}
