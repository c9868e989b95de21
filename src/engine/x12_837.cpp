// x12_837.cpp: the 837P (005010X222A1) writer and reader (see x12_837.h).
//
// [SECTION] Helpers
// [SECTION] Writer
// [SECTION] Reader
#include "engine/x12_837.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/date.h"

namespace medcode::engine {

namespace {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------------------------

constexpr const char* kVersion = "005010X222A1";  // GS08 / ST03
constexpr int64_t kMaxControlNumber = 999999999;    // ISA13 is 9 digits
constexpr size_t kMaxIsaId = 15;                    // ISA06 / ISA08
constexpr size_t kMaxDiagnoses = 12;                // HI01..HI12
constexpr size_t kMaxLines = 50;                    // 2400 repeat

// An amount as the guide writes it: no trailing zeros after the point ("125", "125.5", "125.05").
std::string X12Amount(int64_t cents) {
  char buf[32];
  const long long whole = static_cast<long long>(cents / 100);
  const int fraction = static_cast<int>(cents % 100);
  if (fraction == 0) {
    std::snprintf(buf, sizeof buf, "%lld", whole);
  } else if (fraction % 10 == 0) {
    std::snprintf(buf, sizeof buf, "%lld.%d", whole, fraction / 10);
  } else {
    std::snprintf(buf, sizeof buf, "%lld.%02d", whole, fraction);
  }
  return buf;
}

std::string PadRight(std::string_view s, size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string ZeroPad(int64_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(n));
  return buf;
}

bool Digits(std::string_view s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool SameBillingProvider(const BillingProvider& a, const BillingProvider& b) {
  return a.name == b.name && a.first_name == b.first_name && a.npi == b.npi && a.tin == b.tin &&
         a.taxonomy == b.taxonomy && a.address.line1 == b.address.line1 && a.address.line2 == b.address.line2 &&
         a.address.city == b.address.city && a.address.state == b.address.state && a.address.zip == b.address.zip;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Writer
// ---------------------------------------------------------------------------------------------------------------

class Writer837 {
 public:
  Writer837(const X12837Options& options, std::vector<BillingProblem>& problems)
      : m_o(options), m_w(options.separators, options.line_breaks), m_problems(problems) {}

  void CheckOptions(size_t claim_count) {
    const X12Separators& s = m_o.separators;
    const char seps[] = {s.element, s.component, s.repetition, s.segment};
    for (size_t i = 0; i < 4; ++i) {
      const unsigned char c = static_cast<unsigned char>(seps[i]);
      if (std::isalnum(c) || c == ' ' || c == '\0') {
        Problem("options.separators", "A separator is a letter, digit, space or NUL: choose punctuation such as * : ^ ~.");
        break;
      }
      for (size_t j = 0; j < i; ++j) {
        if (seps[i] == seps[j]) {
          Problem("options.separators", "Two separators are the same character '" + std::string(1, seps[i]) +
                                            "': the element, component, repetition and segment separators must differ.");
          i = 4;
          break;
        }
      }
    }
    auto id = [&](const char* field, const std::string& value, const char* what) {
      if (value.empty()) Problem(field, std::string(what) + " is missing.");
      else if (value.size() > kMaxIsaId) Problem(field, std::string(what) + " \"" + value + "\" is over 15 characters.");
    };
    id("options.sender_id", m_o.sender_id, "The interchange sender id (ISA06)");
    id("options.receiver_id", m_o.receiver_id, "The interchange receiver id (ISA08)");
    auto qualifier = [&](const char* field, const std::string& value) {
      if (value.size() != 2) Problem(field, "An ISA id qualifier is 2 characters (ZZ mutually defined, 27, 28, 30...).");
    };
    qualifier("options.sender_qualifier", m_o.sender_qualifier);
    qualifier("options.receiver_qualifier", m_o.receiver_qualifier);
    if (!Digits(m_o.date, 8) || !ParseDate(m_o.date).ok()) {
      Problem("options.date", "The file date \"" + m_o.date + "\" must be a date as CCYYMMDD.");
    }
    if (!Digits(m_o.time, 4) || std::stoi(m_o.time.substr(0, 2)) > 23 || std::stoi(m_o.time.substr(2)) > 59) {
      Problem("options.time", "The file time \"" + m_o.time + "\" must be HHMM (24-hour).");
    }
    auto control = [&](const char* field, int64_t n) {
      if (n < 1 || n > kMaxControlNumber) Problem(field, "A control number must be 1 to 999999999.");
    };
    control("options.interchange_control_number", m_o.interchange_control_number);
    control("options.group_control_number", m_o.group_control_number);
    control("options.transaction_set_control_number", m_o.transaction_set_control_number);
    if (m_o.max_claims_per_transaction == 0) {
      Problem("options.max_claims_per_transaction", "At least one claim per transaction set.");
    } else if (m_o.transaction_set_control_number +
                   static_cast<int64_t>((claim_count + m_o.max_claims_per_transaction - 1) /
                                        m_o.max_claims_per_transaction) - 1 > kMaxControlNumber) {
      Problem("options.transaction_set_control_number", "The transaction set numbers would pass 999999999.");
    }
    if (m_o.submitter_name.empty()) Problem("options.submitter_name", "The submitter name (1000A NM103) is missing.");
    if (m_o.contact_name.empty()) Problem("options.contact_name", "The submitter contact name (1000A PER02) is missing.");
    if (m_o.contact_phone.empty()) Problem("options.contact_phone", "The submitter phone (1000A PER04) is missing.");
    if (m_o.receiver_name.empty()) Problem("options.receiver_name", "The receiver name (1000B NM103) is missing.");
    if (claim_count == 0) Problem("claims", "There are no claims to write.");
  }

  std::string Write(const std::vector<BillingClaim>& claims, uint64_t& transaction_sets) {
    const X12837Options& o = m_o;
    m_prefix = "options.";
    const std::string submitter_id = o.submitter_id.empty() ? o.sender_id : o.submitter_id;
    const std::string receiver_entity = o.receiver_entity_id.empty() ? o.receiver_id : o.receiver_entity_id;
    const std::string repetition(1, o.separators.repetition);
    const std::string component(1, o.separators.component);
    m_w.Add("ISA", {"00", "          ", "00", "          ", V(o.sender_qualifier, "sender_qualifier"),
                    PadRight(V(o.sender_id, "sender_id"), kMaxIsaId), V(o.receiver_qualifier, "receiver_qualifier"),
                    PadRight(V(o.receiver_id, "receiver_id"), kMaxIsaId), o.date.size() == 8 ? o.date.substr(2) : o.date,
                    o.time, repetition, "00501", ZeroPad(o.interchange_control_number, 9),
                    o.acknowledgment_requested ? "1" : "0", o.production ? "P" : "T", component});
    const std::string group_number = std::to_string(o.group_control_number);
    m_w.Add("GS", {"HC", o.sender_id, o.receiver_id, o.date, o.time, group_number, "X", kVersion});
    const size_t per_st = std::max<size_t>(1, o.max_claims_per_transaction);
    int64_t st_number = o.transaction_set_control_number;
    for (size_t first = 0; first < claims.size(); first += per_st, ++st_number) {
      const size_t end = std::min(claims.size(), first + per_st);
      const uint64_t before = m_w.segment_count();
      const std::string st = ZeroPad(st_number, 4);
      m_w.Add("ST", {"837", st, kVersion});
      m_prefix = "options.";
      m_w.Add("BHT", {"0019", "00", st, o.date, o.time, "CH"});
      m_w.Add("NM1", {"41", o.submitter_first_name.empty() ? "2" : "1", V(o.submitter_name, "submitter_name"),
                      V(o.submitter_first_name, "submitter_first_name"), "", "", "", "46", V(submitter_id, "submitter_id")});
      m_w.Add("PER", {"IC", V(o.contact_name, "contact_name"), "TE", V(o.contact_phone, "contact_phone")});
      m_w.Add("NM1", {"40", "2", V(o.receiver_name, "receiver_name"), "", "", "", "", "46",
                      V(receiver_entity, "receiver_entity_id")});
      int hl = 0;
      int billing_hl = 0;
      const BillingProvider* billing = nullptr;
      for (size_t i = first; i < end; ++i) {
        m_prefix = "claims[" + std::to_string(i) + "].";
        const BillingClaim& c = claims[i];
        if (billing == nullptr || !SameBillingProvider(*billing, c.billing)) {
          billing = &c.billing;
          billing_hl = ++hl;
          WriteBillingProvider(c.billing, billing_hl);
        }
        WriteClaim(c, billing_hl, hl);
      }
      m_w.Add("SE", {std::to_string(m_w.segment_count() - before + 1), st});
      ++transaction_sets;
    }
    m_w.Add("GE", {std::to_string(transaction_sets), group_number});
    m_w.Add("IEA", {"1", ZeroPad(o.interchange_control_number, 9)});
    return m_w.Take();
  }

  uint64_t segments() const { return m_w.segment_count(); }

 private:
  void Problem(std::string field, std::string message) { m_problems.push_back({std::move(field), std::move(message)}); }

  // The value, after checking that it holds no separator (a problem naming the field when it does).
  std::string_view V(std::string_view value, std::string_view field) {
    if (Status s = m_w.CheckValue(value, field); !s.ok()) Problem(m_prefix + std::string(field), s.error().message);
    return value;
  }

  // CCYYMMDD of an ISO (or otherwise parseable) date; a problem when it does not parse.
  std::string D8(std::string_view date, std::string_view field) {
    auto parsed = ParseDate(date);
    if (!parsed.ok()) {
      Problem(m_prefix + std::string(field), parsed.error().message);
      return {};
    }
    std::string iso = ToIso(*parsed);
    iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
    return iso;
  }

  int64_t Cents(std::string_view amount, std::string_view field) {
    auto cents = ParseCents(amount);
    if (!cents) {
      Problem(m_prefix + std::string(field), "\"" + std::string(amount) + "\" is not an amount (dollars, e.g. 125.00).");
      return 0;
    }
    return *cents;
  }

  void Address(const PostalAddress& a, const std::string& field) {
    m_w.Add("N3", {V(a.line1, field + ".line1"), V(a.line2, field + ".line2")});
    m_w.Add("N4", {V(a.city, field + ".city"), V(a.state, field + ".state"), V(a.zip, field + ".zip")});
  }

  void WriteBillingProvider(const BillingProvider& b, int hl) {
    m_w.Add("HL", {std::to_string(hl), "", "20", "1"});
    m_w.Add("PRV", {"BI", "PXC", V(b.taxonomy, "billing.taxonomy")});
    m_w.Add("NM1", {"85", b.first_name.empty() ? "2" : "1", V(b.name, "billing.name"), V(b.first_name, "billing.first_name"),
                    "", "", "", "XX", V(b.npi, "billing.npi")});
    Address(b.address, "billing.address");
    m_w.Add("REF", {"EI", V(b.tin, "billing.tin")});
  }

  void WriteClaim(const BillingClaim& c, int billing_hl, int& hl) {
    const PatientInfo& p = c.patient;
    const bool self = p.relationship == "18";
    const Claim& claim = c.claim;
    const EncounterCoding& coding = claim.coding;

    // Checks the writer cannot go without (the builder reports these too, with more words).
    if (claim.id.empty()) Problem(m_prefix + "claim.id", "The claim id (CLM01) is missing.");
    if (coding.services.empty() || coding.services.size() > kMaxLines) {
      Problem(m_prefix + "claim.services", "An 837P claim has 1 to 50 service lines; this one has " +
                                               std::to_string(coding.services.size()) + ".");
    }
    if (coding.diagnoses.empty() || coding.diagnoses.size() > kMaxDiagnoses) {
      Problem(m_prefix + "claim.diagnoses", "An 837P claim has 1 to 12 diagnoses; this one has " +
                                                std::to_string(coding.diagnoses.size()) + ".");
    }
    if (c.frequency_code != "1" && c.frequency_code != "7" && c.frequency_code != "8") {
      Problem(m_prefix + "frequency_code", "The claim frequency \"" + c.frequency_code +
                                               "\" must be 1 (original), 7 (replacement) or 8 (void).");
    } else if (c.frequency_code != "1" && c.original_claim_number.empty()) {
      Problem(m_prefix + "original_claim_number", "A replacement or void claim needs the payer's claim number of "
                                                   "the original (REF*F8).");
    }

    // 2000B subscriber.
    const int subscriber_hl = ++hl;
    m_w.Add("HL", {std::to_string(subscriber_hl), std::to_string(billing_hl), "22", self ? "0" : "1"});
    m_w.Add("SBR", {"P", self ? "18" : "", V(p.group_number, "patient.group_number"), "", "", "", "", "",
                    V(c.payer.filing_indicator, "payer.filing_indicator")});
    if (self) {
      m_w.Add("NM1", {"IL", "1", V(p.last_name, "patient.last_name"), V(p.first_name, "patient.first_name"), "", "",
                      "", "MI", V(p.member_id, "patient.member_id")});
      Address(p.address, "patient.address");
      m_w.Add("DMG", {"D8", D8(p.birth_date, "patient.birth_date"), PatientSexCode(p.sex)});
    } else {
      m_w.Add("NM1", {"IL", "1", V(p.subscriber_last_name, "patient.subscriber_last_name"),
                      V(p.subscriber_first_name, "patient.subscriber_first_name"), "", "", "", "MI",
                      V(p.member_id, "patient.member_id")});
      Address(p.subscriber_address, "patient.subscriber_address");
      m_w.Add("DMG", {"D8", D8(p.subscriber_birth_date, "patient.subscriber_birth_date"), PatientSexCode(p.subscriber_sex)});
    }
    m_w.Add("NM1", {"PR", "2", V(c.payer.name, "payer.name"), "", "", "", "", "PI", V(c.payer.payer_id, "payer.payer_id")});
    if (!c.payer.address.line1.empty()) Address(c.payer.address, "payer.address");

    // 2000C patient.
    if (!self) {
      m_w.Add("HL", {std::to_string(++hl), std::to_string(subscriber_hl), "23", "0"});
      m_w.Add("PAT", {V(p.relationship, "patient.relationship")});
      m_w.Add("NM1", {"QC", "1", V(p.last_name, "patient.last_name"), V(p.first_name, "patient.first_name")});
      Address(p.address, "patient.address");
      m_w.Add("DMG", {"D8", D8(p.birth_date, "patient.birth_date"), PatientSexCode(p.sex)});
    }

    // 2300 claim.
    int64_t total = 0;
    for (size_t i = 0; i < coding.services.size(); ++i) {
      total += Cents(coding.services[i].charge, "claim.services[" + std::to_string(i) + "].charge");
    }
    const int64_t claimed = Cents(c.total_charge, "total_charge");
    if (claimed != total) {
      Problem(m_prefix + "total_charge", "The total charge " + c.total_charge + " is not the sum of the lines' charges (" +
                                             FormatCents(total) + "): rebuild the claim.");
    }
    m_w.Add("CLM", {V(claim.id, "claim.id"), X12Amount(claimed), "", "",
                    m_w.Composite({V(claim.header.place_of_service, "claim.place_of_service"), "B",
                                   V(c.frequency_code, "frequency_code")}),
                    "Y", "A", "Y", "Y"});
    if (!c.prior_authorization.empty()) m_w.Add("REF", {"G1", V(c.prior_authorization, "prior_authorization")});
    if (!c.original_claim_number.empty()) m_w.Add("REF", {"F8", V(c.original_claim_number, "original_claim_number")});
    std::vector<std::string> hi;
    for (size_t i = 0; i < coding.diagnoses.size() && i < kMaxDiagnoses; ++i) {
      const std::string code = DiagnosisWithoutDot(coding.diagnoses[i].code);
      hi.push_back(m_w.Composite({i == 0 ? "ABK" : "ABF", V(code, "claim.diagnoses[" + std::to_string(i) + "].code")}));
    }
    m_w.Add("HI", hi);

    // 2310B rendering provider, when it is not the billing provider.
    if (!c.rendering.npi.empty() && c.rendering.npi != c.billing.npi) {
      m_w.Add("NM1", {"82", "1", V(c.rendering.last_name, "rendering.last_name"),
                      V(c.rendering.first_name, "rendering.first_name"), "", "", "", "XX", V(c.rendering.npi, "rendering.npi")});
      if (!c.rendering.taxonomy.empty()) m_w.Add("PRV", {"PE", "PXC", V(c.rendering.taxonomy, "rendering.taxonomy")});
    }

    // 2400 service lines.
    for (size_t i = 0; i < coding.services.size(); ++i) {
      const ServiceLine& s = coding.services[i];
      const std::string at = "claim.services[" + std::to_string(i) + "]";
      m_w.Add("LX", {std::to_string(i + 1)});
      std::vector<std::string> modifiers(4);
      for (size_t m = 0; m < s.modifiers.size() && m < 4; ++m) {
        modifiers[m] = std::string(V(s.modifiers[m], at + ".modifiers[" + std::to_string(m) + "]"));
      }
      if (s.modifiers.size() > 4) Problem(m_prefix + at + ".modifiers", "A line carries at most 4 modifiers.");
      std::string pointers;
      for (size_t k = 0; k < s.pointers.size(); ++k) {
        const int ptr = s.pointers[k];
        if (k >= 4 || ptr < 1 || ptr > static_cast<int>(std::min(coding.diagnoses.size(), kMaxDiagnoses))) {
          Problem(m_prefix + at + ".pointers", "Diagnosis pointers are 1 to 4 positions among the claim's diagnoses.");
          break;
        }
        if (k > 0) pointers.push_back(m_o.separators.component);
        pointers += std::to_string(ptr);
      }
      if (s.pointers.empty()) Problem(m_prefix + at + ".pointers", "The line points at no diagnosis.");
      if (s.units < 1) Problem(m_prefix + at + ".units", "The line has fewer than 1 unit.");
      m_w.Add("SV1", {m_w.Composite({"HC", V(s.code, at + ".code"), modifiers[0], modifiers[1], modifiers[2], modifiers[3]}),
                      X12Amount(Cents(s.charge, at + ".charge")), "UN", std::to_string(s.units), "", "", pointers});
      const std::string& date = s.date_of_service.empty() ? claim.date_of_service : s.date_of_service;
      m_w.Add("DTP", {"472", "D8", D8(date, s.date_of_service.empty() ? "claim.date_of_service" : at + ".date_of_service")});
    }
  }

  const X12837Options& m_o;
  X12Writer m_w;
  std::vector<BillingProblem>& m_problems;
  std::string m_prefix;  // "claims[3]." while writing claim 3
};

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reader
// ---------------------------------------------------------------------------------------------------------------

class Reader837 {
 public:
  Reader837(X12Reader& reader, const std::function<Status(BillingClaim&&)>& on_claim)
      : m_r(reader), m_on_claim(on_claim) {}

  Status Run() {
    X12Segment seg;
    while (m_r.Next(seg)) {
      if (Status s = Segment(seg); !s.ok()) return s;
    }
    if (m_r.failed()) return m_r.status();
    if (m_in_transaction) {
      return MakeError(ErrorCode::kParse, "The input ends inside transaction set " + m_st_control + " (no SE).",
                       m_r.name() + ", segment " + std::to_string(m_r.segments_read()));
    }
    return Status::Ok();
  }

 private:
  enum class Loop {
    kNone, kSubmitter, kReceiver, kBilling, kBillingName, kSubscriber, kSubscriberName, kPayerName, kPatient,
    kPatientName, kClaim, kRendering, kLine, kOther,
  };
  struct Person {
    std::string last, first, birth;
    PatientSex sex = PatientSex::kUnknown;
    PostalAddress address;
  };

  Error Fail(const X12Segment& seg, int element, const std::string& message) const {
    X12Position at{seg.number, std::string(seg.id()), element, 0, seg.offset};
    return MakeError(ErrorCode::kParse, message, m_r.name() + ", " + at.Text());
  }
  std::string E(const X12Segment& seg, size_t i) const { return std::string(seg.Element(i)); }
  std::string C(const X12Segment& seg, size_t i, size_t c) const {
    return std::string(seg.Component(i, c, m_r.separators().component));
  }

  Result<std::string> Date8(const X12Segment& seg, int element, std::string_view value) const {
    if (!Digits(value, 8)) return Fail(seg, element, "\"" + std::string(value) + "\" is not a date as CCYYMMDD.");
    auto date = ParseDate(value);
    if (!date.ok()) return Fail(seg, element, date.error().message);
    return ToIso(*date);
  }
  Result<std::string> Amount(const X12Segment& seg, int element) const {
    std::string_view v = seg.Element(static_cast<size_t>(element));
    auto cents = ParseCents(v);
    if (!cents) return Fail(seg, element, "\"" + std::string(v) + "\" is not an amount (digits, at most 2 decimals).");
    return FormatCents(*cents);
  }
  Status Sex(const X12Segment& seg, PatientSex& sex) const {
    std::string_view s = seg.Element(3);
    if (s == "F") sex = PatientSex::kFemale;
    else if (s == "M") sex = PatientSex::kMale;
    else if (s == "U" || s.empty()) sex = PatientSex::kUnknown;
    else return Fail(seg, 3, "\"" + std::string(s) + "\" is not a sex code (F, M, U).");
    return Status::Ok();
  }

  PostalAddress* CurrentAddress() {
    switch (m_loop) {
      case Loop::kBillingName: return &m_billing.address;
      case Loop::kSubscriberName: return &m_subscriber.address;
      case Loop::kPatientName: return &m_patient.address;
      case Loop::kPayerName: return &m_payer.address;
      default: return nullptr;
    }
  }

  Status Flush() {
    if (!m_claim) return Status::Ok();
    BillingClaim c = std::move(*m_claim);
    m_claim.reset();
    c.claim.date_of_service = c.claim.coding.services.empty() ? std::string() : c.claim.coding.services[0].date_of_service;
    return m_on_claim(CanonicalBillingClaim(std::move(c)));
  }

  Status Segment(const X12Segment& seg) {
    const std::string_view id = seg.id();
    if (m_in_transaction) ++m_st_segments;
    if (id == "ISA" || id == "GS" || id == "GE" || id == "IEA") return Status::Ok();
    if (id == "ST") {
      if (m_in_transaction) return Fail(seg, 0, "ST inside transaction set " + m_st_control + ": its SE is missing.");
      if (seg.Element(1) != "837") {
        return Fail(seg, 1, "Transaction set " + E(seg, 1) + " is not an 837 claim.");
      }
      m_in_transaction = true;
      m_st_segments = 1;
      m_st_control = E(seg, 2);
      m_loop = Loop::kNone;
      m_have_billing = false;
      m_hl_level.clear();
      return Status::Ok();
    }
    if (!m_in_transaction) return Fail(seg, 0, "Segment outside a transaction set (no ST before it).");
    if (id == "SE") {
      if (Status s = Flush(); !s.ok()) return s;
      m_in_transaction = false;
      if (seg.Element(1) != std::to_string(m_st_segments)) {
        return Fail(seg, 1, "SE01 says " + E(seg, 1) + " segments; the transaction set has " +
                                std::to_string(m_st_segments) + " (ST to SE).");
      }
      return Status::Ok();
    }
    if (id == "HL") return Hl(seg);
    if (id == "NM1") return Nm1(seg);
    if (id == "N3" || id == "N4") {
      PostalAddress* a = CurrentAddress();
      if (a == nullptr) return Status::Ok();
      if (id == "N3") {
        a->line1 = E(seg, 1);
        a->line2 = E(seg, 2);
      } else {
        a->city = E(seg, 1);
        a->state = E(seg, 2);
        a->zip = E(seg, 3);
      }
      return Status::Ok();
    }
    if (id == "PRV") {
      if (m_loop == Loop::kBilling && seg.Element(1) == "BI") m_billing.taxonomy = E(seg, 3);
      else if (m_loop == Loop::kRendering && seg.Element(1) == "PE" && m_claim) m_claim->rendering.taxonomy = E(seg, 3);
      return Status::Ok();
    }
    if (id == "REF") {
      if (m_loop == Loop::kBillingName && seg.Element(1) == "EI") m_billing.tin = E(seg, 2);
      if (m_loop == Loop::kClaim && m_claim) {
        if (seg.Element(1) == "G1") m_claim->prior_authorization = E(seg, 2);
        if (seg.Element(1) == "F8") m_claim->original_claim_number = E(seg, 2);
      }
      return Status::Ok();
    }
    if (id == "DMG") {
      Person* person = m_loop == Loop::kSubscriberName ? &m_subscriber : m_loop == Loop::kPatientName ? &m_patient : nullptr;
      if (person == nullptr) return Status::Ok();
      if (seg.Element(1) != "D8") return Fail(seg, 1, "DMG01 must be D8 (a CCYYMMDD date follows).");
      auto birth = Date8(seg, 2, seg.Element(2));
      if (!birth.ok()) return birth.error();
      person->birth = *birth;
      return Sex(seg, person->sex);
    }
    if (id == "SBR") {
      if (m_loop != Loop::kSubscriber) return Fail(seg, 0, "SBR outside a subscriber (2000B) loop.");
      m_group_number = E(seg, 3);
      m_payer.filing_indicator = E(seg, 9);
      return Status::Ok();
    }
    if (id == "PAT") {
      if (m_loop != Loop::kPatient) return Fail(seg, 0, "PAT outside a patient (2000C) loop.");
      m_pat_relationship = E(seg, 1);
      return Status::Ok();
    }
    if (id == "CLM") return Clm(seg);
    if (id == "HI") {
      if (m_loop != Loop::kClaim || !m_claim) return Status::Ok();
      for (size_t i = 1; i <= seg.size(); ++i) {
        const std::string qualifier = C(seg, i, 1);
        if (qualifier == "ABK" || qualifier == "ABF") {
          if (m_claim->claim.coding.diagnoses.size() >= kMaxDiagnoses) {
            return Fail(seg, static_cast<int>(i), "More than 12 diagnoses on one claim.");
          }
          m_claim->claim.coding.diagnoses.push_back({DiagnosisWithDot(C(seg, i, 2))});
        } else if (qualifier == "BK" || qualifier == "BF") {
          return Fail(seg, static_cast<int>(i), "ICD-9-CM diagnoses (BK/BF) are not read: the 837P uses ABK/ABF.");
        }
      }
      return Status::Ok();
    }
    if (id == "LX") {
      if (!m_claim) return Fail(seg, 0, "LX (service line) before any CLM.");
      m_claim->claim.coding.services.emplace_back();
      m_loop = Loop::kLine;
      return Status::Ok();
    }
    if (id == "SV1") return Sv1(seg);
    if (id == "DTP") {
      if (m_loop == Loop::kLine && seg.Element(1) == "472") {
        ServiceLine& line = m_claim->claim.coding.services.back();
        std::string_view format = seg.Element(2);
        std::string_view value = seg.Element(3);
        if (format == "RD8") value = value.substr(0, value.find('-'));
        else if (format != "D8") return Fail(seg, 2, "DTP02 must be D8 or RD8.");
        auto date = Date8(seg, 3, value);
        if (!date.ok()) return date.error();
        line.date_of_service = *date;
      }
      return Status::Ok();
    }
    return Status::Ok();  // other segments carry nothing a BillingClaim holds; the validator checks them
  }

  Status Hl(const X12Segment& seg) {
    if (Status s = Flush(); !s.ok()) return s;
    const std::string_view level = seg.Element(3);
    if (level == "20") {
      m_billing = {};
      m_have_billing = true;
      m_loop = Loop::kBilling;
    } else if (level == "22") {
      if (!m_have_billing) return Fail(seg, 3, "A subscriber (HL 22) before any billing provider (HL 20).");
      m_subscriber = {};
      m_patient = {};
      m_payer = {};
      m_member_id.clear();
      m_group_number.clear();
      m_pat_relationship.clear();
      m_loop = Loop::kSubscriber;
    } else if (level == "23") {
      if (m_hl_level.empty() || m_hl_level == "20") return Fail(seg, 3, "A patient (HL 23) before any subscriber (HL 22).");
      m_patient = {};
      m_pat_relationship.clear();
      m_loop = Loop::kPatient;
    } else {
      return Fail(seg, 3, "HL03 \"" + std::string(level) + "\" is not an 837P level (20, 22, 23).");
    }
    m_hl_level = std::string(level);
    return Status::Ok();
  }

  Status Nm1(const X12Segment& seg) {
    const std::string_view entity = seg.Element(1);
    if (entity == "41") {
      m_loop = Loop::kSubmitter;
    } else if (entity == "40") {
      m_loop = Loop::kReceiver;
    } else if (entity == "85" && m_loop == Loop::kBilling) {
      m_billing.name = E(seg, 3);
      m_billing.first_name = E(seg, 4);
      m_billing.npi = E(seg, 9);
      m_loop = Loop::kBillingName;
    } else if (entity == "IL" && m_loop == Loop::kSubscriber) {
      m_subscriber.last = E(seg, 3);
      m_subscriber.first = E(seg, 4);
      m_member_id = E(seg, 9);
      m_loop = Loop::kSubscriberName;
    } else if (entity == "PR" && (m_loop == Loop::kSubscriberName || m_loop == Loop::kSubscriber)) {
      m_payer.name = E(seg, 3);
      m_payer.payer_id = E(seg, 9);
      m_loop = Loop::kPayerName;
    } else if (entity == "QC" && m_loop == Loop::kPatient) {
      m_patient.last = E(seg, 3);
      m_patient.first = E(seg, 4);
      m_loop = Loop::kPatientName;
    } else if (entity == "82" && m_loop == Loop::kClaim && m_claim) {
      m_claim->rendering.last_name = E(seg, 3);
      m_claim->rendering.first_name = E(seg, 4);
      m_claim->rendering.npi = E(seg, 9);
      m_loop = Loop::kRendering;
    } else if (m_loop == Loop::kLine || m_loop == Loop::kClaim || m_loop == Loop::kRendering) {
      // 2310A/C/D/E/F or 2420 loops: their N3/N4/REF/PRV are not this claim's fields. Stay in the claim so that a
      // later LX still belongs to it.
      m_loop = m_loop == Loop::kLine ? Loop::kLine : Loop::kClaim;
    } else {
      m_loop = Loop::kOther;
    }
    return Status::Ok();
  }

  Status Clm(const X12Segment& seg) {
    if (Status s = Flush(); !s.ok()) return s;
    if (m_hl_level != "22" && m_hl_level != "23") return Fail(seg, 0, "CLM outside a subscriber or patient loop.");
    BillingClaim c;
    c.billing = m_billing;
    c.payer = m_payer;
    c.claim.id = E(seg, 1);
    if (c.claim.id.empty()) return Fail(seg, 1, "CLM01 (the claim id) is empty.");
    auto total = Amount(seg, 2);
    if (!total.ok()) return total.error();
    c.total_charge = *total;
    c.claim.header.place_of_service = C(seg, 5, 1);
    c.frequency_code = C(seg, 5, 3);
    PatientInfo& p = c.patient;
    p.member_id = m_member_id;
    p.group_number = m_group_number;
    if (m_hl_level == "23") {
      p.relationship = m_pat_relationship;
      p.last_name = m_patient.last;
      p.first_name = m_patient.first;
      p.birth_date = m_patient.birth;
      p.sex = m_patient.sex;
      p.address = m_patient.address;
      p.subscriber_last_name = m_subscriber.last;
      p.subscriber_first_name = m_subscriber.first;
      p.subscriber_birth_date = m_subscriber.birth;
      p.subscriber_sex = m_subscriber.sex;
      p.subscriber_address = m_subscriber.address;
    } else {
      p.relationship = "18";
      p.last_name = m_subscriber.last;
      p.first_name = m_subscriber.first;
      p.birth_date = m_subscriber.birth;
      p.sex = m_subscriber.sex;
      p.address = m_subscriber.address;
    }
    m_claim = std::move(c);
    m_loop = Loop::kClaim;
    return Status::Ok();
  }

  Status Sv1(const X12Segment& seg) {
    if (m_loop != Loop::kLine || !m_claim) return Fail(seg, 0, "SV1 outside a service line (no LX before it).");
    ServiceLine& line = m_claim->claim.coding.services.back();
    if (C(seg, 1, 1) != "HC") {
      return Fail(seg, 1, "Only HC (CPT / HCPCS) procedure codes are read; this line has \"" + C(seg, 1, 1) + "\".");
    }
    line.code = C(seg, 1, 2);
    if (line.code.empty()) return Fail(seg, 1, "SV101-2 (the procedure code) is empty.");
    for (size_t m = 3; m <= 6; ++m) {
      std::string modifier = C(seg, 1, m);
      if (!modifier.empty()) line.modifiers.push_back(std::move(modifier));
    }
    auto charge = Amount(seg, 2);
    if (!charge.ok()) return charge.error();
    line.charge = *charge;
    const std::string units = E(seg, 4);
    if (units.empty() || units.size() > 6 || !std::all_of(units.begin(), units.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Fail(seg, 4, "SV104 units \"" + units + "\" must be a whole number.");
    }
    line.units = std::stoi(units);
    line.pointers.clear();
    for (size_t k = 1; k <= 4; ++k) {
      const std::string ptr = C(seg, 7, k);
      if (ptr.empty()) break;
      if (ptr.size() > 2 || !std::all_of(ptr.begin(), ptr.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Fail(seg, 7, "SV107 diagnosis pointer \"" + ptr + "\" must be 1 to 12.");
      }
      line.pointers.push_back(std::stoi(ptr));
    }
    return Status::Ok();
  }

  X12Reader& m_r;
  const std::function<Status(BillingClaim&&)>& m_on_claim;
  Loop m_loop = Loop::kNone;
  bool m_in_transaction = false;
  uint64_t m_st_segments = 0;
  std::string m_st_control;
  std::string m_hl_level;  // HL03 of the latest HL: 20, 22, 23
  bool m_have_billing = false;
  BillingProvider m_billing;
  Person m_subscriber, m_patient;
  PayerSettings m_payer;
  std::string m_member_id, m_group_number, m_pat_relationship;
  std::optional<BillingClaim> m_claim;
};

}  // namespace

X12837Options X12837OptionsFromPractice(const PracticeSettings& practice) {
  X12837Options o;
  o.sender_id = practice.submitter_id;
  o.receiver_id = practice.receiver_id;
  o.submitter_name = practice.billing.name;
  o.submitter_first_name = practice.billing.first_name;
  o.contact_name = practice.billing.contact_name;
  o.contact_phone = practice.billing.contact_phone;
  o.receiver_name = practice.receiver_name;
  o.production = practice.production;
  return o;
}

X12837Output Write837P(const std::vector<BillingClaim>& claims, const X12837Options& options) {
  X12837Output out;
  Writer837 writer(options, out.problems);
  writer.CheckOptions(claims.size());
  if (!out.problems.empty()) return out;
  out.text = writer.Write(claims, out.transaction_sets);
  out.segments = writer.segments();
  if (!out.problems.empty()) {
    out.text.clear();
    out.transaction_sets = 0;
    out.segments = 0;
  }
  return out;
}

Status Read837PClaims(X12Reader& reader, const std::function<Status(BillingClaim&&)>& on_claim) {
  return Reader837(reader, on_claim).Run();
}

Result<std::vector<BillingClaim>> Read837P(X12Reader& reader) {
  std::vector<BillingClaim> claims;
  Status s = Read837PClaims(reader, [&](BillingClaim&& c) {
    claims.push_back(std::move(c));
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return claims;
}

}  // namespace medcode::engine
