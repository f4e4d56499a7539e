// The neighbor settings of session security: TCP MD5 (RFC 2385) and GTSM
// (RFC 5082). The neighbor table (neighbor_parser.cc) names these.
#include "config/session_security.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/base64.h"
#include "grammar/attribute_values.h"

namespace herald::config::internal {
// ttl-security HOPS (herald's GTSM, RFC 5082): the peer is at most HOPS
// routers away, so its packets arrive with a TTL of at least 256 - HOPS.
ParseStatus TtlSecurity(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  if (v->IsKeyword("false") || v->IsKeyword("disable") || v->IsKeyword("disabled")) {
    n->ttl_security.reset();
    return FileParser::ExpectEnd(in, kw.text);
  }
  uint64_t hops = 0;
  if (!ParseUnsigned(v->text, 254, &hops) || hops == 0)
    return FailAt(*v, fmt::format("invalid ttl-security \"{}\" (the peer's distance in hops, 1 to 254)", v->text));
  n->ttl_security = static_cast<uint8_t>(hops);
  return FileParser::ExpectEnd(in, kw.text);
}

// md5-password SECRET: a quoted or bare word, as ExaBGP takes it.
ParseStatus Md5Password(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  if (v->text.empty()) return FailAt(*v, "md5-password is empty");
  n->md5.source = Md5Config::Source::kInline;
  n->md5.given = std::string(v->text);
  n->md5.key = n->md5.given;
  return FileParser::ExpectEnd(in, kw.text);
}

// md5-password-env NAME (herald): the password is the variable's value,
// read each time the configuration is loaded.
ParseStatus Md5PasswordEnv(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  std::string secret;
  if (ParseStatus s = SecretFromEnv(kw, *v, &secret); !s) return s;
  n->md5.source = Md5Config::Source::kEnv;
  n->md5.given = std::string(v->text);
  n->md5.key = std::move(secret);
  return FileParser::ExpectEnd(in, kw.text);
}

// md5-password-file PATH (herald): the password is the file's content, less
// one line end; read each time the configuration is loaded.
ParseStatus Md5PasswordFile(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  std::string secret;
  if (ParseStatus s = SecretFromFile(kw, *v, &secret); !s) return s;
  n->md5.source = Md5Config::Source::kFile;
  n->md5.given = std::string(v->text);
  n->md5.key = std::move(secret);
  return FileParser::ExpectEnd(in, kw.text);
}

ParseStatus SecretFromEnv(const Token& kw, const Token& v, std::string* out) {
  std::string name(v.text);
  const char* value = std::getenv(name.c_str());
  if (!value) return FailAt(v, fmt::format("{}: environment variable {} is not set", kw.text, name));
  if (!*value) return FailAt(v, fmt::format("{}: environment variable {} is empty", kw.text, name));
  *out = value;
  return {};
}

ParseStatus SecretFromFile(const Token& kw, const Token& v, std::string* out) {
  std::string path(v.text);
  // Only a regular file: a FIFO, a terminal or /dev/stdin could block the
  // load for ever (as ReadConfigFile refuses them for configurations).
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return FailAt(v, fmt::format("{}: cannot read {}: {}", kw.text, path, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return FailAt(v, fmt::format("{}: {} is not a regular file", kw.text, path));
  }
  // A password is at most 80 bytes (base64: 108, and a line end): a file
  // much longer than that is not a password file.
  char buf[512];
  ssize_t len = ::read(fd, buf, sizeof(buf));
  int read_errno = errno;
  ::close(fd);
  if (len < 0) return FailAt(v, fmt::format("{}: cannot read {}: {}", kw.text, path, std::strerror(read_errno)));
  if (static_cast<size_t>(len) == sizeof(buf) || st.st_size >= static_cast<off_t>(sizeof(buf)))
    return FailAt(v, fmt::format("{}: {} is too long for a password ({} bytes or more)", kw.text, path, sizeof(buf)));
  std::string secret(buf, len);
  if (!secret.empty() && secret.back() == '\n') secret.pop_back();
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  if (secret.empty()) return FailAt(v, fmt::format("{}: {} is empty", kw.text, path));
  *out = std::move(secret);
  return {};
}

// md5-base64 [true|false|auto] (ExaBGP's auto_boolean; bare: true).
ParseStatus Md5Base64(const Token& kw, TokenStream& in, NeighborConfig* n) {
  if (!in.AtEnd() && in.Peek().is_word() && EqualsLower(in.Peek().text, "auto")) {
    in.Next();
    n->md5.base64.reset();
    return FileParser::ExpectEnd(in, kw.text);
  }
  bool on = false;
  if (ParseStatus s = BoolValue(kw, in, &on); !s) return s;
  n->md5.base64 = on;
  return {};
}

ParseStatus Md5Ip(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  auto ip = IpAddress::Parse(v->text);
  if (!ip) return FailAt(*v, fmt::format("\"{}\" is an invalid IP address", v->text));
  n->md5.ip = *ip;
  return FileParser::ExpectEnd(in, kw.text);
}

void CopyMd5Password(const NeighborConfig& from, NeighborConfig* to) {
  to->md5.source = from.md5.source;
  to->md5.given = from.md5.given;
  to->md5.key = from.md5.key;
}
void CopyMd5Base64(const NeighborConfig& from, NeighborConfig* to) { to->md5.base64 = from.md5.base64; }
void CopyMd5Ip(const NeighborConfig& from, NeighborConfig* to) { to->md5.ip = from.md5.ip; }

// The key the kernel gets for a password: base64-decoded when md5-base64 is
// true; with md5-base64 auto, ExaBGP's guess: a password of only [0-9a-f]
// is tried as base64 with "==", "=" or nothing appended, else taken as is.
Result<std::string> Md5Key(const Md5Config& md5) {
  const std::string& password = md5.key;
  if (md5.base64 == true) {
    auto key = DecodeBase64(password);
    if (!key) return Fail("invalid MD5 password: not valid base64");
    if (key->empty()) return Fail("invalid MD5 password: decodes to an empty key");
    return *key;
  }
  if (!md5.base64) {
    bool hexish = std::all_of(password.begin(), password.end(),
                              [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    if (hexish)
      for (const char* pad : {"==", "=", ""})
        if (auto key = DecodeBase64(password + pad); key && !key->empty()) return *key;
  }
  return password;
}

}  // namespace herald::config::internal
