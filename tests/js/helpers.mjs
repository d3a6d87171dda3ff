// Test helpers for assets/search.js: open a built public/search/ folder
// through the file system and run queries against it.
import { readFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openIndex, search, documents } from '../../assets/search.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Opens the index in `dir` (a built public/search/) with a counting loader. */
export async function loadIndexFromDir(dir) {
  const fetched = [];
  const ix = await openIndex(async p => {
    const b = await readFile(join(dir, p));
    fetched.push([p, b.length]);
    return b;
  });
  ix.fetched = fetched;
  /** Runs a query; resolves to the matching article records, best first. */
  ix.query = async (q, opts = {}) => {
    const res = await search(ix, q, opts);
    return documents(ix, res.hits.map(h => h.id));
  };
  return ix;
}

/** Runs the Rust helper example (cargo) once per output path. */
export function cargoTool(...args) {
  execFileSync('cargo', ['run', '--quiet', '--example', 'search_tool', '--', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Builds the seed-content index into target/search-js/<name> and returns its
 * path; `sizes` = [shardBytes, docsPerChunk] shrinks shards and chunks.
 */
export async function seedIndexDir(name = 'seed', sizes = []) {
  const dir = join(ROOT, 'target', 'search-js', name);
  await mkdir(dirname(dir), { recursive: true });
  cargoTool('seed-index', dir, ...sizes.map(String));
  return dir;
}
