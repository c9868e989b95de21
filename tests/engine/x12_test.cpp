// x12_test.cpp: the X12 segment reader (engine/x12.h): separators taken from the ISA, line breaks between segments,
// the same segments whatever the chunk size of the source, and the errors of damaged input (truncated, no ISA, a
// malformed ISA, a segment over the limit, empty input, a read error), each with its kind and byte offset.
#include "engine/x12.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/x12_samples.h"
#include "test_util.h"

using medcode::engine::X12ReadFailure;
using medcode::engine::X12Reader;
using medcode::engine::X12Segment;

namespace {

struct Read {
  std::vector<std::vector<std::string>> segments;  // elements, [0] = id
  std::vector<uint64_t> numbers, offsets;
  X12ReadFailure failure = X12ReadFailure::kNone;
  std::string error;
  uint64_t failure_offset = 0;
};

Read ReadAll(X12Reader reader) {
  Read out;
  X12Segment segment;
  while (reader.Next(segment)) {
    out.segments.emplace_back(segment.elements.begin(), segment.elements.end());
    out.numbers.push_back(segment.number);
    out.offsets.push_back(segment.offset);
  }
  out.failure = reader.failure();
  if (reader.failed()) {
    out.error = reader.error().ToString();
    out.failure_offset = reader.failure_offset();
  }
  CHECK(!reader.Next(segment));  // the end (or an error) is sticky
  return out;
}

// A source that hands out `text` `chunk` bytes at a time.
X12Reader Chunked(const std::string& text, size_t chunk) {
  auto at = std::make_shared<size_t>(0);
  return X12Reader(
      [text, chunk, at](char* buffer, size_t capacity) -> int64_t {
        const size_t n = std::min({chunk, capacity, text.size() - *at});
        std::copy(text.data() + *at, text.data() + *at + n, buffer);
        *at += n;
        return static_cast<int64_t>(n);
      },
      "chunked.x12");
}

}  // namespace

TEST_CASE("X12 reader: default separators, elements, numbers and offsets", "[x12]") {
  const std::string text = medcode::test::Sample837P();
  const Read r = ReadAll(X12Reader::FromText(text, "a.x12"));
  REQUIRE(r.failure == X12ReadFailure::kNone);
  REQUIRE(r.segments.size() == 31);
  CHECK(r.segments[0][0] == "ISA");
  CHECK(r.segments[0].size() == 17);
  CHECK(r.segments[0][16] == ":");
  CHECK(r.segments[20][0] == "CLM");
  CHECK(r.segments[20][2] == "150");
  CHECK(r.numbers[20] == 21);
  CHECK(text.substr(r.offsets[20], 4) == "CLM*");
  CHECK(r.segments[30] == std::vector<std::string>{"IEA", "1", "000000001"});

  X12Segment clm;
  auto reader = X12Reader::FromText(text, "a.x12");
  while (reader.Next(clm) && clm.id() != "CLM") {
  }
  CHECK(clm.Component(5, 1, ':') == "11");
  CHECK(clm.Component(5, 2, ':') == "B");
  CHECK(clm.Component(5, 3, ':') == "1");
  CHECK(clm.Component(5, 4, ':') == "");
  CHECK(clm.Element(40) == "");
  CHECK(reader.separators().component == ':');
  CHECK(reader.separators().repetition == '^');
}

TEST_CASE("X12 reader: separators come from the ISA ('|' '>' '^' and a line feed terminator)", "[x12]") {
  const std::string text = medcode::test::X12Translate(medcode::test::Sample837P(), '|', '^', '>', '\n');
  auto reader = X12Reader::FromText(text, "pipes.x12");
  const Read r = ReadAll(X12Reader::FromText(text, "pipes.x12"));
  REQUIRE(r.failure == X12ReadFailure::kNone);
  REQUIRE(r.segments.size() == 31);  // the "\n\n" (terminator + line break) is not an empty segment
  CHECK(r.segments[20][5] == "11>B>1");
  X12Segment s;
  REQUIRE(reader.Next(s));
  CHECK(reader.separators().element == '|');
  CHECK(reader.separators().component == '>');
  CHECK(reader.separators().repetition == '^');
  CHECK(reader.separators().segment == '\n');
  // The same segments as with the default separators.
  const Read d = ReadAll(X12Reader::FromText(medcode::test::Sample837P(), "a.x12"));
  CHECK(d.segments[5] == r.segments[5]);
}

