// session.cpp: application state and commands (see session.h).
#include "app/session.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>

#include "engine/cpt_descriptors.h"
#include "engine/date.h"
#include "engine/text.h"

namespace medcode::app {

namespace {

int64_t UnixNow() { return static_cast<int64_t>(std::time(nullptr)); }

std::string FormatKb(size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  return buf;
}

// "visit-2024-03-01.txt" -> "visit-2024-03-01": a worklist label for an encounter made from a file.
std::string LabelFromFileName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const size_t dot = name.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  return std::string(name);
}

}  // namespace

const char* SeverityLetter(Severity s) {
  switch (s) {
    case Severity::kError: return "E";
    case Severity::kWarning: return "W";
    case Severity::kInfo: return "i";
  }
  return "?";
}

const char* SaveStateLabel(SaveState s) {
  switch (s) {
    case SaveState::kSaved: return "Saved";
    case SaveState::kUnsaved: return "Unsaved changes";
    case SaveState::kSaving: return "Saving...";
    case SaveState::kFailed: return "Save failed - retrying";
    case SaveState::kReadOnly: return "Not saving (see Findings)";
  }
  return "?";
}

// --- storage ---------------------------------------------------------------------------------------------------

void Session::OpenStore(const std::string& path) {
  m_store.reset();
  m_storage_findings.clear();
  m_read_only = false;
  m_store_path = path;
  auto opened = engine::UserStore::Open(path);
  if (!opened.ok() && opened.error().code == engine::ErrorCode::kCorruptDatabase) {
    // Keep the damaged file for recovery, never delete it, and start a new database in its place.
    const std::string kept = path + ".damaged-" + std::to_string(UnixNow());
    if (std::rename(path.c_str(), kept.c_str()) == 0) {
      m_storage_findings.push_back(
          {Severity::kWarning, "storage.recovered",
           opened.error().message + ". The damaged file was kept as " + kept +
               " and a new, empty database was started. Nothing in the kept file was changed.",
           path});
      opened = engine::UserStore::Open(path);
    }
  }
  if (!opened.ok()) {
    OpenFallbackStore(opened.error());
  } else {
    m_store.emplace(std::move(opened).value());
  }
  if (auto theme = Setting("theme")) m_theme = *theme == "dark" ? Theme::kDark : Theme::kLight;
  m_user_name = Setting("user.name").value_or("");
  m_claim_defaults_saved = Setting("claim.defaults").value_or("");
  CptDescriptorsChanged();
  LoadClaims();
  ReloadEncounters();
  if (!m_encounters.empty()) LoadDraft(m_encounters.front().id);
  if (!m_storage_findings.empty()) {
    SetStatus(m_storage_findings.front().severity, m_storage_findings.front().message);
  } else {
    SetStatus(Severity::kInfo, "Ready. " + std::to_string(m_encounters.size()) + " encounter(s) in the worklist.");
  }
  RefreshFindings();
}

void Session::OpenFallbackStore(const engine::Error& why) {
  m_read_only = true;
  m_storage_findings.push_back({Severity::kError, "storage.unavailable",
                                why.message + ". Work in this session is kept in memory only and will be lost when the "
                                              "page closes; the saved file was not touched.",
                                why.where});
  auto mem = engine::UserStore::Open(":memory:");
  if (mem.ok()) m_store.emplace(std::move(mem).value());
}

void Session::StorageFailed(const engine::Error& error, std::string_view doing) {
  m_last_write_failed = true;
  m_last_edit = m_now + kSyncRetrySeconds;  // a dirty draft is retried by Tick(), not on every frame
  SetStatus(Severity::kError, std::string(doing) + " failed: " + error.ToString() + ". Your text is still here.");
}

void Session::ReloadEncounters() {
  m_encounters.clear();
  if (!m_store) return;
  auto list = m_store->ListEncounters();
  if (!list.ok()) return StorageFailed(list.error(), "Reading the worklist");
  m_encounters = std::move(list).value();
}

