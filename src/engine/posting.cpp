// posting.cpp: 835 payments posted to claims, the denial worklist with its CARC -> scrubber rule table, expected
// MPFS reimbursement per line, and 999 / 277CA acknowledgments applied to claims (see posting.h).
//
// [SECTION] index: CARC -> rule table; helpers; line matching; posting; expected payment; JSON; acknowledgments.
#include "engine/posting.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "engine/codeset_mpfs.h"
#include "engine/codeset_reference.h"
#include "engine/date.h"
#include "engine/json_fields.h"

namespace medcode::engine {

// [SECTION] CARC -> rule table ----------------------------------------------------------------------------------------

// Which scrubber rules (ScrubRules(), scrubber.cpp) check, before a claim goes out, for what a CARC denies. A row
// with a RARC applies only when the payer sent that RARC (claim MOA/MIA or line LQ) and then wins over the CARC's
// generic row. An empty rule list says that no coding rule can catch it (coverage, eligibility, timely filing: the
// payer's business, not the codes'). tests/engine/posting_test.cpp checks that every id exists in ScrubRules().
const std::vector<CarcRuleLink>& CarcRuleLinks() {
  static const std::vector<CarcRuleLink> kLinks = {
      // NCCI procedure-to-procedure edits: "procedure / modifier combination not compatible with another procedure
      // on the same day" (236) and "included in another service already adjudicated" (97).
      {"236", "", {"ncci.ptp.denied", "ncci.ptp.modifier_needed"},
       "NCCI procedure-to-procedure edit: the pair is not paid together, or needs a bypass modifier"},
      {"97", "", {"ncci.ptp.denied", "ncci.ptp.modifier_needed"},
       "bundled into another service of the same day (NCCI procedure-to-procedure edit)"},
      // B15: "requires that a qualifying service be received and covered": an add-on code without its primary.
      {"B15", "", {"ncci.addon.primary_missing"}, "an add-on code billed without one of its primary codes"},
      // Units: "does not support this many services" (151), benefit maximum for the period (119) or life (35).
      {"151", "", {"ncci.mue.line", "ncci.mue.day", "ncci.mue.day_appealable", "ncci.mue.not_payable"},
       "more units than the payer allows: NCCI medically unlikely edits (MUE)"},
      {"119", "", {"ncci.mue.line", "ncci.mue.day", "ncci.mue.day_appealable"},
       "benefit maximum for the period reached; the MUE checks the units of one day"},
      {"35", "", {"ncci.mue.line", "ncci.mue.day", "ncci.mue.day_appealable"},
       "lifetime benefit maximum reached; the MUE checks the units of one day"},
      // 16 "claim lacks information": the RARC says which; without a known RARC every "missing" rule.
      {"16", "M76", {"claim.diagnosis.missing", "claim.pointer.missing", "claim.pointer.invalid"},
       "missing, incomplete or invalid diagnosis (RARC M76)"},
      {"16", "M77", {"claim.pos.missing", "claim.pos.invalid"}, "missing, incomplete or invalid place of service (M77)"},
      {"16", "M53", {"claim.units.invalid"}, "missing, incomplete or invalid days or units of service (M53)"},
      {"16", "M79", {"claim.charge.missing", "claim.charge.invalid"}, "missing, incomplete or invalid charge (M79)"},
      {"16", "M51", {"proc.unknown", "modifier.unknown"}, "missing, incomplete or invalid procedure code (M51)"},
      {"16", "N290", {"claim.npi.missing", "claim.npi.invalid"}, "missing, incomplete or invalid rendering provider id (N290)"},
      {"16", "MA130",
       {"claim.dos.missing", "claim.npi.missing", "claim.pos.missing", "claim.diagnosis.missing", "claim.lines.missing",
        "claim.pointer.missing", "claim.charge.missing"},
       "the claim is incomplete or has invalid information (MA130): the claim's required-field rules"},
      {"16", "",
       {"claim.dos.missing", "claim.npi.missing", "claim.pos.missing", "claim.diagnosis.missing", "claim.lines.missing",
        "claim.pointer.missing", "claim.charge.missing"},
       "the claim lacks information the payer needs: the claim's required-field rules"},
      // Diagnosis and procedure validity and consistency.
      {"11", "",
       {"icd.mce_sex", "icd.mce_age", "icd.manifestation_first", "icd.external_cause_first", "icd.code_first"},
       "the diagnosis is inconsistent with the procedure: the ICD-10-CM consistency edits"},
      {"146", "", {"icd.unknown", "icd.not_valid_on_dos", "icd.header"}, "the diagnosis is invalid for the date of service"},
      {"181", "", {"proc.not_valid_on_dos", "proc.unknown"}, "the procedure code is invalid on the date of service"},
      {"182", "", {"modifier.unknown", "modifier.duplicate", "modifier.too_many"},
       "the modifier is invalid on the date of service"},
      {"4", "", {"modifier.unknown", "ncci.ptp.modifier_needed"},
       "the procedure code is inconsistent with the modifier, or a required modifier is missing"},
      {"5", "", {"claim.pos.invalid"}, "the procedure code is inconsistent with the place of service"},
      {"6", "", {"icd.mce_age"}, "inconsistent with the patient's age"},
      {"7", "", {"icd.mce_sex"}, "inconsistent with the patient's sex"},
      {"18", "", {"line.duplicate"}, "exact duplicate claim or service"},
      // Coverage, eligibility and filing: no coding rule.
      {"204", "", {}, "not covered under the patient's benefit plan: coverage, not coding"},
      {"50", "", {}, "not deemed a medical necessity by the payer: coverage (LCD/NCD), not coding"},
      {"96", "", {}, "non-covered charge: coverage, not coding"},
      {"167", "", {}, "the diagnosis is not covered: coverage, not coding"},
      {"27", "", {}, "expenses after coverage ended: eligibility"},
      {"31", "", {}, "the patient cannot be identified as the payer's insured: eligibility"},
      {"109", "", {}, "not covered by this payer: send to the correct payer"},
      {"29", "", {}, "the time limit for filing has expired"},
      {"22", "", {}, "may be covered by another payer (coordination of benefits)"},
  };
  return kLinks;
}

std::vector<std::string> CarcScrubRules(std::string_view carc, const std::vector<std::string>& rarcs,
                                        std::string* note) {
  std::vector<const CarcRuleLink*> specific, generic;
  for (const CarcRuleLink& link : CarcRuleLinks()) {
    if (link.carc != carc) continue;
    if (link.rarc.empty()) {
      generic.push_back(&link);
    } else if (std::find(rarcs.begin(), rarcs.end(), link.rarc) != rarcs.end()) {
      specific.push_back(&link);
    }
  }
  const auto& use = specific.empty() ? generic : specific;
  std::vector<std::string> rules;
  std::string notes;
  for (const CarcRuleLink* link : use) {
    for (std::string_view r : link->rules) {
      if (std::find(rules.begin(), rules.end(), r) == rules.end()) rules.emplace_back(r);
    }
    if (!notes.empty()) notes += "; ";
    notes += link->note;
  }
  if (note != nullptr) *note = use.empty() ? "no scrubber rule is linked to CARC " + std::string(carc) : notes;
  return rules;
}

// [SECTION] helpers ---------------------------------------------------------------------------------------------------

const char* PostedStatusName(PostedStatus status) {
  switch (status) {
    case PostedStatus::kPending: return "pending";
    case PostedStatus::kPaid: return "paid";
    case PostedStatus::kPartiallyPaid: return "partially_paid";
    case PostedStatus::kDenied: return "denied";
    case PostedStatus::kReversed: return "reversed";
  }
  return "pending";
}

const char* LineMatchName(LineMatch match) {
  switch (match) {
    case LineMatch::kControlNumber: return "control_number";
    case LineMatch::kExact: return "exact";
    case LineMatch::kModifiersReordered: return "modifiers_reordered";
    case LineMatch::kModifiersDiffer: return "modifiers_differ";
    case LineMatch::kOriginalCode: return "original_code";
    case LineMatch::kUnmatched: return "unmatched";
  }
  return "unmatched";
}

const char* AckStateName(AckState state) {
  switch (state) {
    case AckState::kAccepted: return "accepted";
    case AckState::kAcceptedWithErrors: return "accepted_with_errors";
    case AckState::kRejected: return "rejected";
    case AckState::kPending: return "pending";
  }
  return "pending";
}

namespace {

// CARCs that reduce a payment as a matter of course: not denials (see posting.h).
bool IsRoutineCarc(std::string_view carc) {
  static const std::set<std::string_view> kRoutine = {"45", "253", "23", "94", "59", "42", "237", "144", "131", "104"};
  return kRoutine.count(carc) > 0;
}

bool IsDenialAdjustment(std::string_view group, std::string_view carc) {
  return group != "PR" && !IsRoutineCarc(carc);
}

std::string Upper(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

// CARC / RARC texts, each looked up once.
class CodeTexts {
 public:
  explicit CodeTexts(const CodeSetPack& pack) : m_pack(pack) {}
  const std::string& Carc(const std::string& code) { return Get(m_carc, code, true); }
  const std::string& Rarc(const std::string& code) { return Get(m_rarc, code, false); }

 private:
  const std::string& Get(std::map<std::string, std::string>& cache, const std::string& code, bool carc) {
    auto it = cache.find(code);
    if (it != cache.end()) return it->second;
    auto found = carc ? LookupCarc(m_pack, code) : LookupRarc(m_pack, code);
    return cache[code] = found.ok() ? found->description : std::string();
  }
  const CodeSetPack& m_pack;
  std::map<std::string, std::string> m_carc, m_rarc;
};

Cents ChargeCents(const std::string& charge) {
  if (charge.empty()) return 0;
  auto c = ParseX12Amount(charge);
  return c.ok() ? *c : 0;
}

// Adds `adjustments` to a net list keyed by group + CARC (in order of first appearance).
void AddAdjustments(std::vector<PostedAdjustment>& net, const std::vector<CasAdjustment>& adjustments,
                    CodeTexts& texts) {
  for (const CasAdjustment& a : adjustments) {
    auto it = std::find_if(net.begin(), net.end(),
                           [&](const PostedAdjustment& p) { return p.group == a.group && p.reason == a.reason; });
    if (it == net.end()) {
      PostedAdjustment p;
      p.group = a.group;
      p.reason = a.reason;
      p.reason_text = texts.Carc(a.reason);
      p.denial = IsDenialAdjustment(a.group, a.reason);
      net.push_back(std::move(p));
      it = net.end() - 1;
    }
    it->amount += a.amount;
  }
}

void DropZero(std::vector<PostedAdjustment>& net) {
  net.erase(std::remove_if(net.begin(), net.end(), [](const PostedAdjustment& p) { return p.amount == 0; }), net.end());
}

void AddRemarks(std::vector<PostedRemark>& out, const std::vector<std::string>& codes, CodeTexts& texts) {
  for (const std::string& code : codes) {
    if (std::none_of(out.begin(), out.end(), [&](const PostedRemark& r) { return r.code == code; })) {
      out.push_back({code, texts.Rarc(code)});
    }
  }
}

Cents Sum(const std::vector<PostedAdjustment>& adjustments, bool (*keep)(const PostedAdjustment&)) {
  Cents total = 0;
  for (const auto& a : adjustments)
    if (keep(a)) total += a.amount;
  return total;
}

bool IsPr(const PostedAdjustment& a) { return a.group == "PR"; }
bool IsAny(const PostedAdjustment&) { return true; }
bool IsDenial(const PostedAdjustment& a) { return a.denial && a.amount > 0; }

std::string JoinModifiers(const std::vector<std::string>& mods) {
  std::string out;
  for (const auto& m : mods) out += (out.empty() ? "" : " ") + m;
  return out;
}

}  // namespace

// [SECTION] line matching ---------------------------------------------------------------------------------------------

namespace {

struct MatchChoice {
  int line = -1;
  LineMatch kind = LineMatch::kUnmatched;
  std::string note;
};

// Describes how the billed modifiers relate to the remitted ones.
LineMatch CompareModifiers(const std::vector<std::string>& billed, const std::vector<std::string>& paid,
                           std::string& note) {
  std::vector<std::string> b, p;
  for (const auto& m : billed) b.push_back(Upper(m));
  for (const auto& m : paid) p.push_back(Upper(m));
  if (b == p) return LineMatch::kExact;
  std::vector<std::string> bs = b, ps = p;
  std::sort(bs.begin(), bs.end());
  std::sort(ps.begin(), ps.end());
  if (bs == ps) {
    note = "modifiers reordered by the payer (billed " + JoinModifiers(b) + ", paid " + JoinModifiers(p) + ")";
    return LineMatch::kModifiersReordered;
  }
  std::vector<std::string> dropped, added;
  for (const auto& m : b)
    if (std::find(p.begin(), p.end(), m) == p.end()) dropped.push_back(m);
  for (const auto& m : p)
    if (std::find(b.begin(), b.end(), m) == b.end()) added.push_back(m);
  if (!dropped.empty()) note += std::string(dropped.size() == 1 ? "modifier " : "modifiers ") + JoinModifiers(dropped) + " dropped by the payer";
  if (!added.empty()) {
    if (!note.empty()) note += "; ";
    note += std::string(added.size() == 1 ? "modifier " : "modifiers ") + JoinModifiers(added) + " added by the payer";
  }
  return LineMatch::kModifiersDiffer;
}

bool ControlNumberIs(const std::string& control, const std::string& claim_id, size_t line) {
  if (control.empty()) return false;
  const std::string n = std::to_string(line + 1);
  return control == claim_id + "-" + n || control == n;
}

MatchChoice MatchLine(const Claim& claim, const ServicePayment& remit, const std::vector<bool>& used) {
  const auto& services = claim.coding.services;
  MatchChoice choice;
  // 1. The line item control number.
  for (size_t i = 0; i < services.size(); ++i) {
    if (!used[i] && ControlNumberIs(remit.control_number, claim.id, i)) {
      choice.line = static_cast<int>(i);
      choice.kind = LineMatch::kControlNumber;
      choice.note = "line item control number " + remit.control_number + " (REF*6R)";
      std::string mod_note;
      CompareModifiers(services[i].modifiers, remit.procedure.modifiers, mod_note);
      if (Upper(services[i].code) != Upper(remit.procedure.code)) {
        mod_note = "paid as " + remit.procedure.code + (mod_note.empty() ? "" : "; " + mod_note);
      }
      if (!mod_note.empty()) choice.note += "; " + mod_note;
      return choice;
    }
  }
  // 2. The code (as billed when the payer sent SVC06), then modifier overlap, then the charge, then claim order.
  const bool changed = !remit.original.empty();
  const RemitProcedure& as_billed = changed ? remit.original : remit.procedure;
  for (int pass = 0; pass < (changed ? 2 : 1); ++pass) {
    const RemitProcedure& proc = pass == 0 ? as_billed : remit.procedure;
    const std::string code = Upper(proc.code);
    int best = -1;
    int best_overlap = -1, best_charge = -1, best_diff = 0;
    for (size_t i = 0; i < services.size(); ++i) {
      if (used[i] || Upper(services[i].code) != code) continue;
      int overlap = 0;
      for (const auto& m : services[i].modifiers) {
        for (const auto& r : proc.modifiers) overlap += Upper(m) == Upper(r) ? 1 : 0;
      }
      const int charge = ChargeCents(services[i].charge) == remit.charge ? 1 : 0;
      const int diff = static_cast<int>(services[i].modifiers.size() + proc.modifiers.size()) - 2 * overlap;
      const bool better = overlap > best_overlap || (overlap == best_overlap && charge > best_charge) ||
                          (overlap == best_overlap && charge == best_charge && diff < best_diff);
      if (best < 0 || better) {
        best = static_cast<int>(i);
        best_overlap = overlap;
        best_charge = charge;
        best_diff = diff;
      }
    }
    if (best < 0) continue;
    choice.line = best;
    std::string note;
    const LineMatch mods = CompareModifiers(services[best].modifiers, proc.modifiers, note);
    if (changed && pass == 0) {
      choice.kind = LineMatch::kOriginalCode;
      choice.note = "billed " + remit.original.code + ", paid as " + remit.procedure.code + " (SVC06)" +
                    (note.empty() ? "" : "; " + note);
    } else {
      choice.kind = mods;
      choice.note = mods == LineMatch::kExact ? "same code and modifiers" : note;
      if (changed) choice.note += "; SVC06 named " + remit.original.code + ", which the claim does not have";
    }
    if (best_charge == 0) choice.note += "; charge differs (billed " + FormatCents(ChargeCents(services[best].charge)) +
                                         ", remitted " + FormatCents(remit.charge) + ")";
    return choice;
  }
  return choice;
}

}  // namespace

// [SECTION] posting ---------------------------------------------------------------------------------------------------

namespace {

void FinishClaim(ClaimPosting& posting, CodeTexts& texts, std::vector<DenialEntry>& worklist,
                 const std::vector<std::string>& claim_rarcs) {
  if (posting.remittances == 0) {
    posting.status = PostedStatus::kPending;
    return;
  }
  DropZero(posting.adjustments);
  bool any_denial = Sum(posting.adjustments, IsDenial) > 0;
  for (PostedLine& line : posting.lines) {
    DropZero(line.adjustments);
    line.patient_responsibility = Sum(line.adjustments, IsPr);
    line.adjusted = Sum(line.adjustments, IsAny);
    const Cents denied = Sum(line.adjustments, IsDenial);
    line.denied = line.remitted && line.paid == 0 && line.patient_responsibility == 0 && denied > 0;
    if (denied > 0) any_denial = true;
  }
  if (posting.last_status_code == "22") {
    posting.status = PostedStatus::kReversed;
  } else if (posting.last_status_code == "4" || (posting.paid == 0 && posting.patient_responsibility == 0)) {
    posting.status = PostedStatus::kDenied;
  } else if (any_denial) {
    posting.status = PostedStatus::kPartiallyPaid;
  } else {
    posting.status = PostedStatus::kPaid;
  }
  if (posting.status == PostedStatus::kReversed) return;

  // The worklist: a line with denial adjustments, a claim with claim-level ones, a denied claim with neither.
  const size_t before = worklist.size();
  auto make_entry = [&](int line_index, const PostedLine* line, const std::vector<PostedAdjustment>& adjustments,
                        const std::vector<PostedRemark>& line_remarks) {
    DenialEntry e;
    e.claim_id = posting.claim_id;
    e.line = line_index;
    if (line != nullptr) {
      e.code = line->code;
      e.modifiers = line->modifiers;
      e.partial = line->paid != 0 || line->patient_responsibility != 0;
    } else {
      e.partial = posting.paid != 0 || posting.patient_responsibility != 0;
    }
    e.remarks = line_remarks;
    AddRemarks(e.remarks, claim_rarcs, texts);
    std::vector<std::string> rarcs;
    for (const auto& r : e.remarks) rarcs.push_back(r.code);
    std::string notes;
    for (const PostedAdjustment& a : adjustments) {
      if (!IsDenial(a)) continue;
      e.adjustments.push_back(a);
      e.amount += a.amount;
      std::string note;
      for (const std::string& rule : CarcScrubRules(a.reason, rarcs, &note)) {
        if (std::find(e.rules.begin(), e.rules.end(), rule) == e.rules.end()) e.rules.push_back(rule);
      }
      notes += (notes.empty() ? "" : "; ") + a.group + "-" + a.reason + ": " + note;
    }
    e.rule_note = notes;
    worklist.push_back(std::move(e));
  };
  if (Sum(posting.adjustments, IsDenial) > 0) make_entry(-1, nullptr, posting.adjustments, {});
  for (const PostedLine& line : posting.lines) {
    if (Sum(line.adjustments, IsDenial) > 0) make_entry(line.line, &line, line.adjustments, line.remarks);
  }
  if (posting.status == PostedStatus::kDenied && worklist.size() == before) {
    DenialEntry e;
    e.claim_id = posting.claim_id;
    e.amount = posting.charge;
    AddRemarks(e.remarks, claim_rarcs, texts);
    e.rule_note = "the payer denied the claim (CLP02 " + posting.last_status_code +
                  ") without a denial reason code: see its remarks or call the payer";
    worklist.push_back(std::move(e));
  }
}

}  // namespace

PostingResult PostRemittances(const CodeSetPack& pack, const std::vector<Claim>& claims,
                              const std::vector<Remittance>& remits, const PostingOptions& options) {
  PostingResult result;
  CodeTexts texts(pack);
  std::map<std::string, size_t> by_id;
  result.claims.resize(claims.size());
  std::vector<std::vector<std::string>> claim_rarcs(claims.size());
  for (size_t i = 0; i < claims.size(); ++i) {
    by_id.emplace(claims[i].id, i);
    ClaimPosting& p = result.claims[i];
    p.claim_id = claims[i].id;
    for (size_t l = 0; l < claims[i].coding.services.size(); ++l) {
      const ServiceLine& s = claims[i].coding.services[l];
      PostedLine line;
      line.line = static_cast<int>(l);
      line.code = s.code;
      line.modifiers = s.modifiers;
      line.units = s.units;
      line.charge = ChargeCents(s.charge);
      p.charge += line.charge;
      p.lines.push_back(std::move(line));
    }
  }

  for (const Remittance& remit : remits) {
    const std::string which = "835 " + remit.control_number +
                              (remit.trace_number.empty() ? "" : " (" + remit.trace_number + ")");
    for (const ClaimPayment& clp : remit.claims) {
      auto found = by_id.find(clp.patient_control_number);
      if (found == by_id.end()) {
        result.unmatched.push_back({clp.patient_control_number, clp.status, clp.charge, clp.paid,
                                    which + ", " + clp.at.Text()});
        continue;
      }
      const Claim& claim = claims[found->second];
      ClaimPosting& p = result.claims[found->second];
      ++p.remittances;
      p.last_status_code = clp.status;
      if (!clp.payer_claim_number.empty()) p.payer_claim_number = clp.payer_claim_number;
      p.paid += clp.paid;
      AddAdjustments(p.adjustments, clp.adjustments, texts);
      AddRemarks(p.remarks, clp.remarks, texts);
      for (const auto& r : clp.remarks) claim_rarcs[found->second].push_back(r);
      Cents pr = 0;
      for (const auto& a : clp.adjustments)
        if (a.group == "PR") pr += a.amount;
      std::vector<bool> used(claim.coding.services.size(), false);
      for (const ServicePayment& svc : clp.lines) {
        for (const auto& a : svc.adjustments)
          if (a.group == "PR") pr += a.amount;
        MatchChoice m = MatchLine(claim, svc, used);
        PostedLine* line = nullptr;
        if (m.line >= 0) {
          used[static_cast<size_t>(m.line)] = true;
          line = &p.lines[static_cast<size_t>(m.line)];
          // A later CLP (a correction after a reversal) says how it matched last.
          line->match = m.kind;
          line->match_note = m.note;
        } else {
          PostedLine extra;
          extra.code = svc.procedure.code;
          extra.match = LineMatch::kUnmatched;
          extra.match_note = "no billed line with code " + svc.procedure.code + " left to match (" + svc.at.Text() + ")";
          extra.charge = svc.charge;
          p.lines.push_back(std::move(extra));
          line = &p.lines.back();
        }
        line->remitted = true;
        line->paid_code = svc.procedure.code;
        line->paid_modifiers = svc.procedure.modifiers;
        line->paid += svc.paid;
        if (svc.allowed) line->allowed = line->allowed.value_or(0) + *svc.allowed;
        AddAdjustments(line->adjustments, svc.adjustments, texts);
        AddRemarks(line->remarks, svc.remarks, texts);
      }
      p.patient_responsibility += clp.patient_responsibility ? *clp.patient_responsibility : pr;
      Cents adjusted = 0;
      for (const auto& a : clp.adjustments) adjusted += a.amount;
      for (const auto& l : clp.lines)
        for (const auto& a : l.adjustments) adjusted += a.amount;
      p.adjusted += adjusted;
      p.history.push_back(which + ": CLP02 " + clp.status + (clp.status == "22" ? " (reversal)" : "") + ", paid " +
                          FormatCents(clp.paid) + " of " + FormatCents(clp.charge) +
                          (clp.payer_claim_number.empty() ? "" : ", payer claim " + clp.payer_claim_number));
    }
  }

  // Expected payments.
  std::string locality_note;
  const bool expect = options.expected_payments && !options.practice_zip.empty();
  if (expect) {
    auto loc = LocalityForZip(pack, options.practice_zip);
    locality_note = loc.ok() ? "ZIP " + loc->zip5 + " (carrier " + loc->carrier + ", locality " + loc->locality + ")"
                             : "ZIP " + options.practice_zip + ": " + loc.error().message;
  }
  for (size_t i = 0; i < claims.size(); ++i) {
    ClaimPosting& p = result.claims[i];
    FinishClaim(p, texts, result.worklist, claim_rarcs[i]);
    result.total_paid += p.paid;
    if (!expect) continue;
    const Claim& claim = claims[i];
    const bool facility = IsFacilityPos(pack, claim.header.place_of_service);
    for (PostedLine& line : p.lines) {
      if (line.line < 0) continue;
      const ServiceLine& s = claim.coding.services[static_cast<size_t>(line.line)];
      const std::string& dos = s.date_of_service.empty() ? claim.date_of_service : s.date_of_service;
      line.expected = ExpectLine(pack, s, options.practice_zip, facility, dos, line.paid, line.patient_responsibility);
      if (line.expected.priced) {
        p.expected += line.expected.expected;
        p.expected_difference += line.expected.difference;
      } else {
        ++p.unpriced_lines;
      }
    }
    p.expected_note = "Medicare allowed, MPFS CY2025 (RVU25D) at " + locality_note + ", " +
                      (facility ? "facility" : "non-facility") + " rate (POS " +
                      (claim.header.place_of_service.empty() ? "not entered" : claim.header.place_of_service) + ")";
    if (p.unpriced_lines > 0) p.expected_note += "; " + std::to_string(p.unpriced_lines) + " line(s) not priced";
  }
  return result;
}

// [SECTION] expected payment ------------------------------------------------------------------------------------------

bool IsFacilityPos(const CodeSetPack& pack, std::string_view pos) {
  auto found = LookupPlaceOfService(pack, pos);
  if (found.ok()) return found->Facility();
  static const std::set<std::string_view> kFacility = {"21", "22", "23", "24", "26", "31", "34",
                                                       "41", "42", "51", "52", "53", "56", "61"};
  return kFacility.count(pos) > 0;
}

ExpectedLine ExpectLine(const CodeSetPack& pack, const ServiceLine& line, std::string_view zip5, bool facility,
                        std::string_view dos, Cents paid, Cents patient_responsibility) {
  ExpectedLine e;
  e.facility = facility;
  for (const auto& m : line.modifiers) {
    const std::string u = Upper(m);
    if (u == "26" || u == "TC" || u == "53") {
      e.modifier = u;
      break;
    }
  }
  auto payment = ExpectedPayment(pack, line.code, e.modifier, zip5, facility);
  if (!payment.ok() && !e.modifier.empty() && payment.error().code == ErrorCode::kNotFound) {
    e.modifier.clear();
    payment = ExpectedPayment(pack, line.code, "", zip5, facility);
  }
  if (!payment.ok()) {
    e.note = "not priced: " + payment.error().message;
    return e;
  }
  if (!payment->computed) {
    e.note = "not priced: status " + payment->rvu.status + " (" + payment->status_meaning + ")";
    return e;
  }
  // allowed is 2 places: cents.
  Cents per_unit = payment->allowed.scaled;
  for (int p = payment->allowed.places; p > 2; --p) per_unit /= 10;
  for (int p = payment->allowed.places; p < 2; ++p) per_unit *= 10;
  e.priced = true;
  e.per_unit = per_unit;
  e.expected = per_unit * std::max(line.units, 0);
  e.difference = paid + patient_responsibility - e.expected;
  e.note = "MPFS CY2025 " + std::string(facility ? "facility" : "non-facility") + " " + FormatCents(per_unit) + " x " +
           std::to_string(line.units) + " unit(s)";
  if (payment->opps_cap_applied) e.note += " (OPPS cap)";
  auto date = ParseDate(dos);
  if (date.ok() && date->year != 2025) {
    e.note += "; the 2025 schedule used for a " + std::to_string(date->year) +
              " date of service (the only schedule in the pack)";
  }
  return e;
}

// [SECTION] JSON ------------------------------------------------------------------------------------------------------

namespace {

using json_fields::json;

json AdjustmentsJson(const std::vector<PostedAdjustment>& adjustments) {
  json out = json::array();
  for (const auto& a : adjustments) {
    out.push_back({{"group", a.group}, {"reason", a.reason}, {"amount", FormatCents(a.amount)},
                   {"reason_text", a.reason_text}, {"denial", a.denial}});
  }
  return out;
}

json RemarksJson(const std::vector<PostedRemark>& remarks) {
  json out = json::array();
  for (const auto& r : remarks) out.push_back({{"code", r.code}, {"text", r.text}});
  return out;
}

json ClaimJson(const ClaimPosting& p) {
  json lines = json::array();
  for (const PostedLine& l : p.lines) {
    json line = {{"line", l.line},
                 {"code", l.code},
                 {"modifiers", l.modifiers},
                 {"paid_code", l.paid_code},
                 {"paid_modifiers", l.paid_modifiers},
                 {"match", LineMatchName(l.match)},
                 {"match_note", l.match_note},
                 {"units", l.units},
                 {"charge", FormatCents(l.charge)},
                 {"paid", FormatCents(l.paid)},
                 {"patient_responsibility", FormatCents(l.patient_responsibility)},
                 {"adjusted", FormatCents(l.adjusted)},
                 {"adjustments", AdjustmentsJson(l.adjustments)},
                 {"remarks", RemarksJson(l.remarks)},
                 {"denied", l.denied},
                 {"remitted", l.remitted}};
    if (l.allowed) line["allowed"] = FormatCents(*l.allowed);
    line["expected"] = {{"priced", l.expected.priced},
                        {"note", l.expected.note},
                        {"per_unit", FormatCents(l.expected.per_unit)},
                        {"expected", FormatCents(l.expected.expected)},
                        {"difference", FormatCents(l.expected.difference)},
                        {"facility", l.expected.facility},
                        {"modifier", l.expected.modifier}};
    lines.push_back(std::move(line));
  }
  return {{"claim_id", p.claim_id},
          {"status", PostedStatusName(p.status)},
          {"payer_claim_number", p.payer_claim_number},
          {"last_status_code", p.last_status_code},
          {"remittances", p.remittances},
          {"charge", FormatCents(p.charge)},
          {"paid", FormatCents(p.paid)},
          {"patient_responsibility", FormatCents(p.patient_responsibility)},
          {"adjusted", FormatCents(p.adjusted)},
          {"adjustments", AdjustmentsJson(p.adjustments)},
          {"remarks", RemarksJson(p.remarks)},
          {"lines", std::move(lines)},
          {"history", p.history},
          {"expected", FormatCents(p.expected)},
          {"expected_difference", FormatCents(p.expected_difference)},
          {"unpriced_lines", p.unpriced_lines},
          {"expected_note", p.expected_note}};
}

// Readers for ClaimPostingFromJson: every field optional; wrong types are errors naming the field.
class JsonIn {
 public:
  JsonIn(const std::string& where) : m_where(where) {}
  Status Str(const json& o, const char* key, const std::string& prefix, std::string& out) {
    return json_fields::ReadString(o, key, prefix, m_where, out);
  }
  Status Int(const json& o, const char* key, const std::string& prefix, int& out) {
    return json_fields::ReadInt(o, key, prefix, m_where, out);
  }
  Status Money(const json& o, const char* key, const std::string& prefix, Cents& out) {
    std::string text;
    if (Status st = Str(o, key, prefix, text); !st.ok()) return st;
    if (text.empty()) return Status::Ok();
    auto c = ParseX12Amount(text, json_fields::Join(prefix, key));
    if (!c.ok()) return json_fields::FieldError(m_where, json_fields::Join(prefix, key), "expected an amount such as \"12.50\"");
    out = *c;
    return Status::Ok();
  }
  Status Bool(const json& o, const char* key, const std::string& prefix, bool& out) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_boolean()) return json_fields::FieldError(m_where, json_fields::Join(prefix, key), "expected true or false");
    out = it->get<bool>();
    return Status::Ok();
  }
  Status Strings(const json& o, const char* key, const std::string& prefix, std::vector<std::string>& out) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_array()) return json_fields::FieldError(m_where, json_fields::Join(prefix, key), "expected a list of strings");
    for (const auto& v : *it) {
      if (!v.is_string()) return json_fields::FieldError(m_where, json_fields::Join(prefix, key), "expected a list of strings");
      out.push_back(v.get<std::string>());
    }
    return Status::Ok();
  }
  Status Array(const json& o, const char* key, const std::string& prefix, const json*& out) {
    out = nullptr;
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_array()) return json_fields::FieldError(m_where, json_fields::Join(prefix, key), "expected a list");
    out = &*it;
    return Status::Ok();
  }
  Status Adjustments(const json& o, const char* key, const std::string& prefix, std::vector<PostedAdjustment>& out) {
    const json* list = nullptr;
    if (Status st = Array(o, key, prefix, list); !st.ok() || list == nullptr) return st;
    for (size_t i = 0; i < list->size(); ++i) {
      const json& a = (*list)[i];
      const std::string at = json_fields::Join(prefix, key) + "[" + std::to_string(i) + "]";
      if (!a.is_object()) return json_fields::FieldError(m_where, at, "expected an object");
      PostedAdjustment p;
      for (Status st : {Str(a, "group", at, p.group), Str(a, "reason", at, p.reason), Money(a, "amount", at, p.amount),
                        Str(a, "reason_text", at, p.reason_text), Bool(a, "denial", at, p.denial)}) {
        if (!st.ok()) return st;
      }
      out.push_back(std::move(p));
    }
    return Status::Ok();
  }
  Status Remarks(const json& o, const char* key, const std::string& prefix, std::vector<PostedRemark>& out) {
    const json* list = nullptr;
    if (Status st = Array(o, key, prefix, list); !st.ok() || list == nullptr) return st;
    for (size_t i = 0; i < list->size(); ++i) {
      const json& r = (*list)[i];
      const std::string at = json_fields::Join(prefix, key) + "[" + std::to_string(i) + "]";
      if (!r.is_object()) return json_fields::FieldError(m_where, at, "expected an object");
      PostedRemark p;
      for (Status st : {Str(r, "code", at, p.code), Str(r, "text", at, p.text)}) {
        if (!st.ok()) return st;
      }
      out.push_back(std::move(p));
    }
    return Status::Ok();
  }

 private:
  std::string m_where;
};

