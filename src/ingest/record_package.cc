#include "ingest/record_package.h"

#include <algorithm>

#include "ocds/value.h"

namespace cobuy::ingest {

Status WriteRecordPackage(RegisterStore& reg, const std::vector<std::string>& ocids, const std::string& uri,
                          const std::string& published, const ChunkSink& sink) {
  std::string buf = "{\"uri\":";
  ocds::AppendJsonString(uri, &buf);
  buf += ",\"publishedDate\":";
  ocds::AppendJsonString(published, &buf);
  buf += R"(,"publisher":{"name":"Cobuy contract register"},"version":"1.1","records":[)";
  constexpr size_t kBatch = 200;
  for (size_t start = 0; start < ocids.size(); start += kBatch) {
    std::vector<std::string> batch(ocids.begin() + static_cast<std::ptrdiff_t>(start),
                                   ocids.begin() + static_cast<std::ptrdiff_t>(std::min(ocids.size(), start + kBatch)));
    COBUY_ASSIGN_OR_RETURN(auto releases, reg.ReleasesOf(batch));
    size_t at = 0;
    for (const std::string& ocid : batch) {
      COBUY_ASSIGN_OR_RETURN(std::string compiled, reg.CompiledRelease(ocid));
      if (&ocid != &batch.front() || start > 0) buf += ',';
      buf += "{\"ocid\":";
      ocds::AppendJsonString(ocid, &buf);
      buf += ",\"releases\":[";
      for (bool first = true; at < releases.size() && releases[at].ocid == ocid; ++at, first = false) {
        if (!first) buf += ',';
        buf += releases[at].json;
      }
      buf += "],\"compiledRelease\":";
      buf += compiled;
      buf += '}';
      if (buf.size() >= (1u << 20)) {
        COBUY_RETURN_IF_ERROR(sink(buf));
        buf.clear();
      }
    }
  }
  buf += "]}\n";
  return sink(buf);
}

}  // namespace cobuy::ingest
