// Lighthouse on one page per kind of a built site:
//   node check-lighthouse.js SITE_DIR MOUNT LABEL
// Gate: accessibility, best-practices and SEO >= 0.95 on every page kind.
// Performance is reported, not gated (2 shared cores make it noisy).
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
const GATED = ['accessibility', 'best-practices', 'seo'];
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
      const { code, err } = await run([bin, url + rel, '--output=json', `--output-path=${file}`, '--quiet',
        '--only-categories=performance,accessibility,best-practices,seo', '--max-wait-for-load=30000',
        `--chrome-flags=${CHROME_ARGS.join(' ')}`], { ...process.env, CHROME_PATH: CHROME });
      if (code !== 0 || !fs.existsSync(file)) {
        problems.push(`${kind} /${rel}: lighthouse exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`);
        continue;
      }
      const lhr = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (lhr.runtimeError) problems.push(`${kind} /${rel}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (c) => lhr.categories[c]?.score ?? null;
      rows.push({ kind, rel, perf: score('performance'), a11y: score('accessibility'), bp: score('best-practices'), seo: score('seo') });
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
  for (const r of rows) console.log(`  ${r.kind.padEnd(20)} perf ${fmt(r.perf)}  a11y ${fmt(r.a11y)}  best ${fmt(r.bp)}  seo ${fmt(r.seo)}  /${r.rel}`);
  console.log(`lighthouse[${label}]: ${rows.length} page kinds, gate a11y/best-practices/seo >= ${MIN}, ${problems.length} problems`);
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
