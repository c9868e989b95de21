// text_test.cpp: tests of engine/text.h: decoding note files (UTF-8 with and without BOM, UTF-16 LE/BE, Windows-1252),
// line-end normalisation, the binary-file, size and broken-UTF-16 errors, UTF-8 validation and sanitising.
#include "engine/text.h"

#include <catch2/catch.hpp>
#include <string>

using medcode::engine::CheckDocumentSize;
using medcode::engine::DecodeDocumentText;
using medcode::engine::ErrorCode;
using medcode::engine::IsValidUtf8;
using medcode::engine::kMaxDocumentBytes;
using medcode::engine::NormalizeLineEnds;
using medcode::engine::QuoteForMessage;
using medcode::engine::SanitizeUtf8;

namespace {

// UTF-16 bytes with a byte-order mark, written independently of the decoder under test.
std::string EncodeUtf16(std::u16string_view units, bool big_endian) {
  std::string bytes = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char16_t unit : units) {
    const char high = static_cast<char>(unit >> 8);
    const char low = static_cast<char>(unit & 0xFF);
    bytes += big_endian ? high : low;
    bytes += big_endian ? low : high;
  }
  return bytes;
}

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

}  // namespace

TEST_CASE("DecodeDocumentText keeps UTF-8 and drops its byte-order mark", "[text]") {
  struct Case {
    const char* name;
    std::string bytes;
    std::string expected;
  };
  const Case cases[] = {
      {"empty", "", ""},
      {"BOM only", "\xEF\xBB\xBF", ""},
      {"BOM + ASCII", "\xEF\xBB\xBFHPI: cough x3 days", "HPI: cough x3 days"},
      {"UTF-8 without BOM", "Zo\xC3\xAB, 37.5 \xC2\xB0""C, \xE2\x80\x9Cstable\xE2\x80\x9D",
       "Zo\xC3\xAB, 37.5 \xC2\xB0""C, \xE2\x80\x9Cstable\xE2\x80\x9D"},
      {"BOM + non-BMP", "\xEF\xBB\xBFok \xF0\x9F\x98\x80", "ok \xF0\x9F\x98\x80"},
      {"BOM + CRLF", "\xEF\xBB\xBFline 1\r\nline 2\r\n", "line 1\nline 2\n"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto text = DecodeDocumentText(c.bytes, "note.txt");
    REQUIRE(text.ok());
    CHECK(*text == c.expected);
  }
}

TEST_CASE("DecodeDocumentText decodes UTF-16 LE and BE by byte-order mark, surrogate pairs included", "[text]") {
  const std::u16string note = u"Pt: Ren\u00E9e \u201Cok\u201D \U0001F600 \u6F22\r\nPlan: f/u\r";
  const std::string expected =
      "Pt: Ren\xC3\xA9""e \xE2\x80\x9Cok\xE2\x80\x9D \xF0\x9F\x98\x80 \xE6\xBC\xA2\nPlan: f/u\n";
  for (bool big_endian : {false, true}) {
    INFO((big_endian ? "UTF-16BE" : "UTF-16LE"));
    auto text = DecodeDocumentText(EncodeUtf16(note, big_endian), "note.txt");
    REQUIRE(text.ok());
    CHECK(*text == expected);
  }
}

TEST_CASE("DecodeDocumentText reports broken UTF-16 with the byte offset", "[text]") {
  struct Case {
    const char* name;
    std::u16string units;
    bool big_endian;
    const char* fragment;
  };
  const Case cases[] = {
      {"high surrogate then a letter", u"A\xD83D" u"B", false, "unpaired surrogate 0xD83D at byte offset 4"},
      {"high surrogate at the end", u"AB\xD83D", true, "unpaired surrogate 0xD83D at byte offset 6"},
      {"lone low surrogate", u"\xDE00" u"A", false, "unpaired surrogate 0xDE00 at byte offset 2"},
      {"two high surrogates", u"\xD83D\xD83D\xDE00", true, "unpaired surrogate 0xD83D at byte offset 2"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto text = DecodeDocumentText(EncodeUtf16(c.units, c.big_endian), "dir/note.txt");
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().code == ErrorCode::kParse);
    CHECK_THAT(text.error().message, Catch::Contains(c.fragment));
    CHECK_THAT(text.error().message, Catch::StartsWith("\"note.txt\""));
    CHECK(text.error().where == "dir/note.txt");
  }

  auto odd = DecodeDocumentText(EncodeUtf16(u"AB", false) + "C", "odd.txt");
  REQUIRE_FALSE(odd.ok());
  CHECK(odd.error().code == ErrorCode::kParse);
  CHECK_THAT(odd.error().message, Catch::Contains("odd number of bytes (7)"));

  auto nul = DecodeDocumentText(EncodeUtf16(std::u16string(u"AB\0C", 4), false), "nul.txt");
  REQUIRE_FALSE(nul.ok());
  CHECK(nul.error().code == ErrorCode::kBinaryFile);
  CHECK_THAT(nul.error().message, Catch::Contains("offset 6"));
}

TEST_CASE("DecodeDocumentText reads text that is not UTF-8 as Windows-1252", "[text]") {
  struct Case {
    const char* name;
    std::string bytes;
    std::string expected;
  };
  const Case cases[] = {
      {"curly quotes and e-acute", "\x93Hi\x94 caf\xE9", "\xE2\x80\x9CHi\xE2\x80\x9D caf\xC3\xA9"},
      {"euro sign", "\x80""5 copay", "\xE2\x82\xAC""5 copay"},
      {"en and em dash", "3\x96""5 days \x97 resolved", "3\xE2\x80\x93""5 days \xE2\x80\x94 resolved"},
      {"trademark, bullet, ellipsis", "X\x99 \x95 a\x85", "X\xE2\x84\xA2 \xE2\x80\xA2 a\xE2\x80\xA6"},
      {"Latin-1 half", "37.5\xB0 \xA0\xBD tab", "37.5\xC2\xB0 \xC2\xA0\xC2\xBD tab"},
      {"undefined 0x81 and 0x9D", "a\x81 b\x9D", "a" + kReplacement + " b" + kReplacement},
      {"CRLF with cp1252", "Assessment:\r\n\x93stable\x94\r\n", "Assessment:\n\xE2\x80\x9Cstable\xE2\x80\x9D\n"},
      {"caron and OE", "\x8A\x8C\x9A\x9C\x9F", "\xC5\xA0\xC5\x92\xC5\xA1\xC5\x93\xC5\xB8"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    REQUIRE_FALSE(IsValidUtf8(c.bytes));  // otherwise the case would not exercise cp1252
    auto text = DecodeDocumentText(c.bytes, "old_export.txt");
    REQUIRE(text.ok());
    CHECK(*text == c.expected);
    CHECK(IsValidUtf8(*text));
  }
}

TEST_CASE("CRLF and lone CR become LF", "[text]") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const Case cases[] = {
      {"a\r\nb", "a\nb"},      {"a\rb", "a\nb"},     {"a\r\r\nb", "a\n\nb"}, {"a\n\rb", "a\n\nb"},
      {"\r", "\n"},            {"a\r\n", "a\n"},     {"a\nb\n", "a\nb\n"},   {"\r\n\r\n", "\n\n"},
      {"no line end", "no line end"},
  };
  for (const Case& c : cases) {
    INFO(QuoteForMessage(c.input));
    CHECK(NormalizeLineEnds(c.input) == c.expected);
    auto text = DecodeDocumentText(c.input, "note.txt");
    REQUIRE(text.ok());
    CHECK(*text == c.expected);
  }
}

TEST_CASE("A NUL byte means a binary file, with the offset in the message", "[text]") {
  const std::string pdf = std::string("%PDF-1.7\r\n\0\x01\x02", 13);
  auto text = DecodeDocumentText(pdf, "scan.pdf");
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().code == ErrorCode::kBinaryFile);
  CHECK(text.error().message ==
        "\"scan.pdf\" looks like a binary file (NUL byte at offset 10), not a text note; open a .txt file or paste "
        "the text.");
  CHECK(text.error().where == "scan.pdf");

  // The message names the file, `where` keeps the whole path; the offset counts the UTF-8 byte-order mark.
  auto with_bom = DecodeDocumentText(std::string("\xEF\xBB\xBF""ab\0", 6), "/home/coder/in/scan.pdf");
  REQUIRE_FALSE(with_bom.ok());
  CHECK(with_bom.error().code == ErrorCode::kBinaryFile);
  CHECK_THAT(with_bom.error().message,
             Catch::StartsWith("\"scan.pdf\" looks like a binary file (NUL byte at offset 5)"));
  CHECK(with_bom.error().where == "/home/coder/in/scan.pdf");

  // A NUL also wins over Windows-1252 fallback.
  auto latin = DecodeDocumentText(std::string("caf\xE9\0", 5), "x.doc");
  REQUIRE_FALSE(latin.ok());
  CHECK(latin.error().code == ErrorCode::kBinaryFile);
}

