#include "core/accounts_model.h"

#include <array>
#include <utility>

namespace cobuy {
namespace {

constexpr std::array<std::pair<OrganisationType, std::string_view>, 10> kOrganisationTypes{{
    {OrganisationType::kMunicipality, "municipality"},
    {OrganisationType::kRegion, "region"},
    {OrganisationType::kCentralGovernment, "central_government"},
    {OrganisationType::kCentralPurchasingBody, "central_purchasing_body"},
    {OrganisationType::kPublicAgency, "public_agency"},
    {OrganisationType::kPublicUndertaking, "public_undertaking"},
    {OrganisationType::kHospitalOrUniversity, "hospital_or_university"},
    {OrganisationType::kSupplier, "supplier"},
    {OrganisationType::kIndustryAssociation, "industry_association"},
    {OrganisationType::kOther, "other"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{{
    {Role::kPlatformAdmin, "platform_admin"},
    {Role::kOrganisationAdmin, "org_admin"},
    {Role::kBuyer, "buyer"},
    {Role::kMarketActor, "market_actor"},
    {Role::kObserver, "observer"},
}};

constexpr std::array<std::pair<UserStatus, std::string_view>, 5> kUserStatuses{{
    {UserStatus::kActive, "active"},
    {UserStatus::kPending, "pending"},
    {UserStatus::kDisabled, "disabled"},
    {UserStatus::kUnconfirmed, "unconfirmed"},
    {UserStatus::kRemoved, "removed"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view TokenPurposeName(TokenPurpose purpose) {
  return purpose == TokenPurpose::kPasswordReset ? "password_reset" : "email_confirmation";
}

std::string_view OrganisationTypeName(OrganisationType type) { return NameOf(kOrganisationTypes, type); }
std::optional<OrganisationType> ParseOrganisationType(std::string_view name) {
  return Parse(kOrganisationTypes, name);
}
const std::vector<OrganisationType>& AllOrganisationTypes() {
  static const std::vector<OrganisationType> all = [] {
    std::vector<OrganisationType> v;
    for (const auto& [t, name] : kOrganisationTypes) v.push_back(t);
    return v;
  }();
  return all;
}
bool IsMarketOrganisation(OrganisationType type) {
  return type == OrganisationType::kSupplier || type == OrganisationType::kIndustryAssociation;
}

std::string_view RoleName(Role role) { return NameOf(kRoles, role); }
std::optional<Role> ParseRole(std::string_view name) { return Parse(kRoles, name); }
std::string_view UserStatusName(UserStatus status) { return NameOf(kUserStatuses, status); }
std::optional<UserStatus> ParseUserStatus(std::string_view name) { return Parse(kUserStatuses, name); }

}  // namespace cobuy
