// community::Communities in process: creating a community and uploading a document, data in
// and data out (communities_cases.json); joining, inviting, leaving and the workspace rules as
// scenarios on a fresh database with a fixed clock.
#include "community/communities.h"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "../../store/tests/store_fixture.h"

namespace cobuy::community {
namespace {

using nlohmann::json;

constexpr UnixSeconds kNow = 1799582400;  // 2027-01-10T12:00:00Z

class CommunitiesTest : public cobuy::testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    communities_ = std::make_unique<Communities>(*community_store_, *store_, clock_);
    utrecht_ = Org("Gemeente Utrecht", "NL", OrganisationType::kMunicipality);
    volvo_ = Org("Volvo Trucks", "NL", OrganisationType::kSupplier);
    anna_ = NewUser("anna@utrecht.example", "Anna", utrecht_, Role::kBuyer);
    admin_ = NewUser("admin@utrecht.example", "Anouk", utrecht_, Role::kOrganisationAdmin);
    bram_ = NewUser("bram@utrecht.example", "Bram", utrecht_, Role::kBuyer);
    olga_ = NewUser("olga@utrecht.example", "Olga", utrecht_, Role::kObserver);
    felix_ = NewUser("felix@volvo.example", "Felix", volvo_, Role::kBuyer);  // a supplier's person: a market actor
    mona_ = NewUser("mona@utrecht.example", "Mona", utrecht_, Role::kMarketActor);
  }
  void TearDown() override {
    communities_.reset();
    StoreFixture::TearDown();
  }

  Caller As(const User& u) { return communities_->CallerOf(&u).value(); }
  std::int64_t Create(const User& leader, const std::string& name, const std::string& openness) {
    CommunityInput in;
    in.name = name;
    in.kind = "working_group";
    in.openness = openness;
    in.aim = "Buy together";
    return communities_->Create(As(leader), in).value();
  }

  FixedClock clock_{kNow};
  std::unique_ptr<Communities> communities_;
  std::int64_t utrecht_ = 0, volvo_ = 0;
  User anna_, admin_, bram_, olga_, felix_, mona_;
};

// --- communities_cases.json --------------------------------------------------------------

json Cases(const char* section) {
  std::ifstream in(COBUY_SOURCE_DIR "/src/community/tests/communities_cases.json");
  return json::parse(in)[section];
}

std::vector<std::string> Names(const char* section) {
  std::vector<std::string> names;
  for (const auto& c : Cases(section)) names.push_back(c["name"]);
  return names;
}

json Find(const char* section, const std::string& name) {
  for (const auto& c : Cases(section)) {
    if (c["name"] == name) return c;
  }
  return nullptr;
}

std::optional<std::string> Given(const json& input, const char* key) {
  if (!input.contains(key)) return std::nullopt;
  return input[key].get<std::string>();
}

void ExpectError(const Status& s, const json& expect) {
  EXPECT_EQ(StatusCodeName(s.code()), expect["code"].get<std::string>()) << s.ToString();
  EXPECT_EQ(s.field(), expect["field"].get<std::string>());
  EXPECT_EQ(s.message(), expect["message"].get<std::string>());
}

