// claim.cpp: the claim model's JSON form and the NPI check (see claim.h).
#include "engine/claim.h"

#include "engine/json_fields.h"

namespace medcode::engine {

namespace {

namespace jf = json_fields;
using nlohmann::json;

constexpr std::pair<ClaimType, const char*> kClaimTypes[] = {
    {ClaimType::kProfessional, "professional"},
    {ClaimType::kOutpatientHospital, "outpatient_hospital"},
    {ClaimType::kDmeSupplier, "dme_supplier"},
};

json ProviderJson(const ClaimProvider& p) { return {{"npi", p.npi}, {"taxonomy", p.taxonomy}}; }

Status ReadProvider(const json& root, const char* key, const std::string& where, ClaimProvider& out) {
  auto object = jf::ReadObject(root, key, "", where);
  if (!object.ok()) return object.error();
  if (!*object) return Status::Ok();
  if (Status s = jf::ReadString(**object, "npi", key, where, out.npi); !s.ok()) return s;
  return jf::ReadString(**object, "taxonomy", key, where, out.taxonomy);
}

void WriteHeader(const ClaimHeader& h, json& out) {
  out["claim_type"] = ClaimTypeName(h.type);
  json patient = {{"sex", PatientSexCode(h.patient_sex)}};
  if (h.patient_age) patient["age"] = *h.patient_age;
  out["patient"] = std::move(patient);
  out["billing_provider"] = ProviderJson(h.billing);
  if (!h.rendering.empty()) out["rendering_provider"] = ProviderJson(h.rendering);
  out["payer"] = {{"id", h.payer.id}, {"name", h.payer.name}};
  out["place_of_service"] = h.place_of_service;
}

Status ReadHeader(const json& root, const std::string& where, ClaimHeader& h) {
  std::string type;
  if (Status s = jf::ReadString(root, "claim_type", "", where, type); !s.ok()) return s;
  if (!type.empty()) {
    bool known = false;
    for (const auto& [value, name] : kClaimTypes) {
      if (type == name) h.type = value, known = true;
    }
    if (!known) {
      return jf::FieldError(where, "claim_type",
                            "\"" + type + "\" is not a claim type (professional, outpatient_hospital, dme_supplier)");
    }
  }
  auto patient = jf::ReadObject(root, "patient", "", where);
  if (!patient.ok()) return patient.error();
  if (*patient) {
    const json& p = **patient;
    if (auto it = p.find("age"); it != p.end() && !it->is_null()) {
      int age = 0;
      if (Status s = jf::ReadInt(p, "age", "patient", where, age); !s.ok()) return s;
      if (age < 0 || age > 130) return jf::FieldError(where, "patient.age", "must be 0-130 years");
      h.patient_age = age;
    }
    std::string sex;
    if (Status s = jf::ReadString(p, "sex", "patient", where, sex); !s.ok()) return s;
    if (sex == "F" || sex == "f") {
      h.patient_sex = PatientSex::kFemale;
    } else if (sex == "M" || sex == "m") {
      h.patient_sex = PatientSex::kMale;
    } else if (sex.empty() || sex == "U" || sex == "u") {
      h.patient_sex = PatientSex::kUnknown;
    } else {
      return jf::FieldError(where, "patient.sex", "\"" + sex + "\" is not F, M or U");
    }
  }
  if (Status s = ReadProvider(root, "billing_provider", where, h.billing); !s.ok()) return s;
  if (Status s = ReadProvider(root, "rendering_provider", where, h.rendering); !s.ok()) return s;
  auto payer = jf::ReadObject(root, "payer", "", where);
  if (!payer.ok()) return payer.error();
  if (*payer) {
    if (Status s = jf::ReadString(**payer, "id", "payer", where, h.payer.id); !s.ok()) return s;
    if (Status s = jf::ReadString(**payer, "name", "payer", where, h.payer.name); !s.ok()) return s;
  }
  // A POS typed as a number (11) is taken as its digits.
  if (auto it = root.find("place_of_service"); it != root.end() && it->is_number_integer()) {
    const int64_t v = it->get<int64_t>();
    if (v < 0 || v > 99) return jf::FieldError(where, "place_of_service", "expected two digits");
    h.place_of_service = (v < 10 ? "0" : "") + std::to_string(v);
  } else if (Status s = jf::ReadString(root, "place_of_service", "", where, h.place_of_service); !s.ok()) {
    return s;
  }
  return Status::Ok();
}

Result<Claim> ReadClaim(const json& root, const std::string& where) {
  if (!root.is_object()) return jf::FieldError(where, "claim", "expected an object");
  Claim claim;
  if (auto it = root.find("id"); it != root.end() && it->is_number_integer()) {
    claim.id = std::to_string(it->get<int64_t>());
  } else if (Status s = jf::ReadString(root, "id", "", where, claim.id); !s.ok()) {
    return s.error();
  }
  if (Status s = jf::ReadString(root, "date_of_service", "", where, claim.date_of_service); !s.ok()) return s.error();
  if (Status s = ReadHeader(root, where, claim.header); !s.ok()) return s.error();
  if (Status s = jf::ReadCoding(root, where, claim.coding); !s.ok()) return s.error();
  return claim;
}

}  // namespace

const char* ClaimTypeName(ClaimType type) {
  for (const auto& [value, name] : kClaimTypes) {
    if (value == type) return name;
  }
  return "professional";
}

const char* PatientSexCode(PatientSex sex) {
  return sex == PatientSex::kFemale ? "F" : sex == PatientSex::kMale ? "M" : "U";
}

bool ClaimHeader::operator==(const ClaimHeader& o) const {
  return type == o.type && patient_age == o.patient_age && patient_sex == o.patient_sex &&
         billing.npi == o.billing.npi && billing.taxonomy == o.billing.taxonomy && rendering.npi == o.rendering.npi &&
         rendering.taxonomy == o.rendering.taxonomy && payer.id == o.payer.id && payer.name == o.payer.name &&
         place_of_service == o.place_of_service;
}

std::string ClaimHeaderToJson(const ClaimHeader& header) {
  json out = json::object();
  WriteHeader(header, out);
  return out.dump();
}

Result<ClaimHeader> ClaimHeaderFromJson(std::string_view text, const std::string& where) {
  ClaimHeader header;
  if (text.empty()) return header;
  auto root = jf::Parse(text, "claim", where);
  if (!root.ok()) return root.error();
  if (!root->is_object()) return jf::FieldError(where, "claim", "expected an object");
  if (Status s = ReadHeader(*root, where, header); !s.ok()) return s.error();
  return header;
}

std::string ClaimToJson(const Claim& claim) {
  json out = json::object();
  out["id"] = claim.id;
  out["date_of_service"] = claim.date_of_service;
  WriteHeader(claim.header, out);
  jf::WriteCoding(claim.coding, out);
  return out.dump();
}

Result<Claim> ClaimFromJson(std::string_view text, const std::string& where) {
  auto root = jf::Parse(text, "claim", where);
  if (!root.ok()) return root.error();
  return ReadClaim(*root, where);
}

Result<std::vector<Claim>> ClaimsFromJson(std::string_view text, const std::string& where) {
  auto root = jf::Parse(text, "claims", where);
  if (!root.ok()) return root.error();
  const json* list = &*root;
  if (root->is_object()) {
    if (auto it = root->find("claims"); it != root->end()) {
      if (!it->is_array()) return jf::FieldError(where, "claims", "expected an array of claims");
      list = &*it;
    }
  }
  std::vector<Claim> claims;
  if (!list->is_array()) {
    if (!list->is_object()) return jf::FieldError(where, "claims", "expected a claim object or an array of claims");
    auto one = ReadClaim(*list, where.empty() ? "claim 1" : where + ", claim 1");
    if (!one.ok()) return one.error();
    claims.push_back(std::move(one).value());
    return claims;
  }
  claims.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    std::string at = (where.empty() ? "" : where + ", ") + "claim " + std::to_string(i + 1);
    const json& c = (*list)[i];
    if (c.is_object()) {
      if (auto id = c.find("id"); id != c.end() && id->is_string()) at += " (id " + id->get<std::string>() + ")";
    }
    auto claim = ReadClaim(c, at);
    if (!claim.ok()) return claim.error();
    claims.push_back(std::move(claim).value());
  }
  return claims;
}

