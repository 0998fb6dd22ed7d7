#include "ocds/reader.h"

#include "ocds/source.h"

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

namespace cobuy::ocds {
namespace {

namespace od = simdjson::ondemand;

constexpr size_t kPadding = simdjson::SIMDJSON_PADDING;
constexpr size_t kNpos = static_cast<size_t>(-1);

}  // namespace

size_t FindStringStop(const char* b, size_t i, size_t n) {
#if defined(__SSE2__)
  // 16 bytes at a time; the bytes read past `n` (the caller guarantees they are readable)
  // may match, hence the clamp.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i newline = _mm_set1_epi8('\n');
  while (i < n) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                               _mm_cmpeq_epi8(x, newline));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return std::min(n, i + static_cast<size_t>(__builtin_ctz(mask)));
    i += 16;
  }
  return n;
#else
  while (i < n && b[i] != '"' && b[i] != '\\' && b[i] != '\n') ++i;
  return i;
#endif
}

// The bit masks of 64 bytes at b (all readable), one bit per byte, for the scanner's fast path.
struct BlockMasks {
  std::uint64_t quote, backslash, newline, open, close, open_brace;
};

#if defined(__SSE2__)
inline std::uint64_t Mask16(__m128i hit, int lane) {
  return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit))) << (16 * lane);
}

BlockMasks ClassifyBlock(const char* b) {
  BlockMasks m{};
  for (int lane = 0; lane < 4; ++lane) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16 * lane));
    __m128i brace = _mm_cmpeq_epi8(x, _mm_set1_epi8('{'));
    m.quote |= Mask16(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), lane);
    m.backslash |= Mask16(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\')), lane);
    m.newline |= Mask16(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), lane);
    m.open_brace |= Mask16(brace, lane);
    m.open |= Mask16(_mm_or_si128(brace, _mm_cmpeq_epi8(x, _mm_set1_epi8('['))), lane);
    m.close |= Mask16(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('}')), _mm_cmpeq_epi8(x, _mm_set1_epi8(']'))), lane);
  }
  return m;
}
#else
BlockMasks ClassifyBlock(const char* b) {
  BlockMasks m{};
  for (int k = 0; k < 64; ++k) {
    const std::uint64_t bit = std::uint64_t{1} << k;
    switch (b[k]) {
      case '"': m.quote |= bit; break;
      case '\\': m.backslash |= bit; break;
      case '\n': m.newline |= bit; break;
      case '{':
        m.open_brace |= bit;
        m.open |= bit;
        break;
      case '[': m.open |= bit; break;
      case '}':
      case ']': m.close |= bit; break;
      default: break;
    }
  }
  return m;
}
#endif

// Bit k set when an odd number of bits of x are set at or below k.
inline std::uint64_t PrefixXor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

