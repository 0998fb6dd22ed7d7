// The document library's limits, on a real (temporary) SQLite database: the storage quota of a
// community (Step 7, M7: 20 MB uploads could repeat without limit) and file names that hide
// what they are (L4).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "community/communities.h"
#include "store/community_store.h"
#include "store/store.h"

namespace cobuy::community {
namespace {

class LibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("cobuy-library-test-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    std::filesystem::remove(path_);
    auto store = Store::Open({.location = path_});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    accounts_ = std::move(*store);
    ASSERT_TRUE(accounts_->Migrate().ok());
    auto communities_store = CommunityStore::Open({.location = path_});
    ASSERT_TRUE(communities_store.ok()) << communities_store.status().ToString();
    store_ = std::move(*communities_store);

    Organisation org;
    org.name = "Gemeente Utrecht";
    org.type = OrganisationType::kMunicipality;
    org.country = "NL";
    org.created_at = 1000;
    auto org_id = accounts_->CreateOrganisation(org);
    ASSERT_TRUE(org_id.ok()) << org_id.status().ToString();
    User u;
    u.email = "buyer@utrecht.example";
    u.name = "Daan Bakker";
    u.organisation = *org_id;
    u.role = Role::kBuyer;
    u.status = UserStatus::kActive;
    u.password_hash = "$argon2id$x";
    u.created_at = 1000;
    auto user_id = accounts_->CreateUser(u);
    ASSERT_TRUE(user_id.ok()) << user_id.status().ToString();
    auto user = accounts_->GetUser(*user_id);
    ASSERT_TRUE(user.ok());
    user_ = *user;

    communities_ = std::make_unique<Communities>(*store_, *accounts_, clock_);
    auto caller = communities_->CallerOf(&user_);
    ASSERT_TRUE(caller.ok());
    caller_ = *caller;
    CommunityInput in;
    in.name = "Public lighting retrofits";
    in.kind = "working_group";
    in.openness = "open";
    in.aim = "Retrofit street lighting with LEDs together.";
    auto id = communities_->Create(caller_, in);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    community_id_ = *id;
  }
  void TearDown() override {
    communities_.reset();
    store_.reset();
    accounts_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  Workspace Enter() {
    auto ws = communities_->Enter(caller_, community_id_, Capability::kContribute);
    EXPECT_TRUE(ws.ok()) << ws.status().ToString();
    return *ws;
  }

  FixedClock clock_{1780000000};
  std::string path_;
  std::unique_ptr<Store> accounts_;
  std::unique_ptr<CommunityStore> store_;
  std::unique_ptr<Communities> communities_;
  User user_;
  Caller caller_;
  std::int64_t community_id_ = 0;
};

TEST_F(LibraryTest, UploadsStopAtTheCommunitysQuota) {
  communities_->set_storage_quota(1000);
  Workspace ws = Enter();
  auto first = communities_->Upload(ws, "Notes", "notes.txt", std::string(600, 'a'));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(store_->DocumentBytes(community_id_).value(), 600);
  // 600 + 500 > 1000: refused, and nothing is stored.
  auto second = communities_->Upload(ws, "More notes", "more.txt", std::string(500, 'b'));
  EXPECT_EQ(second.status(),
            FailedPrecondition("the community's library is full: it holds 600 of its 1000 bytes, and this file has "
                               "500; remove old documents first"));
  EXPECT_EQ(store_->ListDocuments(community_id_).value().size(), 1u);
  // A new version counts too; one that fits exactly is taken.
  EXPECT_EQ(communities_->UploadVersion(ws, *first, "notes.txt", std::string(401, 'c')).status().code(),
            StatusCode::kFailedPrecondition);
  auto version = communities_->UploadVersion(ws, *first, "notes.txt", std::string(400, 'c'));
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(store_->DocumentBytes(community_id_).value(), 1000);
}

TEST_F(LibraryTest, FileNamesWithBidiOverridesOrControlsAreRefused) {
  Workspace ws = Enter();
  const Status refused = InvalidArgument("must not contain slashes, quotes or control characters", "filename");
  // "report\u202Etxt.exe" displays as "reportexe.txt".
  EXPECT_EQ(communities_->Upload(ws, "", "report\xE2\x80\xAEtxt.exe.txt", "x").status(), refused);
  EXPECT_EQ(communities_->Upload(ws, "", std::string("a\0b.txt", 7), "x").status(), refused);
  EXPECT_EQ(communities_->Upload(ws, "", "a\x7f.txt", "x").status(), refused);
  EXPECT_TRUE(communities_->Upload(ws, "", "Beleuchtung – Übersicht.txt", "x").ok());
}

}  // namespace
}  // namespace cobuy::community
