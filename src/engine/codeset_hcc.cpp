// codeset_hcc.cpp: the CMS-HCC part of the code-set pack (see codeset_hcc.h): for models V24 and V28, the ICD-10-CM
// -> HCC mapping, HCC labels, hierarchies and community non-dual aged factors, compiled from codesets/hcc, and their
// lookups.
//
// [SECTION] Compiling (CompileHcc, run by BuildCodeSetPack)
// [SECTION] Reading
#include "engine/codeset_hcc.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "engine/codeset_build.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "hcc";

struct ModelInput {
  HccModel model;
  const char* edition;
  const char* valid_from;
  const char* valid_to;
  const char* map;        // tab-separated: dotless code, HCC, "" or "D" (the code's second HCC)
  const char* labels;     // hcc,label: "HCC19" (and for V28 "CC19" with the same label)
  const char* hierarchy;  // hcc,drops_hccs_space_separated,group_comment
  const char* factors;    // one header row of coefficient names, one row of values
  const char* note;
};
constexpr ModelInput kModels[] = {
    {HccModel::kV24, "V24 2022", "2021-01-01", "2024-12-31", "hcc/cms-hcc-v24/F2422P1M.TXT",
     "hcc/cms-hcc-v24/V24H86L1_labels.csv", "hcc/cms-hcc-v24/V24H86H1_hierarchy.csv", "hcc/cms-hcc-v24/V24hcccoefn.csv",
     "CMS-HCC V24, the 2022 ICD-10-CM mapping F2422P1M (payment year 2022, 2021 dates of service); V24 stayed in the "
     "blended score through payment year 2025 (2024 dates of service), for which this mapping is used: codes added "
     "to ICD-10-CM from FY2023 on map to no V24 HCC here. F24_AllYearsCombined is not compiled (it mixes years: "
     "deleted codes, and a third HCC 108 for E08.52-E13.52)."},
    {HccModel::kV28, "V28 2024", "2023-01-01", "2023-12-31", "hcc/cms-hcc-v28/F2824T1N.TXT",
     "hcc/cms-hcc-v28/V28115L3_labels.csv", "hcc/cms-hcc-v28/V28115H1_hierarchy.csv", "hcc/cms-hcc-v28/V28hcccoefn.csv",
     "CMS-HCC V28, the 2024 final ICD-10-CM mapping F2824T1N (payment year 2024, 2023 dates of service). No "
     "2025/2026 mapping is in codesets/: it is used for later dates of service, so codes added to ICD-10-CM since "
     "FY2024 map to no HCC here. The FY22/FY23 mapping F2823T2N is not compiled."},
};

constexpr const char* kHccSchema =
    "CREATE TABLE hcc_label(model INTEGER NOT NULL, hcc INTEGER NOT NULL, label TEXT NOT NULL,"
    "  hierarchy_group TEXT NOT NULL, cna_factor TEXT NOT NULL, PRIMARY KEY(model, hcc)) WITHOUT ROWID;"
    "CREATE TABLE hcc_hierarchy(model INTEGER NOT NULL, hcc INTEGER NOT NULL, drops INTEGER NOT NULL,"
    "  PRIMARY KEY(model, hcc, drops)) WITHOUT ROWID;"
    // Keyed by code first: IcdHcc looks up both models of a code in one range.
    "CREATE TABLE hcc_map(code TEXT NOT NULL, model INTEGER NOT NULL, hcc INTEGER NOT NULL,"
    "  PRIMARY KEY(code, model, hcc)) WITHOUT ROWID;";

struct HccRow {
  std::string label;
  std::string hierarchy_group;
  std::string cna_factor;
  std::set<int> drops;
};

struct ModelData {
  std::map<int, HccRow> hccs;
  std::set<std::pair<std::string, int>> map;  // (dotted code, HCC): sorted for reproducible bytes
};

