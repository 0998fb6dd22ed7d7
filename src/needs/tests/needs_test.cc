// needs::Needs in process: who may run and answer assessments, what a body must hold
// (create_cases.json, data in, data out), which assessments a buyer sees on which day, and
// how invitations, answers and changes after opening are checked.
#include "needs/needs.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../../store/tests/store_fixture.h"

namespace cobuy::needs {
namespace {

using nlohmann::json;

constexpr UnixSeconds kBeforeOpening = 1798804800;  // 2027-01-01T12:00:00Z
constexpr UnixSeconds kWhileOpen = 1799582400;      // 2027-01-10T12:00:00Z
constexpr UnixSeconds kAfterClosing = 1803902400;   // 2027-03-01T12:00:00Z

// An assessment open from 2027-01-04 to 2027-02-26 with two areas.
const json kVehicles = {{"title", "Clean vehicles"},
                        {"opens_on", "2027-01-04"},
                        {"closes_on", "2027-02-26"},
                        {"areas",
                         {{{"key", "ev-trucks"}, {"name", "Electric trucks"}, {"cpv", {"3414"}}},
                          {{"key", "ev-buses"}, {"name", "Electric buses"}}}}};

class NeedsTest : public cobuy::testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    ReferenceData ref;
    ref.checksum = "test";
    ref.countries = {
        {"NL", "NLD", "Netherlands", "", true, true, false, "NL", {"EUR"}, {}},
        {"FR", "FRA", "France", "", true, true, false, "FR", {"EUR"}, {}},
        {"NO", "NOR", "Norway", "", false, true, true, "NO", {"NOK"}, {}},
        {"GB", "GBR", "United Kingdom", "", false, false, false, "UK", {"GBP"}, {}},
    };
    ASSERT_TRUE(store_->ReplaceReferenceData(ref).ok());
    accounts_ = Accounts::Create(*store_, clock_, hasher_).value();
    communities_ = std::make_unique<community::Communities>(*community_store_, *store_, clock_);
    needs_ = std::make_unique<Needs>(*assessment_store_, *community_store_, *communities_, *accounts_, *store_, clock_);

    cobuy_ = Org("Cobuy secretariat", "NL", OrganisationType::kPublicAgency);
    utrecht_ = Org("Gemeente Utrecht", "NL");
    lyon_ = Org("Ville de Lyon", "FR");
    oslo_ = Org("Oslo kommune", "NO");
    london_ = Org("City of London", "GB");
    volvo_ = Org("Volvo Trucks", "NL", OrganisationType::kSupplier);
    other_ = Org("Somebody", "NL", OrganisationType::kOther);
    secretariat_ = Person("sec@cobuy.example", cobuy_, Role::kPlatformAdmin);
    anna_ = Person("anna@utrecht.example", utrecht_, Role::kBuyer);
    admin_ = Person("admin@utrecht.example", utrecht_, Role::kOrganisationAdmin);
    observer_ = Person("obs@utrecht.example", utrecht_, Role::kObserver);
    claire_ = Person("claire@lyon.example", lyon_, Role::kBuyer);
    liam_ = Person("liam@london.example", london_, Role::kBuyer);
  }
  void TearDown() override {
    needs_.reset();
    communities_.reset();
    accounts_.reset();
    StoreFixture::TearDown();
  }

  // A person named after their e-mail's local part.
  User Person(const std::string& email, std::int64_t org, Role role) {
    return NewUser(email, email.substr(0, email.find('@')), org, role);
  }
  std::int64_t Vehicles() {
    clock_.Set(kBeforeOpening);
    std::int64_t id = needs_->Create(secretariat_, kVehicles).value();
    EXPECT_EQ(needs_->Invite(secretariat_, id, {{"organisation_ids", {utrecht_, lyon_}}}).value(), 2);
    return id;
  }

  FixedClock clock_{kWhileOpen};
  PasswordHasher hasher_{{.opslimit = 1, .memlimit = 8192, .max_concurrent = 1}};
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<community::Communities> communities_;
  std::unique_ptr<Needs> needs_;
  std::int64_t cobuy_ = 0, utrecht_ = 0, lyon_ = 0, oslo_ = 0, london_ = 0, volvo_ = 0, other_ = 0;
  User secretariat_, anna_, admin_, observer_, claire_, liam_;
};

// --- create_cases.json -------------------------------------------------------------------

json CreateCases() {
  std::ifstream in(COBUY_SOURCE_DIR "/src/needs/tests/create_cases.json");
  return json::parse(in)["cases"];
}

