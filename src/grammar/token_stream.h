// TokenStream: a cursor over the tokens of one statement, and ParseError,
// the located error every grammar function returns.
//
// Grammar functions take the stream, consume what they understand and fail
// with the token at fault, so that the caller can say where (file:line:column
// for the configuration, the word for the text API).
#pragma once

#include <span>
#include <string>
#include <utility>

#include "base/result.h"
#include "grammar/lexer.h"

namespace herald::grammar {

struct ParseError {
  std::string message;
  int line = 0;
  int column = 0;
};

using ParseStatus = Result<void, ParseError>;

inline Failure<ParseError> FailAt(const Token& at, std::string message) {
  return Failure<ParseError>{ParseError{std::move(message), at.line, at.column}};
}

class TokenStream {
 public:
  // `end` stands for the end of the statement (its `;`, or the kEnd token
  // of an API line): Peek() returns it once the tokens are used up.
  // REQUIRES: `end` outlives the stream.
  TokenStream(std::span<const Token> tokens, const Token& end) : tokens_(tokens), end_(&end) {}

  bool AtEnd() const { return pos_ >= tokens_.size(); }
  size_t remaining() const { return tokens_.size() - pos_; }
  const Token& Peek() const { return AtEnd() ? *end_ : tokens_[pos_]; }
  const Token& PeekAt(size_t ahead) const {
    return pos_ + ahead < tokens_.size() ? tokens_[pos_ + ahead] : *end_;
  }
  // The next token (the end token once there are none left).
  const Token& Next() {
    if (AtEnd()) return *end_;
    return tokens_[pos_++];
  }
  // The last token returned by Next(), or the end if none was.
  const Token& Last() const { return pos_ == 0 ? *end_ : tokens_[pos_ - 1]; }
  const Token& end() const { return *end_; }
  // The tokens not consumed yet.
  std::span<const Token> Rest() const { return tokens_.subspan(pos_); }

 private:
  std::span<const Token> tokens_;
  const Token* end_;
  size_t pos_ = 0;
};

}  // namespace herald::grammar
