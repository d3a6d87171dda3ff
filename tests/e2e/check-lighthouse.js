// Lighthouse on one page per kind of a built site:
//   node check-lighthouse.js SITE_DIR MOUNT LABEL
// Gate: performance, accessibility, best-practices and SEO >= 0.95 on every
// page kind. Performance uses Lighthouse's simulated (Lantern) throttling,
// which models a slow phone from the page's own trace; on a machine shared
// with other jobs one run can still come out low, so a page kind whose
// performance misses the gate is measured once more and the better run
// counts (both are printed). The other categories do not depend on speed.
// JSON reports go to target/lighthouse/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { serve } = require('./lib/serve');
const { pickPages } = require('./lib/pages');
const { CHROME, CHROME_ARGS } = require('./lib/browser');

const [siteDir, mount = 'auto', label = 'site'] = process.argv.slice(2);
const OUT = path.resolve(__dirname, '..', '..', 'target', 'lighthouse');
const GATED = ['performance', 'accessibility', 'best-practices', 'seo'];
const MIN = 0.95;

function run(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, err }));
  });
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const { pages, missing } = pickPages(siteDir);
  const { server, url } = await serve(siteDir, mount);
  const problems = missing.map((k) => `missing required page kind: ${k}`);
  const bin = path.join(__dirname, 'node_modules', 'lighthouse', 'cli', 'index.js');
  const rows = [];
  try {
    for (const { kind, path: rel } of pages) {
      const file = path.join(OUT, `${label}-${kind.replace(/[^a-z0-9-]+/gi, '_')}.json`);
      const once = async (out) => {
        const { code, err } = await run([bin, url + rel, '--output=json', `--output-path=${out}`, '--quiet',
          '--only-categories=performance,accessibility,best-practices,seo', '--max-wait-for-load=30000',
          `--chrome-flags=${CHROME_ARGS.join(' ')}`], { ...process.env, CHROME_PATH: CHROME });
        if (code !== 0 || !fs.existsSync(out)) return { error: `lighthouse exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}` };
        return { lhr: JSON.parse(fs.readFileSync(out, 'utf8')) };
      };
      let first = await once(file);
      if (first.error) {
        problems.push(`${kind} /${rel}: ${first.error}`);
        continue;
      }
      let lhr = first.lhr;
      const perf = (r) => r.categories.performance?.score ?? 0;
      let perfRuns = [perf(lhr)];
      if (perf(lhr) < MIN) {
        const again = await once(file.replace(/\.json$/, '-2.json'));
        if (again.lhr) {
          perfRuns.push(perf(again.lhr));
          if (perf(again.lhr) > perf(lhr)) {
            lhr = again.lhr;
            fs.copyFileSync(file.replace(/\.json$/, '-2.json'), file);
          }
        }
      }
      if (lhr.runtimeError) problems.push(`${kind} /${rel}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (c) => lhr.categories[c]?.score ?? null;
      rows.push({ kind, rel, perf: score('performance'), perfRuns, a11y: score('accessibility'), bp: score('best-practices'), seo: score('seo') });
      for (const c of GATED) {
        const s = score(c);
        if (s === null || s < MIN) {
          const failing = lhr.categories[c]?.auditRefs
            .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
            .map((r) => r.id).join(', ');
          problems.push(`${kind} /${rel}: ${c} ${s} < ${MIN} (failing audits: ${failing})`);
        }
      }
    }
  } finally {
    server.close();
  }
  const fmt = (x) => (x === null || x === undefined ? ' n/a' : x.toFixed(2));
  for (const r of rows) console.log(`  ${r.kind.padEnd(20)} perf ${fmt(r.perf)}${r.perfRuns.length > 1 ? ` (runs ${r.perfRuns.map(fmt).join(', ')})` : ''}  a11y ${fmt(r.a11y)}  best ${fmt(r.bp)}  seo ${fmt(r.seo)}  /${r.rel}`);
  console.log(`lighthouse[${label}]: ${rows.length} page kinds, gate performance/a11y/best-practices/seo >= ${MIN}, ${problems.length} problems`);
  for (const p of problems) console.log(`  FAIL ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}

setTimeout(() => {
  console.log(`lighthouse[${label}]: timed out after 20 minutes`);
  process.exit(1);
}, 20 * 60 * 1000).unref();

main().catch((e) => {
  console.log(`lighthouse[${label}]: crashed: ${e.stack || e}`);
  process.exitCode = 1;
});
