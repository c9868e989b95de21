// cli_test.cpp: the `medcode` command-line tool driven through RunCli: the command table, help, version, and
// db info / text decode on real files, including the error paths and their exit codes.
#include "cli/cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "engine/build_info.h"
#include "engine/codeset_mpfs.h"
#include "engine/user_store.h"
#include "cli/cli_run.h"
#include "test_util.h"

using medcode::cli::ExitCode;
using medcode::test::Cli;
using Run = medcode::test::CliRun;

TEST_CASE("help lists every command in the table", "[cli]") {
  for (const auto& args : {std::vector<std::string>{}, {"--help"}, {"help"}}) {
    const Run r = Cli(args);
    CHECK(r.code == ExitCode::kOk);
    REQUIRE(medcode::cli::Commands().size() >= 3);
    for (const auto& command : medcode::cli::Commands()) {
      INFO(command.name);
      CHECK(r.out.find(std::string(command.name)) != std::string::npos);
    }
  }
}

TEST_CASE("an unknown command is a usage error naming it", "[cli]") {
  const Run r = Cli({"frobnicate"});
  CHECK(r.code == ExitCode::kFailed);
  CHECK(r.out.empty());
  CHECK(r.err.find("frobnicate") != std::string::npos);
}

TEST_CASE("version prints the build and the data editions", "[cli]") {
  const Run r = Cli({"version"});
  CHECK(r.code == ExitCode::kOk);
  CHECK(r.out.find(std::string("medcode ") + medcode::engine::build_info::kVersion) == 0);
  CHECK(r.out.find(medcode::engine::build_info::kGitSha) != std::string::npos);
  CHECK(r.out.find("\ndata: ") != std::string::npos);
  CHECK(Cli({"version", "extra"}).code == ExitCode::kFailed);
}

TEST_CASE("db info reports a store and refuses missing or damaged files", "[cli]") {
  medcode::test::TempDir dir;
  const std::string path = dir.File("user.db");
  {
    auto store = medcode::engine::UserStore::Open(path);
    REQUIRE(store.ok());
    REQUIRE(store->CreateEncounter({"A", "2025-01-01", "n"}, 1).ok());
    REQUIRE(store->CreateEncounter({"B", "2025-01-02", "n"}, 1).ok());
  }
  const Run ok = Cli({"db", "info", path});
  CHECK(ok.code == ExitCode::kOk);
  CHECK(ok.out.find("encounters: 2") != std::string::npos);
  CHECK(ok.out.find("schema version: " + std::to_string(medcode::engine::UserStore::LatestSchemaVersion())) !=
        std::string::npos);

  const Run missing = Cli({"db", "info", dir.File("nope.db")});
  CHECK(missing.code == ExitCode::kFailed);
  CHECK(missing.err.find("does not exist") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.File("nope.db")));  // never created

  medcode::test::WriteBytes(dir.File("bad.db"), std::string(5000, 'z'));
  const Run bad = Cli({"db", "info", dir.File("bad.db")});
  CHECK(bad.code == ExitCode::kFailed);
  CHECK(bad.err.find("cannot be read") != std::string::npos);
  CHECK(bad.err.find("bad.db") != std::string::npos);
}

TEST_CASE("text decode prints the note as the app reads it, and names a binary file", "[cli]") {
  medcode::test::TempDir dir;
  medcode::test::WriteBytes(dir.File("note.txt"), "Line 1\r\nCaf\xE9\r\n");  // Windows-1252, CRLF
  const Run r = Cli({"text", "decode", dir.File("note.txt")});
  CHECK(r.code == ExitCode::kOk);
  CHECK(r.out == "Line 1\nCaf\xC3\xA9\n");

  medcode::test::WriteBytes(dir.File("scan.pdf"), std::string("%PDF\0\0", 6));
  const Run bin = Cli({"text", "decode", dir.File("scan.pdf")});
  CHECK(bin.code == ExitCode::kFailed);
  CHECK(bin.err.find("scan.pdf") != std::string::npos);
  CHECK(bin.err.find("binary") != std::string::npos);
}

