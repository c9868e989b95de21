// x12.cpp: the X12 segment reader and writer (see x12.h).
#include "engine/x12.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace medcode::engine {
namespace {

// ISA element lengths (ISA01..ISA16) of the fixed-length ISA segment; with the separators it is 106 bytes.
constexpr int kIsaWidths[16] = {2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1};
constexpr size_t kIsaBytes = 106;

std::string Printable(char c) {
  if (c == '\r') return "CR";
  if (c == '\n') return "LF";
  if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(c));
    return buf;
  }
  return std::string("'") + c + "'";
}

}  // namespace

std::string_view X12Segment::Component(size_t i, size_t c, char component) const {
  std::string_view e = Element(i);
  for (size_t k = 1; k < c; ++k) {
    size_t at = e.find(component);
    if (at == std::string_view::npos) return {};
    e.remove_prefix(at + 1);
  }
  size_t end = e.find(component);
  return end == std::string_view::npos ? e : e.substr(0, end);
}

std::string X12Position::Text() const {
  if (segment_number == 0) return "byte " + std::to_string(offset);
  std::string out = "segment " + std::to_string(segment_number);
  if (!segment_id.empty()) out += " (" + segment_id + ")";
  if (element > 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", element);
    out += ", element " + segment_id + buf;
    if (component > 0) out += "-" + std::to_string(component);
  }
  return out;
}

std::string X12Problem::Text() const { return at.Text() + ": " + message; }

X12Reader::X12Reader(Source source, std::string name) : m_source(std::move(source)), m_name(std::move(name)) {}

X12Reader X12Reader::FromText(std::string_view text, std::string name) {
  X12Reader reader(nullptr, std::move(name));
  reader.m_text = text;
  reader.m_in_place = true;
  reader.m_eof = true;
  return reader;
}

X12Reader X12Reader::FromFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    X12Reader reader(nullptr, path);
    reader.m_eof = true;
    reader.Fail(ErrorCode::kNotFound, X12ReadFailure::kIo, "Cannot open the X12 file: " + std::string(std::strerror(errno)) + ".", 0);
    return reader;
  }
  auto shared = std::shared_ptr<std::FILE>(file, [](std::FILE* f) { std::fclose(f); });
  return X12Reader(
      [shared](char* buffer, size_t capacity) -> int64_t {
        size_t n = std::fread(buffer, 1, capacity, shared.get());
        if (n == 0 && std::ferror(shared.get())) return -1;
        return static_cast<int64_t>(n);
      },
      path);
}

bool X12Reader::Fail(ErrorCode code, X12ReadFailure failure, std::string message, uint64_t offset) {
  if (m_status.ok()) {
    m_failure = failure;
    m_failure_offset = offset;
    std::string where = m_name;
    if (m_segment_number > 0) where += ", segment " + std::to_string(m_segment_number + 1);
    where += ", byte " + std::to_string(offset);
    m_status = Status(MakeError(code, std::move(message), std::move(where)));
  }
  return false;
}

// Moves the unread bytes to the front of the buffer and reads more. False when nothing more came (end or error).
bool X12Reader::Fill() {
  if (m_in_place || m_eof) return false;
  size_t unread = m_text.size() - m_pos;
  if (m_pos > 0) {
    std::memmove(m_buffer.data(), m_buffer.data() + m_pos, unread);
    m_base += m_pos;
    m_pos = 0;
  }
  // The buffer starts at 64 KiB and doubles (up to kChunkBytes) only while reads fill it, so that a 1 KB
  // acknowledgment does not cost a 1 MiB buffer; it also doubles while a long segment leaves less than half of it
  // free. It never shrinks, so it is resized (and zero-filled) a handful of times per reader, not on every read.
  size_t target = m_buffer.empty() ? size_t{1} << 16 : m_buffer.size();
  if (m_last_read_full && target < kChunkBytes) target *= 2;
  while (target - unread < target / 2 && target < kChunkBytes + kMaxSegmentBytes) target *= 2;
  target = std::min(target, kChunkBytes + kMaxSegmentBytes);
  if (target > m_buffer.size()) m_buffer.resize(target);
  const size_t space = m_buffer.size() - unread;
  int64_t n = m_source(m_buffer.data() + unread, space);
  m_last_read_full = n > 0 && static_cast<size_t>(n) == space;
  if (n < 0) {
    m_eof = true;
    Fail(ErrorCode::kIo, X12ReadFailure::kIo, "Reading the X12 file failed.", m_base + unread);
    m_text = std::string_view(m_buffer.data(), unread);
    return false;
  }
  if (n == 0) m_eof = true;
  m_text = std::string_view(m_buffer.data(), unread + static_cast<size_t>(n));
  return n > 0;
}

