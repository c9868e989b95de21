// sha256.h: SHA-256 (FIPS 180-4), for the code-set pack's manifest: each input file's digest is recorded so that a
// pack says exactly which published bytes it was built from.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace medcode::engine {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  std::array<uint8_t, 32> Finish();  // the digest; the object must not be updated afterwards
  static std::string Hex(std::string_view bytes);  // lower-case hex digest of `bytes` in one call

 private:
  void Block(const uint8_t* p);
  std::array<uint32_t, 8> m_h;
  std::array<uint8_t, 64> m_buf{};
  size_t m_buf_len = 0;
  uint64_t m_total = 0;
};

}  // namespace medcode::engine
