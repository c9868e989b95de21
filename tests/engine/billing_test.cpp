// billing_test.cpp: practice settings checks, the claim builder's problems per missing or malformed field, the JSON
// of settings / patients / billing claims (round trips and errors naming where and the field), money and
// diagnosis-code helpers.
#include "engine/billing.h"

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "engine/billing_test_util.h"

using namespace medcode::engine;
using medcode::test::SampleClaim;
using medcode::test::SampleDependent;
using medcode::test::SamplePatient;
using medcode::test::SamplePractice;

namespace {

std::vector<std::string> Fields(const std::vector<BillingProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.field);
  return out;
}

std::string MessageOf(const std::vector<BillingProblem>& problems, const std::string& field) {
  for (const auto& p : problems) {
    if (p.field == field) return p.message;
  }
  return {};
}

}  // namespace

TEST_CASE("billing: a complete practice has no problems", "[x12][837][billing]") {
  CHECK(CheckPracticeSettings(SamplePractice()).empty());
}

TEST_CASE("billing: practice settings problems name the field and say what to enter", "[x12][837][billing]") {
  struct Case {
    const char* what;
    std::function<void(PracticeSettings&)> change;
    const char* field;
    const char* message_part;
  };
  const Case cases[] = {
      {"NPI check digit", [](PracticeSettings& p) { p.billing.npi = "1234567890"; }, "practice.billing.npi", "check digit"},
      {"NPI missing", [](PracticeSettings& p) { p.billing.npi.clear(); }, "practice.billing.npi", "missing"},
      {"TIN 8 digits", [](PracticeSettings& p) { p.billing.tin = "12345678"; }, "practice.billing.tin", "9 digits"},
      {"TIN with a dash", [](PracticeSettings& p) { p.billing.tin = "12-3456789"; }, "practice.billing.tin", "dash"},
      {"billing ZIP 5", [](PracticeSettings& p) { p.billing.address.zip = "62701"; }, "practice.billing.address.zip",
       "ZIP+4"},
      {"ZIP letters", [](PracticeSettings& p) { p.billing.address.zip = "6270A"; }, "practice.billing.address.zip",
       "5 or 9 digits"},
      {"state unknown", [](PracticeSettings& p) { p.billing.address.state = "XX"; }, "practice.billing.address.state",
       "USPS"},
      {"state lower case", [](PracticeSettings& p) { p.billing.address.state = "il"; },
       "practice.billing.address.state", "USPS"},
      {"city missing", [](PracticeSettings& p) { p.billing.address.city = " "; }, "practice.billing.address.city",
       "missing"},
      {"name missing", [](PracticeSettings& p) { p.billing.name.clear(); }, "practice.billing.name", "missing"},
      {"taxonomy 9 chars", [](PracticeSettings& p) { p.billing.taxonomy = "207Q0000X"; }, "practice.billing.taxonomy",
       "NUCC"},
      {"taxonomy not ending in X", [](PracticeSettings& p) { p.billing.taxonomy = "207Q000000"; },
       "practice.billing.taxonomy", "ending in X"},
      {"taxonomy missing", [](PracticeSettings& p) { p.billing.taxonomy.clear(); }, "practice.billing.taxonomy",
       "missing"},
      {"phone", [](PracticeSettings& p) { p.billing.contact_phone = "217-555-0100"; },
       "practice.billing.contact_phone", "10 digits"},
      {"rendering NPI", [](PracticeSettings& p) { p.rendering[0].npi = "1987654321"; }, "practice.rendering[0].npi",
       "check digit"},
      {"rendering first name", [](PracticeSettings& p) { p.rendering[0].first_name.clear(); },
       "practice.rendering[0].first_name", "missing"},
      {"rendering taxonomy", [](PracticeSettings& p) { p.rendering[0].taxonomy = "X"; },
       "practice.rendering[0].taxonomy", "NUCC"},
      {"payer id", [](PracticeSettings& p) { p.payers[1].payer_id.clear(); }, "practice.payers[1].payer_id", "missing"},
      {"filing indicator", [](PracticeSettings& p) { p.payers[0].filing_indicator = "XY"; },
       "practice.payers[0].filing_indicator", "MB"},
      {"duplicate payer id", [](PracticeSettings& p) { p.payers[1].payer_id = "00430"; },
       "practice.payers[1].payer_id", "once"},
      {"payer address state", [](PracticeSettings& p) { p.payers[1].address.state = "ZZ"; },
       "practice.payers[1].address.state", "USPS"},
      {"no payers", [](PracticeSettings& p) { p.payers.clear(); }, "practice.payers", "add"},
      {"submitter id", [](PracticeSettings& p) { p.submitter_id.clear(); }, "practice.submitter_id", "missing"},
      {"receiver id too long", [](PracticeSettings& p) { p.receiver_id = "1234567890123456"; },
       "practice.receiver_id", "at most 15"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    PracticeSettings p = SamplePractice();
    c.change(p);
    const auto problems = CheckPracticeSettings(p);
    CHECK(Fields(problems) == std::vector<std::string>{c.field});
    CHECK(MessageOf(problems, c.field).find(c.message_part) != std::string::npos);
  }
}

TEST_CASE("billing: the builder joins claim, practice and patient", "[x12][837][billing]") {
  Claim claim = SampleClaim();
  claim.header.rendering.npi = "1987654328";
  claim.header.payer.id = "ACME1";
  claim.date_of_service = "11/02/2026";
  claim.coding.services[1].date_of_service = "2026-11-02";  // the claim's date: dropped from the line
  claim.coding.services[0].charge = "125";
  const BuiltClaim built = BuildBillingClaim(claim, SamplePractice(), SamplePatient());
  INFO((built.problems.empty() ? std::string() : built.problems[0].field + ": " + built.problems[0].message));
  REQUIRE(built.ok());
  const BillingClaim& c = built.claim;
  CHECK(c.total_charge == "170.50");
  CHECK(c.claim.coding.services[0].charge == "125.00");
  CHECK(c.claim.coding.services[1].date_of_service.empty());
  CHECK(c.claim.date_of_service == "2026-11-02");
  CHECK(c.payer.name == "ACME HEALTH");
  CHECK(c.payer.filing_indicator == "CI");
  CHECK(c.claim.header.payer.name == "ACME HEALTH");
  CHECK(c.rendering.last_name == "DOE");
  CHECK(c.claim.header.rendering.taxonomy == "207R00000X");
  CHECK(c.billing.name == "SUNRISE MEDICAL GROUP");
  CHECK(c.claim.header.billing.taxonomy == "207Q00000X");
  REQUIRE(c.claim.header.patient_age.has_value());
  CHECK(*c.claim.header.patient_age == 76);
  CHECK(c.claim.header.patient_sex == PatientSex::kMale);
  CHECK(c.frequency_code == "1");

  // The billing provider rendering the services: no rendering provider on the claim.
  claim.header.rendering.npi = "1234567893";
  CHECK(BuildBillingClaim(claim, SamplePractice(), SamplePatient()).claim.rendering.npi.empty());
  CHECK(BuildBillingClaim(SampleClaim(), SamplePractice(), SampleDependent()).ok());
}

TEST_CASE("billing: the builder reports each missing or malformed field", "[x12][837][billing]") {
  struct Case {
    const char* what;
    std::function<void(Claim&, PatientInfo&)> change;
    const char* field;
    const char* message_part;
  };
  const Case cases[] = {
      {"claim id", [](Claim& c, PatientInfo&) { c.id.clear(); }, "claim.id", "missing"},
      {"DOS missing", [](Claim& c, PatientInfo&) { c.date_of_service.clear(); }, "claim.date_of_service", "missing"},
      {"DOS bad", [](Claim& c, PatientInfo&) { c.date_of_service = "2026-02-30"; }, "claim.date_of_service", "February"},
      {"POS", [](Claim& c, PatientInfo&) { c.header.place_of_service = "1"; }, "claim.place_of_service", "2 digits"},
      {"payer missing", [](Claim& c, PatientInfo&) { c.header.payer.id.clear(); }, "claim.payer.id", "no payer"},
      {"payer unknown", [](Claim& c, PatientInfo&) { c.header.payer.id = "99999"; }, "claim.payer.id", "ACME1"},
      {"rendering unknown", [](Claim& c, PatientInfo&) { c.header.rendering.npi = "1555555550"; },
       "claim.rendering_provider.npi", "practice settings"},
      {"billing NPI differs", [](Claim& c, PatientInfo&) { c.header.billing.npi = "1555555550"; },
       "claim.billing_provider.npi", "not the practice's"},
      {"837I claim", [](Claim& c, PatientInfo&) { c.header.type = ClaimType::kOutpatientHospital; }, "claim.claim_type",
       "837I"},
      {"no diagnosis",
       [](Claim& c, PatientInfo&) {
         c.coding.diagnoses.clear();
         for (auto& s : c.coding.services) s.pointers.clear();
         c.coding.services.resize(1);
         c.coding.services[0].pointers = {};
       },
       "claim.diagnoses", "primary"},
      {"no lines", [](Claim& c, PatientInfo&) { c.coding.services.clear(); }, "claim.services", "no service line"},
      {"charge missing", [](Claim& c, PatientInfo&) { c.coding.services[1].charge.clear(); },
       "claim.services[1].charge", "Line 2 (93000) has no charge"},
      {"charge malformed", [](Claim& c, PatientInfo&) { c.coding.services[0].charge = "$125"; },
       "claim.services[0].charge", "without $"},
      {"units", [](Claim& c, PatientInfo&) { c.coding.services[0].units = 0; }, "claim.services[0].units", "1 to 9999"},
      {"pointer out of range", [](Claim& c, PatientInfo&) { c.coding.services[1].pointers = {3}; },
       "claim.services[1].pointers", "diagnosis 3"},
      {"modifier length", [](Claim& c, PatientInfo&) { c.coding.services[0].modifiers = {"255"}; },
       "claim.services[0].modifiers[0]", "2 characters"},
      {"line date", [](Claim& c, PatientInfo&) { c.coding.services[0].date_of_service = "13/01/2026"; },
       "claim.services[0].date_of_service", "Line 1"},
      {"last name", [](Claim&, PatientInfo& p) { p.last_name.clear(); }, "patient.last_name", "missing"},
      {"first name", [](Claim&, PatientInfo& p) { p.first_name.clear(); }, "patient.first_name", "missing"},
      {"birth date", [](Claim&, PatientInfo& p) { p.birth_date.clear(); }, "patient.birth_date", "missing"},
      {"born after DOS", [](Claim&, PatientInfo& p) { p.birth_date = "2027-01-01"; }, "patient.birth_date", "after"},
      {"sex", [](Claim&, PatientInfo& p) { p.sex = PatientSex::kUnknown; }, "patient.sex", "F or M"},
      {"street", [](Claim&, PatientInfo& p) { p.address.line1.clear(); }, "patient.address.line1", "missing"},
      {"zip", [](Claim&, PatientInfo& p) { p.address.zip = "627"; }, "patient.address.zip", "5 or 9"},
      {"member id", [](Claim&, PatientInfo& p) { p.member_id.clear(); }, "patient.member_id", "insurance card"},
      {"relationship code", [](Claim&, PatientInfo& p) { p = SampleDependent(); p.relationship = "02"; },
       "patient.relationship", "19 child"},
      {"subscriber name", [](Claim&, PatientInfo& p) { p = SampleDependent(); p.subscriber_last_name.clear(); },
       "patient.subscriber_last_name", "missing"},
      {"subscriber birth date", [](Claim&, PatientInfo& p) { p = SampleDependent(); p.subscriber_birth_date = "x"; },
       "patient.subscriber_birth_date", "subscriber's birth date"},
      {"subscriber sex", [](Claim&, PatientInfo& p) { p = SampleDependent(); p.subscriber_sex = PatientSex::kUnknown; },
       "patient.subscriber_sex", "F or M"},
      {"subscriber address", [](Claim&, PatientInfo& p) { p = SampleDependent(); p.subscriber_address.city.clear(); },
       "patient.subscriber_address.city", "missing"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Claim claim = SampleClaim();
    PatientInfo patient = SamplePatient();
    c.change(claim, patient);
    const BuiltClaim built = BuildBillingClaim(claim, SamplePractice(), patient);
    CHECK(Fields(built.problems) == std::vector<std::string>{c.field});
    INFO(MessageOf(built.problems, c.field));
    CHECK(MessageOf(built.problems, c.field).find(c.message_part) != std::string::npos);
  }
  // A bad practice makes every claim unbillable: its problems come with the claim's.
  PracticeSettings practice = SamplePractice();
  practice.billing.tin.clear();
  CHECK(Fields(BuildBillingClaim(SampleClaim(), practice, SamplePatient()).problems) ==
        std::vector<std::string>{"practice.billing.tin"});
  // A charge that is missing leaves the total empty rather than wrong.
  Claim claim = SampleClaim();
  claim.coding.services[1].charge.clear();
  CHECK(BuildBillingClaim(claim, SamplePractice(), SamplePatient()).claim.total_charge.empty());
}

TEST_CASE("billing: JSON of settings, patients and billing claims round-trips", "[x12][837][billing]") {
  PracticeSettings practice = SamplePractice();
  practice.production = true;
  auto practice_back = PracticeSettingsFromJson(PracticeSettingsToJson(practice), "practice.json");
  REQUIRE(practice_back.ok());
  CHECK(PracticeSettingsToJson(*practice_back) == PracticeSettingsToJson(practice));
  CHECK(practice_back->production);
  CHECK(practice_back->payers.at(1).address.city == "CHICAGO");

  auto patient_back = PatientInfoFromJson(PatientInfoToJson(SampleDependent()), "patient");
  REQUIRE(patient_back.ok());
  CHECK(PatientInfoToJson(*patient_back) == PatientInfoToJson(SampleDependent()));
  CHECK(patient_back->subscriber_sex == PatientSex::kMale);

  auto empty = PracticeSettingsFromJson("", "settings");
  REQUIRE(empty.ok());
  CHECK(empty->payers.empty());
  CHECK(PatientInfoFromJson("", "p")->relationship == "18");

  const auto claims = medcode::test::VariedClaims(20);
  for (const auto& c : claims) {
    auto back = BillingClaimFromJson(BillingClaimToJson(c), "claims.json");
    REQUIRE(back.ok());
    CHECK(BillingClaimToJson(*back) == BillingClaimToJson(c));
  }
  std::string batch = "[";
  for (const auto& c : claims) batch += (batch.size() > 1 ? "," : "") + BillingClaimToJson(c);
  batch += "]";
  auto all = BillingClaimsFromJson(batch, "claims.json");
  REQUIRE(all.ok());
  CHECK(all->size() == claims.size());
  auto wrapped = BillingClaimsFromJson("{\"claims\":" + batch + "}", "claims.json");
  REQUIRE(wrapped.ok());
  CHECK(wrapped->size() == claims.size());
}

TEST_CASE("billing: JSON errors name where and the field", "[x12][837][billing]") {
  auto bad_npi = PracticeSettingsFromJson(R"({"billing": {"npi": 1234567893}})", "practice.json");
  REQUIRE(!bad_npi.ok());
  CHECK(bad_npi.error().where == "practice.json");
  CHECK(bad_npi.error().message == "billing.npi: expected a string");

  auto bad_payer = PracticeSettingsFromJson(R"({"payers": [{"name": "A"}, {"address": {"zip": 62701}}]})", "s");
  REQUIRE(!bad_payer.ok());
  CHECK(bad_payer.error().message == "payers[1].address.zip: expected a string");

  auto bad_sex = PatientInfoFromJson(R"({"sex": "X"})", "encounter 4");
  REQUIRE(!bad_sex.ok());
  CHECK(bad_sex.error().message.rfind("sex: ", 0) == 0);

  auto bad_claim = BillingClaimsFromJson(R"([{}, {"claim": {"services": [{"code": "99213", "units": "one"}]}}])",
                                         "claims.json");
  REQUIRE(!bad_claim.ok());
  CHECK(bad_claim.error().where.find("claims.json, claim 2") == 0);
  CHECK(bad_claim.error().message == "services[0].units: expected a whole number");

  auto bad_patient = BillingClaimsFromJson(R"({"patient": {"subscriber_address": []}})", "one.json");
  REQUIRE(!bad_patient.ok());
  CHECK(bad_patient.error().message == "patient.subscriber_address: expected an object");

  auto not_json = PracticeSettingsFromJson("{", "practice.json");
  REQUIRE(!not_json.ok());
  CHECK(not_json.error().where.find("practice.json") != std::string::npos);
}

TEST_CASE("billing: money and diagnosis code helpers", "[x12][837][billing]") {
  CHECK(ParseCents("125") == 12500);
  CHECK(ParseCents("125.5") == 12550);
  CHECK(ParseCents("125.05") == 12505);
  CHECK(ParseCents("0.99") == 99);
  CHECK(ParseCents(".5") == 50);
  CHECK(ParseCents("125.") == 12500);
  for (const char* bad : {"", ".", "1.234", "$5", "1,000", "-5", "12a", " 5"}) {
    INFO(bad);
    CHECK(!ParseCents(bad).has_value());
  }
  CHECK(FormatCents(12550) == "125.50");
  CHECK(FormatCents(5) == "0.05");
  CHECK(FormatCents(-250) == "-2.50");
  CHECK(DiagnosisWithoutDot("e11.42") == "E1142");
  CHECK(DiagnosisWithDot("E1142") == "E11.42");
  CHECK(DiagnosisWithDot("I10") == "I10");
  CHECK(DiagnosisWithDot("S52501A") == "S52.501A");
  CHECK(IsUspsState("PR"));
  CHECK(!IsUspsState("XX"));
}
