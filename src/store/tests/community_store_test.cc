// CommunityStore (SQLite): members, discussions, documents, events and the records the
// figures are computed from, read back exactly; objects of one community are not reachable
// through another.
#include "store/community_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_fixture.h"

namespace cobuy {
namespace {

using CommunityStoreTest = testing::StoreFixture;

Community Group(const std::string& name, CommunityKind kind = CommunityKind::kWorkingGroup) {
  Community c;
  c.name = name;
  c.kind = kind;
  c.openness = Openness::kClosed;
  c.aim = "Buy together";
  c.entry_requirements = "A buyer";
  c.topic = "Vehicles";
  return c;
}

TEST(CommunityStoreOpenTest, RefusesAnEmptyLocation) {
  EXPECT_EQ(CommunityStore::Open({.location = ""}).status(), InvalidArgument("no database location given", "db"));
}

TEST_F(CommunityStoreTest, ACommunityStartsWithItsLeaderAndNamesAreUnique) {
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t id = community_store_->CreateCommunity(Group("Clean vehicles"), anna, 5000).value();
  Community c = community_store_->GetCommunity(id).value();
  EXPECT_EQ(c.name, "Clean vehicles");
  EXPECT_EQ(c.kind, CommunityKind::kWorkingGroup);
  EXPECT_EQ(c.openness, Openness::kClosed);
  EXPECT_EQ(c.aim, "Buy together");
  EXPECT_EQ(c.entry_requirements, "A buyer");
  EXPECT_EQ(c.topic, "Vehicles");
  EXPECT_EQ(c.created_by, anna);
  EXPECT_EQ(c.created_at, 5000);
  auto members = community_store_->ListMembers(id).value();
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].user_id, anna);
  EXPECT_EQ(members[0].user_name, "Anna");
  EXPECT_EQ(members[0].email, "anna@utrecht.example");
  EXPECT_EQ(members[0].organisation_name, "Gemeente Utrecht");
  EXPECT_EQ(members[0].country, "NL");
  EXPECT_EQ(members[0].role, MemberRole::kLeader);
  EXPECT_EQ(members[0].status, MemberStatus::kActive);
  EXPECT_EQ(members[0].joined_at, 5000);

  EXPECT_EQ(community_store_->CreateCommunity(Group("Clean vehicles"), anna, 5100).status(),
            AlreadyExists("a community named 'Clean vehicles' exists already", "name"));
  std::int64_t other = community_store_->CreateCommunity(Group("Asphalt"), anna, 5200).value();
  Community renamed = community_store_->GetCommunity(other).value();
  renamed.name = "Clean vehicles";
  EXPECT_EQ(community_store_->UpdateCommunity(renamed),
            AlreadyExists("a community named 'Clean vehicles' exists already", "name"));
  renamed.name = "Circular asphalt";
  renamed.openness = Openness::kOpen;
  ASSERT_TRUE(community_store_->UpdateCommunity(renamed).ok());
  EXPECT_EQ(community_store_->GetCommunity(other)->openness, Openness::kOpen);
  renamed.id = 999;
  EXPECT_EQ(community_store_->UpdateCommunity(renamed), NotFound("no such community"));
  EXPECT_EQ(community_store_->GetCommunity(999).status(), NotFound("no such community"));

  auto all = community_store_->ListCommunities().value();  // by name
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Circular asphalt");
  EXPECT_EQ(all[1].name, "Clean vehicles");
}

