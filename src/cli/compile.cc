// cobuy compile [--versioned] [--schema FILE] [--jsonl] [--uri URI] [FILE...]
//
// Like `ocdskit compile`: reads releases from the files (standard input when none) in any
// shape the ReleaseReader knows, groups them by ocid across all inputs, and writes a record
// package (records sorted by ocid, each with its releases as given, in input order, its
// compiled release and, with --versioned, its versioned release), or with --jsonl one compiled
// (or versioned) release a line. The output is deterministic: no wall-clock time; the
// package's publishedDate is the latest one among the input packages (omitted when none),
// its publisher, license and publicationPolicy those of the first input package that has them.
//
// Problems with single documents or releases do not stop the compilation: warnings go to
// stderr as they come ("cobuy: warning: FILE:OFFSET: ..."), errors (malformed JSON, a merge
// that fails) are printed at the end and the last one makes the exit code 2, after the good
// records have been written. A file that cannot be opened stops everything (exit 1).
//
// Memory: the reader streams, but compiling needs every release of an ocid, and the output
// is sorted by ocid, so all releases are held until the end.
#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "cli/cli.h"
#include "ocds/merge_rules.h"
#include "ocds/merger.h"
#include "ocds/reader.h"

namespace cobuy::cli {
namespace {

struct CompileArgs {
  bool versioned = false;
  bool jsonl = false;
  std::string schema;
  std::string uri;
  std::vector<std::string> files;
};

struct Located {
  ocds::Value release;
  std::string file;
  std::uint64_t offset;
};

void Write(std::string* out, bool flush = false) {
  if (flush || out->size() > (1u << 20)) {
    std::fwrite(out->data(), 1, out->size(), stdout);
    out->clear();
  }
}

Status RunCompile(const CompileArgs& args) {
  std::string schema = args.schema;
  if (schema.empty()) {
    COBUY_ASSIGN_OR_RETURN(schema, DefaultReleaseSchema());
  }
  COBUY_ASSIGN_OR_RETURN(ocds::MergeRules rules, ocds::MergeRules::FromFile(schema));

  std::map<std::string, std::vector<Located>> by_ocid;
  std::vector<std::string> errors;
  std::optional<std::string> published_date;
  std::optional<ocds::Value> publisher, license, policy;
  std::vector<ocds::Value> extensions;

  ocds::ReaderCallbacks cb;
  cb.on_problem = [&](const ocds::Problem& p) {
    if (p.severity == ocds::Problem::Severity::kWarning) {
      fmt::print(stderr, "cobuy: warning: {}\n", p.ToString());
    } else {
      errors.push_back(p.ToString());
    }
  };
  cb.on_release = [&](ocds::ReadRelease& r) {
    const ocds::Value* ocid = r.release.Find("ocid");
    const ocds::Value* date = r.release.Find("date");
    if (!ocid || !ocid->is_string() || !date || !date->is_string()) {
      fmt::print(stderr, "cobuy: warning: {}:{}: a release without a string ocid and date; skipped\n", r.file,
                 r.offset);
      return;
    }
    std::string key = ocid->as_string();
    by_ocid[key].push_back({std::move(r.release), std::string(r.file), r.offset});
  };
  cb.on_package = [&](const ocds::Value& p, std::uint64_t) {
    if (const ocds::Value* d = p.Find("publishedDate"); d && d->is_string()) {
      if (!published_date || d->as_string() > *published_date) published_date = d->as_string();
    }
    auto first = [&](std::optional<ocds::Value>& slot, const char* key) {
      if (const ocds::Value* v = p.Find(key); v && !slot && !v->is_null()) slot = *v;
    };
    first(publisher, "publisher");
    first(license, "license");
    first(policy, "publicationPolicy");
    if (const ocds::Value* ext = p.Find("extensions"); ext && ext->is_array()) {
      for (const ocds::Value& e : ext->as_array()) {
        if (std::find(extensions.begin(), extensions.end(), e) == extensions.end()) extensions.push_back(e);
      }
    }
  };

  ocds::ReleaseReader reader(cb);
  std::vector<std::string> files = args.files.empty() ? std::vector<std::string>{"-"} : args.files;
  for (const std::string& f : files) COBUY_RETURN_IF_ERROR(reader.ReadFile(f));

  ocds::Merger merger(rules);
  std::string out;
  if (!args.jsonl) {
    out += "{\"uri\":";
    ocds::AppendJsonString(args.uri, &out);
    if (publisher) out += ",\"publisher\":" + publisher->ToJson();
    if (published_date) {
      out += ",\"publishedDate\":";
      ocds::AppendJsonString(*published_date, &out);
    }
    if (license) out += ",\"license\":" + license->ToJson();
    if (policy) out += ",\"publicationPolicy\":" + policy->ToJson();
    out += ",\"version\":\"1.1\"";
    if (!extensions.empty()) out += ",\"extensions\":" + ocds::Value::MakeArray(extensions).ToJson();
    out += ",\"records\":[";
  }
  bool first_record = true;
  for (auto& [ocid, located] : by_ocid) {
    // A record lists its releases as given: write them out before the merge consumes them
    // (no copy of the releases).
    std::string releases_json;
    if (!args.jsonl) {
      for (size_t i = 0; i < located.size(); ++i) {
        if (i) releases_json += ',';
        located[i].release.AppendJson(&releases_json);
      }
    }
    std::vector<ocds::Value> releases;
    releases.reserve(located.size());
    for (Located& l : located) releases.push_back(std::move(l.release));
    std::string where = fmt::format("{}:{}", located.front().file, located.front().offset);
    auto warn = [&](const std::vector<std::string>& warnings) {
      for (const std::string& w : warnings) fmt::print(stderr, "cobuy: warning: {}: ocid '{}': {}\n", where, ocid, w);
    };
    if (args.jsonl) {
      auto merged = args.versioned ? merger.Version(std::move(releases)) : merger.Compile(std::move(releases));
      if (!merged.ok()) {
        errors.push_back(fmt::format("{}: ocid '{}': {}", where, ocid, merged.status().message()));
        continue;
      }
      warn(merged->warnings);
      merged->release.AppendJson(&out);
      out += '\n';
    } else {
      auto merged = merger.Merge(std::move(releases), args.versioned);
      if (!merged.ok()) {
        errors.push_back(fmt::format("{}: ocid '{}': {}", where, ocid, merged.status().message()));
        continue;
      }
      warn(merged->warnings);
      out += first_record ? "{\"ocid\":" : ",{\"ocid\":";
      first_record = false;
      ocds::AppendJsonString(ocid, &out);
      out += ",\"releases\":[";
      out += releases_json;
      out += "],\"compiledRelease\":";
      merged->compiled.AppendJson(&out);
      if (merged->versioned) {
        out += ",\"versionedRelease\":";
        merged->versioned->AppendJson(&out);
      }
      out += '}';
    }
    located.clear();
    located.shrink_to_fit();
    Write(&out);
  }
  if (!args.jsonl) out += "]}\n";
  Write(&out, true);
  std::fflush(stdout);

  if (errors.empty()) return Status::Ok();
  for (size_t i = 0; i + 1 < errors.size(); ++i) fmt::print(stderr, "cobuy: {}\n", errors[i]);
  return InvalidArgument(errors.back());
}

}  // namespace

void AddCompileCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<CompileArgs>();
  CLI::App* cmd = app.add_subcommand("compile", "Compile OCDS releases into records (like ocdskit compile)");
  cmd->add_flag("--versioned", args->versioned, "also write versioned releases (with --jsonl: instead of compiled)");
  cmd->add_flag("--jsonl", args->jsonl, "write one compiled release a line instead of a record package");
  cmd->add_option("--schema", args->schema,
                  "release schema giving the merge rules (default data/ocds/release-schema-1__1__4.json)");
  cmd->add_option("--uri", args->uri, "the uri of the record package");
  cmd->add_option("files", args->files,
                  "release packages, record packages, releases, JSON Lines; plain or gzip (default: stdin)");
  cmd->callback([args, &action] { action = [args]() { return RunCompile(*args); }; });
}

}  // namespace cobuy::cli
