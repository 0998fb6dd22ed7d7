// The TED XML R2.0.9 mapper: every real and generated notice in ../shared/data/ted maps; the
// golden cases (tests/cases/ted/*.json, expected fields worked out by hand from the notice XML)
// are found in the mapped release; ocids chain an award notice to its contract notice; the
// problems a notice can have (no buyer, an unknown form, a value that is not a number).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ocds/value.h"
#include "ted/notice.h"
#include "ted/xml.h"

namespace cobuy::ted {
namespace {

namespace fs = std::filesystem;
using ocds::Value;

const fs::path kTedData = fs::path(COBUY_SHARED_DIR) / "data/ted";
const fs::path kCases = fs::path(COBUY_SOURCE_DIR) / "src/ted/tests/cases/ted";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> XmlFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".xml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

MappedNotice MapText(const std::string& text, const std::string& name) {
  auto doc = xml::Parse(text, name);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  if (!doc.ok()) return {};
  return MapTedExport(doc->root());
}

// The generated samples are bare forms (what FORM_SECTION holds): put one in the envelope a
// published notice has, with a number and a publication date of its own.
std::string Envelope(const std::string& form_xml) {
  std::string body = form_xml;
  if (body.rfind("<?xml", 0) == 0) body.erase(0, body.find("?>") + 2);
  return R"(<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication" DOC_ID="000001-2021">
<CODED_DATA_SECTION><REF_OJS><DATE_PUB>20210104</DATE_PUB></REF_OJS><NOTICE_DATA><NO_DOC_OJS>2021/S 001-000001</NO_DOC_OJS></NOTICE_DATA></CODED_DATA_SECTION>
<FORM_SECTION>)" +
         body + "</FORM_SECTION></TED_EXPORT>";
}

std::string Rejections(const MappedNotice& m) {
  std::string out;
  for (const auto& p : m.problems) {
    if (p.rejected) out += p.code + " (line " + std::to_string(p.line) + "): " + p.message + "\n";
  }
  return out;
}

const Value* Member(const Value& v, std::string_view key) {
  return v.is_object() ? v.Find(key) : nullptr;
}

// What every release must hold for the register: ocid, id, date, tag, buyer, a party "buyer".
void ExpectRegisterFields(const MappedNotice& m, const std::string& name) {
  ASSERT_EQ(m.releases.size(), 1u) << name << "\n" << Rejections(m);
  const Value& r = m.releases.front();
  for (std::string_view key : {"ocid", "id", "date", "tag", "buyer", "parties", "tender"}) {
    EXPECT_NE(Member(r, key), nullptr) << name << " has no " << key;
  }
  const Value* ocid = Member(r, "ocid");
  ASSERT_TRUE(ocid && ocid->is_string());
  EXPECT_EQ(ocid->as_string().rfind("ocds-cobuyt-", 0), 0u) << name;
  bool has_buyer = false;
  const Value* parties = Member(r, "parties");
  ASSERT_TRUE(parties && parties->is_array());
  for (const Value& p : parties->as_array()) {
    for (const Value& role : Member(p, "roles")->as_array()) has_buyer |= role.as_string() == "buyer";
  }
  EXPECT_TRUE(has_buyer) << name;
  EXPECT_FALSE(m.notice_id.empty()) << name;
  EXPECT_FALSE(m.form.empty()) << name;
}

TEST(TedExportTest, EveryRealNoticeMaps) {
  std::vector<fs::path> files = XmlFiles(kTedData / "real-sample");
  ASSERT_EQ(files.size(), 13u);
  for (const fs::path& f : files) {
    MappedNotice m = MapText(ReadFile(f), f.filename().string());
    ExpectRegisterFields(m, f.filename().string());
  }
}

TEST(TedExportTest, EveryGeneratedFormMaps) {
  std::vector<fs::path> files = XmlFiles(kTedData / "samples");
  ASSERT_EQ(files.size(), 23u);  // F01–F08, F12–F25, the four defence forms, MOVE
  for (const fs::path& f : files) {
    MappedNotice m = MapText(Envelope(ReadFile(f)), f.filename().string());
    ExpectRegisterFields(m, f.filename().string());
  }
}

// ---- Golden cases: each expected field present and equal --------------------------------------

// Objects: every expected member (keys starting "_" are notes) matches. Arrays of scalars:
// equal. Arrays of objects: every expected element matches some actual element.
void Match(const Value& expected, const Value& actual, const std::string& path, std::vector<std::string>* errors) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      errors->push_back(path + ": not an object in the release");
      return;
    }
    for (const auto& [key, value] : expected.as_object()) {
      if (!key.empty() && key[0] == '_') continue;
      const Value* a = actual.Find(key);
      if (!a) {
        errors->push_back(path + "." + key + ": missing");
        continue;
      }
      Match(value, *a, path + "." + key, errors);
    }
  } else if (expected.is_array() && !expected.as_array().empty() && expected.as_array().front().is_object()) {
    if (!actual.is_array()) {
      errors->push_back(path + ": not an array in the release");
      return;
    }
    for (size_t i = 0; i < expected.as_array().size(); ++i) {
      bool found = false;
      for (const Value& a : actual.as_array()) {
        std::vector<std::string> sub;
        Match(expected.as_array()[i], a, path, &sub);
        if (sub.empty()) {
          found = true;
          break;
        }
      }
      if (!found) {
        errors->push_back(path + "[" + std::to_string(i) + "]: no element matches " + expected.as_array()[i].ToJson());
      }
    }
  } else if (!(expected == actual)) {
    errors->push_back(path + ": expected " + expected.ToJson() + ", got " + actual.ToJson());
  }
}

