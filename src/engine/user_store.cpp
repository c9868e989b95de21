// user_store.cpp: the user's database: schema migrations, encounters and settings.
//
// Schema history (PRAGMA user_version). Never edit a shipped migration: add a new one.
//   1: encounters (patient label, date of service, note text, status, timestamps)
//   2: settings (key/value: theme, layout, ...)
//   3: cpt_descriptor (the user's own licensed CPT descriptors, imported from a file)
//   4: encounter.coding (the assigned codes as JSON, see encounter_coding.h); code_use (recent / frequent codes)
//   5: encounter.claim (claim type, patient age and sex, providers, payer, place of service as JSON, see claim.h)
//   6: encounter.patient (PatientInfo JSON, see billing.h); claim_record (the exported claims: status and amounts)
#include "engine/user_store.h"

#include <string>
#include <vector>

namespace medcode::engine {

namespace {

struct Migration {
  int version;      // the user_version after this migration
  const char* sql;  // statements run inside one transaction
};

constexpr Migration kMigrations[] = {
    {1,
     "CREATE TABLE encounter ("
     "  id INTEGER PRIMARY KEY,"
     "  patient_label TEXT NOT NULL DEFAULT '',"
     "  date_of_service TEXT NOT NULL DEFAULT '',"
     "  note_text TEXT NOT NULL DEFAULT '',"
     "  status TEXT NOT NULL DEFAULT 'to code',"
     "  created_at INTEGER NOT NULL,"
     "  updated_at INTEGER NOT NULL);"
     "CREATE INDEX encounter_by_dos ON encounter(date_of_service);"},
    {2, "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"},
    {3, "CREATE TABLE cpt_descriptor (code TEXT PRIMARY KEY, descriptor TEXT NOT NULL) WITHOUT ROWID;"},
    {4,
     "ALTER TABLE encounter ADD COLUMN coding TEXT NOT NULL DEFAULT '';"
     "CREATE TABLE code_use (code TEXT PRIMARY KEY, uses INTEGER NOT NULL, last_used INTEGER NOT NULL) WITHOUT ROWID;"},
    {5, "ALTER TABLE encounter ADD COLUMN claim TEXT NOT NULL DEFAULT '';"},
    {6,
     "ALTER TABLE encounter ADD COLUMN patient TEXT NOT NULL DEFAULT '';"
     "CREATE TABLE claim_record ("
     "  claim_id TEXT PRIMARY KEY,"
     "  encounter_id INTEGER REFERENCES encounter(id) ON DELETE SET NULL,"
     "  submitted_at INTEGER NOT NULL,"
     "  status TEXT NOT NULL,"
     "  total_charge TEXT NOT NULL DEFAULT '',"
     "  paid_amount TEXT NOT NULL DEFAULT '',"
     "  expected_amount TEXT NOT NULL DEFAULT '',"
     "  details TEXT NOT NULL DEFAULT '{}',"
     "  updated_at INTEGER NOT NULL) WITHOUT ROWID;"
     "CREATE INDEX claim_record_by_encounter ON claim_record(encounter_id);"},
};

// The claim column: "" while the header is all defaults (nothing entered yet).
std::string ClaimJson(const ClaimHeader& header) {
  return header == ClaimHeader{} ? std::string() : ClaimHeaderToJson(header);
}

// The patient column: "" while nothing was entered.
std::string PatientJson(const PatientInfo& patient) {
  static const std::string kEmpty = PatientInfoToJson(PatientInfo{});
  std::string json = PatientInfoToJson(patient);
  return json == kEmpty ? std::string() : json;
}

}  // namespace

int UserStore::LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

Result<UserStore> UserStore::Open(const std::string& path) {
  auto db = Database::Open(path);
  if (!db.ok()) return db.error();
  // Reading the header and checking the pages is what detects a damaged or foreign file.
  if (Status s = db->CheckIntegrity(); !s.ok()) {
    Error e = s.error();
    e.message = "Your saved Medcode database cannot be read: " + e.message;
    return e;
  }
  UserStore store(std::move(db).value());
  if (Status s = store.Migrate(); !s.ok()) return s.error();
  return store;
}

Status UserStore::Migrate() {
  if (Status s = m_db.Exec("PRAGMA foreign_keys=ON"); !s.ok()) return s;
  auto stmt = m_db.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  m_schema_version = static_cast<int>(stmt->ColumnInt(0));
  if (m_schema_version > LatestSchemaVersion()) {
    return MakeError(ErrorCode::kSchemaTooNew,
                     "This database was saved by a newer Medcode (schema version " + std::to_string(m_schema_version) +
                         ", this Medcode knows up to " + std::to_string(LatestSchemaVersion()) +
                         "). Update Medcode; the file was left unchanged",
                     m_db.path());
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= m_schema_version) continue;
    std::string sql = "BEGIN IMMEDIATE;";
    sql += m.sql;
    sql += "PRAGMA user_version=" + std::to_string(m.version) + ";COMMIT;";
    if (Status s = m_db.Exec(sql); !s.ok()) {
      (void)m_db.Exec("ROLLBACK");
      Error e = s.error();
      e.message = "Upgrading the database to schema version " + std::to_string(m.version) + " failed: " + e.message;
      return e;
    }
    m_schema_version = m.version;
  }
  return Status::Ok();
}

