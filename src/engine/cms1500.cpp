// cms1500.cpp: the CMS-1500 (02/12) of a BillingClaim (cms1500.h).
//
// [SECTION] Helpers: text, dates, money
// [SECTION] Filling the boxes (Cms1500Fill)
// [SECTION] Field list as JSON and text
// [SECTION] The form drawn on plain paper
// [SECTION] The PDF
#include "engine/cms1500.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/date.h"
#include "engine/pdf.h"

namespace medcode::engine {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Helpers: text, dates, money
// ---------------------------------------------------------------------------------------------------------------

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));  // ASCII only
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// Characters (code points) of UTF-8 text: what a box's width counts.
size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The first `count` characters of UTF-8 text.
std::string FirstChars(std::string_view s, size_t count) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == count) return std::string(s.substr(0, i));
      ++n;
    }
  }
  return std::string(s);
}

std::string JoinNonEmpty(std::initializer_list<std::string_view> parts, std::string_view separator) {
  std::string out;
  for (std::string_view p : parts) {
    const std::string t = Trim(p);
    if (t.empty()) continue;
    if (!out.empty()) out += separator;
    out += t;
  }
  return out;
}

// "LAST, FIRST" (boxes 2 and 4).
std::string PersonName(std::string_view last, std::string_view first) {
  return Upper(JoinNonEmpty({last, first}, ", "));
}

std::string ZipText(std::string_view zip) {
  const std::string d = Digits(zip);
  if (d.size() == 9) return d.substr(0, 5) + "-" + d.substr(5);
  return Trim(zip);
}

std::optional<Date> ParseAnyDate(std::string_view text) {
  auto d = ParseDate(text);
  if (!d.ok()) return std::nullopt;
  return d.value();
}

std::string TwoDigits(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v % 100);
  return b;
}

// An amount as the form prints it: dollars right-aligned in `dollar_width` columns, a blank column where the form's
// dollars / cents line is, then the two cent digits. Empty when it does not fit.
std::string MoneyColumns(int64_t cents, size_t dollar_width) {
  const std::string dollars = std::to_string(cents / 100);
  if (dollars.size() > dollar_width) return {};
  return std::string(dollar_width - dollars.size(), ' ') + dollars + " " + TwoDigits(static_cast<int>(cents % 100));
}

