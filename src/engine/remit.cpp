// remit.cpp: the 835, 999 and 277CA models read from and written to X12 (see remit.h).
//
// [SECTION] index: amounts and helpers; 835 reading; 835 writing; 999; 277CA.
#include "engine/remit.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace medcode::engine {

// [SECTION] amounts and helpers ---------------------------------------------------------------------------------------

namespace {

// The parse itself: false when `text` is not an amount in whole cents (ParseX12Amount says why).
bool ParseX12AmountFast(std::string_view s, Cents& out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int64_t whole = 0, fraction = 0;
  size_t i = 0;
  bool digits = false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    const unsigned d = static_cast<unsigned>(s[i] - '0');
    if (d > 9 || whole > 9'000'000'000'000'000LL / 10 / 100) return false;
    whole = whole * 10 + d;
    digits = true;
  }
  if (i < s.size()) {
    int places = 0;
    for (++i; i < s.size(); ++i, ++places) {
      const unsigned d = static_cast<unsigned>(s[i] - '0');
      if (d > 9 || (places >= 2 && d != 0)) return false;
      if (places < 2) fraction = fraction * 10 + d;
      digits = true;
    }
    if (places == 1) fraction *= 10;
  }
  if (!digits) return false;
  out = negative ? -(whole * 100 + fraction) : whole * 100 + fraction;
  return true;
}

}  // namespace

Result<Cents> ParseX12Amount(std::string_view text, std::string_view what) {
  auto bad = [&](const std::string& why) {
    return MakeError(ErrorCode::kParse, std::string(what) + ": \"" + std::string(text) + "\" " + why);
  };
  Cents fast = 0;
  if (ParseX12AmountFast(text, fast)) return fast;
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return bad("is not an amount (expected digits such as 125.50)");
  int64_t whole = 0;
  size_t i = 0;
  bool digits = false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') return bad("is not an amount (expected digits such as 125.50)");
    if (whole > 9'000'000'000'000'000LL / 10 / 100) return bad("is too large for an amount");
    whole = whole * 10 + (s[i] - '0');
    digits = true;
  }
  int64_t fraction = 0;
  if (i < s.size()) {  // s[i] == '.'
    ++i;
    int places = 0;
    for (; i < s.size(); ++i, ++places) {
      const char c = s[i];
      if (c < '0' || c > '9') return bad("is not an amount (expected digits such as 125.50)");
      digits = true;
      if (places < 2) {
        fraction = fraction * 10 + (c - '0');
      } else if (c != '0') {
        return bad("has more than two decimals: amounts are in whole cents");
      }
    }
    if (places == 1) fraction *= 10;
  }
  if (!digits) return bad("is not an amount (expected digits such as 125.50)");
  const Cents cents = whole * 100 + fraction;
  return negative ? -cents : cents;
}

namespace {

X12Position PositionOf(const X12Segment& segment, int element = 0, int component = 0) {
  X12Position p;
  p.segment_number = segment.number;
  p.segment_id = std::string(segment.id());
  p.element = element;
  p.component = component;
  p.offset = segment.offset;
  return p;
}

Error SegmentError(const X12Reader& reader, const X12Segment& segment, int element, std::string message) {
  const X12Position at = PositionOf(segment, element);
  return MakeError(ErrorCode::kParse, at.Text() + ": " + std::move(message), reader.name() + ", " + at.Text());
}

std::string ElementName(const X12Segment& segment, int element) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", element);
  return std::string(segment.id()) + buf;
}

// Element `i` as cents; `required` makes an empty element an error.
Result<Cents> AmountAt(const X12Reader& reader, const X12Segment& segment, int i, bool required = true) {
  std::string_view text = segment.Element(static_cast<size_t>(i));
  if (text.empty()) {
    if (!required) return Cents{0};
    return SegmentError(reader, segment, i, ElementName(segment, i) + " (an amount) is required and missing.");
  }
  Cents cents = 0;
  if (ParseX12AmountFast(text, cents)) return cents;
  auto why = ParseX12Amount(text, ElementName(segment, i));
  return SegmentError(reader, segment, i, (why.ok() ? ElementName(segment, i) + " is not an amount" : why.error().message) + ".");
}

std::vector<std::string_view> SplitComposite(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) return parts;
  for (;;) {
    const size_t at = separator == '\0' ? std::string_view::npos : text.find(separator);
    if (at == std::string_view::npos) {
      parts.push_back(text);
      return parts;
    }
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
}

// SVC01 / SVC06 into `p`, reusing its storage.
void ParseProcedureInto(std::string_view composite, char separator, RemitProcedure& p) {
  p.qualifier.clear();
  p.code.clear();
  p.modifiers.clear();
  p.description.clear();
  size_t index = 0;
  for (;;) {
    const size_t at = separator == '\0' ? std::string_view::npos : composite.find(separator);
    const std::string_view part = composite.substr(0, at);
    if (index == 0) p.qualifier.assign(part);
    else if (index == 1) p.code.assign(part);
    else if (index < 6) {
      if (!part.empty()) p.modifiers.emplace_back(part);
    } else if (index == 6) {
      p.description.assign(part);
    }
    if (at == std::string_view::npos) return;
    composite.remove_prefix(at + 1);
    ++index;
  }
}

// CAS01 then up to six (reason, amount, quantity) triplets in CAS02..CAS19.
Status ReadCas(const X12Reader& reader, const X12Segment& segment, std::vector<CasAdjustment>& out) {
  const std::string group(segment.Element(1));
  if (group.empty()) return SegmentError(reader, segment, 1, "CAS01 (the adjustment group code) is missing.");
  bool any = false;
  for (int t = 0; t < 6; ++t) {
    const int reason_at = 2 + 3 * t;
    std::string_view reason = segment.Element(static_cast<size_t>(reason_at));
    if (reason.empty()) {
      if (!segment.Element(static_cast<size_t>(reason_at + 1)).empty()) {
        return SegmentError(reader, segment, reason_at,
                            ElementName(segment, reason_at) + " (the reason code) is missing before its amount.");
      }
      continue;
    }
    auto amount = AmountAt(reader, segment, reason_at + 1);
    if (!amount.ok()) return amount.error();
    out.push_back({group, std::string(reason), *amount, std::string(segment.Element(static_cast<size_t>(reason_at + 2)))});
    any = true;
  }
  if (!any) return SegmentError(reader, segment, 2, "CAS02 (a reason code) is missing: a CAS has at least one.");
  return Status::Ok();
}