void X12Reader::Split(std::string_view text, X12Segment& segment) const {
  segment.elements.clear();
  // Eight bytes at a time (a word with 0x80 set in each byte equal to the separator), then the tail byte by byte:
  // elements are a few bytes long, shorter than what makes a memchr call per element pay off.
  const char sep = m_separators.element;
  const char* start = text.data();
  const char* end = start + text.size();
  const char* p = start;
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const uint64_t pattern = kOnes * static_cast<unsigned char>(sep);
  for (; end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    const uint64_t x = word ^ pattern;  // zero bytes where the separator is
    uint64_t found = (x - kOnes) & ~x & kHigh;
    // The subtraction's borrow can mark a byte after a real zero byte; check each candidate.
    while (found != 0) {
      const int bit = __builtin_ctzll(found);
      const char* at = p + bit / 8;
      if (*at == sep) {
        segment.elements.emplace_back(start, static_cast<size_t>(at - start));
        start = at + 1;
      }
      found &= found - 1;
    }
  }
  for (; p != end; ++p) {
    if (*p == sep) {
      segment.elements.emplace_back(start, static_cast<size_t>(p - start));
      start = p + 1;
    }
  }
  segment.elements.emplace_back(start, static_cast<size_t>(end - start));
}

namespace {

// Splits the segment starting at `p` on `sep` up to the first `term` before `end`; returns that terminator, or null
// when there is none before `end` (then `segment` holds a partial split).
const char* SplitToTerminator(const char* p, const char* end, char sep, char term, X12Segment& segment) {
  segment.elements.clear();
  const char* start = p;
#if defined(__SSE2__)
  const __m128i seps = _mm_set1_epi8(sep);
  const __m128i terms = _mm_set1_epi8(term);
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned found = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, seps)));
    const unsigned at_term = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, terms)));
    if (at_term != 0) found &= (at_term & (0u - at_term)) - 1;  // separators before the first terminator
    while (found != 0) {
      const char* at = p + __builtin_ctz(found);
      segment.elements.emplace_back(start, static_cast<size_t>(at - start));
      start = at + 1;
      found &= found - 1;
    }
    if (at_term != 0) {
      const char* t = p + __builtin_ctz(at_term);
      segment.elements.emplace_back(start, static_cast<size_t>(t - start));
      return t;
    }
  }
#endif
  for (; p != end; ++p) {
    if (*p == sep) {
      segment.elements.emplace_back(start, static_cast<size_t>(p - start));
      start = p + 1;
    } else if (*p == term) {
      segment.elements.emplace_back(start, static_cast<size_t>(p - start));
      return p;
    }
  }
  return nullptr;
}

}  // namespace

