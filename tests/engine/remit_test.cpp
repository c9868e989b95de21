// remit_test.cpp: the 835 / 999 / 277CA readers and writers (remit.h): hand-written files that follow the
// implementation guides (005010X221A1, 005010X231A1, 005010X214) read into the right numbers, write -> read round
// trips, the streaming handler, and malformed input that must fail with the segment number, id and element.
#include "engine/remit.h"

#include <catch2/catch.hpp>

#include <string>

using namespace medcode::engine;

namespace {

// An 835 with three claims (guide example shapes): C100 paid with CO-45 and PR-2 / PR-1 on two lines, C200 with a
// line paid at two CAS triplets and a line denied CO-236 (RARC M80), C300 paid for another code than billed (SVC06),
// and a PLB with interest (-1.25, adds to the payment) and an overpayment recovery (5.00).
// BPR02 = 110.40 + 150.00 + 60.00 - (-1.25 + 5.00) = 316.65.
const char* const k835 = R"(ISA*00*          *00*          *ZZ*ACMEPAYER      *ZZ*GOODDOCS       *260115*1200*^*00501*000000101*0*T*:~
GS*HP*ACMEPAYER*GOODDOCS*20260115*1200*101*X*005010X221A1~
ST*835*1234*005010X221A1~
BPR*I*316.65*C*CHK************20260120~
TRN*1*CHK0012345*1512345678~
DTM*405*20260115~
N1*PR*ACME HEALTH PLAN~
N3*100 MAIN ST~
N4*ANYTOWN*NY*10001~
REF*2U*00430~
PER*BL*EDI HELP*TE*8005551212~
N1*PE*GOOD DOCTORS PC*XX*1234567893~
REF*TJ*123456789~
LX*1~
CLP*C100*1*200*110.4*27.6*MB*ICN0001*11*1~
NM1*QC*1*DOE*JANE****MI*123456789A~
MOA***MA01~
DTM*232*20250801~
DTM*233*20250801~
AMT*AU*138~
SVC*HC:99213:25*125*80**1~
DTM*472*20250801~
CAS*CO*45*25~
CAS*PR*2*20~
REF*6R*C100-1~
AMT*B6*100~
SVC*HC:93000*75*30.4~
DTM*472*20250801~
CAS*CO*45*37~
CAS*PR*1*7.6~
AMT*B6*38~
CLP*C200*1*300*150*0*MB*ICN0002*11*1~
NM1*QC*1*ROE*RICHARD****MI*987654321A~
SVC*HC:29881:RT*250*150**1~
DTM*472*20250802~
CAS*CO*45*90**253*10~
SVC*HC:29877:59:RT*50*0**1~
DTM*472*20250802~
CAS*CO*236*50*1~
LQ*HE*M80~
CLP*C300*1*100*60*0*MB*ICN0003*11*1~
SVC*HC:99213*100*60**1*HC:99214~
DTM*472*20250803~
CAS*CO*45*40~
PLB*1234567893*20251231*L6:INTEREST*-1.25*WO:ICN0000*5~
SE*44*1234~
GE*1*101~
IEA*1*000000101~
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("ParseX12Amount reads X12 decimals exactly and refuses fractions of a cent", "[x12][835]") {
  CHECK(*ParseX12Amount("125.5") == 12550);
  CHECK(*ParseX12Amount("125") == 12500);
  CHECK(*ParseX12Amount(".05") == 5);
  CHECK(*ParseX12Amount("-1.25") == -125);
  CHECK(*ParseX12Amount("100.000") == 10000);
  CHECK(*ParseX12Amount("0.1") == 10);
  CHECK_FALSE(ParseX12Amount("1.005").ok());
  CHECK_FALSE(ParseX12Amount("").ok());
  CHECK_FALSE(ParseX12Amount("-").ok());
  CHECK_FALSE(ParseX12Amount("12a").ok());
  CHECK_FALSE(ParseX12Amount("1.2.3").ok());
  CHECK(CentsToX12(12550) == "125.5");
  CHECK(CentsToX12(12500) == "125");
  CHECK(CentsToX12(-5) == "-0.05");
  CHECK(CentsToX12(0) == "0");
  CHECK(FormatCents(12550) == "125.50");
  CHECK(FormatCents(-125) == "-1.25");
}

TEST_CASE("Read835 reads a hand-written 835 into the right numbers", "[x12][835]") {
  auto remits = Read835Text(k835, "a.835");
  REQUIRE(remits.ok());
  REQUIRE(remits->size() == 1);
  const Remittance& r = remits->front();
  CHECK(r.control_number == "1234");
  CHECK(r.handling_code == "I");
  CHECK(r.total_paid == 31665);
  CHECK(r.payment_method == "CHK");
  CHECK(r.payment_date == "20260120");
  CHECK(r.trace_number == "CHK0012345");
  CHECK(r.trace_originator == "1512345678");
  CHECK(r.production_date == "20260115");
  CHECK(r.payer_name == "ACME HEALTH PLAN");
  CHECK(r.payer_id == "00430");
  CHECK(r.payer_address == "100 MAIN ST");
  CHECK(r.payer_city == "ANYTOWN");
  CHECK(r.payer_state == "NY");
  CHECK(r.payer_zip == "10001");
  CHECK(r.payer_contact_phone == "8005551212");
  CHECK(r.payee_name == "GOOD DOCTORS PC");
  CHECK(r.payee_npi == "1234567893");
  CHECK(r.payee_tax_id == "123456789");
  CHECK(r.at.segment_number == 3);
  REQUIRE(r.claims.size() == 3);

  const ClaimPayment& c1 = r.claims[0];
  CHECK(c1.patient_control_number == "C100");
  CHECK(c1.status == "1");
  CHECK(c1.charge == 20000);
  CHECK(c1.paid == 11040);
  CHECK(c1.patient_responsibility == Cents{2760});
  CHECK(c1.filing_indicator == "MB");
  CHECK(c1.payer_claim_number == "ICN0001");
  CHECK(c1.facility_code == "11");
  CHECK(c1.patient_last_name == "DOE");
  CHECK(c1.patient_first_name == "JANE");
  CHECK(c1.patient_id == "123456789A");
  CHECK(c1.remarks == std::vector<std::string>{"MA01"});
  CHECK(c1.statement_from == "20250801");
  CHECK(c1.statement_to == "20250801");
  REQUIRE(c1.amounts.size() == 1);
  CHECK(c1.amounts[0] == std::pair<std::string, Cents>{"AU", 13800});
  CHECK(c1.at.segment_number == 15);
  REQUIRE(c1.lines.size() == 2);
  const ServicePayment& l1 = c1.lines[0];
  CHECK(l1.procedure.qualifier == "HC");
  CHECK(l1.procedure.code == "99213");
  CHECK(l1.procedure.modifiers == std::vector<std::string>{"25"});
  CHECK(l1.charge == 12500);
  CHECK(l1.paid == 8000);
  CHECK(l1.units == "1");
  CHECK(l1.date == "20250801");
  CHECK(l1.control_number == "C100-1");
  CHECK(l1.allowed == Cents{10000});
  REQUIRE(l1.adjustments.size() == 2);
  CHECK(l1.adjustments[0] == CasAdjustment{"CO", "45", 2500, ""});
  CHECK(l1.adjustments[1] == CasAdjustment{"PR", "2", 2000, ""});
  const ServicePayment& l2 = c1.lines[1];
  CHECK(l2.procedure.code == "93000");
  CHECK(l2.units == "1");  // SVC05 absent: one unit (the guide)
  CHECK(l2.paid == 3040);
  CHECK(l2.adjustments[1] == CasAdjustment{"PR", "1", 760, ""});

  const ClaimPayment& c2 = r.claims[1];
  CHECK(c2.patient_control_number == "C200");
  CHECK(c2.patient_responsibility == Cents{0});
  REQUIRE(c2.lines.size() == 2);
  REQUIRE(c2.lines[0].adjustments.size() == 2);  // one CAS, two triplets
  CHECK(c2.lines[0].adjustments[0] == CasAdjustment{"CO", "45", 9000, ""});
  CHECK(c2.lines[0].adjustments[1] == CasAdjustment{"CO", "253", 1000, ""});
  CHECK(c2.lines[1].procedure.modifiers == std::vector<std::string>{"59", "RT"});
  CHECK(c2.lines[1].paid == 0);
  CHECK(c2.lines[1].adjustments[0] == CasAdjustment{"CO", "236", 5000, "1"});
  CHECK(c2.lines[1].remarks == std::vector<std::string>{"M80"});

  const ClaimPayment& c3 = r.claims[2];
  REQUIRE(c3.lines.size() == 1);
  CHECK(c3.lines[0].procedure.code == "99213");
  CHECK(c3.lines[0].original.code == "99214");
  CHECK(c3.lines[0].original.qualifier == "HC");

  REQUIRE(r.provider_adjustments.size() == 1);
  const ProviderAdjustment& plb = r.provider_adjustments[0];
  CHECK(plb.provider_id == "1234567893");
  CHECK(plb.fiscal_period_end == "20251231");
  REQUIRE(plb.items.size() == 2);
  CHECK(plb.items[0] == ProviderAdjustmentItem{"L6", "INTEREST", -125});
  CHECK(plb.items[1] == ProviderAdjustmentItem{"WO", "ICN0000", 500});
  CHECK(BalancedTotal(r) == r.total_paid);
}

TEST_CASE("Read835 with a handler streams claims one at a time and can stop early", "[x12][835]") {
  X12Reader reader = X12Reader::FromText(k835, "a.835");
  int headers = 0, ends = 0;
  std::vector<std::string> ids;
  Remit835Handler handler;
  handler.on_header = [&](const Remittance& h) {
    ++headers;
    CHECK(h.payer_name == "ACME HEALTH PLAN");
    CHECK(h.claims.empty());
  };
  handler.on_claim = [&](const Remittance& h, const ClaimPayment& c) {
    CHECK(h.claims.empty());  // the reader keeps no claims
    ids.push_back(c.patient_control_number);
    return true;
  };
  handler.on_end = [&](const Remittance& r) {
    ++ends;
    CHECK(r.claims.empty());
    CHECK(r.provider_adjustments.size() == 1);
  };
  REQUIRE(Read835(reader, handler).ok());
  CHECK(headers == 1);
  CHECK(ends == 1);
  CHECK(ids == std::vector<std::string>{"C100", "C200", "C300"});

  X12Reader again = X12Reader::FromText(k835, "a.835");
  ids.clear();
  Remit835Handler stop;
  stop.on_claim = [&](const Remittance&, const ClaimPayment& c) {
    ids.push_back(c.patient_control_number);
    return false;
  };
  REQUIRE(Read835(again, stop).ok());
  CHECK(ids == std::vector<std::string>{"C100"});
}

TEST_CASE("Write835 -> Read835 round-trips, with other separators and line breaks too", "[x12][835]") {
  auto read = Read835Text(k835, "a.835");
  REQUIRE(read.ok());
  const Remittance& original = read->front();
  const std::string text = Write835(original);
  auto back = Read835Text(text, "written.835");
  REQUIRE(back.ok());
  REQUIRE(back->size() == 1);
  CHECK(back->front() == original);
  // The same text again from what was read back (canonical form is stable).
  CHECK(Write835(back->front()) == text);

  X12EnvelopeOptions options;
  options.separators = {'|', '>', '!', '\''};
  options.line_breaks = true;
  const std::string other = Write835(original, options);
  CHECK(other.find("CLP|C100|1|200|110.4|27.6|MB|ICN0001|11|1'\n") != std::string::npos);
  CHECK(other.find("SVC|HC>99213>25|125|80||1'\n") != std::string::npos);
  auto back2 = Read835Text(other, "other.835");
  REQUIRE(back2.ok());
  CHECK(back2->front() == original);

  // Changing one amount is seen (the comparison is not vacuous).
  Remittance changed = original;
  changed.claims[1].lines[0].adjustments[1].amount += 1;
  CHECK_FALSE(changed == original);
  auto back3 = Read835Text(Write835(changed), "changed.835");
  REQUIRE(back3.ok());
  CHECK(back3->front().claims[1].lines[0].adjustments[1].amount == 1001);
}

TEST_CASE("Write835 writes SE01, GE01 and IEA01 counts and packs CAS triplets six to a segment", "[x12][835]") {
  Remittance r;
  r.total_paid = 0;
  r.payer_name = "P";
  r.payee_name = "Q";
  r.payee_npi = "1234567893";
  ClaimPayment c;
  c.patient_control_number = "X1";
  c.status = "4";
  c.charge = 700;
  for (int i = 0; i < 7; ++i) c.adjustments.push_back({"CO", std::to_string(100 + i), 100, ""});
  r.claims.push_back(c);
  const std::string text = Write835(r);
  CHECK(text.find("CAS*CO*100*1**101*1**102*1**103*1**104*1**105*1~CAS*CO*106*1~") != std::string::npos);
  // SE01 = ST..SE: ST BPR TRN N1 (no N3/N4/REF/PER: not set) N1 LX CLP CAS CAS NM1 SE = 11 segments.
  CHECK(text.find("SE*11*0001~GE*1*1~IEA*1*000000001~") != std::string::npos);
  auto back = Read835Text(text);
  REQUIRE(back.ok());
  CHECK(back->front().claims[0].adjustments == c.adjustments);
}

TEST_CASE("Read835 errors name the segment number, id and element", "[x12][835]") {
  // A malformed amount in CLP03 (segment 15).
  auto bad_amount = Read835Text(Replace(k835, "CLP*C100*1*200*", "CLP*C100*1*2O0*"), "bad.835");
  REQUIRE_FALSE(bad_amount.ok());
  CHECK(bad_amount.error().code == ErrorCode::kParse);
  CHECK(bad_amount.error().message.find("segment 15 (CLP), element CLP03") != std::string::npos);
  CHECK(bad_amount.error().message.find("2O0") != std::string::npos);
  CHECK(bad_amount.error().where.find("bad.835") != std::string::npos);

  // A fraction of a cent in a CAS amount (segment 23, CAS03).
  auto cents = Read835Text(Replace(k835, "CAS*CO*45*25~", "CAS*CO*45*25.001~"), "c.835");
  REQUIRE_FALSE(cents.ok());
  CHECK(cents.error().message.find("segment 23 (CAS), element CAS03") != std::string::npos);

  // A CAS before any CLP.
  auto orphan = Read835Text(Replace(k835, "LX*1~", "LX*1~\nCAS*CO*45*1~"), "o.835");
  REQUIRE_FALSE(orphan.ok());
  CHECK(orphan.error().message.find("segment 15 (CAS)") != std::string::npos);

  // CLP without its patient control number.
  auto no_id = Read835Text(Replace(k835, "CLP*C200*", "CLP**"), "n.835");
  REQUIRE_FALSE(no_id.ok());
  CHECK(no_id.error().message.find("(CLP), element CLP01") != std::string::npos);

  // SVC without a code.
  auto no_code = Read835Text(Replace(k835, "SVC*HC:93000*", "SVC*HC*"), "s.835");
  REQUIRE_FALSE(no_code.ok());
  CHECK(no_code.error().message.find("segment 27 (SVC), element SVC01") != std::string::npos);

  // Not an 835.
  auto not835 = Read835Text(Replace(k835, "ST*835*", "ST*837*"), "x.835");
  REQUIRE_FALSE(not835.ok());
  CHECK(not835.error().message.find("segment 3 (ST), element ST01") != std::string::npos);

  // SE missing: GE inside the transaction.
  auto no_se = Read835Text(Replace(k835, "SE*44*1234~", ""), "t.835");
  REQUIRE_FALSE(no_se.ok());
  CHECK(no_se.error().message.find("(GE)") != std::string::npos);

  // Truncated in the middle of a claim: the reader's error comes through.
  const std::string text(k835);
  auto truncated = Read835Text(std::string_view(text).substr(0, text.find("CLP*C300") + 6), "cut.835");
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().message.find("truncated") != std::string::npos);
}

