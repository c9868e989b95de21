// cms1500_test.cpp: the CMS-1500 (02/12) of a BillingClaim: every box of a full claim in the field list, insurance
// type by filing indicator, pointers as letters, the insured when not the patient, multi-page claims (header repeated,
// CONTINUED, the total on the last page), boxes cut to fit; the PDF writer (WinAnsi text, structure: xref offsets,
// trailer, startxref) and both PDF variants, and, where poppler's pdftotext is installed, the text a PDF reader sees.
#include "engine/cms1500.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>

#include "engine/pdf.h"
#include "engine/cms1500_claim.h"
#include "engine/pdf_check.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::FullClaim;

namespace {

// The PDF's page content streams, concatenated (uncompressed by design).
std::string Contents(const std::string& pdf) {
  std::string out;
  size_t s = 0;
  while ((s = pdf.find(">>\nstream\n", s)) != std::string::npos) {
    const size_t begin = s + 10;
    const size_t end = pdf.find("\nendstream", begin);
    if (end == std::string::npos) break;
    out += pdf.substr(begin, end - begin);
    s = end + 10;
  }
  return out;
}

}  // namespace

TEST_CASE("CMS-1500 field list of a full claim fills every box", "[cms1500]") {
  const Cms1500Form form = Cms1500Fill(FullClaim());
  REQUIRE(form.pages.size() == 1);
  CHECK(form.warnings.empty());
  const Cms1500Page& p = form.pages[0];
  CHECK(p.Find("page") == nullptr);  // one page: no page mark
  CHECK(p.Value("carrier.1") == "MEDICARE PART B");
  CHECK(p.Value("carrier.2") == "PO BOX 6000");
  CHECK(p.Value("carrier.3") == "MECHANICSBURG, PA 17055");
  CHECK(p.Value("1") == "MEDICARE");
  CHECK(p.Find("1")->text == "X");
  CHECK(p.Find("1")->column == 1);
  CHECK(p.Value("1a") == "1EG4TE5MK73");
  CHECK(p.Value("2") == "DOE, JANE");
  CHECK(p.Value("3") == "03 07 1950");
  CHECK(p.Value("3.sex") == "F");
  CHECK(p.Find("3.sex")->column == 47);
  CHECK(p.Value("4") == "DOE, JANE");  // self: the insured is the patient
  CHECK(p.Value("5.street") == "42 ELM STREET");
  CHECK(p.Value("5.city") == "SPRINGFIELD");
  CHECK(p.Value("5.state") == "IL");
  CHECK(p.Value("5.zip") == "62704");
  CHECK(p.Value("6") == "SELF");
  CHECK(p.Value("7.street") == "42 ELM STREET");
  CHECK(p.Value("11") == "NONE");  // Medicare, no group number
  CHECK(p.Value("11a") == "03 07 1950");
  CHECK(p.Value("11a.sex") == "F");
  CHECK(p.Value("11c") == "MEDICARE PART B");
  CHECK(p.Value("12") == "SIGNATURE ON FILE");
  CHECK(p.Value("13") == "SIGNATURE ON FILE");
  CHECK(p.Find("17") == nullptr);  // no referring provider on a BillingClaim
  CHECK(p.Value("21.icd") == "0");
  CHECK(p.Value("21.A") == "E1142");  // without the period
  CHECK(p.Value("21.B") == "I10");
  CHECK(p.Value("21.C") == "N1831");
  CHECK(p.Value("21.E") == "E785");
  CHECK(p.Find("21.E")->line == p.Find("21.A")->line + 1);  // E-H on the second row
  CHECK(p.Find("21.F") == nullptr);
  CHECK(p.Value("22") == "7");
  CHECK(p.Value("22.original_ref") == "2024123456789");
  CHECK(p.Value("23") == "PA998877");
  CHECK(p.Value("24A.1") == "08 01 24");
  CHECK(p.Value("24A.1.to") == "08 01 24");
  CHECK(p.Value("24A.2") == "08 02 24");  // the line's own date
  CHECK(p.Value("24B.1") == "11");
  CHECK(p.Value("24D.1") == "99214");
  CHECK(p.Value("24D.1.mod1") == "25");
  CHECK(p.Value("24D.1.mod2") == "GT");
  CHECK(p.Value("24E.1") == "ACB");
  CHECK(p.Value("24F.1") == "185.00");
  CHECK(p.Find("24F.1")->text == "  185 00");  // dollars | cents columns
  CHECK(p.Value("24F.2") == "42.50");
  CHECK(p.Value("24G.1") == "1");
  CHECK(p.Value("24G.2") == "2");
  CHECK(p.Value("24J.1") == "1093817465");
  CHECK(p.Find("24A.3") == nullptr);
  CHECK(p.Value("25") == "123456789");
  CHECK(p.Value("25.type") == "EIN");
  CHECK(p.Value("26") == "ENC-0815");
  CHECK(p.Value("27") == "YES");
  CHECK(p.Value("28") == "227.50");
  CHECK(p.Find("28")->text == "   227 50");
  CHECK(p.Value("31") == "SIGNATURE ON FILE");
  CHECK(p.Value("32.name") == "RIVERSIDE FAMILY MEDICINE");
  CHECK(p.Value("32.street") == "1200 MAIN STREET SUITE 4");
  CHECK(p.Value("32.city") == "SPRINGFIELD, IL 62704-1234");
  CHECK(p.Value("32a") == "1234567893");
  CHECK(p.Value("33.phone_area") == "217");
  CHECK(p.Value("33.phone") == "555-0142");
  CHECK(p.Value("33.name") == "RIVERSIDE FAMILY MEDICINE");
  CHECK(p.Value("33.city") == "SPRINGFIELD, IL 62704-1234");
  CHECK(p.Value("33a") == "1234567893");
  // Grid: every field inside the page's 79 columns and 66 lines, in form order (top to bottom, left to right).
  for (size_t i = 0; i < p.fields.size(); ++i) {
    const Cms1500Field& f = p.fields[i];
    INFO(f.box);
    CHECK(f.line >= 1);
    CHECK(f.line <= kCms1500GridLines);
    CHECK(f.column >= 1);
    CHECK(f.column + static_cast<int>(f.text.size()) - 1 <= kCms1500GridColumns);
    if (i > 0) CHECK((p.fields[i - 1].line < f.line || p.fields[i - 1].column < f.column));
  }
}

