// Benchmarks of the reference data: loading data/ref, building the CPV index, and CPV
// searches of the kinds the type-ahead sends. Each search is also run as a linear scan over
// pre-folded labels (the baseline, measured in the same run); BM_Search reports the ratio
// as the counter x_scan.
//
// The data directory is $COBUY_REF_DIR, else COBUY_SOURCE_DIR/data/ref when built with that
// macro, else ./data/ref.
//
//   cpv_bench [--benchmark_filter=Search]
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/text.h"
#include "refdata/cpv_index.h"
#include "refdata/loader.h"

namespace cobuy {
namespace {

std::filesystem::path RefDir() {
  if (const char* dir = std::getenv("COBUY_REF_DIR")) return dir;
#ifdef COBUY_SOURCE_DIR
  return COBUY_SOURCE_DIR "/data/ref";
#else
  return "data/ref";
#endif
}

const ReferenceData& Data() {
  static const ReferenceData data = [] {
    Result<ReferenceData> loaded = LoadReferenceData(RefDir());
    if (!loaded.ok()) {
      std::fprintf(stderr, "cpv_bench: %s\n", loaded.status().ToString().c_str());
      std::exit(1);
    }
    return std::move(loaded).value();
  }();
  return data;
}

const CpvIndex& Index() {
  static const CpvIndex index(Data().cpv);
  return index;
}

struct Query {
  const char* name;
  const char* text;
  const char* lang;
};

const Query kQueries[] = {
    {"code_prefix", "3414", "en"},
    {"one_word", "computers", "en"},
    {"two_words", "portable computers", "en"},
    {"german_compound", "Müllfahrzeuge", "de"},
    {"two_letter_prefix", "co", "en"},
};

void BM_LoadReferenceData(benchmark::State& state) {
  const std::filesystem::path dir = RefDir();
  for (auto _ : state) {
    Result<ReferenceData> data = LoadReferenceData(dir);
    if (!data.ok()) {
      state.SkipWithError(data.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(data->checksum);
  }
}
BENCHMARK(BM_LoadReferenceData)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_BuildCpvIndex(benchmark::State& state) {
  const std::vector<CpvCode>& codes = Data().cpv;
  for (auto _ : state) {
    CpvIndex index(codes);
    benchmark::DoNotOptimize(index.size());
  }
}
BENCHMARK(BM_BuildCpvIndex)->Unit(benchmark::kMillisecond)->Iterations(5);

// The baseline: every label folded once up front; a query folds its words and tests each
// label for all of them as substrings (digits: each code for the prefix). No ranking, so it
// is a lower bound for a scan. Returns the number of codes found.
struct FoldedLabel {
  const CpvCode* code;
  std::string folded;
};

const std::vector<FoldedLabel>& FoldedLabels() {
  static const std::vector<FoldedLabel> labels = [] {
    std::vector<FoldedLabel> all;
    for (const CpvCode& code : Data().cpv) {
      for (const auto& [lang, label] : code.labels) all.push_back({&code, FoldForSearch(label)});
    }
    return all;
  }();
  return labels;
}

size_t LinearScan(const std::string& text) {
  std::vector<const CpvCode*> matches;
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    for (const CpvCode& code : Data().cpv) {
      if (code.code8.compare(0, text.size(), text) == 0) matches.push_back(&code);
    }
    return matches.size();
  }
  const std::vector<std::string> words = Tokenize(text);
  const CpvCode* last = nullptr;
  for (const FoldedLabel& label : FoldedLabels()) {
    if (label.code == last) continue;
    bool all = true;
    for (const std::string& word : words) {
      if (label.folded.find(word) == std::string::npos) {
        all = false;
        break;
      }
    }
    if (all) {
      matches.push_back(label.code);
      last = label.code;
    }
  }
  return matches.size();
}

// Mean time of one LinearScan of `query`, measured once per query in this run.
double BaselineSeconds(const Query& query) {
  static std::map<std::string, double> seconds;
  auto it = seconds.find(query.name);
  if (it != seconds.end()) return it->second;
  FoldedLabels();  // fold outside the timing
  constexpr int kRuns = 20;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRuns; ++i) benchmark::DoNotOptimize(LinearScan(query.text));
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return seconds[query.name] = elapsed.count() / kRuns;
}

// Reports "x_scan": how many times faster than the linear scan of the same query.
void BM_Search(benchmark::State& state, const Query& query) {
  const CpvIndex& index = Index();
  const double baseline = BaselineSeconds(query);
  size_t found = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    std::vector<CpvMatch> matches = index.Search(query.text, query.lang, 10);
    found = matches.size();
    benchmark::DoNotOptimize(matches.data());
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  state.counters["results"] = static_cast<double>(found);
  if (state.iterations() > 0 && elapsed.count() > 0) {
    state.counters["x_scan"] =
        baseline / (elapsed.count() / static_cast<double>(state.iterations()));
  }
}

void BM_LinearScan(benchmark::State& state, const Query& query) {
  FoldedLabels();
  size_t found = 0;
  for (auto _ : state) benchmark::DoNotOptimize(found = LinearScan(query.text));
  state.counters["matches"] = static_cast<double>(found);
}

[[maybe_unused]] const bool kRegistered = [] {
  for (const Query& query : kQueries) {
    benchmark::RegisterBenchmark((std::string("BM_Search/") + query.name).c_str(), BM_Search, query)
        ->Unit(benchmark::kMicrosecond);
  }
  for (const Query& query : kQueries) {
    benchmark::RegisterBenchmark((std::string("BM_LinearScan/") + query.name).c_str(),
                                 BM_LinearScan, query)
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

}  // namespace
}  // namespace cobuy

BENCHMARK_MAIN();
