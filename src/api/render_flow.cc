// FlowSpec NLRI rendering (render_flow.h), in ExaBGP 5.0's and 4.2's spellings.
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

void AppendUnknown(std::string* out, const FlowComponentInfo& info, uint64_t value) {
  out->append("unknown ").append(info.unknown_as).append(" type ");
  AppendUint(out, value);
}

// ExaBGP's bitmask value: the names of the set bits in table order, then,
// if bits without a name remain, "unknown tcp flag type N" (N the whole
// value). Nothing for 0, but 4.2's "not-a-fragment" for a fragment.
std::vector<std::string> Bits(const FlowComponentInfo& info, uint64_t value, FlowStyle style) {
  std::vector<std::string> bits;
  if (value == 0 && style == FlowStyle::kExabgp4 && info.type == wire::FlowType::kFragment)
    bits.emplace_back("not-a-fragment");
  uint64_t left = value;
  for (const wire::FlowValueName& n : info.names)
    if (left & n.value) {
      bits.emplace_back(n.name);
      left &= ~uint64_t{n.value};
    }
  if (left) AppendUnknown(&bits.emplace_back(), info, value);
  return bits;
}

void AppendValue(std::string* out, const FlowComponentInfo& info, uint64_t value, FlowStyle style) {
  if (info.kind == FlowValueKind::kBitmask) {
    std::vector<std::string> bits = Bits(info, value, style);
    for (size_t i = 0; i < bits.size(); ++i) {
      if (i) out->push_back('+');
      out->append(bits[i]);
    }
    return;
  }
  if (info.render_names) {
    for (const wire::FlowValueName& n : info.names)
      if (n.value == value) {
        out->append(n.name);
        return;
      }
    if (style == FlowStyle::kExabgp4) return AppendUnknown(out, info, value);
  }
  AppendUint(out, value);
}

std::string_view Operator(const FlowComponentInfo& info, const FlowMatch& m) {
  return info.kind == FlowValueKind::kBitmask ? kBitmaskOps[m.op & 0x03] : kNumericOps[m.op & 0x07];
}

// The values of a component as ExaBGP 5.0 groups them: a pair with the
// and-bit joins the previous value.
std::vector<std::string> Values(const FlowComponent& c, const FlowComponentInfo& info, wire::Afi afi,
                                FlowStyle style) {
  std::vector<std::string> values;
  if (info.kind == FlowValueKind::kPrefix) {
    AppendPrefix(&values.emplace_back(), c.prefix, afi);
    return values;
  }
  for (const FlowMatch& m : c.matches) {
    if (values.empty() || !m.and_bit()) values.emplace_back();
    AppendFlowMatch(&values.back(), info, m, style);
  }
  return values;
}

// ExaBGP 4.2's JSON values of a component: a bitmask value gives a value
// per bit, with the operator (and '&') repeated on each; a pair with the
// and-bit joins its first piece to the value before, as 4.2's quote removal
// does; "!is-fragment" reads "not-a-fragment". Where 4.2 leaves an empty
// value out between two commas (a bitmask of 0, which is not JSON), herald
// prints "" (doc/compat.md).
std::vector<std::string> Json42Values(const FlowComponent& c, const FlowComponentInfo& info, wire::Afi afi) {
  std::vector<std::string> values;
  if (info.kind != FlowValueKind::kBitmask) return Values(c, info, afi, FlowStyle::kExabgp4);
  for (const FlowMatch& m : c.matches) {
    const std::vector<std::string> bits = Bits(info, m.value, FlowStyle::kExabgp4);
    if (bits.empty() && !m.and_bit()) values.emplace_back();
    for (size_t b = 0; b < bits.size(); ++b) {
      std::string piece;
      if (m.and_bit()) piece.push_back('&');
      piece.append(Operator(info, m)).append(bits[b]);
      if (info.type == wire::FlowType::kFragment)
        for (size_t at = piece.find("!is-fragment"); at != std::string::npos; at = piece.find("!is-fragment", at))
          piece.replace(at, 12, "not-a-fragment");
      if (b == 0 && m.and_bit() && !values.empty())
        values.back().append(piece);
      else
        values.push_back(std::move(piece));
    }
  }
  return values;
}

}  // namespace

void AppendFlowMatch(std::string* out, const FlowComponentInfo& info, const FlowMatch& m, FlowStyle style) {
  if (m.and_bit()) out->push_back('&');
  out->append(Operator(info, m));
  // ExaBGP prints a bare "true"/"false" without its value, but keeps the
  // value after "&true"/"&false".
  const uint8_t cmp = m.op & 0x07;
  if (info.kind == FlowValueKind::kNumeric && (cmp == 0 || cmp == 7) && !m.and_bit()) return;
  AppendValue(out, info, m.value, style);
}

void AppendFlowText(std::string* out, const FlowNlri& nlri, std::string_view next_hop, FlowStyle style) {
  out->append("flow");
  for (const FlowComponent& c : nlri.components) {
    const FlowComponentInfo* info = wire::FindFlowComponent(static_cast<uint8_t>(c.type));
    if (!info) continue;
    out->push_back(' ');
    out->append(wire::FlowComponentName(*info, nlri.afi));
    out->push_back(' ');
    std::vector<std::string> values = Values(c, *info, nlri.afi, style);
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

std::string FlowText(const FlowNlri& nlri, std::string_view next_hop, FlowStyle style) {
  std::string out;
  AppendFlowText(&out, nlri, next_hop, style);
  return out;
}

void AppendFlowJson(std::string* out, const FlowNlri& nlri, std::string_view next_hop, FlowStyle style) {
  out->append("{ ");
  for (const FlowComponent& c : nlri.components) {
    const FlowComponentInfo* info = wire::FindFlowComponent(static_cast<uint8_t>(c.type));
    if (!info) continue;
    out->push_back('"');
    out->append(wire::FlowComponentName(*info, nlri.afi));
    out->append("\": [ ");
    const std::vector<std::string> values =
        style == FlowStyle::kExabgp4 ? Json42Values(c, *info, nlri.afi) : Values(c, *info, nlri.afi, style);
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
  AppendFlowText(&text, nlri, next_hop, style);
  AppendJsonAscii(out, text);
  out->append("\" }");
}

std::string FlowJson(const FlowNlri& nlri, std::string_view next_hop, FlowStyle style) {
  std::string out;
  AppendFlowJson(&out, nlri, next_hop, style);
  return out;
}

}  // namespace herald::api::render
