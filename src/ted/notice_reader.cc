#include "ted/notice_reader.h"

#include <array>
#include <cstring>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "ocds/source.h"
#include "ted/notice.h"
#include "ted/xml.h"

namespace cobuy::ted {
namespace {

constexpr size_t kBlock = 512;
// What is read to recognise an input: a tar header's magic sits at bytes 257..262.
constexpr size_t kSniffBytes = kBlock;

bool IsTarHeader(std::string_view h) {
  return h.size() >= kBlock && h.substr(257, 5) == "ustar";
}

// The tar number at h[at, at + len): octal ASCII (NUL or space terminated), or GNU base-256
// when the first byte has its high bit set. nullopt when malformed.
std::optional<std::uint64_t> TarNumber(std::string_view h, size_t at, size_t len) {
  std::string_view f = h.substr(at, len);
  if (!f.empty() && (static_cast<unsigned char>(f[0]) & 0x80) != 0) {
    std::uint64_t v = static_cast<unsigned char>(f[0]) & 0x7f;
    for (size_t i = 1; i < f.size(); ++i) {
      if (v >> 55) return std::nullopt;
      v = (v << 8) | static_cast<unsigned char>(f[i]);
    }
    return v;
  }
  std::uint64_t v = 0;
  size_t i = 0;
  while (i < f.size() && f[i] == ' ') ++i;
  bool any = false;
  for (; i < f.size() && f[i] >= '0' && f[i] <= '7'; ++i) {
    if (v >> 60) return std::nullopt;
    v = v * 8 + static_cast<std::uint64_t>(f[i] - '0');
    any = true;
  }
  for (; i < f.size(); ++i) {
    if (f[i] != '\0' && f[i] != ' ') return std::nullopt;
  }
  if (!any) return std::nullopt;
  return v;
}

bool ChecksumOk(std::string_view h) {
  auto stored = TarNumber(h, 148, 8);
  if (!stored) return false;
  std::uint64_t sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    sum += (i >= 148 && i < 156) ? static_cast<unsigned char>(' ') : static_cast<unsigned char>(h[i]);
  }
  return sum == *stored;
}

std::string CString(std::string_view f) {
  size_t end = f.find('\0');
  return std::string(f.substr(0, end));
}

// The "path" of a pax extended header's records ("LEN path=VALUE\n"), or "".
std::string PaxPath(std::string_view records) {
  while (!records.empty()) {
    size_t space = records.find(' ');
    if (space == std::string_view::npos) break;
    size_t len = 0;
    for (size_t i = 0; i < space; ++i) {
      if (records[i] < '0' || records[i] > '9') return {};
      len = len * 10 + static_cast<size_t>(records[i] - '0');
      if (len > records.size()) return {};
    }
    if (len <= space + 1 || len > records.size()) return {};
    std::string_view record = records.substr(space + 1, len - space - 2);  // without the '\n'
    if (record.substr(0, 5) == "path=") return std::string(record.substr(5));
    records.remove_prefix(len);
  }
  return {};
}

bool IsBlank(std::string_view h) {
  for (char c : h) {
    if (c != '\0') return false;
  }
  return true;
}

// The first of ocid, id and date that `release` lacks as a non-empty string ("ocid", "id",
// "date"), or nullptr.
const char* MissingKey(const ocds::Value& release) {
  for (const char* key : {"ocid", "id", "date"}) {
    const ocds::Value* v = release.Find(key);
    if (!v || !v->is_string() || v->as_string().empty()) return key;
  }
  return nullptr;
}

std::string Shown(std::string_view message, long line) {
  return line > 0 ? fmt::format("line {}: {}", line, message) : std::string(message);
}

class PackageReader {
 public:
  PackageReader(const std::string& name, const NoticeCallbacks& cb, NoticeStats& stats)
      : name_(name), cb_(cb), stats_(stats) {}

