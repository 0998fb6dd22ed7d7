#include "community/access.h"

namespace cobuy::community {

std::string_view Name(Capability c) {
  switch (c) {
    case Capability::kViewPublic: return "view_public";
    case Capability::kViewWorkspace: return "view_workspace";
    case Capability::kContribute: return "contribute";
    case Capability::kPlan: return "plan";
    case Capability::kManage: return "manage";
  }
  return "";
}

bool Capabilities::Has(Capability c) const {
  switch (c) {
    case Capability::kViewPublic: return true;
    case Capability::kViewWorkspace: return view_workspace;
    case Capability::kContribute: return contribute;
    case Capability::kPlan: return plan;
    case Capability::kManage: return manage;
  }
  return false;
}

Capabilities CapabilitiesOf(const Caller& caller, const std::optional<Membership>& membership) {
  Capabilities can;
  if (!caller.user || caller.user->status != UserStatus::kActive) return can;
  if (caller.secretariat()) return {true, true, true, true};
  // A market actor is never a member, whatever a stale row says.
  if (caller.market || !membership || membership->status != MemberStatus::kActive) return can;
  can.view_workspace = true;
  switch (membership->role) {
    case MemberRole::kLeader: can.manage = true; [[fallthrough]];
    case MemberRole::kCore: can.plan = true; [[fallthrough]];
    case MemberRole::kMember: can.contribute = true; break;
    case MemberRole::kObserver: break;
  }
  return can;
}

Status Decide(const Caller& caller, const std::optional<Membership>& membership, Capability need) {
  if (need == Capability::kViewPublic) return Status::Ok();
  if (!caller.user) return Unauthenticated("sign in first");
  if (CapabilitiesOf(caller, membership).Has(need)) return Status::Ok();
  bool active = membership && membership->status == MemberStatus::kActive && !caller.market;
  if (!active) return PermissionDenied("only the community's members can do this");
  switch (need) {
    case Capability::kContribute: return PermissionDenied("observers can read but not contribute");
    case Capability::kPlan: return PermissionDenied("only the community's leader and core group can do this");
    case Capability::kManage: return PermissionDenied("only the community's leader and the secretariat can do this");
    default: return PermissionDenied("only the community's members can do this");
  }
}

Status MayJoin(const Caller& caller) {
  if (!caller.user) return Unauthenticated("sign in first");
  if (caller.market) {
    return PermissionDenied("market actors do not join communities; they are invited to single events");
  }
  return Status::Ok();
}

MemberRole JoiningRole(const User& user) {
  return user.role == Role::kObserver ? MemberRole::kObserver : MemberRole::kMember;
}

}  // namespace cobuy::community
