// An OCDS 1.1 record package of stored processes: each record holds the process's releases as
// stored and its compiled release. Written in chunks, so memory does not grow with the count.
// Used by `cobuy export` and the API's export of search results.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/register_store.h"

namespace cobuy::ingest {

// Receives the package's bytes in chunks of about 1 MiB; a failed Status stops the writing.
using ChunkSink = std::function<Status(std::string_view bytes)>;

// Writes the records of `ocids` (in that order); `published` is the package's publishedDate.
Status WriteRecordPackage(RegisterStore& reg, const std::vector<std::string>& ocids, const std::string& uri,
                          const std::string& published, const ChunkSink& sink);

}  // namespace cobuy::ingest