TEST_CASE("Documents over kMaxDocumentBytes are refused with the size and the limit", "[text]") {
  CHECK(kMaxDocumentBytes == 16u * 1024u * 1024u);

  const std::string at_limit(kMaxDocumentBytes, 'a');
  auto fits = DecodeDocumentText(at_limit, "big.txt");
  REQUIRE(fits.ok());
  CHECK(fits->size() == kMaxDocumentBytes);

  auto too_big = DecodeDocumentText(at_limit + "a", "/tmp/big.txt");
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().code == ErrorCode::kTooLarge);
  CHECK_THAT(too_big.error().message, Catch::Contains("16777217 bytes"));
  CHECK_THAT(too_big.error().message, Catch::Contains("limit of 16777216 bytes (16 MiB)"));
  CHECK(too_big.error().where == "/tmp/big.txt");

  auto video = CheckDocumentSize(5ull * 1024 * 1024 * 1024, "visit.mp4");
  REQUIRE_FALSE(video.ok());
  CHECK_THAT(video.error().message, Catch::StartsWith("\"visit.mp4\" is 5368709120 bytes (5120.0 MiB)"));
  CHECK(CheckDocumentSize(kMaxDocumentBytes, "ok.txt").ok());
}

TEST_CASE("A 50 KB ASCII note round-trips byte-exact", "[text]") {
  std::string note;
  for (int line = 1; note.size() < 50 * 1024; ++line) {
    note += "Line " + std::to_string(line) + ": HPI 54 y/o M w/ chest pain, r/o MI; ICD-10 I20.9, CPT 99214.\n";
  }
  REQUIRE(note.size() >= 50 * 1024);
  auto text = DecodeDocumentText(note, "note.txt");
  REQUIRE(text.ok());
  CHECK(*text == note);
}

