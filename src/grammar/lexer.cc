#include "grammar/lexer.h"

#include <array>

namespace herald::grammar {
namespace {

// Character classes, looked up in a table: the lexer sits on the text API's
// hot path.
enum Class : uint8_t { kWordChar, kSpace, kNewline, kPunct, kQuote, kHash, kBackslash };

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> c{};
  for (auto& x : c) x = kWordChar;
  for (unsigned char ch : {' ', '\t', '\r', '\f', '\v'}) c[ch] = kSpace;
  c['\n'] = kNewline;
  for (unsigned char ch : {'{', '}', ';', '[', ']', '(', ')', ','}) c[ch] = kPunct;
  c['"'] = kQuote;
  c['\''] = kQuote;
  c['#'] = kHash;
  c['\\'] = kBackslash;
  return c;
}
constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

inline uint8_t ClassOf(char c) { return kClasses[static_cast<unsigned char>(c)]; }

TokenKind Punctuation(char c) {
  switch (c) {
    case '{': return TokenKind::kLBrace;
    case '}': return TokenKind::kRBrace;
    case ';': return TokenKind::kSemicolon;
    case '[': return TokenKind::kLBracket;
    case ']': return TokenKind::kRBracket;
    case '(': return TokenKind::kLParen;
    case ')': return TokenKind::kRParen;
    default: return TokenKind::kComma;
  }
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
    Token& t = tokens->emplace_back();
    t.kind = kind;
    t.quoted = quoted;
    t.joined = start == prev_end;
    t.line = line;
    t.column = static_cast<int>(start - line_start) + 1;
    t.text = word;
  };
  while (i < n) {
    const char c = text[i];
    switch (ClassOf(c)) {
      case kNewline:
        ++line;
        line_start = ++i;
        continue;
      case kSpace:
        ++i;
        continue;
      case kHash:
        while (i < n && text[i] != '\n') ++i;
        continue;
      case kPunct:
        push(Punctuation(c), i, text.substr(i, 1), false);
        prev_end = ++i;
        continue;
      case kBackslash:
        if (size_t k = Continuation(text, i)) {
          i += k;
          if (k > 1) {
            ++line;
            line_start = i;
          }
          continue;
        }
        break;  // an escape starting a word
      case kQuote: {
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
      default:
        break;
    }
    // An unquoted word, possibly with escapes.
    const size_t start = i;
    size_t j = i;
    while (j < n && ClassOf(text[j]) == kWordChar) ++j;
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
      if (ClassOf(text[j]) != kWordChar) break;
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

}  // namespace herald::grammar
