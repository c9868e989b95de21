// x12_837_test.cpp: the 837P writer and reader: the exact text of a small claim laid out as the 005010X222A1 guide
// orders it, HL numbering and parent links, envelope counts, balancing, configurable separators, values holding a
// separator, reader errors with positions, and read -> write -> read round-trips of a varied batch.
#include "engine/x12_837.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "engine/x12.h"
#include "engine/x12_validate.h"
#include "engine/billing_test_util.h"

using namespace medcode::engine;
using medcode::test::SampleClaim;
using medcode::test::SampleDependent;
using medcode::test::SampleOptions;
using medcode::test::SamplePatient;
using medcode::test::SamplePractice;

namespace {

BillingClaim Built(const Claim& claim, const PatientInfo& patient, const PracticeSettings& practice = SamplePractice()) {
  BuiltClaim built = BuildBillingClaim(claim, practice, patient);
  INFO((built.problems.empty() ? std::string() : built.problems[0].field + ": " + built.problems[0].message));
  REQUIRE(built.ok());
  return built.claim;
}

std::vector<std::string> Split(const std::string& text, char terminator) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = text.find(terminator, start)) != std::string::npos; start = at + 1) {
    out.push_back(text.substr(start, at - start));
  }
  CHECK(start == text.size());  // nothing after the last terminator
  return out;
}

// All segments as element vectors, read with the X12 core reader (separators from the ISA).
std::vector<std::vector<std::string>> Segments(const std::string& text) {
  X12Reader reader = X12Reader::FromText(text, "test.837");
  std::vector<std::vector<std::string>> out;
  X12Segment seg;
  while (reader.Next(seg)) out.emplace_back(seg.elements.begin(), seg.elements.end());
  INFO((reader.failed() ? reader.error().ToString() : std::string()));
  REQUIRE(!reader.failed());
  return out;
}

std::string Write(const std::vector<BillingClaim>& claims, const X12837Options& options = SampleOptions()) {
  X12837Output out = Write837P(claims, options);
  INFO((out.problems.empty() ? std::string() : out.problems[0].field + ": " + out.problems[0].message));
  REQUIRE(out.ok());
  return out.text;
}

std::vector<BillingClaim> Read(const std::string& text) {
  X12Reader reader = X12Reader::FromText(text, "test.837");
  auto claims = Read837P(reader);
  INFO((claims.ok() ? std::string() : claims.error().ToString()));
  REQUIRE(claims.ok());
  return std::move(claims).value();
}

int64_t CentsOf(const std::string& x12_amount) {
  auto cents = ParseCents(x12_amount);
  REQUIRE(cents.has_value());
  return *cents;
}

}  // namespace

TEST_CASE("837P: the exact text of a small claim follows the 005010X222A1 layout", "[x12][837]") {
  const std::string text = Write({Built(SampleClaim(), SamplePatient())});
  const std::vector<std::string> expected = {
      "ISA*00*          *00*          *ZZ*SUBMIT01       *ZZ*CLEARHOUSE     *261127*1430*^*00501*000000042*0*T*:",
      "GS*HC*SUBMIT01*CLEARHOUSE*20261127*1430*7*X*005010X222A1",
      "ST*837*0001*005010X222A1",
      "BHT*0019*00*0001*20261127*1430*CH",
      "NM1*41*2*SUNRISE MEDICAL GROUP*****46*SUBMIT01",  // 1000A submitter
      "PER*IC*JANE BILLER*TE*2175550100",
      "NM1*40*2*CLEARING HOUSE INC*****46*CLEARHOUSE",  // 1000B receiver
      "HL*1**20*1",                                     // 2000A billing provider
      "PRV*BI*PXC*207Q00000X",
      "NM1*85*2*SUNRISE MEDICAL GROUP*****XX*1234567893",  // 2010AA
      "N3*100 MAIN ST",
      "N4*SPRINGFIELD*IL*627011234",
      "REF*EI*123456789",
      "HL*2*1*22*0",  // 2000B subscriber, no patient loop below
      "SBR*P*18*******MB",
      "NM1*IL*1*SMITH*JOHN****MI*1EG4TE5MK73",  // 2010BA
      "N3*12 OAK AVE",
      "N4*SPRINGFIELD*IL*62702",
      "DMG*D8*19500304*M",
      "NM1*PR*2*MEDICARE PART B*****PI*00430",  // 2010BB
      "CLM*ENC1001*170.5***11:B:1*Y*A*Y*Y",      // 2300
      "HI*ABK:E1142*ABF:I10",
      "LX*1",  // 2400
      "SV1*HC:99213:25*125*UN*1***1:2",
      "DTP*472*D8*20261102",
      "LX*2",
      "SV1*HC:93000*45.5*UN*1***2",
      "DTP*472*D8*20261102",
      "SE*27*0001",
      "GE*1*7",
      "IEA*1*000000042",
  };
  const std::vector<std::string> actual = Split(text, '~');
  REQUIRE(actual.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("segment " << i + 1);
    CHECK(actual[i] == expected[i]);
  }
  CHECK(actual[0].size() + 1 == 106);  // the ISA is fixed length
}

