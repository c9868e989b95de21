// session_test.cpp: application state and commands over a real SQLite file: editing, autosave, files, paste,
// sync bookkeeping and recovery from a damaged database.
#include "app/session.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include <filesystem>

#include "engine/sqlite_db.h"
#include "test_util.h"

using namespace medcode::app;
using medcode::test::TempDir;

namespace {

bool HasFinding(const Session& s, const std::string& rule) {
  for (const auto& f : s.findings()) {
    if (f.rule == rule) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a new encounter's note autosaves after a pause and survives a restart", "[session]") {
  TempDir dir;
  const std::string path = dir.File("medcode.db");
  const std::string note = medcode::test::MakeNote(50 * 1024);
  {
    Session s;
    s.OpenStore(path);
    REQUIRE(s.store_ready());
    CHECK(s.findings().empty());
    s.Tick(10.0);
    s.NewEncounter();
    REQUIRE(s.has_open_encounter());
    CHECK(s.draft().date_of_service.size() == 10);  // today, YYYY-MM-DD
    s.draft().patient_label = "Roe, R";
    s.draft().note_text = note;
    s.MarkDraftEdited(10.0);
    CHECK(s.save_state() == SaveState::kUnsaved);
    s.Tick(10.0 + Session::kAutosaveIdleSeconds / 2);
    CHECK(s.draft_dirty());
    s.Tick(10.0 + Session::kAutosaveIdleSeconds + 0.01);
    CHECK_FALSE(s.draft_dirty());
  }
  Session again;
  again.OpenStore(path);
  REQUIRE(again.encounters().size() == 1);
  CHECK(again.encounters()[0].patient_label == "Roe, R");
  CHECK(again.draft().note_text == note);  // the first encounter opens on start
}

TEST_CASE("dates of service are normalised, and bad ones become findings without losing the text", "[session]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.NewEncounter();
  s.draft().date_of_service = "03/04/2025";
  s.MarkDraftEdited(0);
  s.CommitEdits();
  CHECK(s.draft().date_of_service == "2025-03-04");
  CHECK_FALSE(HasFinding(s, "encounter.dos.invalid"));

  s.draft().date_of_service = "13/45/2025";
  s.MarkDraftEdited(0);
  s.CommitEdits();
  CHECK(s.draft().date_of_service == "13/45/2025");
  REQUIRE(HasFinding(s, "encounter.dos.invalid"));
  CHECK(s.findings().front().severity == Severity::kError);
  CHECK(s.encounters()[0].date_of_service == "13/45/2025");

  s.draft().date_of_service = "2199-12-31";
  s.MarkDraftEdited(0);
  s.CommitEdits();
  CHECK(HasFinding(s, "encounter.dos.future"));

  s.draft().date_of_service = "";
  s.MarkDraftEdited(0);
  s.CommitEdits();
  CHECK(HasFinding(s, "encounter.dos.missing"));
}

TEST_CASE("opening files puts the whole note in the Document and rejects binary files", "[session]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  const std::string note = medcode::test::MakeNote(50 * 1024);
  s.LoadDocument("visit-2025-03-04.txt", note);
  REQUIRE(s.encounters().size() == 1);
  CHECK(s.draft().note_text == note);
  CHECK(s.draft().patient_label == "visit-2025-03-04");
  CHECK_FALSE(s.draft_dirty());  // written at once

  // The open encounter already has a note: a second file gets its own encounter.
  s.LoadDocument("second.txt", "Line one\r\nLine two\r\n");
  REQUIRE(s.encounters().size() == 2);
  CHECK(s.draft().note_text == "Line one\nLine two\n");

  const auto generation = s.draft_generation();
  s.LoadDocument("scan.pdf", std::string("%PDF-1.7\n\0\0binary", 18));
  CHECK(s.encounters().size() == 2);
  CHECK(s.draft().note_text == "Line one\nLine two\n");
  CHECK(s.draft_generation() == generation);
  CHECK(s.status().severity == Severity::kError);
  CHECK(s.status().text.find("scan.pdf") != std::string::npos);
}

TEST_CASE("text pasted with no field focused goes into the note", "[session]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.AppendToDocument("first paste");
  REQUIRE(s.encounters().size() == 1);
  s.AppendToDocument("second \xFF paste");  // invalid UTF-8 is replaced, not dropped
  CHECK(s.draft().note_text == "first paste\nsecond \xEF\xBF\xBD paste");
}

TEST_CASE("the worklist selection moves with the arrow keys and stays in range", "[session]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  for (int i = 0; i < 3; ++i) s.NewEncounter();
  REQUIRE(s.encounters().size() == 3);
  s.SelectEncounter(s.encounters()[0].id);
  s.SelectRelative(+1);
  CHECK(s.SelectedIndex() == 1);
  s.SelectRelative(+5);
  CHECK(s.SelectedIndex() == 2);
  s.SelectRelative(-9);
  CHECK(s.SelectedIndex() == 0);
  s.DeleteSelected();
  CHECK(s.encounters().size() == 2);
  CHECK(s.has_open_encounter());
}

TEST_CASE("syncs are debounced, never overlap, and failures are retried", "[session]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.Tick(100.0);
  CHECK_FALSE(s.ShouldStartSync(100.0));  // nothing written yet
  s.NewEncounter();
  CHECK(s.save_state() == SaveState::kUnsaved);
  CHECK_FALSE(s.ShouldStartSync(100.0 + Session::kSyncDebounceSeconds / 2));
  REQUIRE(s.ShouldStartSync(100.0 + Session::kSyncDebounceSeconds + 0.01));

  const uint64_t rev = s.committed_revision();
  s.OnSyncStarted();
  CHECK(s.save_state() == SaveState::kSaving);
  s.draft().note_text = "typed during the sync";
  s.MarkDraftEdited(100.5);
  s.Tick(102.0);  // autosave writes while the sync runs
  CHECK(s.committed_revision() > rev);
  CHECK_FALSE(s.ShouldStartSync(200.0));  // one at a time

  s.OnSyncFinished(rev, true, "", 102.0 + Session::kSyncDebounceSeconds + 0.01);
  CHECK(s.synced_revision() == rev);
  CHECK(s.save_state() == SaveState::kUnsaved);  // the later write still needs a sync
  REQUIRE(s.ShouldStartSync(102.0 + Session::kSyncDebounceSeconds + 0.01));

  const uint64_t rev2 = s.committed_revision();
  s.OnSyncStarted();
  s.OnSyncFinished(rev2, false, "QuotaExceededError", 103.0);
  CHECK(s.save_state() == SaveState::kFailed);
  CHECK(HasFinding(s, "storage.sync_failed"));
  CHECK_FALSE(s.ShouldStartSync(103.0 + Session::kSyncRetrySeconds / 2));
  REQUIRE(s.ShouldStartSync(103.0 + Session::kSyncRetrySeconds));
  s.OnSyncStarted();
  s.OnSyncFinished(rev2, true, "", 107.0);
  CHECK(s.save_state() == SaveState::kSaved);
  CHECK_FALSE(HasFinding(s, "storage.sync_failed"));

  s.SetTheme(Theme::kDark);  // a write right now...
  s.RequestSyncNow();        // ...synced at once on page hide or Ctrl+S, without the debounce
  CHECK(s.ShouldStartSync(107.0));
}

TEST_CASE("a damaged database is kept aside and the app starts with a recovery message", "[session]") {
  TempDir dir;
  const std::string path = dir.File("medcode.db");
  const std::string garbage(8192, '\x5a');
  medcode::test::WriteBytes(path, garbage);
  Session s;
  s.OpenStore(path);
  REQUIRE(s.store_ready());
  REQUIRE(HasFinding(s, "storage.recovered"));
  CHECK(s.status().severity == Severity::kWarning);
  CHECK(s.status().text.find(".damaged-") != std::string::npos);
  // The damaged bytes are kept, byte for byte, next to the new database.
  int kept = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().find("medcode.db.damaged-") == 0) {
      ++kept;
      CHECK(medcode::test::ReadBytes(entry.path().string()) == garbage);
    }
  }
  CHECK(kept == 1);
  // And the new database works.
  s.NewEncounter();
  s.draft().note_text = "after recovery";
  s.MarkDraftEdited(0);
  s.CommitEdits();
  Session again;
  again.OpenStore(path);
  REQUIRE(again.encounters().size() == 1);
  CHECK(again.draft().note_text == "after recovery");
  CHECK_FALSE(HasFinding(again, "storage.recovered"));
}

