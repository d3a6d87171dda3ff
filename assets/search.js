/* promdigest static search (no framework, no network but the index).
 *
 * Markup contract — templates/search_body.html provides it:
 *   <form id="search-form" role="search" data-index="URL of public/search/">
 *     <input id="search-q" name="q" type="search">
 *     <select id="search-region" name="region"><option value="">…</option></select>
 *     <select id="search-year" name="year"><option value="">…</option></select>
 *     <button type="submit">
 *   </form>
 *   <p id="search-status" role="status"></p>
 *   <div id="search-results" aria-live="polite"></div>
 * The script fills the selects from the manifest, mirrors ?q=&region=&year=
 * in the URL (history.replaceState), and renders an <ol> of links. Every
 * string from the index is inserted as text (textContent, createElement).
 *
 * In Node the module exports the pure parts (stemmer, query parsing, shard
 * decoding, ranking) with an injectable loader: openIndex(path => bytes).
 * The index format is documented in src/search/mod.rs. */

// ---- Snowball Russian (port of rust-stemmers' russian.rs) ----
const VOWELS = 'аеиоуыэюя';
const isV = c => VOWELS.includes(c);
// Entries [suffix, needsAYa]: among() picks the longest suffix inside RV;
// group-1 endings must follow "а"/"я" (also inside RV) or the step fails.
const table = (g1, g2) => [
  ...(g1 ? g1.split(' ').map(s => [s, true]) : []),
  ...g2.split(' ').map(s => [s, false]),
].sort((a, b) => b[0].length - a[0].length);
const PG = table('в вши вшись', 'ив ивши ившись ыв ывши ывшись');
const ADJ = table('', 'ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею');
const PART = table('ем нн вш ющ щ', 'ивш ывш ующ');
const REFL = table('', 'ся сь');
const VERB = table('ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно',
  'ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю');
const NOUN = table('', 'а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь ию ью ю ия ья я');
const DERIV = table('', 'ост ость');
const TIDY = table('', 'ейш ейше н ь');

function find(s, rv, t) {
  for (const [suf, aya] of t) {
    const i = s.length - suf.length;
    if (i >= rv && s.endsWith(suf)) return aya && !(i > rv && 'ая'.includes(s[i - 1])) ? -1 : i;
  }
  return -1;
}
const cut = (s, rv, t) => { const i = find(s, rv, t); return i < 0 ? null : s.slice(0, i); };

function regions(s) {
  const n = s.length;
  let i = 0;
  while (i < n && !isV(s[i])) i++;
  if (i >= n) return [n, n];
  const rv = ++i;
  for (let k = 0; k < 3; k++) { // past a non-vowel, a vowel, a non-vowel
    while (i < n && isV(s[i]) === (k !== 1)) i++;
    if (i >= n) return [rv, n];
    i++;
  }
  return [rv, i];
}

/** Snowball Russian stem of a folded word (same output as rust-stemmers). */
export function stemFolded(w) {
  const [rv, r2] = regions(w);
  let s = w;
  let t = cut(s, rv, PG);
  if (t === null) {
    s = cut(s, rv, REFL) ?? s;
    const a = cut(s, rv, ADJ);
    t = a !== null ? cut(a, rv, PART) ?? a : cut(s, rv, VERB) ?? cut(s, rv, NOUN);
  }
  if (t !== null) s = t;
  if (s.length - 1 >= rv && s.endsWith('и')) s = s.slice(0, -1);
  const d = find(s, rv, DERIV);
  if (d >= r2 && d >= 0) s = s.slice(0, d);
  const e = find(s, rv, TIDY);
  if (e >= 0) {
    const suf = s.slice(e);
    if (suf === 'ь') s = s.slice(0, e);
    else if (suf === 'н') { if (e > rv && s[e - 1] === 'н') s = s.slice(0, e); }
    else { s = s.slice(0, e); if (s.length - 2 >= rv && s.endsWith('нн')) s = s.slice(0, -1); }
  }
  return s;
}

