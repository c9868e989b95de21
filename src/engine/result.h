// result.h: the engine's error values. Expected failures (bad input, unknown code, I/O, a damaged file) are returned
// as Result<T> carrying an ErrorCode, a message a person can act on, and where it happened (file, line, segment).
// Exceptions are not used for them; asserts are for programmer errors only and never fire on user input.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace medcode::engine {

// One table of error kinds; ErrorCodeName() gives each a stable, short name for logs and JSON.
enum class ErrorCode {
  kInvalidArgument,  // a value given by the caller or the user is malformed (a date, a code, a flag)
  kNotFound,         // the thing asked for does not exist (file, encounter, code)
  kIo,               // reading or writing a file failed
  kParse,            // input text does not follow its format (where = file:line or segment)
  kTooLarge,         // input is over a documented size limit
  kBinaryFile,       // a text file was expected but the bytes are binary
  kDatabase,         // SQLite reported an error that is not corruption
  kCorruptDatabase,  // the database file is damaged or is not a database
  kSchemaTooNew,     // the database was written by a newer Medcode than this one
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInvalidArgument;
  std::string message;  // complete sentence(s) telling what is wrong and what to do
  std::string where;    // "file.csv:12", "ISA segment 1", a database path; empty when not applicable

  // "message (where)": what the UI and the CLI print.
  std::string ToString() const;
};

inline Error MakeError(ErrorCode code, std::string message, std::string where = {}) {
  return Error{code, std::move(message), std::move(where)};
}

// Result<T>: a T or an Error. Check ok() before value(); value() on an error is a programmer error (asserts).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::move(value)) {}
  Result(Error error) : m_v(std::move(error)) {}

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok() && "Result::value() called on an error"); return std::get<0>(m_v); }
  const T& value() const& { assert(ok() && "Result::value() called on an error"); return std::get<0>(m_v); }
  T&& value() && { assert(ok() && "Result::value() called on an error"); return std::get<0>(std::move(m_v)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok() && "Result::error() called on a value"); return std::get<1>(m_v); }

  // The value, or `fallback` on an error (for callers that treat any failure alike).
  T value_or(T fallback) const& { return ok() ? std::get<0>(m_v) : std::move(fallback); }

 private:
  std::variant<T, Error> m_v;
};

// Status: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : m_error(std::move(error)), m_ok(false) {}
  static Status Ok() { return Status(); }

  bool ok() const { return m_ok; }
  explicit operator bool() const { return m_ok; }
  const Error& error() const { assert(!m_ok && "Status::error() called on success"); return m_error; }

 private:
  Error m_error;
  bool m_ok = true;
};

}  // namespace medcode::engine