bool SameLineData(const ServicePayment& a, const ServicePayment& b) {
  return a.procedure == b.procedure && a.charge == b.charge && a.paid == b.paid && a.revenue_code == b.revenue_code &&
         a.units == b.units && a.original == b.original && a.original_units == b.original_units &&
         a.date == b.date && a.date_end == b.date_end && a.adjustments == b.adjustments &&
         a.control_number == b.control_number && a.allowed == b.allowed && a.remarks == b.remarks;
}

}  // namespace

bool ServicePayment::operator==(const ServicePayment& o) const { return SameLineData(*this, o); }

bool ClaimPayment::operator==(const ClaimPayment& o) const {
  return patient_control_number == o.patient_control_number && status == o.status && charge == o.charge &&
         paid == o.paid && patient_responsibility == o.patient_responsibility &&
         filing_indicator == o.filing_indicator && payer_claim_number == o.payer_claim_number &&
         facility_code == o.facility_code && frequency_code == o.frequency_code && adjustments == o.adjustments &&
         remarks == o.remarks && patient_last_name == o.patient_last_name &&
         patient_first_name == o.patient_first_name && patient_id == o.patient_id &&
         statement_from == o.statement_from && statement_to == o.statement_to && received_date == o.received_date &&
         amounts == o.amounts && lines == o.lines;
}

bool Remittance::operator==(const Remittance& o) const {
  return control_number == o.control_number && handling_code == o.handling_code && total_paid == o.total_paid &&
         credit_debit == o.credit_debit && payment_method == o.payment_method && payment_format == o.payment_format &&
         payment_date == o.payment_date && trace_number == o.trace_number && trace_originator == o.trace_originator &&
         production_date == o.production_date && payer_name == o.payer_name && payer_id == o.payer_id &&
         payer_address == o.payer_address && payer_city == o.payer_city && payer_state == o.payer_state &&
         payer_zip == o.payer_zip && payer_contact_phone == o.payer_contact_phone &&
         payee_name == o.payee_name && payee_npi == o.payee_npi && payee_tax_id == o.payee_tax_id &&
         claims == o.claims && provider_adjustments == o.provider_adjustments;
}

Cents BalancedTotal(const Remittance& remit) {
  Cents total = 0;
  for (const auto& c : remit.claims) total += c.paid;
  for (const auto& plb : remit.provider_adjustments) {
    for (const auto& item : plb.items) total -= item.amount;
  }
  return total;
}

// [SECTION] 835 reading -----------------------------------------------------------------------------------------------

namespace {

// A segment id as one number (ids are 2-3 characters): compared without memcmp on the hot path.
constexpr uint32_t Key(std::string_view id) {
  if (id.size() > 3) return 0;
  uint32_t k = 0;
  for (char c : id) k = (k << 8) | static_cast<unsigned char>(c);
  return k;
}

enum class Loop835 { kHeader, kPayer, kPayee, kClaims, kClaim, kService };

class Reader835 {
 public:
  Reader835(X12Reader& reader, const Remit835Handler& handler) : m_reader(reader), m_handler(handler) {}

  Status Run() {
    X12Segment s;
    while (!m_stopped && m_reader.Next(s)) {
      Status st = Segment(s);
      if (!st.ok()) return st;
    }
    if (m_reader.failed()) return m_reader.status();
    if (m_in_835 && !m_stopped) {
      return MakeError(ErrorCode::kParse,
                       "The 835 transaction that starts at " + m_remit.at.Text() +
                           " has no SE: the file ends inside it (truncated?).",
                       m_reader.name() + ", " + m_remit.at.Text());
    }
    return Status::Ok();
  }

 private:
  Status Segment(const X12Segment& s) {
    const std::string_view id = s.id();
    const uint32_t k = Key(id);
    if (k == Key("ST")) return Start(s);
    if (k == Key("ISA") || k == Key("GS") || k == Key("GE") || k == Key("IEA") || k == Key("TA1")) {
      if (m_in_835 && id != "ISA" && id != "GS") {
        return SegmentError(m_reader, s, 0,
                            std::string(id) + " inside the 835 transaction that starts at " + m_remit.at.Text() +
                                ": its SE is missing.");
      }
      return Status::Ok();
    }
    if (!m_in_835) {
      return SegmentError(m_reader, s, 0, "A " + std::string(id) + " segment outside a transaction (no ST before it).");
    }
    if (k == Key("SE")) return End();
    if (k == Key("BPR")) {
      m_remit.handling_code = std::string(s.Element(1));
      auto total = AmountAt(m_reader, s, 2);
      if (!total.ok()) return total.error();
      m_remit.total_paid = *total;
      m_remit.credit_debit = std::string(s.Element(3));
      m_remit.payment_method = std::string(s.Element(4));
      m_remit.payment_format = std::string(s.Element(5));
      m_remit.payment_date = std::string(s.Element(16));
      return Status::Ok();
    }
    if (k == Key("TRN")) {
      if (m_loop == Loop835::kHeader) {
        m_remit.trace_number = std::string(s.Element(2));
        m_remit.trace_originator = std::string(s.Element(3));
      }
      return Status::Ok();
    }
    if (k == Key("N1")) {
      const std::string_view who = s.Element(1);
      if (who == "PR") {
        m_loop = Loop835::kPayer;
        m_remit.payer_name = std::string(s.Element(2));
        if (s.Element(3) == "XV") m_remit.payer_id = std::string(s.Element(4));
      } else if (who == "PE") {
        m_loop = Loop835::kPayee;
        m_remit.payee_name = std::string(s.Element(2));
        if (s.Element(3) == "XX") m_remit.payee_npi = std::string(s.Element(4));
        if (s.Element(3) == "FI") m_remit.payee_tax_id = std::string(s.Element(4));
      }
      return Status::Ok();
    }
    if (k == Key("N3") && m_loop == Loop835::kPayer) {
      m_remit.payer_address.assign(s.Element(1));
      return Status::Ok();
    }
    if (k == Key("N4") && m_loop == Loop835::kPayer) {
      m_remit.payer_city.assign(s.Element(1));
      m_remit.payer_state.assign(s.Element(2));
      m_remit.payer_zip.assign(s.Element(3));
      return Status::Ok();
    }
    if (k == Key("PER") && m_loop == Loop835::kPayer && s.Element(1) == "BL") {
      for (size_t i = 3; i + 1 <= 7; i += 2) {
        if (s.Element(i) == "TE") m_remit.payer_contact_phone.assign(s.Element(i + 1));
      }
      return Status::Ok();
    }
    if (k == Key("REF")) return Ref(s);
    if (k == Key("DTM")) return Dtm(s);
    if (k == Key("LX")) {
      FlushClaim();
      SendHeader();
      m_loop = Loop835::kClaims;
      return Status::Ok();
    }
    if (k == Key("CLP")) return Clp(s);
    if (k == Key("CAS")) {
      if (m_loop == Loop835::kService) return ReadCas(m_reader, s, m_claim.lines.back().adjustments);
      if (m_loop == Loop835::kClaim) return ReadCas(m_reader, s, m_claim.adjustments);
      return SegmentError(m_reader, s, 0, "CAS outside a claim: a CAS follows a CLP (loop 2100) or an SVC (loop 2110).");
    }
    if (k == Key("SVC")) return Svc(s);
    if (k == Key("NM1")) {
      if (m_loop == Loop835::kClaim && s.Element(1) == "QC") {
        m_claim.patient_last_name = std::string(s.Element(3));
        m_claim.patient_first_name = std::string(s.Element(4));
        m_claim.patient_id = std::string(s.Element(9));
      }
      return Status::Ok();
    }
    if (k == Key("MOA") || k == Key("MIA")) {
      if (m_loop != Loop835::kClaim) return SegmentError(m_reader, s, 0, std::string(id) + " outside a claim (no CLP before it).");
      if (k == Key("MOA")) {
        for (size_t i = 3; i <= 7; ++i)
          if (!s.Element(i).empty()) m_claim.remarks.emplace_back(s.Element(i));
      } else {
        for (size_t i : {5, 20, 21, 22, 23})
          if (!s.Element(i).empty()) m_claim.remarks.emplace_back(s.Element(i));
      }
      return Status::Ok();
    }
    if (k == Key("AMT")) {
      if (m_loop == Loop835::kClaim || m_loop == Loop835::kService) {
        auto amount = AmountAt(m_reader, s, 2);
        if (!amount.ok()) return amount.error();
        if (m_loop == Loop835::kService) {
          if (s.Element(1) == "B6") m_claim.lines.back().allowed = *amount;
        } else {
          m_claim.amounts.emplace_back(std::string(s.Element(1)), *amount);
        }
      }
      return Status::Ok();
    }
    if (k == Key("LQ")) {
      if (m_loop != Loop835::kService) return SegmentError(m_reader, s, 0, "LQ outside a service line (no SVC before it).");
      if (s.Element(1) == "HE" && !s.Element(2).empty()) m_claim.lines.back().remarks.emplace_back(s.Element(2));
      return Status::Ok();
    }
    if (k == Key("PLB")) return Plb(s);
    return Status::Ok();  // segments the model does not keep (N3, N4, PER, TS3, QTY, CUR, RDM, ...)
  }

