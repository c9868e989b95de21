// pdf_check.h: a structural check of the PDF files Medcode writes (engine/pdf.h), shared by the CMS-1500 engine and
// CLI tests: the header, every xref entry pointing at its "n 0 obj", the trailer, startxref pointing at the xref
// table, stream lengths, and the page count. Returns "" when the file is sound, else what is wrong.
#pragma once

#include <cstdio>
#include <string>

namespace medcode::test {

inline std::string CheckPdfStructure(const std::string& pdf, int expected_pages) {
  if (pdf.rfind("%PDF-1.4\n", 0) != 0) return "no %PDF-1.4 header";
  const size_t eof = pdf.rfind("%%EOF");
  if (eof == std::string::npos || pdf.find_first_not_of("\r\n", eof + 5) != std::string::npos) return "no final %%EOF";
  const size_t sx = pdf.rfind("startxref\n");
  if (sx == std::string::npos) return "no startxref";
  const size_t xref = std::stoul(pdf.substr(sx + 10));
  if (pdf.compare(xref, 5, "xref\n") != 0) return "startxref does not point at the xref table";
  size_t pos = xref + 5;
  unsigned first = 0, count = 0;
  if (std::sscanf(pdf.c_str() + pos, "%u %u", &first, &count) != 2 || first != 0) return "bad xref subsection";
  pos = pdf.find('\n', pos) + 1;
  for (unsigned n = 0; n < count; ++n, pos += 20) {
    const std::string entry = pdf.substr(pos, 20);
    if (entry.size() != 20 || entry[19] != '\n') return "xref entry " + std::to_string(n) + " is not 20 bytes";
    if (n == 0) {
      if (entry != "0000000000 65535 f \n") return "bad free entry 0";
      continue;
    }
    if (entry.substr(10, 9) != " 00000 n ") return "xref entry " + std::to_string(n) + " is not in use";
    const size_t offset = std::stoul(entry.substr(0, 10));
    const std::string want = std::to_string(n) + " 0 obj";
    if (pdf.compare(offset, want.size(), want) != 0) {
      return "xref entry " + std::to_string(n) + " points at \"" + pdf.substr(offset, 12) + "\", not \"" + want + "\"";
    }
  }
  if (pdf.compare(pos, 8, "trailer\n") != 0) return "no trailer after the xref table";
  if (pdf.find("/Size " + std::to_string(count), pos) == std::string::npos) return "trailer /Size is not the count";
  if (pdf.find("/Root 1 0 R", pos) == std::string::npos) return "trailer has no /Root";
  // Every stream's /Length is the number of bytes between "stream\n" and "\nendstream".
  for (size_t s = pdf.find("/Length "); s != std::string::npos; s = pdf.find("/Length ", s + 1)) {
    const size_t length = std::stoul(pdf.substr(s + 8));
    const size_t data = pdf.find("stream\n", s) + 7;
    if (pdf.compare(data + length, 10, "\nendstream") != 0) return "a stream's /Length is wrong";
  }
  if (pdf.find("/Count " + std::to_string(expected_pages) + " ") == std::string::npos) {
    return "the page tree does not count " + std::to_string(expected_pages) + " pages";
  }
  return {};
}

}  // namespace medcode::test
