// CheckRelease: what ingest does to each release before it is stored.
//
// A release is rejected (kept out of the store, reported) when it is not an object, has no
// ocid, no id, or no date or one that is not an ISO 8601 date. Otherwise it is stored, and
// these are normalised or flagged, each reported as a warning:
//   - tag given as a string -> made a one-element array             (tag_not_array)
//   - id given as a number -> made a string                          (id_not_string)
//   - an identifier-merged list (awards, parties, items, ...) given as one object -> made a
//     one-element array                                              (not_an_array)
//   - several objects with one id in one list -> kept; they merge into one, as the OCDS
//     merge reference does (and words its warning)                  (duplicate_id)
//   - a currency that is not ISO 4217 -> kept, never converted      (unknown_currency)
//   - a currency in lower case ("mdl") -> read as upper case         (currency_case)
//   - a CPV code that does not exist -> kept as published, not classified (unknown_cpv)
//   - a CPV code with a wrong check digit -> classified by its 8 digits (cpv_check_digit)
// Which lists are identifier-merged comes from the merge rules (the release schema).
//
// Thread-safety: a pure function of its arguments.
#pragma once

#include <string>
#include <vector>

#include "core/register_model.h"
#include "ingest/reference.h"
#include "ocds/merge_rules.h"
#include "ocds/value.h"

namespace cobuy::ingest {

struct CheckedRelease {
  bool rejected = false;
  std::string ocid;
  std::string id;
  std::string date;
  // Warnings, or the one reason for rejecting; file and offset are left for the caller.
  std::vector<IngestProblem> problems;
};

// Checks and normalises `release` in place.
CheckedRelease CheckRelease(ocds::Value& release, const ocds::MergeRules& rules, const IngestReference& ref);

}  // namespace cobuy::ingest
