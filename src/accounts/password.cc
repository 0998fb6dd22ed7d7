#include "accounts/password.h"

#include <sodium.h>

#include <stdexcept>
#include <string>
#include <unordered_set>

#include "core/text.h"

namespace cobuy {

class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher& h) : h_(h) {
    {
      std::unique_lock lock(h_.mu_);
      ++h_.waiting_;
      h_.cv_.wait(lock, [&] { return h_.running_ < h_.options_.max_concurrent; });
      --h_.waiting_;
      ++h_.running_;
    }
    if (h_.options_.in_slot) h_.options_.in_slot();
  }
  ~Slot() {
    std::lock_guard lock(h_.mu_);
    --h_.running_;
    h_.cv_.notify_one();
  }

 private:
  PasswordHasher& h_;
};

PasswordHasher::PasswordHasher(PasswordOptions options) : options_(options) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (options_.max_concurrent < 1) options_.max_concurrent = 1;
  auto dummy = Hash("cobuy dummy password for timing");
  if (dummy.ok()) dummy_hash_ = std::move(dummy).value();
}

Result<std::string> PasswordHasher::Hash(std::string_view password) {
  Slot slot(*this);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), options_.opslimit, options_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(std::string_view encoded, std::string_view password) {
  if (encoded.size() >= crypto_pwhash_STRBYTES) return false;
  std::string z(encoded);  // NUL-terminated copy
  Slot slot(*this);
  return crypto_pwhash_str_verify(z.c_str(), password.data(), password.size()) == 0;
}

PasswordHasher::Load PasswordHasher::CurrentLoad() {
  std::lock_guard lock(mu_);
  return {running_, waiting_};
}

void PasswordHasher::VerifyDummy(std::string_view password) {
  (void)Verify(dummy_hash_, password);
}

std::string_view CommonPasswordList();  // common_passwords.cc, generated

bool IsCommonPassword(std::string_view password) {
  static const std::unordered_set<std::string_view> kCommon = [] {
    std::unordered_set<std::string_view> set;
    std::string_view list = CommonPasswordList();
    set.reserve(list.size() / 12);
    while (!list.empty()) {
      size_t nl = list.find('\n');
      std::string_view line = list.substr(0, nl);
      if (!line.empty()) set.insert(line);
      list = nl == std::string_view::npos ? std::string_view() : list.substr(nl + 1);
    }
    return set;
  }();
  return kCommon.contains(AsciiLower(password));
}

Status CheckPasswordPolicy(std::string_view password, std::string_view field_name) {
  const std::string field(field_name);
  if (password.size() < 10) return InvalidArgument("must be at least 10 characters long", field);
  if (password.size() > 128) return InvalidArgument("must be at most 128 bytes long", field);
  if (password.find_first_not_of(password[0]) == std::string_view::npos) {
    return InvalidArgument("must not repeat a single character", field);
  }
  if (IsCommonPassword(password)) {
    return InvalidArgument("is too common and would be guessed early; choose another", field);
  }
  return Status::Ok();
}

}  // namespace cobuy
