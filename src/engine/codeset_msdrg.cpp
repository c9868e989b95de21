// codeset_msdrg.cpp: the MS-DRG v41.1 part of the code-set pack (see codeset_msdrg.h): CC/MCC levels (appendices G,
// H), the CC/MCC -> PDX exclusion group rows and the groups' principal diagnoses (appendix C), the DRG list (appendix
// A), compiled from codesets/msdrg/v41.1-fy2024, and their lookups.
//
// Compact storage of the 171,392 group -> principal dx rows: every principal dx gets an id (its rank in code order,
// msdrg_pdx_code), and a group is stored as runs of consecutive ids (msdrg_pdx_run: group, first id, count): the groups
// are mostly ranges of neighbouring codes, so ~38,000 runs hold them. A membership test is one range query.
//
// [SECTION] Compiling (CompileMsDrg, run by BuildCodeSetPack)
// [SECTION] Reading
#include "engine/codeset_msdrg.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "engine/codeset_build.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "msdrg";
constexpr const char* kEdition = "v41.1";
constexpr const char* kDrgs = "msdrg/v41.1-fy2024/msdrg_41.csv";
constexpr const char* kCcs = "msdrg/v41.1-fy2024/msdrg_icd_ccs_41.csv";
constexpr const char* kMccs = "msdrg/v41.1-fy2024/msdrg_icd_mccs_41.csv";
constexpr const char* kCcPdxGroups = "msdrg/v41.1-fy2024/msdrg_appendixC_cc_mcc_pdx_group_41.csv";
constexpr const char* kPdxGroups = "msdrg/v41.1-fy2024/msdrg_appendixC_pdx_exclusion_groups_41.csv";

constexpr std::string_view kNoExcText = "No Exc";  // appendix C's group value for codes never excluded

constexpr const char* kMsDrgSchema =
    "CREATE TABLE msdrg_drg(drg INTEGER PRIMARY KEY, mdc TEXT NOT NULL, type INTEGER NOT NULL, title TEXT NOT NULL);"
    // Appendices G and H: one row per CC/MCC code (level 1 CC, 2 MCC).
    "CREATE TABLE msdrg_severity(code TEXT PRIMARY KEY, level INTEGER NOT NULL) WITHOUT ROWID;"
    // Appendix C rows as listed: code (possibly without its 7th character), level, group (0 = No Exc).
    "CREATE TABLE msdrg_cc_pdx(code TEXT NOT NULL, level INTEGER NOT NULL, pdx_group INTEGER NOT NULL,"
    "  PRIMARY KEY(code, level, pdx_group)) WITHOUT ROWID;"
    // Appendix C groups: number and how many principal diagnoses they hold.
    "CREATE TABLE msdrg_pdx_group(pdx_group INTEGER PRIMARY KEY, size INTEGER NOT NULL);"
    // Every principal dx of any group, id = its rank in code order (0-based).
    "CREATE TABLE msdrg_pdx_code(code TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;"
    // A group's principal dx ids as runs first_id .. first_id+count-1.
    "CREATE TABLE msdrg_pdx_run(pdx_group INTEGER NOT NULL, first_id INTEGER NOT NULL, count INTEGER NOT NULL,"
    "  PRIMARY KEY(pdx_group, first_id)) WITHOUT ROWID;";

struct DrgRow {
  std::string mdc;
  int type = 0;
  std::string title;
};