namespace {

// A 999 (005010X231A1) acknowledging two 837 transaction sets of group 7: 0001 accepted, 0002 rejected for a bad
// date in CLM (sic: the guide's example shape) and a bad code value in SV101-2.
const char* const k999 =
    "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*GOODDOCS       *260105*0900*^*00501*000000201*0*T*:~\n"
    "GS*FA*CLEARINGHOUSE*GOODDOCS*20260105*0900*201*X*005010X231A1~\n"
    "ST*999*0001*005010X231A1~\n"
    "AK1*HC*7*005010X222A1~\n"
    "AK2*837*0001*005010X222A1~\n"
    "IK5*A~\n"
    "AK2*837*0002*005010X222A1~\n"
    "IK3*CLM*27*2300*8~\n"
    "IK4*2*782*8*ABC~\n"
    "IK3*SV1*31*2400*8~\n"
    "IK4*1:2*234*7*99999~\n"
    "IK5*R*5~\n"
    "AK9*P*2*2*1~\n"
    "SE*12*0001~\n"
    "GE*1*201~\n"
    "IEA*1*000000201~\n";

// A 277CA (005010X214): C100 accepted (A2), C200 rejected (A7 562, with A6 128 in STC10) and a line-level STC that
// belongs to the line, not the claim.
const char* const k277 =
    "ISA*00*          *00*          *ZZ*ACMEPAYER      *ZZ*GOODDOCS       *260106*1000*^*00501*000000301*0*T*:~\n"
    "GS*HN*ACMEPAYER*GOODDOCS*20260106*1000*301*X*005010X214~\n"
    "ST*277*0001*005010X214~\n"
    "BHT*0085*08*277CA0001*20260106*1000*TH~\n"
    "HL*1**20*1~\n"
    "NM1*PR*2*ACME HEALTH PLAN*****PI*00430~\n"
    "TRN*1*277CA0001~\n"
    "DTP*050*D8*20260105~\n"
    "DTP*009*D8*20260106~\n"
    "HL*2*1*21*1~\n"
    "NM1*41*2*GOOD DOCTORS PC*****46*GOODDOCS~\n"
    "TRN*2*BATCH7~\n"
    "STC*A1:19:PR*20260106*WQ*325~\n"
    "QTY*90*1~\n"
    "QTY*AA*1~\n"
    "AMT*YU*200~\n"
    "AMT*YY*125~\n"
    "HL*3*2*19*1~\n"
    "NM1*85*2*GOOD DOCTORS PC*****XX*1234567893~\n"
    "TRN*1*0~\n"
    "STC*A1:19:PR*20260106*WQ*325~\n"
    "HL*4*3*PT~\n"
    "NM1*QC*1*DOE*JANE****MI*123456789A~\n"
    "TRN*2*C100~\n"
    "STC*A2:20:PR*20260106*WQ*200~\n"
    "REF*1K*PCN20260106001~\n"
    "REF*D9*CH0001~\n"
    "DTP*472*D8*20250801~\n"
    "HL*5*3*PT~\n"
    "NM1*QC*1*ROE*RICHARD****MI*987654321A~\n"
    "TRN*2*C200~\n"
    "STC*A7:562:85*20260106*U*125******A6:128:85~\n"
    "DTP*472*RD8*20250802-20250803~\n"
    "SVC*HC:29877:59:RT*50****1~\n"
    "STC*A7:454*20260106*U*50~\n"
    "SE*34*0001~\n"
    "GE*1*301~\n"
    "IEA*1*000000301~\n";

}  // namespace