bool X12Reader::ReadIsa(X12Segment& segment) {
  while (m_text.size() - m_pos < kIsaBytes && Fill()) {
  }
  if (failed()) return false;
  std::string_view isa = m_text.substr(m_pos);
  uint64_t offset = m_base + m_pos;
  if (isa.size() < kIsaBytes) {
    return Fail(ErrorCode::kParse, X12ReadFailure::kBadIsa,
                "The ISA segment is cut short: it is 106 characters long, the input has " +
                    std::to_string(isa.size()) + " from here (truncated file?).",
                offset);
  }
  isa = isa.substr(0, kIsaBytes);
  const char element = isa[3];
  if (std::isalnum(static_cast<unsigned char>(element)) || element == ' ') {
    return Fail(ErrorCode::kParse, X12ReadFailure::kBadIsa,
                "ISA: the element separator (the 4th character) is " + Printable(element) +
                    "; it must be a character that is not a letter, digit or space.",
                offset + 3);
  }
  size_t pos = 3;
  for (int i = 0; i < 16; ++i) {
    if (isa[pos] != element) {
      return Fail(ErrorCode::kParse, X12ReadFailure::kBadIsa,
                  "ISA: expected the element separator " + Printable(element) + " before ISA" +
                      (i + 1 < 10 ? "0" : "") + std::to_string(i + 1) + " at character " + std::to_string(pos + 1) +
                      " (ISA is fixed length: ISA" + (i < 10 ? "0" : "") + std::to_string(i) + " must be " +
                      std::to_string(i == 0 ? 3 : kIsaWidths[i - 1]) + " characters).",
                  offset + pos);
    }
    pos += 1 + static_cast<size_t>(kIsaWidths[i]);
  }
  // The separator may appear only where it was checked above: anywhere else it would split an ISA element in two.
  {
    size_t start = 4;
    for (int i = 0; i < 16; ++i) {
      const size_t end = start + static_cast<size_t>(kIsaWidths[i]);
      for (size_t k = start; k < end; ++k) {
        if (isa[k] == element) {
          return Fail(ErrorCode::kParse, X12ReadFailure::kBadIsa,
                      "ISA: ISA" + std::string(i + 1 < 10 ? "0" : "") + std::to_string(i + 1) +
                          " contains the element separator " + Printable(element) + " (at character " +
                          std::to_string(k + 1) + "); ISA elements are fixed width and padded with spaces.",
                      offset + k);
        }
      }
      start = end + 1;
    }
  }
  const char repetition = isa[82];
  const char component = isa[104];
  const char terminator = isa[105];
  auto bad = [&](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == ' '; };
  if (bad(component) || bad(terminator) || component == element || terminator == element ||
      terminator == component) {
    return Fail(ErrorCode::kParse, X12ReadFailure::kBadIsa,
                "ISA: the separators must be distinct and not letters, digits or spaces: element " + Printable(element) +
                    ", component (ISA16) " + Printable(component) + ", segment terminator " + Printable(terminator) +
                    ".",
                offset + 104);
  }
  m_separators.element = element;
  m_separators.component = component;
  // ISA11 is the repetition separator in 00501; in older versions it is "U" (no repetition separator).
  m_separators.repetition = (bad(repetition) || repetition == element || repetition == component ||
                             repetition == terminator)
                                ? '\0'
                                : repetition;
  m_separators.segment = terminator;
  m_have_isa = true;
  segment.number = ++m_segment_number;
  segment.offset = offset;
  Split(isa.substr(0, kIsaBytes - 1), segment);
  m_pos += kIsaBytes;
  m_consumed = m_base + m_pos;
  return true;
}

