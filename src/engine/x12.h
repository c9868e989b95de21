// x12.h: the X12 EDI core every transaction set builds on (837P out; 835, 999, 277CA in): the separators an
// interchange declares in its ISA, segments read one at a time from any size of input in a fixed amount of memory, a
// writer that assembles segments with chosen separators, and problems that name their place (segment number, segment
// id, element, component, byte offset).
//
// Reading: X12Reader takes its bytes from a Source (a file read in chunks, or text already in memory) and hands out one
// segment at a time. Separators are taken from each ISA (element separator = ISA byte 4, repetition = ISA11, component
// = ISA16, segment terminator = the byte after ISA16); line breaks after a terminator are skipped. Segment views point
// into the reader's buffer and stay valid until the next call of Next(). Memory: the chunk buffer, grown only for a
// segment longer than a chunk, up to kMaxSegmentBytes (a longer one is an error, not an allocation).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace medcode::engine {

struct X12Separators {
  char element = '*';
  char component = ':';
  char repetition = '^';
  char segment = '~';
};

// One segment as read. elements[0] is the segment id; elements[i] is element i (1-based as the guides number them).
struct X12Segment {
  std::vector<std::string_view> elements;
  uint64_t number = 0;  // 1-based position of the segment in the input (ISA = 1)
  uint64_t offset = 0;  // byte offset of its first byte in the input

  std::string_view id() const { return elements.empty() ? std::string_view() : elements[0]; }
  size_t size() const { return elements.empty() ? 0 : elements.size() - 1; }  // number of elements present
  // Element i (1-based); "" when absent.
  std::string_view Element(size_t i) const { return i < elements.size() ? elements[i] : std::string_view(); }
  // Component c (1-based) of element i, split on `component`; "" when absent.
  std::string_view Component(size_t i, size_t c, char component) const;
};

// Where a problem is: "segment 42 (CLM), element CLM02" / "... CLM05-1" / "byte 1234". element 0 = the segment.
struct X12Position {
  uint64_t segment_number = 0;
  std::string segment_id;
  int element = 0;
  int component = 0;
  uint64_t offset = 0;
  std::string Text() const;
};

enum class X12Severity { kError, kWarning };

// One finding of the reader or a validator. `rule` is a stable id ("snip1.segment_terminator", "snip3.clm02_balance").
struct X12Problem {
  X12Severity severity = X12Severity::kError;
  std::string rule;
  X12Position at;
  std::string message;  // what is wrong and, where it helps, the value expected
  std::string Text() const;  // "segment 42 (CLM), element CLM02: ..."
};

// Why reading stopped, for callers that turn the reader's error into a positioned problem (the validator's rule ids).
enum class X12ReadFailure {
  kNone,            // no error
  kIo,              // the file could not be opened or read
  kEmpty,           // no bytes (or only line breaks)
  kNotX12,          // the input does not start with ISA
  kBadIsa,          // the ISA is cut short, not fixed-width, or declares unusable separators
  kTruncated,       // the input ends inside a segment (no terminator after the last bytes)
  kSegmentTooLong,  // a segment over kMaxSegmentBytes (wrong terminator or damage)
};

class X12Reader {
 public:
  static constexpr size_t kChunkBytes = 1 << 20;
  static constexpr size_t kMaxSegmentBytes = 1 << 20;
  // Fills `buffer` with up to `capacity` bytes; returns how many (0 at the end), or -1 on a read error.
  using Source = std::function<int64_t(char* buffer, size_t capacity)>;

  X12Reader(Source source, std::string name);
  // Reads `text` in place (no copy): the caller keeps it alive while reading.
  static X12Reader FromText(std::string_view text, std::string name);
  // Reads a file in chunks. Errors (kIo, kNotFound) come from the first Next().
  static X12Reader FromFile(const std::string& path);

  // The next segment: true with `segment` filled; false at the end of input or on an error (then error() is set).
  // An error ends reading: a missing or malformed ISA, a segment over kMaxSegmentBytes, bytes after the last
  // terminator that do not end in one (a truncated file), a read error.
  bool Next(X12Segment& segment);

  const Status& status() const { return m_status; }  // ok while fine; the error once one happened
  bool failed() const { return !m_status.ok(); }
  const Error& error() const { return m_status.error(); }
  X12ReadFailure failure() const { return m_failure; }
  uint64_t failure_offset() const { return m_failure_offset; }  // byte offset of the error in the input
  const X12Separators& separators() const { return m_separators; }
  const std::string& name() const { return m_name; }
  uint64_t segments_read() const { return m_segment_number; }
  uint64_t bytes_read() const { return m_consumed; }

 private:
  bool Fill();
  bool Fail(ErrorCode code, X12ReadFailure failure, std::string message, uint64_t offset);
  bool ReadIsa(X12Segment& segment);
  void Split(std::string_view text, X12Segment& segment) const;

  Source m_source;
  std::string m_name;
  std::string m_buffer;      // owned chunk buffer (file sources)
  std::string_view m_text;   // bytes available: [m_pos, m_end) of either m_buffer or the caller's text
  size_t m_pos = 0;
  bool m_eof = false;
  bool m_in_place = false;
  bool m_last_read_full = false;  // the last read filled the buffer: a large input, worth a bigger buffer
  uint64_t m_base = 0;       // input offset of m_text[0]
  uint64_t m_consumed = 0;
  uint64_t m_segment_number = 0;
  X12Separators m_separators;
  bool m_have_isa = false;
  Status m_status;
  X12ReadFailure m_failure = X12ReadFailure::kNone;
  uint64_t m_failure_offset = 0;
};

// Assembles segments: Add("CLM", {"C1", "125.00", "", "", "11:B:1"}) writes "CLM*C1*125.00***11:B:1~". Trailing empty
// elements are dropped (X12 forbids them). Values are written as given; CheckValue reports one that holds a
// separator. Counts segments so that SE01 can be filled.
class X12Writer {
 public:
  explicit X12Writer(X12Separators separators = {}, bool line_breaks = false);
  void Add(std::string_view id, std::initializer_list<std::string_view> elements);
  void Add(std::string_view id, const std::vector<std::string>& elements);
  // A composite "a:b:c" with the writer's component separator, trailing empty components dropped.
  std::string Composite(std::initializer_list<std::string_view> components) const;
  // kInvalidArgument naming `field` when `value` contains a separator of this writer.
  Status CheckValue(std::string_view value, std::string_view field) const;
  uint64_t segment_count() const { return m_segments; }
  const X12Separators& separators() const { return m_separators; }
  std::string& text() { return m_text; }
  std::string Take() { return std::move(m_text); }

 private:
  void Begin(std::string_view id);
  void End();
  X12Separators m_separators;
  bool m_line_breaks;
  std::string m_text;
  uint64_t m_segments = 0;
};

}  // namespace medcode::engine
