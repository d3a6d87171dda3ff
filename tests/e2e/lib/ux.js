// What readers and editors meet first (issue #16): each check below failed
// on the site before the change. Every page kind is opened at phone
// (390 px) and desktop (1366 px) width; a full-page screenshot of each view
// goes to target/screenshots/<label>-ux-<kind>-<width>.png.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { VIEWPORTS } = require('./browser');

/** Checks run on every article page, in the page (no closures over Node). */
function articleFacts() {
  const q = (s) => document.querySelector(s);
  const top = (el) => (el ? el.getBoundingClientRect().top + window.scrollY : null);
  const body = q('.article .body');
  const bodyPs = body ? [...body.querySelectorAll('p')] : [];
  const lead = q('.article .body p.lead');
  const plainP = bodyPs.find((p) => p !== lead && !p.closest('blockquote'));
  const crumbs = q('.breadcrumbs');
  const crumbLast = crumbs ? crumbs.querySelector('li:last-child') : null;
  const lineHeight = crumbs ? parseFloat(getComputedStyle(crumbs.querySelector('li')).lineHeight) || 20 : 0;
  // Text nodes in the article where an amount or date would break at a plain space.
  const walker = document.createTreeWalker(q('main') || document.body, NodeFilter.SHOW_TEXT);
  const breakable = [];
  const re = /\d (млн|млрд|трлн|тыс\.|руб|рубл|₽|%|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)|(млн|млрд|трлн|тыс\.) (руб|₽)/;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const m = n.textContent.match(re);
    if (m) breakable.push(n.textContent.slice(Math.max(0, m.index - 20), m.index + 20));
  }
  // A dash after a plain space can start a line ("», / — подчеркнул").
  const dashStarts = [];
  if (body) {
    const bw = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = bw.nextNode(); n; n = bw.nextNode()) {
      const m = n.textContent.match(/\S [—–] /);
      if (m) dashStarts.push(n.textContent.slice(Math.max(0, m.index - 20), m.index + 20));
    }
  }
  const h1El = q('main h1');
  const quoteLike = bodyPs.filter((p) => /^«[^]*»,? ?[–—] \p{Ll}/u.test(p.textContent) && !p.closest('blockquote'))
    .map((p) => p.textContent.slice(0, 60));
  const h1 = (q('h1') || {}).textContent || '';
  const first = (bodyPs[0] || {}).textContent || '';
  // Measure: characters per full line of the longest body paragraph.
  let cpl = null;
  const longest = bodyPs.filter((p) => !p.closest('blockquote') && p !== lead).sort((a, b) => b.textContent.length - a.textContent.length)[0];
  if (longest) {
    const lh = parseFloat(getComputedStyle(longest).lineHeight);
    const lines = Math.round(longest.getBoundingClientRect().height / lh);
    if (lines >= 3) cpl = Math.round(longest.textContent.length / (lines - 0.5));
  }
  const size = (sel) => { const el = q(sel); return el ? parseFloat(getComputedStyle(el).fontSize) : null; };
  return {
    cpl,
    scale: { h1: size('main h1'), h2: size('.related h2'), h3: size('.related .cards li > a'), p: plainP ? parseFloat(getComputedStyle(plainP).fontSize) : null, meta: size('.related .cards time, .related .cards .meta') },
    headerHeight: q('.site-header') ? Math.round(q('.site-header').getBoundingClientRect().height) : null,
    bodyBottom: body ? body.getBoundingClientRect().bottom + window.scrollY : null,
    summaryTop: top(q('.summary')),
    relatedTop: top(q('.related')),
    // Any entity list counts: an article that names no region (one of the
    // generated corpus's does not) still gets its people and amounts.
    summaryHasRegion: !!q('.summary a[href], .summary .money, .summary li'),
    crumbLines: crumbs ? Math.round(crumbs.getBoundingClientRect().height / lineHeight) : 0,
    crumbLast: crumbLast ? crumbLast.textContent.trim() : '',
    leadSize: lead ? parseFloat(getComputedStyle(lead).fontSize) : null,
    pSize: plainP ? parseFloat(getComputedStyle(plainP).fontSize) : null,
    blockquotes: document.querySelectorAll('.article .body blockquote').length,
    quoteLike,
    breakable,
    dashStarts,
    h1Height: h1El ? Math.round(h1El.getBoundingClientRect().height) : 0,
    notice: !!q('.article .notice'),
    h1,
    firstStartsWithH1: h1.length > 20 && first.trim().startsWith(h1.trim().replace(/…$/, '')),
  };
}

