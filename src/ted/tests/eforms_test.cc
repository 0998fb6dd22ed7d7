// eForms mapper tests: every SDK example notice maps; golden cases (tests/cases/eforms/*.json,
// each the fields checked by hand against one notice, matched as a subset of the release);
// one ocid per procedure; the problems (no_buyer, unknown_form, bad_number); odd input.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ted/notice.h"

namespace cobuy::ted {
namespace {

namespace fs = std::filesystem;
using ocds::Value;

const fs::path kExamples = fs::path(COBUY_SHARED_DIR) / "data/ocds/eforms-sdk-examples";
const fs::path kCases = fs::path(COBUY_SOURCE_DIR) / "src/ted/tests/cases/eforms";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

MappedNotice MapText(const std::string& text, const std::string& name = "notice.xml") {
  auto doc = xml::Parse(text, name);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  if (!doc.ok()) return {};
  return MapEforms(doc->root());
}

MappedNotice MapExample(const std::string& file) {
  return MapText(ReadFile(kExamples / file), file);
}

const Value* Get(const Value* v, std::string_view key) {
  return v && v->is_object() ? v->Find(key) : nullptr;
}

std::string Str(const Value* v) {
  return v && v->is_string() ? v->as_string() : std::string();
}

bool HasProblem(const MappedNotice& m, std::string_view code, bool rejected) {
  return std::any_of(m.problems.begin(), m.problems.end(),
                     [&](const NoticeProblem& p) { return p.code == code && p.rejected == rejected; });
}

// Subset match: every key of an expected object is in the actual one and matches; an array
// of scalars holds the same elements (in any order); each element of an expected array of objects matches a
// distinct element of the actual array; scalars are equal (numbers by value).
void Match(const Value& expected, const Value& actual, const std::string& path, std::vector<std::string>* errors);

void MatchArray(const Value& expected, const Value& actual, const std::string& path, std::vector<std::string>* errors) {
  if (!actual.is_array()) {
    errors->push_back(path + ": not an array: " + actual.ToJson());
    return;
  }
  const auto& want = expected.as_array();
  const auto& have = actual.as_array();
  bool objects = std::any_of(want.begin(), want.end(), [](const Value& v) { return v.is_object(); });
  if (!objects) {
    std::vector<std::string> a;
    std::vector<std::string> b;
    for (const Value& v : want) a.push_back(v.ToJson());
    for (const Value& v : have) b.push_back(v.ToJson());
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b) errors->push_back(path + ": " + actual.ToJson() + " != " + expected.ToJson());
    return;
  }
  std::vector<bool> used(have.size(), false);
  for (size_t i = 0; i < want.size(); ++i) {
    bool found = false;
    for (size_t j = 0; j < have.size() && !found; ++j) {
      if (used[j]) continue;
      std::vector<std::string> sub;
      Match(want[i], have[j], path, &sub);
      if (sub.empty()) used[j] = found = true;
    }
    if (found) continue;
    // Say why the element with the same id (else the first) does not match.
    std::vector<std::string> why;
    const Value* id = want[i].Find("id");
    for (const Value& h : have) {
      if (!id || (h.is_object() && h.Find("id") && *h.Find("id") == *id)) {
        Match(want[i], h, path + "[" + std::to_string(i) + "]", &why);
        break;
      }
    }
    errors->push_back(path + "[" + std::to_string(i) + "]: no element matches " + want[i].ToJson());
    errors->insert(errors->end(), why.begin(), why.end());
  }
}

void Match(const Value& expected, const Value& actual, const std::string& path, std::vector<std::string>* errors) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      errors->push_back(path + ": not an object: " + actual.ToJson());
      return;
    }
    for (const auto& [key, value] : expected.as_object()) {
      const Value* a = actual.Find(key);
      if (!a) {
        errors->push_back(path + "." + key + ": missing");
        continue;
      }
      Match(value, *a, path + "." + key, errors);
    }
  } else if (expected.is_array()) {
    MatchArray(expected, actual, path, errors);
  } else if (!(expected == actual)) {
    errors->push_back(path + ": " + actual.ToJson() + " != " + expected.ToJson());
  }
}