Status CheckNpi(std::string_view npi) {
  if (npi.size() != 10) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "NPI \"" + std::string(npi) + "\" has " + std::to_string(npi.size()) + " characters; an NPI has 10 digits");
  }
  for (char c : npi) {
    if (c < '0' || c > '9') {
      return MakeError(ErrorCode::kInvalidArgument, "NPI \"" + std::string(npi) + "\" has a character that is not a digit");
    }
  }
  if (npi[0] != '1' && npi[0] != '2') {
    return MakeError(ErrorCode::kInvalidArgument, "NPI \"" + std::string(npi) + "\" must start with 1 or 2");
  }
  // Luhn over "80840" + the first nine digits, doubling every second digit from the right of that 14-digit string
  // (the check digit would be the 15th): the NPI's own digits 9, 7, 5, 3, 1 (1-based) are doubled; "80840" adds 24.
  int sum = 24;
  for (int i = 0; i < 9; ++i) {
    int d = npi[static_cast<size_t>(i)] - '0';
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  const int check = (10 - sum % 10) % 10;
  if (check != npi[9] - '0') {
    return MakeError(ErrorCode::kInvalidArgument, "NPI \"" + std::string(npi) + "\" fails its check digit (expected " +
                                                      std::to_string(check) + " last): a digit is mistyped");
  }
  return Status::Ok();
}

}  // namespace medcode::engine
