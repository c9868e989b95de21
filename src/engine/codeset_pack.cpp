// codeset_pack.cpp: compiling the raw code-set files into the pack, and reading it (see codeset_pack.h).
//
// [SECTION] Building the pack (the sets are compiled by codeset_<set>.cpp)
// [SECTION] Reading the pack
#include "engine/codeset_pack.h"

#include "engine/codeset_build.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/sha256.h"

namespace medcode::engine {

namespace {

constexpr const char* kManifestSchema =
    "CREATE TABLE pack_info(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE pack_input(path TEXT PRIMARY KEY, set_name TEXT NOT NULL, edition TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, rows INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE pack_edition(set_name TEXT NOT NULL, edition TEXT NOT NULL, valid_from TEXT NOT NULL,"
    "  valid_to TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY(set_name, edition)) WITHOUT ROWID;";

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

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Building the pack
// ---------------------------------------------------------------------------------------------------------------

Result<InputFile*> PackBuild::Read(const char* rel, const char* set, const char* edition) {
  const std::string path = m_raw_dir + "/" + rel;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound,
                     "Code-set input is missing: expected the decompressed codesets/" + std::string(rel) + ".xz",
                     path);
  }
  // Read at its size in one go: through a stringstream the 160 MB PTP table would be copied several times over.
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  InputFile& f = m_inputs.emplace_back();
  f.text.resize(size > 0 ? static_cast<size_t>(size) : 0);
  if (!in.read(f.text.data(), static_cast<std::streamsize>(f.text.size()))) {
    m_inputs.pop_back();
    return MakeError(ErrorCode::kIo, "Cannot read the code-set input codesets/" + std::string(rel) + ".xz", path);
  }
  f.info = {rel, set, edition, Sha256::Hex(f.text), static_cast<int64_t>(f.text.size()), 0};
  return &f;
}

Status PackBuild::WriteManifest() {
  auto input = m_db.Prepare("INSERT INTO pack_input VALUES(?,?,?,?,?,?)");
  if (!input.ok()) return input.error();
  for (const auto& f : m_inputs) {
    input->Reset();
    input->Bind(1, f.info.path).Bind(2, f.info.set).Bind(3, f.info.edition).Bind(4, f.info.sha256);
    input->Bind(5, f.info.bytes).Bind(6, f.info.rows);
    if (Status s = input->Run(); !s.ok()) return s;
  }
  auto ed = m_db.Prepare("INSERT INTO pack_edition VALUES(?,?,?,?,?)");
  if (!ed.ok()) return ed.error();
  for (const auto& e : m_editions) {
    ed->Reset();
    ed->Bind(1, e.set).Bind(2, e.edition).Bind(3, e.valid_from).Bind(4, e.valid_to).Bind(5, e.note);
    if (Status s = ed->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<int> ParseIntField(const CsvReader& reader, std::string_view field, const char* column) {
  int value = 0;
  bool ok = !field.empty() && field.size() <= 9;
  for (char c : field) {
    if (!std::isdigit(static_cast<unsigned char>(c))) ok = false;
    value = value * 10 + (c - '0');
  }
  if (!ok) {
    return reader.RecordError(std::string("Column '") + column + "' should be a whole number, not '" +
                              std::string(field) + "'");
  }
  return value;
}

Status CheckFieldCount(const CsvReader& reader, const std::vector<std::string_view>& fields) {
  if (fields.size() == reader.header().size()) return Status::Ok();
  return reader.RecordError("Expected " + std::to_string(reader.header().size()) + " columns, found " +
                            std::to_string(fields.size()) + " (the file may be truncated)");
}

namespace {

Status WritePack(PackBuild& build) {
  Database& db = build.db();
  if (Status s = db.Exec(kManifestSchema); !s.ok()) return s;
  auto info = db.Prepare("INSERT INTO pack_info VALUES(?,?)");
  if (!info.ok()) return info.error();
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"format", std::to_string(kCodeSetPackFormat)}, {"generator", "medcode codesets build"}}) {
    info->Reset();
    info->Bind(1, k).Bind(2, v);
    if (Status s = info->Run(); !s.ok()) return s;
  }
  info = Statement();
  // The set compilers, in order (ICD-10-CM first: later sets may refer to its codes).
  for (auto compile : {&CompileIcd10cm, &CompileIcdTabular, &CompileIcdIndex, &CompileHcpcs, &CompileNcci,
                       &CompileReference, &CompileMpfs, &CompileMce, &CompileMsDrg, &CompileHcc,
                       &CompileSearchData}) {
    if (Status s = compile(build); !s.ok()) return s;
  }
  return build.WriteManifest();
}

}  // namespace

Status BuildCodeSetPack(const std::string& raw_dir, const std::string& out_path) {
  // Build into a temporary file and rename: a failed build leaves no half-written pack behind.
  const std::string tmp = out_path + ".tmp";
  std::remove(tmp.c_str());
  Status result;
  {
    auto db = Database::Open(tmp);
    if (!db.ok()) return db.error();
    result = db->Exec("PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;");
    if (result.ok()) {
      PackBuild build(raw_dir, *db);
      result = WritePack(build);
    }
    if (result.ok()) result = db->Exec("COMMIT; VACUUM;");
  }
  if (!result.ok()) {
    std::remove(tmp.c_str());
    return result;
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
  // The sets whose editions decide what is valid on a date of service, in the order a coder reads them.
  static const std::pair<const char*, const char*> kShown[] = {{"icd10cm", "ICD-10-CM"}, {"hcpcs", "HCPCS"},
                                                                {"ncci", "NCCI"}};
  std::map<std::string, std::pair<std::string, std::string>> sets;  // set -> first, last edition (by start date)
  for (const auto& e : Editions()) {
    auto [it, fresh] = sets.try_emplace(e.set, e.edition, e.edition);
    if (!fresh) it->second.second = e.edition;
  }
  std::string out;
  for (const auto& [set, name] : kShown) {
    auto it = sets.find(set);
    if (it == sets.end()) continue;
    if (!out.empty()) out += ", ";
    out += std::string(name) + " " + it->second.first;
    if (it->second.second != it->second.first) out += "-" + it->second.second;
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
  std::string key = IcdDotless(code.code);
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
  const std::string parent = IcdDotless(code);
  // Dotted children of E11 are E11.x; of E11.6, E11.6x: match on the dotted prefix, one character longer.
  const std::string prefix = IcdDotted(parent + "0").substr(0, IcdDotted(parent + "0").size() - 1);
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
