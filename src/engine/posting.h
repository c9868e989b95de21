// posting.h: closing the loop from what the practice sent to what payers answered (issue 6, items 5 and 6):
// payments and adjustments of 835s posted to the submitted claims, the denial worklist that leads each denial back to
// the scrubber rule that would have caught it, 999 / 277CA acknowledgments applied to claims, and the expected
// Medicare reimbursement of each line (MPFS CY2025 x GPCI of the practice's locality) compared with what was paid.
//
// Matching. A ClaimPayment (CLP) goes to the claim whose id equals CLP01 (claim.id is what the 837 sent in CLM01);
// CLPs for no submitted claim are reported as unmatched, never dropped. Inside a claim each SVC goes to one service
// line, each line used at most once per CLP: first the REF*6R line item control number when the payer echoed one
// ("<claim id>-<line number>", 1-based, as the 837 writer sends it), then the procedure code (SVC06, the code as billed,
// when the payer changed it; else SVC01), then the largest modifier overlap (a payer that drops or reorders
// modifiers still matches), then an equal charge, then claim order. Every posted line says how it was matched.
//
// Several CLPs may answer one claim (a reversal, CLP02 = 22, with negative amounts, then a corrected payment): the
// amounts add up; the claim is "reversed" while the last CLP is a reversal.
//
// Status of a claim, from the net of its CLPs:
//   pending         no CLP yet
//   reversed        the last CLP is a reversal (CLP02 22)
//   denied          CLP02 4, or nothing paid and nothing left to the patient (every dollar adjusted off)
//   partially_paid  something paid (or left to the patient), but a line or the claim carries a denial adjustment
//   paid            paid, the adjustments are only contractual (CO-45, ...) and patient responsibility (PR)
// A "denial adjustment" is one not in group PR whose CARC is not a routine reduction: 45 (charge over the fee
// schedule), 253 (sequestration), 23 (prior payer), 94, 59 (multiple procedure reduction), 42, 237, 144, 131, 104.
//
// The CARC / RARC texts come from the pack (codeset_reference.h); expected payments from codeset_mpfs.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/claim.h"
#include "engine/codeset_pack.h"
#include "engine/remit.h"
#include "engine/result.h"

