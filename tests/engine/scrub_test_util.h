// scrub_test_util.h: what the claim scrubber tests share: one Scrubber loaded from the test pack for the whole test
// binary (Scrubber::Load decodes the PTP tables, about a second natively; the suites reuse one).
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "engine/codeset_pack.h"
#include "engine/scrubber.h"

namespace medcode::test {

inline const engine::Scrubber& TestScrubber() {
  // Leaked on purpose: shared by every test case, destroyed with the process.
  static const engine::Scrubber* scrubber = [] {
    auto pack = engine::CodeSetPack::Open(MEDCODE_TEST_PACK);
    REQUIRE(pack.ok());
    auto loaded = engine::Scrubber::Load(*pack);
    INFO((loaded.ok() ? std::string() : loaded.error().ToString()));
    REQUIRE(loaded.ok());
    return new engine::Scrubber(std::move(loaded).value());
  }();
  return *scrubber;
}

}  // namespace medcode::test
