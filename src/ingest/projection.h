// Project: the normalised projection of one compiled release (a ProcessRecord), the shape
// later steps query. Amounts are converted to euro at the ECB rate of the date they belong
// to (an award's date, a contract's signature or start, the tender period's start, else
// the release date); CPV codes are normalised to the code with its check digit and kept
// only when they exist; organisations are keyed by their identifier (scheme upper-cased,
// spaces removed from the id); countries come from the address, else from a two-letter
// identifier scheme prefix ("NL-KVK"). A central purchasing body is a party with the role
// centralPurchasingBody or, as the EU profile says, the classification
// eu-buyer-contracting-type "cpb".
//
// Thread-safety: a pure function of its arguments.
#pragma once

#include <string>
#include <vector>

#include "core/register_model.h"
#include "ingest/reference.h"
#include "ocds/value.h"

namespace cobuy::ingest {

struct ReleaseSummary {
  std::string date;
  std::vector<std::string> tags;
};

// `compiled` is the compiled release of `releases` (their dates and tags, in date order).
ProcessRecord Project(const ocds::Value& compiled, const std::vector<ReleaseSummary>& releases,
                      const IngestReference& ref);

}  // namespace cobuy::ingest
