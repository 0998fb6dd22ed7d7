// Timeline: what each release of a contracting process changed, oldest first, for the
// contract page.
//
// The releases are merged one after the other (ocds::Merger: date order, a stable sort),
// and each compiled state is compared with the one before: a change is a path whose value
// appeared, changed or disappeared. Paths are readable, not exhaustive: objects are followed
// down to three levels ("tender/value/amount"), an array is one path ("awards",
// "tender/items"), and the fields every release restates (ocid, id, date, tag) are left out.
// The first release's changes are the paths it published.
//
// Thread-safety: pure; safe from any thread (the rules are immutable).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "ocds/merge_rules.h"
#include "store/register_store.h"

namespace cobuy::reg {

struct TimelineEntry {
  std::string date;
  std::string release_id;
  std::vector<std::string> tags;
  std::vector<std::string> changes;  // in the order of the compiled release, removed paths last
};

// `releases` as RegisterStore::ReleasesOf returns them for one ocid. kInvalidArgument when a
// release is not JSON or cannot be merged.
Result<std::vector<TimelineEntry>> BuildTimeline(const std::vector<StoredRelease>& releases,
                                                 const ocds::MergeRules& rules);

}  // namespace cobuy::reg