TEST_CASE("code looks up ICD-10-CM, HCPCS and CPT numbers in the pack", "[cli][codesets]") {
  const Run icd = Cli({"code", "e119", "--pack", MEDCODE_TEST_PACK, "--dos", "2025-03-04"});
  CHECK(icd.code == ExitCode::kOk);
  CHECK(icd.out.find("E11.9  Type 2 diabetes mellitus without complications") == 0);
  CHECK(icd.out.find("on 2025-03-04 (FY2025): billable") != std::string::npos);
  const Run cpap = Cli({"code", "E0601", "--pack", MEDCODE_TEST_PACK});
  CHECK(cpap.code == ExitCode::kOk);
  CHECK(cpap.out.find("Continuous positive airway pressure (cpap) device") != std::string::npos);
  CHECK(cpap.out.find("MUE DME supplier: 1 unit(s)") != std::string::npos);
  const Run office = Cli({"code", "99213", "--pack", MEDCODE_TEST_PACK});
  CHECK(office.code == ExitCode::kOk);
  CHECK(office.out.find("MUE practitioner: 2 unit(s)") != std::string::npos);
  CHECK(office.out.find("PTP practitioner (NCCI 2024 Q3): column 1 in ") != std::string::npos);
  CHECK(office.out.find("PTP outpatient hospital (NCCI 2024 Q3): column 1 in ") != std::string::npos);
  const Run bad = Cli({"code", "zzz", "--pack", MEDCODE_TEST_PACK});
  CHECK(bad.code == ExitCode::kFailed);
  CHECK(bad.err.find("zzz") != std::string::npos);
  CHECK(Cli({"code", "E11.9", "--bogus", "x"}).code == ExitCode::kFailed);
}

TEST_CASE("code prints the fee schedule RVUs and amounts of a CPT code, locally with --zip", "[cli][codesets][mpfs]") {
  auto pack = medcode::engine::CodeSetPack::Open(MEDCODE_TEST_PACK);
  REQUIRE(pack.ok());
  auto national_nf = medcode::engine::NationalPayment(*pack, "99213", "", false);
  auto national_f = medcode::engine::NationalPayment(*pack, "99213", "", true);
  auto local_nf = medcode::engine::ExpectedPayment(*pack, "99213", "", "10001", false);
  REQUIRE(national_nf.ok());
  REQUIRE(national_f.ok());
  REQUIRE(local_nf.ok());
  const Run office = Cli({"code", "99213", "--pack", MEDCODE_TEST_PACK, "--zip", "10001"});
  CHECK(office.code == ExitCode::kOk);
  CHECK(office.out.find("MUE practitioner: 2 unit(s)") != std::string::npos);  // the HCPCS part is still there
  CHECK(office.out.find("RVU work 1.30, PE non-facility 1.35, PE facility 0.57, MP 0.10") != std::string::npos);
  CHECK(office.out.find("national: non-facility $" + national_nf->allowed.Text() + ", facility $" +
                        national_f->allowed.Text()) != std::string::npos);
  CHECK(office.out.find(local_nf->Explain()) != std::string::npos);
  CHECK(office.out.find("carrier 13202 locality 01 MANHATTAN") != std::string::npos);
  const Run no_zip = Cli({"code", "99213", "--pack", MEDCODE_TEST_PACK});
  CHECK(no_zip.out.find("national: non-facility $") != std::string::npos);
  CHECK(no_zip.out.find("ZIP ") == std::string::npos);
  const Run bad_zip = Cli({"code", "99213", "--pack", MEDCODE_TEST_PACK, "--zip", "1000"});
  CHECK(bad_zip.code == ExitCode::kFailed);
  CHECK(bad_zip.err.find("1000") != std::string::npos);
  CHECK(Cli({"code", "E11.9", "--pack", MEDCODE_TEST_PACK, "--zip", "10001"}).code == ExitCode::kFailed);
}

TEST_CASE("code prints an ICD-10-CM code's tabular notes and 7th characters", "[cli][codesets][tabular]") {
  const Run e11 = Cli({"code", "E11.9", "--pack", MEDCODE_TEST_PACK});
  CHECK(e11.code == ExitCode::kOk);
  CHECK(e11.out.find("  Excludes1 [from E11]:\n") != std::string::npos);
  CHECK(e11.out.find("    type 1 diabetes mellitus (E10.-)\n") != std::string::npos);
  const Run fracture = Cli({"code", "S72.001A", "--pack", MEDCODE_TEST_PACK});
  CHECK(fracture.code == ExitCode::kOk);
  CHECK(fracture.out.find("7th character A: initial encounter for closed fracture (defined at S72)") !=
        std::string::npos);
  const Run header = Cli({"code", "S72.001", "--pack", MEDCODE_TEST_PACK});
  CHECK(header.out.find("7th character required (defined at S72") != std::string::npos);
  CHECK(header.out.find("  B  initial encounter for open fracture type I or II (also: initial encounter for open "
                        "fracture NOS)") != std::string::npos);
}

