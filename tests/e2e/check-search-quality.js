// Search quality in headless Chromium: builds nothing, opens the search page
// of a built site (tests/fixtures/search, see run-all.sh) and types every
// judged query of tests/data/search/queries.json into the real client, then
// scores the first ten results against the judgements:
//   recall@10 = relevant results in the top ten / min(relevant, 10)
//   MRR       = 1 / rank of the first relevant result (0 beyond ten)
// Results are named like the judgements: an article by its slug, an entity
// page as "<folder>:<link text>" ("regions:Краснодарский край"). A judged
// entity page the build did not make (the extractor missed it) is left out
// of that query's relevant set and listed.
//   node check-search-quality.js SITE_DIR [QUERIES] [--min-recall 0.9] [--min-mrr 0.8]
// Exits 1 when the mean recall or MRR is below the minimum, or when any kind
// of query (region, surname, …) averages below 0.75 recall.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { serve } = require('./lib/serve');
const { launch, openRecorded, VIEWPORTS } = require('./lib/browser');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  args.splice(i, 2);
  return v;
};
const MIN_RECALL = opt('--min-recall', 0.9);
const MIN_MRR = opt('--min-mrr', 0.8);
const MIN_KIND_RECALL = 0.75;
const REPO = path.resolve(__dirname, '..', '..');
const [siteDir, queriesFile = path.join(REPO, 'tests', 'data', 'search', 'queries.json')] = args;

/** Entity pages of the build as "<folder>:<name>", read from the pages' <h1>. */
function entityPages(root) {
  const out = new Set();
  for (const folder of ['regions', 'bodies', 'people', 'organizations', 'places']) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue;
    for (const slug of fs.readdirSync(dir)) {
      const f = path.join(dir, slug, 'index.html');
      if (!fs.existsSync(f)) continue;
      const m = /<h1[^>]*>([^<]*)<\/h1>/.exec(fs.readFileSync(f, 'utf8'));
      if (m) out.add(`${folder}:${decode(m[1]).trim()}`);
    }
  }
  return out;
}
const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

async function main() {
  const { queries } = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
  const articles = new Set(fs.readdirSync(path.join(siteDir, 'articles')).map((f) => f.replace(/\.html$/, '')));
  const entities = entityPages(siteDir);
  const problems = [];
  const absent = [];
  for (const q of queries) {
    q.judged = q.relevant.filter((r) => {
      if (!r.includes(':')) {
        if (!articles.has(r)) problems.push(`"${q.q}": judged article ${r} is not in the build`);
        return true;
      }
      if (entities.has(r)) return true;
      absent.push(`${q.q} → ${r}`);
      return false;
    });
  }
  const { server, url } = await serve(siteDir, 'auto');
  const { context, close } = await launch();
  const rows = [];
  try {
    const { page, log } = await openRecorded(context, VIEWPORTS.desktop);
    await page.goto(url + 'search/', { waitUntil: 'networkidle' });
    const input = page.locator('#search-q');
    for (const q of queries) {
      await input.fill(q.q);
      await input.press('Enter');
      await page.waitForFunction(() => document.querySelector('#search-results')?.getAttribute('aria-busy') === 'false', null, { timeout: 10000 });
      const got = await page.$$eval('#search-results li', (lis) => lis.slice(0, 10).map((li) => {
        const a = li.querySelector('a[href]');
        return a ? { href: new URL(a.href).pathname, text: a.textContent, guess: li.classList.contains('search-guess') } : null;
      }));
      const ids = got.filter(Boolean).map(({ href, text }) => {
        const parts = href.split('/').filter(Boolean);
        const folder = parts.at(-2);
        return folder === 'articles' ? parts.at(-1).replace(/\.html$/, '') : `${folder}:${text.trim()}`;
      });
      const rel = new Set(q.judged);
      const hit = ids.filter((id) => rel.has(id)).length;
      const first = ids.findIndex((id) => rel.has(id));
      rows.push({ q, ids, recall: rel.size ? hit / Math.min(rel.size, 10) : 1, rr: first < 0 ? 0 : 1 / (first + 1) });
    }
    for (const e of log.errors) problems.push(`search page: ${e}`);
    for (const f of log.failed) problems.push(`search page: failed request ${f}`);
  } finally {
    await close();
    server.close();
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  const recall = mean(rows.map((r) => r.recall));
  const mrr = mean(rows.map((r) => r.rr));
  const kinds = [...new Set(rows.map((r) => r.q.kind))];
  for (const k of kinds) {
    const rs = rows.filter((r) => r.q.kind === k);
    const kr = mean(rs.map((r) => r.recall));
    console.log(`  ${k.padEnd(13)} ${String(rs.length).padStart(3)} queries  recall@10 ${kr.toFixed(3)}  MRR ${mean(rs.map((r) => r.rr)).toFixed(3)}`);
    if (kr < MIN_KIND_RECALL) problems.push(`${k} queries: recall@10 ${kr.toFixed(3)} < ${MIN_KIND_RECALL}`);
  }
  for (const r of rows) {
    if (r.recall >= 1 && r.rr >= 1) continue;
    const missed = r.q.judged.filter((id) => !r.ids.includes(id));
    console.log(`  ${r.recall.toFixed(2)} rr ${r.rr.toFixed(2)}  "${r.q.q}" [${r.q.kind}]  got: ${r.ids.join(' ') || '—'}${missed.length ? `  missed: ${missed.join(' ')}` : ''}`);
  }
  if (absent.length) console.log(`  judged entity pages the build does not have (left out): ${absent.join('; ')}`);
  if (recall < MIN_RECALL) problems.push(`recall@10 ${recall.toFixed(3)} < ${MIN_RECALL}`);
  if (mrr < MIN_MRR) problems.push(`MRR ${mrr.toFixed(3)} < ${MIN_MRR}`);
  console.log(`search-quality: ${rows.length} queries, recall@10 ${recall.toFixed(3)}, MRR ${mrr.toFixed(3)}, ${problems.length} problems`);
  for (const p of problems) console.log(`  FAIL ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
