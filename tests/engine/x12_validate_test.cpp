// x12_validate_test.cpp: the X12 validator against the implementation guides' rules: a valid 837P, 835, 999 and
// 277CA written by hand (tests/engine/x12_samples.h) validate clean with the right summaries, and each malformed
// variant gives its rule id at its exact position (segment number, id, element, component).
#include "engine/x12_validate.h"

#include <catch2/catch.hpp>

#include <string>

#include "engine/x12_samples.h"

using medcode::engine::X12Problem;
using medcode::engine::X12Reader;
using medcode::engine::X12TransactionKind;
using medcode::engine::X12Validation;

namespace {

X12Validation Validate(const std::string& text) {
  auto reader = X12Reader::FromText(text, "test.x12");
  return medcode::engine::ValidateX12(reader);
}

std::string Problems(const X12Validation& v) {
  std::string out;
  for (const X12Problem& p : v.problems) out += p.rule + " @ " + p.Text() + "\n";
  return out;
}

// `text` with the first `from` replaced by `to` (the test fails when `from` is not there).
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// `text` without the segment line `segment` ("N4*...~\n"), SE01 lowered by one so that the count stays right.
std::string Drop(const std::string& text, const std::string& segment) {
  std::string out = Replace(text, segment, "");
  const size_t se = out.find("\nSE*") + 4;
  const size_t star = out.find('*', se);
  const int count = std::stoi(out.substr(se, star - se));
  return out.replace(se, star - se, std::to_string(count - 1));
}

// The first problem is `rule` at segment `number` (`id`), element / component.
void RequireFirst(const X12Validation& v, const std::string& rule, uint64_t number, const std::string& id,
                  int element = 0, int component = 0) {
  INFO(Problems(v));
  REQUIRE(!v.problems.empty());
  const X12Problem& p = v.problems.front();
  CHECK(p.rule == rule);
  CHECK(p.at.segment_number == number);
  CHECK(p.at.segment_id == id);
  CHECK(p.at.element == element);
  CHECK(p.at.component == component);
  CHECK(!p.message.empty());
}

}  // namespace

TEST_CASE("X12 validate: the hand-written 837P is clean and summarized", "[x12]") {
  const X12Validation v = Validate(medcode::test::Sample837P());
  INFO(Problems(v));
  CHECK(v.clean());
  CHECK(v.readable);
  CHECK(v.segments == 31);
  REQUIRE(v.interchanges.size() == 1);
  CHECK(v.interchanges[0].sender == "SUBMITTER");
  CHECK(v.interchanges[0].control_number == "000000001");
  REQUIRE(v.groups.size() == 1);
  CHECK(v.groups[0].functional_id == "HC");
  CHECK(v.groups[0].transactions == 1);
  REQUIRE(v.transactions.size() == 1);
  const auto& t = v.transactions[0];
  CHECK(t.kind == X12TransactionKind::k837P);
  CHECK(t.implementation == "005010X222A1");
  CHECK(t.segments == 27);
  CHECK(t.claims == 1);
  CHECK(t.lines == 2);
  CHECK(t.charge_cents == 15000);
  CHECK(medcode::engine::FormatCents(v.charge_cents) == "150.00");
}

TEST_CASE("X12 validate: non-default separators and CRLF give the same clean result", "[x12]") {
  const std::string pipes = medcode::test::X12Translate(medcode::test::Sample837P(), '|', '^', '>', '\n');
  const X12Validation v = Validate(pipes);
  INFO(Problems(v));
  CHECK(v.clean());
  CHECK(v.claims == 1);
  CHECK(v.charge_cents == 15000);
  CHECK(v.interchanges[0].separators.element == '|');
}

