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
        check_host(host)?;
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

/// A host is a name (`ex.org`), an IPv4 address or a bracketed IPv6 one
/// (`[::1]`), then an optional `:port` of 1–65535: `:99999` was once taken
/// into every URL of the site (issue #15).
fn check_host(host: &str) -> Result<(), String> {
    let bad_host = || format!("base_url has an invalid host {host:?}");
    let (name_ok, port) = if let Some(v6) = host.strip_prefix('[') {
        let (addr, rest) = v6.split_once(']').ok_or_else(bad_host)?;
        let port = match rest {
            "" => None,
            r => Some(r.strip_prefix(':').ok_or_else(bad_host)?),
        };
        let ok = !addr.is_empty()
            && addr
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'));
        (ok, port)
    } else {
        let (name, port) = match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        };
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
        (ok, port)
    };
    if !name_ok {
        return Err(bad_host());
    }
    if let Some(p) = port {
        let valid = p.bytes().all(|b| b.is_ascii_digit()) && matches!(p.parse::<u16>(), Ok(1..));
        if !valid {
            return Err(format!(
                "base_url has an invalid port {p:?} (a port is a number from 1 to 65535)"
            ));
        }
    }
    Ok(())
}

/// Where a page lives: a folder such as `regions/slug/` (pretty URL, file
/// `regions/slug/index.html`) or a file such as `articles/slug.html` or
/// `atom.xml`. Articles are files: at 100,000 of them a folder each was
/// 100,000 more entries in the Pages tar (issue 17).
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
    fn issue_15_ports_are_checked() {
        for ok in [
            "https://ex.org:8443/",
            "http://127.0.0.1:1/",
            "http://[::1]:65535/d/",
            "http://[::1]/",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "https://ex.org:99999/",
            "https://ex.org:0/",
            "https://ex.org:/",
            "https://ex.org:80a/",
            "https://ex.org:+80/",
            "https://ex.org:1:2/",
            "http://[::1]:70000/",
            "http://[::1]x/",
            "https://:80/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
        let e = BaseUrl::parse("https://ex.org:99999/").unwrap_err();
        assert!(e.contains("invalid port \"99999\""), "{e}");
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