  Status Start(const X12Segment& s) {
    if (m_in_835) {
      return SegmentError(m_reader, s, 0, "ST inside the transaction that starts at " + m_remit.at.Text() + ": its SE is missing.");
    }
    if (s.Element(1) != "835") {
      return SegmentError(m_reader, s, 1,
                          "ST01 is \"" + std::string(s.Element(1)) + "\": this is not an 835 remittance advice.");
    }
    m_remit = Remittance{};
    m_remit.handling_code.clear();
    m_remit.credit_debit.clear();
    m_remit.payment_method.clear();
    m_remit.control_number = std::string(s.Element(2));
    m_remit.at = PositionOf(s);
    m_in_835 = true;
    m_header_sent = false;
    m_have_claim = false;
    m_loop = Loop835::kHeader;
    return Status::Ok();
  }

  Status End() {
    FlushClaim();
    SendHeader();
    if (!m_stopped && m_handler.on_end) m_handler.on_end(m_remit);
    m_in_835 = false;
    return Status::Ok();
  }

  Status Ref(const X12Segment& s) {
    const std::string_view q = s.Element(1);
    switch (m_loop) {
      case Loop835::kPayer:
        if (q == "2U" && m_remit.payer_id.empty()) m_remit.payer_id = std::string(s.Element(2));
        break;
      case Loop835::kPayee:
        if (q == "TJ" && m_remit.payee_tax_id.empty()) m_remit.payee_tax_id = std::string(s.Element(2));
        break;
      case Loop835::kService:
        if (q == "6R") m_claim.lines.back().control_number = std::string(s.Element(2));
        break;
      default:
        break;
    }
    return Status::Ok();
  }

  Status Dtm(const X12Segment& s) {
    const std::string_view q = s.Element(1);
    const std::string date(s.Element(2));
    switch (m_loop) {
      case Loop835::kHeader:
        if (q == "405") m_remit.production_date = date;
        break;
      case Loop835::kClaim:
        if (q == "232") m_claim.statement_from = date;
        else if (q == "233") m_claim.statement_to = date;
        else if (q == "050") m_claim.received_date = date;
        break;
      case Loop835::kService: {
        ServicePayment& line = m_claim.lines.back();
        if (q == "472" || q == "150") line.date = date;
        else if (q == "151") line.date_end = date;
        break;
      }
      default:
        break;
    }
    return Status::Ok();
  }

  Status Clp(const X12Segment& s) {
    FlushClaim();
    SendHeader();
    if (m_stopped) return Status::Ok();
    ResetClaim();
    m_claim.at = PositionOf(s);
    m_claim.patient_control_number.assign(s.Element(1));
    if (m_claim.patient_control_number.empty()) {
      return SegmentError(m_reader, s, 1, "CLP01 (the patient control number, the claim id sent in CLM01) is missing.");
    }
    m_claim.status.assign(s.Element(2));
    if (m_claim.status.empty()) return SegmentError(m_reader, s, 2, "CLP02 (the claim status code) is missing.");
    auto charge = AmountAt(m_reader, s, 3);
    if (!charge.ok()) return charge.error();
    auto paid = AmountAt(m_reader, s, 4);
    if (!paid.ok()) return paid.error();
    m_claim.charge = *charge;
    m_claim.paid = *paid;
    if (!s.Element(5).empty()) {
      auto pr = AmountAt(m_reader, s, 5);
      if (!pr.ok()) return pr.error();
      m_claim.patient_responsibility = *pr;
    }
    m_claim.filing_indicator.assign(s.Element(6));
    m_claim.payer_claim_number.assign(s.Element(7));
    m_claim.facility_code.assign(s.Element(8));
    m_claim.frequency_code.assign(s.Element(9));
    m_have_claim = true;
    m_loop = Loop835::kClaim;
    return Status::Ok();
  }

