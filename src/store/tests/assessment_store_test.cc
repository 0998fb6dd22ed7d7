// AssessmentStore on both backends (Sqlite/... and Postgres/..., each test on a fresh database):
// what it keeps of needs assessments, invitations, answers, formations and the groups formed
// from them, and how it orders and refuses.
#include "store/assessment_store.h"

#include <gtest/gtest.h>

#include "db/tests/test_db.h"
#include "store/schema.h"

namespace cobuy {
namespace {

using db::Backend;

// A fresh migrated database with the store on it. The organisations, people and communities the
// assessments refer to are written with SQL here: their stores do not run on PostgreSQL yet.
class AssessmentStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<db::testing::TestDb>(GetParam());
    ASSERT_FALSE(fresh_->location().empty()) << fresh_->error();
    db_ = fresh_->Open({.pool_size = 2});
    ASSERT_TRUE(db_);
    auto migrated = db_->Migrate(store::SchemaMigrations());
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
    auto store = AssessmentStore::Open(*db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    assessment_store_ = std::move(store).value();
  }

  std::int64_t Insert(const db::Sql& sql, std::initializer_list<db::Param> params) {
    auto id = db_->Run([&](db::Conn& c) { return c.InsertReturningId(sql, params); });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.value_or(0);
  }
  std::int64_t Org(const std::string& name, const std::string& country = "NL") {
    return Insert(
        "INSERT INTO organisations(name, name_key, type, country, created_at, updated_at) VALUES (?, ?, "
        "'municipality', ?, 1000, 1000)",
        {name, name, country});
  }
  std::int64_t Person(const std::string& email, const std::string& name, std::int64_t org) {
    return Insert(
        "INSERT INTO users(email, name, organisation_id, role, status, language, password_hash, created_at) "
        "VALUES (?, ?, ?, 'buyer', 'active', 'en', '$argon2id$x', 1000)",
        {email, name, org});
  }
  std::int64_t Community(const std::string& name, std::int64_t created_by, std::int64_t at) {
    return Insert(
        "INSERT INTO communities(name, kind, openness, aim, entry_requirements, topic, created_by, created_at) "
        "VALUES (?, 'working_group', 'closed', '', '', '', ?, ?)",
        {name, created_by, at});
  }

