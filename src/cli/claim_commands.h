// claim_commands.h: `medcode claim 837` (alias `medcode x12 write`): claims + practice settings -> an X12 837P file.
// The handler and its usage text; the rows are in commands.cpp's table.
#pragma once

#include <string_view>

#include "cli/cli.h"

namespace medcode::cli {

inline constexpr std::string_view kClaim837Summary = "Write claims (JSON) as an X12 837P (005010X222A1) file";

inline constexpr std::string_view kClaim837Usage =
    "Usage: medcode claim 837 <claims.json> --practice <practice.json> [--out FILE] [--interchange N] [--group N]\n"
    "                         [--transaction N] [--date CCYYMMDD] [--time HHMM] [--per-transaction N]\n"
    "                         [--separators ECRS] [--production] [--line-breaks]\n"
    "       medcode x12 write <claims.json> --practice <practice.json> [same options]\n"
    "\n"
    "<claims.json> holds billing claims (src/engine/billing.h): an array, {\"claims\": [...]}, or one object\n"
    "  {\"claim\": {<the claim.h claim JSON: id, date_of_service, payer.id, rendering_provider.npi,\n"
    "             place_of_service, diagnoses, services>},\n"
    "   \"patient\": {\"last_name\", \"first_name\", \"birth_date\", \"sex\", \"address\": {\"line1\", \"line2\", \"city\",\n"
    "               \"state\", \"zip\"}, \"member_id\", \"relationship\" (18 self, 01, 19, ...), \"subscriber_last_name\",\n"
    "               \"subscriber_first_name\", \"subscriber_birth_date\", \"subscriber_sex\", \"subscriber_address\",\n"
    "               \"group_number\"},\n"
    "   \"frequency_code\": \"1\", \"original_claim_number\": \"\", \"prior_authorization\": \"\"}\n"
    "Each claim is rebuilt from its claim and patient with the practice settings (<practice.json>, the app's\n"
    "\"practice\" setting: billing provider, rendering providers, payers, submitter and receiver): the billing\n"
    "provider, rendering provider, payer and total charge come from there, so a claim's own copies are ignored.\n"
    "\n"
    "Writes the 837P to standard output, or to --out FILE (then a JSON summary goes to standard output).\n"
    "--interchange, --group and --transaction set ISA13, GS06 and the first ST02 (default 1); --date and --time\n"
    "the file's date and time (default: now, UTC); --per-transaction the claims per ST..SE (default 5000);\n"
    "--separators four characters: element, component, repetition, segment terminator (default \"*:^~\");\n"
    "--production marks the file P instead of T (also when the practice says production); --line-breaks puts a\n"
    "newline after each segment.\n"
    "\n"
    "Exit codes: 0 written; 1 a claim or the practice cannot be billed: the problems are printed to standard output\n"
    "as JSON {\"problems\": [{\"claim\": n (1-based, null for the practice or the file), \"id\", \"field\", \"message\"}]}\n"
    "and no 837P is written; 2 bad input (unreadable file, invalid JSON, a bad option).\n";

ExitCode RunClaim837(const Invocation& invocation);

}  // namespace medcode::cli
