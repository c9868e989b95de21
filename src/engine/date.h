// date.h: calendar dates as coding uses them (date of service, birth date, code-set effective dates): parsing what a
// user types or a file holds, ISO output, the US federal fiscal year (ICD-10-CM/PCS and MS-DRG editions change on
// October 1) and age in whole years. Pure computation: no clock, no time zones, no I/O.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace medcode::engine {

// Years outside this range are rejected by ParseDate: they are typing mistakes in coding work, not real dates.
inline constexpr int kMinDateYear = 1900;  // earliest year accepted (oldest plausible birth date)
inline constexpr int kMaxDateYear = 2199;  // latest year accepted
// Named in every ParseDate error so the user knows what to type instead.
inline constexpr const char* kAcceptedDateFormats = "YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY";

// A day of the Gregorian calendar. Compares chronologically (year, then month, then day). A Date built by hand may
// be invalid; ParseDate only returns valid ones (see IsValidDate).
struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..DaysInMonth(year, month)

  friend auto operator<=>(const Date&, const Date&) = default;
};

bool IsLeapYear(int year);
// 1..31 for a month 1..12; 0 for a month out of range.
int DaysInMonth(int year, int month);
// True when the date exists and its year is within kMinDateYear..kMaxDateYear.
bool IsValidDate(const Date& date);

// Parses `YYYY-MM-DD`, `YYYYMMDD`, or US `MM/DD/YYYY` (also `M/D/YYYY`); surrounding spaces are ignored. Slashed dates
// are always month first. Errors (kInvalidArgument) quote the input, say what is wrong (month 13, February 30, not a
// leap year, year out of range, two-digit year) and name the accepted formats; `where` is left for the caller.
Result<Date> ParseDate(std::string_view text);

// "2025-10-01". Pads the year to four digits.
std::string ToIso(const Date& date);

// US federal fiscal year: FY N runs from October 1 of N-1 to September 30 of N, so 2025-10-01 is in FY2026.
int FiscalYear(const Date& date);

// Whole years from `birth` to `on`: the age goes up on the birthday itself. Someone born on February 29 turns a year
// older on March 1 in common years. Negative when `on` is before `birth` (callers decide whether that is an error).
int AgeOnDate(const Date& birth, const Date& on);

}  // namespace medcode::engine