namespace {

// ---------------------------------------------------------------------------------------
// Value from simdjson on-demand.

bool ValidNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digits = [&] {
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < n && s[i] == '-') ++i;
  if (i < n && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

// Building a Value from on-demand takes two passes. The first walks the document with
// on-demand and records a flat tape: one entry per value, in document order, with the member
// key (for a member of an object), the text of a string or number (views into the parser's
// string buffer or the input, both valid until the parser's next document) and, for an
// object or array, its number of children. The second pass builds the Value tree from the
// tape: every array and object is reserved at its exact size and every value is built where
// it stands, so there are no temporaries to move and no vector ever grows.
struct TapeEntry {
  enum class Kind : std::uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };
  Kind kind;
  std::uint32_t count;    // children of an array or object
  std::string_view key;   // the member name, for a member of an object
  std::string_view text;  // a string's content, a number's raw text
};

std::vector<TapeEntry>& ThreadTape() {
  thread_local std::vector<TapeEntry> tape;
  return tape;
}

simdjson::error_code Record(od::value v, std::string_view key, int depth, std::vector<TapeEntry>& tape) {
  if (depth > 512) return simdjson::DEPTH_ERROR;
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  switch (type) {
    case od::json_type::object: {
      od::object obj;
      if (auto e = v.get_object().get(obj)) return e;
      const size_t at = tape.size();
      tape.push_back({TapeEntry::Kind::kObject, 0, key, {}});
      std::uint32_t count = 0;
      for (auto field_result : obj) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) return e;
        std::string_view name;
        if (auto e = field.unescaped_key().get(name)) return e;
        if (auto e = Record(field.value(), name, depth + 1, tape)) return e;
        ++count;
      }
      tape[at].count = count;
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array arr;
      if (auto e = v.get_array().get(arr)) return e;
      const size_t at = tape.size();
      tape.push_back({TapeEntry::Kind::kArray, 0, key, {}});
      std::uint32_t count = 0;
      for (auto item_result : arr) {
        od::value item;
        if (auto e = std::move(item_result).get(item)) return e;
        if (auto e = Record(item, {}, depth + 1, tape)) return e;
        ++count;
      }
      tape[at].count = count;
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return e;
      tape.push_back({TapeEntry::Kind::kString, 0, key, s});
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      std::string_view raw = v.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r')) {
        raw.remove_suffix(1);
      }
      if (!ValidNumber(raw)) return simdjson::NUMBER_ERROR;
      tape.push_back({TapeEntry::Kind::kNumber, 0, key, raw});
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return e;
      tape.push_back({b ? TapeEntry::Kind::kTrue : TapeEntry::Kind::kFalse, 0, key, {}});
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null;
      if (auto e = v.is_null().get(is_null)) return e;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      tape.push_back({TapeEntry::Kind::kNull, 0, key, {}});
      return simdjson::SUCCESS;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

// Builds the value of tape[pos] into `*out`; returns the position after its subtree.
size_t Materialize(const std::vector<TapeEntry>& tape, size_t pos, Value* out) {
  const TapeEntry& t = tape[pos++];
  switch (t.kind) {
    case TapeEntry::Kind::kNull: *out = Value(); break;
    case TapeEntry::Kind::kFalse: *out = Value::Bool(false); break;
    case TapeEntry::Kind::kTrue: *out = Value::Bool(true); break;
    case TapeEntry::Kind::kNumber: out->AssignNumber(t.text); break;
    case TapeEntry::Kind::kString: out->AssignString(t.text); break;
    case TapeEntry::Kind::kArray: {
      Value::Array& items = out->AssignArray();
      items.reserve(t.count);
      for (std::uint32_t i = 0; i < t.count; ++i) pos = Materialize(tape, pos, &items.emplace_back());
      break;
    }
    case TapeEntry::Kind::kObject: {
      Value::Object& members = out->AssignObject();
      members.reserve(t.count);
      for (std::uint32_t i = 0; i < t.count; ++i) {
        std::string_view key = tape[pos].key;
        // Duplicate keys: the last one wins, in the place of the first, as in Value::Parse.
        Value* slot = nullptr;
        for (Value::Member& m : members) {
          if (m.key.size() == key.size() && m.key == key) {
            slot = &m.value;
            break;
          }
        }
        if (slot == nullptr) {
          Value::Member& m = members.emplace_back();
          m.key.assign(key);
          slot = &m.value;
        }
        pos = Materialize(tape, pos, slot);
      }
      break;
    }
  }
  return pos;
}

od::parser& ThreadParser() {
  thread_local od::parser parser;
  return parser;
}

// ---------------------------------------------------------------------------------------
// The structural scanner.

enum class ItemKind : std::uint8_t { kRelease, kRecord, kAny };

class Scanner {
 public:
  Scanner(std::string name, const ReaderCallbacks& cb, ReaderStats& stats, size_t chunk)
      : name_(std::move(name)), cb_(cb), stats_(stats), chunk_(chunk) {}

  Status Run(Source& src) {
    buf_.resize(2 * chunk_ + kPadding);
    size_t i = 0;
    for (;;) {
      Scan(i);
      i = len_;
      // Keep what an unfinished item or document still needs; drop the rest.
      size_t keep = i;
      if (item_start_ != kNpos) keep = std::min(keep, item_start_);
      if (shell_from_ != kNpos) keep = std::min(keep, shell_from_);
      if (keep > 0) {
        std::memmove(buf_.data(), buf_.data() + keep, len_ - keep);
        len_ -= keep;
        base_ += keep;
        i -= keep;
        slow_until_ = slow_until_ > keep ? slow_until_ - keep : 0;
        if (item_start_ != kNpos) item_start_ -= keep;
        if (shell_from_ != kNpos) shell_from_ -= keep;
      }
      if (buf_.size() < len_ + chunk_ + kPadding) buf_.resize(std::max(buf_.size() * 2, len_ + chunk_ + kPadding));
      COBUY_ASSIGN_OR_RETURN(size_t got, src.Read(buf_.data() + len_, chunk_));
      if (got == 0) break;
      len_ += got;
      stats_.bytes += got;
    }
    Finish();
    return Status::Ok();
  }