export const fold = w => w.toLowerCase().replaceAll('ё', 'е');
export const stem = w => stemFolded(fold(w));
/** Index term: the stem less a final "ов"/"ев" (surname forms meet; see Rust `term`). */
export const termFolded = w => { const s = stemFolded(w); return [...s].length >= 5 && /[ое]в$/.test(s) ? s.slice(0, -2).replace(/ь$/, '') : s; };
export const term = w => termFolded(fold(w));
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
export const tokens = text => text.match(WORD) ?? [];

/** Query words as terms: [{stem, prefix, word}]; the last word is a prefix while typed. */
export function parseQuery(q, stop = new Set()) {
  const words = tokens(q).map(fold);
  const typing = !/[^\p{Alphabetic}\p{N}]$/u.test(q);
  const out = [];
  words.forEach((w, i) => {
    if (stop.has(w)) return;
    const s = termFolded(w);
    const prefix = typing && i === words.length - 1 && w.length >= 3;
    const old = out.find(t => t.stem === s);
    if (old) old.prefix ||= prefix; else out.push({ stem: s, prefix, word: w });
  });
  return out;
}

/** The alias key of query terms: sorted distinct stems (see Rust `alias_key`). */
export const aliasKey = stems => '~a:' + [...new Set(stems)].sort().join(' ');

/** Whether `a` and `b` differ by one edit: a letter changed, added, dropped or two swapped. */
export function oneEdit(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// ---- index access ----
const utf8 = new TextDecoder();
const bytes = b => (b instanceof Uint8Array ? b : new Uint8Array(b));

/** Decodes a term shard's dictionary; postings are decoded on demand. */
export function parseShard(buf) {
  const b = bytes(buf);
  let p = 0;
  const vi = () => { let v = 0, m = 1, x; do { x = b[p++]; v += (x & 127) * m; m *= 128; } while (x > 127); return v; };
  const n = vi(), terms = new Array(n), meta = new Array(n);
  let prev = '';
  for (let i = 0; i < n; i++) {
    const shared = vi(), len = vi();
    prev = prev.slice(0, shared) + utf8.decode(b.subarray(p, p + len));
    p += len;
    const flags = vi(), df = Math.floor(flags / 4), head = flags & 2 ? vi() : df, plen = vi();
    terms[i] = prev;
    meta[i] = [df, plen, head, flags & 1];
  }
  for (const m of meta) { m.push(p); p += m[1]; }
  return { terms, meta, b };
}

/** `n` postings (id gaps, then impacts when `imp`) from `off` in `b`. */
function decodeList(b, off, len, n, imp) {
  const docs = new Uint32Array(n);
  let p = off, d = 0;
  for (let k = 0; k < n; k++) {
    let v = 0, m = 1, x;
    do { x = b[p++]; v += (x & 127) * m; m *= 128; } while (x > 127);
    docs[k] = d += v;
  }
  return { docs, imp: imp ? b.subarray(p, off + len) : null };
}

/**
 * Postings of term j of a shard (memoised): {docs: Uint32Array, imp:
 * Uint8Array|null, df, partial, bound, boundId, boundLo}. A split list
 * (`partial`) holds its head, the best postings by impact then lower id;
 * a posting it lacks has an impact of at most `bound` (the head's lowest),
 * and of at most `boundLo` when its id is not above `boundId` (the last
 * head id at that impact). `fullPostings` loads the whole list.
 */
export function postings(sh, j) {
  const memo = (sh.memo ??= new Map());
  if (memo.has(j)) return memo.get(j);
  const [df, len, head, imp, off] = sh.meta[j];
  const r = { ...decodeList(sh.b, off, len, head, imp), df, partial: head < df, bound: 0, boundId: -1, boundLo: 0 };
  if (r.partial) {
    r.bound = r.imp.reduce((a, v) => Math.min(a, v), 255);
    for (let k = 0; k < head; k++) if (r.imp[k] === r.bound) r.boundId = r.docs[k];
    r.boundLo = r.bound - 1;
  }
  memo.set(j, r);
  return r;
}

/** The most document `d` may score in a split list without showing in it. */
const missing = (l, d) => (d > l.boundId ? l.bound : l.boundLo);

/** The whole list of term j of shard `sh` (its own file when split). */
export async function fullPostings(ix, sh, j) {
  const p = postings(sh, j);
  if (!p.partial) return p;
  const [df, , , imp] = sh.meta[j];
  const b = await ix.list(sh.i, j);
  return { ...decodeList(b, 0, b.length, df, imp), df, partial: false };
}

const lowerBound = (a, key) => {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < key) lo = mid + 1; else hi = mid; }
  return lo;
};