async function checkArticles(ctx, base, pages, problems, vpName, vp) {
  const articles = pages.find((p) => p.kind === 'article');
  if (!articles) { problems.push('no article pages'); return 0; }
  let quotes = 0;
  for (const rel of articles.all.slice(0, 12)) {
    const { page, log } = await ctx.visit(ctx.context, base + rel, vp);
    const f = await page.evaluate(articleFacts);
    const at = `/${rel} (${vpName})`;
    ctx.report(problems, at, log);
    await checkEveryPage(page, at, vpName, problems);
    if (f.summaryHasRegion) {
      if (f.summaryTop === null || f.summaryTop < f.bodyBottom - 1) problems.push(`${at}: entity summary is not right after the body`);
      if (f.relatedTop !== null && f.summaryTop > f.relatedTop) problems.push(`${at}: entity summary comes after "Читайте также"`);
    } else {
      problems.push(`${at}: no entity summary (.summary with the article's entities) after the body`);
    }
    if (f.crumbLines > 2) problems.push(`${at}: breadcrumb takes ${f.crumbLines} lines`);
    if (f.crumbLast.length > 40) problems.push(`${at}: breadcrumb repeats the headline (${f.crumbLast.length} chars)`);
    if (f.leadSize === null) problems.push(`${at}: no lead (.body p.lead)`);
    else if (f.pSize !== null && !(f.leadSize > f.pSize)) problems.push(`${at}: lead ${f.leadSize}px is not set apart from body text ${f.pSize}px`);
    for (const t of f.quoteLike) problems.push(`${at}: quote is a plain paragraph: "${t}…"`);
    for (const t of f.breakable) problems.push(`${at}: breakable space in an amount or date: "${t}"`);
    for (const t of f.dashStarts) problems.push(`${at}: a line can start with the dash: "${t}"`);
    // A whole-sentence headline in the display size filled a phone's first
    // screen (13 lines, 430 of 844 px) and half a desktop's.
    if (f.h1Height > 0.45 * vp.height) problems.push(`${at}: the headline takes ${f.h1Height}px of the first screen's ${vp.height}`);
    if (f.notice) problems.push(`${at}: the editor's guessed-headline notice is shown to readers`);
    if (f.firstStartsWithH1) problems.push(`${at}: the headline "${f.h1}" repeats the body's first line`);
    // Look: a measure of 60–75 characters on a desktop (± a few for the
    // estimate), a type scale h1 > h2 > card title > text > card meta, and a
    // header that leaves the phone's screen to the article.
    if (vpName === 'desktop' && f.cpl !== null && (f.cpl < 55 || f.cpl > 80)) problems.push(`${at}: ${f.cpl} characters per line (measure 60–75)`);
    const s = f.scale;
    if (s.h1 && s.h2 && s.h3 && s.p && s.meta && !(s.h1 > s.h2 && s.h2 > s.h3 && s.h3 > s.p && s.p > s.meta)) {
      problems.push(`${at}: no type scale: h1 ${s.h1}, h2 ${s.h2}, card title ${s.h3}, text ${s.p}, meta ${s.meta} px`);
    }
    if (vpName === 'phone' && f.headerHeight > 150) problems.push(`${at}: the header takes ${f.headerHeight}px of the phone's 844`);
    quotes += f.blockquotes;
    if (rel === articles.path) await shot(ctx, page, 'article', vpName);
    await page.close();
  }
  return quotes;
}

async function shot(ctx, page, kind, vpName) {
  fs.mkdirSync(ctx.shots, { recursive: true });
  await page.screenshot({ path: path.join(ctx.shots, `${ctx.label}-ux-${kind.replace(/[^a-z0-9-]+/gi, '_')}-${vpName}.png`), fullPage: true });
}

