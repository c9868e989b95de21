// codeset_hcpcs.cpp: the HCPCS part of the code-set pack (see codeset_hcpcs.h for what it holds and how to read it).
//
// [SECTION] Inputs and tables
// [SECTION] Field checks
// [SECTION] Reading the raw files (July 2024 attributes, descriptions, NOC list, RBCS; July 2026 code list)
// [SECTION] Modifiers (two lists merged per code)
// [SECTION] Writing the tables and the editions
// [SECTION] Reading the pack
//
// Merging rules, applied in this order (each reader adds to one map keyed by the upper-case code, so the output is
// sorted and the pack's bytes are reproducible):
//   attributes  -> a Level II code in the July 2024 file, with its attributes; a code listed twice is an error.
//   descriptions-> its Long text (exactly one per code) and its distinct Short texts in file order (the file repeats
//                  most short texts; two codes have two different ones). D codes must have empty text (CDT, © ADA).
//   2026 list   -> in_2026q3; a code the July 2024 files lack gets description_status kNotInJuly2024.
//   NOC list    -> the noc flag; a NOC code missing from the July 2024 file is an error (same release).
//   RBCS        -> the classification with the latest RBCS effective date (earlier rows are history); a number that
//                  is not a Level II code is a CPT code number (level 1), stored without any descriptor.
#include "engine/codeset_hcpcs.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "engine/codeset_build.h"
#include "engine/date.h"

