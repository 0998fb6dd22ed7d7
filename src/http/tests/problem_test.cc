#include "http/problem.h"

#include <gtest/gtest.h>

#include "http/server.h"

namespace cobuy::http {
namespace {

TEST(ProblemTest, EveryCodeHasItsHttpStatus) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 422);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

TEST(ProblemTest, ValidationProblemNamesTheField) {
  Response res;
  WriteProblem(res, InvalidArgument("must be an e-mail address", "email"));
  EXPECT_EQ(res.status, 422);
  EXPECT_EQ(res.get_header_value("Content-Type"), "application/problem+json");
  auto body = nlohmann::json::parse(res.body);
  EXPECT_EQ(body, nlohmann::json::parse(R"({
    "type": "https://cobuy.eu/problems/validation", "title": "Invalid request", "status": 422,
    "detail": "email: must be an e-mail address",
    "errors": [{"field": "email", "detail": "must be an e-mail address"}]})"));
}

TEST(ProblemTest, InternalErrorsHideTheirDetail) {
  Response res;
  WriteProblem(res, Internal("sqlite: disk I/O error at /var/cobuy.db"));
  auto body = nlohmann::json::parse(res.body);
  EXPECT_EQ(body["status"], 500);
  EXPECT_EQ(body["detail"], "Something went wrong on our side; it has been logged.");
}

TEST(RedactPathTest, InvitationTokensNeverReachTheLog) {
  EXPECT_EQ(RedactPath("/api/v1/invitations/abcDEF123/accept"), "/api/v1/invitations/[redacted]/accept");
  EXPECT_EQ(RedactPath("/invite/abc"), "/invite/[redacted]");
  EXPECT_EQ(RedactPath("/api/v1/me"), "/api/v1/me");
}

}  // namespace
}  // namespace cobuy::http
