// Who may do what in a community: the one place the rules live (docs/COMMUNITIES.md, "Who may
// do what"). Every workspace route asks Decide() before it reads or writes anything.
#pragma once

#include <optional>
#include <string_view>

#include "core/accounts_model.h"
#include "core/community_model.h"
#include "core/status.h"

namespace cobuy::community {

enum class Capability { kViewPublic, kViewWorkspace, kContribute, kPlan, kManage };
std::string_view Name(Capability c);

struct Capabilities {
  bool view_workspace = false;
  bool contribute = false;
  bool plan = false;
  bool manage = false;
  bool Has(Capability c) const;
};

// The person behind a request: null user for anonymous callers. `market` is true for market
// actors: the market_actor role, or any person of a supplier or an industry association.
struct Caller {
  const User* user = nullptr;
  bool market = false;
  bool secretariat() const { return user && user->role == Role::kPlatformAdmin; }
};

// What `caller` may do in a community where their membership is `membership` (if any).
// Only active memberships count; the secretariat may do everything.
Capabilities CapabilitiesOf(const Caller& caller, const std::optional<Membership>& membership);

// Ok when the caller has `need`; kUnauthenticated for anonymous callers of anything but
// kViewPublic; kPermissionDenied otherwise, with a sentence saying what is missing.
Status Decide(const Caller& caller, const std::optional<Membership>& membership, Capability need);

// May the caller join communities at all? Market actors may not (they are guests of events).
Status MayJoin(const Caller& caller);

// The role a person gets on joining: observer for platform observers, member otherwise.
MemberRole JoiningRole(const User& user);

}  // namespace cobuy::community