TEST_CASE("X12 reader: CRLF between segments and a byte order mark are skipped", "[x12]") {
  std::string text = medcode::test::Sample999();
  std::string crlf = "\xEF\xBB\xBF";
  for (char c : text) {
    if (c == '\n') crlf += "\r\n";
    else crlf += c;
  }
  const Read plain = ReadAll(X12Reader::FromText(text, "a"));
  const Read r = ReadAll(X12Reader::FromText(crlf, "b"));
  REQUIRE(r.failure == X12ReadFailure::kNone);
  CHECK(r.segments == plain.segments);
  // Across tiny chunks too (the BOM split over three reads).
  CHECK(ReadAll(Chunked(crlf, 1)).segments == plain.segments);
}

TEST_CASE("X12 reader: any chunk size gives the same segments as reading in place", "[x12]") {
  const std::string text = medcode::test::Sample835() + medcode::test::Sample277CA();  // two interchanges
  const Read whole = ReadAll(X12Reader::FromText(text, "whole"));
  REQUIRE(whole.failure == X12ReadFailure::kNone);
  REQUIRE(whole.segments.size() == 26 + 26);
  for (size_t chunk : {1, 2, 3, 7, 64, 105, 106, 107, 4096}) {
    INFO("chunk " << chunk);
    const Read r = ReadAll(Chunked(text, chunk));
    CHECK(r.failure == X12ReadFailure::kNone);
    CHECK(r.segments == whole.segments);
    CHECK(r.numbers == whole.numbers);
    CHECK(r.offsets == whole.offsets);
  }
  medcode::test::TempDir dir;
  medcode::test::WriteBytes(dir.File("a.x12"), text);
  const Read file = ReadAll(X12Reader::FromFile(dir.File("a.x12")));
  CHECK(file.segments == whole.segments);
  CHECK(file.offsets == whole.offsets);
}

TEST_CASE("X12 reader: a truncated file is an error at the cut segment", "[x12]") {
  const std::string text = medcode::test::Sample837P();
  const size_t cut = text.find("CLM*") + 10;  // inside the CLM (segment 21)
  for (size_t chunk : {size_t{1}, size_t{1} << 20}) {
    const Read r = ReadAll(Chunked(text.substr(0, cut), chunk));
    CHECK(r.failure == X12ReadFailure::kTruncated);
    CHECK(r.segments.size() == 20);
    CHECK(r.failure_offset == text.find("CLM*"));
    CHECK(r.error.find("truncated") != std::string::npos);
    CHECK(r.error.find("segment 21") != std::string::npos);
  }
  // Cut inside the ISA.
  const Read isa = ReadAll(X12Reader::FromText(text.substr(0, 50), "short"));
  CHECK(isa.failure == X12ReadFailure::kBadIsa);
  CHECK(isa.error.find("cut short") != std::string::npos);
}

TEST_CASE("X12 reader: input that does not start with an ISA", "[x12]") {
  const Read r = ReadAll(X12Reader::FromText("GS*HC*A*B*20250101*1200*1*X*005010X222A1~", "gs.x12"));
  CHECK(r.failure == X12ReadFailure::kNotX12);
  CHECK(r.segments.empty());
  CHECK(r.error.find("does not start with an ISA") != std::string::npos);
  CHECK(r.error.find("gs.x12") != std::string::npos);
}

