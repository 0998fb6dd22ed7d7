// Fuzz target: the notice reader (src/ted/notice_reader.h) on arbitrary bytes: an XML notice
// (TED XML or eForms, through libxml2 and both mappers), a TED package (a tar, plain or
// gzip), or anything else. Checks: the reader never fails on bytes in memory; the releases
// delivered agree with the stats; every release is an object with a string ocid, id and date;
// every problem has a code and names the input; a plain input's offsets lie inside it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "ted/notice_reader.h"

namespace {

using cobuy::ocds::ReadRelease;
using cobuy::ocds::Value;
using cobuy::ted::NoticeCallbacks;
using cobuy::ted::NoticeReader;
using cobuy::ted::NoticeReadProblem;

bool IsString(const Value& release, std::string_view key) {
  const Value* v = release.Find(key);
  return v && v->is_string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  std::uint64_t releases = 0;
  NoticeCallbacks cb;
  cb.on_release = [&](ReadRelease& r) {
    ++releases;
    FUZZ_CHECK(r.release.is_object(), "a release is not an object");
    FUZZ_CHECK(IsString(r.release, "ocid") && IsString(r.release, "id") && IsString(r.release, "date"),
               "a release lacks a string ocid, id or date: %s", r.release.ToJson().c_str());
    FUZZ_CHECK(r.file.rfind("input", 0) == 0, "a release names another file");
    FUZZ_CHECK(gzip || r.offset < size, "release offset %llu past the input (%zu bytes)",
               static_cast<unsigned long long>(r.offset), size);
  };
  cb.on_problem = [&](const NoticeReadProblem& p) {
    FUZZ_CHECK(!p.code.empty(), "a problem without a code: %s", p.message.c_str());
    FUZZ_CHECK(!p.message.empty(), "a problem without a message: %s", p.code.c_str());
    FUZZ_CHECK(p.file.rfind("input", 0) == 0, "a problem names another file: %s", p.file.c_str());
    FUZZ_CHECK(gzip || p.offset <= size, "problem offset %llu past the input (%zu bytes)",
               static_cast<unsigned long long>(p.offset), size);
  };
  NoticeReader reader(cb);
  cobuy::Status s = reader.ReadBuffer(input, "input");
  FUZZ_CHECK(s.ok(), "reading bytes in memory failed: %s", s.message().c_str());
  FUZZ_CHECK(reader.stats().releases == releases, "stats say %llu releases, %llu delivered",
             static_cast<unsigned long long>(reader.stats().releases), static_cast<unsigned long long>(releases));
  return 0;
}
