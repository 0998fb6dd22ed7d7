// JSON views and request helpers shared by the community and workspace handlers
// (docs/COMMUNITIES.md has the shapes).
#pragma once

#include <nlohmann/json.hpp>

#include "community/communities.h"
#include "http/router.h"

namespace cobuy::http {

// The caller of a request as the community rules see them.
Result<community::Caller> CommunityCaller(Services& s, const RequestContext& ctx);
// The community of the route's first placeholder, after checking `need`.
Result<community::Workspace> EnterCommunity(Services& s, const RequestContext& ctx, community::Capability need);

// `assessment_id`: the needs assessment the community was formed from, if any.
nlohmann::json CommunityJson(const Community& c, const std::vector<Membership>& members,
                             const std::optional<Membership>& mine, const community::Capabilities& can,
                             const std::vector<Output>* published, std::optional<std::int64_t> assessment_id);
// The assessment a community was formed from (none when needs assessments are not set up).
Result<std::optional<std::int64_t>> AssessmentOf(Services& s, std::int64_t community_id);
nlohmann::json MemberJson(const Membership& m, bool with_email);
nlohmann::json PostJson(const Post& p, bool moderator);
nlohmann::json ThreadJson(const Thread& t);
nlohmann::json DocumentJson(const Document& d);
nlohmann::json EventJson(const Event& e, std::int64_t viewer);
nlohmann::json OutputJson(const Output& o);
nlohmann::json FiguresJson(const community::OutcomeFigures& f);
nlohmann::json ExchangeJson(const StaffExchange& x);

// Reads an optional list of ids (`field`: [1, 2]); kInvalidArgument naming the field.
Result<std::vector<std::int64_t>> IdList(const nlohmann::json& body, const std::string& field);

}  // namespace cobuy::http
