// text.cpp: byte-to-text decoding for documents and pasted text (see text.h): encoding detection by byte-order mark,
// UTF-8 validation, UTF-16 and Windows-1252 decoding, line-end normalisation, and the errors users see for each.
#include "engine/text.h"

#include <array>
#include <cassert>

namespace medcode::engine {
namespace {

constexpr char32_t kReplacementChar = 0xFFFD;

// Windows-1252 0x80..0x9F (where it differs from Latin-1). 0 marks the five bytes cp1252 leaves undefined.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80..87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88..8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90..97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98..9F
};

// One step through UTF-8: the length of the well-formed sequence at `pos`, or, when ill-formed, the length of its
// maximal ill-formed subpart (at least 1), which is what one U+FFFD replaces.
struct Utf8Step {
  size_t length;
  bool valid;
};

Utf8Step NextUtf8(std::string_view text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {1, true};
  size_t continuation = 0;
  unsigned char second_min = 0x80;  // tighter bounds on the second byte exclude overlongs, surrogates, > U+10FFFF
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead == 0xE0) {
    continuation = 2;
    second_min = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    continuation = 2;
  } else if (lead == 0xED) {
    continuation = 2;
    second_max = 0x9F;
  } else if (lead == 0xF0) {
    continuation = 3;
    second_min = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    continuation = 3;
  } else if (lead == 0xF4) {
    continuation = 3;
    second_max = 0x8F;
  } else {
    return {1, false};  // 0x80..0xC1 or 0xF5..0xFF can never start a sequence
  }
  for (size_t k = 1; k <= continuation; ++k) {
    if (pos + k >= text.size()) return {k, false};
    const auto byte = static_cast<unsigned char>(text[pos + k]);
    const unsigned char min = k == 1 ? second_min : 0x80;
    const unsigned char max = k == 1 ? second_max : 0xBF;
    if (byte < min || byte > max) return {k, false};
  }
  return {continuation + 1, true};
}

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The last path component of `source_name`, for messages (the full name goes in `where`).
std::string_view BaseName(std::string_view source_name) {
  size_t slash = source_name.find_last_of("/\\");
  if (slash == std::string_view::npos || slash + 1 == source_name.size()) return source_name;
  return source_name.substr(slash + 1);
}

std::string Hex4(unsigned value) {
  constexpr const char* kHexDigits = "0123456789ABCDEF";
  std::string out = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHexDigits[(value >> shift) & 0xF];
  return out;
}

Error BinaryFileError(std::string_view source_name, size_t offset, const char* what) {
  return MakeError(ErrorCode::kBinaryFile,
                   QuoteForMessage(BaseName(source_name)) + " looks like a binary file (" + what + " at offset " +
                       std::to_string(offset) + "), not a text note; open a .txt file or paste the text.",
                   std::string(source_name));
}

Result<std::string> DecodeUtf16(std::string_view bytes, bool big_endian, std::string_view source_name) {
  const std::string quoted = QuoteForMessage(BaseName(source_name));
  if (bytes.size() % 2 != 0) {
    return MakeError(ErrorCode::kParse,
                     quoted + " starts with a UTF-16 byte-order mark but has an odd number of bytes (" +
                         std::to_string(bytes.size()) + "), so its last character is cut off. Save the note again, "
                         "preferably as UTF-8, and reopen it.",
                     std::string(source_name));
  }
  auto unit_at = [&](size_t offset) -> unsigned {
    const auto first = static_cast<unsigned char>(bytes[offset]);
    const auto second = static_cast<unsigned char>(bytes[offset + 1]);
    return big_endian ? (first << 8) | second : (second << 8) | first;
  };
  auto unpaired = [&](unsigned unit, size_t offset) {
    return MakeError(ErrorCode::kParse,
                     quoted + " is not valid UTF-16: unpaired surrogate " + Hex4(unit) + " at byte offset " +
                         std::to_string(offset) + ". Save the note again, preferably as UTF-8, and reopen it.",
                     std::string(source_name));
  };

  std::string out;
  out.reserve(bytes.size());
  for (size_t offset = 2; offset < bytes.size(); offset += 2) {  // 2: after the byte-order mark
    const unsigned unit = unit_at(offset);
    if (unit == 0) return BinaryFileError(source_name, offset, "NUL character");
    if (unit >= 0xDC00 && unit <= 0xDFFF) return unpaired(unit, offset);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (offset + 2 >= bytes.size()) return unpaired(unit, offset);
      const unsigned low = unit_at(offset + 2);
      if (low < 0xDC00 || low > 0xDFFF) return unpaired(unit, offset);
      AppendUtf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
      offset += 2;
      continue;
    }
    AppendUtf8(out, unit);
  }
  return NormalizeLineEnds(out);
}

