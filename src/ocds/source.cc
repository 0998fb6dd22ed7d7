#include "ocds/source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace cobuy::ocds {
namespace {

class FdSource final : public Source {
 public:
  FdSource(int fd, bool owned, std::string name) : fd_(fd), owned_(owned), name_(std::move(name)) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  Result<size_t> Read(char* dst, size_t n) override {
    for (;;) {
      ssize_t got = ::read(fd_, dst, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno == EINTR) continue;
      return Status(StatusCode::kUnavailable, fmt::format("cannot read {}: {}", name_, std::strerror(errno)));
    }
  }

 private:
  int fd_;
  bool owned_;
  std::string name_;
};

class MemorySource final : public Source {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  Result<size_t> Read(char* dst, size_t n) override {
    size_t k = std::min(n, data_.size());
    std::memcpy(dst, data_.data(), k);
    data_.remove_prefix(k);
    return k;
  }

 private:
  std::string_view data_;
};

// Replays the bytes already peeked, then the rest of the inner source.
class PeekedSource final : public Source {
 public:
  PeekedSource(std::string peeked, std::unique_ptr<Source> inner)
      : peeked_(std::move(peeked)), inner_(std::move(inner)) {}
  Result<size_t> Read(char* dst, size_t n) override {
    if (at_ < peeked_.size()) {
      size_t k = std::min(n, peeked_.size() - at_);
      std::memcpy(dst, peeked_.data() + at_, k);
      at_ += k;
      return k;
    }
    return inner_->Read(dst, n);
  }

 private:
  std::string peeked_;
  size_t at_ = 0;
  std::unique_ptr<Source> inner_;
};

// Inflates gzip (several members one after the other too, as `cat a.gz b.gz` makes).
class GzipSource final : public Source {
 public:
  // Reads the compressed bytes `in_bytes` at a time.
  GzipSource(std::unique_ptr<Source> inner, std::string name, size_t in_bytes)
      : inner_(std::move(inner)), name_(std::move(name)), in_(in_bytes) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = inflateInit2(&z_, 15 + 16) == Z_OK;
  }
  ~GzipSource() override {
    if (ok_) inflateEnd(&z_);
  }
  Result<size_t> Read(char* dst, size_t n) override {
    if (!ok_) return Status(StatusCode::kInternal, "cannot initialise zlib");
    z_.next_out = reinterpret_cast<Bytef*>(dst);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    while (z_.avail_out > 0 && !done_) {
      if (z_.avail_in == 0) {
        COBUY_ASSIGN_OR_RETURN(size_t got, inner_->Read(in_.data(), in_.size()));
        if (got == 0) {
          if (!member_ended_) return Status(StatusCode::kUnavailable, fmt::format("{}: truncated gzip data", name_));
          done_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      if (member_ended_) {
        inflateReset(&z_);
        member_ended_ = false;
      }
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_ended_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Status(StatusCode::kUnavailable,
                      fmt::format("{}: bad gzip data ({})", name_, z_.msg ? z_.msg : "inflate failed"));
      }
    }
    return n - z_.avail_out;
  }

 private:
  std::unique_ptr<Source> inner_;
  std::string name_;
  std::vector<char> in_;
  z_stream z_;
  bool ok_ = false;
  bool member_ended_ = false;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<Source>> OpenFile(const std::string& path) {
  if (path == "-") return std::unique_ptr<Source>(std::make_unique<FdSource>(0, false, "standard input"));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NotFound(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  return std::unique_ptr<Source>(std::make_unique<FdSource>(fd, true, path));
}

std::unique_ptr<Source> MemoryInput(std::string_view data) {
  return std::make_unique<MemorySource>(data);
}

std::unique_ptr<Source> Prepend(std::string head, std::unique_ptr<Source> rest) {
  return std::make_unique<PeekedSource>(std::move(head), std::move(rest));
}

Result<size_t> ReadFull(Source& src, char* dst, size_t n) {
  size_t have = 0;
  while (have < n) {
    COBUY_ASSIGN_OR_RETURN(size_t got, src.Read(dst + have, n - have));
    if (got == 0) break;
    have += got;
  }
  return have;
}

Result<std::unique_ptr<Source>> InflateIfGzip(std::unique_ptr<Source> raw, const std::string& name, size_t in_bytes,
                                              bool* gzip) {
  std::string peek(2, '\0');
  COBUY_ASSIGN_OR_RETURN(size_t have, ReadFull(*raw, peek.data(), 2));
  peek.resize(have);
  const bool is_gzip =
      have == 2 && static_cast<unsigned char>(peek[0]) == 0x1f && static_cast<unsigned char>(peek[1]) == 0x8b;
  if (gzip) *gzip = is_gzip;
  std::unique_ptr<Source> src = Prepend(std::move(peek), std::move(raw));
  if (is_gzip) src = std::make_unique<GzipSource>(std::move(src), name, std::max<size_t>(1, in_bytes));
  return src;
}

}  // namespace cobuy::ocds