Result<std::vector<EncounterSummary>> UserStore::ListEncounters() {
  auto stmt = m_db.Prepare(
      "SELECT id, patient_label, date_of_service, status, length(CAST(note_text AS BLOB)), updated_at "
      "FROM encounter ORDER BY date_of_service DESC, id DESC");
  if (!stmt.ok()) return stmt.error();
  std::vector<EncounterSummary> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({stmt->ColumnInt(0), stmt->ColumnText(1), stmt->ColumnText(2), stmt->ColumnText(3),
                   stmt->ColumnInt(4), stmt->ColumnInt(5)});
  }
  return out;
}

Result<Encounter> UserStore::GetEncounter(int64_t id) {
  auto stmt = m_db.Prepare(
      "SELECT patient_label, date_of_service, note_text, status, created_at, updated_at, coding, claim, patient "
      "FROM encounter WHERE id=?");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, id);
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound, "Encounter " + std::to_string(id) + " does not exist", m_db.path());
  }
  Encounter e;
  e.id = id;
  e.fields.patient_label = stmt->ColumnText(0);
  e.fields.date_of_service = stmt->ColumnText(1);
  e.fields.note_text = stmt->ColumnText(2);
  auto coding = EncounterCodingFromJson(stmt->ColumnText(6), m_db.path() + ", encounter " + std::to_string(id));
  if (!coding.ok()) return coding.error();
  e.fields.coding = std::move(coding).value();
  auto claim = ClaimHeaderFromJson(stmt->ColumnText(7), m_db.path() + ", encounter " + std::to_string(id));
  if (!claim.ok()) return claim.error();
  e.fields.claim = std::move(claim).value();
  auto patient = PatientInfoFromJson(stmt->ColumnText(8), m_db.path() + ", encounter " + std::to_string(id) + " patient");
  if (!patient.ok()) return patient.error();
  e.fields.patient = std::move(patient).value();
  e.status = stmt->ColumnText(3);
  e.created_at = stmt->ColumnInt(4);
  e.updated_at = stmt->ColumnInt(5);
  return e;
}

Result<int64_t> UserStore::CreateEncounter(const EncounterFields& f, int64_t now) {
  auto stmt = m_db.Prepare(
      "INSERT INTO encounter(patient_label, date_of_service, note_text, coding, claim, patient, created_at, updated_at) "
      "VALUES(?,?,?,?,?,?,?,?)");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, f.patient_label).Bind(2, f.date_of_service).Bind(3, f.note_text);
  stmt->Bind(4, f.coding.empty() ? std::string() : EncounterCodingToJson(f.coding)).Bind(5, ClaimJson(f.claim));
  stmt->Bind(6, PatientJson(f.patient)).Bind(7, now).Bind(8, now);
  if (Status s = stmt->Run(); !s.ok()) return s.error();
  return m_db.LastInsertRowId();
}

Status UserStore::UpdateEncounter(int64_t id, const EncounterFields& f, int64_t now) {
  auto stmt = m_db.Prepare(
      "UPDATE encounter SET patient_label=?, date_of_service=?, note_text=?, coding=?, claim=?, patient=?, updated_at=? "
      "WHERE id=?");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, f.patient_label).Bind(2, f.date_of_service).Bind(3, f.note_text);
  stmt->Bind(4, f.coding.empty() ? std::string() : EncounterCodingToJson(f.coding)).Bind(5, ClaimJson(f.claim));
  stmt->Bind(6, PatientJson(f.patient)).Bind(7, now).Bind(8, id);
  if (Status s = stmt->Run(); !s.ok()) return s;
  if (m_db.Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "Encounter " + std::to_string(id) + " does not exist", m_db.path());
  }
  return Status::Ok();
}

Status UserStore::DeleteEncounter(int64_t id) {
  auto stmt = m_db.Prepare("DELETE FROM encounter WHERE id=?");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, id);
  return stmt->Run();
}

Result<std::optional<std::string>> UserStore::GetSetting(const std::string& key) {
  auto stmt = m_db.Prepare("SELECT value FROM setting WHERE key=?");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, key);
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->ColumnText(0));
}