  Status Svc(const X12Segment& s) {
    if (m_loop != Loop835::kClaim && m_loop != Loop835::kService) {
      return SegmentError(m_reader, s, 0, "SVC outside a claim: a service line (loop 2110) follows a CLP.");
    }
    const char component = m_reader.separators().component;
    ServicePayment line = TakeLine();
    line.at = PositionOf(s);
    ParseProcedureInto(s.Element(1), component, line.procedure);
    if (line.procedure.code.empty()) {
      return SegmentError(m_reader, s, 1, "SVC01 has no procedure code (expected a composite such as HC:99213).");
    }
    auto charge = AmountAt(m_reader, s, 2);
    if (!charge.ok()) return charge.error();
    auto paid = AmountAt(m_reader, s, 3);
    if (!paid.ok()) return paid.error();
    line.charge = *charge;
    line.paid = *paid;
    line.revenue_code.assign(s.Element(4));
    if (!s.Element(5).empty()) line.units.assign(s.Element(5));
    if (!s.Element(6).empty()) ParseProcedureInto(s.Element(6), component, line.original);
    line.original_units.assign(s.Element(7));
    m_claim.lines.push_back(std::move(line));
    m_loop = Loop835::kService;
    return Status::Ok();
  }

  Status Plb(const X12Segment& s) {
    FlushClaim();
    SendHeader();
    ProviderAdjustment plb;
    plb.provider_id = std::string(s.Element(1));
    plb.fiscal_period_end = std::string(s.Element(2));
    const char component = m_reader.separators().component;
    for (int pair = 0; pair < 6; ++pair) {
      const int at = 3 + 2 * pair;
      std::string_view id = s.Element(static_cast<size_t>(at));
      if (id.empty()) continue;
      const auto parts = SplitComposite(id, component);
      auto amount = AmountAt(m_reader, s, at + 1);
      if (!amount.ok()) return amount.error();
      plb.items.push_back({std::string(parts[0]), parts.size() > 1 ? std::string(parts[1]) : "", *amount});
    }
    if (plb.items.empty()) return SegmentError(m_reader, s, 3, "PLB03 (an adjustment reason and amount) is missing.");
    m_remit.provider_adjustments.push_back(std::move(plb));
    m_loop = Loop835::kClaims;
    return Status::Ok();
  }

  // Clears the claim for the next CLP, keeping its storage (and its lines' in m_spare): no allocation per claim
  // once the buffers have grown. Every field of ClaimPayment / ServicePayment must be reset here.
  void ResetClaim() {
    ClaimPayment& c = m_claim;
    for (ServicePayment& line : c.lines) m_spare.push_back(std::move(line));
    c.lines.clear();
    c.patient_control_number.clear();
    c.status.clear();
    c.charge = c.paid = 0;
    c.patient_responsibility.reset();
    c.filing_indicator.clear();
    c.payer_claim_number.clear();
    c.facility_code.clear();
    c.frequency_code.clear();
    c.adjustments.clear();
    c.remarks.clear();
    c.patient_last_name.clear();
    c.patient_first_name.clear();
    c.patient_id.clear();
    c.statement_from.clear();
    c.statement_to.clear();
    c.received_date.clear();
    c.amounts.clear();
    c.at = X12Position{};
  }

  ServicePayment TakeLine() {
    if (m_spare.empty()) return ServicePayment{};
    ServicePayment line = std::move(m_spare.back());
    m_spare.pop_back();
    line.procedure.modifiers.clear();
    line.charge = line.paid = 0;
    line.revenue_code.clear();
    line.units.assign("1");
    line.original.qualifier.assign("HC");
    line.original.code.clear();
    line.original.modifiers.clear();
    line.original.description.clear();
    line.original_units.clear();
    line.date.clear();
    line.date_end.clear();
    line.adjustments.clear();
    line.control_number.clear();
    line.allowed.reset();
    line.remarks.clear();
    return line;
  }

  void SendHeader() {
    if (m_header_sent || m_stopped) return;
    m_header_sent = true;
    if (m_handler.on_header) m_handler.on_header(m_remit);
  }

  void FlushClaim() {
    if (!m_have_claim) return;
    m_have_claim = false;
    m_loop = Loop835::kClaims;
    if (m_stopped) return;
    if (m_handler.on_claim && !m_handler.on_claim(m_remit, m_claim)) m_stopped = true;
  }

  X12Reader& m_reader;
  const Remit835Handler& m_handler;
  Remittance m_remit;  // header and PLBs of the current transaction (claims stay empty)
  ClaimPayment m_claim;
  std::vector<ServicePayment> m_spare;  // lines of earlier claims, reused
  bool m_in_835 = false;
  bool m_header_sent = false;
  bool m_have_claim = false;
  bool m_stopped = false;
  Loop835 m_loop = Loop835::kHeader;
};

}  // namespace

Status Read835(X12Reader& reader, const Remit835Handler& handler) { return Reader835(reader, handler).Run(); }

Result<std::vector<Remittance>> Read835(X12Reader& reader) {
  std::vector<Remittance> remits;
  Remit835Handler handler;
  handler.on_header = [&](const Remittance& header) { remits.push_back(header); };
  handler.on_claim = [&](const Remittance&, const ClaimPayment& claim) {
    remits.back().claims.push_back(claim);
    return true;
  };
  handler.on_end = [&](const Remittance& remit) { remits.back().provider_adjustments = remit.provider_adjustments; };
  Status st = Read835(reader, handler);
  if (!st.ok()) return st.error();
  return remits;
}

Result<std::vector<Remittance>> Read835Text(std::string_view text, const std::string& name) {
  X12Reader reader = X12Reader::FromText(text, name);
  return Read835(reader);
}

// [SECTION] 835 writing -----------------------------------------------------------------------------------------------

namespace {

std::string Padded(std::string_view value, size_t width) {
  std::string s(value.substr(0, width));
  s.resize(width, ' ');
  return s;
}

std::string Digits(int64_t value, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(value));
  return buf;
}

// ISA and GS; returns nothing, the writer holds them.
void WriteEnvelopeStart(X12Writer& w, const X12EnvelopeOptions& o, std::string_view functional_id,
                        std::string_view version) {
  const std::string date6 = o.date.size() == 8 ? o.date.substr(2) : o.date;
  const std::string repetition(1, o.separators.repetition == '\0' ? '^' : o.separators.repetition);
  const std::string component(1, o.separators.component);
  w.Add("ISA", {"00", Padded("", 10), "00", Padded("", 10), "ZZ", Padded(o.sender_id, 15), "ZZ",
                Padded(o.receiver_id, 15), date6, o.time, repetition, "00501",
                Digits(o.interchange_control_number, 9), "0", o.production ? "P" : "T", component});
  w.Add("GS", {functional_id, o.sender_id, o.receiver_id, o.date, o.time, std::to_string(o.group_control_number), "X",
               version});
}

