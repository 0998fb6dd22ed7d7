// Tests of the synthetic eForms package (gen/eforms.h): it reads back through the notice
// reader of `cobuy ingest` (ted::NoticeReader) with no problem; one notice per renderable
// release; the ocids, buyer names and main CPV codes of the mapped releases are what the
// generated OCDS releases say (worked out here from gen::Generate's releases); the bytes are
// deterministic; gzip and plain hold the same members; the package is a well-formed ustar.
#include "gen/eforms.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "ocds/value.h"
#include "refdata/loader.h"
#include "ted/notice_reader.h"

namespace cobuy::gen {
namespace {

using ocds::Value;

const ReferenceData& Ref() {
  static const ReferenceData* ref = [] {
    auto r = LoadReferenceData(COBUY_SOURCE_DIR "/data/ref");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new ReferenceData(std::move(r).value());
  }();
  return *ref;
}

GenOptions Options(std::int64_t releases, bool quirks) {
  GenOptions o;
  o.seed = 3;
  o.releases = releases;
  if (!quirks) o.quirks = QuirkRates::None();
  return o;
}

std::string Package(const GenOptions& opt, bool gzip) {
  std::string out;
  Status s = WriteEformsPackage(opt, Ref(), gzip, [&](std::string_view b) {
    out.append(b);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::string Gunzip(std::string_view gz) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

std::string Str(const Value* v, std::string_view key) {
  const Value* x = v ? v->Find(key) : nullptr;
  return x && x->is_string() ? x->as_string() : std::string();
}

// What the notices should say, from the generated releases: one notice per release tagged
// planning, tender, award or contract that has a date.
struct Expected {
  size_t notices = 0;
  std::multiset<std::string> ocids;
  std::set<std::string> buyers;
  std::set<std::string> cpvs;  // main CPV, 8 digits
};

Expected ExpectedOf(const GenOptions& opt) {
  Expected e;
  Status s = Generate(opt, Ref(), [&](std::string_view json) {
    auto r = Value::Parse(json);
    ASSERT_TRUE(r.ok());
    const Value* tag = r->Find("tag");
    std::string stage = tag && tag->is_array() ? tag->as_array().front().as_string() : Str(&*r, "tag");
    if (stage == "contractAmendment" || Str(&*r, "date").empty()) return;
    ++e.notices;
    e.ocids.insert("ocds-cobuye-" + ProcedureIdOf(Str(&*r, "ocid")));
    e.buyers.insert(Str(r->Find("buyer"), "name"));
    const Value* items = r->Find("tender")->Find("items");
    e.cpvs.insert(Str(items->as_array().front().Find("classification"), "id").substr(0, 8));
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return e;
}

struct ReadBack {
  Expected seen;
  std::vector<ted::NoticeReadProblem> problems;
  ted::NoticeStats stats;
  std::vector<std::string> titles_en;
};

ReadBack Read(std::string_view package) {
  ReadBack out;
  ted::NoticeReader reader({[&](ocds::ReadRelease& r) {
                              const Value& v = r.release;
                              out.seen.ocids.insert(Str(&v, "ocid"));
                              out.seen.buyers.insert(Str(v.Find("buyer"), "name"));
                              out.seen.cpvs.insert(Str(v.Find("tender")->Find("classification"), "id"));
                              std::string en = Str(v.Find("tender"), "title_en");
                              if (!en.empty()) out.titles_en.push_back(en);
                            },
                            [&](const ted::NoticeReadProblem& p) { out.problems.push_back(p); }});
  Status s = reader.ReadBuffer(package, "synthetic.tar");
  EXPECT_TRUE(s.ok()) << s.ToString();
  out.stats = reader.stats();
  out.seen.notices = out.stats.notices;
  return out;
}

// The member names of a ustar stream, checking each header's checksum and the end blocks.
std::vector<std::string> Members(std::string_view tar) {
  std::vector<std::string> names;
  size_t at = 0;
  while (at + 512 <= tar.size() && tar[at] != '\0') {
    std::string_view h = tar.substr(at, 512);
    EXPECT_EQ(h.substr(257, 6), std::string_view("ustar\0", 6));
    unsigned sum = 0;
    for (size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
    EXPECT_EQ(std::stoul(std::string(h.substr(148, 6)), nullptr, 8), sum);
    size_t size = std::stoul(std::string(h.substr(124, 11)), nullptr, 8);
    names.emplace_back(h.substr(0, h.find('\0')));
    at += 512 + (size + 511) / 512 * 512;
  }
  EXPECT_EQ(tar.size(), at + 1024);
  EXPECT_EQ(tar.substr(at).find_first_not_of('\0'), std::string_view::npos);
  return names;
}

TEST(EformsGenTest, ReadsBackWithoutProblemsAndSaysWhatTheReleasesSay) {
  GenOptions opt = Options(400, false);
  ReadBack back = Read(Package(opt, false));
  for (const auto& p : back.problems) ADD_FAILURE() << p.file << ": " << p.code << ": " << p.message;
  Expected want = ExpectedOf(opt);
  EXPECT_GT(want.notices, 300u);
  EXPECT_EQ(back.stats.notices, want.notices);
  EXPECT_EQ(back.stats.releases, want.notices);
  EXPECT_EQ(back.stats.rejected, 0u);
  EXPECT_EQ(back.seen.ocids, want.ocids);
  EXPECT_EQ(back.seen.buyers, want.buyers);
  EXPECT_EQ(back.seen.cpvs, want.cpvs);
  EXPECT_FALSE(back.titles_en.empty());
}

TEST(EformsGenTest, QuirksNeverMakeAProblem) {
  GenOptions opt = Options(1500, true);
  ReadBack back = Read(Package(opt, true));
  for (const auto& p : back.problems) ADD_FAILURE() << p.file << ": " << p.code << ": " << p.message;
  EXPECT_EQ(back.stats.notices, ExpectedOf(opt).notices);
}

TEST(EformsGenTest, SameOptionsSameBytes) {
  GenOptions opt = Options(300, true);
  EXPECT_EQ(Package(opt, false), Package(opt, false));
  EXPECT_EQ(Package(opt, true), Package(opt, true));
  opt.seed = 4;
  EXPECT_NE(Package(opt, false), Package(Options(300, true), false));
}

TEST(EformsGenTest, GzipAndPlainHoldTheSameMembers) {
  GenOptions opt = Options(200, true);
  std::string plain = Package(opt, false);
  std::string gz = Package(opt, true);
  ASSERT_GE(gz.size(), 10u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(gz.substr(4, 4), std::string(4, '\0'));  // mtime 0
  EXPECT_EQ(Gunzip(gz), plain);
  std::vector<std::string> names = Members(plain);
  EXPECT_EQ(names.size(), ExpectedOf(opt).notices);
  for (const std::string& n : names) EXPECT_EQ(n.size(), 10u + 1 + 36 + 4) << n;
}

TEST(EformsGenTest, EveryNoticeSaysItIsSynthetic) {
  size_t notices = 0;
  Status s = RenderEformsNotices(Options(120, true), Ref(), [&](std::string_view member, std::string_view xml) {
    ++notices;
    EXPECT_NE(xml.find("<cbc:Note languageID=\"ENG\">Synthetic notice generated by Cobuy (not real data)</cbc:Note>"),
              std::string_view::npos)
        << member;
    EXPECT_NE(xml.find("<!-- Synthetic notice generated by Cobuy (not real data) -->"), std::string_view::npos);
    EXPECT_NE(xml.find("<cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>"), std::string_view::npos);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_GT(notices, 0u);
}

TEST(EformsGenTest, AProcessKeepsOneOcidAcrossItsNotices) {
  std::map<std::string, std::set<std::string>> forms_by_ocid;
  ted::NoticeReader reader({[&](ocds::ReadRelease& r) {
                              const Value* tag = r.release.Find("tag");
                              forms_by_ocid[Str(&r.release, "ocid")].insert(tag->as_array().front().as_string());
                            },
                            nullptr});
  ASSERT_TRUE(reader.ReadBuffer(Package(Options(300, false), false), "p.tar").ok());
  size_t tender_and_award = 0;
  for (const auto& [ocid, tags] : forms_by_ocid) tender_and_award += tags.count("tender") && tags.count("award");
  EXPECT_GT(tender_and_award, 10u);
}

TEST(EformsGenTest, UuidsAreRfc4122Shaped) {
  std::string id = DerivedUuid("x");
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[8], '-');
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
  EXPECT_EQ(DerivedUuid("x"), id);
  EXPECT_NE(DerivedUuid("y"), id);
  EXPECT_NE(NoticeIdOf("o", "01-tender"), NoticeIdOf("o", "02-award"));
}

TEST(EformsGenTest, AFailingSinkStopsTheWrite) {
  int calls = 0;
  Status s = WriteEformsPackage(Options(3000, false), Ref(), false, [&](std::string_view) {
    ++calls;
    return Unavailable("disk full");
  });
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace cobuy::gen