  std::unique_ptr<db::testing::TestDb> fresh_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<AssessmentStore> assessment_store_;
};

Assessment Vehicles(std::int64_t created_by, UnixSeconds at = 5000) {
  Assessment a;
  a.title = "Clean vehicles 2027";
  a.description = "What will you buy?";
  a.months_ahead = 18;
  a.opens_on = "2027-01-04";
  a.closes_on = "2027-02-26";
  a.created_by = created_by;
  a.created_at = at;
  a.areas = {{0, "ev-trucks", "Electric trucks", "Refuse trucks", {"34144511", "3414"}},
             {0, "ev-buses", "Electric buses", "", {"34121400"}}};
  return a;
}

TEST(AssessmentStoreOpenTest, RefusesAnEmptyLocationAndAnUnmigratedDatabase) {
  EXPECT_EQ(AssessmentStore::Open({.location = ""}).status(), InvalidArgument("no database location given", "db"));
  auto unmigrated = AssessmentStore::Open({.location = ":memory:"});
  ASSERT_FALSE(unmigrated.ok());
  EXPECT_EQ(unmigrated.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(unmigrated.status().message().starts_with(":memory: has no assessment tables"))
      << unmigrated.status().message();
}

TEST_P(AssessmentStoreTest, AnAssessmentKeepsItsFieldsAndItsAreasInOrder) {
  std::int64_t admin = Person("sec@cobuy.example", "Sam", Org("Cobuy"));
  std::int64_t id = assessment_store_->CreateAssessment(Vehicles(admin)).value();
  Assessment a = assessment_store_->GetAssessment(id).value();
  EXPECT_EQ(a.id, id);
  EXPECT_EQ(a.title, "Clean vehicles 2027");
  EXPECT_EQ(a.description, "What will you buy?");
  EXPECT_EQ(a.months_ahead, 18);
  EXPECT_EQ(a.opens_on, "2027-01-04");
  EXPECT_EQ(a.closes_on, "2027-02-26");
  EXPECT_EQ(a.created_by, admin);
  EXPECT_EQ(a.created_at, 5000);
  ASSERT_EQ(a.areas.size(), 2u);
  EXPECT_EQ(a.areas[0].key, "ev-trucks");
  EXPECT_EQ(a.areas[0].name, "Electric trucks");
  EXPECT_EQ(a.areas[0].description, "Refuse trucks");
  EXPECT_EQ(a.areas[0].cpv, (std::vector<std::string>{"34144511", "3414"}));
  EXPECT_EQ(a.areas[1].key, "ev-buses");
  EXPECT_EQ(a.areas[1].description, "");
  EXPECT_EQ(a.areas[1].cpv, (std::vector<std::string>{"34121400"}));
  EXPECT_LT(a.areas[0].id, a.areas[1].id);
}

TEST_P(AssessmentStoreTest, TitlesAreUniqueAndUnknownIdsAreNotFound) {
  std::int64_t admin = Person("sec@cobuy.example", "Sam", Org("Cobuy"));
  ASSERT_TRUE(assessment_store_->CreateAssessment(Vehicles(admin)).ok());
  EXPECT_EQ(assessment_store_->CreateAssessment(Vehicles(admin)).status(),
            AlreadyExists("an assessment titled 'Clean vehicles 2027' exists already", "title"));
  // The refused assessment left no areas behind: the one assessment still has two.
  ASSERT_EQ(assessment_store_->ListAssessments()->size(), 1u);
  EXPECT_EQ(assessment_store_->ListAssessments()->front().areas.size(), 2u);
  EXPECT_EQ(assessment_store_->GetAssessment(999).status(), NotFound("no such assessment"));
  Assessment ghost = Vehicles(admin);
  ghost.id = 999;
  ghost.title = "Ghost";
  EXPECT_EQ(assessment_store_->UpdateAssessment(ghost), NotFound("no such assessment"));
}

TEST_P(AssessmentStoreTest, AnUpdateChangesTheFieldsAndKeepsTheAreas) {
  std::int64_t admin = Person("sec@cobuy.example", "Sam", Org("Cobuy"));
  std::int64_t id = assessment_store_->CreateAssessment(Vehicles(admin)).value();
  Assessment other = Vehicles(admin);
  other.title = "Furniture";
  ASSERT_TRUE(assessment_store_->CreateAssessment(other).ok());

  Assessment a = assessment_store_->GetAssessment(id).value();
  a.title = "Clean vehicles 2027-2028";
  a.months_ahead = 24;
  a.closes_on = "2027-03-31";
  a.areas.clear();  // not the store's to change
  ASSERT_TRUE(assessment_store_->UpdateAssessment(a).ok());
  Assessment back = assessment_store_->GetAssessment(id).value();
  EXPECT_EQ(back.title, "Clean vehicles 2027-2028");
  EXPECT_EQ(back.months_ahead, 24);
  EXPECT_EQ(back.opens_on, "2027-01-04");
  EXPECT_EQ(back.closes_on, "2027-03-31");
  EXPECT_EQ(back.areas.size(), 2u);

  back.title = "Furniture";
  EXPECT_EQ(assessment_store_->UpdateAssessment(back),
            AlreadyExists("an assessment titled 'Furniture' exists already", "title"));
}

TEST_P(AssessmentStoreTest, TheListIsNewestFirstEachWithItsOwnAreas) {
  std::int64_t admin = Person("sec@cobuy.example", "Sam", Org("Cobuy"));
  Assessment first = Vehicles(admin, 100);
  Assessment second = Vehicles(admin, 300);
  second.title = "Furniture";
  second.areas = {{0, "desks", "Desks", "", {"39121100"}}};
  Assessment third = Vehicles(admin, 300);  // same time as the second: the later id first
  third.title = "Catering";
  third.areas = {};
  std::int64_t a = assessment_store_->CreateAssessment(first).value();
  std::int64_t b = assessment_store_->CreateAssessment(second).value();
  std::int64_t c = assessment_store_->CreateAssessment(third).value();
  auto list = assessment_store_->ListAssessments().value();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].id, c);
  EXPECT_EQ(list[0].areas.size(), 0u);
  EXPECT_EQ(list[1].id, b);
  ASSERT_EQ(list[1].areas.size(), 1u);
  EXPECT_EQ(list[1].areas[0].key, "desks");
  EXPECT_EQ(list[2].id, a);
  EXPECT_EQ(list[2].areas.size(), 2u);
}

