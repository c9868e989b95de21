// user_store.h: the user's own database (encounters with their notes and codes, settings, imported CPT descriptors,
// recently used codes). In the browser it lives on IndexedDB through IDBFS; natively it is a plain file. Opening it
// runs the versioned schema migrations; a damaged file or one written by a newer Medcode is reported as an Error, never
// a crash, and the file is left untouched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/billing.h"
#include "engine/claim.h"
#include "engine/cpt_descriptors.h"
#include "engine/encounter_coding.h"
#include "engine/result.h"
#include "engine/sqlite_db.h"

namespace medcode::engine {

// What a user enters for an encounter. No more PHI than coding needs: a free-text patient label, not a record.
struct EncounterFields {
  std::string patient_label;    // as typed, e.g. "Doe, J (MRN 123)"
  std::string date_of_service;  // as typed; normalised to YYYY-MM-DD by the app when it is a valid date
  std::string note_text;        // the clinical note, UTF-8, LF line ends
  EncounterCoding coding;       // the codes assigned
  ClaimHeader claim;            // claim type, patient age and sex, providers, payer, place of service
  PatientInfo patient;          // name, birth date, address, member id, subscriber: what the 837P / CMS-1500 need
};

// A claim the user has exported (the app's claim list): its status and amounts as 837P, 999/277CA and 835 files
// come and go. Amounts are dollars with 2 decimals ("125.00"), "" while unknown.
struct ClaimRecord {
  std::string claim_id;           // CLM01, the key ("ENC1001"); what an 835's CLP01 refers back to
  int64_t encounter_id = 0;       // 0: no encounter (or it was deleted)
  int64_t submitted_at = 0;       // unix seconds of the 837P export
  std::string status = "submitted";  // submitted, accepted, rejected, paid, partially paid, denied, reversed
  std::string total_charge;       // CLM02
  std::string paid_amount;        // from 835 CLP04
  std::string expected_amount;    // fee schedule expectation (codeset_mpfs.h)
  std::string details = "{}";     // JSON the posting code fills (lines, adjustments, CARC/RARC, acknowledgments)
  int64_t updated_at = 0;         // unix seconds; set by UpsertClaimRecord
};

// How often and how lately the user assigned a code (the encoder's recent and frequent lists).
struct CodeUse {
  std::string code;
  int64_t uses = 0;
  int64_t last_used = 0;  // unix seconds
};
enum class CodeUseOrder { kRecent, kFrequent };

struct Encounter {
  int64_t id = 0;
  EncounterFields fields;
  std::string status = "to code";  // worklist status: to code, coded, scrubbed, billed, paid, denied
  int64_t created_at = 0;          // unix seconds
  int64_t updated_at = 0;          // unix seconds
};

// A worklist row: everything but the note text.
struct EncounterSummary {
  int64_t id = 0;
  std::string patient_label;
  std::string date_of_service;
  std::string status;
  int64_t note_bytes = 0;
  int64_t updated_at = 0;
};

class UserStore {
 public:
  // The schema version this build writes. Migrations 1..kSchemaVersion are applied in order, each in a transaction.
  static int LatestSchemaVersion();

  // Opens or creates the store at `path` and migrates it. Errors: kCorruptDatabase (damaged / not a database),
  // kSchemaTooNew (written by a newer Medcode), kDatabase, kIo.
  static Result<UserStore> Open(const std::string& path);

  const std::string& path() const { return m_db.path(); }
  int SchemaVersion() const { return m_schema_version; }

  Result<std::vector<EncounterSummary>> ListEncounters();
  Result<Encounter> GetEncounter(int64_t id);
  Result<int64_t> CreateEncounter(const EncounterFields& fields, int64_t now);
  Status UpdateEncounter(int64_t id, const EncounterFields& fields, int64_t now);
  Status DeleteEncounter(int64_t id);

  Result<std::optional<std::string>> GetSetting(const std::string& key);
  Status SetSetting(const std::string& key, const std::string& value);

  // The practice settings (setting "practice", billing.h JSON); the defaults while none were saved.
  Result<PracticeSettings> GetPracticeSettings();
  Status SetPracticeSettings(const PracticeSettings& practice);

  // The claim list. Upsert inserts or replaces the record with record.claim_id (updated_at = now); Get is kNotFound
  // for an unknown id; List orders the newest submission first (then by claim id).
  Status UpsertClaimRecord(const ClaimRecord& record, int64_t now);
  Result<ClaimRecord> GetClaimRecord(const std::string& claim_id);
  Result<std::vector<ClaimRecord>> ListClaimRecords();

  // The user's licensed CPT descriptors (see cpt_descriptors.h). Replace swaps the whole set in one transaction
  // (an empty list removes them); on failure the previous set is kept.
  Status ReplaceCptDescriptors(const std::vector<CptDescriptor>& rows);
  Result<std::optional<std::string>> GetCptDescriptor(const std::string& code);
  Result<int64_t> CountCptDescriptors();
  Result<std::vector<CptDescriptor>> ListCptDescriptors();  // ordered by code

  // Counts one assignment of `code`; CodeUses lists the most recent or most frequent first.
  Status RecordCodeUse(const std::string& code, int64_t now);
  Result<std::vector<CodeUse>> CodeUses(CodeUseOrder order, int limit);

 private:
  explicit UserStore(Database db) : m_db(std::move(db)) {}
  Status Migrate();
  Database m_db;
  int m_schema_version = 0;
};

}  // namespace medcode::engine
