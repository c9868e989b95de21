// remit.h: what comes back from payers (issue 6, item 5): the 835 health care claim payment/advice (005010X221A1),
// the 999 implementation acknowledgment (005010X231A1) and the 277CA claim acknowledgment (005010X214) as models,
// read from an X12Reader (x12.h) segment by segment, and written back with an X12Writer (for tests, the benchmark's
// 835 generator and the browser test's simulated payer).
//
// Amounts are exact cents (int64_t), never doubles: "125.5" is 12550. An amount with more than two non-zero
// decimals is an error, not a rounding.
//
// Memory: Read835 with a handler hands out one ClaimPayment at a time and keeps only the current claim and its
// transaction's header, so a 100 MB remittance file is read in the reader's fixed buffer plus one claim. The vector
// forms collect everything (for small files and tests).
//
// Errors (kParse) say what is wrong and where: "remit.835, segment 12 (CLP), element CLP03: ..." (X12Position).
// These readers check what they need to build the model (amounts are numbers, a CAS follows a CLP or SVC, the
// transaction is an 835); the guides' full rules (counts, code values, balancing) are the validator's (x12_validate.h).
//
// [SECTION] index: amounts; 835 model; 835 reading; 835 writing; 999; 277CA.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/money.h"
#include "engine/result.h"
#include "engine/x12.h"

