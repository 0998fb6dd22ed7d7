// Status and Result<T>: expected failures as values.
//
// Every fallible library call returns a Status (no value) or a Result<T> (a value or a
// Status). The code says what kind of failure it is; the message says what and where, in
// one line fit for a user. `field` names the offending input field, when there is one.
// Codes are mapped to HTTP statuses in http/problem.cc and to exit codes in cli/main.cc,
// and nowhere else.
//
// Thread-safety: values; safe to copy between threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace cobuy {

enum class StatusCode {
  kOk = 0,
  // The caller's input is malformed or fails validation (bad JSON, wrong type, bad value).
  kInvalidArgument,
  // The thing asked for does not exist (or the caller may not know that it exists).
  kNotFound,
  // Creating something that already exists (unique name, e-mail, ...).
  kAlreadyExists,
  // The caller is known but not allowed to do this.
  kPermissionDenied,
  // The caller is not signed in, or the credentials are wrong.
  kUnauthenticated,
  // Too many attempts; retry later.
  kResourceExhausted,
  // The system is not in the state the operation needs (e.g. account awaiting approval).
  kFailedPrecondition,
  // Input larger than allowed.
  kTooLarge,
  // A transient fault (database busy beyond the timeout, ...); retrying may help.
  kUnavailable,
  // The operation completed for part of its input; the rest was rejected and reported.
  kPartial,
  // A bug or an unexpected fault in a dependency.
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the failure is about ("email", "identifiers[1].scheme"), or empty.
  const std::string& field() const { return field_; }

  // Returns a copy whose message is "context: message".
  Status WithContext(std::string_view context) const;
  // "CODE_NAME: message" for logs and tests.
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_ && a.field_ == b.field_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

inline Status InvalidArgument(std::string message, std::string field = {}) {
  return {StatusCode::kInvalidArgument, std::move(message), std::move(field)};
}
inline Status NotFound(std::string message) { return {StatusCode::kNotFound, std::move(message)}; }
inline Status AlreadyExists(std::string message, std::string field = {}) {
  return {StatusCode::kAlreadyExists, std::move(message), std::move(field)};
}
inline Status PermissionDenied(std::string message) {
  return {StatusCode::kPermissionDenied, std::move(message)};
}
inline Status Unauthenticated(std::string message) {
  return {StatusCode::kUnauthenticated, std::move(message)};
}
inline Status ResourceExhausted(std::string message) {
  return {StatusCode::kResourceExhausted, std::move(message)};
}
inline Status FailedPrecondition(std::string message) {
  return {StatusCode::kFailedPrecondition, std::move(message)};
}
inline Status Unavailable(std::string message) { return {StatusCode::kUnavailable, std::move(message)}; }
inline Status Internal(std::string message) { return {StatusCode::kInternal, std::move(message)}; }

// A value of type T, or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // The failure; an OK status when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  // The value, or `fallback` when there is none.
  T value_or(T fallback) const& { return ok() ? std::get<T>(v_) : std::move(fallback); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace cobuy

#define COBUY_CONCAT_INNER_(a, b) a##b
#define COBUY_CONCAT_(a, b) COBUY_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define COBUY_RETURN_IF_ERROR(expr)             \
  do {                                          \
    ::cobuy::Status cobuy_status_ = (expr);     \
    if (!cobuy_status_.ok()) return cobuy_status_; \
  } while (0)

// `lhs = value of expr` (a Result<T>), or returns its Status from the enclosing function.
#define COBUY_ASSIGN_OR_RETURN(lhs, expr) \
  COBUY_ASSIGN_OR_RETURN_IMPL_(COBUY_CONCAT_(cobuy_result_, __LINE__), lhs, expr)
#define COBUY_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