std::vector<std::string> CreateCaseNames() {
  std::vector<std::string> names;
  for (const auto& c : CreateCases()) names.push_back(c["name"]);
  return names;
}

json AreasJson(const std::vector<AssessmentArea>& areas) {
  json out = json::array();
  for (const auto& a : areas) {
    out.push_back({{"key", a.key}, {"name", a.name}, {"description", a.description}, {"cpv", a.cpv}});
  }
  return out;
}

class NeedsCreateCase : public NeedsTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(NeedsCreateCase, Case) {
  json spec;
  for (const auto& c : CreateCases()) {
    if (c["name"] == GetParam()) spec = c;
  }
  const std::map<std::string, const User*> callers = {
      {"secretariat", &secretariat_}, {"org_admin", &admin_}, {"buyer", &anna_}};
  auto created = needs_->Create(*callers.at(spec["caller"]), spec["body"]);
  const json& expect = spec["expect"];
  ASSERT_EQ(StatusCodeName(created.status().code()), expect["code"].get<std::string>()) << created.status().ToString();
  if (!created.ok()) {
    EXPECT_EQ(created.status().field(), expect["field"].get<std::string>());
    EXPECT_EQ(created.status().message(), expect["message"].get<std::string>());
    EXPECT_EQ(assessment_store_->ListAssessments()->size(), 0u);
    return;
  }
  Assessment a = assessment_store_->GetAssessment(*created).value();
  const json& want = expect["assessment"];
  if (want.contains("title")) {
    EXPECT_EQ(a.title, want["title"].get<std::string>());
  }
  if (want.contains("description")) {
    EXPECT_EQ(a.description, want["description"].get<std::string>());
  }
  if (want.contains("months_ahead")) {
    EXPECT_EQ(a.months_ahead, want["months_ahead"].get<int>());
  }
  if (want.contains("opens_on")) {
    EXPECT_EQ(a.opens_on, want["opens_on"].get<std::string>());
  }
  if (want.contains("closes_on")) {
    EXPECT_EQ(a.closes_on, want["closes_on"].get<std::string>());
  }
  if (want.contains("areas")) {
    EXPECT_EQ(AreasJson(a.areas), want["areas"]);
  }
  EXPECT_EQ(a.created_by, secretariat_.id.value);
  EXPECT_EQ(a.created_at, kWhileOpen);
}

