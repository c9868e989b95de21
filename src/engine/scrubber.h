// scrubber.h: the claim scrubber: every coding and payer rule Medcode has data for, checked on one claim at a time
// (the app re-checks the open encounter on each change) or on millions (`medcode scrub`, tools/bench/scrub).
//
// Rules are registered in one catalogue (ScrubRules(): stable id, severity, what it checks, its data source); a
// finding names its rule, says what is wrong in words a coder acts on, suggests the fix, and cites the source row it
// relies on ("NCCI PTP practitioner 2024 Q3: column 1 29881, column 2 29877, modifier indicator 1"). Severity: error =
// the claim cannot go as it is; warning = needs attention or an attestation; info = for the record.
//
// The data: the code-set pack, decoded into memory once by Scrubber::Load (ICD-10-CM validity and billable flags per
// fiscal year, tabular Excludes1 / code-first notes, MCE edits, HCPCS/CPT validity dates, modifiers, POS, NCCI PTP
// (both settings), MUE (three tables) and add-on edits). Scrub() reads only memory: no SQLite on the hot path.
// A loaded Scrubber is immutable: share it between threads.
//
// Editions. Where the date of service lies outside the data's editions the scrubber says so (a finding) instead of
// guessing: ICD-10-CM validity is checked only for FY2024-FY2026 dates; NCCI edits are the 2024 Q3 release (applied
// to other dates with a warning that names the edition); MCE is v41.1 (FY2024).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/claim.h"
#include "engine/codeset_pack.h"
#include "engine/date.h"
#include "engine/result.h"

namespace medcode::engine {

enum class ScrubSeverity { kError = 0, kWarning = 1, kInfo = 2 };
const char* ScrubSeverityName(ScrubSeverity severity);  // "error", "warning", "info"

// One rule of the catalogue.
struct ScrubRule {
  std::string_view id;        // stable: "ncci.ptp.modifier_needed"; never renamed once shipped
  ScrubSeverity severity;     // its usual severity (a finding may be milder, e.g. once attested)
  std::string_view what;      // what it checks, one sentence
  std::string_view source;    // the data or guideline it rests on: "NCCI PTP edits (CMS), 2024 Q3"
};
// Every rule, grouped ICD-10-CM, CPT/HCPCS, claim; in that order.
const std::vector<ScrubRule>& ScrubRules();
const ScrubRule* FindScrubRule(std::string_view id);

// An unambiguous change that resolves a finding (the app offers it; the user confirms).
struct ScrubFix {
  enum class Kind { kNone, kAddModifier };
  Kind kind = Kind::kNone;
  int line = -1;          // 0-based service line the change applies to
  std::string modifier;   // kAddModifier: the modifier to append ("59")
  std::string label;      // "Add modifier 59 to line 2 (29877)"
};

struct ScrubFinding {
  std::string rule;  // ScrubRule::id
  ScrubSeverity severity = ScrubSeverity::kError;
  std::string message;  // what is wrong, naming the codes and lines
  std::string fix;      // what to do, in words
  std::string source;   // the source row or guideline: "NCCI PTP practitioner 2024 Q3: column 1 ..., indicator 1"
  std::string field;    // the JSON field it points at: "services[1].modifiers", "billing_provider.npi", "diagnoses[0]"
  int diagnosis = -1;   // 0-based diagnosis it points at, -1 when none
  int line = -1;        // 0-based service line it points at, -1 when none
  int other = -1;       // the other diagnosis (Excludes1, duplicate) or line (PTP column 1, duplicate), -1 when none
  // Findings an attestation may accept (Excludes1 "unrelated conditions"): the subject the attestation names
  // ("E10.9|E11.9", codes sorted); "" when the rule takes none. An attested finding becomes info and says by whom.
  std::string attestation_subject;
  bool attested = false;
  ScrubFix action;
};

// The findings of one claim, errors first, then warnings, then info; within a severity in claim order.
struct ScrubReport {
  std::vector<ScrubFinding> findings;
  int errors = 0, warnings = 0, infos = 0;
  bool clean() const { return errors == 0 && warnings == 0; }
};

// Bypass modifiers of an NCCI PTP edit with indicator 1 (NCCI Policy Manual, chapter I, section E): 59, XE, XS, XP,
// XU; the anatomic modifiers (E1-E4, FA, F1-F9, TA, T1-T9, LT, RT, LC, LD, RC, LM, RI: they bypass when the two lines
// carry different ones); global surgery 24, 25, 57 (on an E/M line only: 99202-99499), 58, 78, 79; and 27, 91.
// A bypass modifier counts on either line of the pair (CMS: "appended to either code").
bool IsPtpBypassModifier(std::string_view modifier);
bool IsAnatomicModifier(std::string_view modifier);

class Scrubber {
 public:
  // Decodes what the rules need from the pack (~1 s natively: the PTP tables dominate). Errors: the pack lacks a
  // table the rules need (a pack built before it), or a table does not decode.
  static Result<Scrubber> Load(const CodeSetPack& pack);
  Scrubber(Scrubber&&) noexcept;
  Scrubber& operator=(Scrubber&&) noexcept;
  ~Scrubber();

  // Checks one claim. `today` decides "date of service in the future".
  ScrubReport Scrub(const Claim& claim, const Date& today) const;
  // The same into `out` (cleared first), reusing its storage: for batches.
  void Scrub(const Claim& claim, const Date& today, ScrubReport& out) const;

  // Bytes held in memory by the decoded tables (for the benchmark's memory column).
  size_t MemoryBytes() const;

  struct Data;  // defined in scrubber.cpp

 private:
  explicit Scrubber(std::unique_ptr<Data> data);
  std::unique_ptr<Data> m_data;
};

// The findings of one claim as JSON: {"id": ..., "errors": n, "warnings": n, "infos": n, "findings": [{"rule",
// "severity", "message", "fix", "source", "field", "diagnosis", "line", "other", "attestation_subject", "attested",
// "action": {"kind": "add_modifier", "line", "modifier", "label"}}]} (indices 0-based; absent ones omitted).
std::string ScrubReportToJson(const std::string& claim_id, const ScrubReport& report);

}  // namespace medcode::engine
