// FlowSpec NLRI rendering (render_flow.h), in ExaBGP 5.0's spellings.
#include "api/render_flow.h"

#include <vector>

#include "api/render_common.h"

namespace herald::api::render {
namespace {

using wire::FlowComponent;
using wire::FlowComponentInfo;
using wire::FlowMatch;
using wire::FlowNlri;
using wire::FlowValueKind;

// Numeric operators (RFC 8955 §4.2.1.1) by their lt/gt/eq bits; "true" and
// "false" are the always/never operators.
constexpr std::string_view kNumericOps[8] = {"false", "=", ">", ">=", "<", "<=", "!=", "true"};
// Bitmask operators (§4.2.1.2) by their not/match bits.
constexpr std::string_view kBitmaskOps[4] = {"", "=", "!", "!="};

void AppendPrefix(std::string* out, const wire::FlowPrefix& p, wire::Afi afi) {
  p.address.AppendTo(out);
  out->push_back('/');
  AppendUint(out, p.length);
  if (afi == wire::Afi::kIpv6) {
    out->push_back('/');
    AppendUint(out, p.offset);
  }
}

// ExaBGP's BitResource: the names of the set bits joined by '+' (a value of
// 0 prints as nothing), then, if bits without a name remain, "unknown tcp
// flag type N" / "unknown fragment type N" with N the whole value.
void AppendBits(std::string* out, const FlowComponentInfo& info, uint64_t value) {
  uint64_t left = value;
  bool first = true;
  for (const wire::FlowValueName& n : info.names) {
    if (!(left & n.value)) continue;
    if (!first) out->push_back('+');
    out->append(n.name);
    first = false;
    left &= ~uint64_t{n.value};
  }
  if (!left) return;
  if (!first) out->push_back('+');
  out->append(info.type == wire::FlowType::kTcpFlags ? "unknown tcp flag type " : "unknown fragment type ");
  AppendUint(out, value);
}

void AppendValue(std::string* out, const FlowComponentInfo& info, uint64_t value) {
  if (info.kind == FlowValueKind::kBitmask) return AppendBits(out, info, value);
  if (info.render_names)
    for (const wire::FlowValueName& n : info.names)
      if (n.value == value) {
        out->append(n.name);
        return;
      }
  AppendUint(out, value);
}

// The values of a component as ExaBGP groups them: a pair with the and-bit
// joins the previous value.
std::vector<std::string> Values(const FlowComponent& c, const FlowComponentInfo& info, wire::Afi afi) {
  std::vector<std::string> values;
  if (info.kind == FlowValueKind::kPrefix) {
    AppendPrefix(&values.emplace_back(), c.prefix, afi);
    return values;
  }
  for (const FlowMatch& m : c.matches) {
    if (values.empty() || !m.and_bit()) values.emplace_back();
    AppendFlowMatch(&values.back(), info, afi, m);
  }
  return values;
}

void AppendRd(std::string* out, const std::array<uint8_t, 8>& rd) {
  const uint16_t type = static_cast<uint16_t>(rd[0] << 8 | rd[1]);
  auto num = [&](size_t at, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v << 8 | rd[at + i];
    return v;
  };
  switch (type) {
    case 0:  // RFC 4364 §4.2: 2-byte AS : 4-byte number
      AppendUint(out, num(2, 2));
      out->push_back(':');
      AppendUint(out, num(4, 4));
      return;
    case 1:  // IPv4 address : 2-byte number
      for (size_t i = 2; i < 6; ++i) {
        AppendUint(out, rd[i]);
        out->push_back(i == 5 ? ':' : '.');
      }
      AppendUint(out, num(6, 2));
      return;
    case 2:  // 4-byte AS : 2-byte number
      AppendUint(out, num(2, 4));
      out->push_back(':');
      AppendUint(out, num(6, 2));
      return;
    default:
      AppendHexString(out, ByteSpan(rd.data(), rd.size()));
  }
}

}  // namespace

void AppendFlowMatch(std::string* out, const FlowComponentInfo& info, wire::Afi afi, const FlowMatch& m) {
  if (m.and_bit()) out->push_back('&');
  if (info.kind == FlowValueKind::kBitmask) {
    out->append(kBitmaskOps[m.op & 0x03]);
  } else {
    const uint8_t cmp = m.op & 0x07;
    out->append(kNumericOps[cmp]);
    // ExaBGP prints a bare "true"/"false" without its value, but keeps the
    // value after "&true"/"&false".
    if ((cmp == 0 || cmp == 7) && !m.and_bit()) return;
  }
  AppendValue(out, info, m.value);
}

void AppendFlowText(std::string* out, const FlowNlri& nlri, std::string_view next_hop) {
  out->append("flow");
  for (const FlowComponent& c : nlri.components) {
    const FlowComponentInfo* info = wire::FindFlowComponent(static_cast<uint8_t>(c.type));
    if (!info) continue;
    out->push_back(' ');
    out->append(wire::FlowComponentName(*info, nlri.afi));
    out->push_back(' ');
    std::vector<std::string> values = Values(c, *info, nlri.afi);
    // ExaBGP brackets a component of more than one pair, and-ed or not.
    const bool bracket = c.matches.size() > 1;
    if (bracket) out->append("[ ");
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) out->push_back(' ');
      out->append(values[i]);
    }
    if (bracket) out->append(" ]");
  }
  if (nlri.vpn) {
    out->append(" rd ");
    AppendRd(out, nlri.rd);
  }
  if (!next_hop.empty()) out->append(" next-hop ").append(next_hop);
}

std::string FlowText(const FlowNlri& nlri, std::string_view next_hop) {
  std::string out;
  AppendFlowText(&out, nlri, next_hop);
  return out;
}

void AppendFlowJson(std::string* out, const FlowNlri& nlri, std::string_view next_hop) {
  out->append("{ ");
  for (const FlowComponent& c : nlri.components) {
    const FlowComponentInfo* info = wire::FindFlowComponent(static_cast<uint8_t>(c.type));
    if (!info) continue;
    out->push_back('"');
    out->append(wire::FlowComponentName(*info, nlri.afi));
    out->append("\": [ ");
    std::vector<std::string> values = Values(c, *info, nlri.afi);
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) out->append(", ");
      out->push_back('"');
      AppendJsonAscii(out, values[i]);
      out->push_back('"');
    }
    out->append(" ], ");
  }
  if (nlri.vpn) {
    out->append("\"rd\": \"");
    AppendRd(out, nlri.rd);
    out->append("\", ");
  }
  if (!next_hop.empty()) {
    out->append("\"next-hop\": \"");
    AppendJsonAscii(out, next_hop);
    out->append("\", ");
  }
  out->append("\"string\": \"");
  std::string text;
  AppendFlowText(&text, nlri, next_hop);
  AppendJsonAscii(out, text);
  out->append("\" }");
}

std::string FlowJson(const FlowNlri& nlri, std::string_view next_hop) {
  std::string out;
  AppendFlowJson(&out, nlri, next_hop);
  return out;
}

}  // namespace herald::api::render