namespace medcode::engine {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Inputs and tables
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Inputs, relative to the raw folder (codesets/ decompressed).
constexpr const char* kHcpcsAttributes = "hcpcs/2024jul/hcpcs_level2_attributes_2024jul.csv";
constexpr const char* kHcpcsDescriptions = "hcpcs/2024jul/hcpcs_level2_descriptions_2024jul.csv";
constexpr const char* kHcpcsNoc = "hcpcs/2024jul/hcpcs_level2_noc_codes_2024jul.csv";
constexpr const char* kHcpcsModifiers = "hcpcs/2024jul/modifiers_level1_level2.csv";
constexpr const char* kHcpcsModifiersAdditional = "hcpcs/2024jul/modifiers_additional.csv";
constexpr const char* kHcpcsRbcs = "hcpcs/2024jul/rbcs_restructured_betos.csv";
constexpr const char* kHcpcs2026Q3 = "hcpcs/2026q3-codes-only/hcpcs_level2_2026q3_codes-only.txt";

constexpr const char* kEdition2024 = "2024 July";  // every hcpcs/2024jul file (modifier lists and RBCS: June 2024)
constexpr const char* kEdition2026 = "2026 Q3";    // the July 2026 code list

// RBCS's end date for a code number still in use.
constexpr const char* kOpenEndDate = "9999-12-31";

// hcpcs_code.rbcs_class points into hcpcs_rbcs_class (0: RBCS does not list the code); the few hundred distinct
// classifications are stored once instead of on each of ~15,500 codes. short_descriptions are '\n'-separated.
constexpr const char* kHcpcsSchema =
    "CREATE TABLE hcpcs_rbcs_class(id INTEGER PRIMARY KEY, procedure TEXT NOT NULL, category TEXT NOT NULL,"
    "  subcategory TEXT NOT NULL, family TEXT NOT NULL);"
    "CREATE TABLE hcpcs_code(code TEXT PRIMARY KEY, level INTEGER NOT NULL, in_2024jul INTEGER NOT NULL,"
    "  in_2026q3 INTEGER NOT NULL, noc INTEGER NOT NULL, description_status INTEGER NOT NULL,"
    "  long_description TEXT NOT NULL, short_descriptions TEXT NOT NULL, pricing TEXT NOT NULL,"
    "  multiple_pricing TEXT NOT NULL, coverage TEXT NOT NULL, betos TEXT NOT NULL, type_of_service TEXT NOT NULL,"
    "  action TEXT NOT NULL, cross_reference TEXT NOT NULL, date_added TEXT NOT NULL, date_terminated TEXT NOT NULL,"
    "  date_action TEXT NOT NULL, rbcs_class INTEGER NOT NULL, rbcs_effective TEXT NOT NULL,"
    "  rbcs_code_added TEXT NOT NULL, rbcs_code_ended TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE hcpcs_modifier(code TEXT PRIMARY KEY, type TEXT NOT NULL, also_cpt INTEGER NOT NULL,"
    "  categories TEXT NOT NULL, description TEXT NOT NULL, additional_description TEXT NOT NULL) WITHOUT ROWID;";

struct RbcsClass {
  std::string procedure, category, subcategory, family;
  auto Key() const { return std::tie(procedure, category, subcategory, family); }
  bool operator<(const RbcsClass& o) const { return Key() < o.Key(); }
};

struct HcpcsRow {
  HcpcsCode code;  // code.code, rbcs_* text filled from `rbcs` when written
  bool in_descriptions = false;
  bool has_rbcs = false;
  RbcsClass rbcs;
};

using HcpcsTable = std::map<std::string, HcpcsRow>;  // by code: sorted, so the pack is reproducible

struct ModifierRow {
  HcpcsModifier m;
  bool hcpcs = false, cpt = false;
  std::vector<std::string> categories;  // distinct, first appearance first
  std::vector<std::string> additional;  // distinct non-empty texts of modifiers_additional.csv
};

using ModifierTable = std::map<std::string, ModifierRow>;

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Field checks
// ---------------------------------------------------------------------------------------------------------------

bool IsUpperOrDigit(char c) {
  return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
}
bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A HCPCS Level II code: a letter and 4 digits ("E0601").
bool IsLevel2Code(std::string_view code) {
  return code.size() == 5 && std::isupper(static_cast<unsigned char>(code[0])) && AllDigits(code.substr(1));
}
// A CPT code number: 4 digits and a digit or letter ("99213", "0001A", "1234F", "0042T", "0001U").
bool IsCptNumber(std::string_view code) {
  return code.size() == 5 && AllDigits(code.substr(0, 4)) && IsUpperOrDigit(code[4]);
}
// A modifier: 1 or 2 letters or digits ("59", "RT", "1P"; single letters are ambulance origin/destination codes).
bool IsModifierCode(std::string_view code) {
  return (code.size() == 1 || code.size() == 2) && IsUpperOrDigit(code[0]) && IsUpperOrDigit(code.back());
}

Result<std::string> Level2CodeField(const CsvReader& reader, std::string_view field) {
  if (!IsLevel2Code(field)) {
    return reader.RecordError("'" + std::string(field) + "' is not a HCPCS Level II code (a letter and 4 digits)");
  }
  return std::string(field);
}

// A YYYY-MM-DD date (RBCS's open end "9999-12-31" included), or empty when `required` is false.
Status CheckDateField(const CsvReader& reader, std::string_view field, const char* column, bool required) {
  if (field.empty() && !required) return Status::Ok();
  if (field == kOpenEndDate) return Status::Ok();
  if (field.size() == 10 && field[4] == '-' && field[7] == '-' && ParseDate(field).ok()) return Status::Ok();
  return reader.RecordError(std::string("Column '") + column + "' should be a date YYYY-MM-DD" +
                            (required ? "" : " or empty") + ", not '" + std::string(field) + "'");
}

// Pricing indicators: two-digit numbers, ':'-separated when a code has several ("11:21").
Status CheckPricingField(const CsvReader& reader, std::string_view field) {
  size_t start = 0;
  for (;;) {
    const size_t end = std::min(field.find(':', start), field.size());
    const std::string_view part = field.substr(start, end - start);
    if (part.size() != 2) {
      return reader.RecordError("Column 'price' should hold two-digit pricing indicators (\"51\", \"11:21\"), not '" +
                                std::string(field) + "'");
    }
    if (auto n = ParseIntField(reader, part, "price"); !n.ok()) return n.error();
    if (end == field.size()) return Status::Ok();
    start = end + 1;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading the raw files
// ---------------------------------------------------------------------------------------------------------------

// July 2024 attributes: one row per Level II code (no D codes).
Status ReadAttributes(InputFile& file, HcpcsTable& codes) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto cols = reader.Columns({"hcpcs_code", "price", "multi", "cov", "betos", "tos", "action", "xref", "date_added",
                               "date_term", "date_action"});
  if (!cols.ok()) return cols.error();
  enum { kCode, kPrice, kMulti, kCov, kBetos, kTos, kAction, kXref, kAdded, kTerm, kActionDate };
  const std::vector<size_t>& c = *cols;
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = Level2CodeField(reader, f[c[kCode]]);
    if (!code.ok()) return code.error();
    if (Status s = CheckPricingField(reader, f[c[kPrice]]); !s.ok()) return s;
    if (Status s = CheckDateField(reader, f[c[kAdded]], "date_added", true); !s.ok()) return s;
    if (Status s = CheckDateField(reader, f[c[kTerm]], "date_term", false); !s.ok()) return s;
    if (Status s = CheckDateField(reader, f[c[kActionDate]], "date_action", false); !s.ok()) return s;
    if (f[c[kCov]].size() != 1 || !HcpcsCoverageText(f[c[kCov]])[0]) {
      return reader.RecordError("Column 'cov' should be one coverage code (C, D, I, M or S), not '" +
                                std::string(f[c[kCov]]) + "'");
    }
    auto [it, fresh] = codes.try_emplace(*code);
    if (!fresh) return reader.RecordError("HCPCS code " + *code + " is listed twice");
    HcpcsCode& h = it->second.code;
    h.code = *code;
    h.in_2024jul = true;
    h.pricing = f[c[kPrice]];
    h.multiple_pricing = f[c[kMulti]];
    h.coverage = f[c[kCov]];
    h.betos = f[c[kBetos]];
    h.type_of_service = f[c[kTos]];
    h.action = f[c[kAction]];
    h.cross_reference = f[c[kXref]];
    h.date_added = f[c[kAdded]];
    h.date_terminated = f[c[kTerm]];
    h.date_action = f[c[kActionDate]];
    return Status::Ok();
  });
}

