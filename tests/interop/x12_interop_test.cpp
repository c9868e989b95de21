// x12_interop_test.cpp: X12 files are read by independent parsers the same way Medcode reads them (issue 6, "What it
// must show": interop). Each case writes or takes an X12 file, reads it with Medcode's X12Reader, and runs the peers
// of tests/interop on it: Perl's X12::Parser (Debian libx12-parser-perl, x12parser_peer.pl) and node-x12 (npm,
// node_x12_peer.mjs). A peer must exit 0 (no parse error; node-x12 parses strictly: envelopes, SE01/GE01/IEA01 counts
// and control numbers) and report the same claims, totals, service lines, transactions and segments as Medcode.
// Native only (the wasm build cannot start processes). tools/setup installs both peers; when one is missing anyway,
// the case says so in a warning and checks the other.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "engine/billing.h"
#include "engine/remit.h"
#include "engine/x12.h"
#include "engine/x12_837.h"
#include "test_util.h"

using namespace medcode::engine;

namespace {

const std::string kInterop = std::string(MEDCODE_SOURCE_DIR) + "/tests/interop";

// Runs `command` through the shell; its stdout, and the exit status (-1 when it could not run).
std::pair<int, std::string> Run(const std::string& command) {
  std::string out;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, out};
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

struct Peer {
  const char* name;
  std::string probe;    // exits 0 when the peer is installed
  std::string command;  // the file's path is appended
};

const std::array<Peer, 2>& Peers() {
  static const std::array<Peer, 2> peers = {
      Peer{"Perl X12::Parser", "perl -MX12::Parser -e 1 2>/dev/null",
           "perl " + Quote(kInterop + "/x12parser_peer.pl") + " "},
      Peer{"node-x12", "node -e \"require('" + std::string(MEDCODE_SOURCE_DIR) + "/web/node_modules/node-x12')\" 2>/dev/null",
           "node " + Quote(kInterop + "/node_x12_peer.mjs") + " "}};
  return peers;
}

// Medcode's reading of the file, in the peers' JSON keys.
nlohmann::json MedcodeTally(const std::string& path) {
  X12Reader reader = X12Reader::FromFile(path);
  X12Segment s;
  std::string kind;
  uint64_t claims = 0, lines = 0, transactions = 0, segments = 0;
  int64_t claim_cents = 0, line_cents = 0;
  auto cents = [](std::string_view v) {
    const size_t dot = v.find('.');
    const bool negative = !v.empty() && v[0] == '-';
    const std::string whole(v.substr(negative ? 1 : 0, dot == std::string_view::npos ? std::string_view::npos
                                                                                     : dot - (negative ? 1 : 0)));
    std::string frac(dot == std::string_view::npos ? "" : v.substr(dot + 1));
    REQUIRE(frac.size() <= 2);
    frac.resize(2, '0');
    const int64_t c = (whole.empty() ? 0 : std::stoll(whole)) * 100 + std::stoll(frac);
    return negative ? -c : c;
  };
  while (reader.Next(s)) {
    ++segments;
    if (s.id() == "ST") ++transactions, kind = std::string(s.Element(1));
    if (s.id() == (kind == "837" ? "CLM" : "CLP")) ++claims, claim_cents += cents(s.Element(kind == "837" ? 2 : 4));
    if (s.id() == (kind == "837" ? "SV1" : "SVC")) ++lines, line_cents += cents(s.Element(kind == "837" ? 2 : 3));
  }
  INFO((reader.status().ok() ? std::string() : reader.error().ToString()));
  REQUIRE(reader.status().ok());
  auto money = [](int64_t c) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld", c < 0 ? "-" : "", static_cast<long long>(std::llabs(c) / 100),
                  static_cast<long long>(std::llabs(c) % 100));
    return std::string(buf);
  };
  nlohmann::json j;
  j["kind"] = kind;
  j["claims"] = claims;
  j[kind == "837" ? "charge_total" : "paid_total"] = money(claim_cents);
  j["lines"] = lines;
  j[kind == "837" ? "line_total" : "line_paid_total"] = money(line_cents);
  j["transactions"] = transactions;
  j["segments"] = segments;
  return j;
}

