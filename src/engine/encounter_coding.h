// encounter_coding.h: the codes assigned to one encounter: diagnoses in order (the first is the primary) and service
// lines (CPT / HCPCS with modifiers, units, charge and pointers to the diagnoses). The encoder edits it; the claim
// scrubber and the claim writer read it. Stored with the encounter as JSON (schema below), so it can grow fields
// without a migration.
//
// JSON: {"diagnoses": [{"code": "E11.42"}, ...],
//        "services":  [{"code": "99213", "modifiers": ["25"], "units": 1, "charge": "125.00", "pointers": [1, 2],
//                       "date_of_service": "2024-08-02"}],
//        "attestations": [{"rule": "icd.excludes1", "subject": "E10.9|E11.9", "by": "jdoe", "at": "2026-11-27T15:00Z"}]}
// Pointers are 1-based positions in "diagnoses". A line's date_of_service is omitted when it is the encounter's.
// Unknown keys are ignored; missing keys take their defaults. The claim (claim.h) adds who and where to this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace medcode::engine {

struct CodedDiagnosis {
  std::string code;  // ICD-10-CM as coders write it: "E11.42"
};

struct ServiceLine {
  static constexpr size_t kMaxModifiers = 4;
  static constexpr size_t kMaxPointers = 4;
  std::string code;                    // CPT or HCPCS Level II: "99213", "E0601"
  std::vector<std::string> modifiers;  // up to 4, in order
  int units = 1;
  std::string charge;                  // dollars as typed ("125.00"); "" when not entered yet
  std::vector<int> pointers;           // up to 4, 1-based into the diagnoses
  std::string date_of_service;         // "" = the encounter's; else as typed (the scrubber checks it)
};

// A coder's statement that accepts a warning (scrubber.h): e.g. two codes an Excludes1 note separates are unrelated
// conditions. Recorded with who and when; a finding is accepted while an attestation with its rule and subject exists.
struct Attestation {
  std::string rule;     // the scrubber rule id: "icd.excludes1"
  std::string subject;  // what it covers, as the finding names it: "E10.9|E11.9"
  std::string by;       // the user
  std::string at;       // ISO 8601 UTC: "2026-11-27T15:00:00Z"
  bool operator==(const Attestation& o) const = default;
};

struct EncounterCoding {
  static constexpr size_t kMaxDiagnoses = 12;  // the 837P / CMS-1500 limit
  std::vector<CodedDiagnosis> diagnoses;
  std::vector<ServiceLine> services;
  std::vector<Attestation> attestations;

  bool empty() const { return diagnoses.empty() && services.empty() && attestations.empty(); }
  // The attestation for (rule, subject), or nullptr.
  const Attestation* FindAttestation(std::string_view rule, std::string_view subject) const;
  // Position of `code` among the diagnoses, -1 when absent.
  int FindDiagnosis(std::string_view code) const;
  // Appends a diagnosis. Refused (with why) when it is already there or the claim already has 12.
  Status AddDiagnosis(const std::string& code);
  // Appends a service line (1 unit) pointing at the primary diagnosis when there is one.
  void AddService(const std::string& code);
  // Adds a modifier to service `line`; refused when it is there already or the line has 4.
  Status AddModifier(size_t line, const std::string& modifier);
  // Removes diagnosis `index`; pointers to it are dropped and later ones renumbered.
  void RemoveDiagnosis(size_t index);
  // Moves diagnosis `index` by `delta` places (sequencing); pointers follow the diagnoses they point at.
  // Returns the new index.
  size_t MoveDiagnosis(size_t index, int delta);
  void RemoveService(size_t index);

  bool operator==(const EncounterCoding& o) const;
};

std::string EncounterCodingToJson(const EncounterCoding& coding);
// Parses the JSON above. Errors name `where` and the field: "encounter 3: services[1].units: expected a number".
Result<EncounterCoding> EncounterCodingFromJson(std::string_view json, const std::string& where);

}  // namespace medcode::engine
