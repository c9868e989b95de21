// claims_engine.cpp: the app's seam to the engine's billing pieces (see claims_engine.h).
#include "app/claims_engine.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

#include "engine/x12.h"
#include "engine/x12_837.h"

namespace medcode::app::engine_bridge {

namespace engine = medcode::engine;
using nlohmann::json;

// TEMP until user_store migration 6 (claim_record) lands: the records live in one setting.
engine::Result<std::vector<ClaimRecordRow>> ListClaimRecords(engine::UserStore& store) {
  std::vector<ClaimRecordRow> out;
  auto v = store.GetSetting("claims.records");
  if (!v.ok()) return v.error();
  if (!*v || (*v)->empty()) return out;
  const json j = json::parse(**v, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& r : j) {
    if (!r.is_object()) continue;
    ClaimRecordRow row;
    row.encounter_id = r.value("encounter_id", int64_t{0});
    row.claim_id = r.value("claim_id", "");
    row.submitted_at = r.value("submitted_at", int64_t{0});
    row.status = r.value("status", "");
    row.total_charge = r.value("total_charge", "");
    row.paid = r.value("paid", "");
    row.expected = r.value("expected", "");
    row.details = r.value("details", "");
    out.push_back(std::move(row));
  }
  return out;
}

engine::Status UpsertClaimRecord(engine::UserStore& store, const ClaimRecordRow& row, int64_t now) {
  auto list = ListClaimRecords(store);
  if (!list.ok()) return list.error();
  bool replaced = false;
  for (auto& r : *list) {
    if (r.claim_id == row.claim_id) {
      r = row;
      replaced = true;
    }
  }
  if (!replaced) list->push_back(row);
  json j = json::array();
  for (const auto& r : *list) {
    j.push_back({{"encounter_id", r.encounter_id}, {"claim_id", r.claim_id}, {"submitted_at", r.submitted_at},
                 {"status", r.status}, {"total_charge", r.total_charge}, {"paid", r.paid}, {"expected", r.expected},
                 {"details", r.details}});
  }
  return store.SetSetting("claims.records", j.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string TransactionKind(std::string_view bytes) {
  engine::X12Reader reader = engine::X12Reader::FromText(bytes, "file");
  engine::X12Segment seg;
  for (int i = 0; i < 8 && reader.Next(seg); ++i) {
    if (seg.id() == "ST") return std::string(seg.Element(1));
  }
  return "";
}

engine::Result<Written837> Write837(const std::vector<engine::BillingClaim>& claims,
                                    const engine::PracticeSettings& practice, int64_t control, int64_t now) {
  engine::X12837Options options = engine::X12837OptionsFromPractice(practice);
  options.line_breaks = true;  // one segment a line: readable, and every reader skips the line breaks
  options.interchange_control_number = control;
  options.group_control_number = control;
  options.transaction_set_control_number = 1;
  const std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[16], time[8];
  std::strftime(date, sizeof date, "%Y%m%d", &tm);
  std::strftime(time, sizeof time, "%H%M", &tm);
  options.date = date;
  options.time = time;
  engine::X12837Output out = engine::Write837P(claims, options);
  if (!out.ok()) {
    std::string what;
    for (size_t i = 0; i < out.problems.size() && i < 3; ++i) {
      what += (what.empty() ? "" : "; ") + out.problems[i].field + ": " + out.problems[i].message;
    }
    if (out.problems.size() > 3) what += "; and " + std::to_string(out.problems.size() - 3) + " more";
    return engine::MakeError(engine::ErrorCode::kInvalidArgument, what);
  }
  Written837 w;
  w.text = std::move(out.text);
  w.group_control = std::to_string(control);
  const size_t per_st = options.max_claims_per_transaction ? options.max_claims_per_transaction : claims.size();
  for (size_t i = 0; i < claims.size(); ++i) {
    char st[16];
    std::snprintf(st, sizeof st, "%04lld",
                  static_cast<long long>(options.transaction_set_control_number + static_cast<int64_t>(i / per_st)));
    w.transaction_of_claim.push_back(st);
  }
  return w;
}

engine::Result<Posted835> Post835(std::string_view bytes, const std::string& name,
                                  const std::vector<SubmittedClaim>& submitted, const engine::CodeSetPack* pack,
                                  const std::string& practice_zip) {
  return engine::MakeError(engine::ErrorCode::kInvalidArgument, "835 posting is not in this build yet", name);
}

engine::Result<Acknowledgements> ReadAcknowledgement(std::string_view bytes, const std::string& name,
                                                     const std::string& kind, const std::vector<SentClaim>& sent) {
  return engine::MakeError(engine::ErrorCode::kInvalidArgument, kind + " reading is not in this build yet", name);
}

engine::Result<std::string> Cms1500(const engine::BillingClaim& claim, bool data_only) {
  return engine::MakeError(engine::ErrorCode::kInvalidArgument, "the CMS-1500 is not in this build yet");
}

std::string Cms1500Preview(const engine::BillingClaim& claim) { return ""; }

}  // namespace medcode::app::engine_bridge
