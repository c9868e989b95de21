// targets.h: properties every parser of outside input must keep on ANY bytes: no crash, no hang, and either a
// well-formed result or an Error that says what and where. Used by the libFuzzer targets (tools/fuzz) and by the
// seeded random-input tests that run in CTest (tests/engine/robustness_test.cpp).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/csv.h"
#include "engine/date.h"
#include "engine/text.h"

namespace medcode::fuzz {

// A property that does not hold: print it and abort, so libFuzzer saves the input and CTest fails.
inline void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "property failed: %s\n", what);
    std::abort();
  }
}

inline void DocumentText(std::string_view bytes) {
  auto text = engine::DecodeDocumentText(bytes, "input.txt");
  if (text.ok()) {
    Require(engine::IsValidUtf8(*text), "decoded text is valid UTF-8");
    Require(text->find('\r') == std::string::npos, "decoded text has no CR");
    Require(text->find('\0') == std::string::npos, "decoded text has no NUL");
  } else {
    Require(!text.error().message.empty(), "a decode error has a message");
    Require(text.error().where == "input.txt", "a decode error names the file");
  }
  const std::string clean = engine::SanitizeUtf8(bytes);
  Require(engine::IsValidUtf8(clean), "SanitizeUtf8 gives valid UTF-8");
  if (engine::IsValidUtf8(bytes)) Require(clean == bytes, "SanitizeUtf8 keeps valid UTF-8 unchanged");
}

inline void Csv(std::string_view bytes) {
  for (char delimiter : {',', '\t'}) {
    engine::CsvReader reader(bytes, "input.csv", delimiter);
    std::vector<std::string_view> fields;
    size_t last_line = 0, records = 0;
    for (;;) {
      auto row = reader.Next(fields);
      if (!row.ok()) {
        Require(row.error().where.rfind("input.csv:", 0) == 0, "a CSV error names file and line");
        break;
      }
      if (!*row) break;
      Require(reader.line() > last_line, "CSV line numbers increase");
      Require(!fields.empty(), "a CSV record has at least one field");
      last_line = reader.line();
      Require(++records <= bytes.size() + 1, "the CSV reader makes progress");
    }
  }
}

inline void Date(std::string_view bytes) {
  auto date = engine::ParseDate(bytes);
  if (date.ok()) {
    auto again = engine::ParseDate(engine::ToIso(*date));
    Require(again.ok() && *again == *date, "a parsed date round-trips through ToIso");
  } else {
    Require(!date.error().message.empty(), "a date error has a message");
  }
}

inline void All(std::string_view bytes) {
  DocumentText(bytes);
  Csv(bytes);
  Date(bytes.substr(0, 64));
}

}  // namespace medcode::fuzz
