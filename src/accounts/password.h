// PasswordHasher: argon2id password hashes (libsodium crypto_pwhash), with a cap on how many
// hashes run at once, since each one takes `memlimit` bytes (64 MiB at interactive limits).
//
// Thread-safety: thread-safe; callers beyond the cap wait.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"

namespace cobuy {

struct PasswordOptions {
  unsigned long long opslimit = 2;           // crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t memlimit = 64u * 1024 * 1024;  // crypto_pwhash_MEMLIMIT_INTERACTIVE
  int max_concurrent = 2;
  // Tests only: called in every hash and verification while it holds its slot, before the
  // work (a test blocks in it to hold slots and see who waits).
  std::function<void()> in_slot;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordOptions options = {});
  // An encoded "$argon2id$..." string. kInternal when memory runs out.
  Result<std::string> Hash(std::string_view password);
  // True when `password` matches `encoded`. A malformed `encoded` is simply no match.
  bool Verify(std::string_view encoded, std::string_view password);
  // Spends the time of one verification without a stored hash, so that a sign-in with an
  // unknown e-mail takes as long as one with a wrong password.
  void VerifyDummy(std::string_view password);

  // How many hashes and verifications hold a slot now, and how many wait for one.
  struct Load {
    int running = 0;
    int waiting = 0;
  };
  Load CurrentLoad();

 private:
  class Slot;
  PasswordOptions options_;
  std::string dummy_hash_;
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;
  int waiting_ = 0;
};

// Password rules: 10 to 128 bytes (so hashing cost stays bounded), not all one character,
// not (ignoring case) on the list of common passwords. Errors name `field`.
Status CheckPasswordPolicy(std::string_view password, std::string_view field = "password");
// True when `password`, lower-cased, is on the list of common passwords (data/passwords).
bool IsCommonPassword(std::string_view password);

}  // namespace cobuy