TEST_CASE("X12 validate: the 835, 999 and 277CA samples are clean and summarized", "[x12]") {
  {
    const X12Validation v = Validate(medcode::test::Sample835());
    INFO(Problems(v));
    CHECK(v.clean());
    REQUIRE(v.transactions.size() == 1);
    CHECK(v.transactions[0].kind == X12TransactionKind::k835);
    CHECK(v.transactions[0].claims == 1);
    CHECK(v.transactions[0].lines == 2);
    CHECK(v.transactions[0].charge_cents == 15000);
    CHECK(v.transactions[0].paid_cents == 10000);
    CHECK(v.transactions[0].payment_cents == 13000);
  }
  {
    const X12Validation v = Validate(medcode::test::Sample999());
    INFO(Problems(v));
    CHECK(v.clean());
    REQUIRE(v.transactions.size() == 1);
    CHECK(v.transactions[0].kind == X12TransactionKind::k999);
    CHECK(v.transactions[0].claims == 2);
    CHECK(v.transactions[0].accepted == 1);
    CHECK(v.transactions[0].rejected == 1);
  }
  {
    const X12Validation v = Validate(medcode::test::Sample277CA());
    INFO(Problems(v));
    CHECK(v.clean());
    REQUIRE(v.transactions.size() == 1);
    CHECK(v.transactions[0].kind == X12TransactionKind::k277CA);
    CHECK(v.transactions[0].claims == 1);
    CHECK(v.transactions[0].accepted == 1);
    CHECK(v.transactions[0].charge_cents == 15000);
  }
}

TEST_CASE("X12 validate: envelope counts and control numbers (SE01, GE01, IEA01, SE02, GE02, IEA02)", "[x12]") {
  const std::string good = medcode::test::Sample837P();
  RequireFirst(Validate(Replace(good, "SE*27*0001", "SE*26*0001")), "snip1.se_count", 29, "SE", 1);
  CHECK(Validate(Replace(good, "SE*27*0001", "SE*26*0001")).problems[0].message.find("expected 27") !=
        std::string::npos);
  RequireFirst(Validate(Replace(good, "GE*1*1", "GE*2*1")), "snip1.ge_count", 30, "GE", 1);
  RequireFirst(Validate(Replace(good, "IEA*1*", "IEA*3*")), "snip1.iea_count", 31, "IEA", 1);
  RequireFirst(Validate(Replace(good, "SE*27*0001", "SE*27*0002")), "snip1.se_control_number", 29, "SE", 2);
  RequireFirst(Validate(Replace(good, "GE*1*1", "GE*1*9")), "snip1.ge_control_number", 30, "GE", 2);
  RequireFirst(Validate(Replace(good, "IEA*1*000000001", "IEA*1*000000002")), "snip1.iea_control_number", 31,
               "IEA", 2);
}

TEST_CASE("X12 validate: missing trailers, truncation, missing ISA, empty input", "[x12]") {
  const std::string good = medcode::test::Sample837P();
  SECTION("missing IEA") {
    const X12Validation v = Validate(Replace(good, "IEA*1*000000001~\n", ""));
    RequireFirst(v, "snip1.iea_missing", 0, "");
    CHECK(v.problems.size() == 1);
    CHECK(v.problems[0].message.find("after segment 30") != std::string::npos);
  }
  SECTION("missing SE, GE and IEA (cut after a segment)") {
    const X12Validation v = Validate(good.substr(0, good.find("\nSE*") + 1));
    INFO(Problems(v));
    REQUIRE(v.problems.size() == 3);
    CHECK(v.problems[0].rule == "snip1.se_missing");
    CHECK(v.problems[1].rule == "snip1.ge_missing");
    CHECK(v.problems[2].rule == "snip1.iea_missing");
    CHECK(v.readable);
  }
  SECTION("truncated inside a segment") {
    const X12Validation v = Validate(good.substr(0, good.find("CLM*") + 12));
    RequireFirst(v, "snip1.truncated", 21, "");
    CHECK(v.problems[0].at.offset == good.find("CLM*"));
    CHECK(v.readable);
  }
  SECTION("no ISA") {
    const X12Validation v = Validate(good.substr(good.find("GS*")));
    RequireFirst(v, "snip1.isa_missing", 1, "");
    CHECK(!v.readable);
  }
  SECTION("empty") {
    const X12Validation v = Validate("");
    CHECK(v.problems.at(0).rule == "snip1.empty");
    CHECK(!v.readable);
  }
  SECTION("a bad ISA (a letter as element separator)") {
    const X12Validation v = Validate(medcode::test::X12Translate(good, 'Q', '^', ':', '~'));
    RequireFirst(v, "snip1.isa", 1, "");
    CHECK(v.problems[0].at.offset == 3);
    CHECK(!v.readable);
  }
}

