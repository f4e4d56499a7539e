#include "config/lexer.h"

namespace herald::config {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

TokenKind Punctuation(char c) {
  switch (c) {
    case '{': return TokenKind::kLBrace;
    case '}': return TokenKind::kRBrace;
    case ';': return TokenKind::kSemicolon;
    case '[': return TokenKind::kLBracket;
    case ']': return TokenKind::kRBracket;
    case '(': return TokenKind::kLParen;
    case ')': return TokenKind::kRParen;
    case ',': return TokenKind::kComma;
    default: return TokenKind::kEnd;
  }
}

// Characters that end an unquoted word.
bool EndsWord(char c) {
  return IsSpace(c) || c == '\n' || c == '"' || c == '\'' || c == '#' || c == '\\' ||
         Punctuation(c) != TokenKind::kEnd;
}

char Unescape(char c) {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'b': return '\b';
    case 'f': return '\f';
    default: return c;
  }
}

// A backslash followed by a newline (or CR LF) joins two lines; returns the
// number of characters of that sequence at `i`, 0 if there is none.
size_t Continuation(std::string_view text, size_t i) {
  if (text[i] != '\\') return 0;
  if (i + 1 < text.size() && text[i + 1] == '\n') return 2;
  if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') return 3;
  if (i + 1 == text.size()) return 1;  // a trailing backslash is dropped
  return 0;
}

}  // namespace

bool Lex(std::string_view text, std::vector<Token>* tokens, std::deque<std::string>* arena,
         LexError* error) {
  int line = 1;
  size_t line_start = 0;
  size_t prev_end = std::string_view::npos;  // where the previous token ended
  size_t i = 0;
  const size_t n = text.size();
  auto push = [&](TokenKind kind, size_t start, std::string_view word, bool quoted) {
    Token t;
    t.kind = kind;
    t.quoted = quoted;
    t.joined = start == prev_end;
    t.line = line;
    t.column = static_cast<int>(start - line_start) + 1;
    t.text = word;
    tokens->push_back(t);
  };
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
      continue;
    }
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (size_t k = Continuation(text, i)) {
      i += k;
      if (k > 1) {
        ++line;
        line_start = i;
      }
      continue;
    }
    if (c == '#') {
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    if (TokenKind p = Punctuation(c); p != TokenKind::kEnd) {
      push(p, i, text.substr(i, 1), false);
      prev_end = ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      const size_t start = i;
      size_t j = i + 1;
      while (j < n && text[j] != c && text[j] != '\\' && text[j] != '\n') ++j;
      if (j < n && text[j] == c) {  // the common case: nothing to unescape
        push(TokenKind::kWord, start, text.substr(start + 1, j - start - 1), true);
        prev_end = i = j + 1;
        continue;
      }
      std::string& word = arena->emplace_back(text.substr(start + 1, j - start - 1));
      while (j < n && text[j] != c && text[j] != '\n') {
        if (text[j] == '\\' && j + 1 < n && text[j + 1] != '\n') {
          word.push_back(Unescape(text[j + 1]));
          j += 2;
        } else {
          word.push_back(text[j++]);
        }
      }
      if (j >= n || text[j] != c) {
        error->line = line;
        error->column = static_cast<int>(start - line_start) + 1;
        error->message = std::string("unterminated string (missing closing ") + c + ")";
        return false;
      }
      push(TokenKind::kWord, start, word, true);
      prev_end = i = j + 1;
      continue;
    }
    // An unquoted word, possibly with escapes.
    const size_t start = i;
    size_t j = i;
    while (j < n && !EndsWord(text[j])) ++j;
    if (j == n || text[j] != '\\' || Continuation(text, j)) {
      push(TokenKind::kWord, start, text.substr(start, j - start), false);
      prev_end = i = j;
      continue;
    }
    std::string& word = arena->emplace_back(text.substr(start, j - start));
    while (j < n) {
      if (text[j] == '\\') {
        if (Continuation(text, j)) break;
        word.push_back(Unescape(text[j + 1]));
        j += 2;
        continue;
      }
      if (EndsWord(text[j])) break;
      word.push_back(text[j++]);
    }
    push(TokenKind::kWord, start, word, false);
    prev_end = i = j;
  }
  Token end;
  end.kind = TokenKind::kEnd;
  end.line = line;
  end.column = static_cast<int>(n - line_start) + 1;
  tokens->push_back(end);
  return true;
}

std::string Describe(const Token& token) {
  if (token.kind == TokenKind::kEnd) return "end of line";
  if (token.kind == TokenKind::kWord) {
    if (token.quoted) return "\"" + std::string(token.text) + "\"";
    return "'" + std::string(token.text) + "'";
  }
  return "'" + std::string(token.text) + "'";
}

}  // namespace herald::config