// "HCC19" -> 19 (`prefix` "HCC" or "CC"); -1 when the name does not have that shape.
int HccNumber(std::string_view name, std::string_view prefix) {
  if (name.substr(0, prefix.size()) != prefix || name.size() == prefix.size() || name.size() > prefix.size() + 4) {
    return -1;
  }
  int n = 0;
  for (char c : name.substr(prefix.size())) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

Status ReadLabels(InputFile& file, ModelData& data) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c = reader.Columns({"hcc", "label"});
  if (!c.ok()) return c.error();
  const size_t c_hcc = (*c)[0], c_label = (*c)[1];
  std::vector<std::pair<int, std::pair<std::string, std::string>>> cc_labels;  // number, (label, where)
  Status status = ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    const int hcc = HccNumber(f[c_hcc], "HCC"), cc = HccNumber(f[c_hcc], "CC");
    if (hcc < 0 && cc < 0) {
      return reader.RecordError("Column 'hcc' should be HCC<number> or CC<number>, not '" + std::string(f[c_hcc]) +
                                "'");
    }
    if (f[c_label].empty()) return reader.RecordError("Column 'label' is empty");
    if (cc >= 0) {
      cc_labels.push_back({cc, {std::string(f[c_label]), reader.Where()}});
      return Status::Ok();
    }
    auto [it, fresh] = data.hccs.try_emplace(hcc);
    if (!fresh) return reader.RecordError("HCC" + std::to_string(hcc) + " is labelled twice");
    it->second.label = std::string(f[c_label]);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  // The V28 file labels each condition category (CC) as well as its HCC: the same text, not stored twice.
  for (const auto& [cc, label_where] : cc_labels) {
    auto it = data.hccs.find(cc);
    if (it == data.hccs.end() || it->second.label != label_where.first) {
      return MakeError(ErrorCode::kParse,
                       "CC" + std::to_string(cc) + " has a label that is not the one of HCC" + std::to_string(cc) +
                           " (or there is no HCC" + std::to_string(cc) + ")",
                       label_where.second);
    }
  }
  return Status::Ok();
}

Result<int> ParseLabelledHcc(const CsvReader& reader, const ModelData& data, std::string_view field,
                             const char* column) {
  auto n = ParseIntField(reader, field, column);
  if (!n.ok()) return n;
  if (!data.hccs.count(*n)) {
    return reader.RecordError(std::string("Column '") + column + "' names HCC " + std::string(field) +
                              ", which the model's label file does not list: not a payment HCC of this model");
  }
  return n;
}

Status ReadHierarchy(InputFile& file, ModelData& data) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c = reader.Columns({"hcc", "drops_hccs_space_separated", "group_comment"});
  if (!c.ok()) return c.error();
  const size_t c_hcc = (*c)[0], c_drops = (*c)[1], c_group = (*c)[2];
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto hcc = ParseLabelledHcc(reader, data, f[c_hcc], "hcc");
    if (!hcc.ok()) return hcc.error();
    HccRow& row = data.hccs[*hcc];
    if (!row.drops.empty()) return reader.RecordError("HCC " + std::to_string(*hcc) + " has two hierarchy rows");
    std::string_view rest = f[c_drops];
    while (!rest.empty()) {
      const size_t space = rest.find(' ');
      const std::string_view word = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      if (word.empty()) continue;
      auto dropped = ParseLabelledHcc(reader, data, word, "drops_hccs_space_separated");
      if (!dropped.ok()) return dropped.error();
      if (*dropped == *hcc) return reader.RecordError("HCC " + std::to_string(*hcc) + " drops itself");
      row.drops.insert(*dropped);
    }
    if (row.drops.empty()) return reader.RecordError("Column 'drops_hccs_space_separated' names no HCC");
    row.hierarchy_group = std::string(f[c_group]);
    return Status::Ok();
  });
}

// "0.335", "12", "-0.02": a decimal number as the coefficient files write them.
bool LooksLikeDecimal(std::string_view text) {
  if (!text.empty() && text[0] == '-') text.remove_prefix(1);
  bool digit = false, dot = false;
  for (char c : text) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else {
      return false;
    }
  }
  return digit;
}

Status ReadFactors(InputFile& file, ModelData& data) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  std::map<int, size_t> columns;  // HCC -> column of CNA_HCC<n>
  for (size_t i = 0; i < reader.header().size(); ++i) {
    const int n = HccNumber(reader.header()[i], "CNA_HCC");
    if (n >= 0) columns[n] = i;
  }
  for (const auto& [hcc, row] : data.hccs) {
    if (!columns.count(hcc)) {
      return MakeError(ErrorCode::kParse,
                       "No column CNA_HCC" + std::to_string(hcc) + " (community, non-dual, aged factor of HCC" +
                           std::to_string(hcc) + ") in the header",
                       file.info.path + ":1");
    }
  }
  int64_t records = 0;
  Status status = ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    if (++records > 1) return reader.RecordError("Expected one row of factors, found more");
    for (auto& [hcc, row] : data.hccs) {
      const std::string_view value = f[columns.at(hcc)];
      if (!LooksLikeDecimal(value)) {
        return reader.RecordError("Column 'CNA_HCC" + std::to_string(hcc) + "' should be a decimal number, not '" +
                                  std::string(value) + "'");
      }
      row.cna_factor = std::string(value);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (records == 0) return MakeError(ErrorCode::kParse, "No row of factors after the header", file.info.path);
  return Status::Ok();
}

