// codeset_mpfs.h: the Medicare Physician Fee Schedule (MPFS, CMS) part of the code-set pack, compiled by
// codeset_mpfs.cpp from codesets/mpfs: the CY2025 relative value units of the October release (RVU25D), the CY2025
// GPCIs, the locality -> counties list, the anesthesia conversion factors, the OPPS payment caps, and the CMS ZIP code
// -> carrier/locality file of October 2025; and the allowed amount computed from them the CMS way.
//
// Numbers are exact: every decimal of the CMS files is kept as an integer count of its smallest unit (Decimal), so
// 1.30 RVU is 130 hundredths and a GPCI of 1.065 is 1065 thousandths; amounts are computed in integers and rounded to
// cents once, at the end. Edition "MPFS CY2025 RVU25D" (2025-01-01 .. 2025-12-31; RVU25D is the October release, the
// values in force from 2025-10-01). No 2026 schedule is in codesets/ (see codesets/mpfs/SOURCE.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/result.h"

namespace medcode::engine {

// A decimal number as CMS publishes it: scaled / 10^places (RVU 1.30 = {130, 2}; CF 32.3465 = {323465, 4}).
struct Decimal {
  int64_t scaled = 0;
  int places = 2;
  std::string Text() const;  // "1.30", "32.3465", "1.000": exactly `places` decimals
  double Value() const;      // for display only; compare `scaled` in code
  bool IsZero() const { return scaled == 0; }
};

// How the PFS pays a code, by its PFS status code (PPRRVU column "STATUS CODE"; CMS RVU file documentation).
enum class MpfsPricing {
  kPaid,                // A: active, separately paid under the PFS
  kPaidIfOnlyService,   // T: paid only when no other PFS service is paid the same day (else bundled)
  kRestrictedCoverage,  // R: special coverage rules; priced from its RVUs when it has any, else by the contractor
  kContractorPriced,    // C: the Medicare contractor (MAC) sets the price; no national amount
  kBundled,             // B, P: no separate payment; paid within other services (P: or outside the PFS)
  kNotValidForMedicare, // I: not valid for Medicare claims; Medicare uses another code
  kNotCovered,          // N: not covered by Medicare
  kExcluded,            // E (excluded by regulation), X (statutory exclusion: not a physician service, e.g. lab)
  kReportingOnly,       // M: measurement codes, reported for quality programs only, no payment
  kAnesthesia,          // J: anesthesia services, paid as (base + time units) x anesthesia CF, not from RVUs
  kDeleted,             // D, F, G, H: deleted codes and modifiers (none in RVU25D; handled for other releases)
  kUnknown,             // a status this build does not know
};
MpfsPricing PricingForStatus(std::string_view status);
// "A: active code, separately paid under the physician fee schedule", ...: for the UI and the CLI.
std::string MpfsStatusMeaning(std::string_view status);
// True for the pricings ExpectedPayment computes an amount for (A, T, and R when the code has RVUs).
bool MpfsComputesAmount(MpfsPricing pricing);

// One row of PPRRVU2025_Oct.csv: a HCPCS/CPT code with one modifier ("", "26" professional, "TC" technical, "53").
struct MpfsRvu {
  std::string code;
  std::string modifier;
  std::string description;  // HCPCS Level II short descriptor; empty for CPT and CDT codes (licence: see SOURCE.md)
  std::string status;       // PFS status code: A, B, C, E, I, J, M, N, P, R, T, X
  bool not_used_for_medicare_payment = false;  // "+": RVUs published for information, not used by Medicare
  Decimal work_rvu;
  Decimal nonfacility_pe_rvu;
  bool nonfacility_na = false;  // "NA": CMS set no non-facility PE; the PE given is the facility one
  Decimal facility_pe_rvu;
  bool facility_na = false;  // "NA": rarely or never done in a facility
  Decimal mp_rvu;
  Decimal nonfacility_total;
  Decimal facility_total;
  int pctc = 0;             // professional/technical component indicator 0-9
  std::string global_days;  // "000", "010", "090", "XXX", "YYY", "ZZZ", "MMM"
  Decimal pre_op, intra_op, post_op;  // shares of the global package (0.00-1.00)
  int mult_proc = 0;        // multiple procedure indicator 0-9
  int bilateral = 0;        // bilateral surgery indicator 0-3, 9
  int assistant = 0;        // assistant at surgery indicator 0-2, 9
  int co_surgeon = 0;       // co-surgeons indicator 0-2, 9
  int team = 0;             // team surgery indicator 0-2, 9
  std::string endo_base;    // endoscopic base code, or ""
  Decimal conversion_factor;  // 32.3465 for every row of RVU25D (4 places)
  std::string supervision;    // physician supervision of diagnostic procedures: "01".."09", "21", "6A", ...
  int calculation_flag = 0;
  std::string imaging_family;  // diagnostic imaging family indicator: "88" (subject to the reduction), "99"
  Decimal opps_nonfacility_pe_rvu, opps_facility_pe_rvu, opps_mp_rvu;  // used for the OPPS cap (0.00 when none)
};

// ZIP code -> Medicare carrier (MAC) and payment locality, from ZIP5_OCT2025.txt.
struct MpfsZipLocality {
  std::string zip5;
  std::string state;     // 2 letters
  std::string carrier;   // 5 digits: "13202"
  std::string locality;  // 2 digits: "01"
  std::string rural;     // "" urban, "R" rural, "B" super rural
  bool needs_zip4 = false;  // the ZIP spans localities: CMS prices by ZIP+4 (the ZIP9 file is not in codesets/)
};

// Addendum E: the geographic practice cost indices of one locality (3 places; work with the 1.0 floor).
struct MpfsGpci {
  std::string carrier, state, locality, name;
  Decimal work, pe, mp;
};

struct MpfsAnesthesiaCf {
  std::string carrier, locality, name;
  Decimal cf;  // dollars per anesthesia unit, 2 places
};

// One OPPS payment cap (OPPSCAP_Oct.csv): the most the PFS pays for the code in that locality.
struct MpfsOppsCap {
  std::string code, modifier, status, carrier, locality;
  Decimal facility_price, nonfacility_price;  // dollars, 2 places
};

// One row of 25LOCCO.csv: the counties of a locality (a locality may have two rows, one per state or carrier).
struct MpfsLocalityCounties {
  std::string carrier, locality;
  std::string state;     // full name as 25LOCCO.csv writes it ("NEW YORK"), carried down from the state's first row
  std::string area;      // fee schedule area: "MANHATTAN", "REST OF STATE*"
  std::string counties;  // "ALL COUNTIES", "SAN BERNARDINO, RIVERSIDE", ...
};

// The allowed amount of one service and how it was reached, for the UI to show the calculation.
struct MpfsPayment {
  MpfsRvu rvu;
  MpfsGpci gpci;  // of the ZIP's locality; all 1.000 (name "NATIONAL") for NationalPayment
  std::optional<MpfsZipLocality> zip;
  bool facility = false;
  MpfsPricing pricing = MpfsPricing::kUnknown;
  std::string status_meaning;
  bool computed = false;  // false: the status is not priced from RVUs (see pricing); the amounts below are 0
  bool setting_na = false;  // the PE of this setting is "NA" (CMS: rarely done there); the PE given was used
  Decimal pe_rvu;  // the PE RVU of the setting
  // Geographically adjusted RVUs, exact (RVU x GPCI: 5 places) and their sum.
  Decimal work_adjusted, pe_adjusted, mp_adjusted, total_adjusted;
  Decimal unrounded;  // total_adjusted x CF, exact (9 places)
  Decimal fee;        // unrounded rounded half up to cents (2 places): the PFS amount
  std::optional<MpfsOppsCap> opps_cap;  // the OPPS cap of the code in this locality, when there is one
  bool opps_cap_applied = false;        // the cap was lower than the fee
  Decimal allowed;                      // the Medicare allowed amount: fee, or the cap when lower (2 places)
  // "[(1.30 x 1.065) + (1.35 x 1.166) + (0.10 x 1.656)] x 32.3465 = 3.12420 x 32.3465 = 101.06" (+ cap, status).
  std::string Explain() const;
};

// The RVU row of `code` (any case, spaces ignored) with `modifier` ("" = the global service). kNotFound names both.
Result<MpfsRvu> LookupRvu(const CodeSetPack& pack, std::string_view code, std::string_view modifier = "");
// Every row of the RVU file, in code and modifier order (one query: for browsing, or checking many codes at once).
std::vector<MpfsRvu> ListRvus(const CodeSetPack& pack);
// Every row of `code` (the global service and its modifiers: "", "26", "TC", "53"), in modifier order.
std::vector<MpfsRvu> RvusForCode(const CodeSetPack& pack, std::string_view code);
// The carrier and locality of a 5-digit ZIP code. kInvalidArgument for a malformed ZIP, kNotFound for an unknown one.
Result<MpfsZipLocality> LocalityForZip(const CodeSetPack& pack, std::string_view zip5);
// The GPCIs of a carrier ("13202", or "2102" = "02102") and locality ("01" or "1"). kNotFound names them.
Result<MpfsGpci> LookupGpci(const CodeSetPack& pack, std::string_view carrier, std::string_view locality);
// The anesthesia conversion factor of a locality, and the national one (20.3178, from the ANES2025.csv heading).
Result<MpfsAnesthesiaCf> LookupAnesthesiaCf(const CodeSetPack& pack, std::string_view carrier,
                                            std::string_view locality);
Result<Decimal> NationalAnesthesiaCf(const CodeSetPack& pack);
// The OPPS cap of a code/modifier in a locality; kNotFound when the code has none there.
Result<MpfsOppsCap> LookupOppsCap(const CodeSetPack& pack, std::string_view code, std::string_view modifier,
                                  std::string_view carrier, std::string_view locality);
// The counties of a locality, in file order (empty when unknown).
std::vector<MpfsLocalityCounties> LocalityCounties(const CodeSetPack& pack, std::string_view carrier,
                                                   std::string_view locality);

// The Medicare allowed amount of `code` + `modifier` at `zip5`, facility or non-facility:
//   fee = round_half_up_to_cents([(work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)] x CF)
// with the setting's PE RVU; then the lesser of fee and the OPPS cap of the code in that locality, when it has one.
// Codes whose status is not priced from RVUs (MpfsComputesAmount false) come back ok with computed == false and the
// status explained. Errors: kNotFound (code/modifier, ZIP), kInvalidArgument (malformed ZIP).
Result<MpfsPayment> ExpectedPayment(const CodeSetPack& pack, std::string_view code, std::string_view modifier,
                                    std::string_view zip5, bool facility);
// The same with every GPCI 1.000 and no OPPS cap: the national amount CMS lists in the fee schedule look-up.
Result<MpfsPayment> NationalPayment(const CodeSetPack& pack, std::string_view code, std::string_view modifier,
                                    bool facility);

}  // namespace medcode::engine
