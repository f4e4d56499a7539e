#include "grammar/lexer.h"

#include <gtest/gtest.h>

namespace herald::grammar {
namespace {

struct Lexed {
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError error;
  bool ok = false;
};

Lexed LexText(std::string_view text) {
  Lexed l;
  l.ok = Lex(text, &l.tokens, &l.arena, &l.error);
  return l;
}

// "kind:text@line:column" for each token except the final kEnd.
std::vector<std::string> Show(const Lexed& l) {
  std::vector<std::string> out;
  for (const Token& t : l.tokens) {
    if (t.is(TokenKind::kEnd)) break;
    std::string s = t.is_word() ? (t.quoted ? "q:" : "w:") : "p:";
    s += std::string(t.text) + "@" + std::to_string(t.line) + ":" + std::to_string(t.column);
    out.push_back(s);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(LexerTest, WordsAndPunctuationWithLocations) {
  Lexed l = LexText("neighbor 10.0.0.1 {\n  local-as 65000;\n}\n");
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(Show(l), (V{"w:neighbor@1:1", "w:10.0.0.1@1:10", "p:{@1:19", "w:local-as@2:3", "w:65000@2:12",
                        "p:;@2:17", "p:}@3:1"}));
  const Token& end = l.tokens.back();
  EXPECT_TRUE(end.is(TokenKind::kEnd));
  EXPECT_EQ(end.line, 4);
  EXPECT_EQ(end.column, 1);
}

TEST(LexerTest, EveryPunctuationSplitsWords) {
  Lexed l = LexText("a{b}c;d[e]f(g)h,i");
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(Show(l), (V{"w:a@1:1", "p:{@1:2", "w:b@1:3", "p:}@1:4", "w:c@1:5", "p:;@1:6", "w:d@1:7", "p:[@1:8",
                        "w:e@1:9", "p:]@1:10", "w:f@1:11", "p:(@1:12", "w:g@1:13", "p:)@1:14", "w:h@1:15",
                        "p:,@1:16", "w:i@1:17"}));
  EXPECT_EQ(l.tokens[1].kind, TokenKind::kLBrace);
  EXPECT_EQ(l.tokens[3].kind, TokenKind::kRBrace);
  EXPECT_EQ(l.tokens[5].kind, TokenKind::kSemicolon);
  EXPECT_EQ(l.tokens[7].kind, TokenKind::kLBracket);
  EXPECT_EQ(l.tokens[9].kind, TokenKind::kRBracket);
  EXPECT_EQ(l.tokens[11].kind, TokenKind::kLParen);
  EXPECT_EQ(l.tokens[13].kind, TokenKind::kRParen);
  EXPECT_EQ(l.tokens[15].kind, TokenKind::kComma);
}

TEST(LexerTest, CommentsRunToEndOfLine) {
  Lexed l = LexText("# whole line\nmed 10; # trailing { ; }\nx#y z\n");
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(Show(l), (V{"w:med@2:1", "w:10@2:5", "p:;@2:7", "w:x@3:1"}));
}

TEST(LexerTest, QuotedStringsAreSingleWords) {
  Lexed l = LexText("description \"a {quoted} ; #string\" 'single \"inner\"' \"\";");
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(Show(l), (V{"w:description@1:1", "q:a {quoted} ; #string@1:13", "q:single \"inner\"@1:36",
                        "q:@1:53", "p:;@1:55"}));
  EXPECT_FALSE(l.tokens[1].IsKeyword("a {quoted} ; #string"));  // quoted: never a keyword
}

TEST(LexerTest, EscapesInsideAndOutsideQuotes) {
  Lexed l = LexText("\"a\\\"b\\\\c\\n\" x\\ y");
  ASSERT_TRUE(l.ok);
  ASSERT_EQ(l.tokens.size(), 3u);
  EXPECT_EQ(l.tokens[0].text, "a\"b\\c\n");
  EXPECT_EQ(l.tokens[1].text, "x y");
  EXPECT_FALSE(l.arena.empty());
}

TEST(LexerTest, BackslashNewlineJoinsLines) {
  Lexed l = LexText("vpls \\\n\trd 1:2 \\\n\tsize 8;");
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(Show(l), (V{"w:vpls@1:1", "w:rd@2:2", "w:1:2@2:5", "w:size@3:2", "w:8@3:7", "p:;@3:8"}));
}

TEST(LexerTest, JoinedMarksTokensWithoutSpaceBefore) {
  Lexed l = LexText("--opt=\"a b\" c [x]");
  ASSERT_TRUE(l.ok);
  ASSERT_EQ(l.tokens.size(), 7u);
  EXPECT_FALSE(l.tokens[0].joined);
  EXPECT_TRUE(l.tokens[1].joined);  // "a b" right after --opt=
  EXPECT_FALSE(l.tokens[2].joined);
  EXPECT_FALSE(l.tokens[3].joined);  // [
  EXPECT_TRUE(l.tokens[4].joined);   // x
  EXPECT_TRUE(l.tokens[5].joined);   // ]
}

TEST(LexerTest, AnyLayout) {
  Lexed one = LexText("route 10.0.0.0/8 next-hop 1.2.3.4; route 11.0.0.0/8 next-hop 1.2.3.4;");
  Lexed many = LexText("route\n10.0.0.0/8\n\tnext-hop\r\n1.2.3.4\n;route 11.0.0.0/8 next-hop 1.2.3.4\n;\n");
  ASSERT_TRUE(one.ok);
  ASSERT_TRUE(many.ok);
  ASSERT_EQ(one.tokens.size(), many.tokens.size());
  for (size_t i = 0; i < one.tokens.size(); ++i) {
    EXPECT_EQ(one.tokens[i].kind, many.tokens[i].kind);
    EXPECT_EQ(one.tokens[i].text, many.tokens[i].text);
  }
  EXPECT_EQ(many.tokens[3].line, 4);  // 1.2.3.4 after a CR LF
  EXPECT_EQ(many.tokens[3].column, 1);
}

TEST(LexerTest, UnterminatedQuoteIsLocated) {
  Lexed l = LexText("a;\n  description \"oops\nb;");
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.error.line, 2);
  EXPECT_EQ(l.error.column, 15);
  EXPECT_EQ(l.error.message, "unterminated string (missing closing \")");
  Lexed single = LexText("x 'abc");
  EXPECT_FALSE(single.ok);
  EXPECT_EQ(single.error.column, 3);
}

TEST(LexerTest, EmptyAndBlankTextGiveOnlyTheEnd) {
  for (std::string_view text : {"", "   \n\t\n", "# only a comment", "\\"}) {
    Lexed l = LexText(text);
    ASSERT_TRUE(l.ok) << text;
    ASSERT_EQ(l.tokens.size(), 1u) << text;
    EXPECT_TRUE(l.tokens[0].is(TokenKind::kEnd));
  }
}

TEST(LexerTest, DescribeNamesTheToken) {
  Lexed l = LexText("word \"q s\" ;");
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(Describe(l.tokens[0]), "'word'");
  EXPECT_EQ(Describe(l.tokens[1]), "\"q s\"");
  EXPECT_EQ(Describe(l.tokens[2]), "';'");
  EXPECT_EQ(Describe(l.tokens[3]), "end of line");
}

// Every byte value in every position: the lexer must not crash or read out
// of bounds (run under ASan), whatever it is given.
TEST(LexerTest, ArbitraryBytesNeverCrash) {
  std::string text;
  for (int round = 0; round < 3; ++round) {
    for (int c = 0; c < 256; ++c) {
      text.push_back(static_cast<char>(c));
      if (c % 7 == round) text += "\\";
      if (c % 11 == round) text += "\"";
      Lexed l = LexText(text);
      if (l.ok) {
        EXPECT_TRUE(l.tokens.back().is(TokenKind::kEnd));
      }
    }
  }
}

}  // namespace
}  // namespace herald::grammar
