// x12_837.h: the professional claim in X12: writing a batch of BillingClaims as one 005010X222A1 (837P) interchange,
// and reading an 837P back into BillingClaims (streaming, one claim at a time, errors with their segment position).
//
// Layout written (one ISA/GS; a new ST every max_claims_per_transaction claims):
//   ISA GS ST BHT 1000A(NM1*41 PER) 1000B(NM1*40)
//   per billing provider (consecutive claims with the same one share it):
//     2000A HL*n**20*1 PRV*BI  2010AA NM1*85 N3 N4 REF*EI
//     per claim: 2000B HL*n*a*22*0|1 SBR  2010BA NM1*IL N3 N4 DMG  2010BB NM1*PR [N3 N4]
//                [2000C HL*n*b*23*0 PAT  2010CA NM1*QC N3 N4 DMG]     (patient is not the subscriber)
//                2300 CLM [REF*G1] [REF*F8] HI  [2310B NM1*82 PRV*PE]  2400 per line: LX SV1 DTP*472
//   SE GE IEA
// Amounts are written without trailing zeros ("125", "125.5"), as the guide's examples do; diagnosis codes without
// the dot. Output is a function of the claims and the options only (the caller passes the date and time).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/billing.h"
#include "engine/result.h"
#include "engine/x12.h"

namespace medcode::engine {

struct X12837Options {
  X12Separators separators;  // element, component (ISA16), repetition (ISA11), segment terminator
  bool line_breaks = false;  // a newline after each segment terminator (readers skip it)
  // Interchange sender and receiver (ISA05/06, ISA07/08; GS02/GS03 take the ids). Up to 15 characters each.
  std::string sender_qualifier = "ZZ", sender_id;
  std::string receiver_qualifier = "ZZ", receiver_id;
  // 1000A submitter (NM1*41, PER*IC) and 1000B receiver (NM1*40).
  std::string submitter_name, submitter_first_name;  // first name empty: an organisation
  std::string submitter_id;                          // NM109 of 1000A (defaults to sender_id when empty)
  std::string contact_name, contact_phone;
  std::string receiver_name;
  std::string receiver_entity_id;  // NM109 of 1000B (defaults to receiver_id when empty)
  // Control numbers: ISA13 (9 digits, zero padded), GS06, ST02 of the first transaction set (4+ digits, zero padded;
  // each following ST takes the next number). 1..999999999.
  int64_t interchange_control_number = 1;
  int64_t group_control_number = 1;
  int64_t transaction_set_control_number = 1;
  // When the file is created: CCYYMMDD and HHMM (ISA09/10 take YYMMDD/HHMM, GS04/05 and BHT04/05 these).
  std::string date = "20260101";
  std::string time = "1200";
  bool production = false;               // ISA15 P or T
  bool acknowledgment_requested = false; // ISA14: a TA1 back
  size_t max_claims_per_transaction = 5000;  // claims per ST..SE (the guide recommends at most 5000)
};

// Submitter, receiver, contact and production flag from the practice settings; the caller sets the control numbers,
// the date and time.
X12837Options X12837OptionsFromPractice(const PracticeSettings& practice);

struct X12837Output {
  std::string text;                      // the interchange; empty when there are problems
  std::vector<BillingProblem> problems;  // "claims[3].patient.last_name": what keeps the batch from being written
  uint64_t transaction_sets = 0;
  uint64_t segments = 0;  // all segments, ISA..IEA
  bool ok() const { return problems.empty(); }
};

// Writes the claims (built by BuildBillingClaim, without problems) as one interchange. Values holding a separator,
// bad options (ids, dates, control numbers, separators) and claims the 837P cannot carry (no lines, over 12
// diagnoses or 50 lines, a date that does not parse, a charge that is not an amount) are problems; then no text.
X12837Output Write837P(const std::vector<BillingClaim>& claims, const X12837Options& options);

// Reads an 837P: calls on_claim for each claim (2300 loop with its lines) as soon as it is complete, in file order,
// in the canonical form (CanonicalBillingClaim). Stops at the first error (the reader's, a segment out of place, a
// malformed value, an SE01 that does not count the segments) or when on_claim returns an error. Errors are kParse
// with `where` = "<name>, segment N (ID), element IDnn".
Status Read837PClaims(X12Reader& reader, const std::function<Status(BillingClaim&&)>& on_claim);
Result<std::vector<BillingClaim>> Read837P(X12Reader& reader);

}  // namespace medcode::engine
