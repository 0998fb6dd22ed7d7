// The OCDS engine on real files, against a full simdjson DOM parse of the same bytes in the
// same run:
//   dom      simdjson DOM parse of every document (parse_many)
//   read     ReleaseReader: find and build every release
//   compile  read, group by ocid, merge every ocid into its compiled release and write it
// Each figure is the best of --runs runs; ratios are to the DOM parse.
//
//   ocds_file_bench [--runs N] [--schema FILE] FILE...
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ocds/merge_rules.h"
#include "ocds/merger.h"
#include "ocds/reader.h"

namespace {

using cobuy::ocds::Merger;
using cobuy::ocds::MergeRules;
using cobuy::ocds::ReadRelease;
using cobuy::ocds::ReaderCallbacks;
using cobuy::ocds::ReleaseReader;
using cobuy::ocds::Value;

template <typename F>
double Best(int runs, F&& f) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

// Every document of `text` (one, or a stream such as JSON Lines), in 16 MiB batches (the
// largest document must fit in one).
size_t Dom(simdjson::dom::parser& parser, const simdjson::padded_string& text) {
  simdjson::dom::document_stream docs;
  if (parser.parse_many(text, 16 << 20).get(docs)) return 0;
  size_t n = 0;
  for (auto doc : docs) {
    simdjson::dom::element e;
    if (!doc.get(e)) ++n;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  std::string schema = COBUY_SOURCE_DIR "/data/ocds/release-schema-1__1__4.json";
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--schema" && i + 1 < argc) {
      schema = argv[++i];
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: ocds_file_bench [--runs N] [--schema FILE] FILE...\n");
    return 2;
  }
  auto rules = MergeRules::FromFile(schema);
  if (!rules.ok()) {
    std::fprintf(stderr, "%s\n", rules.status().ToString().c_str());
    return 1;
  }
  std::vector<simdjson::padded_string> texts;
  size_t bytes = 0;
  for (const auto& f : files) {
    auto loaded = simdjson::padded_string::load(f);
    if (loaded.error()) {
      std::fprintf(stderr, "cannot read %s\n", f.c_str());
      return 1;
    }
    texts.push_back(std::move(loaded).value_unsafe());
    bytes += texts.back().size();
  }

  simdjson::dom::parser parser;
  size_t documents = 0;
  double dom = Best(runs, [&] {
    documents = 0;
    for (const auto& t : texts) documents += Dom(parser, t);
  });

  size_t releases = 0;
  double read = Best(runs, [&] {
    releases = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
      ReaderCallbacks cb;
      cb.on_release = [&](ReadRelease&) { ++releases; };
      ReleaseReader reader(cb);
      (void)reader.ReadBuffer(std::string_view(texts[i].data(), texts[i].size()), files[i]);
    }
  });

  size_t ocids = 0, out_bytes = 0;
  double compile = Best(runs, [&] {
    std::map<std::string, std::vector<Value>> by_ocid;
    for (size_t i = 0; i < texts.size(); ++i) {
      ReaderCallbacks cb;
      cb.on_release = [&](ReadRelease& r) {
        const Value* ocid = r.release.Find("ocid");
        if (ocid && ocid->is_string()) by_ocid[ocid->as_string()].push_back(std::move(r.release));
      };
      ReleaseReader reader(cb);
      (void)reader.ReadBuffer(std::string_view(texts[i].data(), texts[i].size()), files[i]);
    }
    Merger merger(*rules);
    std::string out;
    ocids = by_ocid.size();
    out_bytes = 0;
    for (auto& [ocid, list] : by_ocid) {
      auto merged = merger.Compile(std::move(list));
      if (!merged.ok()) continue;
      out.clear();
      merged->release.AppendJson(&out);
      out_bytes += out.size() + 1;
    }
  });

  double mb = static_cast<double>(bytes) / 1e6;
  fmt::print("input: {} file(s), {:.1f} MB, {} documents, {} releases, {} ocids; compiled output {:.1f} MB\n",
             files.size(), mb, documents, releases, ocids, static_cast<double>(out_bytes) / 1e6);
  fmt::print("dom parse   {:8.3f} s  {:8.1f} MB/s\n", dom, mb / dom);
  fmt::print("read        {:8.3f} s  {:8.1f} MB/s  {:9.0f} releases/s  x_dom {:.3f}\n", read, mb / read,
             static_cast<double>(releases) / read, dom / read);
  fmt::print("compile     {:8.3f} s  {:8.1f} MB/s  {:9.0f} releases/s  x_dom {:.3f}\n", compile, mb / compile,
             static_cast<double>(releases) / compile, dom / compile);
  return 0;
}