TEST_P(AssessmentStoreTest, InvitationsCountOnlyTheNewOnesAndParticipantsAreByName) {
  std::int64_t cobuy = Org("Cobuy");
  std::int64_t admin = Person("sec@cobuy.example", "Sam", cobuy);
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t lyon = Org("Ville de Lyon", "FR");
  std::int64_t milano = Org("Comune di Milano", "IT");
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t id = assessment_store_->CreateAssessment(Vehicles(admin)).value();
  Assessment other = Vehicles(admin);
  other.title = "Furniture";
  std::int64_t other_id = assessment_store_->CreateAssessment(other).value();

  EXPECT_EQ(assessment_store_->Invite(id, {utrecht, lyon}).value(), 2);
  EXPECT_EQ(assessment_store_->Invite(id, {lyon, milano}).value(), 1);
  EXPECT_EQ(assessment_store_->Invite(other_id, {lyon}).value(), 1);
  EXPECT_TRUE(assessment_store_->IsInvited(id, milano).value());
  EXPECT_FALSE(assessment_store_->IsInvited(other_id, milano).value());
  EXPECT_EQ(assessment_store_->InvitedTo(lyon).value(), (std::vector<std::int64_t>{id, other_id}));
  EXPECT_EQ(assessment_store_->InvitedTo(cobuy).value(), (std::vector<std::int64_t>{}));

  AssessmentResponse r;
  r.assessment_id = id;
  r.organisation_id = utrecht;
  r.answers = "[]";
  r.updated_by = anna;
  r.updated_at = 7000;
  r.submitted_at = 7100;
  ASSERT_TRUE(assessment_store_->PutResponse(r).ok());
  r.organisation_id = lyon;
  r.updated_at = 7200;
  r.submitted_at.reset();
  ASSERT_TRUE(assessment_store_->PutResponse(r).ok());

  auto people = assessment_store_->Participants(id).value();
  ASSERT_EQ(people.size(), 3u);
  // Comune di Milano, Gemeente Utrecht, Ville de Lyon
  EXPECT_EQ(people[0].organisation_id, milano);
  EXPECT_EQ(people[0].country, "IT");
  EXPECT_FALSE(people[0].has_response);
  EXPECT_FALSE(people[0].submitted);
  EXPECT_EQ(people[0].updated_at, 0);
  EXPECT_EQ(people[1].name, "Gemeente Utrecht");
  EXPECT_TRUE(people[1].has_response);
  EXPECT_TRUE(people[1].submitted);
  EXPECT_EQ(people[1].updated_at, 7000);
  EXPECT_EQ(people[2].name, "Ville de Lyon");
  EXPECT_TRUE(people[2].has_response);
  EXPECT_FALSE(people[2].submitted);
  EXPECT_EQ(people[2].updated_at, 7200);
}

TEST_P(AssessmentStoreTest, AnAnswerIsReplacedWholeByTheNextOne) {
  std::int64_t admin = Person("sec@cobuy.example", "Sam", Org("Cobuy"));
  std::int64_t utrecht = Org("Gemeente Utrecht");
  std::int64_t lyon = Org("Ville de Lyon", "FR");
  std::int64_t anna = Person("anna@utrecht.example", "Anna", utrecht);
  std::int64_t id = assessment_store_->CreateAssessment(Vehicles(admin)).value();
  EXPECT_EQ(assessment_store_->GetResponse(id, utrecht).value(), std::nullopt);

  AssessmentResponse r;
  r.assessment_id = id;
  r.organisation_id = utrecht;
  r.observer_only = true;
  r.challenges = "Charging";
  r.answers = "[]";
  r.updated_by = anna;
  r.updated_at = 7000;
  r.submitted_at = 7000;
  ASSERT_TRUE(assessment_store_->PutResponse(r).ok());
  r.observer_only = false;
  r.challenges = "";
  r.answers = R"([{"area_id":"ev-trucks","interest":"high"}])";
  r.updated_at = 8000;
  r.submitted_at.reset();
  ASSERT_TRUE(assessment_store_->PutResponse(r).ok());

  auto back = assessment_store_->GetResponse(id, utrecht).value();
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->organisation_name, "Gemeente Utrecht");
  EXPECT_EQ(back->country, "NL");
  EXPECT_FALSE(back->observer_only);
  EXPECT_EQ(back->challenges, "");
  EXPECT_EQ(back->answers, R"([{"area_id":"ev-trucks","interest":"high"}])");
  EXPECT_EQ(back->updated_by, anna);
  EXPECT_EQ(back->updated_by_name, "Anna");
  EXPECT_EQ(back->updated_at, 8000);
  EXPECT_EQ(back->submitted_at, std::nullopt);

  r.organisation_id = lyon;
  ASSERT_TRUE(assessment_store_->PutResponse(r).ok());
  auto all = assessment_store_->ListResponses(id).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].organisation_id, utrecht);  // by organisation id
  EXPECT_EQ(all[1].organisation_id, lyon);
}

