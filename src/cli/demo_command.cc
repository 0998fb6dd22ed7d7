// cobuy demo load --db PATH [--data DIR]
//
// Migrates, loads the reference data, the demo organisations and people, and fills the
// contract register: the real OCDS samples whose licence allows it (data/ocds/samples), real
// TED XML and eForms notices (data/ted), a generated set (cobuy gen, seed kDemoGenSeed)
// whose buyers include the demo organisations, and a generated package of synthetic eForms
// notices (cobuy gen --format eforms, seed kDemoEformsSeed).
// Idempotent: a second load adds nothing.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>

#include <fmt/format.h>

#include "accounts/accounts.h"
#include "cli/cli.h"
#include "community/communities.h"
#include "core/clock.h"
#include "demo/demo.h"
#include "gen/eforms.h"
#include "gen/gen.h"
#include "needs/needs.h"
#include "store/assessment_store.h"
#include "store/community_store.h"
#include "store/register_store.h"

namespace cobuy::cli {
namespace {

namespace fs = std::filesystem;

// Writes `path` through `write` (a generator writing into the sink it is given).
Status WriteFile(const fs::path& path, const std::function<Status(const gen::ByteSink&)>& write) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) return Unavailable(fmt::format("cannot write {}", path.string()));
  Status s = write([&](std::string_view bytes) {
    return std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size()
               ? Status::Ok()
               : Unavailable(fmt::format("cannot write {}", path.string()));
  });
  if (std::fclose(out) != 0 && s.ok()) s = Unavailable(fmt::format("cannot write {}", path.string()));
  return s;
}

// Ingests the OCDS samples, the real TED and eForms notices and the generated set into the
// register at `db`.
Result<IngestRun> LoadDemoRegister(const std::string& db, const fs::path& data_dir, const ReferenceData& ref) {
  fs::path ocds_dir = data_dir.parent_path() / "ocds";
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(ocds_dir / "samples")) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  // Real TED XML and eForms notices (a folder: the reader finds the notices in it).
  files.push_back((data_dir.parent_path() / "ted").string());

  // The generated OCDS set (its buyers include the demo organisations) and a smaller
  // generated set of eForms notices shaped like a TED package (another seed, invented buyers
  // only, so that it adds TED-shaped data without repeating the demo's own processes).
  const fs::path dir = fs::path(db).parent_path();
  gen::GenOptions options;
  options.seed = kDemoGenSeed;
  options.releases = kDemoGenReleases;
  options.buyers = DemoBuyers();
  fs::path generated = dir / fmt::format("demo-generated-{}.jsonl", kDemoGenSeed);
  COBUY_RETURN_IF_ERROR(WriteFile(generated, [&](const gen::ByteSink& sink) {
    return gen::WriteGenerated(options, ref, gen::Format::kJsonl, false, sink);
  }));
  files.push_back(generated.string());
  gen::GenOptions notices;
  notices.seed = kDemoEformsSeed;
  notices.releases = kDemoEformsReleases;
  fs::path package = dir / fmt::format("demo-generated-eforms-{}.tar.gz", kDemoEformsSeed);
  COBUY_RETURN_IF_ERROR(
      WriteFile(package, [&](const gen::ByteSink& sink) { return gen::WriteEformsPackage(notices, ref, true, sink); }));
  files.push_back(package.string());

  ingest::IngestOptions ingest_options;
  ingest_options.files = files;
  search::IndexStats indexed;
  auto run = IngestFiles(db, ref, (ocds_dir / "release-schema-1__1__4.json").string(), ingest_options, &indexed);
  std::error_code ec;
  fs::remove(generated, ec);
  fs::remove(package, ec);
  return run;
}

// The demo people's saved searches (when they have none yet); returns how many were added.
Result<int> SaveDemoSearches(Store& store, RegisterStore& reg) {
  int added = 0;
  for (const DemoSavedSearch& d : DemoSavedSearches()) {
    COBUY_ASSIGN_OR_RETURN(User user, store.FindUserByEmail(d.email));
    COBUY_ASSIGN_OR_RETURN(auto existing, reg.ListSavedSearches(user.id.value));
    if (std::any_of(existing.begin(), existing.end(), [&d](const SavedSearch& s) { return s.name == d.name; }))
      continue;
    COBUY_RETURN_IF_ERROR(
        reg.CreateSavedSearch({0, user.id.value, d.name, d.params, true, SystemClock::Instance().Now(), {}}).status());
    ++added;
  }
  return added;
}

}  // namespace