// July 2024 descriptions: a Long row per code and Short rows (repeated, sometimes different). D codes carry none.
Status ReadDescriptions(InputFile& file, HcpcsTable& codes) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto cols = reader.Columns({"hcpcs_code", "desc_type", "description"});
  if (!cols.ok()) return cols.error();
  const size_t c_code = (*cols)[0], c_type = (*cols)[1], c_desc = (*cols)[2];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = Level2CodeField(reader, f[c_code]);
    if (!code.ok()) return code.error();
    const std::string_view type = f[c_type], text = f[c_desc];
    if (type != "Long" && type != "Short") {
      return reader.RecordError("Column 'desc_type' should be Long or Short, not '" + std::string(type) + "'");
    }
    const bool dental = (*code)[0] == 'D';
    if (dental && !text.empty()) {
      return reader.RecordError("Dental code " + *code +
                                " has a description: CDT descriptors (© ADA) may not be distributed; empty the "
                                "field in codesets/hcpcs (see its SOURCE.md)");
    }
    if (!dental && text.empty()) return reader.RecordError("HCPCS code " + *code + " has an empty description");
    HcpcsRow& r = codes[*code];
    r.code.code = *code;
    r.code.in_2024jul = true;
    r.in_descriptions = true;
    if (type == "Long") {
      if (!r.code.long_description.empty()) {
        return reader.RecordError("HCPCS code " + *code + " has a second Long description");
      }
      r.code.long_description = text;
    } else if (!text.empty()) {
      auto& shorts = r.code.short_descriptions;
      if (std::find(shorts.begin(), shorts.end(), text) == shorts.end()) shorts.emplace_back(text);
    }
    return Status::Ok();
  });
}

// July 2026 code list: one Level II code per line, nothing else.
Status Read2026Q3(InputFile& file, HcpcsTable& codes) {
  std::istringstream in(file.text);
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string where = file.info.path + ":" + std::to_string(line_no);
    if (!IsLevel2Code(line)) {
      return MakeError(ErrorCode::kParse, "'" + line + "' is not a HCPCS Level II code (a letter and 4 digits)", where);
    }
    HcpcsRow& r = codes[line];
    if (r.code.in_2026q3) return MakeError(ErrorCode::kParse, "HCPCS code " + line + " is listed twice", where);
    r.code.code = line;
    r.code.in_2026q3 = true;
    ++file.info.rows;
  }
  return Status::Ok();
}

