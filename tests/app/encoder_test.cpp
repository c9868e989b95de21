// encoder_test.cpp: the encoder in the Session over the real code-set pack and a real user database: search rows with
// badges, assigning codes (diagnoses, services, modifiers), the 7th-character builder, headers refused, recent and
// frequent codes, sequencing and removal, everything saved.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/session.h"
#include "engine/codeset_tabular.h"
#include "test_util.h"

using namespace medcode::app;
using medcode::test::TempDir;

namespace {

// A session with the pack loaded, the search index built (it is built a couple of ticks after the pack) and an
// encounter open on `dos`.
void Open(Session& s, const std::string& db, const std::string& dos = "2025-03-04") {
  s.OpenStore(db);
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  REQUIRE_FALSE(s.search_ready());
  CHECK(s.search_index_status() == "Preparing the search index...");
  CHECK(s.busy());
  // One part per tick, with progress that only grows.
  double progress = 0;
  for (int i = 0; i < 100 && !s.search_ready(); ++i) {
    s.Tick(0.0);
    CHECK(s.search_index_progress() >= progress);
    progress = s.search_index_progress();
    if (s.search_index_building() && progress > 0) CHECK(s.search_index_status().rfind("Preparing the search index: ", 0) == 0);
  }
  REQUIRE(s.search_ready());
  CHECK_FALSE(s.search_index_building());  // the claim rules load next (scrub_test.cpp)
  CHECK(s.search_index_status().empty());
  if (!s.has_open_encounter()) s.NewEncounter();
  s.draft().date_of_service = dos;
}

std::vector<std::string> Codes(const std::vector<SearchRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.code);
  return out;
}

bool HasBadge(const SearchRow& r, const std::string& badge) {
  return std::find(r.badges.begin(), r.badges.end(), badge) != r.badges.end();
}

}  // namespace

TEST_CASE("search rows rank, describe and badge codes; arrows move the selection", "[session][encoder]") {
  TempDir dir;
  Session s;
  Open(s, dir.File("medcode.db"));
  s.search_query() = "type 2 diabetes with neuropathy";
  const auto& rows = s.search_rows();
  REQUIRE(rows.size() >= 2);
  const auto codes = Codes(rows);
  const auto at = [&](const std::string& c) { return std::find(codes.begin(), codes.end(), c) - codes.begin(); };
  CHECK(at("E11.40") < at("E11.9"));
  CHECK(at("E11.40") < 5);
  const SearchRow& e1140 = rows[static_cast<size_t>(at("E11.40"))];
  CHECK(e1140.kind == CodeKind::kIcd10cm);
  CHECK(e1140.description.find("neuropathy") != std::string::npos);
  CHECK(HasBadge(e1140, "Billable"));
  CHECK(std::any_of(e1140.badges.begin(), e1140.badges.end(), [](const std::string& b) { return b.rfind("HCC", 0) == 0; }));

  CHECK(s.search_selection() == 0);
  s.MoveSearchSelection(+2);
  CHECK(s.selected_search_row()->code == rows[std::min<size_t>(2, rows.size() - 1)].code);
  s.MoveSearchSelection(-10);
  CHECK(s.search_selection() == 0);
  s.MoveSearchSelection(+1000);
  CHECK(s.search_selection() == static_cast<int>(rows.size()) - 1);

  s.search_query() = "E11";
  REQUIRE_FALSE(s.search_rows().empty());
  CHECK(s.search_rows()[0].code == "E11");
  CHECK(HasBadge(s.search_rows()[0], "Header"));

  // B88.0 was billable in FY2024 and is a header since FY2025: the badge follows the date of service, and says
  // nothing when the date is outside the editions loaded (validity cannot be checked there).
  s.search_query() = "B88.0";
  REQUIRE(s.search_rows()[0].code == "B88.0");
  CHECK(HasBadge(s.search_rows()[0], "Not billable on DOS"));
  s.draft().date_of_service = "2024-03-04";
  CHECK_FALSE(HasBadge(s.search_rows()[0], "Not billable on DOS"));
  s.draft().date_of_service = "2030-01-01";
  CHECK_FALSE(HasBadge(s.search_rows()[0], "Not billable on DOS"));
  s.draft().date_of_service = "2025-03-04";

  s.search_query() = "59";
  REQUIRE_FALSE(s.search_rows().empty());
  CHECK(s.search_rows()[0].code == "59");
  CHECK(HasBadge(s.search_rows()[0], "Modifier"));
  CHECK(s.search_rows()[0].description.find("AMA") != std::string::npos);  // a CPT modifier: its text is licensed
  // A modifier that reads like a word: first when typed in capitals, second (after the words' best code) when not.
  s.search_query() = "RT";
  REQUIRE(s.search_rows().size() > 2);
  CHECK(s.search_rows()[0].code == "RT");
  CHECK(s.search_rows()[0].description.find("Right side") == 0);
  s.search_query() = "rt";
  REQUIRE(s.search_rows().size() > 2);
  CHECK(s.search_rows()[1].code == "RT");
  CHECK(s.search_rows()[0].kind == CodeKind::kIcd10cm);
}

