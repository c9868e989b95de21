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
#include "engine/xml.h"

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

inline void Xml(std::string_view bytes) {
  engine::XmlReader reader(bytes, "input.xml");
  std::vector<std::string> open;  // the reader's element stack, kept here to check it
  size_t tokens = 0;
  for (;;) {
    auto token = reader.Next();
    if (!token.ok()) {
      const std::string& where = token.error().where;
      Require(where.rfind("input.xml:", 0) == 0, "an XML error names the file");
      const size_t colon = where.find(':', 10);
      Require(colon != std::string::npos && colon > 10 && colon + 1 < where.size(), "an XML error has line:column");
      Require(!token.error().message.empty(), "an XML error has a message");
      auto again = reader.Next();
      Require(!again.ok() && again.error().where == where, "an XML error is sticky");
      break;
    }
    Require(++tokens <= 2 * bytes.size() + 2, "the XML reader makes progress");
    Require(reader.line() >= 1 && reader.column() >= 1, "XML positions are 1-based");
    if (*token == engine::XmlToken::kEnd) {
      Require(open.empty(), "the XML document ends with every element closed");
      Require(reader.Next().ok(), "kEnd is sticky");
      break;
    }
    if (*token == engine::XmlToken::kStartElement) {
      Require(!reader.name().empty(), "an element has a name");
      Require(engine::IsValidUtf8(reader.name()), "an element name is UTF-8");
      for (const auto& a : reader.attributes()) Require(engine::IsValidUtf8(a.value), "attribute values are UTF-8");
      open.push_back(reader.name());
      Require(open.size() <= engine::kMaxXmlDepth, "XML nesting is limited");
    } else if (*token == engine::XmlToken::kEndElement) {
      Require(!open.empty() && open.back() == reader.name(), "end tags match start tags");
      open.pop_back();
    } else {
      Require(!open.empty(), "text is inside the root element");
      Require(engine::IsValidUtf8(reader.text()), "XML text is UTF-8");
      Require(reader.text().find('\r') == std::string::npos, "XML text has LF line ends");
    }
    Require(reader.depth() == open.size(), "depth() is the number of open elements");
  }
}

inline void All(std::string_view bytes) {
  DocumentText(bytes);
  Csv(bytes);
  Xml(bytes);
  Date(bytes.substr(0, 64));
}

}  // namespace medcode::fuzz
