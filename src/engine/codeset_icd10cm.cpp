// codeset_icd10cm.cpp: the ICD-10-CM part of the code-set pack (see codeset_pack.h for what it holds):
// FY2024 order file, FY2025 tabular codes, chapters and sections, FY2026 code list; validity and billable flag per
// fiscal year, best description per code, chapter and section (inherited by codes the tabular does not list).
#include <cctype>
#include <map>
#include <sstream>

#include "engine/codeset_build.h"

namespace medcode::engine {

std::string IcdDotless(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != '.') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string IcdDotted(const std::string& dotless) {
  return dotless.size() <= 3 ? dotless : dotless.substr(0, 3) + "." + dotless.substr(3);
}

namespace {

// Inputs, relative to the raw folder (codesets/ decompressed).
constexpr const char* kIcdFy2024Order = "icd10cm/fy2024-order-flat/icd10cm_order_2024_flat.csv";
constexpr const char* kIcdFy2025Codes = "icd10cm/fy2025-derived-csv/ICD10CM_2025_codes.csv";
constexpr const char* kIcdFy2025Chapters = "icd10cm/fy2025-derived-csv/ICD10CM_2025_chapters.csv";
constexpr const char* kIcdFy2025Sections = "icd10cm/fy2025-derived-csv/ICD10CM_2025_sections.csv";
constexpr const char* kIcdFy2026Codes = "icd10cm/fy2026-codes-only/icd10cm_codes_2026_codes-only.txt";

constexpr const char* kIcdSchema =
    "CREATE TABLE icd10cm_chapter(chapter INTEGER PRIMARY KEY, title TEXT NOT NULL);"
    "CREATE TABLE icd10cm_section(section TEXT PRIMARY KEY, title TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE icd10cm_code(code TEXT PRIMARY KEY, description TEXT NOT NULL, description_edition TEXT NOT NULL,"
    "  valid_mask INTEGER NOT NULL, billable_mask INTEGER NOT NULL, chapter INTEGER NOT NULL,"
    "  section TEXT NOT NULL) WITHOUT ROWID;";

// A letter, then 2..6 letters or digits (dot removed): the shape of every ICD-10-CM code.
bool LooksLikeIcdCode(std::string_view dotless) {
  if (dotless.size() < 3 || dotless.size() > 7 || !std::isupper(static_cast<unsigned char>(dotless[0]))) return false;
  for (char c : dotless.substr(1)) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

struct IcdRow {
  std::string description;
  std::string description_edition;
  uint32_t valid = 0;
  uint32_t billable = 0;
  int chapter = 0;
  std::string section;
};

using IcdTable = std::map<std::string, IcdRow>;  // by dotless code: sorted, so the pack's bytes are reproducible

Result<std::string> ParseCode(const CsvReader& reader, std::string_view field) {
  std::string code = IcdDotless(field);
  if (!LooksLikeIcdCode(code)) {
    return reader.RecordError("'" + std::string(field) + "' is not an ICD-10-CM code");
  }
  return code;
}

// FY2024 order file: every code with its billable flag, long description and chapter.
Status ReadIcdOrder2024(InputFile& file, IcdTable& codes) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c_code = reader.Column("icd_code"), c_billable = reader.Column("valid_billable"),
       c_desc = reader.Column("long_description"), c_chapter = reader.Column("chapter_no");
  for (auto* c : {&c_code, &c_billable, &c_desc, &c_chapter}) {
    if (!c->ok()) return c->error();
  }
  const uint32_t bit = IcdCode::Bit(2024);
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = ParseCode(reader, f[*c_code]);
    if (!code.ok()) return code.error();
    const std::string_view billable = f[*c_billable];
    if (billable != "0" && billable != "1") return reader.RecordError("valid_billable should be 0 or 1");
    auto chapter = ParseIntField(reader, f[*c_chapter], "chapter_no");
    if (!chapter.ok()) return chapter.error();
    IcdRow& r = codes[*code];
    r.valid |= bit;
    if (billable == "1") r.billable |= bit;
    if (r.description.empty()) {
      r.description = std::string(f[*c_desc]);
      r.description_edition = "FY2024";
    }
    if (r.chapter == 0) r.chapter = *chapter;
    return Status::Ok();
  });
}

