// Fuzz target: the CSV reader and the reference data loaders (src/refdata/csv.h, loader.h).
//
// Input: a selector byte, then CSV text. Every input runs through CsvReader::FromString; when
// the selector (modulo 8) is 1..6 the text also replaces one file of a small valid reference
// folder (1 countries, 2 CPV, 3 CPV structure, 4 NUTS, 5 currencies, 6 ECB rates) and
// LoadReferenceData reads the folder (kept in /dev/shm, written once, the fuzzed file restored
// after each input).
// Checks: every record has as many fields as the header, on strictly increasing lines; errors
// are kInvalidArgument labelled "<name>:<line>: "; a text read without error, written again
// with every field quoted and CRLF line ends, reads back to the same header and records; a
// loaded ReferenceData keeps the loader's promises (known parents, levels, positive rates).
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "refdata/csv.h"
#include "refdata/loader.h"

namespace {

namespace fs = std::filesystem;
using cobuy::CsvReader;
using cobuy::CsvRow;
using cobuy::Result;
using cobuy::Status;

struct RefFile {
  const char* path;
  const char* text;
};

// A small reference folder that loads (the real files' headers, a few rows each).
const RefFile kFiles[] = {
    {"countries/countries.csv",
     "alpha2,alpha3,numeric,flag_emoji,name_en,eu_member,eea_member,efta_member,nuts_country_code,currencies,"
     "eu_label_en,eu_label_fr\n"
     "BE,BEL,056,\xF0\x9F\x87\xA7\xF0\x9F\x87\xAA,Belgium,1,1,0,BE,EUR,Belgium,Belgique\n"
     "CH,CHE,756,\xF0\x9F\x87\xA8\xF0\x9F\x87\xAD,Switzerland,0,0,1,CH,CHF,Switzerland,Suisse\n"
     "ZW,ZWE,716,\xF0\x9F\x87\xBF\xF0\x9F\x87\xBC,Zimbabwe,0,0,0,,USD|ZWG,,\n"},
    {"cpv/cpv_2008_main.csv",
     "code,label_en,label_fr\n"
     "03000000-1,\"Agricultural, farming, fishing, forestry and related products\",\"Produits agricoles\"\n"
     "03100000-2,Agricultural and horticultural products,Produits agricoles et horticoles\n"
     "03110000-5,\"Crops, products of market gardening\",\n"},
    {"cpv/cpv_2008_main_structure.csv",
     "code,code8,significant_digits,level_name,parent_code,division,contract_type_hint\n"
     "03000000-1,03000000,2,division,,03,supplies\n"
     "03100000-2,03100000,3,group,03000000-1,03,supplies\n"
     "03110000-5,03110000,4,class,03100000-2,03,supplies\n"},
    {"nuts/nuts_2024.csv",
     "code,country_code,level,parent_code,name,name_latin,classification,eu_member,extra_regio\n"
     "BE,BE,0,,Belgique/Belgi\xC3\xAB,Belgique/Belgi\xC3\xAB,NUTS,1,0\n"
     "BE1,BE,1,BE,R\xC3\xA9gion de Bruxelles-Capitale,R\xC3\xA9gion de Bruxelles-Capitale,NUTS,1,0\n"
     "BE10,BE,2,BE1,Bruxelles,Bruxelles,NUTS,1,0\n"},
    {"currencies/iso4217_currencies.csv",
     "code,numeric,minor_units,name,is_fund,entities,in_eu_authority_table\n"
     "EUR,978,2,Euro,0,BELGIUM,1\n"
     "XAU,959,N.A.,Gold,0,ZZ08_Gold,0\n"},
    {"fx/ecb_eurofxref_hist.csv",
     "Date,USD,JPY,CYP,\n"
     "2026-04-13,1.1684,186.75,N/A,\n"
     "2026-04-10,1.1711,186.43,N/A,\n"},
};

void WriteFile(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  FUZZ_CHECK(out.good(), "cannot write %s", path.c_str());
}

const fs::path& RefDir() {
  static const fs::path dir = [] {
    fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string tmpl = (base / "cobuy-refdata-fuzz-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(tmpl.data()) != nullptr, "mkdtemp");
    fs::path d = tmpl;
    for (const RefFile& f : kFiles) {
      fs::create_directories((d / f.path).parent_path());
      WriteFile(d / f.path, f.text);
    }
    // Removed at exit, when the run ends normally.
    static const fs::path to_remove = d;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(to_remove, ec);
    });
    return d;
  }();
  return dir;
}

bool LabelledError(const Status& s, const std::string& name) {
  return s.code() == cobuy::StatusCode::kInvalidArgument && s.message().starts_with(name + ":");
}

