// codeset_mpfs.cpp: the Medicare Physician Fee Schedule part of the code-set pack (see codeset_mpfs.h): compiles the
// CY2025 RVU25D files and the October 2025 ZIP -> locality file from codesets/mpfs, and computes allowed amounts.
//
// [SECTION] Parsing helpers (exact decimals, heading rows, footnotes)
// [SECTION] Reading the CMS files
// [SECTION] Writing the tables
// [SECTION] Compiling (CompileMpfs, run by BuildCodeSetPack)
// [SECTION] Status codes
// [SECTION] Lookups
// [SECTION] Payment
#include "engine/codeset_mpfs.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "engine/codeset_build.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "mpfs";
constexpr const char* kEdition = "MPFS CY2025 RVU25D";
constexpr const char* kRvuEdition = "CY2025 Oct (RVU25D)";  // input edition of the RVU25D files
constexpr const char* kZipEdition = "Oct 2025 (20254)";     // input edition of the ZIP file

constexpr const char* kRvuFile = "mpfs/rvu25d/PPRRVU2025_Oct.csv";
constexpr const char* kGpciFile = "mpfs/rvu25d/GPCI2025.csv";
constexpr const char* kLocalityFile = "mpfs/rvu25d/25LOCCO.csv";
constexpr const char* kAnesFile = "mpfs/rvu25d/ANES2025.csv";
constexpr const char* kOppsCapFile = "mpfs/rvu25d/OPPSCAP_Oct.csv";
constexpr const char* kZipFile = "mpfs/zip-locality-oct2025/ZIP5_OCT2025.txt";
constexpr std::string_view kZipYearQuarter = "20254";  // the year/quarter every ZIP5 record of October 2025 ends with

// Decimal places of each kind of number, as CMS publishes them (a value with more places is refused).
constexpr int kRvuPlaces = 2;    // RVUs, pre/intra/post shares, dollars
constexpr int kGpciPlaces = 3;   // GPCIs ("1", "1.5", "0.869")
constexpr int kCfPlaces = 4;     // conversion factors (32.3465, 20.3178)
constexpr int kAdjustedPlaces = kRvuPlaces + kGpciPlaces;   // RVU x GPCI
constexpr int kUnroundedPlaces = kAdjustedPlaces + kCfPlaces;  // RVU x GPCI x CF

// PPRRVU2025_Oct.csv: the last line of its 5-line column heading (the real header row), and a name per column for
// messages (the heading spread over 5 lines, read down).
constexpr std::array<const char*, 31> kRvuHeading = {
    "HCPCS", "MOD", "DESCRIPTION", "CODE", "PAYMENT", "RVU", "PE RVU", "INDICATOR", "PE RVU", "INDICATOR", "RVU",
    "TOTAL", "TOTAL", "IND", "DAYS", "OP", "OP", "OP", "PROC", "SURG", "SURG", "SURG", "SURG", "BASE", "FACTOR",
    "PROCEDURES", "FLAG", "INDICATOR", "AMOUNT", "AMOUNT", "AMOUNT"};
constexpr std::array<const char*, 31> kRvuColumnNames = {"HCPCS",
                                                         "MOD",
                                                         "DESCRIPTION",
                                                         "STATUS CODE",
                                                         "NOT USED FOR MEDICARE PAYMENT",
                                                         "WORK RVU",
                                                         "NON-FAC PE RVU",
                                                         "NON-FAC NA INDICATOR",
                                                         "FACILITY PE RVU",
                                                         "FACILITY NA INDICATOR",
                                                         "MP RVU",
                                                         "NON-FACILITY TOTAL",
                                                         "FACILITY TOTAL",
                                                         "PCTC IND",
                                                         "GLOB DAYS",
                                                         "PRE OP",
                                                         "INTRA OP",
                                                         "POST OP",
                                                         "MULT PROC",
                                                         "BILAT SURG",
                                                         "ASST SURG",
                                                         "CO-SURG",
                                                         "TEAM SURG",
                                                         "ENDO BASE",
                                                         "CONV FACTOR",
                                                         "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",
                                                         "CALCULATION FLAG",
                                                         "DIAGNOSTIC IMAGING FAMILY INDICATOR",
                                                         "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
                                                         "FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
                                                         "MP USED FOR OPPS PAYMENT AMOUNT"};

constexpr const char* kMpfsSchema =
    "CREATE TABLE mpfs_rvu(code TEXT NOT NULL, modifier TEXT NOT NULL, description TEXT NOT NULL,"
    "  status TEXT NOT NULL, not_used INTEGER NOT NULL, work INTEGER NOT NULL, pe_nf INTEGER NOT NULL,"
    "  nf_na INTEGER NOT NULL, pe_f INTEGER NOT NULL, f_na INTEGER NOT NULL, mp INTEGER NOT NULL,"
    "  total_nf INTEGER NOT NULL, total_f INTEGER NOT NULL, pctc INTEGER NOT NULL, global_days TEXT NOT NULL,"
    "  pre_op INTEGER NOT NULL, intra_op INTEGER NOT NULL, post_op INTEGER NOT NULL, mult_proc INTEGER NOT NULL,"
    "  bilateral INTEGER NOT NULL, assistant INTEGER NOT NULL, co_surgeon INTEGER NOT NULL, team INTEGER NOT NULL,"
    "  endo_base TEXT NOT NULL, cf INTEGER NOT NULL, supervision TEXT NOT NULL, calc_flag INTEGER NOT NULL,"
    "  imaging_family TEXT NOT NULL, opps_pe_nf INTEGER NOT NULL, opps_pe_f INTEGER NOT NULL,"
    "  opps_mp INTEGER NOT NULL, PRIMARY KEY(code, modifier)) WITHOUT ROWID;"
    "CREATE TABLE mpfs_gpci(carrier TEXT NOT NULL, locality TEXT NOT NULL, state TEXT NOT NULL, name TEXT NOT NULL,"
    "  work INTEGER NOT NULL, pe INTEGER NOT NULL, mp INTEGER NOT NULL, PRIMARY KEY(carrier, locality)) WITHOUT ROWID;"
    "CREATE TABLE mpfs_locality_county(seq INTEGER PRIMARY KEY, carrier TEXT NOT NULL, locality TEXT NOT NULL,"
    "  state TEXT NOT NULL, area TEXT NOT NULL, counties TEXT NOT NULL);"
    "CREATE TABLE mpfs_anes_cf(carrier TEXT NOT NULL, locality TEXT NOT NULL, name TEXT NOT NULL,"
    "  cf INTEGER NOT NULL, PRIMARY KEY(carrier, locality)) WITHOUT ROWID;"
    "CREATE TABLE mpfs_opps_cap(code TEXT NOT NULL, modifier TEXT NOT NULL, carrier TEXT NOT NULL,"
    "  locality TEXT NOT NULL, status TEXT NOT NULL, facility INTEGER NOT NULL, nonfacility INTEGER NOT NULL,"
    "  PRIMARY KEY(code, modifier, carrier, locality)) WITHOUT ROWID;"
    "CREATE TABLE mpfs_zip(zip INTEGER PRIMARY KEY, state TEXT NOT NULL, carrier TEXT NOT NULL,"
    "  locality TEXT NOT NULL, rural TEXT NOT NULL, needs_zip4 INTEGER NOT NULL);"
    "CREATE TABLE mpfs_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;";

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Parsing helpers
// ---------------------------------------------------------------------------------------------------------------

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "1.30" with places 2 -> 130; "1.5" with places 3 -> 1500; "1" -> 1000. Digits, an optional point and at most
// `places` decimals (no sign, no exponent): anything else is nullopt. Exact: no floating point on the way.
std::optional<int64_t> ParseScaled(std::string_view text, int places) {
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if (!AllDigits(whole) || whole.size() > 12) return std::nullopt;
  if (point != std::string_view::npos && (!AllDigits(fraction) || fraction.size() > static_cast<size_t>(places))) {
    return std::nullopt;
  }
  int64_t value = 0;
  for (char c : whole) value = value * 10 + (c - '0');
  for (int i = 0; i < places; ++i) {
    value = value * 10 + (static_cast<size_t>(i) < fraction.size() ? fraction[i] - '0' : 0);
  }
  return value;
}

