// Unit tests of the client's pure parts: query parsing, ranking, highlighting,
// rendering as text only.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuery, rank, highlight, safeHref, renderHit, stem, term, fold, tokens, oneEdit, snippetFor, aliasKey } from '../../assets/search.js';
import { ROOT } from './helpers.mjs';

const STOP = new Set(['и', 'в', 'на']);

test('query words become stems; stop words drop; the typed last word is a prefix', () => {
  assert.deepEqual(parseQuery('Кластеры и Кубани', STOP), [
    { stem: 'кластер', prefix: false, word: 'кластеры' },
    { stem: 'кубан', prefix: true, word: 'кубани' },
  ]);
  assert.deepEqual(parseQuery('кластеры кубани ', STOP).map(t => t.prefix), [false, false]);
  assert.deepEqual(parseQuery('и в на', STOP), []);
  assert.deepEqual(parseQuery('кластер кластеры', STOP).length, 1);
  assert.deepEqual(parseQuery('ал', STOP), [{ stem: 'ал', prefix: false, word: 'ал' }], 'two letters: no prefix');
});

test('rank keeps documents in every list, sums scores, breaks ties by id', () => {
  const list = m => ({ docs: Object.keys(m).map(Number), scores: Object.values(m) });
  const a = list({ 1: 10, 2: 5, 3: 5, 7: 1 }), b = list({ 1: 1, 2: 5, 3: 5 });
  assert.deepEqual(rank([a, b], 8), [{ id: 1, score: 11 }, { id: 2, score: 10 }, { id: 3, score: 10 }]);
  assert.deepEqual(rank([a, list({})], 8), []);
  assert.deepEqual(rank([], 8), []);
  assert.deepEqual(rank([list({ 0: 0.6, 5: 0 })], 8), [{ id: 0, score: 0.6 }, { id: 5, score: 0 }]);
});

test('an exact alias puts its entity pages first and lifts its articles', () => {
  const list = m => ({ docs: Object.keys(m).map(Number), scores: Object.values(m) });
  // Articles 0..7, entity pages 8 and 9; the alias names page 9 and articles 2 and 3.
  const text = list({ 1: 100, 2: 10, 3: 5 });
  assert.deepEqual(rank([text], 8, [2, 3, 9]).map(h => h.id), [9, 2, 3, 1]);
  // A filter the entity page is not in leaves it out (a year filter).
  const year = list({ 1: 0, 2: 0 });
  assert.deepEqual(rank([text, year], 8, [2, 3, 9], 1).map(h => h.id), [2, 1]);
  // A region filter lists the region's own page.
  const region = list({ 2: 0, 9: 0 });
  assert.deepEqual(rank([text, region], 8, [2, 3, 9], 1).map(h => h.id), [9, 2]);
  assert.deepEqual(rank([list({})], 8, [9]).map(h => h.id), [9], 'an entity page needs no text match');
  assert.equal(aliasKey(['развит', 'фонд', 'промышлен', 'фонд']), '~a:промышлен развит фонд');
});

test('a term is a prefix of its folded word (the phrase rerank stems only words that can match)', () => {
  const dir = join(ROOT, 'content');
  const words = new Set(readdirSync(dir).flatMap(f => tokens(readFileSync(join(dir, f), 'utf8'))));
  assert.ok(words.size > 500, `${words.size} words`);
  for (const w of [...words, 'Алиханова', 'Иванов', 'ёмкостей', 'длиннейшие']) assert.ok(fold(w).startsWith(term(w)), `${w} → ${term(w)}`);
});

test('one edit: a letter changed, added, dropped or two swapped', () => {
  for (const [a, b] of [['липетчин', 'липечин'], ['кластер', 'кластр'], ['кластер', 'кластеры'], ['завод', 'зовод'], ['алиханов', 'алихнаов']]) {
    assert.ok(oneEdit(a, b) && oneEdit(b, a), `${a} ~ ${b}`);
  }
  for (const [a, b] of [['кластер', 'кластер'], ['кластер', 'клстр'], ['завод', 'заводов'], ['абвг', 'бавг2']]) {
    assert.ok(!oneEdit(a, b), `${a} !~ ${b}`);
  }
});

