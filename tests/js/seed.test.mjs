// Queries against an index built by the Rust side from the seed texts
// (`cargo run --example search_tool -- seed-index`), read from the file system.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadIndexFromDir, seedIndexDir } from './helpers.mjs';

const dir = await seedIndexDir();
const smallDir = await seedIndexDir('seed-small', [300, 2]);
const slugs = docs => docs.map(d => d.url.split('/').at(-2));

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
