// cms1500_cli_test.cpp: `medcode claim 1500` through RunCli: a billing claim's JSON (BillingClaimToJson) to a valid PDF
// in both variants, the field list with --fields, and the usage and input errors with their exit codes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "engine/billing.h"
#include "engine/cms1500.h"
#include "engine/cms1500_claim.h"
#include "engine/pdf_check.h"
#include "cli/cli_run.h"
#include "test_util.h"

using medcode::cli::ExitCode;
using medcode::test::Cli;
using Run = medcode::test::CliRun;

TEST_CASE("claim 1500 writes the CMS-1500 PDF of a billing claim, plain paper or data only", "[cms1500][cli]") {
  medcode::test::TempDir dir;
  const std::string claim_path = dir.File("claim.json");
  medcode::test::WriteBytes(claim_path, medcode::engine::BillingClaimToJson(medcode::test::FullClaim(7)));

  const std::string plain = dir.File("plain.pdf"), data = dir.File("data.pdf");
  Run r = Cli({"claim", "1500", claim_path, "--out", plain});
  INFO(r.err);
  REQUIRE(r.code == ExitCode::kOk);
  CHECK(r.out.find("2 pages, plain paper") != std::string::npos);
  const std::string plain_pdf = medcode::test::ReadBytes(plain);
  CHECK(medcode::test::CheckPdfStructure(plain_pdf, 2).empty());
  CHECK(plain_pdf.find("(HEALTH INSURANCE CLAIM FORM)") != std::string::npos);

  r = Cli({"claim", "1500", "--data-only", claim_path, "--out", data});
  REQUIRE(r.code == ExitCode::kOk);
  CHECK(r.out.find("data only") != std::string::npos);
  const std::string data_pdf = medcode::test::ReadBytes(data);
  CHECK(medcode::test::CheckPdfStructure(data_pdf, 2).empty());
  CHECK(data_pdf.find("(HEALTH INSURANCE CLAIM FORM)") == std::string::npos);
  CHECK(data_pdf.find("(DOE, JANE)") != std::string::npos);

  // --fields: the field list the PDF was drawn from, read back from the claim's JSON unchanged.
  r = Cli({"claim", "1500", claim_path, "--fields"});
  REQUIRE(r.code == ExitCode::kOk);
  const auto fields = nlohmann::json::parse(r.out);
  REQUIRE(fields["pages"].size() == 2);
  CHECK(fields["pages"][0]["fields"]["2"] == "DOE, JANE");
  CHECK(fields["pages"][0]["fields"]["21.A"] == "E1142");
  CHECK(fields["pages"][0]["fields"]["24E.1"] == "ACB");
  CHECK(fields["pages"][0]["fields"]["28"] == "CONTINUED");
  CHECK(fields["pages"][1]["fields"]["28"] == "440.00");
  CHECK(fields.dump() == nlohmann::json::parse(medcode::engine::Cms1500FieldsJson(
                             medcode::engine::Cms1500Fill(medcode::test::FullClaim(7)))).dump());
}

TEST_CASE("claim 1500 reports usage and input errors", "[cms1500][cli]") {
  medcode::test::TempDir dir;
  const std::string claim_path = dir.File("claim.json");
  medcode::test::WriteBytes(claim_path, medcode::engine::BillingClaimToJson(medcode::test::FullClaim()));

  Run r = Cli({"claim", "1500", claim_path});  // no --out
  CHECK(r.code == ExitCode::kFailed);
  CHECK(r.err.find("--out") != std::string::npos);
  r = Cli({"claim", "1500", claim_path, "--out"});
  CHECK(r.code == ExitCode::kFailed);
  CHECK(r.err.find("needs a file name") != std::string::npos);
  r = Cli({"claim", "1500", claim_path, "--colour", "--out", dir.File("x.pdf")});
  CHECK(r.code == ExitCode::kFailed);
  CHECK(r.err.find("unknown option --colour") != std::string::npos);

  r = Cli({"claim", "1500", dir.File("missing.json"), "--out", dir.File("x.pdf")});
  CHECK(r.code == ExitCode::kFailed);
  CHECK(r.err.find("missing.json") != std::string::npos);

  const std::string bad = dir.File("bad.json");
  medcode::test::WriteBytes(bad, "{\"claim\": ");
  r = Cli({"claim", "1500", bad, "--out", dir.File("x.pdf")});
  CHECK(r.code == ExitCode::kFailed);
  CHECK(r.err.find("bad.json") != std::string::npos);

  // A value cut to fit its box is written, and said on standard error.
  medcode::engine::BillingClaim long_id = medcode::test::FullClaim();
  long_id.claim.id = "ACCOUNT-NUMBER-FAR-TOO-LONG";
  medcode::test::WriteBytes(claim_path, medcode::engine::BillingClaimToJson(long_id));
  r = Cli({"claim", "1500", claim_path, "--out", dir.File("cut.pdf")});
  CHECK(r.code == ExitCode::kOk);
  CHECK(r.err.find("Box 26") != std::string::npos);

  r = Cli({"help", "claim", "1500"});
  CHECK(r.code == ExitCode::kOk);
  CHECK(r.out.find("--data-only") != std::string::npos);
}