// --- worklist ----------------------------------------------------------------------------------------------------

int Session::SelectedIndex() const {
  for (size_t i = 0; i < m_encounters.size(); ++i) {
    if (m_encounters[i].id == m_selected_id) return static_cast<int>(i);
  }
  return -1;
}

int64_t Session::CreateEncounter(engine::EncounterFields fields) {
  if (!m_store) {
    SetStatus(Severity::kError, "The database is still loading; try again in a moment.");
    return 0;
  }
  CommitEdits();
  auto id = m_store->CreateEncounter(fields, UnixNow());
  if (!id.ok()) {
    StorageFailed(id.error(), "Creating the encounter");
    return 0;
  }
  Committed(m_now);
  ReloadEncounters();
  LoadDraft(*id);
  return *id;
}

void Session::NewEncounter() {
  if (int64_t id = CreateEncounter({"", engine::ToIso(Today()), "", {}, ClaimDefaults(), {}})) {
    SetStatus(Severity::kInfo, "New encounter " + std::to_string(id) + " created.");
  }
}

void Session::SelectEncounter(int64_t id) {
  if (id == m_selected_id) return;
  CommitEdits();
  LoadDraft(id);
}

void Session::SelectRelative(int delta) {
  if (m_encounters.empty()) return;
  int i = SelectedIndex();
  i = i < 0 ? 0 : std::clamp(i + delta, 0, static_cast<int>(m_encounters.size()) - 1);
  SelectEncounter(m_encounters[static_cast<size_t>(i)].id);
}

void Session::DeleteSelected() {
  if (!m_store || m_selected_id == 0) return;
  const int index = SelectedIndex();
  if (engine::Status s = m_store->DeleteEncounter(m_selected_id); !s.ok()) return StorageFailed(s.error(), "Deleting");
  SetStatus(Severity::kInfo, "Encounter " + std::to_string(m_selected_id) + " deleted.");
  Committed(m_now);
  m_draft_dirty = false;
  m_selected_id = 0;
  m_draft = {};
  ++m_draft_generation;
  ++m_coding_generation;
  m_code_selection = {};
  m_seventh_pending.clear();
  m_pending_fix.reset();
  ReloadEncounters();
  if (!m_encounters.empty()) {
    LoadDraft(m_encounters[static_cast<size_t>(std::min<int>(std::max(index, 0), int(m_encounters.size()) - 1))].id);
  }
  RefreshFindings();
}

void Session::LoadDraft(int64_t id) {
  auto enc = m_store->GetEncounter(id);
  if (!enc.ok()) return StorageFailed(enc.error(), "Opening the encounter");
  m_selected_id = id;
  m_draft = std::move(enc->fields);
  ++m_draft_generation;
  ++m_coding_generation;
  m_code_selection = {};
  m_seventh_pending.clear();
  m_pending_fix.reset();
  m_draft_dirty = false;
  RefreshFindings();
}

// --- editing -----------------------------------------------------------------------------------------------------

void Session::MarkDraftEdited(double now) {
  if (m_selected_id == 0) return;
  m_draft_dirty = true;
  m_last_edit = now;
}

void Session::CommitEdits() {
  if (!m_draft_dirty || !m_store || m_selected_id == 0) return;
  // A valid date of service is stored as YYYY-MM-DD; anything else is kept as typed and flagged in Findings.
  if (auto date = engine::ParseDate(m_draft.date_of_service); date.ok()) m_draft.date_of_service = engine::ToIso(*date);
  if (engine::Status s = m_store->UpdateEncounter(m_selected_id, m_draft, UnixNow()); !s.ok()) {
    return StorageFailed(s.error(), "Saving the encounter");
  }
  m_draft_dirty = false;
  m_last_write_failed = false;
  Committed(m_now);
  RememberClaimDefaults();
  ReloadEncounters();
  RefreshFindings();
}

