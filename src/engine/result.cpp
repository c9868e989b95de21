// result.cpp: names of the engine's error kinds and the one way errors are printed.
#include "engine/result.h"

namespace medcode::engine {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kParse: return "parse";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kBinaryFile: return "binary_file";
    case ErrorCode::kDatabase: return "database";
    case ErrorCode::kCorruptDatabase: return "corrupt_database";
    case ErrorCode::kSchemaTooNew: return "schema_too_new";
  }
  return "unknown";
}

std::string Error::ToString() const {
  if (where.empty()) return message;
  return message + " (" + where + ")";
}

}  // namespace medcode::engine