TEST_CASE("assigning codes: diagnoses in order, services pointing at the primary, modifiers on the line, saved",
          "[session][encoder]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  int64_t id = 0;
  {
    Session s;
    Open(s, db);
    id = s.selected_id();
    REQUIRE(s.AssignCode("e11.42"));
    CHECK(s.status().text == "Assigned E11.42 as diagnosis 1.");
    REQUIRE(s.AssignCode("I10"));
    CHECK_FALSE(s.AssignCode("E11.42"));  // already there
    CHECK(s.status().text == "E11.42 is already diagnosis 1.");
    CHECK_FALSE(s.AssignCode("I10", AssignAs::kService));  // a diagnosis is no service
    CHECK(s.status().text.find("diagnosis code") != std::string::npos);

    CHECK_FALSE(s.AssignCode("59"));  // a modifier needs a line
    REQUIRE(s.AssignCode("99214"));
    REQUIRE(s.AssignCode("E0601"));
    s.SelectCode({true, 0});
    REQUIRE(s.AssignCode("25"));
    CHECK(s.status().text == "Added modifier 25 to 99214 (line 1).");

    CHECK_FALSE(s.AssignCode("E11"));  // a header is refused and opened to choose below
    CHECK(s.status().text.find("header") != std::string::npos);
    REQUIRE(s.code_detail() != nullptr);
    CHECK(s.code_detail()->code == "E11");
    CHECK_FALSE(s.AssignCode("Q99.99"));
    CHECK(s.status().severity == Severity::kError);

    CHECK_FALSE(s.draft_dirty());  // saved the moment they changed
  }
  Session s;
  s.OpenStore(db);
  s.SelectEncounter(id);
  const auto& c = s.coding();
  REQUIRE(c.diagnoses.size() == 2);
  CHECK(c.diagnoses[0].code == "E11.42");
  CHECK(c.diagnoses[1].code == "I10");
  REQUIRE(c.services.size() == 2);
  CHECK(c.services[0].code == "99214");
  CHECK(c.services[0].modifiers == std::vector<std::string>{"25"});
  CHECK(c.services[0].pointers == std::vector<int>{1});
  CHECK(c.services[1].code == "E0601");
}

TEST_CASE("a code that needs a 7th character opens the builder; the choice assigns the full code", "[session][encoder]") {
  TempDir dir;
  Session s;
  Open(s, dir.File("medcode.db"));
  CHECK_FALSE(s.AssignCode("S72.001"));
  REQUIRE(s.seventh_builder() != nullptr);
  CHECK(s.seventh_builder()->code == "S72.001");
  CHECK(s.seventh_builder()->seventh_characters.size() >= 10);  // A, B, C, D, E, F, G, H, J, K, M, N, P, Q, R, S
  CHECK_FALSE(s.ChooseSeventh('Z'));  // not an option: the builder stays
  REQUIRE(s.seventh_builder() != nullptr);
  REQUIRE(s.ChooseSeventh('a'));
  CHECK(s.seventh_builder() == nullptr);
  REQUIRE(s.coding().diagnoses.size() == 1);
  CHECK(s.coding().diagnoses[0].code == "S72.001A");

  // Placeholder X: T36.0X1 needs its 7th character too.
  CHECK_FALSE(s.AssignCode("T36.0X1"));
  REQUIRE(s.seventh_builder() != nullptr);
  s.CancelSeventh();
  CHECK(s.seventh_builder() == nullptr);
  CHECK(s.coding().diagnoses.size() == 1);
}