TEST_CASE("X12 reader: an ISA of the wrong width or with bad separators", "[x12]") {
  std::string text = medcode::test::Sample837P();
  SECTION("ISA02 one character short") {
    text.erase(8, 1);  // ISA02 is 9 characters: every later separator is one place early
    const Read r = ReadAll(X12Reader::FromText(text, "w"));
    CHECK(r.failure == X12ReadFailure::kBadIsa);
    CHECK(r.error.find("ISA03") != std::string::npos);
    CHECK(r.failure_offset == 17);
  }
  SECTION("a letter as element separator") {
    text = medcode::test::X12Translate(text, 'A', '^', ':', '~');
    const Read r = ReadAll(X12Reader::FromText(text, "w"));
    CHECK(r.failure == X12ReadFailure::kBadIsa);
    CHECK(r.error.find("element separator") != std::string::npos);
    CHECK(r.failure_offset == 3);
  }
  SECTION("the element separator inside an ISA element") {
    text[40] = '*';  // inside ISA06
    const Read r = ReadAll(X12Reader::FromText(text, "w"));
    CHECK(r.failure == X12ReadFailure::kBadIsa);
    CHECK(r.error.find("ISA06 contains the element separator") != std::string::npos);
  }
  SECTION("the terminator equal to the component separator") {
    text[104] = '~';
    const Read r = ReadAll(X12Reader::FromText(text, "w"));
    CHECK(r.failure == X12ReadFailure::kBadIsa);
    CHECK(r.error.find("distinct") != std::string::npos);
  }
}

TEST_CASE("X12 reader: a segment over kMaxSegmentBytes is an error, not an allocation", "[x12]") {
  std::string text = medcode::test::X12Isa() + "GS*HC~NTE*ADD*" + std::string(X12Reader::kMaxSegmentBytes + 10, 'A') +
                     "~SE*1*1~";
  for (size_t chunk : {size_t{4096}, text.size()}) {
    const Read r = ReadAll(Chunked(text, chunk));
    CHECK(r.failure == X12ReadFailure::kSegmentTooLong);
    CHECK(r.segments.size() == 2);
    CHECK(r.failure_offset == text.find("NTE"));
  }
  const Read r = ReadAll(X12Reader::FromText(text, "big"));
  CHECK(r.failure == X12ReadFailure::kSegmentTooLong);
  CHECK(r.error.find("segment 3") != std::string::npos);
  // Just under the limit is fine.
  std::string ok = medcode::test::X12Isa() + "NTE*ADD*" + std::string(X12Reader::kMaxSegmentBytes - 10, 'A') + "~";
  CHECK(ReadAll(Chunked(ok, 65536)).failure == X12ReadFailure::kNone);
}

TEST_CASE("X12 reader: empty input, line breaks only, a read error, a missing file", "[x12]") {
  CHECK(ReadAll(X12Reader::FromText("", "e")).failure == X12ReadFailure::kEmpty);
  CHECK(ReadAll(X12Reader::FromText("\r\n\n", "e")).failure == X12ReadFailure::kEmpty);
  CHECK(ReadAll(Chunked("", 10)).failure == X12ReadFailure::kEmpty);
  X12Reader failing([](char*, size_t) -> int64_t { return -1; }, "broken");
  const Read io = ReadAll(std::move(failing));
  CHECK(io.failure == X12ReadFailure::kIo);
  const Read missing = ReadAll(X12Reader::FromFile("/nonexistent/medcode.x12"));
  CHECK(missing.failure == X12ReadFailure::kIo);
  CHECK(missing.error.find("/nonexistent/medcode.x12") != std::string::npos);
}

TEST_CASE("X12 positions name segment, id, element and component", "[x12]") {
  medcode::engine::X12Position at;
  at.offset = 12;
  CHECK(at.Text() == "byte 12");
  at.segment_number = 42;
  at.segment_id = "CLM";
  CHECK(at.Text() == "segment 42 (CLM)");
  at.element = 5;
  at.component = 2;
  CHECK(at.Text() == "segment 42 (CLM), element CLM05-2");
}
