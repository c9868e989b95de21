// pdf.cpp: the PDF 1.4 writer of pdf.h: content-stream operators for text, lines and rectangles, the UTF-8 to
// WinAnsi conversion, the standard fonts' widths, and the file layout (objects, xref table with byte offsets,
// trailer).
#include "engine/pdf.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace medcode::engine {
namespace {

// Numbers as PDF wants them: no exponent, at most 3 decimals, no trailing zeros ("12", "3.6", "-0.5").
std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string ColorOp(const PdfColor& c, const char* op) {
  return Num(c.r) + ' ' + Num(c.g) + ' ' + Num(c.b) + ' ' + op + '\n';
}

const char* FontResource(PdfFont font) {
  switch (font) {
    case PdfFont::kHelvetica: return "/F1";
    case PdfFont::kHelveticaBold: return "/F2";
    case PdfFont::kCourier: return "/F3";
    case PdfFont::kCourierBold: return "/F4";
  }
  return "/F1";
}

constexpr std::array<const char*, 4> kBaseFonts = {"Helvetica", "Helvetica-Bold", "Courier", "Courier-Bold"};

// Windows-1252 bytes 0x80..0x9F and the code points they stand for (0: the byte is unassigned).
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char WinAnsiByte(uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return ' ';  // tabs, line breaks and other controls print as a space
  if (cp < 0x80) return static_cast<char>(cp);
  if (cp >= 0xA0 && cp <= 0xFF) return static_cast<char>(cp);
  for (size_t i = 0; i < kCp1252High.size(); ++i) {
    if (kCp1252High[i] != 0 && kCp1252High[i] == cp) return static_cast<char>(0x80 + i);
  }
  return '?';
}

// Advance widths (1/1000 em) of printable ASCII 32..126 in Helvetica and Helvetica-Bold (Adobe's standard font
// metrics; WinAnsi's quotesingle, asciicircum, grave and asciitilde at 39, 94, 96, 126).
constexpr std::array<uint16_t, 95> kHelveticaWidths = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};
constexpr std::array<uint16_t, 95> kHelveticaBoldWidths = {
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584};

int GlyphWidth(PdfFont font, unsigned char byte) {
  if (font == PdfFont::kCourier || font == PdfFont::kCourierBold) return 600;
  const auto& table = font == PdfFont::kHelvetica ? kHelveticaWidths : kHelveticaBoldWidths;
  if (byte >= 32 && byte <= 126) return table[byte - 32];
  return 556;  // accented letters and symbols: about a digit's width (layout only; the PDF viewer uses the font's)
}

}  // namespace

std::string PdfWinAnsi(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    size_t length = 0;
    uint32_t cp = 0;
    if (lead < 0x80) {
      length = 1, cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, cp = lead & 0x07;
    }
    bool valid = length > 0 && i + length <= utf8.size();
    for (size_t k = 1; valid && k < length; ++k) {
      const auto cont = static_cast<unsigned char>(utf8[i + k]);
      if ((cont & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (cont & 0x3F);
    }
    // Overlong forms and surrogates are malformed too.
    if (valid && ((length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000) ||
                  (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)) {
      valid = false;
    }
    if (!valid) {
      out += '?';
      ++i;  // resynchronise on the next byte
      continue;
    }
    out += WinAnsiByte(cp);
    i += length;
  }
  return out;
}

std::string PdfStringLiteral(std::string_view utf8) {
  const std::string bytes = PdfWinAnsi(utf8);
  std::string out = "(";
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '(' || c == ')' || c == '\\') {
      out += '\\';
      out += c;
    } else if (b < 0x20 || b >= 0x7F) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\%03o", b);
      out += esc;
    } else {
      out += c;
    }
  }
  out += ')';
  return out;
}

double PdfTextWidth(PdfFont font, double size, std::string_view utf8, double char_spacing) {
  const std::string bytes = PdfWinAnsi(utf8);
  double units = 0;
  for (const char c : bytes) units += GlyphWidth(font, static_cast<unsigned char>(c));
  return units * size / 1000.0 + char_spacing * static_cast<double>(bytes.size());
}

void PdfPage::AddText(const PdfText& t) {
  if (t.text.empty()) return;
  std::string& c = m_content;
  c += "BT\n";
  c += ColorOp(t.color, "rg");
  c += std::string(FontResource(t.font)) + ' ' + Num(t.size) + " Tf\n";
  // Tc is graphics state that outlives ET: set it every time.
  c += Num(t.char_spacing) + " Tc\n";
  if (t.vertical) {
    c += "0 1 -1 0 " + Num(t.x) + ' ' + Num(t.y) + " Tm\n";
  } else {
    c += "1 0 0 1 " + Num(t.x) + ' ' + Num(t.y) + " Tm\n";
  }
  c += PdfStringLiteral(t.text) + " Tj\nET\n";
}

