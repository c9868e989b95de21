// claim_cli_test.cpp: `medcode claim 837` and its alias `medcode x12 write` through RunCli on real files: the 837P
// written (to standard output or --out), the problems as JSON with exit 1, and bad input with exit 2.
#include "cli/cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "engine/billing_test_util.h"
#include "engine/x12.h"
#include "engine/x12_837.h"
#include "cli/cli_run.h"
#include "test_util.h"

using medcode::cli::ExitCode;
using medcode::test::Cli;
using Run = medcode::test::CliRun;
using namespace medcode::engine;

namespace {


// The CLI input for one claim: the encounter's claim and its patient.
std::string InputJson(const Claim& claim, const PatientInfo& patient) {
  BillingClaim input;
  input.claim = claim;
  input.patient = patient;
  return BillingClaimToJson(input);
}

struct Files {
  medcode::test::TempDir dir;
  std::string practice = dir.File("practice.json");
  std::string claims = dir.File("claims.json");
  Files(const std::string& claims_json) {
    medcode::test::WriteBytes(practice, PracticeSettingsToJson(medcode::test::SamplePractice()));
    medcode::test::WriteBytes(claims, claims_json);
  }
};

}  // namespace

TEST_CASE("claim 837 writes the 837P the engine writes for the same claims", "[cli][x12][837]") {
  Claim second = medcode::test::SampleClaim();
  second.id = "ENC2";
  second.header.rendering.npi = "1987654328";
  Files files("{\"claims\": [" + InputJson(medcode::test::SampleClaim(), medcode::test::SamplePatient()) + "," +
              InputJson(second, medcode::test::SampleDependent()) + "]}");
  const Run r = Cli({"claim", "837", files.claims, "--practice", files.practice, "--date", "20261127", "--time", "1430",
                     "--interchange", "42", "--group", "7"});
  INFO(r.err);
  REQUIRE(r.code == ExitCode::kOk);
  std::vector<BillingClaim> expected = {
      BuildBillingClaim(medcode::test::SampleClaim(), medcode::test::SamplePractice(), medcode::test::SamplePatient())
          .claim,
      BuildBillingClaim(second, medcode::test::SamplePractice(), medcode::test::SampleDependent()).claim};
  const X12837Output engine_out = Write837P(expected, medcode::test::SampleOptions());
  REQUIRE(engine_out.ok());
  CHECK(r.out == engine_out.text);
  CHECK(r.out.find("NM1*82*1*DOE*ANNA****XX*1987654328~") != std::string::npos);

  // The alias, with --out: the file holds the same bytes and a JSON summary is printed.
  const std::string out_path = files.dir.File("out.837");
  const Run alias = Cli({"x12", "write", files.claims, "--practice", files.practice, "--date", "20261127", "--time",
                         "1430", "--interchange", "42", "--group", "7", "--out", out_path});
  REQUIRE(alias.code == ExitCode::kOk);
  CHECK(medcode::test::ReadBytes(out_path) == engine_out.text);
  const auto summary = nlohmann::json::parse(alias.out, nullptr, false);
  REQUIRE(summary.is_object());
  CHECK(summary["claims"] == 2);
  CHECK(summary["transaction_sets"] == 1);
  CHECK(summary["total_charge"] == "341.00");

  // Options reach the writer: separators, production, line breaks.
  const Run custom = Cli({"claim", "837", files.claims, "--practice", files.practice, "--separators", "|>!#",
                          "--production", "--line-breaks", "--date", "20261127", "--time", "1430"});
  REQUIRE(custom.code == ExitCode::kOk);
  CHECK(custom.out.rfind("ISA|00|", 0) == 0);
  CHECK(custom.out.find("|P|>#\nGS|HC|") != std::string::npos);
  X12Reader reader = X12Reader::FromText(custom.out, "custom.837");
  auto read = Read837P(reader);
  REQUIRE(read.ok());
  CHECK(read->size() == 2);
}

