// claims_engine.h: the seam between the Session's claim commands (claims.cpp) and the engine's billing pieces: the
// 837P writer, the 835 reader and posting, the 999 / 277CA readers and the CMS-1500. Each
// function turns the engine's models into the rows the Claims view shows, so claims.cpp keeps only screen state.
// Internal to the app layer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/session.h"
#include "engine/billing.h"
#include "engine/codeset_pack.h"
#include "engine/result.h"
#include "engine/user_store.h"

namespace medcode::app::engine_bridge {

// ST01 of the first transaction set in an X12 interchange ("835", "999", "277", "837"); "" when there is none.
std::string TransactionKind(std::string_view bytes);

// A batch of claims as one 837P interchange with control number `control` (ISA13 and GS06), dated `now` (unix
// seconds), and which transaction set (ST02) carried each claim: a 999 acknowledges transaction sets, not claims.
struct Written837 {
  std::string text;
  std::string group_control;                       // GS06
  std::vector<std::string> transaction_of_claim;   // ST02 of each claim, in order
};
engine::Result<Written837> Write837(const std::vector<engine::BillingClaim>& claims,
                                    const engine::PracticeSettings& practice, int64_t control, int64_t now);

// What an 835 said about one claim, posted against the claims submitted.
struct PostedClaim {
  std::string claim_id;  // CLP01
  ClaimStatus status = ClaimStatus::kSubmitted;
  std::string paid;      // total paid on the claim
  std::string expected;  // expected reimbursement per the fee schedule ("" when not computed)
  std::string note;      // "835 check 12345 (2024-09-01): paid 80.00 of 200.00"
  std::vector<DenialRow> denials;
  std::string remit_text;  // this file's payments of the claim as a small 835, kept so later 835s net with them
};
struct Posted835 {
  std::vector<PostedClaim> claims;  // the claims this file paid (or denied, or reversed)
  int unmatched = 0;                // CLPs for no submitted claim
};
// A submitted claim and the payments posted to it before (small 835s, PostedClaim::remit_text).
struct SubmittedClaim {
  engine::BillingClaim claim;
  std::vector<std::string> earlier_remits;
};
// Reads an 835 and posts it (with the earlier payments, so reversals net out): a file that cannot be read is an
// error naming the position; nothing is posted then. `practice_zip`: the locality of expected payments.
engine::Result<Posted835> Post835(std::string_view bytes, const std::string& name,
                                  const std::vector<SubmittedClaim>& submitted, const engine::CodeSetPack* pack,
                                  const std::string& practice_zip);

// A 999 or 277CA's verdict on one claim.
struct Acknowledgement {
  std::string claim_id;
  bool accepted = true;
  std::string reason;  // the rejection's reason (codes and text)
};
struct Acknowledgements {
  std::vector<Acknowledgement> claims;
  int unmatched = 0;  // claims (277CA) the file names that were not submitted from here
};
// Which transaction set each submitted claim went out in (Written837).
struct SentClaim {
  std::string claim_id, group_control, transaction;
};
engine::Result<Acknowledgements> ReadAcknowledgement(std::string_view bytes, const std::string& name,
                                                     const std::string& kind, const std::vector<SentClaim>& sent);

// The claim as a CMS-1500 PDF (plain paper with the boxes, or data only aligned to the red OCR form).
engine::Result<std::string> Cms1500(const engine::BillingClaim& claim, bool data_only);
// What the form's boxes hold, as text ("box<TAB>value" lines): the preview.
std::string Cms1500Preview(const engine::BillingClaim& claim);

}  // namespace medcode::app::engine_bridge