Result<Decimal> ParseDecimalField(const CsvReader& reader, std::string_view field, const char* column, int places) {
  auto value = ParseScaled(field, places);
  if (!value) {
    return reader.RecordError(std::string("Column '") + column + "' should be a number with at most " +
                              std::to_string(places) + " decimals, not '" + std::string(field) + "'");
  }
  return Decimal{*value, places};
}

// A one-digit indicator column (PCTC, multiple procedure, bilateral, ...).
Result<int> ParseDigitField(const CsvReader& reader, std::string_view field, const char* column) {
  if (field.size() != 1 || !std::isdigit(static_cast<unsigned char>(field[0]))) {
    return reader.RecordError(std::string("Column '") + column + "' should be one digit, not '" + std::string(field) +
                              "'");
  }
  return field[0] - '0';
}

// "" or `flag` (the NA and "+" columns).
Result<bool> ParseFlagField(const CsvReader& reader, std::string_view field, const char* column,
                            std::string_view flag) {
  if (field.empty()) return false;
  if (field == flag) return true;
  return reader.RecordError(std::string("Column '") + column + "' should be empty or '" + std::string(flag) +
                            "', not '" + std::string(field) + "'");
}

// Carrier "2102" -> "02102", locality "1" -> "01": the forms of GPCI2025.csv. nullopt when not 1-5 / 1-2 digits.
std::optional<std::string> PadDigits(std::string_view s, size_t width) {
  s = Trim(s);
  if (!AllDigits(s) || s.size() > width) return std::nullopt;
  return std::string(width - s.size(), '0') + std::string(s);
}

Result<std::string> ParseCarrier(const CsvReader& reader, std::string_view field, const char* column) {
  auto v = PadDigits(field, 5);
  if (!v) {
    return reader.RecordError(std::string("Column '") + column + "' should be a carrier (MAC) number of up to 5 "
                              "digits, not '" + std::string(field) + "'");
  }
  return *v;
}

Result<std::string> ParseLocality(const CsvReader& reader, std::string_view field, const char* column) {
  auto v = PadDigits(field, 2);
  if (!v) {
    return reader.RecordError(std::string("Column '") + column + "' should be a locality number of up to 2 digits, "
                              "not '" + std::string(field) + "'");
  }
  return *v;
}

// Five capital letters or digits: the shape of every CPT/HCPCS code.
bool LooksLikeHcpcsCode(std::string_view code) {
  if (code.size() != 5) return false;
  for (char c : code) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<std::string> ParseCode(const CsvReader& reader, std::string_view field, const char* column) {
  if (!LooksLikeHcpcsCode(field)) {
    return reader.RecordError(std::string("Column '") + column + "' should be a 5-character CPT/HCPCS code, not '" +
                              std::string(field) + "'");
  }
  return std::string(field);
}

// "", or 2 capital letters / digits.
Result<std::string> ParseModifier(const CsvReader& reader, std::string_view field, const char* column) {
  bool ok = field.empty() || field.size() == 2;
  for (char c : field) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) ok = false;
  }
  if (!ok) {
    return reader.RecordError(std::string("Column '") + column + "' should be empty or a 2-character modifier, not '" +
                              std::string(field) + "'");
  }
  return std::string(field);
}

// Positions `reader` so that its header is the first record whose first field (trimmed) is `first_heading`: the
// CMS files open with title lines above their column heading. Looks at most 20 records ahead.
Status ReadHeadingAfterTitles(CsvReader& reader, const InputFile& file, std::string_view first_heading) {
  CsvReader probe(file.text, file.info.path);
  std::vector<std::string_view> fields;
  int titles = 0;
  for (;; ++titles) {
    auto row = probe.Next(fields);
    if (!row.ok()) return row.error();
    if (!*row || titles >= 20) {
      return MakeError(ErrorCode::kParse,
                       "No column heading starting with '" + std::string(first_heading) +
                           "' in the first 20 lines: is this the CMS file of that name?",
                       file.info.path + ":1");
    }
    if (!fields.empty() && Trim(fields[0]) == first_heading) break;
  }
  for (int i = 0; i < titles; ++i) {
    auto row = reader.Next(fields);
    if (!row.ok()) return row.error();
  }
  return reader.ReadHeader();
}

// Checks the header row names the columns expected (trimmed), so that fixed positions can be used.
template <size_t N>
Status CheckHeading(const CsvReader& reader, const std::array<const char*, N>& expected) {
  const auto& h = reader.header();
  for (size_t i = 0; i < N; ++i) {
    if (i >= h.size() || Trim(h[i]) != expected[i]) {
      return reader.RecordError("Column " + std::to_string(i + 1) + " of the heading should be '" + expected[i] +
                                "', not '" + (i < h.size() ? h[i] : std::string("(missing)")) +
                                "': the layout differs from the CY2025 CMS file");
    }
  }
  if (h.size() != N) {
    return reader.RecordError("The heading has " + std::to_string(h.size()) + " columns, expected " +
                              std::to_string(N));
  }
  return Status::Ok();
}

