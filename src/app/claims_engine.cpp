// claims_engine.cpp: the app's seam to the engine's billing pieces (see claims_engine.h).
#include "app/claims_engine.h"

#include <nlohmann/json.hpp>

#include "engine/x12.h"

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

// TEMP until x12_837 lands: a minimal interchange so the app's flow can be exercised.
engine::Result<Written837> Write837(const std::vector<engine::BillingClaim>& claims,
                                    const engine::PracticeSettings& practice, int64_t control, int64_t now) {
  engine::X12Writer w({}, true);
  char num[16];
  std::snprintf(num, sizeof num, "%09lld", static_cast<long long>(control));
  w.Add("ISA", {"00", "          ", "00", "          ", "ZZ", "SUBMITTER      ", "ZZ", "RECEIVER       ", "261127",
                "1500", "^", "00501", num, "0", "T", ":"});
  w.Add("GS", {"HC", "SUB", "REC", "20261127", "1500", "1", "X", "005010X222A1"});
  w.Add("ST", {"837", "0001", "005010X222A1"});
  for (const auto& c : claims) {
    w.Add("CLM", {c.claim.id, c.total_charge, "", "", "11:B:1"});
    int n = 0;
    for (const auto& l : c.claim.coding.services) {
      w.Add("LX", {std::to_string(++n)});
      w.Add("SV1", {"HC:" + l.code, l.charge, "UN", std::to_string(l.units)});
    }
  }
  w.Add("SE", {"1", "0001"});
  w.Add("GE", {"1", "1"});
  w.Add("IEA", {"1", num});
  Written837 out;
  out.text = w.Take();
  out.group_control = "1";
  out.transaction_of_claim.assign(claims.size(), "0001");
  return out;
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