  Status Run(ocds::Source& src) {
    std::string header(kBlock, '\0');
    std::string long_name;
    std::uint64_t at = 0;
    while (true) {
      auto head = ocds::ReadFull(src, header.data(), kBlock);
      if (!head.ok()) return Damaged(at, head.status());
      const size_t got = *head;
      stats_.bytes += got;
      if (got == 0) return Status::Ok();  // no end-of-archive blocks: tolerated
      if (got < kBlock) return Truncated(at, "a member header is cut short");
      if (IsBlank(header)) return Status::Ok();  // end of archive
      if (!ChecksumOk(header))
        return Problem(at, "", "bad_package", "a tar header has a wrong checksum: the rest is skipped");
      auto size = TarNumber(header, 124, 12);
      if (!size) return Problem(at, "", "bad_package", "a tar header has no valid size: the rest is skipped");
      const char type = header[156];
      const std::uint64_t member_at = at;
      at += kBlock;
      std::string member = long_name.empty() ? MemberName(header) : long_name;
      long_name.clear();
      const std::uint64_t padded = (*size + kBlock - 1) / kBlock * kBlock;
      const bool regular = type == '0' || type == '\0' || type == '7';
      const bool meta = type == 'L' || type == 'x';
      if ((!regular && !meta) || *size > NoticeReader::kMaxNoticeBytes) {
        if (regular) {
          (void)Problem(member_at, member, "notice_too_large",
                        fmt::format("the member is {} bytes, more than a notice may be ({} bytes): skipped", *size,
                                    NoticeReader::kMaxNoticeBytes));
        }
        COBUY_RETURN_IF_ERROR(Skip(src, padded, member_at, member));
        at += padded;
        continue;
      }
      std::string body(static_cast<size_t>(padded), '\0');
      auto body_read = ocds::ReadFull(src, body.data(), body.size());
      if (!body_read.ok()) return Damaged(member_at, body_read.status());
      const size_t read = *body_read;
      stats_.bytes += read;
      if (read < padded) return Truncated(member_at, fmt::format("the member {} is cut short", member));
      at += padded;
      body.resize(static_cast<size_t>(*size));
      if (type == 'L') {
        long_name = CString(body);
      } else if (type == 'x') {
        long_name = PaxPath(body);
      } else {
        Member(body, member, member_at);
      }
    }
  }

 private:
  static std::string MemberName(std::string_view h) {
    std::string name = CString(h.substr(0, 100));
    std::string prefix = h.substr(257, 5) == "ustar" ? CString(h.substr(345, 155)) : std::string();
    return prefix.empty() ? name : prefix + "/" + name;
  }

  void Member(std::string_view body, const std::string& member, std::uint64_t offset) {
    std::string file = name_ + ":" + member;
    if (SniffBytes(body) != InputKind::kXmlNotice) {
      if (!member.empty() && member.back() == '/') return;
      NoticeReadProblem p;
      p.rejected = false;
      p.file = file;
      p.offset = offset;
      p.code = "skipped_member";
      p.message = "the member is not an XML notice: skipped";
      cb_.on_problem(p);
      return;
    }
    ReadNoticeCounted(body, file, offset);
  }

  Status Skip(ocds::Source& src, std::uint64_t n, std::uint64_t member_at, const std::string& member) {
    std::array<char, 64 * 1024> buf{};
    while (n > 0) {
      auto chunk = src.Read(buf.data(), static_cast<size_t>(std::min<std::uint64_t>(n, buf.size())));
      if (!chunk.ok()) return Damaged(member_at, chunk.status());
      const size_t got = *chunk;
      if (got == 0) return Truncated(member_at, fmt::format("the member {} is cut short", member));
      stats_.bytes += got;
      n -= got;
    }
    return Status::Ok();
  }

  // The stream under the package failed (truncated or corrupt gzip, a read error): what was
  // read stands, the rest is reported.
  Status Damaged(std::uint64_t offset, const Status& status) {
    return Problem(
        offset, "", "truncated_package",
        fmt::format("the package cannot be read past here ({}); the notices before it were read", status.message()));
  }

  Status Truncated(std::uint64_t offset, const std::string& what) {
    return Problem(offset, "", "truncated_package",
                   fmt::format("the package is truncated: {}; the notices before it were read", what));
  }