void WriteEnvelopeEnd(X12Writer& w, const X12EnvelopeOptions& o, int transactions) {
  w.Add("GE", {std::to_string(transactions), std::to_string(o.group_control_number)});
  w.Add("IEA", {"1", Digits(o.interchange_control_number, 9)});
}

std::string ProcedureComposite(const X12Writer& w, const RemitProcedure& p) {
  auto mod = [&](size_t i) -> std::string_view { return i < p.modifiers.size() ? p.modifiers[i] : std::string_view(); };
  return w.Composite({p.qualifier, p.code, mod(0), mod(1), mod(2), mod(3), p.description});
}

// CAS segments: consecutive adjustments of one group share a CAS, six at most.
void WriteCas(X12Writer& w, const std::vector<CasAdjustment>& adjustments) {
  size_t i = 0;
  while (i < adjustments.size()) {
    std::vector<std::string> e{adjustments[i].group};
    size_t n = 0;
    while (i < adjustments.size() && n < 6 && adjustments[i].group == e[0]) {
      e.push_back(adjustments[i].reason);
      e.push_back(CentsToX12(adjustments[i].amount));
      e.push_back(adjustments[i].quantity);
      ++i;
      ++n;
    }
    w.Add("CAS", e);
  }
}

}  // namespace

Remit835Writer::Remit835Writer(const X12EnvelopeOptions& options)
    : m_options(options), m_writer(options.separators, options.line_breaks) {
  WriteEnvelopeStart(m_writer, m_options, "HP", "005010X221A1");
}

void Remit835Writer::Begin(const Remittance& r) {
  X12Writer& w = m_writer;
  m_st_segment = w.segment_count();
  ++m_transactions;
  m_have_lx = false;
  m_st_control = r.control_number.empty() ? m_options.transaction_control_number : r.control_number;
  w.Add("ST", {"835", m_st_control, "005010X221A1"});
  w.Add("BPR", {r.handling_code, CentsToX12(r.total_paid), r.credit_debit, r.payment_method, r.payment_format, "", "",
                "", "", "", "", "", "", "", "", r.payment_date.empty() ? m_options.date : r.payment_date});
  w.Add("TRN", {"1", r.trace_number, r.trace_originator});
  if (!r.production_date.empty()) w.Add("DTM", {"405", r.production_date});
  w.Add("N1", {"PR", r.payer_name});
  if (!r.payer_address.empty()) w.Add("N3", {r.payer_address});
  if (!r.payer_city.empty() || !r.payer_zip.empty()) w.Add("N4", {r.payer_city, r.payer_state, r.payer_zip});
  if (!r.payer_id.empty()) w.Add("REF", {"2U", r.payer_id});
  if (!r.payer_contact_phone.empty()) w.Add("PER", {"BL", "", "TE", r.payer_contact_phone});
  if (!r.payee_npi.empty()) {
    w.Add("N1", {"PE", r.payee_name, "XX", r.payee_npi});
  } else if (!r.payee_tax_id.empty()) {
    w.Add("N1", {"PE", r.payee_name, "FI", r.payee_tax_id});
  } else {
    w.Add("N1", {"PE", r.payee_name});
  }
  if (!r.payee_npi.empty() && !r.payee_tax_id.empty()) w.Add("REF", {"TJ", r.payee_tax_id});
}

void Remit835Writer::Claim(const ClaimPayment& c) {
  X12Writer& w = m_writer;
  if (!m_have_lx) {
    w.Add("LX", {"1"});
    m_have_lx = true;
  }
  w.Add("CLP", {c.patient_control_number, c.status, CentsToX12(c.charge), CentsToX12(c.paid),
                c.patient_responsibility ? CentsToX12(*c.patient_responsibility) : "", c.filing_indicator,
                c.payer_claim_number, c.facility_code, c.frequency_code});
  WriteCas(w, c.adjustments);
  // NM1*QC is required in loop 2100: written even when the model has no name.
  w.Add("NM1", {"QC", "1", c.patient_last_name, c.patient_first_name, "", "", "", c.patient_id.empty() ? "" : "MI",
                c.patient_id});
  if (!c.remarks.empty()) {
    std::vector<std::string> e{"", ""};
    for (size_t i = 0; i < c.remarks.size() && i < 5; ++i) e.push_back(c.remarks[i]);
    w.Add("MOA", e);
  }
  if (!c.statement_from.empty()) w.Add("DTM", {"232", c.statement_from});
  if (!c.statement_to.empty()) w.Add("DTM", {"233", c.statement_to});
  if (!c.received_date.empty()) w.Add("DTM", {"050", c.received_date});
  for (const auto& [qualifier, amount] : c.amounts) w.Add("AMT", {qualifier, CentsToX12(amount)});
  for (const ServicePayment& l : c.lines) {
    w.Add("SVC", {ProcedureComposite(w, l.procedure), CentsToX12(l.charge), CentsToX12(l.paid), l.revenue_code,
                  l.units, l.original.empty() ? "" : ProcedureComposite(w, l.original), l.original_units});
    if (!l.date.empty() && l.date_end.empty()) w.Add("DTM", {"472", l.date});
    if (!l.date.empty() && !l.date_end.empty()) {
      w.Add("DTM", {"150", l.date});
      w.Add("DTM", {"151", l.date_end});
    }
    WriteCas(w, l.adjustments);
    if (!l.control_number.empty()) w.Add("REF", {"6R", l.control_number});
    if (l.allowed) w.Add("AMT", {"B6", CentsToX12(*l.allowed)});
    for (const auto& remark : l.remarks) w.Add("LQ", {"HE", remark});
  }
}

void Remit835Writer::End(const Remittance& r) {
  X12Writer& w = m_writer;
  for (const ProviderAdjustment& plb : r.provider_adjustments) {
    size_t i = 0;
    do {
      std::vector<std::string> e{plb.provider_id, plb.fiscal_period_end};
      for (size_t n = 0; n < 6 && i < plb.items.size(); ++n, ++i) {
        e.push_back(w.Composite({plb.items[i].reason, plb.items[i].reference}));
        e.push_back(CentsToX12(plb.items[i].amount));
      }
      w.Add("PLB", e);
    } while (i < plb.items.size());
  }
  const uint64_t count = w.segment_count() - m_st_segment + 1;
  w.Add("SE", {std::to_string(count), m_st_control});
}

