// claim.h: the claim the scrubber checks and the claim writer (issue 6) will send: who and where (claim type,
// patient age and sex, billing and rendering provider, payer, place of service), the date of service, and the codes
// (EncounterCoding: up to 12 diagnoses in order, service lines with modifiers, units, charge, pointers and an optional
// line date). No more PHI than the rules need: an age in years, not a birth date; no name or address.
//
// JSON (one claim; `medcode scrub` also takes an array of them or {"claims": [...]}):
//   {"id": "C1", "claim_type": "professional",            // professional | outpatient_hospital | dme_supplier
//    "date_of_service": "2024-08-01",                      // YYYY-MM-DD (also YYYYMMDD, MM/DD/YYYY)
//    "patient": {"age": 54, "sex": "F"},                   // age in whole years at the DOS; sex F, M or U
//    "billing_provider": {"npi": "1234567893", "taxonomy": "207Q00000X"},
//    "rendering_provider": {"npi": "...", "taxonomy": "..."},
//    "payer": {"id": "00430", "name": "Medicare Part B"},
//    "place_of_service": "11",
//    "diagnoses": [{"code": "E11.42"}],
//    "services": [{"code": "99213", "modifiers": ["25"], "units": 1, "charge": "125.00", "pointers": [1],
//                  "date_of_service": "2024-08-01"}],      // line DOS: optional, the claim's when absent
//    "attestations": [{"rule": "icd.excludes1", "subject": "E10.9|E11.9", "by": "jdoe", "at": "2026-11-27T15:00:00Z"}]}
// Every key is optional except that a diagnosis and a service need "code"; missing ones take their defaults (and the
// scrubber reports what a claim cannot go without). Unknown keys are ignored. Errors name the claim and the field:
// "claims.json, claim 3: services[1].units: expected a whole number".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/encounter_coding.h"
#include "engine/result.h"

namespace medcode::engine {

// Which NCCI tables apply: professional claims (837P / CMS-1500) use the practitioner PTP and MUE tables, outpatient
// hospital claims the outpatient hospital ones, DME supplier claims the practitioner PTP and the DME supplier MUE.
enum class ClaimType { kProfessional, kOutpatientHospital, kDmeSupplier };
const char* ClaimTypeName(ClaimType type);  // "professional", "outpatient_hospital", "dme_supplier" (the JSON value)

enum class PatientSex { kUnknown, kFemale, kMale };
const char* PatientSexCode(PatientSex sex);  // "U", "F", "M"

struct ClaimProvider {
  std::string npi;       // 10 digits, the last a Luhn check digit over "80840" + the first 9
  std::string taxonomy;  // NUCC code, "207Q00000X"
  bool empty() const { return npi.empty() && taxonomy.empty(); }
};

struct ClaimPayer {
  std::string id;    // payer id, "00430"
  std::string name;  // "Medicare Part B"
};

// What a claim carries besides its date and codes. Stored with each encounter (user store), entered by the coder.
struct ClaimHeader {
  ClaimType type = ClaimType::kProfessional;
  std::optional<int> patient_age;  // whole years on the date of service
  PatientSex patient_sex = PatientSex::kUnknown;
  ClaimProvider billing;
  ClaimProvider rendering;  // empty: the billing provider rendered the services
  ClaimPayer payer;
  std::string place_of_service;  // two digits, "11"

  bool operator==(const ClaimHeader& o) const;
};

struct Claim {
  std::string id;               // the caller's claim id (an encounter id in the app)
  std::string date_of_service;  // as given; the scrubber parses it and reports a bad one
  ClaimHeader header;
  EncounterCoding coding;
};

// JSON of the header alone (the user store's encounter.claim column) and back; "" reads as the defaults.
std::string ClaimHeaderToJson(const ClaimHeader& header);
Result<ClaimHeader> ClaimHeaderFromJson(std::string_view json, const std::string& where);

// One claim as the JSON above (keys in a fixed order, so equal claims give equal text).
std::string ClaimToJson(const Claim& claim);
Result<Claim> ClaimFromJson(std::string_view json, const std::string& where);
// A batch: an array of claims, {"claims": [...]}, or one claim object. Errors name the claim by position (1-based)
// and id when it has one.
Result<std::vector<Claim>> ClaimsFromJson(std::string_view json, const std::string& where);

// NPI check (CMS NPI standard): 10 digits, first 1 or 2, last = Luhn check digit of "80840" + the first nine.
// Ok, or kInvalidArgument saying which of these fails.
Status CheckNpi(std::string_view npi);

}  // namespace medcode::engine