// July 2024 NOC list: the flag only (its long descriptions repeat the descriptions file's).
Status ReadNoc(InputFile& file, HcpcsTable& codes) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c_code = reader.Column("hcpcs");
  if (!c_code.ok()) return c_code.error();
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = Level2CodeField(reader, f[*c_code]);
    if (!code.ok()) return code.error();
    auto it = codes.find(*code);
    if (it == codes.end() || !it->second.code.in_2024jul) {
      return reader.RecordError("NOC code " + *code + " is not in the July 2024 HCPCS file");
    }
    it->second.code.noc = true;
    return Status::Ok();
  });
}

// RBCS: code number -> classification, one row per RBCS effective date; the latest one is kept.
Status ReadRbcs(InputFile& file, HcpcsTable& codes) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto cols = reader.Columns({"hcpcs_code", "rbcs_procedure", "rbcs_category", "rbcs_subcategory", "rbcs_family",
                               "hcpcs_date_added", "hcpcs_date_ended", "rbcs_date_effective"});
  if (!cols.ok()) return cols.error();
  enum { kCode, kProcedure, kCategory, kSubcategory, kFamily, kAdded, kEnded, kEffective };
  const std::vector<size_t>& c = *cols;
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    const std::string_view code = f[c[kCode]];
    const bool level2 = IsLevel2Code(code);
    if (!level2 && !IsCptNumber(code)) {
      return reader.RecordError("'" + std::string(code) +
                                "' is neither a HCPCS Level II code (E0601) nor a CPT code number (99213, 0001A)");
    }
    if (Status s = CheckDateField(reader, f[c[kAdded]], "hcpcs_date_added", true); !s.ok()) return s;
    if (Status s = CheckDateField(reader, f[c[kEnded]], "hcpcs_date_ended", true); !s.ok()) return s;
    if (Status s = CheckDateField(reader, f[c[kEffective]], "rbcs_date_effective", true); !s.ok()) return s;
    if (f[c[kCategory]].empty()) return reader.RecordError("Column 'rbcs_category' is empty");
    HcpcsRow& r = codes[std::string(code)];
    r.code.code = code;
    r.code.level = level2 ? 2 : 1;
    // Dates compare as text (YYYY-MM-DD). Ties keep the first row.
    if (r.has_rbcs && f[c[kEffective]] <= r.code.rbcs_effective) return Status::Ok();
    r.has_rbcs = true;
    r.rbcs = {std::string(f[c[kProcedure]]), std::string(f[c[kCategory]]), std::string(f[c[kSubcategory]]),
              std::string(f[c[kFamily]])};
    r.code.rbcs_effective = f[c[kEffective]];
    r.code.rbcs_code_added = f[c[kAdded]];
    r.code.rbcs_code_ended = f[c[kEnded]];
    return Status::Ok();
  });
}