class CreateCase : public CommunitiesTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(CreateCase, Case) {
  json spec = Find("create", GetParam());
  const json& input = spec["input"];
  CommunityInput in;
  in.name = Given(input, "name");
  in.kind = Given(input, "kind");
  in.openness = Given(input, "openness");
  in.aim = Given(input, "aim");
  in.entry_requirements = Given(input, "entry_requirements");
  in.topic = Given(input, "topic");
  const std::string who = spec["caller"];
  Caller caller = who == "anonymous"   ? Caller{}
                  : who == "buyer"     ? As(anna_)
                  : who == "org_admin" ? As(admin_)
                  : who == "observer"  ? As(olga_)
                                       : As(felix_);
  ASSERT_TRUE(who != "market" || caller.market);
  auto created = communities_->Create(caller, in);
  const json& expect = spec["expect"];
  if (expect["code"] != "OK") {
    ExpectError(created.status(), expect);
    EXPECT_EQ(community_store_->ListCommunities()->size(), 0u);
    return;
  }
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  Community c = community_store_->GetCommunity(*created).value();
  const json& want = expect["community"];
  EXPECT_EQ(c.name, want["name"].get<std::string>());
  EXPECT_EQ(Name(c.kind), want["kind"].get<std::string>());
  EXPECT_EQ(Name(c.openness), want["openness"].get<std::string>());
  EXPECT_EQ(c.aim, want["aim"].get<std::string>());
  EXPECT_EQ(c.entry_requirements, want["entry_requirements"].get<std::string>());
  EXPECT_EQ(c.topic, want["topic"].get<std::string>());
  EXPECT_EQ(c.created_by, caller.user->id.value);
  EXPECT_EQ(c.created_at, kNow);
  // The creator leads it.
  auto members = community_store_->ListMembers(*created).value();
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].user_id, caller.user->id.value);
  EXPECT_EQ(members[0].role, MemberRole::kLeader);
  EXPECT_EQ(members[0].status, MemberStatus::kActive);
}

