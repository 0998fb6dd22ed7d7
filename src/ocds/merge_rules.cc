#include "ocds/merge_rules.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cobuy::ocds {

using nlohmann::json;

std::string_view FieldRuleName(FieldRule rule) {
  switch (rule) {
    case FieldRule::kNone: return "none";
    case FieldRule::kOmit: return "omitWhenMerged";
    case FieldRule::kWholeList: return "wholeListMerge";
    case FieldRule::kObject: return "object";
    case FieldRule::kIdentifierMerge: return "identifierMerge";
  }
  return "?";
}

namespace {

constexpr int kMaxSchemaDepth = 256;

// The order of a node's children: by length, then bytes. Child() then compares lengths or
// first bytes on most steps of its binary search instead of calling memcmp.
bool ChildLess(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  if (a.empty()) return false;
  if (a[0] != b[0]) return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  return a < b;
}

// JSON Schema keywords read as booleans the way Python reads them (`if value.get(...)`).
bool Truthy(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return false;
  switch (it->type()) {
    case json::value_t::boolean: return it->get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return it->get<double>() != 0;
    case json::value_t::string:
    case json::value_t::array:
    case json::value_t::object: return !it->empty();
    default: return false;
  }
}

bool StringIs(const json& obj, const char* key, std::string_view expected) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() && it->get_ref<const std::string&>() == expected;
}

// The `type` keyword as a list of names (empty when absent).
std::vector<std::string> Types(const json& obj) {
  std::vector<std::string> types;
  auto it = obj.find("type");
  if (it == obj.end()) return types;
  if (it->is_string()) {
    types.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const json& t : *it) {
      if (t.is_string()) types.push_back(t.get<std::string>());
    }
  }
  return types;
}

bool Has(const std::vector<std::string>& types, std::string_view name) {
  return std::find(types.begin(), types.end(), name) != types.end();
}

}  // namespace

class RulesBuilder {
 public:
  RulesBuilder(const json& root, MergeRules* out) : root_(root), out_(out) {}

  Status Build() {
    if (!root_.is_object()) return InvalidArgument("release schema: not a JSON object");
    const json* props = nullptr;
    size_t pushed = 0;
    auto it = root_.find("properties");
    if (it == root_.end()) return InvalidArgument("release schema: no `properties`");
    COBUY_RETURN_IF_ERROR(Resolve(&*it, &props, &pushed));
    if (props == nullptr || !props->is_object()) {
      return InvalidArgument("release schema: `properties` is not an object");
    }
    COBUY_RETURN_IF_ERROR(AddProperties(*props, out_->root(), 0));
    Pop(pushed);
    for (MergeRules::Node& node : out_->nodes_) {
      std::sort(node.children.begin(), node.children.end(),
                [](const auto& a, const auto& b) { return ChildLess(a.first, b.first); });
    }
    return Status::Ok();
  }

 private:
  // Follows `$ref`s from `node`; `*out` is the schema object reached, or nullptr when the
  // chain reaches a `$ref` already being expanded (a cycle). The refs followed are pushed on
  // the expansion stack (`*pushed` of them); the caller pops them after its subtree.
  Status Resolve(const json* node, const json** out, size_t* pushed) {
    *pushed = 0;
    while (node->is_object()) {
      auto ref = node->find("$ref");
      if (ref == node->end() || !ref->is_string()) break;
      const std::string& target = ref->get_ref<const std::string&>();
      if (std::find(stack_.begin(), stack_.end(), target) != stack_.end()) {
        *out = nullptr;
        return Status::Ok();
      }
      if (target.empty() || target[0] != '#') {
        return InvalidArgument(fmt::format("release schema: unsupported $ref \"{}\" (only local refs)", target));
      }
      const json* next = nullptr;
      try {
        json::json_pointer pointer(target.substr(1));
        if (root_.contains(pointer)) next = &root_.at(pointer);
      } catch (const json::exception&) {
        next = nullptr;
      }
      if (next == nullptr) {
        return InvalidArgument(fmt::format("release schema: $ref \"{}\" points nowhere", target));
      }
      stack_.push_back(target);
      ++*pushed;
      node = next;
    }
    *out = node;
    return Status::Ok();
  }

  void Pop(size_t n) { stack_.resize(stack_.size() - n); }

  MergeRules::NodeId AddChild(MergeRules::NodeId parent, const std::string& name, FieldRule rule) {
    auto id = static_cast<MergeRules::NodeId>(out_->nodes_.size());
    out_->nodes_.push_back({rule, {}});
    out_->nodes_[parent].children.emplace_back(name, id);
    return id;
  }