// "tender.lots.0.value": nullptr when any step is missing.
const Value* AtPath(const Value& v, const std::string& path) {
  const Value* cur = &v;
  size_t start = 0;
  while (cur && start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string step = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (cur->is_array()) {
      size_t i = static_cast<size_t>(std::stoul(step));
      cur = i < cur->as_array().size() ? &cur->as_array()[i] : nullptr;
    } else {
      cur = Member(*cur, step);
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return cur;
}

TEST(TedExportTest, GoldenCases) {
  int cases = 0;
  for (const auto& e : fs::directory_iterator(kCases)) {
    if (e.path().extension() != ".json") continue;
    ++cases;
    SCOPED_TRACE(e.path().filename().string());
    auto spec = Value::Parse(ReadFile(e.path()));
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    ASSERT_NE(spec->Find("_checked"), nullptr) << "a case says which fields were checked by hand";
    fs::path notice = kTedData / spec->Find("notice")->as_string();
    MappedNotice m = MapText(ReadFile(notice), notice.filename().string());
    ASSERT_EQ(m.releases.size(), 1u) << Rejections(m);
    const Value& release = m.releases.front();
    std::vector<std::string> errors;
    Match(*spec->Find("expect"), release, "release", &errors);
    for (const std::string& error : errors) ADD_FAILURE() << error;
    if (const Value* absent = spec->Find("absent")) {
      for (const Value& path : absent->as_array()) {
        EXPECT_EQ(AtPath(release, path.as_string()), nullptr) << path.as_string() << " should not be set";
      }
    }
  }
  EXPECT_GE(cases, 4);
}

// ---- ocids ------------------------------------------------------------------------------------

std::string Notice(const std::string& doc_id, const std::string& refs, const std::string& form_body,
                   const std::string& form = "F02_2014") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication" DOC_ID=")" +
         doc_id + R"(">
  <CODED_DATA_SECTION>
    <REF_OJS><DATE_PUB>20210315</DATE_PUB></REF_OJS>
    <NOTICE_DATA>)" +
         refs + R"(</NOTICE_DATA>
  </CODED_DATA_SECTION>
  <FORM_SECTION>
    <)" + form +
         R"( CATEGORY="ORIGINAL" LG="DE">
)" + form_body +
         "    </" + form + ">\n  </FORM_SECTION>\n</TED_EXPORT>\n";
}

const std::string kBuyer = R"(      <CONTRACTING_BODY>
        <ADDRESS_CONTRACTING_BODY>
          <OFFICIALNAME>Stadt Musterhausen</OFFICIALNAME>
          <NATIONALID>DE 123</NATIONALID>
          <TOWN>Musterhausen</TOWN>
          <COUNTRY VALUE="DE"/>
        </ADDRESS_CONTRACTING_BODY>
      </CONTRACTING_BODY>
)";

std::string OcidOf(const MappedNotice& m) {
  if (m.releases.empty()) return "(rejected: " + Rejections(m) + ")";
  return m.releases.front().Find("ocid")->as_string();
}

TEST(TedExportTest, RealAwardNoticeTakesItsContractNoticesOcid) {
  // 22-086633: NOTICE_DATA/REF_NOTICE and PROCEDURE/NOTICE_NUMBER_OJ name 2020/S 251-628645.
  MappedNotice m = MapText(ReadFile(kTedData / "real-sample/22-086633-001-EXP.xml"), "award");
  EXPECT_EQ(OcidOf(m), "ocds-cobuyt-628645-2020");
  EXPECT_EQ(m.releases.front().Find("id")->as_string(), "088158-2022");
}

TEST(TedExportTest, AwardAndContractNoticeShareAnOcidWhateverTheOrder) {
  std::string award =
      Notice("000456-2021", "<REF_NOTICE><NO_DOC_OJS>2020/S 010-000123</NO_DOC_OJS></REF_NOTICE>", kBuyer, "F03_2014");
  std::string contract = Notice("000123-2020", "", kBuyer);
  MappedNotice first = MapText(award, "award");
  MappedNotice second = MapText(contract, "contract");
  EXPECT_EQ(OcidOf(first), "ocds-cobuyt-000123-2020");
  EXPECT_EQ(OcidOf(second), "ocds-cobuyt-000123-2020");
  EXPECT_EQ(first.releases.front().Find("id")->as_string(), "000456-2021");
}

