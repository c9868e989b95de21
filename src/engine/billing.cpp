// billing.cpp: practice settings and patient JSON, their checks, and the claim builder that joins an encounter's
// claim with them into a BillingClaim (see billing.h). Field paths in problems are JSON paths, 0-based like the
// scrubber's ("claim.services[1].charge"); messages count lines from 1 as billers do.
#include "engine/billing.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/date.h"
#include "engine/json_fields.h"

namespace medcode::engine {

namespace {

namespace jf = json_fields;
using nlohmann::json;

// USPS two-letter codes: the states, DC, the territories and the military "states".
constexpr const char* kUspsStates[] = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
    "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI", "UM",
    "FM", "MH", "PW", "AA", "AE", "AP"};

// SBR09 claim filing indicator codes of the 005010X222A1 guide.
constexpr const char* kFilingIndicators[] = {"11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS",
                                             "FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"};

// PAT01 / SBR02 individual relationship codes the 837P allows for a patient who is not the subscriber.
constexpr const char* kRelationships[] = {"01", "19", "20", "21", "39", "40", "53", "G8"};

// Field lengths of the 837P elements the values go to (NM103, NM104, N301, N401, NM109, CLM01).
constexpr size_t kMaxLastName = 60;
constexpr size_t kMaxFirstName = 35;
constexpr size_t kMaxAddressLine = 55;
constexpr size_t kMaxCity = 30;
constexpr size_t kMaxId = 80;
constexpr size_t kMaxClaimId = 38;
constexpr size_t kMaxServiceLines = 50;  // 2400 loop repeat of the 837P

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

bool Contains(const auto& list, std::string_view value) {
  return std::any_of(std::begin(list), std::end(list), [&](const char* v) { return value == v; });
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Collects problems under a path prefix ("practice.billing").
class Problems {
 public:
  explicit Problems(std::vector<BillingProblem>& out) : m_out(out) {}
  void Add(std::string field, std::string message) { m_out.push_back({std::move(field), std::move(message)}); }
  // A required text: missing, or longer than the 837P takes.
  bool Required(const std::string& field, std::string_view value, std::string_view what, size_t max_length) {
    if (Blank(value)) {
      Add(field, std::string(what) + " is missing: enter it.");
      return false;
    }
    return Length(field, value, what, max_length);
  }
  bool Length(const std::string& field, std::string_view value, std::string_view what, size_t max_length) {
    if (value.size() > max_length) {
      Add(field, std::string(what) + " is " + std::to_string(value.size()) + " characters; the 837P takes at most " +
                     std::to_string(max_length) + ": shorten it.");
      return false;
    }
    return true;
  }
  void Npi(const std::string& field, std::string_view npi, std::string_view whose) {
    if (npi.empty()) {
      Add(field, std::string(whose) + " NPI is missing: enter the 10-digit NPI.");
    } else if (Status s = CheckNpi(npi); !s.ok()) {
      Add(field, std::string(whose) + " " + s.error().message);
    }
  }
  void Taxonomy(const std::string& field, std::string_view taxonomy, std::string_view whose, bool required) {
    if (taxonomy.empty()) {
      if (required) Add(field, std::string(whose) + " taxonomy code is missing: enter the NUCC code, e.g. 207Q00000X.");
      return;
    }
    const bool ok = taxonomy.size() == 10 && taxonomy[9] == 'X' &&
                    std::all_of(taxonomy.begin(), taxonomy.end(), [](char c) {
                      return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
                    });
    if (!ok) {
      Add(field, std::string(whose) + " taxonomy " + Quote(taxonomy) +
                     " is not a NUCC taxonomy code (10 capital letters or digits ending in X, e.g. 207Q00000X).");
    }
  }
  // zip9: the 837P needs the 9-digit ZIP+4 (billing provider).
  void Address(const std::string& field, const PostalAddress& a, std::string_view whose, bool zip9) {
    Required(field + ".line1", a.line1, std::string(whose) + " street address", kMaxAddressLine);
    Length(field + ".line2", a.line2, std::string(whose) + " second address line", kMaxAddressLine);
    Required(field + ".city", a.city, std::string(whose) + " city", kMaxCity);
    if (a.state.empty()) {
      Add(field + ".state", std::string(whose) + " state is missing: enter its 2-letter USPS code.");
    } else if (!IsUspsState(a.state)) {
      Add(field + ".state", std::string(whose) + " state " + Quote(a.state) +
                                " is not a USPS state code: enter 2 capital letters such as NY.");
    }
    if (a.zip.empty()) {
      Add(field + ".zip", std::string(whose) + " ZIP code is missing: enter " +
                              (zip9 ? "the 9-digit ZIP+4." : "5 or 9 digits."));
    } else if (!AllDigits(a.zip) || (a.zip.size() != 5 && a.zip.size() != 9)) {
      Add(field + ".zip", std::string(whose) + " ZIP code " + Quote(a.zip) +
                              " must be 5 or 9 digits (ZIP+4 without the dash).");
    } else if (zip9 && a.zip.size() != 9) {
      Add(field + ".zip", std::string(whose) + " ZIP code " + Quote(a.zip) +
                              " has 5 digits; the 837P needs the billing provider's 9-digit ZIP+4.");
    }
  }
  // A date that must parse; returns it in ISO form ("" when bad or missing).
  std::string DateField(const std::string& field, std::string_view value, std::string_view what) {
    if (Blank(value)) {
      Add(field, std::string(what) + " is missing: enter it as " + kAcceptedDateFormats + ".");
      return {};
    }
    auto date = ParseDate(value);
    if (!date.ok()) {
      Add(field, std::string(what) + ": " + date.error().message);
      return {};
    }
    return ToIso(*date);
  }

 private:
  std::vector<BillingProblem>& m_out;
};

// ---- JSON ----------------------------------------------------------------------------------------------------

json AddressJson(const PostalAddress& a) {
  return {{"line1", a.line1}, {"line2", a.line2}, {"city", a.city}, {"state", a.state}, {"zip", a.zip}};
}

Status ReadStrings(const json& o, const std::string& prefix, const std::string& where,
                   std::initializer_list<std::pair<const char*, std::string*>> fields) {
  for (const auto& [key, out] : fields) {
    if (Status s = jf::ReadString(o, key, prefix, where, *out); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ReadAddress(const json& o, const char* key, const std::string& prefix, const std::string& where,
                   PostalAddress& a) {
  auto object = jf::ReadObject(o, key, prefix, where);
  if (!object.ok()) return object.error();
  if (!*object) return Status::Ok();
  const std::string path = jf::Join(prefix, key);
  return ReadStrings(**object, path, where,
                     {{"line1", &a.line1}, {"line2", &a.line2}, {"city", &a.city}, {"state", &a.state}, {"zip", &a.zip}});
}

Status ReadSex(const json& o, const char* key, const std::string& prefix, const std::string& where, PatientSex& sex) {
  std::string text;
  if (Status s = jf::ReadString(o, key, prefix, where, text); !s.ok()) return s;
  if (text == "F" || text == "f") {
    sex = PatientSex::kFemale;
  } else if (text == "M" || text == "m") {
    sex = PatientSex::kMale;
  } else if (text.empty() || text == "U" || text == "u") {
    sex = PatientSex::kUnknown;
  } else {
    return jf::FieldError(where, jf::Join(prefix, key), Quote(text) + " is not F, M or U");
  }
  return Status::Ok();
}

// An array field of objects: calls read(element, path) for each.
template <class F>
Status ReadArray(const json& o, const char* key, const std::string& prefix, const std::string& where, F read) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return Status::Ok();
  const std::string path = jf::Join(prefix, key);
  if (!it->is_array()) return jf::FieldError(where, path, "expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    if (!(*it)[i].is_object()) return jf::FieldError(where, at, "expected an object");
    if (Status s = read((*it)[i], at); !s.ok()) return s;
  }
  return Status::Ok();
}

json BillingProviderJson(const BillingProvider& b) {
  return {{"name", b.name},         {"first_name", b.first_name},       {"npi", b.npi},
          {"tin", b.tin},           {"taxonomy", b.taxonomy},           {"address", AddressJson(b.address)},
          {"contact_name", b.contact_name}, {"contact_phone", b.contact_phone}};
}

Status ReadBillingProvider(const json& o, const std::string& path, const std::string& where, BillingProvider& b) {
  if (Status s = ReadStrings(o, path, where,
                             {{"name", &b.name},
                              {"first_name", &b.first_name},
                              {"npi", &b.npi},
                              {"tin", &b.tin},
                              {"taxonomy", &b.taxonomy},
                              {"contact_name", &b.contact_name},
                              {"contact_phone", &b.contact_phone}});
      !s.ok()) {
    return s;
  }
  return ReadAddress(o, "address", path, where, b.address);
}

json RenderingJson(const RenderingProvider& r) {
  return {{"last_name", r.last_name}, {"first_name", r.first_name}, {"npi", r.npi}, {"taxonomy", r.taxonomy}};
}

Status ReadRendering(const json& o, const std::string& path, const std::string& where, RenderingProvider& r) {
  return ReadStrings(o, path, where,
                     {{"last_name", &r.last_name}, {"first_name", &r.first_name}, {"npi", &r.npi}, {"taxonomy", &r.taxonomy}});
}

json PayerJson(const PayerSettings& p) {
  return {{"name", p.name}, {"payer_id", p.payer_id}, {"filing_indicator", p.filing_indicator},
          {"address", AddressJson(p.address)}};
}

Status ReadPayer(const json& o, const std::string& path, const std::string& where, PayerSettings& p) {
  if (Status s = ReadStrings(o, path, where,
                             {{"name", &p.name}, {"payer_id", &p.payer_id}, {"filing_indicator", &p.filing_indicator}});
      !s.ok()) {
    return s;
  }
  return ReadAddress(o, "address", path, where, p.address);
}

json PracticeJson(const PracticeSettings& p) {
  json rendering = json::array();
  for (const auto& r : p.rendering) rendering.push_back(RenderingJson(r));
  json payers = json::array();
  for (const auto& payer : p.payers) payers.push_back(PayerJson(payer));
  return {{"billing", BillingProviderJson(p.billing)}, {"rendering", std::move(rendering)},
          {"payers", std::move(payers)},               {"submitter_id", p.submitter_id},
          {"receiver_id", p.receiver_id},              {"receiver_name", p.receiver_name},
          {"production", p.production}};
}

Status ReadPractice(const json& o, const std::string& where, PracticeSettings& p) {
  if (!o.is_object()) return jf::FieldError(where, "practice", "expected an object");
  auto billing = jf::ReadObject(o, "billing", "", where);
  if (!billing.ok()) return billing.error();
  if (*billing) {
    if (Status s = ReadBillingProvider(**billing, "billing", where, p.billing); !s.ok()) return s;
  }
  if (Status s = ReadArray(o, "rendering", "", where,
                           [&](const json& e, const std::string& at) {
                             RenderingProvider r;
                             Status st = ReadRendering(e, at, where, r);
                             p.rendering.push_back(std::move(r));
                             return st;
                           });
      !s.ok()) {
    return s;
  }
  if (Status s = ReadArray(o, "payers", "", where,
                           [&](const json& e, const std::string& at) {
                             PayerSettings payer;
                             Status st = ReadPayer(e, at, where, payer);
                             p.payers.push_back(std::move(payer));
                             return st;
                           });
      !s.ok()) {
    return s;
  }
  if (Status s = ReadStrings(o, "", where,
                             {{"submitter_id", &p.submitter_id},
                              {"receiver_id", &p.receiver_id},
                              {"receiver_name", &p.receiver_name}});
      !s.ok()) {
    return s;
  }
  if (auto it = o.find("production"); it != o.end() && !it->is_null()) {
    if (!it->is_boolean()) return jf::FieldError(where, "production", "expected true or false");
    p.production = it->get<bool>();
  }
  return Status::Ok();
}

json PatientJson(const PatientInfo& p) {
  return {{"last_name", p.last_name},
          {"first_name", p.first_name},
          {"birth_date", p.birth_date},
          {"sex", PatientSexCode(p.sex)},
          {"address", AddressJson(p.address)},
          {"member_id", p.member_id},
          {"relationship", p.relationship},
          {"subscriber_last_name", p.subscriber_last_name},
          {"subscriber_first_name", p.subscriber_first_name},
          {"subscriber_birth_date", p.subscriber_birth_date},
          {"subscriber_sex", PatientSexCode(p.subscriber_sex)},
          {"subscriber_address", AddressJson(p.subscriber_address)},
          {"group_number", p.group_number}};
}

Status ReadPatient(const json& o, const std::string& prefix, const std::string& where, PatientInfo& p) {
  if (!o.is_object()) return jf::FieldError(where, prefix.empty() ? "patient" : prefix, "expected an object");
  if (Status s = ReadStrings(o, prefix, where,
                             {{"last_name", &p.last_name},
                              {"first_name", &p.first_name},
                              {"birth_date", &p.birth_date},
                              {"member_id", &p.member_id},
                              {"relationship", &p.relationship},
                              {"subscriber_last_name", &p.subscriber_last_name},
                              {"subscriber_first_name", &p.subscriber_first_name},
                              {"subscriber_birth_date", &p.subscriber_birth_date},
                              {"group_number", &p.group_number}});
      !s.ok()) {
    return s;
  }
  if (Status s = ReadSex(o, "sex", prefix, where, p.sex); !s.ok()) return s;
  if (Status s = ReadSex(o, "subscriber_sex", prefix, where, p.subscriber_sex); !s.ok()) return s;
  if (Status s = ReadAddress(o, "address", prefix, where, p.address); !s.ok()) return s;
  return ReadAddress(o, "subscriber_address", prefix, where, p.subscriber_address);
}

json BillingClaimJsonValue(const BillingClaim& c) {
  json claim = json::parse(ClaimToJson(c.claim), nullptr, /*allow_exceptions=*/false);
  return {{"claim", std::move(claim)},
          {"billing", BillingProviderJson(c.billing)},
          {"rendering", RenderingJson(c.rendering)},
          {"payer", PayerJson(c.payer)},
          {"patient", PatientJson(c.patient)},
          {"frequency_code", c.frequency_code},
          {"original_claim_number", c.original_claim_number},
          {"prior_authorization", c.prior_authorization},
          {"total_charge", c.total_charge}};
}

Result<BillingClaim> ReadBillingClaim(const json& o, const std::string& where) {
  if (!o.is_object()) return jf::FieldError(where, "billing claim", "expected an object");
  BillingClaim c;
  auto claim = jf::ReadObject(o, "claim", "", where);
  if (!claim.ok()) return claim.error();
  if (*claim) {
    auto parsed = ClaimFromJson((*claim)->dump(), where + ", \"claim\"");
    if (!parsed.ok()) return parsed.error();
    c.claim = std::move(parsed).value();
  }
  auto billing = jf::ReadObject(o, "billing", "", where);
  if (!billing.ok()) return billing.error();
  if (*billing) {
    if (Status s = ReadBillingProvider(**billing, "billing", where, c.billing); !s.ok()) return s.error();
  }
  auto rendering = jf::ReadObject(o, "rendering", "", where);
  if (!rendering.ok()) return rendering.error();
  if (*rendering) {
    if (Status s = ReadRendering(**rendering, "rendering", where, c.rendering); !s.ok()) return s.error();
  }
  auto payer = jf::ReadObject(o, "payer", "", where);
  if (!payer.ok()) return payer.error();
  if (*payer) {
    if (Status s = ReadPayer(**payer, "payer", where, c.payer); !s.ok()) return s.error();
  }
  auto patient = jf::ReadObject(o, "patient", "", where);
  if (!patient.ok()) return patient.error();
  if (*patient) {
    if (Status s = ReadPatient(**patient, "patient", where, c.patient); !s.ok()) return s.error();
  }
  if (Status s = ReadStrings(o, "", where,
                             {{"frequency_code", &c.frequency_code},
                              {"original_claim_number", &c.original_claim_number},
                              {"prior_authorization", &c.prior_authorization},
                              {"total_charge", &c.total_charge}});
      !s.ok()) {
    return s.error();
  }
  return c;
}

std::string Iso(std::string_view date) {
  auto parsed = ParseDate(date);
  return parsed.ok() ? ToIso(*parsed) : std::string(date);
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// ---- Public helpers -------------------------------------------------------------------------------------------

bool IsUspsState(std::string_view state) { return Contains(kUspsStates, state); }

std::string DiagnosisWithoutDot(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != '.') out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string DiagnosisWithDot(std::string_view code) {
  std::string out = DiagnosisWithoutDot(code);
  if (out.size() > 3) out.insert(3, ".");
  return out;
}

// ---- Settings check -------------------------------------------------------------------------------------------

std::vector<BillingProblem> CheckPracticeSettings(const PracticeSettings& practice) {
  std::vector<BillingProblem> out;
  Problems p(out);
  const BillingProvider& b = practice.billing;
  p.Required("practice.billing.name", b.name,
             b.first_name.empty() ? "The billing provider's name" : "The billing provider's last name", kMaxLastName);
  p.Length("practice.billing.first_name", b.first_name, "The billing provider's first name", kMaxFirstName);
  p.Npi("practice.billing.npi", b.npi, "The billing provider's");
  if (b.tin.empty()) {
    p.Add("practice.billing.tin", "The billing provider's tax id (EIN) is missing: enter its 9 digits.");
  } else if (!AllDigits(b.tin) || b.tin.size() != 9) {
    p.Add("practice.billing.tin", "The billing provider's tax id " + Quote(b.tin) +
                                      " must be 9 digits (an EIN, without the dash).");
  }
  p.Taxonomy("practice.billing.taxonomy", b.taxonomy, "The billing provider's", /*required=*/true);
  p.Address("practice.billing.address", b.address, "The billing provider's", /*zip9=*/true);
  p.Required("practice.billing.contact_name", b.contact_name, "The submitter contact's name", kMaxLastName);
  if (b.contact_phone.empty()) {
    p.Add("practice.billing.contact_phone", "The submitter contact's phone is missing: enter 10 digits.");
  } else if (!AllDigits(b.contact_phone) || b.contact_phone.size() != 10) {
    p.Add("practice.billing.contact_phone", "The submitter contact's phone " + Quote(b.contact_phone) +
                                                " must be 10 digits without spaces or dashes (5551234567).");
  }
  for (size_t i = 0; i < practice.rendering.size(); ++i) {
    const RenderingProvider& r = practice.rendering[i];
    const std::string at = "practice.rendering[" + std::to_string(i) + "]";
    const std::string who = "Rendering provider " + std::to_string(i + 1) + "'s";
    p.Required(at + ".last_name", r.last_name, who + " last name", kMaxLastName);
    p.Required(at + ".first_name", r.first_name, who + " first name", kMaxFirstName);
    p.Npi(at + ".npi", r.npi, who);
    p.Taxonomy(at + ".taxonomy", r.taxonomy, who, /*required=*/false);
    for (size_t j = 0; j < i; ++j) {
      if (!r.npi.empty() && practice.rendering[j].npi == r.npi) {
        p.Add(at + ".npi", who + " NPI " + r.npi + " is also rendering provider " + std::to_string(j + 1) +
                               "'s: remove the duplicate.");
      }
    }
  }
  if (practice.payers.empty()) p.Add("practice.payers", "No payer is set up: add the payers you bill.");
  for (size_t i = 0; i < practice.payers.size(); ++i) {
    const PayerSettings& payer = practice.payers[i];
    const std::string at = "practice.payers[" + std::to_string(i) + "]";
    const std::string who = "Payer " + std::to_string(i + 1) + "'s";
    p.Required(at + ".name", payer.name, who + " name", kMaxLastName);
    p.Required(at + ".payer_id", payer.payer_id, who + " payer id", kMaxId);
    if (!Contains(kFilingIndicators, payer.filing_indicator)) {
      p.Add(at + ".filing_indicator", who + " claim filing indicator " + Quote(payer.filing_indicator) +
                                          " is not an 837P code: use MB (Medicare Part B), MC (Medicaid), CI "
                                          "(commercial), BL (Blue Cross), HM (HMO), 16 (Medicare Advantage HMO) ...");
    }
    const PostalAddress& a = payer.address;
    if (!(a.line1.empty() && a.line2.empty() && a.city.empty() && a.state.empty() && a.zip.empty())) {
      p.Address(at + ".address", a, who, /*zip9=*/false);
    }
    for (size_t j = 0; j < i; ++j) {
      if (!payer.payer_id.empty() && practice.payers[j].payer_id == payer.payer_id) {
        p.Add(at + ".payer_id", who + " payer id " + payer.payer_id + " is also payer " + std::to_string(j + 1) +
                                    "'s: a claim's payer is chosen by its id, so each id may appear once.");
      }
    }
  }
  p.Required("practice.submitter_id", practice.submitter_id, "The submitter id (your id with the clearinghouse)", 15);
  p.Required("practice.receiver_id", practice.receiver_id, "The receiver id (the clearinghouse's id)", 15);
  p.Required("practice.receiver_name", practice.receiver_name, "The receiver name (the clearinghouse)", kMaxLastName);
  return out;
}

// ---- The builder ----------------------------------------------------------------------------------------------

BuiltClaim BuildBillingClaim(const Claim& claim, const PracticeSettings& practice, const PatientInfo& patient) {
  BuiltClaim built;
  BillingClaim& out = built.claim;
  out.claim = claim;
  out.billing = practice.billing;
  out.patient = patient;
  built.problems = CheckPracticeSettings(practice);
  Problems p(built.problems);

  // The claim itself.
  p.Required("claim.id", claim.id, "The claim id (patient account number, CLM01)", kMaxClaimId);
  if (claim.header.type == ClaimType::kOutpatientHospital) {
    p.Add("claim.claim_type", "An outpatient hospital claim is billed on an 837I (UB-04), not an 837P: change the "
                              "claim type or bill it as an institutional claim.");
  }
  const std::string dos = p.DateField("claim.date_of_service", claim.date_of_service, "The date of service");
  if (!dos.empty()) out.claim.date_of_service = dos;
  const std::string& pos = claim.header.place_of_service;
  if (pos.empty()) {
    p.Add("claim.place_of_service", "The place of service is missing: enter its 2 digits (11 office).");
  } else if (pos.size() != 2 || !AllDigits(pos)) {
    p.Add("claim.place_of_service", "The place of service " + Quote(pos) + " must be 2 digits (11 office).");
  }

  // Billing provider: the practice's. An encounter that names another NPI is a mistake to fix, not to guess.
  if (!claim.header.billing.npi.empty() && claim.header.billing.npi != practice.billing.npi) {
    p.Add("claim.billing_provider.npi", "The claim's billing NPI " + claim.header.billing.npi +
                                            " is not the practice's (" + practice.billing.npi +
                                            "): correct the claim or the practice settings.");
  }
  out.claim.header.billing = {practice.billing.npi, practice.billing.taxonomy};

  // Payer.
  const std::string& payer_id = claim.header.payer.id;
  if (payer_id.empty()) {
    p.Add("claim.payer.id", "The claim has no payer: choose one of the practice's payers.");
  } else {
    auto it = std::find_if(practice.payers.begin(), practice.payers.end(),
                           [&](const PayerSettings& s) { return s.payer_id == payer_id; });
    if (it == practice.payers.end()) {
      std::string known;
      for (const auto& s : practice.payers) known += (known.empty() ? "" : ", ") + s.payer_id + " (" + s.name + ")";
      p.Add("claim.payer.id", "Payer id " + Quote(payer_id) + " is not one of the practice's payers" +
                                  (known.empty() ? std::string(": add it in the practice settings.")
                                                 : ": choose one of " + known + ", or add it in the practice settings."));
    } else {
      out.payer = *it;
      out.claim.header.payer = {it->payer_id, it->name};
    }
  }

  // Rendering provider: empty or the billing NPI means the billing provider rendered the services.
  const std::string& rendering_npi = claim.header.rendering.npi;
  if (!rendering_npi.empty() && rendering_npi != practice.billing.npi) {
    auto it = std::find_if(practice.rendering.begin(), practice.rendering.end(),
                           [&](const RenderingProvider& r) { return r.npi == rendering_npi; });
    if (it == practice.rendering.end()) {
      p.Add("claim.rendering_provider.npi", "Rendering NPI " + rendering_npi +
                                                " is not one of the practice's rendering providers: add the provider "
                                                "(name, NPI, taxonomy) in the practice settings or pick another.");
    } else {
      out.rendering = *it;
    }
  }
  out.claim.header.rendering = out.rendering.npi.empty() ? ClaimProvider{}
                                                         : ClaimProvider{out.rendering.npi, out.rendering.taxonomy};

  // Codes.
  const EncounterCoding& coding = claim.coding;
  if (coding.diagnoses.empty()) {
    p.Add("claim.diagnoses", "The claim has no diagnosis: add at least the primary diagnosis.");
  } else if (coding.diagnoses.size() > EncounterCoding::kMaxDiagnoses) {
    p.Add("claim.diagnoses", "The claim has " + std::to_string(coding.diagnoses.size()) +
                                 " diagnoses; an 837P claim carries at most 12: remove or split.");
  }
  if (coding.services.empty()) {
    p.Add("claim.services", "The claim has no service line: add the services rendered.");
  } else if (coding.services.size() > kMaxServiceLines) {
    p.Add("claim.services", "The claim has " + std::to_string(coding.services.size()) +
                                " service lines; an 837P claim carries at most 50: split it into two claims.");
  }
  int64_t total = 0;
  bool total_known = true;
  for (size_t i = 0; i < coding.services.size(); ++i) {
    const ServiceLine& line = coding.services[i];
    ServiceLine& line_out = out.claim.coding.services[i];
    const std::string at = "claim.services[" + std::to_string(i) + "]";
    const std::string which = "Line " + std::to_string(i + 1) + (line.code.empty() ? "" : " (" + line.code + ")");
    if (line.code.empty()) p.Add(at + ".code", which + " has no procedure code: enter the CPT or HCPCS code.");
    if (line.charge.empty()) {
      p.Add(at + ".charge", which + " has no charge: enter the amount billed, e.g. 125.00.");
      total_known = false;
    } else if (auto cents = ParseCents(line.charge); !cents) {
      p.Add(at + ".charge", which + " charge " + Quote(line.charge) +
                                " is not an amount: enter dollars and cents without $ or commas, e.g. 125.00.");
      total_known = false;
    } else if (*cents == 0) {
      p.Add(at + ".charge", which + " charge is 0.00: enter the amount billed.");
    } else {
      total += *cents;
      line_out.charge = FormatCents(*cents);
    }
    if (line.units < 1 || line.units > 9999) {
      p.Add(at + ".units", which + " has " + std::to_string(line.units) + " units: enter 1 to 9999.");
    }
    if (line.modifiers.size() > ServiceLine::kMaxModifiers) {
      p.Add(at + ".modifiers", which + " has " + std::to_string(line.modifiers.size()) +
                                   " modifiers; a line carries at most 4.");
    }
    for (size_t m = 0; m < line.modifiers.size(); ++m) {
      if (line.modifiers[m].size() != 2) {
        p.Add(at + ".modifiers[" + std::to_string(m) + "]",
              which + " modifier " + Quote(line.modifiers[m]) + " must be 2 characters.");
      }
    }
    if (coding.diagnoses.empty()) {
      // Reported once above ("no diagnosis"); pointers cannot be checked against nothing.
    } else if (line.pointers.empty()) {
      p.Add(at + ".pointers", which + " points at no diagnosis: point it at the diagnosis it treats.");
    } else if (line.pointers.size() > ServiceLine::kMaxPointers) {
      p.Add(at + ".pointers", which + " has " + std::to_string(line.pointers.size()) +
                                  " diagnosis pointers; a line carries at most 4.");
    }
    for (int pointer : line.pointers) {
      if (coding.diagnoses.empty()) break;
      if (pointer < 1 || pointer > static_cast<int>(std::min(coding.diagnoses.size(), EncounterCoding::kMaxDiagnoses))) {
        p.Add(at + ".pointers", which + " points at diagnosis " + std::to_string(pointer) + ", which the claim does not have.");
      }
    }
    if (!line.date_of_service.empty()) {
      const std::string d = p.DateField(at + ".date_of_service", line.date_of_service, which + " date of service");
      if (!d.empty()) line_out.date_of_service = d == dos ? std::string() : d;
    }
  }
  out.total_charge = total_known ? FormatCents(total) : std::string();

  // Patient.
  const PatientInfo& pt = patient;
  p.Required("patient.last_name", pt.last_name, "The patient's last name", kMaxLastName);
  p.Required("patient.first_name", pt.first_name, "The patient's first name", kMaxFirstName);
  const std::string birth = p.DateField("patient.birth_date", pt.birth_date, "The patient's birth date");
  if (!birth.empty()) {
    out.patient.birth_date = birth;
    if (!dos.empty()) {
      const int age = AgeOnDate(*ParseDate(birth), *ParseDate(dos));
      if (age < 0) {
        p.Add("patient.birth_date", "The patient's birth date " + birth + " is after the date of service " + dos + ".");
      } else {
        out.claim.header.patient_age = age;
      }
    }
  }
  if (pt.sex == PatientSex::kUnknown) p.Add("patient.sex", "The patient's sex is missing: choose F or M.");
  out.claim.header.patient_sex = pt.sex;
  p.Address("patient.address", pt.address, "The patient's", /*zip9=*/false);
  p.Required("patient.member_id", pt.member_id, "The subscriber's member id (from the insurance card)", kMaxId);
  if (pt.relationship != "18") {
    if (!Contains(kRelationships, pt.relationship)) {
      p.Add("patient.relationship", "Relationship " + Quote(pt.relationship) +
                                        " is not an 837P code: 18 self, 01 spouse, 19 child, 20 employee, 21 unknown, "
                                        "39 organ donor, 40 cadaver donor, 53 life partner, G8 other.");
    }
    p.Required("patient.subscriber_last_name", pt.subscriber_last_name, "The subscriber's last name", kMaxLastName);
    p.Required("patient.subscriber_first_name", pt.subscriber_first_name, "The subscriber's first name", kMaxFirstName);
    const std::string sub_birth =
        p.DateField("patient.subscriber_birth_date", pt.subscriber_birth_date, "The subscriber's birth date");
    if (!sub_birth.empty()) out.patient.subscriber_birth_date = sub_birth;
    if (pt.subscriber_sex == PatientSex::kUnknown) {
      p.Add("patient.subscriber_sex", "The subscriber's sex is missing: choose F or M.");
    }
    p.Address("patient.subscriber_address", pt.subscriber_address, "The subscriber's", /*zip9=*/false);
  }
  p.Length("patient.group_number", pt.group_number, "The group number", 50);
  return built;
}

// ---- JSON entry points ----------------------------------------------------------------------------------------

std::string PracticeSettingsToJson(const PracticeSettings& practice) { return PracticeJson(practice).dump(); }

Result<PracticeSettings> PracticeSettingsFromJson(std::string_view text, const std::string& where) {
  PracticeSettings practice;
  if (text.empty()) return practice;
  auto root = jf::Parse(text, "practice settings", where);
  if (!root.ok()) return root.error();
  if (Status s = ReadPractice(*root, where, practice); !s.ok()) return s.error();
  return practice;
}

std::string PatientInfoToJson(const PatientInfo& patient) { return PatientJson(patient).dump(); }

Result<PatientInfo> PatientInfoFromJson(std::string_view text, const std::string& where) {
  PatientInfo patient;
  if (text.empty()) return patient;
  auto root = jf::Parse(text, "patient", where);
  if (!root.ok()) return root.error();
  if (Status s = ReadPatient(*root, "", where, patient); !s.ok()) return s.error();
  return patient;
}

std::string BillingClaimToJson(const BillingClaim& claim) { return BillingClaimJsonValue(claim).dump(); }

Result<BillingClaim> BillingClaimFromJson(std::string_view text, const std::string& where) {
  auto root = jf::Parse(text, "billing claim", where);
  if (!root.ok()) return root.error();
  return ReadBillingClaim(*root, where);
}

Result<std::vector<BillingClaim>> BillingClaimsFromJson(std::string_view text, const std::string& where) {
  auto root = jf::Parse(text, "billing claims", where);
  if (!root.ok()) return root.error();
  const json* list = &*root;
  if (root->is_object()) {
    if (auto it = root->find("claims"); it != root->end()) {
      if (!it->is_array()) return jf::FieldError(where, "claims", "expected an array of billing claims");
      list = &*it;
    }
  }
  std::vector<BillingClaim> claims;
  if (!list->is_array()) {
    auto one = ReadBillingClaim(*list, where.empty() ? "claim 1" : where + ", claim 1");
    if (!one.ok()) return one.error();
    claims.push_back(std::move(one).value());
    return claims;
  }
  claims.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    auto claim = ReadBillingClaim((*list)[i], (where.empty() ? "" : where + ", ") + "claim " + std::to_string(i + 1));
    if (!claim.ok()) return claim.error();
    claims.push_back(std::move(claim).value());
  }
  return claims;
}

// ---- Canonical form -------------------------------------------------------------------------------------------

BillingClaim CanonicalBillingClaim(BillingClaim c) {
  c.billing.contact_name.clear();
  c.billing.contact_phone.clear();
  c.claim.coding.attestations.clear();
  ClaimHeader& h = c.claim.header;
  h.type = ClaimType::kProfessional;
  h.billing = {c.billing.npi, c.billing.taxonomy};
  h.rendering = c.rendering.npi.empty() ? ClaimProvider{} : ClaimProvider{c.rendering.npi, c.rendering.taxonomy};
  h.payer = {c.payer.payer_id, c.payer.name};
  h.patient_sex = c.patient.sex;
  c.patient.birth_date = Iso(c.patient.birth_date);
  if (c.patient.relationship == "18") {
    c.patient.subscriber_last_name.clear();
    c.patient.subscriber_first_name.clear();
    c.patient.subscriber_birth_date.clear();
    c.patient.subscriber_sex = PatientSex::kUnknown;
    c.patient.subscriber_address = {};
  } else {
    c.patient.subscriber_birth_date = Iso(c.patient.subscriber_birth_date);
  }
  for (auto& d : c.claim.coding.diagnoses) d.code = DiagnosisWithDot(d.code);
  // The claim's date is its earliest line date; lines keep their own only when it differs.
  const std::string claim_dos = Iso(c.claim.date_of_service);
  std::string earliest;
  for (auto& line : c.claim.coding.services) {
    line.date_of_service = line.date_of_service.empty() ? claim_dos : Iso(line.date_of_service);
    if (earliest.empty() || line.date_of_service < earliest) earliest = line.date_of_service;
    line.code = Upper(line.code);
    for (auto& m : line.modifiers) m = Upper(m);
    if (auto cents = ParseCents(line.charge)) line.charge = FormatCents(*cents);
  }
  c.claim.date_of_service = c.claim.coding.services.empty() ? claim_dos : earliest;
  for (auto& line : c.claim.coding.services) {
    if (line.date_of_service == c.claim.date_of_service) line.date_of_service.clear();
  }
  h.patient_age.reset();
  if (auto birth = ParseDate(c.patient.birth_date); birth.ok()) {
    if (auto dos = ParseDate(c.claim.date_of_service); dos.ok() && AgeOnDate(*birth, *dos) >= 0) {
      h.patient_age = AgeOnDate(*birth, *dos);
    }
  }
  if (auto cents = ParseCents(c.total_charge)) c.total_charge = FormatCents(*cents);
  return c;
}

}  // namespace medcode::engine