// Every installed peer reads `path` without error and sees what Medcode sees (a missing peer: a warning, skipped).
// Returns how many peers ran.
int CheckPeersAgree(const std::string& path) {
  const nlohmann::json medcode = MedcodeTally(path);
  REQUIRE(medcode["transactions"].get<uint64_t>() > 0);
  int ran = 0;
  for (const Peer& peer : Peers()) {
    if (Run(peer.probe).first != 0) {
      WARN(std::string(peer.name) + " is not installed (tools/setup installs it): skipped for " + path);
      continue;
    }
    const auto [status, out] = Run(peer.command + Quote(path) + " 2>&1");
    INFO(peer.name << " on " << path << ":\n" << out);
    REQUIRE(status == 0);
    const auto peer_json = nlohmann::json::parse(out, nullptr, false);
    REQUIRE_FALSE(peer_json.is_discarded());
    INFO("Medcode: " << medcode.dump());
    CHECK(peer_json == medcode);
    ++ran;
  }
  return ran;
}

}  // namespace

TEST_CASE("Interop: the peers read the hand-written 837P and 835 as Medcode does", "[x12][interop]") {
  CheckPeersAgree(kInterop + "/data/hand_837p.x12");
  CheckPeersAgree(kInterop + "/data/hand_835.x12");
}