TEST_CASE("IsValidUtf8 rejects overlongs, surrogates, code points above U+10FFFF and broken sequences", "[text]") {
  struct Case {
    const char* name;
    std::string bytes;
    bool valid;
  };
  const Case cases[] = {
      {"empty", "", true},
      {"ASCII", "abc", true},
      {"2-byte", "\xC3\xA9", true},
      {"3-byte", "\xE2\x82\xAC", true},
      {"4-byte", "\xF0\x9F\x98\x80", true},
      {"U+10FFFF", "\xF4\x8F\xBF\xBF", true},
      {"U+D7FF", "\xED\x9F\xBF", true},
      {"U+E000", "\xEE\x80\x80", true},
      {"U+0800", "\xE0\xA0\x80", true},
      {"overlong '/' (2 bytes)", "\xC0\xAF", false},
      {"overlong U+007F", "\xC1\xBF", false},
      {"overlong (3 bytes)", "\xE0\x80\xAF", false},
      {"overlong (4 bytes)", "\xF0\x80\x80\xAF", false},
      {"surrogate U+D800", "\xED\xA0\x80", false},
      {"surrogate U+DFFF", "\xED\xBF\xBF", false},
      {"U+110000", "\xF4\x90\x80\x80", false},
      {"lead byte F5", "\xF5\x80\x80\x80", false},
      {"lone continuation", "a\x80", false},
      {"truncated 2-byte", "a\xC3", false},
      {"truncated 3-byte", "\xE2\x82", false},
      {"truncated 4-byte", "\xF0\x9F\x98", false},
      {"bad continuation", "\xC3\x28", false},
      {"FE", "\xFE", false},
      {"FF", "\xFF", false},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(IsValidUtf8(c.bytes) == c.valid);
  }
}

TEST_CASE("SanitizeUtf8 replaces each ill-formed part with one U+FFFD", "[text]") {
  const std::string r = kReplacement;
  struct Case {
    const char* name;
    std::string input;
    std::string expected;
  };
  const Case cases[] = {
      {"valid text unchanged", "caf\xC3\xA9 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xF0\x9F\x98\x80"},
      {"truncated 3-byte at end", "abc\xE2\x82", "abc" + r},
      {"truncated 4-byte at end", "x\xF0\x9F\x98", "x" + r},
      {"truncated 2-byte at end", "a\xC3", "a" + r},
      {"truncated 3-byte before ASCII", "\xE2\x82x", r + "x"},
      {"truncated 4-byte before a valid char", "\xF0\x9F\xC3\xA9", r + "\xC3\xA9"},
      {"overlong: two bytes, two replacements", "\xC0\xAF", r + r},
      {"surrogate: three replacements", "\xED\xA0\x80", r + r + r},
      {"cp1252 quotes", "\x93hi\x94", r + "hi" + r},
      {"lone continuations", "\x80\x80", r + r},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string sanitized = SanitizeUtf8(c.input);
    CHECK(sanitized == c.expected);
    CHECK(IsValidUtf8(sanitized));
  }
}

TEST_CASE("QuoteForMessage escapes control characters, replaces bad bytes and shortens long text", "[text]") {
  CHECK(QuoteForMessage("2024-01-01") == "\"2024-01-01\"");
  CHECK(QuoteForMessage("a\nb\tc\x01") == "\"a\\nb\\tc\\x01\"");
  CHECK(QuoteForMessage("caf\xE9") == "\"caf" + kReplacement + "\"");
  CHECK(QuoteForMessage(std::string(100, 'x'), 10) == "\"" + std::string(10, 'x') + "...\"");
  // Cut at a character boundary: 4 x "é" (8 bytes) in a budget of 5 keeps two of them.
  CHECK(QuoteForMessage("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5) == "\"\xC3\xA9\xC3\xA9...\"");
}