std::vector<std::string> Files(const fs::path& dir, std::string_view ext) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ext) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A small contract notice: `subtype`, the buyer reference `buyer_ref`, the lot's estimated
// value `amount`, the procedure title in ENG and DEU (notice language `language`).
std::string MiniNotice(const std::string& subtype, const std::string& buyer_ref, const std::string& amount,
                       const std::string& language = "ENG", const std::string& issue_time = "10:00:00+01:00") {
  std::string time = issue_time.empty() ? "" : "<cbc:IssueTime>" + issue_time + "</cbc:IssueTime>";
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
    xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
    xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1">
  <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
    <efac:NoticeSubType><cbc:SubTypeCode listName="notice-subtype">)" +
         subtype + R"(</cbc:SubTypeCode></efac:NoticeSubType>
    <efac:Organizations><efac:Organization><efac:Company>
      <cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID></cac:PartyIdentification>
      <cac:PartyName><cbc:Name languageID="DEU">Stadt Musterstadt</cbc:Name></cac:PartyName>
      <cac:PostalAddress><cbc:CityName>Musterstadt</cbc:CityName>
        <cac:Country><cbc:IdentificationCode listName="country">DEU</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity><cbc:CompanyID>not available</cbc:CompanyID></cac:PartyLegalEntity>
    </efac:Company></efac:Organization></efac:Organizations>
  </efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
  <cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>
  <cbc:ID schemeName="notice-id">0000aaaa-1111-2222-3333-444455556666</cbc:ID>
  <cbc:ContractFolderID>folder-1</cbc:ContractFolderID>
  <cbc:IssueDate>2024-02-01+01:00</cbc:IssueDate>)" +
         time + R"(
  <cbc:VersionID>02</cbc:VersionID>
  <cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>
  <cbc:NoticeLanguageCode>)" +
         language + R"(</cbc:NoticeLanguageCode>
  <cac:ContractingParty>
    <cac:ContractingPartyType><cbc:PartyTypeCode listName="buyer-contracting-type">cpb</cbc:PartyTypeCode></cac:ContractingPartyType>
    <cac:Party><cac:PartyIdentification><cbc:ID schemeName="organization">)" +
         buyer_ref + R"(</cbc:ID></cac:PartyIdentification></cac:Party>
  </cac:ContractingParty>
  <cac:TenderingProcess><cbc:ProcedureCode listName="procurement-procedure-type">restricted</cbc:ProcedureCode></cac:TenderingProcess>
  <cac:ProcurementProject>
    <cbc:Name languageID="ENG">Fire doors</cbc:Name>
    <cbc:Name languageID="DEU">Brandschutztüren</cbc:Name>
    <cac:RequestedTenderTotal><cbc:EstimatedOverallContractAmount currencyID="EUR">100</cbc:EstimatedOverallContractAmount></cac:RequestedTenderTotal>
  </cac:ProcurementProject>
  <cac:ProcurementProjectLot>
    <cbc:ID schemeName="Lot">LOT-0001</cbc:ID>
    <cac:TenderingProcess>
      <cac:FrameworkAgreement>
        <cbc:MaximumOperatorQuantity>4</cbc:MaximumOperatorQuantity>
        <cac:SubsequentProcessTenderRequirement>
          <cbc:Name>buyer-categories</cbc:Name>
          <cbc:Description languageID="DEU">Alle Gemeinden in Bayern</cbc:Description>
          <cbc:Description languageID="ENG">All municipalities in Bavaria</cbc:Description>
        </cac:SubsequentProcessTenderRequirement>
      </cac:FrameworkAgreement>
      <cac:ContractingSystem><cbc:ContractingSystemTypeCode listName="framework-agreement">fa-wo-rc</cbc:ContractingSystemTypeCode></cac:ContractingSystem>
    </cac:TenderingProcess>
    <cac:ProcurementProject>
      <cbc:Name languageID="ENG">Lot one</cbc:Name>
      <cac:RequestedTenderTotal><cbc:EstimatedOverallContractAmount currencyID="EUR">)" +
         amount + R"(</cbc:EstimatedOverallContractAmount></cac:RequestedTenderTotal>
    </cac:ProcurementProject>
  </cac:ProcurementProjectLot>
