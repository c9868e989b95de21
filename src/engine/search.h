// search.h: the encoder's search engine: from what a coder types to ranked codes, in memory, at every keystroke.
//
// Documents are short texts that lead to a code: the code itself, its descriptions, inclusion terms, alphabetic index
// paths ("Diabetes, type 2, with neuropathy"), HCPCS short descriptions, a user's CPT descriptors. A query is either
// a code or code prefix ("E11.6", "e116", "9921") or words in any order, each matched as a word prefix ("diab neuro"),
// through medical abbreviations and synonyms (a data table: "htn" -> "hypertension" | "hypertensive"), and with one or
// two typing errors when a word matches nothing. Results are codes (one hit per code, its best document), ranked so
// that the exact code comes first, index paths and billable codes rank higher, and "unspecified" codes rank below
// specific ones unless the query asks for "unspecified".
//
// Layout (built once, read-only afterwards): a sorted token dictionary with postings (document ids per token), every
// document's token ids, and codes sorted by their dotless key for code-prefix lookup. Prefix matching is a range of
// the sorted dictionary, so checking a candidate document is a scan of its few token ids. Documents are numbered best
// first (what the query does not decide: source, code, likely coverage), so a posting list runs from the likeliest
// results down: a query whose every word is common scores only the best-placed part of its rarest word's postings,
// and a lone common word start is answered from a list of its best documents precomputed with the same scorer.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/cpt_descriptors.h"
#include "engine/result.h"

namespace medcode::engine {

// Which code set a code belongs to; combinable as a filter mask.
enum class SearchSet : uint8_t {
  kIcd10cm = 1,
  kHcpcs = 2,  // HCPCS Level II
  kCpt = 4,
  kModifier = 8,
};
inline constexpr uint8_t kAllSearchSets = 0x0F;
const char* SearchSetName(SearchSet set);  // "icd10cm", "hcpcs", "cpt", "modifier"

// Where a document's text comes from (ranking weights differ).
enum class SearchSource : uint8_t {
  kDescription,      // the code's (long) description
  kShortDescription, // HCPCS short description
  kInclusionTerm,    // ICD-10-CM tabular inclusion term
  kIndex,            // ICD-10-CM alphabetic index path (main term > subterms), or a table row
  kUserDescriptor,   // the user's licensed CPT descriptor
};
const char* SearchSourceName(SearchSource source);

// A code known to the index.
struct SearchCode {
  std::string code;  // as shown: "E11.9", "99213", "E0601", "59"
  SearchSet set = SearchSet::kIcd10cm;
  bool billable = true;  // ICD-10-CM: billable in the newest edition; other sets: true
  bool current = true;   // valid in the newest edition loaded (deleted codes stay findable, ranked lower)
  int chapter = 0;       // ICD-10-CM chapter 1..22, else 0
};

struct SearchHit {
  uint32_t code_id = 0;  // index into SearchIndex::code()
  float score = 0;
  int32_t doc = -1;  // the document that matched best; -1 when the code itself matched
};

struct SearchOptions {
  uint8_t sets = kAllSearchSets;  // mask of SearchSet
  bool billable_only = false;
  int chapter = 0;  // ICD-10-CM chapter filter, 0 = any
  size_t limit = 20;
  // Score every matching document instead of answering a lone common word from its precomputed list (tests check
  // that both give the same results).
  bool exhaustive = false;
};

class SearchIndexBuild;

class SearchIndex {
 public:
  class Builder {
   public:
    // Adds a code and returns its id (add each code once).
    uint32_t AddCode(SearchCode code);
    // Adds a text leading to code `code_id`.
    void AddDocument(uint32_t code_id, SearchSource source, std::string_view text);
    // Abbreviations and synonyms, one per line: `term<TAB>expansion[|expansion...]` ("htn<TAB>hypertension|
    // hypertensive"); '#' starts a comment line. Errors name the line.
    Status AddSynonyms(std::string_view tsv, const std::string& file_name);
    SearchIndex Build();

   private:
    friend class SearchIndex;
    friend class SearchIndexBuild;
    SearchIndex BuildWithoutLists();  // Build() but for the lone-word lists (a step of its own in SearchIndexBuild)
    struct PendingDoc {
      uint32_t code_id;
      SearchSource source;
      std::string text;
    };
    std::vector<SearchCode> m_codes;
    std::vector<PendingDoc> m_docs;
    std::vector<std::pair<std::string, std::vector<std::string>>> m_synonyms;
  };

  std::vector<SearchHit> Search(std::string_view query, const SearchOptions& options = {}) const;

  const SearchCode& code(uint32_t id) const { return m_codes[id]; }
  size_t code_count() const { return m_codes.size(); }
  size_t document_count() const { return m_docs.size(); }
  std::string_view document_text(int32_t doc) const;
  SearchSource document_source(int32_t doc) const;
  // The code a document leads to (tools/bench exports the documents to run other engines on the same records).
  uint32_t document_code(int32_t doc) const { return m_docs[static_cast<size_t>(doc)].code_id; }
  // Bytes held by the index (dictionary, postings, documents, codes), for the benchmark.
  size_t MemoryBytes() const;

  // Lower-case word tokens of `text` as the index sees them (ASCII folding, a few stop words dropped, a plural 's'
  // dropped): exposed for tests and for highlighting matched words.
  static std::vector<std::string> Tokenize(std::string_view text);