TEST_CASE("claim 837 prints the problems as JSON, exit 1, and writes no 837P", "[cli][x12][837]") {
  PatientInfo patient = medcode::test::SamplePatient();
  patient.member_id.clear();
  Claim claim = medcode::test::SampleClaim();
  claim.coding.services[1].charge.clear();
  Files files("[" + InputJson(medcode::test::SampleClaim(), medcode::test::SamplePatient()) + "," +
              InputJson(claim, patient) + "]");
  const std::string out_path = files.dir.File("never.837");
  const Run r = Cli({"claim", "837", files.claims, "--practice", files.practice, "--out", out_path});
  CHECK(r.code == ExitCode::kFindings);
  const auto doc = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE(doc.is_object());
  const auto& problems = doc["problems"];
  REQUIRE(problems.size() == 2);
  CHECK(problems[0]["claim"] == 2);
  CHECK(problems[0]["id"] == "ENC1001");
  CHECK(problems[0]["field"] == "claim.services[1].charge");
  CHECK(problems[1]["field"] == "patient.member_id");
  CHECK(medcode::test::ReadBytes(out_path).empty());

  // A value holding a separator: named by claim and field.
  patient = medcode::test::SamplePatient();
  patient.last_name = "O~BRIEN";
  Files separator("[" + InputJson(medcode::test::SampleClaim(), patient) + "]");
  const Run s = Cli({"claim", "837", separator.claims, "--practice", separator.practice});
  CHECK(s.code == ExitCode::kFindings);
  const auto sdoc = nlohmann::json::parse(s.out, nullptr, false);
  REQUIRE(sdoc.is_object());
  CHECK(sdoc["problems"][0]["claim"] == 1);
  CHECK(sdoc["problems"][0]["field"] == "patient.last_name");

  // The practice's problems are listed once, without a claim.
  Files bad_practice("[" + InputJson(medcode::test::SampleClaim(), medcode::test::SamplePatient()) + "]");
  PracticeSettings practice = medcode::test::SamplePractice();
  practice.billing.npi = "1234567890";
  medcode::test::WriteBytes(bad_practice.practice, PracticeSettingsToJson(practice));
  const Run p = Cli({"claim", "837", bad_practice.claims, "--practice", bad_practice.practice});
  CHECK(p.code == ExitCode::kFindings);
  const auto pdoc = nlohmann::json::parse(p.out, nullptr, false);
  REQUIRE(pdoc.is_object());
  CHECK(pdoc["problems"][0]["claim"].is_null());
  CHECK(pdoc["problems"][0]["field"] == "practice.billing.npi");
  // The claim names the practice's NPI too (its header says 1234567893): reported against the claim.
  CHECK(pdoc["problems"].size() == 2);
}

TEST_CASE("claim 837: bad input and options are usage errors (exit 2)", "[cli][x12][837]") {
  Files files("[" + InputJson(medcode::test::SampleClaim(), medcode::test::SamplePatient()) + "]");
  CHECK(Cli({"claim", "837"}).code == ExitCode::kFailed);
  CHECK(Cli({"claim", "837", files.claims}).code == ExitCode::kFailed);  // no --practice
  const Run missing = Cli({"claim", "837", files.dir.File("nope.json"), "--practice", files.practice});
  CHECK(missing.code == ExitCode::kFailed);
  CHECK(missing.err.find("nope.json") != std::string::npos);
  medcode::test::WriteBytes(files.dir.File("bad.json"), "[{\"claim\": {\"services\": 5}}]");
  const Run bad = Cli({"claim", "837", files.dir.File("bad.json"), "--practice", files.practice});
  CHECK(bad.code == ExitCode::kFailed);
  CHECK(bad.err.find("claim 1") != std::string::npos);
  CHECK(bad.err.find("services: expected an array") != std::string::npos);
  CHECK(Cli({"claim", "837", files.claims, "--practice", files.practice, "--interchange", "0"}).code ==
        ExitCode::kFailed);
  CHECK(Cli({"claim", "837", files.claims, "--practice", files.practice, "--separators", "**^~"}).code ==
        ExitCode::kFailed);
  const Run date = Cli({"claim", "837", files.claims, "--practice", files.practice, "--date", "2026-11-27"});
  CHECK(date.code == ExitCode::kFailed);
  CHECK(date.err.find("--date") != std::string::npos);
  CHECK(Cli({"claim", "837", files.claims, "--practice", files.practice, "--bogus", "1"}).code == ExitCode::kFailed);
}
