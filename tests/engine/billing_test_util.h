// billing_test_util.h: a small valid practice, patient and encounter claim shared by the billing, 837P and claim CLI
// tests, and a generator of varied valid BillingClaims (deterministic: a fixed seed gives the same batch).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/billing.h"
#include "engine/x12_837.h"

namespace medcode::test {

inline engine::PracticeSettings SamplePractice() {
  engine::PracticeSettings p;
  p.billing.name = "SUNRISE MEDICAL GROUP";
  p.billing.npi = "1234567893";
  p.billing.tin = "123456789";
  p.billing.taxonomy = "207Q00000X";
  p.billing.address = {"100 MAIN ST", "", "SPRINGFIELD", "IL", "627011234"};
  p.billing.contact_name = "JANE BILLER";
  p.billing.contact_phone = "2175550100";
  p.rendering = {{"DOE", "ANNA", "1987654328", "207R00000X"}};
  engine::PayerSettings medicare;
  medicare.name = "MEDICARE PART B";
  medicare.payer_id = "00430";
  medicare.filing_indicator = "MB";
  engine::PayerSettings acme;
  acme.name = "ACME HEALTH";
  acme.payer_id = "ACME1";
  acme.filing_indicator = "CI";
  acme.address = {"PO BOX 500", "", "CHICAGO", "IL", "60601"};
  p.payers = {medicare, acme};
  p.submitter_id = "SUBMIT01";
  p.receiver_id = "CLEARHOUSE";
  p.receiver_name = "CLEARING HOUSE INC";
  return p;
}

inline engine::PatientInfo SamplePatient() {
  engine::PatientInfo p;
  p.last_name = "SMITH";
  p.first_name = "JOHN";
  p.birth_date = "1950-03-04";
  p.sex = engine::PatientSex::kMale;
  p.address = {"12 OAK AVE", "", "SPRINGFIELD", "IL", "62702"};
  p.member_id = "1EG4TE5MK73";
  return p;
}

// A dependent (child) of a subscriber: the 2000C patient loop.
inline engine::PatientInfo SampleDependent() {
  engine::PatientInfo p = SamplePatient();
  p.first_name = "LILY";
  p.birth_date = "2015-06-07";
  p.sex = engine::PatientSex::kFemale;
  p.relationship = "19";
  p.subscriber_last_name = "SMITH";
  p.subscriber_first_name = "JOHN";
  p.subscriber_birth_date = "1980-01-02";
  p.subscriber_sex = engine::PatientSex::kMale;
  p.subscriber_address = {"12 OAK AVE", "", "SPRINGFIELD", "IL", "62702"};
  p.member_id = "W123456789";
  p.group_number = "GRP77";
  return p;
}

inline engine::Claim SampleClaim() {
  engine::Claim c;
  c.id = "ENC1001";
  c.date_of_service = "2026-11-02";
  c.header.place_of_service = "11";
  c.header.payer.id = "00430";
  c.header.billing.npi = "1234567893";
  c.coding.diagnoses = {{"E11.42"}, {"I10"}};
  engine::ServiceLine visit;
  visit.code = "99213";
  visit.modifiers = {"25"};
  visit.charge = "125.00";
  visit.pointers = {1, 2};
  engine::ServiceLine ecg;
  ecg.code = "93000";
  ecg.charge = "45.50";
  ecg.pointers = {2};
  c.coding.services = {visit, ecg};
  return c;
}

// Options with fixed control numbers, date and time, so the output is reproducible.
inline engine::X12837Options SampleOptions() {
  engine::X12837Options o = engine::X12837OptionsFromPractice(SamplePractice());
  o.interchange_control_number = 42;
  o.group_control_number = 7;
  o.transaction_set_control_number = 1;
  o.date = "20261127";
  o.time = "1430";
  return o;
}

// `count` valid claims varying in everything the 837P carries: patient or dependent, rendering provider or not,
// payer, 1-12 diagnoses, 1-6 lines with 0-4 modifiers, 1-4 pointers, own line dates, odd cents, prior authorization,
// replacement claims, a second billing provider.
// Builder problems (there should be none) are appended to `problems` as "claim i: field: message".
inline std::vector<engine::BillingClaim> VariedClaims(int count, std::vector<std::string>* problems = nullptr,
                                                     uint32_t seed = 12345) {
  uint32_t state = seed;
  auto next = [&](uint32_t n) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % n;
  };
  static const char* kDx[] = {"E11.42", "I10", "J45.909", "M54.50", "Z00.00", "R05.9", "E78.5", "K21.9",
                              "F41.1", "N39.0", "S52.501A", "G43.909", "L03.115", "H52.4", "B34.9", "A09"};
  static const char* kCodes[] = {"99213", "99214", "93000", "36415", "81002", "G0439", "J1100", "97110", "20610"};
  static const char* kMods[] = {"25", "59", "LT", "RT", "GA", "XS", "76", "91"};
  static const char* kLast[] = {"SMITH", "O NEIL", "GARCIA-LOPEZ", "NGUYEN", "VAN DER BERG", "LEE"};
  static const char* kFirst[] = {"JOHN", "MARIA", "ANH", "PETER", "SUE", "JOSE"};
  std::vector<engine::BillingClaim> out;
  const engine::PracticeSettings practice = SamplePractice();
  for (int i = 0; i < count; ++i) {
    engine::Claim claim = SampleClaim();
    claim.id = "C" + std::to_string(100000 + i);
    const int day = 1 + static_cast<int>(next(28));
    claim.date_of_service = "2026-10-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
    claim.header.place_of_service = next(3) == 0 ? "22" : "11";
    claim.header.payer.id = next(2) == 0 ? "00430" : "ACME1";
    claim.header.rendering.npi = next(2) == 0 ? "1987654328" : "";
    claim.coding.diagnoses.clear();
    const size_t dx_count = 1 + next(12);
    for (size_t d = 0; d < dx_count; ++d) claim.coding.diagnoses.push_back({kDx[(d * 3 + i) % 16]});
    claim.coding.services.clear();
    const size_t lines = 1 + next(6);
    for (size_t l = 0; l < lines; ++l) {
      engine::ServiceLine s;
      s.code = kCodes[next(9)];
      const size_t mods = next(5);
      for (size_t m = 0; m < mods; ++m) s.modifiers.push_back(kMods[(m * 2 + l + i) % 8]);
      s.units = 1 + static_cast<int>(next(3) == 0 ? next(20) : 0);
      s.charge = std::to_string(1 + next(900)) + "." + std::to_string(next(10)) + std::to_string(next(10));
      const size_t ptrs = 1 + next(std::min<size_t>(4, dx_count));
      for (size_t k = 0; k < ptrs; ++k) s.pointers.push_back(static_cast<int>(k + 1));
      if (next(4) == 0) s.date_of_service = "2026-10-" + std::to_string(10 + next(18));
      claim.coding.services.push_back(std::move(s));
    }
    engine::PatientInfo patient;
    patient.last_name = kLast[next(6)];
    patient.first_name = kFirst[next(6)];
    patient.birth_date = "19" + std::to_string(30 + next(60)) + "-0" + std::to_string(1 + next(9)) + "-1" +
                         std::to_string(next(10));
    patient.sex = next(2) == 0 ? engine::PatientSex::kFemale : engine::PatientSex::kMale;
    patient.address = {std::to_string(1 + next(999)) + " ELM ST", next(4) == 0 ? "APT 4" : "", "SPRINGFIELD", "IL",
                       next(2) == 0 ? "62702" : "627021234"};
    patient.member_id = "M" + std::to_string(1000000 + next(9000000));
    if (next(3) == 0) {
      patient.relationship = next(2) == 0 ? "19" : "01";
      patient.subscriber_last_name = kLast[next(6)];
      patient.subscriber_first_name = kFirst[next(6)];
      patient.subscriber_birth_date = "1960-02-0" + std::to_string(1 + next(9));
      patient.subscriber_sex = next(2) == 0 ? engine::PatientSex::kFemale : engine::PatientSex::kMale;
      patient.subscriber_address = {"9 PINE RD", "", "DECATUR", "IL", "62521"};
      patient.group_number = next(2) == 0 ? "G" + std::to_string(next(1000)) : "";
      patient.birth_date = "2010-05-1" + std::to_string(next(10));
    }
    engine::PracticeSettings p = practice;
    if (i % 7 >= 5) {  // runs of claims from a second billing provider (an individual)
      p.billing.name = "BROWN";
      p.billing.first_name = "ALICE";
      p.billing.npi = "1112223338";
      claim.header.billing.npi = "1112223338";
    }
    engine::BuiltClaim built = engine::BuildBillingClaim(claim, p, patient);
    for (const auto& problem : built.problems) {
      if (problems) problems->push_back("claim " + std::to_string(i) + ": " + problem.field + ": " + problem.message);
    }
    if (next(5) == 0) built.claim.prior_authorization = "PA" + std::to_string(next(100000));
    if (next(8) == 0) {
      built.claim.frequency_code = "7";
      built.claim.original_claim_number = "ORIG" + std::to_string(next(100000));
    }
    out.push_back(std::move(built.claim));
  }
  return out;
}

}  // namespace medcode::test