Status ReadDrgs(InputFile& file, std::map<int, DrgRow>& drgs) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c = reader.Columns({"drg", "mdc", "drg_abb", "drg_description"});
  if (!c.ok()) return c.error();
  const size_t c_drg = (*c)[0], c_mdc = (*c)[1], c_type = (*c)[2], c_title = (*c)[3];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    if (f[c_drg].size() != 3) return reader.RecordError("Column 'drg' should be 3 digits, not '" + std::string(f[c_drg]) + "'");
    auto drg = ParseIntField(reader, f[c_drg], "drg");
    if (!drg.ok()) return drg.error();
    const std::string_view mdc = f[c_mdc];
    if (!mdc.empty() && (mdc.size() != 2 || !std::isdigit(static_cast<unsigned char>(mdc[0])) ||
                         !std::isdigit(static_cast<unsigned char>(mdc[1])))) {
      return reader.RecordError("Column 'mdc' should be 2 digits or empty, not '" + std::string(mdc) + "'");
    }
    const std::string_view type = f[c_type];
    if (type != "P" && type != "M" && !type.empty()) {
      return reader.RecordError("Column 'drg_abb' should be P (surgical), M (medical) or empty, not '" +
                                std::string(type) + "'");
    }
    if (f[c_title].empty()) return reader.RecordError("Column 'drg_description' is empty");
    auto [it, fresh] = drgs.try_emplace(*drg);
    if (!fresh) return reader.RecordError("DRG " + std::string(f[c_drg]) + " is listed twice");
    it->second = {std::string(mdc),
                  static_cast<int>(type == "P" ? DrgType::kSurgical : type == "M" ? DrgType::kMedical : DrgType::kNone),
                  std::string(f[c_title])};
    return Status::Ok();
  });
}

struct SeverityRow {
  int level = 0;
  std::string where;  // file:line, for the cross-check with appendix C
};

// Appendix G or H: every row must carry `dx_type` (CC or MCC); a code in both is an error.
Status ReadSeverities(InputFile& file, const char* dx_type, SeverityLevel level,
                      std::map<std::string, SeverityRow>& codes) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c = reader.Columns({"icd_code", "dx_type"});
  if (!c.ok()) return c.error();
  const size_t c_code = (*c)[0], c_type = (*c)[1];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = ParseIcdCodeField(reader, f[c_code], "icd_code", true);
    if (!code.ok()) return code.error();
    if (f[c_type] != dx_type) {
      return reader.RecordError("Column 'dx_type' is '" + std::string(f[c_type]) + "' (this file lists only " +
                                dx_type + " codes)");
    }
    auto [it, fresh] = codes.try_emplace(*code);
    if (!fresh) {
      return reader.RecordError(*code + " is listed twice as CC/MCC (also at " + it->second.where + ")");
    }
    it->second = {static_cast<int>(level), reader.Where()};
    return Status::Ok();
  });
}

// "0002" -> 2; "No Exc" -> kNoPdxExclusion; anything else is an error.
Result<int> ParseGroup(const CsvReader& reader, std::string_view field, const char* column) {
  if (field == kNoExcText) return kNoPdxExclusion;
  bool digits = field.size() == 4;
  for (char c : field) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits || field == "0000") {
    return reader.RecordError(std::string("Column '") + column + "' should be a 4-digit group number or '" +
                              std::string(kNoExcText) + "', not '" + std::string(field) + "'");
  }
  return ParseIntField(reader, field, column);
}

struct CcPdxRow {
  std::string code;  // dotted, as listed (possibly without its 7th character)
  int level = 0;
  int group = 0;
  // Not a defaulted <=>: the wasm toolchain's libc++ has no <=> for std::string.
  bool operator<(const CcPdxRow& o) const { return std::tie(code, level, group) < std::tie(o.code, o.level, o.group); }
};