 private:
  enum class Top : std::uint8_t { kNone, kArray, kObject };
  enum class Stream : std::uint8_t { kNone, kReleases, kRecords };

  std::uint64_t Abs(size_t i) const { return base_ + i; }

  void Report(Problem::Severity severity, std::uint64_t offset, std::string message) {
    ++stats_.problems;
    if (cb_.on_problem) cb_.on_problem(Problem{severity, name_, offset, std::move(message)});
  }
  void Error(std::uint64_t offset, std::string message) {
    Report(Problem::Severity::kError, offset, std::move(message));
  }

  void ResetDocument() {
    depth_ = 0;
    in_string_ = escape_ = false;
    top_ = Top::kNone;
    item_start_ = shell_from_ = kNpos;
    item_depth_ = 0;
    streaming_ = false;
    stream_ = pending_ = Stream::kNone;
    key_capture_ = false;
    shell_.clear();
  }

  // Abandons the current document of a multi-document stream as malformed.
  void AbandonDocument(const char* why) {
    Error(doc_offset_, fmt::format("malformed JSON document ({})", why));
    ResetDocument();
  }

  void MaybeStartItem(size_t i) {
    if (item_depth_ != 0 && depth_ == item_depth_ && item_start_ == kNpos) {
      item_start_ = i;
      item_offset_ = Abs(i);
    }
  }

  void EndItem(size_t end) {
    size_t start = item_start_;
    item_start_ = kNpos;
    while (end > start &&
           (buf_[end - 1] == ' ' || buf_[end - 1] == '\n' || buf_[end - 1] == '\r' || buf_[end - 1] == '\t')) {
      --end;
    }
    ItemKind kind =
        top_ == Top::kArray ? ItemKind::kAny : (stream_ == Stream::kRecords ? ItemKind::kRecord : ItemKind::kRelease);
    HandleText(buf_.data() + start, end - start, buf_.size() - start, item_offset_, kind);
  }

  void HandleText(const char* text, size_t size, size_t capacity, std::uint64_t offset, ItemKind kind) {
    if (size == 0) return;
    if (text[0] != '{') {
      if (text[0] == '[' && kind == ItemKind::kAny) {
        Error(offset, "expected a release, a package or a record, found an array");
      } else {
        Error(offset, fmt::format("a {} must be a JSON object", kind == ItemKind::kRecord ? "record" : "release"));
      }
      return;
    }
    Result<Value> v = ParseWithSimdjson(text, size, capacity);
    if (!v.ok()) {
      Error(offset, v.status().message());
      return;
    }
    HandleValue(std::move(v).value(), offset, kind);
  }

  void Release(Value v, std::uint64_t offset) {
    ++stats_.releases;
    ReadRelease r{std::move(v), name_, offset};
    if (cb_.on_release) cb_.on_release(r);
  }

  void HandleRecord(Value& record, std::uint64_t offset) {
    const Value* ocid = record.Find("ocid");
    std::string name = ocid && ocid->is_string() ? fmt::format("record '{}'", ocid->as_string()) : "a record";
    Value* releases = record.Find("releases");
    if (!releases || !releases->is_array()) {
      Report(Problem::Severity::kWarning, offset, fmt::format("{} has no releases array; skipped", name));
      return;
    }
    size_t linked = 0;
    for (Value& r : releases->as_array()) {
      if (!r.is_object()) {
        Error(offset, fmt::format("{} has a release that is not a JSON object", name));
      } else if (r.Find("url") && !r.Find("ocid") && !r.Find("date")) {
        ++linked;
      } else {
        Release(std::move(r), offset);
      }
    }
    if (linked > 0) {
      Report(Problem::Severity::kWarning, offset,
             fmt::format("{}: {} linked release{} (a reference by url) skipped", name, linked, linked == 1 ? "" : "s"));
    }
  }

