#include "ocds/reader.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace cobuy::ocds {
namespace {

namespace fs = std::filesystem;

struct Collected {
  std::vector<std::string> releases;  // "offset ocid/id"
  std::vector<std::string> packages;
  std::vector<std::string> problems;  // "W|E offset message"
};

ReaderCallbacks Collect(Collected* c) {
  ReaderCallbacks cb;
  cb.on_release = [c](ReadRelease& r) {
    const Value* id = r.release.Find("id");
    c->releases.push_back(std::to_string(r.offset) + " " + (id ? id->ToJson() : r.release.ToJson()));
  };
  cb.on_package = [c](const Value& p, std::uint64_t offset) {
    c->packages.push_back(std::to_string(offset) + " " + p.ToJson());
  };
  cb.on_problem = [c](const Problem& p) {
    c->problems.push_back(std::string(p.severity == Problem::Severity::kError ? "E " : "W ") +
                          std::to_string(p.offset) + " " + p.message);
  };
  return cb;
}

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cobuy_reader_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  Collected Read(const std::string& path) {
    Collected c;
    ReleaseReader reader(Collect(&c));
    Status s = reader.ReadFile(path);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return c;
  }

  fs::path dir_;
};

TEST_F(ReaderTest, ReleasePackageStreamsItsReleasesAndKeepsTheMetadata) {
  Collected c = Read(Write(
      "p.json", R"({"uri":"u","releases":[{"id":"a","ocid":"o"}, {"id":"b","ocid":"o"}],"publishedDate":"2020"})"));
  EXPECT_EQ(c.releases, (std::vector<std::string>{"23 \"a\"", "46 \"b\""}));
  EXPECT_EQ(c.packages, (std::vector<std::string>{R"(0 {"uri":"u","releases":[],"publishedDate":"2020"})"}));
  EXPECT_TRUE(c.problems.empty());
}