// The kind of a record in a file with footnotes: data (a carrier number first), blank, or a note (text in the first
// field only, like "MAC Assignments as of November 22, 2023"). Anything else is an error.
enum class RowKind { kData, kBlank, kNote };
RowKind KindOf(const std::vector<std::string_view>& f) {
  bool rest_empty = true;
  for (size_t i = 1; i < f.size(); ++i) rest_empty = rest_empty && Trim(f[i]).empty();
  const std::string_view first = Trim(f.empty() ? std::string_view() : f[0]);
  if (first.empty() && rest_empty) return RowKind::kBlank;
  if (!first.empty() && !std::isdigit(static_cast<unsigned char>(first[0])) && rest_empty) return RowKind::kNote;
  return RowKind::kData;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading the CMS files
// ---------------------------------------------------------------------------------------------------------------

using RvuRows = std::map<std::pair<std::string, std::string>, MpfsRvu>;  // (code, modifier): sorted

Status ReadRvu(InputFile& file, RvuRows& rows, std::string& release) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = ReadHeadingAfterTitles(reader, file, "HCPCS"); !s.ok()) return s;
  if (Status s = CheckHeading(reader, kRvuHeading); !s.ok()) return s;
  {  // The release line of the title block ("RELEASED 09/11/2025"), for the edition note.
    CsvReader probe(file.text, file.info.path);
    std::vector<std::string_view> f;
    for (int i = 0; i < 20 && probe.Next(f).value_or(false); ++i) {
      for (auto v : f) {
        if (Trim(v).substr(0, 9) == "RELEASED ") release = std::string(Trim(v));
      }
    }
  }
  const auto& n = kRvuColumnNames;
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    MpfsRvu r;
    auto code = ParseCode(reader, f[0], n[0]);
    if (!code.ok()) return code.error();
    auto modifier = ParseModifier(reader, f[1], n[1]);
    if (!modifier.ok()) return modifier.error();
    r.code = *code;
    r.modifier = *modifier;
    r.description = std::string(f[2]);
    if (f[3].size() != 1 || !std::isupper(static_cast<unsigned char>(f[3][0]))) {
      return reader.RecordError(std::string("Column '") + n[3] + "' should be one capital letter, not '" +
                                std::string(f[3]) + "'");
    }
    r.status = std::string(f[3]);
    struct DecimalColumn {
      size_t index;
      Decimal* out;
      int places;
    };
    for (const DecimalColumn& c : {DecimalColumn{5, &r.work_rvu, kRvuPlaces},
                                   DecimalColumn{6, &r.nonfacility_pe_rvu, kRvuPlaces},
                                   DecimalColumn{8, &r.facility_pe_rvu, kRvuPlaces},
                                   DecimalColumn{10, &r.mp_rvu, kRvuPlaces},
                                   DecimalColumn{11, &r.nonfacility_total, kRvuPlaces},
                                   DecimalColumn{12, &r.facility_total, kRvuPlaces},
                                   DecimalColumn{15, &r.pre_op, kRvuPlaces},
                                   DecimalColumn{16, &r.intra_op, kRvuPlaces},
                                   DecimalColumn{17, &r.post_op, kRvuPlaces},
                                   DecimalColumn{24, &r.conversion_factor, kCfPlaces},
                                   DecimalColumn{28, &r.opps_nonfacility_pe_rvu, kRvuPlaces},
                                   DecimalColumn{29, &r.opps_facility_pe_rvu, kRvuPlaces},
                                   DecimalColumn{30, &r.opps_mp_rvu, kRvuPlaces}}) {
      auto v = ParseDecimalField(reader, f[c.index], n[c.index], c.places);
      if (!v.ok()) return v.error();
      *c.out = *v;
    }
    struct DigitColumn {
      size_t index;
      int* out;
    };
    for (const DigitColumn& c : {DigitColumn{13, &r.pctc}, DigitColumn{18, &r.mult_proc}, DigitColumn{19, &r.bilateral},
                                 DigitColumn{20, &r.assistant}, DigitColumn{21, &r.co_surgeon},
                                 DigitColumn{22, &r.team}, DigitColumn{26, &r.calculation_flag}}) {
      auto v = ParseDigitField(reader, f[c.index], n[c.index]);
      if (!v.ok()) return v.error();
      *c.out = *v;
    }
    auto not_used = ParseFlagField(reader, f[4], n[4], "+");
    auto nf_na = ParseFlagField(reader, f[7], n[7], "NA");
    auto f_na = ParseFlagField(reader, f[9], n[9], "NA");
    for (auto* v : {&not_used, &nf_na, &f_na}) {
      if (!v->ok()) return v->error();
    }
    r.not_used_for_medicare_payment = *not_used;
    r.nonfacility_na = *nf_na;
    r.facility_na = *f_na;
    if (f[14].size() != 3) {
      return reader.RecordError(std::string("Column '") + n[14] + "' should be 3 characters (\"090\", \"XXX\"), not '" +
                                std::string(f[14]) + "'");
    }
    r.global_days = std::string(f[14]);
    if (!f[23].empty()) {
      auto endo = ParseCode(reader, f[23], n[23]);
      if (!endo.ok()) return endo.error();
      r.endo_base = *endo;
    }
    if (f[25].size() != 2) {
      return reader.RecordError(std::string("Column '") + n[25] + "' should be 2 characters, not '" +
                                std::string(f[25]) + "'");
    }
    r.supervision = std::string(f[25]);
    if (f[27].size() != 2 || !AllDigits(f[27])) {
      return reader.RecordError(std::string("Column '") + n[27] + "' should be 2 digits, not '" +
                                std::string(f[27]) + "'");
    }
    r.imaging_family = std::string(f[27]);
    auto [it, fresh] = rows.try_emplace({r.code, r.modifier});
    if (!fresh) {
      return reader.RecordError("Code " + r.code + (r.modifier.empty() ? "" : " modifier " + r.modifier) +
                                " is listed twice");
    }
    it->second = std::move(r);
    return Status::Ok();
  });
}

using GpciRows = std::map<std::pair<std::string, std::string>, MpfsGpci>;  // (carrier, locality)

Status ReadGpci(InputFile& file, GpciRows& rows) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = ReadHeadingAfterTitles(reader, file, "Medicare Administrative Contractor (MAC)"); !s.ok()) return s;
  constexpr std::array<const char*, 7> kHeading = {"Medicare Administrative Contractor (MAC)",
                                                   "State",
                                                   "Locality Number",
                                                   "Locality Name",
                                                   "2025 PW GPCI (with 1.0 Floor)",
                                                   "2025 PE GPCI",
                                                   "2025 MP GPCI"};
  if (Status s = CheckHeading(reader, kHeading); !s.ok()) return s;
  int64_t data_rows = 0;
  Status s = ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    if (KindOf(f) != RowKind::kData) return Status::Ok();  // footnotes and blank lines below the table
    MpfsGpci g;
    auto carrier = ParseCarrier(reader, f[0], kHeading[0]);
    if (!carrier.ok()) return carrier.error();
    auto locality = ParseLocality(reader, f[2], kHeading[2]);
    if (!locality.ok()) return locality.error();
    g.carrier = *carrier;
    g.locality = *locality;
    g.state = std::string(Trim(f[1]));
    if (g.state.size() != 2) {
      return reader.RecordError("Column 'State' should be a 2-letter state code, not '" + std::string(f[1]) + "'");
    }
    g.name = std::string(Trim(f[3]));
    for (auto [index, out] : {std::pair{4, &g.work}, std::pair{5, &g.pe}, std::pair{6, &g.mp}}) {
      auto v = ParseDecimalField(reader, Trim(f[index]), kHeading[index], kGpciPlaces);
      if (!v.ok()) return v.error();
      *out = *v;
    }
    auto [it, fresh] = rows.try_emplace({g.carrier, g.locality});
    if (!fresh) return reader.RecordError("Carrier " + g.carrier + " locality " + g.locality + " is listed twice");
    it->second = std::move(g);
    ++data_rows;
    return Status::Ok();
  });
  file.info.rows = data_rows;  // the manifest counts GPCI rows, not the footnotes
  return s;
}

