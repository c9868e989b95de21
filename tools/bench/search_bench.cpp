// search_bench.cpp: the encoder's search benchmark (tools/bench/search and tools/bench/relevance run it; not a test).
// Replays realistic queries keystroke by keystroke over the real code-set pack through Medcode's search and through
// SQLite FTS5 over the same documents, and reports the latency of each keystroke's search (p50, p99, max), the index
// build time and the index memory. Queries: alphabetic index paths and ICD-10-CM descriptions drawn with a fixed seed
// (mt19937 output, the same everywhere), typed the way a coder types (lower case, each word cut to at most 6 letters).
// Built natively, as wasm for node and as wasm for the browser (the same source).
//
//   medcode_bench_search <pack> [queries=10000] [seed=1] [fts5_queries=200] [also=N,...]
//       Medcode over all queries, FTS5 over the first fts5_queries (0: none). Prints readable lines and one
//       `BENCH {json}` line per measurement for tools/bench/search.mjs; Medcode is also reported on the first
//       fts5_queries queries and on the first N of `also` (a peer elsewhere ran those), so that ratios compare the same
//       keystrokes.
//   medcode_bench_search export <pack> <dir> [queries=10000] [seed=1] [relevance_pairs=1200]
//       Writes <dir>/documents.tsv (code, set, source, text: the documents BuildSearchIndex indexes, in its order),
//       <dir>/queries.txt (the typed queries, one a line) and <dir>/index_queries.tsv (query, expected code: the
//       relevance set derived from the alphabetic index, see IndexRelevancePairs).
//   medcode_bench_search relevance <pack> <pairs.tsv>
//       For each `query<TAB>expected` line prints `query<TAB>medcode top 5<TAB>fts5 top 5` (codes joined by ',').
#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/codeset_index.h"
#include "engine/codeset_pack.h"
#include "engine/search.h"
#include "engine/sqlite_db.h"

using namespace medcode::engine;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kLimit = 20;      // codes per keystroke, every engine
constexpr int kFtsRowLimit = 100;  // FTS5 rows read per keystroke (best bm25 first), grouped to at most kLimit codes

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// What a coder would type for `text`: its words, lower case, each cut to at most 6 letters.
std::string Typed(const std::string& text) {
  std::string out;
  for (const auto& word : SearchIndex::Tokenize(text)) {
    if (!out.empty()) out += ' ';
    out += word.substr(0, 6);
  }
  return out;
}

// Lower-case ASCII words (letters and digits) of `text`: how FTS5's unicode61 tokenizer splits it.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      w += static_cast<char>(std::tolower(u));
    } else if (!w.empty()) {
      words.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  return words;
}

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

struct Stats {
  size_t queries = 0, keystrokes = 0, results = 0;
  double p50 = 0, p99 = 0, max = 0, mean = 0;
};

Stats Summarize(std::vector<double> latencies, size_t queries, size_t results) {
  Stats s;
  s.queries = queries;
  s.keystrokes = latencies.size();
  s.results = results;
  if (latencies.empty()) return s;
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()))]; };
  s.p50 = pct(0.50);
  s.p99 = pct(0.99);
  s.max = latencies.back();
  for (double l : latencies) s.mean += l;
  s.mean /= static_cast<double>(latencies.size());
  return s;
}

void Report(const char* engine, const Stats& s, double build_ms, double memory_bytes, const char* memory_what) {
  std::printf("%-8s %6zu queries, %7zu keystrokes: p50 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms; build %.0f ms, "
              "%s %.1f MB\n", engine, s.queries, s.keystrokes, s.p50, s.p99, s.max, s.mean, build_ms, memory_what,
              memory_bytes / 1e6);
  std::printf("BENCH {\"engine\":\"%s\",\"queries\":%zu,\"keystrokes\":%zu,\"results\":%zu,\"p50\":%.4f,\"p99\":%.4f,"
              "\"max\":%.4f,\"mean\":%.4f,\"build_ms\":%.1f,\"memory_bytes\":%.0f,\"memory_what\":\"%s\"}\n",
              engine, s.queries, s.keystrokes, s.results, s.p50, s.p99, s.max, s.mean, build_ms, memory_bytes, memory_what);
  std::fflush(stdout);
}