TEST_CASE("a database from a newer Medcode is left alone and the session runs in memory", "[session]") {
  TempDir dir;
  const std::string path = dir.File("medcode.db");
  {
    auto db = medcode::engine::Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE(db->Exec("CREATE TABLE t(x); PRAGMA user_version=42;").ok());
  }
  const std::string before = medcode::test::ReadBytes(path);
  Session s;
  s.OpenStore(path);
  REQUIRE(s.store_ready());
  CHECK(s.save_state() == SaveState::kReadOnly);
  REQUIRE(HasFinding(s, "storage.unavailable"));
  s.NewEncounter();
  CHECK(s.has_open_encounter());  // still usable
  CHECK_FALSE(s.ShouldStartSync(1e9));
  CHECK(medcode::test::ReadBytes(path) == before);
}

TEST_CASE("the theme is a saved setting", "[session]") {
  TempDir dir;
  const std::string path = dir.File("medcode.db");
  {
    Session s;
    s.OpenStore(path);
    CHECK(s.theme() == Theme::kLight);
    s.SetTheme(Theme::kDark);
  }
  Session s;
  s.OpenStore(path);
  CHECK(s.theme() == Theme::kDark);
}

TEST_CASE("code lookup in the search box uses the pack and the encounter's date of service", "[session][codesets]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  REQUIRE(s.code_sets() != nullptr);
  CHECK(s.code_sets_label().rfind("Code sets: ICD-10-CM FY2024-FY2026", 0) == 0);
  CHECK_FALSE(HasFinding(s, "codesets.unavailable"));

  s.NewEncounter();
  s.draft().date_of_service = "2025-03-04";
  const CodeLookup* r = &s.search_preview("e119");
  REQUIRE(r->found);
  CHECK(r->code == "E11.9");
  CHECK(r->kind == CodeKind::kIcd10cm);
  CHECK(r->shown_description == "Type 2 diabetes mellitus without complications");
  REQUIRE(r->breadcrumb.size() == 3);
  CHECK(r->breadcrumb[0].find("Chapter 4") == 0);
  CHECK(r->breadcrumb[2].find("E11  Type 2 diabetes mellitus") == 0);
  CHECK(r->billable_at_dos);
  CHECK(r->at_date_of_service.find("FY2025") != std::string::npos);

  r = &s.search_preview("E11");
  REQUIRE(r->found);
  CHECK_FALSE(r->billable_at_dos);
  CHECK(r->at_date_of_service.find("header") != std::string::npos);
  CHECK(r->children.size() >= 9);

  s.draft().date_of_service = "2019-06-01";  // the lookup follows the date of service
  r = &s.search_preview("E11.9");
  CHECK(r->at_date_of_service.find("outside the editions loaded") != std::string::npos);

  CHECK_FALSE(s.search_preview("E11.99").found);
  CHECK(s.search_preview("E11.99").message.find("E11.99") != std::string::npos);
}

