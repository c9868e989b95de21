// encounter_coding.cpp: the codes of one encounter and their JSON form (see encounter_coding.h).
#include "engine/encounter_coding.h"

#include <algorithm>

#include "engine/json_fields.h"

namespace medcode::engine {

namespace jf = json_fields;
using nlohmann::json;

int EncounterCoding::FindDiagnosis(std::string_view code) const {
  for (size_t i = 0; i < diagnoses.size(); ++i) {
    if (diagnoses[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

Status EncounterCoding::AddDiagnosis(const std::string& code) {
  if (const int at = FindDiagnosis(code); at >= 0) {
    return MakeError(ErrorCode::kInvalidArgument, code + " is already diagnosis " + std::to_string(at + 1) + ".");
  }
  if (diagnoses.size() >= kMaxDiagnoses) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "A claim holds at most 12 diagnoses; remove one before adding " + code + ".");
  }
  diagnoses.push_back({code});
  return Status::Ok();
}

void EncounterCoding::AddService(const std::string& code) {
  ServiceLine line;
  line.code = code;
  if (!diagnoses.empty()) line.pointers = {1};
  services.push_back(std::move(line));
}

Status EncounterCoding::AddModifier(size_t line, const std::string& modifier) {
  if (line >= services.size()) return MakeError(ErrorCode::kNotFound, "There is no service line to add it to.");
  ServiceLine& s = services[line];
  if (std::find(s.modifiers.begin(), s.modifiers.end(), modifier) != s.modifiers.end()) {
    return MakeError(ErrorCode::kInvalidArgument, "Modifier " + modifier + " is already on " + s.code + ".");
  }
  if (s.modifiers.size() >= ServiceLine::kMaxModifiers) {
    return MakeError(ErrorCode::kInvalidArgument, s.code + " already has 4 modifiers, the most a line can carry.");
  }
  s.modifiers.push_back(modifier);
  return Status::Ok();
}

void EncounterCoding::RemoveDiagnosis(size_t index) {
  if (index >= diagnoses.size()) return;
  diagnoses.erase(diagnoses.begin() + static_cast<std::ptrdiff_t>(index));
  const int removed = static_cast<int>(index) + 1;
  for (auto& s : services) {
    s.pointers.erase(std::remove(s.pointers.begin(), s.pointers.end(), removed), s.pointers.end());
    for (int& p : s.pointers) {
      if (p > removed) --p;
    }
  }
}

size_t EncounterCoding::MoveDiagnosis(size_t index, int delta) {
  if (index >= diagnoses.size()) return index;
  const size_t to = static_cast<size_t>(
      std::clamp<long>(static_cast<long>(index) + delta, 0, static_cast<long>(diagnoses.size()) - 1));
  if (to == index) return index;
  // Old 1-based position -> new one, for the pointers.
  std::vector<int> order(diagnoses.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  const int moved = order[index];
  order.erase(order.begin() + static_cast<std::ptrdiff_t>(index));
  order.insert(order.begin() + static_cast<std::ptrdiff_t>(to), moved);
  std::vector<int> new_position(diagnoses.size());
  std::vector<CodedDiagnosis> reordered;
  for (size_t i = 0; i < order.size(); ++i) {
    new_position[static_cast<size_t>(order[i])] = static_cast<int>(i) + 1;
    reordered.push_back(std::move(diagnoses[static_cast<size_t>(order[i])]));
  }
  diagnoses = std::move(reordered);
  for (auto& s : services) {
    for (int& p : s.pointers) {
      if (p >= 1 && p <= static_cast<int>(new_position.size())) p = new_position[static_cast<size_t>(p - 1)];
    }
  }
  return to;
}

void EncounterCoding::RemoveService(size_t index) {
  if (index < services.size()) services.erase(services.begin() + static_cast<std::ptrdiff_t>(index));
}

bool EncounterCoding::operator==(const EncounterCoding& o) const {
  if (diagnoses.size() != o.diagnoses.size() || services.size() != o.services.size()) return false;
  for (size_t i = 0; i < diagnoses.size(); ++i) {
    if (diagnoses[i].code != o.diagnoses[i].code) return false;
  }
  for (size_t i = 0; i < services.size(); ++i) {
    const ServiceLine &a = services[i], &b = o.services[i];
    if (a.code != b.code || a.modifiers != b.modifiers || a.units != b.units || a.charge != b.charge ||
        a.pointers != b.pointers || a.date_of_service != b.date_of_service) {
      return false;
    }
  }
  return attestations == o.attestations;
}

const Attestation* EncounterCoding::FindAttestation(std::string_view rule, std::string_view subject) const {
  for (const auto& a : attestations) {
    if (a.rule == rule && a.subject == subject) return &a;
  }
  return nullptr;
}

std::string EncounterCodingToJson(const EncounterCoding& coding) {
  json out = json::object();
  jf::WriteCoding(coding, out);
  return out.dump();
}

Result<EncounterCoding> EncounterCodingFromJson(std::string_view text, const std::string& where) {
  EncounterCoding coding;
  if (text.empty()) return coding;
  auto root = jf::Parse(text, "coding", where);
  if (!root.ok()) return root.error();
  if (!root->is_object()) return jf::FieldError(where, "coding", "expected an object");
  if (Status s = jf::ReadCoding(*root, where, coding); !s.ok()) return s.error();
  return coding;
}

namespace json_fields {

namespace {

// Records where the first syntax error is (nlohmann built without exceptions reports it only through SAX).
struct ErrorPosition : nlohmann::json_sax<json> {
  size_t position = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception&) override {
    position = at;
    return false;
  }
};

}  // namespace

Result<json> Parse(std::string_view text, const std::string& what, const std::string& where) {
  json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!root.is_discarded()) return root;
  ErrorPosition error;
  json::sax_parse(text.begin(), text.end(), &error);
  // nlohmann counts the position from 1: the offending byte is at position - 1 (the end when the text stops short).
  const size_t at = std::min(error.position > 0 ? error.position - 1 : 0, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  std::string near(text.substr(at, std::min<size_t>(20, text.find('\n', at) - at)));
  return MakeError(ErrorCode::kParse,
                   what + ": not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                       (at >= text.size() ? std::string(" (the text ends too early)") : " near '" + near + "'"),
                   where);
}

Status ReadString(const json& object, const char* key, const std::string& prefix, const std::string& where,
                  std::string& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return FieldError(where, Join(prefix, key), "expected a string");
  out = it->get<std::string>();
  return Status::Ok();
}

Status ReadInt(const json& object, const char* key, const std::string& prefix, const std::string& where, int& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::Ok();
  if (!it->is_number_integer()) return FieldError(where, Join(prefix, key), "expected a whole number");
  const int64_t v = it->get<int64_t>();
  if (v < -1000000000 || v > 1000000000) return FieldError(where, Join(prefix, key), "number out of range");
  out = static_cast<int>(v);
  return Status::Ok();
}

Result<const json*> ReadObject(const json& object, const char* key, const std::string& prefix,
                               const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_object()) return FieldError(where, Join(prefix, key), "expected an object");
  return &*it;
}

Status ReadCoding(const json& root, const std::string& where, EncounterCoding& coding) {
  if (auto it = root.find("diagnoses"); it != root.end() && !it->is_null()) {
    if (!it->is_array()) return FieldError(where, "diagnoses", "expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& d = (*it)[i];
      const std::string field = "diagnoses[" + std::to_string(i) + "]";
      if (!d.is_object()) return FieldError(where, field, "expected an object");
      CodedDiagnosis dx;
      if (Status s = ReadString(d, "code", field, where, dx.code); !s.ok()) return s;
      if (dx.code.empty()) return FieldError(where, field + ".code", "missing");
      coding.diagnoses.push_back(std::move(dx));
    }
  }
  if (auto it = root.find("services"); it != root.end() && !it->is_null()) {
    if (!it->is_array()) return FieldError(where, "services", "expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& s = (*it)[i];
      const std::string field = "services[" + std::to_string(i) + "]";
      if (!s.is_object()) return FieldError(where, field, "expected an object");
      ServiceLine line;
      if (Status st = ReadString(s, "code", field, where, line.code); !st.ok()) return st;
      if (line.code.empty()) return FieldError(where, field + ".code", "missing");
      if (Status st = ReadString(s, "charge", field, where, line.charge); !st.ok()) return st;
      if (Status st = ReadString(s, "date_of_service", field, where, line.date_of_service); !st.ok()) return st;
      if (Status st = ReadInt(s, "units", field, where, line.units); !st.ok()) return st;
      if (auto m = s.find("modifiers"); m != s.end() && !m->is_null()) {
        if (!m->is_array()) return FieldError(where, field + ".modifiers", "expected an array of strings");
        for (const json& v : *m) {
          if (!v.is_string()) return FieldError(where, field + ".modifiers", "expected an array of strings");
          line.modifiers.push_back(v.get<std::string>());
        }
      }
      if (auto p = s.find("pointers"); p != s.end() && !p->is_null()) {
        if (!p->is_array()) return FieldError(where, field + ".pointers", "expected an array of numbers");
        for (const json& v : *p) {
          if (!v.is_number_integer()) return FieldError(where, field + ".pointers", "expected an array of numbers");
          const int64_t n = v.get<int64_t>();
          line.pointers.push_back(n < -1000 || n > 1000 ? -1 : static_cast<int>(n));
        }
      }
      coding.services.push_back(std::move(line));
    }
  }
  if (auto it = root.find("attestations"); it != root.end() && !it->is_null()) {
    if (!it->is_array()) return FieldError(where, "attestations", "expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& a = (*it)[i];
      const std::string field = "attestations[" + std::to_string(i) + "]";
      if (!a.is_object()) return FieldError(where, field, "expected an object");
      Attestation att;
      for (auto [key, out] : {std::pair{"rule", &att.rule}, {"subject", &att.subject}, {"by", &att.by}, {"at", &att.at}}) {
        if (Status st = ReadString(a, key, field, where, *out); !st.ok()) return st;
      }
      if (att.rule.empty()) return FieldError(where, field + ".rule", "missing");
      if (att.subject.empty()) return FieldError(where, field + ".subject", "missing");
      coding.attestations.push_back(std::move(att));
    }
  }
  return Status::Ok();
}

void WriteCoding(const EncounterCoding& coding, json& out) {
  json diagnoses = json::array();
  for (const auto& d : coding.diagnoses) diagnoses.push_back({{"code", d.code}});
  json services = json::array();
  for (const auto& s : coding.services) {
    json line = {{"code", s.code},
                 {"modifiers", s.modifiers},
                 {"units", s.units},
                 {"charge", s.charge},
                 {"pointers", s.pointers}};
    if (!s.date_of_service.empty()) line["date_of_service"] = s.date_of_service;
    services.push_back(std::move(line));
  }
  out["diagnoses"] = std::move(diagnoses);
  out["services"] = std::move(services);
  if (!coding.attestations.empty()) {
    json attestations = json::array();
    for (const auto& a : coding.attestations) {
      attestations.push_back({{"rule", a.rule}, {"subject", a.subject}, {"by", a.by}, {"at", a.at}});
    }
    out["attestations"] = std::move(attestations);
  }
}

}  // namespace json_fields

}  // namespace medcode::engine
