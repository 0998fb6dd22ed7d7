// cobuy org add  --db PATH --name NAME --country CC --type TYPE [--nuts CODE] [--budget EUR]
// cobuy org list --db PATH
#include <fmt/format.h>

#include "accounts/accounts.h"
#include "cli/cli.h"
#include "core/clock.h"

namespace cobuy::cli {

void AddOrgCommand(CLI::App& app, Action& action) {
  CLI::App* org = app.add_subcommand("org", "Organisations");
  org->require_subcommand(1);
  struct Args {
    std::string db, name, country, type, nuts;
    std::optional<double> budget;
  };
  auto args = std::make_shared<Args>();

  CLI::App* add = org->add_subcommand("add", "Add an organisation");
  add->add_option("--db", args->db, "SQLite database file")->required();
  add->add_option("--name", args->name, "name")->required();
  add->add_option("--country", args->country, "ISO 3166-1 alpha-2 code, e.g. DE")->required();
  add->add_option("--type", args->type, "municipality, region, central_government, central_purchasing_body, "
                                        "public_agency, public_undertaking, hospital_or_university, supplier, "
                                        "industry_association or other")
      ->required();
  add->add_option("--nuts", args->nuts, "NUTS 2024 region code");
  add->add_option("--budget", args->budget, "annual procurement budget in EUR");
  add->callback([args, &action] {
    action = [args]() -> Status {
      COBUY_ASSIGN_OR_RETURN(auto store, OpenMigratedStore(args->db));
      PasswordHasher hasher;
      COBUY_ASSIGN_OR_RETURN(auto accounts, Accounts::Create(*store, SystemClock::Instance(), hasher));
      NewOrganisation in{args->name, args->type, args->country, args->nuts, {}, args->budget};
      COBUY_ASSIGN_OR_RETURN(Organisation o, accounts->CreateOrganisation(nullptr, in));
      fmt::print("{}\n", o.id.value);
      return Status::Ok();
    };
  });

  CLI::App* list = org->add_subcommand("list", "List organisations");
  list->add_option("--db", args->db, "SQLite database file")->required();
  list->callback([args, &action] {
    action = [args]() -> Status {
      COBUY_ASSIGN_OR_RETURN(auto store, OpenMigratedStore(args->db));
      COBUY_ASSIGN_OR_RETURN(auto orgs, store->ListOrganisations());
      for (const auto& o : orgs) {
        fmt::print("{}\t{}\t{}\t{}\n", o.id.value, o.country, OrganisationTypeName(o.type), o.name);
      }
      return Status::Ok();
    };
  });
}

}  // namespace cobuy::cli