template <class E>
bool EnumFromName(const std::string& name, E& out, const char* (*namer)(E), std::initializer_list<E> values) {
  for (E v : values) {
    if (name == namer(v)) {
      out = v;
      return true;
    }
  }
  return false;
}

}  // namespace

// 835 text is outside input: a byte that is not UTF-8 is replaced (U+FFFD), never a throw (exceptions are off in wasm).
static std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string ClaimPostingToJson(const ClaimPosting& posting) { return Dump(ClaimJson(posting)); }

Result<ClaimPosting> ClaimPostingFromJson(std::string_view text, const std::string& where) {
  auto root = json_fields::Parse(text, "claim posting", where);
  if (!root.ok()) return root.error();
  if (!root->is_object()) return json_fields::FieldError(where, "posting", "expected an object");
  const json& o = *root;
  JsonIn in(where);
  ClaimPosting p;
  std::string status;
  for (Status st : {in.Str(o, "claim_id", "", p.claim_id), in.Str(o, "status", "", status),
                    in.Str(o, "payer_claim_number", "", p.payer_claim_number),
                    in.Str(o, "last_status_code", "", p.last_status_code), in.Int(o, "remittances", "", p.remittances),
                    in.Money(o, "charge", "", p.charge), in.Money(o, "paid", "", p.paid),
                    in.Money(o, "patient_responsibility", "", p.patient_responsibility),
                    in.Money(o, "adjusted", "", p.adjusted), in.Adjustments(o, "adjustments", "", p.adjustments),
                    in.Remarks(o, "remarks", "", p.remarks), in.Strings(o, "history", "", p.history),
                    in.Money(o, "expected", "", p.expected),
                    in.Money(o, "expected_difference", "", p.expected_difference),
                    in.Int(o, "unpriced_lines", "", p.unpriced_lines), in.Str(o, "expected_note", "", p.expected_note)}) {
    if (!st.ok()) return st.error();
  }
  if (!status.empty() && !EnumFromName(status, p.status, PostedStatusName,
                                       {PostedStatus::kPending, PostedStatus::kPaid, PostedStatus::kPartiallyPaid,
                                        PostedStatus::kDenied, PostedStatus::kReversed})) {
    return json_fields::FieldError(where, "status", "unknown status \"" + status + "\"");
  }
  const json* lines = nullptr;
  if (Status st = in.Array(o, "lines", "", lines); !st.ok()) return st.error();
  for (size_t i = 0; lines != nullptr && i < lines->size(); ++i) {
    const json& l = (*lines)[i];
    const std::string at = "lines[" + std::to_string(i) + "]";
    if (!l.is_object()) return json_fields::FieldError(where, at, "expected an object");
    PostedLine line;
    std::string match;
    for (Status st : {in.Int(l, "line", at, line.line), in.Str(l, "code", at, line.code),
                      in.Strings(l, "modifiers", at, line.modifiers), in.Str(l, "paid_code", at, line.paid_code),
                      in.Strings(l, "paid_modifiers", at, line.paid_modifiers), in.Str(l, "match", at, match),
                      in.Str(l, "match_note", at, line.match_note), in.Int(l, "units", at, line.units),
                      in.Money(l, "charge", at, line.charge), in.Money(l, "paid", at, line.paid),
                      in.Money(l, "patient_responsibility", at, line.patient_responsibility),
                      in.Money(l, "adjusted", at, line.adjusted), in.Adjustments(l, "adjustments", at, line.adjustments),
                      in.Remarks(l, "remarks", at, line.remarks), in.Bool(l, "denied", at, line.denied),
                      in.Bool(l, "remitted", at, line.remitted)}) {
      if (!st.ok()) return st.error();
    }
    if (!match.empty() && !EnumFromName(match, line.match, LineMatchName,
                                        {LineMatch::kControlNumber, LineMatch::kExact, LineMatch::kModifiersReordered,
                                         LineMatch::kModifiersDiffer, LineMatch::kOriginalCode, LineMatch::kUnmatched})) {
      return json_fields::FieldError(where, at + ".match", "unknown match \"" + match + "\"");
    }
    if (l.contains("allowed") && !l["allowed"].is_null()) {
      Cents allowed = 0;
      if (Status st = in.Money(l, "allowed", at, allowed); !st.ok()) return st.error();
      line.allowed = allowed;
    }
    auto e = l.find("expected");
    if (e != l.end() && e->is_object()) {
      const std::string eat = at + ".expected";
      ExpectedLine& x = line.expected;
      for (Status st : {in.Bool(*e, "priced", eat, x.priced), in.Str(*e, "note", eat, x.note),
                        in.Money(*e, "per_unit", eat, x.per_unit), in.Money(*e, "expected", eat, x.expected),
                        in.Money(*e, "difference", eat, x.difference), in.Bool(*e, "facility", eat, x.facility),
                        in.Str(*e, "modifier", eat, x.modifier)}) {
        if (!st.ok()) return st.error();
      }
    }
    p.lines.push_back(std::move(line));
  }
  return p;
}