INSTANTIATE_TEST_SUITE_P(Cases, NeedsCreateCase, ::testing::ValuesIn(CreateCaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// --- scenarios ---------------------------------------------------------------------------

TEST_F(NeedsTest, ATakenTitleIsRefused) {
  ASSERT_TRUE(needs_->Create(secretariat_, kVehicles).ok());
  EXPECT_EQ(needs_->Create(secretariat_, kVehicles).status(),
            AlreadyExists("an assessment titled 'Clean vehicles' exists already", "title"));
}

TEST_F(NeedsTest, ABuyerSeesAnAssessmentOnlyWhileInvitedAndOpened) {
  std::int64_t id = Vehicles();
  // Before it opens: a draft, for the secretariat only.
  EXPECT_EQ(needs_->Get(secretariat_, id)->status, "draft");
  EXPECT_EQ(needs_->Get(anna_, id).status(), NotFound("no such assessment for your organisation"));
  EXPECT_EQ(needs_->List(anna_)->size(), 0u);

  clock_.Set(kWhileOpen);
  auto view = needs_->Get(anna_, id).value();
  EXPECT_EQ(view.status, "open");
  EXPECT_EQ(view.invited, 2);
  EXPECT_EQ(view.started, 0);
  EXPECT_EQ(view.submitted, 0);
  EXPECT_EQ(view.my_response, std::nullopt);
  EXPECT_EQ(needs_->List(anna_)->size(), 1u);
  // Oslo (EFTA) is eligible but not invited; London is not eligible at all.
  User olaf = Person("olaf@oslo.example", oslo_, Role::kBuyer);
  EXPECT_EQ(needs_->Get(olaf, id).status(), NotFound("no such assessment for your organisation"));
  EXPECT_EQ(needs_->List(olaf)->size(), 0u);
  EXPECT_EQ(needs_->Get(liam_, id).status(),
            PermissionDenied("only organisations in EU, EEA or EFTA countries can answer; City of London is in "
                             "United Kingdom"));

  clock_.Set(kAfterClosing);
  EXPECT_EQ(needs_->Get(anna_, id)->status, "closed");
  EXPECT_EQ(needs_->Get(secretariat_, id)->status, "closed");
}

TEST_F(NeedsTest, InvitationsAreForEligibleBuyersOnly) {
  clock_.Set(kBeforeOpening);
  std::int64_t id = needs_->Create(secretariat_, kVehicles).value();
  EXPECT_EQ(needs_->Invite(anna_, id, {{"all_eligible", true}}).status(),
            PermissionDenied("only the secretariat runs needs assessments"));
  EXPECT_EQ(needs_->Invite(secretariat_, id, {{"organisation_ids", {volvo_}}}).status(),
            InvalidArgument("Volvo Trucks is a market actor, not a buyer", "organisation_ids"));
  EXPECT_EQ(needs_->Invite(secretariat_, id, {{"organisation_ids", {london_}}}).status(),
            InvalidArgument("City of London is not in an EU, EEA or EFTA country", "organisation_ids"));
  EXPECT_EQ(needs_->Invite(secretariat_, id, {{"organisation_ids", {9999}}}).status(),
            InvalidArgument("no organisation has the id 9999", "organisation_ids"));
  EXPECT_EQ(needs_->Invite(secretariat_, id, {{"organisation_ids", "all"}}).status(),
            InvalidArgument("must be a list of organisation ids", "organisation_ids"));
  EXPECT_EQ(needs_->Invite(secretariat_, id, {{"orgs", {utrecht_}}}).status(),
            InvalidArgument("is not a known field", "orgs"));
  EXPECT_EQ(needs_->Invite(secretariat_, 9999, {{"all_eligible", true}}).status(), NotFound("no such assessment"));
  // A failed invitation invites nobody.
  EXPECT_EQ(assessment_store_->Participants(id)->size(), 0u);

  // Every eligible buyer: the secretariat's agency, Utrecht, Lyon and Oslo; not London (not
  // eligible), Volvo (a supplier) or "Somebody" (kind other).
  EXPECT_EQ(needs_->Invite(secretariat_, id, {{"all_eligible", true}}).value(), 4);
  std::vector<std::int64_t> invited;
  auto progress = needs_->Progress(secretariat_, id).value();
  for (const auto& p : progress) invited.push_back(p.organisation_id);
  EXPECT_EQ(invited, (std::vector<std::int64_t>{cobuy_, utrecht_, oslo_, lyon_}));  // by name
  EXPECT_EQ(needs_->Invite(secretariat_, id, {{"organisation_ids", {utrecht_, lyon_}}}).value(), 0);
}

TEST_F(NeedsTest, AnAnswerIsCheckedStoredAndKeptSubmitted) {
  std::int64_t id = Vehicles();
  clock_.Set(kWhileOpen);
  Assessment a = assessment_store_->GetAssessment(id).value();
  const std::int64_t trucks = a.areas[0].id, buses = a.areas[1].id;

  EXPECT_EQ(needs_->Answer(observer_, id, json::object()).status(),
            PermissionDenied("only buyers and organisation administrators answer for their organisation"));
  EXPECT_EQ(needs_->Answer(anna_, id, {{"areas", {{{"area_id", 9999}}}}}).status(),
            InvalidArgument("is not an area of this assessment", "areas[0].area_id"));
  EXPECT_EQ(needs_->Answer(anna_, id, {{"areas", {{{"area_id", trucks}}, {{"area_id", trucks}}}}}).status(),
            InvalidArgument("is answered twice", "areas[1].area_id"));
  EXPECT_EQ(needs_->Answer(anna_, id, {{"areas", {{{"area_id", trucks}, {"interest", 4}}}}}).status(),
            InvalidArgument("must be a whole number from 0 to 3", "areas[0].interest"));
  EXPECT_EQ(needs_->Answer(anna_, id, {{"areas", {{{"area_id", trucks}, {"role", "boss"}}}}}).status(),
            InvalidArgument("must be lead, buyer or follower, not 'boss'", "areas[0].role"));
  EXPECT_EQ(
      needs_->Answer(anna_, id, {{"areas", {{{"area_id", trucks}, {"planned", {{{"timing", "2027-13"}}}}}}}}).status(),
      InvalidArgument("must be a month YYYY-MM, not '2027-13'", "areas[0].planned[0].timing"));
  EXPECT_EQ(
      needs_->Answer(anna_, id, {{"areas", {{{"area_id", trucks}, {"planned", {{{"estimated_value_eur", -1}}}}}}}})
          .status(),
      InvalidArgument("must be an amount in euro, 0 or more", "areas[0].planned[0].estimated_value_eur"));
  EXPECT_EQ(assessment_store_->GetResponse(id, utrecht_).value(), std::nullopt);

  json body = {{"challenges", "Charging at depots"},
               {"areas",
                {{{"area_id", trucks},
                  {"interest", 3},
                  {"role", "lead"},
                  {"planned", {{{"cpv", "34144511-3"}, {"estimated_value_eur", 2500000}, {"timing", "2027-09"}}}}},
                 {{"area_id", buses}}}},
               {"submit", true}};
  AssessmentResponse r = needs_->Answer(anna_, id, body).value();
  EXPECT_EQ(r.organisation_id, utrecht_);
  EXPECT_EQ(r.organisation_name, "Gemeente Utrecht");
  EXPECT_EQ(r.challenges, "Charging at depots");
  EXPECT_FALSE(r.observer_only);
  EXPECT_EQ(r.updated_by, anna_.id.value);
  EXPECT_EQ(r.updated_at, kWhileOpen);
  EXPECT_EQ(r.submitted_at, kWhileOpen);
  EXPECT_EQ(json::parse(r.answers), json::parse(R"([
    {"area_id": )" + std::to_string(trucks) + R"(, "interest": 3, "role": "lead",
     "planned": [{"cpv": "34144511-3", "estimated_value_eur": 2500000.0, "timing": "2027-09", "description": ""}]},
    {"area_id": )" + std::to_string(buses) + R"(, "interest": 0, "role": null, "planned": []}])"));

  // Saved again a day later without "submit": still submitted, at the first time.
  clock_.Set(kWhileOpen + 86400);
  AssessmentResponse again = needs_->Answer(admin_, id, {{"observer_only", true}}).value();
  EXPECT_TRUE(again.observer_only);
  EXPECT_EQ(again.updated_by, admin_.id.value);
  EXPECT_EQ(again.updated_at, kWhileOpen + 86400);
  EXPECT_EQ(again.submitted_at, kWhileOpen);
  EXPECT_EQ(again.answers, "[]");
  auto view = needs_->Get(secretariat_, id).value();
  EXPECT_EQ(view.submitted, 1);
  EXPECT_EQ(view.started, 0);

  clock_.Set(kAfterClosing);
  EXPECT_EQ(needs_->Answer(claire_, id, json::object()).status(),
            FailedPrecondition("the assessment closed on 2027-02-26"));
}

TEST_F(NeedsTest, OnceOpenOnlyTheClosingDateMayChangeAndOnlyLater) {
  std::int64_t id = Vehicles();
  // Before it opens, anything.
  ASSERT_TRUE(needs_->Update(secretariat_, id, {{"title", "Clean vehicles 2027"}, {"months_ahead", 24}}).ok());
  EXPECT_EQ(needs_->Update(secretariat_, id, {{"opens_on", "2027-03-01"}}),
            InvalidArgument("must not be before opens_on", "closes_on"));
  EXPECT_EQ(needs_->Update(anna_, id, {{"closes_on", "2027-03-31"}}),
            PermissionDenied("only the secretariat runs needs assessments"));

  clock_.Set(kWhileOpen);
  EXPECT_EQ(needs_->Update(secretariat_, id, {{"title", "Later"}}),
            FailedPrecondition("the assessment has opened: only its closing date can change, not title"));
  EXPECT_EQ(needs_->Update(secretariat_, id, {{"closes_on", "2027-02-25"}}),
            InvalidArgument("can only be extended once the assessment has opened", "closes_on"));
  ASSERT_TRUE(needs_->Update(secretariat_, id, {{"closes_on", "2027-03-31"}}).ok());
  Assessment a = assessment_store_->GetAssessment(id).value();
  EXPECT_EQ(a.title, "Clean vehicles 2027");
  EXPECT_EQ(a.months_ahead, 24);
  EXPECT_EQ(a.closes_on, "2027-03-31");
  EXPECT_EQ(a.areas.size(), 2u);
}

TEST(CommitmentNoteTest, OneSentenceInEachLanguageEnglishByDefault) {
  EXPECT_TRUE(CommitmentNote("en").starts_with("Answering commits nobody"));
  EXPECT_TRUE(CommitmentNote("de").starts_with("Ihre Antwort verpflichtet niemanden"));
  EXPECT_TRUE(CommitmentNote("fr").starts_with("Votre réponse n'engage personne"));
  EXPECT_EQ(CommitmentNote("nl"), CommitmentNote("en"));
}

}  // namespace
}  // namespace cobuy::needs
