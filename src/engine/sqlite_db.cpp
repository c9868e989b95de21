// sqlite_db.cpp: RAII wrapper over SQLite; turns SQLite result codes into engine Errors with the database path.
#include "engine/sqlite_db.h"

#include <sqlite3.h>

#include <string>

namespace medcode::engine {

namespace {

ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return ErrorCode::kCorruptDatabase;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM: return ErrorCode::kIo;
    default: return ErrorCode::kDatabase;
  }
}

}  // namespace

Result<Database> Database::Open(const std::string& path, Mode mode) {
  sqlite3* db = nullptr;
  const int flags = mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return MakeError(CodeFor(rc), "Cannot open database: " + msg, path);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 2000);
  Database out;
  out.m_db = db;
  out.m_path = path;
  return out;
}

Database::Database(Database&& other) noexcept : m_db(other.m_db), m_path(std::move(other.m_path)) {
  other.m_db = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(m_db);
    m_db = other.m_db;
    m_path = std::move(other.m_path);
    other.m_db = nullptr;
  }
  return *this;
}

Database::~Database() { sqlite3_close(m_db); }

Error Database::LastError(std::string_view what) const {
  const int rc = sqlite3_extended_errcode(m_db);
  return MakeError(CodeFor(rc), std::string(what) + ": " + sqlite3_errmsg(m_db), m_path);
}

Status Database::Exec(std::string_view sql) {
  assert(m_db && "Database::Exec on a closed database");
  const std::string text(sql);
  if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return LastError("SQL failed");
  return Status::Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  assert(m_db && "Database::Prepare on a closed database");
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return LastError("Cannot prepare SQL");
  }
  return Statement(stmt, this);
}

Status Database::CheckIntegrity() {
  auto stmt = Prepare("PRAGMA quick_check");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return MakeError(ErrorCode::kCorruptDatabase, "The database failed its integrity check", m_path);
  std::string verdict = stmt->ColumnText(0);
  if (verdict != "ok") {
    return MakeError(ErrorCode::kCorruptDatabase, "The database is damaged: " + verdict, m_path);
  }
  return Status::Ok();
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::Changes() const { return sqlite3_changes(m_db); }

Statement::Statement(Statement&& other) noexcept : m_stmt(other.m_stmt), m_db(other.m_db) {
  other.m_stmt = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_stmt = other.m_stmt;
    m_db = other.m_db;
    other.m_stmt = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(m_stmt, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(m_stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(m_stmt, index);
  return *this;
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return m_db->LastError("SQL step failed");
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row.ok()) return row.error();
    if (!*row) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::string Statement::ColumnText(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
  if (!p) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::string_view Statement::ColumnBlob(int column) const {
  const void* p = sqlite3_column_blob(m_stmt, column);
  if (!p) return {};
  return std::string_view(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)));
}

bool Statement::ColumnIsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

}  // namespace medcode::engine
