#include "core/text.h"

#include <gtest/gtest.h>

namespace cobuy {
namespace {

TEST(FoldForSearchTest, FoldsCaseAndAccents) {
  EXPECT_EQ(FoldForSearch("Müllfahrzeuge"), "mullfahrzeuge");
  EXPECT_EQ(FoldForSearch("HÔPITAL"), "hopital");
  EXPECT_EQ(FoldForSearch("Straße"), "strasse");
  EXPECT_EQ(FoldForSearch("Bennes à ordures"), "bennes a ordures");
  EXPECT_EQ(FoldForSearch("Portable Computers"), "portable computers");
}

TEST(FoldForSearchTest, FoldsAfterDecompositionAndStrokes) {
  EXPECT_EQ(FoldForSearch("№ 5 ㎒"), "no 5 mhz");
  EXPECT_EQ(FoldForSearch("Łóżka szpitalne"), "lozka szpitalne");
  EXPECT_EQ(FoldForSearch("Søren Ærø"), "soren aero");
  EXPECT_EQ(FoldForSearch(FoldForSearch("ℌilbert")), FoldForSearch("ℌilbert"));
}

TEST(FoldForSearchTest, KeepsOtherScriptsFolded) {
  EXPECT_EQ(FoldForSearch("ΦΟΡΗΤΟΊ"), "φορητοι");
  EXPECT_EQ(FoldForSearch("Преносими"), "преносими");
}

TEST(TokenizeTest, SplitsOnNonAlphanumerics) {
  EXPECT_EQ(Tokenize("Refuse-collection vehicles"), (std::vector<std::string>{"refuse", "collection", "vehicles"}));
  EXPECT_EQ(Tokenize("  Ordinateurs, portables (3 à 5 kg) "),
            (std::vector<std::string>{"ordinateurs", "portables", "3", "a", "5", "kg"}));
  EXPECT_TRUE(Tokenize(" - , ").empty());
}

TEST(TextTest, SplitKeepsTheNonEmptyParts) {
  EXPECT_EQ(Split("EUR  SEK ", ' '), (std::vector<std::string>{"EUR", "SEK"}));
  EXPECT_EQ(Split("#12\nACME\n", '\n'), (std::vector<std::string>{"#12", "ACME"}));
  EXPECT_EQ(Split("", ' '), std::vector<std::string>{});
}

TEST(TextTest, TrimAndUtf8) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_TRUE(IsValidUtf8("Københavns Kommune"));
  EXPECT_FALSE(IsValidUtf8(std::string("bad \xC3\x28 byte")));
}

TEST(TextTest, UnsafeCharacters) {
  EXPECT_FALSE(FindUnsafeCharacter("Ville de Lyon – Direction des achats", false));
  // U+202E RIGHT-TO-LEFT OVERRIDE (E2 80 AE) after "ab", U+2066 LEFT-TO-RIGHT ISOLATE, C1 U+0085.
  auto rlo = FindUnsafeCharacter("ab\xE2\x80\xAE" "cd", false);
  ASSERT_TRUE(rlo);
  EXPECT_EQ(rlo->code, 0x202Eu);
  EXPECT_EQ(rlo->offset, 2u);
  EXPECT_EQ(FindUnsafeCharacter("\xE2\x81\xA6x", false)->code, 0x2066u);
  EXPECT_EQ(FindUnsafeCharacter("x\xC2\x85", false)->code, 0x85u);
  EXPECT_EQ(FindUnsafeCharacter(std::string("a\0b", 3), true)->offset, 1u);
  EXPECT_EQ(FindUnsafeCharacter("a\x7f", true)->code, 0x7Fu);
  // Line breaks and tabs are text where breaks are allowed, and refused where not.
  EXPECT_FALSE(FindUnsafeCharacter("line 1\r\nline\t2", true));
  EXPECT_EQ(FindUnsafeCharacter("name\n", false)->offset, 4u);
  EXPECT_EQ(CodePointName(0x202E), "U+202E");
  EXPECT_EQ(CodePointName(0), "U+0000");
}

}  // namespace
}  // namespace cobuy