INSTANTIATE_TEST_SUITE_P(Cases, CreateCase, ::testing::ValuesIn(Names("create")),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

std::string Bytes(const json& spec) {
  std::string unit;
  if (spec.contains("bytes_hex")) {
    const std::string hex = spec["bytes_hex"];
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
      unit.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  } else {
    unit = spec["bytes"];
  }
  std::string out;
  for (int i = 0; i < spec.value("repeat", 1); ++i) out += unit;
  return out;
}

class UploadCase : public CommunitiesTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(UploadCase, Case) {
  json spec = Find("upload", GetParam());
  std::int64_t id = Create(anna_, "Clean vehicles", "closed");
  Workspace ws = communities_->Enter(As(anna_), id, Capability::kContribute).value();
  auto uploaded = communities_->Upload(ws, spec["title"], spec["filename"], Bytes(spec));
  const json& expect = spec["expect"];
  if (expect["code"] != "OK") {
    ExpectError(uploaded.status(), expect);
    EXPECT_EQ(community_store_->ListDocuments(id, 0, 100)->second, 0);
    return;
  }
  ASSERT_TRUE(uploaded.ok()) << uploaded.status().ToString();
  Document d = community_store_->GetDocument(id, *uploaded).value();
  EXPECT_EQ(d.title, expect["title"].get<std::string>());
  ASSERT_EQ(d.versions.size(), 1u);
  const DocumentVersion& v = d.versions[0];
  EXPECT_EQ(v.version, 1);
  EXPECT_EQ(v.filename, spec["filename"].get<std::string>());
  EXPECT_EQ(v.media_type, expect["media_type"].get<std::string>());
  EXPECT_EQ(v.size, expect["size"].get<std::int64_t>());
  EXPECT_EQ(v.sha256, expect["sha256"].get<std::string>());
  EXPECT_EQ(v.uploaded_by, anna_.id.value);
  EXPECT_EQ(v.uploaded_at, kNow);
  EXPECT_EQ(community_store_->ReadDocument(id, *uploaded, 1)->second, Bytes(spec));
}

INSTANTIATE_TEST_SUITE_P(Cases, UploadCase, ::testing::ValuesIn(Names("upload")),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// --- scenarios ---------------------------------------------------------------------------

TEST_F(CommunitiesTest, ANameIsTakenOnce) {
  Create(anna_, "Clean vehicles", "open");
  CommunityInput in;
  in.name = "Clean vehicles";
  in.kind = "interest_group";
  in.openness = "open";
  in.aim = "Another";
  EXPECT_EQ(communities_->Create(As(bram_), in).status(),
            AlreadyExists("a community named 'Clean vehicles' exists already", "name"));
}

TEST_F(CommunitiesTest, JoiningAnOpenCommunityIsImmediateAClosedOneIsARequest) {
  std::int64_t open = Create(anna_, "Open group", "open");
  std::int64_t closed = Create(anna_, "Closed group", "closed");
  Membership m = communities_->Join(As(bram_), open, "").value();
  EXPECT_EQ(m.status, MemberStatus::kActive);
  EXPECT_EQ(m.role, MemberRole::kMember);
  EXPECT_EQ(m.joined_at, kNow);
  Membership r = communities_->Join(As(bram_), closed, "We buy trucks too").value();
  EXPECT_EQ(r.status, MemberStatus::kRequested);
  EXPECT_EQ(r.note, "We buy trucks too");
  // An observer joins as an observer; a market actor does not join.
  EXPECT_EQ(communities_->Join(As(olga_), open, "")->role, MemberRole::kObserver);
  EXPECT_EQ(communities_->Join(As(mona_), open, "").status(),
            PermissionDenied("market actors do not join communities; they are invited to single events"));
  EXPECT_EQ(communities_->Join(Caller{}, open, "").status(), Unauthenticated("sign in first"));
  EXPECT_EQ(communities_->Join(As(bram_), 9999, "").status(), NotFound("no such community"));
  // Joining again changes nothing.
  EXPECT_EQ(communities_->Join(As(bram_), open, "again")->note, "");
}

TEST_F(CommunitiesTest, AnInvitationKeepsItsRoleWhenAccepted) {
  std::int64_t id = Create(anna_, "Clean vehicles", "closed");
  Workspace ws = communities_->Enter(As(anna_), id, Capability::kManage).value();
  EXPECT_EQ(
      communities_->Invite(ws, "nobody@utrecht.example", "member").status(),
      InvalidArgument("nobody on Cobuy has the e-mail 'nobody@utrecht.example'; invite them to their organisation "
                      "first",
                      "email"));
  EXPECT_EQ(communities_->Invite(ws, "bram@utrecht.example", "boss").status(),
            InvalidArgument("must be leader, core, member or observer, not 'boss'", "role"));
  Membership invited = communities_->Invite(ws, " BRAM@utrecht.example ", "core").value();
  EXPECT_EQ(invited.user_id, bram_.id.value);
  EXPECT_EQ(invited.status, MemberStatus::kInvited);
  EXPECT_EQ(invited.role, MemberRole::kCore);
  // Accepting a closed community's invitation is not a request: active, as core.
  Membership joined = communities_->Join(As(bram_), id, "").value();
  EXPECT_EQ(joined.status, MemberStatus::kActive);
  EXPECT_EQ(joined.role, MemberRole::kCore);
}

TEST_F(CommunitiesTest, TheLastLeaderCannotLeave) {
  std::int64_t id = Create(anna_, "Clean vehicles", "open");
  ASSERT_TRUE(communities_->Join(As(bram_), id, "").ok());
  Workspace anna = communities_->Enter(As(anna_), id, Capability::kViewWorkspace).value();
  EXPECT_EQ(communities_->Leave(anna),
            FailedPrecondition("the last leader cannot leave; appoint another leader first"));
  Workspace manage = communities_->Enter(As(anna_), id, Capability::kManage).value();
  ASSERT_TRUE(communities_->ChangeMember(manage, bram_.id.value, std::string("leader"), std::nullopt).ok());
  EXPECT_TRUE(communities_->Leave(anna).ok());
  auto members = community_store_->ListMembers(id).value();
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].user_id, bram_.id.value);
  EXPECT_EQ(members[0].role, MemberRole::kLeader);
}