TEST_CASE("Read999 reads AK2 / IK3 / IK4 / IK5 / AK9; Write999 round-trips", "[x12][999]") {
  auto acks = Read999Text(k999, "a.999");
  REQUIRE(acks.ok());
  REQUIRE(acks->size() == 1);
  const Ack999& a = acks->front();
  CHECK(a.functional_id == "HC");
  CHECK(a.group_control_number == "7");
  CHECK(a.version == "005010X222A1");
  REQUIRE(a.transactions.size() == 2);
  CHECK(a.transactions[0].control_number == "0001");
  CHECK(a.transactions[0].status == "A");
  CHECK(a.transactions[0].Accepted());
  CHECK(a.transactions[0].errors.empty());
  const AckTransaction& r = a.transactions[1];
  CHECK(r.set_id == "837");
  CHECK(r.control_number == "0002");
  CHECK(r.status == "R");
  CHECK_FALSE(r.Accepted());
  CHECK(r.codes == std::vector<std::string>{"5"});
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].segment_id == "CLM");
  CHECK(r.errors[0].position == 27);
  CHECK(r.errors[0].loop_id == "2300");
  CHECK(r.errors[0].code == "8");
  REQUIRE(r.errors[0].elements.size() == 1);
  CHECK(r.errors[0].elements[0].position == 2);
  CHECK(r.errors[0].elements[0].reference == "782");
  CHECK(r.errors[0].elements[0].code == "8");
  CHECK(r.errors[0].elements[0].bad_value == "ABC");
  CHECK(r.errors[1].elements[0].position == 1);
  CHECK(r.errors[1].elements[0].component == 2);
  CHECK(a.group_status == "P");
  CHECK(a.included == 2);
  CHECK(a.received == 2);
  CHECK(a.accepted == 1);
  const std::string described = DescribeAckTransaction(r);
  CHECK(described.find("rejected") != std::string::npos);
  CHECK(described.find("element SV101-2: invalid code value (\"99999\")") != std::string::npos);

  const std::string written = Write999(a);
  CHECK(written.find("IK4*1:2*234*7*99999~") != std::string::npos);
  auto back = Read999Text(written, "w.999");
  REQUIRE(back.ok());
  CHECK(back->front() == a);

  auto orphan = Read999Text(Replace(k999, "IK3*CLM*27*2300*8~\n", ""), "o.999");
  REQUIRE_FALSE(orphan.ok());
  CHECK(orphan.error().message.find("segment 8 (IK4)") != std::string::npos);
  auto not999 = Read999Text(Replace(k999, "ST*999*", "ST*997*"), "n.999");
  REQUIRE_FALSE(not999.ok());
  CHECK(not999.error().message.find("element ST01") != std::string::npos);
}