Status ReadMap(InputFile& file, ModelData& data) {
  CsvReader reader(file.text, file.info.path, '\t');
  std::vector<std::string_view> f;
  for (;;) {
    auto row = reader.Next(f);
    if (!row.ok()) return row.error();
    if (!*row) return Status::Ok();
    if (f.size() < 2 || f.size() > 3) {
      return reader.RecordError("Expected a code, an HCC and an optional flag separated by tabs, found " +
                                std::to_string(f.size()) + " field(s) (the file may be truncated)");
    }
    auto code = ParseIcdCodeField(reader, f[0], "diagnosis code (1st)", false);
    if (!code.ok()) return code.error();
    auto hcc = ParseLabelledHcc(reader, data, f[1], "HCC (2nd)");
    if (!hcc.ok()) return hcc.error();
    if (f.size() == 3 && !f[2].empty() && f[2] != "D") {
      return reader.RecordError("The 3rd column should be empty or D (a code's further HCC), not '" +
                                std::string(f[2]) + "'");
    }
    if (!data.map.emplace(*code, *hcc).second) {
      return reader.RecordError(*code + " -> HCC " + std::to_string(*hcc) + " is listed twice");
    }
    ++file.info.rows;
  }
}

Status WriteModel(Database& db, HccModel model, const ModelData& data) {
  const auto m = static_cast<int64_t>(model);
  auto ins_label = db.Prepare("INSERT INTO hcc_label VALUES(?,?,?,?,?)");
  auto ins_hier = db.Prepare("INSERT INTO hcc_hierarchy VALUES(?,?,?)");
  auto ins_map = db.Prepare("INSERT INTO hcc_map VALUES(?,?,?)");
  for (auto* s : {&ins_label, &ins_hier, &ins_map}) {
    if (!s->ok()) return s->error();
  }
  for (const auto& [hcc, row] : data.hccs) {
    ins_label->Reset();
    ins_label->Bind(1, m).Bind(2, static_cast<int64_t>(hcc)).Bind(3, row.label).Bind(4, row.hierarchy_group);
    ins_label->Bind(5, row.cna_factor);
    if (Status s = ins_label->Run(); !s.ok()) return s;
    for (int dropped : row.drops) {
      ins_hier->Reset();
      ins_hier->Bind(1, m).Bind(2, static_cast<int64_t>(hcc)).Bind(3, static_cast<int64_t>(dropped));
      if (Status s = ins_hier->Run(); !s.ok()) return s;
    }
  }
  for (const auto& [code, hcc] : data.map) {
    ins_map->Reset();
    ins_map->Bind(1, code).Bind(2, m).Bind(3, static_cast<int64_t>(hcc));
    if (Status s = ins_map->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

Status CompileHcc(PackBuild& build) {
  Database& db = build.db();
  if (Status s = db.Exec(kHccSchema); !s.ok()) return s;
  for (const ModelInput& in : kModels) {
    InputFile* files[4] = {};
    const char* paths[4] = {in.labels, in.hierarchy, in.factors, in.map};
    for (int i = 0; i < 4; ++i) {
      auto file = build.Read(paths[i], kSet, in.edition);
      if (!file.ok()) return file.error();
      files[i] = *file;
    }
    ModelData data;
    if (Status s = ReadLabels(*files[0], data); !s.ok()) return s;
    if (Status s = ReadHierarchy(*files[1], data); !s.ok()) return s;
    if (Status s = ReadFactors(*files[2], data); !s.ok()) return s;
    if (Status s = ReadMap(*files[3], data); !s.ok()) return s;
    if (Status s = WriteModel(db, in.model, data); !s.ok()) return s;

    std::set<std::string> codes;
    int64_t rules = 0;
    for (const auto& [code, hcc] : data.map) codes.insert(code);
    for (const auto& [hcc, row] : data.hccs) rules += !row.drops.empty();
    build.AddEdition({kSet, in.edition, in.valid_from, in.valid_to,
                      std::string(in.note) + " " + std::to_string(data.map.size()) + " code -> HCC pairs for " +
                          std::to_string(codes.size()) + " codes, " + std::to_string(data.hccs.size()) +
                          " payment HCCs with labels and community non-dual aged factors (CNA_HCC<n>; the other "
                          "segments, demographic and interaction factors are not compiled), " +
                          std::to_string(rules) + " hierarchy rules."});
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------------------------

const char* HccModelName(HccModel model) {
  switch (model) {
    case HccModel::kV24: return "CMS-HCC V24";
    case HccModel::kV28: return "CMS-HCC V28";
  }
  return "CMS-HCC";
}

namespace {

constexpr const char* kHccColumns = "SELECT hcc, label, hierarchy_group, cna_factor FROM hcc_label WHERE model=? ";

Hcc RowToHcc(const Statement& s, HccModel model) {
  return {model, static_cast<int>(s.ColumnInt(0)), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3)};
}

}  // namespace

IcdHccMap IcdHcc(const CodeSetPack& pack, std::string_view code) {
  IcdHccMap out;
  out.code = NormalizeIcdCode(code);
  auto s = pack.db().Prepare(
      "SELECT l.hcc, l.label, l.hierarchy_group, l.cna_factor, m.model FROM hcc_map m JOIN hcc_label l "
      "ON l.model = m.model AND l.hcc = m.hcc WHERE m.code=? ORDER BY m.model, m.hcc");
  if (!s.ok()) return out;
  s->Bind(1, out.code);
  while (s->Step().value_or(false)) {
    const auto model = static_cast<HccModel>(s->ColumnInt(4));
    (model == HccModel::kV24 ? out.v24 : out.v28).push_back(RowToHcc(*s, model));
  }
  return out;
}

Result<Hcc> LookupHcc(const CodeSetPack& pack, HccModel model, int number) {
  auto s = pack.db().Prepare(std::string(kHccColumns) + "AND hcc=?");
  if (!s.ok()) return s.error();
  s->Bind(1, static_cast<int64_t>(model)).Bind(2, static_cast<int64_t>(number));
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound,
                     "HCC " + std::to_string(number) + " is not a payment HCC of " + HccModelName(model));
  }
  return RowToHcc(*s, model);
}

std::vector<Hcc> ListHccs(const CodeSetPack& pack, HccModel model) {
  std::vector<Hcc> out;
  auto s = pack.db().Prepare(std::string(kHccColumns) + "ORDER BY hcc");
  if (!s.ok()) return out;
  s->Bind(1, static_cast<int64_t>(model));
  while (s->Step().value_or(false)) out.push_back(RowToHcc(*s, model));
  return out;
}

std::vector<int> HccDrops(const CodeSetPack& pack, HccModel model, int hcc) {
  std::vector<int> out;
  auto s = pack.db().Prepare("SELECT drops FROM hcc_hierarchy WHERE model=? AND hcc=? ORDER BY drops");
  if (!s.ok()) return out;
  s->Bind(1, static_cast<int64_t>(model)).Bind(2, static_cast<int64_t>(hcc));
  while (s->Step().value_or(false)) out.push_back(static_cast<int>(s->ColumnInt(0)));
  return out;
}

Result<std::vector<int>> ApplyHccHierarchy(const CodeSetPack& pack, HccModel model, const std::vector<int>& hccs) {
  std::set<int> present(hccs.begin(), hccs.end());
  std::set<int> known;
  for (const auto& h : ListHccs(pack, model)) known.insert(h.number);
  for (int h : present) {
    if (!known.count(h)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "HCC " + std::to_string(h) + " is not a payment HCC of " + HccModelName(model) +
                           ": give the HCC numbers of that model (e.g. from IcdHcc)");
    }
  }
  auto s = pack.db().Prepare("SELECT hcc, drops FROM hcc_hierarchy WHERE model=?");
  if (!s.ok()) return s.error();
  s->Bind(1, static_cast<int64_t>(model));
  std::set<int> dropped;
  while (s->Step().value_or(false)) {
    if (present.count(static_cast<int>(s->ColumnInt(0)))) dropped.insert(static_cast<int>(s->ColumnInt(1)));
  }
  std::vector<int> out;
  for (int h : present) {
    if (!dropped.count(h)) out.push_back(h);
  }
  return out;
}

std::vector<std::pair<std::string, int>> ListHccMap(const CodeSetPack& pack, HccModel model) {
  std::vector<std::pair<std::string, int>> out;
  auto s = pack.db().Prepare("SELECT code, hcc FROM hcc_map WHERE model=? ORDER BY code, hcc");
  if (!s.ok()) return out;
  s->Bind(1, static_cast<int64_t>(model));
  while (s->Step().value_or(false)) out.emplace_back(s->ColumnText(0), static_cast<int>(s->ColumnInt(1)));
  return out;
}

}  // namespace medcode::engine
