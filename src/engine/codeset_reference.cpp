// codeset_reference.cpp: the claim reference lists of the code-set pack (see codeset_reference.h): place of service
// codes and the CARC / RARC / group code list, compiled from codesets/reference, and their lookups.
//
// [SECTION] Compiling (CompileReference, run by BuildCodeSetPack)
// [SECTION] Reading
#include "engine/codeset_reference.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <utility>

#include "engine/codeset_build.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "reference";
// Editions are named after the snapshot the files were compiled from (codesets/reference/SOURCE.md: pins of June
// 2024); neither list has an effective period of its own.
constexpr const char* kPosEdition = "POS 2024-06";
constexpr const char* kPosSnapshot = "2024-06-28";  // pos_codes pin 20240628T042527Z
constexpr const char* kAdjEdition = "CARC/RARC 2024-06";
constexpr const char* kAdjSnapshot = "2024-06-18";  // adj_codes pin 20240618T123408Z

constexpr const char* kPlaceOfService = "reference/place_of_service_codes.csv";
constexpr const char* kAdjustmentCodes = "reference/carc_rarc_group_codes.csv";

constexpr const char* kReferenceSchema =
    "CREATE TABLE ref_place_of_service(code TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL,"
    "  description TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE ref_adjustment_code(kind TEXT NOT NULL, code TEXT NOT NULL, description TEXT NOT NULL,"
    "  usage TEXT NOT NULL, notes TEXT NOT NULL, start_date TEXT NOT NULL, last_modified TEXT NOT NULL,"
    "  end_date TEXT NOT NULL, PRIMARY KEY(kind, code)) WITHOUT ROWID;";

// Spaces dropped, upper case: " n130" -> "N130".
std::string NormalizeReferenceCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool IsAlnumCode(std::string_view code, size_t max_size) {
  if (code.empty() || code.size() > max_size) return false;
  for (char c : code) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

struct PosRow {
  std::string type, name, description;
};

Status ReadPlaceOfService(InputFile& file, std::map<std::string, PosRow>& rows) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c_code = reader.Column("pos_code"), c_type = reader.Column("pos_type"), c_name = reader.Column("pos_name"),
       c_desc = reader.Column("pos_description");
  for (auto* c : {&c_code, &c_type, &c_name, &c_desc}) {
    if (!c->ok()) return c->error();
  }
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    const std::string_view code = f[*c_code], type = f[*c_type];
    if (code.size() != 2 || !std::isdigit(static_cast<unsigned char>(code[0])) ||
        !std::isdigit(static_cast<unsigned char>(code[1]))) {
      return reader.RecordError("Column 'pos_code' should be two digits, not '" + std::string(code) + "'");
    }
    if (type != "Facility" && type != "Non-Facility" && type != "Unassigned") {
      return reader.RecordError("Column 'pos_type' should be Facility, Non-Facility or Unassigned, not '" +
                                std::string(type) + "'");
    }
    if (f[*c_name].empty()) return reader.RecordError("Column 'pos_name' is empty");
    auto [it, fresh] = rows.try_emplace(std::string(code));
    if (!fresh) return reader.RecordError("Place of service " + std::string(code) + " is listed twice");
    it->second = {std::string(type), std::string(f[*c_name]), std::string(f[*c_desc])};
    return Status::Ok();
  });
}

struct AdjRow {
  std::string description, usage, notes, start_date, last_modified, end_date;
};
using AdjRows = std::map<std::pair<std::string, std::string>, AdjRow>;  // (kind, code): sorted

// An empty field, or a date written YYYY-MM-DD (the form stored, so that dates compare as text).
Result<std::string> ParseIsoDateField(const CsvReader& reader, std::string_view field, const char* column) {
  if (field.empty()) return std::string();
  auto date = ParseDate(field);
  if (!date.ok() || ToIso(*date) != field) {
    return reader.RecordError(std::string("Column '") + column + "' should be a date written YYYY-MM-DD, not '" +
                              std::string(field) + "'");
  }
  return std::string(field);
}

