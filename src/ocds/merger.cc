#include "ocds/merger.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace cobuy::ocds {
namespace {

// The reference keeps a flat map from JSON path to value, where array positions are replaced
// by the item's `id` (or a fresh unique key when it has none), and rebuilds the tree at the
// end. This merger keeps the tree itself: a node per path, created the first time a value is
// written at or below it, so member and item order is the order of first appearance, as in
// the reference. Nodes live in one vector and refer to each other by index: the children of
// a node (members or items) are a list through `first`/`next`, so a node costs no allocation
// of its own, and a member's name is a view of the release's key (the releases outlive the
// Builder's work) or of a literal.

constexpr std::uint32_t kUnresolved = 0xFFFFFFFFu;

struct Version {
  std::uint32_t release;  // index into the release metadata
  Value value;
};

struct Node {
  enum class Kind : std::uint8_t { kEmpty, kObject, kArray };
  // Whether an array item was identified by an `id`: none (always a new item), a null `id`,
  // or a value (then the item's first member is that `id`).
  enum class IdState : std::uint8_t { kNone, kNull, kValue };

  Kind kind = Kind::kEmpty;
  IdState id_state = IdState::kNone;  // of an array item
  bool has_leaf = false;
  // A value was written here before anything below it; see Emit for why it matters.
  bool leaf_first = false;
  // One unversioned value even in a versioned release (`ocid`, the `id` of an array item).
  bool plain = false;
  std::uint32_t first = kUnresolved;  // first child (member or item)
  std::uint32_t last = kUnresolved;   // last child
  std::uint32_t next = kUnresolved;   // next sibling
  std::uint32_t hint = kUnresolved;   // the member found by the last lookup
  std::uint32_t count = 0;            // children
  std::string_view key;               // a member's name
  Value leaf;
  std::vector<Version> versions;
};

struct ReleaseMeta {
  Value id;
  Value date;
  Value tag;
};

// A node not created yet: a member of an object or an item of an array, created only when a
// value is written at or below it (an empty object writes nothing, so creates nothing).
struct Pending {
  Pending* parent = nullptr;
  bool is_item = false;
  std::string_view key;      // member name
  const Value* id = nullptr;  // item: its `id` member, if any
  std::uint32_t node = kUnresolved;
};

// Python's str() of an `id` value, then repr() of that string: how the reference words it.
std::string PythonRepr(const Value& id) {
  std::string s;
  switch (id.type()) {
    case Value::Type::kString: s = id.as_string(); break;
    case Value::Type::kNumber: s = id.number_text(); break;
    case Value::Type::kBool: s = id.as_bool() ? "True" : "False"; break;
    case Value::Type::kNull: s = "None"; break;
    default: s = id.ToJson(); break;
  }
  char quote = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == quote) {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

// Key equality with a cheap first-byte test before memcmp (member names rarely share both
// their length and first byte).
inline bool SameKey(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), a.size()) == 0));
}

// A hash consistent with Value's operator== on the values an `id` holds: numbers hash by
// their numeric value (1 and 1.0 are equal), objects and arrays (never seen in practice) all
// hash alike and are told apart by operator==.
size_t IdHash(const Value& v) {
  switch (v.type()) {
    case Value::Type::kString: return std::hash<std::string_view>{}(v.as_string());
    case Value::Type::kNumber: {
      double d = std::strtod(v.number_text().c_str(), nullptr);
      if (d == 0) d = 0;  // -0 == 0
      return std::hash<double>{}(d) ^ 0x9e3779b97f4a7c15ull;
    }
    case Value::Type::kBool: return v.as_bool() ? 0x51u : 0x52u;
    default: return static_cast<size_t>(v.type()) * 0x100000001b3ull;
  }
}

// Arrays with at least this many items match ids through a hash index instead of a scan.
constexpr size_t kIndexFrom = 16;

bool AnyNonObject(const Value::Array& items) {
  return std::any_of(items.begin(), items.end(), [](const Value& v) { return !v.is_object(); });
}

class Builder {
 public:
  Builder(const MergeRules& rules, bool versioned, std::vector<std::string>* warnings)
      : rules_(rules), versioned_(versioned), warnings_(warnings) {
    // As many nodes as the last Builder of this thread needed: records of one publisher look
    // alike, so the vector seldom grows (nodes are moved when it does).
    nodes_.reserve(NodesHint());
    nodes_.emplace_back();
    nodes_[0].kind = Node::Kind::kObject;
    root_.node = 0;
  }