TEST_CASE("837P: a rendering provider other than the billing one gets 2310B; replacement claims REF*F8", "[x12][837]") {
  Claim claim = SampleClaim();
  claim.header.rendering.npi = "1987654328";
  BillingClaim c = Built(claim, SamplePatient());
  c.prior_authorization = "AUTH9";
  c.frequency_code = "7";
  c.original_claim_number = "PAYER123";
  const std::vector<std::string> s = Split(Write({c}), '~');
  auto at = [&](const std::string& prefix) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
    }
    return -1;
  };
  const int clm = at("CLM*");
  REQUIRE(clm > 0);
  CHECK(s[clm] == "CLM*ENC1001*170.5***11:B:7*Y*A*Y*Y");
  CHECK(s[clm + 1] == "REF*G1*AUTH9");  // prior authorization before the payer claim control number
  CHECK(s[clm + 2] == "REF*F8*PAYER123");
  CHECK(s[clm + 3] == "HI*ABK:E1142*ABF:I10");
  CHECK(s[clm + 4] == "NM1*82*1*DOE*ANNA****XX*1987654328");
  CHECK(s[clm + 5] == "PRV*PE*PXC*207R00000X");
  CHECK(s[clm + 6] == "LX*1");

  // Rendering NPI equal to the billing NPI: no 2310B.
  claim.header.rendering.npi = "1234567893";
  const std::string text = Write({Built(claim, SamplePatient())});
  CHECK(text.find("NM1*82") == std::string::npos);
}

TEST_CASE("837P: HL numbers and parent links with and without a patient loop", "[x12][837]") {
  PracticeSettings second = SamplePractice();
  second.billing.name = "BROWN";
  second.billing.first_name = "ALICE";
  second.billing.npi = "1112223338";
  Claim other = SampleClaim();
  other.id = "ENC3";
  other.header.billing.npi = "1112223338";
  Claim dependent = SampleClaim();
  dependent.id = "ENC2";
  const std::string text = Write({Built(SampleClaim(), SamplePatient()), Built(dependent, SampleDependent()),
                                  Built(other, SamplePatient(), second)});
  std::vector<std::vector<std::string>> hl;
  std::vector<std::string> after_hl;  // the segment following each HL
  const auto segments = Segments(text);
  for (size_t i = 0; i < segments.size(); ++i) {
    if (segments[i][0] == "HL") {
      hl.push_back(segments[i]);
      after_hl.push_back(segments[i + 1][0] + "*" + segments[i + 1][1]);
    }
  }
  const std::vector<std::vector<std::string>> expected = {
      {"HL", "1", "", "20", "1"},  {"HL", "2", "1", "22", "0"}, {"HL", "3", "1", "22", "1"},
      {"HL", "4", "3", "23", "0"}, {"HL", "5", "", "20", "1"},  {"HL", "6", "5", "22", "0"}};
  CHECK(hl == expected);
  CHECK(after_hl == std::vector<std::string>{"PRV*BI", "SBR*P", "SBR*P", "PAT*19", "PRV*BI", "SBR*P"});
  // The dependent's 2000B names the subscriber (SBR02 empty, group number), its 2000C the patient.
  CHECK(text.find("SBR*P**GRP77******MB~NM1*IL*1*SMITH*JOHN****MI*W123456789~N3*12 OAK AVE~"
                  "N4*SPRINGFIELD*IL*62702~DMG*D8*19800102*M~NM1*PR*2*MEDICARE PART B*****PI*00430~"
                  "HL*4*3*23*0~PAT*19~NM1*QC*1*SMITH*LILY~N3*12 OAK AVE~N4*SPRINGFIELD*IL*62702~"
                  "DMG*D8*20150607*F~CLM*ENC2*") != std::string::npos);
  // The individual billing provider: NM102 = 1 with a first name.
  CHECK(text.find("NM1*85*1*BROWN*ALICE****XX*1112223338~") != std::string::npos);
}