Status ReadAdjustmentCodes(InputFile& file, AdjRows& rows) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c_code = reader.Column("adj_code"), c_type = reader.Column("adj_type"),
       c_desc = reader.Column("adj_description"), c_usage = reader.Column("adj_usage"),
       c_notes = reader.Column("adj_notes"), c_start = reader.Column("adj_start_date"),
       c_modified = reader.Column("adj_last_modified"), c_end = reader.Column("adj_end_date");
  for (auto* c : {&c_code, &c_type, &c_desc, &c_usage, &c_notes, &c_start, &c_modified, &c_end}) {
    if (!c->ok()) return c->error();
  }
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    const std::string_view code = f[*c_code], kind = f[*c_type];
    if (kind != "CARC" && kind != "RARC" && kind != "Group") {
      return reader.RecordError("Column 'adj_type' should be CARC, RARC or Group, not '" + std::string(kind) + "'");
    }
    if (!IsAlnumCode(code, 5)) {
      return reader.RecordError("Column 'adj_code' should be a code of 1 to 5 letters or digits, not '" +
                                std::string(code) + "'");
    }
    if (f[*c_desc].empty()) return reader.RecordError("Column 'adj_description' is empty");
    AdjRow r{std::string(f[*c_desc]), std::string(f[*c_usage]), std::string(f[*c_notes]), {}, {}, {}};
    for (auto [out, column, name] : {std::tuple{&r.start_date, *c_start, "adj_start_date"},
                                     std::tuple{&r.last_modified, *c_modified, "adj_last_modified"},
                                     std::tuple{&r.end_date, *c_end, "adj_end_date"}}) {
      auto date = ParseIsoDateField(reader, f[column], name);
      if (!date.ok()) return date.error();
      *out = std::move(date).value();
    }
    auto [it, fresh] = rows.try_emplace({std::string(kind), std::string(code)});
    if (!fresh) return reader.RecordError(std::string(kind) + " " + std::string(code) + " is listed twice");
    it->second = std::move(r);
    return Status::Ok();
  });
}