Status ReadCcPdxGroups(InputFile& file, const std::map<std::string, SeverityRow>& severities,
                       std::set<CcPdxRow>& rows) {
  // Appendix C lists 7th-character codes without that character: a stem stands for the G/H codes it begins.
  std::set<std::pair<std::string, int>> stems;
  for (const auto& [code, row] : severities) {
    if (IcdDotless(code).size() == 7) stems.emplace(code.substr(0, code.size() - 1), row.level);
  }
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c = reader.Columns({"icd_code", "cc_mcc", "pdx_exclusion_group"});
  if (!c.ok()) return c.error();
  const size_t c_code = (*c)[0], c_level = (*c)[1], c_group = (*c)[2];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = ParseIcdCodeField(reader, f[c_code], "icd_code", true);
    if (!code.ok()) return code.error();
    const std::string_view level_text = f[c_level];
    if (level_text != "CC" && level_text != "MCC") {
      return reader.RecordError("Column 'cc_mcc' should be CC or MCC, not '" + std::string(level_text) + "'");
    }
    const int level = static_cast<int>(level_text == "CC" ? SeverityLevel::kCc : SeverityLevel::kMcc);
    auto group = ParseGroup(reader, f[c_group], "pdx_exclusion_group");
    if (!group.ok()) return group.error();
    auto exact = severities.find(*code);
    if (!(exact != severities.end() && exact->second.level == level) && !stems.count({*code, level})) {
      return reader.RecordError(*code + " is listed as " + std::string(level_text) +
                                " but appendix G/H (" + kCcs + ", " + kMccs + ") has no " + std::string(level_text) +
                                " code " + *code + " or beginning with it");
    }
    if (!rows.insert({*code, level, *group}).second) {
      return reader.RecordError(*code + " " + std::string(level_text) + " group " + std::string(f[c_group]) +
                                " is listed twice");
    }
    return Status::Ok();
  });
}

// Appendix C groups -> principal dx codes (dotted). "No Exc" appears with one empty principal dx.
Status ReadPdxGroups(InputFile& file, std::map<int, std::set<std::string>>& groups) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c = reader.Columns({"pdx_exclusion_group", "principal_dx_icd_code"});
  if (!c.ok()) return c.error();
  const size_t c_group = (*c)[0], c_code = (*c)[1];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto group = ParseGroup(reader, f[c_group], "pdx_exclusion_group");
    if (!group.ok()) return group.error();
    auto& members = groups[*group];
    if (*group == kNoPdxExclusion) {
      if (!f[c_code].empty()) {
        return reader.RecordError("Group '" + std::string(kNoExcText) + "' (never excluded) lists a principal dx '" +
                                  std::string(f[c_code]) + "'");
      }
      return Status::Ok();
    }
    auto code = ParseIcdCodeField(reader, f[c_code], "principal_dx_icd_code", true);
    if (!code.ok()) return code.error();
    if (!members.insert(*code).second) {
      return reader.RecordError(*code + " is listed twice in group " + std::string(f[c_group]));
    }
    return Status::Ok();
  });
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

