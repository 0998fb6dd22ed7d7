#include "accounts/throttle.h"

namespace cobuy {

void SignInThrottle::Expire(std::deque<UnixSeconds>& failures, UnixSeconds now) const {
  while (!failures.empty() && failures.front() + window_ <= now) failures.pop_front();
}

UnixSeconds SignInThrottle::RetryAfter(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  const UnixSeconds now = clock_.Now();
  Expire(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(it->second.size()) < max_failures_) return 0;
  return it->second.front() + window_ - now;
}

void SignInThrottle::RecordFailure(const std::string& key) {
  std::lock_guard lock(mu_);
  const UnixSeconds now = clock_.Now();
  if (failures_.size() > 100000) {  // bound memory under a spray of distinct keys
    for (auto it = failures_.begin(); it != failures_.end();) {
      Expire(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& f = failures_[key];
  Expire(f, now);
  f.push_back(now);
  // Bound memory: a key never needs more entries than the limit.
  while (static_cast<int>(f.size()) > max_failures_) f.pop_front();
}

void SignInThrottle::Clear(const std::string& key) {
  std::lock_guard lock(mu_);
  failures_.erase(key);
}

}  // namespace cobuy
