#include "community/digest.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

namespace cobuy::community {
namespace {

constexpr UnixSeconds kNow = 1796547600;

User Person(std::string language) {
  User u;
  u.email = "ana@gent.be";
  u.name = "Ana Peeters";
  u.language = std::move(language);
  return u;
}

Notification Note(std::int64_t id, UnixSeconds at, std::string title, std::string body, std::string link) {
  Notification n;
  n.id = id;
  n.user_id = 5;
  n.kind = "mention";
  n.title = std::move(title);
  n.body = std::move(body);
  n.link = std::move(link);
  n.created_at = at;
  return n;
}

// Given oldest first; listed newest first. One has no body; one link lacks its leading '/'.
std::vector<Notification> Two() {
  return {Note(7, kNow - 7200, "Anna mentioned you in “Battery tender”", "Can you check the lot split?",
               "/communities/3/threads/9#post-41"),
          Note(8, kNow - 3600, "Invitation: Market dialogue on 10 December", "", "communities/3/events/12")};
}

TEST(DigestTest, NothingToSend) {
  EXPECT_FALSE(ComposeDigest(Person("en"), {}, "https://cobuy.eu", kNow));
}

TEST(DigestTest, English) {
  std::optional<OutboxMessage> m = ComposeDigest(Person("en"), Two(), "https://cobuy.eu/", kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->id, 0);
  EXPECT_EQ(m->to, "ana@gent.be");
  EXPECT_EQ(m->created_at, kNow);
  EXPECT_EQ(m->subject, "Cobuy: 2 new notifications");
  EXPECT_EQ(m->body,
            "Hello Ana Peeters,\n\n"
            "You have 2 new notifications on Cobuy:\n\n"
            "- Invitation: Market dialogue on 10 December\n"
            "  https://cobuy.eu/communities/3/events/12\n\n"
            "- Anna mentioned you in “Battery tender”\n"
            "  Can you check the lot split?\n"
            "  https://cobuy.eu/communities/3/threads/9#post-41\n\n"
            "You receive this e-mail because the daily digest is on in your notification preferences; you can turn "
            "it off there.\n");
}

TEST(DigestTest, German) {
  std::optional<OutboxMessage> m = ComposeDigest(Person("de"), Two(), "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Cobuy: 2 neue Benachrichtigungen");
  EXPECT_EQ(m->body,
            "Hallo Ana Peeters,\n\n"
            "Sie haben 2 neue Benachrichtigungen auf Cobuy:\n\n"
            "- Invitation: Market dialogue on 10 December\n"
            "  https://cobuy.eu/communities/3/events/12\n\n"
            "- Anna mentioned you in “Battery tender”\n"
            "  Can you check the lot split?\n"
            "  https://cobuy.eu/communities/3/threads/9#post-41\n\n"
            "Sie erhalten diese E-Mail, weil die tägliche Zusammenfassung in Ihren Benachrichtigungseinstellungen "
            "eingeschaltet ist; Sie können sie dort ausschalten.\n");
}

TEST(DigestTest, French) {
  std::optional<OutboxMessage> m = ComposeDigest(Person("fr"), Two(), "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Cobuy : 2 nouvelles notifications");
  EXPECT_EQ(m->body,
            "Bonjour Ana Peeters,\n\n"
            "Vous avez 2 nouvelles notifications sur Cobuy :\n\n"
            "- Invitation: Market dialogue on 10 December\n"
            "  https://cobuy.eu/communities/3/events/12\n\n"
            "- Anna mentioned you in “Battery tender”\n"
            "  Can you check the lot split?\n"
            "  https://cobuy.eu/communities/3/threads/9#post-41\n\n"
            "Vous recevez ce message parce que le résumé quotidien est activé dans vos préférences de notification ; "
            "vous pouvez le désactiver à cet endroit.\n");
}

TEST(DigestTest, Singular) {
  std::vector<Notification> one = {
      Note(3, kNow, "Welcome to Clean vehicles", "Line one\nline two", "https://elsewhere.example/x")};
  struct Want {
    const char* language;
    const char* subject;
    const char* intro;
  };
  for (const Want& w :
       {Want{"en", "Cobuy: 1 new notification", "You have 1 new notification on Cobuy:"},
        Want{"de", "Cobuy: 1 neue Benachrichtigung", "Sie haben 1 neue Benachrichtigung auf Cobuy:"},
        Want{"fr", "Cobuy : 1 nouvelle notification", "Vous avez 1 nouvelle notification sur Cobuy :"}}) {
    std::optional<OutboxMessage> m = ComposeDigest(Person(w.language), one, "https://cobuy.eu", kNow);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->subject, w.subject);
    // An absolute link is kept; a body's further lines are indented with it.
    EXPECT_NE(m->body.find(fmt::format("{}\n\n- Welcome to Clean vehicles\n  Line one\n  line two\n"
                                       "  https://elsewhere.example/x\n\n",
                                       w.intro)),
              std::string::npos)
        << m->body;
  }
}

TEST(DigestTest, OtherLanguagesAndNoNameFallBack) {
  User u = Person("es");
  u.name = "";
  std::optional<OutboxMessage> m = ComposeDigest(u, Two(), "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Cobuy: 2 new notifications");
  EXPECT_TRUE(m->body.starts_with("Hello,\n\nYou have 2 new notifications on Cobuy:\n\n")) << m->body;
}

TEST(DigestTest, FiftyListedThenAndNMore) {
  std::vector<Notification> many;
  for (int i = 1; i <= 53; ++i) many.push_back(Note(i, kNow - 1000 + i, fmt::format("N{}", i), "", ""));
  std::string listed;
  for (int i = 53; i >= 4; --i) listed += fmt::format("- N{}\n\n", i);  // newest first, 50 of them

  std::optional<OutboxMessage> m = ComposeDigest(Person("en"), many, "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Cobuy: 53 new notifications");
  EXPECT_EQ(m->body, "Hello Ana Peeters,\n\nYou have 53 new notifications on Cobuy:\n\n" + listed +
                         "…and 3 more: https://cobuy.eu\n\n"
                         "You receive this e-mail because the daily digest is on in your notification preferences; "
                         "you can turn it off there.\n");

  m = ComposeDigest(Person("de"), many, "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Cobuy: 53 neue Benachrichtigungen");
  EXPECT_NE(m->body.find("- N4\n\n… und 3 weitere: https://cobuy.eu\n\nSie erhalten"), std::string::npos);

  m = ComposeDigest(Person("fr"), many, "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("- N4\n\n… et 3 autres : https://cobuy.eu\n\nVous recevez"), std::string::npos);

  many.resize(51);  // N1..N51: 50 listed (N51..N2), 1 more
  m = ComposeDigest(Person("fr"), many, "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "Cobuy : 51 nouvelles notifications");
  EXPECT_NE(m->body.find("- N2\n\n… et 1 autre : https://cobuy.eu\n\n"), std::string::npos);
  EXPECT_EQ(m->body.find("- N1\n"), std::string::npos);
  m = ComposeDigest(Person("en"), many, "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("- N2\n\n…and 1 more: https://cobuy.eu\n\n"), std::string::npos);

  many.resize(50);  // exactly 50: no "more" line
  m = ComposeDigest(Person("en"), many, "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body.find("more"), std::string::npos);
  EXPECT_NE(m->body.find("- N1\n\nYou receive"), std::string::npos);
}

TEST(DigestTest, EqualTimesNewestIdFirst) {
  std::vector<Notification> same = {Note(1, kNow, "first", "", ""), Note(2, kNow, "second", "", "")};
  std::optional<OutboxMessage> m = ComposeDigest(Person("en"), same, "https://cobuy.eu", kNow);
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("- second\n\n- first\n\n"), std::string::npos);
}

}  // namespace
}  // namespace cobuy::community
