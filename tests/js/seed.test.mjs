// Queries against an index built by the Rust side from the seed texts
// (`cargo run --example search_tool -- seed-index`), read from the file system.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { search } from '../../assets/search.js';
import { loadIndexFromDir, seedIndexDir, cargoTool, ROOT } from './helpers.mjs';

const dir = await seedIndexDir();
const smallDir = await seedIndexDir('seed-small', [300, 2]);
const slugs = docs => docs.map(d => d.url.split('/').at(-1).replace(/\.html$/, ''));

test('"Кубань" finds the three Krasnodar articles through the alias', async () => {
  const ix = await loadIndexFromDir(dir);
  assert.deepEqual(slugs(await ix.query('Кубань')).sort(), [
    'krasnodar-amur-innoprom', 'kuban-klaster-umnoj-promyshlennosti', 'kuban-upravlenie-klasterami',
  ]);
});

test('"кластеры Кубани" finds the Kuban cluster articles first', async () => {
  const ix = await loadIndexFromDir(dir);
  const top = slugs(await ix.query('кластеры Кубани')).slice(0, 2).sort();
  assert.deepEqual(top, ['kuban-klaster-umnoj-promyshlennosti', 'kuban-upravlenie-klasterami']);
});

test('"газохимический кластер" ranks the Amur articles first', async () => {
  const ix = await loadIndexFromDir(dir);
  const found = slugs(await ix.query('газохимический кластер'));
  assert.ok(found.length >= 1, 'found something');
  assert.ok(found[0].includes('amur'), found.join());
});

test('"Алиханова" finds both Alikhanov articles', async () => {
  const ix = await loadIndexFromDir(dir);
  const found = slugs(await ix.query('Алиханова')).sort();
  assert.deepEqual(found, ['alikhanov-amur-memorandum', 'khotsenko-alikhanov-omsk']);
});

test('"Минпромторг" finds the ministry spelled out', async () => {
  const ix = await loadIndexFromDir(dir);
  const full = slugs(await ix.query('Министерство промышленности и торговли'));
  const short = slugs(await ix.query('Минпромторг'));
  assert.ok(short.length > 0);
  for (const s of short) assert.ok(full.includes(s), s);
});

test('no match and hostile input return nothing', async () => {
  const ix = await loadIndexFromDir(dir);
  assert.deepEqual(await ix.query('квазипромышленнейшество'), []);
  assert.deepEqual(await ix.query('<img src=x onerror=alert(1)>'), []);
  assert.deepEqual(await ix.query('и в на'), []);
  assert.deepEqual(await ix.query(''), []);
});

test('the word being typed matches by prefix', async () => {
  const ix = await loadIndexFromDir(dir);
  const typed = slugs(await ix.query('класт'));
  assert.ok(typed.includes('kuban-upravlenie-klasterami'), typed.join());
  assert.deepEqual(await ix.query('класт '), [], 'a finished word is not a prefix');
});

test('region and year filters narrow the results', async () => {
  const ix = await loadIndexFromDir(dir);
  const all = await ix.query('промышленность');
  const amur = await ix.query('промышленность', { region: 'Амурская область' });
  assert.ok(amur.length > 0 && amur.length < all.length);
  for (const d of amur) assert.ok(d.regions.includes('Амурская область'));
  const y = ix.manifest.years[0];
  for (const d of await ix.query('промышленность', { year: String(y) })) assert.equal(d.year, y);
  assert.deepEqual(await ix.query('промышленность', { region: 'Нет такого' }), []);
});

test('a one-word query fetches the manifest, one shard and the doc chunks only', async () => {
  const ix = await loadIndexFromDir(dir);
  await ix.query('Кубань');
  const paths = ix.fetched.map(f => f[0]);
  assert.equal(paths[0], 'manifest.json');
  assert.equal(paths.filter(p => p.startsWith('t/')).length, 1, paths.join());
});

test('tiny shards and chunks give the same answers (prefix runs across shards)', async () => {
  const big = await loadIndexFromDir(dir), small = await loadIndexFromDir(smallDir);
  assert.ok(small.manifest.shards.length > 20, `${small.manifest.shards.length} shards`);
  for (const q of ['Кубань', 'кластеры Кубани', 'п', 'про', 'пром', 'к', 'ко', 'газохимический кластер', 'Алиханова', '2024']) {
    for (const opts of [{}, { region: 'Краснодарский край' }, { year: '2024' }]) {
      assert.deepEqual(slugs(await small.query(q, opts)), slugs(await big.query(q, opts)), `${q} ${JSON.stringify(opts)}`);
    }
  }
});

test('#19: the heads of split lists answer the first page as the whole lists do; full() the rest', async () => {
  // 600 mixed articles: once whole, once with every list past 200 bytes
  // split into a head of 48 postings.
  cargoTool('mix-index', join(ROOT, 'target', 'search-js', 'mix-whole'), '600', '0', '48');
  cargoTool('mix-index', join(ROOT, 'target', 'search-js', 'mix-split'), '600', '200', '48');
  const whole = await loadIndexFromDir(join(ROOT, 'target', 'search-js', 'mix-whole'));
  const split = await loadIndexFromDir(join(ROOT, 'target', 'search-js', 'mix-split'));
  const ids = r => r.hits.map(h => h.id);
  let partial = 0, counted = 0;
  for (const q of ['промышленности', 'промышленности ', 'промышл', 'завод', 'заводы ', 'Кубань', 'региона', 'региона ', 'предприятия региона', 'кластеры Кубани',
    'производства', 'производств', 'млрд рублей', 'Алиханова', 'проект', 'пр', 'года ']) {
    for (const opts of [{}, { region: 'Краснодарский край' }, { year: '2024' }]) {
      const why = `${q} ${JSON.stringify(opts)}`;
      const a = await search(whole, q, opts), b = await search(split, q, opts);
      assert.equal(a.partial, false, why);
      if (b.partial) {
        partial++;
        assert.ok(b.certain >= 10, why);
        assert.deepEqual(ids(b).slice(0, b.certain), ids(a).slice(0, b.certain), why);
        if (b.total !== null) { counted++; assert.equal(b.total, a.total, why); }
      } else {
        assert.deepEqual(ids(b), ids(a), why);
      }
      const c = await b.full();
      assert.deepEqual(ids(c), ids(a), why);
      assert.equal(c.total, a.total, why);
    }
  }
  assert.ok(partial >= 8 && counted >= 3, `${partial} answered from heads, ${counted} counted`);
  // A head answer fetched no whole list.
  const cold = await loadIndexFromDir(join(ROOT, 'target', 'search-js', 'mix-split'));
  const r = await search(cold, 'промышленности');
  assert.ok(r.partial);
  assert.deepEqual(cold.fetched.map(f => f[0]).filter(p => /^t\/\d+\.\d+\.bin\.gz$/.test(p)), []);
});