TEST_CASE("X12 validate: segments that do not belong (separators, unknown ids, out of the envelope)", "[x12]") {
  const std::string good = medcode::test::Sample837P();
  // Body written with '|' while the ISA declares '*': the GS is one id-less blob.
  RequireFirst(Validate(Replace(good, "GS*HC*SUBMITTER", "GS|HC|SUBMITTER")), "snip1.segment_id", 2,
               "GS|");
  RequireFirst(Validate(Replace(good, "LX*2~", "ZZZ*1~\nLX*2~")), "snip1.unknown_segment", 26, "ZZZ");
  // A segment of another guide (835's CLP) in an 837P.
  RequireFirst(Validate(Replace(good, "LX*2~", "CLP*X*1*1*1~\nLX*2~")), "snip1.unknown_segment", 26, "CLP");
  // A known 837P segment in no open loop: PER in the 2400 service line.
  RequireFirst(Validate(Replace(good, "LX*2~", "PER*IC*X*TE*1~\nLX*2~")), "snip2.segment_not_expected", 26, "PER");
  // An NM1 whose entity code no loop here takes.
  RequireFirst(Validate(Replace(good, "NM1*PR*2*ACME", "NM1*ZZ*2*ACME")), "snip2.segment_not_expected", 20, "NM1");
  // A segment between SE and GE.
  RequireFirst(Validate(Replace(good, "GE*1*1", "REF*EI*1~\nGE*1*1")), "snip1.envelope_order", 30, "REF");
}

TEST_CASE("X12 validate: element types, lengths, required and unused elements", "[x12]") {
  const std::string good = medcode::test::Sample837P();
  RequireFirst(Validate(Replace(good, "CLM*PATIENT1", "CLM*" + std::string(39, 'P'))), "snip1.element_length", 21,
               "CLM", 1);
  RequireFirst(Validate(Replace(good, "CLM*PATIENT1*150", "CLM*PATIENT1*15O")), "snip1.element_type", 21, "CLM", 2);
  RequireFirst(Validate(Replace(good, "BHT*0019*00*REF47517*20250101", "BHT*0019*00*REF47517*20250231")),
               "snip1.element_type", 4, "BHT", 4);
  RequireFirst(Validate(Replace(good, "DTP*472*D8*20250101", "DTP*472*D8*2025010")), "snip1.element_type", 25, "DTP",
               3);
  RequireFirst(Validate(Replace(good, "N3*123 MAIN ST", "N3*")), "snip1.trailing_separator", 11, "N3", 1);
  RequireFirst(Validate(Replace(good, "HL*2*1*22*0", "HL*2*1**0")), "snip2.element_required", 14, "HL", 3);
  RequireFirst(Validate(Replace(good, "SBR*P*18*GRP01******CI", "SBR*P*18*GRP01***X***CI")),
               "snip2.element_not_used", 15, "SBR", 6);
  RequireFirst(Validate(Replace(good, "LX*1", "LX*1*2")), "snip1.element_count", 23, "LX", 2);
  // A segment over the reader's limit (1 MiB without a terminator).
  const X12Validation big = Validate(Replace(good, "LX*2~", "NTE*ADD*" + std::string(X12Reader::kMaxSegmentBytes, 'A') + "~"));
  RequireFirst(big, "snip1.segment_too_long", 26, "");
}

