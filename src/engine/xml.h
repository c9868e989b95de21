// xml.h: a small, strict, non-validating XML 1.0 pull reader for the reference files the code-set compiler reads
// (the CDC ICD-10-CM Tabular List). It reads elements, attributes, character data, the five predefined entities and
// numeric character references, CDATA sections, comments, processing instructions (skipped) and the <?xml?>
// declaration. It refuses what it does not read rather than guess: a DTD (<!DOCTYPE>), other entities, an encoding
// other than UTF-8, ill-formed UTF-8, control characters, mismatched or unclosed tags, more than one root element.
// Every error is a kParse Error whose `where` is "file:line:column" (1-based; the column counts characters).
// Never crashes or hangs on any input (tests/fuzz/targets.h); nesting is limited to kMaxXmlDepth levels.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace medcode::engine {

// The deepest element nesting XmlReader accepts (the Tabular List nests about 12 levels).
inline constexpr size_t kMaxXmlDepth = 256;

struct XmlAttribute {
  std::string name;
  std::string value;  // references decoded, white space normalised to spaces (XML 1.0 section 3.3.3)
};

enum class XmlToken {
  kStartElement,  // name(), attributes(); an empty element <a/> gives kStartElement then kEndElement
  kEndElement,    // name()
  kText,          // text(): character data, references and CDATA decoded, line ends normalised to LF
  kEnd,           // the end of the document (after the root element closed)
};

class XmlReader {
 public:
  // `text` must outlive the reader. `file_name` is used in error locations ("file.xml:12:5").
  XmlReader(std::string_view text, std::string file_name);

  // The next token. After an error, or after kEnd, every further call returns the same result.
  // Comments, processing instructions and the declaration are skipped; text outside the root must be white space.
  Result<XmlToken> Next();

  const std::string& name() const { return m_name; }                         // kStartElement, kEndElement
  const std::vector<XmlAttribute>& attributes() const { return m_attributes; }  // kStartElement
  const std::string* Attribute(std::string_view name) const;                  // nullptr when absent
  const std::string& text() const { return m_text; }                          // kText
  bool IsWhiteSpaceText() const;  // kText made only of spaces, tabs and line ends
  // Elements open after the last token (the root is depth 1 after its start tag, 0 after its end tag).
  size_t depth() const { return m_stack.size(); }

  // Where the last token started: 1-based line and column (characters, not bytes), "file:line:column".
  size_t line() const { return m_token_line; }
  size_t column() const;
  std::string Where() const;
  // A kParse Error about the last token ("unexpected <foo> in <diag>") at Where().
  Error TokenError(std::string message) const;

  // Helpers for readers of a known structure, to call right after a kStartElement:
  // the element's character data up to its end tag (which is consumed); an Error if it holds a child element.
  Result<std::string> ReadText();
  // Skips the element's whole content, its end tag included.
  Status SkipElement();

 private:
  Error ErrorAt(size_t pos, std::string message) const;  // kParse at the byte offset `pos`
  Result<XmlToken> ReadToken();
  Status ReadStartTag();
  Status ReadEndTag();
  Status ReadCharData();  // text, references and CDATA up to the next markup that is not CDATA
  Status SkipComment();
  Status SkipProcessingInstruction();
  Status ReadName(std::string& out);
  Status ReadReference(std::string& out);  // at '&'
  Status CheckChars(size_t from, size_t to);  // valid UTF-8, no characters XML forbids
  void SkipSpace();
  bool StartsWith(std::string_view s) const { return m_text_in.substr(m_pos, s.size()) == s; }
  bool AtEnd() const { return m_pos >= m_text_in.size(); }
  size_t LineOf(size_t pos) const;  // counts lines incrementally from the last position asked for
  void LineAndColumn(size_t pos, size_t& line, size_t& column) const;

  std::string_view m_text_in;
  std::string m_file_name;
  size_t m_pos = 0;
  size_t m_token_pos = 0;
  size_t m_token_line = 1;
  // Line bookkeeping, advanced lazily: the line number of m_counted and the offset where that line starts.
  mutable size_t m_counted = 0;
  mutable size_t m_counted_line = 1;
  mutable size_t m_counted_line_start = 0;

  std::string m_name;
  std::vector<XmlAttribute> m_attributes;
  std::string m_text;
  std::vector<std::pair<std::string, size_t>> m_stack;  // open elements and where each start tag began
  bool m_seen_root = false;
  bool m_pending_end = false;  // after an empty element's kStartElement: its kEndElement comes next
  bool m_done = false;
  Status m_error;  // the first error; Next() returns it from then on
};

}  // namespace medcode::engine