TEST_CASE("837P: SE01, GE01 and IEA01 count what they enclose; ST02 follows the options", "[x12][837]") {
  X12837Options options = SampleOptions();
  options.max_claims_per_transaction = 2;
  options.transaction_set_control_number = 9998;
  const auto claims = medcode::test::VariedClaims(5);
  X12837Output out = Write837P(claims, options);
  REQUIRE(out.ok());
  CHECK(out.transaction_sets == 3);
  const auto segments = Segments(out.text);
  CHECK(out.segments == segments.size());
  int st_count = 0, clm_count = 0, gs_count = 0;
  size_t st_at = 0;
  std::vector<std::string> st_numbers;
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& s = segments[i];
    if (s[0] == "GS") ++gs_count;
    if (s[0] == "ST") {
      ++st_count;
      st_at = i;
      st_numbers.push_back(s[2]);
    }
    if (s[0] == "CLM") ++clm_count;
    if (s[0] == "SE") {
      CHECK(s[1] == std::to_string(i - st_at + 1));
      CHECK(s[2] == segments[st_at][2]);
    }
    if (s[0] == "GE") {
      CHECK(s[1] == std::to_string(st_count));
      CHECK(s[2] == "7");
    }
    if (s[0] == "IEA") {
      CHECK(s[1] == std::to_string(gs_count));
      CHECK(s[2] == "000000042");
    }
  }
  CHECK(st_numbers == std::vector<std::string>{"9998", "9999", "10000"});
  CHECK(clm_count == 5);
  CHECK(segments.back()[0] == "IEA");
}

TEST_CASE("837P: CLM02 equals the sum of SV102 for every claim of a varied batch", "[x12][837]") {
  std::vector<std::string> problems;
  const auto claims = medcode::test::VariedClaims(60, &problems);
  CHECK(problems.empty());
  int64_t clm02 = -1, lines = 0;
  int claims_seen = 0;
  auto close = [&] {
    if (clm02 >= 0) {
      CHECK(clm02 == lines);
      ++claims_seen;
    }
  };
  for (const auto& s : Segments(Write(claims))) {
    if (s[0] == "CLM" || s[0] == "SE") {
      close();
      clm02 = s[0] == "CLM" ? CentsOf(s[2]) : -1;
      lines = 0;
    }
    if (s[0] == "SV1") lines += CentsOf(s[2]);
  }
  CHECK(claims_seen == 60);
}

TEST_CASE("837P: separators are configurable and the reader takes them from the ISA", "[x12][837]") {
  X12837Options options = SampleOptions();
  options.separators = {'|', '>', '!', '\''};
  options.line_breaks = true;
  PatientInfo patient = SamplePatient();
  patient.last_name = "O*BRIEN";  // '*' is no separator here
  const BillingClaim claim = Built(SampleClaim(), patient);
  const std::string text = Write({claim}, options);
  CHECK(text.rfind("ISA|00|", 0) == 0);
  CHECK(text.substr(0, 107) ==
        "ISA|00|          |00|          |ZZ|SUBMIT01       |ZZ|CLEARHOUSE     |261127|1430|!|00501|000000042|0|T|>'\n");
  CHECK(text.find("SV1|HC>99213>25|125|UN|1|||1>2'\n") != std::string::npos);
  CHECK(text.find("NM1|IL|1|O*BRIEN|JOHN||||MI|1EG4TE5MK73'\n") != std::string::npos);
  const auto read = Read(text);
  REQUIRE(read.size() == 1);
  CHECK(BillingClaimToJson(read[0]) == BillingClaimToJson(CanonicalBillingClaim(claim)));

  // With the default separators the same name cannot be written: a problem naming the claim and the field.
  X12837Output out = Write837P({claim}, SampleOptions());
  CHECK(out.text.empty());
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].field == "claims[0].patient.last_name");
  CHECK(out.problems[0].message.find("O*BRIEN") != std::string::npos);

  // Separators that collide or are letters are refused.
  options.separators = {'*', '*', '^', '~'};
  CHECK(Write837P({claim}, options).problems.at(0).field == "options.separators");
  options.separators = {'*', 'A', '^', '~'};
  CHECK(Write837P({claim}, options).problems.at(0).field == "options.separators");
}

TEST_CASE("837P: the writer refuses unbalanced totals, bad options and empty batches", "[x12][837]") {
  BillingClaim claim = Built(SampleClaim(), SamplePatient());
  CHECK(claim.total_charge == "170.50");
  claim.total_charge = "170.00";
  X12837Output out = Write837P({claim}, SampleOptions());
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].field == "claims[0].total_charge");
  CHECK(out.problems[0].message.find("170.50") != std::string::npos);

  X12837Options options = SampleOptions();
  options.date = "20261340";
  options.sender_id = "A-SENDER-ID-LONGER-THAN-15";
  options.interchange_control_number = 0;
  std::vector<std::string> fields;
  for (const auto& p : Write837P({Built(SampleClaim(), SamplePatient())}, options).problems) fields.push_back(p.field);
  CHECK(fields == std::vector<std::string>{"options.sender_id", "options.date", "options.interchange_control_number"});
  CHECK(Write837P({}, SampleOptions()).problems.at(0).field == "claims");

  BillingClaim void_claim = Built(SampleClaim(), SamplePatient());
  void_claim.frequency_code = "8";
  CHECK(Write837P({void_claim}, SampleOptions()).problems.at(0).field == "claims[0].original_claim_number");
}

