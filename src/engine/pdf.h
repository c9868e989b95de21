// pdf.h: a small PDF 1.4 writer for the documents Medcode prints (the CMS-1500 claim form, cms1500.h): pages of US
// Letter (612 x 792 pt, origin at the bottom left, y upwards), text in the standard Helvetica and Courier fonts (not
// embedded, WinAnsiEncoding), lines and rectangles with optional fill colour. No dependency and no compression: the
// content streams are plain text, so a test can read them.
//
// Text is UTF-8 in; it is written as WinAnsi (Windows-1252) bytes: ASCII and Latin-1 as themselves, the Windows-1252
// extras (euro, curly quotes, dashes, ...) mapped, every other character (and a malformed UTF-8 byte) as '?'. In the
// PDF string, ( ) and \ are escaped and bytes outside printable ASCII are written as octal escapes, so the file is
// ASCII apart from its binary-marker comment.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace medcode::engine {

// The four standard fonts used here (PDF's base-14 fonts need no embedding).
enum class PdfFont { kHelvetica, kHelveticaBold, kCourier, kCourierBold };

struct PdfColor {
  double r = 0, g = 0, b = 0;  // 0..1
  bool operator==(const PdfColor& o) const = default;
};

// US Letter in points (1/72 inch).
inline constexpr double kPdfLetterWidth = 612;
inline constexpr double kPdfLetterHeight = 792;

// One run of text: its baseline starts at (x, y).
struct PdfText {
  double x = 0, y = 0;
  PdfFont font = PdfFont::kHelvetica;
  double size = 10;           // points
  std::string text;           // UTF-8
  double char_spacing = 0;    // extra points after each character (PDF Tc): Courier 10 pt + 1.2 = 10 characters/inch
  bool vertical = false;      // rotated 90 degrees counter-clockwise (reads bottom to top)
  PdfColor color;             // fill colour of the glyphs
};

// How a rectangle is painted: a stroked outline (stroke_width > 0), a fill, or both.
struct PdfRectStyle {
  double stroke_width = 0.5;  // 0: no outline
  PdfColor stroke;
  bool fill = false;
  PdfColor fill_color;
};

// A page's content, in drawing order.
class PdfPage {
 public:
  void AddText(const PdfText& text);
  // A straight line; dashed draws 1 pt dashes with 1.5 pt gaps.
  void AddLine(double x1, double y1, double x2, double y2, double width, PdfColor color, bool dashed = false);
  // A rectangle with its lower left corner at (x, y).
  void AddRect(double x, double y, double width, double height, const PdfRectStyle& style);

  const std::string& content() const { return m_content; }  // the page's content stream

 private:
  std::string m_content;
};

// A document: pages in order; Serialize() writes the whole file (header, objects, xref table, trailer).
class PdfDocument {
 public:
  explicit PdfDocument(std::string title = {}) : m_title(std::move(title)) {}
  // Adds a US Letter page and returns it (valid until the next AddPage).
  PdfPage& AddPage();
  size_t page_count() const { return m_pages.size(); }
  // The PDF bytes. A document without pages gets one empty page (a PDF needs at least one).
  std::string Serialize() const;

 private:
  std::string m_title;
  std::vector<PdfPage> m_pages;
};

// UTF-8 to WinAnsi bytes (see the top of this file).
std::string PdfWinAnsi(std::string_view utf8);
// A PDF literal string of the WinAnsi bytes of `utf8`, parentheses included: "(O\\(1\\))".
std::string PdfStringLiteral(std::string_view utf8);
// Width in points of `utf8` set in `font` at `size` (the fonts' standard metrics), with `char_spacing` per character.
double PdfTextWidth(PdfFont font, double size, std::string_view utf8, double char_spacing = 0);

}  // namespace medcode::engine