</ContractNotice>
)";
}

TEST(EformsTest, EveryExampleMapsWithoutRejection) {
  std::vector<std::string> files = Files(kExamples, ".xml");
  ASSERT_GE(files.size(), 13u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    std::string text = ReadFile(kExamples / file);
    auto doc = xml::Parse(text, file);
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    EXPECT_EQ(KindOf(doc->root()), NoticeKind::kEforms);
    MappedNotice m = MapEforms(doc->root());
    for (const NoticeProblem& p : m.problems) EXPECT_FALSE(p.rejected) << p.code << ": " << p.message;
    EXPECT_FALSE(m.notice_id.empty());
    EXPECT_FALSE(m.form.empty());
    ASSERT_EQ(m.releases.size(), 1u);
    const Value& r = m.releases.front();
    EXPECT_EQ(Str(r.Find("ocid")).rfind("ocds-cobuye-", 0), 0u);
    EXPECT_EQ(Str(r.Find("id")).rfind(m.notice_id + "-", 0), 0u);
    EXPECT_EQ(Str(r.Find("date")).size(), 25u) << Str(r.Find("date"));  // 2023-03-23T20:59:32+01:00
    const Value* tag = r.Find("tag");
    ASSERT_TRUE(tag && tag->is_array() && !tag->as_array().empty());
    EXPECT_EQ(Str(r.Find("initiationType")), "tender");
    std::string buyer = Str(Get(r.Find("buyer"), "id"));
    EXPECT_FALSE(buyer.empty());
    EXPECT_FALSE(Str(Get(r.Find("buyer"), "name")).empty());
    bool buyer_party = false;
    for (const Value& p : r.Find("parties")->as_array()) {
      const Value* roles = p.Find("roles");
      if (Str(p.Find("id")) == buyer && roles && roles->is_array() &&
          std::find(roles->as_array().begin(), roles->as_array().end(), Value::String("buyer")) !=
              roles->as_array().end()) {
        buyer_party = true;
        EXPECT_EQ(Str(Get(p.Find("address"), "country")).size(), 2u);
      }
    }
    EXPECT_TRUE(buyer_party);
  }
}

TEST(EformsTest, GoldenCases) {
  std::vector<std::string> cases = Files(kCases, ".json");
  ASSERT_GE(cases.size(), 4u);
  for (const std::string& name : cases) {
    SCOPED_TRACE(name);
    auto expected = Value::Parse(ReadFile(kCases / name));
    ASSERT_TRUE(expected.ok()) << expected.status().message();
    ASSERT_FALSE(Str(expected->Find("_checked")).empty()) << "a case says which fields were checked by hand";
    MappedNotice m = MapExample(Str(expected->Find("notice")));
    ASSERT_EQ(m.releases.size(), 1u);
    std::vector<std::string> errors;
    Match(*expected->Find("release"), m.releases.front(), "release", &errors);
    for (const std::string& e : errors) ADD_FAILURE() << e;
  }
}

TEST(EformsTest, ContractNoticeAndItsChangeShareOneOcid) {
  MappedNotice cn = MapExample("cn_24_open.xml");
  MappedNotice change = MapExample("change-cn_24_open_dates.xml");
  ASSERT_EQ(cn.releases.size(), 1u);
  ASSERT_EQ(change.releases.size(), 1u);
  const Value& a = cn.releases.front();
  const Value& b = change.releases.front();
  EXPECT_EQ(Str(a.Find("ocid")), "ocds-cobuye-31f258b6-5eb2-4875-8997-affa3cdce27c");
  EXPECT_EQ(Str(a.Find("ocid")), Str(b.Find("ocid")));
  EXPECT_NE(Str(a.Find("id")), Str(b.Find("id")));
  EXPECT_LT(Str(a.Find("date")), Str(b.Find("date")));  // the change is the later release
  EXPECT_EQ(a.Find("tag")->ToJson(), R"(["tender"])");
  EXPECT_EQ(b.Find("tag")->ToJson(), R"(["tenderUpdate"])");
}

