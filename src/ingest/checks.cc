#include "ingest/checks.h"

#include <unordered_set>

#include <fmt/format.h>

#include "core/text.h"

namespace cobuy::ingest {
namespace {

using ocds::FieldRule;
using ocds::MergeRules;
using ocds::Value;

class Checker {
 public:
  Checker(const MergeRules& rules, const IngestReference& ref, CheckedRelease* out)
      : rules_(rules), ref_(ref), out_(out) {}

  void Warn(std::string code, std::string message) {
    IngestProblem p;
    p.severity = IngestProblem::Severity::kWarning;
    p.ocid = out_->ocid;
    p.release_id = out_->id;
    p.code = std::move(code);
    p.message = std::move(message);
    out_->problems.push_back(std::move(p));
  }

  // Walks an object whose rules are at `node`; `path` is the dotted path with indexes.
  void Object(Value& object, MergeRules::NodeId node, const std::string& path) {
    for (auto& member : object.as_object()) {
      Value& v = member.value;
      std::string child_path = path.empty() ? member.key : path + "." + member.key;
      MergeRules::NodeId child = rules_.Child(node, member.key);
      FieldRule rule = rules_.rule(child);
      if (rule == FieldRule::kIdentifierMerge && v.is_object()) {
        Warn("not_an_array", fmt::format("{} is an object, not an array: read as a one-element array", child_path));
        Value item = std::move(v);
        v = Value::MakeArray();
        v.as_array().push_back(std::move(item));
      }
      if (v.is_object()) {
        Object(v, child, child_path);
      } else if (v.is_array()) {
        Array(v, child, rule, child_path, CollapsedPath(child_path));
      } else if (v.is_string()) {
        if (member.key == "currency") Currency(v.as_string(), child_path);
      }
    }
    if (const Value* scheme = object.Find("scheme"); scheme && scheme->is_string()) {
      const Value* id = object.Find("id");
      if (AsciiUpper(scheme->as_string()) == "CPV" && id && id->is_string()) Cpv(id->as_string(), path);
    }
  }

  void Array(Value& array, MergeRules::NodeId node, FieldRule rule, const std::string& path,
             const std::string& collapsed) {
    auto& items = array.as_array();
    bool identifier_merge = rule == FieldRule::kIdentifierMerge || rule == FieldRule::kNone;
    if (identifier_merge && rule != FieldRule::kWholeList) {
      std::unordered_set<std::string> seen;
      for (const Value& item : items) {
        if (!item.is_object()) {
          identifier_merge = false;
          break;
        }
      }
      if (identifier_merge) {
        for (const Value& item : items) {
          const Value* id = item.Find("id");
          if (!id || id->is_null() || id->is_object() || id->is_array()) continue;
          std::string key = id->ToJson();
          if (!seen.insert(key).second) {
            std::string shown = id->is_string() ? "'" + id->as_string() + "'" : key;
            Warn("duplicate_id", fmt::format("Multiple objects have the `id` value {} in the `{}` array", shown,
                                             collapsed));
          }
        }
      }
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].is_object()) Object(items[i], node, fmt::format("{}[{}]", path, i));
    }
  }

  void Currency(const std::string& code, const std::string& path) {
    if (code.empty() || ref_.KnownCurrency(code)) return;
    std::string upper = AsciiUpper(code);
    if (ref_.KnownCurrency(upper)) {
      Warn("currency_case", fmt::format("{}: currency '{}' is not upper case: read as {}", path, code, upper));
      return;
    }
    Warn("unknown_currency",
         fmt::format("{}: '{}' is not an ISO 4217 currency: the amount is kept but not converted to euro", path, code));
  }

  void Cpv(const std::string& code, const std::string& path) {
    bool check_ok = true;
    const std::string* found = ref_.Cpv(code, &check_ok);
    if (!found) {
      Warn("unknown_cpv", fmt::format("{}: CPV code '{}' does not exist: kept as published, not classified", path, code));
    } else if (!check_ok) {
      Warn("cpv_check_digit", fmt::format("{}: CPV code '{}' has a wrong check digit: read as {}", path, code, *found));
    }
  }

  // "awards[0].items[2]" -> "awards.items", as the merge reference names arrays.
  static std::string CollapsedPath(const std::string& path) {
    std::string out;
    bool skipping = false;
    for (char c : path) {
      if (c == '[') skipping = true;
      if (!skipping) out += c;
      if (c == ']') skipping = false;
    }
    return out;
  }

 private:
  const MergeRules& rules_;
  const IngestReference& ref_;
  CheckedRelease* out_;
};

std::string Shown(const Value& v) {
  std::string s = v.ToJson();
  if (s.size() > 60) {
    // In place: g++ 12 -O2 warns (array-bounds, a false positive) on substr(...) + "...".
    s.resize(57);
    s += "...";
  }
  return s;
}

}  // namespace

CheckedRelease CheckRelease(Value& release, const MergeRules& rules, const IngestReference& ref) {
  CheckedRelease out;
  auto reject = [&](std::string code, std::string message) {
    out.rejected = true;
    IngestProblem p;
    p.severity = IngestProblem::Severity::kRejected;
    p.ocid = out.ocid;
    p.release_id = out.id;
    p.code = std::move(code);
    p.message = std::move(message);
    out.problems.push_back(std::move(p));
    return out;
  };
  if (!release.is_object()) {
    return reject("not_an_object", fmt::format("a release must be a JSON object, not {}", Shown(release)));
  }
  const Value* ocid = release.Find("ocid");
  if (ocid && ocid->is_string()) out.ocid = ocid->as_string();
  if (out.ocid.empty()) return reject("no_ocid", "the release has no ocid");

  Checker checker(rules, ref, &out);
  Value* id = release.Find("id");
  if (id && id->is_number()) {
    out.id = id->number_text();
    *id = Value::String(out.id);
    checker.Warn("id_not_string", fmt::format("the release id {} is a number: read as the string '{}'", out.id, out.id));
  } else if (id && id->is_string()) {
    out.id = id->as_string();
  }
  if (out.id.empty()) return reject("no_id", "the release has no id");

  const Value* date = release.Find("date");
  if (!date || !date->is_string() || date->as_string().empty()) return reject("no_date", "the release has no date");
  if (!IsoDay(date->as_string())) {
    return reject("bad_date", fmt::format("the release date '{}' is not an ISO 8601 date", date->as_string()));
  }
  out.date = date->as_string();

  if (Value* tag = release.Find("tag"); tag && tag->is_string()) {
    checker.Warn("tag_not_array",
                 fmt::format("tag is the string '{}', not an array: read as [\"{}\"]", tag->as_string(), tag->as_string()));
    Value item = std::move(*tag);
    *tag = Value::MakeArray();
    tag->as_array().push_back(std::move(item));
  }
  checker.Object(release, rules.root(), "");
  return out;
}

}  // namespace cobuy::ingest
