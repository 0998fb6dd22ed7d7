// Benchmarks of `cobuy compile`'s engine: the streaming ReleaseReader plus the Merger over a
// generated in-memory JSON Lines input (~20k releases over ~2k ocids, dates shuffled so the
// releases of an ocid arrive out of order). The baseline, measured in the same run, is a
// full simdjson DOM parse of the same input (parse_many); BM_Compile and BM_Read report
// their throughput as a fraction of it in the counter x_dom (the goal is x_dom >= 0.33).
// BM_CompileWrite adds writing each compiled release as a line of JSON (what `cobuy compile
// --jsonl` does); BM_WriteCompiled measures that writing alone (output bytes/s).
//
// The schema is COBUY_SOURCE_DIR/data/ocds/release-schema-1__1__4.json.
//
//   compile_bench [--benchmark_filter=Compile]
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ocds/merge_rules.h"
#include "ocds/merger.h"
#include "ocds/reader.h"

namespace cobuy::ocds {
namespace {

const std::string& Input() {
  static const std::string input = [] {
    constexpr int kReleases = 20000, kOcids = 2000;
    std::mt19937 rng(42);
    std::vector<int> order(kReleases);
    for (int i = 0; i < kReleases; ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::string out;
    for (int n : order) {
      int ocid = n % kOcids, seq = n / kOcids;
      std::string o = "ocds-bench-" + std::to_string(ocid);
      std::string date = "2024-01-" + std::string(seq < 9 ? "0" : "") + std::to_string(seq + 1) + "T10:00:00Z";
      out +=
          R"({"ocid":")" + o + R"(","id":")" + o + "-" + std::to_string(seq) + R"(","date":")" + date +
          R"(","tag":[")" + (seq == 0 ? "tender" : "award") + R"("],"initiationType":"tender",)" +
          R"("parties":[{"id":"B-1","name":"Gemeente Utrecht","roles":["buyer"],"address":{"locality":"Utrecht","countryName":"NL"}},)" +
          R"({"id":"S-)" + std::to_string(seq) + R"(","name":"Supplier )" + std::to_string(seq) +
          R"( B.V.","roles":["supplier"]}],)" + R"("buyer":{"id":"B-1","name":"Gemeente Utrecht"},)" +
          R"("tender":{"id":"T-)" + std::to_string(ocid) + R"(","title":"Office supplies lot )" + std::to_string(seq) +
          R"(","status":"active","value":{"amount":)" + std::to_string(10000 + seq * 1234) +
          R"(.50,"currency":"EUR"},)" +
          R"("items":[{"id":"1","description":"Paper A4","classification":{"scheme":"CPV","id":"30197630"},"quantity":)" +
          std::to_string(100 + seq) + R"(,"unit":{"name":"box","value":{"amount":4.25,"currency":"EUR"}}},)" +
          R"({"id":"2","description":"Toner","classification":{"scheme":"CPV","id":"30125110"},"quantity":12}]},)" +
          R"("awards":[{"id":"A-)" + std::to_string(seq) + R"(","status":"active","date":")" + date +
          R"(","value":{"amount":)" + std::to_string(9000 + seq * 1000) +
          R"(,"currency":"EUR"},"suppliers":[{"id":"S-)" + std::to_string(seq) + R"(","name":"Supplier )" +
          std::to_string(seq) + R"( B.V."}]}]})" + "\n";
    }
    return out;
  }();
  return input;
}

const MergeRules& Rules() {
  static const MergeRules rules = [] {
    Result<MergeRules> r = MergeRules::FromFile(COBUY_SOURCE_DIR "/data/ocds/release-schema-1__1__4.json");
    if (!r.ok()) {
      std::fprintf(stderr, "compile_bench: %s\n", r.status().ToString().c_str());
      std::exit(1);
    }
    return std::move(r).value();
  }();
  return rules;
}

// One full DOM parse of every line; returns the number of documents.
size_t DomParse(simdjson::dom::parser& parser, const simdjson::padded_string& padded) {
  simdjson::dom::document_stream stream;
  if (parser.parse_many(padded, 1 << 20).get(stream)) std::abort();
  size_t docs = 0;
  for (auto doc : stream) {
    simdjson::dom::element e;
    if (doc.get(e)) std::abort();
    ++docs;
  }
  return docs;
}