// SQLite FTS5 over the same documents: one row per document (text indexed, code not), unicode61 tokenizer with
// diacritics folded, prefix indexes for 1..3 characters (FTS5's documented way to make short prefix queries fast).
class Fts5 {
 public:
  Status Build(const SearchIndex& index) {
    auto db = Database::Open(":memory:");
    if (!db.ok()) return db.error();
    m_db = std::move(*db);
    if (Status s = m_db.Exec("CREATE VIRTUAL TABLE doc USING fts5(text, code UNINDEXED, "
                             "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'); BEGIN;");
        !s.ok()) {
      return s;
    }
    auto ins = m_db.Prepare("INSERT INTO doc(text, code) VALUES(?, ?)");
    if (!ins.ok()) return ins.error();
    for (size_t d = 0; d < index.document_count(); ++d) {
      ins->Bind(1, index.document_text(static_cast<int32_t>(d)));
      ins->Bind(2, index.code(index.document_code(static_cast<int32_t>(d))).code);
      if (Status s = ins->Run(); !s.ok()) return s;
      ins->Reset();
    }
    if (Status s = m_db.Exec("COMMIT; INSERT INTO doc(doc) VALUES('optimize');"); !s.ok()) return s;
    auto q = m_db.Prepare("SELECT code FROM doc WHERE doc MATCH ? ORDER BY rank LIMIT " + std::to_string(kFtsRowLimit));
    if (!q.ok()) return q.error();
    m_query = std::move(*q);
    return {};
  }

  // Bytes of the database (page_count * page_size).
  double Bytes() {
    auto s = m_db.Prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    return s.ok() && s->Step().value_or(false) ? static_cast<double>(s->ColumnInt(0)) : 0;
  }

  // The best codes for what is typed: every word as a prefix token, all words required, bm25 order, one row per code.
  std::vector<std::string> Search(std::string_view typed) {
    std::vector<std::string> codes;
    std::string match;
    for (const auto& w : Words(typed)) {
      if (!match.empty()) match += " AND ";
      match += '"' + w + "\"*";
    }
    if (match.empty()) return codes;
    m_query.Reset();
    m_query.Bind(1, match);
    while (codes.size() < kLimit && m_query.Step().value_or(false)) {
      std::string code = m_query.ColumnText(0);
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(std::move(code));
    }
    m_query.Reset();
    return codes;
  }

 private:
  Database m_db;
  Statement m_query;
};

std::vector<std::string> MakeQueries(const CodeSetPack& pack, size_t wanted, unsigned seed) {
  // Half the queries from index paths, half from descriptions.
  std::vector<std::string> sources;
  (void)ForEachIndexPath(pack, [&](const IndexPathEntry& e) { sources.push_back(e.path); });
  const size_t paths = sources.size();
  auto s = pack.db().Prepare("SELECT description FROM icd10cm_code WHERE description <> ''");
  while (s.ok() && s->Step().value_or(false)) sources.push_back(s->ColumnText(0));
  std::mt19937 rng(seed);
  std::vector<std::string> queries;
  for (size_t i = 0; i < wanted; ++i) {
    const bool path = i % 2 == 0;
    // mt19937's output is the same everywhere (a distribution's is not): native and wasm replay the same queries.
    const size_t first = path ? 0 : paths, count = path ? paths : sources.size() - paths;
    queries.push_back(Typed(sources[first + rng() % count]));
  }
  return queries;
}

// An index path as a coder types it: each level's first variant ("Abnormal, abnormality, abnormalities" -> "Abnormal"),
// without nonessential modifiers in parentheses ("blood level (of)" -> "blood level").
std::string CoderPath(const std::string& path) {
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(" > ", start);
    if (end == std::string::npos) end = path.size();
    std::string level = path.substr(start, end - start);
    level = level.substr(0, level.find(','));
    std::string kept;
    int depth = 0;
    for (char c : level) {
      if (c == '(') ++depth;
      else if (c == ')') depth = std::max(0, depth - 1);
      else if (depth == 0) kept += c;
    }
    out += (out.empty() ? "" : " ") + kept;
    start = end + 3;
  }
  return out;
}

