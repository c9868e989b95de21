// codeset_build.h: what the code-set compilers share (internal to the engine; the app and CLI use codeset_pack.h).
// BuildCodeSetPack opens the pack being written and hands a PackBuild to each set's compiler in turn
// (codeset_icd10cm.cpp, ...). A compiler reads its inputs through PackBuild::Read, so that each one is recorded in
// the pack's manifest with its sha256 and row count, creates its own tables, and adds the editions it covers.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/csv.h"
#include "engine/result.h"
#include "engine/sqlite_db.h"

namespace medcode::engine {

// One raw input file, read whole; `info.rows` is counted by the compiler that reads it.
struct InputFile {
  PackInput info;
  std::string text;
};

class PackBuild {
 public:
  PackBuild(std::string raw_dir, Database& db) : m_raw_dir(std::move(raw_dir)), m_db(db) {}

  // Reads `rel` (a path under codesets/ without .xz) from the raw folder and records it as an input of `set`.
  // kNotFound names the codesets/ file to restore. The pointer stays valid for the whole build.
  Result<InputFile*> Read(const char* rel, const char* set, const char* edition);
  Database& db() { return m_db; }
  void AddEdition(PackEdition edition) { m_editions.push_back(std::move(edition)); }

  // Writes the manifest (inputs, editions); called once after every compiler ran.
  Status WriteManifest();

 private:
  std::string m_raw_dir;
  Database& m_db;
  std::deque<InputFile> m_inputs;  // deque: pointers handed out stay valid
  std::vector<PackEdition> m_editions;
};

// A whole-number CSV field, or an error naming the column, the value, the file and the line.
Result<int> ParseIntField(const CsvReader& reader, std::string_view field, const char* column);
// Checks a CSV record has as many fields as the header: a short record means a truncated or broken file.
Status CheckFieldCount(const CsvReader& reader, const std::vector<std::string_view>& fields);

// Reads every record after the header: checks its field count, calls on_record(fields) (which returns Status; the
// first error stops the read) and counts the record in file.info.rows for the manifest.
template <class OnRecord>
Status ForEachRecord(CsvReader& reader, InputFile& file, OnRecord&& on_record) {
  std::vector<std::string_view> fields;
  for (;;) {
    auto row = reader.Next(fields);
    if (!row.ok()) return row.error();
    if (!*row) return Status::Ok();
    if (Status s = CheckFieldCount(reader, fields); !s.ok()) return s;
    if (Status s = on_record(std::as_const(fields)); !s.ok()) return s;
    ++file.info.rows;
  }
}

// ICD-10-CM code forms: "e11.9" -> "E119" (the key the compiler sorts by) and "E119" -> "E11.9" (as stored).
std::string IcdDotless(std::string_view code);
std::string IcdDotted(const std::string& dotless);

// An ICD-10-CM code column of a CMS file, upper case and written `dotted` ("E11.9") or dotless ("E119") as that file
// writes them: the code dotted as the pack stores it, or an error naming the column, the value, the file and the line.
Result<std::string> ParseIcdCodeField(const CsvReader& reader, std::string_view field, const char* column,
                                      bool dotted);

// The set compilers, run in this order by BuildCodeSetPack.
Status CompileIcd10cm(PackBuild& build);  // codeset_icd10cm.cpp
Status CompileIcdTabular(PackBuild& build);  // codeset_tabular.cpp: notes and 7th characters (needs icd10cm_code)
Status CompileIcdIndex(PackBuild& build);  // codeset_index.cpp (links index codes to CompileIcd10cm's codes)
Status CompileHcpcs(PackBuild& build);  // codeset_hcpcs.cpp
Status CompileNcci(PackBuild& build);  // codeset_ncci.cpp
// The NCCI PTP pair tables (codeset_ptp.cpp), run by CompileNcci: returns the sentences for the NCCI edition note.
Result<std::string> CompileNcciPtp(PackBuild& build, const char* edition);
Status CompileReference(PackBuild& build);  // codeset_reference.cpp
Status CompileMpfs(PackBuild& build);  // codeset_mpfs.cpp
Status CompileMce(PackBuild& build);  // codeset_mce.cpp
Status CompileMsDrg(PackBuild& build);  // codeset_msdrg.cpp
Status CompileHcc(PackBuild& build);  // codeset_hcc.cpp
Status CompileSearchData(PackBuild& build);  // search_pack.cpp: the encoder's abbreviation table
// (a new set: declare its compiler here and add it to the list in codeset_pack.cpp)

}  // namespace medcode::engine
