// scrub_test.cpp: live claim findings in the Session over the real code-set pack and a real user database: the claim
// rules load after the search index, the open encounter is checked when its codes, header or date change (never per
// frame), a PTP fix is applied only after confirmation and saved, an Excludes1 attestation records who and when and
// survives reopening, the claim header is saved with the encounter and carried to new encounters, and a service
// line's units, charge, pointers and date are parsed (or refused with why), clear their findings and are saved.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

#include "app/session.h"
#include "test_util.h"

using namespace medcode::app;
using medcode::test::TempDir;
namespace engine = medcode::engine;

namespace {

// 2026-11-27T15:00:00Z: attestations and "today" read this clock.
int64_t FixedClock() { return 1795791600; }

// Ticks until the claim rules are loaded (the search index first, one long step per tick).
void TickUntilScrubberReady(Session& s) {
  for (int i = 0; i < 200 && !s.scrubber_ready(); ++i) s.Tick(0.0);
  REQUIRE(s.scrubber_ready());
}

// A session with the pack and the claim rules loaded, and an encounter open on `dos` with a complete header (so the
// findings are about the codes).
void Open(Session& s, const std::string& db, const std::string& dos = "2024-08-01") {
  s.SetWallClock(FixedClock);
  s.OpenStore(db);
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  TickUntilScrubberReady(s);
  if (!s.has_open_encounter()) s.NewEncounter();
  s.draft().date_of_service = dos;
  REQUIRE(s.SetClaimField(ClaimField::kPatientAge, "54", 0));
  REQUIRE(s.SetClaimField(ClaimField::kPatientSex, "M", 0));
  REQUIRE(s.SetClaimField(ClaimField::kPlaceOfService, "11", 0));
  REQUIRE(s.SetClaimField(ClaimField::kBillingNpi, "1234567893", 0));
  s.CommitEdits();
}

int FindingIndex(const Session& s, const std::string& rule) {
  const auto& f = s.findings();
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i].rule == rule) return static_cast<int>(i);
  }
  return -1;
}