TEST_CASE("CMS-1500 box 1 follows the claim filing indicator", "[cms1500]") {
  const std::pair<const char*, const char*> cases[] = {
      {"MB", "MEDICARE"}, {"MA", "MEDICARE"}, {"MC", "MEDICAID"}, {"CH", "TRICARE"},
      {"VA", "CHAMPVA"},  {"CI", "GROUP HEALTH PLAN"}, {"BL", "GROUP HEALTH PLAN"}, {"WC", "OTHER"}};
  for (const auto& [filing, type] : cases) {
    BillingClaim c = FullClaim();
    c.payer.filing_indicator = filing;
    const Cms1500Page page = Cms1500Fill(c).pages[0];
    INFO(filing);
    CHECK(page.Value("1") == type);
    CHECK(page.Value("11") == (std::string(type) == "MEDICARE" ? "NONE" : ""));
  }
}

TEST_CASE("CMS-1500 pointers print as letters; a pointer past the diagnoses is left out with a warning", "[cms1500]") {
  BillingClaim c = FullClaim();
  c.claim.coding.diagnoses.clear();
  for (int i = 0; i < 12; ++i) c.claim.coding.diagnoses.push_back({"Z00." + std::to_string(i)});
  c.claim.coding.services[0].pointers = {12, 1, 10, 4};
  c.claim.coding.services[1].pointers = {2, 13};
  const Cms1500Form form = Cms1500Fill(c);
  const Cms1500Page& p = form.pages[0];
  CHECK(p.Value("24E.1") == "LAJD");
  CHECK(p.Value("24E.2") == "B");
  CHECK(p.Value("21.L") == "Z0011");
  CHECK(p.Find("21.L")->line == p.Find("21.I")->line);
  REQUIRE(form.warnings.size() == 1);
  CHECK(form.warnings[0].find("24E.2") != std::string::npos);
}

