// SignInThrottle: counts failed sign-ins per key (an e-mail, or a client address) in a
// sliding window and blocks a key that failed too often, until its oldest failure in the
// window ages out. Keys for e-mails that have no account are counted the same way, so the
// throttle reveals nothing about which accounts exist.
//
// State is in memory: a restart forgives. Thread-safety: thread-safe.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace cobuy {

class SignInThrottle {
 public:
  SignInThrottle(const Clock& clock, int max_failures, UnixSeconds window_seconds)
      : clock_(clock), max_failures_(max_failures), window_(window_seconds) {}

  // Seconds until `key` may try again; 0 when it may try now.
  UnixSeconds RetryAfter(const std::string& key);
  void RecordFailure(const std::string& key);
  void Clear(const std::string& key);

 private:
  void Expire(std::deque<UnixSeconds>& failures, UnixSeconds now) const;

  const Clock& clock_;
  const int max_failures_;
  const UnixSeconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<UnixSeconds>> failures_;
};

}  // namespace cobuy