TEST_F(ReaderTest, RecordPackageSkipsLinkedReleasesWithAWarning) {
  Collected c =
      Read(Write("r.json", R"({"records":[{"ocid":"o1","releases":[{"id":"a","ocid":"o1","date":"2020"},)"
                           R"({"url":"http://x/1.json#a"}]},{"ocid":"o2","releases":[{"url":"http://x"}]}]})"));
  EXPECT_EQ(c.releases, (std::vector<std::string>{"12 \"a\""}));
  EXPECT_EQ(c.problems, (std::vector<std::string>{"W 12 record 'o1': 1 linked release (a reference by url) skipped",
                                                  "W 104 record 'o2': 1 linked release (a reference by url) skipped"}));
  EXPECT_EQ(c.packages, (std::vector<std::string>{R"(0 {"records":[]})"}));
}

TEST_F(ReaderTest, ArrayOfReleases) {
  Collected c = Read(Write("a.json", "[ {\"id\":1}, {\"id\":[2]} ,3]"));
  EXPECT_EQ(c.releases, (std::vector<std::string>{"2 1", "12 [2]"}));
  EXPECT_EQ(c.problems, (std::vector<std::string>{"E 24 a release must be a JSON object"}));
}

TEST_F(ReaderTest, SingleRelease) {
  Collected c = Read(Write("s.json", "\n  {\"id\":\"x\",\"tender\":{\"value\":{\"amount\":1.50}}}\n"));
  EXPECT_EQ(c.releases, (std::vector<std::string>{"3 \"x\""}));
  EXPECT_TRUE(c.packages.empty());
}

TEST_F(ReaderTest, NumbersKeepTheirRawText) {
  Collected c;
  ReaderCallbacks cb = Collect(&c);
  std::string json;
  cb.on_release = [&](ReadRelease& r) { json = r.release.ToJson(); };
  ReleaseReader reader(cb);
  ASSERT_TRUE(reader.ReadBuffer(R"({"a":1.50,"b":1e400,"c":-0,"d":"\u00e9\n","e":[true,false,null]})", "mem").ok());
  EXPECT_EQ(json, "{\"a\":1.50,\"b\":1e400,\"c\":-0,\"d\":\"\xC3\xA9\\n\",\"e\":[true,false,null]}");
}

TEST_F(ReaderTest, JsonLinesWithOneMalformedLine) {
  std::string text =
      "{\"id\":1}\n"         // 0
      "{\"id\":2, oops}\n"   // 9
      "{\"id\":3}\n"         // 24
      "{\"id\":\"4\n"        // 33: unterminated string
      "{\"id\":5}\n"         // 42
      "{\"id\":6,\"x\":{\n"  // 51: never closed
      "{\"id\":7}\n";        // 65
  Collected c = Read(Write("l.jsonl", text));
  EXPECT_EQ(c.releases, (std::vector<std::string>{"0 1", "24 3", "42 5", "65 7"}));
  ASSERT_EQ(c.problems.size(), 3u);
  EXPECT_EQ(c.problems[0].substr(0, 5), "E 9 m");
  EXPECT_EQ(c.problems[1], "E 33 malformed JSON document (line break inside a string)");
  EXPECT_EQ(c.problems[2], "E 51 malformed JSON document (a new document starts before it ends)");
}

TEST_F(ReaderTest, ConcatenatedDocumentsMayBePackages) {
  Collected c = Read(Write("c.json", "{\"id\":1}{\"releases\":[{\"id\":2}]} [{\"id\":3}]\n{\n  \"id\": 4\n}\n"));
  EXPECT_EQ(c.releases, (std::vector<std::string>{"0 1", "21 2", "33 3", "43 4"}));
  EXPECT_EQ(c.packages, (std::vector<std::string>{R"(8 {"releases":[]})"}));
  EXPECT_TRUE(c.problems.empty());
}

TEST_F(ReaderTest, RecordsOnTheirOwnLines) {
  Collected c = Read(Write("r.jsonl",
                           "{\"ocid\":\"o\",\"releases\":[{\"id\":\"a\",\"ocid\":\"o\",\"date\":\"1\"}],"
                           "\"compiledRelease\":{}}\n{\"ocid\":\"p\",\"releases\":[{\"url\":\"x\"}]}\n"));
  EXPECT_EQ(c.releases, (std::vector<std::string>{"24 \"a\""}));
  EXPECT_EQ(c.problems, (std::vector<std::string>{"W 104 a linked release (a reference by url) skipped"}));
  EXPECT_TRUE(c.packages.empty());
}

TEST_F(ReaderTest, TruncatedPackageKeepsTheReleasesBeforeTheBreak) {
  Collected c = Read(Write("t.json", R"({"releases":[{"id":1},{"id":2},{"id":)"));
  EXPECT_EQ(c.releases, (std::vector<std::string>{"13 1", "22 2"}));
  EXPECT_EQ(c.problems,
            (std::vector<std::string>{"E 31 unexpected end of input (the JSON is truncated or malformed)"}));
}

TEST_F(ReaderTest, GzipIsDetectedByItsMagicBytes) {
  std::string path = (dir_ / "g.json.data").string();
  gzFile gz = gzopen(path.c_str(), "wb");
  std::string text = "{\"id\":1}\n{\"id\":2}\n";
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  Collected c;
  ReleaseReader reader(Collect(&c));
  ASSERT_TRUE(reader.ReadFile(path).ok());
  EXPECT_TRUE(reader.stats().gzip);
  EXPECT_EQ(reader.stats().bytes, text.size());
  EXPECT_EQ(c.releases, (std::vector<std::string>{"0 1", "9 2"}));
}

TEST_F(ReaderTest, LargeInputCrossesChunkBoundaries) {
  std::string text = "{\"releases\":[";
  for (int i = 0; i < 30000; ++i) {
    if (i) text += ",";
    text += "{\"id\":" + std::to_string(i) + ",\"pad\":\"" + std::string(100, 'x') + "\"}";
  }
  text += "],\"uri\":\"end\"}";
  Collected c = Read(Write("big.json", text));
  ASSERT_EQ(c.releases.size(), 30000u);
  EXPECT_EQ(c.releases.back().substr(c.releases.back().find(' ')), " 29999");
  EXPECT_EQ(c.packages, (std::vector<std::string>{R"(0 {"releases":[],"uri":"end"})"}));
  EXPECT_TRUE(c.problems.empty());
}

TEST(FindStringStopTest, FindsTheFirstQuoteBackslashOrLineBreak) {
  // 16 bytes of padding full of stops: they must never be matched.
  auto stop = [](const std::string& text, size_t from) {
    std::string buf = text + std::string(16, '"');
    return FindStringStop(buf.data(), from, text.size());
  };
  EXPECT_EQ(stop("abc\"def", 0), 3u);
  EXPECT_EQ(stop("abc\\def", 0), 3u);
  EXPECT_EQ(stop("abc\ndef", 0), 3u);
  EXPECT_EQ(stop("\"", 0), 0u);
  EXPECT_EQ(stop("abcdef", 0), 6u);
  EXPECT_EQ(stop("", 0), 0u);
  EXPECT_EQ(stop("a\"b\"c", 2), 3u);
  EXPECT_EQ(stop("a\"b\"c", 4), 5u);
  EXPECT_EQ(stop("a\"bcd", 4), 5u);
  // Around the 16-byte steps, UTF-8 and bytes above 0x7F included.
  for (size_t at : {14u, 15u, 16u, 17u, 31u, 32u, 33u, 40u}) {
    std::string text(at, 'x');
    text[0] = '\xC3';
    text[1] = '\xA9';
    text += '\\';
    text += "tail";
    EXPECT_EQ(stop(text, 0), at) << at;
    EXPECT_EQ(stop(text, 2), at) << at;
    EXPECT_EQ(stop(text.substr(0, at), 0), at) << at;
  }
}

// One JSON Lines line with brackets inside strings and nested values, shifted by a padding
// field of i % 67 bytes so that every part of it falls on every position of the scanner's
// 64-byte blocks; one line in three also has escapes (quotes, backslashes, \/, \u).
std::string TrickyLine(int i) {
  std::string line = "{\"id\":" + std::to_string(i) + ",\"pad\":\"" + std::string(static_cast<size_t>(i % 67), 'p') +
                     "\",\"x\":{\"s\":\"a{b]c}\",\"t\":[\"}\",{\"u\":\"[[\"},\"]\"],\"n\":[[1,2],[],{}]}";
  if (i % 3 == 0) line += ",\"e\":[\"q\\\"]\\\\\",{\"k\\\"}\":\"\\u00e9\\/\\\\\"}]";
  line += ",\"y\":\"z\"}";
  return line;
}

TEST_F(ReaderTest, BracketsAndEscapesInStringsAtEveryBlockPositionAndAcrossChunks) {
  // Over 1 MiB, so that lines also straddle the reader's chunk boundary.
  std::string text;
  std::vector<std::string> expected;
  for (int i = 0; i < 9000; ++i) {
    std::string line = TrickyLine(i);
    Result<Value> v = Value::Parse(line);
    ASSERT_TRUE(v.ok()) << line;
    expected.push_back(std::to_string(text.size()) + " " + v->ToJson());
    text += line;
    text += i % 2 ? "\n" : "\r\n";
  }
  ASSERT_GT(text.size(), size_t{1} << 20);
  Collected c;
  ReaderCallbacks cb = Collect(&c);
  std::vector<std::string> got;
  cb.on_release = [&](ReadRelease& r) { got.push_back(std::to_string(r.offset) + " " + r.release.ToJson()); };
  ReleaseReader reader(cb);
  ASSERT_TRUE(reader.ReadBuffer(text, "mem").ok());
  EXPECT_TRUE(c.problems.empty()) << c.problems.front();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], expected[i]) << i;
  // The exact text of one line with escapes.
  EXPECT_EQ(got[0].substr(0, 2), "0 ");
  Result<Value> three = Value::Parse(TrickyLine(3));
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(three->Find("e")->ToJson(), "[\"q\\\"]\\\\\",{\"k\\\"}\":\"\xC3\xA9/\\\\\"}]");
}

