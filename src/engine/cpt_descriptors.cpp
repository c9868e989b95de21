// cpt_descriptors.cpp: parsing a user's licensed CPT descriptor file (see cpt_descriptors.h).
#include "engine/cpt_descriptors.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_set>

#include "engine/csv.h"
#include "engine/text.h"

namespace medcode::engine {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsLevel2Shape(std::string_view code) {
  return code.size() == 5 && std::isalpha(static_cast<unsigned char>(code[0])) &&
         std::all_of(code.begin() + 1, code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// The first header column whose lower-case name contains one of `needles` (tried in order).
std::optional<size_t> FindColumn(const std::vector<std::string_view>& header,
                                 std::initializer_list<const char*> needles) {
  for (const char* needle : needles) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (Lower(header[i]).find(needle) != std::string::npos) return i;
    }
  }
  return std::nullopt;
}

}  // namespace

bool IsCptCodeShape(std::string_view code) {
  if (code.size() != 5) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(code[i]))) return false;
  }
  const char last = static_cast<char>(std::toupper(static_cast<unsigned char>(code[4])));
  return std::isdigit(static_cast<unsigned char>(last)) || last == 'F' || last == 'T' || last == 'U';
}

Result<CptDescriptorFile> ParseCptDescriptors(std::string_view bytes, const std::string& file_name) {
  auto text = DecodeDocumentText(bytes, file_name);
  if (!text.ok()) return text.error();
  const std::string_view all = *text;
  const std::string_view first_line = all.substr(0, all.find('\n'));
  CsvReader reader(all, file_name, first_line.find('\t') != std::string_view::npos ? '\t' : ',');

  CptDescriptorFile out;
  std::unordered_set<std::string> seen;
  std::vector<std::string_view> fields;
  size_t code_col = 0, desc_col = 1;
  bool first = true;
  for (;;) {
    auto row = reader.Next(fields);
    if (!row.ok()) return row.error();
    if (!*row) break;
    if (first) {
      first = false;
      const std::string code = Upper(Trim(fields[0]));
      if (!IsCptCodeShape(code) && !IsLevel2Shape(code)) {
        // A header row: find the code and descriptor columns by name.
        auto c = FindColumn(fields, {"cpt", "hcpcs", "code"});
        auto d = FindColumn(fields, {"desc"});
        if (!c || !d || *c == *d) {
          return reader.RecordError(
              "The first row is neither a CPT code nor a header naming a code column and a descriptor column "
              "(e.g. \"CPT Code<TAB>Long Descriptor\"); it reads " + QuoteForMessage(first_line));
        }
        code_col = *c;
        desc_col = *d;
        continue;
      }
    }
    if (fields.size() <= std::max(code_col, desc_col)) {
      return reader.RecordError("Expected a code and a descriptor, found " + std::to_string(fields.size()) +
                                " column(s); separate them with a tab or a comma");
    }
    const std::string code = Upper(Trim(fields[code_col]));
    const std::string_view descriptor = Trim(fields[desc_col]);
    if (IsLevel2Shape(code)) {
      ++out.level2_skipped;
      continue;
    }
    if (!IsCptCodeShape(code)) {
      return reader.RecordError(QuoteForMessage(fields[code_col]) +
                                " is not a CPT code (5 digits, or 4 digits and F, T or U)");
    }
    if (descriptor.empty()) return reader.RecordError("CPT code " + code + " has an empty descriptor");
    if (!seen.insert(code).second) {
      ++out.duplicates;
      continue;
    }
    out.rows.push_back({code, std::string(descriptor)});
  }
  if (out.rows.empty()) {
    return MakeError(ErrorCode::kParse, "The file holds no CPT codes with descriptors", file_name);
  }
  return out;
}

}  // namespace medcode::engine