// Why a code has no text, once every file has been read.
void SetDescriptionStatus(HcpcsTable& codes) {
  for (auto& [code, r] : codes) {
    HcpcsCode& h = r.code;
    if (!h.long_description.empty()) {
      h.description_status = HcpcsDescriptionStatus::kDescribed;
    } else if (h.level == 1) {
      h.description_status = HcpcsDescriptionStatus::kCptNumberOnly;
    } else if (code[0] == 'D' && r.in_descriptions) {
      h.description_status = HcpcsDescriptionStatus::kDentalRemoved;
    } else if (h.in_2026q3 && !h.in_2024jul) {
      h.description_status = HcpcsDescriptionStatus::kNotInJuly2024;
    } else {
      h.description_status = HcpcsDescriptionStatus::kRbcsOnly;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Modifiers
// ---------------------------------------------------------------------------------------------------------------
// modifiers_level1_level2.csv gives the type (HCPCS or CPT), a category and the CMS description (emptied on CPT
// rows); modifiers_additional.csv gives more categories and sometimes a longer CMS text. Merged per code:
//   type: HCPCS when any row says HCPCS (also_cpt when a CPT row exists too: P1-P6); CPT when only CPT rows; "" when
//         only modifiers_additional.csv lists it (the single-letter ambulance origin/destination codes).
//   categories: every non-empty category of both files, distinct, in file order (level1_level2 first).
//   description: the first non-empty level1_level2 text (KX's two rows share it), else the first non-empty
//         additional text; additional_description: the first additional text that differs from it.
// A CPT-only modifier with text in either file fails the build: CPT modifier descriptors are © AMA.

void AddCategory(ModifierRow& r, std::string_view category) {
  if (category.empty()) return;
  if (std::find(r.categories.begin(), r.categories.end(), category) == r.categories.end()) {
    r.categories.emplace_back(category);
  }
}

Result<std::string> ModifierCodeField(const CsvReader& reader, std::string_view field) {
  if (!IsModifierCode(field)) {
    return reader.RecordError("'" + std::string(field) + "' is not a modifier (1 or 2 letters or digits)");
  }
  return std::string(field);
}

Error CptTextError(const CsvReader& reader, const std::string& code) {
  return reader.RecordError("CPT modifier " + code +
                            " has a description: CPT text (© AMA) may not be distributed; empty the field in "
                            "codesets/hcpcs (see its SOURCE.md)");
}

Status ReadModifiers(InputFile& file, ModifierTable& mods) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto cols = reader.Columns({"mod_code", "mod_type", "mod_category", "mod_description"});
  if (!cols.ok()) return cols.error();
  const size_t c_code = (*cols)[0], c_type = (*cols)[1], c_category = (*cols)[2], c_desc = (*cols)[3];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = ModifierCodeField(reader, f[c_code]);
    if (!code.ok()) return code.error();
    const std::string_view type = f[c_type], text = f[c_desc];
    if (type != "HCPCS" && type != "CPT") {
      return reader.RecordError("Column 'mod_type' should be HCPCS or CPT, not '" + std::string(type) + "'");
    }
    if (type == "CPT" && !text.empty()) return CptTextError(reader, *code);
    ModifierRow& r = mods[*code];
    r.m.code = *code;
    (type == "HCPCS" ? r.hcpcs : r.cpt) = true;
    AddCategory(r, f[c_category]);
    if (r.m.description.empty()) r.m.description = text;
    return Status::Ok();
  });
}

Status ReadModifiersAdditional(InputFile& file, ModifierTable& mods) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto cols = reader.Columns({"modifier", "type", "description"});
  if (!cols.ok()) return cols.error();
  const size_t c_code = (*cols)[0], c_type = (*cols)[1], c_desc = (*cols)[2];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = ModifierCodeField(reader, f[c_code]);
    if (!code.ok()) return code.error();
    ModifierRow& r = mods[*code];
    r.m.code = *code;
    const std::string_view text = f[c_desc];
    if (r.cpt && !r.hcpcs && !text.empty()) return CptTextError(reader, *code);
    AddCategory(r, f[c_type]);
    if (!text.empty() && std::find(r.additional.begin(), r.additional.end(), text) == r.additional.end()) {
      r.additional.emplace_back(text);
    }
    return Status::Ok();
  });
}

