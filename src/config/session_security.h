// The neighbor settings of session security (internal to src/config):
// `md5-password` (and herald's `md5-password-env` / `md5-password-file`),
// `md5-base64`, `md5-ip`, herald's `ttl-security`, and herald's TCP-AO
// (`tcp-ao { }`, tcp_ao_section.cc).
#pragma once

#include <string>

#include "base/result.h"
#include "config/file_parser.h"

namespace herald::config::internal {

inline constexpr size_t kMaxMd5KeyLength = 80;  // TCP_MD5SIG_MAXKEYLEN (linux/tcp.h)

ParseStatus TtlSecurity(const Token& kw, TokenStream& in, NeighborConfig* n);
ParseStatus Md5Password(const Token& kw, TokenStream& in, NeighborConfig* n);
ParseStatus Md5PasswordEnv(const Token& kw, TokenStream& in, NeighborConfig* n);
ParseStatus Md5PasswordFile(const Token& kw, TokenStream& in, NeighborConfig* n);
ParseStatus Md5Base64(const Token& kw, TokenStream& in, NeighborConfig* n);
ParseStatus Md5Ip(const Token& kw, TokenStream& in, NeighborConfig* n);
// The secret of `keyword NAME` (an environment variable) or `keyword PATH`
// (a regular file, less one line end), for md5-password-env/-file and
// tcp-ao's password-env/-file; errors at `v`, prefixed with the keyword.
ParseStatus SecretFromEnv(const Token& keyword, const Token& v, std::string* out);
ParseStatus SecretFromFile(const Token& keyword, const Token& v, std::string* out);
void CopyMd5Password(const NeighborConfig& from, NeighborConfig* to);
void CopyMd5Base64(const NeighborConfig& from, NeighborConfig* to);
void CopyMd5Ip(const NeighborConfig& from, NeighborConfig* to);

inline constexpr size_t kMaxTcpAoKeyLength = 80;  // TCP_AO_MAXKEYLEN (linux/tcp.h)
ParseStatus TcpAoNotACommand(const Token& kw, TokenStream& in, NeighborConfig* n);

// The key the kernel gets for a password (Md5Config::key as parsed): base64-
// decoded when md5-base64 says so or, with auto, when ExaBGP would guess so.
Result<std::string> Md5Key(const Md5Config& md5);

}  // namespace herald::config::internal