TEST_F(CommunitiesTest, AWorkspaceIsForMembersOnly) {
  std::int64_t id = Create(anna_, "Clean vehicles", "closed");
  EXPECT_EQ(communities_->Enter(As(anna_), 9999, Capability::kViewWorkspace).status(), NotFound("no such community"));
  EXPECT_EQ(communities_->Enter(Caller{}, id, Capability::kViewWorkspace).status(), Unauthenticated("sign in first"));
  EXPECT_EQ(communities_->Enter(As(bram_), id, Capability::kViewWorkspace).status(),
            PermissionDenied("only the community's members can do this"));
  // A request is not a membership yet.
  ASSERT_TRUE(communities_->Join(As(bram_), id, "").ok());
  EXPECT_EQ(communities_->Enter(As(bram_), id, Capability::kViewWorkspace).status(),
            PermissionDenied("only the community's members can do this"));
  Workspace manage = communities_->Enter(As(anna_), id, Capability::kManage).value();
  ASSERT_TRUE(communities_->ChangeMember(manage, bram_.id.value, std::nullopt, std::string("active")).ok());
  Workspace bram = communities_->Enter(As(bram_), id, Capability::kContribute).value();
  EXPECT_EQ(bram.user_id(), bram_.id.value);
  EXPECT_EQ(bram.membership->status, MemberStatus::kActive);
  // A member contributes but does not manage.
  EXPECT_EQ(communities_->Enter(As(bram_), id, Capability::kManage).status(),
            PermissionDenied("only the community's leader and the secretariat can do this"));
  // A market actor cannot be invited as a member.
  EXPECT_EQ(communities_->Invite(manage, "felix@volvo.example", "member").status(),
            InvalidArgument("market actors cannot be members; invite them to an event instead", "email"));
}

TEST(Sha256HexTest, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("hello"), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

// --- the document library's limits ------------------------------------------------------

// Step 7, M7: 20 MB uploads could repeat without limit. Each community's library has a quota,
// every version counted.
TEST_F(CommunitiesTest, UploadsStopAtTheCommunitysQuota) {
  communities_->set_storage_quota(1000);
  const Workspace ws =
      communities_->Enter(As(anna_), Create(anna_, "Public lighting retrofits", "open"), Capability::kContribute)
          .value();
  auto first = communities_->Upload(ws, "Notes", "notes.txt", std::string(600, 'a'));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(community_store_->DocumentBytes(ws.community.id).value(), 600);
  // 600 + 500 > 1000: refused, and nothing is stored.
  auto second = communities_->Upload(ws, "More notes", "more.txt", std::string(500, 'b'));
  EXPECT_EQ(second.status(),
            FailedPrecondition("the community's library is full: it holds 600 of its 1000 bytes, and this file has "
                               "500; remove old documents first"));
  EXPECT_EQ(community_store_->ListDocuments(ws.community.id, 0, 100).value().second, 1);
  // A new version counts too; one that fits exactly is taken.
  EXPECT_EQ(communities_->UploadVersion(ws, *first, "notes.txt", std::string(401, 'c')).status().code(),
            StatusCode::kFailedPrecondition);
  auto version = communities_->UploadVersion(ws, *first, "notes.txt", std::string(400, 'c'));
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(community_store_->DocumentBytes(ws.community.id).value(), 1000);
}

// Step 7, L4: file names that hide what they are (bidi overrides, control characters).
TEST_F(CommunitiesTest, FileNamesWithBidiOverridesOrControlsAreRefused) {
  const Workspace ws =
      communities_->Enter(As(anna_), Create(anna_, "Public lighting retrofits", "open"), Capability::kContribute)
          .value();
  const Status refused = InvalidArgument("must not contain slashes, quotes or control characters", "filename");
  // "report\u202Etxt.exe.txt" displays as "reportexe.txt.txt".
  EXPECT_EQ(communities_->Upload(ws, "", "report\xE2\x80\xAEtxt.exe.txt", "x").status(), refused);
  EXPECT_EQ(communities_->Upload(ws, "", std::string("a\0b.txt", 7), "x").status(), refused);
  EXPECT_EQ(communities_->Upload(ws, "", "a\x7f.txt", "x").status(), refused);
  EXPECT_TRUE(communities_->Upload(ws, "", "Beleuchtung – Übersicht.txt", "x").ok());
}

}  // namespace
}  // namespace cobuy::community
