// date_test.cpp: tests of engine/date.h: the accepted date formats, rejection of impossible dates with messages a
// user can act on (leap years included), ISO output, the October 1 fiscal-year boundary and age in whole years.
#include "engine/date.h"

#include <catch2/catch.hpp>
#include <string>

using medcode::engine::AgeOnDate;
using medcode::engine::Date;
using medcode::engine::DaysInMonth;
using medcode::engine::ErrorCode;
using medcode::engine::FiscalYear;
using medcode::engine::IsLeapYear;
using medcode::engine::IsValidDate;
using medcode::engine::kAcceptedDateFormats;
using medcode::engine::ParseDate;
using medcode::engine::ToIso;

namespace Catch {
template <>
struct StringMaker<Date> {
  static std::string convert(const Date& date) {
    return "Date{" + std::to_string(date.year) + ", " + std::to_string(date.month) + ", " + std::to_string(date.day) +
           "}";
  }
};
}  // namespace Catch

TEST_CASE("ParseDate accepts ISO, compact and US month-first dates", "[date]") {
  struct Case {
    const char* input;
    Date expected;
  };
  const Case cases[] = {
      {"2024-02-29", {2024, 2, 29}},   // leap year
      {"2000-02-29", {2000, 2, 29}},   // divisible by 400: leap
      {"2025-10-01", {2025, 10, 1}},
      {"1900-01-01", {1900, 1, 1}},    // first accepted year
      {"2199-12-31", {2199, 12, 31}},  // last accepted year
      {"20240229", {2024, 2, 29}},
      {"19991231", {1999, 12, 31}},
      {"02/29/2024", {2024, 2, 29}},
      {"12/31/2023", {2023, 12, 31}},
      {"2/9/2024", {2024, 2, 9}},
      {"7/04/1976", {1976, 7, 4}},
      {"  2023-06-15\t", {2023, 6, 15}},  // surrounding spaces from a form field
  };
  for (const Case& c : cases) {
    INFO("input: \"" << c.input << "\"");
    auto date = ParseDate(c.input);
    REQUIRE(date.ok());
    CHECK(*date == c.expected);
    CHECK(IsValidDate(*date));
  }
}

TEST_CASE("ParseDate rejects impossible or unreadable dates, quoting the input and naming the formats", "[date]") {
  struct Case {
    const char* input;
    const char* reason;  // the part of the message that says what is wrong
  };
  const Case cases[] = {
      {"2023-02-29", "2023 is not a leap year"},
      {"1900-02-29", "1900 is not a leap year"},  // divisible by 100, not by 400
      {"2100-02-29", "2100 is not a leap year"},
      {"02/29/2023", "2023 is not a leap year"},
      {"2024-02-30", "February 2024 has only 29 days"},
      {"2024-04-31", "April 2024 has only 30 days"},
      {"2024-01-32", "January 2024 has only 31 days"},
      {"2024-01-00", "there is no day 0"},
      {"2024-13-01", "there is no month 13"},
      {"2024-00-10", "there is no month 0"},
      {"20241301", "there is no month 13"},
      {"13/01/2024", "month first"},  // day-first input gets a hint
      {"1899-12-31", "the year 1899 is outside 1900..2199"},
      {"2200-01-01", "the year 2200 is outside 1900..2199"},
      {"1/2/24", "four digits"},
      {"01-15-2024", "start with the year"},
      {"", "empty"},
      {"   ", "empty"},
      {"tomorrow", "is not a date Medcode can read"},
      {"2024-1-5", "is not a date Medcode can read"},
      {"2024/01/05", "is not a date Medcode can read"},
      {"2024-01-05-07", "is not a date Medcode can read"},
      {"2024-01-05x", "is not a date Medcode can read"},
      {"202401015", "is not a date Medcode can read"},
      {"1/2/3/2024", "is not a date Medcode can read"},
      {"123/01/2024", "is not a date Medcode can read"},
  };
  for (const Case& c : cases) {
    INFO("input: \"" << c.input << "\"");
    auto date = ParseDate(c.input);
    REQUIRE_FALSE(date.ok());
    CHECK(date.error().code == ErrorCode::kInvalidArgument);
    CHECK_THAT(date.error().message, Catch::Contains("\"" + std::string(c.input) + "\""));
    CHECK_THAT(date.error().message, Catch::Contains(kAcceptedDateFormats));
    CHECK_THAT(date.error().message, Catch::Contains(c.reason));
  }
}

