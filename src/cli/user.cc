// cobuy user add --db PATH --email EMAIL --org NAME_OR_ID --role ROLE [--name NAME]
// cobuy user set-password --db PATH --email EMAIL     (ends the person's sessions)
// cobuy user sign-out --db PATH --email EMAIL         (ends every session of the person)
// cobuy user disable|enable|remove --db PATH --email EMAIL
// Passwords are read from standard input (one line), never from the command line.
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "accounts/accounts.h"
#include "cli/cli.h"
#include "core/clock.h"

namespace cobuy::cli {
namespace {

Result<std::string> ReadPassword() {
  const bool tty = isatty(STDIN_FILENO);
  termios saved{};
  if (tty) {
    fmt::print(stderr, "Password: ");
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    fmt::print(stderr, "\n");
  }
  if (!got && line.empty()) return InvalidArgument("no password on standard input", "password");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The person with `email`, for the commands that act on one.
Result<User> FindPerson(Store& store, const std::string& email) {
  auto u = store.FindUserByEmail(Accounts::NormaliseEmail(email));
  if (!u.ok() && u.status().code() == StatusCode::kNotFound) {
    return InvalidArgument(fmt::format("no person with e-mail '{}'", email), "email");
  }
  return u;
}

// `cobuy user VERB --db --email`: the verbs that act on one existing person.
void AddPersonCommand(CLI::App* user, Action& action, const std::string& verb, const std::string& help) {
  struct Args {
    std::string db, email;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = user->add_subcommand(verb, help);
  cmd->add_option("--db", args->db, "SQLite database file")->required();
  cmd->add_option("--email", args->email, "the person's e-mail address")->required();
  cmd->callback([args, verb, &action] {
    action = [args, verb]() -> Status {
      COBUY_ASSIGN_OR_RETURN(auto store, OpenMigratedStore(args->db));
      PasswordHasher hasher;
      COBUY_ASSIGN_OR_RETURN(auto accounts, Accounts::Create(*store, SystemClock::Instance(), hasher));
      COBUY_ASSIGN_OR_RETURN(User u, FindPerson(*store, args->email));
      if (verb == "set-password") {
        COBUY_ASSIGN_OR_RETURN(std::string password, ReadPassword());
        return accounts->SetPassword(u.id, password);
      }
      if (verb == "sign-out") return store->DeleteSessionsOfUser(u.id);
      if (verb == "remove") return accounts->RemovePerson(nullptr, u.organisation, u.id);
      return accounts->SetDisabled(nullptr, u.organisation, u.id, verb == "disable").status();
    };
  });
}

}  // namespace

void AddUserCommand(CLI::App& app, Action& action) {
  CLI::App* user = app.add_subcommand("user", "People");
  user->require_subcommand(1);
  struct Args {
    std::string db, email, org, role, name;
  };
  auto args = std::make_shared<Args>();
  CLI::App* add = user->add_subcommand("add", "Add a person (password read from standard input)");
  add->add_option("--db", args->db, "SQLite database file")->required();
  add->add_option("--email", args->email, "e-mail address")->required();
  add->add_option("--org", args->org, "organisation name or id")->required();
  add->add_option("--role", args->role, "platform_admin, org_admin, buyer, market_actor or observer")->required();
  add->add_option("--name", args->name, "full name (default: the e-mail's local part)");
  add->callback([args, &action] {
    action = [args]() -> Status {
      COBUY_ASSIGN_OR_RETURN(auto store, OpenMigratedStore(args->db));
      PasswordHasher hasher;
      COBUY_ASSIGN_OR_RETURN(auto accounts, Accounts::Create(*store, SystemClock::Instance(), hasher));
      auto org = accounts->FindOrganisation(args->org);
      if (!org.ok()) {
        if (org.status().code() == StatusCode::kNotFound) {
          return InvalidArgument(fmt::format("no organisation named or numbered '{}'", args->org), "org");
        }
        return org.status();
      }
      if (!ParseRole(args->role)) return InvalidArgument(fmt::format("'{}' is not a role", args->role), "role");
      if (!Accounts::IsValidEmail(Accounts::NormaliseEmail(args->email))) {
        return InvalidArgument(fmt::format("'{}' is not an e-mail address", args->email), "email");
      }
      COBUY_ASSIGN_OR_RETURN(std::string password, ReadPassword());
      std::string name = args->name.empty() ? args->email.substr(0, args->email.find('@')) : args->name;
      COBUY_ASSIGN_OR_RETURN(User u, accounts->AddUser(args->email, name, org->id, args->role, password));
      fmt::print("{}\n", u.id.value);
      return Status::Ok();
    };
  });
  AddPersonCommand(user, action, "set-password",
                   "Set a person's password (read from standard input); ends their sessions");
  AddPersonCommand(user, action, "sign-out", "End every session of a person");
  AddPersonCommand(user, action, "disable", "Disable a person's account; ends their sessions");
  AddPersonCommand(user, action, "enable", "Enable a disabled account again");
  AddPersonCommand(user, action, "remove", "Remove a person (anonymised; what they wrote stays)");
}

}  // namespace cobuy::cli
