// Query benchmark over the synthetic 10,000-article index written by
//   cargo run --release --example search_bench   (→ target/search-bench/search)
// Run: node tests/js/bench_query.mjs [index dir]
// For each query: everything a cold visitor downloads (script, manifest,
// shards, the doc chunks of the first ten results) and the query time once
// the shards are loaded (median of 50 runs). Sizes are as stored (shards and
// doc chunks are gzip files); the gzip column is what a server that
// compresses the script and the manifest would send.
import { stat, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { search, documents } from '../../assets/search.js';
import { loadIndexFromDir, ROOT } from './helpers.mjs';

const dir = process.argv[2] ?? join(ROOT, 'target', 'search-bench', 'search');
const scriptBytes = await readFile(join(ROOT, 'assets', 'search.js'));
const script = scriptBytes.length;
const gz = b => gzipSync(b, { level: 9 }).length;
const queries = [
  ['промышленности', 'word in every article'],
  ['завод', 'frequent word'],
  ['Кубань', 'entity alias'],
  ['Прикамья', 'region nickname, inflected'],
  ['Липетчина', 'one-edit guess'],
  ['Алихановым', 'surname, instrumental'],
  ['газохимический', 'rarer word'],
  ['промышл', 'prefix being typed'],
  ['кластеры Кубани', 'two words'],
  ['газохимический завод Приамурья', 'three words'],
  ['предприятия региона промышленности', 'three frequent words'],
  ['завод', 'frequent word + region + year filter', { region: 'Краснодарский край', year: '2024' }],
];

const kb = n => (n / 1024).toFixed(1).padStart(6) + ' KB';
const rows = [];
for (const [q, what, opts = {}] of queries) {
  const ix = await loadIndexFromDir(dir);
  const res = await search(ix, q, opts);
  await documents(ix, res.hits.slice(0, 10).map(h => h.id));
  const by = kind => ix.fetched.filter(([p]) => p.startsWith(kind)).reduce((a, [, n]) => a + n, 0);
  const manifest = by('manifest'), shards = by('t/'), chunks = by('d/');
  const total = script + manifest + shards + chunks;
  let gzipped = gz(scriptBytes);
  for (const [p, n] of ix.fetched) gzipped += p.endsWith('.gz') ? n : gz(await readFile(join(dir, p)));
  const times = [];
  for (let i = 0; i < 50; i++) {
    const t = process.hrtime.bigint();
    await search(ix, q, opts);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  rows.push({ q, what, hits: res.hits.length, shards: ix.fetched.filter(([p]) => p.startsWith('t/')).length,
    chunks: ix.fetched.filter(([p]) => p.startsWith('d/')).length, manifest, shardBytes: shards, chunkBytes: chunks, total, gzipped, ms: times[25] });
}
console.log(`index: ${dir}\nscript: ${kb(script)} (assets/search.js, unminified)\n`);
for (const r of rows) {
  console.log(`${r.q.padEnd(36)} ${r.what.padEnd(38)} hits ${String(r.hits).padStart(5)}  ` +
    `manifest ${kb(r.manifest)}  ${r.shards} shard(s) ${kb(r.shardBytes)}  ${r.chunks} chunk(s) ${kb(r.chunkBytes)}  ` +
    `total ${kb(r.total)} (gzip ${kb(r.gzipped)})  query ${r.ms.toFixed(2)} ms`);
}
const worst = rows.reduce((a, b) => (b.total > a.total ? b : a));
console.log(`\nworst download: ${kb(worst.total)} (${worst.q}); slowest query: ${Math.max(...rows.map(r => r.ms)).toFixed(2)} ms`);