std::string DecodeWindows1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else if (byte < 0xA0) {
      const char32_t mapped = kCp1252High[byte - 0x80];
      AppendUtf8(out, mapped != 0 ? mapped : kReplacementChar);
    } else {
      AppendUtf8(out, byte);  // 0xA0..0xFF are Latin-1, the same code points
    }
  }
  return out;
}

}  // namespace

Status CheckDocumentSize(uint64_t size_bytes, std::string_view source_name) {
  if (size_bytes <= kMaxDocumentBytes) return Status::Ok();
  const uint64_t tenths_mib = size_bytes * 10 / (1024 * 1024);
  return MakeError(ErrorCode::kTooLarge,
                   QuoteForMessage(BaseName(source_name)) + " is " + std::to_string(size_bytes) + " bytes (" +
                       std::to_string(tenths_mib / 10) + "." + std::to_string(tenths_mib % 10) +
                       " MiB), over the limit of " + std::to_string(kMaxDocumentBytes) + " bytes (" +
                       std::to_string(kMaxDocumentBytes / (1024 * 1024)) +
                       " MiB) for a note. Open the note's own text file, or paste the part you need.",
                   std::string(source_name));
}

Result<std::string> DecodeDocumentText(std::string_view bytes, std::string_view source_name) {
  if (Status size = CheckDocumentSize(bytes.size(), source_name); !size.ok()) return size.error();
  if (StartsWith(bytes, "\xFF\xFE")) return DecodeUtf16(bytes, /*big_endian=*/false, source_name);
  if (StartsWith(bytes, "\xFE\xFF")) return DecodeUtf16(bytes, /*big_endian=*/true, source_name);

  const size_t start = StartsWith(bytes, "\xEF\xBB\xBF") ? 3 : 0;
  const size_t nul = bytes.find('\0', start);
  if (nul != std::string_view::npos) return BinaryFileError(source_name, nul, "NUL byte");
  const std::string_view body = bytes.substr(start);
  if (IsValidUtf8(body)) return NormalizeLineEnds(body);
  return NormalizeLineEnds(DecodeWindows1252(body));
}

bool IsValidUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {  // ASCII fast path
      ++pos;
      continue;
    }
    const Utf8Step step = NextUtf8(text, pos);
    if (!step.valid) return false;
    pos += step.length;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t pos = 0; pos < text.size();) {
    const Utf8Step step = NextUtf8(text, pos);
    if (step.valid) {
      out.append(text.substr(pos, step.length));
    } else {
      AppendUtf8(out, kReplacementChar);
    }
    pos += step.length;
  }
  return out;
}

std::string NormalizeLineEnds(std::string_view text) {
  if (text.find('\r') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] != '\r') {
      out += text[pos];
      continue;
    }
    out += '\n';
    if (pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t code_point) {
  assert(code_point <= 0x10FFFF && (code_point < 0xD800 || code_point > 0xDFFF) && "AppendUtf8: not a scalar value");
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::string QuoteForMessage(std::string_view text, size_t max_bytes) {
  constexpr const char* kHexDigits = "0123456789ABCDEF";
  std::string out = "\"";
  for (size_t pos = 0; pos < text.size();) {
    const Utf8Step step = NextUtf8(text, pos);
    std::string piece;
    if (!step.valid) {
      AppendUtf8(piece, kReplacementChar);
    } else if (step.length == 1 && (static_cast<unsigned char>(text[pos]) < 0x20 || text[pos] == 0x7F)) {
      const auto byte = static_cast<unsigned char>(text[pos]);
      if (byte == '\n') piece = "\\n";
      else if (byte == '\r') piece = "\\r";
      else if (byte == '\t') piece = "\\t";
      else piece = std::string("\\x") + kHexDigits[byte >> 4] + kHexDigits[byte & 0xF];
    } else {
      piece = text.substr(pos, step.length);
    }
    if (out.size() - 1 + piece.size() > max_bytes) {
      out += "...";
      break;
    }
    out += piece;
    pos += step.length;
  }
  out += '"';
  return out;
}

}  // namespace medcode::engine
