// Byte sources for the readers of input files (OCDS, notices, packages): a file or standard
// input, a memory buffer, and gzip inflation over either (several gzip members one after the
// other too, as `cat a.gz b.gz` makes), read a chunk at a time so memory never depends on the
// input's size.
//
// Thread-safety: a Source is used by one thread at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace cobuy::ocds {

class Source {
 public:
  virtual ~Source() = default;
  // Reads up to `n` bytes into `dst`; 0 at the end. kUnavailable on a read error (and on
  // truncated or corrupt gzip data).
  virtual Result<size_t> Read(char* dst, size_t n) = 0;
};

// `path`, or standard input for "-". kNotFound when it cannot be opened.
Result<std::unique_ptr<Source>> OpenFile(const std::string& path);
// The bytes of `data` (which must outlive the source).
std::unique_ptr<Source> MemoryInput(std::string_view data);
// `raw`, inflated when it starts with the gzip magic (`*gzip` says which; may be null).
// `name` names the input in errors; compressed bytes are read `in_bytes` at a time.
Result<std::unique_ptr<Source>> InflateIfGzip(std::unique_ptr<Source> raw, const std::string& name, size_t in_bytes,
                                              bool* gzip);
// `head` (bytes already read from `rest`) followed by the rest of `rest`.
std::unique_ptr<Source> Prepend(std::string head, std::unique_ptr<Source> rest);
// Reads from `src` until `n` bytes or the end; fewer only at the end.
Result<size_t> ReadFull(Source& src, char* dst, size_t n);

}  // namespace cobuy::ocds
