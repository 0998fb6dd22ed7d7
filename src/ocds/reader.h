// ReleaseReader: streams the OCDS releases out of a file (or standard input), whatever its
// shape: a release package, a record package (the releases embedded in its records; linked
// releases, i.e. references with a `url` and no `ocid`/`date`, are skipped with a warning),
// a JSON array of releases, a single release, JSON Lines or concatenated JSON documents (each
// of which may itself be a package or a record), plain or gzip-compressed (detected by its
// magic bytes). A top-level object with a `releases` array is streamed as a package; when it
// turns out to have an `ocid` (a record on its own) it is not reported as a package.
//
// How memory stays bounded: the input is read and inflated in 1 MiB chunks (set_chunk_bytes); a structural
// scanner (strings, escapes and brackets only) finds where each release starts and ends, and
// only that release is held and parsed (simdjson on-demand, straight from the read buffer).
// The `releases`/`records` array of a package is streamed element by element; the rest of the
// package (its metadata) is kept with that array left empty and handed to `on_package`. So
// memory is bounded by the largest single release (or record, or package metadata, or
// top-level document other than a package), never by the file size.
//
// Problems never stop the good part of the input: a malformed document or element, a release
// that is not an object, a record with only linked releases become Problems (file + byte
// offset, in the uncompressed stream) and reading goes on. In a stream of several documents
// (JSON Lines, concatenated), a raw newline inside a string or a `{` at the start of a line
// inside an unfinished document ends that document as malformed, so one broken line costs
// only that line. Only an input that cannot be opened or read is fatal (the returned Status).
//
// Thread-safety: a ReleaseReader is used by one thread at a time; distinct readers are
// independent.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ocds/value.h"

namespace cobuy::ocds {

struct Problem {
  enum class Severity : std::uint8_t { kWarning, kError };
  Severity severity = Severity::kError;
  std::string file;
  // Byte offset in the (uncompressed) input of the document or element concerned.
  std::uint64_t offset = 0;
  std::string message;

  // "FILE:OFFSET: message".
  std::string ToString() const;
};

struct ReadRelease {
  Value release;
  // The file name as given ("<stdin>" for standard input).
  std::string_view file;
  // Byte offset of the release in the (uncompressed) input: of the release itself, or of
  // the record holding it for a record package, or of the document for a package nested in
  // an array or a document stream.
  std::uint64_t offset = 0;
};

struct ReaderCallbacks {
  // Each release, in input order. The Value may be moved from.
  std::function<void(ReadRelease&)> on_release;
  // Each package's metadata (the package object with `releases`/`records` emptied).
  std::function<void(const Value& package, std::uint64_t offset)> on_package;
  // Each problem, in input order.
  std::function<void(const Problem&)> on_problem;
};

struct ReaderStats {
  std::uint64_t bytes = 0;  // uncompressed bytes read
  std::uint64_t releases = 0;
  std::uint64_t problems = 0;
  bool gzip = false;
};

class ReleaseReader {
 public:
  explicit ReleaseReader(ReaderCallbacks callbacks) : cb_(std::move(callbacks)) {}

  // Reads `path` ("-" is standard input) to its end. kNotFound when it cannot be opened,
  // kUnavailable when reading or inflating fails midway (the releases before were delivered).
  Status ReadFile(const std::string& path);
  // Reads an in-memory input (plain or gzip) named `name` in problems.
  Status ReadBuffer(std::string_view data, const std::string& name);

  const ReaderStats& stats() const { return stats_; }

  // The number of (uncompressed) bytes read at a time, 1 MiB by default; at least 1 (gzip
  // input is read min(256 KiB, chunk) compressed bytes at a time). The reader holds up to two
  // chunks beside the largest release. Smaller chunks are for tests and fuzzing: they put
  // chunk boundaries inside small inputs.
  void set_chunk_bytes(size_t bytes) { chunk_bytes_ = bytes > 0 ? bytes : 1; }

 private:
  ReaderCallbacks cb_;
  ReaderStats stats_;
  size_t chunk_bytes_ = size_t{1} << 20;
};

// Builds a Value from the JSON text `text` with simdjson on-demand; `text` must be followed
// by at least SIMDJSON_PADDING readable bytes (their content does not matter). Numbers keep
// their raw text. kInvalidArgument (with simdjson's error) for malformed JSON. `text` must
// hold one JSON value: content after it is not checked (the reader cuts exact values).
Result<Value> ParseWithSimdjson(const char* text, size_t size, size_t capacity);

// The scanner's fast path inside strings, exposed for its tests: the index of the first '"',
// '\\' or '\n' in b[i, n), or n when there is none. At least 16 bytes past b + n must be
// readable (the reader's buffers have SIMDJSON_PADDING there); they are never matched.
size_t FindStringStop(const char* b, size_t i, size_t n);

}  // namespace cobuy::ocds