// FY2025 tabular codes (headers and leaves, no 7th-character expansions): validity, newer descriptions, sections.
Status ReadIcdCodes2025(InputFile& file, IcdTable& codes) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c_code = reader.Column("Code"), c_desc = reader.Column("Description"), c_chapter = reader.Column("ChapterID"),
       c_section = reader.Column("SectionID");
  for (auto* c : {&c_code, &c_desc, &c_chapter, &c_section}) {
    if (!c->ok()) return c->error();
  }
  const uint32_t bit = IcdCode::Bit(2025);
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = ParseCode(reader, f[*c_code]);
    if (!code.ok()) return code.error();
    auto chapter = ParseIntField(reader, f[*c_chapter], "ChapterID");
    if (!chapter.ok()) return chapter.error();
    IcdRow& r = codes[*code];
    r.valid |= bit;
    r.description = std::string(f[*c_desc]);  // newer than FY2024
    r.description_edition = "FY2025";
    r.chapter = *chapter;
    r.section = std::string(f[*c_section]);
    return Status::Ok();
  });
}

// FY2026 code list: one billable code per line, no descriptions.
Status ReadIcdCodes2026(InputFile& file, IcdTable& codes) {
  const uint32_t bit = IcdCode::Bit(2026);
  std::istringstream in(file.text);
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string code = IcdDotless(line);
    if (!LooksLikeIcdCode(code)) {
      return MakeError(ErrorCode::kParse, "'" + line + "' is not an ICD-10-CM code",
                       file.info.path + ":" + std::to_string(line_no));
    }
    IcdRow& r = codes[code];
    r.valid |= bit;
    r.billable |= bit;
    ++file.info.rows;
  }
  return Status::Ok();
}

// Headers (non-billable codes) valid in a year whose list names only billable codes: every described ancestor of a
// billable code of that year.
void AddHeaders(IcdTable& codes, int fiscal_year) {
  const uint32_t bit = IcdCode::Bit(fiscal_year);
  std::vector<std::string> headers;
  for (const auto& [code, row] : codes) {
    if (!(row.billable & bit)) continue;
    for (size_t n = 3; n < code.size(); ++n) {
      auto it = codes.find(code.substr(0, n));
      if (it != codes.end() && !(it->second.valid & bit)) headers.push_back(it->first);
    }
  }
  for (const auto& h : headers) codes[h].valid |= bit;
}

// Codes the FY2025 tabular does not list (7th-character extensions, codes of other years) take their chapter and
// section from the nearest ancestor that has them.
void InheritPlacement(IcdTable& codes) {
  for (auto& [code, row] : codes) {
    for (size_t n = code.size() - 1; n >= 3 && (row.section.empty() || row.chapter == 0); --n) {
      auto it = codes.find(code.substr(0, n));
      if (it == codes.end()) continue;
      if (row.section.empty()) row.section = it->second.section;
      if (row.chapter == 0) row.chapter = it->second.chapter;
    }
  }
}

// FY2025 billable codes, derived (no official FY2025 list is available): a leaf of the FY2025 tabular is billable,
// unless FY2024 or FY2026 extend it with 7th characters, in which case those extensions are.
int64_t DeriveBillable2025(IcdTable& codes) {
  const uint32_t fy25 = IcdCode::Bit(2025), other = IcdCode::Bit(2024) | IcdCode::Bit(2026);
  int64_t count = 0;
  for (auto it = codes.begin(); it != codes.end(); ++it) {
    if (!(it->second.valid & fy25)) continue;
    const std::string& code = it->first;
    // Children sort right after their parent.
    bool has_fy25_child = false, extended = false;
    for (auto c = std::next(it); c != codes.end() && c->first.compare(0, code.size(), code) == 0; ++c) {
      if (c->second.valid & fy25) {
        has_fy25_child = true;
        break;
      }
      if (c->second.billable & other) extended = true;
    }
    if (has_fy25_child) continue;
    if (!extended) {
      it->second.billable |= fy25;
      ++count;
      continue;
    }
    for (auto c = std::next(it); c != codes.end() && c->first.compare(0, code.size(), code) == 0; ++c) {
      if (c->second.billable & other) {
        c->second.valid |= fy25;
        c->second.billable |= fy25;
        ++count;
      }
    }
  }
  return count;
}