std::string Rules(const Session& s) {
  std::string out;
  for (const auto& f : s.findings()) out += std::string(SeverityLetter(f.severity)) + " " + f.rule + ": " + f.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("the claim rules load a tick after the search index, with a status, and findings are sorted", "[scrub][app]") {
  TempDir dir;
  Session s;
  s.OpenStore(dir.File("medcode.db"));
  s.NewEncounter();
  s.LoadCodeSets(MEDCODE_TEST_PACK);
  CHECK(s.scrubber_loading());
  CHECK(s.busy());
  CHECK(s.scrubber_status() == "Loading claim rules...");
  // Never in the tick that finishes the search index: the two long loads do not stack up in one frame.
  int ticks = 0;
  while (!s.search_ready() && ticks < 200) {
    s.Tick(0.0);
    ++ticks;
  }
  REQUIRE(s.search_ready());
  CHECK_FALSE(s.scrubber_ready());
  s.Tick(0.0);
  CHECK_FALSE(s.scrubber_ready());
  TickUntilScrubberReady(s);
  CHECK(s.scrubber_status().empty());
  CHECK_FALSE(s.busy());
  CHECK(s.scrubber_load_ms() > 0);
  WARN("claim rules loaded in " << s.scrubber_load_ms() << " ms, search index built in " << s.search_index_build_ms() << " ms");
  // Nothing assigned: not a claim yet, so not checked; the date-of-service check of the app stands meanwhile.
  CHECK_FALSE(s.scrubbed());
  s.draft().date_of_service = "2199-01-01";
  CHECK(FindingIndex(s, "encounter.dos.future") == -1);  // the app's check runs when the draft is committed
  s.MarkDraftEdited(0);
  s.CommitEdits();
  CHECK(FindingIndex(s, "encounter.dos.future") >= 0);
  REQUIRE(s.AssignCode("E11.9"));
  CHECK(s.scrubbed());
  // Once checked, the scrubber reports the date (and the app's own date finding steps aside).
  CHECK(FindingIndex(s, "encounter.dos.future") == -1);
  CHECK(FindingIndex(s, "claim.dos.future") >= 0);
  const auto& f = s.findings();
  CHECK(std::is_sorted(f.begin(), f.end(), [](const Finding& a, const Finding& b) { return a.severity < b.severity; }));
}

TEST_CASE("the open claim is checked when its codes, header or date change, never per frame", "[scrub][app]") {
  TempDir dir;
  Session s;
  Open(s, dir.File("medcode.db"));
  REQUIRE(s.AssignCode("M23.221"));
  const uint64_t runs = s.scrub_runs();
  for (int i = 0; i < 10; ++i) {
    (void)s.findings();
    (void)s.scrub_report();
    s.Tick(1.0 + i);
  }
  CHECK(s.scrub_runs() == runs + 1);
  REQUIRE(s.AssignCode("29881"));
  (void)s.findings();
  CHECK(s.scrub_runs() == runs + 2);
  s.draft().date_of_service = "2024-08-02";
  (void)s.findings();
  CHECK(s.scrub_runs() == runs + 3);
  REQUIRE(s.SetClaimField(ClaimField::kPatientAge, "55", 0));
  (void)s.findings();
  (void)s.findings();
  CHECK(s.scrub_runs() == runs + 4);
  const engine::Claim claim = s.OpenClaim();
  CHECK(claim.id == std::to_string(s.selected_id()));
  CHECK(claim.date_of_service == "2024-08-02");
  CHECK(claim.header.patient_age == 55);
  REQUIRE(claim.coding.services.size() == 1);
}

TEST_CASE("a PTP pair with modifier indicator 1: the finding points at the column 2 line, the fix waits for "
          "confirmation, adds the modifier and is saved",
          "[scrub][app]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  int64_t id = 0;
  std::string modifier;
  {
    Session s;
    Open(s, db);
    id = s.selected_id();
    // NCCI PTP practitioner 2024 Q3: column 1 29881, column 2 29875, modifier indicator 1, no deletion date.
    REQUIRE(s.AssignCode("M23.221"));
    REQUIRE(s.AssignCode("29881"));
    REQUIRE(s.AssignCode("29875"));
    INFO(Rules(s));
    const int i = FindingIndex(s, "ncci.ptp.modifier_needed");
    REQUIRE(i >= 0);
    const Finding& f = s.findings()[static_cast<size_t>(i)];
    CHECK(f.severity == Severity::kError);
    REQUIRE(f.scrub);
    CHECK(f.scrub->line == 1);
    CHECK(f.scrub->other == 0);
    CHECK(f.target() == CodeRef{true, 1});
    CHECK(f.other() == CodeRef{true, 0});
    CHECK(f.where == "line 2 (29875)");
    CHECK(f.scrub->source.find("29881") != std::string::npos);
    REQUIRE(f.has_fix());
    modifier = f.scrub->action.modifier;
    CHECK(medcode::engine::IsPtpBypassModifier(modifier));
    CHECK(f.scrub->action.line == 1);

    s.SelectFinding(i);
    CHECK(s.finding_selection() == i);
    s.SelectCode({false, 0});
    REQUIRE(s.GoToSelectedFinding());
    CHECK(s.code_selection() == CodeRef{true, 1});
    REQUIRE(s.code_detail());
    CHECK(s.code_detail()->code == "29875");

    // Asked, then cancelled: nothing changes.
    REQUIRE(s.RequestSelectedFix());
    REQUIRE(s.pending_fix());
    CHECK(s.pending_fix()->change == "Line 2 (29875) gets modifier " + modifier + ": 29875-" + modifier + ".");
    CHECK(s.pending_fix()->caution.find("documentation supports distinct services") != std::string::npos);
    CHECK(s.coding().services[1].modifiers.empty());
    s.CancelFix();
    CHECK_FALSE(s.pending_fix());
    CHECK(s.coding().services[1].modifiers.empty());

    // Asked and confirmed: the modifier is on the column 2 line, the finding is gone, saved at once.
    const uint64_t committed = s.committed_revision();
    REQUIRE(s.RequestSelectedFix());
    REQUIRE(s.ConfirmFix());
    CHECK_FALSE(s.pending_fix());
    CHECK(s.coding().services[1].modifiers == std::vector<std::string>{modifier});
    CHECK(s.coding().services[0].modifiers.empty());
    CHECK(s.status().text == "Added modifier " + modifier + " to 29875 (line 2).");
    CHECK(FindingIndex(s, "ncci.ptp.modifier_needed") == -1);
    CHECK(s.committed_revision() > committed);
    CHECK_FALSE(s.draft_dirty());
  }
  Session again;
  again.OpenStore(db);
  again.SelectEncounter(id);
  REQUIRE(again.coding().services.size() == 2);
  CHECK(again.coding().services[1].modifiers == std::vector<std::string>{modifier});
}

TEST_CASE("an Excludes1 pair: attested with who and when (asked once), shown as info, survives reopening, withdrawn",
          "[scrub][app]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  {
    Session s;
    Open(s, db);
    REQUIRE(s.AssignCode("E10.9"));
    REQUIRE(s.AssignCode("E11.9"));
    INFO(Rules(s));
    const int i = FindingIndex(s, "icd.excludes1");
    REQUIRE(i >= 0);
    {
      const Finding& f = s.findings()[static_cast<size_t>(i)];
      CHECK(f.severity == Severity::kWarning);
      CHECK(f.attestable());
      CHECK(f.scrub->attestation_subject == "E10.9|E11.9");
      CHECK_FALSE(f.attestation);
      CHECK(f.target().index >= 0);
      CHECK_FALSE(f.target().service);
    }
    s.SelectFinding(i);
    // No user name yet: refused, nothing recorded.
    CHECK(s.user_name().empty());
    CHECK_FALSE(s.AttestSelectedFinding());
    CHECK(s.coding().attestations.empty());
    s.SetUserName("  jdoe ");
    CHECK(s.user_name() == "jdoe");
    REQUIRE(s.AttestSelectedFinding());
    REQUIRE(s.coding().attestations.size() == 1);
    CHECK(s.coding().attestations[0].by == "jdoe");
    CHECK(s.coding().attestations[0].at == "2026-11-27T15:00:00Z");
    // The selection stays on the finding, now attested: info, with who and when.
    const Finding* f = s.selected_finding();
    REQUIRE(f);
    CHECK(f->rule == "icd.excludes1");
    REQUIRE(f->attestation);
    CHECK(f->attestation->by == "jdoe");
    CHECK(f->severity == Severity::kInfo);
    CHECK(f->scrub->attested);
    CHECK_FALSE(s.AttestSelectedFinding());  // once is enough
    CHECK_FALSE(s.draft_dirty());
  }
  {
    Session s;
    s.SetWallClock(FixedClock);
    s.OpenStore(db);
    s.LoadCodeSets(MEDCODE_TEST_PACK);
    TickUntilScrubberReady(s);
    CHECK(s.user_name() == "jdoe");  // asked once: kept in the settings
    const int i = FindingIndex(s, "icd.excludes1");
    REQUIRE(i >= 0);
    s.SelectFinding(i);
    const Finding* f = s.selected_finding();
    REQUIRE(f->attestation);
    CHECK(f->attestation->at == "2026-11-27T15:00:00Z");
    CHECK(f->severity == Severity::kInfo);
    REQUIRE(s.WithdrawSelectedAttestation());
    CHECK(s.coding().attestations.empty());
    f = s.selected_finding();
    REQUIRE(f);
    CHECK(f->rule == "icd.excludes1");
    CHECK(f->severity == Severity::kWarning);
    CHECK_FALSE(f->attestation);
  }
}