/**
 * The bytes of a gzip file (every index file but the manifest is stored
 * gzipped; GitHub Pages serves `.gz` as application/gzip, without
 * Content-Encoding, so the client inflates it). A host that serves `.gz`
 * with `Content-Encoding: gzip` has the browser inflate it already: without
 * gzip's magic bytes the data is returned as is.
 */
export async function gunzip(b) {
  if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return b;
  const out = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The index format this client reads (`FORMAT_VERSION` in src/search/mod.rs). */
export const FORMAT = 5;

/** Opens an index via `load(path relative to search/) → Promise<bytes>`. */
export async function openIndex(load) {
  const manifest = JSON.parse(utf8.decode(bytes(await load('manifest.json'))));
  // A cached script or manifest from another build would fetch files that
  // no longer exist: say so instead of failing on a missing shard.
  if (manifest.version !== FORMAT) throw new Error(`index format ${manifest.version}, script reads ${FORMAT}`);
  const cache = new Map();
  const get = (path, parse) => {
    if (!cache.has(path)) cache.set(path, load(path).then(b => parse(bytes(b))));
    return cache.get(path);
  };
  return {
    manifest,
    stop: new Set(manifest.stop_words),
    shardFor: key => lowerBound(manifest.shards, key + '\0') - 1,
    shard: i => get(`t/${i}.bin.gz`, async b => Object.assign(parseShard(await gunzip(b)), { i })),
    /** The whole posting list of split term j of shard i. */
    list: (i, j) => get(`t/${i}.${j}.bin.gz`, gunzip),
    chunk: k => get(`d/${k}.json.gz`, async b => JSON.parse(utf8.decode(await gunzip(b)))),
  };
}

const PREFIX_WEIGHT = 0.6, MAX_EXPANSIONS = 64;
// An article of an entity the whole query names gets one top impact more
// (entity matches above text matches); the entity page itself goes first.
const ALIAS_BONUS = 255, ENTITY_SCORE = 1e6, MAX_IMPACT = 255;
// Phrase and proximity bonus among the first results of a multi-word query.
const PHRASE_BONUS = 64, RERANK = 10;
// A guess (one edit) needs a word of this many letters.
const GUESS_MIN = 6;
// Results a page shows; the first page never needs a long list's tail.
const PAGE = 10;

/**
 * One query term's matches: {docs: ascending ids, scores, partial, bound,
 * df}; `marks` collects matched terms. From split lists' heads unless
 * `full`: then `partial`, and a document may score up to `bound` in this
 * list without being in it (or above its score here, for a prefix).
 */
async function termScores(ix, t, marks, full = false) {
  const found = []; // [postings, weight]
  const first = ix.shardFor(t.stem);
  // The run of terms with this prefix may continue into the next shard.
  const last = t.prefix && ix.manifest.shards[first + 1]?.startsWith(t.stem) ? first + 1 : first;
  let n = 0;
  for (let i = first; i <= last; i++) {
    const sh = await ix.shard(i);
    for (let j = lowerBound(sh.terms, t.stem); j < sh.terms.length; j++) {
      const term = sh.terms[j], exact = term === t.stem;
      if (!exact && !(t.prefix && term.startsWith(t.stem) && n++ < MAX_EXPANSIONS)) break;
      found.push([full ? fullPostings(ix, sh, j) : postings(sh, j), exact ? 1 : PREFIX_WEIGHT]);
      marks.add(term);
    }
  }
  for (const f of found) f[0] = await f[0];
  if (found.length === 1 && found[0][1] === 1) {
    const [p] = found[0];
    return { ...p, scores: p.imp ?? new Uint8Array(p.docs.length) };
  }
  return bestOf(ix.manifest.docs, found);
}

/**
 * Lists [postings, weight] merged: each document's best weighted impact.
 * Split lists bound the merge (see `postings`): above `boundId` by the
 * highest weighted bound, up to it by the next lower step.
 */
function bestOf(n, found) {
  const best = new Float32Array(n).fill(-1);
  let m = 0;
  const split = found.filter(([p]) => p.partial).map(([p, w]) => ({ hi: p.bound * w, lo: p.boundLo * w, id: p.boundId }));
  const partial = split.length > 0;
  const bound = Math.max(0, ...split.map(c => c.hi));
  const top = split.filter(c => c.hi === bound);
  const boundId = Math.min(...top.map(c => c.id));
  const boundLo = Math.max(0, ...split.map(c => (c.hi === bound ? c.lo : c.hi)));
  for (const [{ docs, imp }, w] of found) {
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k], v = imp ? imp[k] * w : 0;
      if (best[d] < 0) m++;
      if (v > best[d]) best[d] = v;
    }
  }
  const docs = new Uint32Array(m), scores = new Float32Array(m);
  for (let d = 0, k = 0; k < m; d++) if (best[d] >= 0) { docs[k] = d; scores[k++] = best[d]; }
  // At most this many documents: what picks the list to load whole first.
  const df = found.reduce((a, [p]) => a + p.df, 0);
  return { docs, scores, partial, bound, boundId, boundLo, df };
}

