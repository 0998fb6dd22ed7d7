#include "http/problem.h"

#include <string>

namespace cobuy::http {
namespace {

constexpr std::string_view kTypeBase = "https://cobuy.eu/problems/";

struct ProblemKind {
  int status;
  std::string_view type;
  std::string_view title;
};

ProblemKind KindFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return {200, "about:blank", "OK"};
    case StatusCode::kInvalidArgument: return {422, "validation", "Invalid request"};
    case StatusCode::kNotFound: return {404, "not-found", "Not found"};
    case StatusCode::kAlreadyExists: return {409, "conflict", "Already exists"};
    case StatusCode::kPermissionDenied: return {403, "forbidden", "Forbidden"};
    case StatusCode::kUnauthenticated: return {401, "unauthenticated", "Not signed in"};
    case StatusCode::kResourceExhausted: return {429, "throttled", "Too many attempts"};
    case StatusCode::kFailedPrecondition: return {409, "failed-precondition", "Not possible now"};
    case StatusCode::kTooLarge: return {413, "too-large", "Request too large"};
    case StatusCode::kUnavailable: return {503, "unavailable", "Service unavailable"};
    case StatusCode::kPartial: return {422, "partly-rejected", "Part of the input was rejected"};
    case StatusCode::kInternal: return {500, "internal", "Internal error"};
  }
  return {500, "internal", "Internal error"};
}

}  // namespace

int HttpStatusFor(StatusCode code) {
  return KindFor(code).status;
}

void WriteJson(Response& res, int http_status, const nlohmann::json& body) {
  res.status = http_status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void WriteProblem(Response& res, int http_status, std::string_view type, std::string_view title,
                  std::string_view detail) {
  nlohmann::json body = {{"type", std::string(kTypeBase) + std::string(type)},
                         {"title", title},
                         {"status", http_status},
                         {"detail", detail}};
  res.status = http_status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/problem+json");
}

void WriteProblem(Response& res, const Status& status) {
  ProblemKind kind = KindFor(status.code());
  // Internal faults are logged by the caller; the client gets no internals.
  std::string detail = status.code() == StatusCode::kInternal ? "Something went wrong on our side; it has been logged."
                                                              : status.message();
  if (!status.field().empty()) detail = status.field() + ": " + detail;
  nlohmann::json body = {{"type", std::string(kTypeBase) + std::string(kind.type)},
                         {"title", kind.title},
                         {"status", kind.status},
                         {"detail", detail}};
  if (!status.field().empty()) {
    body["errors"] = nlohmann::json::array({{{"field", status.field()}, {"detail", status.message()}}});
  }
  res.status = kind.status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/problem+json");
}

}  // namespace cobuy::http