std::string PostingResult::ToJson() const {
  json out;
  json list = json::array();
  for (const ClaimPosting& p : claims) list.push_back(ClaimJson(p));
  out["claims"] = std::move(list);
  json unmatched_json = json::array();
  for (const UnmatchedRemit& u : unmatched) {
    unmatched_json.push_back({{"patient_control_number", u.patient_control_number},
                              {"status_code", u.status_code},
                              {"charge", FormatCents(u.charge)},
                              {"paid", FormatCents(u.paid)},
                              {"where", u.where}});
  }
  out["unmatched"] = std::move(unmatched_json);
  json work = json::array();
  for (const DenialEntry& d : worklist) {
    work.push_back({{"claim_id", d.claim_id},
                    {"line", d.line},
                    {"code", d.code},
                    {"modifiers", d.modifiers},
                    {"amount", FormatCents(d.amount)},
                    {"partial", d.partial},
                    {"adjustments", AdjustmentsJson(d.adjustments)},
                    {"remarks", RemarksJson(d.remarks)},
                    {"rules", d.rules},
                    {"rule_note", d.rule_note}});
  }
  out["worklist"] = std::move(work);
  out["total_paid"] = FormatCents(total_paid);
  return Dump(out);
}

// [SECTION] acknowledgments -------------------------------------------------------------------------------------------

