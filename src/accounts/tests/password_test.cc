#include "accounts/password.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace cobuy {
namespace {

TEST(PasswordHasherTest, HashesWithArgon2idAndVerifies) {
  PasswordHasher hasher({.opslimit = 1, .memlimit = 8192, .max_concurrent = 1});
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=8,t=1,p=1$")) << *hash;
  EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery"));
  EXPECT_FALSE(hasher.Verify(*hash, "correct horse battery!"));
  EXPECT_FALSE(hasher.Verify("not a hash", "correct horse battery"));
  EXPECT_NE(*hash, hasher.Hash("correct horse battery").value());  // salted
}

TEST(PasswordHasherTest, InteractiveDefaultsAreEncodedInTheHash) {
  PasswordHasher hasher;
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *hash;
}

// Eight threads hash at once with a cap of two: the first two to get a slot are held in it
// until all eight have arrived, so the other six must be waiting, not hashing.
TEST(PasswordHasherTest, ManyThreadsShareTheCap) {
  std::mutex mu;
  std::condition_variable cv;
  bool hold = false, released = false;
  int inside = 0, most_inside = 0;
  PasswordHasher hasher({.opslimit = 1, .memlimit = 8192, .max_concurrent = 2, .in_slot = [&] {
                           std::unique_lock lock(mu);
                           most_inside = std::max(most_inside, ++inside);
                           cv.wait(lock, [&] { return !hold || released; });
                           --inside;
                         }});
  {
    std::lock_guard lock(mu);
    hold = true;  // from now on (the constructor hashed its dummy already)
  }
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto h = hasher.Hash("a long enough password");
      if (h.ok() && hasher.Verify(*h, "a long enough password")) ++ok;
    });
  }
  // Every thread is either in a slot or waiting for one (no timing: the state is polled).
  PasswordHasher::Load load;
  for (load = hasher.CurrentLoad(); load.running + load.waiting < 8; load = hasher.CurrentLoad()) {
    std::this_thread::yield();
  }
  EXPECT_EQ(load.running, 2);
  EXPECT_EQ(load.waiting, 6);
  {
    std::lock_guard lock(mu);
    released = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(most_inside, 2);
  EXPECT_EQ(hasher.CurrentLoad().running, 0);
  EXPECT_EQ(hasher.CurrentLoad().waiting, 0);
}

TEST(PasswordPolicyTest, LengthAndRepetition) {
  EXPECT_EQ(CheckPasswordPolicy("short"), InvalidArgument("must be at least 10 characters long", "password"));
  EXPECT_EQ(CheckPasswordPolicy(std::string(129, 'a') + "b"),
            InvalidArgument("must be at most 128 bytes long", "password"));
  EXPECT_EQ(CheckPasswordPolicy("aaaaaaaaaaaa"), InvalidArgument("must not repeat a single character", "password"));
  EXPECT_TRUE(CheckPasswordPolicy("cobuy-demo-2026").ok());
}

// L3: sequences, keyboard walks and common words with years were accepted.
TEST(PasswordPolicyTest, CommonPasswordsAreRefusedNamingTheField) {
  const Status common = InvalidArgument("is too common and would be guessed early; choose another", "password");
  EXPECT_EQ(CheckPasswordPolicy("1234567890"), common);
  EXPECT_EQ(CheckPasswordPolicy("0987654321"), common);
  EXPECT_EQ(CheckPasswordPolicy("qwertyuiop"), common);
  EXPECT_EQ(CheckPasswordPolicy("Password2024"), common);  // case does not matter
  EXPECT_EQ(CheckPasswordPolicy("welcome2026!"), common);
  EXPECT_EQ(CheckPasswordPolicy("abcabcabcabc"), common);
  EXPECT_EQ(CheckPasswordPolicy("1234567890", "new_password"),
            InvalidArgument("is too common and would be guessed early; choose another", "new_password"));
  EXPECT_TRUE(IsCommonPassword("1q2w3e4r5t6y"));
  EXPECT_FALSE(IsCommonPassword("a good password"));
  EXPECT_TRUE(CheckPasswordPolicy("correct horse battery").ok());
}

}  // namespace
}  // namespace cobuy