void Remit835Writer::Finish() { WriteEnvelopeEnd(m_writer, m_options, m_transactions); }

std::string Write835(const std::vector<Remittance>& remits, const X12EnvelopeOptions& options) {
  Remit835Writer writer(options);
  for (const Remittance& r : remits) {
    writer.Begin(r);
    for (const ClaimPayment& c : r.claims) writer.Claim(c);
    writer.End(r);
  }
  writer.Finish();
  return writer.Take();
}

std::string Write835(const Remittance& remit, const X12EnvelopeOptions& options) {
  return Write835(std::vector<Remittance>{remit}, options);
}

// [SECTION] 999 -------------------------------------------------------------------------------------------------------

namespace {

int IntOr0(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
    if (v > 100000000) return v;
  }
  return v;
}

}  // namespace

Result<std::vector<Ack999>> Read999(X12Reader& reader) {
  std::vector<Ack999> acks;
  bool in_999 = false;
  X12Position st_at;
  X12Segment s;
  const char component = reader.separators().component;
  while (reader.Next(s)) {
    const std::string_view id = s.id();
    if (id == "ISA" || id == "GS" || id == "GE" || id == "IEA" || id == "TA1") continue;
    if (id == "ST") {
      if (s.Element(1) != "999") {
        return SegmentError(reader, s, 1, "ST01 is \"" + std::string(s.Element(1)) + "\": this is not a 999 acknowledgment.");
      }
      acks.emplace_back();
      acks.back().control_number = std::string(s.Element(2));
      st_at = PositionOf(s);
      in_999 = true;
      continue;
    }
    if (!in_999) return SegmentError(reader, s, 0, "A " + std::string(id) + " segment outside a transaction (no ST before it).");
    Ack999& ack = acks.back();
    if (id == "SE") {
      in_999 = false;
    } else if (id == "AK1") {
      ack.functional_id = std::string(s.Element(1));
      ack.group_control_number = std::string(s.Element(2));
      ack.version = std::string(s.Element(3));
    } else if (id == "AK2") {
      AckTransaction t;
      t.set_id = std::string(s.Element(1));
      t.control_number = std::string(s.Element(2));
      t.version = std::string(s.Element(3));
      if (t.control_number.empty()) return SegmentError(reader, s, 2, "AK202 (the control number of the acknowledged ST) is missing.");
      ack.transactions.push_back(std::move(t));
    } else if (id == "IK3") {
      if (ack.transactions.empty()) return SegmentError(reader, s, 0, "IK3 before any AK2.");
      AckSegmentError e;
      e.segment_id = std::string(s.Element(1));
      e.position = IntOr0(s.Element(2));
      e.loop_id = std::string(s.Element(3));
      e.code = std::string(s.Element(4));
      ack.transactions.back().errors.push_back(std::move(e));
    } else if (id == "IK4") {
      if (ack.transactions.empty() || ack.transactions.back().errors.empty()) {
        return SegmentError(reader, s, 0, "IK4 without an IK3 before it (an element error belongs to a segment error).");
      }
      AckElementError e;
      e.position = IntOr0(s.Component(1, 1, component));
      e.component = IntOr0(s.Component(1, 2, component));
      e.reference = std::string(s.Element(2));
      e.code = std::string(s.Element(3));
      e.bad_value = std::string(s.Element(4));
      ack.transactions.back().errors.back().elements.push_back(std::move(e));
    } else if (id == "IK5") {
      if (ack.transactions.empty()) return SegmentError(reader, s, 0, "IK5 before any AK2.");
      AckTransaction& t = ack.transactions.back();
      t.status = std::string(s.Element(1));
      if (t.status.empty()) return SegmentError(reader, s, 1, "IK501 (the acknowledgment code) is missing.");
      for (size_t i = 2; i <= 6; ++i)
        if (!s.Element(i).empty()) t.codes.emplace_back(s.Element(i));
    } else if (id == "AK9") {
      ack.group_status = std::string(s.Element(1));
      ack.included = IntOr0(s.Element(2));
      ack.received = IntOr0(s.Element(3));
      ack.accepted = IntOr0(s.Element(4));
      for (size_t i = 5; i <= 9; ++i)
        if (!s.Element(i).empty()) ack.group_codes.emplace_back(s.Element(i));
    }
  }
  if (reader.failed()) return reader.error();
  if (in_999) {
    return MakeError(ErrorCode::kParse, "The 999 transaction that starts at " + st_at.Text() + " has no SE (truncated?).",
                     reader.name() + ", " + st_at.Text());
  }
  return acks;
}

Result<std::vector<Ack999>> Read999Text(std::string_view text, const std::string& name) {
  X12Reader reader = X12Reader::FromText(text, name);
  return Read999(reader);
}

std::string Write999(const Ack999& ack, const X12EnvelopeOptions& options) {
  X12Writer w(options.separators, options.line_breaks);
  WriteEnvelopeStart(w, options, "FA", "005010X231A1");
  const uint64_t st = w.segment_count();
  const std::string control = ack.control_number.empty() ? options.transaction_control_number : ack.control_number;
  w.Add("ST", {"999", control, "005010X231A1"});
  w.Add("AK1", {ack.functional_id, ack.group_control_number, ack.version});
  for (const AckTransaction& t : ack.transactions) {
    w.Add("AK2", {t.set_id, t.control_number, t.version});
    for (const AckSegmentError& e : t.errors) {
      w.Add("IK3", {e.segment_id, std::to_string(e.position), e.loop_id, e.code});
      for (const AckElementError& el : e.elements) {
        w.Add("IK4", {w.Composite({std::to_string(el.position), el.component ? std::to_string(el.component) : ""}),
                      el.reference, el.code, el.bad_value});
      }
    }
    std::vector<std::string> ik5{t.status};
    for (const auto& c : t.codes) ik5.push_back(c);
    w.Add("IK5", ik5);
  }
  std::vector<std::string> ak9{ack.group_status, std::to_string(ack.included), std::to_string(ack.received),
                               std::to_string(ack.accepted)};
  for (const auto& c : ack.group_codes) ak9.push_back(c);
  w.Add("AK9", ak9);
  w.Add("SE", {std::to_string(w.segment_count() - st + 1), control});
  WriteEnvelopeEnd(w, options, 1);
  return w.Take();
}

