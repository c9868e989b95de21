// codeset_mce.cpp: the Medicare Code Editor part of the code-set pack (see codeset_mce.h): the MCE v41.1 age, sex and
// manifestation edits compiled from codesets/mce/mce-v41.1-fy2024 into one row per code (a bit mask of its edits),
// and their lookups.
//
// [SECTION] Compiling (CompileMce, run by BuildCodeSetPack)
// [SECTION] Reading
#include "engine/codeset_mce.h"

#include <map>

#include "engine/codeset_build.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "mce";
constexpr const char* kEdition = "v41.1";
constexpr const char* kMceEdits = "mce/mce-v41.1-fy2024/mce_v41.1_code_edits_age_sex_manifestation.csv";

// One row per code; `edits` holds bit (int)MceEdit for each edit the file lists for the code.
constexpr const char* kMceSchema = "CREATE TABLE mce_edit(code TEXT PRIMARY KEY, edits INTEGER NOT NULL) WITHOUT ROWID;";

struct EditInfo {
  MceEdit edit;
  const char* group;    // icd_conflict_group, as published
  const char* rule;     // icd_conflict_rule, as published
  const char* meaning;  // for a coder
  int min_age, max_age;  // -1: not an age edit
};
constexpr EditInfo kEdits[kMceEditCount] = {
    {MceEdit::kNewborn, "Age", "Perinatal/Newborn (Age 0 Only)",
     "newborn/perinatal code: the patient's age must be 0", 0, 0},
    {MceEdit::kPediatric, "Age", "Pediatric (Ages 0-17)", "pediatric code: the patient's age must be 0-17", 0, 17},
    {MceEdit::kMaternity, "Age", "Maternity (Ages 9-64)", "maternity code: the patient's age must be 9-64", 9, 64},
    {MceEdit::kAdult, "Age", "Adult (Ages 15-124)", "adult code: the patient's age must be 15-124", 15, 124},
    {MceEdit::kFemaleOnly, "Sex", "Female Only", "female-only code: conflicts with a patient recorded as male", -1,
     -1},
    {MceEdit::kMaleOnly, "Sex", "Male Only", "male-only code: conflicts with a patient recorded as female", -1, -1},
    {MceEdit::kManifestation, "Other", "Manifestation (Not Allowed as Principal Diagnosis)",
     "manifestation code: not allowed as the principal diagnosis (code the underlying condition first)", -1, -1},
};

const EditInfo& Info(MceEdit edit) { return kEdits[static_cast<int>(edit)]; }

Status ReadMceEdits(InputFile& file, std::map<std::string, uint32_t>& masks) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c = reader.Columns({"icd_code", "icd_conflict_group", "icd_conflict_rule"});
  if (!c.ok()) return c.error();
  const size_t c_code = (*c)[0], c_group = (*c)[1], c_rule = (*c)[2];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = ParseIcdCodeField(reader, f[c_code], "icd_code", true);
    if (!code.ok()) return code.error();
    const EditInfo* info = nullptr;
    for (const EditInfo& e : kEdits) {
      if (f[c_rule] == e.rule) info = &e;
    }
    if (!info) {
      std::string known;
      for (const EditInfo& e : kEdits) known += std::string(known.empty() ? "" : ", ") + "'" + e.rule + "'";
      return reader.RecordError("Column 'icd_conflict_rule' is '" + std::string(f[c_rule]) +
                                "', not an MCE edit this compiler knows (" + known + ")");
    }
    if (f[c_group] != info->group) {
      return reader.RecordError("Column 'icd_conflict_group' is '" + std::string(f[c_group]) + "' for the rule '" +
                                info->rule + "' (expected '" + info->group + "')");
    }
    const uint32_t bit = 1u << static_cast<int>(info->edit);
    uint32_t& mask = masks[*code];
    if (mask & bit) return reader.RecordError(*code + " is listed twice with the rule '" + info->rule + "'");
    mask |= bit;
    return Status::Ok();
  });
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

Status CompileMce(PackBuild& build) {
  auto file = build.Read(kMceEdits, kSet, kEdition);
  if (!file.ok()) return file.error();
  std::map<std::string, uint32_t> masks;  // dotted code -> edits; sorted for reproducible bytes
  if (Status s = ReadMceEdits(**file, masks); !s.ok()) return s;
  int64_t per_edit[kMceEditCount] = {};
  for (const auto& [code, mask] : masks) {
    for (int i = 0; i < kMceEditCount; ++i) per_edit[i] += (mask >> i) & 1u;
  }

  Database& db = build.db();
  if (Status s = db.Exec(kMceSchema); !s.ok()) return s;
  auto ins = db.Prepare("INSERT INTO mce_edit VALUES(?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [code, mask] : masks) {
    ins->Reset();
    ins->Bind(1, code).Bind(2, static_cast<int64_t>(mask));
    if (Status s = ins->Run(); !s.ok()) return s;
  }

  std::string counts;
  for (const EditInfo& e : kEdits) {
    counts += std::string(counts.empty() ? "" : ", ") + e.rule + " " + std::to_string(per_edit[static_cast<int>(e.edit)]);
  }
  build.AddEdition(
      {kSet, kEdition, "2023-10-01", "2024-09-30",
       "Medicare Code Editor v41.1 (FY2024), age/sex/manifestation edits only (derived CSV): " +
           std::to_string((*file)->info.rows) + " rows for " + std::to_string(masks.size()) + " codes (" + counts +
           "). No FY2025/FY2026 MCE is in codesets/: v41.1 is used for later dates of service, so codes added to "
           "ICD-10-CM since FY2024 have no edits and edits CMS changed since are not reflected. Not here: "
           "unacceptable principal diagnosis, questionable admission, non-specific principal diagnosis and the other "
           "MCE edits. The HHS-HCC 2019 MCE age/sex lists are not compiled (older, partial, other age bands)."});
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------------------------

const char* MceEditRule(MceEdit edit) { return Info(edit).rule; }
const char* MceEditGroup(MceEdit edit) { return Info(edit).group; }
const char* MceEditMeaning(MceEdit edit) { return Info(edit).meaning; }

std::optional<MceAgeRange> MceEditAges(MceEdit edit) {
  const EditInfo& e = Info(edit);
  if (e.min_age < 0) return std::nullopt;
  return MceAgeRange{e.min_age, e.max_age};
}

std::vector<MceEdit> MceEdits::List() const {
  std::vector<MceEdit> out;
  for (int i = 0; i < kMceEditCount; ++i) {
    if (mask & (1u << i)) out.push_back(static_cast<MceEdit>(i));
  }
  return out;
}

MceEdits IcdMceEdits(const CodeSetPack& pack, std::string_view code) {
  MceEdits out;
  out.code = NormalizeIcdCode(code);
  auto s = pack.db().Prepare("SELECT edits FROM mce_edit WHERE code=?");
  if (!s.ok()) return out;
  s->Bind(1, out.code);
  if (s->Step().value_or(false)) out.mask = static_cast<uint32_t>(s->ColumnInt(0));
  return out;
}

std::vector<MceEdits> ListMceEdits(const CodeSetPack& pack) {
  std::vector<MceEdits> out;
  auto s = pack.db().Prepare("SELECT code, edits FROM mce_edit ORDER BY code");
  if (!s.ok()) return out;
  while (s->Step().value_or(false)) out.push_back({s->ColumnText(0), static_cast<uint32_t>(s->ColumnInt(1))});
  return out;
}

}  // namespace medcode::engine
