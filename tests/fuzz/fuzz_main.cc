// libFuzzer's entry point for one target: HERALD_FUZZ_ENTRY names the
// target's body (fuzz_check.h), set by CMakeLists.txt.
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return HERALD_FUZZ_ENTRY(data, size); }