/**
 * Articles (ids below `n`) in every list ({docs, scores}): best summed score,
 * then lower id (newer). `alias` holds the ids an exact alias names: its
 * articles among those get ALIAS_BONUS, and its entity pages (ids `n` and
 * up) come first when they are in the last `facets` lists (the filters).
 */
export const rank = (lists, n, alias = [], facets = 0) => rankPartial(lists, n, alias, facets).hits;

/** No hit is unknown: the `bound` of a complete ranking. */
const NONE = Infinity;
/** Hits at the start of `hits` that no unknown hit can pass (rank keys below `bound`). */
export const certainCount = (hits, bound) => {
  let k = 0;
  while (k < hits.length && rankKey(hits[k]) < bound) k++;
  return k;
};

/**
 * `rank` over lists some of which are split lists' heads (`partial`):
 * {hits, bound}. `hits` are the documents found in every list, ranked; a
 * document not known to match, or whose score may still grow, ranks no
 * better than the rank key `bound` (NONE when every list is whole), so the
 * hits before `bound` are exactly the first hits of the whole lists.
 */
export function rankPartial(lists, n, alias = [], facets = 0) {
  if (!lists.length) return { hits: [], bound: NONE };
  const top = alias.length ? Math.max(n, alias[alias.length - 1] + 1) : n;
  const acc = new Float64Array(top), cnt = new Uint8Array(top);
  for (const { docs, scores } of lists) {
    for (let k = 0; k < docs.length; k++) { acc[docs[k]] += scores[k]; cnt[docs[k]]++; }
  }
  for (const d of alias) {
    if (d < n) { acc[d] += ALIAS_BONUS; continue; }
    // An entity page is in no text list: it needs only the filters.
    if (cnt[d] === facets) { acc[d] = ENTITY_SCORE; cnt[d] = lists.length; }
  }
  const head = lists.reduce((a, b) => (b.docs.length < a.docs.length ? b : a)).docs;
  const pages = alias.filter(d => d >= n);
  // Sort numbers, not objects: -(score in 1/16ths)·2^24 + id (rankKey).
  const keys = new Float64Array(head.length + pages.length);
  let m = 0;
  const take = d => { if (cnt[d] === lists.length) { keys[m++] = -Math.round(acc[d] * 16) * 16777216 + d; cnt[d] = 0; } };
  for (let k = 0; k < head.length; k++) take(head[k]);
  for (const d of pages) take(d);
  const out = keys.subarray(0, m).sort();
  const hits = Array.from(out, k => { const id = ((k % 16777216) + 16777216) % 16777216; return { id, score: acc[id] }; });
  return { hits, bound: partialBound(lists, n, alias) };
}

/**
 * The best score a document may reach that the heads of split lists do not
 * show (see rankPartial): one missing from a split list may be in its tail
 * at up to that list's bound, and a prefix list's score may grow to it.
 */
