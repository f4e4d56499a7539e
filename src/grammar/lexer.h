// The lexer of ExaBGP's configuration syntax, shared by the file parser and
// the text API.
//
// Tokens are words and the punctuation `{ } ; [ ] ( ) ,`. A word ends at
// whitespace, punctuation, a quote or `#`. Quoted strings ("..." or '...')
// are single words that may hold spaces and punctuation; inside them, and
// outside, a backslash escapes the next character (\n \t \r \b \f name control
// characters), and a backslash at the end of a line joins it to the next one.
// `#` outside quotes starts a comment that runs to the end of the line.
// Layout is free: several statements may share a line, one statement may
// span several.
//
// Tokens point into the text they were read from (string_views); only words
// that needed unescaping are copied, into a caller-owned arena, so a line of
// the text API is tokenized without allocating once the vectors have grown.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace herald::grammar {

enum class TokenKind : uint8_t {
  kWord,
  kLBrace,     // {
  kRBrace,     // }
  kSemicolon,  // ;
  kLBracket,   // [
  kRBracket,   // ]
  kLParen,     // (
  kRParen,     // )
  kComma,      // ,
  kEnd,        // past the last token (carries the location of the end)
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  // A quoted string: always a word, never a keyword or punctuation.
  bool quoted = false;
  // No whitespace between this token and the previous one (`a"b"` or
  // `x[`): lets `run` rebuild arguments the way a shell would.
  bool joined = false;
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
  // The word (unquoted, unescaped), or the punctuation character.
  std::string_view text;

  bool is(TokenKind k) const { return kind == k; }
  bool is_word() const { return kind == TokenKind::kWord; }
  // An unquoted word equal to `word`: how keywords are recognised.
  bool IsKeyword(std::string_view word) const {
    return kind == TokenKind::kWord && !quoted && text == word;
  }
};

struct LexError {
  int line = 0;
  int column = 0;
  std::string message;
};

// Appends the tokens of `text` to *tokens, then one kEnd token located just
// after the last character. Unescaped copies of words live in *arena, whose
// elements never move (a deque), so the tokens stay valid as long as both
// `text` and *arena do. On error (an unterminated quote) returns false and
// fills *error; *tokens then holds the tokens before the error.
bool Lex(std::string_view text, std::vector<Token>* tokens, std::deque<std::string>* arena,
         LexError* error);

// A printable name for a token in error messages: the word, or the
// punctuation in quotes, or "end of line".
std::string Describe(const Token& token);

}  // namespace herald::grammar