// Reads every record; false at the first error (checked to be a labelled one).
bool ReadAll(std::string text, const std::string& name, std::vector<std::string>* header,
             std::vector<std::vector<std::string>>* rows) {
  Result<CsvReader> reader = CsvReader::FromString(std::move(text), name);
  if (!reader.ok()) {
    FUZZ_CHECK(LabelledError(reader.status(), name), "unlabelled error: %s", reader.status().ToString().c_str());
    return false;
  }
  *header = reader->header();
  FUZZ_CHECK(!header->empty(), "an empty header");
  size_t last_line = reader->header_line();
  CsvRow row;
  for (;;) {
    Result<bool> more = reader->Next(row);
    if (!more.ok()) {
      FUZZ_CHECK(LabelledError(more.status(), name), "unlabelled error: %s", more.status().ToString().c_str());
      return false;
    }
    if (!*more) return true;
    FUZZ_CHECK(row.fields.size() == header->size(), "a record of %zu fields under a header of %zu", row.fields.size(),
               header->size());
    FUZZ_CHECK(row.line > last_line, "record line %zu after line %zu", row.line, last_line);
    last_line = row.line;
    rows->push_back(row.fields);
  }
}

std::string Quoted(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : fields[i]) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

void CheckCsv(std::string_view text) {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  if (!ReadAll(std::string(text), "fuzz.csv", &header, &rows)) return;
  std::string again = Quoted(header);
  for (const auto& r : rows) again += Quoted(r);
  std::vector<std::string> header2;
  std::vector<std::vector<std::string>> rows2;
  FUZZ_CHECK(ReadAll(again, "again.csv", &header2, &rows2), "the text written again does not read");
  FUZZ_CHECK(header2 == header && rows2 == rows, "the text written again reads differently");
}

void CheckLoaded(const cobuy::ReferenceData& data) {
  FUZZ_CHECK(data.checksum.size() == 64, "checksum '%s'", data.checksum.c_str());
  std::set<std::string> cpv;
  for (const auto& c : data.cpv) FUZZ_CHECK(cpv.insert(c.code).second, "duplicate CPV %s", c.code.c_str());
  for (const auto& c : data.cpv) {
    FUZZ_CHECK(c.significant_digits >= 2 && c.significant_digits <= 8, "CPV digits %d", c.significant_digits);
    FUZZ_CHECK(c.parent.empty() == (c.significant_digits == 2), "CPV %s parent '%s'", c.code.c_str(), c.parent.c_str());
    FUZZ_CHECK(c.parent.empty() || cpv.count(c.parent) == 1, "CPV %s unknown parent", c.code.c_str());
  }
  std::set<std::string> nuts;
  for (const auto& n : data.nuts) FUZZ_CHECK(nuts.insert(n.code).second, "duplicate NUTS %s", n.code.c_str());
  for (const auto& n : data.nuts) {
    FUZZ_CHECK(n.level >= 0 && n.level <= 3 && n.code.size() == static_cast<size_t>(2 + n.level), "NUTS %s level %d",
               n.code.c_str(), n.level);
    FUZZ_CHECK(n.parent.empty() ? n.level == 0 : nuts.count(n.parent) == 1, "NUTS %s parent", n.code.c_str());
  }
  for (const auto& c : data.currencies) FUZZ_CHECK(c.minor_units >= 0 && c.minor_units <= 9, "minor units");
  for (const auto& r : data.fx_rates) {
    FUZZ_CHECK(std::isfinite(r.rate) && r.rate > 0, "rate %g", r.rate);
    FUZZ_CHECK(r.currency.size() == 3 && r.date.size() == 10, "rate of '%s' on '%s'", r.currency.c_str(), r.date.c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  CheckCsv(text);
  const unsigned which = data[0] % 8;
  if (which < 1 || which > 6) return 0;
  const RefFile& file = kFiles[which - 1];
  const fs::path& dir = RefDir();
  WriteFile(dir / file.path, text);
  Result<cobuy::ReferenceData> loaded = cobuy::LoadReferenceData(dir);
  WriteFile(dir / file.path, file.text);
  if (loaded.ok()) {
    CheckLoaded(*loaded);
  } else {
    const Status& s = loaded.status();
    // Errors name a file of the folder (the CPV files are checked against each other).
    bool named = false;
    for (const RefFile& f : kFiles) named = named || s.message().starts_with(f.path);
    FUZZ_CHECK(s.code() == cobuy::StatusCode::kInvalidArgument && named, "an unlabelled failure: %s",
               s.ToString().c_str());
  }
  return 0;
}