  ~Builder() { NodesHint() = std::clamp<size_t>(nodes_.size(), 64, 1 << 14); }

  const Status& error() const { return error_; }

  // Sets a top-level field outside the rules (compiled metadata, the versioned `ocid`).
  void SetTopLevel(std::string_view key, Value value, bool plain) {
    Pending p{&root_, false, key};
    std::uint32_t idx = Resolve(&p);
    if (idx == kUnresolved) return;
    nodes_[idx].plain = plain;
    WriteLeaf(&p, std::move(value));
  }

  // Merges one release (already validated), consuming its values.
  void AddRelease(Value& release, std::uint32_t meta_index) {
    release_ = meta_index;
    WalkObject(release.as_object(), rules_.root(), &root_, /*top=*/true);
  }

  Result<Value> Finish(const std::vector<ReleaseMeta>& metas) {
    if (!error_.ok()) return error_;
    metas_ = &metas;
    Value out;
    bool present = false;
    Emit(0, &out, &present);
    if (!error_.ok()) return error_;
    return out;
  }

 private:
  void Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
  }

  std::string PathText() const {
    std::string text;
    for (std::string_view part : path_) {
      if (!text.empty()) text += '.';
      text.append(part);
    }
    return text;
  }

  static size_t& NodesHint() {
    thread_local size_t hint = 64;
    return hint;
  }

  // A new node, last child of `parent` (kUnresolved: none). Invalidates references to nodes.
  std::uint32_t NewNode(std::uint32_t parent) {
    const auto idx = static_cast<std::uint32_t>(nodes_.size());
    nodes_.emplace_back();
    if (parent != kUnresolved) {
      Node& p = nodes_[parent];
      if (p.last == kUnresolved) {
        p.first = idx;
      } else {
        nodes_[p.last].next = idx;
      }
      p.last = idx;
      ++p.count;
    }
    return idx;
  }

  std::uint32_t MemberOf(std::uint32_t parent, std::string_view key) {
    Node& n = nodes_[parent];
    if (n.kind == Node::Kind::kArray) {
      Fail(InvalidArgument(fmt::format("`{}` is an array in one release and an object in another", PathText())));
      return kUnresolved;
    }
    n.kind = Node::Kind::kObject;
    // Releases mostly repeat their members' order: look after the last member found first.
    const std::uint32_t start = n.hint == kUnresolved ? n.first : nodes_[n.hint].next;
    for (std::uint32_t c = start; c != kUnresolved; c = nodes_[c].next) {
      if (SameKey(nodes_[c].key, key)) return n.hint = c;
    }
    for (std::uint32_t c = n.first; c != start; c = nodes_[c].next) {
      if (SameKey(nodes_[c].key, key)) return n.hint = c;
    }
    std::uint32_t idx = NewNode(parent);
    nodes_[idx].key = key;
    nodes_[parent].hint = idx;
    return idx;
  }

  // Whether item node `item` matches the `id` value `id` (null matches null).
  bool ItemMatches(std::uint32_t item, const Value& id) const {
    const Node& n = nodes_[item];
    if (id.is_null()) return n.id_state == Node::IdState::kNull;
    if (n.id_state != Node::IdState::kValue) return false;
    return nodes_[n.first].leaf == id;
  }

  // The id value of an identified item node (null for a null id).
  const Value& ItemId(std::uint32_t item) const {
    static const Value kNullId;
    const Node& n = nodes_[item];
    if (n.id_state != Node::IdState::kValue) return kNullId;
    return nodes_[n.first].leaf;
  }

  // The first item of array node `parent` that `id` matches, or kUnresolved.
  std::uint32_t FindItem(std::uint32_t parent, const Value& id) {
    const Node& array = nodes_[parent];
    if (array.count < kIndexFrom) {
      for (std::uint32_t c = array.first; c != kUnresolved; c = nodes_[c].next) {
        if (ItemMatches(c, id)) return c;
      }
      return kUnresolved;
    }
    auto [it, inserted] = id_index_.try_emplace(parent);
    auto& index = it->second;
    if (inserted) {
      index.reserve(array.count * 2);
      for (std::uint32_t c = array.first; c != kUnresolved; c = nodes_[c].next) {
        if (nodes_[c].id_state != Node::IdState::kNone) index.emplace(IdHash(ItemId(c)), c);
      }
    }
    // Several items may match (only through ids equal as numbers but spelt differently, or
    // a hash collision): the first one in the array wins, as in the scan. Items are created
    // in array order, so the first is the lowest node index.
    std::uint32_t best = kUnresolved;
    auto range = index.equal_range(IdHash(id));
    for (auto e = range.first; e != range.second; ++e) {
      if (e->second < best && ItemMatches(e->second, id)) best = e->second;
    }
    return best;
  }

  std::uint32_t ItemOf(std::uint32_t parent, const Value* id) {
    {
      Node& n = nodes_[parent];
      if (n.kind == Node::Kind::kObject) {
        Fail(InvalidArgument(fmt::format("`{}` is an object in one release and an array in another", PathText())));
        return kUnresolved;
      }
      n.kind = Node::Kind::kArray;
      if (id != nullptr) {
        std::uint32_t found = FindItem(parent, *id);
        if (found != kUnresolved) return found;
      }
    }
    std::uint32_t idx = NewNode(parent);
    Node::IdState state = Node::IdState::kNone;
    if (id != nullptr) state = id->is_null() ? Node::IdState::kNull : Node::IdState::kValue;
    nodes_[idx].id_state = state;
    if (state == Node::IdState::kValue) {
      // The item starts with its `id`, which later releases never change nor version.
      nodes_[idx].kind = Node::Kind::kObject;
      std::uint32_t id_node = NewNode(idx);
      Node& leaf = nodes_[id_node];
      leaf.key = "id";
      leaf.plain = true;
      leaf.has_leaf = true;
      leaf.leaf_first = true;
      leaf.leaf = *id;
    }
    if (state != Node::IdState::kNone) {
      if (auto it = id_index_.find(parent); it != id_index_.end()) it->second.emplace(IdHash(*id), idx);
    }
    return idx;
  }

  std::uint32_t Resolve(Pending* p) {
    if (p->node != kUnresolved) return p->node;
    std::uint32_t parent = Resolve(p->parent);
    if (parent == kUnresolved) return kUnresolved;
    p->node = p->is_item ? ItemOf(parent, p->id) : MemberOf(parent, p->key);
    return p->node;
  }

  void WriteLeaf(Pending* p, Value value) {
    std::uint32_t idx = Resolve(p);
    if (idx == kUnresolved) return;
    Node& n = nodes_[idx];
    if (!n.has_leaf) {
      n.has_leaf = true;
      n.leaf_first = n.kind == Node::Kind::kEmpty;
    }
    // Once something was written below this path first, a value here is never output.
    if (!n.leaf_first) return;
    if (versioned_ && !n.plain) {
      if (!n.versions.empty() && n.versions.back().value == value) return;
      n.versions.push_back({release_, std::move(value)});
    } else {
      n.leaf = std::move(value);
    }
  }

  void WalkObject(Value::Object& object, MergeRules::NodeId rule, Pending* p, bool top) {
    // The `id` of an identified array item was set when the item was created.
    const bool locked_id = p->is_item && p->id != nullptr && !p->id->is_null();
    for (Value::Member& m : object) {
      if (!error_.ok()) return;
      if (top && (m.key == "tag" || (versioned_ && m.key == "ocid"))) continue;
      MergeRules::NodeId child_rule = rules_.Child(rule, m.key);
      FieldRule field_rule = rules_.rule(child_rule);
      if (field_rule == FieldRule::kOmit) continue;
      if (locked_id && m.key == "id") {
        Resolve(p);
        continue;
      }
      Pending child{p, false, m.key};
      Value& v = m.value;
      if (field_rule == FieldRule::kWholeList || (!v.is_object() && !v.is_array()) ||
          (v.is_array() && AnyNonObject(v.as_array()))) {
        path_.push_back(m.key);
        WriteLeaf(&child, std::move(v));
        path_.pop_back();
      } else if (v.is_object()) {
        if (v.as_object().empty()) continue;
        path_.push_back(m.key);
        WalkObject(v.as_object(), child_rule, &child, false);
        path_.pop_back();
      } else {
        if (v.as_array().empty()) continue;
        path_.push_back(m.key);
        WalkArray(v.as_array(), child_rule, &child);
        path_.pop_back();
      }
    }
  }

  // Identifier merge: items are matched by `id`; items without one are appended.
  void WalkArray(Value::Array& items, MergeRules::NodeId rule, Pending* p) {
    // The ids met so far in this array, to warn about repetitions (hashed for large arrays).
    std::vector<const Value*> seen;
    std::unordered_multimap<size_t, const Value*> seen_hashed;
    const bool hashed = items.size() >= kIndexFrom;
    if (items.size() > 1) {
      if (hashed) {
        seen_hashed.reserve(items.size());
      } else {
        seen.reserve(items.size());
      }
    }
    for (Value& item : items) {
      if (!error_.ok()) return;
      Value::Object& object = item.as_object();
      const Value* id = item.Find("id");
      if (items.size() > 1 && id != nullptr) {
        bool repeated = false;
        if (hashed) {
          size_t h = IdHash(*id);
          auto range = seen_hashed.equal_range(h);
          repeated = std::any_of(range.first, range.second, [&](const auto& e) { return *e.second == *id; });
          if (!repeated) seen_hashed.emplace(h, id);
        } else {
          repeated = std::any_of(seen.begin(), seen.end(), [&](const Value* s) { return *s == *id; });
          if (!repeated) seen.push_back(id);
        }
        if (repeated) {
          warnings_->push_back(fmt::format("Multiple objects have the `id` value {} in the `{}` array",
                                           PythonRepr(*id), PathText()));
        }
      }
      if (object.empty()) continue;
      Pending child{p, true, {}, id};
      WalkObject(object, rule, &child, false);
    }
  }

  Value VersionsOf(Node& n) {
    Value::Array list;
    list.reserve(n.versions.size());
    for (Version& v : n.versions) {
      const ReleaseMeta& meta = (*metas_)[v.release];
      Value::Object entry;
      entry.reserve(4);
      entry.push_back({"releaseID", meta.id});
      entry.push_back({"releaseDate", meta.date});
      entry.push_back({"releaseTag", meta.tag});
      entry.push_back({"value", std::move(v.value)});
      list.push_back(Value::MakeObject(std::move(entry)));
    }
    return Value::MakeArray(std::move(list));
  }

  // Builds the output of node `idx`, consuming it. `*present` is false when the node has
  // nothing to output (a field last set to null in a compiled release).
  void Emit(std::uint32_t idx, Value* out, bool* present) {
    Node& n = nodes_[idx];
    *present = false;
    if (n.kind != Node::Kind::kEmpty) {
      // A value written before anything below it: the reference rebuilds the tree in the
      // order paths first appeared, and cannot go below a literal.
      if (n.has_leaf && n.leaf_first && ((versioned_ && !n.plain) || !n.leaf.is_null())) {
        Fail(InvalidArgument(fmt::format(
            "`{}` is a literal in an earlier release and an object or array in a later one", PathText())));
        return;
      }
      if (n.kind == Node::Kind::kObject) {
        Value::Object& members = out->AssignObject();
        members.reserve(n.count);
        // Emit may not grow nodes_, so `n` stays valid.
        for (std::uint32_t child = n.first; child != kUnresolved; child = nodes_[child].next) {
          Value v;
          bool child_present = false;
          std::string_view name = nodes_[child].key;
          path_.push_back(name);
          Emit(child, &v, &child_present);
          path_.pop_back();
          if (!error_.ok()) return;
          if (child_present) {
            Value::Member& m = members.emplace_back();
            m.key.assign(name);
            m.value = std::move(v);
          }
        }
      } else {
        Value::Array& list = out->AssignArray();
        list.reserve(n.count);
        for (std::uint32_t child = n.first; child != kUnresolved; child = nodes_[child].next) {
          Value v;
          bool child_present = false;
          Emit(child, &v, &child_present);
          if (!error_.ok()) return;
          if (child_present) list.push_back(std::move(v));
        }
      }
      *present = true;
      return;
    }
    if (!n.has_leaf) return;
    if (versioned_ && !n.plain) {
      *out = VersionsOf(n);
      *present = true;
      return;
    }
    if (n.leaf.is_null()) return;
    *out = std::move(n.leaf);
    *present = true;
  }

  const MergeRules& rules_;
  const bool versioned_;
  std::vector<std::string>* warnings_;
  std::vector<Node> nodes_;
  // Hash indexes of the items of large identifier-merged arrays: array node -> (IdHash of the
  // item's id -> item node).
  std::unordered_map<std::uint32_t, std::unordered_multimap<size_t, std::uint32_t>> id_index_;
  Pending root_;
  std::uint32_t release_ = 0;
  std::vector<std::string_view> path_;
  const std::vector<ReleaseMeta>* metas_ = nullptr;
  Status error_;
};

