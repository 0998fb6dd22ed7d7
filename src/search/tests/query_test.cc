// Search parameters: what each becomes, and the error (with the parameter's name) when bad.
#include <gtest/gtest.h>

#include "search/search.h"

namespace cobuy::search {
namespace {

TEST(SearchParams, WordsAndCpvTokens) {
  auto q = ParseSearchParams({{"q", "  electric  cpv:34144511-3 trucks CPV:4521 "}}, "2026-06-01");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->text, "electric trucks");
  EXPECT_EQ(q->cpv_prefixes, (std::vector<std::string>{"34144511", "4521"}));
  auto trailing = ParseSearchParams({{"cpv", "34100000-8"}}, "");
  ASSERT_TRUE(trailing.ok());
  EXPECT_EQ(trailing->cpv_prefixes, (std::vector<std::string>{"341"}));
}

TEST(SearchParams, EveryFilter) {
  auto q = ParseSearchParams({{"country", "nl"}, {"nuts", "nl31"}, {"method", "open"}, {"instrument", "framework"},
                              {"instrument", "cpb"}, {"status", "active"}, {"year", "2025"}, {"value_min", "1000"},
                              {"value_max", "2000.5"}, {"end_from", "2026-01-01"}, {"ends_within", "6"},
                              {"buyer", "NL-KVK-1"}, {"supplier", "Acme"}, {"unit_prices", "1"}, {"sort", "end"},
                              {"order", "asc"}, {"offset", "20"}, {"limit", "50"}, {"lang", "de"}},
                             "2026-06-01");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->country, "NL");
  EXPECT_EQ(q->nuts, "NL31");
  EXPECT_EQ(q->method, "open");
  EXPECT_EQ(q->instruments, (std::vector<std::string>{"framework", "cpb"}));
  EXPECT_EQ(q->year, 2025);
  EXPECT_EQ(*q->value_min, 1000);
  EXPECT_EQ(*q->value_max, 2000.5);
  EXPECT_EQ(q->end_from, "2026-01-01");
  EXPECT_EQ(q->ends_within_months, 6);
  EXPECT_EQ(q->buyer, "NL-KVK-1");
  EXPECT_TRUE(q->unit_prices);
  EXPECT_EQ(q->sort, SortKey::kEnd);
  EXPECT_TRUE(q->ascending);
  EXPECT_EQ(q->offset, 20);
  EXPECT_EQ(q->limit, 50);
}

struct BadCase {
  std::string name, value, field, message;
};

TEST(SearchParams, BadValuesNameTheParameter) {
  const BadCase cases[] = {
      {"cpv", "3", "cpv", "must be a CPV code or its first 2 to 8 digits, not '3'"},
      {"q", "cpv:x1", "q", "a cpv: filter must be a CPV code or its first 2 to 8 digits, not 'x1'"},
      {"country", "NLD", "country", "must be an ISO 3166 code such as NL, not 'NLD'"},
      {"method", "auction", "method", "must be open, selective, limited or direct, not 'auction'"},
      {"instrument", "ppp", "instrument", "must be framework, dps or cpb, not 'ppp'"},
      {"year", "20x5", "year", "must be a whole number from 1900 to 2200, not '20x5'"},
      {"value_min", "-5", "value_min", "must be an amount in euro, not '-5'"},
      {"end_to", "2026-13-01", "end_to", "must be a date YYYY-MM-DD, not '2026-13-01'"},
      {"ends_within", "0", "ends_within", "must be a whole number from 1 to 600, not '0'"},
      {"sort", "price", "sort", "must be relevance, value, date or end, not 'price'"},
      {"limit", "500", "limit", "must be a whole number from 1 to 100, not '500'"},
      {"unit_prices", "yes", "unit_prices", "must be 1 or 0, not 'yes'"},
  };
  for (const BadCase& c : cases) {
    auto q = ParseSearchParams({{c.name, c.value}}, "2026-06-01");
    ASSERT_FALSE(q.ok()) << c.name;
    EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(q.status().field(), c.field);
    EXPECT_EQ(q.status().message(), c.message);
  }
  auto range = ParseSearchParams({{"value_min", "10"}, {"value_max", "5"}}, "");
  EXPECT_EQ(range.status().message(), "is greater than value_max");
  EXPECT_EQ(range.status().field(), "value_min");
}

TEST(SearchParams, FromJsonAndBackToAQueryString) {
  auto p = ParamsFromJson(R"({"q":"bennes à ordures","instrument":["framework","dps"],"unit_prices":true,"limit":5})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(ParamsToQueryString(*p), "instrument=framework&instrument=dps&limit=5&q=bennes%20%C3%A0%20ordures&unit_prices=1");
  EXPECT_EQ(ParamsFromJson("[1]").status().message(), "must be a JSON object");
  EXPECT_EQ(ParamsFromJson(R"({"q":{"a":1}})").status().field(), "params.q");
}

}  // namespace
}  // namespace cobuy::search