TEST_CASE("a damaged code-set pack becomes a finding, and the app keeps working", "[session][codesets]") {
  TempDir dir;
  const std::string bad = dir.File("codesets.pack");
  medcode::test::WriteBytes(bad, std::string(20000, 'q'));
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.LoadCodeSets(bad);
  CHECK(s.code_sets() == nullptr);
  REQUIRE(HasFinding(s, "codesets.unavailable"));
  CHECK(s.code_sets_label() == "Code sets: not loaded (see Findings)");
  s.search_query() = "E11.9";
  CHECK(s.search_rows().empty());
  CHECK_FALSE(s.search_ready());
  CHECK_FALSE(s.search_preview("E11.9").found);
  s.NewEncounter();  // still usable
  CHECK(s.has_open_encounter());
  CHECK(HasFinding(s, "codesets.unavailable"));  // survives a selection change
}

TEST_CASE("the code detail shows ICD, HCPCS and CPT codes, follows links and goes back", "[session][codesets]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  REQUIRE(s.code_sets() != nullptr);
  CHECK(s.code_detail() == nullptr);

  s.OpenCodeDetail("E11.9");
  const CodeLookup* d = s.code_detail();
  REQUIRE(d != nullptr);
  REQUIRE(d->found);
  CHECK(d->kind == CodeKind::kIcd10cm);
  CHECK(d->badges.front() == "Billable");
  CHECK(d->valid_dates.find("2026-09-30") != std::string::npos);
  CHECK_FALSE(s.CanGoBack());

  s.OpenCodeDetail("E0601");  // HCPCS Level II: CMS text, coverage, MUE of the DME table
  d = s.code_detail();
  REQUIRE(d->found);
  CHECK(d->kind == CodeKind::kHcpcs);
  CHECK(d->shown_description.find("Continuous positive airway pressure") != std::string::npos);
  bool dme_mue = false;
  for (const auto& f : d->facts) dme_mue |= f.label == "MUE DME supplier" && f.value.rfind("1 unit", 0) == 0;
  CHECK(dme_mue);

  s.OpenCodeDetail("99213");  // CPT: the number only, until the user imports a licensed file
  d = s.code_detail();
  REQUIRE(d->found);
  CHECK(d->kind == CodeKind::kCpt);
  CHECK(d->shown_description.find("AMA") != std::string::npos);
  bool mue = false;
  for (const auto& f : d->facts) mue |= f.label == "MUE practitioner" && f.value.rfind("2 units, MAI 3", 0) == 0;
  CHECK(mue);
  // The 2025 fee schedule: 99213 work RVU 1.30 and the national non-facility amount ($88.95 in RVU25D).
  bool rvus = false, fee = false;
  for (const auto& f : d->facts) {
    rvus |= f.label.rfind("RVUs", 0) == 0 && f.value.rfind("1.30 / 1.35 / 0.57 / 0.10", 0) == 0;
    fee |= f.label == "National amount, non-facility" && f.value.rfind("$88.95", 0) == 0;
  }
  CHECK(rvus);
  CHECK(fee);
  bool ptp = false;  // 99213 is column 1 of many NCCI PTP edits
  for (const auto& f : d->facts) ptp |= f.label == "NCCI PTP practitioner" && f.value.find("active edits as column 1") != std::string::npos;
  CHECK(ptp);

  REQUIRE(s.CanGoBack());
  s.CodeDetailBack();
  CHECK(s.code_detail()->code == "E0601");
  s.CodeDetailBack();
  CHECK(s.code_detail()->code == "E11.9");

  s.OpenCodeDetail("Q99.99X");
  CHECK_FALSE(s.code_detail()->found);
  CHECK(s.code_detail()->message.find("Q99.99X") != std::string::npos);
}

