// x12_validate.h: a streaming validator of X12 interchanges (837P 005010X222A1, 835 005010X221A1, 999 005010X231A1,
// 277CA 005010X214) over X12Reader, in memory independent of the file's size. It checks
//   SNIP 1 (syntax): ISA/IEA, GS/GE, ST/SE envelopes, their counts and control numbers, segment ids, element data
//          types (ID, AN, N0, N2, R, DT, TM) and lengths of the segments these guides use;
//   SNIP 2 (implementation guide): the loop structure of each guide (loop tables in x12_validate.cpp), required
//          segments, elements and loops, loop repeats, the HL hierarchy, the code values of key qualifiers;
//   SNIP 3 (balancing): 837P CLM02 = sum of SV102; 835 CLP03 - CLP04 = claim and line CAS, CLP03/CLP04 = sums of
//          SVC02/SVC03, SVC02 - SVC03 = line CAS, BPR02 = sum of CLP04 - PLB adjustments.
// and summarizes each interchange, group and transaction set (kind, claim and line counts, totals in exact cents).
// Known limits: the order of segments inside a loop is not checked (only which loop they belong to); SNIP 4-5
// (situational rules between elements, code sets) are the scrubber's and the code sets' business.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/money.h"
#include "engine/x12.h"

namespace medcode::engine {

enum class X12TransactionKind { kOther, k837P, k835, k999, k277CA };
const char* X12TransactionKindName(X12TransactionKind kind);  // "837P", "835", "999", "277CA", "other"

// One ST..SE. Amounts are exact cents. Which counts mean what depends on the kind:
//   837P: claims = CLM, lines = SV1, charge = sum CLM02.
//   835: claims = CLP, lines = SVC, charge = sum CLP03, paid = sum CLP04, payment = BPR02.
//   999: claims = AK2 (transaction sets acknowledged), accepted / rejected from IK5.
//   277CA: claims = claim-level TRN (loop 2200D), lines = SVC, accepted / rejected from the claims' STC categories,
//          charge = sum of the claims' STC04.
struct X12TransactionSummary {
  std::string id;              // ST01: "837"
  std::string control_number;  // ST02
  std::string implementation;  // ST03, else GS08: "005010X222A1"
  X12TransactionKind kind = X12TransactionKind::kOther;
  uint64_t first_segment = 0;  // the ST's segment number
  uint64_t segments = 0;       // ST..SE as counted
  uint64_t claims = 0, lines = 0, accepted = 0, rejected = 0;
  int64_t charge_cents = 0, paid_cents = 0, payment_cents = 0;
};

struct X12GroupSummary {
  std::string functional_id;   // GS01: HC, HP, FA, HN
  std::string sender, receiver, control_number, version;  // GS02, GS03, GS06, GS08
  uint64_t first_segment = 0;
  uint64_t transactions = 0;
};

struct X12InterchangeSummary {
  std::string sender, receiver, control_number, date, time, usage;  // ISA06, ISA08, ISA13, ISA09, ISA10, ISA15
  X12Separators separators;
  uint64_t first_segment = 0;
  uint64_t groups = 0;
};

struct X12ValidateOptions {
  size_t max_problems = 200;      // problems kept; the rest are only counted
  size_t max_summaries = 10000;   // interchanges, groups and transaction sets kept (each); the rest only counted
  // Called with every segment read (before it is checked), e.g. to print them; null = not called.
  std::function<void(const X12Segment&)> on_segment;
};

struct X12Validation {
  std::vector<X12InterchangeSummary> interchanges;
  std::vector<X12GroupSummary> groups;
  std::vector<X12TransactionSummary> transactions;
  uint64_t interchange_count = 0, group_count = 0, transaction_count = 0;  // all, also those not kept
  uint64_t claims = 0, lines = 0;                                         // over every transaction set
  int64_t charge_cents = 0, paid_cents = 0;
  std::vector<X12Problem> problems;  // in input order, at most max_problems
  uint64_t problem_count = 0;        // all problems found
  uint64_t error_count = 0, warning_count = 0;
  uint64_t segments = 0, bytes = 0;
  bool readable = true;  // false when the input could not be read as X12 at all (no file, empty, not an ISA)

  bool clean() const { return problem_count == 0; }
};

// Reads `reader` to its end (or its first error, reported as a problem) and checks everything above.
X12Validation ValidateX12(X12Reader& reader, const X12ValidateOptions& options = {});


}  // namespace medcode::engine