/** The tile map of a page: every linked (coloured) tile must be named in
 * visible text beside the map, so it is identifiable on touch (no hover
 * tooltip, labels hidden on a phone) and without telling the colours apart. */
function mapFacts() {
  const fig = document.querySelector('.tile-map');
  if (!fig) return null;
  const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const list = fig.querySelector('.map-list');
  const listText = visible(list) ? list.innerText : '';
  const tiles = [...fig.querySelectorAll('a.tile-link')].map((a) => a.querySelector('title').textContent.split(' — ')[0]);
  const small = fig.classList.contains('tile-map--small');
  // A label wider than its tile runs over the neighbours (ПОДМ, ЯНАО at the
  // three-letter size), in the SVG's own units.
  const overflowing = [...fig.querySelectorAll('text.tile-label')].filter((t) => {
    const rect = t.parentElement.querySelector('rect') || t.previousElementSibling;
    return rect && t.getComputedTextLength() > rect.width.baseVal.value - 1;
  }).map((t) => t.textContent);
  // A region in the list whose tile stays grey (the grid knew it by another
  // name: "Кемеровская область" for "Кемеровская область — Кузбасс").
  const tileHrefs = new Set([...fig.querySelectorAll('a.tile-link')].map((a) => a.getAttribute('href')));
  const untiled = [...fig.querySelectorAll('.map-list li a[href]')].filter((a) => !tileHrefs.has(a.getAttribute('href'))).map((a) => a.textContent);
  // The small map lists only the leading regions; the regions page lists all.
  const unnamed = tiles.filter((name) => !listText.includes(name));
  // (A small map names its eight leading regions; more may go unnamed.)
  const allowed = small ? Math.max(0, tiles.length - 8) : 0;
  return { tiles: tiles.length, unnamed: unnamed.length > allowed ? unnamed : [], small, overflowing, untiled };
}

function searchFacts() {
  const inputs = [...document.querySelectorAll('input[type="search"]')].filter((i) => i.getClientRects().length > 0);
  // The box itself measures: with the placeholder typed in, it scrolls when
  // the text does not fit. (A canvas measure missed the room Chromium keeps
  // for the clear button, and the search page's placeholder was cut.)
  const cut = [];
  for (const i of inputs) {
    const keep = i.value;
    i.value = i.placeholder || '';
    const over = i.scrollWidth - i.clientWidth;
    i.value = keep;
    if (over > 0) cut.push(`#${i.id} "${i.placeholder}" is ${over}px wider than its box`);
  }
  const selects = [...document.querySelectorAll('main select')].map((s) => ({ id: s.id, width: Math.round(s.getBoundingClientRect().width) }));
  return { boxes: inputs.length, cut, selects };
}

/** What every page kind must get right (issue 16's fresh read). */
function everyPageFacts() {
  const main = document.querySelector('main');
  const footer = document.querySelector('.site-footer');
  // "1 / статья": a count broken from its noun at a line end.
  const counts = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    if (n.parentElement.closest('svg')) continue; // tooltips are not laid out
    const m = n.textContent.match(/\d (стать[яий]|статей)/);
    if (m) counts.push(n.textContent.slice(Math.max(0, m.index - 10), m.index + 12).trim());
  }
  // The page's last box or card must not sit on the footer's rule.
  let footerGap = null;
  if (main && footer) {
    const last = [...main.querySelectorAll('*')].filter((e) => e.getClientRects().length)
      .reduce((m, e) => Math.max(m, e.getBoundingClientRect().bottom), 0);
    footerGap = Math.round(footer.getBoundingClientRect().top - last);
  }
  // A fact's value squeezed beside a long label ("торговли / Российской").
  const narrowFacts = [...document.querySelectorAll('.facts dd')].filter((dd) => main && dd.getBoundingClientRect().width < 0.6 * main.clientWidth && dd.textContent.length > 25).map((dd) => dd.textContent.trim());
  return { counts, footerGap, narrowFacts };
}

