#include "api/render_operational.h"

#include "api/render_common.h"
#include "base/ip.h"

namespace herald::api::render {
namespace {

using Category = wire::OperationalType::Category;

void AppendSequence(std::string* out, uint32_t sequence, bool json) {
  if (sequence == 0)
    out->append(json ? "\"None\"" : "None");
  else
    AppendUint(out, sequence);
}

}  // namespace

void AppendOperationalJson(std::string* out, const wire::Operational& op, Format format) {
  const wire::OperationalType* t = op.Known();
  if (t == nullptr) return;
  out->append("\"operational\": { \"name\": \"");
  out->append(t->name);
  out->append("\", \"afi\": \"");
  AppendAfi(out, op.afi, format);
  out->append("\", \"safi\": \"");
  AppendSafi(out, op.safi);
  out->push_back('"');
  if (t->category == Category::kAdvisory) {
    out->append(", \"advisory\": \"");
    AppendJsonAscii(out, op.advisory);
    out->push_back('"');
  } else if (t->category == Category::kCounter) {
    out->append(", \"router-id\": \"");
    IpAddress::V4(op.router_id).AppendTo(out);
    out->append("\", \"sequence\": ");
    AppendSequence(out, op.sequence, true);
    out->append(", \"counter\": ");
    AppendUint(out, op.counter);
  }
  out->append(" }");
}

void AppendOperationalText(std::string* out, const wire::Operational& op, Format format) {
  const wire::OperationalType* t = op.Known();
  if (t == nullptr) return;
  out->append(" operational ");
  out->append(t->name);
  out->append(" afi ");
  AppendAfi(out, op.afi, format);
  out->append(" safi ");
  AppendSafi(out, op.safi);
  if (t->category == Category::kAdvisory) {
    out->append(" advisory \"");
    AppendPythonBytesRepr(out, op.advisory);
    out->push_back('"');
  } else if (t->category == Category::kCounter) {
    out->append(" router-id ");
    IpAddress::V4(op.router_id).AppendTo(out);
    out->append(" sequence ");
    AppendSequence(out, op.sequence, false);
    out->append(" counter ");
    AppendUint(out, op.counter);
  }
}

void AppendPythonBytesRepr(std::string* out, std::string_view bytes) {
  char quote = '\'';
  if (bytes.find('\'') != std::string_view::npos && bytes.find('"') == std::string_view::npos)
    quote = '"';
  out->push_back('b');
  out->push_back(quote);
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c == static_cast<unsigned char>(quote) || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\r') {
      out->append("\\r");
    } else if (c < 0x20 || c >= 0x7f) {
      out->append("\\x");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else {
      out->push_back(ch);
    }
  }
  out->push_back(quote);
}

}  // namespace herald::api::render