void Session::LoadDocument(std::string_view file_name, std::string_view bytes) {
  auto text = engine::DecodeDocumentText(bytes, file_name);
  if (!text.ok()) {
    SetStatus(Severity::kError, "Could not open " + std::string(file_name) + ": " + text.error().message);
    return;
  }
  if (m_selected_id == 0 || !m_draft.note_text.empty()) {
    engine::EncounterFields fields{LabelFromFileName(file_name), engine::ToIso(Today()), "", {}, ClaimDefaults(), {}};
    if (CreateEncounter(std::move(fields)) == 0) return;
  }
  m_draft.note_text = std::move(text).value();
  ++m_draft_generation;
  m_draft_dirty = true;
  CommitEdits();
  SetStatus(Severity::kInfo, "Opened " + std::string(file_name) + " (" + FormatKb(m_draft.note_text.size()) +
                                 ") into encounter " + std::to_string(m_selected_id) + ".");
}

void Session::AppendToDocument(std::string_view text) {
  if (m_selected_id == 0 && CreateEncounter({"Pasted note", engine::ToIso(Today()), "", {}, ClaimDefaults(), {}}) == 0) {
    return;
  }
  std::string clean = engine::SanitizeUtf8(text);
  if (!m_draft.note_text.empty() && m_draft.note_text.back() != '\n') m_draft.note_text += '\n';
  m_draft.note_text += clean;
  ++m_draft_generation;
  m_draft_dirty = true;
  CommitEdits();
  SetStatus(Severity::kInfo, "Pasted " + FormatKb(clean.size()) + " into the note.");
}

// --- settings ------------------------------------------------------------------------------------------------------

std::optional<std::string> Session::Setting(const std::string& key) {
  if (!m_store) return std::nullopt;
  auto v = m_store->GetSetting(key);
  if (!v.ok()) return std::nullopt;
  return *v;
}

void Session::SaveSetting(const std::string& key, const std::string& value) {
  if (!m_store) return;
  if (engine::Status s = m_store->SetSetting(key, value); !s.ok()) return StorageFailed(s.error(), "Saving a setting");
  Committed(m_now);
}

void Session::SetTheme(Theme theme) {
  m_theme = theme;
  SaveSetting("theme", theme == Theme::kDark ? "dark" : "light");
}

// --- status and findings ------------------------------------------------------------------------------------------

void Session::SetStatus(Severity severity, std::string text) { m_status = {severity, std::move(text)}; }

void Session::RefreshFindings() {
  ++m_app_findings_generation;
  m_app_findings = m_storage_findings;
  m_app_findings.insert(m_app_findings.end(), m_code_set_findings.begin(), m_code_set_findings.end());
  if (m_selected_id == 0) return;
  const std::string where = "encounter " + std::to_string(m_selected_id) + ", date of service";
  const std::string& dos = m_draft.date_of_service;
  if (dos.empty()) {
    m_app_findings.push_back({Severity::kWarning, "encounter.dos.missing",
                          "The date of service is empty. Enter it (YYYY-MM-DD or MM/DD/YYYY): code validity depends "
                          "on it.",
                          where});
  } else if (auto date = engine::ParseDate(dos); !date.ok()) {
    m_app_findings.push_back({Severity::kError, "encounter.dos.invalid", date.error().message, where});
  } else if (Today() < *date) {
    m_app_findings.push_back({Severity::kError, "encounter.dos.future",
                          "The date of service " + engine::ToIso(*date) +
                              " is in the future. Claims can only be coded for services already given.",
                          where});
  }
  if (m_last_sync_failed) {
    m_app_findings.push_back({Severity::kError, "storage.sync_failed",
                          "Saving to browser storage failed; Medcode retries every few seconds. Keep this tab open.",
                          m_store_path});
  }
}

// --- code sets -----------------------------------------------------------------------------------------------------

