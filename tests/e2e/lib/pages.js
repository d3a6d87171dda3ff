// Picks the pages to check from the built site itself: every URL in
// sitemap.xml is grouped by its first path segment under the base URL, and
// one page per group is checked. Known groups get a kind name; groups nobody
// has named yet are still checked under their own segment name, so the
// harness grows with the site. REQUIRED kinds must exist, or the check fails.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Page kinds that must exist in every build. */
const REQUIRED = ['home', 'article', 'region', 'timeline', 'search'];

/** First path segments that mean a known kind. */
const KIND_BY_SEGMENT = {
  regions: 'region', region: 'region', timeline: 'timeline', search: 'search',
  articles: 'article', article: 'article', news: 'article', posts: 'article', a: 'article',
  people: 'person', persons: 'person', bodies: 'body', organizations: 'organization',
  organisations: 'organization', orgs: 'organization', places: 'place', tags: 'tag',
};

/** Reads `<loc>` values from sitemap.xml (and sitemap index children) under `dir`. */
function sitemapLocs(dir) {
  const file = path.join(dir, 'sitemap.xml');
  if (!fs.existsSync(file)) return [];
  const xml = fs.readFileSync(file, 'utf8');
  const locs = [...xml.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map((m) => decodeXml(m[1]));
  if (/<sitemapindex/.test(xml)) {
    const out = [];
    for (const loc of locs) {
      const child = path.join(dir, new URL(loc).pathname.split('/').pop());
      if (fs.existsSync(child)) {
        const x = fs.readFileSync(child, 'utf8');
        out.push(...[...x.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map((m) => decodeXml(m[1])));
      }
    }
    return out;
  }
  return locs;
}

function decodeXml(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Returns [{kind, path, count}] — one representative site-relative path
 * (like `regions/amurskaya-oblast/`) per kind, plus `missing` required kinds.
 * The site's own base path is that of the home page in the sitemap (`siteMount`).
 */
function pickPages(dir) {
  const locs = sitemapLocs(dir);
  const rels = new Set();
  const basePath = siteMount(dir);
  for (const loc of locs) {
    let p = new URL(loc).pathname;
    p = p.startsWith(basePath) ? p.slice(basePath.length) : p.replace(/^\//, '');
    rels.add(decodeURIComponent(p));
  }
  if (fs.existsSync(path.join(dir, 'index.html'))) rels.add('');
  // Pages the sitemap may leave out on purpose (noindex) still count if built.
  for (const extra of ['search/', 'timeline/']) {
    if (fs.existsSync(path.join(dir, extra, 'index.html'))) rels.add(extra);
  }
  const groups = new Map();
  for (const rel of [...rels].sort()) {
    const seg = rel.split('/')[0];
    const depth = rel.split('/').filter(Boolean).length;
    let kind;
    if (rel === '') kind = 'home';
    else if (KIND_BY_SEGMENT[seg]) kind = KIND_BY_SEGMENT[seg];
    else kind = depth <= 1 ? `page:${seg}` : `group:${seg}`;
    // A listing page like `regions/` is a different kind from `regions/x/`.
    if (depth === 1 && ['region', 'person', 'body', 'organization', 'place', 'tag', 'article'].includes(kind)) kind += '-index';
    if (!groups.has(kind)) groups.set(kind, []);
    groups.get(kind).push(rel);
  }
  // Articles may live at the top level or under a dated path: when no segment
  // is named for them, the largest unnamed group with depth >= 2 is the articles.
  if (!groups.has('article')) {
    let best = null;
    for (const [kind, list] of groups) {
      if (kind.startsWith('group:') && (!best || list.length > groups.get(best).length)) best = kind;
    }
    if (best) {
      groups.set('article', groups.get(best));
      groups.delete(best);
    }
  }
  const pages = [...groups].map(([kind, list]) => ({ kind, path: list[Math.floor(list.length / 2)], count: list.length, all: list }));
  const missing = REQUIRED.filter((k) => !groups.has(k));
  pages.sort((a, b) => (REQUIRED.indexOf(a.kind) + 1 || 99) - (REQUIRED.indexOf(b.kind) + 1 || 99) || a.kind.localeCompare(b.kind));
  return { pages, missing, total: rels.size };
}

/** The URL path the site expects to live under: that of the home page in sitemap.xml, else '/'. */
function siteMount(dir) {
  const paths = sitemapLocs(dir).map((l) => { try { return new URL(l).pathname; } catch { return null; } }).filter(Boolean);
  if (paths.length === 0) return '/';
  const shortest = paths.sort((a, b) => a.length - b.length)[0];
  return shortest.endsWith('/') ? shortest : shortest.replace(/[^/]*$/, '');
}

module.exports = { pickPages, REQUIRED, sitemapLocs, siteMount };

if (require.main === module) {
  const r = pickPages(process.argv[2]);
  for (const p of r.pages) delete p.all;
  console.log(JSON.stringify(r, null, 2));
}
