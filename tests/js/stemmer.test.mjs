// The JS Snowball port must agree with rust-stemmers on every word of the
// content (the build and the client must produce the same terms).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stem, stemFolded, termFolded, fold, tokens, term } from '../../assets/search.js';
import { ROOT, cargoTool } from './helpers.mjs';

test('stems of every content word match the Rust stemmer', async () => {
  await mkdir(join(ROOT, 'target', 'search-js'), { recursive: true });
  const out = join(ROOT, 'target', 'search-js', 'stems.tsv');
  cargoTool('stems', out);
  const lines = (await readFile(out, 'utf8')).split('\n').filter(Boolean);
  assert.ok(lines.length > 40000, `only ${lines.length} words`);
  const bad = [];
  for (const line of lines) {
    const [word, want, wantTerm] = line.split('\t');
    const got = stemFolded(word), gotTerm = termFolded(word);
    if (got !== want || gotTerm !== wantTerm) bad.push(`${word}: rust ${want} ${wantTerm}, js ${got} ${gotTerm}`);
  }
  assert.deepEqual(bad.slice(0, 20), [], `${bad.length} of ${lines.length} differ`);
});

test('known stems', () => {
  const cases = {
    кубань: 'кубан', кубани: 'кубан', кластеры: 'кластер', кластерами: 'кластер',
    промышленности: 'промышлен', газохимический: 'газохимическ', алиханова: 'алиханов',
    минпромторг: 'минпромторг', краснодарском: 'краснодарск', создадут: 'создадут',
  };
  for (const [w, s] of Object.entries(cases)) assert.equal(stem(w), s, w);
});

test('surname forms share a term', () => {
  assert.equal(term('Алиханова'), 'алихан');
  assert.equal(term('Алиханов'), 'алихан');
  assert.equal(term('нов'), 'нов');
});

test('ё folds to е and case folds', () => {
  assert.equal(fold('Ёмкость'), 'емкость');
  assert.equal(stem('Объёма'), stem('объема'));
});

test('tokens split on punctuation, keep numbers and hyphen parts', () => {
  assert.deepEqual(tokens('«Иннопром-2024», 1,5 млрд!'), ['Иннопром', '2024', '1', '5', 'млрд']);
  assert.deepEqual(tokens('<img src=x onerror=alert(1)>'), ['img', 'src', 'x', 'onerror', 'alert', '1']);
  assert.deepEqual(tokens(' ,. '), []);
});
