#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

#include "cli/cli.h"
#include "refdata/loader.h"
#include "store/register_store.h"

namespace cobuy::cli {

namespace {

bool IsUrl(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Status CreateFolderOf(const std::string& db) {
  std::filesystem::path p(db);
  if (db != ":memory:" && !IsUrl(db) && p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return Unavailable(fmt::format("cannot create folder {}: {}", p.parent_path().string(), ec.message()));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<db::Database>> OpenDatabase(const std::string& location) {
  if (location.empty()) return InvalidArgument("no database location given", "db");
  COBUY_RETURN_IF_ERROR(CreateFolderOf(location));
  auto db = db::Database::Open(location, {.pool_size = 2});
  // The messages name the location (password hidden) and say what failed, on one line.
  if (!db.ok() && db.status().code() == StatusCode::kInvalidArgument) {
    return FailedPrecondition(db.status().message());
  }
  return db;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& db) {
  COBUY_RETURN_IF_ERROR(CreateFolderOf(db));
  return Store::Open({.location = db});
}

Result<std::unique_ptr<Store>> OpenMigratedStore(const std::string& db) {
  COBUY_ASSIGN_OR_RETURN(auto store, OpenStore(db));
  COBUY_ASSIGN_OR_RETURN(auto applied, store->AppliedMigrations());
  int version = applied.empty() ? 0 : applied.back().version;
  if (version < store->LatestSchemaVersion()) {
    return FailedPrecondition(fmt::format("{}: schema version {} is older than {}; run `cobuy db migrate --db {}`", db,
                                          version, store->LatestSchemaVersion(), db));
  }
  return store;
}

Result<ReferenceData> MigrateAndLoadReference(Store& store, const std::filesystem::path& data_dir, bool quiet) {
  COBUY_ASSIGN_OR_RETURN(auto applied, store.Migrate());
  if (!quiet) {
    for (const auto& m : applied) fmt::print("applied migration {} ({})\n", m.version, m.name);
  }
  return LoadReference(store, data_dir, quiet);
}

Result<ReferenceData> LoadReference(Store& store, const std::filesystem::path& data_dir, bool quiet) {
  COBUY_ASSIGN_OR_RETURN(ReferenceData data, LoadReferenceData(data_dir));
  COBUY_ASSIGN_OR_RETURN(bool loaded, store.ReplaceReferenceData(data));
  if (!quiet) {
    if (loaded) {
      fmt::print("loaded reference data: {} countries, {} CPV codes, {} NUTS regions, {} currencies, {} euro rates\n",
                 data.countries.size(), data.cpv.size(), data.nuts.size(), data.currencies.size(),
                 data.fx_rates.size());
    } else {
      fmt::print("reference data is up to date\n");
    }
  }
  return data;
}

Result<IngestRun> IngestFiles(const std::string& db, const ReferenceData& data, const std::string& schema,
                              const ingest::IngestOptions& options, search::IndexStats* indexed) {
  COBUY_ASSIGN_OR_RETURN(auto rules, ocds::MergeRules::FromFile(schema));
  ingest::IngestReference lookup = ingest::IngestReference::FromReferenceData(data);
  // No memory map: ingest reads back what it just wrote, once; mapped, those pages would add
  // the database's size to the process's RSS (docs/PERFORMANCE.md, Step 9).
  COBUY_ASSIGN_OR_RETURN(auto reg, RegisterStore::Open({.location = db, .mmap_bytes = 0}));
  ingest::Ingester ingester(*reg, rules, lookup, SystemClock::Instance());
  COBUY_ASSIGN_OR_RETURN(IngestRun run, ingester.Run(options));
  if (auto market = UpdateMarket(db); !market.ok()) {
    return Status(market.status().code(),
                  fmt::format("the releases landed, but the pipeline was not updated from them ({})",
                              market.status().message()));
  }
  if (!indexed) return run;  // the caller leaves the index for later
  auto updated = UpdateSearchIndex(db, data.cpv, *reg);
  if (!updated.ok()) {
    return Status(updated.status().code(),
                  fmt::format("the releases landed, but the search index was not updated ({}); "
                              "`cobuy index update --db {}` catches up",
                              updated.status().message(), db));
  }
  *indexed = *updated;
  return run;
}

Result<search::IndexStats> UpdateSearchIndex(const std::string& db, const std::vector<CpvCode>& codes,
                                             RegisterStore& reg) {
  search::CpvLabels cpv = search::CpvLabels::FromReference(codes);
  COBUY_ASSIGN_OR_RETURN(auto writer, search::IndexWriter::Open(search::IndexPathFor(db), cpv));
  return writer->Update(reg, SystemClock::Instance());
}

Result<std::filesystem::path> FindDataDir(const std::string& given) {
  namespace fs = std::filesystem;
  auto ok = [](const fs::path& p) { return fs::is_regular_file(p / "countries" / "countries.csv"); };
  if (!given.empty()) {
    if (ok(given)) return fs::path(given);
    return InvalidArgument(fmt::format("{} holds no reference data (countries/countries.csv)", given), "data");
  }
  if (const char* env = std::getenv("COBUY_DATA_DIR"); env && *env) {
    if (ok(env)) return fs::path(env);
    return InvalidArgument(fmt::format("COBUY_DATA_DIR={} holds no reference data", env), "COBUY_DATA_DIR");
  }
  if (ok("data/ref")) return fs::path("data/ref");
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (fs::path dir = exe.parent_path(); !ec && !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (ok(dir / "data" / "ref")) return dir / "data" / "ref";
  }
  return NotFound("cannot find the reference data: run from the repository root, or give --data DIR");
}

Result<std::string> DefaultReleaseSchema() {
  auto data = FindDataDir("");
  if (!data.ok())
    return NotFound(
        "cannot find data/ocds/release-schema-1__1__4.json: run from the repository root, or give --schema FILE");
  return (data->parent_path() / "ocds" / "release-schema-1__1__4.json").string();
}

}  // namespace cobuy::cli
