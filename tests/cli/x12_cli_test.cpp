// x12_cli_test.cpp: `medcode x12 parse` and `medcode x12 validate` through RunCli, on the X12 seed corpus
// (tests/fuzz/corpus/x12: valid files of each kind and malformed ones), with their JSON and exit codes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/cli_run.h"
#include "test_util.h"

using medcode::cli::ExitCode;
using medcode::test::Cli;
using Run = medcode::test::CliRun;

namespace {


std::string Corpus(const std::string& name) { return std::string(MEDCODE_SOURCE_DIR) + "/tests/fuzz/corpus/x12/" + name; }

nlohmann::json Json(const Run& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  INFO(r.out);
  REQUIRE(!j.is_discarded());
  return j;
}

}  // namespace

TEST_CASE("x12 validate: the corpus's valid files are clean (exit 0)", "[x12][cli]") {
  for (const char* name : {"valid-837p.x12", "valid-835.x12", "valid-999.x12", "valid-277ca.x12",
                           "valid-837p-pipes-lf.x12"}) {
    INFO(name);
    const Run r = Cli({"x12", "validate", Corpus(name)});
    INFO(r.out << r.err);
    CHECK(r.code == ExitCode::kOk);
    const auto j = Json(r);
    CHECK(j["valid"] == true);
    CHECK(j["problems"].empty());
    CHECK(j["totals"]["transaction_sets"] == 1);
  }
}

TEST_CASE("x12 validate: malformed files list their problems with positions (exit 1)", "[x12][cli]") {
  const std::pair<const char*, const char*> cases[] = {
      {"bad-se-count.x12", "snip1.se_count"},          {"bad-truncated.x12", "snip1.truncated"},
      {"bad-hl-parent.x12", "snip2.hl_parent_missing"}, {"bad-clm02.x12", "snip3.clm02_balance"},
      {"bad-835-balance.x12", "snip3.svc_balance"},     {"bad-no-iea.x12", "snip1.iea_missing"},
  };
  for (const auto& [name, rule] : cases) {
    INFO(name);
    const Run r = Cli({"x12", "validate", Corpus(name)});
    CHECK(r.code == ExitCode::kFindings);
    const auto j = Json(r);
    CHECK(j["valid"] == false);
    REQUIRE(!j["problems"].empty());
    CHECK(j["problems"][0]["rule"] == rule);
    CHECK(!j["problems"][0]["message"].get<std::string>().empty());
    CHECK(j["problem_count"].get<int>() >= 1);
  }
  const auto j = Json(Cli({"x12", "validate", Corpus("bad-clm02.x12")}));
  CHECK(j["problems"][0]["segment"] == 21);
  CHECK(j["problems"][0]["segment_id"] == "CLM");
  CHECK(j["problems"][0]["element"] == 2);
  CHECK(j["problems"][0]["position"] == "segment 21 (CLM), element CLM02");
  // --max-problems 0 lists none but still counts them.
  const auto capped = Json(Cli({"x12", "validate", Corpus("bad-clm02.x12"), "--max-problems", "0"}));
  CHECK(capped["problems"].empty());
  CHECK(capped["problems_not_listed"] == 1);
}

TEST_CASE("x12 validate / parse: unreadable input exits 2 with the reason", "[x12][cli]") {
  medcode::test::TempDir dir;
  medcode::test::WriteBytes(dir.File("empty.x12"), "");
  medcode::test::WriteBytes(dir.File("text.x12"), "hello, not X12\n");
  for (const char* command : {"validate", "parse"}) {
    INFO(command);
    const Run missing = Cli({"x12", command, dir.File("missing.x12")});
    CHECK(missing.code == ExitCode::kFailed);
    CHECK(missing.err.find("missing.x12") != std::string::npos);
    const Run empty = Cli({"x12", command, dir.File("empty.x12")});
    CHECK(empty.code == ExitCode::kFailed);
    CHECK(empty.err.find("empty") != std::string::npos);
    const Run text = Cli({"x12", command, dir.File("text.x12")});
    CHECK(text.code == ExitCode::kFailed);
    CHECK(text.err.find("ISA") != std::string::npos);
  }
  CHECK(Cli({"x12", "validate"}).code == ExitCode::kFailed);
  CHECK(Cli({"x12", "validate", "a", "b"}).code == ExitCode::kFailed);
  CHECK(Cli({"x12", "validate", "a", "--segments"}).code == ExitCode::kFailed);
  CHECK(Cli({"x12", "validate", "a", "--max-problems", "x"}).code == ExitCode::kFailed);
}

TEST_CASE("x12 parse: envelopes, kinds and counts as JSON; --segments lists the segments", "[x12][cli]") {
  const Run r = Cli({"x12", "parse", Corpus("valid-835.x12")});
  INFO(r.out << r.err);
  REQUIRE(r.code == ExitCode::kOk);
  const auto j = Json(r);
  REQUIRE(j["interchanges"].size() == 1);
  const auto& isa = j["interchanges"][0];
  CHECK(isa["control_number"] == "000000001");
  CHECK(isa["separators"]["element"] == "*");
  REQUIRE(isa["groups"].size() == 1);
  CHECK(isa["groups"][0]["functional_id"] == "HP");
  REQUIRE(isa["groups"][0]["transaction_sets"].size() == 1);
  const auto& set = isa["groups"][0]["transaction_sets"][0];
  CHECK(set["kind"] == "835");
  CHECK(set["claims"] == 1);
  CHECK(set["lines"] == 2);
  CHECK(set["charge"] == "150.00");
  CHECK(set["paid"] == "100.00");
  CHECK(set["payment"] == "130.00");
  CHECK(j["totals"]["segments"] == 26);
  CHECK(j["problem_count"] == 0);
  CHECK(j.find("segments") == j.end());

  const Run s = Cli({"x12", "parse", Corpus("valid-999.x12"), "--segments"});
  REQUIRE(s.code == ExitCode::kOk);
  const auto js = Json(s);
  REQUIRE(js["segments"].size() == 15);
  CHECK(js["segments"][0]["number"] == 1);
  CHECK(js["segments"][3]["elements"] == nlohmann::json::array({"AK1", "HC", "1", "005010X222A1"}));
  CHECK(js["interchanges"][0]["groups"][0]["transaction_sets"][0]["rejected"] == 1);

  // A truncated file: what was read, the read error, exit 2.
  const Run cut = Cli({"x12", "parse", Corpus("bad-truncated.x12")});
  CHECK(cut.code == ExitCode::kFailed);
  CHECK(Json(cut)["read_error"]["rule"] == "snip1.truncated");
}