Status WritePlaceOfService(Database& db, const std::map<std::string, PosRow>& rows) {
  auto ins = db.Prepare("INSERT INTO ref_place_of_service VALUES(?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [code, r] : rows) {
    ins->Reset();
    ins->Bind(1, code).Bind(2, r.type).Bind(3, r.name).Bind(4, r.description);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status WriteAdjustmentCodes(Database& db, const AdjRows& rows) {
  auto ins = db.Prepare("INSERT INTO ref_adjustment_code VALUES(?,?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [key, r] : rows) {
    ins->Reset();
    ins->Bind(1, key.first).Bind(2, key.second).Bind(3, r.description).Bind(4, r.usage).Bind(5, r.notes);
    ins->Bind(6, r.start_date).Bind(7, r.last_modified).Bind(8, r.end_date);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

Status CompileReference(PackBuild& build) {
  auto pos_file = build.Read(kPlaceOfService, kSet, kPosEdition);
  if (!pos_file.ok()) return pos_file.error();
  auto adj_file = build.Read(kAdjustmentCodes, kSet, kAdjEdition);
  if (!adj_file.ok()) return adj_file.error();

  std::map<std::string, PosRow> pos;
  if (Status s = ReadPlaceOfService(**pos_file, pos); !s.ok()) return s;
  AdjRows adj;
  if (Status s = ReadAdjustmentCodes(**adj_file, adj); !s.ok()) return s;

  int64_t assigned = 0;
  for (const auto& [code, r] : pos) assigned += r.type != "Unassigned";
  std::map<std::string, int64_t> per_kind;
  int64_t ended = 0;
  std::string newest_modified, newest_start;
  for (const auto& [key, r] : adj) {
    ++per_kind[key.first];
    ended += !r.end_date.empty();
    newest_modified = std::max(newest_modified, r.last_modified);
    newest_start = std::max(newest_start, r.start_date);
  }

  Database& db = build.db();
  if (Status s = db.Exec(kReferenceSchema); !s.ok()) return s;
  if (Status s = WritePlaceOfService(db, pos); !s.ok()) return s;
  if (Status s = WriteAdjustmentCodes(db, adj); !s.ok()) return s;

  build.AddEdition({kSet, kPosEdition, kPosSnapshot, "",
                    "CMS place of service codes as compiled on " + std::string(kPosSnapshot) +
                        " (derived CSV): " + std::to_string(pos.size()) + " codes, " + std::to_string(assigned) +
                        " assigned (facility / non-facility), the rest listed as unassigned. Current until replaced: "
                        "no end date."});
  build.AddEdition(
      {kSet, kAdjEdition, kAdjSnapshot, "",
       "X12 claim adjustment reason codes, remittance advice remark codes and group codes as compiled on " +
           std::string(kAdjSnapshot) + " (derived CSV; (c) X12: for validating remittance data, not to republish): " +
           std::to_string(per_kind["CARC"]) + " CARC, " + std::to_string(per_kind["RARC"]) + " RARC, " +
           std::to_string(per_kind["Group"]) + " group codes, " + std::to_string(ended) +
           " of them end-dated. Stale: last modified " + newest_modified + " (newest start date " + newest_start +
           "): codes added or changed by X12 since are missing."});
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------------------------

const char* AdjustmentKindName(AdjustmentKind kind) {
  switch (kind) {
    case AdjustmentKind::kCarc: return "CARC";
    case AdjustmentKind::kRarc: return "RARC";
    case AdjustmentKind::kGroup: return "Group";
  }
  return "unknown";
}

bool AdjustmentCode::ActiveOn(const Date& on) const {
  const std::string day = ToIso(on);
  return (start_date.empty() || start_date <= day) && (end_date.empty() || day <= end_date);
}

Result<PlaceOfService> LookupPlaceOfService(const CodeSetPack& pack, std::string_view code) {
  std::string key = NormalizeReferenceCode(code);
  for (char c : key) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(code) +
                                                        "' is not a place of service code: POS codes are two digits, "
                                                        "such as 11 (office) or 21 (inpatient hospital)");
    }
  }
  if (key.size() == 1) key = "0" + key;
  auto s = pack.db().Prepare("SELECT type, name, description FROM ref_place_of_service WHERE code=?");
  if (!s.ok()) return s.error();
  s->Bind(1, key);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound,
                     "'" + std::string(code) + "' is not a place of service code: POS codes run from 01 to 99");
  }
  return PlaceOfService{key, s->ColumnText(0), s->ColumnText(1), s->ColumnText(2)};
}

Result<AdjustmentCode> LookupAdjustmentCode(const CodeSetPack& pack, AdjustmentKind kind, std::string_view code) {
  const std::string key = NormalizeReferenceCode(code);
  auto s = pack.db().Prepare(
      "SELECT description, usage, notes, start_date, last_modified, end_date FROM ref_adjustment_code "
      "WHERE kind=? AND code=?");
  if (!s.ok()) return s.error();
  s->Bind(1, AdjustmentKindName(kind)).Bind(2, key);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    std::string message = "'" + std::string(code) + "' is not a " +
                          (kind == AdjustmentKind::kGroup
                               ? std::string("claim adjustment group code (CO, CR, OA, PI or PR)")
                               : std::string(AdjustmentKindName(kind)) + " in the X12 list of " + kAdjSnapshot);
    if (kind != AdjustmentKind::kGroup) {
      message += " (this list is stale, see About code-set data: a code X12 added since may be missing; check x12.org)";
    }
    return MakeError(ErrorCode::kNotFound, message);
  }
  AdjustmentCode a;
  a.kind = kind;
  a.code = key;
  a.description = s->ColumnText(0);
  a.usage = s->ColumnText(1);
  a.notes = s->ColumnText(2);
  a.start_date = s->ColumnText(3);
  a.last_modified = s->ColumnText(4);
  a.end_date = s->ColumnText(5);
  return a;
}

}  // namespace medcode::engine