// DOM parse throughput in bytes/s: the best of several runs.
double DomBytesPerSecond() {
  static const double rate = [] {
    simdjson::padded_string padded(Input());
    simdjson::dom::parser parser;
    double best = 1e300;
    for (int i = 0; i < 10; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(DomParse(parser, padded));
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return static_cast<double>(Input().size()) / best;
  }();
  return rate;
}

// The compiled releases of the input, for the writing benchmark.
const std::vector<Value>& CompiledReleases() {
  static const std::vector<Value> compiled = [] {
    std::map<std::string, std::vector<Value>> by_ocid;
    ReaderCallbacks cb;
    cb.on_release = [&](ReadRelease& r) {
      by_ocid[r.release.Find("ocid")->as_string()].push_back(std::move(r.release));
    };
    ReleaseReader reader(cb);
    if (!reader.ReadBuffer(Input(), "bench").ok()) std::abort();
    Merger merger(Rules());
    std::vector<Value> out;
    for (auto& [ocid, releases] : by_ocid) {
      auto merged = merger.Compile(std::move(releases));
      if (!merged.ok()) std::abort();
      out.push_back(std::move(merged->release));
    }
    return out;
  }();
  return compiled;
}

// Reads, groups by ocid and compiles; with `out`, also writes each compiled release as a line
// of JSON into it (cleared past 1 MiB, where `cobuy compile --jsonl` writes it out).
size_t Compile(const std::string& input, const MergeRules& rules, std::string* out = nullptr) {
  std::map<std::string, std::vector<Value>> by_ocid;
  ReaderCallbacks cb;
  cb.on_release = [&](ReadRelease& r) {
    const Value* ocid = r.release.Find("ocid");
    by_ocid[ocid->as_string()].push_back(std::move(r.release));
  };
  ReleaseReader reader(cb);
  if (!reader.ReadBuffer(input, "bench").ok()) std::abort();
  Merger merger(rules);
  size_t n = 0;
  for (auto& [ocid, releases] : by_ocid) {
    auto merged = merger.Compile(std::move(releases));
    if (!merged.ok()) std::abort();
    n += merged->release.as_object().size();
    if (out != nullptr) {
      merged->release.AppendJson(out);
      *out += '\n';
      if (out->size() > (1u << 20)) {
        benchmark::DoNotOptimize(out->data());
        out->clear();
      }
    }
  }
  return n;
}

void SetRates(benchmark::State& state) {
  double bytes = static_cast<double>(Input().size()) * static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["dom_MB/s"] = DomBytesPerSecond() / 1e6;
}

void BM_DomParse(benchmark::State& state) {
  simdjson::padded_string padded(Input());
  simdjson::dom::parser parser;
  for (auto _ : state) benchmark::DoNotOptimize(DomParse(parser, padded));
  SetRates(state);
}
BENCHMARK(BM_DomParse)->Unit(benchmark::kMillisecond);

// The reader alone: scanning, on-demand parsing, building Values.
void BM_Read(benchmark::State& state) {
  const std::string& input = Input();
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    size_t n = 0;
    ReaderCallbacks cb;
    cb.on_release = [&](ReadRelease&) { ++n; };
    ReleaseReader reader(cb);
    if (!reader.ReadBuffer(input, "bench").ok()) std::abort();
    benchmark::DoNotOptimize(n);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  SetRates(state);
  state.counters["x_dom"] =
      (static_cast<double>(input.size()) * static_cast<double>(state.iterations()) / secs) / DomBytesPerSecond();
}
BENCHMARK(BM_Read)->Unit(benchmark::kMillisecond);

// The reader plus grouping by ocid plus the merger: what `cobuy compile --jsonl` does
// before writing.
void BM_Compile(benchmark::State& state) {
  const std::string& input = Input();
  const MergeRules& rules = Rules();
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(Compile(input, rules));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  SetRates(state);
  state.counters["x_dom"] =
      (static_cast<double>(input.size()) * static_cast<double>(state.iterations()) / secs) / DomBytesPerSecond();
}
BENCHMARK(BM_Compile)->Unit(benchmark::kMillisecond);

// The reader, the merger and writing each compiled release as a line of JSON: all of
// `cobuy compile --jsonl` but the output itself.
void BM_CompileWrite(benchmark::State& state) {
  const std::string& input = Input();
  const MergeRules& rules = Rules();
  std::string out;
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(Compile(input, rules, &out));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  SetRates(state);
  state.counters["x_dom"] =
      (static_cast<double>(input.size()) * static_cast<double>(state.iterations()) / secs) / DomBytesPerSecond();
}
BENCHMARK(BM_CompileWrite)->Unit(benchmark::kMillisecond);

// Writing alone: Value::AppendJson over 64 compiled releases (about 180 KB of output, hot
// in the cache as each one is when the command writes it right after merging it). The rate
// is of output bytes.
void BM_WriteCompiled(benchmark::State& state) {
  const std::vector<Value>& all = CompiledReleases();
  const size_t count = std::min<size_t>(64, all.size());
  size_t written = 0;
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (size_t i = 0; i < count; ++i) {
      all[i].AppendJson(&out);
      out += '\n';
    }
    written += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(written));
}
BENCHMARK(BM_WriteCompiled)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cobuy::ocds

BENCHMARK_MAIN();
