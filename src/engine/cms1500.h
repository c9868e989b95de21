// cms1500.h: the CMS-1500 (02/12) paper claim of a BillingClaim (issue 6, item 7). Two steps, so that tests and the
// app can check what goes in each box without reading a PDF:
//   1. Cms1500Fill: the form's fields, box by box and page by page (six service lines a page), with the text each box
//      prints and its place on the form's print grid: 10 characters per inch and 6 lines per inch (NUCC 1500 Claim
//      Form Reference Instruction Manual), columns 1..79 and lines 1..66 from the top left (column 1 starts 0.3 in
//      from the page's left edge, line 1 at its top edge; positions as used by common print-on-form billing software).
//   2. Cms1500Pdf: a PDF of those pages. kPlainPaper draws the form itself (its boxes, numbers and titles, the shaded
//      supplemental rows of 24) with the data in it; kDataOnly prints the data alone, Courier 10 pt at 10 cpi on the
//      same grid, to print onto the pre-printed red OCR forms.
//
// How the boxes are filled (NUCC manual for form version 02/12 unless said otherwise):
//   carrier block  payer name and address (lines 2-5)     1   insurance type from the claim filing indicator
//   1a  insured's (subscriber's) member id                 2   patient LAST, FIRST (upper case, as OCR reads best)
//   3   birth date MM DD YYYY, sex                         4   insured's name (the patient when self)
//   5/7 patient's / insured's address                      6   relationship: 18 self, 01 spouse, 19 child, else other
//   11  group number; "NONE" for Medicare when there is none (Medicare Claims Processing Manual ch. 26, item 11)
//   11a insured's birth date and sex                       11c insurance plan name: the payer's name
//   12/13 SIGNATURE ON FILE
//   17  empty: a BillingClaim has no referring / ordering / supervising provider (the rendering one goes in 24J)
//   21  ICD indicator 0 (ICD-10-CM); diagnoses A-L without the decimal point ("Do not insert a period in the ICD-10-CM
//       code": Medicare Claims Processing Manual, Pub. 100-04, ch. 26 item 21; the 02/12 form has no printed period)
//   22  resubmission code 7 / 8 and the original reference number, for replacement / void claims
//   23  prior authorization     24A from/to MM DD YY (the line's date, else the claim's)   24B place of service
//   24D CPT/HCPCS and up to 4 modifiers   24E pointers as letters A-L   24F charge   24G units
//   24J rendering NPI, only when it differs from the billing provider's (33a)
//   25  TIN, EIN box      26  patient account no. = the claim id      27  accept assignment: YES
//   28  total charge, on the last page only; earlier pages print CONTINUED (multi-page convention of payer manuals,
//       e.g. HMSA and Texas Medicaid/TMHP; the NUCC manual has no rule of its own for it). Every page repeats the
//       header boxes and the diagnoses (NUCC: pointers of later pages refer to the diagnoses of the first), and pages
//       of a multi-page claim say "PAGE n OF m" at the top right.
//   31  SIGNATURE ON FILE   32 service facility: the billing provider's name, address and NPI unless the place of
//       service is 12 (home)   33 billing provider name, address, phone; 33a its NPI
// Values longer than their box are cut to fit and reported in warnings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/billing.h"

namespace medcode::engine {

enum class Cms1500Variant {
  kPlainPaper,  // the form drawn with the data: print on blank paper
  kDataOnly,    // only the data, placed for the pre-printed red CMS-1500 (02/12) form
};

// One filled box (or one part of a box: "3" the birth date, "3.sex" the sex).
struct Cms1500Field {
  std::string box;    // "1a", "24D.3" (service line 3 of the page), "21.A", "carrier.1", "page"
  std::string value;  // what it means: for a check box the option chosen ("MEDICARE", "F", "EIN", "YES")
  std::string text;   // what is printed: for a check box "X", else the value as the form wants it
  int line = 0;       // print grid line of the text's baseline, 1-based from the top (6 lines per inch)
  int column = 0;     // print grid column of the first character, 1-based from the left (10 characters per inch)
};

struct Cms1500Page {
  int number = 1;  // 1-based
  int count = 1;   // pages of the claim
  std::vector<Cms1500Field> fields;

  // The field of `box`, or nullptr.
  const Cms1500Field* Find(std::string_view box) const;
  // Its value, or "" when the box is empty.
  std::string Value(std::string_view box) const;
};

struct Cms1500Form {
  std::vector<Cms1500Page> pages;     // at least one; six service lines each
  std::vector<std::string> warnings;  // values cut to fit, diagnoses or pointers past the form's 12
};

inline constexpr int kCms1500LinesPerPage = 6;       // service lines in item 24
inline constexpr int kCms1500MaxDiagnoses = 12;      // A-L in item 21
inline constexpr int kCms1500GridColumns = 79;       // printable columns used by the form
inline constexpr int kCms1500GridLines = 66;         // 11 inches at 6 lines per inch

// The form's fields, page by page.
Cms1500Form Cms1500Fill(const BillingClaim& claim);

// The field list as JSON: {"pages": [{"page": 1, "of": 2, "fields": {"1": "MEDICARE", "1a": "...", ...}}],
// "warnings": [...]} (values, keyed by box, in form order), and as text: one "box<TAB>value" line per field, pages
// headed "page n of m". Both are what the PDFs print, so tests and previews can check them without a PDF reader.
std::string Cms1500FieldsJson(const Cms1500Form& form);
std::string Cms1500FieldsText(const Cms1500Form& form);

// Printer alignment for kDataOnly on pre-printed forms: moves all data right / down by this many points (1/72 in).
struct Cms1500PrintOffset {
  double right_pt = 0;
  double down_pt = 0;
};

// The PDF of the form (one page per Cms1500Page).
std::string Cms1500Pdf(const Cms1500Form& form, Cms1500Variant variant, Cms1500PrintOffset offset = {});
std::string Cms1500Pdf(const BillingClaim& claim, Cms1500Variant variant);

// A file name for the download: "cms1500-<claim id>.pdf" ("-data" added for kDataOnly), the id reduced to letters,
// digits, '-' and '_'.
std::string Cms1500FileName(const BillingClaim& claim, Cms1500Variant variant);

}  // namespace medcode::engine
