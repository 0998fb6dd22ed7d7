// Strong id types, so that an organisation id cannot be passed where a user id is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace cobuy {

template <typename Tag>
struct Id {
  std::int64_t value = 0;
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t v) : value(v) {}
  constexpr bool valid() const { return value > 0; }
  friend constexpr auto operator<=>(Id, Id) = default;
};

using OrganisationId = Id<struct OrganisationTag>;
using UserId = Id<struct UserTag>;
using InvitationId = Id<struct InvitationTag>;
using AssessmentId = Id<struct AssessmentTag>;
using FormationId = Id<struct FormationTag>;
using CommunityId = Id<struct CommunityTag>;

}  // namespace cobuy

template <typename Tag>
struct std::hash<cobuy::Id<Tag>> {
  std::size_t operator()(cobuy::Id<Tag> id) const noexcept { return std::hash<std::int64_t>{}(id.value); }
};
