// cms1500_claim.h: the full billing claim the CMS-1500 engine and CLI tests print (every box the form fills has a
// value; `lines` service lines, a second page from the seventh).
#pragma once

#include "engine/billing.h"

namespace medcode::test {

// A full Medicare claim: the patient is the subscriber, a rendering provider other than the billing one, a
// replacement of an earlier claim with a prior authorization, five diagnoses and `lines` service lines.
inline medcode::engine::BillingClaim FullClaim(int lines = 2) {
  using namespace medcode::engine;
  BillingClaim c;
  c.claim.id = "ENC-0815";
  c.claim.date_of_service = "2024-08-01";
  c.claim.header.place_of_service = "11";
  for (const char* d : {"E11.42", "I10", "N18.31", "Z79.4", "E78.5"}) c.claim.coding.diagnoses.push_back({d});
  const char* codes[] = {"99214", "83036", "82947", "80053", "36415", "93000", "G0439", "81003"};
  for (int i = 0; i < lines; ++i) {
    ServiceLine s;
    s.code = codes[i % 8];
    s.charge = i == 0 ? "185.00" : "42.5";
    s.units = i == 1 ? 2 : 1;
    s.pointers = {1 + i % 5};
    if (i == 0) s.pointers = {1, 3, 2}, s.modifiers = {"25", "gt"};
    if (i == 1) s.date_of_service = "08/02/2024";
    c.claim.coding.services.push_back(s);
  }
  c.billing.name = "Riverside Family Medicine";
  c.billing.npi = "1234567893";
  c.billing.tin = "12-3456789";
  c.billing.address = {"1200 Main Street", "Suite 4", "Springfield", "IL", "627041234"};
  c.billing.contact_phone = "(217) 555-0142";
  c.rendering = {"Smith", "John", "1093817465", "207Q00000X"};
  c.payer = {"Medicare Part B", "00430", "MB", {"PO Box 6000", "", "Mechanicsburg", "PA", "17055"}};
  c.patient.last_name = "Doe";
  c.patient.first_name = "Jane";
  c.patient.birth_date = "1950-03-07";
  c.patient.sex = PatientSex::kFemale;
  c.patient.address = {"42 Elm Street", "", "Springfield", "IL", "62704"};
  c.patient.member_id = "1EG4TE5MK73";
  c.frequency_code = "7";
  c.original_claim_number = "2024123456789";
  c.prior_authorization = "PA998877";
  c.total_charge = lines == 2 ? "227.50" : "";
  return c;
}

}  // namespace medcode::test