TEST_CASE("Read277 reads the claim statuses of a 277CA; Write277 round-trips", "[x12][277]") {
  auto acks = Read277Text(k277, "a.277");
  REQUIRE(acks.ok());
  REQUIRE(acks->size() == 1);
  const Ack277& a = acks->front();
  CHECK(a.payer_name == "ACME HEALTH PLAN");
  CHECK(a.receiver_name == "GOOD DOCTORS PC");
  CHECK(a.billing_provider_npi == "1234567893");
  REQUIRE(a.claims.size() == 2);
  const ClaimAck& ok = a.claims[0];
  CHECK(ok.patient_control_number == "C100");
  CHECK(ok.payer_claim_number == "PCN20260106001");
  CHECK(ok.clearinghouse_trace == "CH0001");
  CHECK(ok.patient_last_name == "DOE");
  CHECK(ok.service_date == "20250801");
  REQUIRE(ok.statuses.size() == 1);
  CHECK(ok.statuses[0].category == "A2");
  CHECK(ok.statuses[0].code == "20");
  CHECK(ok.statuses[0].entity == "PR");
  CHECK(ok.statuses[0].action == "WQ");
  CHECK(ok.statuses[0].amount == Cents{20000});
  CHECK(ok.Outcome() == AckOutcome::kAccepted);
  CHECK(ok.at.segment_number == 24);
  const ClaimAck& bad = a.claims[1];
  CHECK(bad.patient_control_number == "C200");
  CHECK(bad.service_date == "20250802");
  CHECK(bad.service_date_end == "20250803");
  REQUIRE(bad.statuses.size() == 2);  // STC01 and STC10; the line's STC is not the claim's
  CHECK(bad.statuses[0].category == "A7");
  CHECK(bad.statuses[0].code == "562");
  CHECK(bad.statuses[0].amount == Cents{12500});
  CHECK(bad.statuses[1].category == "A6");
  CHECK(bad.statuses[1].code == "128");
  CHECK(bad.Outcome() == AckOutcome::kRejected);
  CHECK(ClaimStatusCategoryText("A7").find("rejected for invalid information") != std::string::npos);

  const std::string written = Write277(a);
  auto back = Read277Text(written, "w.277");
  REQUIRE(back.ok());
  CHECK(back->front() == a);

  auto bad_amount = Read277Text(Replace(k277, "WQ*200~", "WQ*2x0~"), "b.277");
  REQUIRE_FALSE(bad_amount.ok());
  CHECK(bad_amount.error().message.find("segment 25 (STC), element STC04") != std::string::npos);
  auto cut = Read277Text(Replace(k277, "SE*34*0001~\nGE*1*301~\nIEA*1*000000301~\n", ""), "c.277");
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().message.find("no SE") != std::string::npos);
}

