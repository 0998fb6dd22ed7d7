// The daily e-mail digest of a person's notifications.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/accounts_model.h"
#include "store/register_store.h"

namespace cobuy::community {

// The digest e-mail for `user` (in user.language: en, de or fr, else en) listing `notifications`
// (newest first, at most 50, then "and N more"), each with its title, body and link made absolute
// with `base_url`; nullopt when there is nothing to send. Subject: "Cobuy: 3 new notifications"
// (de "Cobuy: 3 neue Benachrichtigungen", fr "Cobuy : 3 nouvelles notifications"; singular forms too).
std::optional<OutboxMessage> ComposeDigest(const User& user, const std::vector<Notification>& notifications,
                                           const std::string& base_url, UnixSeconds now);

}  // namespace cobuy::community