void Session::LoadCodeSets(const std::string& path, const std::string& error) {
  m_index_build.reset();  // it reads the pack being replaced
  m_pack.reset();
  m_code_set_findings.clear();
  ++m_data_generation;
  if (!error.empty()) {
    m_code_set_findings.push_back({Severity::kError, "codesets.unavailable",
                                   "The code-set pack could not be loaded: " + error +
                                       ". Codes cannot be looked up or checked until it is; reload the page.",
                                   path});
  } else if (auto pack = engine::CodeSetPack::Open(path); !pack.ok()) {
    m_code_set_findings.push_back({Severity::kError, "codesets.unavailable",
                                   pack.error().message + ". Codes cannot be looked up or checked until it is.",
                                   pack.error().where});
  } else {
    m_pack.emplace(std::move(pack).value());
  }
  m_search_index.reset();
  m_search_index_wait = m_pack ? 2 : 0;
  m_search_index_status = m_pack ? "Preparing the search index..." : "";
  // The claim rules read the pack too: loaded again, after the search index (StepScrubberLoad).
  m_scrubber.reset();
  m_scrubber_failed = false;
  m_scrubber_wait = m_pack ? 2 : 0;
  m_scrubber_status = m_pack ? "Loading claim rules..." : "";
  ++m_scrubber_generation;
  m_pending_fix.reset();
  m_code_sets_label = m_pack ? "Code sets: " + m_pack->Summary() : "Code sets: not loaded (see Findings)";
  RefreshFindings();
}

const CodeLookup& Session::CachedLookUp(CachedLookup& cache, const std::string& query, LookupDepth depth) const {
  const std::string& dos = has_open_encounter() ? m_draft.date_of_service : std::string();
  if (cache.lookup.query == query && cache.dos == dos && cache.data_generation == m_data_generation) {
    return cache.lookup;
  }
  cache.dos = dos;
  cache.data_generation = m_data_generation;
  if (!m_pack) {
    cache.lookup = {};
    cache.lookup.query = query;
    cache.lookup.message = "No code sets are loaded, so there is nothing to look up yet.";
    return cache.lookup;
  }
  auto* self = const_cast<Session*>(this);  // reading the store is not a change of state
  cache.lookup = LookUpCode(*m_pack, query, dos, [self](const std::string& code) -> std::optional<std::string> {
    if (!self->m_store || self->m_cpt_count == 0) return std::nullopt;
    auto d = self->m_store->GetCptDescriptor(code);
    return d.ok() ? *d : std::nullopt;
  }, depth);
  return cache.lookup;
}


void Session::OpenCodeDetail(const std::string& code) {
  if (!m_detail_history.empty() && m_detail_history.back() == code) return;
  m_detail_history.push_back(code);
  constexpr size_t kMaxHistory = 50;  // enough to walk back through a chain of notes
  if (m_detail_history.size() > kMaxHistory) m_detail_history.erase(m_detail_history.begin());
}

void Session::CodeDetailBack() {
  if (CanGoBack()) m_detail_history.pop_back();
}

const CodeLookup* Session::code_detail() const {
  if (m_detail_history.empty()) return nullptr;
  return &CachedLookUp(m_detail_cache, m_detail_history.back(), LookupDepth::kFull);
}

// --- CPT descriptors ----------------------------------------------------------------------------------------------

void Session::CptDescriptorsChanged() {
  ++m_data_generation;
  m_cpt_count = 0;
  m_cpt_source.clear();
  if (!m_store) return;
  if (auto n = m_store->CountCptDescriptors(); n.ok()) m_cpt_count = *n;
  if (m_cpt_count > 0) m_cpt_source = Setting("cpt_descriptors.source").value_or("");
  // The search index holds the descriptors' words: rebuild it (the current one serves until then).
  if (m_search_index || m_index_build) {
    m_index_build.reset();
    m_search_index_wait = 2;
  }
}

