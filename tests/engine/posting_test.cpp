// posting_test.cpp: 835 posting against submitted claims (posting.h) with the real code-set pack: statuses, CAS
// adjustments with the pack's CARC / RARC texts, line matching that survives dropped and reordered modifiers, unknown
// CLP01s, reversals, the denial worklist and its links to scrubber rules, expected MPFS reimbursement, 999 / 277CA
// applied to claims, and the posting JSON.
#include "engine/posting.h"

#include <catch2/catch.hpp>

#include <string>
#include <tuple>

#include "engine/codeset_mpfs.h"
#include "engine/codeset_reference.h"
#include "engine/scrubber.h"

using namespace medcode::engine;

namespace {

const std::string kPackPath = MEDCODE_TEST_PACK;

struct Line {
  std::string code;
  std::vector<std::string> modifiers;
  std::string charge;
  int units = 1;
};

Claim MakeClaim(const std::string& id, const std::vector<Line>& lines, const std::string& pos = "11",
                const std::string& dos = "2025-08-01") {
  Claim c;
  c.id = id;
  c.date_of_service = dos;
  c.header.place_of_service = pos;
  c.coding.diagnoses.push_back({"I10"});
  for (const Line& l : lines) {
    ServiceLine s;
    s.code = l.code;
    s.modifiers = l.modifiers;
    s.charge = l.charge;
    s.units = l.units;
    s.pointers = {1};
    c.coding.services.push_back(s);
  }
  return c;
}

ServicePayment Svc(const std::string& code, std::vector<std::string> mods, Cents charge, Cents paid,
                   std::vector<CasAdjustment> cas = {}, std::vector<std::string> remarks = {}) {
  ServicePayment s;
  s.procedure.code = code;
  s.procedure.modifiers = std::move(mods);
  s.charge = charge;
  s.paid = paid;
  s.adjustments = std::move(cas);
  s.remarks = std::move(remarks);
  return s;
}

ClaimPayment Clp(const std::string& id, const std::string& status, Cents charge, Cents paid, Cents pr,
                 std::vector<ServicePayment> lines, std::vector<CasAdjustment> cas = {}) {
  ClaimPayment c;
  c.patient_control_number = id;
  c.status = status;
  c.charge = charge;
  c.paid = paid;
  c.patient_responsibility = pr;
  c.lines = std::move(lines);
  c.adjustments = std::move(cas);
  return c;
}

Remittance Remit(std::vector<ClaimPayment> claims) {
  Remittance r;
  r.control_number = "0001";
  r.trace_number = "EFT1";
  r.claims = std::move(claims);
  r.total_paid = BalancedTotal(r);
  return r;
}

// The same 835 as remit_test.cpp's first claims, hand-written per 005010X221A1.
const char* const k835 =
    "ISA*00*          *00*          *ZZ*ACMEPAYER      *ZZ*GOODDOCS       *260115*1200*^*00501*000000101*0*T*:~\n"
    "GS*HP*ACMEPAYER*GOODDOCS*20260115*1200*101*X*005010X221A1~\n"
    "ST*835*1234*005010X221A1~\n"
    "BPR*I*260.4*C*CHK************20260120~\n"
    "TRN*1*CHK0012345*1512345678~\n"
    "N1*PR*ACME HEALTH PLAN~\n"
    "N1*PE*GOOD DOCTORS PC*XX*1234567893~\n"
    "LX*1~\n"
    "CLP*C100*1*200*110.4*27.6*MB*ICN0001*11*1~\n"
    "MOA***MA01~\n"
    "SVC*HC:99213:25*125*80**1~\n"
    "DTM*472*20250801~\n"
    "CAS*CO*45*25~\n"
    "CAS*PR*2*20~\n"
    "REF*6R*C100-1~\n"
    "AMT*B6*100~\n"
    "SVC*HC:93000*75*30.4~\n"
    "DTM*472*20250801~\n"
    "CAS*CO*45*37~\n"
    "CAS*PR*1*7.6~\n"
    "CLP*C200*1*300*150*0*MB*ICN0002*11*1~\n"
    "SVC*HC:29881:RT*250*150**1~\n"
    "CAS*CO*45*90**253*10~\n"
    "SVC*HC:29877:59:RT*50*0**1~\n"
    "CAS*CO*236*50*1~\n"
    "LQ*HE*M80~\n"
    "CLP*C999*1*80*0*0*MB*ICN0009*11*1~\n"
    "SE*26*1234~\n"
    "GE*1*101~\n"
    "IEA*1*000000101~\n";

std::vector<Claim> SubmittedClaims() {
  return {MakeClaim("C100", {{"99213", {"25"}, "125.00"}, {"93000", {}, "75.00"}}),
          MakeClaim("C200", {{"29881", {"RT"}, "250.00"}, {"29877", {"59", "RT"}, "50.00"}}),
          MakeClaim("C300", {{"99214", {}, "150.00"}})};
}

const PostedAdjustment* FindAdjustment(const std::vector<PostedAdjustment>& list, const std::string& group,
                                       const std::string& reason) {
  for (const auto& a : list)
    if (a.group == group && a.reason == reason) return &a;
  return nullptr;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a claim paid in full posts as paid, with no worklist entry", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::vector<Claim> claims = {MakeClaim("F1", {{"99213", {}, "100.00"}})};
  const auto result = PostRemittances(*pack, claims, {Remit({Clp("F1", "1", 10000, 10000, 0, {Svc("99213", {}, 10000, 10000)})})});
  REQUIRE(result.claims.size() == 1);
  const ClaimPosting& p = result.claims[0];
  CHECK(p.status == PostedStatus::kPaid);
  CHECK(p.paid == 10000);
  CHECK(p.patient_responsibility == 0);
  CHECK(p.lines[0].paid == 10000);
  CHECK(p.lines[0].match == LineMatch::kExact);
  CHECK(result.worklist.empty());
  CHECK(result.unmatched.empty());
  CHECK(result.total_paid == 10000);
}

TEST_CASE("a payment with CO-45 and PR-2 posts paid, patient responsibility and adjustments with CARC texts", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  auto remits = Read835Text(k835, "a.835");
  REQUIRE(remits.ok());
  const auto result = PostRemittances(*pack, SubmittedClaims(), *remits);
  const ClaimPosting& p = result.claims[0];
  CHECK(p.claim_id == "C100");
  // Partly paid by the payer, the rest contractual (CO-45) or the patient's (PR-2, PR-1): no denial, so "paid".
  CHECK(p.status == PostedStatus::kPaid);
  CHECK(p.charge == 20000);
  CHECK(p.paid == 11040);
  CHECK(p.patient_responsibility == 2760);
  CHECK(p.adjusted == 2500 + 2000 + 3700 + 760);
  CHECK(p.payer_claim_number == "ICN0001");
  REQUIRE(p.remarks.size() == 1);
  CHECK(p.remarks[0].code == "MA01");
  CHECK(Contains(p.remarks[0].text, "If you do not agree"));
  REQUIRE(p.lines.size() == 2);
  const PostedLine& visit = p.lines[0];
  CHECK(visit.match == LineMatch::kControlNumber);  // REF*6R C100-1
  CHECK(visit.paid == 8000);
  CHECK(visit.patient_responsibility == 2000);
  CHECK(visit.allowed == Cents{10000});
  const PostedAdjustment* co45 = FindAdjustment(visit.adjustments, "CO", "45");
  REQUIRE(co45 != nullptr);
  CHECK(co45->amount == 2500);
  CHECK_FALSE(co45->denial);
  CHECK(co45->reason_text == LookupCarc(*pack, "45")->description);
  CHECK(Contains(co45->reason_text, "Charge exceeds fee schedule"));
  const PostedAdjustment* pr2 = FindAdjustment(visit.adjustments, "PR", "2");
  REQUIRE(pr2 != nullptr);
  CHECK(pr2->amount == 2000);
  CHECK(pr2->reason_text == "Coinsurance Amount");
  const PostedLine& ekg = p.lines[1];
  CHECK(ekg.match == LineMatch::kExact);
  CHECK(ekg.paid == 3040);
  CHECK(ekg.patient_responsibility == 760);
  CHECK(FindAdjustment(ekg.adjustments, "PR", "1")->reason_text == "Deductible Amount");
  // Nothing of C100 in the worklist.
  for (const DenialEntry& e : result.worklist) CHECK(e.claim_id != "C100");
  // C300 had no CLP: pending.
  CHECK(result.claims[2].status == PostedStatus::kPending);
}

TEST_CASE("a line denied CO-236 goes to the worklist with its CARC / RARC texts and the NCCI PTP rules", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  auto remits = Read835Text(k835, "a.835");
  REQUIRE(remits.ok());
  const auto result = PostRemittances(*pack, SubmittedClaims(), *remits);
  const ClaimPosting& p = result.claims[1];
  CHECK(p.status == PostedStatus::kPartiallyPaid);
  CHECK(p.paid == 15000);
  CHECK_FALSE(p.lines[0].denied);
  CHECK(p.lines[1].denied);
  CHECK(p.lines[1].match == LineMatch::kExact);
  REQUIRE(result.worklist.size() == 1);
  const DenialEntry& e = result.worklist[0];
  CHECK(e.claim_id == "C200");
  CHECK(e.line == 1);
  CHECK(e.code == "29877");
  CHECK(e.amount == 5000);
  CHECK_FALSE(e.partial);
  REQUIRE(e.adjustments.size() == 1);
  CHECK(e.adjustments[0].reason == "236");
  CHECK(Contains(e.adjustments[0].reason_text, "not compatible with another procedure"));
  REQUIRE(e.remarks.size() == 1);
  CHECK(e.remarks[0].code == "M80");
  CHECK(e.remarks[0].text == LookupRarc(*pack, "M80")->description);
  CHECK(e.rules == std::vector<std::string>{"ncci.ptp.denied", "ncci.ptp.modifier_needed"});
  for (const auto& rule : e.rules) CHECK(FindScrubRule(rule) != nullptr);
  CHECK(Contains(e.rule_note, "CO-236"));

  // A claim denied CO-97 on its only line, and a claim-level CO-16 with MA130: denied, one entry each.
  const std::vector<Claim> claims = {MakeClaim("D1", {{"29877", {}, "50.00"}}),
                                     MakeClaim("D2", {{"99213", {}, "100.00"}})};
  const auto denied = PostRemittances(
      *pack, claims,
      {Remit({Clp("D1", "4", 5000, 0, 0, {Svc("29877", {}, 5000, 0, {{"CO", "97", 5000, ""}})}),
              Clp("D2", "4", 10000, 0, 0, {Svc("99213", {}, 10000, 0)}, {{"CO", "16", 10000, ""}})})});
  CHECK(denied.claims[0].status == PostedStatus::kDenied);
  CHECK(denied.claims[1].status == PostedStatus::kDenied);
  REQUIRE(denied.worklist.size() == 2);
  CHECK(denied.worklist[0].line == 0);
  CHECK(denied.worklist[0].rules == std::vector<std::string>{"ncci.ptp.denied", "ncci.ptp.modifier_needed"});
  CHECK(Contains(denied.worklist[0].adjustments[0].reason_text, "included in the payment/allowance for another"));
  CHECK(denied.worklist[1].line == -1);
  CHECK(denied.worklist[1].claim_id == "D2");
  CHECK(denied.worklist[1].rules.size() == 7);  // CO-16 without a RARC: every claim.*.missing rule
}

TEST_CASE("CarcScrubRules: a RARC narrows CARC 16; coverage CARCs link no rule; every id is a scrubber rule",
          "[posting]") {
  CHECK(CarcScrubRules("16", {"M76"}) ==
        std::vector<std::string>{"claim.diagnosis.missing", "claim.pointer.missing", "claim.pointer.invalid"});
  CHECK(CarcScrubRules("16", {"MA130"}).size() == 7);
  CHECK(CarcScrubRules("151", {}).front() == "ncci.mue.line");
  CHECK(CarcScrubRules("11", {}).front() == "icd.mce_sex");
  CHECK(CarcScrubRules("181", {}) == std::vector<std::string>{"proc.not_valid_on_dos", "proc.unknown"});
  CHECK(CarcScrubRules("182", {}).front() == "modifier.unknown");
  std::string note;
  CHECK(CarcScrubRules("204", {}, &note).empty());
  CHECK(Contains(note, "coverage"));
  CHECK(CarcScrubRules("50", {}).empty());
  CHECK(CarcScrubRules("ZZ9", {}, &note).empty());
  CHECK(Contains(note, "no scrubber rule"));

  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  for (const CarcRuleLink& link : CarcRuleLinks()) {
    INFO("CARC " << link.carc << " RARC " << link.rarc);
    CHECK(LookupCarc(*pack, link.carc).ok());  // a real CARC
    if (!link.rarc.empty()) CHECK(LookupRarc(*pack, link.rarc).ok());
    for (std::string_view rule : link.rules) {
      INFO("rule " << rule);
      CHECK(FindScrubRule(rule) != nullptr);
    }
  }
}

TEST_CASE("a dropped modifier and reordered modifiers still match their lines, and the posting says how", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // Two injections, right and left knee; the payer reorders the modifiers of one and drops 59 from the other, and
  // answers them in the other order.
  const std::vector<Claim> claims = {
      MakeClaim("R1", {{"20610", {"RT", "59"}, "90.00"}, {"20610", {"LT", "59"}, "95.00"}})};
  const auto result = PostRemittances(
      *pack, claims,
      {Remit({Clp("R1", "1", 18500, 9000, 0,
                  {Svc("20610", {"LT"}, 9500, 4500, {{"CO", "45", 5000, ""}}),
                   Svc("20610", {"59", "RT"}, 9000, 4500, {{"CO", "45", 4500, ""}})})})});
  const ClaimPosting& p = result.claims[0];
  REQUIRE(p.lines.size() == 2);  // no unmatched extra line
  const PostedLine& right = p.lines[0];
  const PostedLine& left = p.lines[1];
  CHECK(right.match == LineMatch::kModifiersReordered);
  CHECK(Contains(right.match_note, "reordered"));
  CHECK(right.paid_modifiers == std::vector<std::string>{"59", "RT"});
  CHECK(right.paid == 4500);
  CHECK(left.match == LineMatch::kModifiersDiffer);
  CHECK(left.match_note == "modifier 59 dropped by the payer");
  CHECK(left.paid == 4500);
  CHECK(FindAdjustment(left.adjustments, "CO", "45")->amount == 5000);
  CHECK(p.status == PostedStatus::kPaid);

  // Same code on two lines, no modifiers on either side: the charge decides.
  const std::vector<Claim> twins = {MakeClaim("T1", {{"97110", {}, "40.00", 1}, {"97110", {}, "80.00", 2}})};
  const auto twin = PostRemittances(
      *pack, twins, {Remit({Clp("T1", "1", 12000, 9000, 0, {Svc("97110", {}, 8000, 6000), Svc("97110", {}, 4000, 3000)})})});
  CHECK(twin.claims[0].lines[0].paid == 3000);
  CHECK(twin.claims[0].lines[1].paid == 6000);

  // The payer paid another code (SVC06 names the billed one).
  ServicePayment down = Svc("99213", {}, 15000, 7000, {{"CO", "45", 8000, ""}});
  down.original.qualifier = "HC";
  down.original.code = "99214";
  const auto changed = PostRemittances(*pack, {MakeClaim("X1", {{"99214", {}, "150.00"}})},
                                       {Remit({Clp("X1", "1", 15000, 7000, 0, {down})})});
  CHECK(changed.claims[0].lines[0].match == LineMatch::kOriginalCode);
  CHECK(changed.claims[0].lines[0].paid_code == "99213");
  CHECK(Contains(changed.claims[0].lines[0].match_note, "paid as 99213"));

  // A remitted line with a code the claim does not have is kept as an unmatched line.
  const auto stray = PostRemittances(*pack, {MakeClaim("S1", {{"99213", {}, "100.00"}})},
                                     {Remit({Clp("S1", "1", 10000, 5000, 0,
                                                 {Svc("99213", {}, 10000, 5000, {{"CO", "45", 5000, ""}}),
                                                  Svc("36415", {}, 1000, 0, {{"CO", "97", 1000, ""}})})})});
  REQUIRE(stray.claims[0].lines.size() == 2);
  CHECK(stray.claims[0].lines[1].line == -1);
  CHECK(stray.claims[0].lines[1].match == LineMatch::kUnmatched);
}

TEST_CASE("a CLP01 that names no submitted claim is reported, not dropped", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  auto remits = Read835Text(k835, "a.835");
  REQUIRE(remits.ok());
  const auto result = PostRemittances(*pack, SubmittedClaims(), *remits);
  REQUIRE(result.unmatched.size() == 1);
  CHECK(result.unmatched[0].patient_control_number == "C999");
  CHECK(result.unmatched[0].charge == 8000);
  CHECK(Contains(result.unmatched[0].where, "segment 27 (CLP)"));
  CHECK(Contains(result.unmatched[0].where, "CHK0012345"));
  CHECK(Contains(result.ToJson(), "\"C999\""));
}

TEST_CASE("a reversal (CLP02 22) then a corrected payment: reversed, then paid at the corrected amounts", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::vector<Claim> claims = {MakeClaim("V1", {{"99213", {}, "125.00"}})};
  const ClaimPayment first = Clp("V1", "1", 12500, 6000, 1500, {Svc("99213", {}, 12500, 6000, {{"CO", "45", 5000, ""}, {"PR", "2", 1500, ""}})});
  const ClaimPayment reversal = Clp("V1", "22", -12500, -6000, -1500, {Svc("99213", {}, -12500, -6000, {{"CO", "45", -5000, ""}, {"PR", "2", -1500, ""}})});
  const ClaimPayment corrected = Clp("V1", "1", 12500, 8000, 2000, {Svc("99213", {}, 12500, 8000, {{"CO", "45", 2500, ""}, {"PR", "2", 2000, ""}})});

  const auto reversed = PostRemittances(*pack, claims, {Remit({first}), Remit({reversal})});
  const ClaimPosting& r = reversed.claims[0];
  CHECK(r.status == PostedStatus::kReversed);
  CHECK(r.paid == 0);
  CHECK(r.lines[0].paid == 0);
  CHECK(r.lines[0].adjustments.empty());  // netted to zero
  CHECK(r.history.size() == 2);
  CHECK(Contains(r.history[1], "reversal"));
  CHECK(reversed.worklist.empty());

  const auto again = PostRemittances(*pack, claims, {Remit({first}), Remit({reversal, corrected})});
  const ClaimPosting& c = again.claims[0];
  CHECK(c.status == PostedStatus::kPaid);
  CHECK(c.remittances == 3);
  CHECK(c.paid == 8000);
  CHECK(c.patient_responsibility == 2000);
  CHECK(c.lines[0].paid == 8000);
  CHECK(FindAdjustment(c.lines[0].adjustments, "CO", "45")->amount == 2500);
  CHECK(FindAdjustment(c.lines[0].adjustments, "PR", "2")->amount == 2000);
}

TEST_CASE("expected pay of 99213 at ZIP 60601 equals ExpectedPayment and the hand-computed MPFS amount", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // By hand, RVU25D 99213: work 1.30, non-facility PE 1.35, facility PE 0.57, MP 0.10, CF 32.3465; GPCI Chicago
  // (carrier 06102, locality 16): work 1.007, PE 1.023, MP 2.018.
  //   non-facility: (1.30 x 1.007 + 1.35 x 1.023 + 0.10 x 2.018) x 32.3465 = 2.89195 x 32.3465 = 93.5445 -> 93.54
  //   facility:     (1.30 x 1.007 + 0.57 x 1.023 + 0.10 x 2.018) x 32.3465 = 2.09401 x 32.3465 = 67.7339 -> 67.73
  const std::vector<Claim> claims = {MakeClaim("E1", {{"99213", {}, "150.00"}, {"36415", {}, "10.00"}}, "11"),
                                     MakeClaim("E2", {{"99213", {}, "150.00", 2}}, "22", "2024-08-01")};
  const auto result = PostRemittances(
      *pack, claims,
      {Remit({Clp("E1", "1", 16000, 7483, 1871,
                  {Svc("99213", {}, 15000, 7483, {{"CO", "45", 5646, ""}, {"PR", "2", 1871, ""}}),
                   Svc("36415", {}, 1000, 0, {{"CO", "45", 1000, ""}})}),
              Clp("E2", "1", 30000, 10000, 0, {Svc("99213", {}, 30000, 10000, {{"CO", "45", 20000, ""}})})})},
      PostingOptions{"60601", true});
  const PostedLine& office = result.claims[0].lines[0];
  auto direct = ExpectedPayment(*pack, "99213", "", "60601", false);
  REQUIRE(direct.ok());
  CHECK(office.expected.priced);
  CHECK_FALSE(office.expected.facility);
  CHECK(office.expected.per_unit == direct->allowed.scaled);
  CHECK(office.expected.expected == 9354);
  CHECK(office.expected.difference == 7483 + 1871 - 9354);
  const PostedLine& lab = result.claims[0].lines[1];
  CHECK_FALSE(lab.expected.priced);  // 36415: status X, not a PFS service
  CHECK(Contains(lab.expected.note, "not priced"));
  CHECK(result.claims[0].expected == 9354);
  CHECK(result.claims[0].unpriced_lines == 1);
  CHECK(Contains(result.claims[0].expected_note, "carrier 06102, locality 16"));
  CHECK(Contains(result.claims[0].expected_note, "non-facility"));

  const PostedLine& inpatient = result.claims[1].lines[0];
  CHECK(inpatient.expected.facility);  // POS 22
  CHECK(inpatient.expected.per_unit == 6773);
  CHECK(inpatient.expected.expected == 2 * 6773);
  CHECK(inpatient.expected.difference == 10000 - 2 * 6773);
  CHECK(Contains(inpatient.expected.note, "2025 schedule used for a 2024 date of service"));
}

TEST_CASE("IsFacilityPos follows the CMS facility list", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  for (const char* pos : {"21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53", "56", "61"}) {
    INFO(pos);
    CHECK(IsFacilityPos(*pack, pos));
  }
  for (const char* pos : {"11", "12", "20", "49", "81"}) {
    INFO(pos);
    CHECK_FALSE(IsFacilityPos(*pack, pos));
  }
}

TEST_CASE("a claim posting round-trips through its JSON; a bad field names itself", "[posting]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  auto remits = Read835Text(k835, "a.835");
  REQUIRE(remits.ok());
  const auto result = PostRemittances(*pack, SubmittedClaims(), *remits, PostingOptions{"10001", true});
  for (const ClaimPosting& p : result.claims) {
    const std::string text = ClaimPostingToJson(p);
    auto back = ClaimPostingFromJson(text, "claim_record " + p.claim_id);
    REQUIRE(back.ok());
    CHECK(back->status == p.status);
    CHECK(back->paid == p.paid);
    CHECK(back->lines.size() == p.lines.size());
    CHECK(ClaimPostingToJson(*back) == text);
  }
  CHECK(Contains(ClaimPostingToJson(result.claims[1]), "\"status\":\"partially_paid\""));
  auto bad = ClaimPostingFromJson(R"({"claim_id": "C1", "lines": [{"paid": 12}]})", "claim_record C1");
  REQUIRE_FALSE(bad.ok());
  CHECK(Contains(bad.error().message, "lines[0].paid"));
  auto bad_status = ClaimPostingFromJson(R"({"status": "lost"})", "claim_record C1");
  REQUIRE_FALSE(bad_status.ok());
  CHECK(Contains(bad_status.error().message, "status"));
  // A CLP01 that is not UTF-8 (835s are outside input) still gives JSON, the byte replaced.
  const auto odd = PostRemittances(*pack, {}, {Remit({Clp("C\xff" "1", "1", 100, 100, 0, {})})});
  CHECK(Contains(odd.ToJson(), "\"C\xef\xbf\xbd" "1\""));
  const std::string all = result.ToJson();
  CHECK(Contains(all, "\"worklist\""));
  CHECK(Contains(all, "ncci.ptp.denied"));
}

TEST_CASE("a 999 and a 277CA applied to claims: accepted, rejected with the reason", "[posting]") {
  Ack999 ack;
  ack.group_control_number = "7";
  AckTransaction ok_set;
  ok_set.set_id = "837";
  ok_set.control_number = "0001";
  ok_set.status = "A";
  AckTransaction bad_set;
  bad_set.set_id = "837";
  bad_set.control_number = "0002";
  bad_set.status = "R";
  bad_set.errors.push_back({"CLM", 27, "2300", "8", {{2, 0, "782", "8", "ABC"}}});
  ack.transactions = {ok_set, bad_set};
  const auto applied = Apply999(ack, {{"7", "0001", {"A1", "A2"}}, {"7", "0002", {"B1"}}, {"7", "0003", {"Z"}}});
  REQUIRE(applied.size() == 3);
  CHECK(applied[0].claim_id == "A1");
  CHECK(applied[0].state == AckState::kAccepted);
  CHECK(applied[2].claim_id == "B1");
  CHECK(applied[2].state == AckState::kRejected);
  CHECK(Contains(applied[2].reason, "segment CLM at position 27 (loop 2300)"));
  CHECK(Contains(applied[2].reason, "element CLM02: "));

  Ack277 ca;
  ClaimAck accepted;
  accepted.patient_control_number = "A1";
  accepted.payer_claim_number = "PCN1";
  accepted.statuses.push_back({"A1", "19", "PR", "20260105", "WQ", Cents{12500}, ""});
  ClaimAck rejected;
  rejected.patient_control_number = "A2";
  rejected.statuses.push_back({"A7", "562", "85", "20260105", "U", Cents{5000}, ""});
  ClaimAck other;
  other.patient_control_number = "Q9";
  other.statuses.push_back({"A2", "20", "PR", "20260105", "WQ", Cents{100}, ""});
  ca.claims = {accepted, rejected, other};
  std::vector<std::string> unmatched;
  const auto ca_applied = Apply277(ca, {"A1", "A2"}, &unmatched);
  REQUIRE(ca_applied.size() == 2);
  CHECK(ca_applied[0].state == AckState::kAccepted);
  CHECK(ca_applied[0].payer_claim_number == "PCN1");
  CHECK(ca_applied[1].state == AckState::kRejected);
  CHECK(Contains(ca_applied[1].reason, "A7:562:85"));
  CHECK(Contains(ca_applied[1].reason, "rejected for invalid information"));
  CHECK(unmatched == std::vector<std::string>{"Q9"});
}
