// xml_test.cpp: the strict XML pull reader (engine/xml.h): tokens, attributes, references, CDATA, comments, the
// declaration, line ends; and malformed documents, each refused with a message and file:line:column.
#include "engine/xml.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace medcode::engine;

namespace {

// The document as a flat list: "<a x=1>", "</a>", "'text'" (white-space-only text left out).
std::vector<std::string> Tokens(std::string_view xml) {
  XmlReader r(xml, "t.xml");
  std::vector<std::string> out;
  for (;;) {
    auto t = r.Next();
    REQUIRE(t.ok());
    if (*t == XmlToken::kEnd) break;
    if (*t == XmlToken::kStartElement) {
      std::string s = "<" + r.name();
      for (const auto& a : r.attributes()) s += " " + a.name + "=" + a.value;
      out.push_back(s + ">");
    } else if (*t == XmlToken::kEndElement) {
      out.push_back("</" + r.name() + ">");
    } else if (!r.IsWhiteSpaceText()) {
      out.push_back("'" + r.text() + "'");
    }
  }
  return out;
}

// The error reading `xml` to its end gives.
Error ErrorOf(std::string_view xml) {
  XmlReader r(xml, "bad.xml");
  for (;;) {
    auto t = r.Next();
    if (!t.ok()) return t.error();
    if (*t == XmlToken::kEnd) FAIL("no error for " << xml);
  }
}

}  // namespace

TEST_CASE("XmlReader reads elements, attributes, text, references, CDATA and skips comments", "[xml]") {
  const std::vector<std::string> want = {"<root v=1.0 q=a\"b>", "<e>", "</e>", "'x < y & z \xC3\xA9 A \xE2\x82\xAC'",
                                         "<n>", "'<raw & data>'", "</n>", "</root>"};
  CHECK(Tokens("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- head -->\n"
               "<root v='1.0' q=\"a&quot;b\"><e/>x &lt; y &amp; z \xC3\xA9 &#65; &#x20AC;<!-- in -->"
               "<n><![CDATA[<raw & data>]]></n></root>\n<!-- tail -->\n") == want);
  // Line ends inside text become LF; attribute white space becomes spaces.
  XmlReader r("<a t=\"x\ty\r\nz\">1\r\n2\r3</a>", "t.xml");
  REQUIRE(r.Next().value() == XmlToken::kStartElement);
  CHECK(*r.Attribute("t") == "x y z");
  CHECK(r.Attribute("missing") == nullptr);
  auto text = r.ReadText();
  REQUIRE(text.ok());
  CHECK(*text == "1\n2\n3");
  CHECK(r.Next().value() == XmlToken::kEnd);
  CHECK(r.Next().value() == XmlToken::kEnd);  // and stays there
}

TEST_CASE("XmlReader positions count lines and characters from 1", "[xml]") {
  XmlReader r("<a>\n  <b>\xC3\xA9\xC3\xA9<c/></b></a>", "p.xml");
  REQUIRE(r.Next().value() == XmlToken::kStartElement);
  CHECK(r.Where() == "p.xml:1:1");
  REQUIRE(r.Next().value() == XmlToken::kText);
  REQUIRE(r.Next().value() == XmlToken::kStartElement);
  CHECK(r.name() == "b");
  CHECK(r.Where() == "p.xml:2:3");
  CHECK(r.depth() == 2);
  REQUIRE(r.Next().value() == XmlToken::kText);
  REQUIRE(r.Next().value() == XmlToken::kStartElement);
  CHECK(r.Where() == "p.xml:2:8");  // two characters "éé" of four bytes count as two columns
  REQUIRE(r.SkipElement().ok());
  REQUIRE(r.Next().value() == XmlToken::kEndElement);
  CHECK(r.name() == "b");
}

TEST_CASE("XmlReader refuses malformed XML with file:line:column", "[xml]") {
  struct Case {
    const char* xml;
    const char* where;
    const char* message;
  };
  const Case cases[] = {
      {"<a>\n<b></c></a>", "bad.xml:2:4", "does not match <b> opened at line 2, column 1"},
      {"<a>\n  <b>text", "bad.xml:2:3", "<b> is not closed"},
      {"", "bad.xml:1:1", "no root element"},
      {"<a></a><b/>", "bad.xml:1:8", "second root"},
      {"<a>x</a>tail", "bad.xml:1:9", "after the root"},
      {"junk<a/>", "bad.xml:1:1", "before the root"},
      {"<a>\n &bogus;</a>", "bad.xml:2:2", "Unknown entity &bogus;"},
      {"<a>AT&T</a>", "bad.xml:1:6", "bare '&'"},
      {"<a>&#0;</a>", "bad.xml:1:4", "not a character XML allows"},
      {"<a>&#xD800;</a>", "bad.xml:1:4", "not a character XML allows"},
      {"<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", "bad.xml:1:1", "DTD"},
      {"<a x=1/>", "bad.xml:1:6", "quoted value"},
      {"<a x='1' x='2'/>", "bad.xml:1:10", "given twice"},
      {"<a x='<'/>", "bad.xml:1:7", "'<' is not allowed"},
      {"<a><!-- a -- b --></a>", "bad.xml:1:11", "'--'"},
      {"<a><![CDATA[x</a>", "bad.xml:1:4", "CDATA section is not closed"},
      {"<a>]]></a>", "bad.xml:1:4", "']]>'"},
      {"<a>\x01</a>", "bad.xml:1:4", "Control character 0x01"},
      {"<a>\xC3</a>", "bad.xml:1:4", "UTF-8"},
      {"<a>\xEF\xBF\xBF</a>", "bad.xml:1:4", "U+FFFF"},
      {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "bad.xml:1:1", "only UTF-8"},
      {"<a/>\n<?xml version=\"1.0\"?>", "bad.xml:2:1", "only allowed at the very start"},
      {"<1a/>", "bad.xml:1:2", "Expected a name"},
      {"<a b='1'c='2'/>", "bad.xml:1:9", "Expected white space"},
      {"</a>", "bad.xml:1:1", "closes nothing"},
      {"<a", "bad.xml:1:1", "not closed by '>'"},
  };
  for (const auto& c : cases) {
    INFO(c.xml);
    const Error e = ErrorOf(c.xml);
    CHECK(e.code == ErrorCode::kParse);
    CHECK(e.where == c.where);
    CHECK(e.message.find(c.message) != std::string::npos);
  }
  // Nesting beyond the limit is refused, not followed down the stack.
  std::string deep;
  for (size_t i = 0; i <= kMaxXmlDepth; ++i) deep += "<d>";
  CHECK(ErrorOf(deep).message.find("nest deeper") != std::string::npos);
}

TEST_CASE("XmlReader::ReadText refuses a child element where only text was expected", "[xml]") {
  XmlReader r("<note>code <b>E11</b></note>", "n.xml");
  REQUIRE(r.Next().value() == XmlToken::kStartElement);
  auto text = r.ReadText();
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().where == "n.xml:1:12");
  CHECK(text.error().message.find("<b> inside <note>") != std::string::npos);
}