TEST_CASE("code prints an ICD-10-CM code's MCE edits, CC/MCC with exclusion, and HCCs", "[cli][codesets]") {
  const Run dm = Cli({"code", "E11.9", "--pack", MEDCODE_TEST_PACK});
  CHECK(dm.code == ExitCode::kOk);
  CHECK(dm.out.find("MCE v41.1 (FY2024): no age, sex or manifestation edit") != std::string::npos);
  CHECK(dm.out.find("MS-DRG v41.1 (FY2024): not a CC or MCC") != std::string::npos);
  CHECK(dm.out.find("CMS-HCC V24 2022 mapping: HCC 19 Diabetes without Complication") != std::string::npos);
  CHECK(dm.out.find("CMS-HCC V28 2024 mapping: HCC 38 ") != std::string::npos);
  const Run arf = Cli({"code", "J96.01", "--pack", MEDCODE_TEST_PACK, "--pdx", "j96.01", "--dos", "2025-03-04"});
  CHECK(arf.code == ExitCode::kOk);
  CHECK(arf.out.find("MCC as a secondary diagnosis; PDX exclusion group 1044") != std::string::npos);
  CHECK(arf.out.find("with principal dx J96.01: excluded") != std::string::npos);
  CHECK(arf.out.find("used for 2025-03-04 as no newer edition is loaded") != std::string::npos);
  const Run delivery = Cli({"code", "O80", "--pack", MEDCODE_TEST_PACK});
  CHECK(delivery.out.find("  Maternity (Ages 9-64): ") != std::string::npos);
  CHECK(delivery.out.find("  Female Only: ") != std::string::npos);
}

TEST_CASE("code lists the index entries leading to an ICD-10-CM code and index browses main terms", "[cli][index]") {
  const Run e1140 = Cli({"code", "E11.40", "--pack", MEDCODE_TEST_PACK});
  CHECK(e1140.code == ExitCode::kOk);
  CHECK(e1140.out.find("index entries leading here:\n") != std::string::npos);
  CHECK(e1140.out.find("  Diabetes, diabetic > type 2 > with > neuropathy  E11.40\n") != std::string::npos);
  const Run lung = Cli({"code", "C34.90", "--pack", MEDCODE_TEST_PACK});
  CHECK(lung.out.find("Neoplasm, neoplastic > lung > malignant primary  C34.9-  [Neoplasm Table]") !=
        std::string::npos);

  const Run diabetes = Cli({"index", "diabetes", "--pack", MEDCODE_TEST_PACK});
  CHECK(diabetes.code == ExitCode::kOk);
  CHECK(diabetes.out.find("Diabetes, diabetic (mellitus) (sugar)  E11.9\n  with\n") == 0);
  CHECK(std::count(diabetes.out.begin(), diabetes.out.end(), '\n') <= 43);  // short: 40 lines and notes
  const Run none = Cli({"index", "zzzq", "--pack", MEDCODE_TEST_PACK});
  CHECK(none.code == ExitCode::kFailed);
  CHECK(none.err.find("zzzq") != std::string::npos);
  CHECK(Cli({"index", "--pack", MEDCODE_TEST_PACK}).code == ExitCode::kFailed);  // no prefix
}

TEST_CASE("search prints ranked codes, filters by set and date of service, and writes JSON", "[cli][search]") {
  const Run words = Cli({"search", "type", "2", "diabetes", "with", "neuropathy", "--pack", MEDCODE_TEST_PACK});
  CHECK(words.code == ExitCode::kOk);
  CHECK(words.out.rfind("1. E11.40  [icd10cm]", 0) == 0);
  const Run cpap = Cli({"search", "cpap", "--set", "hcpcs", "--pack", MEDCODE_TEST_PACK, "--json"});
  REQUIRE(cpap.code == ExitCode::kOk);
  const auto results = nlohmann::json::parse(cpap.out);
  REQUIRE(results.is_array());
  REQUIRE_FALSE(results.empty());
  bool e0601 = false;
  for (const auto& r : results) {
    CHECK(r["set"] == "hcpcs");
    e0601 |= r["code"] == "E0601";
  }
  CHECK(e0601);
  // The pack starts at FY2024: a 2019 date of service leaves every ICD-10-CM code out.
  const Run old = Cli({"search", "e11.9", "--set", "icd10cm", "--dos", "2019-05-01", "--pack", MEDCODE_TEST_PACK});
  CHECK(old.out.find("no results") != std::string::npos);
  CHECK(Cli({"search", "x", "--set", "bogus", "--pack", MEDCODE_TEST_PACK}).code == ExitCode::kFailed);
  CHECK(Cli({"search", "--pack", MEDCODE_TEST_PACK}).code == ExitCode::kFailed);
}

