// claims_engine.cpp: the app's seam to the engine's billing pieces (see claims_engine.h): claim records in the user
// store, the 837P writer, 835 reading and posting (payments, adjustments, the denial worklist with the scrubber rules
// that would have caught each denial), 999 / 277CA acknowledgments, and the CMS-1500.
#include "app/claims_engine.h"

#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "engine/cms1500.h"
#include "engine/money.h"
#include "engine/posting.h"
#include "engine/remit.h"
#include "engine/scrubber.h"
#include "engine/x12.h"
#include "engine/x12_837.h"

namespace medcode::app::engine_bridge {

namespace {

// ClaimStatus of a posted claim.
ClaimStatus FromPosted(engine::PostedStatus s) {
  switch (s) {
    case engine::PostedStatus::kPending: return ClaimStatus::kSubmitted;
    case engine::PostedStatus::kPaid: return ClaimStatus::kPaid;
    case engine::PostedStatus::kPartiallyPaid: return ClaimStatus::kPartiallyPaid;
    case engine::PostedStatus::kDenied: return ClaimStatus::kDenied;
    case engine::PostedStatus::kReversed: return ClaimStatus::kReversed;
  }
  return ClaimStatus::kSubmitted;
}

// What a scrubber rule checks, from the rule catalogue.
std::string RuleText(const std::string& id) {
  const engine::ScrubRule* r = engine::FindScrubRule(id);
  return r ? std::string(r->what) : std::string();
}

std::string Procedure(const std::string& code, const std::vector<std::string>& modifiers) {
  std::string s = code;
  for (const auto& m : modifiers) s += "-" + m;
  return s;
}

}  // namespace

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
    char st[24];
    std::snprintf(st, sizeof st, "%04lld",
                  static_cast<long long>(options.transaction_set_control_number + static_cast<int64_t>(i / per_st)));
    w.transaction_of_claim.push_back(st);
  }
  return w;
}

engine::Result<Posted835> Post835(std::string_view bytes, const std::string& name,
                                  const std::vector<SubmittedClaim>& submitted, const engine::CodeSetPack* pack,
                                  const std::string& practice_zip) {
  auto remits = engine::Read835Text(bytes, name);
  if (!remits.ok()) return remits.error();
  if (!pack) {
    return engine::MakeError(engine::ErrorCode::kInvalidArgument,
                             "the code sets are not loaded yet (reason codes and fee schedule); try again in a moment",
                             name);
  }
  std::set<std::string> ids;
  for (const auto& s : submitted) ids.insert(s.claim.claim.id);
  Posted835 result;
  // This file's CLPs per claim, each kept with its remittance's header.
  std::map<std::string, std::vector<engine::Remittance>> by_claim;
  for (const auto& remit : *remits) {
    for (const auto& clp : remit.claims) {
      if (!ids.count(clp.patient_control_number)) {
        ++result.unmatched;
        continue;
      }
      auto& list = by_claim[clp.patient_control_number];
      if (list.empty() || list.back().control_number != remit.control_number ||
          list.back().trace_number != remit.trace_number) {
        engine::Remittance header = remit;
        header.claims.clear();
        list.push_back(std::move(header));
      }
      list.back().claims.push_back(clp);
    }
  }
  engine::PostingOptions options;
  options.practice_zip = practice_zip;
  for (const auto& s : submitted) {
    auto it = by_claim.find(s.claim.claim.id);
    if (it == by_claim.end()) continue;
    // Earlier payments first, then this file's: reversals and corrections net out.
    std::vector<engine::Remittance> all;
    for (const auto& text : s.earlier_remits) {
      auto earlier = engine::Read835Text(text, "claim " + s.claim.claim.id + " earlier 835");
      if (earlier.ok()) all.insert(all.end(), earlier->begin(), earlier->end());
    }
    all.insert(all.end(), it->second.begin(), it->second.end());
    const engine::PostingResult posting = engine::PostRemittances(*pack, {s.claim.claim}, all, options);
    if (posting.claims.empty()) continue;
    const engine::ClaimPosting& cp = posting.claims.front();
    PostedClaim pc;
    pc.claim_id = cp.claim_id;
    pc.status = FromPosted(cp.status);
    pc.paid = engine::FormatCents(cp.paid);
    pc.expected = cp.expected > 0 ? engine::FormatCents(cp.expected) : "";
    pc.note = cp.history.empty() ? "835 posted" : cp.history.back();
    for (const auto& d : posting.worklist) {
      DenialRow row;
      row.claim_id = d.claim_id;
      row.line = d.line + 1;
      row.procedure = Procedure(d.code, d.modifiers);
      if (d.line >= 0 && d.line < static_cast<int>(cp.lines.size())) {
        row.billed = engine::FormatCents(cp.lines[static_cast<size_t>(d.line)].charge);
        row.paid = engine::FormatCents(cp.lines[static_cast<size_t>(d.line)].paid);
      } else {
        row.billed = engine::FormatCents(cp.charge);
        row.paid = engine::FormatCents(cp.paid);
      }
      for (const auto& a : d.adjustments) {
        row.adjustments.push_back({a.group, a.reason, a.reason_text, engine::FormatCents(a.amount)});
      }
      for (const auto& r : d.remarks) row.remarks.emplace_back(r.code, r.text);
      for (const auto& rule : d.rules) row.rule += (row.rule.empty() ? "" : ", ") + rule;
      row.rule_text = d.rules.size() == 1 ? RuleText(d.rules.front()) : "";
      if (!d.rule_note.empty()) row.rule_text += (row.rule_text.empty() ? "" : " ") + d.rule_note;
      pc.denials.push_back(std::move(row));
    }
    engine::X12EnvelopeOptions env;
    pc.remit_text = engine::Write835(it->second, env);
    result.claims.push_back(std::move(pc));
  }
  return result;
}

