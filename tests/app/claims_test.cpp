// claims_test.cpp: the Session's claim commands over the real code-set pack and a real user database in a temporary
// folder: practice settings saved and read back after reopening; Create claim lists the problems of an incomplete
// claim (each pointing at practice, patient or codes) and builds it once they are fixed; Export 837P writes a file
// the engine's X12 reader reads back with the claim's CLM01 and charge, and marks the claim submitted; an 835 posted
// against it updates its status and amounts and lists the denied line with its CARC text; a malformed 835 gives a
// positioned error and changes nothing.
#include <catch2/catch.hpp>

#include "app/session.h"
#include "engine/x12.h"
#include "engine/remit.h"
#include "engine/x12_837.h"
#include "test_util.h"

using namespace medcode::app;
using medcode::test::TempDir;
namespace engine = medcode::engine;

namespace {

int64_t FixedClock() { return 1795791600; }  // 2026-11-27T15:00:00Z

void FillPractice(engine::PracticeSettings& p) {
  p.billing.name = "Lakeside Family Medicine";
  p.billing.npi = "1234567893";
  p.billing.tin = "123456789";
  p.billing.taxonomy = "207Q00000X";
  p.billing.address = {"100 Main St", "", "Springfield", "IL", "627011234"};
  p.billing.contact_name = "Billing Office";
  p.billing.contact_phone = "2175550100";
  p.submitter_id = "LAKESIDE01";
  p.receiver_id = "CLEARHOUSE";
  p.receiver_name = "Clearing House";
  p.payers = {{"Medicare Part B", "00430", "MB", {}}};
}

void FillPatient(engine::PatientInfo& p) {
  p.last_name = "Doe";
  p.first_name = "Jane";
  p.birth_date = "1962-04-01";
  p.sex = engine::PatientSex::kFemale;
  p.address = {"5 Oak Ave", "", "Springfield", "IL", "62701"};
  p.member_id = "1EG4TE5MK72";
  p.relationship = "18";
}

// An encounter on 2024-08-01 with a diagnosis and two service lines (charges 125.00 and 75.00).
void CodeEncounter(Session& s) {
  s.NewEncounter();
  s.draft().date_of_service = "2024-08-01";
  REQUIRE(s.SetClaimField(ClaimField::kPlaceOfService, "11", 0));
  REQUIRE(s.SetClaimField(ClaimField::kPatientAge, "62", 0));
  REQUIRE(s.SetClaimField(ClaimField::kPatientSex, "F", 0));
  REQUIRE(s.SetClaimField(ClaimField::kBillingNpi, "1234567893", 0));
  REQUIRE(s.SetClaimField(ClaimField::kPayerId, "00430", 0));
  REQUIRE(s.SetClaimField(ClaimField::kPayerName, "Medicare Part B", 0));
  s.CommitEdits();
  REQUIRE(s.AssignCode("E11.9"));
  REQUIRE(s.AssignCode("99213"));
  REQUIRE(s.AssignCode("36415"));
  s.SelectCode({true, 0});
  REQUIRE(s.SetLineField(LineField::kCharge, "125"));
  REQUIRE(s.SetLineField(LineField::kPointers, "1"));
  s.SelectCode({true, 1});
  REQUIRE(s.SetLineField(LineField::kCharge, "75.00"));
  REQUIRE(s.SetLineField(LineField::kPointers, "1"));
}

bool HasProblem(const std::vector<ClaimProblem>& problems, const std::string& field, ClaimProblem::Where where) {
  for (const auto& p : problems) {
    if (p.field == field && p.where == where) return true;
  }
  return false;
}

std::string ProblemsText(const std::vector<ClaimProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.field + ": " + p.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("practice settings are checked as typed, saved, and read back after reopening", "[claims][app]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  {
    Session s;
    s.SetWallClock(FixedClock);
    s.OpenStore(db);
    s.BeginPracticeEdit();
    s.practice_draft().billing.npi = "1234567890";  // wrong check digit
    s.PracticeDraftEdited();
    CHECK_THAT(s.PracticeProblem("billing.npi"), Catch::Contains("check digit"));
    CHECK_FALSE(s.PracticeProblem("billing.name").empty());
    FillPractice(s.practice_draft());
    s.PracticeDraftEdited();
    INFO(s.practice_problems().size());
    CHECK(s.PracticeProblem("billing.npi").empty());
    CHECK(s.PracticeProblem("practice.billing.name").empty());
    REQUIRE(s.SavePractice());
    CHECK(s.practice().billing.name == "Lakeside Family Medicine");
    // A cancelled edit leaves the saved settings alone.
    s.BeginPracticeEdit();
    s.practice_draft().billing.name = "Typo Clinic";
    s.CancelPracticeEdit();
    CHECK(s.practice().billing.name == "Lakeside Family Medicine");
  }
  Session again;
  again.OpenStore(db);
  CHECK(again.practice().billing.name == "Lakeside Family Medicine");
  CHECK(again.practice().billing.npi == "1234567893");
  REQUIRE(again.practice().payers.size() == 1);
  CHECK(again.practice().payers[0].payer_id == "00430");
  CHECK(again.practice_draft().billing.address.zip == "627011234");
}

TEST_CASE("Create claim lists each problem where it is fixed; once fixed the claim is built and listed",
          "[claims][app]") {
  TempDir dir;
  Session s;
  s.SetWallClock(FixedClock);
  s.OpenStore(dir.File("medcode.db"));
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  for (int i = 0; i < 200 && !s.search_ready(); ++i) s.Tick(0.0);
  CodeEncounter(s);

  // No practice, no patient: problems on both sides, and the claim needs fixes (it is listed, not exportable).
  const auto& before = s.claim_problems();
  INFO(ProblemsText(before));
  CHECK(HasProblem(before, "practice.billing.name", ClaimProblem::Where::kPractice));
  CHECK(HasProblem(before, "patient.member_id", ClaimProblem::Where::kPatient));
  REQUIRE(s.CreateClaimForOpenEncounter());
  REQUIRE(s.claims().size() == 1);
  CHECK(s.claims()[0].status == ClaimStatus::kNeedsFixes);
  CHECK(s.claims()[0].charge == "200.00");
  CHECK_FALSE(s.StoredProblems(s.claims()[0].claim_id).empty());
  CHECK_FALSE(s.ExportClaims(false).has_value());
  CHECK(s.status().severity == Severity::kError);
  CHECK_THAT(s.status().text, Catch::Contains("cannot be exported"));

  // A patient field's problem is shown under it (by key), and clears when entered.
  CHECK_FALSE(s.PatientProblem("patient.member_id").empty());
  FillPatient(s.patient_draft());
  s.PatientEdited(0);
  CHECK(s.PatientProblem("patient.member_id").empty());
  CHECK_FALSE(s.SetPatientSex("x", 0));
  CHECK(s.SetPatientSex("f", 0));
  s.BeginPracticeEdit();
  FillPractice(s.practice_draft());
  s.PracticeDraftEdited();
  REQUIRE(s.SavePractice());
  INFO(ProblemsText(s.claim_problems()));
  CHECK(s.claim_problems().empty());

  // Built again in place: the same claim id, now ready.
  const std::string id = s.claims()[0].claim_id;
  REQUIRE(s.CreateClaimForOpenEncounter());
  REQUIRE(s.claims().size() == 1);
  CHECK(s.claims()[0].claim_id == id);
  CHECK(s.claims()[0].status == ClaimStatus::kBuilt);
  CHECK(s.claims()[0].patient == "Doe, Jane");
  CHECK(s.claims()[0].date_of_service == "2024-08-01");
  // Expected: the 2025 fee schedule at ZIP 62701 (non-facility, POS 11) for 99213 + 36415, more than nothing.
  CHECK_FALSE(s.claims()[0].expected.empty());
  CHECK(s.claims()[0].expected != "0.00");
}

TEST_CASE("Export 837P writes the claim the X12 reader reads back, and the claim becomes submitted",
          "[claims][app]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  std::string claim_id;
  {
    Session s;
    s.SetWallClock(FixedClock);
    s.OpenStore(db);
    s.LoadCodeSets(MEDCODE_TEST_PACK);
    for (int i = 0; i < 200 && !s.search_ready(); ++i) s.Tick(0.0);
    s.BeginPracticeEdit();
    FillPractice(s.practice_draft());
    REQUIRE(s.SavePractice());
    CodeEncounter(s);
    FillPatient(s.patient_draft());
    s.PatientEdited(0);
    REQUIRE(s.CreateClaimForOpenEncounter());
    INFO(ProblemsText(s.StoredProblems(s.claims()[0].claim_id)));
    REQUIRE(s.claims()[0].status == ClaimStatus::kBuilt);
    claim_id = s.claims()[0].claim_id;
    auto file = s.ExportClaims(false);
    REQUIRE(file.has_value());
    CHECK(file->mime == "application/edi-x12");
    CHECK(s.last_export().claim_count == 1);
    CHECK(s.last_export().bytes == file->bytes.size());
    // Read back by the engine's 837P reader (SE01 counts, positions): the claim with our CLM01, charges and lines.
    engine::X12Reader reader = engine::X12Reader::FromText(file->bytes, file->file_name);
    auto read = engine::Read837P(reader);
    INFO((read.ok() ? std::string() : read.error().ToString()));
    REQUIRE(read.ok());
    REQUIRE(read->size() == 1);
    const engine::BillingClaim& back = read->front();
    CHECK(back.claim.id == claim_id);
    CHECK(back.total_charge == "200.00");
    REQUIRE(back.claim.coding.services.size() == 2);
    CHECK(back.claim.coding.services[0].code == "99213");
    CHECK(back.claim.coding.services[0].charge == "125.00");
    CHECK(back.claim.coding.services[1].code == "36415");
    CHECK(back.patient.member_id == "1EG4TE5MK72");
    CHECK(back.billing.npi == "1234567893");
    CHECK(back.payer.payer_id == "00430");
    CHECK(s.claims()[0].status == ClaimStatus::kSubmitted);
    CHECK_FALSE(s.claims()[0].submitted_at.empty());
    // Sent claims are not sent twice; Create claim on the same encounter makes a new claim.
    CHECK_FALSE(s.ExportClaims(false).has_value());
  }
  Session again;
  again.OpenStore(db);
  REQUIRE(again.claims().size() == 1);
  CHECK(again.claims()[0].claim_id == claim_id);
  CHECK(again.claims()[0].status == ClaimStatus::kSubmitted);
  CHECK(again.patient_draft().member_id == "1EG4TE5MK72");
}

TEST_CASE("a dropped X12 file is imported, any other file opens as a note; a file that is neither says so",
          "[claims][app]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.OpenDroppedFile("note.txt", "Patient seen for follow-up.\n");
  CHECK(s.draft().note_text == "Patient seen for follow-up.\n");
  const std::string not_remit =
      "ISA*00*          *00*          *ZZ*A              *ZZ*B              *261127*1500*^*00501*000000001*0*T*:~"
      "GS*HC*A*B*20261127*1500*1*X*005010X222A1~ST*837*0001*005010X222A1~SE*2*0001~GE*1*1~IEA*1*000000001~";
  const auto before = s.encounters();
  s.OpenDroppedFile("claims.x12", not_remit);
  CHECK(s.encounters().size() == before.size());
  CHECK_FALSE(s.last_import().ok);
  CHECK(s.status().severity == Severity::kError);
  CHECK_THAT(s.status().text, Catch::Contains("not an 835, 999 or 277CA"));
}

namespace {

// A session with the pack, the practice, and one coded encounter whose claim was exported; returns the claim id.
std::string ExportOneClaim(Session& s, const std::string& db) {
  s.SetWallClock(FixedClock);
  s.OpenStore(db);
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  for (int i = 0; i < 200 && !s.search_ready(); ++i) s.Tick(0.0);
  s.BeginPracticeEdit();
  FillPractice(s.practice_draft());
  REQUIRE(s.SavePractice());
  CodeEncounter(s);
  FillPatient(s.patient_draft());
  s.PatientEdited(0);
  REQUIRE(s.CreateClaimForOpenEncounter());
  REQUIRE(s.ExportClaims(false).has_value());
  return s.claims()[0].claim_id;
}

// An 835 (written by the engine's Write835) paying line 1 (99213) 80.00 with CO-45 on the rest and denying line 2
// (36415) with CO-97 and remark M80.
std::string Remit(const std::string& claim_id) {
  engine::Remittance r;
  r.control_number = "0001";
  r.handling_code = "I";
  r.total_paid = 8000;
  r.payment_method = "ACH";
  r.payment_date = "20261127";
  r.trace_number = "EFT0001";
  r.trace_originator = "1512345678";
  r.payer_name = "MEDICARE PART B";
  r.payee_name = "LAKESIDE FAMILY MEDICINE";
  r.payee_npi = "1234567893";
  engine::ClaimPayment c;
  c.patient_control_number = claim_id;
  c.status = "1";
  c.charge = 20000;
  c.paid = 8000;
  c.filing_indicator = "MB";
  c.payer_claim_number = "PCN0001";
  engine::ServicePayment l1;
  l1.procedure.code = "99213";
  l1.charge = 12500;
  l1.paid = 8000;
  l1.date = "20240801";
  l1.adjustments = {{"CO", "45", 4500, ""}};
  engine::ServicePayment l2;
  l2.procedure.code = "36415";
  l2.charge = 7500;
  l2.paid = 0;
  l2.date = "20240801";
  l2.adjustments = {{"CO", "97", 7500, ""}};
  l2.remarks = {"M80"};
  c.lines = {l1, l2};
  r.claims = {c};
  return engine::Write835(r);
}

}  // namespace

TEST_CASE("an 835 posts: partially paid, the denied line in the worklist with its CARC text and scrubber rule",
          "[claims][app]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  std::string id;
  {
    Session s;
    id = ExportOneClaim(s, db);
    const std::string remit = Remit(id);

    // A malformed 835 first: a positioned error, nothing posted.
    std::string bad = remit;
    const size_t clp = bad.find("CLP*");
    REQUIRE(clp != std::string::npos);
    bad.replace(bad.find("*200", clp), 4, "*2OO");
    const std::vector<ClaimRow> before = s.claims();
    s.ImportClaimsFile("bad.835", bad);
    CHECK_FALSE(s.last_import().ok);
    CHECK(s.last_import().kind == "835");
    CHECK_THAT(s.last_import().where + " " + s.last_import().message, Catch::Contains("(CLP)"));
    CHECK(s.status().severity == Severity::kError);
    REQUIRE(s.claims().size() == 1);
    CHECK(s.claims()[0].status == ClaimStatus::kSubmitted);
    CHECK(s.claims()[0].paid == before[0].paid);
    CHECK(s.denials().empty());

    s.ImportClaimsFile("remit.835", remit);
    INFO(s.last_import().message);
    REQUIRE(s.last_import().ok);
    CHECK(s.last_import().claims_matched == 1);
    CHECK(s.claims()[0].status == ClaimStatus::kPartiallyPaid);
    CHECK(s.claims()[0].paid == "80.00");
    REQUIRE(s.denials().size() == 1);
    const DenialRow& d = s.denials()[0];
    CHECK(d.claim_id == id);
    CHECK(d.line == 2);
    CHECK(d.procedure == "36415");
    REQUIRE_FALSE(d.adjustments.empty());
    CHECK(d.adjustments[0].group == "CO");
    CHECK(d.adjustments[0].carc == "97");
    CHECK_THAT(d.adjustments[0].text, Catch::Contains("included in the payment"));
    REQUIRE_FALSE(d.remarks.empty());
    CHECK(d.remarks[0].first == "M80");
    CHECK_FALSE(d.remarks[0].second.empty());
    CHECK_FALSE(d.rule.empty());  // CO-97: the NCCI edits would have caught it
    // Enter on the denial opens its encounter at the denied line.
    REQUIRE(s.OpenSelectedDenial());
    CHECK(s.code_selection() == CodeRef{true, 1});
  }
  // Reopened: the status, the amounts and the denial are kept.
  Session again;
  again.OpenStore(db);
  REQUIRE(again.claims().size() == 1);
  CHECK(again.claims()[0].status == ClaimStatus::kPartiallyPaid);
  CHECK(again.claims()[0].paid == "80.00");
  CHECK(again.denials().size() == 1);
}