TEST_F(CommunityStoreTest, MembersAreListedLeadersFirstThenByOrganisationAndName) {
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t lyon = Org("Ville de Lyon", "FR");
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t bram = Person("bram@utrecht.example", "Bram", utrecht);
  std::int64_t claire = Person("claire@lyon.example", "Claire", lyon);
  std::int64_t denis = Person("denis@lyon.example", "Denis", lyon);
  std::int64_t id = community_store_->CreateCommunity(Group("Clean vehicles"), denis, 5000).value();
  ASSERT_TRUE(community_store_->PutMember(id, bram, MemberRole::kMember, MemberStatus::kActive, "", 5100).ok());
  ASSERT_TRUE(community_store_->PutMember(id, claire, MemberRole::kCore, MemberStatus::kActive, "", 5200).ok());
  ASSERT_TRUE(
      community_store_->PutMember(id, anna, MemberRole::kMember, MemberStatus::kRequested, "Please", 5300).ok());
  auto members = community_store_->ListMembers(id).value();
  std::vector<std::int64_t> order;
  for (const auto& m : members) order.push_back(m.user_id);
  // leader Denis; core Claire; members of Gemeente Utrecht, Anna before Bram
  EXPECT_EQ(order, (std::vector<std::int64_t>{denis, claire, anna, bram}));
  EXPECT_EQ(members[2].status, MemberStatus::kRequested);
  EXPECT_EQ(members[2].note, "Please");

  EXPECT_EQ(community_store_->GetMembership(id, anna).value()->role, MemberRole::kMember);
  std::int64_t erik = Person("erik@utrecht.example", "Erik", utrecht);
  EXPECT_EQ(community_store_->GetMembership(id, erik).value(), std::nullopt);
  std::int64_t other = community_store_->CreateCommunity(Group("Asphalt"), anna, 6000).value();
  auto mine = community_store_->MembershipsOf(anna).value();
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].community_id, id);
  EXPECT_EQ(mine[1].community_id, other);
  EXPECT_EQ(mine[1].role, MemberRole::kLeader);

  ASSERT_TRUE(community_store_->RemoveMember(id, bram).ok());
  EXPECT_EQ(community_store_->RemoveMember(id, bram), NotFound("no such member"));
  EXPECT_EQ(community_store_->ListMembers(id)->size(), 3u);
}

TEST_F(CommunityStoreTest, AnActiveMemberKeepsTheDayTheyJoined) {
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t bram = Person("bram@utrecht.example", "Bram", utrecht);
  std::int64_t id = community_store_->CreateCommunity(Group("Clean vehicles"), anna, 5000).value();
  // Invited at 5100, accepted at 5200: joined when accepted.
  ASSERT_TRUE(community_store_->PutMember(id, bram, MemberRole::kMember, MemberStatus::kInvited, "", 5100).ok());
  EXPECT_EQ(community_store_->GetMembership(id, bram).value()->joined_at, 5100);
  ASSERT_TRUE(community_store_->PutMember(id, bram, MemberRole::kMember, MemberStatus::kActive, "", 5200).ok());
  EXPECT_EQ(community_store_->GetMembership(id, bram).value()->joined_at, 5200);
  // Made core at 5300: still joined at 5200.
  ASSERT_TRUE(community_store_->PutMember(id, bram, MemberRole::kCore, MemberStatus::kActive, "", 5300).ok());
  auto m = community_store_->GetMembership(id, bram).value();
  EXPECT_EQ(m->role, MemberRole::kCore);
  EXPECT_EQ(m->joined_at, 5200);
}

