// fuzz_parsers.cpp: libFuzzer entry point over every parser of outside input (see targets.h). Built and run by
// tools/fuzz with clang -fsanitize=fuzzer,address,undefined; not part of the regular build.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

// MEDCODE_FUZZ_X12 builds the X12-only target (tools/fuzz SECONDS x12): every execution on the X12 reader and validator.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
#ifdef MEDCODE_FUZZ_X12
  medcode::fuzz::X12(std::string_view(reinterpret_cast<const char*>(data), size));
#else
  medcode::fuzz::All(std::string_view(reinterpret_cast<const char*>(data), size));
#endif
  return 0;
}