namespace medcode::engine {

enum class PostedStatus { kPending, kPaid, kPartiallyPaid, kDenied, kReversed };
const char* PostedStatusName(PostedStatus status);  // "pending", "paid", "partially_paid", "denied", "reversed"

// How a remitted line found its billed line.
enum class LineMatch {
  kControlNumber,      // REF*6R equal to "<claim id>-<line>"
  kExact,              // same code, same modifiers in the same order
  kModifiersReordered, // same code, same modifiers in another order
  kModifiersDiffer,    // same code, some modifiers dropped or added by the payer
  kOriginalCode,       // matched through SVC06 (the payer paid another code)
  kUnmatched,          // no billed line left with that code
};
const char* LineMatchName(LineMatch match);  // "control_number", "exact", "modifiers_reordered", ...

struct PostedAdjustment {
  std::string group;   // CO, PR, OA, PI, CR
  std::string reason;  // CARC
  Cents amount = 0;
  std::string reason_text;  // the CARC's description from the pack; "" when the pack does not know it
  bool denial = false;      // see the header: not PR and not a routine reduction
};

struct PostedRemark {
  std::string code;  // RARC
  std::string text;  // from the pack; "" when unknown
};

// Expected Medicare reimbursement of one line (MPFS CY2025).
struct ExpectedLine {
  bool priced = false;      // an amount was computed (status A, T, R with RVUs)
  std::string note;         // why not priced ("not priced: C: contractor priced"), or the schedule used
  Cents per_unit = 0;       // the allowed amount of one unit (fee, or the OPPS cap when lower)
  Cents expected = 0;       // per_unit x units
  Cents difference = 0;     // paid (payer) + patient responsibility - expected: what the payer allowed minus Medicare's
  bool facility = false;
  std::string modifier;     // the pricing modifier used ("", "26", "TC", "53")
};

struct PostedLine {
  int line = -1;            // 0-based index into the claim's services; -1 for a remitted line that matched none
  std::string code;         // as billed (the claim's); for an unmatched remitted line, as remitted
  std::vector<std::string> modifiers;          // as billed
  std::string paid_code;                       // as the payer paid it (SVC01)
  std::vector<std::string> paid_modifiers;     // as remitted
  LineMatch match = LineMatch::kUnmatched;
  std::string match_note;   // "modifier 59 dropped by the payer", "modifiers reordered (RT 59)", ...
  int units = 1;            // billed units
  Cents charge = 0;         // billed
  Cents paid = 0;           // net of the CLPs
  Cents patient_responsibility = 0;  // PR adjustments of the line
  Cents adjusted = 0;       // all adjustments of the line (net)
  std::optional<Cents> allowed;      // AMT*B6 when sent
  std::vector<PostedAdjustment> adjustments;  // net per group + CARC (zero sums dropped)
  std::vector<PostedRemark> remarks;          // LQ*HE
  bool denied = false;      // nothing paid, nothing to the patient, and a denial adjustment
  bool remitted = false;    // some CLP had an SVC for this line
  ExpectedLine expected;
};

struct ClaimPosting {
  std::string claim_id;
  PostedStatus status = PostedStatus::kPending;
  std::string payer_claim_number;  // CLP07 of the last CLP
  std::string last_status_code;    // CLP02 of the last CLP
  int remittances = 0;             // CLPs posted
  Cents charge = 0;                // the claim's charges (sum of its lines)
  Cents paid = 0;                  // net CLP04
  Cents patient_responsibility = 0;  // net CLP05 (or the PR adjustments when CLP05 is absent)
  Cents adjusted = 0;              // net of all CAS (claim and lines)
  std::vector<PostedAdjustment> adjustments;  // claim-level CAS, net per group + CARC
  std::vector<PostedRemark> remarks;          // MOA / MIA
  std::vector<PostedLine> lines;   // one per billed service (in claim order), then remitted lines that matched none
  std::vector<std::string> history;  // one line per CLP: "835 1234 (CHK0012345): CLP02 1 paid 110.40 of 200.00"
  // Expected reimbursement: sums over the priced lines.
  Cents expected = 0;
  Cents expected_difference = 0;
  int unpriced_lines = 0;
  std::string expected_note;  // "MPFS CY2025 at ZIP 10001 (carrier 13202 locality 01), non-facility (POS 11)..."
};

// A CLP for no submitted claim.
struct UnmatchedRemit {
  std::string patient_control_number;
  std::string status_code;
  Cents charge = 0, paid = 0;
  std::string where;  // "835 1234 (CHK0012345), segment 15 (CLP)"
};

// One denied claim or line, with what the payer said and what Medcode could have caught before sending.
struct DenialEntry {
  std::string claim_id;
  int line = -1;            // 0-based billed line; -1 for the claim as a whole
  std::string code;         // the line's procedure code (billed); "" for the claim
  std::vector<std::string> modifiers;
  Cents amount = 0;         // the denied amount (sum of the denial adjustments)
  bool partial = false;     // the line or claim was paid in part (a reduction such as units over the MUE)
  std::vector<PostedAdjustment> adjustments;  // the denial adjustments, with their CARC texts
  std::vector<PostedRemark> remarks;          // RARCs of the line and the claim
  std::vector<std::string> rules;             // scrubber rule ids that check for this (CarcScrubRules)
  std::string rule_note;    // why those rules, or why none ("coverage / eligibility: no coding rule")
};

// The CARC (+ RARC) -> scrubber rule table (documented in posting.cpp; every id is a ScrubRules() id).
struct CarcRuleLink {
  std::string_view carc;
  std::string_view rarc;  // "" = any RARC; otherwise this entry applies only when the RARC is present
  std::vector<std::string_view> rules;  // empty: no coding rule can catch it (coverage, eligibility, timely filing)
  std::string_view note;
};
const std::vector<CarcRuleLink>& CarcRuleLinks();
// The rules linked to a CARC given the RARCs that came with it (RARC-specific rows first, then the CARC's own).
std::vector<std::string> CarcScrubRules(std::string_view carc, const std::vector<std::string>& rarcs,
                                        std::string* note = nullptr);

struct PostingOptions {
  std::string practice_zip;  // 5 digits: the locality for expected payments; "" = no expected payments
  bool expected_payments = true;
};

struct PostingResult {
  std::vector<ClaimPosting> claims;  // one per submitted claim, in the order given
  std::vector<UnmatchedRemit> unmatched;
  std::vector<DenialEntry> worklist;
  Cents total_paid = 0;              // sum of the claims' net paid (matched CLPs only)
  std::string ToJson() const;
};

// Posts every CLP of `remits` to `claims`. Never fails: unknown codes give empty texts, failed price look-ups give an
// unpriced line with the reason in its note.
PostingResult PostRemittances(const CodeSetPack& pack, const std::vector<Claim>& claims,
                              const std::vector<Remittance>& remits, const PostingOptions& options = {});

// One claim's posting as JSON (the app stores it in claim_record's details) and the whole result:
// {"claim_id", "status", "paid", "patient_responsibility", "adjusted", "charge", "lines": [{"line", "code",
//  "modifiers", "paid_code", "paid_modifiers", "match", "match_note", "units", "charge", "paid", ...}], ...}.
// Amounts are strings with two decimals ("110.40").
std::string ClaimPostingToJson(const ClaimPosting& posting);
Result<ClaimPosting> ClaimPostingFromJson(std::string_view json, const std::string& where);

// Whether place of service `pos` is priced at the facility rate. The pack's CMS POS list decides ("Facility" type);
// when the pack lacks the code, the CMS facility list (21 22 23 24 26 31 34 41 42 51 52 53 56 61) does.
bool IsFacilityPos(const CodeSetPack& pack, std::string_view pos);

// The expected reimbursement of one service line at `zip5` (see ExpectedLine); `paid` + `patient_responsibility`
// are what the payer allowed. `dos` only goes into the note (the 2025 schedule is used for every date).
ExpectedLine ExpectLine(const CodeSetPack& pack, const ServiceLine& line, std::string_view zip5, bool facility,
                        std::string_view dos, Cents paid, Cents patient_responsibility);

// [SECTION] acknowledgments applied to claims

enum class AckState { kAccepted, kAcceptedWithErrors, kRejected, kPending };
const char* AckStateName(AckState state);  // "accepted", "accepted_with_errors", "rejected", "pending"

// What an acknowledgment says about one claim.
struct ClaimAckResult {
  std::string claim_id;
  std::string source;  // "999" or "277CA"
  AckState state = AckState::kPending;
  std::string reason;  // "A7:562:85 acknowledgement: rejected for invalid information; ..." or the 999's errors
  std::string payer_claim_number;  // 277CA REF*1K
};

// The 837 transactions a batch went out in: which claims each ST control number carried (a 999 acknowledges
// transaction sets, not claims).
struct SubmittedTransaction {
  std::string group_control_number;  // GS06 ("" = any)
  std::string control_number;        // ST02
  std::vector<std::string> claim_ids;
};
// One result per claim of each acknowledged transaction; transactions the 999 does not name get none.
std::vector<ClaimAckResult> Apply999(const Ack999& ack, const std::vector<SubmittedTransaction>& sent);
// One result per claim of the 277CA that is among `claim_ids` (by TRN*2 = claim id); `unmatched` gets the others.
std::vector<ClaimAckResult> Apply277(const Ack277& ack, const std::vector<std::string>& claim_ids,
                                     std::vector<std::string>* unmatched = nullptr);

}  // namespace medcode::engine
