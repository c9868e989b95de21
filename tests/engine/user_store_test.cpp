// user_store_test.cpp: the user database on real SQLite files: migrations, reopening, and damaged files.
#include "engine/user_store.h"

#include <catch2/catch.hpp>

#include "engine/sqlite_db.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::TempDir;

TEST_CASE("a new store is created at the latest schema version", "[storage]") {
  TempDir dir;
  auto store = UserStore::Open(dir.File("user.db"));
  REQUIRE(store.ok());
  CHECK(store->SchemaVersion() == UserStore::LatestSchemaVersion());
  CHECK(UserStore::LatestSchemaVersion() >= 2);
  auto list = store->ListEncounters();
  REQUIRE(list.ok());
  CHECK(list->empty());
}

TEST_CASE("encounters survive closing and reopening the file", "[storage]") {
  TempDir dir;
  const std::string path = dir.File("user.db");
  const std::string note = medcode::test::MakeNote(50 * 1024);
  int64_t id = 0;
  {
    auto store = UserStore::Open(path);
    REQUIRE(store.ok());
    auto created = store->CreateEncounter({"Doe, J", "2025-03-04", note}, 1000);
    REQUIRE(created.ok());
    id = *created;
    REQUIRE(store->SetSetting("theme", "dark").ok());
  }
  auto store = UserStore::Open(path);
  REQUIRE(store.ok());
  auto e = store->GetEncounter(id);
  REQUIRE(e.ok());
  CHECK(e->fields.patient_label == "Doe, J");
  CHECK(e->fields.date_of_service == "2025-03-04");
  CHECK(e->fields.note_text == note);
  CHECK(e->created_at == 1000);
  auto list = store->ListEncounters();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK((*list)[0].note_bytes == static_cast<int64_t>(note.size()));
  auto theme = store->GetSetting("theme");
  REQUIRE(theme.ok());
  CHECK(theme->value_or("") == "dark");
}

TEST_CASE("update and delete report unknown encounters", "[storage]") {
  TempDir dir;
  auto store = UserStore::Open(dir.File("user.db"));
  REQUIRE(store.ok());
  auto id = store->CreateEncounter({"A", "2025-01-01", "x"}, 1);
  REQUIRE(id.ok());
  REQUIRE(store->UpdateEncounter(*id, {"B", "2025-01-02", "y"}, 2).ok());
  CHECK(store->GetEncounter(*id)->fields.patient_label == "B");
  auto missing = store->UpdateEncounter(*id + 100, {"C", "", ""}, 3);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  REQUIRE(store->DeleteEncounter(*id).ok());
  auto gone = store->GetEncounter(*id);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().code == ErrorCode::kNotFound);
  CHECK(gone.error().message.find("does not exist") != std::string::npos);
}

TEST_CASE("a version-1 database is migrated and keeps its rows", "[storage]") {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  {
    // Build the schema exactly as version 1 shipped it, with one row.
    auto db = Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE(db->Exec("CREATE TABLE encounter (id INTEGER PRIMARY KEY, patient_label TEXT NOT NULL DEFAULT '',"
                     " date_of_service TEXT NOT NULL DEFAULT '', note_text TEXT NOT NULL DEFAULT '',"
                     " status TEXT NOT NULL DEFAULT 'to code', created_at INTEGER NOT NULL,"
                     " updated_at INTEGER NOT NULL);"
                     "CREATE INDEX encounter_by_dos ON encounter(date_of_service);"
                     "INSERT INTO encounter(patient_label, date_of_service, note_text, created_at, updated_at)"
                     " VALUES('Old, Row', '2024-12-31', 'kept', 5, 5);"
                     "PRAGMA user_version=1;")
                .ok());
  }
  auto store = UserStore::Open(path);
  REQUIRE(store.ok());
  CHECK(store->SchemaVersion() == UserStore::LatestSchemaVersion());
  auto list = store->ListEncounters();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK((*list)[0].patient_label == "Old, Row");
  CHECK(store->SetSetting("k", "v").ok());  // the table added by migration 2 exists
}

TEST_CASE("a damaged database file gives a clear corruption error and is left untouched", "[storage]") {
  TempDir dir;
  const std::string path = dir.File("user.db");
  SECTION("not a database at all") {
    const std::string garbage = "This is not an SQLite file, just text that a bad sync left behind.\n";
    medcode::test::WriteBytes(path, std::string(64, 'x') + garbage + std::string(4096, '\x7f'));
  }
  SECTION("a real database with its pages overwritten") {
    {
      auto store = UserStore::Open(path);
      REQUIRE(store.ok());
      for (int i = 0; i < 50; ++i) REQUIRE(store->CreateEncounter({"P", "2025-01-01", std::string(3000, 'n')}, i).ok());
    }
    std::string bytes = medcode::test::ReadBytes(path);
    REQUIRE(bytes.size() > 4 * 4096);
    for (size_t i = 4096; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xA5);
    medcode::test::WriteBytes(path, bytes);
  }
  const std::string before = medcode::test::ReadBytes(path);
  auto store = UserStore::Open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().code == ErrorCode::kCorruptDatabase);
  CHECK(store.error().where == path);
  CHECK(store.error().message.find("cannot be read") != std::string::npos);
  CHECK(medcode::test::ReadBytes(path) == before);
}

TEST_CASE("a database from a newer Medcode is refused without changes", "[storage]") {
  TempDir dir;
  const std::string path = dir.File("future.db");
  {
    auto db = Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE(db->Exec("CREATE TABLE future(x); PRAGMA user_version=99;").ok());
  }
  auto store = UserStore::Open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().code == ErrorCode::kSchemaTooNew);
  CHECK(store.error().message.find("99") != std::string::npos);
  auto db = Database::Open(path);
  REQUIRE(db.ok());
  auto v = db->Prepare("PRAGMA user_version");
  REQUIRE(v.ok());
  REQUIRE(v->Step().value());
  CHECK(v->ColumnInt(0) == 99);
}

TEST_CASE("a database in a folder that does not exist is an I/O error", "[storage]") {
  TempDir dir;
  auto store = UserStore::Open(dir.File("no/such/folder/user.db"));
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().code == ErrorCode::kIo);
  CHECK_FALSE(store.error().ToString().empty());
}
