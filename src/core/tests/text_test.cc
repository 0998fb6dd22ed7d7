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

}  // namespace
}  // namespace cobuy
