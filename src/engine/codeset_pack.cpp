// codeset_pack.cpp: compiling the raw code-set files into the pack, and reading it (see codeset_pack.h).
//
// [SECTION] Helpers
// [SECTION] ICD-10-CM inputs
// [SECTION] Writing the pack
// [SECTION] Reading the pack
#include "engine/codeset_pack.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/csv.h"
#include "engine/sha256.h"

namespace medcode::engine {

namespace {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------------------------

// Input files, relative to the raw folder (codesets/ decompressed).
constexpr const char* kIcdFy2024Order = "icd10cm/fy2024-order-flat/icd10cm_order_2024_flat.csv";
constexpr const char* kIcdFy2025Codes = "icd10cm/fy2025-derived-csv/ICD10CM_2025_codes.csv";
constexpr const char* kIcdFy2025Chapters = "icd10cm/fy2025-derived-csv/ICD10CM_2025_chapters.csv";
constexpr const char* kIcdFy2025Sections = "icd10cm/fy2025-derived-csv/ICD10CM_2025_sections.csv";
constexpr const char* kIcdFy2026Codes = "icd10cm/fy2026-codes-only/icd10cm_codes_2026_codes-only.txt";

std::string Dotless(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != '.') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string Dotted(const std::string& dotless) {
  return dotless.size() <= 3 ? dotless : dotless.substr(0, 3) + "." + dotless.substr(3);
}

// A letter, then 2..6 letters or digits (dot removed): the shape of every ICD-10-CM code.
bool LooksLikeIcdCode(std::string_view dotless) {
  if (dotless.size() < 3 || dotless.size() > 7 || !std::isupper(static_cast<unsigned char>(dotless[0]))) return false;
  for (char c : dotless.substr(1)) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

struct InputFile {
  PackInput info;
  std::string text;
};

Result<InputFile> ReadInput(const std::string& raw_dir, const char* rel, const char* set, const char* edition) {
  const std::string path = raw_dir + "/" + rel;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound,
                     "Code-set input is missing: expected the decompressed codesets/" + std::string(rel) + ".xz",
                     path);
  }
  std::ostringstream s;
  s << in.rdbuf();
  InputFile f;
  f.text = s.str();
  f.info = {rel, set, edition, Sha256::Hex(f.text), static_cast<int64_t>(f.text.size()), 0};
  return f;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] ICD-10-CM inputs
// ---------------------------------------------------------------------------------------------------------------

struct IcdRow {
  std::string description;
  std::string description_edition;
  uint32_t valid = 0;
  uint32_t billable = 0;
  int chapter = 0;
  std::string section;
};

using IcdTable = std::map<std::string, IcdRow>;  // by dotless code: sorted, so the pack's bytes are reproducible

Result<int> ParseInt(const CsvReader& reader, std::string_view field, const char* column) {
  int value = 0;
  if (field.empty() || field.size() > 6) {
    return reader.RecordError(std::string("Column '") + column + "' should be a number, not '" + std::string(field) + "'");
  }
  for (char c : field) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return reader.RecordError(std::string("Column '") + column + "' should be a number, not '" +
                                std::string(field) + "'");
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

Result<std::string> ParseCode(const CsvReader& reader, std::string_view field) {
  std::string code = Dotless(field);
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
  std::vector<std::string_view> f;
  for (;;) {
    auto row = reader.Next(f);
    if (!row.ok()) return row.error();
    if (!*row) break;
    if (f.size() != reader.header().size()) {
      return reader.RecordError("Expected " + std::to_string(reader.header().size()) + " columns, found " +
                                std::to_string(f.size()) + " (the file may be truncated)");
    }
    auto code = ParseCode(reader, f[*c_code]);
    if (!code.ok()) return code.error();
    const std::string_view billable = f[*c_billable];
    if (billable != "0" && billable != "1") return reader.RecordError("valid_billable should be 0 or 1");
    auto chapter = ParseInt(reader, f[*c_chapter], "chapter_no");
    if (!chapter.ok()) return chapter.error();
    IcdRow& r = codes[*code];
    r.valid |= bit;
    if (billable == "1") r.billable |= bit;
    if (r.description.empty()) {
      r.description = std::string(f[*c_desc]);
      r.description_edition = "FY2024";
    }
    if (r.chapter == 0) r.chapter = *chapter;
    ++file.info.rows;
  }
  return Status::Ok();
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
  std::vector<std::string_view> f;
  for (;;) {
    auto row = reader.Next(f);
    if (!row.ok()) return row.error();
    if (!*row) break;
    if (f.size() != reader.header().size()) {
      return reader.RecordError("Expected " + std::to_string(reader.header().size()) + " columns, found " +
                                std::to_string(f.size()) + " (the file may be truncated)");
    }
    auto code = ParseCode(reader, f[*c_code]);
    if (!code.ok()) return code.error();
    auto chapter = ParseInt(reader, f[*c_chapter], "ChapterID");
    if (!chapter.ok()) return chapter.error();
    IcdRow& r = codes[*code];
    r.valid |= bit;
    r.description = std::string(f[*c_desc]);  // newer than FY2024
    r.description_edition = "FY2025";
    r.chapter = *chapter;
    r.section = std::string(f[*c_section]);
    ++file.info.rows;
  }
  return Status::Ok();
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
    const std::string code = Dotless(line);
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

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Writing the pack
// ---------------------------------------------------------------------------------------------------------------

constexpr const char* kSchema =
    "CREATE TABLE pack_info(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE pack_input(path TEXT PRIMARY KEY, set_name TEXT NOT NULL, edition TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, rows INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE pack_edition(set_name TEXT NOT NULL, edition TEXT NOT NULL, valid_from TEXT NOT NULL,"
    "  valid_to TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY(set_name, edition)) WITHOUT ROWID;"
    "CREATE TABLE icd10cm_chapter(chapter INTEGER PRIMARY KEY, title TEXT NOT NULL);"
    "CREATE TABLE icd10cm_section(section TEXT PRIMARY KEY, title TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE icd10cm_code(code TEXT PRIMARY KEY, description TEXT NOT NULL, description_edition TEXT NOT NULL,"
    "  valid_mask INTEGER NOT NULL, billable_mask INTEGER NOT NULL, chapter INTEGER NOT NULL,"
    "  section TEXT NOT NULL) WITHOUT ROWID;";

Status WriteKeyValueCsv(Database& db, InputFile& file, const char* key_col, const char* value_col, const char* sql) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto k = reader.Column(key_col), v = reader.Column(value_col);
  if (!k.ok()) return k.error();
  if (!v.ok()) return v.error();
  auto stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  std::vector<std::string_view> f;
  for (;;) {
    auto row = reader.Next(f);
    if (!row.ok()) return row.error();
    if (!*row) break;
    if (f.size() != reader.header().size()) return reader.RecordError("Wrong number of columns");
    stmt->Reset();
    stmt->Bind(1, f[*k]).Bind(2, f[*v]);
    if (Status s = stmt->Run(); !s.ok()) return reader.RecordError(s.error().message);
    ++file.info.rows;
  }
  return Status::Ok();
}

Status WritePack(Database& db, std::vector<InputFile>& inputs, const IcdTable& codes, int64_t billable_2025) {
  if (Status s = db.Exec(kSchema); !s.ok()) return s;
  {
    auto info = db.Prepare("INSERT INTO pack_info VALUES(?,?)");
    if (!info.ok()) return info.error();
    for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
             {"format", std::to_string(kCodeSetPackFormat)}, {"generator", "medcode codesets build"}}) {
      info->Reset();
      info->Bind(1, k).Bind(2, v);
      if (Status s = info->Run(); !s.ok()) return s;
    }
  }
  // Chapters and sections (their row counts are part of the manifest).
  for (auto& f : inputs) {
    if (f.info.path == kIcdFy2025Chapters) {
      if (Status s = WriteKeyValueCsv(db, f, "ChapterID", "ChapterName", "INSERT INTO icd10cm_chapter VALUES(?,?)");
          !s.ok())
        return s;
    } else if (f.info.path == kIcdFy2025Sections) {
      if (Status s = WriteKeyValueCsv(db, f, "SectionID", "SectionName", "INSERT INTO icd10cm_section VALUES(?,?)");
          !s.ok())
        return s;
    }
  }
  auto ins = db.Prepare("INSERT INTO icd10cm_code VALUES(?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [code, r] : codes) {
    ins->Reset();
    ins->Bind(1, Dotted(code)).Bind(2, r.description).Bind(3, r.description_edition);
    ins->Bind(4, static_cast<int64_t>(r.valid)).Bind(5, static_cast<int64_t>(r.billable));
    ins->Bind(6, static_cast<int64_t>(r.chapter)).Bind(7, r.section);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  auto input = db.Prepare("INSERT INTO pack_input VALUES(?,?,?,?,?,?)");
  if (!input.ok()) return input.error();
  for (const auto& f : inputs) {
    input->Reset();
    input->Bind(1, f.info.path).Bind(2, f.info.set).Bind(3, f.info.edition).Bind(4, f.info.sha256);
    input->Bind(5, f.info.bytes).Bind(6, f.info.rows);
    if (Status s = input->Run(); !s.ok()) return s;
  }
  const std::vector<PackEdition> editions = {
      {"icd10cm", "FY2024", "2023-10-01", "2024-09-30",
       "CDC order file content (derived flat CSV): every code, billable flag, long description."},
      {"icd10cm", "FY2025", "2024-10-01", "2025-09-30",
       "FY2025 tabular codes and descriptions (derived CSV, no 7th-character expansions). No official FY2025 billable "
       "list is available: " + std::to_string(billable_2025) +
           " billable codes were derived (tabular leaves, and their 7th-character extensions found in FY2024 or "
           "FY2026)."},
      {"icd10cm", "FY2026", "2025-10-01", "2026-09-30",
       "April 1, 2026 code list: billable codes only, no descriptions; a code new in FY2025/26 shows the nearest "
       "described parent. Headers are the described ancestors of FY2026 codes."},
  };
  auto ed = db.Prepare("INSERT INTO pack_edition VALUES(?,?,?,?,?)");
  if (!ed.ok()) return ed.error();
  for (const auto& e : editions) {
    ed->Reset();
    ed->Bind(1, e.set).Bind(2, e.edition).Bind(3, e.valid_from).Bind(4, e.valid_to).Bind(5, e.note);
    if (Status s = ed->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

IcdCode RowToIcd(const Statement& s) {
  IcdCode c;
  c.code = s.ColumnText(0);
  c.description = s.ColumnText(1);
  c.description_edition = s.ColumnText(2);
  c.valid_mask = static_cast<uint32_t>(s.ColumnInt(3));
  c.billable_mask = static_cast<uint32_t>(s.ColumnInt(4));
  c.chapter = static_cast<int>(s.ColumnInt(5));
  c.section = s.ColumnText(6);
  c.category = c.code.substr(0, 3);
  return c;
}

constexpr const char* kIcdColumns =
    "SELECT code, description, description_edition, valid_mask, billable_mask, chapter, section FROM icd10cm_code ";

}  // namespace

std::string NormalizeIcdCode(std::string_view code) {
  std::string trimmed;
  for (char c : code) {
    if (!std::isspace(static_cast<unsigned char>(c))) trimmed += c;
  }
  return Dotted(Dotless(trimmed));
}

Status BuildCodeSetPack(const std::string& raw_dir, const std::string& out_path) {
  std::vector<InputFile> inputs;
  struct Want {
    const char* rel;
    const char* edition;
  };
  for (const Want& w : {Want{kIcdFy2024Order, "FY2024"}, Want{kIcdFy2025Codes, "FY2025"},
                        Want{kIcdFy2025Chapters, "FY2025"}, Want{kIcdFy2025Sections, "FY2025"},
                        Want{kIcdFy2026Codes, "FY2026"}}) {
    auto f = ReadInput(raw_dir, w.rel, "icd10cm", w.edition);
    if (!f.ok()) return f.error();
    inputs.push_back(std::move(f).value());
  }
  IcdTable codes;
  if (Status s = ReadIcdOrder2024(inputs[0], codes); !s.ok()) return s;
  if (Status s = ReadIcdCodes2025(inputs[1], codes); !s.ok()) return s;
  if (Status s = ReadIcdCodes2026(inputs[4], codes); !s.ok()) return s;
  AddHeaders(codes, 2026);
  InheritPlacement(codes);
  const int64_t billable_2025 = DeriveBillable2025(codes);

  // Build into a temporary file and rename: a failed build leaves no half-written pack behind.
  const std::string tmp = out_path + ".tmp";
  std::remove(tmp.c_str());
  {
    auto db = Database::Open(tmp);
    if (!db.ok()) return db.error();
    if (Status s = db->Exec("PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;");
        !s.ok())
      return s;
    if (Status s = WritePack(*db, inputs, codes, billable_2025); !s.ok()) {
      db = Database();
      std::remove(tmp.c_str());
      return s;
    }
    if (Status s = db->Exec("COMMIT; VACUUM;"); !s.ok()) return s;
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    return MakeError(ErrorCode::kIo, "Cannot move the built pack into place", out_path);
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading the pack
// ---------------------------------------------------------------------------------------------------------------

Result<CodeSetPack> CodeSetPack::Open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return MakeError(ErrorCode::kNotFound, "The code-set pack is missing; build it with `medcode codesets build`",
                     path);
  }
  auto db = Database::Open(path, Database::Mode::kReadOnly);
  if (!db.ok()) return db.error();
  if (Status s = db->CheckIntegrity(); !s.ok()) {
    Error e = s.error();
    e.message = "The code-set pack is damaged (" + e.message + "); rebuild or reinstall it";
    return e;
  }
  auto format = db->Prepare("SELECT value FROM pack_info WHERE key='format'");
  if (!format.ok()) {
    return MakeError(ErrorCode::kParse, "This file is not a Medcode code-set pack", path);
  }
  auto row = format->Step();
  if (!row.ok() || !*row || format->ColumnText(0) != std::to_string(kCodeSetPackFormat)) {
    return MakeError(ErrorCode::kParse,
                     "The code-set pack has format " + (row.ok() && *row ? format->ColumnText(0) : std::string("?")) +
                         ", this Medcode reads format " + std::to_string(kCodeSetPackFormat) + "; rebuild it",
                     path);
  }
  format = Statement();
  return CodeSetPack(std::move(db).value());
}

std::vector<PackInput> CodeSetPack::Inputs() const {
  std::vector<PackInput> out;
  auto s = m_db.Prepare("SELECT path, set_name, edition, sha256, bytes, rows FROM pack_input ORDER BY path");
  if (!s.ok()) return out;
  while (s->Step().value_or(false)) {
    out.push_back({s->ColumnText(0), s->ColumnText(1), s->ColumnText(2), s->ColumnText(3), s->ColumnInt(4),
                   s->ColumnInt(5)});
  }
  return out;
}

std::vector<PackEdition> CodeSetPack::Editions() const {
  std::vector<PackEdition> out;
  auto s = m_db.Prepare("SELECT set_name, edition, valid_from, valid_to, note FROM pack_edition ORDER BY 1, 3");
  if (!s.ok()) return out;
  while (s->Step().value_or(false)) {
    out.push_back({s->ColumnText(0), s->ColumnText(1), s->ColumnText(2), s->ColumnText(3), s->ColumnText(4)});
  }
  return out;
}

std::string CodeSetPack::Summary() const {
  std::map<std::string, std::pair<std::string, std::string>> sets;  // set -> first, last edition
  for (const auto& e : Editions()) {
    auto [it, fresh] = sets.try_emplace(e.set, e.edition, e.edition);
    if (!fresh) it->second.second = e.edition;
  }
  std::string out;
  for (const auto& [set, range] : sets) {
    if (!out.empty()) out += ", ";
    out += (set == "icd10cm" ? "ICD-10-CM" : set) + " " + range.first;
    if (range.second != range.first) out += "-" + range.second;
  }
  return out.empty() ? "no code sets" : out;
}

Result<IcdCode> CodeSetPack::Icd(std::string_view code) const {
  const std::string key = NormalizeIcdCode(code);
  auto s = m_db.Prepare(std::string(kIcdColumns) + "WHERE code=?");
  if (!s.ok()) return s.error();
  s->Bind(1, key);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound, "'" + std::string(code) + "' is not an ICD-10-CM code in FY" +
                                               std::to_string(kFirstIcdFiscalYear) + "-FY" +
                                               std::to_string(kLastIcdFiscalYear));
  }
  return RowToIcd(*s);
}

std::optional<IcdCode> CodeSetPack::NearestDescribedParent(const IcdCode& code) const {
  std::string key = Dotless(code.code);
  while (key.size() > 3) {
    key.pop_back();
    auto parent = Icd(key);
    if (parent.ok() && !parent->description.empty()) return std::move(parent).value();
  }
  return std::nullopt;
}

std::string CodeSetPack::ChapterTitle(int chapter) const {
  auto s = m_db.Prepare("SELECT title FROM icd10cm_chapter WHERE chapter=?");
  if (!s.ok()) return {};
  s->Bind(1, static_cast<int64_t>(chapter));
  return s->Step().value_or(false) ? s->ColumnText(0) : std::string();
}

std::string CodeSetPack::SectionTitle(const std::string& section) const {
  auto s = m_db.Prepare("SELECT title FROM icd10cm_section WHERE section=?");
  if (!s.ok()) return {};
  s->Bind(1, section);
  return s->Step().value_or(false) ? s->ColumnText(0) : std::string();
}

std::vector<IcdCode> CodeSetPack::IcdChildren(std::string_view code) const {
  std::vector<IcdCode> out;
  const std::string parent = Dotless(code);
  // Dotted children of E11 are E11.x; of E11.6, E11.6x: match on the dotted prefix, one character longer.
  const std::string prefix = Dotted(parent + "0").substr(0, Dotted(parent + "0").size() - 1);
  auto s = m_db.Prepare(std::string(kIcdColumns) + "WHERE code > ? AND code < ? AND length(code)=? ORDER BY code");
  if (!s.ok()) return out;
  s->Bind(1, prefix).Bind(2, prefix + "\x7f").Bind(3, static_cast<int64_t>(prefix.size() + 1));
  while (s->Step().value_or(false)) out.push_back(RowToIcd(*s));
  return out;
}

int64_t CodeSetPack::CountIcd(int fiscal_year, bool billable_only) const {
  auto s = m_db.Prepare(billable_only ? "SELECT count(*) FROM icd10cm_code WHERE billable_mask & ?"
                                      : "SELECT count(*) FROM icd10cm_code WHERE valid_mask & ?");
  if (!s.ok()) return -1;
  s->Bind(1, static_cast<int64_t>(IcdCode::Bit(fiscal_year)));
  return s->Step().value_or(false) ? s->ColumnInt(0) : -1;
}

}  // namespace medcode::engine
