// minisearch_peer.mjs: MiniSearch (npm) as the benchmark's and relevance check's peer, on the documents Medcode
// indexes (build/bench/documents.tsv, exported by medcode_bench_search). The same code runs in the headless Chromium
// page (tools/bench/search_page.html) and under node (tools/bench/relevance/relevance.mjs); MiniSearch itself is passed in.
//
// Options: the search-as-you-type setup of MiniSearch's documentation (prefix: true, fuzzy: 0.2), all words required
// (combineWith 'AND', as Medcode and the FTS5 query do). Results are documents; they are grouped to codes (a code's
// first, best-scored document) and cut to 20 codes, as for the other engines.
export const SEARCH_OPTIONS = { prefix: true, fuzzy: 0.2, combineWith: 'AND' };
export const LIMIT = 20;

// documents.tsv (header `code set source text`) -> [{ id, code, text }]
export function parseDocuments(tsv) {
  const docs = [];
  const lines = tsv.split('\n');
  for (let i = 1; i < lines.length; ++i) {
    if (!lines[i]) continue;
    const f = lines[i].split('\t');
    docs.push({ id: docs.length, code: f[0], text: f[3] });
  }
  return docs;
}

export function buildIndex(MiniSearch, docs) {
  const index = new MiniSearch({ fields: ['text'], storeFields: ['code'] });
  index.addAll(docs);
  return index;
}

export function topCodes(index, query, limit = LIMIT) {
  const codes = [];
  const seen = new Set();
  for (const r of index.search(query, SEARCH_OPTIONS)) {
    if (seen.has(r.code)) continue;
    seen.add(r.code);
    codes.push(r.code);
    if (codes.length === limit) break;
  }
  return codes;
}
