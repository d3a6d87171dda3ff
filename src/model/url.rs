//! Every URL of the site is computed here, from the validated base URL.
//!
//! The base URL may carry a sub-path (`https://user.github.io/digest/`); pages
//! link to each other with root-relative paths that include it (`/digest/…`),
//! and feeds and sitemaps use absolute URLs. Templates never concatenate URLs.

use std::fmt;

/// A validated base URL: origin (`https://host[:port]`) and a path that starts
/// and ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    path: String,
}

impl BaseUrl {
    /// Parses `http(s)://host[:port][/path/]`. Returns a message on failure.
    pub fn parse(s: &str) -> Result<BaseUrl, String> {
        let s = s.trim();
        let rest = s
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| s.strip_prefix("http://").map(|r| ("http://", r)));
        let Some((scheme, rest)) = rest else {
            return Err(format!(
                "base_url must start with http:// or https://, got {s:?}"
            ));
        };
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            return Err(format!("base_url has an invalid host {host:?}"));
        }
        if path.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
            return Err(format!(
                "base_url path must be a plain path such as /digest/, got {path:?}"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{scheme}{host}"),
            path,
        })
    }

    /// The sub-path the site lives under, always with leading and trailing `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Root-relative URL of a site path: `rel("articles/x/")` → `/digest/articles/x/`.
    pub fn rel(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// Absolute URL of a site path, for feeds, sitemaps and canonical links.
    pub fn abs(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.rel(site_path))
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin, self.path)
    }
}

/// Where a page lives: a site path such as `articles/slug/` (pretty URL, file
/// `articles/slug/index.html`) or a file such as `atom.xml`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(String);

impl SitePath {
    /// A directory page: `dir("articles/x")` → `articles/x/`.
    pub fn dir(path: &str) -> SitePath {
        let p = path.trim_matches('/');
        if p.is_empty() {
            SitePath(String::new())
        } else {
            SitePath(format!("{p}/"))
        }
    }

    /// A plain file: `file("atom.xml")`.
    pub fn file(path: &str) -> SitePath {
        SitePath(path.trim_start_matches('/').to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The output file relative to `public/`.
    pub fn output_file(&self) -> String {
        if self.0.is_empty() || self.0.ends_with('/') {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_sub_path() {
        let b = BaseUrl::parse("https://user.github.io/digest").unwrap();
        assert_eq!(b.path(), "/digest/");
        assert_eq!(b.rel("articles/x/"), "/digest/articles/x/");
        assert_eq!(b.abs("atom.xml"), "https://user.github.io/digest/atom.xml");
        assert_eq!(b.rel(""), "/digest/");
    }

    #[test]
    fn root_site() {
        let b = BaseUrl::parse("http://127.0.0.1:1111/").unwrap();
        assert_eq!(b.rel("/regions/"), "/regions/");
        assert_eq!(b.to_string(), "http://127.0.0.1:1111/");
    }

    #[test]
    fn rejects_bad_urls() {
        assert!(BaseUrl::parse("user.github.io").is_err());
        assert!(BaseUrl::parse("https://").is_err());
        assert!(BaseUrl::parse("https://x/a\"b").is_err());
        assert!(BaseUrl::parse("javascript:alert(1)").is_err());
    }

    #[test]
    fn output_files() {
        assert_eq!(
            SitePath::dir("articles/x").output_file(),
            "articles/x/index.html"
        );
        assert_eq!(SitePath::dir("").output_file(), "index.html");
        assert_eq!(SitePath::file("atom.xml").output_file(), "atom.xml");
    }
}
