// Merger: merges the releases of one contracting process into a compiled release and a
// versioned release, as the OCDS 1.1 merging specification says and as the reference
// implementation (ocdsmerge) does, field for field:
//   - releases are taken in `date` order (a stable sort: equal dates keep input order);
//   - a field takes its latest value; `null` removes it from the compiled release (and is a
//     version of its own in the versioned release); an empty object or an empty array that is
//     not replaced whole carries no value and changes nothing;
//   - rules come from MergeRules (omitted fields, whole-list arrays); arrays of objects are
//     merged by `id` (objects without `id` are appended); arrays holding a non-object are
//     replaced whole;
//   - the compiled release gets `tag` ["compiled"], `id` "{ocid}-{date}", `date` and `ocid` of
//     the latest release; the versioned release keeps `ocid` unversioned and every other
//     field as a list of {"releaseID","releaseDate","releaseTag","value"}, a new entry only
//     when the value changes; the `id` of an object in an identifier-merged array is not
//     versioned, any other `id` is.
// Duplicate `id`s in one array of one release merge into one object (the later fields win)
// and each repetition adds a warning, worded as the reference words it:
//   Multiple objects have the `id` value '1' in the `awards.items` array
//
// Known differences from the reference, all on malformed data: ids are matched as JSON values
// (the reference also matches 1 with "1"); a field that is a literal in one release and an
// object or array in another is an error here (kInvalidArgument), where the reference either
// raises or keeps the structured value depending on the order.
//
// Thread-safety: a Merger is immutable; Compile/Version may run concurrently. The rules
// must outlive the Merger.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ocds/merge_rules.h"
#include "ocds/value.h"

namespace cobuy::ocds {

struct MergedRelease {
  Value release;
  // Human-readable warnings about the data (duplicate ids), in the order met.
  std::vector<std::string> warnings;
};

struct MergedRecord {
  Value compiled;
  std::optional<Value> versioned;
  // Warnings from compiling (versioning the same releases gives the same ones).
  std::vector<std::string> warnings;
};

class Merger {
 public:
  explicit Merger(const MergeRules& rules) : rules_(rules) {}

  // Compiles the releases. Each release must be an object with a string `date` and a string
  // `ocid`; otherwise kInvalidArgument naming the release by its index in `releases`
  // (field "releases[i].date" ...). Also kInvalidArgument when one field is a literal in a
  // release and an object or array in another. No releases give {"tag":["compiled"]}.
  Result<MergedRelease> Compile(std::vector<Value> releases) const;
  // Versions the releases; same inputs and failures as Compile (no releases give {}).
  Result<MergedRelease> Version(std::vector<Value> releases) const;
  // Both at once (versioned only when asked).
  Result<MergedRecord> Merge(std::vector<Value> releases, bool versioned) const;

 private:
  const MergeRules& rules_;
};

}  // namespace cobuy::ocds
