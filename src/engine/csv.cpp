// csv.cpp: RFC 4180 reader with file:line errors (see csv.h).
#include "engine/csv.h"

namespace medcode::engine {

CsvReader::CsvReader(std::string_view text, std::string file_name, char delimiter)
    : m_text(text), m_file_name(std::move(file_name)), m_delimiter(delimiter) {
  if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = 3;
}

std::string CsvReader::Where() const { return m_file_name + ":" + std::to_string(m_record_line); }

Error CsvReader::RecordError(std::string message) const {
  return MakeError(ErrorCode::kParse, std::move(message), Where());
}

Result<bool> CsvReader::Next(std::vector<std::string_view>& fields) {
  fields.clear();
  // Skip blank lines between records.
  while (m_pos < m_text.size() && (m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) SkipLineEnd();
  if (m_pos >= m_text.size()) return false;
  m_record_line = m_line;
  m_buffer.clear();
  m_spans.clear();
  for (;;) {  // one field per iteration
    const size_t start = m_buffer.size();
    if (m_pos < m_text.size() && m_text[m_pos] == '"') {
      const size_t quote_line = m_line;
      ++m_pos;
      for (;;) {
        const size_t q = m_text.find('"', m_pos);
        if (q == std::string_view::npos) {
          return MakeError(ErrorCode::kParse, "A quoted field is never closed (the file may be truncated)",
                           m_file_name + ":" + std::to_string(quote_line));
        }
        for (size_t i = m_pos; i < q; ++i) {
          if (m_text[i] == '\n' || (m_text[i] == '\r' && (i + 1 >= m_text.size() || m_text[i + 1] != '\n'))) ++m_line;
        }
        m_buffer.append(m_text.substr(m_pos, q - m_pos));
        m_pos = q + 1;
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {  // "" inside a quoted field is one quote
          m_buffer.push_back('"');
          ++m_pos;
          continue;
        }
        break;
      }
      if (m_pos < m_text.size() && m_text[m_pos] != m_delimiter && m_text[m_pos] != '\n' && m_text[m_pos] != '\r') {
        return MakeError(ErrorCode::kParse,
                         std::string("Unexpected text after a closing quote (a quote inside a field must be doubled)"),
                         m_file_name + ":" + std::to_string(m_line));
      }
    } else {
      size_t end = m_pos;
      while (end < m_text.size() && m_text[end] != m_delimiter && m_text[end] != '\n' && m_text[end] != '\r') ++end;
      m_buffer.append(m_text.substr(m_pos, end - m_pos));
      m_pos = end;
    }
    m_spans.emplace_back(start, m_buffer.size() - start);
    if (m_pos < m_text.size() && m_text[m_pos] == m_delimiter) {
      ++m_pos;
      continue;
    }
    // End of record: CRLF, LF, lone CR or end of input.
    if (m_pos < m_text.size()) SkipLineEnd();
    break;
  }
  fields.reserve(m_spans.size());
  for (const auto& [offset, length] : m_spans) fields.emplace_back(m_buffer.data() + offset, length);
  return true;
}

void CsvReader::SkipLineEnd() {
  if (m_text[m_pos] == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n') ++m_pos;
  ++m_pos;
  ++m_line;
}

Status CsvReader::ReadHeader() {
  std::vector<std::string_view> fields;
  auto row = Next(fields);
  if (!row.ok()) return row.error();
  if (!*row) return MakeError(ErrorCode::kParse, "The file is empty: expected a header row", m_file_name + ":1");
  m_header.assign(fields.begin(), fields.end());
  return Status::Ok();
}

Result<size_t> CsvReader::Column(std::string_view name) const {
  for (size_t i = 0; i < m_header.size(); ++i) {
    if (m_header[i] == name) return i;
  }
  std::string have;
  for (const auto& h : m_header) have += (have.empty() ? "" : ", ") + h;
  return MakeError(ErrorCode::kParse,
                   "The header has no column '" + std::string(name) + "' (it has: " + have + ")",
                   m_file_name + ":1");
}

}  // namespace medcode::engine

namespace medcode::engine {

Result<std::vector<size_t>> CsvReader::Columns(std::initializer_list<std::string_view> names) const {
  std::vector<size_t> out;
  for (std::string_view name : names) {
    auto c = Column(name);
    if (!c.ok()) return c.error();
    out.push_back(*c);
  }
  return out;
}

}  // namespace medcode::engine