TEST_CASE("CMS-1500 insured other than the patient: boxes 4, 6, 7, 11, 11a from the subscriber", "[cms1500]") {
  BillingClaim c = FullClaim();
  c.payer = {"Acme Health", "ACME1", "CI", {}};
  c.patient.relationship = "01";
  c.patient.subscriber_last_name = "Doe";
  c.patient.subscriber_first_name = "John";
  c.patient.subscriber_birth_date = "19480115";
  c.patient.subscriber_sex = PatientSex::kMale;
  c.patient.subscriber_address = {"9 Oak Road", "", "Peoria", "IL", "61602"};
  c.patient.group_number = "grp-77";
  c.frequency_code = "1";
  c.rendering.npi = c.billing.npi;  // the billing provider rendered the services
  c.claim.header.place_of_service = "12";
  const Cms1500Page p = Cms1500Fill(c).pages[0];
  CHECK(p.Value("1") == "GROUP HEALTH PLAN");
  CHECK(p.Value("2") == "DOE, JANE");
  CHECK(p.Value("4") == "DOE, JOHN");
  CHECK(p.Value("6") == "SPOUSE");
  CHECK(p.Value("7.street") == "9 OAK ROAD");
  CHECK(p.Value("7.city") == "PEORIA");
  CHECK(p.Value("11") == "GRP-77");
  CHECK(p.Value("11a") == "01 15 1948");
  CHECK(p.Value("11a.sex") == "M");
  CHECK(p.Find("11a.sex")->column == 68);
  CHECK(p.Value("carrier.1") == "ACME HEALTH");
  CHECK(p.Find("carrier.2") == nullptr);
  CHECK(p.Find("22") == nullptr);         // an original claim
  CHECK(p.Find("24J.1") == nullptr);      // same as 33a
  CHECK(p.Find("32.name") == nullptr);    // services in the patient's home
  CHECK(p.Value("33.name") == "RIVERSIDE FAMILY MEDICINE");
}

TEST_CASE("CMS-1500 with 7 lines is 2 pages: header repeated, 28 CONTINUED, the total on the last page", "[cms1500]") {
  const Cms1500Form form = Cms1500Fill(FullClaim(7));  // total_charge empty: summed from the lines
  REQUIRE(form.pages.size() == 2);
  const Cms1500Page& first = form.pages[0];
  const Cms1500Page& last = form.pages[1];
  CHECK(first.number == 1);
  CHECK(last.number == 2);
  CHECK(last.count == 2);
  CHECK(first.Value("page") == "PAGE 1 OF 2");
  CHECK(last.Value("page") == "PAGE 2 OF 2");
  CHECK(first.Value("24D.6") == "93000");
  CHECK(last.Value("24D.1") == "G0439");
  CHECK(last.Value("24E.1") == "B");  // pointers refer to the diagnoses, which every page repeats
  CHECK(last.Find("24D.2") == nullptr);
  CHECK(first.Value("28") == "CONTINUED");
  CHECK(last.Value("28") == "440.00");  // 185.00 + 6 x 42.50
  for (const char* box : {"1", "1a", "2", "3", "21.A", "21.E", "25", "26", "33a"}) {
    INFO(box);
    CHECK(last.Value(box) == first.Value(box));
  }
}