namespace medcode::engine {

// [SECTION] amounts ---------------------------------------------------------------------------------------------------

// An X12 decimal amount ("125.5", "-12", ".50", "100.00") as cents. kParse when it is not a number or has a non-zero
// third decimal ("1.005"); `what` names the element in the message.
Result<Cents> ParseX12Amount(std::string_view text, std::string_view what = "amount");

// [SECTION] 835 model -------------------------------------------------------------------------------------------------

// One adjustment of a CAS segment (a CAS holds up to 6 of these after its group code).
struct CasAdjustment {
  std::string group;   // CAS01: CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction
  std::string reason;  // CARC: "45"
  Cents amount = 0;
  std::string quantity;  // as sent ("1"); "" when absent
  bool operator==(const CasAdjustment&) const = default;
};

// A procedure as an SVC composite names it: SVC01 "HC:99213:25:59".
struct RemitProcedure {
  std::string qualifier = "HC";        // HC CPT/HCPCS, AD ADA, ER jurisdiction specific, N4 NDC, ...
  std::string code;
  std::vector<std::string> modifiers;  // up to 4, in the order sent
  std::string description;             // SVC01-7, rarely sent
  bool empty() const { return code.empty(); }
  bool operator==(const RemitProcedure&) const = default;
};

// Loop 2110: the payment of one service line.
struct ServicePayment {
  RemitProcedure procedure;    // SVC01: as paid
  Cents charge = 0;            // SVC02: the line charge as billed
  Cents paid = 0;              // SVC03
  std::string revenue_code;    // SVC04 (institutional)
  std::string units = "1";     // SVC05 units paid; the guide: absent means 1
  RemitProcedure original;     // SVC06: the procedure as billed, sent when the payer paid another code; else empty
  std::string original_units;  // SVC07: units billed, when they differ
  std::string date;            // DTM*472 service date (CCYYMMDD); or DTM*150 (from) with date_end DTM*151
  std::string date_end;
  std::vector<CasAdjustment> adjustments;
  std::string control_number;  // REF*6R line item control number (the 837's REF*6R), "" when not sent
  std::optional<Cents> allowed;  // AMT*B6 allowed amount
  std::vector<std::string> remarks;  // LQ*HE remittance advice remark codes (RARC)
  X12Position at;                // the SVC segment
  bool operator==(const ServicePayment& o) const;  // the data, not `at`
};

// Loop 2100: the payment of one claim.
struct ClaimPayment {
  std::string patient_control_number;  // CLP01: the claim id the provider sent (CLM01)
  std::string status;                  // CLP02: 1 primary, 2 secondary, 3 tertiary, 4 denied, 19-21 forwarded, 22 reversal, 23 not our claim
  Cents charge = 0;                    // CLP03
  Cents paid = 0;                      // CLP04
  std::optional<Cents> patient_responsibility;  // CLP05
  std::string filing_indicator;        // CLP06: MB, MA, MC, CI, 12, ...
  std::string payer_claim_number;      // CLP07: the payer's claim control number (ICN)
  std::string facility_code;           // CLP08: place of service / type of bill
  std::string frequency_code;          // CLP09
  std::vector<CasAdjustment> adjustments;  // claim-level CAS
  std::vector<std::string> remarks;    // MOA03-07 / MIA05, MIA20-23 remark codes (RARC)
  std::string patient_last_name, patient_first_name, patient_id;  // NM1*QC (NM103, NM104, NM109)
  std::string statement_from, statement_to;  // DTM*232 / DTM*233 (CCYYMMDD)
  std::string received_date;                 // DTM*050
  std::vector<std::pair<std::string, Cents>> amounts;  // AMT: qualifier (AU coverage, D8 discount, ...) and amount
  std::vector<ServicePayment> lines;
  X12Position at;  // the CLP segment
  bool operator==(const ClaimPayment& o) const;  // the data, not the positions
};

// A PLB adjustment: PLB03 composite (reason : reference) and PLB04 amount. A positive amount reduces the payment.
struct ProviderAdjustmentItem {
  std::string reason;     // WO overpayment recovery, L6 interest, FB forwarding balance, CS, ...
  std::string reference;  // PLB03-2, often the claim's ICN
  Cents amount = 0;
  bool operator==(const ProviderAdjustmentItem&) const = default;
};
struct ProviderAdjustment {
  std::string provider_id;  // PLB01 (NPI or TIN)
  std::string fiscal_period_end;  // PLB02 CCYYMMDD
  std::vector<ProviderAdjustmentItem> items;  // up to 6 per PLB segment
  bool operator==(const ProviderAdjustment&) const = default;
};

// One 835 transaction (ST..SE): one payment from one payer to one payee.
struct Remittance {
  std::string control_number;        // ST02
  std::string handling_code = "I";   // BPR01: I remittance with payment, H notification only, C payment + advice
  Cents total_paid = 0;              // BPR02: total actual provider payment
  std::string credit_debit = "C";    // BPR03
  std::string payment_method = "CHK";  // BPR04: ACH, CHK, BOP, FWT, NON
  std::string payment_format;        // BPR05: CCP, CTX (ACH)
  std::string payment_date;          // BPR16 CCYYMMDD
  std::string trace_number;          // TRN02: check or EFT trace number
  std::string trace_originator;      // TRN03: payer's id (1 + TIN)
  std::string production_date;       // DTM*405
  std::string payer_name;            // N1*PR N102
  std::string payer_id;              // N1*PR N104 (XV), else REF*2U
  // 1000A N3 / N4 (required by the guide: set them for a conformant file) and PER*BL (technical contact) TE number.
  std::string payer_address, payer_city, payer_state, payer_zip;
  std::string payer_contact_phone;
  std::string payee_name;            // N1*PE N102
  std::string payee_npi;             // N1*PE N104 when N103 = XX
  std::string payee_tax_id;          // N1*PE N104 when N103 = FI, or REF*TJ
  std::vector<ClaimPayment> claims;  // empty when read with a handler (the claims went to it)
  std::vector<ProviderAdjustment> provider_adjustments;
  X12Position at;  // the ST segment
  bool operator==(const Remittance& o) const;  // the data, not the positions
};

// BPR02 as the guide balances it: sum of CLP04 minus sum of PLB amounts.
Cents BalancedTotal(const Remittance& remit);

// [SECTION] 835 reading -----------------------------------------------------------------------------------------------

// Callbacks of the streaming reader; any may be empty. For each 835 transaction: on_header once the header loops
// (BPR, TRN, N1*PR, N1*PE) are read, on_claim for each claim as soon as it is complete (the reader reuses the object:
// copy what you keep), on_end after SE with the PLBs and the header (claims empty). Return false from on_claim to
// stop reading (Read835 then returns ok).
struct Remit835Handler {
  std::function<void(const Remittance& header)> on_header;
  std::function<bool(const Remittance& header, const ClaimPayment& claim)> on_claim;
  std::function<void(const Remittance& remit)> on_end;
};
// Reads every 835 transaction of every interchange. Errors: the reader's, a transaction that is not an 835, a
// malformed amount, a claim or line segment with no CLP / SVC before it, a CLP / SVC without its required elements.
Status Read835(X12Reader& reader, const Remit835Handler& handler);
// All transactions with their claims (memory grows with the file: for small files).
Result<std::vector<Remittance>> Read835(X12Reader& reader);
Result<std::vector<Remittance>> Read835Text(std::string_view text, const std::string& name = "835");

// [SECTION] 835 writing -----------------------------------------------------------------------------------------------

// The envelope of a file this module writes (ISA/GS/ST); ids are padded to the ISA's fixed widths.
struct X12EnvelopeOptions {
  X12Separators separators;       // * : ^ ~ by default
  bool line_breaks = false;       // a newline after each terminator (readable; readers skip it)
  std::string sender_id = "MEDCODEPAYER";     // ISA06 / GS02
  std::string receiver_id = "MEDCODEPRACTICE";  // ISA08 / GS03
  std::string date = "20260101";  // CCYYMMDD: ISA09 (YYMMDD) and GS04
  std::string time = "1200";      // HHMM
  int64_t interchange_control_number = 1;  // ISA13 / IEA02 (9 digits)
  int64_t group_control_number = 1;        // GS06 / GE02
  std::string transaction_control_number = "0001";  // ST02 / SE02 (the model's control_number wins when set)
  bool production = false;        // ISA15 P or T
};

// Writes an 835 interchange for one or more remittances in pieces, so that a generator can flush text() to a file
// between claims: Begin -> Claim... -> End, once per transaction, then Finish.
class Remit835Writer {
 public:
  explicit Remit835Writer(const X12EnvelopeOptions& options);
  void Begin(const Remittance& header);  // ST, BPR, TRN, DTM*405, 1000A, 1000B (claims of `header` not written)
  void Claim(const ClaimPayment& claim);  // LX (first claim), CLP loop with its lines
  void End(const Remittance& remit);      // PLBs of `remit`, SE
  void Finish();                          // GE, IEA
  std::string& text() { return m_writer.text(); }  // what has been written so far (the caller may clear it)
  std::string Take() { return m_writer.Take(); }

