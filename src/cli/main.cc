// cobuy: the command line. Exit codes: 0 ok, 1 failure, 2 bad usage (bad arguments or
// invalid input), 3 part of the input rejected (the rest landed; see the report). Errors are
// one line on stderr that says what and where.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "cli/cli.h"

namespace {

// The single mapping from a Status to an exit code.
int ExitCodeFor(const cobuy::Status& s) {
  if (s.ok()) return 0;
  switch (s.code()) {
    case cobuy::StatusCode::kInvalidArgument: return 2;
    case cobuy::StatusCode::kPartial: return 3;
    default: return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Cobuy: public buyers procuring together", "cobuy"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cobuy 0.1.0");
  cobuy::cli::Action action;
  cobuy::cli::AddServeCommand(app, action);
  cobuy::cli::AddDbCommand(app, action);
  cobuy::cli::AddDemoCommand(app, action);
  cobuy::cli::AddOrgCommand(app, action);
  cobuy::cli::AddUserCommand(app, action);
  cobuy::cli::AddCompileCommand(app, action);
  cobuy::cli::AddIngestCommand(app, action);
  cobuy::cli::AddExportCommand(app, action);
  cobuy::cli::AddGenCommand(app, action);
  cobuy::cli::AddIndexCommand(app, action);
  cobuy::cli::AddSearchCommand(app, action);
  cobuy::cli::AddNotifyCommand(app, action);
  cobuy::cli::AddGroupsCommand(app, action);
  cobuy::cli::AddMarketCommands(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    auto known = [&](const char* name) {
      for (const CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_name() == name) return true;
      }
      return false;
    };
    if (argc > 1 && argv[1][0] != '-' && !known(argv[1])) {
      msg = fmt::format("'{}' is not a command", argv[1]);
    }
    fmt::print(stderr, "cobuy: {} (see cobuy --help)\n", msg);
    return 2;
  }
  try {
    cobuy::Status s = action ? action() : cobuy::InvalidArgument("no command given");
    if (!s.ok()) {
      std::string where = s.field().empty() ? "" : fmt::format(" [{}]", s.field());
      fmt::print(stderr, "cobuy: {}{}\n", s.message(), where);
    }
    return ExitCodeFor(s);
  } catch (const std::exception& e) {
    fmt::print(stderr, "cobuy: internal error: {}\n", e.what());
    return 1;
  }
}
