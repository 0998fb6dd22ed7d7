#include "core/register_model.h"

namespace cobuy {

std::string_view SeverityName(IngestProblem::Severity severity) {
  return severity == IngestProblem::Severity::kWarning ? "warning" : "rejected";
}

}  // namespace cobuy
