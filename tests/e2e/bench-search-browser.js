// Query time in headless Chromium over a built site's index (a measurement,
// not a check: it prints, it never fails on a number).
//   node bench-search-browser.js SITE_DIR [query…]
// For each query: the cold time (index files fetched from the local server,
// first ten results' records loaded) and the warm median of 20 runs once the
// files are cached, both measured with performance.now() inside the page.
'use strict';
const { serve } = require('./lib/serve');
const { launch, openRecorded, VIEWPORTS } = require('./lib/browser');

const [siteDir, ...qs] = process.argv.slice(2);
const queries = qs.length ? qs : ['промышленности', 'завод', 'Кубань', 'Прикамья', 'Липетчина', 'Алихановым', 'кластеры Кубани', 'газохимический завод Приамурья'];

(async () => {
  const { server, url } = await serve(siteDir, 'auto');
  const { context, close } = await launch();
  try {
    const { page } = await openRecorded(context, VIEWPORTS.desktop);
    await page.goto(url + 'search/', { waitUntil: 'networkidle' });
    for (const q of queries) {
      const r = await page.evaluate(async ({ q, base }) => {
        const m = await import(base + 'search.js');
        const load = p => fetch(base + 'search/' + p).then(r => r.arrayBuffer());
        let t = performance.now();
        const ix = await m.openIndex(load);
        const res = await m.search(ix, q);
        await m.documents(ix, res.hits.slice(0, 10).map(h => h.id));
        const cold = performance.now() - t;
        const times = [];
        for (let i = 0; i < 20; i++) {
          t = performance.now();
          const x = await m.search(ix, q);
          await m.documents(ix, x.hits.slice(0, 10).map(h => h.id));
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        return { hits: res.hits.length, cold, warm: times[10] };
      }, { q, base: new URL(url).pathname });
      console.log(`${q.padEnd(34)} hits ${String(r.hits).padStart(6)}  cold ${r.cold.toFixed(1).padStart(6)} ms  warm ${r.warm.toFixed(2).padStart(6)} ms`);
    }
  } finally {
    await close();
    server.close();
  }
})().catch((e) => { console.error(e); process.exitCode = 1; });