void Session::ImportCptDescriptors(std::string_view file_name, std::string_view bytes) {
  if (!m_store) {
    SetStatus(Severity::kError, "CPT descriptors cannot be imported: your database is not open (see Findings).");
    return;
  }
  auto file = engine::ParseCptDescriptors(bytes, std::string(file_name));
  if (!file.ok()) {
    const engine::Error& e = file.error();
    SetStatus(Severity::kError, "CPT descriptors not imported: " + e.message + (e.where.empty() ? "" : " (" + e.where + ")") +
                                    ". Your previous import is unchanged.");
    return;
  }
  if (engine::Status s = m_store->ReplaceCptDescriptors(file->rows); !s.ok()) {
    StorageFailed(s.error(), "importing CPT descriptors");
    return;
  }
  SaveSetting("cpt_descriptors.source", LabelFromFileName(file_name) + ", imported " + engine::ToIso(Today()));
  Committed(m_now);
  CptDescriptorsChanged();
  std::string text = "Imported " + std::to_string(file->rows.size()) + " CPT descriptors from " +
                     std::string(file_name) + ".";
  if (file->level2_skipped) text += " Skipped " + std::to_string(file->level2_skipped) + " HCPCS Level II rows (CMS text is used).";
  if (file->duplicates) text += " " + std::to_string(file->duplicates) + " repeated codes kept their first descriptor.";
  SetStatus(Severity::kInfo, text);
}

void Session::RemoveCptDescriptors() {
  if (!m_store) return;
  if (engine::Status s = m_store->ReplaceCptDescriptors({}); !s.ok()) {
    StorageFailed(s.error(), "removing CPT descriptors");
    return;
  }
  SaveSetting("cpt_descriptors.source", "");
  Committed(m_now);
  CptDescriptorsChanged();
  SetStatus(Severity::kInfo, "Your CPT descriptors were removed from this browser.");
}

// --- persistence ---------------------------------------------------------------------------------------------------

void Session::Committed(double now) {
  ++m_committed_revision;
  m_last_commit = now;
}

SaveState Session::save_state() const {
  if (m_read_only) return SaveState::kReadOnly;
  if (m_last_write_failed || m_last_sync_failed) return SaveState::kFailed;
  if (m_sync_in_flight) return SaveState::kSaving;
  if (m_draft_dirty || m_synced_revision < m_committed_revision) return SaveState::kUnsaved;
  return SaveState::kSaved;
}

bool Session::ShouldStartSync(double now) const {
  if (m_sync_in_flight || m_read_only || m_synced_revision >= m_committed_revision) return false;
  if (m_last_sync_failed && now - m_last_sync_failure < kSyncRetrySeconds) return false;
  return m_sync_forced || now - m_last_commit >= kSyncDebounceSeconds;
}

void Session::OnSyncStarted() {
  assert(!m_sync_in_flight && "OnSyncStarted while a sync is running: check ShouldStartSync first");
  m_sync_in_flight = true;
  m_sync_forced = false;
}

void Session::OnSyncFinished(uint64_t revision, bool ok, const std::string& error, double now) {
  m_sync_in_flight = false;
  const bool was_failing = m_last_sync_failed;
  if (ok) {
    m_synced_revision = std::max(m_synced_revision, revision);
    m_last_sync_failed = false;
    if (was_failing) SetStatus(Severity::kInfo, "Saved again after a failed attempt.");
  } else {
    m_last_sync_failed = true;
    m_last_sync_failure = now;
    SetStatus(Severity::kError, "Saving to browser storage failed: " + error + ". Retrying.");
  }
  if (was_failing != m_last_sync_failed) RefreshFindings();
}

void Session::Tick(double now) {
  m_now = now;
  if (m_draft_dirty && now - m_last_edit >= kAutosaveIdleSeconds) CommitEdits();
  // At most one long step per frame: a part of the search index, else the claim rules once the index is done.
  if (m_search_index_wait > 0) {
    if (--m_search_index_wait == 0) StepSearchIndexBuild();
  } else if (m_index_build) {
    StepSearchIndexBuild();
  } else if (scrubber_loading()) {
    StepScrubberLoad();
  }
}

}  // namespace medcode::app