TEST(EformsTest, AwardNoticeSharesTheContractNoticeOcid) {
  // The award notice of the same procedure (BT-04) arrives first or second: one ocid.
  std::string cn = MiniNotice("16", "ORG-0001", "50");
  std::string can = cn;
  auto replace = [](std::string* s, const std::string& from, const std::string& to) {
    size_t at = s->find(from);
    ASSERT_NE(at, std::string::npos) << from;
    s->replace(at, from.size(), to);
  };
  replace(&can, "<ContractNotice ", "<ContractAwardNotice ");
  replace(&can, "</ContractNotice>", "</ContractAwardNotice>");
  replace(&can, "ContractNotice-2", "ContractAwardNotice-2");
  replace(&can, ">16<", ">29<");
  replace(&can, R"(listName="competition">cn-standard)", R"(listName="result">can-standard)");
  replace(&can, "0000aaaa", "9999bbbb");
  MappedNotice award = MapText(can);
  MappedNotice notice = MapText(cn);
  ASSERT_EQ(award.releases.size(), 1u);
  ASSERT_EQ(notice.releases.size(), 1u);
  EXPECT_EQ(Str(award.releases.front().Find("ocid")), "ocds-cobuye-folder-1");
  EXPECT_EQ(Str(notice.releases.front().Find("ocid")), "ocds-cobuye-folder-1");
  EXPECT_EQ(award.form, "29");
  EXPECT_EQ(award.releases.front().Find("tag")->ToJson(), R"(["award","contract"])");
}

TEST(EformsTest, MiniNoticeMapsWhatTheRegisterReads) {
  MappedNotice m = MapText(MiniNotice("16", "ORG-0001", "250000.50", "DEU"));
  ASSERT_EQ(m.releases.size(), 1u);
  EXPECT_EQ(m.notice_id, "0000aaaa-1111-2222-3333-444455556666");
  EXPECT_EQ(m.form, "16");
  const Value& r = m.releases.front();
  EXPECT_EQ(Str(r.Find("id")), "0000aaaa-1111-2222-3333-444455556666-02");
  EXPECT_EQ(Str(r.Find("date")), "2024-02-01T10:00:00+01:00");
  EXPECT_EQ(Str(r.Find("language")), "de");
  const Value* tender = r.Find("tender");
  // The notice language's text is the title; the other languages are variants.
  EXPECT_EQ(Str(Get(tender, "title")), "Brandschutztüren");
  EXPECT_EQ(Str(Get(tender, "title_en")), "Fire doors");
  EXPECT_EQ(Str(Get(tender, "procurementMethod")), "selective");
  const Value* fa = Get(Get(tender, "techniques"), "frameworkAgreement");
  EXPECT_EQ(Get(Get(tender, "techniques"), "hasFrameworkAgreement")->ToJson(), "true");
  EXPECT_EQ(Str(Get(fa, "method")), "withoutReopeningCompetition");
  EXPECT_EQ(Str(Get(fa, "buyerCategories")), "Alle Gemeinden in Bayern");
  EXPECT_EQ(Get(fa, "maximumParticipants")->ToJson(), "4");
  const Value& lot = Get(tender, "lots")->as_array().front();
  EXPECT_EQ(Str(Get(Get(Get(&lot, "techniques"), "frameworkAgreement"), "buyerCategories_en")),
            "All municipalities in Bavaria");
  EXPECT_EQ(Get(&lot, "value")->ToJson(), R"({"amount":250000.50,"currency":"EUR"})");
  // A lot's value is not the procedure's.
  EXPECT_EQ(Get(tender, "value")->ToJson(), R"({"amount":100,"currency":"EUR"})");
  const Value& buyer = r.Find("parties")->as_array().front();
  EXPECT_EQ(Get(&buyer, "identifier"), nullptr);  // "not available" is no number
  EXPECT_EQ(Get(&buyer, "address")->ToJson(), R"({"locality":"Musterstadt","countryName":"DE","country":"DE"})");
  EXPECT_EQ(
      Get(&buyer, "details")->ToJson(),
      R"({"classifications":[{"scheme":"eu-buyer-contracting-type","id":"cpb","description":"Central purchasing body"}]})");
}

