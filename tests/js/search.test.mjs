// Unit tests of the client's pure parts: query parsing, ranking, highlighting,
// rendering as text only.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, rank, highlight, safeHref, renderHit, stem } from '../../assets/search.js';

const STOP = new Set(['и', 'в', 'на']);

test('query words become stems; stop words drop; the typed last word is a prefix', () => {
  assert.deepEqual(parseQuery('Кластеры и Кубани', STOP), [
    { stem: 'кластер', prefix: false },
    { stem: 'кубан', prefix: true },
  ]);
  assert.deepEqual(parseQuery('кластеры кубани ', STOP).map(t => t.prefix), [false, false]);
  assert.deepEqual(parseQuery('и в на', STOP), []);
  assert.deepEqual(parseQuery('кластер кластеры', STOP).length, 1);
  assert.deepEqual(parseQuery('ал', STOP), [{ stem: 'ал', prefix: false }], 'two letters: no prefix');
});

test('rank keeps documents in every list, sums scores, breaks ties by id', () => {
  const list = m => ({ docs: Object.keys(m).map(Number), scores: Object.values(m) });
  const a = list({ 1: 10, 2: 5, 3: 5, 7: 1 }), b = list({ 1: 1, 2: 5, 3: 5 });
  assert.deepEqual(rank([a, b], 8), [{ id: 1, score: 11 }, { id: 2, score: 10 }, { id: 3, score: 10 }]);
  assert.deepEqual(rank([a, list({})], 8), []);
  assert.deepEqual(rank([], 8), []);
  assert.deepEqual(rank([list({ 0: 0.6, 5: 0 })], 8), [{ id: 0, score: 0.6 }, { id: 5, score: 0 }]);
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
