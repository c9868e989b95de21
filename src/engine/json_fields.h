// json_fields.h: reading and writing the engine's JSON documents (encounter coding, claims) with nlohmann/json built
// without exceptions: every value's type is checked before get(), and a wrong one becomes an Error naming the field
// ("services[1].units: expected a whole number") and where the document came from. Internal to the engine.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/encounter_coding.h"
#include "engine/result.h"

namespace medcode::engine::json_fields {

using nlohmann::json;

inline Error FieldError(const std::string& where, const std::string& field, const std::string& what) {
  return MakeError(ErrorCode::kParse, field + ": " + what, where);
}

// "a.b" for a field inside an object, "b" at the top.
inline std::string Join(const std::string& prefix, const char* key) { return prefix.empty() ? key : prefix + "." + key; }

// Parses `text`: the root, or a kParse error "<what>: not valid JSON" (with the byte offset of the problem).
Result<json> Parse(std::string_view text, const std::string& what, const std::string& where);

// A string field when present (null or absent leaves `out` as it is).
Status ReadString(const json& object, const char* key, const std::string& prefix, const std::string& where,
                  std::string& out);
// A whole-number field when present.
Status ReadInt(const json& object, const char* key, const std::string& prefix, const std::string& where, int& out);
// An object field when present: nullptr when absent or null, an error when it is not an object.
Result<const json*> ReadObject(const json& object, const char* key, const std::string& prefix,
                               const std::string& where);

// The coding keys ("diagnoses", "services", "attestations") of `root` into `out`, and back.
Status ReadCoding(const json& root, const std::string& where, EncounterCoding& out);
void WriteCoding(const EncounterCoding& coding, json& out);

}  // namespace medcode::engine::json_fields
