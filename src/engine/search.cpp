// search.cpp: the encoder's in-memory search index (see search.h).
//
// [SECTION] Tokens
// [SECTION] Building
// [SECTION] Query terms (prefix ranges, synonyms, typos)
// [SECTION] Searching and ranking
#include "engine/search.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "engine/csv.h"

namespace medcode::engine {

namespace {

// Ranking weights. Scores are comparable within one query only.
constexpr float kCodeExact = 1000.0f;      // the query is exactly this code
constexpr float kCodePrefix = 500.0f;      // the query is a prefix of this code (minus length difference)
constexpr float kTermWeight = 10.0f;       // times the mean match quality of the query words (0..1)
constexpr float kCoverageWeight = 4.0f;    // times the share of the document's words the query covers
constexpr float kBillableBoost = 1.0f;     // a code that can go on a claim
constexpr float kNotCurrentPenalty = 3.0f; // a code deleted before the newest edition
constexpr float kPopularityWeight = 0.25f;  // times log2(1 + index entries leading to the code), at most 1
constexpr float kInitialEncounterBoost = 0.6f;  // 7th character A (initial encounter): what is coded first
constexpr float kDroppedTermPenalty = 4.0f;  // per query word that matched nothing at all
constexpr float kExactQuality = 1.0f;      // the word is a whole token
constexpr float kPrefixQuality = 0.8f;     // the word is the start of a token
constexpr float kSynonymQuality = 1.1f;    // an abbreviation typed whole, its meaning present: what was meant
constexpr float kSynonymRankStep = 0.05f;  // less per meaning listed before it: the first is the usual one
constexpr float kTypoQuality = 0.6f;       // one edit from a token (two edits: kTypoQuality2)
constexpr float kTypoQuality2 = 0.45f;
constexpr size_t kMaxTypoAlternatives = 40;
constexpr size_t kMaxCodePrefixScan = 5000;
// A common word start typed alone ("d", "dis", "unspec") matches tens of thousands of documents: for each word start
// with more postings than kLoneWordPostings the index keeps the documents of the best kLoneWordCodes codes, chosen at
// build time by the score such a query gives, and a lone word is answered from that list.
constexpr uint32_t kLoneWordPostings = 3000;
constexpr size_t kLoneWordCodes = 200;
constexpr float kNoScore = -1e30f;  // a document the query does not match
// A query whose every word is common scores at most about kMaxScanPostings documents of the rarest word's postings,
// the best-placed ones (documents are numbered best first). Where the rarest word spans at most kMaxCutoffLists
// tokens the cut is exact, else estimated.
constexpr size_t kMaxScanPostings = 8000;
constexpr size_t kMaxCutoffLists = 64;

float SourceBoost(SearchSource source) {
  switch (source) {
    case SearchSource::kIndex: return 1.0f;
    case SearchSource::kDescription: return 0.8f;
    case SearchSource::kUserDescriptor: return 0.8f;
    case SearchSource::kInclusionTerm: return 0.5f;
    case SearchSource::kShortDescription: return 0.4f;
  }
  return 0.0f;
}

// The letters and digits a word contains, one bit each: one edit changes at most two bits, which rules out most of
// the dictionary before an edit distance is computed.
uint64_t CharMask(std::string_view w) {
  uint64_t m = 0;
  for (char ch : w) {
    const unsigned char c = static_cast<unsigned char>(ch);
    m |= c >= 'a' && c <= 'z' ? 1ull << (c - 'a') : c >= '0' && c <= '9' ? 1ull << (26 + c - '0') : 1ull << 36;
  }
  return m;
}

bool IsStopWord(std::string_view w) {
  static constexpr std::array<std::string_view, 15> kStop = {"a",  "an", "and", "the", "of", "in", "on", "to",
                                                             "for", "by", "with", "at", "as", "or", "is"};
  return std::find(kStop.begin(), kStop.end(), w) != kStop.end();
}

// Optimal string alignment distance (a swap of two neighbours counts once), giving up above `limit`.
int EditDistance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

// "E11.9" / "e119 " -> "E119".
std::string CodeKey(std::string_view code) {
  std::string key;
  for (char c : code) {
    if (c == '.' || c == ' ' || c == '-') continue;
    key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return key;
}

// Whether the query, as a code key, looks like (the start of) a code rather than words.
bool LooksLikeCode(std::string_view key) {
  if (key.empty() || key.size() > 7) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  auto digit = [&](size_t i) { return i < key.size() && std::isdigit(static_cast<unsigned char>(key[i])); };
  if (std::isalpha(static_cast<unsigned char>(key[0]))) {
    // E1.., J0..; and the FY2026 list's QA0.* codes (two letters, then a digit).
    return digit(1) || (key.size() >= 3 && std::isalpha(static_cast<unsigned char>(key[1])) && digit(2));
  }
  return std::isdigit(static_cast<unsigned char>(key[0]));  // 9921, 0001U
}

}  // namespace

const char* SearchSetName(SearchSet set) {
  switch (set) {
    case SearchSet::kIcd10cm: return "icd10cm";
    case SearchSet::kHcpcs: return "hcpcs";
    case SearchSet::kCpt: return "cpt";
    case SearchSet::kModifier: return "modifier";
  }
  return "?";
}

const char* SearchSourceName(SearchSource source) {
  switch (source) {
    case SearchSource::kDescription: return "description";
    case SearchSource::kShortDescription: return "short description";
    case SearchSource::kInclusionTerm: return "inclusion term";
    case SearchSource::kIndex: return "index";
    case SearchSource::kUserDescriptor: return "your CPT descriptor";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Tokens
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Calls `emit(token)` for each token of `text` (the token is a reused buffer: copy it to keep it). The one
// definition of what a token is, for documents and queries alike.
template <class Emit>
void ForEachToken(std::string_view text, std::string& cur, Emit&& emit) {
  cur.clear();
  auto flush = [&] {
    if (cur.empty()) return;
    // A plural 's' is dropped on both sides (fractures = fracture), but not from -ss, -us, -is (abscess, mellitus,
    // sepsis).
    if (cur.size() > 3 && cur.back() == 's') {
      const char before = cur[cur.size() - 2];
      if (before != 's' && before != 'u' && before != 'i') cur.pop_back();
    }
    if (!IsStopWord(cur)) emit(cur);
    cur.clear();
  };
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      cur += static_cast<char>(std::tolower(c));
    } else if (c == '\'' && !cur.empty()) {
      continue;  // "Crohn's" -> "crohns" -> "crohn"
    } else {
      flush();
    }
  }
  flush();
}

}  // namespace

std::vector<std::string> SearchIndex::Tokenize(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  ForEachToken(text, cur, [&](const std::string& token) { out.push_back(token); });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Building
// ---------------------------------------------------------------------------------------------------------------

uint32_t SearchIndex::Builder::AddCode(SearchCode code) {
  m_codes.push_back(std::move(code));
  return static_cast<uint32_t>(m_codes.size() - 1);
}

void SearchIndex::Builder::AddDocument(uint32_t code_id, SearchSource source, std::string_view text) {
  if (text.empty()) return;
  m_docs.push_back({code_id, source, std::string(text.substr(0, 65535))});
}

Status SearchIndex::Builder::AddSynonyms(std::string_view tsv, const std::string& file_name) {
  CsvReader reader(tsv, file_name, '\t');
  std::vector<std::string_view> fields;
  for (;;) {
    auto row = reader.Next(fields);
    if (!row.ok()) return row.error();
    if (!*row) return Status::Ok();
    if (!fields[0].empty() && fields[0][0] == '#') continue;
    if (fields.size() != 2 || fields[0].empty() || fields[1].empty()) {
      return reader.RecordError("Expected 'term<TAB>expansion|expansion...', found " +
                                std::to_string(fields.size()) + " field(s)");
    }
    // "n/v" is one abbreviation: kept as "nv", as the query side joins it (JoinAbbreviations).
    std::string key(fields[0]);
    key.erase(std::remove(key.begin(), key.end(), '/'), key.end());
    const auto term = Tokenize(key);
    if (term.size() != 1) return reader.RecordError("The abbreviation must be one word: '" + std::string(fields[0]) + "'");
    std::vector<std::string> expansions;
    std::string_view rest = fields[1];
    while (!rest.empty()) {
      const size_t bar = rest.find('|');
      expansions.emplace_back(rest.substr(0, bar));
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
    m_synonyms.emplace_back(term[0], std::move(expansions));
  }
}

SearchIndex SearchIndex::Builder::BuildWithoutLists() {
  SearchIndex index;
  index.m_codes = std::move(m_codes);

  // Tokens get a provisional id in order of first sight (one hash lookup each, no copies of known tokens), then
  // the dictionary is sorted and the ids remapped, so that a prefix is a range of ids.
  std::unordered_map<std::string, uint32_t> provisional;
  provisional.reserve(1 << 16);
  std::vector<uint32_t> flat;  // provisional token ids of every document, in order
  std::vector<uint32_t> begin(m_docs.size() + 1, 0);
  std::string buffer;
  for (size_t i = 0; i < m_docs.size(); ++i) {
    ForEachToken(m_docs[i].text, buffer, [&](const std::string& token) {
      auto it = provisional.find(token);
      if (it == provisional.end()) it = provisional.emplace(token, static_cast<uint32_t>(provisional.size())).first;
      flat.push_back(it->second);
    });
    begin[i + 1] = static_cast<uint32_t>(flat.size());
  }
  std::vector<std::pair<std::string, uint32_t>> sorted(provisional.begin(), provisional.end());
  provisional = {};
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint32_t> remap(sorted.size());
  index.m_tokens.reserve(sorted.size());
  for (uint32_t id = 0; id < sorted.size(); ++id) {
    remap[sorted[id].second] = id;
    index.m_tokens.push_back(std::move(sorted[id].first));
    index.m_token_masks.push_back(CharMask(index.m_tokens.back()));
  }

  // A prior per code: how many index entries lead to it (a code the index names often is a common one), and the
  // initial-encounter 7th character; with billable and current, what a code adds to every score.
  index.m_prior.assign(index.m_codes.size(), 0.0f);
  index.m_code_static.resize(index.m_codes.size());
  std::vector<int> index_docs(index.m_codes.size(), 0);
  for (const PendingDoc& d : m_docs) index_docs[d.code_id] += d.source == SearchSource::kIndex;
  for (uint32_t c = 0; c < index.m_codes.size(); ++c) {
    const SearchCode& code = index.m_codes[c];
    float prior = std::min(1.0f, kPopularityWeight * std::log2(1.0f + static_cast<float>(index_docs[c])));
    if (code.set == SearchSet::kIcd10cm && code.code.size() == 8 && code.code.back() == 'A') prior += kInitialEncounterBoost;
    index.m_prior[c] = prior;
    index.m_code_static[c] = prior + (code.billable ? kBillableBoost : 0.0f) - (code.current ? 0.0f : kNotCurrentPenalty);
  }

  // Documents are numbered best first (what the query does not decide: source, code, and the coverage two matching
  // words would give), so that every posting list runs from the likeliest results down and a scan cut short keeps
  // the best.
  std::vector<uint32_t> order(m_docs.size());
  {
    std::vector<float> key(m_docs.size());
    for (size_t i = 0; i < m_docs.size(); ++i) {
      const float words = static_cast<float>(std::max<uint32_t>(1, begin[i + 1] - begin[i]));
      key[i] = SourceBoost(m_docs[i].source) + index.m_code_static[m_docs[i].code_id] +
               kCoverageWeight * std::min(1.0f, 2.0f / words);
      order[i] = static_cast<uint32_t>(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key[a] > key[b]; });
  }

  // Documents: text, and their distinct token ids in ascending order.
  size_t text_bytes = 0;
  for (const auto& d : m_docs) text_bytes += d.text.size();
  index.m_text.reserve(text_bytes);
  index.m_docs.reserve(m_docs.size());
  index.m_doc_tokens.reserve(flat.size());
  std::vector<uint32_t> counts(index.m_tokens.size() + 1, 0);
  std::vector<uint32_t> t;
  for (const uint32_t i : order) {
    Doc d;
    d.code_id = m_docs[i].code_id;
    d.source = m_docs[i].source;
    d.text_begin = static_cast<uint32_t>(index.m_text.size());
    d.text_length = static_cast<uint16_t>(m_docs[i].text.size());
    index.m_text += m_docs[i].text;
    t.clear();
    for (uint32_t k = begin[i]; k < begin[i + 1]; ++k) t.push_back(remap[flat[k]]);
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    if (t.size() > 255) t.resize(255);
    d.token_begin = static_cast<uint32_t>(index.m_doc_tokens.size());
    d.token_count = static_cast<uint8_t>(t.size());
    for (uint32_t id : t) ++counts[id + 1];
    index.m_doc_tokens.insert(index.m_doc_tokens.end(), t.begin(), t.end());
    index.m_docs.push_back(d);
  }
  m_docs = {};

  // Postings (CSR): documents per token, in document order.
  for (size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
  index.m_postings_begin = counts;
  index.m_postings.resize(index.m_doc_tokens.size());
  std::vector<uint32_t> fill(counts.begin(), counts.end() - 1);
  for (uint32_t d = 0; d < index.m_docs.size(); ++d) {
    const Doc& doc = index.m_docs[d];
    for (uint32_t k = 0; k < doc.token_count; ++k) index.m_postings[fill[index.m_doc_tokens[doc.token_begin + k]]++] = d;
  }

  // Codes by dotless key, for code and code-prefix queries.
  for (uint32_t c = 0; c < index.m_codes.size(); ++c) index.m_code_keys.emplace_back(CodeKey(index.m_codes[c].code), c);
  std::sort(index.m_code_keys.begin(), index.m_code_keys.end());

  // Synonyms: each expansion as its token list, a word ending in '*' kept with it (it matches as a word start);
  // several lines for one term are merged in file order.
  std::stable_sort(m_synonyms.begin(), m_synonyms.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [term, expansions] : m_synonyms) {
    if (index.m_synonyms.empty() || index.m_synonyms.back().first != term) index.m_synonyms.emplace_back(term, std::vector<std::vector<std::string>>{});
    for (const auto& e : expansions) {
      std::vector<std::string> tokens;
      std::string_view rest = e;
      while (!rest.empty()) {
        const size_t space = rest.find(' ');
        std::string_view word = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
        const bool start = !word.empty() && word.back() == '*';
        if (start) word.remove_suffix(1);
        for (auto& token : Tokenize(word)) tokens.push_back(std::move(token));
        if (start && !tokens.empty()) tokens.back() += '*';
      }
      if (!tokens.empty()) index.m_synonyms.back().second.push_back(std::move(tokens));
    }
  }
  index.m_neutral = {index.ExactId("unspecified"), index.ExactId("nos")};
  index.m_seen.assign(index.m_docs.size(), 0);
  index.m_best.assign(index.m_codes.size(), kNoScore);
  index.m_best_doc.assign(index.m_codes.size(), 0);
  return index;
}

SearchIndex SearchIndex::Builder::Build() {
  SearchIndex index = BuildWithoutLists();
  index.BuildLoneWordLists();
  return index;
}

void SearchIndex::BuildLoneWordLists() {
  for (size_t length = 1; AddLoneWordLists(length); ++length) {
  }
}

bool SearchIndex::AddLoneWordLists(size_t length) {
  // Every word start with more than kLoneWordPostings postings gets the best documents of its best kLoneWordCodes
  // codes, scored exactly as Search scores a query of that word alone (its word-start alternative; a synonym or typo
  // alternative is scanned at query time as usual). Lengths grow until no word start is that common; the lists stay
  // sorted by word start.
  std::vector<float>& best = m_best;  // the search's scratch, sized by the build and left as it was found
  std::vector<uint32_t>& best_doc = m_best_doc;
  std::vector<uint32_t> touched;
  std::vector<Term> terms(1);
  std::vector<std::pair<std::string, std::vector<uint32_t>>> added;
  {
    bool any = false;
    for (uint32_t lo = 0; lo < m_tokens.size();) {
      if (m_tokens[lo].size() < length) {
        ++lo;
        continue;
      }
      const std::string prefix = m_tokens[lo].substr(0, length);
      const uint32_t hi = PrefixRange(prefix).second;
      if (m_postings_begin[hi] - m_postings_begin[lo] <= kLoneWordPostings) {
        lo = hi;
        continue;
      }
      any = true;
      Term& term = terms[0];
      term.text = prefix;
      term.exact = ExactId(prefix);
      term.alternatives.assign(1, Alternative{lo, hi, {}, kPrefixQuality});
      const QueryContext context{0, WantsUnspecified(prefix)};
      touched.clear();
      for (uint32_t p = m_postings_begin[lo]; p < m_postings_begin[hi]; ++p) {
        const uint32_t d = m_postings[p], c = m_docs[d].code_id;
        const float score = ScoreDocument(d, terms, context);
        if (score == kNoScore) continue;
        if (best[c] == kNoScore) touched.push_back(c);
        if (score > best[c]) {
          best[c] = score;
          best_doc[c] = d;
        }
      }
      const size_t keep = std::min(kLoneWordCodes, touched.size());
      std::partial_sort(touched.begin(), touched.begin() + keep, touched.end(),
                        [&](uint32_t a, uint32_t b) { return best[a] != best[b] ? best[a] > best[b] : a < b; });
      std::vector<uint32_t> docs;
      docs.reserve(keep);
      for (size_t i = 0; i < keep; ++i) docs.push_back(best_doc[touched[i]]);
      for (uint32_t c : touched) best[c] = kNoScore;
      added.emplace_back(prefix, std::move(docs));
      lo = hi;
    }
    if (!any) return false;
  }
  // Both runs are sorted: merge.
  const size_t mid = m_lone_word_lists.size();
  for (auto& e : added) m_lone_word_lists.push_back(std::move(e));
  std::inplace_merge(m_lone_word_lists.begin(), m_lone_word_lists.begin() + static_cast<std::ptrdiff_t>(mid),
                     m_lone_word_lists.end());
  return true;
}

std::string_view SearchIndex::document_text(int32_t doc) const {
  if (doc < 0 || static_cast<size_t>(doc) >= m_docs.size()) return {};
  return std::string_view(m_text).substr(m_docs[doc].text_begin, m_docs[doc].text_length);
}

SearchSource SearchIndex::document_source(int32_t doc) const {
  return doc < 0 || static_cast<size_t>(doc) >= m_docs.size() ? SearchSource::kDescription : m_docs[doc].source;
}

size_t SearchIndex::MemoryBytes() const {
  size_t bytes = sizeof(*this) + m_text.capacity() + m_docs.capacity() * sizeof(Doc) +
                 m_doc_tokens.capacity() * 4 + m_postings.capacity() * 4 + m_postings_begin.capacity() * 4 +
                 m_seen.capacity() * 4 + m_best.capacity() * 4 + m_token_masks.capacity() * 8 +
                 m_prior.capacity() * 4 + m_code_static.capacity() * 4 + m_best_doc.capacity() * 4;
  for (const auto& [prefix, docs] : m_lone_word_lists) bytes += sizeof(prefix) + docs.capacity() * 4 + sizeof(docs);
  for (const auto& t : m_tokens) bytes += sizeof(t) + (t.size() > 15 ? t.capacity() : 0);
  for (const auto& c : m_codes) bytes += sizeof(c) + (c.code.size() > 15 ? c.code.capacity() : 0);
  bytes += m_code_keys.capacity() * sizeof(m_code_keys[0]);
  for (const auto& [term, expansions] : m_synonyms) {
    bytes += sizeof(term) + term.capacity();
    for (const auto& e : expansions) bytes += sizeof(e) + e.size() * sizeof(std::string);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Query terms
// ---------------------------------------------------------------------------------------------------------------

std::pair<uint32_t, uint32_t> SearchIndex::PrefixRange(std::string_view prefix) const {
  auto lo = std::lower_bound(m_tokens.begin(), m_tokens.end(), prefix,
                             [](const std::string& t, std::string_view p) { return std::string_view(t) < p; });
  auto hi = std::partition_point(lo, m_tokens.end(), [&](const std::string& t) {
    return t.size() >= prefix.size() && std::string_view(t).substr(0, prefix.size()) == prefix;
  });
  return {static_cast<uint32_t>(lo - m_tokens.begin()), static_cast<uint32_t>(hi - m_tokens.begin())};
}

std::pair<uint32_t, uint32_t> SearchIndex::ExactRange(std::string_view token) const {
  auto [lo, hi] = PrefixRange(token);
  if (lo < hi && m_tokens[lo] == token) return {lo, lo + 1};
  return {lo, lo};
}

uint32_t SearchIndex::ExactId(std::string_view token) const {
  const auto [lo, hi] = ExactRange(token);
  return lo < hi ? lo : kNoToken;
}

bool SearchIndex::WantsUnspecified(std::string_view word) {
  return std::string_view("unspecified").substr(0, word.size()) == word;
}

SearchIndex::Term SearchIndex::MakeTerm(const std::string& word, bool last) const {
  Term term;
  term.text = word;
  term.exact = ExactId(word);
  auto postings = [&](uint32_t lo, uint32_t hi) -> size_t { return m_postings_begin[hi] - m_postings_begin[lo]; };
  const auto [lo, hi] = PrefixRange(word);
  if (lo < hi) {
    term.alternatives.push_back({lo, hi, {}, kPrefixQuality});
    term.postings += postings(lo, hi);
  }
  auto syn = std::lower_bound(m_synonyms.begin(), m_synonyms.end(), word,
                              [](const auto& s, const std::string& w) { return s.first < w; });
  if (syn != m_synonyms.end() && syn->first == word) {
    for (size_t e = 0; e < syn->second.size(); ++e) {
      const auto& expansion = syn->second[e];
      Alternative alt;
      alt.quality = kSynonymQuality - kSynonymRankStep * static_cast<float>(e);
      size_t smallest = SIZE_MAX;
      for (const auto& tok : expansion) {
        const auto r = tok.back() == '*' ? PrefixRange(std::string_view(tok).substr(0, tok.size() - 1)) : ExactRange(tok);
        if (r.first == r.second) {
          smallest = 0;
          break;
        }
        alt.phrase.push_back(r);
        smallest = std::min(smallest, postings(r.first, r.second));
      }
      if (smallest == 0) continue;
      term.postings += smallest;
      term.alternatives.push_back(std::move(alt));
    }
  }
  if (term.alternatives.empty() && word.size() >= 4) {
    // A typing error: tokens within one edit (two for long words); for the word being typed, token starts too.
    const int limit = word.size() >= 8 ? 2 : 1;
    const uint64_t mask = CharMask(word);
    for (uint32_t id = 0; id < m_tokens.size() && term.alternatives.size() < kMaxTypoAlternatives; ++id) {
      const std::string& t = m_tokens[id];
      if (t.size() + limit < word.size()) continue;
      // Letters the word has and the token lacks: each edit removes at most one (a token start may lack more).
      if (__builtin_popcountll(mask & ~m_token_masks[id]) > limit) continue;
      if (!last && __builtin_popcountll(mask ^ m_token_masks[id]) > 2 * limit) continue;
      int distance = EditDistance(word, t, limit);
      if (distance > limit && last && t.size() > word.size()) {
        distance = EditDistance(word, std::string_view(t).substr(0, word.size()), limit);
      }
      if (distance <= limit) {
        term.alternatives.push_back({id, id + 1, {}, distance <= 1 ? kTypoQuality : kTypoQuality2});
        term.postings += postings(id, id + 1);
      }
    }
  }
  return term;
}

// The query with each slashed word that is an abbreviation ("n/v", "s/p") joined ("nv"), as AddSynonyms keeps it.
std::string SearchIndex::JoinAbbreviations(std::string_view query) const {
  std::string out(query);
  for (size_t start = 0; start < out.size();) {
    size_t end = out.find(' ', start);
    if (end == std::string::npos) end = out.size();
    std::string word = out.substr(start, end - start);
    if (word.find('/') != std::string::npos) {
      word.erase(std::remove(word.begin(), word.end(), '/'), word.end());
      const auto tokens = Tokenize(word);
      if (tokens.size() == 1 && std::binary_search(m_synonyms.begin(), m_synonyms.end(), tokens[0], SynonymLess())) {
        out.replace(start, end - start, tokens[0]);
        end = start + tokens[0].size();
      }
    }
    start = end + 1;
  }
  return out;
}

// The quality (0 = no match) with which `doc` meets `term`, and which of the document's tokens it matched.
SearchIndex::Match SearchIndex::MatchTerm(const Term& term, const Doc& doc) const {
  const uint32_t* begin = m_doc_tokens.data() + doc.token_begin;
  const uint32_t* end = begin + doc.token_count;
  // Quality: the best alternative present. Tokens: every document word some alternative explains (a main term
  // "Hypertension, hypertensive" is wholly what "htn" means; "diab" explains both words of "Diabetes, diabetic").
  Match best;
  auto bit = [&](const uint32_t* it) { return it - begin < 64 ? 1ull << (it - begin) : 0ull; };
  for (const Alternative& alt : term.alternatives) {
    if (alt.phrase.empty()) {
      const uint32_t* it = std::lower_bound(begin, end, alt.lo);
      if (it == end || *it >= alt.hi) continue;
      // A whole-word match beats a word start.
      float quality = alt.quality;
      for (; it != end && *it < alt.hi; ++it) {
        if (alt.quality == kPrefixQuality && *it == term.exact) quality = kExactQuality;
        best.tokens |= bit(it);
      }
      best.quality = std::max(best.quality, quality);
    } else {
      uint64_t tokens = 0;
      bool all = true;
      for (const auto& [lo, hi] : alt.phrase) {
        const uint32_t* it = std::lower_bound(begin, end, lo);
        if (it == end || *it >= hi) {
          all = false;
          break;
        }
        for (; it != end && *it < hi; ++it) tokens |= bit(it);
      }
      if (!all) continue;
      best.quality = std::max(best.quality, alt.quality);
      best.tokens |= tokens;
    }
  }
  return best;
}

// The score of document `d` for the query's terms, or kNoScore when a term is not met.
float SearchIndex::ScoreDocument(uint32_t d, const std::vector<Term>& terms, const QueryContext& context) const {
  const Doc& doc = m_docs[d];
  float quality = 0;
  uint64_t matched = 0;  // document tokens some query word explains
  for (const Term& t : terms) {
    const Match m = MatchTerm(t, doc);
    if (m.quality == 0) return kNoScore;
    quality += m.quality;
    matched |= m.tokens;
  }
  // Words that make a description no less a match: "unspecified", "NOS" do not count against coverage.
  int doc_words = doc.token_count;
  if (!context.wants_unspecified) {
    const uint32_t* b = m_doc_tokens.data() + doc.token_begin;
    for (uint32_t id : m_neutral) {
      if (id != kNoToken && std::binary_search(b, b + doc.token_count, id)) --doc_words;
    }
  }
  const float coverage =
      std::min(1.0f, static_cast<float>(__builtin_popcountll(matched)) / static_cast<float>(std::max(1, doc_words)));
  return kTermWeight * quality / static_cast<float>(terms.size()) + kCoverageWeight * coverage +
         SourceBoost(doc.source) - kDroppedTermPenalty * static_cast<float>(context.dropped) +
         m_code_static[doc.code_id];
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Searching and ranking
// ---------------------------------------------------------------------------------------------------------------

bool SearchIndex::Accept(uint32_t code_id, const SearchOptions& options) const {
  const SearchCode& c = m_codes[code_id];
  if (!(options.sets & static_cast<uint8_t>(c.set))) return false;
  if (options.billable_only && !c.billable) return false;
  if (options.chapter && c.chapter != options.chapter) return false;
  return true;
}

void SearchIndex::SearchCodes(std::string_view query, const SearchOptions& options, std::vector<SearchHit>& out) const {
  const std::string key = CodeKey(query);
  if (!LooksLikeCode(key)) {
    // A one- or two-character code that reads like a word ("RT", "LT", "GA"): modifiers. Only the exact code.
    if (key.size() > 2 || query.find(' ') != std::string_view::npos) return;
    auto it = std::lower_bound(m_code_keys.begin(), m_code_keys.end(), std::make_pair(key, uint32_t{0}));
    if (it != m_code_keys.end() && it->first == key && Accept(it->second, options)) {
      out.push_back({it->second, kCodeExact, -1});
    }
    return;
  }
  auto it = std::lower_bound(m_code_keys.begin(), m_code_keys.end(), std::make_pair(key, uint32_t{0}));
  for (size_t n = 0; it != m_code_keys.end() && n < kMaxCodePrefixScan; ++it, ++n) {
    if (it->first.compare(0, key.size(), key) != 0) break;
    if (!Accept(it->second, options)) continue;
    const SearchCode& c = m_codes[it->second];
    float score = it->first.size() == key.size() ? kCodeExact : kCodePrefix - 2.0f * (it->first.size() - key.size());
    if (c.billable) score += kBillableBoost;
    if (!c.current) score -= kNotCurrentPenalty;
    out.push_back({it->second, score, -1});
  }
}

std::vector<SearchHit> SearchIndex::Search(std::string_view query, const SearchOptions& options) const {
  std::vector<SearchHit> hits;
  SearchCodes(query, options, hits);
  if (!hits.empty() && query.find(' ') == std::string_view::npos && LooksLikeCode(CodeKey(query))) {
    // One word that names codes ("e116", "99213"): a code query, not words.
    std::sort(hits.begin(), hits.end(), [&](const SearchHit& a, const SearchHit& b) {
      return a.score != b.score ? a.score > b.score : m_codes[a.code_id].code < m_codes[b.code_id].code;
    });
    if (hits.size() > options.limit) hits.resize(options.limit);
    return hits;
  }

  const std::vector<std::string> words = Tokenize(JoinAbbreviations(query));
  // The last word is still being typed unless the query ends with a space.
  const bool typing = !query.empty() && std::isalnum(static_cast<unsigned char>(query.back()));
  std::vector<Term> terms;
  QueryContext context;
  for (size_t i = 0; i < words.size(); ++i) {
    Term t = MakeTerm(words[i], typing && i + 1 == words.size());
    if (WantsUnspecified(words[i])) context.wants_unspecified = true;
    if (t.postings == 0) {
      ++context.dropped;
    } else {
      terms.push_back(std::move(t));
    }
  }
  if (!terms.empty()) {
    // Drive from the rarest word; every other word is checked in the candidate's own token list.
    const size_t driver = std::min_element(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
                            return a.postings < b.postings;
                          }) - terms.begin();
    std::vector<uint32_t> touched;  // codes with a score
    const bool filtered = (options.sets & kAllSearchSets) != kAllSearchSets || options.billable_only || options.chapter;
    auto scan = [&](bool use_limits) {
      if (++m_epoch == 0) {
        std::fill(m_seen.begin(), m_seen.end(), 0);
        m_epoch = 1;
      }
      auto consider = [&](uint32_t d) {
        if (m_seen[d] == m_epoch) return;
        m_seen[d] = m_epoch;
        const uint32_t c = m_docs[d].code_id;
        if (filtered && !Accept(c, options)) return;
        const float score = ScoreDocument(d, terms, context);
        if (score == kNoScore) return;
        if (m_best[c] == kNoScore) touched.push_back(c);
        if (score > m_best[c]) {
          m_best[c] = score;
          m_best_doc[c] = d;
        }
      };
      // A lone common word: its word-start matches come from the precomputed lists.
      const std::vector<uint32_t>* list = nullptr;
      if (use_limits && terms.size() == 1) {
        auto it = std::lower_bound(m_lone_word_lists.begin(), m_lone_word_lists.end(), terms[0].text,
                                   [](const auto& e, const std::string& w) { return e.first < w; });
        if (it != m_lone_word_lists.end() && it->first == terms[0].text) list = &it->second;
      }
      // The driver's token ranges, and the postings they hold.
      std::vector<std::pair<uint32_t, uint32_t>> ranges;
      size_t postings = 0, lists = 0;
      for (const Alternative& alt : terms[driver].alternatives) {
        if (list && alt.phrase.empty() && alt.quality == kPrefixQuality) {
          for (uint32_t d : *list) consider(d);
          continue;
        }
        const uint32_t lo = alt.phrase.empty() ? alt.lo : alt.phrase.front().first;
        const uint32_t hi = alt.phrase.empty() ? alt.hi : alt.phrase.front().second;
        ranges.emplace_back(lo, hi);
        postings += m_postings_begin[hi] - m_postings_begin[lo];
        lists += hi - lo;
      }
      // Too many postings to score them all at a keystroke (every word common, "other s"): only the documents
      // numbered below `cutoff`, the best-placed ones, about kMaxScanPostings of them.
      uint32_t cutoff = static_cast<uint32_t>(m_docs.size());
      if (use_limits && postings > kMaxScanPostings) {
        if (lists <= kMaxCutoffLists) {
          auto below = [&](uint32_t c) {
            size_t n = 0;
            for (const auto& [lo, hi] : ranges) {
              for (uint32_t t = lo; t < hi; ++t) {
                n += std::lower_bound(m_postings.data() + m_postings_begin[t], m_postings.data() + m_postings_begin[t + 1], c) -
                     (m_postings.data() + m_postings_begin[t]);
              }
            }
            return n;
          };
          uint32_t a = 0, b = cutoff;
          while (a < b) {
            const uint32_t mid = a + (b - a) / 2;
            if (below(mid) < kMaxScanPostings) a = mid + 1; else b = mid;
          }
          cutoff = a;
        } else {
          cutoff = static_cast<uint32_t>(static_cast<double>(cutoff) * kMaxScanPostings / static_cast<double>(postings));
        }
      }
      for (const auto& [lo, hi] : ranges) {
        for (uint32_t t = lo; t < hi; ++t) {
          for (uint32_t p = m_postings_begin[t]; p < m_postings_begin[t + 1] && m_postings[p] < cutoff; ++p) consider(m_postings[p]);
        }
      }
      return list != nullptr || cutoff < m_docs.size();
    };
    const bool limited = scan(!options.exhaustive);
    // A list holds the best kLoneWordCodes codes of all sets, a cut scan the best-placed documents: a filter may
    // leave too few of them.
    if (limited && touched.size() < std::min(options.limit, kLoneWordCodes + 1)) {
      for (uint32_t c : touched) m_best[c] = kNoScore;
      touched.clear();
      scan(false);
    }
    // The best `limit` codes (plus the code hits, which may name the same codes).
    const size_t keep = std::min(touched.size(), options.limit + hits.size());
    std::partial_sort(touched.begin(), touched.begin() + keep, touched.end(), [&](uint32_t a, uint32_t b) {
      return m_best[a] != m_best[b] ? m_best[a] > m_best[b] : a < b;
    });
    for (size_t i = 0; i < keep; ++i) {
      hits.push_back({touched[i], m_best[touched[i]], static_cast<int32_t>(m_best_doc[touched[i]])});
    }
    for (uint32_t c : touched) m_best[c] = kNoScore;
  }

  // One hit per code: its best score (a code hit beats its documents).
  std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.code_id != b.code_id ? a.code_id < b.code_id : a.score > b.score;
  });
  hits.erase(std::unique(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.code_id == b.code_id; }),
             hits.end());
  const size_t n = std::min(options.limit, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + n, hits.end(), [&](const SearchHit& a, const SearchHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return m_codes[a.code_id].code < m_codes[b.code_id].code;
  });
  hits.resize(n);
  // A word-like code in lower case ("rt", "cp") is read as words first and the code second; typed in capitals
  // ("RT") or as a code shape ("59") it stays first.
  if (hits.size() > 1 && hits[0].doc < 0 && !LooksLikeCode(CodeKey(query)) &&
      std::none_of(query.begin(), query.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); })) {
    std::swap(hits[0], hits[1]);
  }
  return hits;
}

}  // namespace medcode::engine