TEST(EformsTest, DateWithoutTimeIsTheStartOfTheDay) {
  MappedNotice m = MapText(MiniNotice("16", "ORG-0001", "1", "ENG", ""));
  ASSERT_EQ(m.releases.size(), 1u);
  EXPECT_EQ(Str(m.releases.front().Find("date")), "2024-02-01T00:00:00+01:00");
}

TEST(EformsTest, NoBuyerIsRejectedWithItsLine) {
  MappedNotice m = MapText(MiniNotice("16", "ORG-0404", "1"));
  EXPECT_TRUE(m.releases.empty());
  ASSERT_TRUE(HasProblem(m, "no_buyer", true));
  EXPECT_GT(m.problems.front().line, 1);
  EXPECT_EQ(m.form, "16");
  EXPECT_EQ(m.notice_id, "0000aaaa-1111-2222-3333-444455556666");
}

TEST(EformsTest, UnknownSubtypeIsRejected) {
  for (const char* subtype : {"99", "", "X01", "1a"}) {
    SCOPED_TRACE(subtype);
    MappedNotice m = MapText(MiniNotice(subtype, "ORG-0001", "1"));
    EXPECT_TRUE(m.releases.empty());
    EXPECT_TRUE(HasProblem(m, "unknown_form", true));
    EXPECT_EQ(m.form, subtype);
  }
}

TEST(EformsTest, AmountThatIsNotANumberIsLeftOutWithAWarning) {
  MappedNotice m = MapText(MiniNotice("16", "ORG-0001", "12a"));
  ASSERT_EQ(m.releases.size(), 1u);
  ASSERT_TRUE(HasProblem(m, "bad_number", false));
  for (const NoticeProblem& p : m.problems) {
    if (p.code == "bad_number") {
      EXPECT_GT(p.line, 1);
    }
  }
  const Value& lot = Get(m.releases.front().Find("tender"), "lots")->as_array().front();
  EXPECT_EQ(Get(&lot, "value"), nullptr);
  EXPECT_EQ(Str(Get(&lot, "title")), "Lot one");
}

TEST(EformsTest, OddInputNeverCrashes) {
  EXPECT_TRUE(MapEforms(nullptr).releases.empty());
  for (const char* text : {"<ContractNotice/>", "<TED_EXPORT><x/></TED_EXPORT>",
                           "<ContractNotice><cbc:ID xmlns:cbc='u'>1</cbc:ID></ContractNotice>"}) {
    MappedNotice m = MapText(text);
    EXPECT_TRUE(m.releases.empty());
    EXPECT_FALSE(m.problems.empty());
    EXPECT_TRUE(m.problems.front().rejected);
  }
  // Every element of a real notice cut away in turn (the first 400 elements) maps or is refused.
  std::string text = ReadFile(kExamples / "can_24_maximal.xml");
  int cuts = 0;
  for (size_t at = text.find("<cac:", 1); at != std::string::npos && cuts < 400; at = text.find("<cac:", at + 1)) {
    size_t end = text.find('>', at);
    std::string tag = text.substr(at + 1, end - at - 1);
    if (tag.find(' ') != std::string::npos || tag.back() == '/') continue;
    size_t close = text.find("</" + tag + ">", end);
    if (close == std::string::npos) continue;
    std::string cut = text.substr(0, at) + text.substr(close + tag.size() + 3);
    auto doc = xml::Parse(cut, "cut.xml");
    if (!doc.ok()) continue;
    MappedNotice m = MapEforms(doc->root());
    EXPECT_TRUE(m.releases.size() == 1 || (!m.problems.empty() && m.problems.front().rejected));
    ++cuts;
  }
  EXPECT_GT(cuts, 100);
}

}  // namespace
}  // namespace cobuy::ted