TEST_CASE("837P: read -> write -> read of 200 varied claims is identical in canonical form", "[x12][837]") {
  std::vector<std::string> problems;
  const std::vector<BillingClaim> claims = medcode::test::VariedClaims(200, &problems);
  INFO((problems.empty() ? std::string() : problems[0]));
  REQUIRE(problems.empty());
  X12837Options options = SampleOptions();
  options.max_claims_per_transaction = 64;
  const std::string first = Write(claims, options);
  const std::vector<BillingClaim> read = Read(first);
  REQUIRE(read.size() == claims.size());
  int dependents = 0, rendering = 0, own_dates = 0;
  for (size_t i = 0; i < claims.size(); ++i) {
    INFO("claim " << i);
    // What was written comes back: the claim in canonical form.
    CHECK(BillingClaimToJson(read[i]) == BillingClaimToJson(CanonicalBillingClaim(claims[i])));
    CHECK(BillingClaimToJson(CanonicalBillingClaim(read[i])) == BillingClaimToJson(read[i]));  // already canonical
    dependents += read[i].patient.relationship != "18";
    rendering += !read[i].rendering.npi.empty();
    for (const auto& s : read[i].claim.coding.services) own_dates += !s.date_of_service.empty();
  }
  // The batch is varied in what matters.
  CHECK(dependents > 20);
  CHECK(rendering > 20);
  CHECK(own_dates > 20);
  const std::string second = Write(read, options);
  CHECK(second == first);
  const std::vector<BillingClaim> again = Read(second);
  REQUIRE(again.size() == read.size());
  for (size_t i = 0; i < read.size(); ++i) CHECK(BillingClaimToJson(again[i]) == BillingClaimToJson(read[i]));
}

TEST_CASE("837P reader: errors name the segment, its id and the element", "[x12][837]") {
  const std::string good = Write({Built(SampleClaim(), SamplePatient())});
  auto error_of = [](const std::string& text) {
    X12Reader reader = X12Reader::FromText(text, "bad.837");
    auto claims = Read837P(reader);
    REQUIRE(!claims.ok());
    return claims.error();
  };
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  Error e = error_of(replace("SE*27*", "SE*26*"));
  CHECK(e.where == "bad.837, segment 29 (SE), element SE01");
  CHECK(e.message.find("27") != std::string::npos);
  e = error_of(replace("SV1*HC:93000*45.5*", "SV1*HC:93000*45.5.0*"));
  CHECK(e.where == "bad.837, segment 27 (SV1), element SV102");
  e = error_of(replace("DMG*D8*19500304", "DMG*D8*19501304"));
  CHECK(e.where == "bad.837, segment 19 (DMG), element DMG02");
  e = error_of(replace("LX*1~", ""));
  CHECK(e.where == "bad.837, segment 23 (SV1)");
  e = error_of(good.substr(0, good.size() - 30));  // truncated inside the envelope
  CHECK(e.code == ErrorCode::kParse);
  CHECK(e.message.find("truncated") != std::string::npos);
}

TEST_CASE("837P reader: claims are handed out one at a time; the callback can stop the reading", "[x12][837]") {
  const std::string text = Write(medcode::test::VariedClaims(10));
  X12Reader reader = X12Reader::FromText(text, "batch.837");
  int seen = 0;
  Status s = Read837PClaims(reader, [&](BillingClaim&& c) -> Status {
    if (++seen == 4) return MakeError(ErrorCode::kInvalidArgument, "stop at " + c.claim.id);
    return Status::Ok();
  });
  REQUIRE(!s.ok());
  CHECK(s.error().message == "stop at C100003");
  CHECK(seen == 4);
}

TEST_CASE("837P: what the writer writes passes the SNIP 1-3 validator with the same counts and totals", "[x12][837]") {
  const auto claims = medcode::test::VariedClaims(120);
  int64_t charge = 0;
  uint64_t lines = 0;
  for (const auto& c : claims) {
    charge += *ParseCents(c.total_charge);
    lines += c.claim.coding.services.size();
  }
  for (const X12Separators separators : {X12Separators{}, X12Separators{'|', '>', '!', '\''}}) {
    X12837Options options = SampleOptions();
    options.separators = separators;
    options.max_claims_per_transaction = 50;
    const std::string text = Write(claims, options);
    X12Reader reader = X12Reader::FromText(text, "written.837");
    const X12Validation v = ValidateX12(reader);
    INFO((v.problems.empty() ? std::string() : v.problems[0].Text()));
    CHECK(v.clean());
    CHECK(v.claims == claims.size());
    CHECK(v.lines == lines);
    CHECK(v.charge_cents == charge);
    CHECK(v.transaction_count == 3);
  }
}