namespace {

const char* Ik3Text(std::string_view code) {
  if (code == "1") return "unrecognized segment ID";
  if (code == "2") return "unexpected segment";
  if (code == "3") return "required segment missing";
  if (code == "4") return "loop occurs over maximum times";
  if (code == "5") return "segment exceeds maximum use";
  if (code == "6") return "segment not in defined transaction set";
  if (code == "7") return "segment not in proper sequence";
  if (code == "8") return "segment has data element errors";
  if (code == "I4") return "implementation \"not used\" segment present";
  if (code == "I6") return "implementation dependent segment missing";
  if (code == "I7") return "implementation loop occurs under minimum times";
  if (code == "I8") return "implementation segment below minimum use";
  if (code == "I9") return "implementation dependent \"not used\" segment present";
  return "segment error";
}

const char* Ik4Text(std::string_view code) {
  if (code == "1") return "required data element missing";
  if (code == "2") return "conditional required data element missing";
  if (code == "3") return "too many data elements";
  if (code == "4") return "data element too short";
  if (code == "5") return "data element too long";
  if (code == "6") return "invalid character in data element";
  if (code == "7") return "invalid code value";
  if (code == "8") return "invalid date";
  if (code == "9") return "invalid time";
  if (code == "10") return "exclusion condition violated";
  if (code == "12") return "too many repetitions";
  if (code == "13") return "too many components";
  if (code == "I10") return "implementation \"not used\" data element present";
  if (code == "I11") return "implementation too few repetitions";
  if (code == "I12") return "implementation pattern match failure";
  if (code == "I13") return "implementation dependent \"not used\" data element present";
  if (code == "I6") return "code value not used in implementation";
  if (code == "I9") return "implementation dependent data element missing";
  return "element error";
}

const char* Ik5Text(std::string_view status) {
  if (status == "A") return "accepted";
  if (status == "E") return "accepted with errors";
  if (status == "M") return "rejected: message authentication code failed";
  if (status == "R") return "rejected";
  if (status == "W") return "rejected: assurance failed validity tests";
  if (status == "X") return "rejected: content could not be analyzed";
  return "status unknown";
}

}  // namespace

std::string DescribeAckTransaction(const AckTransaction& t) {
  std::string out = std::string(Ik5Text(t.status)) + " (IK501 " + t.status + ")";
  for (const AckSegmentError& e : t.errors) {
    out += "; segment " + e.segment_id + " at position " + std::to_string(e.position);
    if (!e.loop_id.empty()) out += " (loop " + e.loop_id + ")";
    out += ": " + std::string(Ik3Text(e.code));
    for (const AckElementError& el : e.elements) {
      out += "; element " + e.segment_id + (el.position < 10 ? "0" : "") + std::to_string(el.position);
      if (el.component > 0) out += "-" + std::to_string(el.component);
      out += ": " + std::string(Ik4Text(el.code));
      if (!el.bad_value.empty()) out += " (\"" + el.bad_value + "\")";
    }
  }
  return out;
}

// [SECTION] 277CA ----------------------------------------------------------------------------------------------------

AckOutcome ClaimStatusOutcome(std::string_view category) {
  if (category == "A0" || category == "A1" || category == "A2" || category == "A5") return AckOutcome::kAccepted;
  if (category == "A3" || category == "A4" || category == "A6" || category == "A7" || category == "A8") {
    return AckOutcome::kRejected;
  }
  return AckOutcome::kOther;
}

std::string ClaimStatusCategoryText(std::string_view category) {
  struct Row {
    const char* code;
    const char* text;
  };
  // Health care claim status category codes (X12 external code list 507), paraphrased.
  static const Row kRows[] = {
      {"A0", "acknowledgement: forwarded to another entity"},
      {"A1", "acknowledgement: received, not yet accepted for processing"},
      {"A2", "acknowledgement: accepted into the adjudication system"},
      {"A3", "acknowledgement: returned as unprocessable"},
      {"A4", "acknowledgement: not found"},
      {"A5", "acknowledgement: split claim"},
      {"A6", "acknowledgement: rejected for missing information"},
      {"A7", "acknowledgement: rejected for invalid information"},
      {"A8", "acknowledgement: rejected for relational field in error"},
      {"P0", "pending: adjudication not finalized"},
      {"P1", "pending: in process"},
      {"P2", "pending: payer review"},
      {"P3", "pending: provider requested information"},
      {"P4", "pending: patient requested information"},
      {"F0", "finalized"},
      {"F1", "finalized: payment"},
      {"F2", "finalized: denial"},
      {"E0", "response not possible: error on submitted request data"},
  };
  for (const Row& r : kRows) {
    if (category == r.code) return std::string(r.code) + ": " + r.text;
  }
  return std::string(category) + ": claim status category not known to Medcode";
}

AckOutcome ClaimAck::Outcome() const {
  return statuses.empty() ? AckOutcome::kOther : ClaimStatusOutcome(statuses.front().category);
}

bool ClaimAck::operator==(const ClaimAck& o) const {
  return patient_control_number == o.patient_control_number && payer_claim_number == o.payer_claim_number &&
         clearinghouse_trace == o.clearinghouse_trace && patient_last_name == o.patient_last_name &&
         patient_first_name == o.patient_first_name && patient_id == o.patient_id && service_date == o.service_date &&
         service_date_end == o.service_date_end && statuses == o.statuses;
}

