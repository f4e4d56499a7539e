#include "api/render_attributes.h"

#include <algorithm>
#include <string_view>

#include "api/render_common.h"
#include "api/render_bgpls.h"
#include "api/render_prefix_sid.h"

namespace herald::api::render {
namespace {

using wire::AsSegmentType;
using wire::AttrCode;
using wire::PathAttributes;
using wire::RawAttribute;

std::string_view OriginName(wire::Origin origin) {
  switch (origin) {
    case wire::Origin::kIgp:
      return "igp";
    case wire::Origin::kEgp:
      return "egp";
    case wire::Origin::kIncomplete:
      return "incomplete";
  }
  return "invalid";
}

// ExaBGP 5.0's segment names (JSON "element") and text brackets.
struct SegmentStyle {
  std::string_view name, head, tail;
};
SegmentStyle StyleOf(AsSegmentType type) {
  switch (type) {
    case AsSegmentType::kSet:
      return {"as-set", "[", "]"};
    case AsSegmentType::kSequence:
      return {"as-sequence", "(", ")"};
    case AsSegmentType::kConfedSequence:
      return {"confed-sequence", "{(", ")}"};
    case AsSegmentType::kConfedSet:
      return {"confed-set", "{[", "]}"};
  }
  return {"as-sequence", "(", ")"};
}

bool Shown(const RawAttribute& a) { return a.flags & wire::kFlagTransitive; }

// Calls emit(code) for every attribute present, in code order, and
// emit_raw(raw) for every shown uninterpreted one at its place. AIGP is not
// shown in the 4.x format: ExaBGP 4.2 never shows it (its `capability { aigp }`
// does not reach its decoder; src/api/testdata/aigp_exabgp42.txt).
template <typename Known, typename Raw>
void ForEachInCodeOrder(const PathAttributes& a, Format format, Known&& emit, Raw&& emit_raw) {
  static constexpr AttrCode kOrder[] = {
      AttrCode::kOrigin,
      AttrCode::kAsPath,
      AttrCode::kMed,
      AttrCode::kLocalPref,
      AttrCode::kAtomicAggregate,
      AttrCode::kAggregator,
      AttrCode::kCommunities,
      AttrCode::kOriginatorId,
      AttrCode::kClusterList,
      AttrCode::kExtendedCommunities,
      AttrCode::kIpv6ExtendedCommunities,
      AttrCode::kAigp,
      AttrCode::kBgpLs,
      AttrCode::kLargeCommunities,
      AttrCode::kPrefixSid,
  };
  size_t u = 0;
  for (AttrCode code : kOrder) {
    for (; u < a.unknown.size() && a.unknown[u].code < static_cast<uint8_t>(code); ++u)
      if (Shown(a.unknown[u])) emit_raw(a.unknown[u]);
    bool present = false;
    switch (code) {
      case AttrCode::kOrigin:
        present = a.origin.has_value();
        break;
      case AttrCode::kAsPath:
        present = a.as_path && !a.as_path->empty();
        break;
      case AttrCode::kMed:
        present = a.med.has_value();
        break;
      case AttrCode::kLocalPref:
        present = a.local_pref.has_value();
        break;
      case AttrCode::kAtomicAggregate:
        present = a.atomic_aggregate;
        break;
      case AttrCode::kAggregator:
        present = a.aggregator.has_value();
        break;
      case AttrCode::kCommunities:
        present = !a.communities.empty();
        break;
      case AttrCode::kOriginatorId:
        present = a.originator_id.has_value();
        break;
      case AttrCode::kClusterList:
        present = !a.cluster_list.empty();
        break;
      case AttrCode::kExtendedCommunities:
        present = !a.extended_communities.empty();
        break;
      case AttrCode::kIpv6ExtendedCommunities:
        present = !a.ipv6_extended_communities.empty();
        break;
      case AttrCode::kAigp:
        present = a.aigp.has_value() && format != Format::kExabgp4;
        break;
      case AttrCode::kLargeCommunities:
        present = !a.large_communities.empty();
        break;
      case AttrCode::kPrefixSid:
        present = a.prefix_sid.has_value();
        break;
      case AttrCode::kBgpLs:
        present = a.bgp_ls.has_value();
        break;
      default:
        break;
    }
    if (present) emit(code);
  }
  for (; u < a.unknown.size(); ++u)
    if (Shown(a.unknown[u])) emit_raw(a.unknown[u]);
}

// ExaBGP 4.x's AS_PATH: the ASNs of every segment of one type, in order.
struct FlatAsPath {
  std::vector<uint32_t> seq, set, confed_seq, confed_set;
  explicit FlatAsPath(const wire::AsPath& path) {
    for (const wire::AsSegment& seg : path) {
      std::vector<uint32_t>* to = &seq;
      if (seg.type == AsSegmentType::kSet) to = &set;
      if (seg.type == AsSegmentType::kConfedSequence) to = &confed_seq;
      if (seg.type == AsSegmentType::kConfedSet) to = &confed_set;
      to->insert(to->end(), seg.asns.begin(), seg.asns.end());
    }
  }
};

// `"NAME": [ 1, 2 ]`, or `"NAME": []` when empty.
void AppendJsonAsnList(std::string* out, std::string_view name, const std::vector<uint32_t>& asns) {
  out->push_back('"');
  out->append(name);
  out->append(asns.empty() ? "\": []" : "\": [ ");
  for (size_t i = 0; i < asns.size(); ++i) {
    if (i) out->append(", ");
    AppendUint(out, asns[i]);
  }
  if (!asns.empty()) out->append(" ]");
}

// 4.2's text for one sequence and set: "[ 1 2 ]", "[ 1 2 ( 3 4 ) ]",
// "[ ( 3 4 )]" (sic), "[ ]".
void AppendTextAsPath42(std::string* out, const std::vector<uint32_t>& seq,
                        const std::vector<uint32_t>& set) {
  out->append("[ ");
  for (uint32_t asn : seq) {
    AppendUint(out, asn);
    out->push_back(' ');
  }
  if (!set.empty()) {
    out->append("( ");
    for (uint32_t asn : set) {
      AppendUint(out, asn);
      out->push_back(' ');
    }
    out->append(seq.empty() ? ")" : ") ");
  }
  out->push_back(']');
}

void AppendAggregator(std::string* out, const wire::Aggregator& agg) {
  AppendUint(out, agg.asn);
  out->push_back(':');
  agg.address.AppendTo(out);
}

// "0x%02X" of one byte.
void AppendByte0x(std::string* out, uint8_t byte) {
  out->append("0x");
  AppendHexUpper(out, ByteSpan(&byte, 1));
}

// AIGP's metric as ExaBGP prints it: "0x" and 16 lowercase hex digits.
void AppendAigp(std::string* out, uint64_t metric) {
  uint8_t bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(metric >> (56 - 8 * i));
  AppendHexLower0x(out, ByteSpan(bytes, 8));
}

// ExaBGP stores an unknown transitive attribute with the Partial bit set
// (RFC 4271 §5) and shows those flags.
void AppendRawFlags(std::string* out, const RawAttribute& raw) {
  AppendByte0x(out, raw.flags | wire::kFlagPartial);
}

void AppendRawCode(std::string* out, const RawAttribute& raw) { AppendByte0x(out, raw.code); }

// `list` in ascending order: itself when it already is (the usual case),
// else a sorted copy in a per-thread buffer (valid until the next call for
// the same type).
template <typename T>
const std::vector<T>& Sorted(const std::vector<T>& list) {
  if (std::is_sorted(list.begin(), list.end())) return list;
  thread_local std::vector<T> copy;
  copy.assign(list.begin(), list.end());
  std::sort(copy.begin(), copy.end());
  return copy;
}

}  // namespace

bool HasAttributes(const PathAttributes& a) {
  if (a.origin || (a.as_path && !a.as_path->empty()) || a.next_hop || a.med || a.local_pref ||
      a.atomic_aggregate || a.aggregator || !a.communities.empty() || a.originator_id ||
      !a.cluster_list.empty() || !a.extended_communities.empty() || !a.large_communities.empty() || a.aigp ||
      !a.ipv6_extended_communities.empty() || a.prefix_sid || a.bgp_ls)
    return true;
  for (const RawAttribute& raw : a.unknown)
    if (Shown(raw)) return true;
  return false;
}

void AppendAttributesJson(std::string* out, const PathAttributes& a, Format format) {
  const bool v4 = format == Format::kExabgp4;
  bool first = true;
  auto sep = [&] {
    if (!first) out->append(", ");
    first = false;
  };
  auto emit = [&](AttrCode code) {
    sep();
    switch (code) {
      case AttrCode::kOrigin:
        out->append("\"origin\": \"");
        out->append(OriginName(*a.origin));
        out->push_back('"');
        break;
      case AttrCode::kAsPath: {
        if (v4) {
          FlatAsPath flat(*a.as_path);
          AppendJsonAsnList(out, "as-path", flat.seq);
          if (!flat.set.empty()) {
            out->append(", ");
            AppendJsonAsnList(out, "as-set", flat.set);
          }
          out->append(", ");
          AppendJsonAsnList(out, "confederation-path", flat.confed_seq);
          if (!flat.confed_set.empty()) {
            out->append(", ");
            AppendJsonAsnList(out, "confederation-set", flat.confed_set);
          }
          break;
        }
        // Python's json.dumps() of {index: {"element": name, "value": [asns]}}.
        out->append("\"as-path\": {");
        size_t index = 0;
        for (const wire::AsSegment& seg : *a.as_path) {
          if (index) out->append(", ");
          out->push_back('"');
          AppendUint(out, index++);
          out->append("\": {\"element\": \"");
          out->append(StyleOf(seg.type).name);
          out->append("\", \"value\": [");
          for (size_t i = 0; i < seg.asns.size(); ++i) {
            if (i) out->append(", ");
            AppendUint(out, seg.asns[i]);
          }
          out->append("]}");
        }
        out->push_back('}');
        break;
      }
      case AttrCode::kMed:
        out->append("\"med\": ");
        AppendUint(out, *a.med);
        break;
      case AttrCode::kLocalPref:
        out->append("\"local-preference\": ");
        AppendUint(out, *a.local_pref);
        break;
      case AttrCode::kAtomicAggregate:
        out->append("\"atomic-aggregate\": true");
        break;
      case AttrCode::kAggregator:
        out->append("\"aggregator\": \"");
        AppendAggregator(out, *a.aggregator);
        out->push_back('"');
        break;
      case AttrCode::kCommunities: {
        // Sorted, as ExaBGP 5.0 prints them (it sorts them on receipt);
        // 4.x keeps the wire order.
        const auto& list = v4 ? a.communities : Sorted(a.communities);
        out->append("\"community\": [ ");
        for (size_t i = 0; i < list.size(); ++i) {
          if (i) out->append(", ");
          out->append("[ ");
          AppendUint(out, list[i] >> 16);
          out->append(", ");
          AppendUint(out, list[i] & 0xFFFF);
          out->append(" ]");
        }
        out->append(" ]");
        break;
      }
      case AttrCode::kOriginatorId:
        out->append("\"originator-id\": \"");
        a.originator_id->AppendTo(out);
        out->push_back('"');
        break;
      case AttrCode::kClusterList:
        out->append("\"cluster-list\": [ ");
        for (size_t i = 0; i < a.cluster_list.size(); ++i) {
          if (i) out->append(", ");
          out->push_back('"');
          a.cluster_list[i].AppendTo(out);
          out->push_back('"');
        }
        out->append(" ]");
        break;
      case AttrCode::kExtendedCommunities: {
        const auto& list = v4 ? a.extended_communities : Sorted(a.extended_communities);
        out->append("\"extended-community\": [ ");
        for (size_t i = 0; i < list.size(); ++i) {
          if (i) out->append(", ");
          out->append("{ \"value\": ");
          AppendUint(out, ExtendedCommunityJsonValue(list[i]));
          out->append(", \"string\": \"");
          AppendExtendedCommunityName(out, list[i], v4);
          out->append("\" }");
        }
        out->append(" ]");
        break;
      }
      case AttrCode::kIpv6ExtendedCommunities:
        // ExaBGP 4.2 has no JSON name for it: it shows the generic key.
        out->append(v4 ? "\"attribute-0x19-0xC0\": " : "\"extended-community-ipv6\": ");
        AppendIpv6ExtendedCommunitiesJson(out, a.ipv6_extended_communities, format);
        break;
      case AttrCode::kPrefixSid:
        out->append("\"bgp-prefix-sid\": ");
        AppendPrefixSidJson(out, *a.prefix_sid);
        break;
      case AttrCode::kBgpLs:
        out->append("\"bgp-ls\": { ");
        AppendBgpLsAttributeJson(out, *a.bgp_ls);
        out->append(" }");
        break;
      case AttrCode::kAigp:
        // A string: ExaBGP 5.0 quotes it (0x... is no JSON number).
        out->append("\"aigp\": \"");
        AppendAigp(out, *a.aigp);
        out->push_back('"');
        break;
      case AttrCode::kLargeCommunities: {
        const auto& list = v4 ? a.large_communities : Sorted(a.large_communities);
        out->append("\"large-community\": [ ");
        for (size_t i = 0; i < list.size(); ++i) {
          const wire::LargeCommunity& c = list[i];
          if (i) out->append(", ");
          out->append("[ ");
          AppendUint(out, c.global_admin);
          out->append(", ");
          AppendUint(out, c.local1);
          out->append(" , ");  // sic: ExaBGP's spacing
          AppendUint(out, c.local2);
          out->append(" ]");
        }
        out->append(" ]");
        break;
      }
      default:
        break;
    }
  };
  auto emit_raw = [&](const RawAttribute& raw) {
    sep();
    out->append("\"attribute-");
    AppendRawCode(out, raw);
    out->push_back('-');
    AppendRawFlags(out, raw);
    out->append("\": \"");
    AppendHexLower0x(out, raw.value);
    out->push_back('"');
  };
  ForEachInCodeOrder(a, format, emit, emit_raw);
}

void TextAttributes::Append(std::string* out, const PathAttributes& a) {
  auto emit = [&](AttrCode code) {
    switch (code) {
      case AttrCode::kOrigin:
        out->append(" origin ");
        out->append(OriginName(*a.origin));
        break;
      case AttrCode::kAsPath: {
        out->append(" as-path");
        if (format_ == Format::kExabgp4) {
          FlatAsPath flat(*a.as_path);
          out->push_back(' ');
          AppendTextAsPath42(out, flat.seq, flat.set);
          if (!flat.confed_seq.empty() || !flat.confed_set.empty())
            AppendTextAsPath42(out, flat.confed_seq, flat.confed_set);
          break;
        }
        for (const wire::AsSegment& seg : *a.as_path) {
          SegmentStyle style = StyleOf(seg.type);
          out->push_back(' ');
          out->append(style.head);
          out->push_back(' ');
          for (size_t i = 0; i < seg.asns.size(); ++i) {
            if (i) out->push_back(' ');
            AppendUint(out, seg.asns[i]);
          }
          out->push_back(' ');
          out->append(style.tail);
        }
        break;
      }
      case AttrCode::kMed:
        out->append(" med ");
        AppendUint(out, *a.med);
        break;
      case AttrCode::kLocalPref:
        out->append(" local-preference ");
        AppendUint(out, *a.local_pref);
        break;
      case AttrCode::kAtomicAggregate:
        out->append(" atomic-aggregate");
        break;
      case AttrCode::kAggregator:
        out->append(" aggregator ( ");
        AppendAggregator(out, *a.aggregator);
        out->append(" )");
        break;
      case AttrCode::kCommunities:
        // A single value stands alone; several are sorted in brackets.
        out->append(" community ");
        communities_.assign(a.communities.begin(), a.communities.end());
        std::sort(communities_.begin(), communities_.end());
        if (communities_.size() > 1) out->append("[ ");
        for (size_t i = 0; i < communities_.size(); ++i) {
          if (i) out->push_back(' ');
          AppendCommunity(out, communities_[i]);
        }
        if (communities_.size() > 1) out->append(" ]");
        break;
      case AttrCode::kOriginatorId:
        out->append(" originator-id ");
        a.originator_id->AppendTo(out);
        break;
      case AttrCode::kClusterList:
        // Always bracketed, even for one id (ExaBGP compares a byte count to 1).
        out->append(" cluster-list [ ");
        for (size_t i = 0; i < a.cluster_list.size(); ++i) {
          if (i) out->push_back(' ');
          a.cluster_list[i].AppendTo(out);
        }
        out->append(" ]");
        break;
      case AttrCode::kExtendedCommunities:
        out->append(" extended-community ");
        extended_.assign(a.extended_communities.begin(), a.extended_communities.end());
        std::sort(extended_.begin(), extended_.end());
        if (extended_.size() > 1) out->append("[ ");
        for (size_t i = 0; i < extended_.size(); ++i) {
          if (i) out->push_back(' ');
          AppendExtendedCommunityText(out, extended_[i], format_ == Format::kExabgp4);
        }
        if (extended_.size() > 1) out->append(" ]");
        break;
      case AttrCode::kIpv6ExtendedCommunities:
        out->append(format_ == Format::kExabgp4 ? " attribute [ 0x19 0xC0 " : " extended-community-ipv6 ");
        AppendIpv6ExtendedCommunitiesText(out, a.ipv6_extended_communities);
        if (format_ == Format::kExabgp4) out->append(" ]");
        break;
      case AttrCode::kPrefixSid:
        out->append(" bgp-prefix-sid ");
        AppendPrefixSidText(out, *a.prefix_sid);
        break;
      case AttrCode::kBgpLs:
        out->append(" bgp-ls ");
        AppendBgpLsAttributeText(out, *a.bgp_ls);
        break;
      case AttrCode::kAigp:
        out->append(" aigp ");
        AppendAigp(out, *a.aigp);
        break;
      case AttrCode::kLargeCommunities:
        out->append(" large-community ");
        large_.assign(a.large_communities.begin(), a.large_communities.end());
        std::sort(large_.begin(), large_.end());
        if (large_.size() > 1) out->append("[ ");
        for (size_t i = 0; i < large_.size(); ++i) {
          if (i) out->push_back(' ');
          AppendLargeCommunity(out, large_[i]);
        }
        if (large_.size() > 1) out->append(" ]");
        break;
      default:
        break;
    }
  };
  auto emit_raw = [&](const RawAttribute& raw) {
    out->append(" attribute [ ");
    AppendRawCode(out, raw);
    out->push_back(' ');
    AppendRawFlags(out, raw);
    out->push_back(' ');
    AppendHexLower0x(out, raw.value);
    out->append(" ]");
  };
  ForEachInCodeOrder(a, format_, emit, emit_raw);
}

}  // namespace herald::api::render