Status WriteKeyValueCsv(Database& db, InputFile& file, const char* key_col, const char* value_col, const char* sql) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto k = reader.Column(key_col), v = reader.Column(value_col);
  if (!k.ok()) return k.error();
  if (!v.ok()) return v.error();
  auto stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    stmt->Reset();
    stmt->Bind(1, f[*k]).Bind(2, f[*v]);
    if (Status s = stmt->Run(); !s.ok()) return reader.RecordError(s.error().message);
    return Status::Ok();
  });
}

Status WriteCodes(Database& db, const IcdTable& codes) {
  auto ins = db.Prepare("INSERT INTO icd10cm_code VALUES(?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [code, r] : codes) {
    ins->Reset();
    ins->Bind(1, IcdDotted(code)).Bind(2, r.description).Bind(3, r.description_edition);
    ins->Bind(4, static_cast<int64_t>(r.valid)).Bind(5, static_cast<int64_t>(r.billable));
    ins->Bind(6, static_cast<int64_t>(r.chapter)).Bind(7, r.section);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ParseIcdCodeField(const CsvReader& reader, std::string_view field, const char* column,
                                      bool dotted) {
  const std::string dotless = IcdDotless(field);
  const std::string as_published = dotted ? IcdDotted(dotless) : dotless;
  if (!LooksLikeIcdCode(dotless) || field != as_published) {
    return reader.RecordError(std::string("Column '") + column + "' should be an ICD-10-CM code written " +
                              (dotted ? "with its dot (\"E11.9\")" : "without a dot (\"E119\")") + ", not '" +
                              std::string(field) + "'");
  }
  return IcdDotted(dotless);
}

std::string NormalizeIcdCode(std::string_view code) {
  std::string trimmed;
  for (char c : code) {
    if (!std::isspace(static_cast<unsigned char>(c))) trimmed += c;
  }
  return IcdDotted(IcdDotless(trimmed));
}

Status CompileIcd10cm(PackBuild& build) {
  auto order = build.Read(kIcdFy2024Order, "icd10cm", "FY2024");
  if (!order.ok()) return order.error();
  auto codes2025 = build.Read(kIcdFy2025Codes, "icd10cm", "FY2025");
  if (!codes2025.ok()) return codes2025.error();
  auto chapters = build.Read(kIcdFy2025Chapters, "icd10cm", "FY2025");
  if (!chapters.ok()) return chapters.error();
  auto sections = build.Read(kIcdFy2025Sections, "icd10cm", "FY2025");
  if (!sections.ok()) return sections.error();
  auto codes2026 = build.Read(kIcdFy2026Codes, "icd10cm", "FY2026");
  if (!codes2026.ok()) return codes2026.error();

  IcdTable codes;
  if (Status s = ReadIcdOrder2024(**order, codes); !s.ok()) return s;
  if (Status s = ReadIcdCodes2025(**codes2025, codes); !s.ok()) return s;
  if (Status s = ReadIcdCodes2026(**codes2026, codes); !s.ok()) return s;
  AddHeaders(codes, 2026);
  InheritPlacement(codes);
  const int64_t billable_2025 = DeriveBillable2025(codes);

  Database& db = build.db();
  if (Status s = db.Exec(kIcdSchema); !s.ok()) return s;
  if (Status s = WriteKeyValueCsv(db, **chapters, "ChapterID", "ChapterName", "INSERT INTO icd10cm_chapter VALUES(?,?)");
      !s.ok())
    return s;
  if (Status s = WriteKeyValueCsv(db, **sections, "SectionID", "SectionName", "INSERT INTO icd10cm_section VALUES(?,?)");
      !s.ok())
    return s;
  if (Status s = WriteCodes(db, codes); !s.ok()) return s;

  build.AddEdition({"icd10cm", "FY2024", "2023-10-01", "2024-09-30",
                    "CDC order file content (derived flat CSV): every code, billable flag, long description."});
  build.AddEdition(
      {"icd10cm", "FY2025", "2024-10-01", "2025-09-30",
       "FY2025 tabular codes and descriptions (derived CSV, no 7th-character expansions). No official FY2025 billable "
       "list is available: " + std::to_string(billable_2025) +
           " billable codes were derived (tabular leaves, and their 7th-character extensions found in FY2024 or "
           "FY2026)."});
  build.AddEdition({"icd10cm", "FY2026", "2025-10-01", "2026-09-30",
                    "April 1, 2026 code list: billable codes only, no descriptions; a code new in FY2025/26 shows the "
                    "nearest described parent. Headers are the described ancestors of FY2026 codes."});
  return Status::Ok();
}

}  // namespace medcode::engine
