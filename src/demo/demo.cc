#include "demo/demo.h"

#include <optional>

namespace cobuy {
namespace {

struct DemoOrganisation {
  const char* name;
  const char* type;
  const char* country;
  const char* nuts;
  std::optional<double> budget_eur;
  std::vector<Identifier> identifiers;
};

struct DemoPerson {
  const char* email;
  const char* name;
  const char* organisation;
  const char* role;
  const char* language;
};

// Budgets are illustrative round figures for the demo, not published data.
const std::vector<DemoOrganisation>& Organisations() {
  static const std::vector<DemoOrganisation> orgs = {
      {"Cobuy Secretariat", "other", "BE", "BE100", std::nullopt, {}},
      {"Gemeente Utrecht", "municipality", "NL", "NL350", 900e6, {}},
      {"Ville de Lyon", "municipality", "FR", "FRK26", 600e6, {{"FR-SIREN", "216901231"}}},
      {"Stadt Wien", "municipality", "AT", "AT130", 5000e6, {}},
      {"Landeshauptstadt München", "municipality", "DE", "DE212", 2500e6, {}},
      {"Comune di Milano", "municipality", "IT", "ITC4C", 1800e6, {}},
      {"Ajuntament de Barcelona", "municipality", "ES", "ES511", 1200e6, {}},
      {"Københavns Kommune", "municipality", "DK", "DK011", 2000e6, {}},
      {"Helsingin kaupunki", "municipality", "FI", "FI1B1", 1900e6, {}},
      {"Region Stockholm", "region", "SE", "SE110", 4000e6, {}},
      {"Oslo kommune", "municipality", "NO", "NO081", 3000e6, {}},
      {"Staten og Kommunernes Indkøbsservice", "central_purchasing_body", "DK", "DK011", 3500e6, {}},
      {"Assistance Publique – Hôpitaux de Paris", "hospital_or_university", "FR", "FR101", 3000e6,
       {{"FR-SIREN", "267500452"}}},
      {"Electra Commercial Vehicles GmbH", "supplier", "DE", "DE212", std::nullopt, {}},
      {"Zero Emission Construction Alliance", "industry_association", "BE", "BE100", std::nullopt, {}},
      {"London Borough of Camden", "municipality", "GB", "", 700e6, {}},
  };
  return orgs;
}

const std::vector<DemoPerson>& People() {
  static const std::vector<DemoPerson> people = {
      {"secretariat@cobuy.example", "Sofie Peeters", "Cobuy Secretariat", "platform_admin", "en"},
      {"admin@utrecht.example", "Anouk de Vries", "Gemeente Utrecht", "org_admin", "en"},
      {"buyer@utrecht.example", "Daan Bakker", "Gemeente Utrecht", "buyer", "en"},
      {"observer@utrecht.example", "Eva Jansen", "Gemeente Utrecht", "observer", "en"},
      {"admin@lyon.example", "Camille Martin", "Ville de Lyon", "org_admin", "fr"},
      {"buyer@lyon.example", "Lucas Bernard", "Ville de Lyon", "buyer", "fr"},
      {"admin@wien.example", "Lena Gruber", "Stadt Wien", "org_admin", "de"},
      {"observer@wien.example", "Jonas Huber", "Stadt Wien", "observer", "de"},
      {"buyer@muenchen.example", "Maximilian Schmid", "Landeshauptstadt München", "buyer", "de"},
      {"buyer@milano.example", "Giulia Rossi", "Comune di Milano", "buyer", "en"},
      {"buyer@barcelona.example", "Marta Puig", "Ajuntament de Barcelona", "buyer", "en"},
      {"buyer@kk.example", "Mads Nielsen", "Københavns Kommune", "buyer", "en"},
      {"buyer@hel.example", "Aino Virtanen", "Helsingin kaupunki", "buyer", "en"},
      {"buyer@regionstockholm.example", "Erik Lindqvist", "Region Stockholm", "buyer", "en"},
      {"buyer@oslo.example", "Ingrid Hansen", "Oslo kommune", "buyer", "en"},
      {"admin@ski.example", "Freja Larsen", "Staten og Kommunernes Indkøbsservice", "org_admin", "en"},
      {"buyer@aphp.example", "Chloé Dubois", "Assistance Publique – Hôpitaux de Paris", "buyer", "fr"},
      {"sales@electra.example", "Felix Wagner", "Electra Commercial Vehicles GmbH", "market_actor", "de"},
      {"admin@electra.example", "Hannah Becker", "Electra Commercial Vehicles GmbH", "org_admin", "de"},
      {"policy@zeca.example", "Thomas Claes", "Zero Emission Construction Alliance", "market_actor", "en"},
      {"buyer@camden.example", "Oliver Smith", "London Borough of Camden", "buyer", "en"},
  };
  return people;
}

}  // namespace

Result<DemoSummary> LoadDemo(Store& store, Accounts& accounts) {
  DemoSummary summary;
  for (const DemoOrganisation& o : Organisations()) {
    auto existing = store.FindOrganisationByName(o.name);
    if (existing.ok()) continue;
    if (existing.status().code() != StatusCode::kNotFound) return existing.status();
    NewOrganisation in{o.name, o.type, o.country, o.nuts, o.identifiers, o.budget_eur};
    auto created = accounts.CreateOrganisation(nullptr, in);
    if (!created.ok()) return created.status().WithContext(std::string("demo organisation ") + o.name);
    ++summary.organisations_created;
  }
  for (const DemoPerson& p : People()) {
    summary.sign_ins.push_back({p.email, p.role, p.organisation});
    auto existing = store.FindUserByEmail(p.email);
    if (existing.ok()) continue;
    if (existing.status().code() != StatusCode::kNotFound) return existing.status();
    COBUY_ASSIGN_OR_RETURN(Organisation org, store.FindOrganisationByName(p.organisation));
    auto user = accounts.AddUser(p.email, p.name, org.id, p.role, kDemoPassword);
    if (!user.ok()) return user.status().WithContext(std::string("demo person ") + p.email);
    COBUY_RETURN_IF_ERROR(store.SetUserProfile(user->id, user->name, p.language));
    ++summary.people_created;
  }
  // A sign-up waiting for Utrecht's administrator, so the approval flow has something to show.
  const char* pending = "new.buyer@utrecht.example";
  if (!store.FindUserByEmail(pending).ok()) {
    COBUY_ASSIGN_OR_RETURN(Organisation utrecht, store.FindOrganisationByName("Gemeente Utrecht"));
    COBUY_RETURN_IF_ERROR(accounts.SignUp(pending, "Sem Visser", kDemoPassword, utrecht.id, "demo"));
    // As if Sem had followed the confirmation link: the request is the admin's to decide.
    COBUY_ASSIGN_OR_RETURN(User sem, store.FindUserByEmail(pending));
    COBUY_RETURN_IF_ERROR(store.SetUserStatus(sem.id, UserStatus::kPending));
    ++summary.people_created;
  }
  return summary;
}

std::vector<gen::SeedBuyer> DemoBuyers() {
  std::vector<gen::SeedBuyer> out;
  for (const DemoOrganisation& o : Organisations()) {
    auto type = ParseOrganisationType(o.type);
    if (!type || IsMarketOrganisation(*type) || *type == OrganisationType::kOther) continue;
    std::string country = o.country;
    if (country == "GB") continue;  // not eligible, and cobuy gen buyers are EU/EEA/EFTA
    gen::SeedBuyer b;
    b.name = o.name;
    b.country = country;
    b.nuts = o.nuts;
    switch (*type) {
      case OrganisationType::kRegion: b.type = "region"; break;
      case OrganisationType::kCentralPurchasingBody: b.type = "central_purchasing_body"; break;
      case OrganisationType::kHospitalOrUniversity: b.type = "hospital"; break;
      case OrganisationType::kPublicAgency: b.type = "agency"; break;
      default: b.type = "municipality"; break;
    }
    if (!o.identifiers.empty()) {
      b.scheme = o.identifiers.front().scheme;
      b.identifier = o.identifiers.front().id;
    } else if (b.name == "Gemeente Utrecht") {
      b.scheme = "NL-KVK";
      b.identifier = "30280353";
    }
    b.annual_budget_eur = o.budget_eur.value_or(0);
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<DemoSavedSearch> DemoSavedSearches() {
  return {
      {"buyer@lyon.example", "Refuse-collection vehicles", R"({"q":"refuse collection vehicles"})"},
      {"buyer@lyon.example", "Frameworks ending within 12 months", R"({"instrument":"framework","ends_within":12})"},
      {"buyer@utrecht.example", "Construction work in the Netherlands", R"({"cpv":"45","country":"NL"})"},
  };
}

}  // namespace cobuy