test('the snippet is the sentence that matched, or the lead', () => {
  const text = 'Первое предложение о погоде. Второе о заводах региона.\nТретье: заводы и кластеры растут.';
  const one = new Set([term('заводы')]);
  assert.equal(snippetFor(text, one), 'Второе о заводах региона.');
  assert.equal(snippetFor(text, new Set([term('заводы'), term('кластеры')])), 'Третье: заводы и кластеры растут.');
  assert.equal(snippetFor(text, new Set(['нет'])), 'Первое предложение о погоде. Второе о заводах региона. Третье: заводы и кластеры растут.');
  const long = `${'слово '.repeat(60)}завод ${'слово '.repeat(60)}`;
  const cut = snippetFor(long, one);
  assert.ok(cut.startsWith('…') && cut.endsWith('…') && cut.includes('завод') && cut.length < 240, cut);
});

test('highlight marks words whose stem matched', () => {
  const marks = new Set([stem('кластер'), stem('Кубань')]);
  const parts = highlight('Кластеры Кубани растут.', marks);
  assert.deepEqual(parts, [['Кластеры', true], [' ', false], ['Кубани', true], [' ', false], ['растут', false], ['.', false]]);
});

test('only site paths and http(s) URLs become links', () => {
  assert.equal(safeHref('/digest/a/'), '/digest/a/');
  assert.equal(safeHref('https://x.ru/'), 'https://x.ru/');
  assert.equal(safeHref('javascript:alert(1)'), null);
  assert.equal(safeHref('//evil.example/'), null);
});

/** A fake DOM that refuses innerHTML and records text nodes. */
function fakeDoc() {
  const node = tag => {
    const n = {
      tag, children: [], className: '',
      append(...c) { n.children.push(...c); },
      set textContent(t) { n.children = [{ tag: '#text', text: String(t) }]; },
      get textContent() { return n.children.map(c => c.text ?? c.textContent).join(''); },
    };
    Object.defineProperty(n, 'innerHTML', { set() { throw new Error('innerHTML used'); } });
    return n;
  };
  return { createElement: node, createTextNode: t => ({ tag: '#text', text: t }) };
}

test('an entity page renders as a result with its kind, not a date', () => {
  const li = renderHit(fakeDoc(), {
    url: '/regions/krasnodarskii-krai/', title: 'Краснодарский край', date: 'Регион · 7 статей', text: 'Южный федеральный округ', regions: [], entity: true,
  }, new Set());
  assert.equal(li.className, 'search-entity');
  assert.equal(li.children[1].textContent, 'Регион · 7 статей');
  assert.equal(li.children[2].textContent, 'Южный федеральный округ');
});

test('a hostile sentence that matched renders as text with the match in <mark>', () => {
  const evil = 'Вступление. Завод <script>alert(1)</script> & <img src=x onerror=alert(2)> построят.';
  const li = renderHit(fakeDoc(), { url: '/a/', title: 'т', date: '', text: evil, regions: [] }, new Set([term('завод')]));
  const snippet = li.children[2];
  assert.equal(snippet.textContent, 'Завод <script>alert(1)</script> & <img src=x onerror=alert(2)> построят.');
  assert.deepEqual(snippet.children.filter(c => c.tag === 'mark').map(c => c.textContent), ['Завод']);
});

test('a hostile title and snippet render as inert text', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const li = renderHit(fakeDoc(), {
    url: 'javascript:alert(1)', title: evil, date: '7 июля 2025', snippet: `${evil} кластер`, regions: ['<b>'],
  }, new Set([stem('кластер')]));
  const a = li.children[0].children[0];
  assert.equal(a.href, undefined, 'no javascript: href');
  assert.equal(a.textContent, evil);
  assert.equal(li.children[1].textContent, '7 июля 2025 · <b>');
  const snippet = li.children[2];
  assert.equal(snippet.textContent, `${evil} кластер`);
  assert.ok(snippet.children.some(c => c.tag === 'mark' && c.textContent === 'кластер'));
  const tags = new Set();
  const walk = n => { tags.add(n.tag); (n.children ?? []).forEach(walk); };
  walk(li);
  assert.deepEqual([...tags].sort(), ['#text', 'a', 'h3', 'li', 'mark', 'p']);
});
