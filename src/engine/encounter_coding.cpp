// encounter_coding.cpp: the codes of one encounter and their JSON form (see encounter_coding.h).
#include "engine/encounter_coding.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace medcode::engine {

namespace {

using nlohmann::json;

Error FieldError(const std::string& where, const std::string& field, const std::string& what) {
  return MakeError(ErrorCode::kParse, field + ": " + what, where);
}

// Reads a string field when present. The engine is built without exceptions: every type is checked before get().
Status ReadString(const json& object, const char* key, const std::string& field, const std::string& where,
                  std::string& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return FieldError(where, field + "." + key, "expected a string");
  out = it->get<std::string>();
  return Status::Ok();
}

}  // namespace

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
        a.pointers != b.pointers) {
      return false;
    }
  }
  return true;
}

std::string EncounterCodingToJson(const EncounterCoding& coding) {
  json out = json::object();
  json diagnoses = json::array();
  for (const auto& d : coding.diagnoses) diagnoses.push_back({{"code", d.code}});
  json services = json::array();
  for (const auto& s : coding.services) {
    services.push_back({{"code", s.code},
                        {"modifiers", s.modifiers},
                        {"units", s.units},
                        {"charge", s.charge},
                        {"pointers", s.pointers}});
  }
  out["diagnoses"] = std::move(diagnoses);
  out["services"] = std::move(services);
  return out.dump();
}

Result<EncounterCoding> EncounterCodingFromJson(std::string_view text, const std::string& where) {
  EncounterCoding coding;
  if (text.empty()) return coding;
  const json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return MakeError(ErrorCode::kParse, "coding: not valid JSON", where);
  if (!root.is_object()) return FieldError(where, "coding", "expected an object");

  if (auto it = root.find("diagnoses"); it != root.end() && !it->is_null()) {
    if (!it->is_array()) return FieldError(where, "diagnoses", "expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& d = (*it)[i];
      const std::string field = "diagnoses[" + std::to_string(i) + "]";
      if (!d.is_object()) return FieldError(where, field, "expected an object");
      CodedDiagnosis dx;
      if (Status s = ReadString(d, "code", field, where, dx.code); !s.ok()) return s.error();
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
      if (Status st = ReadString(s, "code", field, where, line.code); !st.ok()) return st.error();
      if (line.code.empty()) return FieldError(where, field + ".code", "missing");
      if (Status st = ReadString(s, "charge", field, where, line.charge); !st.ok()) return st.error();
      if (auto u = s.find("units"); u != s.end() && !u->is_null()) {
        if (!u->is_number_integer()) return FieldError(where, field + ".units", "expected a whole number");
        line.units = u->get<int>();
      }
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
          line.pointers.push_back(v.get<int>());
        }
      }
      coding.services.push_back(std::move(line));
    }
  }
  return coding;
}

}  // namespace medcode::engine