  // A whole parsed object: a release, a record, or a package held in memory.
  void HandleValue(Value v, std::uint64_t offset, ItemKind kind) {
    if (kind == ItemKind::kRelease) {
      // The `releases` of a record streamed on its own may be links.
      if (v.Find("url") && !v.Find("ocid") && !v.Find("date")) {
        Report(Problem::Severity::kWarning, offset, "a linked release (a reference by url) skipped");
        return;
      }
      return Release(std::move(v), offset);
    }
    if (kind == ItemKind::kRecord) return HandleRecord(v, offset);
    if (const Value* rs = v.Find("releases"); rs && rs->is_array() && v.Find("ocid") && !v.Find("date")) {
      return HandleRecord(v, offset);  // a record on its own (e.g. a line of records)
    }
    if (!v.Find("ocid")) {
      Value* releases = v.Find("releases");
      Value* records = v.Find("records");
      if ((releases && releases->is_array()) || (records && records->is_array())) {
        Value::Array items;
        if (releases && releases->is_array()) std::swap(items, releases->as_array());
        Value::Array recs;
        if (records && records->is_array()) std::swap(recs, records->as_array());
        if (cb_.on_package) cb_.on_package(v, offset);
        for (Value& r : items) {
          if (r.is_object()) {
            Release(std::move(r), offset);
          } else {
            Error(offset, "a release must be a JSON object");
          }
        }
        for (Value& r : recs) {
          if (r.is_object()) {
            HandleRecord(r, offset);
          } else {
            Error(offset, "a record must be a JSON object");
          }
        }
        return;
      }
    }
    Release(std::move(v), offset);
  }

  void EndTopObject(size_t end) {
    if (!shell_.empty() || saw_stream_) {
      shell_.append(buf_.data() + shell_from_, end - shell_from_);
      size_t size = shell_.size();
      shell_.append(kPadding, ' ');
      Result<Value> v = ParseWithSimdjson(shell_.data(), size, shell_.size());
      if (!v.ok()) {
        Error(doc_offset_, v.status().message());
      } else if (saw_stream_) {
        // A record on its own (it has an ocid) is no package.
        if (cb_.on_package && !v->Find("ocid")) cb_.on_package(*v, doc_offset_);
      } else {
        HandleValue(std::move(v).value(), doc_offset_, ItemKind::kAny);
      }
    } else {
      HandleText(buf_.data() + shell_from_, end - shell_from_, buf_.size() - shell_from_, doc_offset_, ItemKind::kAny);
    }
    ResetDocument();
    ++docs_;
  }

  // The fast path inside an item, or below the keys of a top-level object (depth_ above
  // max(item_depth_, 1)), where only strings, brackets and line breaks matter. It works on
  // 64-byte blocks with bit masks: the quotes give the bytes inside strings (a prefix XOR),
  // and only the brackets outside strings and the line breaks that matter are visited, one
  // by one. It gives up where the full state machine must see a byte, and returns that
  // byte's position with the state as the state machine would have it there:
  //   - a closing bracket back to that depth, a '{' at a line start of a multi-document
  //     stream, a line break inside a string of a multi-document stream;
  //   - the start of a block holding a backslash (escapes are left to the state machine,
  //     up to slow_until_, the block's end);
  //   - n, when the whole of [i, n) is scanned.
  size_t ScanBlocks(const char* b, size_t i, size_t n) {
    const int floor = std::max(item_depth_, 1);
    while (i < n) {
      const size_t len = std::min<size_t>(64, n - i);
      const std::uint64_t valid = len == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << len) - 1;
      BlockMasks m = ClassifyBlock(b + i);
      if ((m.backslash & valid) != 0) {
        slow_until_ = i + len;
        return i;
      }
      const std::uint64_t inside = PrefixXor(m.quote & valid) ^ (in_string_ ? ~std::uint64_t{0} : 0);
      const std::uint64_t newline = m.newline & valid;
      const std::uint64_t line_start = (newline << 1) | (prev_newline_ ? 1 : 0);
      const std::uint64_t stop_newline = docs_ > 0 ? newline & inside : 0;
      std::uint64_t events = (((m.open | m.close) & ~inside) | stop_newline) & valid;
      while (events != 0) {
        const int k = __builtin_ctzll(events);
        events &= events - 1;
        const std::uint64_t bit = std::uint64_t{1} << k;
        if (stop_newline & bit) {
          in_string_ = true;
          return i + static_cast<size_t>(k);
        }
        if (m.open & bit) {
          if (docs_ > 0 && (m.open_brace & line_start & bit)) {
            in_string_ = false;
            prev_newline_ = true;
            return i + static_cast<size_t>(k);
          }
          ++depth_;
        } else {
          if (depth_ - 1 <= floor) {
            in_string_ = false;
            prev_newline_ = (line_start & bit) != 0;
            return i + static_cast<size_t>(k);
          }
          --depth_;
        }
      }
      const std::uint64_t last = std::uint64_t{1} << (len - 1);
      in_string_ = (inside & last) != 0;
      prev_newline_ = (newline & last) != 0 && !in_string_;
      i += len;
    }
    return n;
  }

