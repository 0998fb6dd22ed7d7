// Test support for the ingest tests: a migrated database with the reference data, made once
// per test run (the CTest fixture reference_db) or else once per test binary, and copied for
// each test; and SQL queries answered as JSON rows.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "ingest/ingester.h"
#include "store/register_store.h"
#include "store/store.h"

namespace cobuy::ingest::testing {

// A fresh copy of the template database in a new temporary folder (removed at exit).
std::string FreshDatabase();

// Runs `sql` (statements without rows) on the database at `path`; fails the test on error.
void Exec(const std::string& path, const std::string& sql);

// The rows of `sql` on the database at `path`, each an array of values.
nlohmann::json Query(const std::string& path, const std::string& sql);

// Everything an ingest needs, opened on `path`.
struct Env {
  explicit Env(const std::string& path);
  std::unique_ptr<Store> store;
  std::unique_ptr<RegisterStore> reg;
  std::unique_ptr<ocds::MergeRules> rules;
  std::unique_ptr<IngestReference> ref;

  Result<IngestRun> Ingest(const std::vector<std::string>& files, const std::string& report = "");
};

}  // namespace cobuy::ingest::testing
