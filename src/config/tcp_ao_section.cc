// herald's `tcp-ao { }` (RFC 5925 TCP Authentication Option) in a neighbor
// or template, in two forms:
//
//   tcp-ao { key-id 1; algorithm hmac-sha-1-96; password "secret"; }
//
// one key, whose send-id and receive-id are its key-id; and, for rollover,
//
//   tcp-ao {
//     key 1 { send-id 1; receive-id 1; algorithm aes-128-cmac-96; password "s1"; }
//     key 2 { algorithm hmac-sha-1-96; password-env AO_KEY_2; }
//     current 2;
//   }
//
// where `key N` names a key (send-id and receive-id default to N) and
// `current N` the one herald sends with (default: the first). A password is
// `password`, `password-env NAME` or `password-file PATH`.
#include <fmt/format.h>

#include <array>

#include "config/session_security.h"
#include "grammar/attribute_values.h"

namespace herald::config::internal {

// The settings of one key, as a bit each (given twice: an error).
enum AoBit : unsigned { kAoKeyId = 1, kAoSendId = 2, kAoReceiveId = 4, kAoAlgorithm = 8, kAoPassword = 16 };

struct FileParser::TcpAoKeyDraft {
  TcpAoKey key;
  unsigned seen = 0;
  Location where;
};

struct FileParser::TcpAoDraft {
  TcpAoKeyDraft single;  // the short form
  std::vector<TcpAoKeyDraft> keys;
  std::optional<uint8_t> current;
  Location current_where;
};

namespace {

struct AoAlgorithmName {
  std::string_view name;
  TcpAoAlgorithm algorithm;
};
constexpr AoAlgorithmName kAlgorithms[] = {
    {"hmac-sha-1-96", TcpAoAlgorithm::kHmacSha1_96},
    {"aes-128-cmac-96", TcpAoAlgorithm::kAes128Cmac96},
    {"hmac-sha-256-128", TcpAoAlgorithm::kHmacSha256_128},
};

ParseStatus Id(const Token& kw, TokenStream& in, uint8_t* out) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  uint64_t id = 0;
  if (!ParseUnsigned(v->text, 255, &id))
    return FailAt(*v, fmt::format("invalid {} {} (a key id, 0 to 255)", kw.text, Describe(*v)));
  *out = static_cast<uint8_t>(id);
  return FileParser::ExpectEnd(in, kw.text);
}

// One of a key's settings; `short_form` also takes key-id.
ParseStatus KeySetting(const Token& kw, TokenStream& in, FileParser::TcpAoKeyDraft& d, bool short_form) {
  TcpAoKey& key = d.key;
  unsigned bit = 0;
  std::string_view name = kw.text;
  if (name == "key-id" && short_form) bit = kAoKeyId;
  else if (name == "send-id" && !short_form) bit = kAoSendId;
  else if (name == "receive-id" && !short_form) bit = kAoReceiveId;
  else if (name == "algorithm") bit = kAoAlgorithm;
  else if (name == "password" || name == "password-env" || name == "password-file") bit = kAoPassword;
  if (d.seen & bit) return FailAt(kw, fmt::format("{} given twice in this tcp-ao key", kw.text));
  d.seen |= bit;
  switch (bit) {
    case kAoKeyId: return Id(kw, in, &key.name);
    case kAoSendId: return Id(kw, in, &key.send_id);
    case kAoReceiveId: return Id(kw, in, &key.receive_id);
    case kAoAlgorithm: {
      const Token* v;
      if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
      const AoAlgorithmName* found = nullptr;
      for (const AoAlgorithmName& a : kAlgorithms)
        if (EqualsLower(v->text, a.name)) found = &a;
      if (!found)
        return FailAt(*v, fmt::format("unknown TCP-AO algorithm {}, options are: hmac-sha-1-96, aes-128-cmac-96, "
                                      "hmac-sha-256-128",
                                      Describe(*v)));
      key.algorithm = found->algorithm;
      return FileParser::ExpectEnd(in, kw.text);
    }
    case kAoPassword: {
      const Token* v;
      if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
      std::string secret;
      if (name == "password") {
        key.source = Md5Config::Source::kInline;
        secret = std::string(v->text);
      } else if (ParseStatus s = name == "password-env" ? SecretFromEnv(kw, *v, &secret)
                                                          : SecretFromFile(kw, *v, &secret);
                 !s) {
        return s;
      } else {
        key.source = name == "password-env" ? Md5Config::Source::kEnv : Md5Config::Source::kFile;
      }
      if (secret.empty()) return FailAt(*v, "the TCP-AO password is empty");
      if (secret.size() > kMaxTcpAoKeyLength)
        return FailAt(*v, fmt::format("the TCP-AO password is {} bytes long (at most {})", secret.size(),
                                      kMaxTcpAoKeyLength));
      key.given = std::string(v->text);
      key.secret = std::move(secret);
      return FileParser::ExpectEnd(in, kw.text);
    }
    default: return FailAt(kw, fmt::format("{} is not valid here in tcp-ao", kw.text));
  }
}

}  // namespace

ParseStatus TcpAoNotACommand(const Token& kw, TokenStream&, NeighborConfig*) {
  return FailAt(kw, "missing '{' after tcp-ao");
}

