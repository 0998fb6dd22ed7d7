#include "ted/notice.h"

namespace cobuy::ted {

// Placeholder until the mapper lands (being written now): every notice is refused.
MappedNotice MapTedExport(xml::Node root) {
  MappedNotice out;
  out.problems.push_back({true, xml::Line(root), "unknown_form", "this notice format is not mapped yet"});
  return out;
}

}  // namespace cobuy::ted
