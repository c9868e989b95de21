// search.mjs: runs the search benchmark's engines on the same documents and queries and prints one table (called by
// tools/bench/search after the builds; not a test). Engines and places:
//   Medcode and SQLite FTS5: native (build/native/medcode_bench_search), wasm under node (build/wasm/…search.js)
//     and wasm in headless Chromium (build/wasm/medcode_bench_search_web.js in tools/bench/search_page.html);
//   MiniSearch (npm): in the same Chromium page.
// The documents and queries come from `medcode_bench_search export` (build/bench/): the documents Medcode indexes,
// the queries its generator makes (mt19937, same seed). Medcode runs all queries; the peers, being slower, run the
// first N of them (N per engine and place below), and ratios compare Medcode on those same first N queries.
//
//   node tools/bench/search.mjs [--queries 10000] [--seed 1] [--fts5-native 100] [--fts5-node 50]
//                               [--fts5-chromium 50] [--minisearch 20]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { chromium } = require(path.join(REPO, 'web/node_modules/playwright-core'));

const opts = { queries: 10000, seed: 1, 'fts5-native': 100, 'fts5-node': 50, 'fts5-chromium': 50, minisearch: 20 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in opts)) throw new Error(`unknown option ${process.argv[i]}`);
  opts[key] = Number(process.argv[i + 1]);
}

const PACK = path.join(REPO, 'build/native/codesets.pack');
const DATA = path.join(REPO, 'build/bench');
const NATIVE = path.join(REPO, 'build/native/medcode_bench_search');
const WASM_NODE = path.join(REPO, 'build/wasm/medcode_bench_search.js');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

// `BENCH {json}` lines of medcode_bench_search; other lines are echoed.
function parseBench(lines, place) {
  const rows = [];
  for (const line of lines) {
    if (line.startsWith('BENCH ')) rows.push({ place, ...JSON.parse(line.slice(6)) });
    else if (line.trim()) console.log(`  ${place}: ${line}`);
  }
  return rows;
}

// A static server for the page, with cross-origin isolation (COOP + COEP) so that performance.now() has a 5 us step
// instead of 100 us: Medcode's keystrokes take well under 100 us.
function serve() {
  const routes = [
    ['/bench/', path.join(REPO, 'tools/bench')],
    ['/wasm/', path.join(REPO, 'build/wasm')],
    ['/minisearch/', path.join(REPO, 'web/node_modules/minisearch/dist')],
    ['/data/codesets.pack', PACK],
    ['/data/', DATA],
  ];
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = null;
    if (url === '/' || url === '/page.html') file = path.join(REPO, 'tools/bench/search_page.html');
    for (const [prefix, dir] of routes) {
      if (!file && url.startsWith(prefix)) file = prefix.endsWith('/') ? path.join(dir, url.slice(prefix.length)) : dir;
    }
    if (!file || file.includes('..') || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function chromiumRows() {
  const server = await serve();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-bench-udd-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
    await page.waitForFunction(() => window.medcodeReady && window.pageReady, null, { timeout: 120000 });
    const isolated = await page.evaluate(() => [window.crossOriginIsolated, window.timerResolution()]);
    const version = context.browser()?.version() || 'chromium';
    console.log(`  chromium: ${version}, crossOriginIsolated ${isolated[0]}, ` +
      `performance.now() step ${isolated[1].toFixed(3)} ms`);
    const lines = await page.evaluate((a) => window.runMedcode(a),
      [opts.queries, opts.seed, opts['fts5-chromium'], opts.minisearch]);
    const rows = parseBench(lines, 'chromium');
    const mini = await page.evaluate((n) => window.runMiniSearch(n), opts.minisearch);
    console.log(`  chromium: MiniSearch index JSON ${(mini.json_bytes / 1e6).toFixed(1)} MB (JSON.stringify length)`);
    rows.push({ place: 'chromium', ...mini });
    if (errors.length) throw new Error(errors.join('\n'));
    return rows;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
    server.close();
  }
}

const f3 = (x) => x.toFixed(3);
const f1 = (x) => x.toFixed(1);

async function main() {
  fs.mkdirSync(DATA, { recursive: true });
  console.log(run(NATIVE, ['export', PACK, DATA, String(opts.queries), String(opts.seed)]).trim());
  const rows = [];
  rows.push(...parseBench(run(NATIVE, [PACK, opts.queries, opts.seed, opts['fts5-native']].map(String)).split('\n'), 'native'));
  rows.push(...parseBench(run(process.execPath, [WASM_NODE, PACK, opts.queries, opts.seed, opts['fts5-node']].map(String))
    .split('\n'), `node ${process.version}`));
  rows.push(...await chromiumRows());

  console.log(`\n${new Date().toISOString()}  ${os.cpus()[0].model}, ${os.cpus().length} cores`);
  console.log('| place | engine | queries | keystrokes | p50 ms | p99 ms | max ms | mean ms | build ms | memory MB (what) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(`| ${r.place} | ${r.engine} | ${r.queries} | ${r.keystrokes} | ${f3(r.p50)} | ${f3(r.p99)} | ${f3(r.max)} | ${f3(r.mean)} | ` +
      `${Math.round(r.build_ms)} | ${f1(r.memory_bytes / 1e6)} (${r.memory_what}) |`);
  }
  console.log('\nRatios (peer time / Medcode time on the same first N queries and keystrokes; > 1: Medcode faster)');
  console.log('| place | peer | N queries | p50 ratio | p99 ratio |');
  console.log('|---|---|---:|---:|---:|');
  for (const peer of rows.filter((r) => r.engine !== 'medcode')) {
    const medcode = rows.find((r) => r.place === peer.place && r.engine === 'medcode' && r.keystrokes === peer.keystrokes);
    if (!medcode) continue;
    console.log(`| ${peer.place} | ${peer.engine} | ${peer.queries} | ${f1(peer.p50 / medcode.p50)}x | ` +
      `${f1(peer.p99 / medcode.p99)}x |`);
  }
}

await main();
