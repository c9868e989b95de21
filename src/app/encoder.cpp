// encoder.cpp: the Session's encoder commands (see session.h): the search index, result rows with badges, assigning
// codes to the open encounter, the 7th-character builder, and editing the Codes panel's list.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>

#include "app/session.h"
#include "engine/codeset_hcpcs.h"
#include "engine/codeset_tabular.h"

namespace medcode::app {

namespace {

constexpr size_t kMaxResults = 20;
constexpr int kRecentShown = 6, kFrequentShown = 6;

// "Index: Diabetes, diabetic > type 2 > with > neuropathy" for a hit through a text other than the description.
std::string MatchedText(const engine::SearchIndex& index, const engine::SearchHit& hit) {
  if (hit.doc < 0) return "";
  switch (index.document_source(hit.doc)) {
    case engine::SearchSource::kIndex: return "Index: " + std::string(index.document_text(hit.doc));
    case engine::SearchSource::kInclusionTerm: return "Inclusion term: " + std::string(index.document_text(hit.doc));
    default: return "";
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Modifiers are one or two characters; no code of any set is that short.
bool LooksLikeModifier(std::string_view code) { return !code.empty() && code.size() <= 2; }

std::string ModifierDescription(const engine::HcpcsModifier& m) {
  if (!m.description.empty()) return m.description;
  if (!m.additional_description.empty()) return m.additional_description;
  if (m.type == "CPT") return "CPT modifier (its text is licensed by the AMA and not shipped)";
  return "Modifier (no published text)";
}

}  // namespace

void Session::StepSearchIndexBuild() {
  if (!m_pack) {
    m_index_build.reset();
    m_search_index.reset();
    return;
  }
  if (!m_index_build) {
    std::vector<engine::CptDescriptor> user_cpt;
    if (m_store && m_cpt_count > 0) {
      if (auto rows = m_store->ListCptDescriptors(); rows.ok()) user_cpt = std::move(rows).value();
    }
    m_index_build.emplace(*m_pack, std::move(user_cpt));
    m_search_index_ms = 0;
  }
  // One part per frame: the screen keeps drawing (and shows the progress) between parts.
  const auto t0 = std::chrono::steady_clock::now();
  const bool more = m_index_build->Step();
  m_search_index_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (more) {
    m_search_index_status = std::string("Preparing the search index: ") + m_index_build->stage() + "...";
    return;
  }
  auto index = m_index_build->Take();
  m_index_build.reset();
  if (!index.ok()) {
    m_search_index.reset();
    m_search_index_status = "Search is unavailable: " + index.error().ToString();
    m_code_set_findings.push_back({Severity::kError, "search.index", m_search_index_status, index.error().where});
    RefreshFindings();
    return;
  }
  m_search_index.emplace(std::move(index).value());
  m_search_index_status.clear();
  ++m_data_generation;
}

const CodeLookup& Session::PreviewOf(const std::string& code) const {
  const std::string dos = has_open_encounter() ? m_draft.date_of_service : std::string();
  const std::string key = dos + "|" + std::to_string(m_data_generation);
  if (key != m_preview_key || m_preview_cache.size() > 4000) {
    m_preview_cache.clear();
    m_preview_key = key;
  }
  auto it = m_preview_cache.find(code);
  if (it != m_preview_cache.end()) return it->second;
  CachedLookup scratch;
  CodeLookup lookup = CachedLookUp(scratch, code, LookupDepth::kPreview);
  return m_preview_cache.emplace(code, std::move(lookup)).first->second;
}

const CodeLookup& Session::search_preview(const std::string& code) const { return PreviewOf(code); }

bool Session::Excludes1Between(const std::string& a, const std::string& b) const {
  // The Excludes1 references of each code, once per code and data generation: a result list checks every row
  // against every assigned diagnosis at each keystroke.
  if (m_excludes1_generation != m_data_generation) {
    m_excludes1_refs.clear();
    m_excludes1_generation = m_data_generation;
  }
  auto refs = [&](const std::string& code) -> const std::vector<engine::IcdNoteRef>& {
    auto it = m_excludes1_refs.find(code);
    if (it == m_excludes1_refs.end()) it = m_excludes1_refs.emplace(code, engine::IcdExcludes1Refs(*m_pack, code)).first;
    return it->second;
  };
  for (const auto& r : refs(a)) {
    if (engine::IcdReferenceCovers(r, b)) return true;
  }
  for (const auto& r : refs(b)) {
    if (engine::IcdReferenceCovers(r, a)) return true;
  }
  return false;
}

const std::vector<SearchRow>& Session::search_rows() const {
  SearchRowsCache& c = m_search_rows;
  const std::string dos = has_open_encounter() ? m_draft.date_of_service : std::string();
  if (c.query == m_search_query && c.dos == dos && c.data_generation == m_data_generation &&
      c.coding_generation == m_coding_generation) {
    return c.rows;
  }
  c.query = m_search_query;
  c.dos = dos;
  c.data_generation = m_data_generation;
  c.coding_generation = m_coding_generation;
  c.rows.clear();
  if (!m_pack) return c.rows;

  auto add = [&](const std::string& group, const std::string& code, std::string matched) {
    SearchRow row;
    if (LooksLikeModifier(code)) {
      auto m = engine::LookupModifier(*m_pack, code);
      row.group = group;
      row.code = code;
      row.description = m.ok() ? ModifierDescription(*m) : m.error().message;
      row.badges.push_back("Modifier");
      c.rows.push_back(std::move(row));
      return;
    }
    const CodeLookup& p = PreviewOf(code);
    row.group = group;
    row.code = p.found ? p.code : code;
    row.kind = p.kind;
    row.description = p.found ? p.shown_description : p.message;
    row.matched = std::move(matched);
    for (const auto& b : p.badges) {
      if (b == "Billable" || b == "Header" || b.rfind("HCC", 0) == 0 || b == "CC" || b == "MCC" || b == "Add-on") {
        row.badges.push_back(b);
      }
    }
    if (p.found && p.dos_checked && !p.billable_at_dos && p.icd.billable_mask != 0) {
      row.badges.push_back("Not billable on DOS");
    }
    if (p.kind == CodeKind::kIcd10cm) {
      for (const auto& dx : m_draft.coding.diagnoses) {
        if (dx.code == row.code) {
          row.badges.push_back("Assigned");
        } else if (Excludes1Between(row.code, dx.code)) {
          row.badges.push_back("Excludes1 with " + dx.code);
        }
      }
    }
    c.rows.push_back(std::move(row));
  };

  const std::string query(Trim(m_search_query));
  if (query.empty()) {
    if (!m_store) return c.rows;
    auto* store = const_cast<engine::UserStore*>(&*m_store);  // reads only
    std::vector<std::string> shown;
    for (auto order : {engine::CodeUseOrder::kRecent, engine::CodeUseOrder::kFrequent}) {
      const bool recent = order == engine::CodeUseOrder::kRecent;
      auto uses = store->CodeUses(order, recent ? kRecentShown : kRecentShown + kFrequentShown);
      if (!uses.ok()) continue;
      int n = 0;
      for (const auto& u : *uses) {
        if (std::find(shown.begin(), shown.end(), u.code) != shown.end()) continue;
        if (!recent && n == kFrequentShown) break;
        shown.push_back(u.code);
        add(recent ? "Recent" : "Frequent", u.code, recent ? "" : "Used " + std::to_string(u.uses) + " times");
        ++n;
      }
    }
    return c.rows;
  }
  if (!m_search_index) return c.rows;
  engine::SearchOptions options;
  options.limit = kMaxResults;
  for (const auto& hit : m_search_index->Search(query, options)) {
    add("", m_search_index->code(hit.code_id).code, MatchedText(*m_search_index, hit));
  }
  return c.rows;
}

void Session::MoveSearchSelection(int delta) {
  const int n = static_cast<int>(search_rows().size());
  m_search_selection = n == 0 ? 0 : std::clamp(m_search_selection + delta, 0, n - 1);
}

const SearchRow* Session::selected_search_row() const {
  const auto& rows = search_rows();
  if (rows.empty()) return nullptr;
  return &rows[static_cast<size_t>(std::clamp(m_search_selection, 0, static_cast<int>(rows.size()) - 1))];
}

void Session::CodingChanged(const std::string& status) {
  ++m_coding_generation;
  m_draft_dirty = true;
  CommitEdits();  // codes are saved the moment they change
  SetStatus(Severity::kInfo, status);
}

bool Session::AssignCode(const std::string& query, AssignAs as) {
  if (!has_open_encounter()) {
    SetStatus(Severity::kWarning, "Open or create an encounter first (Alt+N), then assign codes to it.");
    return false;
  }
  if (!m_pack) {
    SetStatus(Severity::kError, "No code sets are loaded, so codes cannot be assigned yet.");
    return false;
  }
  engine::EncounterCoding& coding = m_draft.coding;
  if (LooksLikeModifier(Trim(query))) {
    auto m = engine::LookupModifier(*m_pack, Trim(query));
    if (!m.ok()) {
      SetStatus(Severity::kError, m.error().message);
      return false;
    }
    if (coding.services.empty()) {
      SetStatus(Severity::kWarning, "Modifier " + m->code + " goes on a service line: assign the service first.");
      return false;
    }
    const size_t line = m_code_selection.service && m_code_selection.index >= 0
                            ? static_cast<size_t>(m_code_selection.index)
                            : coding.services.size() - 1;
    if (engine::Status s = coding.AddModifier(line, m->code); !s.ok()) {
      SetStatus(Severity::kWarning, s.error().message);
      return false;
    }
    m_code_selection = {true, static_cast<int>(line)};
    CodingChanged("Added modifier " + m->code + " to " + coding.services[line].code + " (line " +
                  std::to_string(line + 1) + ").");
    if (m_store) (void)m_store->RecordCodeUse(m->code, static_cast<int64_t>(std::time(nullptr)));
    return true;
  }
  CachedLookup scratch;
  const CodeLookup& c = CachedLookUp(scratch, std::string(Trim(query)), LookupDepth::kFull);
  if (!c.found) {
    SetStatus(Severity::kError, c.message);
    return false;
  }
  const std::string& code = c.code;
  if (c.kind == CodeKind::kIcd10cm) {
    if (as == AssignAs::kService) {
      SetStatus(Severity::kWarning, code + " is an ICD-10-CM diagnosis code; a service line needs a CPT or HCPCS code.");
      return false;
    }
    if (!c.icd.BillableIn(engine::kLastIcdFiscalYear) && c.icd.billable_mask == 0) {
      if (!c.seventh_characters.empty()) {
        m_seventh_pending = code;
        m_seventh_lookup = c;
        SetStatus(Severity::kInfo, code + " needs a 7th character: choose it in the builder.");
        return false;
      }
      SetStatus(Severity::kWarning, code + " is a header, not a billable code: choose one of the codes below it.");
      OpenCodeDetail(code);
      return false;
    }
    if (engine::Status s = coding.AddDiagnosis(code); !s.ok()) {
      SetStatus(Severity::kWarning, s.error().message);
      return false;
    }
    m_code_selection = {false, static_cast<int>(coding.diagnoses.size()) - 1};
    CodingChanged("Assigned " + code + " as diagnosis " + std::to_string(coding.diagnoses.size()) + ".");
  } else {
    coding.AddService(code);
    m_code_selection = {true, static_cast<int>(coding.services.size()) - 1};
    CodingChanged("Assigned " + code + " as service line " + std::to_string(coding.services.size()) + ".");
  }
  if (m_store) (void)m_store->RecordCodeUse(code, static_cast<int64_t>(std::time(nullptr)));
  return true;
}

bool Session::ChooseSeventh(char character) {
  if (m_seventh_pending.empty()) return false;
  for (const auto& o : m_seventh_lookup.seventh_characters) {
    if (o.character.size() == 1 && o.character[0] == static_cast<char>(std::toupper(static_cast<unsigned char>(character)))) {
      if (o.code.empty()) {
        SetStatus(Severity::kWarning, m_seventh_pending + " has no code with 7th character " + o.character + ".");
        return false;
      }
      const std::string full = o.code;
      m_seventh_pending.clear();
      return AssignCode(full);
    }
  }
  SetStatus(Severity::kWarning, std::string("'") + character + "' is not a 7th character of " + m_seventh_pending + ".");
  return false;
}

void Session::SelectCode(CodeRef ref) {
  const auto& coding = m_draft.coding;
  const int n = static_cast<int>(ref.service ? coding.services.size() : coding.diagnoses.size());
  m_code_selection = ref.index >= 0 && ref.index < n ? ref : CodeRef{};
}

void Session::RemoveSelectedCode() {
  auto& coding = m_draft.coding;
  const CodeRef sel = m_code_selection;
  if (sel.index < 0) return;
  std::string code;
  if (sel.service && sel.index < static_cast<int>(coding.services.size())) {
    code = coding.services[static_cast<size_t>(sel.index)].code;
    coding.RemoveService(static_cast<size_t>(sel.index));
  } else if (!sel.service && sel.index < static_cast<int>(coding.diagnoses.size())) {
    code = coding.diagnoses[static_cast<size_t>(sel.index)].code;
    coding.RemoveDiagnosis(static_cast<size_t>(sel.index));
  } else {
    return;
  }
  SelectCode({sel.service, std::min(sel.index, static_cast<int>(sel.service ? coding.services.size()
                                                                            : coding.diagnoses.size()) - 1)});
  CodingChanged("Removed " + code + ".");
}

void Session::MoveSelectedDiagnosis(int delta) {
  auto& coding = m_draft.coding;
  if (m_code_selection.service || m_code_selection.index < 0 ||
      m_code_selection.index >= static_cast<int>(coding.diagnoses.size())) {
    return;
  }
  const size_t from = static_cast<size_t>(m_code_selection.index);
  const size_t to = coding.MoveDiagnosis(from, delta);
  if (to == from) return;
  m_code_selection.index = static_cast<int>(to);
  CodingChanged(coding.diagnoses[to].code + " is now diagnosis " + std::to_string(to + 1) + ".");
}

const std::string& Session::DescribeCode(const std::string& code) const {
  const CodeLookup& p = PreviewOf(code);
  return p.found ? p.shown_description : p.message;
}

}  // namespace medcode::app