async function checkEveryPage(page, at, vpName, problems) {
  const f = await page.evaluate(everyPageFacts);
  for (const c of f.counts.slice(0, 3)) problems.push(`${at}: a count can break from its noun: "${c}"`);
  if (f.footerGap !== null && f.footerGap < 16) problems.push(`${at}: the page's content ends ${f.footerGap}px above the footer`);
  if (vpName === 'phone') for (const d of f.narrowFacts) problems.push(`${at}: the fact "${d}" is squeezed beside its label`);
}

async function checkOtherPages(ctx, base, pages, problems, vpName, vp) {
  for (const { kind, path: rel } of pages) {
    if (kind === 'article') continue;
    const { page, log } = await ctx.visit(ctx.context, base + rel, vp);
    const at = `${kind} /${rel} (${vpName})`;
    ctx.report(problems, at, log);
    await checkEveryPage(page, at, vpName, problems);
    const map = await page.evaluate(mapFacts);
    if (map) {
      for (const name of map.unnamed) problems.push(`${at}: map tile "${name}" is named nowhere visible beside the map (touch, no colour)`);
      for (const l of map.overflowing) problems.push(`${at}: map label ${l} is wider than its tile`);
      for (const n of map.untiled) problems.push(`${at}: "${n}" is listed beside the map but has no tile on it`);
    } else if (kind === 'home' || kind === 'region-index') {
      problems.push(`${at}: no tile map`);
    }
    if (kind === 'timeline') {
      const bars = await page.evaluate(() => document.querySelectorAll('.month-bars rect, .month-bars .bar').length);
      // The timeline's month groups carry ids like m2025-07.
      const months = await page.evaluate(() => [...document.querySelectorAll('main [id]')].filter((e) => /^m\d{4}-\d{2}$/.test(e.id)).length);
      if (bars > 0 && months < 3) problems.push(`${at}: a bar chart for ${months} month(s) of articles says nothing; leave it out`);
    }
    if (kind === 'search') {
      const s = await page.evaluate(searchFacts);
      if (s.boxes !== 1) problems.push(`${at}: ${s.boxes} search boxes on the search page`);
      for (const c of s.cut) problems.push(`${at}: placeholder cut: ${c}`);
      if (vpName === 'desktop') {
        for (const sel of s.selects) if (sel.width > 400) problems.push(`${at}: select #${sel.id} is ${sel.width}px wide`);
      }
    } else if (vpName === 'phone') {
      const s = await page.evaluate(searchFacts);
      for (const c of s.cut) problems.push(`${at}: placeholder cut: ${c}`);
    }
    if (kind === 'home') {
      const places = await page.evaluate(() => [...document.querySelectorAll('a[href]')].some((a) => /\/places\/$/.test(new URL(a.getAttribute('href'), document.baseURI).pathname)));
      if (!places && pages.some((p) => p.kind === 'place-index')) problems.push(`${at}: /places/ is built but nothing links it`);
    }
    await shot(ctx, page, kind, vpName);
    await page.close();
  }
}

/** A stylesheet in the output that no page links is dead weight (syntax.css). */
function unlinkedCss(siteDir) {
  const css = fs.readdirSync(siteDir).filter((f) => f.endsWith('.css'));
  const linked = new Set();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/<link rel="stylesheet" href="[^"]*?([\w-]+\.css)"/g)) linked.add(m[1]);
      }
    }
  };
  walk(siteDir);
  return css.filter((c) => !linked.has(c));
}

async function checkUx(context, base, pages, problems, helpers) {
  const ctx = { context, ...helpers };
  let quotes = 0;
  let views = 0;
  for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
    quotes += await checkArticles(ctx, base, pages, problems, vpName, vp);
    // The 404 page is in no sitemap; a reader meets it all the same.
    const extra = helpers.siteDir && fs.existsSync(path.join(helpers.siteDir, '404.html')) ? [{ kind: 'not-found', path: '404.html' }] : [];
    await checkOtherPages(ctx, base, [...pages, ...extra], problems, vpName, vp);
    views++;
  }
  if (quotes === 0) problems.push('no <blockquote> on any article page (the seed articles quote people)');
  if (helpers.siteDir) for (const c of unlinkedCss(helpers.siteDir)) problems.push(`${c} is written but no page links it`);
  return `${views} widths x ${pages.length} page kinds, ${quotes} blockquotes seen`;
}

module.exports = { checkUx };
