#include "accounts/throttle.h"

#include <algorithm>

namespace cobuy {

UnixSeconds BackoffDelay(const BackoffPolicy& policy, int count) {
  if (count <= policy.free) return 0;
  const int doublings = std::min(count - policy.free - 1, 40);
  if (policy.base <= 0) return 0;
  if (doublings >= 40 || policy.base > (policy.cap >> doublings)) return policy.cap;
  return std::min(policy.cap, policy.base << doublings);
}

Result<UnixSeconds> Throttle::RetryAfter(const std::string& key) {
  COBUY_ASSIGN_OR_RETURN(UnixSeconds until, store_.ThrottleBlockedUntil(key));
  return std::max<UnixSeconds>(0, until - clock_.Now());
}

Result<UnixSeconds> Throttle::Record(const std::string& key, const BackoffPolicy& policy) {
  const UnixSeconds now = clock_.Now();
  COBUY_ASSIGN_OR_RETURN(int count, store_.CountThrottleEvent(key, now, policy.forget_after));
  const UnixSeconds delay = BackoffDelay(policy, count);
  if (delay > 0) COBUY_RETURN_IF_ERROR(store_.BlockThrottle(key, now + delay));
  return delay;
}

Result<bool> Throttle::Admit(const std::string& key, const BackoffPolicy& policy) {
  COBUY_ASSIGN_OR_RETURN(UnixSeconds wait, RetryAfter(key));
  if (wait > 0) return false;
  COBUY_RETURN_IF_ERROR(Record(key, policy).status());
  return true;
}

Status Throttle::Clear(const std::string& key) {
  return store_.ClearThrottle(key);
}

bool Throttle::FirstRefusal(const std::string& key) {
  auto until = store_.ThrottleBlockedUntil(key);
  if (!until.ok()) return true;
  return store_.ClaimThrottleReport(key, *until).value_or(true);
}

}  // namespace cobuy
