// encounter_coding_test.cpp: the codes of an encounter: adding, sequencing with pointers that follow, JSON both ways,
// bad JSON named by field, and storage with the encounter in a real SQLite file.
#include "engine/encounter_coding.h"

#include <catch2/catch.hpp>

#include "engine/user_store.h"
#include "test_util.h"

using namespace medcode::engine;

namespace {

EncounterCoding Sample() {
  EncounterCoding c;
  REQUIRE(c.AddDiagnosis("E11.42").ok());
  REQUIRE(c.AddDiagnosis("I10").ok());
  REQUIRE(c.AddDiagnosis("N18.3").ok());
  c.AddService("99214");
  c.services[0].pointers = {1, 2, 3};
  c.AddService("82947");
  c.services[1].pointers = {3};
  REQUIRE(c.AddModifier(0, "25").ok());
  return c;
}

}  // namespace

TEST_CASE("diagnoses keep their order; duplicates and a 13th are refused with why", "[coding]") {
  EncounterCoding c;
  REQUIRE(c.AddDiagnosis("E11.9").ok());
  auto dup = c.AddDiagnosis("E11.9");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message == "E11.9 is already diagnosis 1.");
  for (int i = 1; i < 12; ++i) REQUIRE(c.AddDiagnosis("Z00.0" + std::to_string(i)).ok());
  auto full = c.AddDiagnosis("I10");
  REQUIRE_FALSE(full.ok());
  CHECK(full.error().message.find("at most 12") != std::string::npos);
  CHECK(c.diagnoses.size() == 12);
  CHECK(c.FindDiagnosis("Z00.011") == 11);
  CHECK(c.FindDiagnosis("I10") == -1);
}

TEST_CASE("a new service points at the primary diagnosis; modifiers up to four, no repeats", "[coding]") {
  EncounterCoding c;
  c.AddService("99213");
  CHECK(c.services[0].pointers.empty());  // no diagnosis yet
  REQUIRE(c.AddDiagnosis("J18.9").ok());
  c.AddService("71046");
  CHECK(c.services[1].pointers == std::vector<int>{1});
  CHECK(c.services[1].units == 1);
  for (const char* m : {"26", "59", "RT", "LT"}) REQUIRE(c.AddModifier(1, m).ok());
  CHECK_FALSE(c.AddModifier(1, "XU").ok());
  CHECK(c.AddModifier(0, "26").ok());
  CHECK_FALSE(c.AddModifier(0, "26").ok());  // already there
  CHECK_FALSE(c.AddModifier(7, "26").ok());  // no such line
}

TEST_CASE("moving and removing diagnoses keeps every pointer on the diagnosis it meant", "[coding]") {
  EncounterCoding c = Sample();
  // Move N18.3 to the top: pointers that named it (3) now say 1; E11.42 becomes 2, I10 becomes 3.
  CHECK(c.MoveDiagnosis(2, -5) == 0);
  CHECK(c.diagnoses[0].code == "N18.3");
  CHECK(c.diagnoses[1].code == "E11.42");
  CHECK(c.services[0].pointers == std::vector<int>{2, 3, 1});
  CHECK(c.services[1].pointers == std::vector<int>{1});
  CHECK(c.MoveDiagnosis(0, -1) == 0);  // already first: nothing moves
  // Remove E11.42 (now 2): its pointer goes, I10 (3) becomes 2.
  c.RemoveDiagnosis(1);
  CHECK(c.services[0].pointers == std::vector<int>{2, 1});
  c.RemoveService(0);
  REQUIRE(c.services.size() == 1);
  CHECK(c.services[0].code == "82947");
}

