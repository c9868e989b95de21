// relevance.mjs: the encoder's relevance check (tools/bench/relevance/run runs it; not a test). For each query set
// (query<TAB>expected), asks Medcode and SQLite FTS5 (medcode_bench_search relevance, native) and MiniSearch (under
// node, tools/bench/minisearch_peer.mjs, the benchmark's options) for their best 5 codes, and prints top-1 and top-5
// hit rates side by side. An expected code ending in '-' ("S72.0-") accepts any code starting with what precedes it;
// otherwise only that code.
//
//   node tools/bench/relevance/relevance.mjs <documents.tsv> <set.tsv>... [--misses N]
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocuments, buildIndex, topCodes } from '../minisearch_peer.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { default: MiniSearch } = await import(pathToFileURL(path.join(REPO, 'web/node_modules/minisearch/dist/es/index.js')));
const PACK = path.join(REPO, 'build/native/codesets.pack');
const NATIVE = path.join(REPO, 'build/native/medcode_bench_search');

const args = process.argv.slice(2);
let misses = 0;
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--misses') misses = Number(args[++i]);
  else files.push(args[i]);
}
const [documents, ...sets] = files;

function readPairs(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const [query, expected] = l.split('\t');
    return { query, expected };
  });
}

const hit = (expected, code) => expected.endsWith('-') ? code.startsWith(expected.slice(0, -1)) : code === expected;

const t0 = Date.now();
const mini = buildIndex(MiniSearch, parseDocuments(fs.readFileSync(documents, 'utf8')));
console.log(`MiniSearch index built under node in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const table = [];
for (const file of sets) {
  const pairs = readPairs(file);
  const r = spawnSync(NATIVE, ['relevance', PACK, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`medcode_bench_search relevance failed:\n${r.stderr}`);
  const lines = r.stdout.split('\n').filter(Boolean);
  if (lines.length !== pairs.length) throw new Error(`${file}: ${pairs.length} pairs but ${lines.length} answers`);
  const engines = { medcode: [0, 0], fts5: [0, 0], minisearch: [0, 0] };
  const missed = [];
  pairs.forEach(({ query, expected }, i) => {
    const f = lines[i].split('\t');
    if (f[0] !== query) throw new Error(`answer ${i} is for "${f[0]}", not "${query}"`);
    const got = { medcode: f[1] ? f[1].split(',') : [], fts5: f[2] ? f[2].split(',') : [],
      minisearch: topCodes(mini, query, 5) };
    for (const [engine, codes] of Object.entries(got)) {
      if (codes.length && hit(expected, codes[0])) engines[engine][0]++;
      if (codes.some((c) => hit(expected, c))) engines[engine][1]++;
    }
    if (!got.medcode.some((c) => hit(expected, c))) missed.push(`${query} -> ${expected}: medcode ${got.medcode.join(' ')}`);
  });
  table.push({ set: path.basename(file), n: pairs.length, engines });
  if (misses) console.log(`Medcode top-5 misses in ${path.basename(file)}:\n  ${missed.slice(0, misses).join('\n  ')}`);
}

const pct = (k, n) => `${(100 * k / n).toFixed(1)}%`;
console.log(`\n${new Date().toISOString()}`);
console.log('| query set | pairs | Medcode top-1 | FTS5 top-1 | MiniSearch top-1 | Medcode top-5 | FTS5 top-5 | MiniSearch top-5 |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const { set, n, engines: e } of table) {
  console.log(`| ${set} | ${n} | ${pct(e.medcode[0], n)} | ${pct(e.fts5[0], n)} | ${pct(e.minisearch[0], n)} | ` +
    `${pct(e.medcode[1], n)} | ${pct(e.fts5[1], n)} | ${pct(e.minisearch[1], n)} |`);
}