ParseStatus FileParser::TcpAo(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& keyword = st.words[0];
  if (ParseStatus s = ExpectEnd(in, "tcp-ao"); !s) return s;
  const size_t field = static_cast<size_t>(Field::kTcpAo);
  if (draft.set[field])
    return FailAt(keyword, fmt::format("tcp-ao given twice (first at line {})", draft.set_where[field].line));
  draft.set[field] = true;
  draft.set_where[field] = Where(keyword);
  static constexpr Entry<TcpAoDraft> kTcpAo[] = {
      {"key-id", &FileParser::TcpAoShort, nullptr},
      {"algorithm", &FileParser::TcpAoShort, nullptr},
      {"password", &FileParser::TcpAoShort, nullptr},
      {"password-env", &FileParser::TcpAoShort, nullptr},
      {"password-file", &FileParser::TcpAoShort, nullptr},
      {"current", &FileParser::TcpAoCurrent, nullptr},
      {"key", nullptr, &FileParser::TcpAoKeyBlock},
  };
  TcpAoDraft ao;
  ao.single.where = Where(keyword);
  const size_t errors = errors_->size();
  ParseBlock<TcpAoDraft>("tcp-ao", st.end, ao, kTcpAo, {});
  // An error in the block is enough: no "has no ..." after it.
  if (errors_->size() != errors) return {};

  TcpAoConfig& out = draft.config.tcp_ao;
  out = {};
  auto complete = [&](const TcpAoKeyDraft& k, std::string_view what) {
    const char* missing = !(k.seen & kAoAlgorithm) ? "algorithm" : !(k.seen & kAoPassword) ? "password" : nullptr;
    if (missing) Error(k.where, fmt::format("{} has no {}", what, missing));
    return !missing;
  };
  if (ao.single.seen && !ao.keys.empty()) {
    Error(ao.single.where, "tcp-ao mixes key-id/algorithm/password with key blocks: use one form");
    return {};
  }
  if (ao.single.seen) {
    if (!(ao.single.seen & kAoKeyId)) {
      Error(ao.single.where, "tcp-ao has no key-id");
      return {};
    }
    if (!complete(ao.single, "tcp-ao")) return {};
    TcpAoKey key = ao.single.key;
    key.send_id = key.receive_id = key.name;
    out.short_form = true;
    out.keys.push_back(std::move(key));
  } else if (ao.keys.empty()) {
    Error(ao.single.where, "tcp-ao has no key");
    return {};
  }
  for (size_t i = 0; i < ao.keys.size(); ++i) {
    const TcpAoKeyDraft& k = ao.keys[i];
    if (!complete(k, fmt::format("tcp-ao key {}", k.key.name))) return {};
    for (size_t j = 0; j < i; ++j) {
      const TcpAoKey& other = ao.keys[j].key;
      if (other.send_id != k.key.send_id && other.receive_id != k.key.receive_id) continue;
      bool send = other.send_id == k.key.send_id;
      Error(k.where, fmt::format("tcp-ao key {} has the {} {} of key {}", k.key.name, send ? "send-id" : "receive-id",
                                 send ? k.key.send_id : k.key.receive_id, other.name));
      out = {};
      return {};
    }
    out.keys.push_back(k.key);
  }
  out.current = out.keys.front().name;
  if (ao.current) {
    bool known = false;
    for (const TcpAoKey& k : out.keys) known |= k.name == *ao.current;
    if (!known) {
      Error(ao.current_where, fmt::format("tcp-ao current {} names no key", *ao.current));
      out = {};
      return {};
    }
    out.current = *ao.current;
    out.current_given = true;
  }
  return {};
}

ParseStatus FileParser::TcpAoShort(const Statement& st, TokenStream& in, TcpAoDraft& ao) {
  return KeySetting(st.words[0], in, ao.single, true);
}

ParseStatus FileParser::TcpAoCurrent(const Statement& st, TokenStream& in, TcpAoDraft& ao) {
  const Token& kw = st.words[0];
  if (ao.current) return FailAt(kw, "current given twice in tcp-ao");
  uint8_t id = 0;
  if (ParseStatus s = Id(kw, in, &id); !s) return s;
  ao.current = id;
  ao.current_where = Where(kw);
  return {};
}

ParseStatus FileParser::TcpAoKeyBlock(const Statement& st, TokenStream& in, TcpAoDraft& ao) {
  const Token& kw = st.words[0];
  TcpAoKeyDraft d;
  d.where = Where(kw);
  if (ParseStatus s = Id(kw, in, &d.key.name); !s) return s;
  for (const TcpAoKeyDraft& k : ao.keys)
    if (k.key.name == d.key.name)
      return FailAt(kw, fmt::format("tcp-ao key {} given twice (first at line {})", d.key.name, k.where.line));
  d.key.send_id = d.key.receive_id = d.key.name;
  static constexpr Entry<TcpAoKeyDraft> kKey[] = {
      {"send-id", &FileParser::TcpAoKeyField, nullptr},       {"receive-id", &FileParser::TcpAoKeyField, nullptr},
      {"algorithm", &FileParser::TcpAoKeyField, nullptr},     {"password", &FileParser::TcpAoKeyField, nullptr},
      {"password-env", &FileParser::TcpAoKeyField, nullptr},  {"password-file", &FileParser::TcpAoKeyField, nullptr},
  };
  ParseBlock<TcpAoKeyDraft>("tcp-ao key", st.end, d, kKey, {});
  ao.keys.push_back(std::move(d));
  return {};
}

ParseStatus FileParser::TcpAoKeyField(const Statement& st, TokenStream& in, TcpAoKeyDraft& d) {
  return KeySetting(st.words[0], in, d, false);
}

}  // namespace herald::config::internal