TEST_CASE("the claim header: fields parsed and checked, saved with the encounter, carried to new encounters",
          "[scrub][app]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  int64_t first = 0;
  {
    Session s;
    s.OpenStore(db);
    s.LoadCodeSets(MEDCODE_TEST_PACK);
    CHECK_FALSE(s.SetClaimField(ClaimField::kType, "O", 0));  // no encounter open
    s.NewEncounter();
    first = s.selected_id();
    CHECK(s.claim_field(ClaimField::kType).text == "P");  // a first encounter: professional, nothing else
    CHECK(s.claim_field(ClaimField::kBillingNpi).text.empty());

    CHECK_FALSE(s.SetClaimField(ClaimField::kType, "X", 0));
    CHECK(s.status().text.find("P professional") != std::string::npos);
    REQUIRE(s.SetClaimField(ClaimField::kType, "o", 0));
    CHECK(s.draft().claim.type == engine::ClaimType::kOutpatientHospital);
    CHECK(s.claim_field(ClaimField::kType).note.find("outpatient hospital") == 0);
    REQUIRE(s.SetClaimField(ClaimField::kPatientAge, "7", 0));
    CHECK(s.draft().claim.patient_age == 7);
    CHECK_FALSE(s.SetClaimField(ClaimField::kPatientAge, "7y", 0));
    REQUIRE(s.SetClaimField(ClaimField::kPatientSex, "f", 0));
    CHECK(s.claim_field(ClaimField::kPatientSex).text == "F");
    CHECK_FALSE(s.SetClaimField(ClaimField::kPatientSex, "X", 0));

    REQUIRE(s.SetClaimField(ClaimField::kPlaceOfService, "11", 0));
    CHECK(s.claim_field(ClaimField::kPlaceOfService).note == "Office");
    CHECK(s.claim_field(ClaimField::kPlaceOfService).problem.empty());
    REQUIRE(s.SetClaimField(ClaimField::kPlaceOfService, "28", 0));
    CHECK(s.claim_field(ClaimField::kPlaceOfService).problem.find("not assigned") != std::string::npos);
    CHECK_FALSE(s.SetClaimField(ClaimField::kPlaceOfService, "111", 0));
    REQUIRE(s.SetClaimField(ClaimField::kPlaceOfService, "22", 0));

    REQUIRE(s.SetClaimField(ClaimField::kBillingNpi, "1234567890", 0));
    CHECK(s.claim_field(ClaimField::kBillingNpi).problem.find("check digit") != std::string::npos);
    REQUIRE(s.SetClaimField(ClaimField::kBillingNpi, "1234567893", 0));
    CHECK(s.claim_field(ClaimField::kBillingNpi).problem.empty());
    REQUIRE(s.SetClaimField(ClaimField::kBillingTaxonomy, "207q00000x", 0));
    CHECK(s.draft().claim.billing.taxonomy == "207Q00000X");
    REQUIRE(s.SetClaimField(ClaimField::kRenderingNpi, "123", 0));
    CHECK(s.claim_field(ClaimField::kRenderingNpi).problem.find("10 digits") != std::string::npos);
    REQUIRE(s.SetClaimField(ClaimField::kPayerId, "00430", 0));
    REQUIRE(s.SetClaimField(ClaimField::kPayerName, "Medicare Part B", 0));
    CHECK(s.draft_dirty());
    s.Tick(Session::kAutosaveIdleSeconds + 1);  // autosaved like any edit
    CHECK_FALSE(s.draft_dirty());

    // A new encounter takes the claim type, billing provider, payer and POS last used; not the patient.
    s.NewEncounter();
    REQUIRE(s.selected_id() != first);
    const engine::ClaimHeader& h = s.draft().claim;
    CHECK(h.type == engine::ClaimType::kOutpatientHospital);
    CHECK(h.billing.npi == "1234567893");
    CHECK(h.billing.taxonomy == "207Q00000X");
    CHECK(h.payer.id == "00430");
    CHECK(h.payer.name == "Medicare Part B");
    CHECK(h.place_of_service == "22");
    CHECK_FALSE(h.patient_age);
    CHECK(h.patient_sex == engine::PatientSex::kUnknown);
    CHECK(h.rendering.npi.empty());
    REQUIRE(s.SetClaimField(ClaimField::kBillingNpi, "1245319599", 0));
    s.CommitEdits();
  }
  Session again;
  again.OpenStore(db);
  again.SelectEncounter(first);
  const engine::ClaimHeader& h = again.draft().claim;
  CHECK(h.type == engine::ClaimType::kOutpatientHospital);
  CHECK(h.patient_age == 7);
  CHECK(h.patient_sex == engine::PatientSex::kFemale);
  CHECK(h.place_of_service == "22");
  CHECK(h.billing.npi == "1234567893");
  CHECK(h.rendering.npi == "123");
  CHECK(h.payer.name == "Medicare Part B");
  // The last billing NPI used (on the second encounter) is what the next one starts with.
  again.NewEncounter();
  CHECK(again.draft().claim.billing.npi == "1245319599");
}