TEST_CASE("CMS-1500 values longer than their box are cut to fit and reported", "[cms1500]") {
  BillingClaim c = FullClaim();
  c.claim.id = "ACCOUNT-NUMBER-FAR-TOO-LONG";
  c.claim.coding.services[0].charge = "123456.00";
  const Cms1500Form form = Cms1500Fill(c);
  const Cms1500Page& p = form.pages[0];
  CHECK(p.Find("26")->text == "ACCOUNT-NUMBER");
  CHECK(p.Value("26") == "ACCOUNT-NUMBER-FAR-TOO-LONG");
  CHECK(p.Find("24F.1") == nullptr);
  REQUIRE(form.warnings.size() == 2);
  CHECK(form.warnings[0].find("Box 24F.1") == 0);
  CHECK(form.warnings[1].find("Box 26") == 0);
}

TEST_CASE("CMS-1500 field list as JSON and text", "[cms1500]") {
  const Cms1500Form form = Cms1500Fill(FullClaim(7));
  const auto json = nlohmann::json::parse(Cms1500FieldsJson(form));
  REQUIRE(json["pages"].size() == 2);
  CHECK(json["pages"][0]["of"] == 2);
  CHECK(json["pages"][0]["fields"]["2"] == "DOE, JANE");
  CHECK(json["pages"][1]["fields"]["28"] == "440.00");
  CHECK(json["warnings"].empty());
  const std::string text = Cms1500FieldsText(form);
  CHECK(text.find("page 1 of 2\n") == 0);
  CHECK(text.find("\n21.A\tE1142\n") != std::string::npos);
  CHECK(text.find("page 2 of 2\n") != std::string::npos);
}

TEST_CASE("PDF text is WinAnsi with ( ) \\ escaped and other characters replaced", "[cms1500]") {
  CHECK(PdfStringLiteral("a(b)c\\") == "(a\\(b\\)c\\\\)");
  CHECK(PdfStringLiteral("Jos\xC3\xA9") == "(Jos\\351)");         // é, Latin-1
  CHECK(PdfStringLiteral("\xE2\x82\xAC 5\xE2\x80\x94") == "(\\200 5\\227)");  // euro, em dash: Windows-1252
  CHECK(PdfStringLiteral("\xE6\x97\xA5") == "(?)");               // not in WinAnsi
  CHECK(PdfStringLiteral("a\xFF" "b\xC3") == "(a?b?)");           // malformed UTF-8
  CHECK(PdfStringLiteral("tab\there") == "(tab here)");
  CHECK(PdfTextWidth(PdfFont::kCourier, 10, "ABC", 1.2) == Approx(21.6));
  CHECK(PdfTextWidth(PdfFont::kHelvetica, 10, "Hi") == Approx(7.22 + 2.22));
}

TEST_CASE("PDF files are structurally valid: xref offsets, trailer, startxref", "[cms1500]") {
  PdfDocument empty;
  CHECK(medcode::test::CheckPdfStructure(empty.Serialize(), 1).empty());

  for (const auto variant : {Cms1500Variant::kPlainPaper, Cms1500Variant::kDataOnly}) {
    for (int lines : {2, 7, 13}) {
      const std::string pdf = Cms1500Pdf(FullClaim(lines), variant);
      INFO("lines " << lines << (variant == Cms1500Variant::kDataOnly ? " data only" : " plain paper"));
      CHECK(medcode::test::CheckPdfStructure(pdf, lines <= 6 ? 1 : lines <= 12 ? 2 : 3).empty());
      CHECK(pdf.find("/BaseFont /Courier ") != std::string::npos);
    }
  }
  // The checker itself catches an xref offset one byte off, and a startxref that misses the table.
  std::string broken = Cms1500Pdf(FullClaim(), Cms1500Variant::kDataOnly);
  const size_t entry2 = broken.find("\n", broken.find("xref\n") + 5) + 1 + 2 * 20;
  broken.replace(entry2, 10, [&] {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%010lu", std::stoul(broken.substr(entry2, 10)) + 1);
    return std::string(digits);
  }());
  CHECK(medcode::test::CheckPdfStructure(broken, 1).find("xref entry 2 points at") == 0);
  std::string shifted = Cms1500Pdf(FullClaim(), Cms1500Variant::kDataOnly);
  shifted.insert(shifted.find("2 0 obj"), " ");
  CHECK(medcode::test::CheckPdfStructure(shifted, 1) == "startxref does not point at the xref table");
}

