// LoadReferenceData: reads and validates Cobuy's reference data files (data/ref, described
// in data/ref/SOURCES.md) into a ReferenceData value.
//
// Files read, relative to `ref_dir`, in this order:
//   countries/countries.csv           -> countries (names keyed by language from eu_label_xx;
//                                        empty labels left out; currencies split at '|')
//   cpv/cpv_2008_main.csv             -> cpv, in file order (labels keyed by the lower-case
//                                        language of label_xx; empty labels left out)
//   cpv/cpv_2008_main_structure.csv   -> level and parent of each CPV code
//   nuts/nuts_2024.csv                -> nuts, in file order (names as published)
//   currencies/iso4217_currencies.csv -> currencies; minor_units "N.A." (gold, SDR, ...) -> 0
//   fx/ecb_eurofxref_hist.csv         -> fx_rates, one per non-empty, non-"N/A" cell, in
//                                        file order (newest day first, columns in order)
// `checksum` is the hex BLAKE2b-256 (libsodium crypto_generichash) of, for each file in the
// order above, its relative path, a NUL byte, its size as 8 little-endian bytes, and its bytes.
//
// Errors, each naming the file and line ("countries/countries.csv:17: column eu_member:
// expected 0 or 1, got 'x'"): kNotFound when a file is missing; kInvalidArgument for malformed
// CSV, a missing column, a bad value, a duplicate code, a CPV code without structure (or the
// reverse), or a parent that does not exist.
//
// Thread-safety: reentrant; distinct calls share nothing.
#pragma once

#include <filesystem>

#include "core/reference.h"
#include "core/status.h"

namespace cobuy {

Result<ReferenceData> LoadReferenceData(const std::filesystem::path& ref_dir);

}  // namespace cobuy
