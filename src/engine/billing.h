// billing.h: what a claim needs beyond its codes (issue 6): the practice's settings (billing provider, rendering
// providers, payers, the submitter and receiver of its X12 files), the patient and subscriber of an encounter, and the
// claim builder that joins them with an encounter's engine::Claim into a BillingClaim with every field the 837P and
// the CMS-1500 need. Missing or malformed required fields are BillingProblems (field path + message), never blanks.
//
// PHI: the patient and subscriber live in the user store in the browser; they leave it only inside an 837P or a
// CMS-1500 the user exports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/claim.h"
#include "engine/money.h"
#include "engine/result.h"

namespace medcode::engine {

struct PostalAddress {
  std::string line1, line2, city;
  std::string state;  // 2 letters
  std::string zip;    // 5 or 9 digits (ZIP+4 without the dash); the 837P wants 9 for the billing provider
};

struct BillingProvider {
  std::string name;  // organisation name, or the last name of an individual provider
  std::string first_name;  // empty for an organisation
  std::string npi;
  std::string tin;  // EIN, 9 digits (REF*EI)
  std::string taxonomy;
  PostalAddress address;
  std::string contact_name, contact_phone;  // PER of the submitter when the practice submits itself
};

struct RenderingProvider {
  std::string last_name, first_name;
  std::string npi;
  std::string taxonomy;
};

struct PayerSettings {
  std::string name;     // "Medicare Part B"
  std::string payer_id; // NM109 of 2010BB, "00430"
  std::string filing_indicator = "MB";  // SBR09 claim filing indicator: MB Medicare B, MC Medicaid, CI commercial, BL...
  PostalAddress address;  // optional for the 837P
};

// The practice: stored as one JSON setting ("practice") in the user store.
struct PracticeSettings {
  BillingProvider billing;
  std::vector<RenderingProvider> rendering;
  std::vector<PayerSettings> payers;
  std::string submitter_id;    // ISA06 / 1000A NM109 (the clearinghouse's id of the practice)
  std::string receiver_id;     // ISA08 / 1000B NM109
  std::string receiver_name;   // 1000B NM103
  bool production = false;     // ISA15 P (production) or T (test)
};

// The patient of an encounter; when the patient is the subscriber (relationship "18"), the subscriber fields are the
// patient's.
struct PatientInfo {
  std::string last_name, first_name;
  std::string birth_date;  // YYYY-MM-DD
  PatientSex sex = PatientSex::kUnknown;
  PostalAddress address;
  std::string member_id;       // the subscriber's id with the payer (2010BA NM109)
  std::string relationship = "18";  // SBR02 / PAT01 individual relationship code: 18 self, 01 spouse, 19 child, G8
  std::string subscriber_last_name, subscriber_first_name, subscriber_birth_date;  // when not self
  PatientSex subscriber_sex = PatientSex::kUnknown;
  PostalAddress subscriber_address;
  std::string group_number;  // SBR03
};

// A problem that keeps a claim from being billed: "billing.npi" / "patient.member_id" and what is wrong.
struct BillingProblem {
  std::string field;    // path: "practice.billing.npi", "patient.birth_date", "payer.payer_id", "services[1].charge"
  std::string message;  // what is wrong and what to enter
};

// Everything the 837P and the CMS-1500 need for one claim. claim.id is the patient account number (CLM01) and is
// what an 835's CLP01 and a 277CA's REF*1K/TRN refer back to.
struct BillingClaim {
  Claim claim;                  // codes, DOS, header (type, POS, providers' NPIs, payer id) from the encounter
  BillingProvider billing;      // from the practice settings
  RenderingProvider rendering;  // empty npi: the billing provider rendered the services
  PayerSettings payer;          // the practice's payer whose payer_id matches claim.header.payer.id
  PatientInfo patient;
  std::string frequency_code = "1";  // CLM05-3: 1 original, 7 replacement, 8 void
  std::string original_claim_number;  // REF*F8 for 7 / 8
  std::string prior_authorization;    // REF*G1
  std::string total_charge;           // sum of the lines' charges, 2 decimals ("250.00")
};

// Joins an encounter's claim with the practice and the patient. Every required 837P / CMS-1500 field that is
// missing or malformed is a problem (the claim is still returned, filled as far as it goes).
struct BuiltClaim {
  BillingClaim claim;
  std::vector<BillingProblem> problems;
  bool ok() const { return problems.empty(); }
};
BuiltClaim BuildBillingClaim(const Claim& claim, const PracticeSettings& practice, const PatientInfo& patient);

// Problems of the practice settings alone (NPI check digit, TIN, ZIP, state, required names and ids).
std::vector<BillingProblem> CheckPracticeSettings(const PracticeSettings& practice);

// JSON of the settings and of a patient (the user store keeps them as JSON); "" reads as the defaults. Errors name
// `where` and the field.
std::string PracticeSettingsToJson(const PracticeSettings& practice);
Result<PracticeSettings> PracticeSettingsFromJson(std::string_view json, const std::string& where);
std::string PatientInfoToJson(const PatientInfo& patient);
Result<PatientInfo> PatientInfoFromJson(std::string_view json, const std::string& where);
// A whole BillingClaim as JSON and back (the CLI's `medcode claim 837` input, the CMS-1500 and the app's preview).
//   {"claim": {<claim.h JSON>}, "billing": {...}, "rendering": {...}, "payer": {...}, "patient": {...},
//    "frequency_code": "1", "original_claim_number": "", "prior_authorization": "", "total_charge": "125.00"}
// The objects use the struct's field names; addresses are {"line1","line2","city","state","zip"}; sex is "F"/"M"/"U".
std::string BillingClaimToJson(const BillingClaim& claim);
Result<BillingClaim> BillingClaimFromJson(std::string_view json, const std::string& where);
// A batch: an array of BillingClaims, {"claims": [...]}, or one. Errors name the claim by position (1-based).
Result<std::vector<BillingClaim>> BillingClaimsFromJson(std::string_view json, const std::string& where);

// The claim as the 837P carries it, so that claims equal on paper compare equal: the header's providers, payer, POS,
// patient sex and age follow the billing/rendering/payer/patient fields; dates are ISO; the claim's date is the
// earliest line date and a line's own date is kept only when it differs; charges have 2 decimals; diagnosis codes are
// upper case with the dot after the category; attestations and the billing provider's contact are dropped (not in an
// 837P claim). Read837P returns claims in this form; BillingClaimToJson(CanonicalBillingClaim(c)) is the canonical text.
BillingClaim CanonicalBillingClaim(BillingClaim claim);


// True for a USPS state, territory or military code ("NY", "PR", "AE").
bool IsUspsState(std::string_view state);
// "E11.42" -> "E1142" (the 837P's form) and back ("E1142" -> "E11.42": the dot after the 3-character category).
std::string DiagnosisWithoutDot(std::string_view code);
std::string DiagnosisWithDot(std::string_view code);

}  // namespace medcode::engine
