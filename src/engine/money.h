// money.h: amounts of money as exact integer cents, the one place that reads and writes them (claims, 837P, 835,
// CMS-1500, posting). Never doubles: $125.50 is 12550.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medcode::engine {

using Cents = int64_t;  // an amount in cents: 12550 = $125.50

// Dollars as typed ("125", "125.5", "125.00", ".50") to cents; nullopt when it is not a plain non-negative amount with
// at most 2 decimals (no "$", commas, signs or spaces).
std::optional<Cents> ParseCents(std::string_view dollars);
// Cents for people and JSON: always two decimals ("125.50", "-0.05").
std::string FormatCents(Cents cents);
// Cents as X12 writes a decimal (R): no trailing zeros in the fraction ("125.5", "125", "-0.05").
std::string CentsToX12(Cents cents);

}  // namespace medcode::engine