TEST(TedExportTest, TheEarliestNamedNoticeWinsYearFirst) {
  std::string body = kBuyer + "      <PROCEDURE><NOTICE_NUMBER_OJ>2019/S 250-999999</NOTICE_NUMBER_OJ></PROCEDURE>\n";
  MappedNotice m =
      MapText(Notice("000789-2021", "<REF_NOTICE><NO_DOC_OJS>2020/S 001-000001</NO_DOC_OJS></REF_NOTICE>", body), "n");
  EXPECT_EQ(OcidOf(m), "ocds-cobuyt-999999-2019");
}

// ---- Problems ---------------------------------------------------------------------------------

TEST(TedExportTest, NoticeWithoutBuyerIsRejected) {
  MappedNotice m = MapText(Notice("000001-2021", "", "      <OBJECT_CONTRACT/>\n"), "nobuyer");
  EXPECT_TRUE(m.releases.empty());
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_TRUE(m.problems[0].rejected);
  EXPECT_EQ(m.problems[0].code, "no_buyer");
  EXPECT_EQ(m.problems[0].line, 8);  // the form element (no CONTRACTING_BODY)
  EXPECT_EQ(m.notice_id, "000001-2021");
  EXPECT_EQ(m.form, "F02_2014");
}

TEST(TedExportTest, UnknownFormIsRejected) {
  MappedNotice m = MapText(Notice("000002-2021", "", kBuyer, "F99_2014"), "unknown");
  EXPECT_TRUE(m.releases.empty());
  ASSERT_FALSE(m.problems.empty());
  EXPECT_TRUE(m.problems[0].rejected);
  EXPECT_EQ(m.problems[0].code, "unknown_form");
  EXPECT_EQ(m.problems[0].line, 8);
  EXPECT_EQ(m.form, "F99_2014");
  EXPECT_EQ(m.notice_id, "000002-2021");
}

TEST(TedExportTest, ValueThatIsNotANumberIsLeftOutWithAWarning) {
  std::string body = kBuyer + R"(      <OBJECT_CONTRACT>
        <VAL_ESTIMATED_TOTAL CURRENCY="EUR">12a</VAL_ESTIMATED_TOTAL>
        <OBJECT_DESCR ITEM="1"><VAL_OBJECT CURRENCY="EUR">1 234,50</VAL_OBJECT></OBJECT_DESCR>
      </OBJECT_CONTRACT>
)";
  MappedNotice m = MapText(Notice("000003-2021", "", body), "badnumber");
  ASSERT_EQ(m.releases.size(), 1u) << Rejections(m);
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_FALSE(m.problems[0].rejected);
  EXPECT_EQ(m.problems[0].code, "bad_number");
  EXPECT_EQ(m.problems[0].line, 18);
  const Value& r = m.releases.front();
  EXPECT_EQ(AtPath(r, "tender.value"), nullptr);
  // A comma as the decimal mark and a space grouping thousands are read as TED writes them.
  EXPECT_EQ(AtPath(r, "tender.lots.0.value")->ToJson(), R"({"amount":1234.50,"currency":"EUR"})");
}

TEST(TedExportTest, NoIdentifierIsInventedForAPlaceholderNationalId) {
  std::string body = R"(      <CONTRACTING_BODY>
        <ADDRESS_CONTRACTING_BODY>
          <OFFICIALNAME>County Council</OFFICIALNAME>
          <NATIONALID>N/A</NATIONALID>
          <COUNTRY VALUE="UK"/>
        </ADDRESS_CONTRACTING_BODY>
      </CONTRACTING_BODY>
)";
  MappedNotice m = MapText(Notice("000004-2021", "", body), "noid");
  ASSERT_EQ(m.releases.size(), 1u) << Rejections(m);
  const Value& buyer = m.releases.front().Find("parties")->as_array().front();
  EXPECT_EQ(buyer.Find("identifier"), nullptr);
  EXPECT_EQ(AtPath(buyer, "address.country")->as_string(), "GB");
}

TEST(TedExportTest, NeverThrowsOnOddInput) {
  EXPECT_TRUE(MapTedExport(nullptr).releases.empty());
  for (const std::string& text : {
           std::string("<TED_EXPORT/>"),
           std::string("<TED_EXPORT DOC_ID=\"x\"><FORM_SECTION/></TED_EXPORT>"),
           std::string("<NOT_TED/>"),
           Notice("999999999999-99999", "<REF_NOTICE><NO_DOC_OJS>/S -</NO_DOC_OJS></REF_NOTICE>", kBuyer),
           Notice("000005-2021", "",
                  kBuyer + "<OBJECT_CONTRACT><OBJECT_DESCR><DURATION>99999999999999999999</DURATION>"
                           "<DATE_START>2021-02-30</DATE_START></OBJECT_DESCR></OBJECT_CONTRACT>"),
       }) {
    auto doc = xml::Parse(text, "odd.xml");
    if (!doc.ok()) continue;
    MappedNotice m = MapTedExport(doc->root());
    EXPECT_TRUE(!m.releases.empty() || !m.problems.empty()) << text;
  }
}

}  // namespace
}  // namespace cobuy::ted