TEST_CASE("X12 validate: code values of key qualifiers", "[x12]") {
  const std::string good = medcode::test::Sample837P();
  RequireFirst(Validate(Replace(good, "11:B:1", "11:A:1")), "snip2.code_value", 21, "CLM", 5, 2);
  RequireFirst(Validate(Replace(good, "SV1*HC:99213", "SV1*XX:99213")), "snip2.code_value", 24, "SV1", 1, 1);
  RequireFirst(Validate(Replace(good, "HI*ABK:E119", "HI*ZZZ:E119")), "snip2.code_value", 22, "HI", 1, 1);
  RequireFirst(Validate(Replace(good, "DMG*D8*19700101*M", "DMG*D8*19700101*X")), "snip2.code_value", 19, "DMG", 3);
  const std::string remit = medcode::test::Sample835();
  RequireFirst(Validate(Replace(remit, "CAS*CO*45*15", "CAS*XY*45*15")), "snip2.code_value", 17, "CAS", 1);
  RequireFirst(Validate(Replace(remit, "CLP*PATIENT1*1*", "CLP*PATIENT1*9*")), "snip2.code_value", 13, "CLP", 2);
  RequireFirst(Validate(Replace(remit, "BPR*I*", "BPR*Z*")), "snip2.code_value", 4, "BPR", 1);
  RequireFirst(Validate(Replace(medcode::test::Sample999(), "IK5*R*5", "IK5*Q*5")), "snip2.code_value", 11, "IK5", 1);
  RequireFirst(Validate(Replace(medcode::test::Sample999(), "AK9*P", "AK9*Z")), "snip2.code_value", 12, "AK9", 1);
  RequireFirst(Validate(Replace(medcode::test::Sample277CA(), "STC*A2:20", "STC*Q2:20")), "snip2.code_value", 21,
               "STC", 1, 1);
  // The group's functional id must match the transaction set.
  RequireFirst(Validate(Replace(good, "GS*HC*", "GS*HP*")), "snip2.functional_id", 3, "ST", 1);
}

TEST_CASE("X12 validate: loop structure: required segments and loops, repeats", "[x12]") {
  const std::string good = medcode::test::Sample837P();
  // 2010AA without N4: reported at the loop's NM1*85 (segment 10).
  const X12Validation no_n4 = Validate(Drop(good, "N4*SPRINGFIELD*IL*627011234~\n"));
  RequireFirst(no_n4, "snip2.segment_required", 10, "NM1");
  CHECK(no_n4.problems[0].message.find("2010AA") != std::string::npos);
  // A claim without HI.
  RequireFirst(Validate(Drop(good, "HI*ABK:E119*ABF:I10~\n")), "snip2.segment_required", 21, "CLM");
  // The payer name loop 2010BB missing from the subscriber's 2000B (HL at segment 14).
  RequireFirst(Validate(Drop(good, "NM1*PR*2*ACME HEALTH*****PI*12345~\n")), "snip2.loop_required", 14, "HL");
  // A subscriber HL without children (HL04 0) and without a claim.
  std::string no_claim = good.substr(0, good.find("CLM*")) + good.substr(good.find("\nSE*") + 1);
  no_claim = Replace(no_claim, "SE*27*", "SE*19*");
  RequireFirst(Validate(no_claim), "snip2.loop_required", 14, "HL");
  // 51 service lines: 2400 repeats at most 50 times.
  std::string lines;
  for (int i = 3; i <= 51; ++i) lines += "LX*" + std::to_string(i) + "~\nSV1*HC:36415*0*UN*1***1~\n";
  const std::string many = Replace(Replace(good, "SE*27*", "SE*" + std::to_string(27 + 98) + "*"), "\nSE*", "\n" + lines + "SE*");
  const X12Validation v = Validate(many);
  RequireFirst(v, "snip2.loop_repeat", 29 + 2 * 48, "LX");
}

TEST_CASE("X12 validate: the HL hierarchy (837P and 277CA)", "[x12]") {
  const std::string good = medcode::test::Sample837P();
  const X12Validation parent = Validate(Replace(good, "HL*2*1*22*0", "HL*2*7*22*0"));
  RequireFirst(parent, "snip2.hl_parent_missing", 14, "HL", 2);
  CHECK(parent.problems[0].message.find("expected one of 1") != std::string::npos);
  RequireFirst(Validate(Replace(good, "HL*2*1*22*0", "HL*3*1*22*0")), "snip2.hl01_sequence", 14, "HL", 1);
  // HL04 1 on the subscriber, but no child HL follows.
  RequireFirst(Validate(Replace(good, "HL*2*1*22*0", "HL*2*1*22*1")), "snip2.hl04_children", 14, "HL", 4);
  // A patient HL (23) whose parent is the billing provider (20) rather than a subscriber (22).
  const std::string patient = Replace(Replace(good, "CLM*", "HL*3*1*23*0~\nPAT*19~\nNM1*QC*1*DOE*JANE~\nN3*1 ELM ST~\n"
                                                           "N4*SPRINGFIELD*IL*62701~\nDMG*D8*20000101*F~\nCLM*"),
                                      "SE*27*", "SE*33*");
  RequireFirst(Validate(patient), "snip2.hl_level", 21, "HL", 3);
  // 277CA: the patient level (PT) under the receiver (21) instead of the provider (19).
  RequireFirst(Validate(Replace(medcode::test::Sample277CA(), "HL*4*3*PT", "HL*4*2*PT")), "snip2.hl_level", 18, "HL",
               3);
}