function partialBound(lists, n, alias) {
  const split = lists.filter(l => l.partial);
  if (!split.length) return NONE;
  const whole = lists.length - split.length;
  // Per document: summed known score, growth still possible in the split
  // lists it is in, how many of them and their bounds, how many whole lists.
  const acc = new Float64Array(n), grow = new Float64Array(n), inSplit = new Uint8Array(n);
  const covered = new Float64Array(n), inWhole = new Uint8Array(n);
  for (const l of lists) {
    const { docs, scores } = l;
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k];
      if (d >= n) continue;
      acc[d] += scores[k];
      if (!l.partial) { inWhole[d]++; continue; }
      const b = missing(l, d);
      inSplit[d]++;
      covered[d] += b;
      if (scores[k] < b) grow[d] += b - scores[k];
    }
  }
  for (const d of alias) if (d < n) acc[d] += ALIAS_BONUS;
  let bound = NONE;
  for (let d = 0; d < n; d++) {
    // A document missing from a whole list cannot match; one known in
    // every list at its final score is a hit, not an unknown.
    if (inWhole[d] !== whole || (inSplit[d] === split.length && grow[d] === 0)) continue;
    let u = acc[d] + grow[d] - covered[d];
    for (const l of split) u += missing(l, d);
    const key = -Math.round(u * 16) * 16777216 + d;
    if (key < bound) bound = key;
  }
  return bound;
}

/** The order `rank` sorts hits in: higher score (in 1/16ths) first, then lower id. */
const rankKey = h => -Math.round(h.score * 16) * 16777216 + h.id;

/** Two hit lists in `rank` order merged into one, in that order. */
function mergeRanked(a, b) {
  const out = new Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) out[k++] = rankKey(a[i]) <= rankKey(b[j]) ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Terms one edit from a stem of 6+ letters, in its shard: a list like termScores'. */
async function guessScores(ix, t, marks, full) {
  if ([...t.word].length < GUESS_MIN) return null;
  const sh = await ix.shard(ix.shardFor(t.stem));
  const near = sh.terms.map((term, j) => [term, j]).filter(([term]) => !term.startsWith('~') && oneEdit(term, t.stem));
  if (!near.length) return null;
  const found = await Promise.all(near.map(async ([, j]) => [await (full ? fullPostings(ix, sh, j) : postings(sh, j)), 1]));
  near.forEach(([term]) => marks.add(term));
  // The alias key takes the most frequent neighbour.
  const top = near.reduce((a, b) => (sh.meta[b[1]][0] > sh.meta[a[1]][0] ? b : a))[0];
  return { list: bestOf(ix.manifest.docs, found), stem: top };
}

/**
 * Runs a query: {terms, hits: [{id, score}], marks: matched terms, guessed:
 * words corrected, certain, total, partial, full}. Long lists are read
 * from their heads first (see rankPartial): `hits` then holds the
 * `certain` first results for sure, at least a page of them, and
 * `full()` runs the query again over the whole lists (for the next
 * pages). `total` is the number of results, null when only the whole
 * lists could tell it; `partial` says whether hits may be missing.
 */
export async function search(ix, q, opts = {}, full = new Set()) {
  const { region = '', year = '' } = opts;
  // `full`: true, or the stems whose whole lists to load.
  const whole = t => full === true || full.has(t.stem);
  const terms = parseQuery(q, ix.stop), marks = new Set(), guessed = [];
  const done = hits => ({ terms, hits, marks, guessed, certain: hits.length, total: hits.length, partial: false, full: async () => done(hits) });
  if (!terms.length) return done([]);
  const n = ix.manifest.docs;
  const facets = [region && '~r:' + region, year && '~y:' + year].filter(Boolean);
  const lists = await Promise.all(terms.map(t => termScores(ix, t, marks, whole(t))));
  const stems = terms.map(t => t.stem);
  for (let i = 0; i < terms.length; i++) {
    if (lists[i].docs.length) continue;
    const g = await guessScores(ix, terms[i], marks, whole(terms[i]));
    if (!g) continue;
    lists[i] = g.list;
    stems[i] = g.stem;
    guessed.push(terms[i].word);
  }
  const [alias, ...facetLists] = await Promise.all(
    [aliasKey(stems), ...facets].map(f => termScores(ix, { stem: f, prefix: false }, new Set())));
  const ranked = rankPartial([...lists, ...facetLists], n, alias.docs, facetLists.length);
  let { hits, bound } = await expand(ix, ranked, stems, facetLists, marks, full === true);
  const certain = certainCount(hits, bound);
  if (bound === NONE) {
    if (terms.length > 1 && hits.length > 1) hits = await rerank(ix, hits, stems);
    return done(hits);
  }
  // A page must be sure; otherwise whole lists decide, the shortest first
  // (an AND of a rare and a frequent word rarely needs the frequent one).
  if (certain < PAGE) {
    const next = terms.map((t, i) => [t, lists[i]]).filter(([t, l]) => l.partial && !whole(t))
      .sort((a, b) => a[1].df - b[1].df)[0];
    return search(ix, q, opts, next ? new Set([...full, next[0].stem]) : true);
  }
  if (terms.length > 1) hits = await rerank(ix, hits, stems);
  // One exact word: its document frequency is the count (plus entity pages).
  const one = lists.length === 1 && !facets.length && !terms[0].prefix && !guessed.length && bound === ranked.bound;
  const total = one ? lists[0].df + hits.filter(h => h.id >= n).length : null;
  return { terms, hits, marks, guessed, certain, total, partial: true, full: () => search(ix, q, opts, true) };
}

