// cobuy groups solve [--omit-seconds] [--time-limit SECONDS] INSTANCE.json
//
// Forms working groups from a needs assessment (docs/GROUPS.md): reads the instance, solves it
// with GLPK and prints the solution with its explanation as JSON. An infeasible instance is
// an answer (exit 0, status "infeasible"); an invalid one exits 2 naming the JSON path.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "groups/groups.h"

namespace cobuy::cli {
namespace {

struct GroupsArgs {
  std::string instance;
  bool omit_seconds = false;
  double time_limit = 0;
};

Status RunGroupsSolve(const GroupsArgs& args) {
  std::ifstream in(args.instance, std::ios::binary);
  if (!in) return NotFound(fmt::format("cannot open {}: {}", args.instance, std::strerror(errno)));
  std::stringstream text;
  text << in.rdbuf();
  auto instance = groups::ParseInstance(text.str());
  if (!instance.ok()) return InvalidArgument(fmt::format("{}: {}", args.instance, instance.status().message()));
  groups::SolveOptions options;
  if (args.time_limit > 0) options.time_limit_seconds = args.time_limit;
  COBUY_ASSIGN_OR_RETURN(groups::Solution solution, groups::Solve(*instance, options));
  fmt::print("{}\n", groups::SolutionToJson(solution, !args.omit_seconds).dump(2));
  return Status::Ok();
}

}  // namespace

void AddGroupsCommand(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand("groups", "Form working groups from a needs assessment");
  cmd->require_subcommand(1);
  auto args = std::make_shared<GroupsArgs>();
  CLI::App* solve = cmd->add_subcommand("solve", "Solve a group formation instance (docs/GROUPS.md)");
  solve->add_option("instance", args->instance, "the instance (JSON)")->required();
  solve->add_flag("--omit-seconds", args->omit_seconds, "leave the solve time out (reproducible output)");
  solve->add_option("--time-limit", args->time_limit, "stop after this many seconds (overrides the instance's)")
      ->check(CLI::PositiveNumber);
  solve->callback([args, &action] { action = [args] { return RunGroupsSolve(*args); }; });
}

}  // namespace cobuy::cli
