// BUILD staff exchanges: suggested matches between offers to host and requests to visit.
#pragma once

#include <string>
#include <vector>

#include "core/community_model.h"

namespace cobuy::community {

struct ExchangeMatch {
  StaffExchange exchange;  // the suggested counterpart
  double score = 0;        // 0..100
  int overlap_days = 0;    // days both date ranges share (inclusive)
  std::vector<std::string> shared_words;  // topic/description words both share (folded, no stop words)
};

// Counterparts for `mine` among `others`: the opposite kind, open, another organisation, dates
// overlapping by at least one day, and at least one shared topic word. Best first (score, then
// overlap, then id). Score: 70 % word overlap (Jaccard of topic+description words, topic words
// count double), 30 % date overlap relative to the shorter range.
std::vector<ExchangeMatch> SuggestMatches(const StaffExchange& mine, const std::vector<StaffExchange>& others);

}  // namespace cobuy::community
