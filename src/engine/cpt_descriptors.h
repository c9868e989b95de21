// cpt_descriptors.h: reading a CPT descriptor file the user holds an AMA licence for. CPT descriptors are © AMA and
// never ship with Medcode (the code-set pack carries CPT code numbers only); a practice that licenses CPT imports its
// own file, which is kept in the user's local database (UserStore) and used for search and display. Removable.
//
// Accepted files: text (UTF-8, UTF-16 or Windows-1252, as DecodeDocumentText reads them), tab-separated when the
// first line has a tab, else comma-separated (RFC 4180 quoting). One code and one descriptor per row:
//   - with a header row (its code field is not shaped like a code): the code column is the first whose name contains
//     "code" (a "CPT code" / "HCPCS" column is preferred), the descriptor column the first whose name contains
//     "desc" (e.g. "Long descriptor", "DESCRIPTION");
//   - without one: the code in the first column, the descriptor in the second.
// HCPCS Level II rows (a letter + 4 digits) are skipped and counted: their text comes from CMS with the pack.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace medcode::engine {

struct CptDescriptor {
  std::string code;        // "99213", "0001U", "1111F", "0042T"
  std::string descriptor;  // as the file gives it, trimmed
};

struct CptDescriptorFile {
  std::vector<CptDescriptor> rows;  // in file order, one per code
  int level2_skipped = 0;           // HCPCS Level II rows skipped
  int duplicates = 0;               // repeated codes: the first row's descriptor is kept
};

// True for the shape of a CPT code: 5 digits, or 4 digits and F (Category II), T (Category III) or U (PLA).
bool IsCptCodeShape(std::string_view code);

// Parses a descriptor file. Errors name the file and line: not a code, an empty descriptor, too few columns, no
// rows at all, and whatever DecodeDocumentText refuses (binary, too large).
Result<CptDescriptorFile> ParseCptDescriptors(std::string_view bytes, const std::string& file_name);

}  // namespace medcode::engine
