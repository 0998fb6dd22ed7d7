#include "community/exchange.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "core/text.h"

namespace cobuy::community {
namespace {

// Folded (FoldForSearch) words that say nothing about a topic, in en, de and fr.
const std::set<std::string, std::less<>>& StopWords() {
  static const std::set<std::string, std::less<>> kWords = {
      // en
      "a", "about", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in", "into", "is", "it",
      "its", "of", "on", "or", "our", "that", "the", "their", "this", "to", "we", "will", "with", "you", "your",
      // de
      "am", "auf", "aus", "bei", "das", "dem", "den", "der", "des", "die", "ein", "eine", "einen", "einer", "fur", "im",
      "ist", "mit", "oder", "sind", "uber", "und", "unsere", "von", "wir", "zu", "zum", "zur",
      // fr
      "au", "aux", "avec", "ce", "d", "dans", "de", "des", "du", "en", "est", "et", "l", "la", "le", "les", "nos",
      "notre", "ou", "par", "pour", "sont", "sur", "un", "une", "nous"};
  return kWords;
}

// Words -> weight: 2 for topic words, 1 for words only in the description.
std::map<std::string, int> Words(const StaffExchange& e) {
  std::map<std::string, int> out;
  auto add = [&](std::string_view text, int weight) {
    for (std::string& w : Tokenize(text)) {
      if (w.size() < 2 || StopWords().count(w)) continue;
      int& have = out[std::move(w)];
      have = std::max(have, weight);
    }
  };
  add(e.topic, 2);
  add(e.description, 1);
  return out;
}

// Days since 1970-01-01 of "YYYY-MM-DD", or nullopt when it is not a date.
std::optional<long> DayNumber(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (s[i] - '0');
    }
  }
  int y = parts[0], m = parts[1], d = parts[2];
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Range {
  long first = 0;
  long last = 0;
  long days() const { return last - first + 1; }
};

std::optional<Range> RangeOf(const StaffExchange& e) {
  auto first = DayNumber(e.starts_on);
  auto last = DayNumber(e.ends_on);
  if (!first || !last || *last < *first) return std::nullopt;
  return Range{*first, *last};
}

}  // namespace

std::vector<ExchangeMatch> SuggestMatches(const StaffExchange& mine, const std::vector<StaffExchange>& others) {
  std::vector<ExchangeMatch> out;
  std::optional<Range> my_range = RangeOf(mine);
  if (!my_range) return out;
  std::map<std::string, int> my_words = Words(mine);
  for (const StaffExchange& other : others) {
    if (other.id == mine.id || other.kind == mine.kind || other.status != ExchangeStatus::kOpen) continue;
    if (other.organisation_id == mine.organisation_id) continue;
    std::optional<Range> range = RangeOf(other);
    if (!range) continue;
    long overlap = std::min(range->last, my_range->last) - std::max(range->first, my_range->first) + 1;
    if (overlap < 1) continue;
    std::map<std::string, int> words = Words(other);
    // Weighted Jaccard: sum of the smaller weights over sum of the larger, over both word sets.
    double shared = 0, all = 0;
    std::vector<std::string> shared_words;
    for (const auto& [w, weight] : my_words) {
      auto it = words.find(w);
      if (it == words.end()) {
        all += weight;
        continue;
      }
      shared += std::min(weight, it->second);
      all += std::max(weight, it->second);
      shared_words.push_back(w);
    }
    for (const auto& [w, weight] : words) {
      if (!my_words.count(w)) all += weight;
    }
    if (shared_words.empty()) continue;
    double dates = static_cast<double>(overlap) / static_cast<double>(std::min(range->days(), my_range->days()));
    ExchangeMatch m;
    m.exchange = other;
    m.score = 70.0 * shared / all + 30.0 * dates;
    m.overlap_days = static_cast<int>(overlap);
    m.shared_words = std::move(shared_words);
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const ExchangeMatch& a, const ExchangeMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.overlap_days != b.overlap_days) return a.overlap_days > b.overlap_days;
    return a.exchange.id < b.exchange.id;
  });
  return out;
}

}  // namespace cobuy::community