// Checks the releases and returns their indices in merge order (by `date`, stable).
Result<std::vector<std::uint32_t>> Order(const std::vector<Value>& releases) {
  for (size_t i = 0; i < releases.size(); ++i) {
    const Value& r = releases[i];
    if (!r.is_object()) {
      return InvalidArgument(fmt::format("release {} is not a JSON object", i), fmt::format("releases[{}]", i));
    }
    for (const char* field : {"date", "ocid"}) {
      const Value* v = r.Find(field);
      if (v == nullptr || !v->is_string()) {
        return InvalidArgument(v == nullptr ? fmt::format("release {} has no `{}`", i, field)
                                            : fmt::format("release {}: `{}` is not a string", i, field),
                               fmt::format("releases[{}].{}", i, field));
      }
    }
  }
  std::vector<std::uint32_t> order(releases.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  std::vector<std::string_view> dates(releases.size());
  for (size_t i = 0; i < dates.size(); ++i) dates[i] = releases[i].Find("date")->as_string();
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return dates[a] < dates[b]; });
  return order;
}

Value CopyOrNull(const Value* v) { return v == nullptr ? Value() : *v; }

}  // namespace

Result<MergedRelease> Merger::Compile(std::vector<Value> releases) const {
  COBUY_ASSIGN_OR_RETURN(std::vector<std::uint32_t> order, Order(releases));
  MergedRelease result;
  Builder builder(rules_, /*versioned=*/false, &result.warnings);
  builder.SetTopLevel("tag", Value::MakeArray({Value::String("compiled")}), false);
  for (size_t k = 0; k < order.size(); ++k) {
    const std::uint32_t i = order[k];
    Value& release = releases[i];
    // Each release overwrites these three, so only the first one (which creates them, in
    // this order) and the last one (whose values stay) need to write them.
    if (k == 0 || k + 1 == order.size()) {
      const std::string& ocid = release.Find("ocid")->as_string();
      const std::string& date = release.Find("date")->as_string();
      builder.SetTopLevel("id", Value::String(fmt::format("{}-{}", ocid, date)), false);
      builder.SetTopLevel("date", Value::String(date), false);
      builder.SetTopLevel("ocid", Value::String(ocid), false);
    }
    builder.AddRelease(release, i);
  }
  COBUY_ASSIGN_OR_RETURN(result.release, builder.Finish({}));
  return result;
}

