// Browser checks for one built site, served over HTTP:
//   node check-browser.js MODE SITE_DIR MOUNT LABEL
// MODE is one of:
//   pages   open one page per kind (from sitemap.xml) at phone and desktop
//           widths, screenshot each into target/screenshots/, follow the
//           sidebar links; no console errors, no failed requests
//   search  type a query into #search-q and see results in #search-results
//   axe     axe-core on each page kind: zero WCAG 2.0/2.1 A/AA violations
//   weight  an article page weighs < 50 KB with its CSS and JS (uncompressed)
//   ux      what a reader meets first (issue #16), at phone and desktop width:
//           see lib/ux.js for the list; screenshots into target/screenshots/
// Prints one summary line, the details of every failure, exits 1 on failure.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { serve } = require('./lib/serve');
const { pickPages } = require('./lib/pages');
const { launch, openRecorded, VIEWPORTS } = require('./lib/browser');
const { checkUx } = require('./lib/ux');

const [mode, siteDir, mount = 'auto', label = 'site'] = process.argv.slice(2);
const REPO = path.resolve(__dirname, '..', '..');
const SHOTS = path.join(REPO, 'target', 'screenshots');
const WEIGHT_LIMIT = 50 * 1024;

async function main() {
  const { server, url } = await serve(siteDir, mount);
  const { context, close } = await launch();
  const problems = [];
  let summary;
  try {
    const { pages, missing } = pickPages(siteDir);
    if (mode === 'pages') for (const kind of missing) problems.push(`missing required page kind: ${kind}`);
    const modes = {
      pages: checkPages, search: checkSearch, axe: checkAxe, weight: checkWeight,
      ux: (c, u, p, pr) => checkUx(c, u, p, pr, { visit, report, shots: SHOTS, label, siteDir }),
    };
    if (!modes[mode]) throw new Error(`unknown mode ${mode}`);
    summary = await modes[mode](context, url, pages, problems);
  } finally {
    await close();
    server.close();
  }
  console.log(`${mode}[${label}]: ${summary}, ${problems.length} problems`);
  for (const p of problems) console.log(`  FAIL ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}

async function visit(context, url, viewport) {
  const { page, log } = await openRecorded(context, viewport);
  const res = await page.goto(url, { waitUntil: 'networkidle' });
  if (!res || res.status() !== 200) log.failed.push(`HTTP ${res ? res.status() : 'no response'} ${url}`);
  return { page, log };
}

function report(problems, where, log) {
  for (const e of log.errors) problems.push(`${where}: ${e}`);
  for (const f of log.failed) problems.push(`${where}: failed request ${f}`);
}

async function checkPages(context, base, pages, problems) {
  fs.mkdirSync(SHOTS, { recursive: true });
  let views = 0;
  const followed = new Set();
  for (const { kind, path: rel, count } of pages) {
    console.log(`  page kind ${kind.padEnd(20)} ${String(count).padStart(6)} pages, checking /${rel}`);
    for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
      const { page, log } = await visit(context, base + rel, vp);
      const safe = kind.replace(/[^a-z0-9-]+/gi, '_');
      await page.screenshot({ path: path.join(SHOTS, `${label}-${safe}-${vpName}.png`), fullPage: true });
      // The page must not be wider than the viewport (no sideways scrolling on a phone).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`/${rel} at ${vpName}: ${overflow}px wider than the viewport`);
      report(problems, `/${rel} (${vpName})`, log);
      views++;
      if (vpName === 'desktop' && (kind === 'home' || kind === 'article')) {
        const links = await page.$$eval('aside a[href], nav a[href], [role="complementary"] a[href]', (as) => as.map((a) => new URL(a.getAttribute('href'), document.baseURI).href));
        // (getAttribute, not a.href: an SVG <a> has an SVGAnimatedString there.)
        if (links.length === 0) problems.push(`/${rel}: no sidebar/nav links found (aside a, nav a)`);
        for (const href of links.filter((h) => h.startsWith(base)).slice(0, 12)) {
          const target = href.split('#')[0];
          if (followed.has(target)) continue;
          followed.add(target);
          const v = await visit(context, target, vp);
          report(problems, `sidebar link ${target} from /${rel}`, v.log);
          await v.page.close();
        }
      }
      await page.close();
    }
  }
  return `${pages.length} page kinds, ${views} views, ${followed.size} sidebar links followed, screenshots in target/screenshots/`;
}

async function checkSearch(context, base, pages, problems) {
  const search = pages.find((p) => p.kind === 'search');
  const article = pages.find((p) => p.kind === 'article');
  if (!search) { problems.push('no search page (search/) in the build'); return 'no search page'; }
  // Query with a word that is surely indexed: the longest word of an article headline.
  let query = 'промышленности';
  if (article) {
    const { page } = await visit(context, base + article.path, VIEWPORTS.desktop);
    const h1 = (await page.locator('h1').first().textContent().catch(() => '')) || '';
    const words = h1.split(/[^\p{L}\p{N}-]+/u).filter((w) => w.length >= 5).sort((a, b) => b.length - a.length);
    if (words.length) query = words[0].toLowerCase();
    await page.close();
  }
  // A headline word may be a stop word the index drops: try it, then a word
  // every digest article has. The check fails only if neither finds anything.
  const queries = [...new Set([query, 'промышленности'])];
  let hits = 0;
  let used = queries[0];
  for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
    const { page, log } = await visit(context, base + search.path, vp);
    const input = page.locator('#search-q');
    if ((await input.count()) === 0) {
      problems.push(`/${search.path}: no #search-q input`);
      await page.close();
      continue;
    }
    let found = false;
    for (const q of queries) {
      await input.fill('');
      await input.pressSequentially(q, { delay: 20 });
      try {
        await page.waitForFunction(() => {
          const r = document.querySelector('#search-results');
          return r && r.querySelectorAll('a[href]').length > 0;
        }, null, { timeout: 10000 });
      } catch {
        continue;
      }
      found = true;
      used = q;
      hits = await page.locator('#search-results a[href]').count();
      const first = await page.locator('#search-results a[href]').first().getAttribute('href');
      const v = await visit(context, new URL(first, page.url()).href, vp);
      report(problems, `first search result ${first}`, v.log);
      await v.page.close();
      break;
    }
    if (!found) {
      problems.push(`/${search.path} (${vpName}): typed ${queries.map((q) => `"${q}"`).join(', then ')} into #search-q, no links appeared in #search-results within 10 s`);
    }
    await page.screenshot({ path: path.join(SHOTS, `${label}-search-results-${vpName}.png`), fullPage: false }).catch(() => {});
    report(problems, `/${search.path} (${vpName})`, log);
    await page.close();
  }
  return `query "${used}", ${hits} results`;
}

