#include "core/market_model.h"

#include <array>
#include <utility>

namespace cobuy {
namespace {

constexpr std::array<std::pair<PipelineStatus, const char*>, 5> kStatuses{{
    {PipelineStatus::kPlanned, "planned"},
    {PipelineStatus::kPreparing, "preparing"},
    {PipelineStatus::kTendering, "tendering"},
    {PipelineStatus::kAwarded, "awarded"},
    {PipelineStatus::kCancelled, "cancelled"},
}};

}  // namespace

const char* Name(PipelineStatus s) {
  for (const auto& [e, n] : kStatuses) {
    if (e == s) return n;
  }
  return "";
}

std::optional<PipelineStatus> ParsePipelineStatus(std::string_view s) {
  for (const auto& [e, n] : kStatuses) {
    if (s == n) return e;
  }
  return std::nullopt;
}

std::vector<std::string> AllPipelineStatuses() {
  std::vector<std::string> out;
  for (const auto& [e, n] : kStatuses) out.emplace_back(n);
  return out;
}

}  // namespace cobuy
