// text.h: turning outside bytes into the engine's one text form, UTF-8 with LF line ends. Clinical notes arrive as
// files from EHR exports (UTF-8, UTF-16 from Windows tools, or Windows-1252 from older ones) or as pasted text;
// everything after this point may assume valid UTF-8. Pure computation: callers read the files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace medcode::engine {

// Largest document DecodeDocumentText accepts, in bytes of input. A long discharge summary is well under 1 MiB; this
// stops a mis-picked file (a video, a database) from being pulled into memory and the UI.
inline constexpr uint64_t kMaxDocumentBytes = 16u * 1024u * 1024u;  // 16 MiB

// Decodes the bytes of a file the user opened into UTF-8 with LF line ends:
//   - a UTF-8 byte-order mark is dropped;
//   - a UTF-16 LE/BE byte-order mark selects UTF-16 (surrogate pairs combined);
//   - otherwise valid UTF-8 is kept, and anything else is read as Windows-1252 (0x81, 0x8D, 0x8F, 0x90 and 0x9D,
//     which cp1252 leaves undefined, become U+FFFD so that the user sees something was there);
//   - CRLF and lone CR become LF.
// `source_name` (a file name or path) is the `where` of every error; messages quote only its last path component.
// Errors: kTooLarge (over kMaxDocumentBytes), kBinaryFile (a NUL byte, or a U+0000 in UTF-16), kParse (broken UTF-16:
// unpaired surrogate or odd length). Byte offsets in messages count from the start of `bytes`, the mark included.
Result<std::string> DecodeDocumentText(std::string_view bytes, std::string_view source_name);

// Ok when `size_bytes` is within kMaxDocumentBytes, else the kTooLarge error DecodeDocumentText would give. File
// readers call it with the file's size before reading the file.
Status CheckDocumentSize(uint64_t size_bytes, std::string_view source_name);

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// Replaces each ill-formed part of `text` with U+FFFD, one per maximal ill-formed subpart (the Unicode / WHATWG
// practice: a truncated 3-byte sequence becomes one U+FFFD, not two). Valid UTF-8 comes back unchanged.
std::string SanitizeUtf8(std::string_view text);

// CRLF and lone CR -> LF.
std::string NormalizeLineEnds(std::string_view text);

// Appends the UTF-8 form of `code_point` (asserts it is a Unicode scalar value).
void AppendUtf8(std::string& out, char32_t code_point);

// `text` in double quotes for an error message: ill-formed UTF-8 replaced, control characters escaped (\n, \t, \xNN),
// and cut at a character boundary with "..." when longer than `max_bytes`.
std::string QuoteForMessage(std::string_view text, size_t max_bytes = 80);

}  // namespace medcode::engine
