// fuzz_parsers.cpp: libFuzzer entry point over every parser of outside input (see targets.h). Built and run by
// tools/fuzz with clang -fsanitize=fuzzer,address,undefined; not part of the regular build.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  medcode::fuzz::All(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
