// ChunkWriter: buffers generated output and hands it to a ByteSink in ~1 MiB chunks,
// optionally through gzip (zlib level 1, a gzip wrapper with no file name and mtime 0, so the
// same input gives the same bytes). Shared by the OCDS writer (gen.cc) and the eForms package
// writer (eforms.cc). Internal to cobuy_gen.
#pragma once

#include <zlib.h>

#include <cstring>
#include <string>
#include <string_view>

#include "core/status.h"
#include "gen/gen.h"

namespace cobuy::gen {

class ChunkWriter {
 public:
  ChunkWriter(const ByteSink& out, bool gzip) : out_(out), gzip_(gzip) {
    if (gzip_) {
      std::memset(&z_, 0, sizeof z_);
      ok_ = deflateInit2(&z_, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
      if (!ok_) status_ = Internal("gzip: deflateInit2 failed");
    }
  }
  ~ChunkWriter() {
    if (gzip_ && ok_) deflateEnd(&z_);
  }
  void Append(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= (1u << 20)) Flush(false);
  }
  Status Finish() {
    Flush(true);
    return status_;
  }
  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }

 private:
  void Flush(bool last) {
    if (!status_.ok()) {
      buf_.clear();
      return;
    }
    if (!gzip_) {
      if (!buf_.empty()) status_ = out_(buf_);
      buf_.clear();
      return;
    }
    z_.next_in = reinterpret_cast<Bytef*>(buf_.data());
    z_.avail_in = static_cast<uInt>(buf_.size());
    int rc;
    do {
      z_.next_out = reinterpret_cast<Bytef*>(zbuf_);
      z_.avail_out = sizeof zbuf_;
      rc = deflate(&z_, last ? Z_FINISH : Z_NO_FLUSH);
      size_t n = sizeof zbuf_ - z_.avail_out;
      if (n && status_.ok()) status_ = out_(std::string_view(zbuf_, n));
    } while (z_.avail_out == 0 || (last && rc != Z_STREAM_END && rc != Z_STREAM_ERROR));
    buf_.clear();
  }

  const ByteSink& out_;
  bool gzip_;
  bool ok_ = true;
  z_stream z_;
  std::string buf_;
  char zbuf_[1 << 16];
  Status status_;
};

}  // namespace cobuy::gen
