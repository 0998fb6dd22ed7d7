// Throttle: exponential back-off per key (an e-mail and address pair, an address, ...),
// counted in the store so that every server sharing the database sees the same counts.
//
// A key may have `free` events in a row; each later event blocks it for `base` seconds,
// doubled per event, at most `cap`. Events are forgotten `forget_after` seconds after the
// last one. Attempts made while blocked are refused before they count, so a flood of them
// neither lengthens the block nor writes anything but one report per block.
//
// Thread-safety: thread-safe (its state is the store's).
#pragma once

#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "store/store.h"

namespace cobuy {

struct BackoffPolicy {
  int free = 3;
  UnixSeconds base = 1;
  UnixSeconds cap = 15 * 60;
  UnixSeconds forget_after = 24 * 3600;
};

// Seconds a key is blocked after its `count`-th event in a row.
UnixSeconds BackoffDelay(const BackoffPolicy& policy, int count);

class Throttle {
 public:
  Throttle(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Seconds until `key` may try again; 0 when it may try now.
  Result<UnixSeconds> RetryAfter(const std::string& key);
  // Counts one event against `key` and blocks it as `policy` says; returns the delay.
  Result<UnixSeconds> Record(const std::string& key, const BackoffPolicy& policy);
  // Counts one event against `key` (as Record) unless `key` is blocked: false then, and
  // nothing is counted.
  Result<bool> Admit(const std::string& key, const BackoffPolicy& policy);
  Status Clear(const std::string& key);
  // True once per block of `key` (the first refused attempt): whether to audit it.
  bool FirstRefusal(const std::string& key);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace cobuy
