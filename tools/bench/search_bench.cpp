// search_bench.cpp: the encoder's search benchmark (tools/bench/search runs it; not a test). Replays realistic queries
// keystroke by keystroke over the real code-set pack and reports the latency of each keystroke's search (p50, p99,
// max), the index build time and the index memory. Queries: alphabetic index paths and ICD-10-CM descriptions drawn
// with a fixed seed, typed the way a coder types (lower case, each word cut to at most 6 letters).
//
//   medcode_bench_search <pack> [queries=10000] [seed=1]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "engine/codeset_index.h"
#include "engine/codeset_pack.h"
#include "engine/search.h"

using namespace medcode::engine;
using Clock = std::chrono::steady_clock;

namespace {

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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: medcode_bench_search <pack> [queries] [seed]\n");
    return 2;
  }
  const size_t wanted = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 10000;
  const unsigned seed = argc > 3 ? static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10)) : 1;
  const auto t0 = Clock::now();
  auto pack = CodeSetPack::Open(argv[1]);
  if (!pack.ok()) {
    std::fprintf(stderr, "%s\n", pack.error().ToString().c_str());
    return 1;
  }
  const auto t1 = Clock::now();
  auto index = BuildSearchIndex(*pack);
  if (!index.ok()) {
    std::fprintf(stderr, "%s\n", index.error().ToString().c_str());
    return 1;
  }
  const auto t2 = Clock::now();

  // Half the queries from index paths, half from descriptions.
  std::vector<std::string> sources;
  (void)ForEachIndexPath(*pack, [&](const IndexPathEntry& e) { sources.push_back(e.path); });
  const size_t paths = sources.size();
  auto s = pack->db().Prepare("SELECT description FROM icd10cm_code WHERE description <> ''");
  while (s.ok() && s->Step().value_or(false)) sources.push_back(s->ColumnText(0));
  std::mt19937 rng(seed);
  std::vector<std::string> queries;
  for (size_t i = 0; i < wanted; ++i) {
    const bool path = i % 2 == 0;
    // mt19937's output is the same everywhere (a distribution's is not): native and wasm replay the same queries.
    const size_t first = path ? 0 : paths, count = path ? paths : sources.size() - paths;
    queries.push_back(Typed(sources[first + rng() % count]));
  }

  std::vector<double> latencies;
  size_t results = 0;
  for (const auto& q : queries) {
    for (size_t n = 1; n <= q.size(); ++n) {
      const auto a = Clock::now();
      results += index->Search(std::string_view(q).substr(0, n)).size();
      latencies.push_back(Ms(a, Clock::now()));
    }
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()))]; };
  std::printf("pack open %.0f ms, index build %.0f ms, index memory %.1f MB, %zu documents\n", Ms(t0, t1), Ms(t1, t2),
              static_cast<double>(index->MemoryBytes()) / 1e6, index->document_count());
  std::printf("%zu queries, %zu keystrokes: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%zu results)\n", queries.size(),
              latencies.size(), pct(0.50), pct(0.99), latencies.back(), results);
  return 0;
}