// The relevance set derived from the alphabetic index: entries of the main index and the external cause index (not
// the tables, whose paths end in a column name) that print a full code (kCode, billable in the newest edition), their
// path as a coder types it (CoderPath; words in order, lower case, no punctuation, no possessive 's', no NEC/NOS),
// the code as the answer. Paths whose words lead to more than one code are left out. `count` of them drawn with
// mt19937(seed), no repeats, in index order.
std::vector<std::pair<std::string, std::string>> IndexRelevancePairs(const CodeSetPack& pack, const SearchIndex& index,
                                                                      size_t count, unsigned seed) {
  std::map<std::string, bool> billable;
  for (size_t c = 0; c < index.code_count(); ++c) {
    const SearchCode& code = index.code(static_cast<uint32_t>(c));
    if (code.set == SearchSet::kIcd10cm) billable[code.code] = code.billable && code.current;
  }
  std::map<std::string, std::set<std::string>> codes_of;  // typed path -> codes
  std::vector<std::string> order;
  (void)ForEachIndexPath(pack, [&](const IndexPathEntry& e) {
    if (e.tree != IndexTree::kIndex && e.tree != IndexTree::kExternal) return;
    if (e.code.kind != IndexCodeKind::kCode) return;
    auto it = billable.find(e.code.code);
    if (it == billable.end() || !it->second) return;
    std::string typed;
    for (const auto& w : Words(CoderPath(e.path))) {
      if (w != "s" && w != "nec" && w != "nos") typed += (typed.empty() ? "" : " ") + w;  // "Aarskog's" -> "aarskog"
    }
    if (typed.empty()) return;
    auto& codes = codes_of[typed];
    if (codes.empty()) order.push_back(typed);
    codes.insert(e.code.code);
  });
  std::vector<std::string> unique;
  for (const auto& q : order) {
    if (codes_of[q].size() == 1) unique.push_back(q);
  }
  std::mt19937 rng(seed);
  std::vector<char> picked(unique.size(), 0);
  for (size_t n = 0; n < std::min(count, unique.size());) {
    const size_t i = rng() % unique.size();
    if (!picked[i]) picked[i] = 1, ++n;
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i < unique.size(); ++i) {
    if (picked[i]) pairs.emplace_back(unique[i], *codes_of[unique[i]].begin());
  }
  return pairs;
}

int Fail(const Error& e) {
  std::fprintf(stderr, "%s\n", e.ToString().c_str());
  return 1;
}

int Export(const CodeSetPack& pack, const SearchIndex& index, const std::string& dir, size_t wanted, unsigned seed,
           size_t pairs) {
  std::ofstream docs(dir + "/documents.tsv", std::ios::binary);
  docs << "code\tset\tsource\ttext\n";
  for (size_t d = 0; d < index.document_count(); ++d) {
    const auto id = static_cast<int32_t>(d);
    const SearchCode& code = index.code(index.document_code(id));
    docs << code.code << '\t' << SearchSetName(code.set) << '\t' << SearchSourceName(index.document_source(id)) << '\t'
         << OneLine(index.document_text(id)) << '\n';
  }
  std::ofstream queries(dir + "/queries.txt", std::ios::binary);
  for (const auto& q : MakeQueries(pack, wanted, seed)) queries << q << '\n';
  std::ofstream relevance(dir + "/index_queries.tsv", std::ios::binary);
  relevance << "# index_queries.tsv: GENERATED by `medcode_bench_search export` (tools/bench/relevance/run --regenerate); "
               "DO NOT EDIT.\n# query<TAB>expected: alphabetic and external cause index paths that print a full "
               "billable code, as a coder types them\n# (first variant per level, no parentheses, no NEC/NOS), "
               "drawn with mt19937(seed " << seed << "); see IndexRelevancePairs.\n";
  for (const auto& [q, code] : IndexRelevancePairs(pack, index, pairs, seed)) relevance << q << '\t' << code << '\n';
  if (!docs || !queries || !relevance) {
    std::fprintf(stderr, "export: cannot write to %s\n", dir.c_str());
    return 1;
  }
  std::printf("exported %zu documents, %zu queries, index relevance pairs to %s\n", index.document_count(), wanted,
              dir.c_str());
  return 0;
}

