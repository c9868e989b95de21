// sqlite_db.h: a thin RAII wrapper over the SQLite C API for the engine (user database, code-set packs).
// Every failure comes back as an engine Error naming the database path and SQLite's own message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace medcode::engine {

class Statement;

class Database {
 public:
  enum class Mode { kReadWriteCreate, kReadOnly };

  // Opens (or creates) the database at `path` (":memory:" for a private in-memory one). Does not read the file yet:
  // SQLite reports a damaged file on first use, so callers run CheckIntegrity() or a first query.
  static Result<Database> Open(const std::string& path, Mode mode = Mode::kReadWriteCreate);

  Database() = default;
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  bool is_open() const { return m_db != nullptr; }
  const std::string& path() const { return m_path; }

  // Runs one or more SQL statements that return no rows.
  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);

  // `PRAGMA quick_check` plus reading the header: kCorruptDatabase with SQLite's words when the file is damaged.
  Status CheckIntegrity();

  int64_t LastInsertRowId() const;
  int Changes() const;

  // Turns the current SQLite error into an engine Error ("<what>: <sqlite message>", where = path).
  Error LastError(std::string_view what) const;

 private:
  sqlite3* m_db = nullptr;
  std::string m_path;
};

// A prepared statement. Bind parameters are 1-based as in SQLite; columns are 0-based.
class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindNull(int index);
  // Binds bytes as a BLOB (copied by SQLite).
  Statement& BindBlob(int index, std::string_view bytes);

  // Steps once: true while a row is available, false when done; an Error when SQLite fails.
  Result<bool> Step();
  // Steps to completion (for INSERT/UPDATE/DELETE).
  Status Run();
  void Reset();

  int64_t ColumnInt(int column) const;
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;
  // The bytes of a BLOB (or text) column: valid until the next Step(), Reset() or destruction.
  std::string_view ColumnBlob(int column) const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, Database* db) : m_stmt(stmt), m_db(db) {}
  sqlite3_stmt* m_stmt = nullptr;
  Database* m_db = nullptr;
};

}  // namespace medcode::engine