TEST_F(ReaderTest, PackageItemsWithBracketsAndEscapesInStrings) {
  std::string text = "{\"releases\":[";
  std::vector<std::string> expected;
  for (int i = 0; i < 200; ++i) {
    if (i) text += ",\n  ";
    std::string item = TrickyLine(i);
    Result<Value> v = Value::Parse(item);
    ASSERT_TRUE(v.ok());
    expected.push_back(std::to_string(text.size()) + " " + v->ToJson());
    text += item;
  }
  text += "],\"uri\":\"]}\"}";
  Collected c;
  ReaderCallbacks cb = Collect(&c);
  std::vector<std::string> got;
  cb.on_release = [&](ReadRelease& r) { got.push_back(std::to_string(r.offset) + " " + r.release.ToJson()); };
  ReleaseReader reader(cb);
  ASSERT_TRUE(reader.ReadBuffer(text, "mem").ok());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(c.packages, (std::vector<std::string>{R"(0 {"releases":[],"uri":"]}"})"}));
  EXPECT_TRUE(c.problems.empty());
}

TEST_F(ReaderTest, LineBreaksInNestedStringsOfJsonLines) {
  std::string pad(70, 'p');  // pushes the breaks past the first 64-byte block
  std::string text =
      "{\"id\":0}\n"                                     // 0
      "{\"id\":1,\"a\":{\"b\":[\"" + pad + "\nx\"]}}\n"  // 9: a raw line break in a nested string
      "{\"id\":2}\n"                                     // 105
      "{\"id\":3,\"a\":{\"b\":\"x\\\ny\"}}\n"                // 114: an escaped line break, no resync
      "{\"id\":4,\"a\":[{\"b\":\"" + pad + "\"},\n"         // 140: never closed
      "{\"id\":5}\n";                                    // 233
  Collected c;
  ReleaseReader reader(Collect(&c));
  ASSERT_TRUE(reader.ReadBuffer(text, "mem").ok());
  EXPECT_EQ(c.releases, (std::vector<std::string>{"0 0", "105 2", "233 5"}));
  ASSERT_EQ(c.problems.size(), 4u);
  EXPECT_EQ(c.problems[0], "E 9 malformed JSON document (line break inside a string)");
  EXPECT_EQ(c.problems[1], "E 99 expected a JSON object or array");
  EXPECT_EQ(c.problems[2].substr(0, 22), "E 114 malformed JSON: ");
  EXPECT_EQ(c.problems[3], "E 140 malformed JSON document (a new document starts before it ends)");
}