  // Scans buf_[i, len_).
  void Scan(size_t i) {
    char* b = buf_.data();
    const size_t n = len_;
    while (i < n) {
      if (skip_line_) {
        const void* nl = std::memchr(b + i, '\n', n - i);
        if (!nl) return;
        i = static_cast<const char*>(nl) - b;
        skip_line_ = false;
      }
      if (i >= slow_until_ && !escape_ && depth_ > std::max(item_depth_, 1)) {
        i = ScanBlocks(b, i, n);
        if (i >= n) return;
      }
      if (in_string_) {
        while (i < n) {
          // Fast path: runs of ordinary string bytes.
          if (!escape_ && !key_capture_) {
            i = FindStringStop(b, i, n);
            if (i >= n) break;
          }
          char c = b[i];
          if (escape_) {
            escape_ = false;
          } else if (c == '\\') {
            escape_ = true;
          } else if (c == '"') {
            break;
          } else if (c == '\n' && docs_ > 0) {
            break;
          } else if (key_capture_ && key_.size() < 16) {
            key_.push_back(c);
          }
          ++i;
        }
        if (i >= n) return;
        if (b[i] == '\n') {
          AbandonDocument("line break inside a string");
          prev_newline_ = true;
          ++i;
          continue;
        }
        in_string_ = false;
        if (key_capture_) {
          key_capture_ = false;
          expect_key_ = false;
          pending_ = key_ == "releases" ? Stream::kReleases : key_ == "records" ? Stream::kRecords : Stream::kNone;
        }
        ++i;
        prev_newline_ = false;
        continue;
      }
      char c = b[i];
      switch (c) {
        case ' ':
        case '\t':
        case '\r': break;
        case '\n':
          prev_newline_ = true;
          ++i;
          continue;
        case '"':
          if (depth_ == 0) {
            Error(Abs(i), "expected a JSON object or array");
            skip_line_ = true;
            break;
          }
          MaybeStartItem(i);
          in_string_ = true;
          if (top_ == Top::kObject && depth_ == 1) {
            if (expect_key_) {
              key_capture_ = true;
              key_.clear();
            } else {
              pending_ = Stream::kNone;
            }
          }
          break;
        case '{':
        case '[':
          if (depth_ == 0) {
            doc_offset_ = Abs(i);
            depth_ = 1;
            saw_stream_ = false;
            if (c == '[') {
              top_ = Top::kArray;
              item_depth_ = 1;
            } else {
              top_ = Top::kObject;
              shell_from_ = i;
              expect_key_ = true;
            }
            break;
          }
          // Resynchronising on line starts is safe only in a stream of several documents.
          if (docs_ > 0 && prev_newline_ && c == '{') {
            AbandonDocument("a new document starts before it ends");
            continue;  // rescan this '{' as the start of the next document
          }
          if (top_ == Top::kObject && depth_ == 1) {
            if (c == '[' && pending_ != Stream::kNone && !streaming_) {
              // Stream the releases/records array: the shell keeps it as "[]".
              shell_.append(b + shell_from_, i + 1 - shell_from_);
              shell_from_ = kNpos;
              streaming_ = saw_stream_ = true;
              stream_ = pending_;
              pending_ = Stream::kNone;
              depth_ = 2;
              item_depth_ = 2;
              break;
            }
            pending_ = Stream::kNone;
          }
          MaybeStartItem(i);
          ++depth_;
          break;
        case '}':
        case ']':
          if (depth_ == 0) {
            Error(Abs(i), "unexpected closing bracket");
            skip_line_ = true;
            break;
          }
          --depth_;
          if (streaming_ && depth_ == 1) {
            if (item_start_ != kNpos) EndItem(i);
            streaming_ = false;
            item_depth_ = 0;
            shell_from_ = i;
            break;
          }
          if (item_start_ != kNpos) {
            if (depth_ == item_depth_) {
              EndItem(i + 1);
            } else if (depth_ < item_depth_) {
              EndItem(i);  // a scalar item closed by its array's end
            }
          }
          if (depth_ == 0) {
            if (top_ == Top::kObject) {
              EndTopObject(i + 1);
            } else {
              ResetDocument();
              ++docs_;
            }
            b = buf_.data();
          }
          break;
        case ',':
          if (item_start_ != kNpos && depth_ == item_depth_) EndItem(i);
          if (top_ == Top::kObject && depth_ == 1) {
            expect_key_ = true;
            pending_ = Stream::kNone;
          }
          break;
        case ':': break;
        default:
          if (depth_ == 0) {
            Error(Abs(i), "expected a JSON object or array");
            skip_line_ = true;
            break;
          }
          MaybeStartItem(i);
          if (top_ == Top::kObject && depth_ == 1) pending_ = Stream::kNone;
          break;
      }
      prev_newline_ = false;
      ++i;
    }
  }

