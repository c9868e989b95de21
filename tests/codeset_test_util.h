// codeset_test_util.h: what the code-set compiler tests share: running one set's compiler on its own over a copy of
// the real raw inputs with one file replaced (a malformed-input case), and replacing one line of a raw file.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>

#include "engine/codeset_build.h"
#include "engine/sqlite_db.h"
#include "test_util.h"

namespace medcode::test {

// Copies the raw input `in` (a path under codesets/ without .xz, from MEDCODE_CODESETS_RAW) into `dir`, or writes
// `content` there instead when `in` is `rel`.
inline void WriteRawInput(const std::string& dir, const std::string& in, const std::string& rel,
                          const std::string& content) {
  const std::string out = dir + "/" + in;
  std::filesystem::create_directories(std::filesystem::path(out).parent_path());
  WriteBytes(out, rel == in ? content : ReadBytes(std::string(MEDCODE_CODESETS_RAW) + "/" + in));
}

// Runs one set's compiler alone over `dir` into an in-memory database; `setup_sql` creates what an earlier compiler
// would have (e.g. the ICD-10-CM code table the index links to).
inline engine::Status CompileAlone(engine::Status (*compile)(engine::PackBuild&), const std::string& dir,
                                   const char* setup_sql = nullptr) {
  auto db = engine::Database::Open(":memory:");
  REQUIRE(db.ok());
  if (setup_sql) REQUIRE(db->Exec(setup_sql).ok());
  engine::PackBuild build(dir, *db);
  return compile(build);
}

// The 1-based line of `text` that starts with `prefix` (not the first line), and the text with that line replaced by
// `replacement`; the line end (LF or CRLF) is kept.
inline std::pair<size_t, std::string> ReplaceLine(const std::string& text, const std::string& prefix,
                                                  const std::string& replacement) {
  size_t start = text.find("\n" + prefix);
  REQUIRE(start != std::string::npos);
  ++start;
  const size_t end = text.find_first_of("\r\n", start);
  const size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + start, '\n'));
  return {line, text.substr(0, start) + replacement + text.substr(end)};
}

}  // namespace medcode::test