TEST_CASE("ptp checks a pair of codes in both orders, on a date of service, per setting", "[cli][codesets][ptp]") {
  // Given in the "wrong" order: the command finds 0007U as column 1 and shows both history rows.
  const Run pair = Cli({"ptp", "0328U", "0007U", "--pack", MEDCODE_TEST_PACK, "--dos", "2024-08-01"});
  CHECK(pair.code == ExitCode::kOk);
  CHECK(pair.out.find("column 1 0007U, column 2 0328U (2 row(s))") != std::string::npos);
  CHECK(pair.out.find("deleted after 2023-06-30") != std::string::npos);
  CHECK(pair.out.find("on 2024-08-01: in force; modifier indicator 1") != std::string::npos);
  CHECK(pair.out.find("outside the edition") == std::string::npos);
  const Run early = Cli({"ptp", "0007U", "0328U", "--pack", MEDCODE_TEST_PACK, "--dos", "2023-06-30"});
  CHECK(early.out.find("on 2023-06-30: in force; modifier indicator 0") != std::string::npos);
  CHECK(early.out.find("outside the edition loaded (2024-07-01 .. 2024-09-30)") != std::string::npos);
  const Run facility = Cli({"ptp", "99213", "0469T", "--facility", "--pack", MEDCODE_TEST_PACK});
  CHECK(facility.code == ExitCode::kOk);
  CHECK(facility.out.find("outpatient hospital PTP edit") == 0);
  CHECK(facility.out.find("modifier 1 (modifier allowed)") != std::string::npos);
  const Run none = Cli({"ptp", "99213", "E0601", "--pack", MEDCODE_TEST_PACK});
  CHECK(none.code == ExitCode::kOk);
  CHECK(none.out.find("no practitioner PTP edit between 99213 and E0601") == 0);
  CHECK(Cli({"ptp", "99213"}).code == ExitCode::kFailed);
  CHECK(Cli({"ptp", "99213", "0469T", "--dos", "2024-13-01", "--pack", MEDCODE_TEST_PACK}).code == ExitCode::kFailed);
}