TEST_CASE("the 835 / 999 / 277CA readers survive every truncation and separator-byte damage without a crash",
          "[x12][835][999][277]") {
  // Regression guard for the readers' state machines: a cut or a stray separator anywhere gives ok or an error with
  // a position, never a crash, a hang or an assert.
  const std::string inputs[] = {k835, k999, k277};
  int errors = 0, parses = 0;
  for (int kind = 0; kind < 3; ++kind) {
    const std::string& text = inputs[kind];
    auto read = [&](const std::string& t) {
      ++parses;
      bool ok = true;
      std::string message;
      if (kind == 0) {
        auto r = Read835Text(t, "f");
        ok = r.ok();
        if (!ok) message = r.error().ToString();
      } else if (kind == 1) {
        auto r = Read999Text(t, "f");
        ok = r.ok();
        if (!ok) message = r.error().ToString();
      } else {
        auto r = Read277Text(t, "f");
        ok = r.ok();
        if (!ok) message = r.error().ToString();
      }
      if (!ok) {
        ++errors;
        CHECK_FALSE(message.empty());
      }
    };
    for (size_t cut = 0; cut < text.size(); cut += 3) read(text.substr(0, cut));
    for (size_t at = 106; at < text.size(); at += 2) {
      for (char c : {'*', '~', ':', 'X'}) {
        std::string damaged = text;
        damaged[at] = c;
        read(damaged);
      }
    }
  }
  CHECK(parses > 3000);
  CHECK(errors > 500);  // most cuts end inside a segment or a transaction
}