 private:
  X12EnvelopeOptions m_options;
  X12Writer m_writer;
  uint64_t m_st_segment = 0;  // segment count at ST
  int m_transactions = 0;
  bool m_have_lx = false;
  std::string m_st_control;
};

// A whole 835 file with one transaction (GS..GE in one ISA).
std::string Write835(const Remittance& remit, const X12EnvelopeOptions& options = {});
std::string Write835(const std::vector<Remittance>& remits, const X12EnvelopeOptions& options = {});

// [SECTION] 999 -------------------------------------------------------------------------------------------------------

// IK4: an element error inside a segment error.
struct AckElementError {
  int position = 0;             // IK401-1 element position
  int component = 0;            // IK401-2 (0 when absent)
  std::string reference;        // IK402 data element reference number
  std::string code;             // IK403: 1 required missing, 2 conditional missing, 4 too short, 5 too long, 6 bad character, 7 invalid code value, 8 invalid date, ...
  std::string bad_value;        // IK404
  bool operator==(const AckElementError&) const = default;
};
// IK3: a segment error.
struct AckSegmentError {
  std::string segment_id;       // IK301
  int position = 0;             // IK302: position in the transaction set (ST = 1)
  std::string loop_id;          // IK303
  std::string code;             // IK304: 1 unrecognized segment, 2 unexpected, 3 required missing, 5 exceeds max use, 8 has data element errors, I4 implementation "not used" present, ...
  std::vector<AckElementError> elements;
  bool operator==(const AckSegmentError&) const = default;
};
// AK2..IK5: the acknowledgment of one transaction set.
struct AckTransaction {
  std::string set_id;           // AK201: "837"
  std::string control_number;   // AK202: the ST02 it acknowledges
  std::string version;          // AK203: "005010X222A1"
  std::vector<AckSegmentError> errors;
  std::string status;           // IK501: A accepted, E accepted with errors, M/R/W/X rejected
  std::vector<std::string> codes;  // IK502..IK506 syntax error codes
  bool Accepted() const { return status == "A" || status == "E"; }
  bool operator==(const AckTransaction&) const = default;
};
struct Ack999 {
  std::string control_number;       // ST02 of the 999
  std::string functional_id;        // AK101: "HC"
  std::string group_control_number; // AK102: the GS06 it acknowledges
  std::string version;              // AK103
  std::vector<AckTransaction> transactions;
  std::string group_status;         // AK901: A, E, P partially accepted, R rejected, M, W, X
  int included = 0, received = 0, accepted = 0;  // AK902, AK903, AK904
  std::vector<std::string> group_codes;          // AK905..AK909
  bool operator==(const Ack999&) const = default;
};
// Every 999 transaction of the input. Errors as for Read835.
Result<std::vector<Ack999>> Read999(X12Reader& reader);
Result<std::vector<Ack999>> Read999Text(std::string_view text, const std::string& name = "999");
std::string Write999(const Ack999& ack, const X12EnvelopeOptions& options = {});
// "rejected: segment CLM at 27 (loop 2300): data element errors; element 2 (782): 8 invalid date" ...
std::string DescribeAckTransaction(const AckTransaction& transaction);

// [SECTION] 277CA ----------------------------------------------------------------------------------------------------

// One STC status: STC01 (or STC10 / STC11) category : status : entity, with the STC's date, action and amount.
struct ClaimStatusInfo {
  std::string category;  // A1 received, A2 accepted, A3 returned unprocessable, A4 not found, A6 rejected missing info, A7 rejected invalid info, A8 rejected relational field, ...
  std::string code;      // health care claim status code (X12 code list 508): "19", "20", "21", "562", ...
  std::string entity;    // entity identifier code: "PR" payer, "85" billing provider, ...
  std::string date;      // STC02 CCYYMMDD
  std::string action;    // STC03: WQ accepted, U rejected
  std::optional<Cents> amount;  // STC04 total claim charge
  std::string message;   // STC12 free-form message
  bool operator==(const ClaimStatusInfo&) const = default;
};
// Whether a category code means accepted (A0 A1 A2 A5), rejected (A3 A4 A6 A7 A8) or neither (pending, others).
enum class AckOutcome { kAccepted, kRejected, kOther };
AckOutcome ClaimStatusOutcome(std::string_view category);
// "A7: rejected for invalid information": a short explanation of a claim status category code.
std::string ClaimStatusCategoryText(std::string_view category);

// Loop 2200D (or 2200E): the acknowledgment of one claim.
struct ClaimAck {
  std::string patient_control_number;  // TRN*2 TRN02: the claim's CLM01
  std::string payer_claim_number;      // REF*1K
  std::string clearinghouse_trace;     // REF*D9
  std::string patient_last_name, patient_first_name, patient_id;  // NM1*QC / NM1*IL
  std::string service_date, service_date_end;  // DTP*472 (D8 or RD8)
  std::vector<ClaimStatusInfo> statuses;  // every STC of the claim (STC01, STC10, STC11 each as one)
  X12Position at;  // the TRN*2 segment
  AckOutcome Outcome() const;  // from the first STC's category
  bool operator==(const ClaimAck& o) const;  // the data, not `at`
};
struct Ack277 {
  std::string control_number;  // ST02
  std::string payer_name;      // 2100A NM1*PR NM103
  std::string receiver_name;   // 2100B NM1*41 NM103
  std::string billing_provider_npi;  // 2100C NM1*85 NM109
  std::vector<ClaimAck> claims;
  bool operator==(const Ack277&) const = default;
};
Result<std::vector<Ack277>> Read277(X12Reader& reader);
Result<std::vector<Ack277>> Read277Text(std::string_view text, const std::string& name = "277CA");
std::string Write277(const Ack277& ack, const X12EnvelopeOptions& options = {});

}  // namespace medcode::engine