Status ReadLocalityCounties(InputFile& file, std::vector<MpfsLocalityCounties>& rows) {
  CsvReader reader(file.text, file.info.path);
  // "Adminstrative" as CMS spells it in 25LOCCO.csv.
  if (Status s = ReadHeadingAfterTitles(reader, file, "Medicare Adminstrative Contractor"); !s.ok()) return s;
  constexpr std::array<const char*, 5> kHeading = {"Medicare Adminstrative Contractor", "Locality Number", "State",
                                                   "Fee Schedule Area", "Counties"};
  if (Status s = CheckHeading(reader, kHeading); !s.ok()) return s;
  std::string state;  // the state column is filled on the first row of each state only
  Status s = ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    if (KindOf(f) != RowKind::kData) return Status::Ok();
    MpfsLocalityCounties c;
    auto carrier = ParseCarrier(reader, f[0], kHeading[0]);
    if (!carrier.ok()) return carrier.error();
    auto locality = ParseLocality(reader, f[1], kHeading[1]);
    if (!locality.ok()) return locality.error();
    if (!Trim(f[2]).empty()) state = std::string(Trim(f[2]));
    if (state.empty()) return reader.RecordError("Column 'State' is empty and no row above names a state");
    c.carrier = *carrier;
    c.locality = *locality;
    c.state = state;
    c.area = std::string(Trim(f[3]));
    c.counties = std::string(Trim(f[4]));
    if (c.area.empty()) return reader.RecordError("Column 'Fee Schedule Area' is empty");
    rows.push_back(std::move(c));
    return Status::Ok();
  });
  file.info.rows = static_cast<int64_t>(rows.size());
  return s;
}

using AnesRows = std::map<std::pair<std::string, std::string>, MpfsAnesthesiaCf>;

Status ReadAnes(InputFile& file, AnesRows& rows, Decimal& national) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = ReadHeadingAfterTitles(reader, file, "Contractor"); !s.ok()) return s;
  const auto& h = reader.header();
  constexpr std::string_view kNational = "National Anes CF of ";
  std::optional<int64_t> national_cf;
  if (h.size() == 4 && Trim(h[1]) == "Locality" && Trim(h[2]) == "Locality Name" &&
      Trim(h[3]).substr(0, kNational.size()) == kNational) {
    national_cf = ParseScaled(Trim(h[3]).substr(kNational.size()), kCfPlaces);
  }
  if (!national_cf) {
    return reader.RecordError(
        "The heading should be 'Contractor,Locality,Locality Name,National Anes CF of <number>' as in ANES2025.csv");
  }
  national = {*national_cf, kCfPlaces};
  int64_t data_rows = 0;
  Status s = ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    if (KindOf(f) != RowKind::kData) return Status::Ok();
    MpfsAnesthesiaCf a;
    auto carrier = ParseCarrier(reader, f[0], "Contractor");
    if (!carrier.ok()) return carrier.error();
    auto locality = ParseLocality(reader, f[1], "Locality");
    if (!locality.ok()) return locality.error();
    auto cf = ParseDecimalField(reader, Trim(f[3]), "Anesthesia CF", kRvuPlaces);
    if (!cf.ok()) return cf.error();
    a.carrier = *carrier;
    a.locality = *locality;
    a.name = std::string(Trim(f[2]));
    a.cf = *cf;
    auto [it, fresh] = rows.try_emplace({a.carrier, a.locality});
    if (!fresh) return reader.RecordError("Carrier " + a.carrier + " locality " + a.locality + " is listed twice");
    it->second = std::move(a);
    ++data_rows;
    return Status::Ok();
  });
  file.info.rows = data_rows;
  return s;
}

using OppsRows = std::map<std::array<std::string, 4>, MpfsOppsCap>;  // (code, modifier, carrier, locality)

Status ReadOppsCap(InputFile& file, OppsRows& rows) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  // "NON-FACILTY" as CMS spells it.
  constexpr std::array<const char*, 7> kHeading = {"HCPCS",    "MOD",           "PROCSTAT",          "CARRIER",
                                                   "LOCALITY", "FACILITY PRICE", "NON-FACILTY PRICE"};
  if (Status s = CheckHeading(reader, kHeading); !s.ok()) return s;
  int64_t data_rows = 0;
  Status s = ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    if (KindOf(f) == RowKind::kBlank) return Status::Ok();  // the trailing ",,,,,," line
    MpfsOppsCap c;
    auto code = ParseCode(reader, f[0], kHeading[0]);
    if (!code.ok()) return code.error();
    auto modifier = ParseModifier(reader, f[1], kHeading[1]);
    if (!modifier.ok()) return modifier.error();
    auto carrier = ParseCarrier(reader, f[3], kHeading[3]);
    if (!carrier.ok()) return carrier.error();
    auto locality = ParseLocality(reader, f[4], kHeading[4]);
    if (!locality.ok()) return locality.error();
    auto facility = ParseDecimalField(reader, f[5], kHeading[5], kRvuPlaces);
    if (!facility.ok()) return facility.error();
    auto nonfacility = ParseDecimalField(reader, f[6], kHeading[6], kRvuPlaces);
    if (!nonfacility.ok()) return nonfacility.error();
    if (f[2].size() != 1 || !std::isupper(static_cast<unsigned char>(f[2][0]))) {
      return reader.RecordError("Column 'PROCSTAT' should be one capital letter, not '" + std::string(f[2]) + "'");
    }
    c = {*code, *modifier, std::string(f[2]), *carrier, *locality, *facility, *nonfacility};
    auto [it, fresh] = rows.try_emplace({c.code, c.modifier, c.carrier, c.locality});
    if (!fresh) return reader.RecordError("This code, modifier, carrier and locality are listed twice");
    it->second = std::move(c);
    ++data_rows;
    return Status::Ok();
  });
  file.info.rows = data_rows;
  return s;
}

using ZipRows = std::map<int64_t, MpfsZipLocality>;