TEST_CASE("coding JSON round-trips; bad JSON names the field", "[coding]") {
  const EncounterCoding c = Sample();
  auto back = EncounterCodingFromJson(EncounterCodingToJson(c), "test");
  REQUIRE(back.ok());
  CHECK(*back == c);
  CHECK(EncounterCodingFromJson("", "x")->empty());

  auto expect = [](const char* json, const char* message) {
    auto r = EncounterCodingFromJson(json, "encounter 3");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == message);
    CHECK(r.error().where == "encounter 3");
  };
  expect("{\"diagnoses\": [", "coding: not valid JSON at line 1, column 16 (the text ends too early)");
  expect("{\"diagnoses\": [\n  {\"code\": \"E11.9\",}]}", "coding: not valid JSON at line 2, column 20 near '}]}'");
  expect("{\"attestations\": [{\"rule\": \"icd.excludes1\"}]}", "attestations[0].subject: missing");
  expect("[]", "coding: expected an object");
  expect("{\"diagnoses\": {}}", "diagnoses: expected an array");
  expect("{\"diagnoses\": [{\"code\": 5}]}", "diagnoses[0].code: expected a string");
  expect("{\"diagnoses\": [{}]}", "diagnoses[0].code: missing");
  expect("{\"services\": [{\"code\": \"99213\", \"units\": \"two\"}]}", "services[0].units: expected a whole number");
  expect("{\"services\": [{\"code\": \"99213\", \"pointers\": [\"1\"]}]}",
         "services[0].pointers: expected an array of numbers");
  expect("{\"services\": [{\"code\": \"99213\"}, {\"modifiers\": [\"25\"]}]}", "services[1].code: missing");
}

TEST_CASE("the codes are stored with the encounter and survive reopening; a version-3 store is migrated", "[coding][storage]") {
  medcode::test::TempDir dir;
  const std::string path = dir.File("user.db");
  {
    // A store as schema 3 left it, with an encounter: migration 4 must keep it and give it no codes.
    auto db = Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE(db->Exec("CREATE TABLE encounter (id INTEGER PRIMARY KEY, patient_label TEXT NOT NULL DEFAULT '',"
                     " date_of_service TEXT NOT NULL DEFAULT '', note_text TEXT NOT NULL DEFAULT '',"
                     " status TEXT NOT NULL DEFAULT 'to code', created_at INTEGER NOT NULL,"
                     " updated_at INTEGER NOT NULL);"
                     "CREATE INDEX encounter_by_dos ON encounter(date_of_service);"
                     "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
                     "CREATE TABLE cpt_descriptor (code TEXT PRIMARY KEY, descriptor TEXT NOT NULL) WITHOUT ROWID;"
                     "INSERT INTO encounter(patient_label, date_of_service, note_text, created_at, updated_at)"
                     " VALUES('Old', '2024-12-31', 'kept', 5, 5);"
                     "PRAGMA user_version=3;")
                .ok());
  }
  int64_t id = 0;
  {
    auto store = UserStore::Open(path);
    REQUIRE(store.ok());
    auto old = store->GetEncounter(1);
    REQUIRE(old.ok());
    CHECK(old->fields.note_text == "kept");
    CHECK(old->fields.coding.empty());
    EncounterFields f{"Doe, J", "2025-03-04", "note", Sample()};
    auto created = store->CreateEncounter(f, 10);
    REQUIRE(created.ok());
    id = *created;
    REQUIRE(store->RecordCodeUse("E11.42", 100).ok());
    REQUIRE(store->RecordCodeUse("I10", 200).ok());
    REQUIRE(store->RecordCodeUse("E11.42", 150).ok());
  }
  auto store = UserStore::Open(path);
  REQUIRE(store.ok());
  auto e = store->GetEncounter(id);
  REQUIRE(e.ok());
  CHECK(e->fields.coding == Sample());
  auto recent = store->CodeUses(CodeUseOrder::kRecent, 10);
  REQUIRE(recent.ok());
  REQUIRE(recent->size() == 2);
  CHECK((*recent)[0].code == "I10");  // last used at 200
  auto frequent = store->CodeUses(CodeUseOrder::kFrequent, 1);
  REQUIRE(frequent.ok());
  REQUIRE(frequent->size() == 1);
  CHECK((*frequent)[0].code == "E11.42");
  CHECK((*frequent)[0].uses == 2);

  // A damaged coding column (edited outside Medcode) is an error that names the encounter, not a crash.
  {
    auto db = Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE(db->Exec("UPDATE encounter SET coding='{\"services\": 3}' WHERE id=" + std::to_string(id)).ok());
  }
  auto bad = store->GetEncounter(id);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "services: expected an array");
  CHECK(bad.error().where.find("encounter " + std::to_string(id)) != std::string::npos);
}
