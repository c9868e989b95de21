// robustness_test.cpp: the parsers of outside input (note files, CSV reference files, dates, X12) on seeded random and
// mutated inputs: the same properties the libFuzzer target checks (tests/fuzz/targets.h), a few seconds' worth in
// every test run. tools/fuzz runs the coverage-guided fuzzer for longer.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "engine/x12_samples.h"
#include "fuzz/targets.h"

namespace {

// Inputs that look like what the parsers really get, to mutate from.
const char* const kSeeds[] = {
    "order,icd_code,valid_billable\n1,A00,0\n2,A00.0,1,\"Cholera, due to \"\"V\"\"\"\n",
    "\xEF\xBB\xBFPatient: Doe\r\nDOS: 03/04/2025\r\nCaf\xE9 \x93quoted\x94\r\n",
    "\xFF\xFEH\0i\0\n\0",
    "\xFE\xFF\0H\0i",
    "2024-02-29",
    "12/31/2199",
    "E119\t19\nI10\t85\n",
    "\"unterminated,field\nnext",
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a x='1' y=\"&amp;&#x41;\"><!-- c --><b>t&lt;<![CDATA[<x>]]></b><c/></a>\n",
    "<diag><name>S72</name><sevenChrDef><extension char=\"A\">initial</extension></sevenChrDef></diag>",
};

}  // namespace

TEST_CASE("parsers of outside input survive random and mutated bytes", "[robustness]") {
  std::mt19937 rng(20261127);  // fixed seed: a failure reproduces
  std::uniform_int_distribution<int> byte(0, 255);
  std::string input;
  for (int iteration = 0; iteration < 100000; ++iteration) {
    if (iteration % 2 == 0) {
      input.assign(static_cast<size_t>(rng() % 200), '\0');
      for (char& c : input) c = static_cast<char>(byte(rng));
    } else {
      input = kSeeds[rng() % std::size(kSeeds)];
      const int mutations = 1 + static_cast<int>(rng() % 4);
      for (int m = 0; m < mutations && !input.empty(); ++m) {
        const size_t at = rng() % input.size();
        switch (rng() % 3) {
          case 0: input[at] = static_cast<char>(byte(rng)); break;
          case 1: input.erase(at, 1); break;
          default: input.insert(at, 1, "\",\n\r\t\0\xC3\xE2"[rng() % 8]); break;
        }
      }
    }
    medcode::fuzz::All(input);
  }
  SUCCEED("100000 inputs, no property failed");
}

TEST_CASE("the X12 reader and validator survive mutated interchanges", "[robustness][x12]") {
  const std::string seeds[] = {medcode::test::Sample837P(), medcode::test::Sample835(), medcode::test::Sample999(),
                               medcode::test::Sample277CA(),
                               medcode::test::X12Translate(medcode::test::Sample837P(), '|', '^', '>', '\n')};
  std::mt19937 rng(6);  // fixed seed: a failure reproduces
  std::uniform_int_distribution<int> byte(0, 255);
  std::string input;
  for (int iteration = 0; iteration < 6000; ++iteration) {
    input = seeds[rng() % std::size(seeds)];
    const int mutations = 1 + static_cast<int>(rng() % 6);
    for (int m = 0; m < mutations && !input.empty(); ++m) {
      const size_t at = rng() % input.size();
      switch (rng() % 6) {
        case 0: input[at] = static_cast<char>(byte(rng)); break;
        case 1: input.erase(at, 1 + rng() % 8); break;
        case 2: input.insert(at, 1, "*~:^\n\r0123456789.-ISA"[rng() % 22]); break;
        case 3: input.resize(at); break;  // truncated
        case 4: {  // a segment repeated elsewhere
          const size_t from = input.find('~', rng() % input.size());
          if (from != std::string::npos) input.insert(at, input.substr(from + 1, 1 + rng() % 40));
          break;
        }
        default: input[at] = "0123456789"[rng() % 10]; break;  // a number changed (counts, amounts, HL ids)
      }
    }
    medcode::fuzz::X12(input);
  }
  SUCCEED("6000 mutated interchanges, no property failed");
}
