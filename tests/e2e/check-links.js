// Broken-link check of one built site with linkinator, over HTTP through
// lib/serve.js (so a folder without index.html is a real 404, as on Pages):
//   node check-links.js SITE_DIR MOUNT LABEL
// Recurses from the home page, checks fragments (#anchors) and assets,
// skips links that leave the served origin.
'use strict';
const path = require('node:path');
const { spawn } = require('node:child_process');
const { serve } = require('./lib/serve');

const [siteDir, mount = 'auto', label = 'site'] = process.argv.slice(2);

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

async function main() {
  const { server, url, origin } = await serve(siteDir, mount);
  const bin = path.join(__dirname, 'node_modules', 'linkinator', 'build', 'src', 'cli.js');
  const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let result;
  try {
    result = await run(process.execPath, [bin, url, '--recurse', '--check-fragments', '--check-css',
      '--concurrency', '8', '--timeout', '20000', '--skip', `^(?!${escaped})`, '--format', 'json']);
  } finally {
    server.close();
  }
  let data;
  try {
    data = JSON.parse(result.out);
  } catch {
    console.log(`links[${label}]: linkinator gave no JSON (exit ${result.code}): ${result.err.slice(0, 2000)} ${result.out.slice(0, 500)}`);
    process.exitCode = 1;
    return;
  }
  const links = data.links || [];
  const broken = links.filter((l) => l.state === 'BROKEN');
  const ok = links.filter((l) => l.state === 'OK');
  const pages = new Set(ok.map((l) => l.url.split('#')[0]).filter((u) => u.endsWith('/') || u.endsWith('.html')));
  console.log(`links[${label}]: ${pages.size} pages reached from ${url}, ${ok.length} links ok, ${broken.length} broken, ${links.length - ok.length - broken.length} skipped (external)`);
  for (const b of broken.slice(0, 40)) {
    const why = b.status ? `HTTP ${b.status}` : (b.failureDetails || []).map((f) => f.message || f.code || '').join('; ').slice(0, 120);
    console.log(`  FAIL ${b.url} (${why}) on ${b.parent}`);
  }
  if (broken.length > 40) console.log(`  … and ${broken.length - 40} more`);
  if (pages.size === 0) console.log('  FAIL nothing crawled');
  process.exitCode = broken.length || pages.size === 0 ? 1 : 0;
}

setTimeout(() => {
  console.log(`links[${label}]: timed out after 10 minutes`);
  process.exit(1);
}, 10 * 60 * 1000).unref();

main().catch((e) => {
  console.log(`links[${label}]: crashed: ${e.stack || e}`);
  process.exitCode = 1;
});