TEST_CASE("licensed CPT descriptors are imported, shown, kept across sessions and removable", "[session][cpt]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  {
    Session s;
    s.OpenStore(db);
    s.LoadCodeSets(MEDCODE_TEST_PACK);
    s.ImportCptDescriptors("bad.txt", "99213\tText\nnot-a-code\tText\n");
    CHECK(s.status().severity == Severity::kError);
    CHECK(s.status().text.find("bad.txt:2") != std::string::npos);
    CHECK(s.cpt_descriptor_count() == 0);

    s.ImportCptDescriptors("my-cpt-2025.txt", "CPT Code\tLong Descriptor\n99213\tOur licensed text for 99213\n");
    CHECK(s.status().severity == Severity::kInfo);
    CHECK(s.cpt_descriptor_count() == 1);
    CHECK(s.cpt_descriptor_source().rfind("my-cpt-2025, imported ", 0) == 0);
    CHECK(s.search_preview("99213").shown_description == "Our licensed text for 99213");

    s.ImportCptDescriptors("worse.txt", "garbage");  // a bad file keeps the previous import
    CHECK(s.cpt_descriptor_count() == 1);
  }
  Session s;
  s.OpenStore(db);
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  CHECK(s.cpt_descriptor_count() == 1);
  s.OpenCodeDetail("99213");
  CHECK(s.code_detail()->shown_description == "Our licensed text for 99213");
  s.RemoveCptDescriptors();
  CHECK(s.cpt_descriptor_count() == 0);
  CHECK(s.code_detail()->shown_description.find("AMA") != std::string::npos);  // the view follows at once
}