TEST_CASE("CMS-1500 plain paper draws the form; data only prints just the data on the 10 cpi grid", "[cms1500]") {
  const Cms1500Form form = Cms1500Fill(FullClaim());
  const std::string plain = Contents(Cms1500Pdf(form, Cms1500Variant::kPlainPaper));
  const std::string data = Contents(Cms1500Pdf(form, Cms1500Variant::kDataOnly));
  CHECK(plain.find("(HEALTH INSURANCE CLAIM FORM)") != std::string::npos);
  CHECK(plain.find("(21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY") != std::string::npos);
  CHECK(plain.find(" re ") != std::string::npos);
  CHECK(data.find("/F1 ") == std::string::npos);  // no Helvetica: no form text
  CHECK(data.find(" re ") == std::string::npos);  // no boxes
  CHECK(data.find(" l S") == std::string::npos);  // no lines
  // Every field is one Courier 10 pt run at 7.2 pt a character: (column - 1) x 7.2 from the grid's left edge, and its
  // line's baseline 12 pt a line from the top.
  for (const char* box : {"2", "24D.1", "33a"}) {
    const Cms1500Field* f = form.pages[0].Find(box);
    REQUIRE(f != nullptr);
    char run[128];
    std::snprintf(run, sizeof run, "/F3 10 Tf\n1.2 Tc\n1 0 0 1 %g %g Tm\n(%s) Tj", 21.6 + (f->column - 1) * 7.2,
                  792 - f->line * 12 + 3.0, f->text.c_str());
    INFO(run);
    CHECK(data.find(run) != std::string::npos);
    CHECK(plain.find(run) != std::string::npos);
  }
  // Printer alignment moves the data.
  const std::string moved = Contents(Cms1500Pdf(form, Cms1500Variant::kDataOnly, {7.2, 12}));
  const Cms1500Field* name = form.pages[0].Find("2");
  char run[96];
  std::snprintf(run, sizeof run, "1 0 0 1 %g %g Tm\n(DOE, JANE)", 21.6 + 7.2, 792 - name->line * 12 + 3.0 - 12);
  CHECK(moved.find(run) != std::string::npos);
  CHECK(Cms1500FileName(FullClaim(), Cms1500Variant::kPlainPaper) == "cms1500-ENC-0815.pdf");
  BillingClaim odd = FullClaim();
  odd.claim.id = "../a b";
  CHECK(Cms1500FileName(odd, Cms1500Variant::kDataOnly) == "cms1500-ab-data.pdf");
}

TEST_CASE("CMS-1500 PDF read back by pdftotext: name, codes and total in order", "[cms1500]") {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) {
    WARN("pdftotext (poppler-utils) is not installed: skipped");
    return;
  }
  medcode::test::TempDir dir;
  for (const auto variant : {Cms1500Variant::kPlainPaper, Cms1500Variant::kDataOnly}) {
    const std::string pdf_path = dir.File("claim.pdf"), text_path = dir.File("claim.txt");
    medcode::test::WriteBytes(pdf_path, Cms1500Pdf(FullClaim(), variant));
    REQUIRE(std::system(("pdftotext -layout '" + pdf_path + "' '" + text_path + "'").c_str()) == 0);
    const std::string text = medcode::test::ReadBytes(text_path);
    INFO(text);
    size_t at = 0;
    for (const char* expected : {"DOE, JANE", "E1142", "N1831", "99214", "25", "GT", "ACB", "185 00", "83036",
                                 "227 50", "RIVERSIDE FAMILY MEDICINE"}) {
      INFO(expected);
      const size_t found = text.find(expected, at);
      CHECK(found != std::string::npos);
      if (found != std::string::npos) at = found;
    }
    if (variant == Cms1500Variant::kPlainPaper) CHECK(text.find("HEALTH INSURANCE CLAIM FORM") != std::string::npos);
  }
}