TEST_CASE("Excludes1 with an assigned diagnosis shows on the result row", "[session][encoder]") {
  TempDir dir;
  Session s;
  Open(s, dir.File("medcode.db"));
  REQUIRE(s.AssignCode("E10.9"));
  s.search_query() = "E11.9";
  REQUIRE_FALSE(s.search_rows().empty());
  CHECK(s.search_rows()[0].code == "E11.9");
  CHECK(HasBadge(s.search_rows()[0], "Excludes1 with E10.9"));
  s.search_query() = "I10";
  CHECK_FALSE(HasBadge(s.search_rows()[0], "Excludes1 with E10.9"));
  s.search_query() = "E10.9";
  CHECK(HasBadge(s.search_rows()[0], "Assigned"));

  auto conflict = medcode::engine::FindIcdExcludes1(*s.code_sets(), "E10.9", "E11.9");
  REQUIRE(conflict.has_value());
  CHECK(conflict->note.kind == medcode::engine::IcdNoteKind::kExcludes1);
  CHECK_FALSE(medcode::engine::FindIcdExcludes1(*s.code_sets(), "E11.9", "I10").has_value());
}

TEST_CASE("an empty query lists recent then frequent codes", "[session][encoder]") {
  TempDir dir;
  Session s;
  Open(s, dir.File("medcode.db"));
  CHECK(s.search_rows().empty());
  REQUIRE(s.AssignCode("I10"));
  REQUIRE(s.AssignCode("E78.5"));
  s.NewEncounter();
  REQUIRE(s.AssignCode("I10"));
  s.search_query() = "";
  const auto& rows = s.search_rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].group == "Recent");
  CHECK(rows[0].description.find("hypertension") != std::string::npos);
  CHECK(Codes(rows) == std::vector<std::string>{"I10", "E78.5"});
}

TEST_CASE("sequencing and removing codes in the Codes panel keep pointers right and save", "[session][encoder]") {
  TempDir dir;
  Session s;
  Open(s, dir.File("medcode.db"));
  for (const char* c : {"E11.9", "I10", "N18.30"}) REQUIRE(s.AssignCode(c));
  REQUIRE(s.AssignCode("99214"));
  s.SelectCode({false, 2});
  s.MoveSelectedDiagnosis(-1);
  CHECK(s.coding().diagnoses[1].code == "N18.30");
  CHECK(s.code_selection().index == 1);
  s.MoveSelectedDiagnosis(-1);
  CHECK(s.coding().diagnoses[0].code == "N18.30");
  CHECK(s.coding().services[0].pointers == std::vector<int>{2});  // still E11.9
  CHECK(s.status().text == "N18.30 is now diagnosis 1.");
  s.SelectCode({false, 1});
  s.RemoveSelectedCode();
  CHECK(s.coding().diagnoses.size() == 2);
  CHECK(s.coding().services[0].pointers.empty());
  CHECK(s.status().text == "Removed E11.9.");
  s.SelectCode({true, 0});
  s.RemoveSelectedCode();
  CHECK(s.coding().services.empty());
  CHECK_FALSE(s.draft_dirty());
}


TEST_CASE("imported CPT descriptors are searchable by their words once the index is rebuilt", "[session][encoder]") {
  TempDir dir;
  Session s;
  Open(s, dir.File("medcode.db"));
  s.search_query() = "zebraclinic";  // made-up text: real descriptors are licensed and never in the repository
  CHECK(s.search_rows().empty());
  s.ImportCptDescriptors("ours.txt", "99213\tZebraclinic office visit, established patient\n");
  CHECK(s.search_ready());  // the old index serves while the new one is built
  for (int i = 0; i < 100 && s.search_index_building(); ++i) s.Tick(0.0);
  REQUIRE(s.search_ready());
  REQUIRE_FALSE(s.search_rows().empty());
  CHECK(s.search_rows()[0].code == "99213");
  CHECK(s.search_rows()[0].description == "Zebraclinic office visit, established patient");
  s.RemoveCptDescriptors();
  for (int i = 0; i < 100 && s.search_index_building(); ++i) s.Tick(0.0);
  CHECK(s.search_rows().empty());
}
