#include "community/digest.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

namespace cobuy::community {
namespace {

constexpr size_t kMaxListed = 50;

// The digest's words in one language. {n} is a count, {name} the person's name, {url} the base URL.
struct DigestText {
  const char* language;
  const char* subject[2];  // singular, plural
  const char* greeting;    // with a name
  const char* greeting_anonymous;
  const char* intro[2];
  const char* more[2];
  const char* footer;
};

constexpr DigestText kDigestTexts[] = {
    {"en",
     {"Cobuy: {n} new notification", "Cobuy: {n} new notifications"},
     "Hello {name},",
     "Hello,",
     {"You have {n} new notification on Cobuy:", "You have {n} new notifications on Cobuy:"},
     {"…and {n} more: {url}", "…and {n} more: {url}"},
     "You receive this e-mail because the daily digest is on in your notification preferences; you can turn it "
     "off there."},
    {"de",
     {"Cobuy: {n} neue Benachrichtigung", "Cobuy: {n} neue Benachrichtigungen"},
     "Hallo {name},",
     "Hallo,",
     {"Sie haben {n} neue Benachrichtigung auf Cobuy:", "Sie haben {n} neue Benachrichtigungen auf Cobuy:"},
     {"… und {n} weitere: {url}", "… und {n} weitere: {url}"},
     "Sie erhalten diese E-Mail, weil die tägliche Zusammenfassung in Ihren Benachrichtigungseinstellungen "
     "eingeschaltet ist; Sie können sie dort ausschalten."},
    {"fr",
     {"Cobuy : {n} nouvelle notification", "Cobuy : {n} nouvelles notifications"},
     "Bonjour {name},",
     "Bonjour,",
     {"Vous avez {n} nouvelle notification sur Cobuy :", "Vous avez {n} nouvelles notifications sur Cobuy :"},
     {"… et {n} autre : {url}", "… et {n} autres : {url}"},
     "Vous recevez ce message parce que le résumé quotidien est activé dans vos préférences de notification ; "
     "vous pouvez le désactiver à cet endroit."},
};

const DigestText& DigestTextFor(std::string_view language) {
  for (const DigestText& t : kDigestTexts) {
    if (language == t.language) return t;
  }
  return kDigestTexts[0];
}

std::string Counted(const char* const (&forms)[2], size_t n, std::string_view url = {}) {
  return fmt::format(fmt::runtime(forms[n == 1 ? 0 : 1]), fmt::arg("n", n), fmt::arg("url", url));
}

// `link` made absolute: kept when it already is, else appended to `base` (no trailing '/').
std::string Absolute(std::string_view base, std::string_view link) {
  if (link.starts_with("https://") || link.starts_with("http://")) return std::string(link);
  if (link.starts_with('/')) return fmt::format("{}{}", base, link);
  return fmt::format("{}/{}", base, link);
}

// `text` with every line after the first indented by `indent`.
std::string Indented(std::string_view text, std::string_view indent) {
  std::string out;
  for (char c : text) {
    if (c == '\r') continue;
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

}  // namespace

std::optional<OutboxMessage> ComposeDigest(const User& user, const std::vector<Notification>& notifications,
                                           const std::string& base_url, UnixSeconds now) {
  if (notifications.empty()) return std::nullopt;
  const DigestText& t = DigestTextFor(user.language);
  std::string_view base = base_url;
  while (base.ends_with('/')) base.remove_suffix(1);

  std::vector<const Notification*> sorted;
  sorted.reserve(notifications.size());
  for (const Notification& n : notifications) sorted.push_back(&n);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Notification* a, const Notification* b) {
    if (a->created_at != b->created_at) return a->created_at > b->created_at;
    return a->id > b->id;
  });

  const size_t total = notifications.size();
  std::string body = user.name.empty() ? std::string(t.greeting_anonymous)
                                       : fmt::format(fmt::runtime(t.greeting), fmt::arg("name", user.name));
  body += "\n\n";
  body += Counted(t.intro, total);
  body += "\n\n";
  for (size_t i = 0; i < std::min(total, kMaxListed); ++i) {
    const Notification& n = *sorted[i];
    body += fmt::format("- {}\n", Indented(n.title, "  "));
    if (!n.body.empty()) body += fmt::format("  {}\n", Indented(n.body, "  "));
    if (!n.link.empty()) body += fmt::format("  {}\n", Absolute(base, n.link));
    body += "\n";
  }
  if (total > kMaxListed) {
    body += Counted(t.more, total - kMaxListed, base);
    body += "\n\n";
  }
  body += t.footer;
  body += "\n";

  OutboxMessage m;
  m.to = user.email;
  m.subject = Counted(t.subject, total);
  m.body = std::move(body);
  m.created_at = now;
  return m;
}

}  // namespace cobuy::community
