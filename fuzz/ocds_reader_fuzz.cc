// Fuzz target: the OCDS ReleaseReader (src/ocds/reader.h) on arbitrary bytes, through both of
// its entry points and both of its decoders:
//   1. ReadBuffer on the bytes as they are (plain, or gzip when they start with its magic), in
//      32 KiB chunks (one chunk for the inputs the fuzzer makes, as the default 1 MiB is for
//      most files; the default's 2 MiB buffer would cost more than the rest under ASan);
//   2. ReadFile on the bytes gzip-compressed, written to a memfd and opened by its
//      /proc/self/fd path (the file descriptor source and the inflater), in chunks of 1 to
//      256 bytes (chosen by the input's last byte), so that chunk boundaries fall inside
//      releases, strings, escapes and the scanner's 64-byte blocks.
// Checks: the callbacks agree with the stats; every offset lies inside the input; every
// release is an object; a release written back as JSON parses (Value::Parse, the other
// parser) to an equal value; and both paths deliver the same releases, packages and problems
// at the same offsets.
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "ocds/reader.h"

namespace {

using cobuy::ocds::Problem;
using cobuy::ocds::ReaderCallbacks;
using cobuy::ocds::ReadRelease;
using cobuy::ocds::ReleaseReader;
using cobuy::ocds::Value;

struct Outcome {
  bool ok = false;
  std::vector<std::string> releases;  // as JSON, with their offsets
  std::vector<std::uint64_t> release_offsets;
  std::vector<std::uint64_t> package_offsets;
  std::vector<std::uint64_t> problem_offsets;
  std::uint64_t bytes = 0;
};

template <typename ReadFn>
Outcome Read(ReadFn read) {
  Outcome out;
  ReaderCallbacks cb;
  cb.on_release = [&](ReadRelease& r) {
    FUZZ_CHECK(r.release.is_object(), "a release that is not an object");
    out.releases.push_back(r.release.ToJson());
    out.release_offsets.push_back(r.offset);
  };
  cb.on_package = [&](const Value& package, std::uint64_t offset) {
    FUZZ_CHECK(package.is_object(), "a package that is not an object");
    out.package_offsets.push_back(offset);
  };
  cb.on_problem = [&](const Problem& p) {
    FUZZ_CHECK(!p.message.empty(), "a problem without a message");
    out.problem_offsets.push_back(p.offset);
  };
  ReleaseReader reader(std::move(cb));
  out.ok = read(reader).ok();
  const auto& stats = reader.stats();
  out.bytes = stats.bytes;
  FUZZ_CHECK(stats.releases == out.releases.size(), "stats.releases %llu, delivered %zu",
             static_cast<unsigned long long>(stats.releases), out.releases.size());
  FUZZ_CHECK(stats.problems == out.problem_offsets.size(), "stats.problems %llu, delivered %zu",
             static_cast<unsigned long long>(stats.problems), out.problem_offsets.size());
  for (std::uint64_t o : out.release_offsets) FUZZ_CHECK(o < stats.bytes, "release offset past the end");
  for (std::uint64_t o : out.package_offsets) FUZZ_CHECK(o < stats.bytes, "package offset past the end");
  for (std::uint64_t o : out.problem_offsets) FUZZ_CHECK(o <= stats.bytes, "problem offset past the end");
  return out;
}

std::string Gzip(std::string_view data) {
  z_stream z{};
  FUZZ_CHECK(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK, "deflateInit2");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END, "deflate");
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

// One memfd for the whole run, rewritten for each input.
int MemFd() {
  static const int fd = memfd_create("ocds-fuzz", MFD_CLOEXEC);
  FUZZ_CHECK(fd >= 0, "memfd_create");
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // 1. In memory, as given.
  const Outcome plain = Read([&](ReleaseReader& r) {
    r.set_chunk_bytes(32 * 1024);
    return r.ReadBuffer(input, "fuzz.json");
  });
  const bool gzip_magic = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  if (!gzip_magic) {
    FUZZ_CHECK(plain.ok, "a plain in-memory input failed to read");
    FUZZ_CHECK(plain.bytes == size, "read %llu bytes of %zu", static_cast<unsigned long long>(plain.bytes), size);
  }
  for (const std::string& json : plain.releases) {
    cobuy::Result<Value> again = Value::Parse(json);
    FUZZ_CHECK(again.ok(), "a release written back does not parse: %s", again.status().message().c_str());
    cobuy::Result<Value> first = cobuy::ocds::ParseWithSimdjson(
        (json + std::string(64, ' ')).c_str(), json.size(), json.size() + 64);
    FUZZ_CHECK(first.ok() && *first == *again, "simdjson and Value::Parse disagree on %s", json.c_str());
  }

  // 2. Gzip-compressed, from a file.
  if (gzip_magic) return 0;  // compressing it again would only test the same scan
  const std::string gz = Gzip(input);
  const int fd = MemFd();
  FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate");
  FUZZ_CHECK(pwrite(fd, gz.data(), gz.size(), 0) == static_cast<ssize_t>(gz.size()), "pwrite");
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const size_t chunk = size > 0 ? 1 + data[size - 1] : 1;
  const Outcome zipped = Read([&](ReleaseReader& r) {
    r.set_chunk_bytes(chunk);
    return r.ReadFile(path);
  });
  FUZZ_CHECK(zipped.ok, "the gzip file failed to read");
  FUZZ_CHECK(zipped.bytes == size, "inflated %llu bytes of %zu", static_cast<unsigned long long>(zipped.bytes), size);
  FUZZ_CHECK(zipped.releases == plain.releases, "plain and gzip give different releases");
  FUZZ_CHECK(zipped.release_offsets == plain.release_offsets, "plain and gzip give different release offsets");
  FUZZ_CHECK(zipped.package_offsets == plain.package_offsets, "plain and gzip give different packages");
  FUZZ_CHECK(zipped.problem_offsets == plain.problem_offsets, "plain and gzip give different problems");
  return 0;
}