TEST_F(CommunityStoreTest, DiscussionsKeepEveryVersionAndAreReadThroughTheirCommunity) {
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t zoe = Person("zoe@utrecht.example", "Zoe", utrecht);
  std::int64_t bram = Person("bram@utrecht.example", "Bram", utrecht);
  std::int64_t id = community_store_->CreateCommunity(Group("Clean vehicles"), anna, 5000).value();
  std::int64_t other = community_store_->CreateCommunity(Group("Asphalt"), anna, 5000).value();

  std::int64_t first =
      community_store_->CreateThread(id, "Charging", anna, "Who has chargers?", {zoe, bram}, 6000).value();
  std::int64_t second = community_store_->CreateThread(id, "Tyres", anna, "Tyres?", {}, 6100).value();
  std::int64_t reply = community_store_->AddPost(first, bram, "We do.", {anna}, 6200).value();

  auto threads = community_store_->ListThreads(id).value();  // latest activity first
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0].id, first);
  EXPECT_EQ(threads[0].posts, 2);
  EXPECT_EQ(threads[0].created_at, 6000);
  EXPECT_EQ(threads[0].last_post_at, 6200);
  EXPECT_EQ(threads[0].author_name, "Anna");
  EXPECT_EQ(threads[1].id, second);
  EXPECT_EQ(threads[1].posts, 1);
  EXPECT_EQ(community_store_->GetThread(other, first).status(), NotFound("no such thread"));

  auto posts = community_store_->ListPosts(first).value();  // oldest first
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].body, "Who has chargers?");
  EXPECT_EQ(posts[0].author_organisation, "Gemeente Utrecht");
  // mentions by name
  EXPECT_EQ(posts[0].mentions, (std::vector<std::pair<std::int64_t, std::string>>{{bram, "Bram"}, {zoe, "Zoe"}}));
  EXPECT_EQ(posts[1].id, reply);
  EXPECT_EQ(posts[1].mentions, (std::vector<std::pair<std::int64_t, std::string>>{{anna, "Anna"}}));

  ASSERT_TRUE(community_store_->EditPost(reply, "We do, two.", 6300).ok());
  ASSERT_TRUE(community_store_->EditPost(reply, "We do, three.", 6400).ok());
  Post edited = community_store_->GetPost(id, reply).value();
  EXPECT_EQ(edited.body, "We do, three.");
  EXPECT_EQ(edited.edited_at, 6400);
  EXPECT_EQ(edited.versions, 3);
  EXPECT_EQ(community_store_->PostVersions(reply).value(),
            (std::vector<std::pair<std::string, UnixSeconds>>{
                {"We do.", 6200}, {"We do, two.", 6300}, {"We do, three.", 6400}}));
  EXPECT_EQ(community_store_->GetPost(other, reply).status(), NotFound("no such post"));
  EXPECT_EQ(community_store_->EditPost(999, "x", 6500), NotFound("no such post"));

  ASSERT_TRUE(community_store_->HidePost(reply, "Off topic", anna).ok());
  Post hidden = community_store_->GetPost(id, reply).value();
  EXPECT_TRUE(hidden.hidden);
  EXPECT_EQ(hidden.hidden_reason, "Off topic");
  EXPECT_FALSE(community_store_->GetPost(id, posts[0].id)->hidden);
  EXPECT_EQ(community_store_->HidePost(999, "x", anna), NotFound("no such post"));
}

TEST_F(CommunityStoreTest, DocumentsAreVersionedNewestFirstAndReadThroughTheirCommunity) {
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t bram = Person("bram@utrecht.example", "Bram", utrecht);
  std::int64_t id = community_store_->CreateCommunity(Group("Clean vehicles"), anna, 5000).value();
  std::int64_t other = community_store_->CreateCommunity(Group("Asphalt"), anna, 5000).value();

  DocumentVersion v1{0, "specs.txt", "text/plain", 5, "sha-one", 7000, anna, ""};
  std::int64_t doc = community_store_->AddDocument(id, "Specifications", v1, "hello").value();
  DocumentVersion v2{0, "specs-2.txt", "text/plain", 6, "sha-two", 7100, bram, ""};
  EXPECT_EQ(community_store_->AddDocumentVersion(id, doc, v2, "hello!").value(), 2);
  EXPECT_EQ(community_store_->AddDocumentVersion(other, doc, v2, "hello!").status(), NotFound("no such document"));

  Document d = community_store_->GetDocument(id, doc).value();
  EXPECT_EQ(d.title, "Specifications");
  EXPECT_EQ(d.created_by, anna);
  EXPECT_EQ(d.created_by_name, "Anna");
  EXPECT_EQ(d.created_at, 7000);
  ASSERT_EQ(d.versions.size(), 2u);
  EXPECT_EQ(d.versions[0].version, 2);
  EXPECT_EQ(d.versions[0].filename, "specs-2.txt");
  EXPECT_EQ(d.versions[0].uploaded_by_name, "Bram");
  EXPECT_EQ(d.versions[1].version, 1);
  EXPECT_EQ(d.versions[1].sha256, "sha-one");
  EXPECT_EQ(community_store_->GetDocument(other, doc).status(), NotFound("no such document"));

  auto [version, bytes] = community_store_->ReadDocument(id, doc, 1).value();
  EXPECT_EQ(version.filename, "specs.txt");
  EXPECT_EQ(version.size, 5);
  EXPECT_EQ(bytes, "hello");
  EXPECT_EQ(community_store_->ReadDocument(id, doc, 2)->second, "hello!");
  EXPECT_EQ(community_store_->ReadDocument(id, doc, 3).status(), NotFound("no such document version"));
  EXPECT_EQ(community_store_->ReadDocument(other, doc, 1).status(), NotFound("no such document version"));

  DocumentVersion later{0, "plan.txt", "text/plain", 5, "sha-one", 7200, anna, ""};  // same bytes again
  std::int64_t plan = community_store_->AddDocument(id, "Plan", later, "hello").value();
  auto [docs, total] = community_store_->ListDocuments(id, 0, 10).value();  // newest first
  EXPECT_EQ(total, 2);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, plan);
  EXPECT_EQ(docs[1].id, doc);
  EXPECT_EQ(docs[1].versions.size(), 2u);
  EXPECT_EQ(community_store_->ReadDocument(id, plan, 1)->second, "hello");
  auto none = community_store_->ListDocuments(other, 0, 10).value();
  EXPECT_EQ(none.first.size(), 0u);
  EXPECT_EQ(none.second, 0);
}

