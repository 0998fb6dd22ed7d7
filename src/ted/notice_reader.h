// NoticeReader: the notices in an input file, mapped into OCDS releases. The file is one XML
// notice (TED XML R2.0.9 or eForms; plain or gzip) or a TED bulk package (a tar of XML
// notices, plain or gzip, as TED publishes its daily packages), recognised by its content,
// never its name. Each notice is read into memory on its own (at most kMaxNoticeBytes), parsed
// safely (xml.h: no DTD, no entity, no network), mapped (notice.h) and handed on; memory is
// bounded by the largest notice, never by the package.
//
// Problems never stop the good part of the input: a malformed or unknown notice, a notice the
// mapper rejects, a member that is not XML, a truncated package each become a problem naming
// the file ("package.tar.gz:2024-01-02/000123-2024.xml" for a member), the byte offset of the
// member in the (uncompressed) package, the notice number where known and the reason (with the
// XML line); the notices before and after still land; a single notice that cannot be read to
// its end (corrupt gzip) is one problem. Only an input that cannot be opened is fatal (the
// returned Status).
//
// Thread-safety: a NoticeReader is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ocds/reader.h"

namespace cobuy::ted {

enum class InputKind : std::uint8_t {
  kOther,       // anything else
  kJson,        // starts with '{' or '[' (OCDS, read by ocds::ReleaseReader), plain or gzip
  kXmlNotice,   // starts with '<' (after a BOM and whitespace), plain or gzip
  kTarPackage,  // a ustar/GNU tar, plain or gzip
};

// What `path` holds, from its first bytes (inflated when gzip). kNotFound when it cannot be
// opened, kUnavailable when those bytes cannot be read or inflated; kOther for an empty file.
Result<InputKind> SniffFile(const std::string& path);
// The same for bytes in memory (plain or gzip).
InputKind SniffBytes(std::string_view head);

struct NoticeReadProblem {
  bool rejected = true;      // the notice (or member) did not land; otherwise a warning
  std::string file;          // "FILE" or "FILE:MEMBER"
  std::uint64_t offset = 0;  // of the member in the uncompressed package; 0 for a single notice
  std::string notice_id;     // as published, when known
  std::string ocid;          // of the notice's release, when it was mapped
  std::string code;          // "malformed_xml", "unknown_namespace", "no_buyer", "truncated_package", ...
  std::string message;       // "line 12: ..." where the line is known
};

struct NoticeCallbacks {
  // Each release of each notice, in input order (file and offset as in problems; the release
  // may be moved from).
  std::function<void(ocds::ReadRelease&)> on_release;
  std::function<void(const NoticeReadProblem&)> on_problem;
};

struct NoticeStats {
  std::uint64_t bytes = 0;    // uncompressed bytes read
  std::uint64_t notices = 0;  // XML documents read (landed or not)
  std::uint64_t releases = 0;
  std::uint64_t rejected = 0;  // notices or members that did not land
};

class NoticeReader {
 public:
  static constexpr size_t kMaxNoticeBytes = size_t{64} << 20;

  explicit NoticeReader(NoticeCallbacks callbacks) : cb_(std::move(callbacks)) {}

  // Reads `path` to its end. kNotFound when it cannot be opened.
  Status ReadFile(const std::string& path);
  // Reads an in-memory input (a notice or a package, plain or gzip) named `name`.
  Status ReadBuffer(std::string_view data, const std::string& name);

  const NoticeStats& stats() const { return stats_; }

 private:
  NoticeCallbacks cb_;
  NoticeStats stats_;
};

// Maps one XML notice (bytes) named `name`: its releases go to `on_release`, its problems to
// `on_problem`. Returns the number of releases delivered. The building block of the reader,
// exposed for tests, benchmarks and the fuzzer.
std::uint64_t ReadNotice(std::string_view bytes, const std::string& name, std::uint64_t offset,
                         const NoticeCallbacks& cb);

}  // namespace cobuy::ted