 private:
  friend class SearchIndexBuild;
  struct Doc {
    uint32_t code_id;
    uint32_t text_begin;
    uint32_t token_begin;
    uint16_t text_length;
    uint8_t token_count;
    SearchSource source;
  };
  // One way a query word can be met: a range of dictionary ids (prefix or exact), or a phrase that must all appear.
  struct Alternative {
    uint32_t lo = 0, hi = 0;       // dictionary ids [lo, hi)
    std::vector<std::pair<uint32_t, uint32_t>> phrase;  // synonym expansion: every range must be present
    float quality = 1.0f;
  };
  static constexpr uint32_t kNoToken = UINT32_MAX;
  struct Term {
    std::string text;
    uint32_t exact = kNoToken;  // the word's own dictionary id, when it is a whole token
    std::vector<Alternative> alternatives;
    size_t postings = 0;  // an estimate of how many documents match
  };

  std::pair<uint32_t, uint32_t> PrefixRange(std::string_view prefix) const;
  std::pair<uint32_t, uint32_t> ExactRange(std::string_view token) const;
  uint32_t ExactId(std::string_view token) const;  // kNoToken when not in the dictionary
  static bool WantsUnspecified(std::string_view word);  // "unsp": the coder asks for an unspecified code
  Term MakeTerm(const std::string& word, bool last) const;
  std::string JoinAbbreviations(std::string_view query) const;
  // Orders m_synonyms entries and words.
  struct SynonymLess {
    template <class E>
    bool operator()(const E& e, const std::string& w) const { return e.first < w; }
    template <class E>
    bool operator()(const std::string& w, const E& e) const { return w < e.first; }
  };
  struct Match {
    float quality = 0;    // 0: the term is not met
    uint64_t tokens = 0;  // the document tokens the term matched, by position (the first 64)
  };
  Match MatchTerm(const Term& term, const Doc& doc) const;
  // What scores a document besides its terms.
  struct QueryContext {
    int dropped = 0;  // query words that matched nothing
    bool wants_unspecified = false;
  };
  float ScoreDocument(uint32_t doc, const std::vector<Term>& terms, const QueryContext& context) const;
  void SearchCodes(std::string_view query, const SearchOptions& options, std::vector<SearchHit>& out) const;
  bool Accept(uint32_t code_id, const SearchOptions& options) const;
  void BuildLoneWordLists();
  bool AddLoneWordLists(size_t length);  // the lists of word starts of one length; false when none is that common

  std::vector<SearchCode> m_codes;
  std::vector<std::pair<std::string, uint32_t>> m_code_keys;  // dotless upper-case code -> code id, sorted
  std::vector<std::string> m_tokens;                          // sorted dictionary
  std::vector<uint64_t> m_token_masks;                        // CharMask of each token (typo filter)
  std::vector<uint32_t> m_postings_begin;                     // size m_tokens.size() + 1
  std::vector<uint32_t> m_postings;                           // document ids
  std::vector<Doc> m_docs;
  std::vector<uint32_t> m_doc_tokens;
  std::string m_text;
  std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>> m_synonyms;  // sorted by term
  // For each common word start (any length): the documents of the codes a lone such word ranks highest.
  std::vector<std::pair<std::string, std::vector<uint32_t>>> m_lone_word_lists;
  std::vector<float> m_prior;            // per code: popularity in the index, initial encounter
  std::vector<float> m_code_static;      // per code: prior, billable, not current: its share of every score
  std::array<uint32_t, 2> m_neutral{};   // "unspecified", "nos": not counted against coverage
  mutable std::vector<uint32_t> m_seen;  // scratch: per-document epoch marks (single-threaded use)
  mutable std::vector<float> m_best;     // scratch: best score per code
  mutable std::vector<uint32_t> m_best_doc;  // scratch: the document that gave it
  mutable uint32_t m_epoch = 0;
};

class CodeSetPack;

// The encoder's index over a code-set pack: ICD-10-CM codes of every edition loaded with their descriptions, HCPCS
// Level II codes with long and short descriptions, CPT code numbers, modifiers, the tabular's inclusion terms, the
// alphabetic index paths and table rows, and the pack's abbreviation table (codesets/medcode/abbreviations.tsv); and the
// user's licensed CPT descriptors for the CPT codes the pack knows.
Result<SearchIndex> BuildSearchIndex(const CodeSetPack& pack, const std::vector<CptDescriptor>& user_cpt = {});

// The same, one part per Step(), so that a UI with one thread (the browser) keeps drawing and shows progress between
// parts. The pack must outlive the build.
class SearchIndexBuild {
 public:
  SearchIndexBuild(const CodeSetPack& pack, std::vector<CptDescriptor> user_cpt);
  // Does the next part; false once everything is done (or failed): then Take().
  bool Step();
  double progress() const;    // 0..1
  const char* stage() const;  // the part the next Step() does: "alphabetic index", ...
  // Finishes what is left and hands the index over (or the error of the part that failed).
  Result<SearchIndex> Take();

 private:
  static constexpr size_t kStages = 8;
  Status RunStage(size_t stage);
  const CodeSetPack* m_pack;
  std::vector<CptDescriptor> m_user_cpt;
  SearchIndex::Builder m_builder;
  std::unordered_map<std::string, uint32_t> m_icd_ids;  // dotted ICD-10-CM code -> code id
  size_t m_stage = 0;
  size_t m_lone_word_length = 1;  // the common-word lists are built one word-start length per step
  bool m_stage_again = false;     // the stage has more to do: the next Step() runs it again
  std::optional<Error> m_error;
  std::optional<SearchIndex> m_index;
};

}  // namespace medcode::engine
