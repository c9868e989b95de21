// sha256_test.cpp: SHA-256 against the FIPS 180-4 / NIST example vectors, and incremental updates.
#include "engine/sha256.h"

#include <catch2/catch.hpp>

using medcode::engine::Sha256;

TEST_CASE("SHA-256 matches the NIST vectors", "[sha256]") {
  CHECK(Sha256::Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256::Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256::Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256::Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 gives the same digest however the input is split", "[sha256]") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>(i * 7 + 3);
  const std::string whole = Sha256::Hex(text);
  for (size_t step : {1u, 3u, 63u, 64u, 65u, 500u}) {
    Sha256 s;
    for (size_t i = 0; i < text.size(); i += step) s.Update(std::string_view(text).substr(i, step));
    const auto digest = s.Finish();
    std::string hex;
    for (uint8_t b : digest) {
      const char* d = "0123456789abcdef";
      hex += d[b >> 4];
      hex += d[b & 15];
    }
    INFO("step " << step);
    CHECK(hex == whole);
  }
}
