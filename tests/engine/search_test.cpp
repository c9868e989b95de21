// search_test.cpp: the encoder's search engine over the real code-set pack: tokenising, abbreviations, typo
// tolerance, code and code-prefix queries, filters, and ranking on cases a coder would check.
#include "engine/search.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/codeset_pack.h"
#include "test_util.h"

using namespace medcode::engine;

namespace {

const std::string kSynonymsPath = std::string(MEDCODE_SOURCE_DIR) + "/codesets/medcode/abbreviations.tsv";

// One index for the whole suite, built from the pack the build made (which carries the abbreviations file).
const SearchIndex& Index() {
  static const SearchIndex index = [] {
    auto pack = CodeSetPack::Open(MEDCODE_TEST_PACK);
    REQUIRE(pack.ok());
    auto built = BuildSearchIndex(*pack);
    REQUIRE(built.ok());
    return std::move(built).value();
  }();
  return index;
}

std::vector<std::string> Codes(std::string_view query, SearchOptions options = {}) {
  std::vector<std::string> out;
  for (const auto& hit : Index().Search(query, options)) out.push_back(Index().code(hit.code_id).code);
  return out;
}

// Position of `code` in the results (0 = first), or -1.
int Rank(std::string_view query, std::string_view code, SearchOptions options = {}) {
  const auto codes = Codes(query, options);
  for (size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] == code) return static_cast<int>(i);
  }
  return -1;
}