Result<MergedRelease> Merger::Version(std::vector<Value> releases) const {
  COBUY_ASSIGN_OR_RETURN(std::vector<std::uint32_t> order, Order(releases));
  std::vector<ReleaseMeta> metas(releases.size());
  for (size_t i = 0; i < releases.size(); ++i) {
    metas[i] = {CopyOrNull(releases[i].Find("id")), CopyOrNull(releases[i].Find("date")),
                CopyOrNull(releases[i].Find("tag"))};
  }
  MergedRelease result;
  Builder builder(rules_, /*versioned=*/true, &result.warnings);
  for (std::uint32_t i : order) {
    builder.SetTopLevel("ocid", *releases[i].Find("ocid"), /*plain=*/true);
    builder.AddRelease(releases[i], i);
  }
  COBUY_ASSIGN_OR_RETURN(result.release, builder.Finish(metas));
  return result;
}

Result<MergedRecord> Merger::Merge(std::vector<Value> releases, bool versioned) const {
  MergedRecord record;
  if (versioned) {
    COBUY_ASSIGN_OR_RETURN(MergedRelease v, Version(releases));
    record.versioned = std::move(v.release);
  }
  COBUY_ASSIGN_OR_RETURN(MergedRelease c, Compile(std::move(releases)));
  record.compiled = std::move(c.release);
  record.warnings = std::move(c.warnings);
  return record;
}

}  // namespace cobuy::ocds