engine::Result<Acknowledgements> ReadAcknowledgement(std::string_view bytes, const std::string& name,
                                                     const std::string& kind, const std::vector<SentClaim>& sent) {
  Acknowledgements out;
  std::vector<engine::ClaimAckResult> results;
  if (kind == "999") {
    auto acks = engine::Read999Text(bytes, name);
    if (!acks.ok()) return acks.error();
    std::vector<engine::SubmittedTransaction> transactions;
    for (const auto& s : sent) {
      engine::SubmittedTransaction* t = nullptr;
      for (auto& existing : transactions) {
        if (existing.group_control_number == s.group_control && existing.control_number == s.transaction) t = &existing;
      }
      if (!t) {
        transactions.push_back({s.group_control, s.transaction, {}});
        t = &transactions.back();
      }
      t->claim_ids.push_back(s.claim_id);
    }
    for (const auto& ack : *acks) {
      auto r = engine::Apply999(ack, transactions);
      results.insert(results.end(), r.begin(), r.end());
    }
  } else {
    auto acks = engine::Read277Text(bytes, name);
    if (!acks.ok()) return acks.error();
    std::vector<std::string> ids;
    for (const auto& s : sent) ids.push_back(s.claim_id);
    for (const auto& ack : *acks) {
      std::vector<std::string> unmatched;
      auto r = engine::Apply277(ack, ids, &unmatched);
      out.unmatched += static_cast<int>(unmatched.size());
      results.insert(results.end(), r.begin(), r.end());
    }
  }
  for (const auto& r : results) {
    if (r.state == engine::AckState::kPending) continue;
    out.claims.push_back({r.claim_id, r.state != engine::AckState::kRejected, r.reason});
  }
  return out;
}

engine::Result<std::string> Cms1500(const engine::BillingClaim& claim, bool data_only) {
  return engine::Cms1500Pdf(claim, data_only ? engine::Cms1500Variant::kDataOnly : engine::Cms1500Variant::kPlainPaper);
}

std::string Cms1500Preview(const engine::BillingClaim& claim) {
  return engine::Cms1500FieldsText(engine::Cms1500Fill(claim));
}

}  // namespace medcode::app::engine_bridge