async function checkAxe(context, base, pages, problems) {
  const axePath = require.resolve('axe-core');
  let violations = 0;
  for (const { kind, path: rel } of pages) {
    for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
      const { page } = await visit(context, base + rel, vp);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }));
      for (const v of result.violations) {
        violations++;
        const nodes = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
        problems.push(`${kind} /${rel} (${vpName}): ${v.id} (${v.impact}) ${v.help} — ${v.nodes.length} nodes: ${nodes}`);
      }
      await page.close();
    }
  }
  return `${pages.length} page kinds x 2 widths, ${violations} violations`;
}

async function checkWeight(context, base, pages, problems) {
  const articles = pages.find((p) => p.kind === 'article');
  if (!articles) { problems.push('no article page in the build'); return 'no article page'; }
  // The heaviest article is the one that must fit: pick the largest HTML file.
  const size = (rel) => { try { return fs.statSync(path.join(siteDir, rel, rel === '' || rel.endsWith('/') ? 'index.html' : '')).size; } catch { return 0; } };
  const article = { path: articles.all.reduce((a, b) => (size(b) > size(a) ? b : a)) };
  const { page, log } = await visit(context, base + article.path, VIEWPORTS.desktop);
  await page.waitForTimeout(300);
  await page.close();
  const counted = log.responses.filter((r) => ['document', 'stylesheet', 'script'].includes(r.type));
  const total = counted.reduce((s, r) => s + r.bytes, 0);
  const byType = {};
  for (const r of counted) byType[r.type] = (byType[r.type] || 0) + r.bytes;
  const other = log.responses.filter((r) => !counted.includes(r)).reduce((s, r) => s + r.bytes, 0);
  if (total >= WEIGHT_LIMIT) {
    problems.push(`/${article.path}: HTML+CSS+JS = ${total} bytes >= ${WEIGHT_LIMIT}: ${counted.map((r) => `${r.url} ${r.bytes}`).join(', ')}`);
  }
  return `largest article /${article.path} HTML+CSS+JS ${(total / 1024).toFixed(1)} KB (${Object.entries(byType).map(([t, b]) => `${t} ${b}`).join(', ')}; other ${other} bytes), limit 50 KB`;
}

// A hung browser must fail the check, not the whole CI run.
setTimeout(() => {
  console.log(`${mode}[${label}]: timed out after 10 minutes`);
  process.exit(1);
}, 10 * 60 * 1000).unref();

main().catch((e) => {
  console.log(`${mode}[${label}]: crashed: ${e.stack || e}`);
  process.exitCode = 1;
});
