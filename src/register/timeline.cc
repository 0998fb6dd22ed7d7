#include "register/timeline.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "ocds/merger.h"

namespace cobuy::reg {
namespace {

constexpr int kMaxDepth = 3;

// path -> compact JSON of its value, in document order.
using Flat = std::vector<std::pair<std::string, std::string>>;

void Flatten(const ocds::Value& v, const std::string& path, int depth, Flat& out) {
  if (v.is_object() && depth < kMaxDepth) {
    for (const auto& [key, member] : v.as_object()) {
      if (depth == 0 && (key == "ocid" || key == "id" || key == "date" || key == "tag")) continue;
      Flatten(member, path.empty() ? key : path + "/" + key, depth + 1, out);
    }
    return;
  }
  out.emplace_back(path, v.ToJson());
}

std::vector<std::string> Changes(const Flat& before, const Flat& after) {
  std::map<std::string_view, std::string_view> old_values;
  for (const auto& [path, json] : before) old_values.emplace(path, json);
  std::map<std::string_view, bool> now;
  std::vector<std::string> out;
  for (const auto& [path, json] : after) {
    now.emplace(path, true);
    auto it = old_values.find(path);
    if (it == old_values.end() || it->second != json) out.push_back(path);
  }
  for (const auto& [path, json] : before) {
    if (!now.count(path)) out.push_back(path);
  }
  return out;
}

}  // namespace

Result<std::vector<TimelineEntry>> BuildTimeline(const std::vector<StoredRelease>& releases,
                                                 const ocds::MergeRules& rules) {
  std::vector<std::pair<ocds::Value, const StoredRelease*>> parsed;
  parsed.reserve(releases.size());
  for (const StoredRelease& r : releases) {
    auto v = ocds::Value::Parse(r.json);
    if (!v.ok())
      return InvalidArgument(fmt::format("release {} of {} is not JSON: {}", r.id, r.ocid, v.status().message()));
    parsed.emplace_back(std::move(v).value(), &r);
  }
  // The merger's order: by date, equal dates in input order.
  std::stable_sort(parsed.begin(), parsed.end(),
                   [](const auto& a, const auto& b) { return a.second->date < b.second->date; });

  ocds::Merger merger(rules);
  std::vector<TimelineEntry> out;
  std::optional<ocds::Value> state;
  Flat before;
  for (auto& [release, stored] : parsed) {
    TimelineEntry e;
    e.date = stored->date;
    e.release_id = stored->id;
    if (const ocds::Value* tag = release.Find("tag"); tag && tag->is_array()) {
      for (const ocds::Value& t : tag->as_array()) {
        if (t.is_string()) e.tags.push_back(t.as_string());
      }
    } else if (tag && tag->is_string()) {
      e.tags.push_back(tag->as_string());
    }
    std::vector<ocds::Value> inputs;
    if (state) inputs.push_back(std::move(*state));
    inputs.push_back(std::move(release));
    auto merged = merger.Compile(std::move(inputs));
    if (!merged.ok()) {
      return InvalidArgument(
          fmt::format("release {} of {} cannot be merged: {}", stored->id, stored->ocid, merged.status().message()));
    }
    state = std::move(merged->release);
    Flat after;
    Flatten(*state, "", 0, after);
    e.changes = Changes(before, after);
    before = std::move(after);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cobuy::reg
