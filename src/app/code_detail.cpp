// code_detail.cpp: gathering what the screen shows about one code (see code_detail.h). One function per code kind;
// each set's facts come from its own engine header (codeset_<set>.h).
#include "app/code_detail.h"

#include <algorithm>

#include "engine/codeset_hcc.h"
#include "engine/codeset_hcpcs.h"
#include "engine/codeset_index.h"
#include "engine/codeset_mce.h"
#include "engine/codeset_mpfs.h"
#include "engine/codeset_msdrg.h"
#include "engine/codeset_ncci.h"
#include "engine/codeset_ptp.h"
#include "engine/codeset_tabular.h"
#include "engine/cpt_descriptors.h"

namespace medcode::app {

namespace {

std::string FyStart(int fy) { return std::to_string(fy - 1) + "-10-01"; }
std::string FyEnd(int fy) { return std::to_string(fy) + "-09-30"; }

// The fiscal year of `dos`, or 0 when there is no usable date of service.
int DosFiscalYear(const std::string& dos, engine::Date* date) {
  auto d = engine::ParseDate(dos);
  if (dos.empty() || !d.ok()) return 0;
  *date = *d;
  return engine::FiscalYear(*d);
}

// The tabular's notes (the code's own and those it inherits) and its 7th-character rule.
void AddTabular(const engine::CodeSetPack& pack, const std::string& code, CodeLookup& r) {
  if (auto notes = engine::IcdNotes(pack, code); notes.ok()) {
    // The most specific first: the code's own notes, its parents', then the section's and the chapter's (the
    // tabular order within each place is kept).
    std::stable_sort(notes->begin(), notes->end(), [](const engine::IcdNote& a, const engine::IcdNote& b) {
      if (a.level != b.level) return a.level > b.level;
      return a.level == engine::IcdNoteLevel::kCode && a.owner.size() > b.owner.size();
    });
    for (const auto& n : *notes) {
      DetailNote d{engine::IcdNoteKindLabel(n.kind), n.text, "", n.block, {}};
      if (n.inherited) {
        d.from = n.level == engine::IcdNoteLevel::kChapter   ? "chapter " + n.owner
                 : n.level == engine::IcdNoteLevel::kSection ? "section " + n.owner
                                                             : n.owner;
      }
      for (const auto& ref : n.refs) {
        if (ref.codes > 0) d.links.push_back({ref.text, ref.first});
      }
      r.notes.push_back(std::move(d));
    }
  }
  const engine::IcdSeventhRule rule = engine::IcdSeventhCharacters(pack, code);
  if (!rule.needs_seventh) return;
  if (const engine::IcdSeventhCharacter* own = rule.seventh ? rule.Find(rule.seventh) : nullptr) {
    r.seventh_rule = std::string("7th character ") + own->character + ": " + own->meaning + " (defined at " +
                     rule.defined_at + ")";
    return;
  }
  r.seventh_rule = "A 7th character is required (defined at " + rule.defined_at + ")" +
                   (rule.base.empty() ? ": choose a more specific code first, then one of these." : ":");
  for (const auto& o : rule.options) {
    r.seventh_characters.push_back({std::string(1, o.character),
                                    o.meaning + (o.note.empty() ? "" : " (also: " + o.note + ")"), o.code});
  }
}

// Medicare Code Editor edits, MS-DRG CC/MCC and CMS-HCC of an ICD-10-CM code.
void AddIcdEditsAndRisk(const engine::CodeSetPack& pack, const std::string& code, CodeLookup& r) {
  const engine::MceEdits mce = engine::IcdMceEdits(pack, code);
  for (engine::MceEdit e : mce.List()) {
    r.facts.push_back({"Edits", std::string("MCE v41.1 ") + engine::MceEditRule(e), engine::MceEditMeaning(e)});
  }
  const engine::DxSeverity sev = engine::IcdSeverity(pack, code);
  if (sev.level != engine::SeverityLevel::kNone) {
    const std::string level = engine::SeverityLevelName(sev.level);
    r.badges.push_back(level);
    std::string groups;
    for (int g : sev.pdx_groups) groups += (groups.empty() ? "" : ", ") + engine::PdxGroupName(g);
    r.facts.push_back({"Risk adjustment", "MS-DRG v41.1",
                       level + " as a secondary diagnosis; PDX exclusion group " +
                           (sev.pdx_group_exact ? groups : "one of " + groups)});
  }
  const engine::IcdHccMap hcc = engine::IcdHcc(pack, code);
  for (const auto& [name, list] : {std::pair{"V28", &hcc.v28}, std::pair{"V24", &hcc.v24}}) {
    for (const engine::Hcc& h : *list) {
      r.badges.push_back("HCC " + std::to_string(h.number) + " (" + name + ")");
      r.facts.push_back({"Risk adjustment", std::string("CMS-HCC ") + name,
                         "HCC " + std::to_string(h.number) + " " + h.label + " (community non-dual aged factor " +
                             h.cna_factor + ")"});
    }
  }
}

void LookUpIcd(const engine::CodeSetPack& pack, engine::IcdCode code, const std::string& dos, LookupDepth depth,
               CodeLookup& r) {
  r.found = true;
  r.kind = CodeKind::kIcd10cm;
  r.code = code.code;
  if (!code.description.empty()) {
    r.shown_description = code.description;
  } else if (auto parent = pack.NearestDescribedParent(code)) {
    r.shown_description = "(no description in the editions loaded; nearest parent " + parent->code + ": " +
                          parent->description + ")";
  } else {
    r.shown_description = "(no description in the editions loaded)";
  }
  if (code.chapter > 0) {
    r.breadcrumb.push_back("Chapter " + std::to_string(code.chapter) + "  " + pack.ChapterTitle(code.chapter));
  }
  if (!code.section.empty()) r.breadcrumb.push_back(code.section + "  " + pack.SectionTitle(code.section));
  if (code.code.size() > 3) {
    if (auto category = pack.Icd(code.category); category.ok()) {
      r.breadcrumb.push_back(category->code + "  " + category->description);
    }
  }

  // Validity: the fiscal years of the editions loaded, as dates.
  int first = 0, last = 0;
  std::string years;
  for (int fy = engine::kFirstIcdFiscalYear; fy <= engine::kLastIcdFiscalYear; ++fy) {
    if (code.ValidIn(fy)) {
      if (!first) first = fy;
      last = fy;
    }
    if (!years.empty()) years += ", ";
    years += "FY" + std::to_string(fy) + (code.BillableIn(fy) ? " billable" : code.ValidIn(fy) ? " header" : " not valid");
  }
  if (first) {
    r.valid_dates = FyStart(first) + " .. " + FyEnd(last);
    if (first == engine::kFirstIcdFiscalYear) r.valid_dates = "from before " + FyStart(first) + " .. " + FyEnd(last);
    if (last == engine::kLastIcdFiscalYear) r.valid_dates += " (the last edition loaded)";
  }
  r.facts.push_back({"Validity", "Fiscal years", years});
  if (!code.description_edition.empty()) r.facts.push_back({"Validity", "Description from", code.description_edition});
  r.badges.push_back(code.BillableIn(engine::kLastIcdFiscalYear) ? "Billable"
                     : code.ValidIn(engine::kLastIcdFiscalYear)  ? "Header"
                                                                  : "Not in FY" + std::to_string(engine::kLastIcdFiscalYear));

  engine::Date date;
  if (const int fy = DosFiscalYear(dos, &date)) {
    const std::string when = engine::ToIso(date) + " (FY" + std::to_string(fy) + ")";
    if (fy < engine::kFirstIcdFiscalYear || fy > engine::kLastIcdFiscalYear) {
      r.at_date_of_service = "The date of service " + when + " is outside the editions loaded (FY" +
                             std::to_string(engine::kFirstIcdFiscalYear) + "-FY" +
                             std::to_string(engine::kLastIcdFiscalYear) + "): validity cannot be checked.";
    } else {
      r.dos_checked = true;
      if (code.BillableIn(fy)) {
        r.billable_at_dos = true;
        r.at_date_of_service = "Billable on " + when + ".";
      } else if (code.ValidIn(fy)) {
        r.at_date_of_service = "A header on " + when + ": not billable, choose a more specific code.";
      } else {
        r.at_date_of_service = "Not valid on " + when + ".";
      }
    }
  }
  r.children = pack.IcdChildren(code.code);
  AddIcdEditsAndRisk(pack, code.code, r);  // its badges show in the preview too
  if (depth == LookupDepth::kPreview) {
    r.icd = std::move(code);
    return;
  }
  AddTabular(pack, code.code, r);
  // The alphabetic index and tables entries that lead here (the way a coder checks the index agrees).
  constexpr int kIndexShown = 12;
  for (const auto& hit : engine::IndexEntriesForCode(pack, code.code, kIndexShown)) {
    std::string path = hit.path;
    if (hit.column > 0) path += std::string(" > ") + engine::IndexColumnName(hit.term.tree, hit.column);
    r.facts.push_back({"Alphabetic index", engine::IndexTreeName(hit.term.tree), path + "  " + hit.code.printed});
  }
  r.icd = std::move(code);
}

// MUE and add-on edits of a CPT or HCPCS code.
void AddNcciFacts(const engine::CodeSetPack& pack, const std::string& code, CodeLookup& r) {
  for (auto table : {engine::MueTable::kPractitioner, engine::MueTable::kOutpatientHospital,
                     engine::MueTable::kDmeSupplier}) {
    auto mue = engine::LookupMue(pack, table, code);
    if (!mue.ok()) continue;
    // The meaning starts with "MAI n, ...".
    std::string value = std::to_string(mue->units) + " unit" + (mue->units == 1 ? "" : "s") + ", " +
                        engine::MueAdjudicationMeaning(mue->mai);
    if (!mue->rationale.empty()) value += " (" + mue->rationale + ")";
    r.facts.push_back({"Edits", std::string("MUE ") + engine::MueTableName(table), value});
  }
  const auto primaries = engine::AddOnPrimaries(pack, code);
  if (!primaries.empty()) {
    r.badges.push_back("Add-on");
    std::string list;
    size_t shown = 0;
    for (const auto& p : primaries) {
      if (shown++ == 12) {
        list += ", ... (" + std::to_string(primaries.size()) + " in all)";
        break;
      }
      if (!list.empty()) list += ", ";
      list += p.AnyPrimary() ? std::string("any primary per CPT instructions") : p.primary_code;
    }
    r.facts.push_back({"Edits", "Add-on code: report with",
                       list + ". " + engine::AddOnEditTypeMeaning(primaries.front().type)});
  }
}

// The 2025 physician fee schedule: status, RVUs and the national amounts (the practice's locality comes with the
// practice settings).
void AddFeeFacts(const engine::CodeSetPack& pack, const std::string& code, CodeLookup& r) {
  auto rvu = engine::LookupRvu(pack, code);
  if (!rvu.ok()) return;
  r.facts.push_back({"Payment", "PFS status", engine::MpfsStatusMeaning(rvu->status)});
  r.facts.push_back({"Payment", "RVUs (work / PE non-facility / PE facility / MP)",
                     rvu->work_rvu.Text() + " / " + (rvu->nonfacility_na ? "NA" : rvu->nonfacility_pe_rvu.Text()) +
                         " / " + (rvu->facility_na ? "NA" : rvu->facility_pe_rvu.Text()) + " / " + rvu->mp_rvu.Text()});
  if (!rvu->global_days.empty()) r.facts.push_back({"Payment", "Global days", rvu->global_days});
  for (bool facility : {false, true}) {
    auto pay = engine::NationalPayment(pack, code, "", facility);
    if (!pay.ok() || !pay->computed) continue;
    r.facts.push_back({"Payment", facility ? "National amount, facility" : "National amount, non-facility",
                       "$" + pay->allowed.Text() + "  (" + pay->Explain() + ")"});
  }
}

// NCCI procedure-to-procedure edits of the code in each setting: counts and a few pairs (about 50 ms: full only).
void AddPtpFacts(const engine::CodeSetPack& pack, const std::string& code, CodeLookup& r) {
  constexpr size_t kExamples = 5;
  for (auto setting : {engine::PtpSetting::kPractitioner, engine::PtpSetting::kOutpatientHospital}) {
    auto edits = engine::ListPtpForCode(pack, setting, code, kExamples);
    if (!edits.ok() || edits->as_column1 + edits->as_column2 == 0) continue;
    const std::string label = std::string("NCCI PTP ") + engine::PtpSettingName(setting);
    r.facts.push_back({"Edits", label,
                       std::to_string(edits->active_as_column1) + " active edits as column 1, " +
                           std::to_string(edits->active_as_column2) + " as column 2 (" +
                           std::to_string(edits->as_column1 + edits->as_column2) +
                           " rows with deleted ones). Indicator 0: no modifier bypasses the edit; 1: an NCCI-associated "
                           "modifier (59, XE, XS, XP, XU, ...) may, when the services were distinct"});
    std::string pairs;
    for (const auto& e : edits->column1_edits) {
      if (!e.active()) continue;
      pairs += (pairs.empty() ? "" : "; ") + e.column2 + " (indicator " +
               std::to_string(static_cast<int>(e.modifier)) + ")";
    }
    if (!pairs.empty()) r.facts.push_back({"Edits", label + ", column 2 codes", pairs + ", ..."});
  }
}

void LookUpHcpcs(const engine::CodeSetPack& pack, const engine::HcpcsCode& h, const CptDescriptorSource& cpt,
                 LookupDepth depth, CodeLookup& r) {
  r.found = true;
  r.code = h.code;
  r.kind = h.level == 1 ? CodeKind::kCpt : CodeKind::kHcpcs;
  if (h.described()) {
    r.shown_description = h.long_description;
  } else if (auto own = h.level == 1 && cpt ? cpt(h.code) : std::nullopt) {
    r.shown_description = *own;
    r.facts.push_back({"Classification", "Descriptor", "from your imported CPT file (AMA licence)"});
  } else {
    r.shown_description = std::string("(") + engine::HcpcsDescriptionGap(h.description_status) + ")";
  }
  if (h.noc) r.badges.push_back("NOC: needs a narrative");
  if (h.level == 2) {
    if (!h.date_terminated.empty()) {
      r.badges.push_back("Terminated " + h.date_terminated);
    } else if (h.in_2026q3) {
      r.badges.push_back("Valid 2026 Q3");
    }
    r.valid_dates = (h.date_added.empty() ? std::string("?") : h.date_added) + " .. " +
                    (h.date_terminated.empty() ? std::string(h.in_2026q3 ? "open (listed July 2026)" : "?")
                                               : h.date_terminated);
    for (const auto& s : h.short_descriptions) r.facts.push_back({"Classification", "Short description", s});
    if (!h.coverage.empty()) {
      r.facts.push_back({"Payment", "Coverage", h.coverage + ": " + engine::HcpcsCoverageText(h.coverage)});
    }
    if (!h.pricing.empty()) r.facts.push_back({"Payment", "Pricing indicator", h.pricing});
    if (!h.betos.empty()) r.facts.push_back({"Classification", "BETOS", h.betos});
    if (!h.type_of_service.empty()) r.facts.push_back({"Classification", "Type of service", h.type_of_service});
    if (!h.cross_reference.empty()) r.facts.push_back({"Validity", "Use instead", h.cross_reference});
  } else if (!h.rbcs_code_added.empty()) {
    r.valid_dates = h.rbcs_code_added + " .. " + (h.rbcs_code_ended == "9999-12-31" ? "open" : h.rbcs_code_ended) +
                    " (RBCS)";
  }
  if (!h.rbcs_category.empty()) {
    r.facts.push_back({"Classification", "RBCS", h.rbcs_category + " > " + h.rbcs_subcategory + " > " +
                                                    h.rbcs_family + " (" + h.rbcs_procedure + ")"});
  }
  AddNcciFacts(pack, h.code, r);
  if (depth == LookupDepth::kFull) AddPtpFacts(pack, h.code, r);
  AddFeeFacts(pack, h.code, r);
}

}  // namespace

const char* CodeKindName(CodeKind kind) {
  switch (kind) {
    case CodeKind::kNone: return "";
    case CodeKind::kIcd10cm: return "ICD-10-CM";
    case CodeKind::kHcpcs: return "HCPCS Level II";
    case CodeKind::kCpt: return "CPT";
  }
  return "";
}

CodeLookup LookUpCode(const engine::CodeSetPack& pack, const std::string& query, const std::string& dos,
                      const CptDescriptorSource& cpt_descriptor, LookupDepth depth) {
  CodeLookup r;
  r.query = query;
  if (auto icd = pack.Icd(query); icd.ok()) {
    LookUpIcd(pack, std::move(icd).value(), dos, depth, r);
    return r;
  }
  const std::string code = engine::NormalizeHcpcsCode(query);
  if (auto h = engine::LookupHcpcs(pack, code); h.ok()) {
    LookUpHcpcs(pack, *h, cpt_descriptor, depth, r);
    return r;
  }
  if (engine::IsCptCodeShape(code)) {
    // A CPT number RBCS does not list may still be in the edit tables or the user's own descriptor file.
    auto own = cpt_descriptor ? cpt_descriptor(code) : std::nullopt;
    CodeLookup probe;
    AddNcciFacts(pack, code, probe);
    if (own || !probe.facts.empty() || engine::LookupRvu(pack, code).ok()) {
      engine::HcpcsCode h;
      h.code = code;
      h.level = 1;
      h.description_status = engine::HcpcsDescriptionStatus::kCptNumberOnly;
      LookUpHcpcs(pack, h, cpt_descriptor, depth, r);
      return r;
    }
  }
  r.message = "No ICD-10-CM, HCPCS or CPT code '" + query +
              "' in the code sets loaded. Type a code (E11.9, e119, E0601, 99213); word search comes with the encoder.";
  return r;
}

}  // namespace medcode::app