TEST_P(AssessmentStoreTest, FormationsAndTheGroupsFormedFromThem) {
  std::int64_t admin = Person("sec@cobuy.example", "Sam", Org("Cobuy"));
  std::int64_t id = assessment_store_->CreateAssessment(Vehicles(admin)).value();
  Assessment other = Vehicles(admin);
  other.title = "Furniture";
  std::int64_t other_id = assessment_store_->CreateAssessment(other).value();

  std::int64_t f1 = assessment_store_->AddFormation({0, id, R"({"k":2})", R"({"groups":[]})", admin, 9000}).value();
  std::int64_t f2 = assessment_store_->AddFormation({0, id, R"({"k":3})", R"({"groups":[1]})", admin, 9100}).value();
  auto list = assessment_store_->ListFormations(id).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, f2);
  EXPECT_EQ(list[0].parameters, R"({"k":3})");
  EXPECT_EQ(list[0].result, R"({"groups":[1]})");
  EXPECT_EQ(list[0].created_by, admin);
  EXPECT_EQ(list[0].created_at, 9100);
  EXPECT_EQ(list[1].id, f1);
  EXPECT_EQ(assessment_store_->ListFormations(other_id)->size(), 0u);
  EXPECT_EQ(assessment_store_->GetFormation(id, f1)->parameters, R"({"k":2})");
  // A formation is read through its assessment.
  EXPECT_EQ(assessment_store_->GetFormation(other_id, f1).status(), NotFound("no such formation"));

  std::int64_t group = Community("Electric trucks", admin, 9200);
  std::int64_t observers = Community("Clean vehicles observers", admin, 9200);
  ASSERT_TRUE(assessment_store_->RecordFormedGroup({observers, f2, 0, "", true}).ok());
  ASSERT_TRUE(assessment_store_->RecordFormedGroup({group, f2, 0, "ev-trucks", false}).ok());
  // One formed group per community.
  EXPECT_FALSE(assessment_store_->RecordFormedGroup({group, f1, 0, "ev-buses", false}).ok());

  auto of = assessment_store_->FormedGroupOf(group).value();
  ASSERT_TRUE(of.has_value());
  EXPECT_EQ(of->community_id, group);
  EXPECT_EQ(of->formation_id, f2);
  EXPECT_EQ(of->assessment_id, id);  // from the formation
  EXPECT_EQ(of->area_key, "ev-trucks");
  EXPECT_FALSE(of->observer_group);
  auto formed = assessment_store_->FormedGroups(f2).value();
  ASSERT_EQ(formed.size(), 2u);
  EXPECT_EQ(formed[0].community_id, group);  // by community id
  EXPECT_EQ(formed[1].community_id, observers);
  EXPECT_TRUE(formed[1].observer_group);
  EXPECT_EQ(assessment_store_->FormedGroups(f1)->size(), 0u);
  std::int64_t unformed = Community("Plain", admin, 9300);
  EXPECT_EQ(assessment_store_->FormedGroupOf(unformed).value(), std::nullopt);
}

TEST_P(AssessmentStoreTest, AnUnmigratedDatabaseIsRefused) {
  db::testing::TestDb empty(GetParam());
  ASSERT_FALSE(empty.location().empty()) << empty.error();
  auto db = empty.Open();
  ASSERT_TRUE(db);
  auto store = AssessmentStore::Open(*db);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(store.status().message().starts_with(empty.location() + " has no assessment tables"))
      << store.status().message();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, AssessmentStoreTest, ::testing::Values(Backend::kSqlite), db::testing::ParamName);
INSTANTIATE_TEST_SUITE_P(Postgres, AssessmentStoreTest, ::testing::Values(Backend::kPostgres), db::testing::ParamName);

}  // namespace
}  // namespace cobuy