  Status AddProperties(const json& properties, MergeRules::NodeId parent, int depth) {
    if (depth > kMaxSchemaDepth) return InvalidArgument("release schema: nested too deeply");
    for (auto it = properties.begin(); it != properties.end(); ++it) {
      const json* value = nullptr;
      size_t pushed = 0;
      COBUY_RETURN_IF_ERROR(Resolve(&it.value(), &value, &pushed));
      Status s = AddProperty(it.key(), value, parent, depth);
      Pop(pushed);
      COBUY_RETURN_IF_ERROR(s);
    }
    return Status::Ok();
  }

  Status AddProperty(const std::string& key, const json* value, MergeRules::NodeId parent, int depth) {
    if (value == nullptr || !value->is_object()) return Status::Ok();
    const std::vector<std::string> types = Types(*value);

    // omitWhenMerged supersedes every other rule; wholeListMerge supersedes nested rules.
    if (Truthy(*value, "omitWhenMerged") || StringIs(*value, "mergeStrategy", "ocdsOmit")) {
      AddChild(parent, key, FieldRule::kOmit);
      return Status::Ok();
    }
    if (Has(types, "array") &&
        (Truthy(*value, "wholeListMerge") || StringIs(*value, "mergeStrategy", "ocdsVersion"))) {
      AddChild(parent, key, FieldRule::kWholeList);
      return Status::Ok();
    }
    if (Has(types, "object") && value->contains("properties")) {
      const json* props = nullptr;
      size_t pushed = 0;
      COBUY_RETURN_IF_ERROR(Resolve(&value->at("properties"), &props, &pushed));
      Status s = Status::Ok();
      if (props != nullptr && props->is_object()) {
        MergeRules::NodeId node = AddChild(parent, key, FieldRule::kObject);
        s = AddProperties(*props, node, depth + 1);
      }
      Pop(pushed);
      return s;
    }
    if (Has(types, "array") && value->contains("items")) {
      const json* items = nullptr;
      size_t pushed = 0;
      COBUY_RETURN_IF_ERROR(Resolve(&value->at("items"), &items, &pushed));
      Status s = Status::Ok();
      if (items != nullptr && items->is_object()) s = AddArray(key, *items, parent, depth);
      Pop(pushed);
      return s;
    }
    return Status::Ok();
  }

  Status AddArray(const std::string& key, const json& items, MergeRules::NodeId parent, int depth) {
    const std::vector<std::string> item_types = Types(items);
    if (std::any_of(item_types.begin(), item_types.end(), [](const std::string& t) { return t != "object"; })) {
      AddChild(parent, key, FieldRule::kWholeList);
      return Status::Ok();
    }
    if (!Has(item_types, "object") || !items.contains("properties")) return Status::Ok();
    const json* props = nullptr;
    size_t pushed = 0;
    COBUY_RETURN_IF_ERROR(Resolve(&items.at("properties"), &props, &pushed));
    Status s = Status::Ok();
    if (props != nullptr && props->is_object()) {
      if (!props->contains("id")) {
        AddChild(parent, key, FieldRule::kWholeList);
      } else {
        MergeRules::NodeId node = AddChild(parent, key, FieldRule::kIdentifierMerge);
        s = AddProperties(*props, node, depth + 1);
      }
    }
    Pop(pushed);
    return s;
  }

  const json& root_;
  MergeRules* out_;
  std::vector<std::string> stack_;
};

MergeRules::MergeRules() { nodes_.push_back({FieldRule::kObject, {}}); }

Result<MergeRules> MergeRules::FromSchema(const json& release_schema) {
  MergeRules rules;
  RulesBuilder builder(release_schema, &rules);
  COBUY_RETURN_IF_ERROR(builder.Build());
  return rules;
}

Result<MergeRules> MergeRules::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(fmt::format("cannot read release schema {}", path));
  std::ostringstream text;
  text << in.rdbuf();
  json schema = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (schema.is_discarded()) return InvalidArgument(fmt::format("release schema {}: not valid JSON", path));
  Result<MergeRules> rules = FromSchema(schema);
  if (!rules.ok()) return rules.status().WithContext(path);
  return rules;
}

MergeRules::NodeId MergeRules::Child(NodeId node, std::string_view field) const {
  if (node == kNoNode) return kNoNode;
  const auto& children = nodes_[node].children;
  auto it = std::lower_bound(children.begin(), children.end(), field,
                             [](const std::pair<std::string, NodeId>& c, std::string_view f) {
                               return ChildLess(c.first, f);
                             });
  if (it == children.end() || it->first != field) return kNoNode;
  return it->second;
}

FieldRule MergeRules::Lookup(std::string_view dotted_path) const {
  NodeId node = root();
  while (!dotted_path.empty()) {
    size_t dot = dotted_path.find('.');
    node = Child(node, dotted_path.substr(0, dot));
    if (dot == std::string_view::npos) break;
    dotted_path.remove_prefix(dot + 1);
  }
  return rule(node);
}

}  // namespace cobuy::ocds
