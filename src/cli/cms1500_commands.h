// cms1500_commands.h: `medcode claim 1500`, the CMS-1500 PDF of a BillingClaim: its help text (constexpr, for the
// command table) and its handler (cms1500_commands.cpp); commands.cpp only lists it in kCommands.
#pragma once

#include <string_view>

#include "cli/cli.h"

namespace medcode::cli {

inline constexpr std::string_view kClaim1500Summary =
    "Print a billing claim as a CMS-1500 (02/12) PDF: plain paper or data only";
inline constexpr std::string_view kClaim1500Usage =
    "Usage: medcode claim 1500 <billing-claim.json> [--data-only] [--fields] --out FILE.pdf\n"
    "\n"
    "Reads one billing claim (the JSON of BillingClaimToJson, src/engine/billing.h) and writes its CMS-1500 claim\n"
    "form (02/12) to FILE.pdf: the form drawn with the data, for plain paper, or with --data-only just the data in\n"
    "Courier at 10 characters and 6 lines per inch, to print onto the pre-printed red OCR form. Six service lines a\n"
    "page; a longer claim continues on more pages with the total on the last. Values that do not fit their box are\n"
    "cut and listed on standard error. --fields also prints the form's fields (box -> value) as JSON on standard\n"
    "output; with --fields, --out may be left out.\n"
    "\n"
    "Exit codes: 0 written, 2 a usage error or a claim that cannot be read (the message names the file and field).\n";

ExitCode RunClaim1500(const Invocation& invocation);

}  // namespace medcode::cli