TEST_F(CommunityStoreTest, DocumentsAreListedAPageAtATimeWithAllTheirVersions) {
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t id = community_store_->CreateCommunity(Group("Clean vehicles"), anna, 5000).value();
  std::int64_t other = community_store_->CreateCommunity(Group("Asphalt"), anna, 5000).value();
  // Five documents created at 1000, 2000, ... 5000 (D1 oldest); D3 has three versions; one
  // document in another community.
  std::vector<std::int64_t> ids;
  for (int i = 1; i <= 5; ++i) {
    DocumentVersion v{0, fmt::format("d{}.txt", i), "text/plain", 1, fmt::format("sha-{}", i), i * 1000, anna, ""};
    ids.push_back(community_store_->AddDocument(id, fmt::format("D{}", i), v, fmt::format("{}", i)).value());
  }
  for (int n = 2; n <= 3; ++n) {
    DocumentVersion v{0, fmt::format("d3-{}.txt", n), "text/plain", 1, fmt::format("sha-3-{}", n), 9000 + n, anna, ""};
    ASSERT_EQ(community_store_->AddDocumentVersion(id, ids[2], v, fmt::format("3.{}", n)).value(), n);
  }
  DocumentVersion elsewhere{0, "x.txt", "text/plain", 1, "sha-x", 6000, anna, ""};
  ASSERT_TRUE(community_store_->AddDocument(other, "X", elsewhere, "x").ok());

  auto titles = [](const std::vector<Document>& docs) {
    std::vector<std::string> out;
    for (const Document& d : docs) out.push_back(d.title);
    return out;
  };
  // Newest first: D5 D4 | D3 D2 | D1; a page counts documents, not versions.
  auto first = community_store_->ListDocuments(id, 0, 2).value();
  EXPECT_EQ(first.second, 5);
  EXPECT_EQ(titles(first.first), (std::vector<std::string>{"D5", "D4"}));
  auto second = community_store_->ListDocuments(id, 2, 2).value();
  EXPECT_EQ(second.second, 5);
  ASSERT_EQ(titles(second.first), (std::vector<std::string>{"D3", "D2"}));
  ASSERT_EQ(second.first[0].versions.size(), 3u);
  EXPECT_EQ(second.first[0].versions[0].filename, "d3-3.txt");
  EXPECT_EQ(second.first[0].versions[2].filename, "d3.txt");
  auto last = community_store_->ListDocuments(id, 4, 2).value();
  EXPECT_EQ(titles(last.first), (std::vector<std::string>{"D1"}));
  EXPECT_EQ(last.second, 5);
  auto beyond = community_store_->ListDocuments(id, 5, 2).value();
  EXPECT_EQ(beyond.first.size(), 0u);
  EXPECT_EQ(beyond.second, 5);
  auto theirs = community_store_->ListDocuments(other, 0, 100).value();
  EXPECT_EQ(titles(theirs.first), (std::vector<std::string>{"X"}));
  EXPECT_EQ(theirs.second, 1);
  // One document read alone still carries all its versions.
  EXPECT_EQ(community_store_->GetDocument(id, ids[2])->versions.size(), 3u);
}