// ---------------------------------------------------------------------------------------------------------------
// medcode scrub
// ---------------------------------------------------------------------------------------------------------------
namespace {

// A claim every rule accepts: a type 2 diabetes office visit on a date inside every edition the pack holds.
nlohmann::json CleanClaim(const std::string& id) {
  return {{"id", id},
          {"claim_type", "professional"},
          {"date_of_service", "2024-08-01"},
          {"patient", {{"age", 54}, {"sex", "F"}}},
          {"billing_provider", {{"npi", "1234567893"}}},
          {"place_of_service", "11"},
          {"diagnoses", {{{"code", "E11.9"}}}},
          {"services", {{{"code", "99213"}, {"units", 1}, {"charge", "125.00"}, {"pointers", {1}}}}}};
}

// The same visit with a knee arthroscopy pair whose column 2 code is denied (NCCI 29881/29877, indicator 0).
nlohmann::json ClaimWithPtpPair(const std::string& id) {
  nlohmann::json claim = CleanClaim(id);
  claim["diagnoses"] = {{{"code", "M23.221"}}};
  claim["services"] = {{{"code", "29881"}, {"units", 1}, {"charge", "900.00"}, {"pointers", {1}}},
                       {{"code", "29877"}, {"units", 1}, {"charge", "400.00"}, {"pointers", {1}}}};
  return claim;
}

std::vector<std::string> Rules(const nlohmann::json& report) {
  std::vector<std::string> rules;
  for (const auto& f : report["findings"]) rules.push_back(f["rule"].get<std::string>());
  return rules;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("scrub: a clean claim exits 0 with one JSON document and its summary", "[cli][scrub]") {
  medcode::test::TempDir dir;
  const std::string path = dir.File("claims.json");
  medcode::test::WriteBytes(path, nlohmann::json::array({CleanClaim("C1")}).dump());
  const Run r = Cli({"scrub", path, "--pack", MEDCODE_TEST_PACK, "--today", "2026-11-27"});
  INFO(r.out << r.err);
  CHECK(r.code == ExitCode::kOk);
  CHECK(r.err.empty());
  const auto doc = nlohmann::json::parse(r.out);  // throws (fails the test) unless stdout is exactly one document
  REQUIRE(doc["claims"].size() == 1);
  CHECK(doc["claims"][0]["id"] == "C1");
  CHECK(doc["claims"][0]["errors"] == 0);
  CHECK(doc["claims"][0]["warnings"] == 0);
  CHECK(doc["summary"] == nlohmann::json({{"claims", 1}, {"errors", 0}, {"warnings", 0}, {"infos", 0}, {"clean", 1}}));

  // One claim object (not in an array) is a batch of one; --pretty indents the same document.
  medcode::test::WriteBytes(path, CleanClaim("C1").dump());
  const Run pretty = Cli({"scrub", path, "--pack", MEDCODE_TEST_PACK, "--today", "2026-11-27", "--pretty"});
  CHECK(pretty.code == ExitCode::kOk);
  CHECK(pretty.out.find("\n  \"claims\": [") != std::string::npos);
  CHECK(nlohmann::json::parse(pretty.out) == doc);
}

TEST_CASE("scrub: findings exit 1 and are listed per claim, in batch order, with a summary", "[cli][scrub]") {
  medcode::test::TempDir dir;
  const std::string path = dir.File("batch.json");
  nlohmann::json bad_npi = CleanClaim("C3");
  bad_npi["billing_provider"]["npi"] = "1234567890";  // check digit 3, not 0
  const nlohmann::json batch = {{"claims", {CleanClaim("C1"), ClaimWithPtpPair("C2"), bad_npi}}};
  medcode::test::WriteBytes(path, batch.dump());
  const Run r = Cli({"scrub", path, "--pack", MEDCODE_TEST_PACK, "--today", "2026-11-27"});
  INFO(r.out << r.err);
  CHECK(r.code == ExitCode::kFindings);
  const auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["claims"].size() == 3);
  CHECK(doc["claims"][0]["id"] == "C1");
  CHECK(doc["claims"][0]["findings"].empty());
  CHECK(doc["claims"][1]["id"] == "C2");
  CHECK(Has(Rules(doc["claims"][1]), "ncci.ptp.denied"));
  for (const auto& f : doc["claims"][1]["findings"]) {
    if (f["rule"] != "ncci.ptp.denied") continue;
    CHECK(f["severity"] == "error");
    CHECK(f["line"] == 1);  // 29877, the column 2 code
    CHECK(f["source"].get<std::string>().find("29881") != std::string::npos);
  }
  CHECK(doc["claims"][2]["id"] == "C3");
  CHECK(Has(Rules(doc["claims"][2]), "claim.npi.invalid"));
  CHECK(doc["summary"]["claims"] == 3);
  CHECK(doc["summary"]["clean"] == 1);
  CHECK(doc["summary"]["errors"].get<int>() >= 2);
  int errors = 0;
  for (const auto& c : doc["claims"]) errors += c["errors"].get<int>();
  CHECK(doc["summary"]["errors"] == errors);

  // --today decides what "in the future" means: the clean claim's 2024-08-01 is after 2024-07-15.
  medcode::test::WriteBytes(path, CleanClaim("C1").dump());
  const Run early = Cli({"scrub", path, "--pack", MEDCODE_TEST_PACK, "--today", "2024-07-15"});
  CHECK(early.code == ExitCode::kFindings);
  CHECK(Has(Rules(nlohmann::json::parse(early.out)["claims"][0]), "claim.dos.future"));
}

TEST_CASE("scrub: bad input exits 2 naming the file, the claim and the field, with nothing on stdout", "[cli][scrub]") {
  medcode::test::TempDir dir;
  const std::string path = dir.File("claims.json");
  auto scrub = [&](const std::string& content) {
    medcode::test::WriteBytes(path, content);
    return Cli({"scrub", path, "--pack", MEDCODE_TEST_PACK, "--today", "2026-11-27"});
  };
  std::string expected;
  Run r;
  SECTION("a file that does not exist") {
    r = Cli({"scrub", dir.File("nope.json"), "--pack", MEDCODE_TEST_PACK});
    expected = dir.File("nope.json") + ": cannot open the file";
  }
  SECTION("a directory") {
    r = Cli({"scrub", dir.path().string(), "--pack", MEDCODE_TEST_PACK});
    expected = dir.path().string() + ": is a directory, not a claims file";
  }
  SECTION("invalid JSON, with its line and column") {
    r = scrub("[\n  {\"id\": \"C1\",\n   \"services\": [}\n]");
    expected = path + ": claims: not valid JSON at line 3, column 17";
  }
  SECTION("an empty file") {
    r = scrub("");
    expected = path + ": claims: not valid JSON";
  }
  SECTION("units that are not a whole number, in the third claim's second line") {
    nlohmann::json claims = {CleanClaim("C1"), CleanClaim("C2"), CleanClaim("C3")};
    claims[2]["services"].push_back({{"code", "99214"}, {"units", "two"}, {"charge", "1.00"}});
    r = scrub(claims.dump());
    expected = path + ", claim 3 (id C3): services[1].units: expected a whole number";
  }
  SECTION("a diagnosis without its code") {
    nlohmann::json claims = {CleanClaim("C1"), CleanClaim("C2")};
    claims[1]["diagnoses"] = {{{"code", "E11.9"}}, {{"text", "diabetes"}}};
    r = scrub(claims.dump());
    expected = path + ", claim 2 (id C2): diagnoses[1].code: missing";
  }
  SECTION("a charge typed as a number") {
    nlohmann::json claim = CleanClaim("C1");
    claim["services"][0]["charge"] = 125.0;
    r = scrub(nlohmann::json::array({claim}).dump());
    expected = path + ", claim 1 (id C1): services[0].charge: expected a string";
  }
  SECTION("a claim that is not an object") {
    r = scrub("[" + CleanClaim("C1").dump() + ", 42]");
    expected = path + ", claim 2: claim: expected an object";
  }
  SECTION("\"claims\" that is not an array") {
    r = scrub("{\"claims\": {\"id\": \"C1\"}}");
    expected = path + ": claims: expected an array of claims";
  }
  SECTION("an unknown claim type") {
    nlohmann::json claim = CleanClaim("C1");
    claim["claim_type"] = "inpatient";
    r = scrub(nlohmann::json::array({claim}).dump());
    expected = path + ", claim 1 (id C1): claim_type: \"inpatient\" is not a claim type";
  }
  INFO(r.err);
  CHECK(r.code == ExitCode::kFailed);
  CHECK(r.out.empty());
  CHECK(r.err.find("medcode scrub: " + expected) == 0);
}

TEST_CASE("scrub: usage, --help, bad options and a missing pack exit 2 or print the usage", "[cli][scrub]") {
  const Run help = Cli({"scrub", "--help"});
  CHECK(help.code == ExitCode::kOk);
  CHECK(help.out.find("Usage: medcode scrub <claims.json>") == 0);
  CHECK(help.out.find("Exit codes: 0") != std::string::npos);
  CHECK(Cli({"help", "scrub"}).out == help.out);
  CHECK(Cli({"help"}).out.find("1  the command ran and found problems") != std::string::npos);

  const Run none = Cli({"scrub"});
  CHECK(none.code == ExitCode::kFailed);
  CHECK(none.err.find("missing <claims.json>") != std::string::npos);
  medcode::test::TempDir dir;
  const std::string path = dir.File("c.json");
  medcode::test::WriteBytes(path, CleanClaim("C1").dump());
  CHECK(Cli({"scrub", path, path, "--pack", MEDCODE_TEST_PACK}).code == ExitCode::kFailed);
  const Run bad_today = Cli({"scrub", path, "--today", "2024-13-01", "--pack", MEDCODE_TEST_PACK});
  CHECK(bad_today.code == ExitCode::kFailed);
  CHECK(bad_today.err.find("--today") != std::string::npos);
  CHECK(Cli({"scrub", path, "--today"}).code == ExitCode::kFailed);
  CHECK(Cli({"scrub", path, "--frob", "x"}).code == ExitCode::kFailed);
  const Run no_pack = Cli({"scrub", path, "--pack", dir.File("missing.pack")});
  CHECK(no_pack.code == ExitCode::kFailed);
  CHECK(no_pack.out.empty());
  CHECK(no_pack.err.find("missing.pack") != std::string::npos);
}