// ZIP5_OCT2025.txt: fixed-width records of 80 characters (layout in ZIP5lyout.txt): state 1-2, ZIP 3-7, carrier 8-12,
// pricing locality 13-14, rural indicator 15, lab competitive bid locality 16-17, rural indicator (2006) 18, filler,
// plus-four flag 21, Part B payment indicator 23, filler, year/quarter 76-80.
Status ReadZip(InputFile& file, const GpciRows& gpci, ZipRows& rows) {
  const std::string_view text = file.text;
  size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::string where = file.info.path + ":" + std::to_string(line_no);
    auto bad = [&](const std::string& what) {
      return MakeError(ErrorCode::kParse, "ZIP5 record: " + what + " (layout: ZIP5lyout.txt)", where);
    };
    if (line.size() != 80) {
      return bad("expected 80 characters, found " + std::to_string(line.size()) + " (the line may be truncated)");
    }
    MpfsZipLocality z;
    z.state = std::string(line.substr(0, 2));
    z.zip5 = std::string(line.substr(2, 5));
    z.carrier = std::string(line.substr(7, 5));
    z.locality = std::string(line.substr(12, 2));
    const char rural = line[14], plus4 = line[20];
    if (!std::isupper(static_cast<unsigned char>(z.state[0])) || !std::isupper(static_cast<unsigned char>(z.state[1])))
      return bad("the state (columns 1-2) should be 2 capital letters, not '" + z.state + "'");
    if (!AllDigits(z.zip5)) return bad("the ZIP code (columns 3-7) should be 5 digits, not '" + z.zip5 + "'");
    if (!AllDigits(z.carrier)) return bad("the carrier (columns 8-12) should be 5 digits, not '" + z.carrier + "'");
    if (!AllDigits(z.locality)) {
      return bad("the pricing locality (columns 13-14) should be 2 digits, not '" + z.locality + "'");
    }
    if (rural != ' ' && rural != 'R' && rural != 'B') {
      return bad(std::string("the rural indicator (column 15) should be blank, R or B, not '") + rural + "'");
    }
    if (plus4 != '0' && plus4 != '1') {
      return bad(std::string("the plus-four flag (column 21) should be 0 or 1, not '") + plus4 + "'");
    }
    if (line.substr(75, 5) != kZipYearQuarter) {
      return bad("the year/quarter (columns 76-80) is '" + std::string(line.substr(75, 5)) + "', expected " +
                 std::string(kZipYearQuarter) + " (October 2025): is this the right file?");
    }
    if (!gpci.count({z.carrier, z.locality})) {
      return bad("carrier " + z.carrier + " locality " + z.locality + " has no GPCI in GPCI2025.csv");
    }
    z.rural = rural == ' ' ? "" : std::string(1, rural);
    z.needs_zip4 = plus4 == '1';
    auto [it, fresh] = rows.try_emplace(std::stoll(z.zip5));
    if (!fresh) return bad("ZIP code " + z.zip5 + " is listed twice");
    it->second = std::move(z);
    ++file.info.rows;
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Writing the tables
// ---------------------------------------------------------------------------------------------------------------

Status WriteRvu(Database& db, const RvuRows& rows) {
  auto ins = db.Prepare("INSERT INTO mpfs_rvu VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [key, r] : rows) {
    ins->Reset();
    int i = 0;
    auto text = [&](const std::string& v) { ins->Bind(++i, v); };
    auto num = [&](int64_t v) { ins->Bind(++i, v); };
    text(r.code), text(r.modifier), text(r.description), text(r.status), num(r.not_used_for_medicare_payment);
    num(r.work_rvu.scaled), num(r.nonfacility_pe_rvu.scaled), num(r.nonfacility_na), num(r.facility_pe_rvu.scaled);
    num(r.facility_na), num(r.mp_rvu.scaled), num(r.nonfacility_total.scaled), num(r.facility_total.scaled);
    num(r.pctc), text(r.global_days), num(r.pre_op.scaled), num(r.intra_op.scaled), num(r.post_op.scaled);
    num(r.mult_proc), num(r.bilateral), num(r.assistant), num(r.co_surgeon), num(r.team), text(r.endo_base);
    num(r.conversion_factor.scaled), text(r.supervision), num(r.calculation_flag), text(r.imaging_family);
    num(r.opps_nonfacility_pe_rvu.scaled), num(r.opps_facility_pe_rvu.scaled), num(r.opps_mp_rvu.scaled);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status WriteOtherTables(Database& db, const GpciRows& gpci, const std::vector<MpfsLocalityCounties>& counties,
                        const AnesRows& anes, const OppsRows& opps, const ZipRows& zips,
                        const std::vector<std::pair<std::string, std::string>>& meta) {
  auto ins = db.Prepare("INSERT INTO mpfs_gpci VALUES(?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [key, g] : gpci) {
    ins->Reset();
    ins->Bind(1, g.carrier).Bind(2, g.locality).Bind(3, g.state).Bind(4, g.name);
    ins->Bind(5, g.work.scaled).Bind(6, g.pe.scaled).Bind(7, g.mp.scaled);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  ins = db.Prepare("INSERT INTO mpfs_locality_county VALUES(?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  int64_t seq = 0;
  for (const auto& c : counties) {
    ins->Reset();
    ins->Bind(1, ++seq).Bind(2, c.carrier).Bind(3, c.locality).Bind(4, c.state).Bind(5, c.area).Bind(6, c.counties);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  ins = db.Prepare("INSERT INTO mpfs_anes_cf VALUES(?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [key, a] : anes) {
    ins->Reset();
    ins->Bind(1, a.carrier).Bind(2, a.locality).Bind(3, a.name).Bind(4, a.cf.scaled);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  ins = db.Prepare("INSERT INTO mpfs_opps_cap VALUES(?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [key, c] : opps) {
    ins->Reset();
    ins->Bind(1, c.code).Bind(2, c.modifier).Bind(3, c.carrier).Bind(4, c.locality).Bind(5, c.status);
    ins->Bind(6, c.facility_price.scaled).Bind(7, c.nonfacility_price.scaled);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  ins = db.Prepare("INSERT INTO mpfs_zip VALUES(?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [zip, z] : zips) {
    ins->Reset();
    ins->Bind(1, zip).Bind(2, z.state).Bind(3, z.carrier).Bind(4, z.locality).Bind(5, z.rural);
    ins->Bind(6, static_cast<int64_t>(z.needs_zip4));
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  ins = db.Prepare("INSERT INTO mpfs_meta VALUES(?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [k, v] : meta) {
    ins->Reset();
    ins->Bind(1, k).Bind(2, v);
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

Status CompileMpfs(PackBuild& build) {
  auto rvu_file = build.Read(kRvuFile, kSet, kRvuEdition);
  if (!rvu_file.ok()) return rvu_file.error();
  RvuRows rvu;
  std::string release;
  if (Status s = ReadRvu(**rvu_file, rvu, release); !s.ok()) return s;

  auto gpci_file = build.Read(kGpciFile, kSet, kRvuEdition);
  if (!gpci_file.ok()) return gpci_file.error();
  GpciRows gpci;
  if (Status s = ReadGpci(**gpci_file, gpci); !s.ok()) return s;

  auto locality_file = build.Read(kLocalityFile, kSet, kRvuEdition);
  if (!locality_file.ok()) return locality_file.error();
  std::vector<MpfsLocalityCounties> counties;
  if (Status s = ReadLocalityCounties(**locality_file, counties); !s.ok()) return s;

  auto anes_file = build.Read(kAnesFile, kSet, kRvuEdition);
  if (!anes_file.ok()) return anes_file.error();
  AnesRows anes;
  Decimal national_anes_cf;
  if (Status s = ReadAnes(**anes_file, anes, national_anes_cf); !s.ok()) return s;

  auto opps_file = build.Read(kOppsCapFile, kSet, kRvuEdition);
  if (!opps_file.ok()) return opps_file.error();
  OppsRows opps;
  if (Status s = ReadOppsCap(**opps_file, opps); !s.ok()) return s;

  auto zip_file = build.Read(kZipFile, kSet, kZipEdition);
  if (!zip_file.ok()) return zip_file.error();
  ZipRows zips;
  if (Status s = ReadZip(**zip_file, gpci, zips); !s.ok()) return s;

  std::set<std::string> cfs;
  std::map<std::string, int64_t> by_status;
  for (const auto& [key, r] : rvu) {
    cfs.insert(r.conversion_factor.Text());
    ++by_status[r.status];
  }
  int64_t zip4 = 0;
  for (const auto& [zip, z] : zips) zip4 += z.needs_zip4;

  Database& db = build.db();
  if (Status s = db.Exec(kMpfsSchema); !s.ok()) return s;
  if (Status s = WriteRvu(db, rvu); !s.ok()) return s;
  if (Status s = WriteOtherTables(db, gpci, counties, anes, opps, zips,
                                  {{"anesthesia_national_cf", national_anes_cf.Text()},
                                   {"rvu_release", release},
                                   {"zip_year_quarter", std::string(kZipYearQuarter)}});
      !s.ok()) {
    return s;
  }

  std::string statuses;
  for (const auto& [status, count] : by_status) {
    statuses += (statuses.empty() ? "" : ", ") + status + " " + std::to_string(count);
  }
  std::string cf_list;
  for (const auto& cf : cfs) cf_list += (cf_list.empty() ? "" : ", ") + cf;
  build.AddEdition(
      {kSet, kEdition, "2025-01-01", "2025-12-31",
       "Medicare Physician Fee Schedule CY2025, RVU file of the October release (RVU25D, " + release +
           "): its values are those in force from 2025-10-01; the January, April and July releases (RVU25A-C) are "
           "not in codesets/, so amounts for earlier 2025 dates of service use the October values. " +
           std::to_string(rvu.size()) + " code/modifier rows (status " + statuses + "), conversion factor " + cf_list +
           "; CPT and CDT descriptions were removed from the file (licence). GPCIs CY2025 Addendum E: " +
           std::to_string(gpci.size()) + " localities (work GPCI with the 1.0 floor, 1.5 in Alaska). " +
           std::to_string(counties.size()) + " locality/county rows. Anesthesia CF for " + std::to_string(anes.size()) +
           " localities (national " + national_anes_cf.Text() +
           "); anesthesia base units are not in codesets/, so J (anesthesia) codes are not priced. OPPS caps: " +
           std::to_string(opps.size()) +
           " code/locality prices, applied as the lesser of the PFS amount and the cap. ZIP code to locality file of "
           "October 2025 (" +
           std::to_string(zips.size()) + " ZIP codes; " + std::to_string(zip4) +
           " span localities and are priced by ZIP+4, whose ZIP9 file is not in codesets/: their ZIP5 locality is "
           "used). Not applied: multiple-procedure, bilateral, assistant, co-/team-surgery and imaging-family "
           "reductions, the non-participating and HPSA adjustments, the 2% sequestration. No 2026 fee schedule in "
           "codesets/."});
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Status codes
// ---------------------------------------------------------------------------------------------------------------

MpfsPricing PricingForStatus(std::string_view status) {
  if (status.size() != 1) return MpfsPricing::kUnknown;
  switch (status[0]) {
    case 'A': return MpfsPricing::kPaid;
    case 'T': return MpfsPricing::kPaidIfOnlyService;
    case 'R': return MpfsPricing::kRestrictedCoverage;
    case 'C': return MpfsPricing::kContractorPriced;
    case 'B':
    case 'P': return MpfsPricing::kBundled;
    case 'I': return MpfsPricing::kNotValidForMedicare;
    case 'N': return MpfsPricing::kNotCovered;
    case 'E':
    case 'X': return MpfsPricing::kExcluded;
    case 'M': return MpfsPricing::kReportingOnly;
    case 'J': return MpfsPricing::kAnesthesia;
    case 'D':
    case 'F':
    case 'G':
    case 'H': return MpfsPricing::kDeleted;
    default: return MpfsPricing::kUnknown;
  }
}

std::string MpfsStatusMeaning(std::string_view status) {
  const std::string s(status);
  if (s.size() != 1) return s + ": not a PFS status code";
  switch (s[0]) {
    case 'A': return s + ": active code, separately paid under the physician fee schedule";
    case 'B':
      return s + ": bundled; payment is included in other services, no separate payment (even when RVUs are shown)";
    case 'C': return s + ": contractor priced; the Medicare contractor (MAC) sets the amount, no national price";
    case 'D': return s + ": deleted code, paid during a grace period only";
    case 'E': return s + ": excluded from the physician fee schedule by regulation";
    case 'F': return s + ": deleted or discontinued code, no grace period";
    case 'G': return s + ": not valid for Medicare; another code is used (grace period)";
    case 'H': return s + ": deleted modifier for this code";
    case 'I': return s + ": not valid for Medicare claims; Medicare uses another code";
    case 'J': return s + ": anesthesia service, paid as (base units + time units) x the anesthesia conversion factor";
    case 'M': return s + ": measurement code, reported for quality programs; no payment";
    case 'N': return s + ": not covered by Medicare";
    case 'P':
      return s + ": bundled or excluded; no PFS payment (bundled when incident to a physician service, else paid "
                 "outside the PFS)";
    case 'R':
      return s + ": restricted coverage; paid only when special coverage rules are met (priced from its RVUs when it "
                 "has any, else by the contractor)";
    case 'T':
      return s + ": paid only when no other physician fee schedule service is paid the same day by the same provider";
    case 'X': return s + ": statutory exclusion, not a physician service under the PFS (e.g. lab, ambulance)";
    default: return s + ": a status code this build does not know";
  }
}

bool MpfsComputesAmount(MpfsPricing pricing) {
  return pricing == MpfsPricing::kPaid || pricing == MpfsPricing::kPaidIfOnlyService ||
         pricing == MpfsPricing::kRestrictedCoverage;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Lookups
// ---------------------------------------------------------------------------------------------------------------

std::string Decimal::Text() const {
  int64_t div = 1;
  for (int i = 0; i < places; ++i) div *= 10;
  const int64_t magnitude = scaled < 0 ? -scaled : scaled;
  std::string out = (scaled < 0 ? "-" : "") + std::to_string(magnitude / div);
  if (places > 0) {
    std::string fraction = std::to_string(magnitude % div);
    out += "." + std::string(static_cast<size_t>(places) - fraction.size(), '0') + fraction;
  }
  return out;
}

double Decimal::Value() const {
  double div = 1;
  for (int i = 0; i < places; ++i) div *= 10;
  return static_cast<double>(scaled) / div;
}

namespace {

// Spaces dropped, upper case: " 99213 " -> "99213", "tc" -> "TC".
std::string NormalizeKey(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

Result<std::pair<std::string, std::string>> CarrierLocalityKey(std::string_view carrier, std::string_view locality) {
  auto c = PadDigits(carrier, 5);
  auto l = PadDigits(locality, 2);
  if (!c || !l) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(carrier) + "' / '" + std::string(locality) +
                                                      "' is not a carrier (up to 5 digits) and locality (up to 2 "
                                                      "digits)");
  }
  return std::make_pair(*c, *l);
}

constexpr const char* kRvuColumns =
    "SELECT code, modifier, description, status, not_used, work, pe_nf, nf_na, pe_f, f_na, mp, total_nf, total_f, "
    "pctc, global_days, pre_op, intra_op, post_op, mult_proc, bilateral, assistant, co_surgeon, team, endo_base, cf, "
    "supervision, calc_flag, imaging_family, opps_pe_nf, opps_pe_f, opps_mp FROM mpfs_rvu ";

MpfsRvu RowToRvu(const Statement& s) {
  MpfsRvu r;
  int i = 0;
  auto text = [&] { return s.ColumnText(i++); };
  auto num = [&] { return s.ColumnInt(i++); };
  auto rvu = [&] { return Decimal{s.ColumnInt(i++), kRvuPlaces}; };
  r.code = text(), r.modifier = text(), r.description = text(), r.status = text();
  r.not_used_for_medicare_payment = num() != 0;
  r.work_rvu = rvu(), r.nonfacility_pe_rvu = rvu(), r.nonfacility_na = num() != 0, r.facility_pe_rvu = rvu();
  r.facility_na = num() != 0, r.mp_rvu = rvu(), r.nonfacility_total = rvu(), r.facility_total = rvu();
  r.pctc = static_cast<int>(num()), r.global_days = text(), r.pre_op = rvu(), r.intra_op = rvu(), r.post_op = rvu();
  r.mult_proc = static_cast<int>(num()), r.bilateral = static_cast<int>(num()), r.assistant = static_cast<int>(num());
  r.co_surgeon = static_cast<int>(num()), r.team = static_cast<int>(num()), r.endo_base = text();
  r.conversion_factor = {num(), kCfPlaces}, r.supervision = text(), r.calculation_flag = static_cast<int>(num());
  r.imaging_family = text(), r.opps_nonfacility_pe_rvu = rvu(), r.opps_facility_pe_rvu = rvu();
  r.opps_mp_rvu = rvu();
  return r;
}

}  // namespace

Result<MpfsRvu> LookupRvu(const CodeSetPack& pack, std::string_view code, std::string_view modifier) {
  auto s = pack.db().Prepare(std::string(kRvuColumns) + "WHERE code=? AND modifier=?");
  if (!s.ok()) return s.error();
  s->Bind(1, NormalizeKey(code)).Bind(2, NormalizeKey(modifier));
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    const std::string with_modifier = modifier.empty() ? "" : " with modifier '" + std::string(modifier) + "'";
    return MakeError(ErrorCode::kNotFound, "'" + std::string(code) + "'" + with_modifier +
                                               " is not in the physician fee schedule (" + kEdition + ")");
  }
  return RowToRvu(*s);
}

std::vector<MpfsRvu> ListRvus(const CodeSetPack& pack) {
  std::vector<MpfsRvu> out;
  auto s = pack.db().Prepare(std::string(kRvuColumns) + "ORDER BY code, modifier");
  if (!s.ok()) return out;
  while (s->Step().value_or(false)) out.push_back(RowToRvu(*s));
  return out;
}

std::vector<MpfsRvu> RvusForCode(const CodeSetPack& pack, std::string_view code) {
  std::vector<MpfsRvu> out;
  auto s = pack.db().Prepare(std::string(kRvuColumns) + "WHERE code=? ORDER BY modifier");
  if (!s.ok()) return out;
  s->Bind(1, NormalizeKey(code));
  while (s->Step().value_or(false)) out.push_back(RowToRvu(*s));
  return out;
}

Result<MpfsZipLocality> LocalityForZip(const CodeSetPack& pack, std::string_view zip5) {
  const std::string zip = NormalizeKey(zip5);
  if (zip.size() != 5 || !AllDigits(zip)) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(zip5) + "' is not a 5-digit ZIP code");
  }
  auto s = pack.db().Prepare("SELECT state, carrier, locality, rural, needs_zip4 FROM mpfs_zip WHERE zip=?");
  if (!s.ok()) return s.error();
  s->Bind(1, static_cast<int64_t>(std::stoll(zip)));
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound,
                     "ZIP code " + zip + " is not in the CMS ZIP code to locality file of October 2025");
  }
  return MpfsZipLocality{zip, s->ColumnText(0), s->ColumnText(1), s->ColumnText(2), s->ColumnText(3),
                         s->ColumnInt(4) != 0};
}

Result<MpfsGpci> LookupGpci(const CodeSetPack& pack, std::string_view carrier, std::string_view locality) {
  auto key = CarrierLocalityKey(carrier, locality);
  if (!key.ok()) return key.error();
  auto s = pack.db().Prepare("SELECT state, name, work, pe, mp FROM mpfs_gpci WHERE carrier=? AND locality=?");
  if (!s.ok()) return s.error();
  s->Bind(1, key->first).Bind(2, key->second);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound, "Carrier " + key->first + " locality " + key->second +
                                               " has no GPCI in CY2025 Addendum E");
  }
  return MpfsGpci{key->first,
                  s->ColumnText(0),
                  key->second,
                  s->ColumnText(1),
                  {s->ColumnInt(2), kGpciPlaces},
                  {s->ColumnInt(3), kGpciPlaces},
                  {s->ColumnInt(4), kGpciPlaces}};
}

Result<MpfsAnesthesiaCf> LookupAnesthesiaCf(const CodeSetPack& pack, std::string_view carrier,
                                            std::string_view locality) {
  auto key = CarrierLocalityKey(carrier, locality);
  if (!key.ok()) return key.error();
  auto s = pack.db().Prepare("SELECT name, cf FROM mpfs_anes_cf WHERE carrier=? AND locality=?");
  if (!s.ok()) return s.error();
  s->Bind(1, key->first).Bind(2, key->second);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound, "Carrier " + key->first + " locality " + key->second +
                                               " has no anesthesia conversion factor in ANES2025.csv");
  }
  return MpfsAnesthesiaCf{key->first, key->second, s->ColumnText(0), {s->ColumnInt(1), kRvuPlaces}};
}

Result<Decimal> NationalAnesthesiaCf(const CodeSetPack& pack) {
  auto s = pack.db().Prepare("SELECT value FROM mpfs_meta WHERE key='anesthesia_national_cf'");
  if (!s.ok()) return s.error();
  auto row = s->Step();
  if (!row.ok()) return row.error();
  auto v = *row ? ParseScaled(s->ColumnText(0), kCfPlaces) : std::nullopt;
  if (!v) return MakeError(ErrorCode::kNotFound, "The pack has no national anesthesia conversion factor");
  return Decimal{*v, kCfPlaces};
}

Result<MpfsOppsCap> LookupOppsCap(const CodeSetPack& pack, std::string_view code, std::string_view modifier,
                                  std::string_view carrier, std::string_view locality) {
  auto key = CarrierLocalityKey(carrier, locality);
  if (!key.ok()) return key.error();
  auto s = pack.db().Prepare(
      "SELECT status, facility, nonfacility FROM mpfs_opps_cap WHERE code=? AND modifier=? AND carrier=? AND "
      "locality=?");
  if (!s.ok()) return s.error();
  const std::string c = NormalizeKey(code), m = NormalizeKey(modifier);
  s->Bind(1, c).Bind(2, m).Bind(3, key->first).Bind(4, key->second);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound, c + (m.empty() ? "" : "-" + m) + " has no OPPS cap in carrier " +
                                               key->first + " locality " + key->second);
  }
  return MpfsOppsCap{c, m, s->ColumnText(0), key->first, key->second, {s->ColumnInt(1), kRvuPlaces},
                     {s->ColumnInt(2), kRvuPlaces}};
}

std::vector<MpfsLocalityCounties> LocalityCounties(const CodeSetPack& pack, std::string_view carrier,
                                                   std::string_view locality) {
  std::vector<MpfsLocalityCounties> out;
  auto key = CarrierLocalityKey(carrier, locality);
  if (!key.ok()) return out;
  auto s = pack.db().Prepare(
      "SELECT state, area, counties FROM mpfs_locality_county WHERE carrier=? AND locality=? ORDER BY seq");
  if (!s.ok()) return out;
  s->Bind(1, key->first).Bind(2, key->second);
  while (s->Step().value_or(false)) {
    out.push_back({key->first, key->second, s->ColumnText(0), s->ColumnText(1), s->ColumnText(2)});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Payment
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Fills the amounts of `p` (rvu, gpci, facility set) the CMS way, in integers: RVU (2 places) x GPCI (3 places) is
// exact at 5 places, x CF (4 places) exact at 9 places, rounded half up to cents once at the end.
void Price(MpfsPayment& p) {
  p.pricing = PricingForStatus(p.rvu.status);
  p.status_meaning = MpfsStatusMeaning(p.rvu.status);
  p.pe_rvu = p.facility ? p.rvu.facility_pe_rvu : p.rvu.nonfacility_pe_rvu;
  p.setting_na = p.facility ? p.rvu.facility_na : p.rvu.nonfacility_na;
  const bool has_rvus = !p.rvu.work_rvu.IsZero() || !p.pe_rvu.IsZero() || !p.rvu.mp_rvu.IsZero();
  p.computed = MpfsComputesAmount(p.pricing) && has_rvus && !p.rvu.not_used_for_medicare_payment;
  p.work_adjusted = {p.rvu.work_rvu.scaled * p.gpci.work.scaled, kAdjustedPlaces};
  p.pe_adjusted = {p.pe_rvu.scaled * p.gpci.pe.scaled, kAdjustedPlaces};
  p.mp_adjusted = {p.rvu.mp_rvu.scaled * p.gpci.mp.scaled, kAdjustedPlaces};
  p.total_adjusted = {p.work_adjusted.scaled + p.pe_adjusted.scaled + p.mp_adjusted.scaled, kAdjustedPlaces};
  if (!p.computed) {
    p.unrounded = {0, kUnroundedPlaces};
    p.fee = p.allowed = {0, kRvuPlaces};
    return;
  }
  p.unrounded = {p.total_adjusted.scaled * p.rvu.conversion_factor.scaled, kUnroundedPlaces};
  constexpr int64_t kToCents = 10'000'000;  // 9 places -> 2 places
  p.fee = {(p.unrounded.scaled + kToCents / 2) / kToCents, kRvuPlaces};
  p.allowed = p.fee;
  if (p.opps_cap) {
    const Decimal cap = p.facility ? p.opps_cap->facility_price : p.opps_cap->nonfacility_price;
    if (cap.scaled < p.fee.scaled) {
      p.allowed = cap;
      p.opps_cap_applied = true;
    }
  }
}

}  // namespace

Result<MpfsPayment> ExpectedPayment(const CodeSetPack& pack, std::string_view code, std::string_view modifier,
                                    std::string_view zip5, bool facility) {
  auto rvu = LookupRvu(pack, code, modifier);
  if (!rvu.ok()) return rvu.error();
  auto zip = LocalityForZip(pack, zip5);
  if (!zip.ok()) return zip.error();
  auto gpci = LookupGpci(pack, zip->carrier, zip->locality);
  if (!gpci.ok()) return gpci.error();
  MpfsPayment p;
  p.rvu = std::move(*rvu);
  p.gpci = std::move(*gpci);
  p.zip = std::move(*zip);
  p.facility = facility;
  if (auto cap = LookupOppsCap(pack, p.rvu.code, p.rvu.modifier, p.gpci.carrier, p.gpci.locality); cap.ok()) {
    p.opps_cap = std::move(*cap);
  }
  Price(p);
  return p;
}

Result<MpfsPayment> NationalPayment(const CodeSetPack& pack, std::string_view code, std::string_view modifier,
                                    bool facility) {
  auto rvu = LookupRvu(pack, code, modifier);
  if (!rvu.ok()) return rvu.error();
  MpfsPayment p;
  p.rvu = std::move(*rvu);
  const Decimal one{1000, kGpciPlaces};
  p.gpci = {"", "", "", "NATIONAL (every GPCI 1.000)", one, one, one};
  p.facility = facility;
  Price(p);
  return p;
}

std::string MpfsPayment::Explain() const {
  std::string out = std::string(facility ? "facility" : "non-facility") + ", " + gpci.name;
  if (!gpci.carrier.empty()) out += " (carrier " + gpci.carrier + " locality " + gpci.locality + ")";
  out += ": ";
  if (!computed) {
    return out + "no amount from RVUs: status " + status_meaning +
           (rvu.not_used_for_medicare_payment ? " (RVUs shown for information, not used by Medicare)" : "");
  }
  out += "[(" + rvu.work_rvu.Text() + " x " + gpci.work.Text() + ") + (" + pe_rvu.Text() + " x " + gpci.pe.Text() +
         ") + (" + rvu.mp_rvu.Text() + " x " + gpci.mp.Text() + ")] x " + rvu.conversion_factor.Text() + " = " +
         total_adjusted.Text() + " x " + rvu.conversion_factor.Text() + " = " + unrounded.Text() + " -> $" + fee.Text();
  if (opps_cap) {
    const Decimal cap = facility ? opps_cap->facility_price : opps_cap->nonfacility_price;
    out += opps_cap_applied ? "; OPPS cap $" + cap.Text() + " is lower: allowed $" + allowed.Text()
                            : "; OPPS cap $" + cap.Text() + " not reached";
  }
  if (setting_na) out += " (CMS marks this setting NA: rarely or never done there)";
  if (pricing != MpfsPricing::kPaid) out += "; status " + status_meaning;
  return out;
}

}  // namespace medcode::engine
