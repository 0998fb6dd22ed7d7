// cobuy gen [--seed N] [--releases N] [--as-of YYYY-MM-DD] [--format jsonl|package|eforms]
//           [--gzip] [--no-quirks] [--window N] [--data DIR] [--out FILE]
//
// Writes synthetic OCDS releases (see src/gen/README.md): the same arguments give the same
// bytes on any machine; nothing depends on the clock. Memory stays bounded for any count.
// --format eforms renders the releases as synthetic eForms notices in a TED-style package (a
// ustar tar, gzip with --gzip; gen/eforms.h): --releases N then means N releases generated,
// each planning, tender, award and contract release one notice (amendments are not rendered),
// so up to N notices.
// Bad arguments exit 2 with one line on stderr; an unwritable --out exits 1.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "cli/cli.h"
#include "gen/eforms.h"
#include "gen/gen.h"
#include "refdata/loader.h"

namespace cobuy::cli {
namespace {

struct GenArgs {
  std::uint64_t seed = 1;
  std::int64_t releases = 1000;
  std::string as_of = "2026-06-30";
  std::string format = "jsonl";
  bool gzip = false;
  bool no_quirks = false;
  std::int64_t window = 4096;
  std::string data;
  std::string out;
};

Status RunGen(const GenArgs& args) {
  gen::GenOptions opt;
  opt.seed = args.seed;
  opt.releases = args.releases;
  opt.as_of = args.as_of;
  opt.window = args.window;
  if (args.no_quirks) opt.quirks = gen::QuirkRates::None();
  gen::Format format = gen::Format::kJsonl;
  const bool eforms = args.format == "eforms";
  if (args.format == "package") {
    format = gen::Format::kPackage;
  } else if (args.format != "jsonl" && !eforms) {
    return InvalidArgument(fmt::format("--format: expected jsonl, package or eforms, got '{}'", args.format));
  }
  if (args.releases < 0) return InvalidArgument(fmt::format("--releases: must be 0 or more, got {}", args.releases));
  if (args.window < 1) return InvalidArgument(fmt::format("--window: must be 1 or more, got {}", args.window));
  COBUY_RETURN_IF_ERROR(gen::ParseDate(args.as_of, "--as-of").status());

  COBUY_ASSIGN_OR_RETURN(std::filesystem::path dir, FindDataDir(args.data));
  COBUY_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(dir));

  std::FILE* f = stdout;
  std::string tmp;
  std::error_code ec;
  if (!args.out.empty() && std::filesystem::exists(args.out, ec) && !std::filesystem::is_regular_file(args.out, ec)) {
    // A device or a pipe (/dev/null, /dev/stdout): written directly.
    f = std::fopen(args.out.c_str(), "wb");
    if (!f) return Unavailable(fmt::format("cannot write {}: {}", args.out, std::strerror(errno)));
  } else if (!args.out.empty()) {
    // A file is written beside the target and renamed at the end: a failed run leaves no
    // half file.
    tmp = args.out + ".tmp";
    f = std::fopen(tmp.c_str(), "wb");
    if (!f) return Unavailable(fmt::format("cannot write {}: {}", args.out, std::strerror(errno)));
  }
  const std::string& name = args.out.empty() ? std::string("<stdout>") : args.out;
  auto write = [&](std::string_view bytes) -> Status {
    if (std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
      return Unavailable(fmt::format("cannot write {}: {}", name, std::strerror(errno)));
    }
    return Status::Ok();
  };
  Status s = eforms ? gen::WriteEformsPackage(opt, ref, args.gzip, write)
                    : gen::WriteGenerated(opt, ref, format, args.gzip, write);
  if (std::fflush(f) != 0 && s.ok()) s = Unavailable(fmt::format("cannot write {}: {}", name, std::strerror(errno)));
  if (f != stdout) {
    if (std::fclose(f) != 0 && s.ok()) s = Unavailable(fmt::format("cannot write {}: {}", name, std::strerror(errno)));
    if (s.ok() && !tmp.empty() && std::rename(tmp.c_str(), args.out.c_str()) != 0) {
      s = Unavailable(fmt::format("cannot write {}: {}", args.out, std::strerror(errno)));
    }
    if (!s.ok() && !tmp.empty()) std::remove(tmp.c_str());
  }
  return s;
}

}  // namespace

void AddGenCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<GenArgs>();
  CLI::App* cmd = app.add_subcommand("gen", "Generate synthetic OCDS releases (deterministic, clearly labelled)");
  cmd->add_option("--seed", args->seed, "seed of the generator (default 1)");
  cmd->add_option("--releases", args->releases,
                  "number of releases to generate (default 1000); with --format eforms, up to that many notices");
  cmd->add_option("--as-of", args->as_of, "the date of the data, YYYY-MM-DD (default 2026-06-30)");
  cmd->add_option("--format", args->format,
                  "jsonl (one release a line, default), package (one release package) or eforms (synthetic eForms "
                  "notices, one per release except amendments, in a ustar package)");
  cmd->add_flag("--gzip", args->gzip, "gzip the output");
  cmd->add_flag("--no-quirks", args->no_quirks, "no deliberate data-quality quirks");
  cmd->add_option("--window", args->window, "releases held back to interleave processes (default 4096)");
  cmd->add_option("--data", args->data, "reference data folder (default: data/ref)");
  cmd->add_option("--out", args->out, "output file (default: standard output)");
  cmd->callback([args, &action] { action = [args]() { return RunGen(*args); }; });
}

}  // namespace cobuy::cli
