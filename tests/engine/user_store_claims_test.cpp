// user_store_claims_test.cpp: schema version 6 of the user store: the encounter's patient, the claim list
// (claim_record) and the practice settings, and the migration of a version-5 database that keeps its rows.
#include "engine/user_store.h"

#include <catch2/catch.hpp>

#include "engine/billing_test_util.h"
#include "engine/sqlite_db.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::TempDir;

TEST_CASE("user store v6: a version-5 database is migrated and keeps its encounters and settings",
          "[storage][x12][837]") {
  TempDir dir;
  const std::string path = dir.File("v5.db");
  {
    // The schema exactly as versions 1-5 built it, with one coded encounter and a setting.
    auto db = Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE(db->Exec("CREATE TABLE encounter (id INTEGER PRIMARY KEY, patient_label TEXT NOT NULL DEFAULT '',"
                     " date_of_service TEXT NOT NULL DEFAULT '', note_text TEXT NOT NULL DEFAULT '',"
                     " status TEXT NOT NULL DEFAULT 'to code', created_at INTEGER NOT NULL,"
                     " updated_at INTEGER NOT NULL);"
                     "CREATE INDEX encounter_by_dos ON encounter(date_of_service);"
                     "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
                     "CREATE TABLE cpt_descriptor (code TEXT PRIMARY KEY, descriptor TEXT NOT NULL) WITHOUT ROWID;"
                     "ALTER TABLE encounter ADD COLUMN coding TEXT NOT NULL DEFAULT '';"
                     "CREATE TABLE code_use (code TEXT PRIMARY KEY, uses INTEGER NOT NULL, last_used INTEGER NOT NULL)"
                     " WITHOUT ROWID;"
                     "ALTER TABLE encounter ADD COLUMN claim TEXT NOT NULL DEFAULT '';"
                     "INSERT INTO encounter(patient_label, date_of_service, note_text, created_at, updated_at, coding,"
                     " claim) VALUES('Old, Row', '2024-12-31', 'kept', 5, 5,"
                     " '{\"diagnoses\":[{\"code\":\"I10\"}],\"services\":[]}', '{\"place_of_service\":\"11\"}');"
                     "INSERT INTO setting(key, value) VALUES('theme', 'dark');"
                     "PRAGMA user_version=5;")
                .ok());
  }
  auto store = UserStore::Open(path);
  REQUIRE(store.ok());
  CHECK(store->SchemaVersion() == 6);
  CHECK(UserStore::LatestSchemaVersion() == 6);
  auto list = store->ListEncounters();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  auto e = store->GetEncounter((*list)[0].id);
  REQUIRE(e.ok());
  CHECK(e->fields.note_text == "kept");
  CHECK(e->fields.coding.diagnoses.at(0).code == "I10");
  CHECK(e->fields.claim.place_of_service == "11");
  CHECK(e->fields.patient.last_name.empty());  // no patient yet: the defaults
  CHECK(e->fields.patient.relationship == "18");
  CHECK(store->GetSetting("theme")->value_or("") == "dark");
  auto practice = store->GetPracticeSettings();
  REQUIRE(practice.ok());
  CHECK(practice->payers.empty());
  auto records = store->ListClaimRecords();
  REQUIRE(records.ok());
  CHECK(records->empty());

  // The new column is written and read back, and survives reopening.
  EncounterFields fields = e->fields;
  fields.patient = medcode::test::SampleDependent();
  REQUIRE(store->UpdateEncounter(e->id, fields, 10).ok());
  REQUIRE(store->SetPracticeSettings(medcode::test::SamplePractice()).ok());
  store = UserStore::Open(path);
  REQUIRE(store.ok());
  auto again = store->GetEncounter(e->id);
  REQUIRE(again.ok());
  CHECK(PatientInfoToJson(again->fields.patient) == PatientInfoToJson(medcode::test::SampleDependent()));
  auto saved = store->GetPracticeSettings();
  REQUIRE(saved.ok());
  CHECK(PracticeSettingsToJson(*saved) == PracticeSettingsToJson(medcode::test::SamplePractice()));
}

TEST_CASE("user store v6: claim records are upserted by claim id, listed newest first", "[storage][x12][837]") {
  TempDir dir;
  auto store = UserStore::Open(dir.File("user.db"));
  REQUIRE(store.ok());
  EncounterFields fields;
  fields.patient = medcode::test::SamplePatient();
  auto encounter = store->CreateEncounter(fields, 1);
  REQUIRE(encounter.ok());
  CHECK(store->GetEncounter(*encounter)->fields.patient.member_id == "1EG4TE5MK73");

  ClaimRecord a;
  a.claim_id = "ENC1";
  a.encounter_id = *encounter;
  a.submitted_at = 100;
  a.total_charge = "170.50";
  a.expected_amount = "92.10";
  REQUIRE(store->UpsertClaimRecord(a, 100).ok());
  ClaimRecord b;
  b.claim_id = "ENC2";
  b.submitted_at = 200;
  b.total_charge = "45.00";
  REQUIRE(store->UpsertClaimRecord(b, 200).ok());

  a.status = "partially paid";
  a.paid_amount = "80.00";
  a.details = R"({"lines":[{"carc":"CO-45"}]})";
  REQUIRE(store->UpsertClaimRecord(a, 300).ok());
  auto got = store->GetClaimRecord("ENC1");
  REQUIRE(got.ok());
  CHECK(got->status == "partially paid");
  CHECK(got->paid_amount == "80.00");
  CHECK(got->total_charge == "170.50");
  CHECK(got->expected_amount == "92.10");
  CHECK(got->details == R"({"lines":[{"carc":"CO-45"}]})");
  CHECK(got->encounter_id == *encounter);
  CHECK(got->updated_at == 300);
  CHECK(store->GetClaimRecord("ENC2")->details == "{}");

  auto list = store->ListClaimRecords();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].claim_id == "ENC2");
  CHECK((*list)[1].claim_id == "ENC1");

  auto missing = store->GetClaimRecord("NOPE");
  REQUIRE(!missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  ClaimRecord no_id;
  CHECK(!store->UpsertClaimRecord(no_id, 1).ok());

  // Deleting the encounter keeps the billing history; the record loses its link.
  REQUIRE(store->DeleteEncounter(*encounter).ok());
  auto kept = store->GetClaimRecord("ENC1");
  REQUIRE(kept.ok());
  CHECK(kept->encounter_id == 0);
}