TEST_CASE("a service line's units, charge, pointers and date: parsed, refused with why, findings update, saved",
          "[scrub][app]") {
  TempDir dir;
  const std::string db = dir.File("medcode.db");
  int64_t id = 0;
  {
    Session s;
    Open(s, db);
    id = s.selected_id();
    CHECK_FALSE(s.SetLineField(LineField::kUnits, "2"));  // no service line selected
    CHECK(s.line_field(LineField::kUnits).text.empty());
    REQUIRE(s.AssignCode("M23.221"));
    REQUIRE(s.AssignCode("E11.9"));
    REQUIRE(s.AssignCode("29881"));  // selects line 1
    REQUIRE(s.code_selection() == (CodeRef{true, 0}));
    INFO(Rules(s));
    REQUIRE(FindingIndex(s, "claim.charge.missing") >= 0);
    CHECK(s.line_field(LineField::kCharge).text.empty());
    CHECK_FALSE(s.line_field(LineField::kCharge).problem.empty());  // the scrubber's finding, next to the field
    CHECK(s.line_field(LineField::kUnits).text == "1");

    // Charge: an amount, normalised to dollars and cents; anything else refused with why.
    std::string why;
    CHECK_FALSE(s.SetLineField(LineField::kCharge, "12a", &why));
    CHECK(why.find("not an amount") != std::string::npos);
    CHECK(s.status().text == why);
    CHECK_FALSE(s.SetLineField(LineField::kCharge, "1.234", &why));
    CHECK(why.find("cents") != std::string::npos);
    CHECK(s.coding().services[0].charge.empty());
    REQUIRE(s.SetLineField(LineField::kCharge, "125", &why));
    CHECK(why.empty());
    CHECK(s.line_field(LineField::kCharge).text == "125.00");
    CHECK(s.line_field(LineField::kCharge).problem.empty());
    CHECK(FindingIndex(s, "claim.charge.missing") == -1);
    CHECK_FALSE(s.draft_dirty());  // saved at once, as codes are
    REQUIRE(s.SetLineField(LineField::kCharge, "$0099.5"));
    CHECK(s.coding().services[0].charge == "99.50");

    // Units: a whole number >= 1; 29881 has an MUE of 1, so 2 units is a finding on the Units field until undone.
    CHECK_FALSE(s.SetLineField(LineField::kUnits, "0", &why));
    CHECK(why.find("whole number") != std::string::npos);
    CHECK_FALSE(s.SetLineField(LineField::kUnits, "1.5", &why));
    CHECK_FALSE(s.SetLineField(LineField::kUnits, "", &why));
    REQUIRE(s.SetLineField(LineField::kUnits, " 2 "));
    CHECK(s.coding().services[0].units == 2);
    CHECK(FindingIndex(s, "ncci.mue.day") >= 0);
    CHECK(s.line_field(LineField::kUnits).problem.find("29881") != std::string::npos);
    REQUIRE(s.SetLineField(LineField::kUnits, "1"));
    CHECK(FindingIndex(s, "ncci.mue.day") == -1);
    CHECK(s.line_field(LineField::kUnits).problem.empty());

    // Pointers: "1,2" or "1 2", 1-based, existing diagnoses only, no repeats, at most 4.
    CHECK_FALSE(s.SetLineField(LineField::kPointers, "1,3", &why));
    CHECK(why.find("no diagnosis 3") != std::string::npos);
    CHECK_FALSE(s.SetLineField(LineField::kPointers, "1,1", &why));
    CHECK(why.find("twice") != std::string::npos);
    CHECK_FALSE(s.SetLineField(LineField::kPointers, "1;2", &why));
    CHECK(why.find("not a diagnosis number") != std::string::npos);
    REQUIRE(s.SetLineField(LineField::kPointers, "2 1"));
    CHECK(s.coding().services[0].pointers == std::vector<int>{2, 1});
    CHECK(s.line_field(LineField::kPointers).text == "2,1");
    CHECK(s.line_field(LineField::kPointers).note == "E11.9 M23.221");
    REQUIRE(s.SetLineField(LineField::kPointers, ""));
    CHECK(s.coding().services[0].pointers.empty());
    CHECK(FindingIndex(s, "claim.pointer.missing") >= 0);
    CHECK_FALSE(s.line_field(LineField::kPointers).problem.empty());
    REQUIRE(s.SetLineField(LineField::kPointers, "1,2"));
    CHECK(FindingIndex(s, "claim.pointer.missing") == -1);

    // Date: empty = the encounter's; else parsed and stored as YYYY-MM-DD.
    CHECK(s.line_field(LineField::kDate).note == "encounter's");
    CHECK_FALSE(s.SetLineField(LineField::kDate, "2024-02-30", &why));
    CHECK(why.find("Line date of service") == 0);
    REQUIRE(s.SetLineField(LineField::kDate, "08/02/2024"));
    CHECK(s.coding().services[0].date_of_service == "2024-08-02");
    REQUIRE(s.SetLineField(LineField::kDate, "20240801"));
    CHECK(s.line_field(LineField::kDate).text == "2024-08-01");
    CHECK(s.status().text.find("Line 1 (29881)") == 0);

    s.SelectCode({false, 0});  // a diagnosis: no line to edit
    CHECK_FALSE(s.SetLineField(LineField::kUnits, "3"));
    CHECK(s.line_field(LineField::kCharge).text.empty());
  }
  Session again;
  again.OpenStore(db);
  again.SelectEncounter(id);
  REQUIRE(again.coding().services.size() == 1);
  const engine::ServiceLine& l = again.coding().services[0];
  CHECK(l.charge == "99.50");
  CHECK(l.units == 1);
  CHECK(l.pointers == std::vector<int>{1, 2});
  CHECK(l.date_of_service == "2024-08-01");
}