bool AnyStartsWith(const std::vector<std::string>& codes, size_t top, std::string_view prefix) {
  for (size_t i = 0; i < std::min(top, codes.size()); ++i) {
    if (codes[i].rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("tokenising: lower case, punctuation, stop words, plural s", "[search]") {
  using V = std::vector<std::string>;
  CHECK(SearchIndex::Tokenize("Type 2 diabetes mellitus with diabetic neuropathy, unspecified") ==
        V{"type", "2", "diabete", "mellitus", "diabetic", "neuropathy", "unspecified"});
  CHECK(SearchIndex::Tokenize("Crohn's disease of small intestine") == V{"crohn", "disease", "small", "intestine"});
  CHECK(SearchIndex::Tokenize("Fractures of the femur; sepsis, abscess") == V{"fracture", "femur", "sepsis", "abscess"});
  CHECK(SearchIndex::Tokenize("  ").empty());
}

TEST_CASE("the abbreviation file is read line by line; a bad line is named", "[search]") {
  SearchIndex::Builder b;
  CHECK(b.AddSynonyms(medcode::test::ReadBytes(kSynonymsPath), kSynonymsPath).ok());
  SearchIndex::Builder bad;
  const Status s = bad.AddSynonyms("# comment\nhtn\thypertension\nno tab here\n", "abbrev.tsv");
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().where == "abbrev.tsv:3");
  // A slash inside an abbreviation is ignored ("n/v" and "nv" are one abbreviation); '*' marks a word start.
  SearchIndex::Builder slashed;
  CHECK(slashed.AddSynonyms("n/v\tnausea with vomiting\nmi\tmyocardi* infarct*\n", "a.tsv").ok());
  SearchIndex::Builder two_words;
  CHECK(two_words.AddSynonyms("heart attack\tmyocardial infarction\n", "a.tsv").error().message.find("one word") !=
        std::string::npos);
}

TEST_CASE("every billable FY2026 ICD-10-CM code is found first by its own code, dotted or not", "[search][slow]") {
  auto pack = CodeSetPack::Open(MEDCODE_TEST_PACK);
  REQUIRE(pack.ok());
  auto s = pack->db().Prepare("SELECT code FROM icd10cm_code WHERE billable_mask & ?");
  REQUIRE(s.ok());
  s->Bind(1, static_cast<int64_t>(IcdCode::Bit(2026)));
  int checked = 0, failed = 0;
  SearchOptions one;
  one.limit = 1;
  while (s->Step().value_or(false)) {
    const std::string code = s->ColumnText(0);
    std::string dotless;
    for (char c : code) {
      if (c != '.') dotless += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto a = Index().Search(code, one), b = Index().Search(dotless, one);
    if (a.empty() || b.empty() || Index().code(a[0].code_id).code != code || Index().code(b[0].code_id).code != code) {
      if (++failed < 5) UNSCOPED_INFO("not found first: " << code);
    }
    ++checked;
  }
  CHECK(checked == 74719);
  CHECK(failed == 0);
}

TEST_CASE("code prefixes list the code first, then its descendants", "[search]") {
  CHECK(Codes("e116").front() == "E11.6");
  CHECK(Codes("E11.6").front() == "E11.6");
  CHECK(AnyStartsWith(Codes("E11.6"), 5, "E11.6"));
  CHECK(Codes("99213").front() == "99213");
  CHECK(Codes("e0601").front() == "E0601");
}

TEST_CASE("ranking on cases a coder checks", "[search]") {
  // Specific over unspecified, when the words say so.
  const int neuropathy = Rank("type 2 diabetes with neuropathy", "E11.40");
  REQUIRE(neuropathy >= 0);
  CHECK(neuropathy < 5);
  const int plain = Rank("type 2 diabetes with neuropathy", "E11.9");
  CHECK((plain == -1 || plain > neuropathy));
  // Abbreviations.
  const int htn_ckd = Rank("htn ckd", "I12.9");
  CHECK(htn_ckd >= 0);
  CHECK(htn_ckd < 5);
  CHECK(Rank("dm2", "E11.9") >= 0);
  CHECK(Rank("copd", "J44.9") >= 0);
  // Fracture of the neck of the left femur: S72.0- codes for the left side at the top.
  const auto fx = Codes("fx femur neck left");
  REQUIRE_FALSE(fx.empty());
  CHECK(AnyStartsWith(fx, 3, "S72.0"));
  // HCPCS by words.
  CHECK(Rank("cpap device", "E0601") >= 0);
  CHECK(Rank("cpap device", "E0601") < 5);
}

TEST_CASE("typos: one or two edits still find the code", "[search]") {
  CHECK(Rank("hypertnsion", "I10") >= 0);
  CHECK(AnyStartsWith(Codes("diabtes type 2"), 10, "E11"));
  CHECK(AnyStartsWith(Codes("pnuemonia"), 10, "J18"));
}

TEST_CASE("filters: code set, billable only, chapter", "[search]") {
  SearchOptions hcpcs;
  hcpcs.sets = static_cast<uint8_t>(SearchSet::kHcpcs);
  for (const auto& code : Codes("oxygen", hcpcs)) CHECK(code.size() == 5);
  SearchOptions billable;
  billable.billable_only = true;
  for (const auto& hit : Index().Search("diabetes", billable)) CHECK(Index().code(hit.code_id).billable);
  SearchOptions ch9;
  ch9.chapter = 9;
  for (const auto& code : Codes("heart failure", ch9)) CHECK(code[0] == 'I');
  CHECK(Codes("zzzzqqq").empty());
}



TEST_CASE("a lone common word answered from its list gives what scoring every document gives", "[search]") {
  // The lists are chosen at build time with the query-time scorer, so they must agree exactly; a short or a long
  // word start, an abbreviation (its meanings are scanned as usual) and a trailing space.
  SearchOptions all;
  all.exhaustive = true;
  for (const char* q : {"d", "di", "dis", "mi", "hy", "unspec", "fract", "other ", "ca", "dm"}) {
    CAPTURE(q);
    const auto fast = Codes(q);
    CHECK(fast.size() == 20);
    CHECK(fast == Codes(q, all));
  }
  // With a filter the list may hold too few codes of that set: the search then scores everything.
  SearchOptions hcpcs;
  hcpcs.sets = static_cast<uint8_t>(SearchSet::kHcpcs);
  CHECK(Codes("dis", hcpcs).size() == 20);
}

TEST_CASE("a query whose every word is common keeps the top results when its scan is cut", "[search]") {
  // Documents are numbered best first and only the best-placed postings of the rarest word are scored: the first
  // results must be those of a full scan (checked on common openings a coder types).
  SearchOptions all;
  all.exhaustive = true;
  for (const char* q : {"other s", "unspec i", "accide t", "fractu lef", "neopla neop"}) {
    CAPTURE(q);
    auto fast = Codes(q), full = Codes(q, all);
    REQUIRE(fast.size() >= 5);
    fast.resize(5);
    full.resize(std::min<size_t>(5, full.size()));
    CHECK(fast == full);
  }
}

TEST_CASE("coder abbreviations give the code a coder means first", "[search]") {
  // query, the first result's code or code start
  const std::pair<const char*, const char*> cases[] = {
      {"mi", "I21"},        {"htn", "I10"},          {"dm2", "E11.9"},     {"dm", "E11.9"},      {"chf", "I50.9"},
      {"copd", "J44.9"},    {"ckd", "N18.9"},        {"afib", "I48.91"},   {"uti", "N39.0"},     {"cad", "I25.10"},
      {"gerd", "K21.9"},    {"osa", "G47.33"},       {"pe", "I26"},        {"cva", "I63.9"},     {"tia", "G45.9"},
      {"sob", "R06.0"},     {"cp", "R07.9"},         {"n/v", "R11.2"},     {"hld", "E78.5"},     {"dvt", "I82.4"},
      {"hypothyroid", "E03.9"}, {"covid", "U07.1"},  {"h/o mi", "I25.2"},  {"abd pain", "R10.9"},
      {"cellulitis left leg", "L03.116"},            {"dm2 ckd", "E11.22"}, {"pud", "K27.9"},
  };
  for (const auto& [query, code] : cases) {
    CAPTURE(query);
    const auto codes = Codes(query);
    REQUIRE_FALSE(codes.empty());
    CHECK(codes.front().rfind(code, 0) == 0);
  }
  CHECK(AnyStartsWith(Codes("bph"), 5, "N40.0"));
}
