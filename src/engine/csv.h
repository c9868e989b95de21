// csv.h: reading the CSV and tab-separated reference files (CMS, CDC) the code-set compiler takes as input.
// RFC 4180: fields may be quoted, quotes inside are doubled, quoted fields may hold delimiters and line breaks;
// CRLF or LF line ends; a UTF-8 byte-order mark is skipped. Malformed input is an Error naming the file and line.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace medcode::engine {

class CsvReader {
 public:
  // `text` must outlive the reader. `file_name` is used in error locations ("file.csv:12").
  CsvReader(std::string_view text, std::string file_name, char delimiter = ',');

  // Reads the next record into `fields` (views valid until the next call). Returns false at the end of the input.
  // Blank lines are skipped. Errors: kParse for an unterminated quoted field or text after a closing quote.
  Result<bool> Next(std::vector<std::string_view>& fields);

  // Reads the first record as the header; Column() then finds fields by name.
  Status ReadHeader();
  // Index of the header column `name`; kParse error naming the file and the columns it has when missing.
  Result<size_t> Column(std::string_view name) const;
  // Indices of several header columns, in the order named; the first missing one is the error.
  Result<std::vector<size_t>> Columns(std::initializer_list<std::string_view> names) const;
  const std::vector<std::string>& header() const { return m_header; }

  // 1-based line where the record last returned by Next() starts.
  size_t line() const { return m_record_line; }
  const std::string& file_name() const { return m_file_name; }
  // "file.csv:12": the location of the last record, for errors about its content.
  std::string Where() const;
  // An Error about the last record's content ("column 'units' is 'abc', not a number").
  Error RecordError(std::string message) const;

 private:
  void SkipLineEnd();  // at a CR or LF: steps over CRLF, LF or a lone CR (old Mac files) and counts the line

  std::string_view m_text;
  std::string m_file_name;
  char m_delimiter;
  size_t m_pos = 0;
  size_t m_line = 1;         // line of m_pos
  size_t m_record_line = 0;  // line where the last record started
  std::string m_buffer;      // unescaped field text of the current record
  std::vector<std::pair<size_t, size_t>> m_spans;  // (offset, length) of each field in m_buffer
  std::vector<std::string> m_header;
};

}  // namespace medcode::engine