TEST_F(ReaderTest, MissingFileIsNotFound) {
  Collected c;
  ReleaseReader reader(Collect(&c));
  Status s = reader.ReadFile((dir_ / "nope.json").string());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "cannot open " + (dir_ / "nope.json").string() + ": No such file or directory");
}

// set_chunk_bytes puts chunk boundaries inside small inputs (what fuzz/ocds_reader_fuzz.cc
// does); every chunk size reads the same, plain and gzip (whose compressed reads shrink too).
TEST_F(ReaderTest, EveryChunkSizeReadsTheSame) {
  const std::string text =
      "{\"uri\":\"u\",\"releases\":[{\"ocid\":\"a\",\"id\":\"1\",\"date\":\"d\",\"t\":\"x\\\"]}[\"},"
      "{\"ocid\":\"a\",\"id\":\"2\"},3]}\n{\"id\":\"4\"}\n{\"id\":\n{\"records\":[{\"ocid\":\"b\",\"releases\":"
      "[{\"url\":\"l\"},{\"ocid\":\"b\",\"id\":\"5\"}]}]}";
  const std::string gz_path = (dir_ / "c.json.gz").string();
  gzFile gz = gzopen(gz_path.c_str(), "wb");
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  Collected whole;
  ReleaseReader reference(Collect(&whole));
  ASSERT_TRUE(reference.ReadBuffer(text, "t").ok());
  EXPECT_EQ(whole.releases.size(), 4u);
  EXPECT_EQ(whole.problems.size(), 3u);
  for (size_t chunk : {1, 2, 3, 7, 16, 63, 64, 65, 200}) {
    Collected plain, zipped;
    ReleaseReader a(Collect(&plain));
    a.set_chunk_bytes(chunk);
    ASSERT_TRUE(a.ReadBuffer(text, "t").ok());
    ReleaseReader b(Collect(&zipped));
    b.set_chunk_bytes(chunk);
    ASSERT_TRUE(b.ReadFile(gz_path).ok());
    EXPECT_EQ(plain.releases, whole.releases) << chunk;
    EXPECT_EQ(plain.packages, whole.packages) << chunk;
    EXPECT_EQ(plain.problems, whole.problems) << chunk;
    EXPECT_EQ(zipped.releases, whole.releases) << chunk;
    EXPECT_EQ(zipped.problems, whole.problems) << chunk;
    EXPECT_EQ(b.stats().bytes, text.size()) << chunk;
  }
}

}  // namespace
}  // namespace cobuy::ocds