void AddDemoCommand(CLI::App& app, Action& action) {
  CLI::App* demo = app.add_subcommand("demo", "Demo data");
  demo->require_subcommand(1);
  struct Args {
    std::string db;
    std::string data;
  };
  auto args = std::make_shared<Args>();
  CLI::App* load = demo->add_subcommand(
      "load", "Migrate, then load the demo organisations, people and contract register (real samples and generated)");
  load->add_option("--db", args->db, "SQLite database file")->required();
  load->add_option("--data", args->data, "reference data folder (default: data/ref)");
  load->callback([args, &action] {
    action = [args]() -> Status {
      COBUY_ASSIGN_OR_RETURN(auto data_dir, FindDataDir(args->data));
      COBUY_ASSIGN_OR_RETURN(auto store, OpenStore(args->db));
      COBUY_ASSIGN_OR_RETURN(ReferenceData ref, MigrateAndLoadReference(*store, data_dir, true));
      PasswordHasher hasher;
      COBUY_ASSIGN_OR_RETURN(auto accounts, Accounts::Create(*store, SystemClock::Instance(), hasher));
      COBUY_ASSIGN_OR_RETURN(DemoSummary summary, LoadDemo(*store, *accounts));
      fmt::print("demo: {} organisations and {} people added\n", summary.organisations_created, summary.people_created);
      COBUY_ASSIGN_OR_RETURN(auto reg, RegisterStore::Open({.location = args->db}));
      // Saved searches first, so that the register's first load alerts their owners.
      COBUY_ASSIGN_OR_RETURN(int saved, SaveDemoSearches(*store, *reg));
      if (saved > 0) fmt::print("demo: {} saved searches with alerts\n", saved);
      COBUY_ASSIGN_OR_RETURN(IngestRun run, LoadDemoRegister(args->db, data_dir, ref));
      COBUY_ASSIGN_OR_RETURN(auto community_store, CommunityStore::Open({.location = args->db}));
      COBUY_ASSIGN_OR_RETURN(int communities,
                             LoadDemoCommunities(*store, *accounts, *community_store, SystemClock::Instance().Now()));
      if (communities > 0) {
        fmt::print(
            "demo: {} communities with a year of events, documents and outputs; a staff exchange offer and "
            "request\n",
            communities);
      }
      COBUY_ASSIGN_OR_RETURN(auto assessment_store, AssessmentStore::Open({.location = args->db}));
      community::Communities community_rules(*community_store, *store, SystemClock::Instance());
      needs::Needs needs(*assessment_store, *community_store, community_rules, *accounts, *store,
                         SystemClock::Instance());
      COBUY_ASSIGN_OR_RETURN(int answered,
                             LoadDemoAssessment(*store, *assessment_store, needs, SystemClock::Instance().Now()));
      if (answered > 0) {
        fmt::print(
            "demo: a closed needs assessment answered by {} organisations, and the working groups formed "
            "from it\n",
            answered);
      }
      COBUY_ASSIGN_OR_RETURN(MarketSession market, OpenMarket(args->db, true));
      COBUY_ASSIGN_OR_RETURN(
          int planned, LoadDemoPipeline(*store, *market.market_store, *market.market, SystemClock::Instance().Now()));
      if (planned > 0) {
        COBUY_ASSIGN_OR_RETURN(int told, market.market->NotifyOpportunities());
        fmt::print(
            "demo: {} planned procurements in the shared pipeline; {} people told of collaboration "
            "opportunities\n",
            planned, told);
      }
      COBUY_ASSIGN_OR_RETURN(RegisterCounts counts, reg->Counts());
      fmt::print(
          "demo: contract register: {} new releases ({} already there, {} rejected by design: the generated "
          "set has quirks); {} processes, {} organisations\n",
          run.releases_new, run.releases_unchanged, run.releases_rejected, counts.processes, counts.organisations);
      fmt::print("demo sign-ins (password {}):\n", kDemoPassword);
      for (const auto& s : summary.sign_ins) fmt::print("  {:<32} {:<15} {}\n", s.email, s.role, s.organisation);
      return Status::Ok();
    };
  });
}

}  // namespace cobuy::cli