// Box 1 from the claim filing indicator (SBR09 codes of the 837P).
const char* InsuranceType(std::string_view filing) {
  if (filing == "MA" || filing == "MB") return "MEDICARE";
  if (filing == "MC") return "MEDICAID";
  if (filing == "CH") return "TRICARE";
  if (filing == "VA") return "CHAMPVA";
  if (filing == "CI" || filing == "BL" || filing == "HM" || filing == "FI" || filing == "12" || filing == "13" ||
      filing == "14" || filing == "15" || filing == "16" || filing == "17") {
    return "GROUP HEALTH PLAN";
  }
  return "OTHER";  // NUCC: HMOs outside a group plan, commercial, auto, liability, workers' compensation ...
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Filling the boxes (Cms1500Fill)
// ---------------------------------------------------------------------------------------------------------------

// Print grid of the red form (line, column of the first character) for each box, and how many columns it holds.
struct Place {
  int line, column, width;
};
// Check boxes: the column of each option's box.
struct Option {
  const char* value;
  int column;
};

constexpr Option kBox1[] = {{"MEDICARE", 1}, {"MEDICAID", 8},  {"TRICARE", 15}, {"CHAMPVA", 24},
                            {"GROUP HEALTH PLAN", 31}, {"FECA BLK LUNG", 39}, {"OTHER", 45}};
constexpr Option kBox3Sex[] = {{"M", 42}, {"F", 47}};
constexpr Option kBox6[] = {{"SELF", 33}, {"SPOUSE", 38}, {"CHILD", 42}, {"OTHER", 47}};
constexpr Option kBox10Yes[] = {{"YES", 35}, {"NO", 41}};
constexpr Option kBox11aSex[] = {{"M", 68}, {"F", 75}};
constexpr Option kBox11d[] = {{"YES", 52}, {"NO", 57}};
constexpr Option kBox20[] = {{"YES", 52}, {"NO", 57}};
constexpr Option kBox25[] = {{"SSN", 17}, {"EIN", 19}};
constexpr Option kBox27[] = {{"YES", 38}, {"NO", 43}};

constexpr int kLine1 = 8;           // box 1 / 1a data line
constexpr int kFirstDiagLine = 38;  // 21 A-D; E-H and I-L on the next two lines
constexpr int kDiagColumn = 3;      // 21 A; each next letter 13 columns on
constexpr int kDiagStep = 13;
// Service line n (1..6) of a page prints on line kServiceLine0 + 2n; its shaded supplemental line is the one above.
constexpr int kServiceLine0 = 42;

class Filler {
 public:
  Filler(Cms1500Page& page, std::set<std::string>& warnings) : m_page(page), m_warnings(warnings) {}

  void Text(const std::string& box, const std::string& value, Place at) { Put(box, value, value, at); }

  // `text` printed for `value` (a date printed with spaces, money in its columns).
  void Put(const std::string& box, const std::string& value, const std::string& text, Place at) {
    if (Trim(text).empty()) return;
    std::string printed = text;
    if (CharCount(printed) > static_cast<size_t>(at.width)) {
      printed = FirstChars(printed, static_cast<size_t>(at.width));
      m_warnings.insert("Box " + box + ": \"" + value + "\" is longer than the box's " + std::to_string(at.width) +
                        " characters; printed as \"" + Trim(printed) + "\".");
    }
    m_page.fields.push_back({box, value, printed, at.line, at.column});
  }

  template <size_t N>
  void Check(const std::string& box, const std::string& value, int line, const Option (&options)[N]) {
    for (const Option& o : options) {
      if (value == o.value) {
        m_page.fields.push_back({box, value, "X", line, o.column});
        return;
      }
    }
  }

 private:
  Cms1500Page& m_page;
  std::set<std::string>& m_warnings;
};

// Birth date "MM DD YYYY" (boxes 3 and 11a), or the text as given when it is not a date.
std::string BirthDateText(std::string_view text, const std::string& box, std::set<std::string>& warnings) {
  if (Trim(text).empty()) return {};
  if (auto d = ParseAnyDate(text)) return TwoDigits(d->month) + " " + TwoDigits(d->day) + " " + std::to_string(d->year);
  warnings.insert("Box " + box + ": \"" + std::string(text) + "\" is not a date (" + kAcceptedDateFormats + ").");
  return Trim(text);
}

// Service date "MM DD YY" (24A).
std::string ServiceDateText(std::string_view text, const std::string& box, std::set<std::string>& warnings) {
  if (Trim(text).empty()) return {};
  if (auto d = ParseAnyDate(text)) return TwoDigits(d->month) + " " + TwoDigits(d->day) + " " + TwoDigits(d->year);
  warnings.insert("Box " + box + ": \"" + std::string(text) + "\" is not a date (" + kAcceptedDateFormats + ").");
  return Trim(text);
}

void FillAddress(Filler& f, const std::string& box, const PostalAddress& a, int column, int street_width,
                 int city_width, int state_column) {
  f.Text(box + ".street", Upper(JoinNonEmpty({a.line1, a.line2}, " ")), {12, column, street_width});
  f.Text(box + ".city", Upper(Trim(a.city)), {14, column, city_width});
  f.Text(box + ".state", Upper(Trim(a.state)), {14, state_column, 2});
  f.Text(box + ".zip", ZipText(a.zip), {16, column, 10});
}

std::string ProviderName(const BillingProvider& p) {
  return Upper(p.first_name.empty() ? Trim(p.name) : JoinNonEmpty({p.first_name, p.name}, " "));
}

// Everything but item 24 and box 28: the same on every page.
void FillHeader(Filler& f, const BillingClaim& c, std::set<std::string>& warnings) {
  const PatientInfo& p = c.patient;
  const bool self = p.relationship == "18" || p.subscriber_last_name.empty();

  // Carrier block: the payer's name and address, top right.
  f.Text("carrier.1", Upper(Trim(c.payer.name.empty() ? c.claim.header.payer.name : c.payer.name)), {2, 41, 38});
  f.Text("carrier.2", Upper(Trim(c.payer.address.line1)), {3, 41, 38});
  f.Text("carrier.3", Upper(Trim(c.payer.address.line2)), {4, 41, 38});
  const std::string payer_city = Upper(JoinNonEmpty(
      {JoinNonEmpty({c.payer.address.city, c.payer.address.state}, ", "), ZipText(c.payer.address.zip)}, " "));
  f.Text(c.payer.address.line2.empty() ? "carrier.3" : "carrier.4", payer_city,
         {c.payer.address.line2.empty() ? 4 : 5, 41, 38});

  f.Check("1", InsuranceType(c.payer.filing_indicator), kLine1, kBox1);
  f.Text("1a", Upper(Trim(p.member_id)), {kLine1, 50, 29});

  f.Text("2", PersonName(p.last_name, p.first_name), {10, 1, 28});
  f.Text("3", BirthDateText(p.birth_date, "3", warnings), {10, 31, 10});
  f.Check("3.sex", PatientSexCode(p.sex), 10, kBox3Sex);
  f.Text("4", self ? PersonName(p.last_name, p.first_name)
                   : PersonName(p.subscriber_last_name, p.subscriber_first_name),
         {10, 50, 29});

  FillAddress(f, "5", p.address, 1, 28, 24, 26);
  const char* relationship = p.relationship == "18"   ? "SELF"
                             : p.relationship == "01" ? "SPOUSE"
                             : p.relationship == "19" ? "CHILD"
                                                      : "OTHER";
  f.Check("6", relationship, 12, kBox6);
  const PostalAddress& insured_address =
      self || p.subscriber_address.line1.empty() ? p.address : p.subscriber_address;
  FillAddress(f, "7", insured_address, 50, 29, 23, 74);

  std::string group = Upper(Trim(p.group_number));
  const bool medicare = c.payer.filing_indicator == "MB" || c.payer.filing_indicator == "MA";
  if (group.empty() && medicare) group = "NONE";  // Medicare: no insurance primary to Medicare
  f.Text("11", group, {18, 50, 29});
  const std::string insured_dob = BirthDateText(self ? p.birth_date : p.subscriber_birth_date, "11a", warnings);
  f.Text("11a", insured_dob, {20, 53, 10});
  f.Check("11a.sex", PatientSexCode(self ? p.sex : p.subscriber_sex), 20, kBox11aSex);
  f.Text("11c", Upper(Trim(c.payer.name)), {24, 50, 29});

  f.Text("12", "SIGNATURE ON FILE", {29, 7, 24});
  f.Text("13", "SIGNATURE ON FILE", {29, 55, 24});

  // 21: ICD-10-CM, codes without their period.
  const auto& diagnoses = c.claim.coding.diagnoses;
  if (!diagnoses.empty()) f.Text("21.icd", "0", {37, 42, 1});
  for (size_t i = 0; i < diagnoses.size() && i < static_cast<size_t>(kCms1500MaxDiagnoses); ++i) {
    const std::string code = DiagnosisWithoutDot(Trim(diagnoses[i].code));
    const std::string letter(1, static_cast<char>('A' + i));
    f.Text("21." + letter, code,
           {kFirstDiagLine + static_cast<int>(i / 4), kDiagColumn + kDiagStep * static_cast<int>(i % 4), 8});
  }
  if (diagnoses.size() > static_cast<size_t>(kCms1500MaxDiagnoses)) {
    warnings.insert("Box 21: the claim has " + std::to_string(diagnoses.size()) +
                    " diagnoses; the form holds 12 (A-L), the rest are not printed.");
  }

  // 22: replacement (7) or void (8) of an earlier claim.
  if (c.frequency_code == "7" || c.frequency_code == "8") {
    f.Text("22", c.frequency_code, {38, 50, 10});
    f.Text("22.original_ref", Upper(Trim(c.original_claim_number)), {38, 62, 17});
  }
  f.Text("23", Upper(Trim(c.prior_authorization)), {40, 50, 29});

  // 25-27, 31-33.
  f.Text("25", Digits(c.billing.tin).empty() ? Trim(c.billing.tin) : Digits(c.billing.tin), {56, 1, 15});
  if (!c.billing.tin.empty()) f.Check("25.type", "EIN", 56, kBox25);
  f.Text("26", Trim(c.claim.id), {56, 23, 14});
  f.Check("27", "YES", 56, kBox27);
  f.Text("31", "SIGNATURE ON FILE", {60, 1, 20});

  if (c.claim.header.place_of_service != "12") {  // 32 is left empty for services in the patient's home
    f.Text("32.name", ProviderName(c.billing), {58, 23, 26});
    f.Text("32.street", Upper(JoinNonEmpty({c.billing.address.line1, c.billing.address.line2}, " ")), {59, 23, 26});
    f.Text("32.city", Upper(JoinNonEmpty({JoinNonEmpty({c.billing.address.city, c.billing.address.state}, ", "),
                                          ZipText(c.billing.address.zip)},
                                         " ")),
           {60, 23, 26});
    f.Text("32a", Trim(c.billing.npi), {61, 23, 10});
  }

  const std::string phone = Digits(c.billing.contact_phone);
  if (phone.size() == 10) {
    f.Text("33.phone_area", phone.substr(0, 3), {57, 66, 3});
    f.Text("33.phone", phone.substr(3, 3) + "-" + phone.substr(6), {57, 70, 8});
  } else if (!phone.empty()) {
    f.Text("33.phone", Trim(c.billing.contact_phone), {57, 70, 9});
  }
  f.Text("33.name", ProviderName(c.billing), {58, 50, 29});
  f.Text("33.street", Upper(JoinNonEmpty({c.billing.address.line1, c.billing.address.line2}, " ")), {59, 50, 29});
  f.Text("33.city", Upper(JoinNonEmpty({JoinNonEmpty({c.billing.address.city, c.billing.address.state}, ", "),
                                        ZipText(c.billing.address.zip)},
                                       " ")),
         {60, 50, 29});
  f.Text("33a", Trim(c.billing.npi), {61, 51, 10});
}

void FillServiceLine(Filler& f, const BillingClaim& c, const ServiceLine& s, int row, std::set<std::string>& warnings) {
  const std::string n = std::to_string(row);
  const int line = kServiceLine0 + 2 * row;
  const std::string dos = s.date_of_service.empty() ? c.claim.date_of_service : s.date_of_service;
  const std::string date = ServiceDateText(dos, "24A." + n, warnings);
  f.Text("24A." + n, date, {line, 1, 8});
  f.Text("24A." + n + ".to", date, {line, 10, 8});
  f.Text("24B." + n, Trim(c.claim.header.place_of_service), {line, 19, 2});
  f.Text("24D." + n, Upper(Trim(s.code)), {line, 25, 6});
  for (size_t m = 0; m < s.modifiers.size() && m < ServiceLine::kMaxModifiers; ++m) {
    f.Text("24D." + n + ".mod" + std::to_string(m + 1), Upper(Trim(s.modifiers[m])),
           {line, 33 + 3 * static_cast<int>(m), 2});
  }
  std::string pointers;
  for (int p : s.pointers) {
    if (p >= 1 && p <= kCms1500MaxDiagnoses && static_cast<size_t>(p) <= c.claim.coding.diagnoses.size()) {
      pointers += static_cast<char>('A' + p - 1);
    } else {
      warnings.insert("Box 24E." + n + ": pointer " + std::to_string(p) + " of " + Upper(s.code) +
                      " points at no diagnosis A-L; not printed.");
    }
  }
  f.Text("24E." + n, pointers, {line, 45, 4});
  if (auto cents = ParseCents(Trim(s.charge))) {
    const std::string columns = MoneyColumns(*cents, 5);
    if (columns.empty()) {
      warnings.insert("Box 24F." + n + ": " + FormatCents(*cents) + " does not fit the box (at most 99999.99).");
    }
    f.Put("24F." + n, FormatCents(*cents), columns, {line, 50, 8});
  } else if (!Trim(s.charge).empty()) {
    warnings.insert("Box 24F." + n + ": \"" + s.charge + "\" is not an amount; not printed.");
  }
  char units[16];
  std::snprintf(units, sizeof units, "%3d", s.units);
  f.Put("24G." + n, std::to_string(s.units), units, {line, 59, 3});
  // 24J: only when someone other than the billing provider rendered the service (NUCC: "when different from 33a").
  if (!c.rendering.npi.empty() && c.rendering.npi != c.billing.npi) {
    f.Text("24J." + n, Trim(c.rendering.npi), {line, 68, 10});
  }
}

}  // namespace