void PdfPage::AddLine(double x1, double y1, double x2, double y2, double width, PdfColor color, bool dashed) {
  std::string& c = m_content;
  c += "q\n" + ColorOp(color, "RG") + Num(width) + " w\n";
  if (dashed) c += "[1 1.5] 0 d\n";
  c += Num(x1) + ' ' + Num(y1) + " m " + Num(x2) + ' ' + Num(y2) + " l S\nQ\n";
}

void PdfPage::AddRect(double x, double y, double width, double height, const PdfRectStyle& style) {
  const bool stroke = style.stroke_width > 0;
  if (!stroke && !style.fill) return;
  std::string& c = m_content;
  c += "q\n";
  if (style.fill) c += ColorOp(style.fill_color, "rg");
  if (stroke) c += ColorOp(style.stroke, "RG") + Num(style.stroke_width) + " w\n";
  c += Num(x) + ' ' + Num(y) + ' ' + Num(width) + ' ' + Num(height) + " re ";
  c += style.fill && stroke ? "B" : style.fill ? "f" : "S";
  c += "\nQ\n";
}

PdfPage& PdfDocument::AddPage() {
  m_pages.emplace_back();
  return m_pages.back();
}

std::string PdfDocument::Serialize() const {
  std::vector<const PdfPage*> pages;
  const PdfPage empty_page;
  for (const PdfPage& page : m_pages) pages.push_back(&page);
  if (pages.empty()) pages.push_back(&empty_page);

  // Objects: 1 catalog, 2 page tree, 3 info, 4..7 fonts, then a page and its content stream per page.
  constexpr int kFirstFont = 4;
  const int first_page = kFirstFont + static_cast<int>(kBaseFonts.size());
  const int object_count = first_page + 2 * static_cast<int>(pages.size()) - 1;  // highest object number

  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";  // the comment marks the file as binary for transfer tools
  std::vector<size_t> offsets(static_cast<size_t>(object_count) + 1, 0);
  auto begin_object = [&](int number) {
    offsets[static_cast<size_t>(number)] = out.size();
    out += std::to_string(number) + " 0 obj\n";
  };

  begin_object(1);
  out += "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";

  begin_object(2);
  out += "<< /Type /Pages /Kids [";
  for (size_t i = 0; i < pages.size(); ++i) {
    out += (i ? " " : "") + std::to_string(first_page + 2 * static_cast<int>(i)) + " 0 R";
  }
  out += "] /Count " + std::to_string(pages.size()) + " >>\nendobj\n";

  begin_object(3);
  out += "<< /Producer (Medcode)";
  if (!m_title.empty()) out += " /Title " + PdfStringLiteral(m_title);
  out += " >>\nendobj\n";

  for (size_t i = 0; i < kBaseFonts.size(); ++i) {
    begin_object(kFirstFont + static_cast<int>(i));
    out += std::string("<< /Type /Font /Subtype /Type1 /BaseFont /") + kBaseFonts[i] +
           " /Encoding /WinAnsiEncoding >>\nendobj\n";
  }

  std::string font_dict = "<<";
  for (size_t i = 0; i < kBaseFonts.size(); ++i) {
    font_dict += " /F" + std::to_string(i + 1) + ' ' + std::to_string(kFirstFont + static_cast<int>(i)) + " 0 R";
  }
  font_dict += " >>";

  for (size_t i = 0; i < pages.size(); ++i) {
    const int page_object = first_page + 2 * static_cast<int>(i);
    begin_object(page_object);
    out += "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + Num(kPdfLetterWidth) + ' ' + Num(kPdfLetterHeight) +
           "] /Resources << /Font " + font_dict + " /ProcSet [/PDF /Text] >> /Contents " +
           std::to_string(page_object + 1) + " 0 R >>\nendobj\n";
    begin_object(page_object + 1);
    const std::string& content = pages[i]->content();
    out += "<< /Length " + std::to_string(content.size()) + " >>\nstream\n";
    out += content;
    out += "\nendstream\nendobj\n";
  }

  const size_t xref_offset = out.size();
  out += "xref\n0 " + std::to_string(object_count + 1) + "\n";
  out += "0000000000 65535 f \n";  // each entry is exactly 20 bytes, its end of line included
  for (int n = 1; n <= object_count; ++n) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offsets[static_cast<size_t>(n)]);
    out += entry;
  }
  out += "trailer\n<< /Size " + std::to_string(object_count + 1) + " /Root 1 0 R /Info 3 0 R >>\nstartxref\n" +
         std::to_string(xref_offset) + "\n%%EOF\n";
  return out;
}

}  // namespace medcode::engine
