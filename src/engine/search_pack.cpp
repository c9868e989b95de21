// search_pack.cpp: the encoder's data in the code-set pack (the abbreviation table, compiled and checked by
// CompileSearchData) and filling the search index from a pack (BuildSearchIndex, see search.h).
#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "engine/codeset_build.h"
#include "engine/codeset_index.h"
#include "engine/codeset_pack.h"
#include "engine/codeset_tabular.h"
#include "engine/search.h"

namespace medcode::engine {

namespace {
constexpr const char* kAbbreviations = "medcode/abbreviations.tsv";
}  // namespace

Status CompileSearchData(PackBuild& build) {
  auto file = build.Read(kAbbreviations, "medcode", "abbreviations");
  if (!file.ok()) return file.error();
  InputFile& in = **file;
  // Checked now, so that a bad line fails the build (with its file and line), not the app.
  SearchIndex::Builder check;
  if (Status s = check.AddSynonyms(in.text, "codesets/" + std::string(kAbbreviations)); !s.ok()) return s;
  for (char c : in.text) in.info.rows += c == '\n';
  Database& db = build.db();
  if (Status s = db.Exec("CREATE TABLE search_abbreviations(text TEXT NOT NULL);"); !s.ok()) return s;
  auto ins = db.Prepare("INSERT INTO search_abbreviations VALUES(?)");
  if (!ins.ok()) return ins.error();
  ins->Bind(1, in.text);
  return ins->Run();
}

SearchIndexBuild::SearchIndexBuild(const CodeSetPack& pack, std::vector<CptDescriptor> user_cpt)
    : m_pack(&pack), m_user_cpt(std::move(user_cpt)) {}

const char* SearchIndexBuild::stage() const {
  switch (m_stage) {
    case 0: return "abbreviations";
    case 1: return "ICD-10-CM codes";
    case 2: return "inclusion terms";
    case 3: return "alphabetic index";
    case 4: return "HCPCS and CPT codes";
    case 5: return "modifiers";
    case 6: return "word dictionary";
    case 7: return "common words";
    default: return "done";
  }
}

double SearchIndexBuild::progress() const {
  // Shares of the time the parts take (measured natively: the dictionary and the common-word lists, ~70%).
  static constexpr double kDoneAfter[] = {0.0, 0.16, 0.17, 0.31, 0.32, 0.32, 0.7, 1.0};
  if (m_stage == 7) {  // the common-word lists: most of their time goes to the first few lengths
    return 0.7 + 0.3 * std::min(1.0, static_cast<double>(m_lone_word_length - 1) / 6.0);
  }
  return m_stage == 0 ? 0.0 : kDoneAfter[std::min<size_t>(m_stage, std::size(kDoneAfter)) - 1];
}

bool SearchIndexBuild::Step() {
  if (m_stage >= kStages) return false;
  if (m_error) {
    m_stage = kStages;
    return false;
  }
  m_stage_again = false;
  if (Status st = RunStage(m_stage); !st.ok()) {
    m_error = st.error();
    m_stage = kStages;
    return false;
  }
  if (!m_stage_again) ++m_stage;
  return m_stage < kStages;
}

Result<SearchIndex> SearchIndexBuild::Take() {
  while (Step()) {
  }
  if (m_error) return *m_error;
  if (!m_index) return MakeError(ErrorCode::kInvalidArgument, "The search index was already taken.");
  SearchIndex out = std::move(*m_index);
  m_index.reset();
  return out;
}

Status SearchIndexBuild::RunStage(size_t stage) {
  SearchIndex::Builder& b = m_builder;
  Database& db = m_pack->db();
  switch (stage) {
    case 0: {
      auto s = db.Prepare("SELECT text FROM search_abbreviations");
      if (!s.ok()) return s.error();
      while (s->Step().value_or(false)) {
        if (Status st = b.AddSynonyms(s->ColumnText(0), "code-set pack: abbreviations"); !st.ok()) return st;
      }
      return Status::Ok();
    }
    case 1: {
      const uint32_t newest = IcdCode::Bit(kLastIcdFiscalYear);
      auto s = db.Prepare("SELECT code, description, valid_mask, billable_mask, chapter FROM icd10cm_code ORDER BY code");
      if (!s.ok()) return s.error();
      for (;;) {
        auto row = s->Step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        const auto valid = static_cast<uint32_t>(s->ColumnInt(2)), billable = static_cast<uint32_t>(s->ColumnInt(3));
        // Billable in the newest edition; a deleted code counts as billable when it was in its last edition.
        const bool current = valid & newest;
        const uint32_t last_bit = current ? newest : (valid ? 1u << (31 - __builtin_clz(valid)) : 0);
        const uint32_t id = b.AddCode({s->ColumnText(0), SearchSet::kIcd10cm, (billable & last_bit) != 0, current,
                                       static_cast<int>(s->ColumnInt(4))});
        b.AddDocument(id, SearchSource::kDescription, s->ColumnText(1));
        m_icd_ids.emplace(s->ColumnText(0), id);
      }
      return Status::Ok();
    }
    case 2: {
      // Inclusion terms of the tabular: other words for the code they sit under.
      auto s = db.Prepare("SELECT owner, text FROM icd10cm_note WHERE level=? AND kind=? ORDER BY owner, seq");
      if (!s.ok()) return s.error();
      s->Bind(1, static_cast<int64_t>(IcdNoteLevel::kCode)).Bind(2, static_cast<int64_t>(IcdNoteKind::kInclusionTerm));
      for (;;) {
        auto row = s->Step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        if (auto it = m_icd_ids.find(s->ColumnText(0)); it != m_icd_ids.end()) {
          b.AddDocument(it->second, SearchSource::kInclusionTerm, s->ColumnText(1));
        }
      }
      return Status::Ok();
    }
    case 3:
      // Alphabetic index paths, the neoplasm and drug tables and the external cause index: the words coders look
      // up. A partial code ("S72.0-") leads to the code it names.
      return ForEachIndexPath(*m_pack, [&](const IndexPathEntry& e) {
        if (e.code.kind != IndexCodeKind::kCode && e.code.kind != IndexCodeKind::kPrefix) return;
        if (auto it = m_icd_ids.find(e.code.code); it != m_icd_ids.end()) {
          b.AddDocument(it->second, SearchSource::kIndex, e.path);
        }
      });
    case 4: {
      std::unordered_map<std::string, const std::string*> user;
      for (const auto& d : m_user_cpt) user.emplace(d.code, &d.descriptor);
      auto s = db.Prepare("SELECT code, level, long_description, short_descriptions, date_terminated FROM hcpcs_code "
                          "ORDER BY code");
      if (!s.ok()) return s.error();
      for (;;) {
        auto row = s->Step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        const bool cpt = s->ColumnInt(1) == 1;
        const uint32_t id = b.AddCode({s->ColumnText(0), cpt ? SearchSet::kCpt : SearchSet::kHcpcs, true,
                                       s->ColumnText(4).empty(), 0});
        b.AddDocument(id, SearchSource::kDescription, s->ColumnText(2));
        if (cpt) {
          if (auto it = user.find(s->ColumnText(0)); it != user.end()) {
            b.AddDocument(id, SearchSource::kUserDescriptor, *it->second);
          }
        }
        // Short descriptions are stored one per line.
        const std::string shorts = s->ColumnText(3);
        size_t start = 0;
        while (start < shorts.size()) {
          size_t end = shorts.find('\n', start);
          if (end == std::string::npos) end = shorts.size();
          b.AddDocument(id, SearchSource::kShortDescription, std::string_view(shorts).substr(start, end - start));
          start = end + 1;
        }
      }
      return Status::Ok();
    }
    case 5: {
      auto s = db.Prepare("SELECT code, description FROM hcpcs_modifier ORDER BY code");
      if (!s.ok()) return s.error();
      for (;;) {
        auto row = s->Step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        const uint32_t id = b.AddCode({s->ColumnText(0), SearchSet::kModifier, true, true, 0});
        b.AddDocument(id, SearchSource::kDescription, s->ColumnText(1));
      }
      return Status::Ok();
    }
    case 6:
      m_icd_ids.clear();
      m_index.emplace(b.BuildWithoutLists());
      return Status::Ok();
    case 7:
      m_stage_again = m_index->AddLoneWordLists(m_lone_word_length++);
      return Status::Ok();
  }
  return Status::Ok();
}

Result<SearchIndex> BuildSearchIndex(const CodeSetPack& pack, const std::vector<CptDescriptor>& user_cpt) {
  return SearchIndexBuild(pack, user_cpt).Take();
}

}  // namespace medcode::engine
