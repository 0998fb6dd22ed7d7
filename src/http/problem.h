// RFC 9457 problem details, and the one place where a Status becomes an HTTP status.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>
#include "http/message.h"

#include "core/status.h"

namespace cobuy::http {

// The HTTP status for a Status code. The single mapping in Cobuy.
int HttpStatusFor(StatusCode code);

// Writes an application/problem+json body for `status` (which must not be OK).
void WriteProblem(Response& res, const Status& status);
// Writes a problem with an explicit HTTP status and type (for errors outside handlers).
void WriteProblem(Response& res, int http_status, std::string_view type, std::string_view title,
                  std::string_view detail);

void WriteJson(Response& res, int http_status, const nlohmann::json& body);

}  // namespace cobuy::http
