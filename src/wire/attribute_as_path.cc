// AS_PATH (RFC 4271 §4.3, §5.1.2; RFC 5065 confederation segments) and
// AS4_PATH with the 2-byte/4-byte AS translation of RFC 6793 §4.2.
#include "wire/attribute_codec.h"
#include "wire/open.h"

namespace herald::wire::internal {
namespace {

bool IsConfed(AsSegmentType t) {
  return t == AsSegmentType::kConfedSequence || t == AsSegmentType::kConfedSet;
}

// Reads segments until the value is empty. Returns what is wrong, or empty.
// A confederation segment is wrong unless allow_confed (`confed_error` says
// why), and also after a segment of another kind: confederation segments
// are prepended inside a confederation and removed when a route leaves it
// (RFC 5065 §4.1), so they can only lead a path (and AS4_PATH, which
// cannot carry them, could not keep them anywhere else). AS 0 is always
// wrong (RFC 7607 §2).
std::string ReadSegments(ByteReader& v, size_t as_size, bool allow_confed, std::string_view confed_error,
                         AsPath* out) {
  bool past_confed = false;
  while (!v.empty()) {
    uint8_t type = 0, count = 0;
    if (!v.ReadU8(&type) || !v.ReadU8(&count)) return "segment header truncated";
    if (type < static_cast<uint8_t>(AsSegmentType::kSet) || type > static_cast<uint8_t>(AsSegmentType::kConfedSet))
      return "unknown segment type " + std::to_string(type);
    AsSegment seg{static_cast<AsSegmentType>(type), {}};
    if (!allow_confed && IsConfed(seg.type)) return std::string(confed_error);
    if (IsConfed(seg.type) && past_confed) return "confederation segment after the first AS (RFC 5065 §4.1)";
    past_confed = past_confed || !IsConfed(seg.type);
    // RFC 7606 §7.2: a segment of length zero is malformed.
    if (count == 0) return "empty segment";
    ByteReader asns;
    if (!v.Sub(size_t{count} * as_size, &asns)) return "segment runs past the end of the attribute";
    seg.asns.resize(count);
    for (uint32_t& asn : seg.asns) {
      if (as_size == 4) {
        (void)asns.ReadU32(&asn);
      } else {
        uint16_t a16 = 0;
        (void)asns.ReadU16(&a16);
        asn = a16;
      }
      if (asn == 0) return "AS 0 (RFC 7607)";
    }
    out->push_back(std::move(seg));
  }
  return {};
}

// Bytes of the segments written with as_size-byte ASNs, split at 255 ASNs.
size_t SegmentsSize(const AsPath& path, size_t as_size, bool skip_confed) {
  size_t n = 0;
  for (const AsSegment& s : path) {
    if (skip_confed && IsConfed(s.type)) continue;
    size_t chunks = (s.asns.size() + 254) / 255;
    n += 2 * chunks + as_size * s.asns.size();
  }
  return n;
}

void WriteSegments(ByteWriter& w, const AsPath& path, size_t as_size, bool skip_confed) {
  for (const AsSegment& s : path) {
    if (skip_confed && IsConfed(s.type)) continue;
    for (size_t i = 0; i < s.asns.size(); i += 255) {
      size_t n = std::min<size_t>(255, s.asns.size() - i);
      w.U8(static_cast<uint8_t>(s.type));
      w.U8(static_cast<uint8_t>(n));
      for (size_t k = i; k < i + n; ++k) {
        uint32_t asn = s.asns[k];
        if (as_size == 4) w.U32(asn);
        else w.U16(asn > 0xFFFF ? kAsTrans : static_cast<uint16_t>(asn));
      }
    }
  }
}

// RFC 6793 §4.2.3 (after RFC 4271 §9.1.2.2): a set counts as one AS,
// confederation segments as none.
size_t PathLength(const AsPath& path) {
  size_t n = 0;
  for (const AsSegment& s : path) {
    if (s.type == AsSegmentType::kSequence) n += s.asns.size();
    else if (s.type == AsSegmentType::kSet) n += 1;
  }
  return n;
}

// Whether AS4_PATH must accompany the path on a 2-byte session.
bool NeedsAs4Path(const AsPath& path) {
  for (const AsSegment& s : path) {
    if (IsConfed(s.type)) continue;
    for (uint32_t a : s.asns)
      if (a > 0xFFFF) return true;
  }
  return false;
}

}  // namespace

std::optional<WireError> DecodeAsPath(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  AsPath path;
  // RFC 5065 §5: confederation segments from a peer outside the
  // confederation make AS_PATH malformed (treat-as-withdraw, RFC 7606
  // §7.2). herald has no confederations: every external peer is outside.
  std::string err = ReadSegments(v, ctx.negotiated.asn4 ? 4 : 2, ctx.negotiated.ibgp(),
                                 "confederation segment from an external peer (RFC 5065 §5)", &path);
  if (!err.empty()) return ctx.Malformed(UpdateSubcode::kMalformedAsPath, err);
  state->attrs.as_path = std::move(path);
  return std::nullopt;
}

std::optional<WireError> DecodeAs4Path(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  AsPath path;
  // RFC 6793 §6: confederation segments in AS4_PATH make it malformed.
  std::string err = ReadSegments(v, 4, false, "confederation segment", &path);
  if (!err.empty()) return ctx.Malformed(UpdateSubcode::kMalformedAsPath, err);
  state->as4_path = std::move(path);
  return std::nullopt;
}

void EncodeAsPath(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated) {
  if (!attrs.as_path) return;
  size_t as_size = negotiated.asn4 ? 4 : 2;
  PutAttrHeader(w, kFlagTransitive, static_cast<uint8_t>(AttrCode::kAsPath),
                SegmentsSize(*attrs.as_path, as_size, false));
  WriteSegments(w, *attrs.as_path, as_size, false);
}

void EncodeAs4Path(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated) {
  // RFC 6793 §4.2.2: only towards a 2-byte speaker, and only when some AS
  // does not fit in 2 bytes.
  if (negotiated.asn4 || !attrs.as_path || !NeedsAs4Path(*attrs.as_path)) return;
  PutAttrHeader(w, kFlagOptional | kFlagTransitive, static_cast<uint8_t>(AttrCode::kAs4Path),
                SegmentsSize(*attrs.as_path, 4, true));
  WriteSegments(w, *attrs.as_path, 4, true);
}

void MergeAs4(AttrDecodeState* state) {
  PathAttributes& a = state->attrs;
  // RFC 6793 §4.2.3: an AGGREGATOR that is not AS_TRANS was set by a 2-byte
  // speaker after the AS4_* attributes were made: ignore them.
  if (a.aggregator && a.aggregator->asn != kAsTrans) return;
  if (a.aggregator && state->as4_aggregator) a.aggregator = state->as4_aggregator;
  if (!a.as_path || !state->as4_path) return;
  const AsPath& as4 = *state->as4_path;
  size_t n2 = PathLength(*a.as_path);
  size_t n4 = PathLength(as4);
  if (n2 < n4) return;  // AS4_PATH is inconsistent: keep AS_PATH
  // Keep the leading n2 - n4 ASes of AS_PATH (with the confederation
  // segments among them), then append AS4_PATH.
  size_t need = n2 - n4;
  bool took_counted = false;
  AsPath merged;
  for (const AsSegment& s : *a.as_path) {
    if (need == 0 && (took_counted || !IsConfed(s.type))) break;
    if (IsConfed(s.type)) {
      merged.push_back(s);
    } else if (s.type == AsSegmentType::kSet) {
      merged.push_back(s);
      --need;
      took_counted = true;
    } else {
      size_t take = std::min(need, s.asns.size());
      merged.push_back({s.type, std::vector<uint32_t>(s.asns.begin(), s.asns.begin() + static_cast<ptrdiff_t>(take))});
      need -= take;
      took_counted = true;
    }
  }
  size_t first = 0;
  // The cut usually falls inside one AS_SEQUENCE: join its two halves.
  if (took_counted && !as4.empty() && merged.back().type == AsSegmentType::kSequence &&
      as4[0].type == AsSegmentType::kSequence) {
    merged.back().asns.insert(merged.back().asns.end(), as4[0].asns.begin(), as4[0].asns.end());
    first = 1;
  }
  merged.insert(merged.end(), as4.begin() + static_cast<ptrdiff_t>(first), as4.end());
  a.as_path = std::move(merged);
}

}  // namespace herald::wire::internal
