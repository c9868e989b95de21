// date.cpp: parsing and arithmetic of calendar dates (see date.h). Every rejection explains itself to the user.
#include "engine/date.h"

#include <array>

#include "engine/text.h"

namespace medcode::engine {
namespace {

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Caller guarantees AllDigits(text) and at most 4 digits, so this cannot overflow.
int DigitsToInt(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Splits "a<sep>b<sep>c" into exactly three parts; false for any other number of parts.
bool SplitThree(std::string_view text, char sep, std::array<std::string_view, 3>& parts) {
  size_t first = text.find(sep);
  if (first == std::string_view::npos) return false;
  size_t second = text.find(sep, first + 1);
  if (second == std::string_view::npos || text.find(sep, second + 1) != std::string_view::npos) return false;
  parts = {text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
  return true;
}

Error UnreadableDate(std::string_view input, std::string_view hint = {}) {
  std::string message = QuoteForMessage(input) + " is not a date Medcode can read";
  if (!hint.empty()) {
    message += " (";
    message += hint;
    message += ")";
  }
  message += ". Use ";
  message += kAcceptedDateFormats;
  message += ".";
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

Error InvalidDate(std::string_view input, const std::string& reason) {
  return MakeError(ErrorCode::kInvalidArgument, QuoteForMessage(input) + " is not a valid date: " + reason + ". Use " +
                                                    kAcceptedDateFormats + ".");
}

// Checks the fields of a date whose text had the right shape; `month_first_slashes` adds a hint for day-first input.
Result<Date> CheckFields(std::string_view input, Date date, bool month_first_slashes) {
  if (date.month < 1 || date.month > 12) {
    std::string reason = "there is no month " + std::to_string(date.month);
    if (month_first_slashes && date.month > 12 && date.day >= 1 && date.day <= 12) {
      reason += " (dates with slashes are read month first, as MM/DD/YYYY)";
    }
    return InvalidDate(input, reason);
  }
  int days = DaysInMonth(date.year, date.month);
  if (date.day < 1 || date.day > days) {
    const char* month_name = kMonthNames[static_cast<size_t>(date.month - 1)];
    if (date.day < 1) return InvalidDate(input, "there is no day 0");
    if (date.month == 2 && date.day == 29) {
      return InvalidDate(input, std::to_string(date.year) + " is not a leap year, so February has only 28 days");
    }
    return InvalidDate(input, std::string(month_name) + " " + std::to_string(date.year) + " has only " +
                                  std::to_string(days) + " days");
  }
  if (date.year < kMinDateYear || date.year > kMaxDateYear) {
    return InvalidDate(input, "the year " + std::to_string(date.year) + " is outside " + std::to_string(kMinDateYear) +
                                  ".." + std::to_string(kMaxDateYear));
  }
  return date;
}

void AppendPadded(std::string& out, int value, int width) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) out += '-';
  for (int i = static_cast<int>(digits.size()); i < width; ++i) out += '0';
  out += digits;
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[static_cast<size_t>(month - 1)];
}

bool IsValidDate(const Date& date) {
  return date.year >= kMinDateYear && date.year <= kMaxDateYear && date.month >= 1 && date.month <= 12 &&
         date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

Result<Date> ParseDate(std::string_view text) {
  std::string_view trimmed = TrimSpaces(text);
  if (trimmed.empty()) return UnreadableDate(text, "it is empty");
  std::array<std::string_view, 3> parts;

  if (trimmed.find('/') != std::string_view::npos) {
    if (!SplitThree(trimmed, '/', parts) || !AllDigits(parts[0]) || !AllDigits(parts[1]) || !AllDigits(parts[2]) ||
        parts[0].size() > 2 || parts[1].size() > 2) {
      return UnreadableDate(text);
    }
    if (parts[2].size() == 2) return UnreadableDate(text, "write the year with four digits");
    if (parts[2].size() != 4) return UnreadableDate(text);
    return CheckFields(text, Date{DigitsToInt(parts[2]), DigitsToInt(parts[0]), DigitsToInt(parts[1])}, true);
  }

  if (trimmed.find('-') != std::string_view::npos) {
    if (!SplitThree(trimmed, '-', parts) || !AllDigits(parts[0]) || !AllDigits(parts[1]) || !AllDigits(parts[2])) {
      return UnreadableDate(text);
    }
    if (parts[0].size() != 4 && parts[2].size() == 4) {
      return UnreadableDate(text, "dates with dashes start with the year; for month first use slashes");
    }
    if (parts[0].size() != 4 || parts[1].size() != 2 || parts[2].size() != 2) return UnreadableDate(text);
    return CheckFields(text, Date{DigitsToInt(parts[0]), DigitsToInt(parts[1]), DigitsToInt(parts[2])}, false);
  }

  if (trimmed.size() == 8 && AllDigits(trimmed)) {
    const Date date{DigitsToInt(trimmed.substr(0, 4)), DigitsToInt(trimmed.substr(4, 2)),
                    DigitsToInt(trimmed.substr(6, 2))};
    return CheckFields(text, date, false);
  }
  return UnreadableDate(text);
}

std::string ToIso(const Date& date) {
  std::string out;
  out.reserve(10);
  AppendPadded(out, date.year, 4);
  out += '-';
  AppendPadded(out, date.month, 2);
  out += '-';
  AppendPadded(out, date.day, 2);
  return out;
}

int FiscalYear(const Date& date) { return date.month >= 10 ? date.year + 1 : date.year; }

int AgeOnDate(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

}  // namespace medcode::engine