/**
 * A query that names an entity exactly also finds the articles naming it in
 * the text only (an enumeration the extractor did not take apart): the
 * entity page carries its name's rarest term ("липецк" for Липецкая
 * область), whose articles join the hits below the entity's own.
 */
async function expand(ix, ranked, stems, facetLists, marks, full) {
  const n = ix.manifest.docs;
  let { hits, bound } = ranked;
  const pages = hits.filter(h => h.id >= n).slice(0, 3);
  if (!pages.length) return ranked;
  // An added article scores one impact at most: when a page of sure hits
  // scores more, the expansion waits for the next page (one shard less).
  const cut = -Math.round(MAX_IMPACT * 16) * 16777216;
  if (!full && certainCount(hits, bound) >= PAGE && rankKey(hits[PAGE - 1]) < cut) return { hits, bound: Math.min(bound, cut) };
  const extra = [...new Set((await documents(ix, pages.map(h => h.id))).map(d => d.expand).filter(t => t && !stems.includes(t)))];
  if (!extra.length) return ranked;
  const seen = new Uint8Array(n);
  for (const h of hits) if (h.id < n) seen[h.id] = 1;
  for (const t of extra) {
    const list = await termScores(ix, { stem: t, prefix: false }, marks, full);
    const r = rankPartial([list, ...facetLists], n);
    const more = r.hits.filter(h => !seen[h.id] && (seen[h.id] = 1));
    // While the hits are partial, an added article may belong among the
    // unknown hits instead (it would not be added): not sure either.
    bound = Math.min(bound, r.bound, bound === NONE || !more.length ? NONE : rankKey(more[0]));
    hits = mergeRanked(hits, more);
  }
  return { hits, bound };
}

/**
 * Words of `text` as index terms. With `want` (terms), a word none of them
 * can come from is '' and is not stemmed: a term is always a prefix of its
 * folded word (stemming only cuts endings).
 */
const termsOf = (text, want) => tokens(text).map(w => {
  const f = fold(w);
  return !want || want.some(t => f.startsWith(t)) ? termFolded(f) : '';
});

/**
 * Phrase and proximity among the first RERANK hits: a bonus when the query's
 * words stand next to each other in the title or text (in order, or within
 * three words), more in the title. Only reorders those first hits.
 */
async function rerank(ix, hits, stems) {
  const head = hits.slice(0, RERANK);
  const docs = await documents(ix, head.map(h => h.id));
  const want = new Set(stems), wanted = [...want];
  const near = words => {
    let best = 0;
    for (let i = 0; i < words.length; i++) {
      if (!want.has(words[i])) continue;
      const seen = new Set([words[i]]);
      for (let j = i + 1; j < Math.min(words.length, i + 1 + 3 * (want.size - 1)); j++) if (want.has(words[j])) seen.add(words[j]);
      best = Math.max(best, seen.size);
    }
    return want.size > 1 ? (best - 1) / (want.size - 1) : 0;
  };
  const scored = head.map((h, i) => {
    if (h.score >= ENTITY_SCORE) return { ...h, bonus: 0 };
    const d = docs[i];
    return { ...h, bonus: PHRASE_BONUS * (near(termsOf(d.title, wanted)) * 1.5 + near(termsOf(d.text, wanted))) };
  });
  scored.sort((a, b) => (b.score + b.bonus) - (a.score + a.bonus) || a.id - b.id);
  return [...scored.map(({ id, score }) => ({ id, score })), ...hits.slice(RERANK)];
}

