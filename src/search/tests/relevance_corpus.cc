#include "relevance_corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "../../ingest/tests/ingest_test_support.h"
#include "gen/gen.h"
#include "refdata/loader.h"
#include "search/search.h"

namespace cobuy::search::testing {
namespace {

namespace fs = std::filesystem;
using ingest::testing::Env;
using ingest::testing::FreshDatabase;

const ReferenceData& Reference() {
  static const ReferenceData data = [] {
    auto d = LoadReferenceData(std::string(COBUY_SOURCE_DIR) + "/data/ref");
    if (!d.ok()) throw std::runtime_error(d.status().ToString());
    return *d;
  }();
  return data;
}

}  // namespace

std::vector<std::string> CorpusFiles(const std::string& corpus, const std::string& dir) {
  if (corpus == "fixture") return {std::string(COBUY_SOURCE_DIR) + "/src/search/tests/search_fixture.jsonl"};
  if (corpus == "generated") {
    std::string path = dir + "/generated.jsonl";
    std::ofstream out(path, std::ios::binary);
    gen::GenOptions options;
    options.seed = 2026;
    options.releases = 3000;
    Status s = gen::WriteGenerated(options, Reference(), gen::Format::kJsonl, false, [&out](std::string_view bytes) {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      return Status::Ok();
    });
    if (!s.ok()) throw std::runtime_error(s.ToString());
    return {path};
  }
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(COBUY_SHARED_DIR) / "data/ocds/real")) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::string> BuildCorpusIndex(const std::string& corpus) {
  std::string db = FreshDatabase();
  Env env(db);
  auto run = env.Ingest(CorpusFiles(corpus, fs::path(db).parent_path().string()));
  if (!run.ok()) return run.status();
  static const CpvLabels labels = CpvLabels::FromReference(Reference().cpv);
  auto writer = IndexWriter::Open(IndexPathFor(db), labels);
  if (!writer.ok()) return writer.status();
  FixedClock clock(1780000000);
  if (auto s = (*writer)->Update(*env.reg, clock); !s.ok()) return s.status();
  return IndexPathFor(db);
}

std::string CorpusIndexIn(const std::string& folder, const std::string& corpus) {
  return folder + "/" + corpus + "/index";
}

std::string CorpusDoneIn(const std::string& folder, const std::string& corpus) {
  return folder + "/" + corpus + "/done";
}

}  // namespace cobuy::search::testing