Status UserStore::SetSetting(const std::string& key, const std::string& value) {
  auto stmt = m_db.Prepare("INSERT INTO setting(key, value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, key).Bind(2, value);
  return stmt->Run();
}

Result<PracticeSettings> UserStore::GetPracticeSettings() {
  auto value = GetSetting("practice");
  if (!value.ok()) return value.error();
  return PracticeSettingsFromJson(value->value_or(""), m_db.path() + ", setting \"practice\"");
}

Status UserStore::SetPracticeSettings(const PracticeSettings& practice) {
  return SetSetting("practice", PracticeSettingsToJson(practice));
}

Status UserStore::UpsertClaimRecord(const ClaimRecord& r, int64_t now) {
  if (r.claim_id.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "A claim record needs its claim id (CLM01).", m_db.path());
  }
  auto stmt = m_db.Prepare(
      "INSERT INTO claim_record(claim_id, encounter_id, submitted_at, status, total_charge, paid_amount, "
      "expected_amount, details, updated_at) VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(claim_id) DO UPDATE SET "
      "encounter_id=excluded.encounter_id, submitted_at=excluded.submitted_at, status=excluded.status, "
      "total_charge=excluded.total_charge, paid_amount=excluded.paid_amount, expected_amount=excluded.expected_amount, "
      "details=excluded.details, updated_at=excluded.updated_at");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, r.claim_id);
  if (r.encounter_id > 0) stmt->Bind(2, r.encounter_id);  // unbound: NULL, no encounter
  stmt->Bind(3, r.submitted_at).Bind(4, r.status).Bind(5, r.total_charge).Bind(6, r.paid_amount);
  stmt->Bind(7, r.expected_amount).Bind(8, r.details.empty() ? std::string("{}") : r.details).Bind(9, now);
  return stmt->Run();
}

namespace {
constexpr const char* kClaimRecordColumns =
    "SELECT claim_id, coalesce(encounter_id, 0), submitted_at, status, total_charge, paid_amount, expected_amount, "
    "details, updated_at FROM claim_record ";

ClaimRecord ClaimRecordRow(Statement& stmt) {
  return {stmt.ColumnText(0), stmt.ColumnInt(1), stmt.ColumnInt(2), stmt.ColumnText(3), stmt.ColumnText(4),
          stmt.ColumnText(5), stmt.ColumnText(6), stmt.ColumnText(7), stmt.ColumnInt(8)};
}
}  // namespace

Result<ClaimRecord> UserStore::GetClaimRecord(const std::string& claim_id) {
  auto stmt = m_db.Prepare(std::string(kClaimRecordColumns) + "WHERE claim_id=?");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, claim_id);
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "There is no claim " + claim_id + " in the claim list", m_db.path());
  return ClaimRecordRow(*stmt);
}

Result<std::vector<ClaimRecord>> UserStore::ListClaimRecords() {
  auto stmt = m_db.Prepare(std::string(kClaimRecordColumns) + "ORDER BY submitted_at DESC, claim_id");
  if (!stmt.ok()) return stmt.error();
  std::vector<ClaimRecord> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back(ClaimRecordRow(*stmt));
  }
  return out;
}

Status UserStore::ReplaceCptDescriptors(const std::vector<CptDescriptor>& rows) {
  if (Status s = m_db.Exec("BEGIN IMMEDIATE; DELETE FROM cpt_descriptor;"); !s.ok()) return s;
  auto stmt = m_db.Prepare("INSERT INTO cpt_descriptor(code, descriptor) VALUES(?,?)");
  Status result = stmt.ok() ? Status::Ok() : Status(stmt.error());
  for (size_t i = 0; result.ok() && i < rows.size(); ++i) {
    stmt->Reset();
    stmt->Bind(1, rows[i].code).Bind(2, rows[i].descriptor);
    result = stmt->Run();
  }
  stmt = Statement();
  if (result.ok()) result = m_db.Exec("COMMIT");
  if (!result.ok()) (void)m_db.Exec("ROLLBACK");  // the descriptors imported before stay as they were
  return result;
}

Result<std::optional<std::string>> UserStore::GetCptDescriptor(const std::string& code) {
  auto stmt = m_db.Prepare("SELECT descriptor FROM cpt_descriptor WHERE code=?");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, code);
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->ColumnText(0));
}

Status UserStore::RecordCodeUse(const std::string& code, int64_t now) {
  auto stmt = m_db.Prepare(
      "INSERT INTO code_use(code, uses, last_used) VALUES(?,1,?) "
      "ON CONFLICT(code) DO UPDATE SET uses=uses+1, last_used=excluded.last_used");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, code).Bind(2, now);
  return stmt->Run();
}

Result<std::vector<CodeUse>> UserStore::CodeUses(CodeUseOrder order, int limit) {
  auto stmt = m_db.Prepare(order == CodeUseOrder::kRecent
                               ? "SELECT code, uses, last_used FROM code_use ORDER BY last_used DESC, uses DESC, code "
                                 "LIMIT ?"
                               : "SELECT code, uses, last_used FROM code_use ORDER BY uses DESC, last_used DESC, code "
                                 "LIMIT ?");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(1, static_cast<int64_t>(limit));
  std::vector<CodeUse> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({stmt->ColumnText(0), stmt->ColumnInt(1), stmt->ColumnInt(2)});
  }
  return out;
}

Result<std::vector<CptDescriptor>> UserStore::ListCptDescriptors() {
  auto stmt = m_db.Prepare("SELECT code, descriptor FROM cpt_descriptor ORDER BY code");
  if (!stmt.ok()) return stmt.error();
  std::vector<CptDescriptor> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({stmt->ColumnText(0), stmt->ColumnText(1)});
  }
  return out;
}

Result<int64_t> UserStore::CountCptDescriptors() {
  auto stmt = m_db.Prepare("SELECT count(*) FROM cpt_descriptor");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  return stmt->ColumnInt(0);
}

}  // namespace medcode::engine