TEST_CASE("X12 validate: balancing (837P CLM02; 835 CLP, SVC, BPR)", "[x12]") {
  const X12Validation clm = Validate(Replace(medcode::test::Sample837P(), "CLM*PATIENT1*150", "CLM*PATIENT1*160"));
  RequireFirst(clm, "snip3.clm02_balance", 21, "CLM", 2);
  CHECK(clm.problems[0].message.find("expected 150.00") != std::string::npos);
  CHECK(clm.problems[0].at.offset == medcode::test::Sample837P().find("CLM*"));  // the claim's own byte offset
  CHECK(clm.problems.size() == 1);

  const std::string remit = medcode::test::Sample835();
  // A claim adjustment that does not add up: CLP03 - CLP04 = 50 but the CAS total 51.
  const X12Validation cas = Validate(Replace(remit, "CAS*PR*1*5", "CAS*PR*1*6"));
  INFO(Problems(cas));
  REQUIRE(cas.problems.size() == 2);
  CHECK(cas.problems[0].rule == "snip3.svc_balance");
  CHECK(cas.problems[0].at.segment_number == 15);
  CHECK(cas.problems[0].at.element == 3);
  CHECK(cas.problems[1].rule == "snip3.clp_balance");
  CHECK(cas.problems[1].at.segment_number == 13);
  CHECK(cas.problems[1].at.element == 4);
  CHECK(cas.problems[1].message.find("expected CLP04 99.00") != std::string::npos);
  // CLP03 not the sum of SVC02.
  const X12Validation clp03 = Validate(Replace(remit, "CLP*PATIENT1*1*150*100", "CLP*PATIENT1*1*151*100"));
  RequireFirst(clp03, "snip3.clp03_svc02", 13, "CLP", 3);
  // BPR02 not sum(CLP04) - sum(PLB).
  const X12Validation bpr = Validate(Replace(remit, "BPR*I*130*", "BPR*I*100*"));
  RequireFirst(bpr, "snip3.bpr02_balance", 4, "BPR", 2);
  CHECK(bpr.problems[0].message.find("expected 130.00") != std::string::npos);
  // Amounts with cents balance exactly (no floating point): 0.10 + 0.20 = 0.30.
  std::string cents = Replace(remit, "CAS*CO*45*15", "CAS*CO*45*14.9");
  cents = Replace(cents, "CAS*PR*1*5", "CAS*PR*1*5.1");
  CHECK(Validate(cents).clean());
}

TEST_CASE("X12 validate: problems are capped and counted; summaries of several interchanges", "[x12]") {
  std::string text;
  for (int i = 0; i < 3; ++i) text += Replace(medcode::test::Sample837P(), "CLM*PATIENT1*150", "CLM*PATIENT1*1");
  auto reader = X12Reader::FromText(text, "three.x12");
  medcode::engine::X12ValidateOptions options;
  options.max_problems = 2;
  uint64_t seen = 0;
  options.on_segment = [&](const medcode::engine::X12Segment&) { ++seen; };
  const X12Validation v = medcode::engine::ValidateX12(reader, options);
  CHECK(v.problems.size() == 2);
  CHECK(v.problem_count == 3);
  CHECK(v.error_count == 3);
  CHECK(seen == 93);
  CHECK(v.interchange_count == 3);
  CHECK(v.claims == 3);
  CHECK(v.charge_cents == 300);
}