  // Reports a problem with the package itself and returns OK (reading stops; what was read stands).
  Status Problem(std::uint64_t offset, const std::string& member, const char* code, std::string message) {
    NoticeReadProblem p;
    p.file = member.empty() ? name_ : name_ + ":" + member;
    p.offset = offset;
    p.code = code;
    p.message = std::move(message);
    ++stats_.rejected;
    cb_.on_problem(p);
    return Status::Ok();
  }

  void ReadNoticeCounted(std::string_view body, const std::string& file, std::uint64_t offset);

  const std::string& name_;
  const NoticeCallbacks& cb_;
  NoticeStats& stats_;
};

// Counts what one notice gave into `stats`.
void CountedNotice(std::string_view bytes, const std::string& file, std::uint64_t offset, const NoticeCallbacks& cb,
                   NoticeStats& stats) {
  bool rejected = false;
  NoticeCallbacks counting;
  counting.on_release = cb.on_release;
  counting.on_problem = [&](const NoticeReadProblem& p) {
    if (p.rejected) rejected = true;
    cb.on_problem(p);
  };
  ++stats.notices;
  stats.releases += ReadNotice(bytes, file, offset, counting);
  if (rejected) ++stats.rejected;
}

void PackageReader::ReadNoticeCounted(std::string_view body, const std::string& file, std::uint64_t offset) {
  CountedNotice(body, file, offset, cb_, stats_);
}

// A single input that cannot be read to its end (corrupt or truncated gzip, a read error
// midway): one rejected problem; nothing of it lands, since a notice is read whole.
Status Unreadable(const std::string& name, const Status& status, NoticeStats& stats, const NoticeCallbacks& cb) {
  NoticeReadProblem p;
  p.file = name;
  p.code = "unreadable_notice";
  p.message = fmt::format("the notice cannot be read: {}", status.message());
  ++stats.rejected;
  cb.on_problem(p);
  return Status::Ok();
}

Status ReadInput(std::unique_ptr<ocds::Source> raw, const std::string& name, const NoticeCallbacks& cb,
                 NoticeStats& stats) {
  COBUY_ASSIGN_OR_RETURN(std::unique_ptr<ocds::Source> src,
                         ocds::InflateIfGzip(std::move(raw), name, 256 * 1024, nullptr));
  std::string head(kSniffBytes, '\0');
  auto got = ocds::ReadFull(*src, head.data(), head.size());
  if (!got.ok()) return Unreadable(name, got.status(), stats, cb);
  head.resize(*got);
  InputKind kind = SniffBytes(head);
  if (kind == InputKind::kTarPackage) {
    auto rest = ocds::Prepend(std::move(head), std::move(src));
    PackageReader package(name, cb, stats);
    return package.Run(*rest);
  }
  // One notice: read it whole (bounded).
  std::string bytes = std::move(head);
  std::vector<char> buf(256 * 1024);
  while (true) {
    auto n = src->Read(buf.data(), buf.size());
    if (!n.ok()) return Unreadable(name, n.status(), stats, cb);
    if (*n == 0) break;
    if (bytes.size() + *n > NoticeReader::kMaxNoticeBytes) {
      stats.bytes += bytes.size() + *n;
      NoticeReadProblem p;
      p.file = name;
      p.code = "notice_too_large";
      p.message = fmt::format("the file is more than a notice may be ({} bytes)", NoticeReader::kMaxNoticeBytes);
      ++stats.rejected;
      cb.on_problem(p);
      return Status::Ok();
    }
    bytes.append(buf.data(), *n);
  }
  stats.bytes += bytes.size();
  CountedNotice(bytes, name, 0, cb, stats);
  return Status::Ok();
}

}  // namespace

InputKind SniffBytes(std::string_view head) {
  std::string inflated;
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b) {
    auto src = ocds::InflateIfGzip(ocds::MemoryInput(head), "", 4096, nullptr);
    if (!src.ok()) return InputKind::kOther;
    inflated.resize(kSniffBytes);
    auto got = ocds::ReadFull(**src, inflated.data(), inflated.size());
    // A head cut inside the gzip stream reads as truncated: what inflated so far is enough.
    if (!got.ok()) return InputKind::kOther;
    inflated.resize(*got);
    head = inflated;
  }
  if (IsTarHeader(head)) return InputKind::kTarPackage;
  size_t i = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) ++i;
  if (i == head.size()) return InputKind::kOther;
  if (head[i] == '<') return InputKind::kXmlNotice;
  return head[i] == '{' || head[i] == '[' ? InputKind::kJson : InputKind::kOther;
}

