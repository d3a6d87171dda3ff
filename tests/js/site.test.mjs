// Queries against the index of the real seed site: `promdigest build` over
// content/ (the five seed articles), with entities and aliases from the
// extractor, read from public/search/ through the file system.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { loadIndexFromDir, ROOT } from './helpers.mjs';

const out = join(ROOT, 'target', 'search-js', 'site');
execFileSync('cargo', ['run', '--quiet', '--', 'build', '--output', out, '--base-url', 'https://example.org/digest/'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const ix = await loadIndexFromDir(join(out, 'search'));
// Article results only; entity pages are checked on their own.
const slugs = docs => docs.filter(d => !d.entity).map(d => d.url.split('/').at(-1).replace(/\.html$/, ''));

const INNOPROM = 'krasnodarskii-krai-i-amurskaia-oblast-budut-sotrudnichat-v';
const MEMORANDUM = 'vo-vremia-rabochei-vstrechi-anton-alikhanov-obratil';
const OMSK = 'vitalii-khotsenko-obsudil-razvitie-promyshlennosti-s';
const SMART = 'v-krasnodarskom-krae-sozdadut-klaster-umnoi-promyshlennosti';
const CLUSTERS = 'na-kubani-sozdadut-spetsorganizatsiiu-po-upravleniiu';

test('"Кубань" returns the region page first, then the three Krasnodar articles', async () => {
  const found = await ix.query('Кубань');
  assert.equal(found[0].url, '/digest/regions/krasnodarskii-krai/');
  assert.ok(found[0].entity && found[0].date.startsWith('Регион · 3 статьи'), found[0].date);
  assert.deepEqual(slugs(found).sort(), [INNOPROM, CLUSTERS, SMART].sort());
});

test('"Приамурья" and "Краснодарским краем" find their regions through the gazetteer', async () => {
  assert.equal((await ix.query('Приамурья'))[0].title, 'Амурская область');
  assert.equal((await ix.query('Краснодарским краем'))[0].title, 'Краснодарский край');
});

test('"газохимический кластер" ranks the two Amur articles first', async () => {
  const found = slugs(await ix.query('газохимический кластер'));
  assert.deepEqual(found.slice(0, 2).sort(), [INNOPROM, MEMORANDUM].sort(), found.join());
});

test('"Алиханова" finds his page, then both Alikhanov articles', async () => {
  const found = await ix.query('Алиханова');
  assert.equal(found[0].title, 'Антон Алиханов');
  assert.deepEqual(slugs(found).sort(), [MEMORANDUM, OMSK].sort());
});

test('"Минпромторг" finds the ministry under its full name too', async () => {
  const full = slugs(await ix.query('Министерство промышленности и торговли'));
  assert.ok(full.length >= 3, full.join());
});

test('URLs carry the sub-path and no match gives nothing', async () => {
  for (const d of await ix.query('Кубань')) assert.ok(d.url.startsWith(d.entity ? '/digest/regions/' : '/digest/articles/'), d.url);
  assert.deepEqual(await ix.query('квазипромышленнейшество'), []);
  assert.deepEqual(await ix.query('<img src=x onerror=alert(1)>'), []);
});

test('the search page ships the form the script binds to', async () => {
  const html = await readFile(join(out, 'search', 'index.html'), 'utf8');
  for (const id of ['search-form', 'search-q', 'search-region', 'search-year', 'search-results']) {
    assert.ok(html.includes(`id="${id}"`), id);
  }
  assert.ok(html.includes('data-index="/digest/search/"'));
  assert.ok(html.includes('<script type="module" src="/digest/search.js">'));
});