Status CompileMsDrg(PackBuild& build) {
  InputFile* files[5] = {};
  const char* paths[5] = {kDrgs, kCcs, kMccs, kCcPdxGroups, kPdxGroups};
  for (int i = 0; i < 5; ++i) {
    auto file = build.Read(paths[i], kSet, kEdition);
    if (!file.ok()) return file.error();
    files[i] = *file;
  }
  std::map<int, DrgRow> drgs;
  if (Status s = ReadDrgs(*files[0], drgs); !s.ok()) return s;
  std::map<std::string, SeverityRow> severities;  // dotted code -> level; sorted for reproducible bytes
  if (Status s = ReadSeverities(*files[1], "CC", SeverityLevel::kCc, severities); !s.ok()) return s;
  if (Status s = ReadSeverities(*files[2], "MCC", SeverityLevel::kMcc, severities); !s.ok()) return s;
  std::set<CcPdxRow> cc_pdx;
  if (Status s = ReadCcPdxGroups(*files[3], severities, cc_pdx); !s.ok()) return s;
  std::map<int, std::set<std::string>> groups;
  if (Status s = ReadPdxGroups(*files[4], groups); !s.ok()) return s;

  // Cross-checks: every group named in the CC/MCC rows has principal diagnoses and the other way round; every CC/MCC
  // code has an appendix C row (exact, or its code without the 7th character) at its level.
  std::set<int> used_groups;
  std::set<std::pair<std::string, int>> listed;  // (code as listed, level)
  for (const auto& r : cc_pdx) {
    used_groups.insert(r.group);
    listed.emplace(r.code, r.level);
  }
  for (int g : used_groups) {
    if (!groups.count(g)) {
      return MakeError(ErrorCode::kParse, "Exclusion group " + PdxGroupName(g) + " of " + kCcPdxGroups +
                                              " has no rows in " + kPdxGroups + ": are the two files of one edition?",
                       kPdxGroups);
    }
  }
  for (const auto& [g, members] : groups) {
    if (!used_groups.count(g)) {
      return MakeError(ErrorCode::kParse, "Exclusion group " + PdxGroupName(g) + " of " + kPdxGroups +
                                              " is not the group of any code in " + kCcPdxGroups,
                       kCcPdxGroups);
    }
  }
  int64_t inexact = 0;
  for (const auto& [code, row] : severities) {
    const bool has_exact = listed.count({code, row.level});
    const std::string stem = IcdDotless(code).size() == 7 ? code.substr(0, code.size() - 1) : std::string();
    if (!has_exact && (stem.empty() || !listed.count({stem, row.level}))) {
      return MakeError(ErrorCode::kParse,
                       code + " is a " + SeverityLevelName(static_cast<SeverityLevel>(row.level)) +
                           " but has no PDX exclusion group in " + kCcPdxGroups,
                       row.where);
    }
    if (!has_exact) {
      int candidates = 0;
      for (auto it = cc_pdx.lower_bound({stem, row.level, 0}); it != cc_pdx.end() && it->code == stem &&
                                                                 it->level == row.level;
           ++it) {
        ++candidates;
      }
      inexact += candidates > 1;
    }
  }

  // Principal dx ids: rank in code order.
  std::map<std::string, int64_t> pdx_ids;
  for (const auto& [g, members] : groups) {
    for (const auto& code : members) pdx_ids.emplace(code, 0);
  }
  int64_t next_id = 0;
  for (auto& [code, id] : pdx_ids) id = next_id++;

  Database& db = build.db();
  if (Status s = db.Exec(kMsDrgSchema); !s.ok()) return s;
  auto ins_drg = db.Prepare("INSERT INTO msdrg_drg VALUES(?,?,?,?)");
  if (!ins_drg.ok()) return ins_drg.error();
  for (const auto& [drg, r] : drgs) {
    ins_drg->Reset();
    ins_drg->Bind(1, static_cast<int64_t>(drg)).Bind(2, r.mdc).Bind(3, static_cast<int64_t>(r.type)).Bind(4, r.title);
    if (Status s = ins_drg->Run(); !s.ok()) return s;
  }
  auto ins_sev = db.Prepare("INSERT INTO msdrg_severity VALUES(?,?)");
  if (!ins_sev.ok()) return ins_sev.error();
  int64_t counts[3] = {};
  for (const auto& [code, r] : severities) {
    ++counts[r.level];
    ins_sev->Reset();
    ins_sev->Bind(1, code).Bind(2, static_cast<int64_t>(r.level));
    if (Status s = ins_sev->Run(); !s.ok()) return s;
  }
  auto ins_cc = db.Prepare("INSERT INTO msdrg_cc_pdx VALUES(?,?,?)");
  if (!ins_cc.ok()) return ins_cc.error();
  for (const auto& r : cc_pdx) {
    ins_cc->Reset();
    ins_cc->Bind(1, r.code).Bind(2, static_cast<int64_t>(r.level)).Bind(3, static_cast<int64_t>(r.group));
    if (Status s = ins_cc->Run(); !s.ok()) return s;
  }
  auto ins_code = db.Prepare("INSERT INTO msdrg_pdx_code VALUES(?,?)");
  if (!ins_code.ok()) return ins_code.error();
  for (const auto& [code, id] : pdx_ids) {
    ins_code->Reset();
    ins_code->Bind(1, code).Bind(2, id);
    if (Status s = ins_code->Run(); !s.ok()) return s;
  }
  auto ins_group = db.Prepare("INSERT INTO msdrg_pdx_group VALUES(?,?)");
  auto ins_run = db.Prepare("INSERT INTO msdrg_pdx_run VALUES(?,?,?)");
  if (!ins_group.ok()) return ins_group.error();
  if (!ins_run.ok()) return ins_run.error();
  int64_t pairs = 0, runs = 0;
  for (const auto& [g, members] : groups) {
    ins_group->Reset();
    ins_group->Bind(1, static_cast<int64_t>(g)).Bind(2, static_cast<int64_t>(members.size()));
    if (Status s = ins_group->Run(); !s.ok()) return s;
    pairs += static_cast<int64_t>(members.size());
    std::vector<int64_t> ids;  // ascending: members are in code order, ids are code ranks
    for (const auto& code : members) ids.push_back(pdx_ids.at(code));
    for (size_t i = 0; i < ids.size();) {
      size_t j = i + 1;
      while (j < ids.size() && ids[j] == ids[j - 1] + 1) ++j;
      ins_run->Reset();
      ins_run->Bind(1, static_cast<int64_t>(g)).Bind(2, ids[i]).Bind(3, static_cast<int64_t>(j - i));
      if (Status s = ins_run->Run(); !s.ok()) return s;
      ++runs;
      i = j;
    }
  }

  build.AddEdition(
      {kSet, kEdition, "2023-10-01", "2024-09-30",
       "MS-DRG v41.1 (FY2024) definitions manual (derived CSVs): " + std::to_string(drgs.size()) +
           " DRGs (appendix A); " + std::to_string(counts[1]) + " CC and " + std::to_string(counts[2]) +
           " MCC codes (appendices G, H); appendix C: " + std::to_string(cc_pdx.size()) + " CC/MCC -> exclusion group "
           "rows, " + std::to_string(groups.size()) + " groups holding " + std::to_string(pairs) +
           " principal dx (stored as " + std::to_string(runs) + " runs over " + std::to_string(pdx_ids.size()) +
           " codes). Gap of the source: appendix C lists 7th-character codes without that character, so for " +
           std::to_string(inexact) +
           " CC/MCC codes the exclusion group is one of several candidates (lookups give them all). No v42/v43: "
           "v41.1 is used for later dates of service, so codes added since FY2024 are neither CC nor MCC here. Not "
           "compiled: appendix B (ICD -> MDC/DRG), appendix D, grouper logic, weights."});
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------------------------

const char* SeverityLevelName(SeverityLevel level) {
  switch (level) {
    case SeverityLevel::kNone: return "none";
    case SeverityLevel::kCc: return "CC";
    case SeverityLevel::kMcc: return "MCC";
  }
  return "unknown";
}

std::string PdxGroupName(int group) {
  if (group == kNoPdxExclusion) return std::string(kNoExcText);
  std::string digits = std::to_string(group);
  return std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

const char* CcExclusionMeaning(CcExclusion verdict) {
  switch (verdict) {
    case CcExclusion::kNotCc: return "not a CC or MCC";
    case CcExclusion::kCounts: return "counts as a CC/MCC with this principal diagnosis";
    case CcExclusion::kExcluded:
      return "excluded: the principal diagnosis is in its PDX exclusion group, so it does not count as a CC/MCC";
    case CcExclusion::kUncertain:
      return "uncertain: the source lists this code without its 7th character and the principal diagnosis is in "
             "only some of its candidate exclusion groups";
  }
  return "unknown";
}

namespace {

// The groups of `code` at `level` from appendix C rows: exact rows, else the rows of the code without its 7th
// character. `rows_for(code)` gives the (level, group) rows listed for a code.
template <class RowsFor>
void ResolveGroups(DxSeverity& out, RowsFor&& rows_for) {
  auto pick = [&](const std::string& code) {
    std::vector<int> groups;
    for (const auto& [level, group] : rows_for(code)) {
      if (level == static_cast<int>(out.level)) groups.push_back(group);
    }
    std::sort(groups.begin(), groups.end());
    return groups;
  };
  out.pdx_groups = pick(out.code);
  out.pdx_group_exact = true;
  if (out.pdx_groups.empty() && IcdDotless(out.code).size() == 7) {
    out.pdx_groups = pick(out.code.substr(0, out.code.size() - 1));
    out.pdx_group_exact = out.pdx_groups.size() <= 1;
  }
}

std::vector<std::pair<int, int>> CcPdxRows(const CodeSetPack& pack, const std::string& code) {
  std::vector<std::pair<int, int>> rows;
  auto s = pack.db().Prepare("SELECT level, pdx_group FROM msdrg_cc_pdx WHERE code=?");
  if (!s.ok()) return rows;
  s->Bind(1, code);
  while (s->Step().value_or(false)) rows.emplace_back(static_cast<int>(s->ColumnInt(0)), static_cast<int>(s->ColumnInt(1)));
  return rows;
}

bool GroupHolds(const CodeSetPack& pack, int group, int64_t pdx_id) {
  auto s = pack.db().Prepare(
      "SELECT first_id, count FROM msdrg_pdx_run WHERE pdx_group=? AND first_id<=? ORDER BY first_id DESC LIMIT 1");
  if (!s.ok()) return false;
  s->Bind(1, static_cast<int64_t>(group)).Bind(2, pdx_id);
  if (!s->Step().value_or(false)) return false;
  return pdx_id < s->ColumnInt(0) + s->ColumnInt(1);
}

}  // namespace

DxSeverity IcdSeverity(const CodeSetPack& pack, std::string_view code) {
  DxSeverity out;
  out.code = NormalizeIcdCode(code);
  auto s = pack.db().Prepare("SELECT level FROM msdrg_severity WHERE code=?");
  if (!s.ok()) return out;
  s->Bind(1, out.code);
  if (!s->Step().value_or(false)) return out;
  out.level = static_cast<SeverityLevel>(s->ColumnInt(0));
  ResolveGroups(out, [&](const std::string& c) { return CcPdxRows(pack, c); });
  return out;
}

CcExclusion CcExclusionOf(const CodeSetPack& pack, std::string_view secondary, std::string_view principal) {
  const DxSeverity sev = IcdSeverity(pack, secondary);
  if (sev.level == SeverityLevel::kNone) return CcExclusion::kNotCc;
  auto s = pack.db().Prepare("SELECT id FROM msdrg_pdx_code WHERE code=?");
  if (!s.ok()) return CcExclusion::kCounts;
  s->Bind(1, NormalizeIcdCode(principal));
  if (!s->Step().value_or(false)) return CcExclusion::kCounts;  // the principal dx is in no group
  const int64_t id = s->ColumnInt(0);
  size_t holding = 0;
  for (int g : sev.pdx_groups) holding += g != kNoPdxExclusion && GroupHolds(pack, g, id);
  if (holding == 0) return CcExclusion::kCounts;
  return holding == sev.pdx_groups.size() ? CcExclusion::kExcluded : CcExclusion::kUncertain;
}

bool IsCcExcluded(const CodeSetPack& pack, std::string_view secondary, std::string_view principal) {
  return CcExclusionOf(pack, secondary, principal) == CcExclusion::kExcluded;
}

std::vector<std::string> PdxExclusionGroupMembers(const CodeSetPack& pack, int group) {
  std::vector<std::string> out;
  auto runs = pack.db().Prepare("SELECT first_id, count FROM msdrg_pdx_run WHERE pdx_group=? ORDER BY first_id");
  if (!runs.ok()) return out;
  runs->Bind(1, static_cast<int64_t>(group));
  std::vector<std::pair<int64_t, int64_t>> ranges;
  while (runs->Step().value_or(false)) ranges.emplace_back(runs->ColumnInt(0), runs->ColumnInt(1));
  if (ranges.empty()) return out;
  // Ids are ranks in code order: one ordered scan of the codes of the group's id span.
  auto codes = pack.db().Prepare("SELECT code, id FROM msdrg_pdx_code ORDER BY code");
  if (!codes.ok()) return out;
  size_t r = 0;
  while (r < ranges.size() && codes->Step().value_or(false)) {
    const int64_t id = codes->ColumnInt(1);
    while (r < ranges.size() && id >= ranges[r].first + ranges[r].second) ++r;
    if (r < ranges.size() && id >= ranges[r].first) out.push_back(codes->ColumnText(0));
  }
  return out;
}

std::vector<int> PdxExclusionGroups(const CodeSetPack& pack) {
  std::vector<int> out;
  auto s = pack.db().Prepare("SELECT pdx_group FROM msdrg_pdx_group ORDER BY pdx_group");
  if (!s.ok()) return out;
  while (s->Step().value_or(false)) out.push_back(static_cast<int>(s->ColumnInt(0)));
  return out;
}

std::vector<std::pair<int, std::vector<std::string>>> ListPdxExclusionGroups(const CodeSetPack& pack) {
  std::vector<std::pair<int, std::vector<std::string>>> out;
  std::vector<std::string> codes;  // by id
  auto c = pack.db().Prepare("SELECT code FROM msdrg_pdx_code ORDER BY code");
  if (!c.ok()) return out;
  while (c->Step().value_or(false)) codes.push_back(c->ColumnText(0));
  for (int g : PdxExclusionGroups(pack)) out.emplace_back(g, std::vector<std::string>());
  auto runs = pack.db().Prepare("SELECT pdx_group, first_id, count FROM msdrg_pdx_run ORDER BY pdx_group, first_id");
  if (!runs.ok()) return out;
  size_t at = 0;
  while (runs->Step().value_or(false)) {
    const int g = static_cast<int>(runs->ColumnInt(0));
    while (at < out.size() && out[at].first < g) ++at;
    if (at == out.size() || out[at].first != g) continue;  // a run of a group not in msdrg_pdx_group: not written
    for (int64_t id = runs->ColumnInt(1), end = id + runs->ColumnInt(2); id < end && id < static_cast<int64_t>(codes.size()); ++id) {
      out[at].second.push_back(codes[static_cast<size_t>(id)]);
    }
  }
  return out;
}

std::vector<DxSeverity> ListSeverities(const CodeSetPack& pack) {
  std::vector<DxSeverity> out;
  std::map<std::string, std::vector<std::pair<int, int>>> rows;  // appendix C, whole table in one query
  auto c = pack.db().Prepare("SELECT code, level, pdx_group FROM msdrg_cc_pdx");
  if (!c.ok()) return out;
  while (c->Step().value_or(false)) {
    rows[c->ColumnText(0)].emplace_back(static_cast<int>(c->ColumnInt(1)), static_cast<int>(c->ColumnInt(2)));
  }
  const std::vector<std::pair<int, int>> none;
  auto s = pack.db().Prepare("SELECT code, level FROM msdrg_severity ORDER BY code");
  if (!s.ok()) return out;
  while (s->Step().value_or(false)) {
    DxSeverity& d = out.emplace_back();
    d.code = s->ColumnText(0);
    d.level = static_cast<SeverityLevel>(s->ColumnInt(1));
    ResolveGroups(d, [&](const std::string& code) -> const std::vector<std::pair<int, int>>& {
      auto it = rows.find(code);
      return it == rows.end() ? none : it->second;
    });
  }
  return out;
}

namespace {

MsDrg RowToDrg(const Statement& s) {
  return {static_cast<int>(s.ColumnInt(0)), s.ColumnText(1), static_cast<DrgType>(s.ColumnInt(2)), s.ColumnText(3)};
}

}  // namespace

Result<MsDrg> LookupMsDrg(const CodeSetPack& pack, int drg) {
  auto s = pack.db().Prepare("SELECT drg, mdc, type, title FROM msdrg_drg WHERE drg=?");
  if (!s.ok()) return s.error();
  s->Bind(1, static_cast<int64_t>(drg));
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound, "MS-DRG " + std::to_string(drg) + " is not a DRG of MS-DRG v41.1");
  }
  return RowToDrg(*s);
}

std::vector<MsDrg> ListMsDrgs(const CodeSetPack& pack) {
  std::vector<MsDrg> out;
  auto s = pack.db().Prepare("SELECT drg, mdc, type, title FROM msdrg_drg ORDER BY drg");
  if (!s.ok()) return out;
  while (s->Step().value_or(false)) out.push_back(RowToDrg(*s));
  return out;
}

}  // namespace medcode::engine
