// cobuy::gen: a deterministic generator of synthetic OCDS 1.1 releases (EU-flavoured,
// clearly labelled synthetic: ocids "ocds-synth1-...", invented names, identifiers whose
// digits start with "99").
//
// Determinism: the same GenOptions and reference data give the same bytes on any machine.
// The generator uses its own PRNG (xoshiro256**, seeded by splitmix64), integer weights and
// its own exp/log built from IEEE basic operations; never the clock, never std::*_distribution.
//
// Streaming: contracting processes are generated one by one in start-date order; their
// releases wait in a bounded window (`window` releases) and leave it earliest date first, so
// the output interleaves processes like a real feed while memory stays bounded for any count.
//
// Thread-safety: Generate is reentrant; distinct calls share nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/reference.h"
#include "core/status.h"

namespace cobuy::gen {

// The package publisher name; also what makes every output recognisable as synthetic.
inline constexpr std::string_view kPublisherName = "Cobuy synthetic data generator (not real data)";
inline constexpr std::string_view kOcidPrefix = "ocds-synth1-";

// A real (demo) organisation that should appear as the buyer of some processes.
struct SeedBuyer {
  std::string name;        // "Gemeente Utrecht"
  std::string country;     // ISO 3166-1 alpha-2, an EU/EEA/EFTA country: "NL"
  std::string nuts;        // NUTS 3 (or any NUTS level) code of that country: "NL350"
  std::string type;        // municipality, region, central_purchasing_body, hospital, university, agency
  std::string scheme;      // org-id scheme: "NL-KVK"; empty: one is invented
  std::string identifier;  // "30280353"; empty: one is invented
  double annual_budget_eur = 0;  // 0: a typical budget for the type
};

// Rates (0..1) of the deliberate data-quality quirks. Per release: tag_string,
// awards_object, duplicate_award_id, missing_date, repeated_release; per process:
// unknown_currency (tender value currency "XXY"), unknown_cpv (one item's CPV code does not
// exist).
struct QuirkRates {
  double tag_string = 0.005;          // "tag": "tender" instead of ["tender"]
  double awards_object = 0.005;       // "awards": {...} instead of [{...}]
  double duplicate_award_id = 0.005;  // two awards with the same id in one release
  double unknown_currency = 0.003;    // "currency": "XXY"
  double unknown_cpv = 0.003;         // a CPV code that is not in CPV 2008
  double missing_date = 0.003;        // a release without "date"
  double repeated_release = 0.005;    // the same release (ocid, id, date) written twice

  static QuirkRates None() { return {0, 0, 0, 0, 0, 0, 0}; }
};

struct GenOptions {
  std::uint64_t seed = 1;
  std::int64_t releases = 1000;        // exact number of releases written (>= 0)
  std::string as_of = "2026-06-30";    // YYYY-MM-DD: no release is dated later
  std::vector<SeedBuyer> buyers;       // extra, real buyers (e.g. the demo organisations)
  QuirkRates quirks;
  std::int64_t window = 4096;          // releases held back to interleave processes (>= 1)
};

// Receives each release as one compact JSON object (no newline).
using ReleaseSink = std::function<void(std::string_view json_release)>;

// Generates options.releases releases into `sink`. kInvalidArgument for bad options
// (negative count, malformed as-of, an unknown seed-buyer country, NUTS code or type);
// kFailedPrecondition when the reference data lacks what the generator needs.
Status Generate(const GenOptions& options, const ReferenceData& ref, const ReleaseSink& sink);

enum class Format { kJsonl, kPackage };

// Receives output bytes in chunks (about 1 MiB); a failed Status stops the generation.
using ByteSink = std::function<Status(std::string_view bytes)>;

// Generate, written as JSON Lines (one release a line) or as one release package
// ({"uri", "version", "publishedDate", "publisher", "license", "extensions", "releases"}),
// gzip-compressed when `gzip` (zlib level 1, no file name, mtime 0: the same bytes for the
// same zlib version).
Status WriteGenerated(const GenOptions& options, const ReferenceData& ref, Format format, bool gzip,
                      const ByteSink& out);

// Parses "YYYY-MM-DD" to days since 1970-01-01; kInvalidArgument naming `field` otherwise.
Result<std::int64_t> ParseDate(std::string_view text, std::string_view field);

}  // namespace cobuy::gen