TEST_F(CommunityStoreTest, EventsCarryTheirPeopleAndBumpTheirSequence) {
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t volvo = Org("Volvo Trucks", "SE", OrganisationType::kSupplier);
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t bram = Person("bram@utrecht.example", "Bram", utrecht);
  std::int64_t felix = Person("felix@volvo.example", "Felix", volvo, Role::kMarketActor);
  std::int64_t id = community_store_->CreateCommunity(Group("Clean vehicles"), anna, 5000).value();
  std::int64_t other = community_store_->CreateCommunity(Group("Asphalt"), bram, 5000).value();

  Event e;
  e.community_id = id;
  e.kind = EventKind::kMarketEngagement;
  e.title = "Meet the makers";
  e.starts_at = 9000;
  e.ends_at = 12600;
  e.time_zone = "Europe/Amsterdam";
  e.place = "Utrecht";
  e.created_at = 8000;
  std::int64_t ev = community_store_->CreateEvent(e, anna).value();
  Event early = e;
  early.title = "Kick-off";
  early.kind = EventKind::kOnlineMeeting;
  early.starts_at = 8500;
  std::int64_t kickoff = community_store_->CreateEvent(early, anna).value();

  ASSERT_TRUE(community_store_->InviteToEvent(ev, felix, true).ok());
  ASSERT_TRUE(community_store_->SetRegistered(ev, bram, true).ok());
  ASSERT_TRUE(community_store_->SetRegistered(ev, felix, true).ok());
  ASSERT_TRUE(community_store_->SetAttendance(ev, {felix, anna}).ok());
  ASSERT_TRUE(community_store_->SetAttendance(ev, {felix}).ok());  // exactly these: Anna no longer

  Event got = community_store_->GetEvent(id, ev).value();
  EXPECT_EQ(got.sequence, 0);
  ASSERT_EQ(got.people.size(), 3u);  // by name: Anna, Bram, Felix
  EXPECT_EQ(got.people[0].user_id, anna);
  EXPECT_FALSE(got.people[0].attended);
  EXPECT_FALSE(got.people[0].invited);
  EXPECT_EQ(got.people[1].user_id, bram);
  EXPECT_TRUE(got.people[1].registered);
  EXPECT_FALSE(got.people[1].guest);
  EXPECT_EQ(got.people[2].user_id, felix);
  EXPECT_EQ(got.people[2].organisation, "Volvo Trucks");
  EXPECT_TRUE(got.people[2].guest);
  EXPECT_TRUE(got.people[2].invited);
  EXPECT_TRUE(got.people[2].registered);
  EXPECT_TRUE(got.people[2].attended);
  EXPECT_EQ(community_store_->GetEvent(other, ev).status(), NotFound("no such event"));

  got.status = EventStatus::kCancelled;
  ASSERT_TRUE(community_store_->UpdateEvent(got, 9500).ok());
  ASSERT_TRUE(community_store_->UpdateEvent(got, 9600).ok());
  Event updated = community_store_->GetEvent(id, ev).value();
  EXPECT_EQ(updated.sequence, 2);
  EXPECT_EQ(updated.updated_at, 9600);
  EXPECT_EQ(updated.created_at, 8000);
  EXPECT_EQ(updated.status, EventStatus::kCancelled);
  got.community_id = other;
  EXPECT_EQ(community_store_->UpdateEvent(got, 9700), NotFound("no such event"));

  auto list = community_store_->ListEvents(id).value();  // by start
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, kickoff);
  EXPECT_EQ(list[1].id, ev);
  // Felix is no member, but was invited to one event; Bram is no member of the first community.
  auto felix_events = community_store_->EventsOf(felix).value();
  ASSERT_EQ(felix_events.size(), 1u);
  EXPECT_EQ(felix_events[0].id, ev);
  EXPECT_EQ(community_store_->EventsOf(anna)->size(), 2u);
  EXPECT_EQ(community_store_->EventsOf(bram)->size(), 0u);
}