Result<InputKind> SniffFile(const std::string& path) {
  COBUY_ASSIGN_OR_RETURN(std::unique_ptr<ocds::Source> raw, ocds::OpenFile(path));
  COBUY_ASSIGN_OR_RETURN(std::unique_ptr<ocds::Source> src, ocds::InflateIfGzip(std::move(raw), path, 4096, nullptr));
  std::string head(kSniffBytes, '\0');
  COBUY_ASSIGN_OR_RETURN(size_t got, ocds::ReadFull(*src, head.data(), head.size()));
  head.resize(got);
  return SniffBytes(head);
}

std::uint64_t ReadNotice(std::string_view bytes, const std::string& name, std::uint64_t offset,
                         const NoticeCallbacks& cb) {
  std::string ocid;
  auto problem = [&](bool rejected, std::string notice_id, std::string code, std::string message) {
    NoticeReadProblem p;
    p.ocid = ocid;
    p.rejected = rejected;
    p.file = name;
    p.offset = offset;
    p.notice_id = std::move(notice_id);
    p.code = std::move(code);
    p.message = std::move(message);
    cb.on_problem(p);
  };
  auto doc = xml::Parse(bytes, name);
  if (!doc.ok()) {
    problem(true, "", "malformed_xml", doc.status().message());
    return 0;
  }
  xml::Node root = doc->root();
  MappedNotice mapped;
  switch (KindOf(root)) {
    case NoticeKind::kTedExport: mapped = MapTedExport(root); break;
    case NoticeKind::kEforms: mapped = MapEforms(root); break;
    case NoticeKind::kUnknown: {
      std::string ns(xml::Namespace(root));
      problem(true, "", "unknown_namespace",
              Shown(fmt::format("<{}{}> is neither a TED XML R2.0.9 notice nor an eForms notice", xml::Name(root),
                                ns.empty() ? std::string() : " xmlns=\"" + ns + "\""),
                    xml::Line(root)));
      return 0;
    }
  }
  if (!mapped.releases.empty()) {
    if (const ocds::Value* o = mapped.releases.front().Find("ocid"); o && o->is_string()) ocid = o->as_string();
  }
  for (NoticeProblem& p : mapped.problems) {
    problem(p.rejected, mapped.notice_id, std::move(p.code), Shown(p.message, p.line));
  }
  std::uint64_t delivered = 0;
  for (ocds::Value& release : mapped.releases) {
    // Every release names its process, itself and its date; a notice whose publication date
    // (or number) is missing or malformed is rejected here, with its line, for both mappers.
    if (const char* missing = MissingKey(release)) {
      problem(true, mapped.notice_id, fmt::format("no_{}", missing),
              Shown(fmt::format("the notice has no valid {} (TED: {}; eForms: {}): not ingested",
                                std::string_view(missing) == "date" ? "publication date" : "number",
                                std::string_view(missing) == "date" ? "DATE_PUB" : "DOC_ID",
                                std::string_view(missing) == "date" ? "IssueDate" : "cbc:ID"),
                    xml::Line(root)));
      continue;
    }
    ocds::ReadRelease r{std::move(release), name, offset};
    cb.on_release(r);
    ++delivered;
  }
  return delivered;
}

Status NoticeReader::ReadFile(const std::string& path) {
  COBUY_ASSIGN_OR_RETURN(std::unique_ptr<ocds::Source> src, ocds::OpenFile(path));
  return ReadInput(std::move(src), path == "-" ? "<stdin>" : path, cb_, stats_);
}

Status NoticeReader::ReadBuffer(std::string_view data, const std::string& name) {
  return ReadInput(ocds::MemoryInput(data), name, cb_, stats_);
}

}  // namespace cobuy::ted