std::vector<ClaimAckResult> Apply999(const Ack999& ack, const std::vector<SubmittedTransaction>& sent) {
  std::vector<ClaimAckResult> out;
  for (const AckTransaction& t : ack.transactions) {
    for (const SubmittedTransaction& s : sent) {
      if (s.control_number != t.control_number) continue;
      if (!s.group_control_number.empty() && !ack.group_control_number.empty() &&
          s.group_control_number != ack.group_control_number) {
        continue;
      }
      AckState state = AckState::kRejected;
      if (t.status == "A") state = AckState::kAccepted;
      if (t.status == "E") state = AckState::kAcceptedWithErrors;
      if (t.status.empty()) state = AckState::kPending;
      const std::string reason = "999 for transaction " + t.control_number + ": " + DescribeAckTransaction(t);
      for (const std::string& id : s.claim_ids) out.push_back({id, "999", state, reason, ""});
    }
  }
  return out;
}

std::vector<ClaimAckResult> Apply277(const Ack277& ack, const std::vector<std::string>& claim_ids,
                                     std::vector<std::string>* unmatched) {
  std::vector<ClaimAckResult> out;
  const std::set<std::string> ids(claim_ids.begin(), claim_ids.end());
  for (const ClaimAck& c : ack.claims) {
    if (ids.count(c.patient_control_number) == 0) {
      if (unmatched != nullptr) unmatched->push_back(c.patient_control_number);
      continue;
    }
    ClaimAckResult r;
    r.claim_id = c.patient_control_number;
    r.source = "277CA";
    switch (c.Outcome()) {
      case AckOutcome::kAccepted: r.state = AckState::kAccepted; break;
      case AckOutcome::kRejected: r.state = AckState::kRejected; break;
      case AckOutcome::kOther: r.state = AckState::kPending; break;
    }
    for (const ClaimStatusInfo& s : c.statuses) {
      if (!r.reason.empty()) r.reason += "; ";
      r.reason += s.category + ":" + s.code + (s.entity.empty() ? "" : ":" + s.entity) + " " +
                  ClaimStatusCategoryText(s.category);
      if (!s.message.empty()) r.reason += " (" + s.message + ")";
    }
    r.payer_claim_number = c.payer_claim_number;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace medcode::engine