TEST_CASE("IsLeapYear and DaysInMonth follow the Gregorian rules", "[date]") {
  struct Case {
    int year;
    bool leap;
  };
  const Case cases[] = {{2024, true}, {2023, false}, {2000, true}, {1900, false}, {2100, false}, {1996, true}};
  for (const Case& c : cases) {
    INFO("year " << c.year);
    CHECK(IsLeapYear(c.year) == c.leap);
    CHECK(DaysInMonth(c.year, 2) == (c.leap ? 29 : 28));
  }
  CHECK(DaysInMonth(2023, 4) == 30);
  CHECK(DaysInMonth(2023, 12) == 31);
  CHECK(DaysInMonth(2023, 13) == 0);
  CHECK(DaysInMonth(2023, 0) == 0);
}

TEST_CASE("ToIso pads fields and ParseDate reads back every day it writes", "[date]") {
  CHECK(ToIso(Date{2025, 10, 1}) == "2025-10-01");
  CHECK(ToIso(Date{1900, 1, 9}) == "1900-01-09");
  CHECK(ToIso(Date{2199, 12, 31}) == "2199-12-31");

  int days_checked = 0;
  for (int year : {1900, 2023, 2024}) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= DaysInMonth(year, month); ++day) {
        const Date date{year, month, day};
        auto parsed = ParseDate(ToIso(date));
        INFO(ToIso(date));
        REQUIRE(parsed.ok());
        REQUIRE(*parsed == date);
        ++days_checked;
      }
    }
  }
  CHECK(days_checked == 365 + 365 + 366);
}

TEST_CASE("Dates compare chronologically", "[date]") {
  CHECK(Date{2024, 1, 31} < Date{2024, 2, 1});
  CHECK(Date{2023, 12, 31} < Date{2024, 1, 1});
  CHECK(Date{2024, 3, 2} > Date{2024, 3, 1});
  CHECK(Date{2024, 3, 1} == Date{2024, 3, 1});
  CHECK(Date{2024, 3, 1} != Date{2024, 1, 3});
  CHECK(Date{2024, 3, 1} <= Date{2024, 3, 1});
}

TEST_CASE("FiscalYear starts the next federal fiscal year on October 1", "[date]") {
  struct Case {
    Date date;
    int fiscal_year;
  };
  const Case cases[] = {
      {{2025, 9, 30}, 2025}, {{2025, 10, 1}, 2026}, {{2025, 12, 31}, 2026},
      {{2026, 1, 1}, 2026},  {{2026, 9, 30}, 2026}, {{2026, 10, 1}, 2027},
  };
  for (const Case& c : cases) {
    INFO(ToIso(c.date));
    CHECK(FiscalYear(c.date) == c.fiscal_year);
  }
}

TEST_CASE("AgeOnDate counts whole years, going up on the birthday", "[date]") {
  struct Case {
    Date birth;
    Date on;
    int age;
  };
  const Case cases[] = {
      {{1980, 6, 15}, {2024, 6, 14}, 43},  // day before the birthday
      {{1980, 6, 15}, {2024, 6, 15}, 44},  // on the birthday
      {{1980, 6, 15}, {2024, 6, 16}, 44},
      {{1980, 6, 15}, {2024, 5, 30}, 43},  // earlier month, later day
      {{2024, 3, 1}, {2024, 3, 1}, 0},     // newborn
      {{2023, 12, 31}, {2024, 12, 30}, 0},
      {{2020, 2, 29}, {2021, 2, 28}, 0},  // leap-day birth: a year older on March 1 in common years
      {{2020, 2, 29}, {2021, 3, 1}, 1},
      {{2020, 2, 29}, {2024, 2, 29}, 4},
      {{2024, 5, 1}, {2024, 4, 1}, -1},  // `on` before birth
  };
  for (const Case& c : cases) {
    INFO("born " << ToIso(c.birth) << ", on " << ToIso(c.on));
    CHECK(AgeOnDate(c.birth, c.on) == c.age);
  }
}
