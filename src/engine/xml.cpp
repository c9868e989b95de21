// xml.cpp: the strict XML pull reader (see xml.h).
#include "engine/xml.h"

#include <cstring>

#include "engine/text.h"

namespace medcode::engine {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// XML names, simplified to bytes: ASCII letters, '_' and ':' start a name, digits, '-' and '.' may follow, and any
// non-ASCII byte is allowed (the UTF-8 is checked separately).
bool IsNameStart(unsigned char c) {
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == ':' || c >= 0x80;
}
bool IsNameChar(unsigned char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// A character XML 1.0 allows (section 2.2).
bool IsXmlChar(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

// Appends text[from, to) to out with CRLF and lone CR turned into LF (XML 1.0 section 2.11).
void AppendNormalized(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
}

}  // namespace

XmlReader::XmlReader(std::string_view text, std::string file_name)
    : m_text_in(text), m_file_name(std::move(file_name)) {
  if (StartsWith("\xEF\xBB\xBF")) m_pos = 3;  // a UTF-8 byte-order mark
}

const std::string* XmlReader::Attribute(std::string_view name) const {
  for (const auto& a : m_attributes) {
    if (a.name == name) return &a.value;
  }
  return nullptr;
}

bool XmlReader::IsWhiteSpaceText() const {
  for (char c : m_text) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

size_t XmlReader::LineOf(size_t pos) const {
  if (pos > m_text_in.size()) pos = m_text_in.size();
  if (pos < m_counted) {  // an earlier position (an unclosed start tag): count again from the start
    m_counted = 0;
    m_counted_line = 1;
    m_counted_line_start = 0;
  }
  for (size_t i = m_counted; i < pos; ++i) {
    const char c = m_text_in[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= m_text_in.size() || m_text_in[i + 1] != '\n'))) {
      ++m_counted_line;
      m_counted_line_start = i + 1;
    }
  }
  m_counted = pos;
  return m_counted_line;
}

void XmlReader::LineAndColumn(size_t pos, size_t& line, size_t& column) const {
  line = LineOf(pos);
  column = 1;
  for (size_t i = m_counted_line_start; i < m_counted; ++i) {
    if ((static_cast<unsigned char>(m_text_in[i]) & 0xC0) != 0x80) ++column;  // UTF-8 continuation bytes not counted
  }
}

size_t XmlReader::column() const {
  size_t line = 0, column = 0;
  LineAndColumn(m_token_pos, line, column);
  return column;
}

std::string XmlReader::Where() const {
  size_t line = 0, column = 0;
  LineAndColumn(m_token_pos, line, column);
  return m_file_name + ":" + std::to_string(line) + ":" + std::to_string(column);
}

Error XmlReader::ErrorAt(size_t pos, std::string message) const {
  size_t line = 0, column = 0;
  LineAndColumn(pos, line, column);
  return MakeError(ErrorCode::kParse, std::move(message),
                   m_file_name + ":" + std::to_string(line) + ":" + std::to_string(column));
}

Error XmlReader::TokenError(std::string message) const { return ErrorAt(m_token_pos, std::move(message)); }

Result<XmlToken> XmlReader::Next() {
  if (!m_error.ok()) return m_error.error();
  if (m_done) return XmlToken::kEnd;
  auto token = ReadToken();
  if (!token.ok() && m_error.ok()) m_error = token.error();
  if (token.ok()) {
    m_token_line = LineOf(m_token_pos);  // the column is counted only when asked for (long lines stay linear)
    if (*token == XmlToken::kEnd) m_done = true;
  }
  return token;
}

Result<XmlToken> XmlReader::ReadToken() {
  m_attributes.clear();
  m_text.clear();
  if (m_pending_end) {  // the end of an empty element <a/>: same name, same position
    m_pending_end = false;
    m_stack.pop_back();
    return XmlToken::kEndElement;
  }
  for (;;) {
    m_token_pos = m_pos;
    if (AtEnd()) {
      if (!m_stack.empty()) {
        return ErrorAt(m_stack.back().second, "<" + m_stack.back().first +
                                                  "> is not closed: the file ends first (is it truncated?)");
      }
      if (!m_seen_root) return ErrorAt(m_pos, "The file has no root element (is it empty or not XML?)");
      return XmlToken::kEnd;
    }
    if (m_text_in[m_pos] != '<' || StartsWith("<![CDATA[")) {
      if (m_stack.empty()) {  // outside the root: white space only
        const size_t start = m_pos;
        SkipSpace();
        if (m_pos == start) {
          return ErrorAt(m_pos, m_seen_root ? "Text after the root element's end tag"
                                            : "Text before the root element (is this an XML file?)");
        }
        continue;
      }
      if (Status s = ReadCharData(); !s.ok()) return s.error();
      return XmlToken::kText;
    }
    if (StartsWith("<!--")) {
      if (Status s = SkipComment(); !s.ok()) return s.error();
      continue;
    }
    if (StartsWith("<?")) {
      if (Status s = SkipProcessingInstruction(); !s.ok()) return s.error();
      continue;
    }
    if (StartsWith("<!DOCTYPE")) return ErrorAt(m_pos, "A document type declaration (DTD) is not supported");
    if (StartsWith("<!")) return ErrorAt(m_pos, "Unknown markup '<!': expected a comment or CDATA section");
    if (StartsWith("</")) {
      if (Status s = ReadEndTag(); !s.ok()) return s.error();
      return XmlToken::kEndElement;
    }
    if (Status s = ReadStartTag(); !s.ok()) return s.error();
    return XmlToken::kStartElement;
  }
}

void XmlReader::SkipSpace() {
  while (!AtEnd() && IsSpace(m_text_in[m_pos])) ++m_pos;
}

Status XmlReader::ReadName(std::string& out) {
  const size_t start = m_pos;
  if (AtEnd() || !IsNameStart(static_cast<unsigned char>(m_text_in[m_pos]))) {
    return ErrorAt(m_pos, "Expected a name here");
  }
  while (!AtEnd() && IsNameChar(static_cast<unsigned char>(m_text_in[m_pos]))) ++m_pos;
  if (Status s = CheckChars(start, m_pos); !s.ok()) return s;
  out.assign(m_text_in.substr(start, m_pos - start));
  return Status::Ok();
}

Status XmlReader::CheckChars(size_t from, size_t to) {
  const std::string_view part = m_text_in.substr(from, to - from);
  for (size_t i = 0; i < part.size(); ++i) {
    const auto c = static_cast<unsigned char>(part[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      return ErrorAt(from + i, "Control character 0x" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                                   std::string(1, "0123456789ABCDEF"[c & 15]) + " is not allowed in XML");
    }
    if (c >= 0x80) {
      // Check the UTF-8 sequence starting here (and reject U+FFFE, U+FFFF, which XML forbids).
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (c < 0xC2 || c > 0xF4 || i + len > part.size() || !IsValidUtf8(part.substr(i, len))) {
        return ErrorAt(from + i, "Ill-formed UTF-8 (XML files must be UTF-8 here)");
      }
      if (len == 3 && c == 0xEF && static_cast<unsigned char>(part[i + 1]) == 0xBF &&
          static_cast<unsigned char>(part[i + 2]) >= 0xBE) {
        return ErrorAt(from + i, "U+FFFE and U+FFFF are not allowed in XML");
      }
      i += len - 1;
    }
  }
  return Status::Ok();
}

Status XmlReader::ReadReference(std::string& out) {
  const size_t start = m_pos;  // at '&'
  const size_t semi = m_text_in.find(';', m_pos);
  if (semi == std::string_view::npos || semi - m_pos > 12) {
    return ErrorAt(start, "'&' must start a reference such as &amp; (a bare '&' is not allowed in XML)");
  }
  const std::string_view ref = m_text_in.substr(m_pos + 1, semi - m_pos - 1);
  m_pos = semi + 1;
  static constexpr std::pair<std::string_view, char> kPredefined[] = {
      {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};
  for (const auto& [entity, c] : kPredefined) {
    if (ref == entity) {
      out += c;
      return Status::Ok();
    }
  }
  if (ref.size() >= 2 && ref[0] == '#') {
    const bool hex = ref[1] == 'x';
    const std::string_view digits = ref.substr(hex ? 2 : 1);
    char32_t value = 0;
    bool ok = !digits.empty() && digits.size() <= 8;
    for (char d : digits) {
      int v = -1;
      if (d >= '0' && d <= '9') v = d - '0';
      else if (hex && (d | 0x20) >= 'a' && (d | 0x20) <= 'f') v = (d | 0x20) - 'a' + 10;
      if (v < 0) ok = false;
      else value = value * (hex ? 16 : 10) + static_cast<char32_t>(v);
    }
    if (!ok || !IsXmlChar(value)) {
      return ErrorAt(start, "&" + std::string(ref) + "; is not a character XML allows");
    }
    AppendUtf8(out, value);
    return Status::Ok();
  }
  return ErrorAt(start, "Unknown entity &" + std::string(ref) +
                            "; (only &lt; &gt; &amp; &apos; &quot; and character references are read; no DTD)");
}

Status XmlReader::ReadStartTag() {
  const size_t start = m_pos;
  ++m_pos;  // '<'
  if (Status s = ReadName(m_name); !s.ok()) return s;
  if (m_stack.empty() && m_seen_root) return ErrorAt(start, "A second root element <" + m_name + ">");
  if (m_stack.size() >= kMaxXmlDepth) {
    return ErrorAt(start, "Elements nest deeper than " + std::to_string(kMaxXmlDepth) + " levels");
  }
  for (;;) {
    const size_t before_space = m_pos;
    SkipSpace();
    if (AtEnd()) return ErrorAt(start, "<" + m_name + " is not closed by '>': the file ends first");
    const char c = m_text_in[m_pos];
    if (c == '>' || StartsWith("/>")) {
      const bool empty = c == '/';
      m_pos += empty ? 2 : 1;
      m_stack.emplace_back(m_name, start);
      m_seen_root = true;
      m_pending_end = empty;
      return Status::Ok();
    }
    if (m_pos == before_space) return ErrorAt(m_pos, "Expected white space, '>' or '/>' in <" + m_name + ">");
    XmlAttribute attribute;
    const size_t attribute_pos = m_pos;
    if (Status s = ReadName(attribute.name); !s.ok()) return s;
    if (Attribute(attribute.name)) {
      return ErrorAt(attribute_pos, "Attribute '" + attribute.name + "' is given twice in <" + m_name + ">");
    }
    SkipSpace();
    if (AtEnd() || m_text_in[m_pos] != '=') return ErrorAt(m_pos, "Expected '=' after attribute " + attribute.name);
    ++m_pos;
    SkipSpace();
    if (AtEnd() || (m_text_in[m_pos] != '"' && m_text_in[m_pos] != '\'')) {
      return ErrorAt(m_pos, "Expected a quoted value for attribute " + attribute.name);
    }
    const char quote = m_text_in[m_pos++];
    const size_t value_start = m_pos;
    for (;;) {
      if (AtEnd()) return ErrorAt(value_start, "The value of attribute " + attribute.name + " is not closed");
      const char v = m_text_in[m_pos];
      if (v == quote) break;
      if (v == '<') return ErrorAt(m_pos, "'<' is not allowed in an attribute value");
      if (v == '&') {
        if (Status s = ReadReference(attribute.value); !s.ok()) return s;
        continue;
      }
      const size_t run = m_pos;
      while (!AtEnd() && m_text_in[m_pos] != quote && m_text_in[m_pos] != '<' && m_text_in[m_pos] != '&') ++m_pos;
      if (Status s = CheckChars(run, m_pos); !s.ok()) return s;
      for (size_t i = run; i < m_pos; ++i) {
        const char ch = m_text_in[i];
        if (ch == '\r' && i + 1 < m_pos && m_text_in[i + 1] == '\n') continue;  // CRLF: one space
        attribute.value += IsSpace(ch) ? ' ' : ch;
      }
    }
    ++m_pos;  // closing quote
    m_attributes.push_back(std::move(attribute));
  }
}

Status XmlReader::ReadEndTag() {
  const size_t start = m_pos;
  m_pos += 2;  // "</"
  if (Status s = ReadName(m_name); !s.ok()) return s;
  SkipSpace();
  if (AtEnd() || m_text_in[m_pos] != '>') return ErrorAt(m_pos, "Expected '>' to close </" + m_name);
  ++m_pos;
  if (m_stack.empty()) return ErrorAt(start, "</" + m_name + "> closes nothing: no element is open");
  if (m_stack.back().first != m_name) {
    size_t line = 0, column = 0;
    LineAndColumn(m_stack.back().second, line, column);
    return ErrorAt(start, "</" + m_name + "> does not match <" + m_stack.back().first + "> opened at line " +
                              std::to_string(line) + ", column " + std::to_string(column));
  }
  m_stack.pop_back();
  return Status::Ok();
}

Status XmlReader::ReadCharData() {
  while (!AtEnd()) {
    if (StartsWith("<![CDATA[")) {
      const size_t start = m_pos;
      const size_t end = m_text_in.find("]]>", m_pos + 9);
      if (end == std::string_view::npos) return ErrorAt(start, "A CDATA section is not closed by ']]>'");
      if (Status s = CheckChars(start + 9, end); !s.ok()) return s;
      AppendNormalized(m_text, m_text_in.substr(start + 9, end - start - 9));
      m_pos = end + 3;
      continue;
    }
    const char c = m_text_in[m_pos];
    if (c == '<') break;
    if (c == '&') {
      if (Status s = ReadReference(m_text); !s.ok()) return s;
      continue;
    }
    const size_t run = m_pos;
    while (!AtEnd() && m_text_in[m_pos] != '<' && m_text_in[m_pos] != '&') ++m_pos;
    const std::string_view part = m_text_in.substr(run, m_pos - run);
    if (const size_t bad = part.find("]]>"); bad != std::string_view::npos) {
      return ErrorAt(run + bad, "']]>' is not allowed in text outside a CDATA section");
    }
    if (Status s = CheckChars(run, m_pos); !s.ok()) return s;
    AppendNormalized(m_text, part);
  }
  return Status::Ok();
}

Status XmlReader::SkipComment() {
  const size_t start = m_pos;
  const size_t end = m_text_in.find("--", m_pos + 4);
  if (end == std::string_view::npos) return ErrorAt(start, "A comment is not closed by '-->'");
  if (end + 2 >= m_text_in.size() || m_text_in[end + 2] != '>') {
    return ErrorAt(end, "'--' is not allowed inside a comment");
  }
  if (Status s = CheckChars(start + 4, end); !s.ok()) return s;
  m_pos = end + 3;
  return Status::Ok();
}

Status XmlReader::SkipProcessingInstruction() {
  const size_t start = m_pos;
  m_pos += 2;
  std::string target;
  if (Status s = ReadName(target); !s.ok()) return s;
  const size_t end = m_text_in.find("?>", m_pos);
  if (end == std::string_view::npos) return ErrorAt(start, "<?" + target + " is not closed by '?>'");
  if (Status s = CheckChars(m_pos, end); !s.ok()) return s;
  const std::string_view body = m_text_in.substr(m_pos, end - m_pos);
  if (!body.empty() && !IsSpace(body[0])) return ErrorAt(m_pos, "Expected white space after <?" + target);
  m_pos = end + 2;
  std::string lower = target;
  for (char& c : lower) c = static_cast<char>(c | 0x20);
  if (lower != "xml") return Status::Ok();  // other processing instructions are skipped
  // The declaration: only at the very start, and only UTF-8.
  if (start != 0 && !(start == 3 && m_text_in.substr(0, 3) == "\xEF\xBB\xBF")) {
    return ErrorAt(start, "The <?xml ...?> declaration is only allowed at the very start of the file");
  }
  if (target != "xml") return ErrorAt(start, "The declaration must be spelled <?xml");
  const size_t enc = body.find("encoding");
  if (enc != std::string_view::npos) {
    size_t q = body.find_first_of("\"'", enc);
    if (q != std::string_view::npos) {
      const size_t q_end = body.find(body[q], q + 1);
      std::string value(body.substr(q + 1, q_end == std::string_view::npos ? 0 : q_end - q - 1));
      for (char& c : value) c = static_cast<char>(c | 0x20);
      if (value != "utf-8" && value != "utf8" && value != "us-ascii") {
        return ErrorAt(start, "Encoding '" + std::string(body.substr(q + 1, q_end == std::string_view::npos
                                                                                  ? 0
                                                                                  : q_end - q - 1)) +
                                  "' is not supported: only UTF-8");
      }
    }
  }
  return Status::Ok();
}

Result<std::string> XmlReader::ReadText() {
  std::string out;
  const std::string element = m_name;
  for (;;) {
    auto token = Next();
    if (!token.ok()) return token.error();
    switch (*token) {
      case XmlToken::kText: out += m_text; break;
      case XmlToken::kEndElement: return out;
      case XmlToken::kStartElement:
        return TokenError("<" + m_name + "> inside <" + element + ">: only text was expected there");
      case XmlToken::kEnd: return TokenError("The file ends inside <" + element + ">");
    }
  }
}

Status XmlReader::SkipElement() {
  const size_t depth = m_stack.size();
  while (m_stack.size() >= depth) {
    auto token = Next();
    if (!token.ok()) return token.error();
    if (*token == XmlToken::kEnd) return TokenError("The file ends inside an element");
  }
  return Status::Ok();
}

}  // namespace medcode::engine
