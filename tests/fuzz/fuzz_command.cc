// The text API parser (api::ParseTextCommand). Input: one line as a process
// writes it. A line that parses is printed (api/command_print.h), and the
// printed line must parse to the same Command; printing that again must give
// the same line.
#include <string>
#include <string_view>

#include "api/command.h"
#include "api/command_print.h"
#include "fuzz_check.h"

using namespace herald;

extern "C" int FuzzCommand(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  api::Command first;
  Status s = api::ParseTextCommand(line, &first);
  if (!s) {
    HERALD_FUZZ_CHECK(!s.error().message.empty(), "an error without a message");
    return 0;
  }
  const std::string printed = api::PrintTextCommand(first);
  api::Command again;
  Status t = api::ParseTextCommand(printed, &again);
  HERALD_FUZZ_CHECK(t.ok(), "printed: " + printed + "\nerror: " + t.error().message);
  HERALD_FUZZ_CHECK(again == first, "printed: " + printed + "\nreprinted: " + api::PrintTextCommand(again));
  HERALD_FUZZ_CHECK(api::PrintTextCommand(again) == printed, "printed: " + printed);
  return 0;
}