bool X12Reader::Next(X12Segment& segment) {
  if (failed()) return false;
  if (!m_in_place && m_text.empty() && !m_eof) Fill();
  for (;;) {
    // Line breaks (and, before the first ISA, a UTF-8 byte order mark) between segments.
    while (m_pos < m_text.size() && (m_text[m_pos] == '\r' || m_text[m_pos] == '\n')) ++m_pos;
    if (!m_have_isa && m_base + m_pos == 0) {
      while (m_text.size() - m_pos < 3 && Fill()) {  // a byte order mark may be split over chunks
      }
      if (failed()) return false;
      if (m_text.substr(m_pos, 3) == "\xEF\xBB\xBF") m_pos += 3;
    }
    if (m_pos < m_text.size()) break;
    if (!Fill()) {
      m_consumed = m_base + m_pos;
      if (failed()) return false;
      if (!m_have_isa) return Fail(ErrorCode::kParse, X12ReadFailure::kEmpty, "The input is empty: an X12 interchange starts with ISA.", 0);
      return false;
    }
  }
  if (failed()) return false;
  while (m_text.size() - m_pos < 3 && Fill()) {
  }
  if (m_text.substr(m_pos, 3) == "ISA") return ReadIsa(segment);
  if (!m_have_isa) {
    return Fail(ErrorCode::kParse, X12ReadFailure::kNotX12,
                "The input does not start with an ISA segment (found \"" +
                    std::string(m_text.substr(m_pos, std::min<size_t>(20, m_text.size() - m_pos))) +
                    "\"): is it an X12 file?",
                m_base + m_pos);
  }
  {
    // The common case in one pass: the segment's terminator is in the buffer; its elements are split while looking for
    // it (16 bytes at a time where SSE2 is there), instead of a memchr for the terminator and a second pass to split.
    const char* term = SplitToTerminator(m_text.data() + m_pos, m_text.data() + m_text.size(), m_separators.element,
                                         m_separators.segment, segment);
    if (term != nullptr && static_cast<size_t>(term - (m_text.data() + m_pos)) <= kMaxSegmentBytes) {
      const size_t end = static_cast<size_t>(term - m_text.data());
      segment.number = ++m_segment_number;
      segment.offset = m_base + m_pos;
      m_pos = end + 1;
      m_consumed = m_base + m_pos;
      return true;
    }
  }
  size_t searched = m_pos;
  for (;;) {
    const char* at = static_cast<const char*>(
        std::memchr(m_text.data() + searched, m_separators.segment, m_text.size() - searched));
    if (at != nullptr) {
      size_t end = static_cast<size_t>(at - m_text.data());
      if (end - m_pos > kMaxSegmentBytes) break;
      segment.number = ++m_segment_number;
      segment.offset = m_base + m_pos;
      Split(m_text.substr(m_pos, end - m_pos), segment);
      m_pos = end + 1;
      m_consumed = m_base + m_pos;
      return true;
    }
    if (m_text.size() - m_pos > kMaxSegmentBytes) break;
    size_t before = m_pos;
    searched = m_text.size();
    if (!Fill()) {
      if (failed()) return false;
      std::string_view rest = m_text.substr(m_pos);
      return Fail(ErrorCode::kParse, X12ReadFailure::kTruncated,
                  "The input ends inside a segment (\"" + std::string(rest.substr(0, 20)) +
                      (rest.size() > 20 ? "..." : "") + "\" has no segment terminator " +
                      Printable(m_separators.segment) + "): the file is truncated.",
                  m_base + m_pos);
    }
    searched -= before - m_pos;  // Fill moved the unread bytes to the front
  }
  return Fail(ErrorCode::kTooLarge, X12ReadFailure::kSegmentTooLong,
              "A segment is longer than " + std::to_string(kMaxSegmentBytes) +
                  " bytes without a segment terminator " + Printable(m_separators.segment) +
                  ": the terminator is wrong or the file is damaged.",
              m_base + m_pos);
}

X12Writer::X12Writer(X12Separators separators, bool line_breaks)
    : m_separators(separators), m_line_breaks(line_breaks) {}

void X12Writer::Begin(std::string_view id) { m_text.append(id); }

void X12Writer::End() {
  m_text.push_back(m_separators.segment);
  if (m_line_breaks) m_text.push_back('\n');
  ++m_segments;
}

void X12Writer::Add(std::string_view id, std::initializer_list<std::string_view> elements) {
  Begin(id);
  size_t last = 0, i = 0;
  for (std::string_view e : elements) {
    ++i;
    if (!e.empty()) last = i;
  }
  i = 0;
  for (std::string_view e : elements) {
    if (++i > last) break;
    m_text.push_back(m_separators.element);
    m_text.append(e);
  }
  End();
}

void X12Writer::Add(std::string_view id, const std::vector<std::string>& elements) {
  Begin(id);
  size_t last = elements.size();
  while (last > 0 && elements[last - 1].empty()) --last;
  for (size_t i = 0; i < last; ++i) {
    m_text.push_back(m_separators.element);
    m_text.append(elements[i]);
  }
  End();
}

std::string X12Writer::Composite(std::initializer_list<std::string_view> components) const {
  std::string out;
  size_t last = 0, i = 0;
  for (std::string_view c : components) {
    ++i;
    if (!c.empty()) last = i;
  }
  i = 0;
  for (std::string_view c : components) {
    if (++i > last) break;
    if (i > 1) out.push_back(m_separators.component);
    out.append(c);
  }
  return out;
}

Status X12Writer::CheckValue(std::string_view value, std::string_view field) const {
  for (char c : value) {
    if (c == m_separators.element || c == m_separators.component || c == m_separators.segment ||
        (m_separators.repetition != '\0' && c == m_separators.repetition)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string(field) + " \"" + std::string(value) + "\" contains " + Printable(c) +
                           ", a separator of the X12 file; remove it or choose other separators.",
                       std::string(field));
    }
  }
  return Status::Ok();
}

}  // namespace medcode::engine
