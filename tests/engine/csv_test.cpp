// csv_test.cpp: the RFC 4180 reader used for the CMS/CDC reference files: quoting, line ends, and errors that
// name the file and line.
#include "engine/csv.h"

#include <catch2/catch.hpp>

using namespace medcode::engine;

namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text, char delimiter = ',') {
  CsvReader reader(text, "t.csv", delimiter);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string_view> fields;
  for (;;) {
    auto row = reader.Next(fields);
    REQUIRE(row.ok());
    if (!*row) break;
    out.emplace_back(fields.begin(), fields.end());
  }
  return out;
}

}  // namespace

TEST_CASE("CSV records, quoting and line ends", "[csv]") {
  using Rows = std::vector<std::vector<std::string>>;
  CHECK(ReadAll("a,b,c\n1,2,3\n") == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  CHECK(ReadAll("a,b\r\n1,2") == Rows{{"a", "b"}, {"1", "2"}});  // CRLF, no final line end
  CHECK(ReadAll("\xEF\xBB\xBFx,y\n") == Rows{{"x", "y"}});       // byte-order mark skipped
  CHECK(ReadAll("E0601,\"Continuous positive airway pressure (cpap) device\"\n") ==
        Rows{{"E0601", "Continuous positive airway pressure (cpap) device"}});
  CHECK(ReadAll("\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\"\n") == Rows{{"a, b", "say \"hi\"", "two\nlines"}});
  CHECK(ReadAll(",,\n") == Rows{{"", "", ""}});
  CHECK(ReadAll("a,b\n\n\nc,d\n") == Rows{{"a", "b"}, {"c", "d"}});  // blank lines skipped
  CHECK(ReadAll("E119\t19\nI10\t85\n", '\t') == Rows{{"E119", "19"}, {"I10", "85"}});
}

TEST_CASE("CSV line numbers follow quoted line breaks", "[csv]") {
  CsvReader reader("h1,h2\n\"multi\nline\",x\nlast,y\n", "n.csv");
  REQUIRE(reader.ReadHeader().ok());
  std::vector<std::string_view> f;
  REQUIRE(reader.Next(f).value());
  CHECK(reader.line() == 2);
  REQUIRE(reader.Next(f).value());
  CHECK(reader.line() == 4);
  CHECK(reader.Where() == "n.csv:4");
  CHECK(reader.RecordError("bad").where == "n.csv:4");
}

TEST_CASE("lone CR line ends count as lines (found by the random-input test)", "[csv]") {
  CsvReader reader("a\rb\r\rc\n", "cr.csv");
  std::vector<std::string_view> f;
  std::vector<size_t> lines;
  while (reader.Next(f).value()) lines.push_back(reader.line());
  CHECK(lines == std::vector<size_t>{1, 2, 4});
}

TEST_CASE("malformed CSV gives the file and line", "[csv]") {
  std::vector<std::string_view> f;
  SECTION("unterminated quote, as in a truncated file") {
    CsvReader reader("a,b\n1,2\n3,\"never closed\n4,5\n", "cut.csv");
    REQUIRE(reader.Next(f).value());
    REQUIRE(reader.Next(f).value());
    auto r = reader.Next(f);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kParse);
    CHECK(r.error().where == "cut.csv:3");
    CHECK(r.error().message.find("never closed") != std::string::npos);
  }
  SECTION("text after a closing quote") {
    CsvReader reader("x\n\"ab\"c,d\n", "q.csv");
    REQUIRE(reader.Next(f).value());
    auto r = reader.Next(f);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == "q.csv:2");
  }
  SECTION("missing header column names what the header has") {
    CsvReader reader("hcpcs,mue_units\nE0601,1\n", "mue.csv");
    REQUIRE(reader.ReadHeader().ok());
    CHECK(reader.Column("mue_units").value() == 1);
    auto missing = reader.Column("mue_mai");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("mue_mai") != std::string::npos);
    CHECK(missing.error().message.find("hcpcs, mue_units") != std::string::npos);
    CHECK(missing.error().where == "mue.csv:1");
  }
  SECTION("an empty file has no header") {
    CsvReader reader("", "empty.csv");
    auto s = reader.ReadHeader();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().where == "empty.csv:1");
  }
}