int Relevance(const SearchIndex& index, const std::string& file) {
  Fts5 fts;
  if (Status s = fts.Build(index); !s.ok()) return Fail(s.error());
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "relevance: cannot read %s\n", file.c_str());
    return 1;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::string query = line.substr(0, line.find('\t'));
    std::string medcode, fts5;
    for (const auto& hit : index.Search(query, {.limit = 5})) {
      medcode += (medcode.empty() ? "" : ",") + index.code(hit.code_id).code;
    }
    const auto codes = fts.Search(query);
    for (size_t i = 0; i < std::min<size_t>(5, codes.size()); ++i) fts5 += (i ? "," : "") + codes[i];
    std::printf("%s\t%s\t%s\n", query.c_str(), medcode.c_str(), fts5.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string mode = "bench";
  if (!args.empty() && (args[0] == "export" || args[0] == "relevance")) {
    mode = args[0];
    args.erase(args.begin());
  }
  if (args.empty() || (mode == "export" && args.size() < 2) || (mode == "relevance" && args.size() < 2)) {
    std::fprintf(stderr, "usage: medcode_bench_search <pack> [queries] [seed] [fts5_queries]\n"
                         "       medcode_bench_search export <pack> <dir> [queries] [seed] [relevance_pairs]\n"
                         "       medcode_bench_search relevance <pack> <pairs.tsv>\n");
    return 2;
  }
  auto arg = [&](size_t i, size_t fallback) {
    return args.size() > i ? std::strtoul(args[i].c_str(), nullptr, 10) : fallback;
  };
  const auto t0 = Clock::now();
  auto pack = CodeSetPack::Open(args[0]);
  if (!pack.ok()) return Fail(pack.error());
  const auto t1 = Clock::now();
  auto index = BuildSearchIndex(*pack);
  if (!index.ok()) return Fail(index.error());
  const auto t2 = Clock::now();

  if (mode == "export") return Export(*pack, *index, args[1], arg(2, 10000), static_cast<unsigned>(arg(3, 1)), arg(4, 1200));
  if (mode == "relevance") return Relevance(*index, args[1]);

  const size_t wanted = arg(1, 10000);
  const unsigned seed = static_cast<unsigned>(arg(2, 1));
  const size_t fts_wanted = std::min(wanted, static_cast<size_t>(arg(3, 200)));
  std::vector<size_t> subsets = {fts_wanted};
  if (args.size() > 4) {
    std::stringstream list(args[4]);
    for (std::string n; std::getline(list, n, ',');) subsets.push_back(std::min(wanted, std::strtoul(n.c_str(), nullptr, 10)));
  }
  std::sort(subsets.begin(), subsets.end());
  subsets.erase(std::unique(subsets.begin(), subsets.end()), subsets.end());
  const auto queries = MakeQueries(*pack, wanted, seed);
  std::printf("pack open %.0f ms, %zu documents, %zu codes\n", Ms(t0, t1), index->document_count(), index->code_count());

  std::vector<double> latencies;
  std::vector<std::pair<size_t, size_t>> marks(queries.size() + 1);  // after i queries: keystrokes, results
  std::vector<double> short_keys, long_keys;  // the first two characters of a query, and the rest
  std::vector<std::pair<double, std::string>> slowest;  // the 5 slowest keystrokes, slowest first
  size_t results = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    const std::string& q = queries[i];
    for (size_t n = 1; n <= q.size(); ++n) {
      const auto a = Clock::now();
      results += index->Search(std::string_view(q).substr(0, n)).size();
      latencies.push_back(Ms(a, Clock::now()));
      (n <= 2 ? short_keys : long_keys).push_back(latencies.back());
      if (slowest.size() < 5 || latencies.back() > slowest.back().first) {
        slowest.emplace_back(latencies.back(), q.substr(0, n));
        std::sort(slowest.begin(), slowest.end(), std::greater<>());
        if (slowest.size() > 5) slowest.pop_back();
      }
    }
    marks[i + 1] = {latencies.size(), results};
  }
  const double memory = static_cast<double>(index->MemoryBytes());
  Report("medcode", Summarize(latencies, queries.size(), results), Ms(t1, t2), memory, "MemoryBytes()");
  const Stats short_stats = Summarize(std::move(short_keys), 0, 0), long_stats = Summarize(std::move(long_keys), 0, 0);
  std::printf("medcode  by typed length: 1-2 characters %zu keystrokes p50 %.3f p99 %.3f ms; 3+ characters %zu "
              "keystrokes p50 %.3f p99 %.3f ms\n", short_stats.keystrokes, short_stats.p50, short_stats.p99,
              long_stats.keystrokes, long_stats.p50, long_stats.p99);
  std::printf("medcode  slowest keystrokes:");
  for (const auto& [ms, typed] : slowest) std::printf(" \"%s\" %.1f ms;", typed.c_str(), ms);
  std::printf("\n");
  for (size_t n : subsets) {
    if (n == 0 || n == queries.size()) continue;
    std::vector<double> first(latencies.begin(), latencies.begin() + static_cast<ptrdiff_t>(marks[n].first));
    Report("medcode", Summarize(std::move(first), n, marks[n].second), Ms(t1, t2), memory, "MemoryBytes()");
  }
  if (fts_wanted == 0) return 0;

  Fts5 fts;
  const auto f0 = Clock::now();
  if (Status s = fts.Build(*index); !s.ok()) return Fail(s.error());
  const auto f1 = Clock::now();
  latencies.clear();
  results = 0;
  for (size_t i = 0; i < fts_wanted; ++i) {
    const std::string& q = queries[i];
    for (size_t n = 1; n <= q.size(); ++n) {
      const auto a = Clock::now();
      results += fts.Search(std::string_view(q).substr(0, n)).size();
      latencies.push_back(Ms(a, Clock::now()));
    }
  }
  Report("fts5", Summarize(latencies, fts_wanted, results), Ms(f0, f1), fts.Bytes(), "database size");
  return 0;
}