/**
 * Records for ids: {id, url, title, date, text, regions, year, entity}. For
 * an article `text` is the start of its body (paragraphs split by "\n");
 * for an entity page (`entity` true) `date` is its kind label and `text`
 * its detail line.
 */
export async function documents(ix, ids) {
  const per = ix.manifest.docs_per_chunk;
  return Promise.all(ids.map(async id => {
    const [url, title, date, text, r, year, expand] = (await ix.chunk(Math.floor(id / per)))[id % per];
    return { id, url, title, date, text, regions: r.map(i => ix.manifest.regions[i]), year, entity: id >= ix.manifest.docs, expand };
  }));
}

const LEAD_CHARS = 160, SNIPPET_MAX = 220;
/** `text` cut at a word boundary after at most `max` characters, with "…". */
function cutWords(text, max) {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1), sp = cut.lastIndexOf(' ');
  return (sp > 0 ? cut.slice(0, sp) : cut.slice(0, max)).replace(/[^\p{Alphabetic}\p{N}]+$/u, '') + '…';
}

/**
 * The snippet of an article: the sentence of `text` with the most distinct
 * matched terms (the first of equals), cut around its first match; the lead
 * when no sentence matched.
 */
export function snippetFor(text, marks) {
  const lead = cutWords(text.replace(/\n/g, ' '), LEAD_CHARS);
  let best = null, bestN = 0;
  for (const s of text.split(/\n|(?<=[.!?…])\s+(?=[\p{Lu}\p{N}«"])/u)) {
    const n = new Set(termsOf(s).filter(t => marks.has(t))).size;
    if (n > bestN) { best = s; bestN = n; }
  }
  if (!best) return lead;
  if (best.length <= SNIPPET_MAX) return best;
  const first = tokens(best).find(w => marks.has(term(w)));
  const at = best.indexOf(first);
  if (at < SNIPPET_MAX / 2) return cutWords(best, SNIPPET_MAX);
  const from = best.lastIndexOf(' ', at - 40) + 1;
  return '…' + cutWords(best.slice(from), SNIPPET_MAX);
}

/** Splits text into [piece, isMatch] pairs for highlighting. */
export function highlight(text, marks) {
  return text.split(/([\p{Alphabetic}\p{N}]+)/u)
    .map((p, i) => [p, i % 2 === 1 && marks.has(term(p))]).filter(([p]) => p);
}

/** Only site paths and http(s) links become hrefs. */
export const safeHref = u => (/^(\/(?!\/)|https?:\/\/)/i.test(u) ? u : null);

// ---- browser binding ----

function el(doc, tag, cls, parts) {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  for (const [text, hit] of parts ?? []) {
    if (!hit) { e.append(doc.createTextNode(text)); continue; }
    const m = doc.createElement('mark');
    m.textContent = text;
    e.append(m);
  }
  return e;
}

/**
 * One result as an <li>: link title, date · regions (an entity page: its
 * kind and article count), snippet (an entity page: its detail); text only.
 */
export function renderHit(doc, d, marks) {
  const li = doc.createElement('li'), h = doc.createElement('h3');
  if (d.entity) li.className = 'search-entity';
  const a = el(doc, 'a', '', highlight(d.title, marks));
  const href = safeHref(d.url);
  if (href) a.href = href;
  h.append(a);
  const meta = d.entity ? d.date : [d.date, d.regions.join(', ')].filter(Boolean).join(' · ');
  const text = d.entity ? d.text : snippetFor(d.text ?? d.snippet ?? '', marks);
  li.append(h, el(doc, 'p', 'search-meta', [[meta, false]]));
  if (text) li.append(el(doc, 'p', 'search-snippet', highlight(text, marks)));
  return li;
}

export function mount(doc = document, win = window) {
  const $ = id => doc.getElementById(id);
  const form = $('search-form'), q = $('search-q'), region = $('search-region'), year = $('search-year');
  const status = $('search-status'), results = $('search-results');
  if (!form || !q || !results) return;
  const base = new URL(form.dataset.index || 'search/', win.location.href);
  const load = p => win.fetch(new URL(p, base)).then(r => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.status} ${p}`))));
  const say = t => status && (status.textContent = t);
  let ix, seq = 0, timer;

  const fill = (sel, values) => {
    if (!sel) return;
    for (const v of values) { const o = doc.createElement('option'); o.value = o.textContent = String(v); sel.append(o); }
  };
  const params = new URLSearchParams(win.location.search);
  // UI strings come from site.toml through data-msg-* attributes on the form.
  const msg = (k, dflt) => form.dataset['msg' + k] || dflt;

  async function run() {
    if (!ix) return;
    const my = ++seq;
    const qs = new URLSearchParams();
    const opts = { region: region?.value ?? '', year: year?.value ?? '' };
    if (q.value) qs.set('q', q.value);
    if (opts.region) qs.set('region', opts.region);
    if (opts.year) qs.set('year', opts.year);
    const s = qs.toString();
    win.history.replaceState(null, '', win.location.pathname + (s ? '?' + s : ''));
    results.setAttribute('aria-busy', 'true');
    if (!parseQuery(q.value, ix.stop).length) { results.replaceChildren(); say(msg('Empty', 'Введите слово для поиска.')); results.setAttribute('aria-busy', 'false'); return; }
    say(msg('Searching', 'Ищем…'));
    let res = await search(ix, q.value, opts);
    if (my !== seq) return;
    const count = () => {
      const n = res.hits.length;
      const guess = res.guessed.length && n ? ` ${msg('Guess', 'Точных совпадений нет, показаны похожие написания:')} ${res.guessed.map(w => `«${w}»`).join(', ')}.` : '';
      // Read from long lists' heads, the count may be a lower bound only.
      const found = res.total === null ? `${msg('FoundAtLeast', 'Найдено статей, не меньше:')} ${n}.` : `${msg('Found', 'Найдено статей:')} ${res.total}.`;
      say((n ? found : msg('None', 'Ничего не найдено.')) + guess);
    };
    count();
    const list = el(doc, 'ol', res.guessed.length ? 'search-list search-guess' : 'search-list');
    results.replaceChildren(list);
    let shown = 0;
    const more = el(doc, 'button', 'search-more', [[msg('More', 'Показать ещё'), false]]);
    more.type = 'button';
    const page = async () => {
      if (res.partial && shown + PAGE > res.certain) {
        res = await res.full();
        if (my !== seq) return;
        count();
      }
      const docs = await documents(ix, res.hits.slice(shown, shown + PAGE).map(h => h.id));
      if (my !== seq) return;
      for (const d of docs) list.append(renderHit(doc, d, res.marks));
      const first = shown === 0;
      shown += docs.length;
      if (shown < res.hits.length || res.partial) results.append(more); else more.remove();
      if (!first) list.children[shown - docs.length]?.querySelector('a')?.focus();
    };
    more.onclick = page;
    await page();
    if (my === seq) results.setAttribute('aria-busy', 'false');
  }

  const later = () => { clearTimeout(timer); timer = setTimeout(() => run().catch(fail), 120); };
  const fail = e => say(msg('Error', 'Поиск недоступен:') + ' ' + e.message);
  form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); run().catch(fail); });
  q.addEventListener('input', later);
  region?.addEventListener('change', later);
  year?.addEventListener('change', later);

  say(msg('Loading', 'Загружаем индекс…'));
  openIndex(load).then(i => {
    ix = i;
    fill(region, ix.manifest.regions);
    fill(year, ix.manifest.years);
    // A shared link wins; otherwise keep what the reader typed meanwhile.
    if (params.has('q')) q.value = params.get('q');
    if (region && params.has('region')) region.value = params.get('region');
    if (year && params.has('year')) year.value = params.get('year');
    return run();
  }).catch(fail);
}

if (typeof document !== 'undefined') mount();
