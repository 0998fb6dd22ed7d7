// RegisterStore::GetProcess reads back exactly what SaveProcesses stored.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/register_store.h"
#include "store/store.h"

namespace cobuy {
namespace {

class RegisterStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("cobuy-register-test-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    store_ = Store::Open({.location = path_.string()}).value();
    ASSERT_TRUE(store_->Migrate().ok());
    reg_ = RegisterStore::Open({.location = path_.string()}).value();
  }
  void TearDown() override {
    reg_.reset();
    store_.reset();
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<RegisterStore> reg_;
};

ProcessRecord Framework() {
  ProcessRecord p;
  p.ocid = "ocds-test-1";
  p.compiled = R"({"ocid":"ocds-test-1","tag":["compiled"]})";
  p.release_count = 3;
  p.first_date = "2024-01-05T00:00:00Z";
  p.last_date = "2024-06-01T00:00:00Z";
  p.tags = "tender award contract";
  p.title = "Raamovereenkomst – laptops";
  p.description = "Laptops voor alle afdelingen";
  p.language = "nl";
  p.status = "complete";
  p.buyer_party_id = "B1";
  p.buyer_name = "Gemeente Utrecht";
  p.procuring_entity_name = "Inkoopcentrale Utrecht";
  p.country = "NL";
  p.region = "Utrecht";
  p.procurement_method = "open";
  p.procurement_method_details = "Open procedure";
  p.main_category = "goods";
  p.is_framework = true;
  p.is_cpb = true;
  p.buyer_categories = "Alle gemeenten in Nederland";
  p.max_participants = 3;
  p.tender_start = "2024-01-05";
  p.tender_end = "2024-02-05";
  p.award_date = "2024-03-01";
  p.contract_start = "2024-04-01";
  p.contract_end = "2027-03-31";
  p.value = {1000000.0, "EUR", 1000000.0};
  p.awarded_eur = 900000.0;
  p.main_cpv = "30213100-6";
  p.lots = {{"2", "Perceel 2", "Monitoren", "active", {200.0, "SEK", std::nullopt}},
            {"1", "Perceel 1", "Laptops", "complete", {800.0, "EUR", 800.0}}};
  ItemRecord tender_item;
  tender_item.source = "tender";
  tender_item.position = 0;
  tender_item.id = "i1";
  tender_item.description = "Laptop 14 inch";
  tender_item.cpv = "30213100-6";
  tender_item.scheme = "CPV";
  tender_item.classification_id = "30213100";
  tender_item.additional_classifications = "[]";
  tender_item.quantity = 500;
  tender_item.unit_name = "piece";
  tender_item.unit_id = "H87";
  tender_item.unit_price = {1600.0, "EUR", 1600.0};
  tender_item.related_lot = "1";
  ItemRecord award_item;
  award_item.source = "award";
  award_item.parent_id = "A1";
  award_item.position = 0;
  award_item.description = "Laptop";
  p.items = {award_item, tender_item};
  p.awards = {{"A1", "Gunning perceel 1", "active", "2024-03-01T00:00:00Z", {900000.0, "EUR", 900000.0}, "1"}};
  p.contracts = {{"C1",
                  "A1",
                  "Overeenkomst",
                  "active",
                  "2024-03-20T00:00:00Z",
                  "2024-04-01T00:00:00Z",
                  "2027-03-31T00:00:00Z",
                  {900000.0, "EUR", 900000.0}}};
  p.parties = {{"B1", "Gemeente Utrecht", "buyer", RegisterOrganisation{"NL-KVK", "30280353", "Gemeente Utrecht", "NL"},
                "NL", "Utrecht", "Utrecht"},
               {"S1", "Laptops BV", "supplier tenderer", std::nullopt, "NL", "", "Amersfoort"}};
  p.suppliers = {{"A1", "S1", "Laptops BV", std::nullopt}};
  return p;
}

TEST_F(RegisterStoreTest, GetProcessReadsWhatWasSaved) {
  ASSERT_TRUE(reg_->SaveProcesses(0, {Framework()}, {}, {}).ok());
  auto got = reg_->GetProcess("ocds-test-1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  const ProcessRecord& p = *got;
  EXPECT_EQ(p.compiled, R"({"ocid":"ocds-test-1","tag":["compiled"]})");
  EXPECT_EQ(p.release_count, 3);
  EXPECT_EQ(p.tags, "tender award contract");
  EXPECT_EQ(p.title, "Raamovereenkomst – laptops");
  EXPECT_EQ(p.language, "nl");
  EXPECT_EQ(p.buyer_party_id, "B1");
  EXPECT_EQ(p.procuring_entity_name, "Inkoopcentrale Utrecht");
  EXPECT_EQ(p.region, "Utrecht");
  EXPECT_TRUE(p.is_framework);
  EXPECT_FALSE(p.is_dps);
  EXPECT_TRUE(p.is_cpb);
  EXPECT_EQ(p.buyer_categories, "Alle gemeenten in Nederland");
  EXPECT_EQ(p.max_participants, 3);
  EXPECT_EQ(p.contract_end, "2027-03-31");
  EXPECT_EQ(p.value.amount, 1000000.0);
  EXPECT_EQ(p.value.currency, "EUR");
  EXPECT_EQ(p.awarded_eur, 900000.0);
  EXPECT_EQ(p.contracted_eur, std::nullopt);
  EXPECT_EQ(p.main_cpv, "30213100-6");

  ASSERT_EQ(p.lots.size(), 2u);  // by id
  EXPECT_EQ(p.lots[0].id, "1");
  EXPECT_EQ(p.lots[0].value.eur, 800.0);
  EXPECT_EQ(p.lots[1].id, "2");
  EXPECT_EQ(p.lots[1].value.currency, "SEK");
  EXPECT_EQ(p.lots[1].value.eur, std::nullopt);

  ASSERT_EQ(p.items.size(), 2u);  // tender items first
  EXPECT_EQ(p.items[0].source, "tender");
  EXPECT_EQ(p.items[0].id, "i1");
  EXPECT_EQ(p.items[0].cpv, "30213100-6");
  EXPECT_EQ(p.items[0].quantity, 500.0);
  EXPECT_EQ(p.items[0].unit_name, "piece");
  EXPECT_EQ(p.items[0].unit_id, "H87");
  EXPECT_EQ(p.items[0].unit_price.eur, 1600.0);
  EXPECT_EQ(p.items[0].related_lot, "1");
  EXPECT_EQ(p.items[1].source, "award");
  EXPECT_EQ(p.items[1].parent_id, "A1");
  EXPECT_EQ(p.items[1].quantity, std::nullopt);

  ASSERT_EQ(p.awards.size(), 1u);
  EXPECT_EQ(p.awards[0].date, "2024-03-01T00:00:00Z");
  EXPECT_EQ(p.awards[0].related_lots, "1");
  ASSERT_EQ(p.contracts.size(), 1u);
  EXPECT_EQ(p.contracts[0].award_id, "A1");
  EXPECT_EQ(p.contracts[0].period_end, "2027-03-31T00:00:00Z");
  EXPECT_EQ(p.contracts[0].value.amount, 900000.0);

  ASSERT_EQ(p.parties.size(), 2u);
  EXPECT_EQ(p.parties[0].id, "B1");
  EXPECT_EQ(p.parties[0].roles, "buyer");
  ASSERT_TRUE(p.parties[0].organisation.has_value());
  EXPECT_EQ(p.parties[0].organisation->scheme, "NL-KVK");
  EXPECT_EQ(p.parties[0].organisation->identifier, "30280353");
  EXPECT_EQ(p.parties[0].locality, "Utrecht");
  EXPECT_EQ(p.parties[1].name, "Laptops BV");
  EXPECT_FALSE(p.parties[1].organisation.has_value());
  ASSERT_EQ(p.suppliers.size(), 1u);
  EXPECT_EQ(p.suppliers[0].party_id, "S1");
  EXPECT_EQ(p.suppliers[0].name, "Laptops BV");
}

TEST_F(RegisterStoreTest, GetProcessOfAnUnknownOcidIsNotFound) {
  EXPECT_EQ(reg_->GetProcess("ocds-unknown").status().code(), StatusCode::kNotFound);
}

// A person's saved searches a page at a time, newest first, with the person's total; another
// person's are neither listed nor counted. The unpaged list for the alert job (user 0) still
// returns every search with alerts on.
TEST_F(RegisterStoreTest, SavedSearchesAreListedAPageAtATime) {
  Organisation o;
  o.name = "Gemeente Utrecht";
  o.type = OrganisationType::kMunicipality;
  o.country = "NL";
  o.created_at = 1000;
  OrganisationId org = store_->CreateOrganisation(o).value();
  auto person = [&](const std::string& email) {
    User u;
    u.email = email;
    u.name = email;
    u.organisation = org;
    u.role = Role::kBuyer;
    u.password_hash = "$argon2id$x";
    u.created_at = 1000;
    return store_->CreateUser(u).value().value;
  };
  std::int64_t anna = person("anna@utrecht.example");
  std::int64_t bram = person("bram@utrecht.example");
  // Anna saves S1..S5 (alerts on for odd numbers), Bram saves B1 (alerts on).
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(reg_->CreateSavedSearch({0, anna, "S" + std::to_string(i), "{}", i % 2 == 1, 2000 + i, {}}).ok());
  }
  ASSERT_TRUE(reg_->CreateSavedSearch({0, bram, "B1", "{}", true, 3000, {}}).ok());

  auto names = [](const std::vector<SavedSearch>& list) {
    std::vector<std::string> out;
    for (const SavedSearch& s : list) out.push_back(s.name);
    return out;
  };
  auto first = reg_->ListSavedSearchesPage(anna, 0, 2).value();
  EXPECT_EQ(names(first.first), (std::vector<std::string>{"S5", "S4"}));
  EXPECT_EQ(first.second, 5);
  auto second = reg_->ListSavedSearchesPage(anna, 2, 2).value();
  EXPECT_EQ(names(second.first), (std::vector<std::string>{"S3", "S2"}));
  EXPECT_EQ(second.second, 5);
  auto last = reg_->ListSavedSearchesPage(anna, 4, 2).value();
  EXPECT_EQ(names(last.first), (std::vector<std::string>{"S1"}));
  EXPECT_EQ(last.second, 5);
  auto beyond = reg_->ListSavedSearchesPage(anna, 5, 2).value();
  EXPECT_TRUE(beyond.first.empty());
  EXPECT_EQ(beyond.second, 5);
  auto theirs = reg_->ListSavedSearchesPage(bram, 0, 100).value();
  EXPECT_EQ(names(theirs.first), (std::vector<std::string>{"B1"}));
  EXPECT_EQ(theirs.second, 1);

  EXPECT_EQ(names(reg_->ListSavedSearches(anna).value()), (std::vector<std::string>{"S5", "S4", "S3", "S2", "S1"}));
  EXPECT_EQ(names(reg_->ListSavedSearches(0).value()), (std::vector<std::string>{"B1", "S5", "S3", "S1"}));
}

}  // namespace
}  // namespace cobuy