void FinishModifiers(ModifierTable& mods) {
  for (auto& [code, r] : mods) {
    r.m.type = r.hcpcs ? "HCPCS" : r.cpt ? "CPT" : "";
    r.m.also_cpt = r.hcpcs && r.cpt;
    for (const auto& c : r.categories) r.m.categories += (r.m.categories.empty() ? "" : "; ") + c;
    for (const auto& text : r.additional) {
      if (r.m.description.empty()) {
        r.m.description = text;
      } else if (text != r.m.description) {
        r.m.additional_description = text;
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Writing the tables and the editions
// ---------------------------------------------------------------------------------------------------------------

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

Status WriteCodes(Database& db, const HcpcsTable& codes) {
  // Classification ids in sorted order of their text: deterministic.
  std::map<RbcsClass, int64_t> classes;
  for (const auto& [code, r] : codes) {
    if (r.has_rbcs) classes.emplace(r.rbcs, 0);
  }
  auto cls = db.Prepare("INSERT INTO hcpcs_rbcs_class VALUES(?,?,?,?,?)");
  if (!cls.ok()) return cls.error();
  int64_t next_id = 1;
  for (auto& [c, id] : classes) {
    id = next_id++;
    cls->Reset();
    cls->Bind(1, id).Bind(2, c.procedure).Bind(3, c.category).Bind(4, c.subcategory).Bind(5, c.family);
    if (Status s = cls->Run(); !s.ok()) return s;
  }
  auto ins = db.Prepare("INSERT INTO hcpcs_code VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [code, r] : codes) {
    const HcpcsCode& h = r.code;
    ins->Reset();
    ins->Bind(1, h.code).Bind(2, int64_t{h.level}).Bind(3, int64_t{h.in_2024jul}).Bind(4, int64_t{h.in_2026q3});
    ins->Bind(5, int64_t{h.noc}).Bind(6, static_cast<int64_t>(h.description_status)).Bind(7, h.long_description);
    ins->Bind(8, JoinLines(h.short_descriptions)).Bind(9, h.pricing).Bind(10, h.multiple_pricing);
    ins->Bind(11, h.coverage).Bind(12, h.betos).Bind(13, h.type_of_service).Bind(14, h.action);
    ins->Bind(15, h.cross_reference).Bind(16, h.date_added).Bind(17, h.date_terminated).Bind(18, h.date_action);
    ins->Bind(19, r.has_rbcs ? classes.at(r.rbcs) : int64_t{0}).Bind(20, h.rbcs_effective);
    ins->Bind(21, h.rbcs_code_added).Bind(22, h.rbcs_code_ended);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status WriteModifiers(Database& db, const ModifierTable& mods) {
  auto ins = db.Prepare("INSERT INTO hcpcs_modifier VALUES(?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [code, r] : mods) {
    ins->Reset();
    ins->Bind(1, r.m.code).Bind(2, r.m.type).Bind(3, int64_t{r.m.also_cpt}).Bind(4, r.m.categories);
    ins->Bind(5, r.m.description).Bind(6, r.m.additional_description);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

// Counts for the edition notes, computed from what was compiled (never typed by hand).
struct HcpcsCounts {
  int64_t attributes = 0, described = 0, dental = 0, noc = 0, rbcs_level2 = 0, cpt = 0;
  int64_t listed_2026 = 0, new_after_2024 = 0, terminated_listed_2026 = 0;
};

HcpcsCounts Count(const HcpcsTable& codes) {
  HcpcsCounts n;
  for (const auto& [code, r] : codes) {
    const HcpcsCode& h = r.code;
    n.attributes += !h.date_added.empty();
    n.described += h.described();
    n.dental += h.description_status == HcpcsDescriptionStatus::kDentalRemoved;
    n.noc += h.noc;
    n.rbcs_level2 += r.has_rbcs && h.level == 2;
    n.cpt += h.level == 1;
    n.listed_2026 += h.in_2026q3;
    n.new_after_2024 += h.description_status == HcpcsDescriptionStatus::kNotInJuly2024;
    n.terminated_listed_2026 += h.in_2026q3 && !h.date_terminated.empty();
  }
  return n;
}

}  // namespace

Status CompileHcpcs(PackBuild& build) {
  InputFile* in[7] = {};
  const char* const paths[7] = {kHcpcsAttributes, kHcpcsDescriptions, kHcpcsNoc,   kHcpcsModifiers,
                                kHcpcsModifiersAdditional, kHcpcsRbcs, kHcpcs2026Q3};
  for (int i = 0; i < 7; ++i) {
    auto f = build.Read(paths[i], "hcpcs", i == 6 ? kEdition2026 : kEdition2024);
    if (!f.ok()) return f.error();
    in[i] = *f;
  }
  HcpcsTable codes;
  if (Status s = ReadAttributes(*in[0], codes); !s.ok()) return s;
  if (Status s = ReadDescriptions(*in[1], codes); !s.ok()) return s;
  if (Status s = Read2026Q3(*in[6], codes); !s.ok()) return s;
  if (Status s = ReadNoc(*in[2], codes); !s.ok()) return s;
  if (Status s = ReadRbcs(*in[5], codes); !s.ok()) return s;
  SetDescriptionStatus(codes);
  ModifierTable mods;
  if (Status s = ReadModifiers(*in[3], mods); !s.ok()) return s;
  if (Status s = ReadModifiersAdditional(*in[4], mods); !s.ok()) return s;
  FinishModifiers(mods);

  Database& db = build.db();
  if (Status s = db.Exec(kHcpcsSchema); !s.ok()) return s;
  if (Status s = WriteCodes(db, codes); !s.ok()) return s;
  if (Status s = WriteModifiers(db, mods); !s.ok()) return s;

  const HcpcsCounts n = Count(codes);
  const auto str = [](int64_t v) { return std::to_string(v); };
  build.AddEdition(
      {"hcpcs", kEdition2024, "2024-07-01", "2024-09-30",
       "CMS HCPCS Level II file, July 2024 quarter (derived CSV): " + str(n.described) +
           " codes with long and short descriptions and pricing, coverage, BETOS, TOS, action and dates (" +
           str(n.attributes) + " with attributes); " + str(n.dental) +
           " dental D codes without descriptions (CDT text, (c) ADA, removed) and without attributes; " +
           str(n.noc) + " not-otherwise-classified codes flagged. " + str(mods.size()) +
           " modifiers from two lists merged per code (CPT modifier text removed, (c) AMA). Restructured BETOS "
           "(June 2024) classifies " + str(n.rbcs_level2) + " Level II codes and " + str(n.cpt) +
           " CPT code numbers (numbers only: no CPT descriptors)."});
  build.AddEdition(
      {"hcpcs", kEdition2026, "2026-07-01", "2026-09-30",
       "July 2026 code list: " + str(n.listed_2026) +
           " Level II codes, validity only (no descriptions, attributes or modifiers). " + str(n.new_after_2024) +
           " codes added after July 2024 have no description or attributes here (marked, never invented). Like the "
           "CMS file, the list keeps terminated codes: " + str(n.terminated_listed_2026) +
           " of its codes have a termination date in the July 2024 file; terminations after July 2024 are unknown."});
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading the pack
// ---------------------------------------------------------------------------------------------------------------

const char* HcpcsDescriptionGap(HcpcsDescriptionStatus status) {
  switch (status) {
    case HcpcsDescriptionStatus::kDescribed: return "";
    case HcpcsDescriptionStatus::kNotInJuly2024:
      return "Added after July 2024: valid in 2026 Q3, but no description is available in this pack";
    case HcpcsDescriptionStatus::kDentalRemoved:
      return "Dental (CDT) code: the descriptor is licensed by the ADA and not distributed";
    case HcpcsDescriptionStatus::kCptNumberOnly:
      return "CPT code: the descriptor is licensed by the AMA and not distributed; the number is known from RBCS";
    case HcpcsDescriptionStatus::kRbcsOnly:
      return "Known only from Restructured BETOS: no HCPCS file in this pack lists it";
  }
  return "";
}

const char* HcpcsCoverageText(std::string_view coverage) {
  if (coverage == "C") return "Carrier judgment";
  if (coverage == "D") return "Special coverage instructions apply";
  if (coverage == "I") return "Not payable by Medicare";
  if (coverage == "M") return "Non-covered by Medicare";
  if (coverage == "S") return "Non-covered by Medicare statute";
  return "";
}

std::string NormalizeHcpcsCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isspace(u)) out += static_cast<char>(std::toupper(u));
  }
  return out;
}

namespace {

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

constexpr const char* kMissingTables =
    "This code-set pack has no HCPCS tables (it was built before they were added); rebuild it with `medcode codesets "
    "build`";

}  // namespace

Result<HcpcsCode> LookupHcpcs(const CodeSetPack& pack, std::string_view code) {
  const std::string key = NormalizeHcpcsCode(code);
  const bool level2 = IsLevel2Code(key);
  if (!level2 && !IsCptNumber(key)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(code) +
                         "' is not a HCPCS or CPT code: type a letter and 4 digits (E0601) or a 5-character CPT "
                         "number (99213, 0001A)");
  }
  auto s = pack.db().Prepare(
      "SELECT c.code, level, in_2024jul, in_2026q3, noc, description_status, long_description, short_descriptions,"
      " pricing, multiple_pricing, coverage, betos, type_of_service, action, cross_reference, date_added,"
      " date_terminated, date_action, procedure, category, subcategory, family, rbcs_effective, rbcs_code_added,"
      " rbcs_code_ended FROM hcpcs_code c LEFT JOIN hcpcs_rbcs_class r ON r.id = c.rbcs_class WHERE c.code=?");
  if (!s.ok()) return MakeError(ErrorCode::kNotFound, kMissingTables);
  s->Bind(1, key);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound,
                     level2 ? "'" + key + "' is not a HCPCS Level II code in the July 2024 file or the July 2026 list"
                            : "'" + key +
                                  "' is not a CPT code number this pack knows (CPT numbers come from Restructured "
                                  "BETOS, June 2024)");
  }
  HcpcsCode h;
  int i = 0;
  h.code = s->ColumnText(i++);
  h.level = static_cast<int>(s->ColumnInt(i++));
  h.in_2024jul = s->ColumnInt(i++) != 0;
  h.in_2026q3 = s->ColumnInt(i++) != 0;
  h.noc = s->ColumnInt(i++) != 0;
  h.description_status = static_cast<HcpcsDescriptionStatus>(s->ColumnInt(i++));
  h.long_description = s->ColumnText(i++);
  h.short_descriptions = SplitLines(s->ColumnText(i++));
  for (std::string* field : {&h.pricing, &h.multiple_pricing, &h.coverage, &h.betos, &h.type_of_service, &h.action,
                             &h.cross_reference, &h.date_added, &h.date_terminated, &h.date_action, &h.rbcs_procedure,
                             &h.rbcs_category, &h.rbcs_subcategory, &h.rbcs_family, &h.rbcs_effective,
                             &h.rbcs_code_added, &h.rbcs_code_ended}) {
    *field = s->ColumnText(i++);  // NULL (no RBCS class) reads as ""
  }
  return h;
}

Result<HcpcsModifier> LookupModifier(const CodeSetPack& pack, std::string_view code) {
  const std::string key = NormalizeHcpcsCode(code);
  if (!IsModifierCode(key)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(code) + "' is not a modifier: type 1 or 2 letters or digits (59, RT, 1P)");
  }
  auto s = pack.db().Prepare(
      "SELECT code, type, also_cpt, categories, description, additional_description FROM hcpcs_modifier WHERE code=?");
  if (!s.ok()) return MakeError(ErrorCode::kNotFound, kMissingTables);
  s->Bind(1, key);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound, "'" + key + "' is not a modifier in the CMS lists of June 2024");
  }
  return HcpcsModifier{s->ColumnText(0), s->ColumnText(1), s->ColumnInt(2) != 0,
                       s->ColumnText(3), s->ColumnText(4), s->ColumnText(5)};
}

int64_t CountHcpcs(const CodeSetPack& pack, HcpcsCount what) {
  const char* sql = "";
  switch (what) {
    case HcpcsCount::kValid2026Q3: sql = "SELECT count(*) FROM hcpcs_code WHERE level=2 AND in_2026q3"; break;
    case HcpcsCount::kJuly2024: sql = "SELECT count(*) FROM hcpcs_code WHERE level=2 AND in_2024jul"; break;
    case HcpcsCount::kCptNumbers: sql = "SELECT count(*) FROM hcpcs_code WHERE level=1"; break;
    case HcpcsCount::kNoc: sql = "SELECT count(*) FROM hcpcs_code WHERE noc"; break;
    case HcpcsCount::kModifiers: sql = "SELECT count(*) FROM hcpcs_modifier"; break;
  }
  auto s = pack.db().Prepare(sql);
  if (!s.ok()) return -1;
  return s->Step().value_or(false) ? s->ColumnInt(0) : -1;
}

}  // namespace medcode::engine
