#include "ted/notice_reader.h"

#include <zlib.h>

#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace cobuy::ted {
namespace {

// A ustar header for a regular file (or `type`) named `name` of `size` bytes.
std::string TarHeader(const std::string& name, size_t size, char type = '0') {
  std::string h(512, '\0');
  std::memcpy(h.data(), name.data(), std::min<size_t>(name.size(), 100));
  std::memcpy(h.data() + 100, "0000644", 7);
  std::memcpy(h.data() + 108, "0000000", 7);
  std::memcpy(h.data() + 116, "0000000", 7);
  std::string sz = fmt::format("{:011o}", size);
  std::memcpy(h.data() + 124, sz.data(), 11);
  std::memcpy(h.data() + 136, "00000000000", 11);
  h[156] = type;
  std::memcpy(h.data() + 257,
              "ustar\0"
              "00",
              8);
  std::memset(h.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::string ck = fmt::format("{:06o}", sum);
  std::memcpy(h.data() + 148, ck.data(), 6);
  h[154] = '\0';
  return h;
}

std::string TarMember(const std::string& name, const std::string& body, char type = '0') {
  std::string m = TarHeader(name, body.size(), type) + body;
  m.resize((m.size() + 511) / 512 * 512, '\0');
  return m;
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

struct Collected {
  std::vector<NoticeReadProblem> problems;
  std::vector<std::string> releases;  // "file@offset"
  NoticeCallbacks Callbacks() {
    NoticeCallbacks cb;
    cb.on_release = [this](ocds::ReadRelease& r) { releases.push_back(fmt::format("{}@{}", r.file, r.offset)); };
    cb.on_problem = [this](const NoticeReadProblem& p) { problems.push_back(p); };
    return cb;
  }
};

const std::string kMalformed = "<?xml version=\"1.0\"?>\n<TED_EXPORT>\n<CODED_DATA_SECTION>\n</TED_EXPORT>\n";
const std::string kOther = "<catalogue xmlns=\"urn:example\"/>";

TEST(NoticeReaderTest, RecognisesInputsByContent) {
  EXPECT_EQ(SniffBytes("\xEF\xBB\xBF  <?xml version=\"1.0\"?><a/>"), InputKind::kXmlNotice);
  EXPECT_EQ(SniffBytes(Gzip("\n<a/>")), InputKind::kXmlNotice);
  EXPECT_EQ(SniffBytes(TarMember("a.xml", "<a/>")), InputKind::kTarPackage);
  EXPECT_EQ(SniffBytes(Gzip(TarMember("a.xml", "<a/>"))), InputKind::kTarPackage);
  EXPECT_EQ(SniffBytes("{\"releases\":[]}"), InputKind::kJson);
  EXPECT_EQ(SniffBytes(Gzip(" [{}]")), InputKind::kJson);
  EXPECT_EQ(SniffBytes("# Examples\n"), InputKind::kOther);
  EXPECT_EQ(SniffBytes(""), InputKind::kOther);
}

TEST(NoticeReaderTest, EachMemberOfAPackageIsReadOnItsOwn) {
  std::string tar = TarMember("2024/bad.xml", kMalformed) + TarMember("2024/", "", '5') +
                    TarMember("2024/other.xml", kOther) + TarMember("2024/README.txt", "daily package") +
                    std::string(1024, '\0');
  Collected got;
  NoticeReader reader(got.Callbacks());
  ASSERT_TRUE(reader.ReadBuffer(Gzip(tar), "daily.tar.gz").ok());
  ASSERT_EQ(got.problems.size(), 3u);
  EXPECT_EQ(got.problems[0].file, "daily.tar.gz:2024/bad.xml");
  EXPECT_EQ(got.problems[0].offset, 0u);
  EXPECT_EQ(got.problems[0].code, "malformed_xml");
  EXPECT_TRUE(got.problems[0].rejected);
  EXPECT_EQ(got.problems[0].message.rfind("daily.tar.gz:2024/bad.xml:4:", 0), 0u) << got.problems[0].message;
  EXPECT_EQ(got.problems[1].file, "daily.tar.gz:2024/other.xml");
  EXPECT_EQ(got.problems[1].offset, 1536u);  // two 1-block members before it (bad.xml: header + body, 2024/: header)
  EXPECT_EQ(got.problems[1].code, "unknown_namespace");
  EXPECT_EQ(got.problems[1].message,
            "line 1: <catalogue xmlns=\"urn:example\"> is neither a TED XML R2.0.9 notice nor an eForms notice");
  EXPECT_EQ(got.problems[2].code, "skipped_member");
  EXPECT_FALSE(got.problems[2].rejected);
  EXPECT_EQ(reader.stats().notices, 2u);
  EXPECT_EQ(reader.stats().rejected, 2u);
  EXPECT_EQ(reader.stats().bytes, tar.size() - 512);  // reading ends at the first of the two zero blocks
}

TEST(NoticeReaderTest, ATruncatedPackageKeepsWhatCameBefore) {
  std::string tar = TarMember("a.xml", kOther) + TarMember("b.xml", kMalformed + std::string(600, ' '));
  tar.resize(tar.size() - 300);
  Collected got;
  NoticeReader reader(got.Callbacks());
  ASSERT_TRUE(reader.ReadBuffer(tar, "cut.tar").ok());
  ASSERT_EQ(got.problems.size(), 2u);
  EXPECT_EQ(got.problems[0].code, "unknown_namespace");
  EXPECT_EQ(got.problems[1].code, "truncated_package");
  EXPECT_EQ(got.problems[1].file, "cut.tar");
  EXPECT_EQ(got.problems[1].offset, 1024u);
  EXPECT_EQ(got.problems[1].message,
            "the package is truncated: the member b.xml is cut short; the notices before it were read");
}

TEST(NoticeReaderTest, ACutGzipPackageKeepsWhatCameBefore) {
  std::string tar =
      TarMember("a.xml", kOther) + TarMember("b.xml", kMalformed + std::string(4000, ' ')) + std::string(1024, '\0');
  std::string gz = Gzip(tar);
  gz.resize(gz.size() - 20);  // the gzip trailer and the end of the deflate stream are missing
  Collected got;
  NoticeReader reader(got.Callbacks());
  ASSERT_TRUE(reader.ReadBuffer(gz, "cut.tar.gz").ok());
  ASSERT_GE(got.problems.size(), 2u);
  EXPECT_EQ(got.problems[0].code, "unknown_namespace");
  EXPECT_EQ(got.problems.back().code, "truncated_package");
  EXPECT_EQ(got.problems.back().file, "cut.tar.gz");
  EXPECT_NE(got.problems.back().message.find("truncated gzip data"), std::string::npos) << got.problems.back().message;
}

TEST(NoticeReaderTest, ACorruptGzipNoticeIsAProblemNotAFailure) {
  // Found by fuzz_notice_reader (fuzz/crashes/notice_reader/corrupt-gzip-notice.gz): reading
  // a corrupt gzip notice from memory returned an error instead of reporting it.
  std::string gz = Gzip(kOther + std::string(2000, ' '));
  gz[gz.size() / 2] ^= 0x5a;
  gz[gz.size() / 2 + 1] ^= 0xa5;
  gz.resize(gz.size() - 4);
  Collected got;
  NoticeReader reader(got.Callbacks());
  ASSERT_TRUE(reader.ReadBuffer(gz, "notice.xml.gz").ok());
  ASSERT_EQ(got.problems.size(), 1u);
  EXPECT_EQ(got.problems[0].code, "unreadable_notice");
  EXPECT_EQ(got.problems[0].file, "notice.xml.gz");
  EXPECT_TRUE(got.problems[0].rejected);
  EXPECT_EQ(got.problems[0].message.rfind("the notice cannot be read: notice.xml.gz: ", 0), 0u) << got.problems[0].message;
  EXPECT_EQ(reader.stats().rejected, 1u);
  EXPECT_TRUE(got.releases.empty());
}

TEST(NoticeReaderTest, ANoticeWithoutAPublicationDateIsRejected) {
  // Found by fuzz_notice_reader (fuzz/crashes/notice_reader/no-publication-date.xml): a TED
  // notice whose DATE_PUB was damaged was handed on as a release without a date.
  const std::string notice = R"(<?xml version="1.0" encoding="UTF-8"?>
<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication" DOC_ID="000321-2024">
  <CODED_DATA_SECTION>
    <REF_OJS><DATE_PUB>2024x401</DATE_PUB></REF_OJS>
  </CODED_DATA_SECTION>
  <FORM_SECTION>
    <F02_2014 CATEGORY="ORIGINAL" LG="EN">
      <CONTRACTING_BODY>
        <ADDRESS_CONTRACTING_BODY>
          <OFFICIALNAME>Town of Example</OFFICIALNAME>
          <COUNTRY VALUE="IE"/>
        </ADDRESS_CONTRACTING_BODY>
      </CONTRACTING_BODY>
    </F02_2014>
  </FORM_SECTION>
</TED_EXPORT>
)";
  Collected got;
  NoticeReader reader(got.Callbacks());
  ASSERT_TRUE(reader.ReadBuffer(notice, "undated.xml").ok());
  EXPECT_TRUE(got.releases.empty());
  ASSERT_FALSE(got.problems.empty());
  const NoticeReadProblem& last = got.problems.back();
  EXPECT_EQ(last.code, "no_date");
  EXPECT_TRUE(last.rejected);
  EXPECT_EQ(last.notice_id, "000321-2024");
  EXPECT_EQ(last.message,
            "line 2: the notice has no valid publication date (TED: DATE_PUB; eForms: IssueDate): not ingested");
  EXPECT_EQ(reader.stats().rejected, 1u);
  EXPECT_EQ(reader.stats().releases, 0u);
}

TEST(NoticeReaderTest, GnuLongNamesAndPaxPathsNameTheMember) {
  std::string long_name(130, 'n');
  long_name += ".xml";
  std::string pax_record = "path=pax/name.xml\n";
  pax_record = fmt::format("{} {}", pax_record.size() + 3, pax_record);
  std::string tar = TarMember("././@LongLink", long_name + '\0', 'L') + TarMember("short.xml", kOther) +
                    TarMember("PaxHeaders/x", pax_record, 'x') + TarMember("ignored.xml", kOther);
  Collected got;
  NoticeReader reader(got.Callbacks());
  ASSERT_TRUE(reader.ReadBuffer(tar, "p.tar").ok());
  ASSERT_EQ(got.problems.size(), 2u);
  EXPECT_EQ(got.problems[0].file, "p.tar:" + long_name);
  EXPECT_EQ(got.problems[1].file, "p.tar:pax/name.xml");
}

TEST(NoticeReaderTest, ACorruptHeaderStopsThePackageWithAProblem) {
  std::string tar = TarMember("a.xml", kOther) + TarMember("b.xml", kOther);
  tar[1024 + 10] ^= 0x01;  // b.xml's header no longer matches its checksum
  Collected got;
  NoticeReader reader(got.Callbacks());
  ASSERT_TRUE(reader.ReadBuffer(tar, "p.tar").ok());
  ASSERT_EQ(got.problems.size(), 2u);
  EXPECT_EQ(got.problems[1].code, "bad_package");
  EXPECT_EQ(got.problems[1].offset, 1024u);
}

TEST(NoticeReaderTest, ADoctypeInANoticeIsRefused) {
  Collected got;
  NoticeReader reader(got.Callbacks());
  ASSERT_TRUE(
      reader.ReadBuffer("<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"http://example.org/x.dtd\">\n<r/>", "xxe.xml")
          .ok());
  ASSERT_EQ(got.problems.size(), 1u);
  EXPECT_EQ(got.problems[0].code, "malformed_xml");
  EXPECT_EQ(got.problems[0].message,
            "xxe.xml: a DOCTYPE is not allowed in a notice (DTDs and entities are never read)");
  EXPECT_TRUE(got.releases.empty());
}

TEST(NoticeReaderTest, AMissingFileIsNotFound) {
  Collected got;
  NoticeReader reader(got.Callbacks());
  Status s = reader.ReadFile("/nonexistent/notice.xml");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace cobuy::ted
