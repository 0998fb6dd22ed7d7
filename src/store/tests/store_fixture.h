// A migrated database in a fresh file with the stores the community and assessment tests use
// (one file: each store opens its own connections), and helpers to add organisations and people.
// The store tests use it, and so do the in-process tests of community::Communities and
// needs::Needs, which build their services on these stores.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/assessment_store.h"
#include "store/community_store.h"
#include "store/store.h"

namespace cobuy::testing {

class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "cobuy-store-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    const std::string db = dir_ + "/cobuy.db";
    store_ = Store::Open({.location = db}).value();
    ASSERT_TRUE(store_->Migrate().ok());
    community_store_ = CommunityStore::Open({.location = db}).value();
    assessment_store_ = AssessmentStore::Open({.location = db}).value();
  }
  void TearDown() override {
    assessment_store_.reset();
    community_store_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::int64_t Org(const std::string& name, const std::string& country = "NL",
                   OrganisationType type = OrganisationType::kMunicipality) {
    Organisation o;
    o.name = name;
    o.type = type;
    o.country = country;
    o.created_at = 1000;
    return store_->CreateOrganisation(o).value().value;
  }
  // A new active person, as stored (with the id).
  User NewUser(const std::string& email, const std::string& name, std::int64_t org, Role role = Role::kBuyer) {
    User u;
    u.email = email;
    u.name = name;
    u.organisation = OrganisationId{org};
    u.role = role;
    u.password_hash = "$argon2id$x";
    u.created_at = 1000;
    u.id = store_->CreateUser(u).value();
    return u;
  }
  std::int64_t Person(const std::string& email, const std::string& name, std::int64_t org, Role role = Role::kBuyer) {
    return NewUser(email, name, org, role).id.value;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<CommunityStore> community_store_;
  std::unique_ptr<AssessmentStore> assessment_store_;
};

}  // namespace cobuy::testing