TEST_CASE("Interop: the peers reject what is not X12, and node-x12 a wrong SE01", "[x12][interop]") {
  medcode::test::TempDir dir;
  medcode::test::WriteBytes(dir.File("not.x12"), "hello, this is not an interchange\n");
  std::string text = medcode::test::ReadBytes(kInterop + "/data/hand_837p.x12");
  const size_t at = text.find("SE*44*0001~");
  REQUIRE(at != std::string::npos);
  text.replace(at, 11, "SE*45*0001~");
  medcode::test::WriteBytes(dir.File("bad_se.x12"), text);
  for (const Peer& peer : Peers()) {
    if (Run(peer.probe).first != 0) continue;
    INFO(peer.name);
    CHECK(Run(peer.command + Quote(dir.File("not.x12")) + " 2>/dev/null").first != 0);
  }
  if (Run(Peers()[1].probe).first == 0) {
    const auto [status, out] = Run(Peers()[1].command + Quote(dir.File("bad_se.x12")) + " 2>&1");
    CHECK(status != 0);
    CHECK(out.find("SE01") != std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What Medcode writes: an 837P batch (Write837P) and an 835 (Write835), read by both peers.
// ---------------------------------------------------------------------------------------------------------------
namespace {

PracticeSettings InteropPractice() {
  PracticeSettings p;
  p.billing.name = "RIVERSIDE FAMILY MEDICINE";
  p.billing.npi = "1234567893";
  p.billing.tin = "123456789";
  p.billing.taxonomy = "207Q00000X";
  p.billing.address = {"1 MAIN ST", "STE 200", "SPRINGFIELD", "IL", "627011234"};
  p.billing.contact_name = "BILLING OFFICE";
  p.billing.contact_phone = "2175550100";
  p.rendering.push_back({"SMITH", "ANN", "1245319599", "207Q00000X"});
  p.payers.push_back({"MEDICARE PART B", "00430", "MB", {}});
  p.submitter_id = "MEDCODE0001";
  p.receiver_id = "CLEARINGHSE";
  p.receiver_name = "CLEARINGHOUSE";
  return p;
}

// Claim `n` of the batch: varied on purpose. Every third claim's patient is a dependant (the 2000C patient loop),
// claim 1 has 12 diagnoses, lines carry 0-4 modifiers, some lines their own date, some claims a rendering provider.
BillingClaim InteropClaim(const PracticeSettings& practice, int n) {
  static const char* kIcd[] = {"E11.42", "I10", "N18.31", "J06.9", "M54.50", "R51.9", "Z00.00", "K21.9",
                               "E78.5",  "F41.1", "G47.33", "L03.115"};
  static const char* kCpt[] = {"99213", "93000", "36415", "80053", "71046", "99214", "20610", "J1100"};
  static const char* kMods[] = {"25", "59", "RT", "LT"};
  BillingClaim b;
  b.billing = practice.billing;
  b.payer = practice.payers[0];
  b.claim.id = "IC" + std::to_string(1000 + n);
  b.claim.date_of_service = "2026-10-" + std::string(n % 28 + 1 < 10 ? "0" : "") + std::to_string(n % 28 + 1);
  b.claim.header.place_of_service = n % 5 == 4 ? "22" : "11";
  b.claim.header.billing = {practice.billing.npi, practice.billing.taxonomy};
  b.claim.header.payer = {b.payer.payer_id, b.payer.name};
  if (n % 2 == 0) {
    b.rendering = practice.rendering[0];
    b.claim.header.rendering = {b.rendering.npi, b.rendering.taxonomy};
  }
  const int diagnoses = n == 1 ? 12 : 1 + n % 4;
  for (int i = 0; i < diagnoses; ++i) b.claim.coding.diagnoses.push_back({kIcd[(n + i) % 12]});
  const int lines = 1 + n % 6;
  int64_t total = 0;
  for (int i = 0; i < lines; ++i) {
    ServiceLine s;
    s.code = kCpt[(n * 3 + i) % 8];
    for (int m = 0; m < (n + i) % 5; ++m) s.modifiers.push_back(kMods[m]);
    s.units = 1 + (n + i) % 3;
    const int64_t cents = 2500 + 137 * ((n * 7 + i * 13) % 50) + (i == 0 ? 5 : 0);  // some odd cents
    s.charge = std::to_string(cents * s.units / 100) + "." + (cents * s.units % 100 < 10 ? "0" : "") +
               std::to_string(cents * s.units % 100);
    total += cents * s.units;
    for (int k = 1; k <= std::min(diagnoses, 1 + i % 4); ++k) s.pointers.push_back(k);
    if (i == 2) s.date_of_service = b.claim.date_of_service;
    b.claim.coding.services.push_back(std::move(s));
  }
  b.total_charge = std::to_string(total / 100) + "." + (total % 100 < 10 ? "0" : "") + std::to_string(total % 100);
  PatientInfo& p = b.patient;
  p.last_name = n % 7 == 3 ? "O'BRIEN" : "DOE";
  p.first_name = "PAT" + std::string(1, static_cast<char>('A' + n % 26));
  p.birth_date = "1960-03-" + std::string(n % 28 + 1 < 10 ? "0" : "") + std::to_string(n % 28 + 1);
  p.sex = n % 2 ? PatientSex::kFemale : PatientSex::kMale;
  b.claim.header.patient_age = 66;
  b.claim.header.patient_sex = p.sex;
  p.address = {"2 ELM ST", "", "SPRINGFIELD", "IL", n % 2 ? "62701" : "627011234"};
  p.member_id = "1EG4TE5MK" + std::to_string(n % 10);
  if (n % 3 == 2) {
    p.relationship = "19";
    p.subscriber_last_name = "DOE";
    p.subscriber_first_name = "PARENT";
    p.subscriber_birth_date = "1970-05-15";
    p.subscriber_sex = PatientSex::kFemale;
    p.subscriber_address = p.address;
  }
  if (n % 4 == 1) p.group_number = "GRP1234";
  if (n % 5 == 3) b.prior_authorization = "PA12345678";
  return b;
}

}  // namespace

TEST_CASE("Interop: every 837P batch Medcode writes is read by X12::Parser and node-x12 as Medcode reads it",
          "[x12][interop]") {
  medcode::test::TempDir dir;
  const PracticeSettings practice = InteropPractice();
  std::vector<BillingClaim> claims;
  for (int n = 0; n < 23; ++n) claims.push_back(InteropClaim(practice, n));
  // Several transaction sets (5 claims each), and the other shapes a writer may be asked for: line breaks after
  // terminators, other separators.
  struct Variant {
    const char* name;
    size_t per_st;
    bool line_breaks;
    X12Separators separators;
  };
  const Variant variants[] = {{"default", 5000, false, {}},
                              {"5 claims per ST", 5, false, {}},
                              {"line breaks", 7, true, {}},
                              {"separators | > ! ~", 4, false, {'|', '>', '!', '~'}}};
  for (const Variant& v : variants) {
    INFO(v.name);
    X12837Options options = X12837OptionsFromPractice(practice);
    options.max_claims_per_transaction = v.per_st;
    options.line_breaks = v.line_breaks;
    options.separators = v.separators;
    options.date = "20261127";
    options.time = "1015";
    const X12837Output out = Write837P(claims, options);
    INFO((out.problems.empty() ? "" : out.problems[0].field + ": " + out.problems[0].message));
    REQUIRE(out.ok());
    const std::string path = dir.File(std::string("claims-") + std::to_string(v.per_st) + ".x12");
    medcode::test::WriteBytes(path, out.text);
    const nlohmann::json medcode = MedcodeTally(path);
    CHECK(medcode["claims"] == 23);
    CHECK(medcode["transactions"] == (23 + v.per_st - 1) / v.per_st);
    CheckPeersAgree(path);
  }
}

TEST_CASE("Interop: an 835 Medcode writes is read by X12::Parser and node-x12 as Medcode reads it",
          "[x12][interop]") {
  medcode::test::TempDir dir;
  std::vector<Remittance> remits(2);
  for (size_t t = 0; t < remits.size(); ++t) {
    Remittance& r = remits[t];
    r.control_number = std::to_string(2001 + t);
    r.payment_method = "ACH";
    r.payment_format = "CCP";
    r.payment_date = "20261215";
    r.trace_number = "EFT" + std::to_string(7000 + t);
    r.trace_originator = "1123456789";
    r.production_date = "20261210";
    r.payer_name = "MEDICARE PART B";
    r.payer_id = "00430";
    r.payee_name = "RIVERSIDE FAMILY MEDICINE";
    r.payee_npi = "1234567893";
    for (int n = 0; n < 6; ++n) {
      ClaimPayment c;
      c.patient_control_number = "IC" + std::to_string(1000 + n + 10 * static_cast<int>(t));
      c.status = n == 3 ? "4" : n == 5 ? "22" : "1";
      c.filing_indicator = "MB";
      c.payer_claim_number = "ICN" + std::to_string(900 + n);
      c.facility_code = "11";
      c.frequency_code = "1";
      c.patient_last_name = "DOE";
      c.patient_first_name = "PAT";
      c.patient_id = "1EG4TE5MK72";
      const int sign = n == 5 ? -1 : 1;
      Cents patient = 0;
      for (int i = 0; i <= n % 3; ++i) {
        ServicePayment l;
        l.procedure.code = i == 0 ? "99213" : "93000";
        if (i == 0 && n % 2 == 0) l.procedure.modifiers = {"25"};
        l.charge = sign * (10050 + 1000 * i);
        l.date = "20261101";
        if (n == 3 || (n == 4 && i == 1)) {  // a denied claim; a denied line
          l.paid = 0;
          l.adjustments.push_back({"CO", n == 3 ? "16" : "50", l.charge, ""});
          l.remarks.push_back(n == 3 ? "M51" : "N290");
        } else {
          const Cents allowed = sign * (6000 + 500 * i), coinsurance = sign * (1200 + 100 * i);
          l.paid = allowed - coinsurance;
          l.allowed = allowed;
          l.adjustments.push_back({"CO", "45", l.charge - allowed, ""});
          l.adjustments.push_back({"PR", "2", coinsurance, ""});
          patient += coinsurance;
        }
        c.charge += l.charge;
        c.paid += l.paid;
        c.lines.push_back(std::move(l));
      }
      if (n != 3) c.patient_responsibility = patient;
      r.claims.push_back(std::move(c));
    }
    if (t == 1) r.provider_adjustments.push_back({"1234567893", "20261231", {{"WO", "ICN0042", 1575}}});
    r.total_paid = BalancedTotal(r);
  }
  X12EnvelopeOptions options;
  options.date = "20261210";
  options.time = "0800";
  const std::string path = dir.File("remit.835");
  medcode::test::WriteBytes(path, Write835(remits, options));
  const nlohmann::json medcode = MedcodeTally(path);
  CHECK(medcode["claims"] == 12);
  CHECK(medcode["transactions"] == 2);
  CheckPeersAgree(path);
  options.line_breaks = true;
  options.separators = {'|', '>', '!', '~'};
  medcode::test::WriteBytes(path, Write835(remits, options));
  CheckPeersAgree(path);
}
