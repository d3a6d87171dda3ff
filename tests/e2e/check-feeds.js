// Feeds and sitemap of one built site:
//   node check-feeds.js SITE_DIR LABEL BASE_URL
// - atom.xml and every */atom.xml validate with xmllint against
//   schemas/atom.rng (RFC 4287), and pass the RFC's rules the schema cannot
//   say: an author on the feed or on each entry, a rel="self" link pointing
//   at the feed's own URL, absolute http(s) URLs in ids and links, RFC 3339
//   dates, unique entry ids;
// - sitemap.xml validates against schemas/sitemap.xsd (sitemaps.org 0.9),
//   every <loc> is under BASE_URL and names a page that exists in SITE_DIR.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { sitemapLocs } = require('./lib/pages');

const [siteDir, label = 'site', baseUrlArg] = process.argv.slice(2);
const SCHEMAS = path.join(__dirname, 'schemas');
const problems = [];
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function xmllint(args, file) {
  try {
    execFileSync('xmllint', ['--noout', '--nonet', ...args, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT') throw new Error('xmllint not found (Debian package libxml2-utils)');
    const msg = String(e.stderr || e.stdout || e.message).trim().split('\n').slice(0, 8).join('\n    ');
    problems.push(`${path.relative(siteDir, file)}: ${msg}`);
    return false;
  }
  return true;
}

function findFeeds(dir, rel = '') {
  const out = [];
  for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, ent.name);
    if (ent.isDirectory()) out.push(...findFeeds(dir, r));
    else if (ent.name === 'atom.xml') out.push(r);
  }
  return out.sort();
}

const text = (xml, tag) => [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1].trim());
const attrs = (tagSrc) => Object.fromEntries([...tagSrc.matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)].map((m) => [m[1], m[3] ?? m[4]]));
const absolute = (u) => /^https?:\/\/[^/]+/.test(u);
const unescape = (s) => s.replace(/&amp;/g, '&');

function checkFeed(rel, baseUrl) {
  const file = path.join(siteDir, rel);
  const where = rel;
  if (!xmllint(['--relaxng', path.join(SCHEMAS, 'atom.rng')], file)) return 0;
  const xml = fs.readFileSync(file, 'utf8');
  const head = xml.split(/<entry[\s>]/)[0];
  const entries = xml.split(/<entry[\s>]/).slice(1).map((e) => e.split('</entry>')[0]);
  const feedLinks = [...head.matchAll(/<link\b[^>]*>/g)].map((m) => attrs(m[0]));
  const self = feedLinks.find((l) => l.rel === 'self');
  if (!self) problems.push(`${where}: feed has no <link rel="self">`);
  else if (baseUrl && unescape(self.href) !== baseUrl + rel.split(path.sep).join('/')) {
    problems.push(`${where}: rel="self" is ${self.href}, expected ${baseUrl}${rel}`);
  }
  for (const l of feedLinks) if (!absolute(unescape(l.href || ''))) problems.push(`${where}: feed link href not absolute: ${l.href}`);
  const feedId = text(head, 'id')[0];
  if (!feedId || !/^(https?:|urn:|tag:)/.test(feedId)) problems.push(`${where}: feed id is not an absolute IRI: ${feedId}`);
  const feedHasAuthor = /<author[\s>]/.test(head);
  for (const d of [...text(xml, 'updated'), ...text(xml, 'published')]) {
    if (!RFC3339.test(d)) problems.push(`${where}: not an RFC 3339 date-time: ${d}`);
  }
  const ids = new Set();
  entries.forEach((e, i) => {
    const id = text(e, 'id')[0];
    const w = `${where} entry ${i + 1}`;
    if (!id || !/^(https?:|urn:|tag:)/.test(id)) problems.push(`${w}: id not an absolute IRI: ${id}`);
    if (ids.has(id)) problems.push(`${w}: duplicate id ${id}`);
    ids.add(id);
    const links = [...e.matchAll(/<link\b[^>]*>/g)].map((m) => attrs(m[0]));
    if (!links.some((l) => (l.rel || 'alternate') === 'alternate')) problems.push(`${w}: no alternate link`);
    for (const l of links) {
      const href = unescape(l.href || '');
      if (!absolute(href)) problems.push(`${w}: link href not absolute: ${l.href}`);
      else if (baseUrl && href.startsWith(baseUrl)) {
        const p = href.slice(baseUrl.length).split('#')[0];
        const target = path.join(siteDir, decodeURIComponent(p), p === '' || p.endsWith('/') ? 'index.html' : '');
        if (!fs.existsSync(target)) problems.push(`${w}: link ${href} names no built page`);
      }
    }
    if (!feedHasAuthor && !/<author[\s>]/.test(e)) problems.push(`${w}: no author on the entry nor on the feed (RFC 4287 4.1.1)`);
    // Issue 16: an undated article is left out of the feeds, not given a
    // date it does not have; every entry is published on its own date.
    const published = text(e, 'published')[0];
    if (!published) problems.push(`${w}: entry without a <published> date (an undated article in a feed)`);
    else if (text(e, 'updated')[0] !== published) problems.push(`${w}: <updated> ${text(e, 'updated')[0]} is not the article's date ${published}`);
  });
  // An entity whose articles are all undated has an empty feed (valid Atom);
  // the site's own feed must have entries.
  if (entries.length === 0 && rel === 'atom.xml') problems.push(`${where}: feed has no entries`);
  return entries.length;
}

function checkSitemap(baseUrl) {
  const file = path.join(siteDir, 'sitemap.xml');
  if (!fs.existsSync(file)) {
    problems.push('sitemap.xml missing');
    return 0;
  }
  if (!xmllint(['--schema', path.join(SCHEMAS, 'sitemap.xsd')], file)) return 0;
  const locs = sitemapLocs(siteDir);
  for (const loc of locs) {
    if (baseUrl && !loc.startsWith(baseUrl)) {
      problems.push(`sitemap.xml: <loc>${loc}</loc> is not under the base URL ${baseUrl}`);
      continue;
    }
    const p = baseUrl ? loc.slice(baseUrl.length) : new URL(loc).pathname.slice(1);
    const target = path.join(siteDir, decodeURIComponent(p), p === '' || p.endsWith('/') ? 'index.html' : '');
    if (!fs.existsSync(target)) problems.push(`sitemap.xml: <loc>${loc}</loc> names no built page (${path.relative(siteDir, target)})`);
  }
  if (locs.length === 0) problems.push('sitemap.xml lists no URLs');
  return locs.length;
}

try {
  // The base URL the site was built with; by default the host part of the sitemap's shortest URL.
  let baseUrl = baseUrlArg;
  if (!baseUrl) {
    const locs = sitemapLocs(siteDir).sort((a, b) => a.length - b.length);
    baseUrl = locs[0];
  }
  const feeds = findFeeds(siteDir);
  if (!feeds.includes('atom.xml')) problems.push('atom.xml missing at the site root');
  let entries = 0;
  for (const f of feeds) entries += checkFeed(f, baseUrl);
  const urls = checkSitemap(baseUrl);
  console.log(`feeds[${label}]: ${feeds.length} Atom feeds (${entries} entries), sitemap ${urls} URLs, ${problems.length} problems`);
} catch (e) {
  problems.push(String(e.message || e));
  console.log(`feeds[${label}]: crashed`);
}
for (const p of problems.slice(0, 50)) console.log(`  FAIL ${p}`);
if (problems.length > 50) console.log(`  … and ${problems.length - 50} more`);
process.exitCode = problems.length ? 1 : 0;