const Cms1500Field* Cms1500Page::Find(std::string_view box) const {
  for (const Cms1500Field& field : fields) {
    if (field.box == box) return &field;
  }
  return nullptr;
}

std::string Cms1500Page::Value(std::string_view box) const {
  const Cms1500Field* field = Find(box);
  return field ? field->value : std::string();
}

Cms1500Form Cms1500Fill(const BillingClaim& claim) {
  Cms1500Form form;
  std::set<std::string> warnings;
  const auto& services = claim.claim.coding.services;
  const int page_count =
      std::max(1, static_cast<int>((services.size() + kCms1500LinesPerPage - 1) / kCms1500LinesPerPage));

  // Box 28: the claim's total, or the sum of the lines when it has none.
  std::optional<int64_t> total = ParseCents(Trim(claim.total_charge));
  if (!total && Trim(claim.total_charge).empty()) {
    int64_t sum = 0;
    bool all = true;
    for (const ServiceLine& s : services) {
      if (auto cents = ParseCents(Trim(s.charge))) {
        sum += *cents;
      } else {
        all = false;
      }
    }
    if (all && !services.empty()) total = sum;
  } else if (!total) {
    warnings.insert("Box 28: total charge \"" + claim.total_charge + "\" is not an amount; not printed.");
  }

  for (int page_index = 0; page_index < page_count; ++page_index) {
    Cms1500Page page;
    page.number = page_index + 1;
    page.count = page_count;
    Filler f(page, warnings);
    if (page_count > 1) {
      const std::string mark = "PAGE " + std::to_string(page.number) + " OF " + std::to_string(page_count);
      f.Text("page", mark, {1, 66, 14});
    }
    FillHeader(f, claim, warnings);
    for (int row = 1; row <= kCms1500LinesPerPage; ++row) {
      const size_t index = static_cast<size_t>(page_index * kCms1500LinesPerPage + row - 1);
      if (index >= services.size()) break;
      FillServiceLine(f, claim, services[index], row, warnings);
    }
    if (page.number < page_count) {
      f.Text("28", "CONTINUED", {56, 51, 9});
    } else if (total) {
      const std::string columns = MoneyColumns(*total, 6);
      if (columns.empty()) {
        warnings.insert("Box 28: " + FormatCents(*total) + " does not fit the box (at most 999999.99).");
      }
      f.Put("28", FormatCents(*total), columns, {56, 51, 9});
    }
    // Form order: top to bottom, left to right (how the field list reads and the PDF writes).
    std::stable_sort(page.fields.begin(), page.fields.end(), [](const Cms1500Field& a, const Cms1500Field& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    form.pages.push_back(std::move(page));
  }
  form.warnings.assign(warnings.begin(), warnings.end());
  return form;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Field list as JSON and text
// ---------------------------------------------------------------------------------------------------------------

std::string Cms1500FieldsJson(const Cms1500Form& form) {
  nlohmann::ordered_json root;
  root["pages"] = nlohmann::ordered_json::array();
  for (const Cms1500Page& page : form.pages) {
    nlohmann::ordered_json p;
    p["page"] = page.number;
    p["of"] = page.count;
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const Cms1500Field& field : page.fields) fields[field.box] = field.value;
    p["fields"] = std::move(fields);
    root["pages"].push_back(std::move(p));
  }
  root["warnings"] = form.warnings;
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Cms1500FieldsText(const Cms1500Form& form) {
  std::string out;
  for (const Cms1500Page& page : form.pages) {
    out += "page " + std::to_string(page.number) + " of " + std::to_string(page.count) + "\n";
    for (const Cms1500Field& field : page.fields) out += field.box + "\t" + field.value + "\n";
  }
  for (const std::string& w : form.warnings) out += "warning\t" + w + "\n";
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] The form drawn on plain paper
// ---------------------------------------------------------------------------------------------------------------
namespace {

// The print grid on the page: column c starts kGridLeft + (c - 1) * kColumn points from the left edge; line l is the
// band from (l - 1) * kLine to l * kLine points below the top edge. Borders sit at fractional columns (29.5: the
// middle of the blank column 29).
constexpr double kColumn = 7.2;  // 10 characters per inch
constexpr double kLine = 12;     // 6 lines per inch
constexpr double kGridLeft = 21.6;
constexpr double kBaselineRise = 3;  // data baseline above the bottom of its line band
constexpr double kDataSize = 10;     // Courier 10 pt: 6 pt advance + kDataSpacing = 7.2 pt = one column
constexpr double kDataSpacing = kColumn - 0.6 * kDataSize;

constexpr PdfColor kInk = {0.72, 0.08, 0.1};     // the form's red
constexpr PdfColor kShade = {1.0, 0.89, 0.89};   // shaded rows
constexpr PdfColor kDataInk = {0, 0, 0};
constexpr double kTitleSize = 5.5;

double X(double column) { return kGridLeft + (column - 1) * kColumn; }
double BottomOf(double line) { return kPdfLetterHeight - line * kLine; }  // y of the bottom edge of a line band
double Baseline(int line) { return BottomOf(line) + kBaselineRise; }

// Text in the form's ink, shrunk (down to 4 pt) to fit `max_width` when given.
void Label(PdfPage& page, double x, double y, std::string_view text, double size = kTitleSize, double max_width = 0,
           PdfFont font = PdfFont::kHelvetica) {
  if (max_width > 0) {
    const double w = PdfTextWidth(font, size, text);
    if (w > max_width) size = std::max(4.0, size * max_width / w);
  }
  PdfText t;
  t.x = x, t.y = y, t.font = font, t.size = size, t.text = std::string(text), t.color = kInk;
  page.AddText(t);
}

// A box from line `top` to line `bottom` (inclusive) between border columns; its title lines ('\n') at its top.
struct Box {
  int top, bottom;
  double left, right;
  const char* title;
};

void DrawBox(PdfPage& page, const Box& b, bool outline = true) {
  const double x = X(b.left), w = X(b.right) - X(b.left);
  const double y = BottomOf(b.bottom), h = (b.bottom - b.top + 1) * kLine;
  if (outline) page.AddRect(x, y, w, h, {0.6, kInk, false, {}});
  std::string_view title = b.title;
  double baseline = y + h - kTitleSize - 0.3;
  while (!title.empty()) {
    const size_t nl = title.find('\n');
    Label(page, x + 1.5, baseline, title.substr(0, nl), kTitleSize, w - 3);
    if (nl == std::string_view::npos) break;
    title.remove_prefix(nl + 1);
    baseline -= kTitleSize + 0.5;
  }
}

// A check box square around column `column` of `line`, with the option's name before, after or above it.
enum class LabelAt { kAfter, kBefore, kAbove };
// `max_width`: room for a label after the box (0: unlimited).
void DrawCheck(PdfPage& page, int line, int column, const char* label, LabelAt at, double max_width = 0) {
  const double x = X(column) - 0.6, y = Baseline(line) - 1.5, side = 7.2;
  page.AddRect(x, y, side, side, {0.5, kInk, false, {}});
  const double w = PdfTextWidth(PdfFont::kHelvetica, kTitleSize, label);
  switch (at) {
    case LabelAt::kAfter: Label(page, x + side + 1.5, y + 1.5, label, kTitleSize, max_width); break;
    case LabelAt::kBefore: Label(page, x - 1.5 - w, y + 1.5, label); break;
    case LabelAt::kAbove: Label(page, x + side / 2 - w / 2, y + side + 1.2, label); break;
  }
}

template <size_t N>
void DrawChecks(PdfPage& page, int line, const Option (&options)[N], LabelAt at, const char* const* labels = nullptr) {
  for (size_t i = 0; i < N; ++i) {
    // A label after its box may run up to the next option's box.
    const double room = at == LabelAt::kAfter && i + 1 < N ? (options[i + 1].column - options[i].column - 1.5) * kColumn : 0;
    DrawCheck(page, line, options[i].column, labels ? labels[i] : options[i].value, at, room);
  }
}

void VerticalRule(PdfPage& page, double column, int top, int bottom, bool dashed = false, double width = 0.5) {
  page.AddLine(X(column), BottomOf(bottom), X(column), BottomOf(top - 1), width, kInk, dashed);
}

constexpr Box kBoxes[] = {
    {7, 8, 0.5, 49.5, ""},
    {7, 8, 49.5, 79.5, "1a. INSURED'S I.D. NUMBER                                       (For Program in Item 1)"},
    {9, 10, 0.5, 29.5, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)"},
    {9, 10, 29.5, 49.5, "3. PATIENT'S BIRTH DATE\n     MM     DD      YY"},
    {9, 10, 49.5, 79.5, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)"},
    {11, 12, 0.5, 29.5, "5. PATIENT'S ADDRESS (No., Street)"},
    {11, 12, 29.5, 49.5, "6. PATIENT RELATIONSHIP TO INSURED"},
    {11, 12, 49.5, 79.5, "7. INSURED'S ADDRESS (No., Street)"},
    {13, 14, 0.5, 25, "CITY"},
    {13, 14, 25, 29.5, "STATE"},
    {13, 16, 29.5, 49.5, "8. RESERVED FOR NUCC USE"},
    {13, 14, 49.5, 73, "CITY"},
    {13, 14, 73, 79.5, "STATE"},
    {15, 16, 0.5, 13, "ZIP CODE"},
    {15, 16, 13, 29.5, "TELEPHONE (Include Area Code)"},
    {15, 16, 49.5, 63, "ZIP CODE"},
    {15, 16, 63, 79.5, "TELEPHONE (Include Area Code)"},
    {17, 18, 0.5, 29.5, "9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)"},
    {17, 24, 29.5, 49.5, "10. IS PATIENT'S CONDITION RELATED TO:"},
    {17, 18, 49.5, 79.5, "11. INSURED'S POLICY GROUP OR FECA NUMBER"},
    {19, 20, 0.5, 29.5, "a. OTHER INSURED'S POLICY OR GROUP NUMBER"},
    {19, 20, 49.5, 79.5, "a. INSURED'S DATE OF BIRTH\n       MM     DD      YY"},
    {21, 22, 0.5, 29.5, "b. RESERVED FOR NUCC USE"},
    {21, 22, 49.5, 79.5, "b. OTHER CLAIM ID (Designated by NUCC)"},
    {23, 24, 0.5, 29.5, "c. RESERVED FOR NUCC USE"},
    {23, 24, 49.5, 79.5, "c. INSURANCE PLAN NAME OR PROGRAM NAME"},
    {25, 26, 0.5, 29.5, "d. INSURANCE PLAN NAME OR PROGRAM NAME"},
    {25, 26, 29.5, 49.5, "10d. CLAIM CODES (Designated by NUCC)"},
    {25, 26, 49.5, 79.5, "d. IS THERE ANOTHER HEALTH BENEFIT PLAN?\n                                  If yes, complete items 9, 9a, and 9d."},
    {27, 30, 0.5, 49.5,
     "READ BACK OF FORM BEFORE COMPLETING & SIGNING THIS FORM.\n12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE  I authorize "
     "the release of any medical or other information necessary\nto process this claim. I also request payment of "
     "government benefits either to myself or to the party who accepts assignment below."},
    {27, 30, 49.5, 79.5,
     "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE  I authorize\npayment of medical benefits to the undersigned "
     "physician or supplier for\nservices described below."},
    {31, 32, 0.5, 29.5, "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)\n      MM      DD      YY           QUAL."},
    {31, 32, 29.5, 49.5, "15. OTHER DATE\n    QUAL.                 MM      DD      YY"},
    {31, 32, 49.5, 79.5, "16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION\n     FROM                                             TO"},
    {33, 34, 0.5, 28.5, "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE"},
    {33, 34, 49.5, 79.5, "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES\n     FROM                                             TO"},
    {35, 36, 0.5, 49.5, "19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)"},
    {35, 36, 49.5, 79.5, "20. OUTSIDE LAB?                                   $ CHARGES"},
    {37, 40, 0.5, 49.5, "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)"},
    {37, 38, 49.5, 79.5, "22. RESUBMISSION\n      CODE                                       ORIGINAL REF. NO."},
    {39, 40, 49.5, 79.5, "23. PRIOR AUTHORIZATION NUMBER"},
    {55, 56, 0.5, 21.5, "25. FEDERAL TAX I.D. NUMBER"},
    {55, 56, 21.5, 37.5, "26. PATIENT'S ACCOUNT NO."},
    {55, 56, 37.5, 49.5, "27. ACCEPT ASSIGNMENT?\n(For govt. claims, see back)"},
    {55, 56, 49.5, 60.5, "28. TOTAL CHARGE"},
    {55, 56, 60.5, 70.5, "29. AMOUNT PAID"},
    {55, 56, 70.5, 79.5, "30. Rsvd for NUCC Use"},
    {57, 62, 0.5, 21.5,
     "31. SIGNATURE OF PHYSICIAN OR SUPPLIER\nINCLUDING DEGREES OR CREDENTIALS\n(I certify that the statements on the "
     "reverse\napply to this bill and are made a part thereof.)"},
    {57, 60, 21.5, 49.5, "32. SERVICE FACILITY LOCATION INFORMATION"},
    {57, 60, 49.5, 79.5, "33. BILLING PROVIDER INFO & PH #"},
};

// Item 24: columns of its parts (border columns) and their headings.
struct Column24 {
  double left;
  const char* heading;
};
constexpr Column24 kColumns24[] = {
    {0.5, "24. A.            DATE(S) OF SERVICE\n        From                          To\n  MM    DD    YY     MM    DD    YY"},
    {18.5, "B.\nPLACE OF\nSERVICE"},
    {21.5, "C.\n\nEMG"},
    {24.5, "D. PROCEDURES, SERVICES, OR SUPPLIES\n    (Explain Unusual Circumstances)\nCPT/HCPCS              MODIFIER"},
    {44.5, "E.\nDIAGNOSIS\nPOINTER"},
    {49.5, "F.\n\n$ CHARGES"},
    {58.5, "G.\nDAYS\nOR UNITS"},
    {62.5, "H.\nEPSDT\nFamily"},
    {65, "I.\nID.\nQUAL."},
    {67.5, "J.\nRENDERING\nPROVIDER ID. #"},
};

void DrawForm(PdfPage& page) {
  // Heading above the form.
  Label(page, X(0.5), Baseline(3), "1500", 16, 0, PdfFont::kHelveticaBold);
  Label(page, X(0.5), Baseline(5), "HEALTH INSURANCE CLAIM FORM", 11, 0, PdfFont::kHelveticaBold);
  Label(page, X(0.5), Baseline(6) + 2, "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12", 6);
  Label(page, X(41), BottomOf(1) + 3, "CARRIER: payer name and address", 5);

  for (const Box& b : kBoxes) DrawBox(page, b);

  // Check boxes and their option names.
  static const char* const kBox1Labels[] = {"MEDICARE", "MEDICAID", "TRICARE", "CHAMPVA", "GROUP HEALTH PLAN",
                                            "FECA BLK LUNG", "OTHER"};
  DrawChecks(page, kLine1, kBox1, LabelAt::kAfter, kBox1Labels);
  Label(page, X(0.5) + 1.5, BottomOf(7) + 6.2, "1.");
  DrawChecks(page, 10, kBox3Sex, LabelAt::kAbove);
  Label(page, X(44) - 1, Baseline(9) + 1, "SEX");
  static const char* const kBox6Labels[] = {"Self", "Spouse", "Child", "Other"};
  DrawChecks(page, 12, kBox6, LabelAt::kBefore, kBox6Labels);
  static const char* const kYesNo[] = {"YES", "NO"};
  Label(page, X(29.5) + 1.5, Baseline(19) + 2, "a. EMPLOYMENT? (Current or Previous)");
  DrawChecks(page, 20, kBox10Yes, LabelAt::kAfter, kYesNo);
  Label(page, X(29.5) + 1.5, Baseline(21) + 2, "b. AUTO ACCIDENT?");
  Label(page, X(44), Baseline(21) + 2, "PLACE (State)", 5);
  DrawChecks(page, 22, kBox10Yes, LabelAt::kAfter, kYesNo);
  Label(page, X(29.5) + 1.5, Baseline(23) + 2, "c. OTHER ACCIDENT?");
  DrawChecks(page, 24, kBox10Yes, LabelAt::kAfter, kYesNo);
  DrawChecks(page, 20, kBox11aSex, LabelAt::kAbove);
  Label(page, X(71), Baseline(19) + 1, "SEX");
  DrawChecks(page, 26, kBox11d, LabelAt::kAfter, kYesNo);
  DrawChecks(page, 36, kBox20, LabelAt::kAfter, kYesNo);
  DrawChecks(page, 56, kBox25, LabelAt::kAbove);
  DrawChecks(page, 56, kBox27, LabelAt::kAfter, kYesNo);

  // Signature lines of 12, 13 and 31.
  Label(page, X(1), Baseline(29), "SIGNED", 6);
  Label(page, X(33), Baseline(29), "DATE", 6);
  Label(page, X(50), Baseline(29), "SIGNED", 6);
  Label(page, X(1), Baseline(62), "SIGNED", 6);
  Label(page, X(12), Baseline(62), "DATE", 6);
  page.AddLine(X(6.5), Baseline(29) - 1.5, X(32), Baseline(29) - 1.5, 0.4, kInk);
  page.AddLine(X(54.5), Baseline(29) - 1.5, X(79), Baseline(29) - 1.5, 0.4, kInk);

  // 17a / 17b beside 17.
  page.AddRect(X(28.5), BottomOf(33), X(49.5) - X(28.5), kLine, {0.6, kInk, true, kShade});
  page.AddRect(X(28.5), BottomOf(34), X(49.5) - X(28.5), kLine, {0.6, kInk, false, {}});
  Label(page, X(28.5) + 1.5, Baseline(33) + 1, "17a.");
  Label(page, X(28.5) + 1.5, Baseline(34) + 1, "17b.  NPI");
  VerticalRule(page, 31.5, 33, 34);

  // 20 charges dollars/cents, 22 code/ref divider.
  VerticalRule(page, 69.5, 36, 36, true);
  VerticalRule(page, 61, 38, 38);

  // 21: ICD indicator and the letters A-L.
  Label(page, X(36.5), Baseline(37) + 1, "ICD Ind.");
  page.AddRect(X(42) - 0.6, Baseline(37) - 1.5, kColumn, kColumn, {0.5, kInk, false, {}});
  for (int i = 0; i < kCms1500MaxDiagnoses; ++i) {
    const int line = kFirstDiagLine + i / 4;
    const double column = kDiagColumn + kDiagStep * (i % 4);
    Label(page, X(column) - 8, Baseline(line), std::string(1, static_cast<char>('A' + i)) + ".", 6);
    page.AddLine(X(column), Baseline(line) - 1.5, X(column + 9), Baseline(line) - 1.5, 0.4, kInk);
  }

  // Item 24: headings, six lines with their shaded supplemental rows, column rules.
  page.AddRect(X(0.5), BottomOf(54), X(79.5) - X(0.5), 14 * kLine, {0.6, kInk, false, {}});
  for (size_t i = 0; i < std::size(kColumns24); ++i) {
    const double left = kColumns24[i].left;
    const double right = i + 1 < std::size(kColumns24) ? kColumns24[i + 1].left : 79.5;
    DrawBox(page, {41, 42, left, right, kColumns24[i].heading}, false);
    if (i > 0) VerticalRule(page, left, 41, 42);
  }
  for (int row = 1; row <= kCms1500LinesPerPage; ++row) {
    const int line = kServiceLine0 + 2 * row;
    page.AddRect(X(0.5), BottomOf(line - 1), X(79.5) - X(0.5), kLine, {0, {}, true, kShade});
    page.AddLine(X(0.5), BottomOf(line - 2), X(79.5), BottomOf(line - 2), 0.6, kInk);
    for (size_t i = 1; i < std::size(kColumns24); ++i) {
      // Only I and J divide the shaded row; the other columns share it for supplemental information.
      VerticalRule(page, kColumns24[i].left, kColumns24[i].left >= 65 ? line - 1 : line, line);
    }
    for (double dotted : {3.5, 6.5, 9.5, 12.5, 15.5, 35.5, 38.5, 41.5}) VerticalRule(page, dotted, line, line, true);
    VerticalRule(page, 31.5, line, line);
    VerticalRule(page, 55.5, line, line);  // dollars | cents
    Label(page, X(65) + 2, Baseline(line), "NPI", 6);
    Label(page, X(80) + 1, Baseline(line), std::to_string(row), 8, 0, PdfFont::kHelveticaBold);
  }
  page.AddLine(X(0.5), BottomOf(54), X(79.5), BottomOf(54), 0.6, kInk);

  // 28 / 29 dollar signs and cents rules; 32a/b and 33a/b.
  Label(page, X(50), Baseline(56), "$", 7);
  Label(page, X(61), Baseline(56), "$", 7);
  VerticalRule(page, 57.5, 56, 56, true);
  VerticalRule(page, 67.5, 56, 56, true);
  page.AddRect(X(21.5), BottomOf(62), X(34.5) - X(21.5), 2 * kLine, {0.6, kInk, false, {}});
  page.AddRect(X(34.5), BottomOf(62), X(49.5) - X(34.5), 2 * kLine, {0.6, kInk, true, kShade});
  page.AddRect(X(49.5), BottomOf(62), X(62) - X(49.5), 2 * kLine, {0.6, kInk, false, {}});
  page.AddRect(X(62), BottomOf(62), X(79.5) - X(62), 2 * kLine, {0.6, kInk, true, kShade});
  Label(page, X(21.5) + 1.5, Baseline(61), "a.", 6);
  Label(page, X(34.5) + 1.5, Baseline(61), "b.", 6);
  Label(page, X(49.5) + 1.5, Baseline(61), "a.", 6);
  Label(page, X(62) + 1.5, Baseline(61), "b.", 6);
  Label(page, X(21.5) + 1.5, Baseline(62), "NPI", 5);
  Label(page, X(49.5) + 1.5, Baseline(62), "NPI", 5);
  Label(page, X(65), Baseline(57), "(", 9);
  Label(page, X(69), Baseline(57), ")", 9);

  // Side bars and footer.
  PdfText side;
  side.font = PdfFont::kHelveticaBold, side.size = 6, side.color = kInk, side.vertical = true;
  side.x = X(80) + 13;
  side.text = "PATIENT AND INSURED INFORMATION";
  side.y = BottomOf(30) + (24 * kLine - PdfTextWidth(side.font, side.size, side.text)) / 2;
  page.AddText(side);
  side.text = "PHYSICIAN OR SUPPLIER INFORMATION";
  side.y = BottomOf(62) + (32 * kLine - PdfTextWidth(side.font, side.size, side.text)) / 2;
  page.AddText(side);
  Label(page, X(0.5), Baseline(64), "NUCC Instruction Manual available at: www.nucc.org", 6);
  Label(page, X(33), Baseline(64), "PLEASE PRINT OR TYPE", 7, 0, PdfFont::kHelveticaBold);
  Label(page, X(55), Baseline(64), "FORM 1500 (02-12), plain-paper copy made by Medcode", 6);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] The PDF
// ---------------------------------------------------------------------------------------------------------------

std::string Cms1500Pdf(const Cms1500Form& form, Cms1500Variant variant, Cms1500PrintOffset offset) {
  PdfDocument doc("CMS-1500 claim");
  for (const Cms1500Page& form_page : form.pages) {
    PdfPage& page = doc.AddPage();
    if (variant == Cms1500Variant::kPlainPaper) DrawForm(page);
    for (const Cms1500Field& field : form_page.fields) {
      PdfText t;
      t.x = X(field.column) + offset.right_pt;
      t.y = Baseline(field.line) - offset.down_pt;
      t.font = PdfFont::kCourier;
      t.size = kDataSize;
      t.char_spacing = kDataSpacing;
      t.text = field.text;
      t.color = kDataInk;
      page.AddText(t);
    }
  }
  return doc.Serialize();
}

std::string Cms1500Pdf(const BillingClaim& claim, Cms1500Variant variant) {
  return Cms1500Pdf(Cms1500Fill(claim), variant);
}

std::string Cms1500FileName(const BillingClaim& claim, Cms1500Variant variant) {
  std::string id;
  for (char c : claim.claim.id) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') id += c;
  }
  if (id.empty()) id = "claim";
  return "cms1500-" + id + (variant == Cms1500Variant::kDataOnly ? "-data" : "") + ".pdf";
}

}  // namespace medcode::engine
