// The outcome figures golden cases (figures_cases.json) read into the community records:
// shared by the figures tests here and the figures view test of the HTTP API
// (src/http/tests/figures_view_test.cc), which checks the handler's JSON against them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "community/figures.h"

namespace cobuy::community::testing {

inline nlohmann::json FiguresCases() {
  std::ifstream in(COBUY_SOURCE_DIR "/src/community/tests/figures_cases.json");
  return nlohmann::json::parse(in);
}

template <typename E>
E Must(const nlohmann::json& name) {
  std::optional<E> v = Parse<E>(name.get<std::string>());
  EXPECT_TRUE(v.has_value()) << name;
  return v.value_or(E{});
}

inline CommunityActivity ToActivity(const nlohmann::json& j) {
  CommunityActivity a;
  a.community_id = j.at("community_id").get<std::int64_t>();
  a.name = j.at("name").get<std::string>();
  a.kind = Must<CommunityKind>(j.at("kind"));
  for (const auto& o : j.at("member_organisations")) {
    CommunityActivity::MemberOrganisation m;
    m.id = o.at("id").get<std::int64_t>();
    if (!o.at("annual_budget_eur").is_null()) m.annual_budget_eur = o.at("annual_budget_eur").get<double>();
    a.member_organisations.push_back(m);
  }
  a.active_members = j.at("active_members").get<int>();
  a.has_leader = j.at("has_leader").get<bool>();
  for (const auto& e : j.at("events")) {
    CommunityActivity::HeldEvent h;
    h.kind = Must<EventKind>(e.at("kind"));
    h.starts_at = e.at("starts_at").get<UnixSeconds>();
    h.cancelled = e.at("cancelled").get<bool>();
    h.attending_market_organisations = e.at("attending_market_organisations").get<std::vector<std::int64_t>>();
    a.events.push_back(std::move(h));
  }
  a.documents = j.at("documents").get<int>();
  a.posts = j.at("posts").get<int>();
  return a;
}

// The activities of one golden case.
inline std::vector<CommunityActivity> CaseActivities(const nlohmann::json& c) {
  std::vector<CommunityActivity> activities;
  for (const auto& a : c.at("activities")) activities.push_back(ToActivity(a));
  return activities;
}

}  // namespace cobuy::community::testing