TEST_CASE("the code detail carries the tabular notes, 7th characters, MCE, CC/MCC and HCC", "[session][codesets]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  REQUIRE(s.code_sets() != nullptr);

  s.OpenCodeDetail("E11.9");
  const CodeLookup* d = s.code_detail();
  REQUIRE(d->found);
  // E11's Excludes1 names type 1 diabetes (E10.-): inherited by E11.9, with E10 clickable.
  const DetailNote* type1 = nullptr;
  for (const auto& n : d->notes) {
    if (n.kind == "Excludes1" && n.text.find("type 1 diabetes") != std::string::npos) type1 = &n;
  }
  REQUIRE(type1 != nullptr);
  CHECK(type1->from == "E11");
  REQUIRE(type1->links.size() == 1);
  CHECK(type1->links[0].label == "E10.-");
  CHECK(type1->links[0].code == "E10");
  CHECK(std::find(d->badges.begin(), d->badges.end(), "HCC 38 (V28)") != d->badges.end());
  CHECK(std::find(d->badges.begin(), d->badges.end(), "HCC 19 (V24)") != d->badges.end());
  bool index_entry = false;  // "Diabetes, diabetic > type 2 ..." leads to E11.9
  for (const auto& f : d->facts) index_entry |= f.group == "Alphabetic index" && f.value.find("type 2") != std::string::npos;
  CHECK(index_entry);
  s.OpenCodeDetail(type1->links[0].code);  // following the link
  CHECK(s.code_detail()->code == "E10");

  s.OpenCodeDetail("S72.001");  // needs a 7th character: the choices lead to full codes
  d = s.code_detail();
  CHECK(d->seventh_rule.find("required") != std::string::npos);
  REQUIRE_FALSE(d->seventh_characters.empty());
  CHECK(d->seventh_characters[0].character == "A");
  CHECK(d->seventh_characters[0].code == "S72.001A");
  s.OpenCodeDetail("S72.001A");
  CHECK(s.code_detail()->seventh_rule == "7th character A: initial encounter for closed fracture (defined at S72)");

  s.OpenCodeDetail("J96.01");  // an MCC
  d = s.code_detail();
  CHECK(std::find(d->badges.begin(), d->badges.end(), "MCC") != d->badges.end());
  s.OpenCodeDetail("O80");  // maternity and female only
  bool maternity = false, female = false;
  for (const auto& f : s.code_detail()->facts) {
    maternity |= f.label.find("Maternity") != std::string::npos;
    female |= f.label.find("Female") != std::string::npos;
  }
  CHECK(maternity);
  CHECK(female);
}
