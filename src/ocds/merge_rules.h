// MergeRules: the OCDS merge rules derived from a release schema.
//
// The rules are those of the OCDS 1.1 merging specification, derived the way the reference
// implementation (ocdsmerge) derives them, after resolving every `$ref`:
//   - `omitWhenMerged: true` or `mergeStrategy: "ocdsOmit"`  -> the field is dropped;
//   - an array with `wholeListMerge: true` or `mergeStrategy: "ocdsVersion"` -> replaced whole;
//   - an object with `properties` -> its properties are looked at in turn;
//   - an array whose `items` allow a non-object type, or whose item objects have no `id`
//     property -> replaced whole; otherwise identifier merge on the item properties.
// `versionId` needs no rule: an `id` is versioned unless it identifies an item of an
// identifier-merged array, which the merger knows from the data (as the reference does).
// Paths have array levels collapsed ("awards.suppliers" covers awards[*].suppliers[*]).
// Fields absent from the schema have no rule: arrays of objects there are identifier-merged.
//
// The rules are kept as a trie of field names, so the merger follows it one step per field.
//
// Thread-safety: immutable after construction; safe to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"

namespace cobuy::ocds {

// What the schema says about one field.
enum class FieldRule : std::uint8_t {
  kNone,             // no rule: the field is merged by the shape of its value
  kOmit,             // omitWhenMerged
  kWholeList,        // the array is replaced whole
  kObject,           // an object whose properties have rules of their own
  kIdentifierMerge,  // an array of objects with `id`, merged item by item
};

std::string_view FieldRuleName(FieldRule rule);

class MergeRules {
 public:
  using NodeId = std::uint32_t;
  static constexpr NodeId kNoNode = 0xFFFFFFFFu;

  // Rules with no schema at all: every field is merged by the shape of its value.
  MergeRules();

  // Derives the rules from a release schema (its `properties`). `$ref`s must be local JSON
  // pointers ("#/definitions/Award"). Returns kInvalidArgument when the schema has no
  // `properties` object, a `$ref` is not local or points nowhere. A `$ref` cycle is cut
  // where it repeats (the repeated level gets no rules).
  static Result<MergeRules> FromSchema(const nlohmann::json& release_schema);
  // Reads and derives from a schema file. kNotFound if it cannot be read, kInvalidArgument if
  // it is not JSON or FromSchema fails.
  static Result<MergeRules> FromFile(const std::string& path);

  // The trie: root() is the release object; Child() steps into a field (kNoNode when the
  // schema has nothing on that field; Child(kNoNode, ...) is kNoNode).
  NodeId root() const { return 0; }
  NodeId Child(NodeId node, std::string_view field) const;
  FieldRule rule(NodeId node) const { return node == kNoNode ? FieldRule::kNone : nodes_[node].rule; }

  // The rule of a dotted path with array levels collapsed ("tender.items.classification").
  FieldRule Lookup(std::string_view dotted_path) const;

  size_t node_count() const { return nodes_.size(); }

 private:
  struct Node {
    FieldRule rule = FieldRule::kNone;
    // Sorted by name length, then name, for binary search.
    std::vector<std::pair<std::string, NodeId>> children;
  };
  friend class RulesBuilder;

  std::vector<Node> nodes_;
};

}  // namespace cobuy::ocds
