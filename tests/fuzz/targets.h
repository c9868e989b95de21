// targets.h: properties every parser of outside input must keep on ANY bytes: no crash, no hang, and either a
// well-formed result or an Error that says what and where. Used by the libFuzzer targets (tools/fuzz) and by the
// seeded random-input tests that run in CTest (tests/engine/robustness_test.cpp).
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/csv.h"
#include "engine/date.h"
#include "engine/text.h"
#include "engine/x12.h"
#include "engine/x12_validate.h"
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

// X12: the reader gives the same segments in place and through a source of small chunks (size taken from the input),
// and the validator ends with a result whose problems all have a rule, a message and a position inside the input.
inline void X12(std::string_view bytes) {
  auto in_place = engine::X12Reader::FromText(bytes, "input.x12");
  const size_t chunk = 1 + (bytes.empty() ? 0 : static_cast<unsigned char>(bytes.back()) % 16);
  auto at = std::make_shared<size_t>(0);
  engine::X12Reader chunked(
      [bytes, chunk, at](char* buffer, size_t capacity) -> int64_t {
        const size_t n = std::min({chunk, capacity, bytes.size() - *at});
        if (n > 0) std::memcpy(buffer, bytes.data() + *at, n);
        *at += n;
        return static_cast<int64_t>(n);
      },
      "input.x12");
  engine::X12Segment a, b;
  uint64_t segments = 0;
  for (;;) {
    const bool more_a = in_place.Next(a), more_b = chunked.Next(b);
    Require(more_a == more_b, "chunked and in-place readers end together");
    if (!more_a) break;
    Require(a.elements == b.elements && a.number == b.number && a.offset == b.offset,
            "chunked and in-place readers give the same segments");
    Require(a.number == ++segments, "segment numbers count up from 1");
    Require(a.offset < bytes.size(), "a segment starts inside the input");
    Require(!a.elements.empty(), "a segment has an id element");
  }
  Require(in_place.failure() == chunked.failure(), "chunked and in-place readers fail alike");
  if (in_place.failed()) {
    Require(!in_place.error().message.empty(), "an X12 read error has a message");
    Require(in_place.error().where.rfind("input.x12", 0) == 0, "an X12 read error names the input");
    Require(in_place.failure_offset() <= bytes.size(), "an X12 read error is inside the input");
  }

  auto reader = engine::X12Reader::FromText(bytes, "input.x12");
  engine::X12ValidateOptions options;
  options.max_problems = 50;
  const engine::X12Validation v = engine::ValidateX12(reader, options);
  Require(v.segments == segments, "the validator reads every segment");
  Require(v.problems.size() <= 50 && v.problem_count >= v.problems.size(), "problems are capped and counted");
  Require(v.problem_count == v.error_count + v.warning_count, "every problem is an error or a warning");
  Require(v.readable || v.problem_count > 0, "unreadable input has a problem saying why");
  Require(!in_place.failed() || v.problem_count > 0, "a read error is a problem");
  for (const engine::X12Problem& p : v.problems) {
    Require(p.rule.rfind("snip", 0) == 0, "a problem has a SNIP rule id");
    Require(!p.message.empty(), "a problem has a message");
    Require(p.at.segment_number <= segments + 1, "a problem's segment is in the input");
    Require(p.at.offset <= bytes.size(), "a problem's offset is in the input");
    // Not "< 100": a segment may have any number of elements (fuzzing found GS115, a correct position).
    Require(p.at.element >= 0 && static_cast<uint64_t>(p.at.element) <= bytes.size(), "a problem's element is in its segment");
  }
}

inline void All(std::string_view bytes) {
  DocumentText(bytes);
  Csv(bytes);
  Xml(bytes);
  Date(bytes.substr(0, 64));
  X12(bytes);
}

}  // namespace medcode::fuzz
