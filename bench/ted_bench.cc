// Notices without the database: libxml2's parse alone (xml::Parse, the safe DOM parse the
// reader uses) against parse + map into OCDS releases (ted::ReadNotice, what `cobuy ingest`
// does per notice before SQLite), on the same notices in memory in the same run.
//
//   ted_bench [--runs N] [--gen RELEASES [--seed S]] [FILE.xml...]
//
// --gen renders the synthetic eForms notices of `cobuy gen --format eforms --releases
// RELEASES --seed S` (gen/eforms.h: the same notices as that package) and times each notice as it is
// rendered (the rendering itself is not timed; the notice is hot in the cache, for both
// figures alike). FILEs are XML notices (TED XML or eForms), read into memory first; each
// figure for them is the best of --runs runs. Prints MB/s and notices/s and the ratio of
// parse+map to parse alone; never asserts a timing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gen/eforms.h"
#include "refdata/loader.h"
#include "ted/notice_reader.h"
#include "ted/xml.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Totals {
  std::uint64_t notices = 0;
  std::uint64_t bytes = 0;
  std::uint64_t releases = 0;
  std::uint64_t problems = 0;
  double parse_s = 0;
  double map_s = 0;  // parse + map
};

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Times one notice: the parse alone, then parse + map.
void TimeNotice(std::string_view xml, Totals* t) {
  auto a = Clock::now();
  auto doc = cobuy::xml::Parse(xml, "notice");
  auto b = Clock::now();
  if (!doc.ok()) ++t->problems;
  cobuy::ted::NoticeCallbacks cb;
  cb.on_release = [&](cobuy::ocds::ReadRelease&) { ++t->releases; };
  cb.on_problem = [&](const cobuy::ted::NoticeReadProblem& p) { t->problems += p.rejected ? 1 : 0; };
  auto c = Clock::now();
  cobuy::ted::ReadNotice(xml, "notice", 0, cb);
  auto d = Clock::now();
  t->parse_s += Seconds(a, b);
  t->map_s += Seconds(c, d);
  ++t->notices;
  t->bytes += xml.size();
}

void Print(const std::string& what, const Totals& t) {
  auto rate = [](double n, double s) { return s > 0 ? n / s : 0.0; };
  double parse_nps = rate(static_cast<double>(t.notices), t.parse_s);
  double map_nps = rate(static_cast<double>(t.notices), t.map_s);
  fmt::print("{}: {} notices, {:.1f} MB, {} releases, {} rejected\n", what, t.notices, t.bytes / 1e6, t.releases,
             t.problems);
  fmt::print("  libxml2 parse only : {:8.1f} MB/s {:9.0f} notices/s\n", rate(t.bytes / 1e6, t.parse_s), parse_nps);
  fmt::print("  parse + map (ours) : {:8.1f} MB/s {:9.0f} notices/s  ({:.2f}x libxml2 alone; map {:.0f}% of it)\n",
             rate(t.bytes / 1e6, t.map_s), map_nps, parse_nps > 0 ? map_nps / parse_nps : 0.0,
             t.map_s > 0 ? 100.0 * (t.map_s - t.parse_s) / t.map_s : 0.0);
}

int RunGen(std::int64_t releases, std::uint64_t seed) {
  auto ref = cobuy::LoadReferenceData(COBUY_SOURCE_DIR "/data/ref");
  if (!ref.ok()) {
    fmt::print(stderr, "ted_bench: {}\n", ref.status().ToString());
    return 1;
  }
  cobuy::gen::GenOptions opt;
  opt.seed = seed;
  opt.releases = releases;
  Totals t;
  cobuy::Status s = cobuy::gen::RenderEformsNotices(opt, *ref, [&](std::string_view, std::string_view xml) {
    TimeNotice(xml, &t);
    return cobuy::Status::Ok();
  });
  if (!s.ok()) {
    fmt::print(stderr, "ted_bench: {}\n", s.ToString());
    return 1;
  }
  Print(fmt::format("generated eForms (seed {})", seed), t);
  return 0;
}

int RunFiles(const std::vector<std::string>& files, int runs) {
  std::vector<std::string> docs;
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    docs.push_back(ss.str());
  }
  Totals best;
  for (int r = 0; r < runs; ++r) {
    Totals t;
    for (const std::string& d : docs) TimeNotice(d, &t);
    if (r == 0 || t.map_s < best.map_s) best.map_s = t.map_s;
    if (r == 0 || t.parse_s < best.parse_s) best.parse_s = t.parse_s;
    best.notices = t.notices;
    best.bytes = t.bytes;
    best.releases = t.releases;
    best.problems = t.problems;
  }
  Print(fmt::format("{} files (best of {} runs)", files.size(), runs), best);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  cobuy::xml::Init();
  int runs = 5;
  std::int64_t gen = 0;
  std::uint64_t seed = 1;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--gen" && i + 1 < argc) {
      gen = std::atoll(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      files.push_back(a);
    }
  }
  if (gen > 0 && RunGen(gen, seed) != 0) return 1;
  if (!files.empty()) return RunFiles(files, runs);
  return 0;
}
