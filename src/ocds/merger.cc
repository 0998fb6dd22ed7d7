#include "ocds/merger.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
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
// the reference. Nodes live in one vector and refer to each other by index.

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
  struct Item {
    IdState id_state;
    std::uint32_t node;
  };

  Kind kind = Kind::kEmpty;
  bool has_leaf = false;
  // A value was written here before anything below it; see Emit for why it matters.
  bool leaf_first = false;
  // One unversioned value even in a versioned release (`ocid`, the `id` of an array item).
  bool plain = false;
  Value leaf;
  std::vector<Version> versions;
  std::vector<std::pair<std::string, std::uint32_t>> members;
  std::vector<Item> items;
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
    nodes_.emplace_back();
    nodes_[0].kind = Node::Kind::kObject;
    root_.node = 0;
  }

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

  std::uint32_t NewNode() {
    nodes_.emplace_back();
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }

  std::uint32_t MemberOf(std::uint32_t parent, std::string_view key) {
    Node& n = nodes_[parent];
    if (n.kind == Node::Kind::kArray) {
      Fail(InvalidArgument(fmt::format("`{}` is an array in one release and an object in another", PathText())));
      return kUnresolved;
    }
    n.kind = Node::Kind::kObject;
    for (const auto& [name, idx] : n.members) {
      if (SameKey(name, key)) return idx;
    }
    std::uint32_t idx = NewNode();
    nodes_[parent].members.emplace_back(std::string(key), idx);
    return idx;
  }

  // Whether item `item` of an array matches the `id` value `id` (null matches null).
  bool ItemMatches(const Node::Item& item, const Value& id) const {
    if (id.is_null()) return item.id_state == Node::IdState::kNull;
    if (item.id_state != Node::IdState::kValue) return false;
    const Node& existing = nodes_[item.node];
    return nodes_[existing.members.front().second].leaf == id;
  }

  // The id value of an identified item (null for a null id).
  const Value& ItemId(const Node::Item& item) const {
    static const Value kNullId;
    if (item.id_state != Node::IdState::kValue) return kNullId;
    return nodes_[nodes_[item.node].members.front().second].leaf;
  }

  // The first item of array node `parent` that `id` matches, or kUnresolved.
  std::uint32_t FindItem(std::uint32_t parent, const Value& id) {
    const std::vector<Node::Item>& items = nodes_[parent].items;
    if (items.size() < kIndexFrom) {
      for (const Node::Item& item : items) {
        if (ItemMatches(item, id)) return item.node;
      }
      return kUnresolved;
    }
    auto [it, inserted] = id_index_.try_emplace(parent);
    auto& index = it->second;
    if (inserted) {
      index.reserve(items.size() * 2);
      for (std::uint32_t pos = 0; pos < items.size(); ++pos) {
        if (items[pos].id_state != Node::IdState::kNone) index.emplace(IdHash(ItemId(items[pos])), pos);
      }
    }
    // Several items may match (only through ids equal as numbers but spelt differently, or
    // a hash collision): the first one in the array wins, as in the scan.
    std::uint32_t best = kUnresolved;
    auto range = index.equal_range(IdHash(id));
    for (auto e = range.first; e != range.second; ++e) {
      if (e->second < best && ItemMatches(items[e->second], id)) best = e->second;
    }
    return best == kUnresolved ? kUnresolved : items[best].node;
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
    std::uint32_t idx = NewNode();
    Node::IdState state = Node::IdState::kNone;
    if (id != nullptr) state = id->is_null() ? Node::IdState::kNull : Node::IdState::kValue;
    if (state == Node::IdState::kValue) {
      // The item starts with its `id`, which later releases never change nor version.
      std::uint32_t id_node = NewNode();
      Node& leaf = nodes_[id_node];
      leaf.plain = true;
      leaf.has_leaf = true;
      leaf.leaf_first = true;
      leaf.leaf = *id;
      nodes_[idx].kind = Node::Kind::kObject;
      nodes_[idx].members.emplace_back("id", id_node);
    }
    std::vector<Node::Item>& items = nodes_[parent].items;
    items.push_back({state, idx});
    if (state != Node::IdState::kNone) {
      if (auto it = id_index_.find(parent); it != id_index_.end()) {
        it->second.emplace(IdHash(*id), static_cast<std::uint32_t>(items.size() - 1));
      }
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
        Value::Object members;
        members.reserve(n.members.size());
        // Emit may not grow nodes_, so `n` stays valid.
        for (auto& [name, child] : n.members) {
          Value v;
          bool child_present = false;
          path_.push_back(name);
          Emit(child, &v, &child_present);
          path_.pop_back();
          if (!error_.ok()) return;
          if (child_present) members.push_back({std::move(name), std::move(v)});
        }
        *out = Value::MakeObject(std::move(members));
      } else {
        Value::Array list;
        list.reserve(n.items.size());
        for (const Node::Item& item : n.items) {
          Value v;
          bool child_present = false;
          Emit(item.node, &v, &child_present);
          if (!error_.ok()) return;
          if (child_present) list.push_back(std::move(v));
        }
        *out = Value::MakeArray(std::move(list));
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
  // A deque: nodes never move once created, so references to them stay valid.
  std::deque<Node> nodes_;
  // Hash indexes of the items of large identifier-merged arrays: array node -> (IdHash of the
  // item's id -> position in the array node's items).
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
  for (std::uint32_t i : order) {
    Value& release = releases[i];
    const std::string& ocid = release.Find("ocid")->as_string();
    const std::string& date = release.Find("date")->as_string();
    builder.SetTopLevel("id", Value::String(fmt::format("{}-{}", ocid, date)), false);
    builder.SetTopLevel("date", Value::String(date), false);
    builder.SetTopLevel("ocid", Value::String(ocid), false);
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