TEST_F(CommunityStoreTest, TheActivitiesCountActiveMembersOrganisationsOnceAndMarketActorsWhoAttended) {
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t lyon = Org("Ville de Lyon", "FR");
  std::int64_t volvo = Org("Volvo Trucks", "SE", OrganisationType::kSupplier);
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t bram = Person("bram@utrecht.example", "Bram", utrecht);
  std::int64_t claire = Person("claire@lyon.example", "Claire", lyon);
  std::int64_t denis = Person("denis@lyon.example", "Denis", lyon);
  std::int64_t felix = Person("felix@volvo.example", "Felix", volvo, Role::kMarketActor);
  std::int64_t vehicles = community_store_->CreateCommunity(Group("Clean vehicles"), anna, 5000).value();
  std::int64_t asphalt =
      community_store_->CreateCommunity(Group("Asphalt", CommunityKind::kInterestGroup), claire, 5000).value();
  ASSERT_TRUE(community_store_->PutMember(vehicles, bram, MemberRole::kMember, MemberStatus::kActive, "", 5100).ok());
  ASSERT_TRUE(community_store_->PutMember(vehicles, claire, MemberRole::kMember, MemberStatus::kActive, "", 5100).ok());
  ASSERT_TRUE(
      community_store_->PutMember(vehicles, denis, MemberRole::kMember, MemberStatus::kRequested, "", 5100).ok());
  // The leader of the asphalt group steps down to member: no active leader.
  ASSERT_TRUE(community_store_->PutMember(asphalt, claire, MemberRole::kMember, MemberStatus::kActive, "", 5200).ok());

  Event e;
  e.community_id = vehicles;
  e.kind = EventKind::kMarketEngagement;
  e.title = "Meet the makers";
  e.starts_at = 9000;
  e.created_at = 8000;
  std::int64_t ev = community_store_->CreateEvent(e, anna).value();
  ASSERT_TRUE(community_store_->InviteToEvent(ev, felix, true).ok());
  ASSERT_TRUE(community_store_->SetAttendance(ev, {felix, bram}).ok());
  e.kind = EventKind::kSiteVisit;
  e.status = EventStatus::kCancelled;
  e.starts_at = 8800;
  ASSERT_TRUE(community_store_->CreateEvent(e, anna).ok());
  std::int64_t thread = community_store_->CreateThread(vehicles, "Charging", anna, "Who?", {}, 6000).value();
  ASSERT_TRUE(community_store_->AddPost(thread, bram, "Us.", {}, 6100).ok());
  ASSERT_TRUE(
      community_store_->AddDocument(vehicles, "Specs", {0, "s.txt", "text/plain", 1, "h", 7000, anna, ""}, "x").ok());

  auto all = community_store_->Activities(0).value();  // by name: Asphalt, Clean vehicles
  ASSERT_EQ(all.size(), 2u);
  const CommunityActivity& a = all[0];
  EXPECT_EQ(a.community_id, asphalt);
  EXPECT_EQ(a.kind, CommunityKind::kInterestGroup);
  EXPECT_EQ(a.active_members, 1);
  EXPECT_FALSE(a.has_leader);
  EXPECT_EQ(a.events.size(), 0u);
  EXPECT_EQ(a.posts, 0);
  const CommunityActivity& v = all[1];
  EXPECT_EQ(v.community_id, vehicles);
  EXPECT_EQ(v.name, "Clean vehicles");
  EXPECT_EQ(v.active_members, 3);  // Anna, Bram, Claire; Denis only asked
  EXPECT_TRUE(v.has_leader);
  ASSERT_EQ(v.member_organisations.size(), 2u);  // Utrecht once, Lyon
  EXPECT_EQ(v.member_organisations[0].id, utrecht);
  EXPECT_EQ(v.member_organisations[1].id, lyon);
  ASSERT_EQ(v.events.size(), 2u);  // by start: the cancelled site visit, then the session
  EXPECT_EQ(v.events[0].kind, EventKind::kSiteVisit);
  EXPECT_TRUE(v.events[0].cancelled);
  EXPECT_EQ(v.events[1].kind, EventKind::kMarketEngagement);
  EXPECT_FALSE(v.events[1].cancelled);
  EXPECT_EQ(v.events[1].attending_market_organisations, (std::vector<std::int64_t>{volvo}));  // not Bram's
  EXPECT_EQ(v.documents, 1);
  EXPECT_EQ(v.posts, 2);

  auto one = community_store_->Activities(asphalt).value();
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].community_id, asphalt);
  EXPECT_EQ(community_store_->Activities(999).status(), NotFound("no such community"));
}

}  // namespace
}  // namespace cobuy