Result<std::vector<Ack277>> Read277(X12Reader& reader) {
  std::vector<Ack277> acks;
  bool in_277 = false;
  X12Position st_at;
  std::string level;  // HL03 of the current HL: 20 source, 21 receiver, 19 provider, PT patient, 23 dependent
  bool in_claim = false, in_service = false;
  std::string pending_last, pending_first, pending_id;
  X12Segment s;
  const char component = reader.separators().component;
  while (reader.Next(s)) {
    const std::string_view id = s.id();
    if (id == "ISA" || id == "GS" || id == "GE" || id == "IEA" || id == "TA1") continue;
    if (id == "ST") {
      if (s.Element(1) != "277") {
        return SegmentError(reader, s, 1, "ST01 is \"" + std::string(s.Element(1)) + "\": this is not a 277 claim acknowledgment.");
      }
      acks.emplace_back();
      acks.back().control_number = std::string(s.Element(2));
      st_at = PositionOf(s);
      in_277 = true;
      level.clear();
      in_claim = in_service = false;
      continue;
    }
    if (!in_277) return SegmentError(reader, s, 0, "A " + std::string(id) + " segment outside a transaction (no ST before it).");
    Ack277& ack = acks.back();
    if (id == "SE") {
      in_277 = false;
    } else if (id == "HL") {
      level = std::string(s.Element(3));
      in_claim = in_service = false;
      pending_last.clear();
      pending_first.clear();
      pending_id.clear();
    } else if (id == "NM1") {
      const std::string_view who = s.Element(1);
      if (who == "PR" && level == "20") ack.payer_name = std::string(s.Element(3));
      if (who == "41" && level == "21") ack.receiver_name = std::string(s.Element(3));
      if (who == "85" && level == "19") ack.billing_provider_npi = std::string(s.Element(9));
      if ((who == "QC" || who == "IL") && (level == "PT" || level == "23" || level == "22")) {
        pending_last = std::string(s.Element(3));
        pending_first = std::string(s.Element(4));
        pending_id = std::string(s.Element(9));
      }
    } else if (id == "TRN") {
      if (s.Element(1) == "2" && (level == "PT" || level == "23" || level == "22")) {
        ClaimAck c;
        c.patient_control_number = std::string(s.Element(2));
        c.patient_last_name = pending_last;
        c.patient_first_name = pending_first;
        c.patient_id = pending_id;
        c.at = PositionOf(s);
        if (c.patient_control_number.empty()) {
          return SegmentError(reader, s, 2, "TRN02 (the claim's patient control number, CLM01) is missing.");
        }
        ack.claims.push_back(std::move(c));
        in_claim = true;
        in_service = false;
      }
    } else if (id == "STC") {
      if (!in_claim || in_service) continue;  // information source / receiver / provider or line statuses
      ClaimAck& c = ack.claims.back();
      bool first = true;
      for (size_t e : {size_t{1}, size_t{10}, size_t{11}}) {
        if (s.Element(e).empty()) continue;
        ClaimStatusInfo info;
        info.category = std::string(s.Component(e, 1, component));
        info.code = std::string(s.Component(e, 2, component));
        info.entity = std::string(s.Component(e, 3, component));
        if (first) {
          info.date = std::string(s.Element(2));
          info.action = std::string(s.Element(3));
          if (!s.Element(4).empty()) {
            auto amount = AmountAt(reader, s, 4);
            if (!amount.ok()) return amount.error();
            info.amount = *amount;
          }
          info.message = std::string(s.Element(12));
        }
        first = false;
        c.statuses.push_back(std::move(info));
      }
      if (first) return SegmentError(reader, s, 1, "STC01 (the status category : status code) is missing.");
    } else if (id == "REF" && in_claim && !in_service) {
      if (s.Element(1) == "1K") ack.claims.back().payer_claim_number = std::string(s.Element(2));
      if (s.Element(1) == "D9") ack.claims.back().clearinghouse_trace = std::string(s.Element(2));
    } else if (id == "DTP" && in_claim && !in_service && s.Element(1) == "472") {
      std::string_view v = s.Element(3);
      const size_t dash = v.find('-');
      ack.claims.back().service_date = std::string(v.substr(0, dash));
      if (dash != std::string_view::npos) ack.claims.back().service_date_end = std::string(v.substr(dash + 1));
    } else if (id == "SVC") {
      in_service = in_claim;
    }
  }
  if (reader.failed()) return reader.error();
  if (in_277) {
    return MakeError(ErrorCode::kParse, "The 277 transaction that starts at " + st_at.Text() + " has no SE (truncated?).",
                     reader.name() + ", " + st_at.Text());
  }
  return acks;
}

Result<std::vector<Ack277>> Read277Text(std::string_view text, const std::string& name) {
  X12Reader reader = X12Reader::FromText(text, name);
  return Read277(reader);
}

std::string Write277(const Ack277& ack, const X12EnvelopeOptions& options) {
  X12Writer w(options.separators, options.line_breaks);
  WriteEnvelopeStart(w, options, "HN", "005010X214");
  const uint64_t st = w.segment_count();
  const std::string control = ack.control_number.empty() ? options.transaction_control_number : ack.control_number;
  w.Add("ST", {"277", control, "005010X214"});
  w.Add("BHT", {"0085", "08", control, options.date, options.time, "TH"});
  w.Add("HL", {"1", "", "20", "1"});
  w.Add("NM1", {"PR", "2", ack.payer_name, "", "", "", "", "PI", options.sender_id});
  w.Add("TRN", {"1", control});
  w.Add("DTP", {"050", "D8", options.date});
  w.Add("DTP", {"009", "D8", options.date});
  w.Add("HL", {"2", "1", "21", "1"});
  w.Add("NM1", {"41", "2", ack.receiver_name, "", "", "", "", "46", options.receiver_id});
  w.Add("TRN", {"2", control});
  w.Add("HL", {"3", "2", "19", ack.claims.empty() ? "0" : "1"});
  w.Add("NM1", {"85", "2", "BILLING PROVIDER", "", "", "", "", "XX", ack.billing_provider_npi});
  w.Add("TRN", {"1", control});
  int hl = 3;
  for (const ClaimAck& c : ack.claims) {
    w.Add("HL", {std::to_string(++hl), "3", "PT"});
    w.Add("NM1", {"QC", "1", c.patient_last_name, c.patient_first_name, "", "", "", c.patient_id.empty() ? "" : "MI",
                  c.patient_id});
    w.Add("TRN", {"2", c.patient_control_number});
    for (size_t i = 0; i < c.statuses.size();) {
      const ClaimStatusInfo& first = c.statuses[i];
      std::vector<std::string> e(12);
      e[0] = w.Composite({first.category, first.code, first.entity});
      e[1] = first.date.empty() ? options.date : first.date;
      e[2] = first.action;
      e[3] = first.amount ? CentsToX12(*first.amount) : "";
      e[11] = first.message;
      ++i;
      for (size_t slot : {size_t{9}, size_t{10}}) {
        if (i < c.statuses.size() && c.statuses[i].date.empty() && c.statuses[i].action.empty() &&
            !c.statuses[i].amount && c.statuses[i].message.empty()) {
          e[slot] = w.Composite({c.statuses[i].category, c.statuses[i].code, c.statuses[i].entity});
          ++i;
        }
      }
      w.Add("STC", e);
    }
    if (!c.payer_claim_number.empty()) w.Add("REF", {"1K", c.payer_claim_number});
    if (!c.clearinghouse_trace.empty()) w.Add("REF", {"D9", c.clearinghouse_trace});
    if (!c.service_date.empty()) {
      if (c.service_date_end.empty()) {
        w.Add("DTP", {"472", "D8", c.service_date});
      } else {
        w.Add("DTP", {"472", "RD8", c.service_date + "-" + c.service_date_end});
      }
    }
  }
  w.Add("SE", {std::to_string(w.segment_count() - st + 1), control});
  WriteEnvelopeEnd(w, options, 1);
  return w.Take();
}

}  // namespace medcode::engine