  void Finish() {
    if (depth_ > 0 || in_string_) {
      std::uint64_t at = item_start_ != kNpos ? item_offset_ : doc_offset_;
      Error(at, "unexpected end of input (the JSON is truncated or malformed)");
    }
  }

  std::string name_;
  const ReaderCallbacks& cb_;
  ReaderStats& stats_;
  const size_t chunk_;  // bytes read at a time

  std::vector<char> buf_;
  size_t len_ = 0;
  std::uint64_t base_ = 0;  // absolute offset of buf_[0]

  int depth_ = 0;
  bool in_string_ = false, escape_ = false, prev_newline_ = true, skip_line_ = false;
  // ScanBlocks leaves the bytes before this position (in buf_) to the state machine.
  size_t slow_until_ = 0;
  Top top_ = Top::kNone;
  std::uint64_t doc_offset_ = 0;
  std::uint64_t docs_ = 0;

  // Items: array elements at depth item_depth_ (0: none).
  int item_depth_ = 0;
  size_t item_start_ = kNpos;
  std::uint64_t item_offset_ = 0;

  // A top-level object: its keys at depth 1, its text (the "shell") without streamed arrays.
  bool expect_key_ = false, key_capture_ = false, streaming_ = false, saw_stream_ = false;
  std::string key_;
  Stream pending_ = Stream::kNone, stream_ = Stream::kNone;
  std::string shell_;
  size_t shell_from_ = kNpos;
};

Status ReadSource(std::unique_ptr<Source> raw, const std::string& name, const ReaderCallbacks& cb, ReaderStats& stats,
                  size_t chunk) {
  COBUY_ASSIGN_OR_RETURN(std::unique_ptr<Source> src,
                         InflateIfGzip(std::move(raw), name, std::min<size_t>(256 * 1024, chunk), &stats.gzip));
  Scanner scanner(name, cb, stats, chunk);
  return scanner.Run(*src);
}

}  // namespace

std::string Problem::ToString() const {
  return fmt::format("{}:{}: {}", file, offset, message);
}

Result<Value> ParseWithSimdjson(const char* text, size_t size, size_t capacity) {
  size_t first = 0;
  while (first < size && (text[first] == ' ' || text[first] == '\n' || text[first] == '\r' || text[first] == '\t'))
    ++first;
  if (first == size || (text[first] != '{' && text[first] != '[')) {
    return Value::Parse(std::string_view(text, size));  // a scalar document
  }
  od::document doc;
  simdjson::error_code e = ThreadParser().iterate(text, size, capacity).get(doc);
  Value out;
  if (!e) {
    od::value root;
    e = doc.get_value().get(root);
    if (!e) {
      std::vector<TapeEntry>& tape = ThreadTape();
      tape.clear();
      e = Record(root, {}, 0, tape);
      if (!e) Materialize(tape, 0, &out);
      // Keep the tape's memory for the next release, unless one huge document grew it.
      if (tape.capacity() > (size_t{1} << 20)) std::vector<TapeEntry>().swap(tape);
    }
  }
  if (e) return InvalidArgument(fmt::format("malformed JSON: {}", simdjson::error_message(e)));
  return out;
}

Status ReleaseReader::ReadFile(const std::string& path) {
  COBUY_ASSIGN_OR_RETURN(std::unique_ptr<Source> src, OpenFile(path));
  return ReadSource(std::move(src), path == "-" ? "<stdin>" : path, cb_, stats_, chunk_bytes_);
}

Status ReleaseReader::ReadBuffer(std::string_view data, const std::string& name) {
  return ReadSource(MemoryInput(data), name, cb_, stats_, chunk_bytes_);
}

}  // namespace cobuy::ocds
