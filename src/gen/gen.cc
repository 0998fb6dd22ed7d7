// The synthetic OCDS generator. See gen.h and README.md.
//
// Layout: PRNG and deterministic math; dates; phrase tables (languages, countries, CPV
// entries); the universe of buyers and suppliers (built once from the seed); one contracting
// process (its facts) and the JSON of each of its releases; the bounded reordering window.
#include "gen/gen.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "gen/chunk_writer.h"
#include "ocds/value.h"

namespace cobuy::gen {
namespace {

// ---------------------------------------------------------------------------------------
// PRNG: splitmix64 to seed, xoshiro256** to draw. Only integer arithmetic; the doubles made
// from it use IEEE basic operations only (deterministic everywhere, no FMA contraction in
// ISO C++ mode).

std::uint64_t SplitMix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t s = a * 0xD1B54A32D192ED03ULL + b;
  SplitMix(s);
  return SplitMix(s);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& x : s_) x = SplitMix(seed);
  }
  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant here).
  std::uint64_t Below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  std::int64_t Range(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return p > 0 && Unit() < p; }
  // Approximately standard normal (Irwin-Hall of 4 uniforms, rescaled).
  double Normal() {
    double s = Unit() + Unit() + Unit() + Unit();
    return (s - 2.0) * 1.7320508075688772;
  }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Below(N)];
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// exp and log from + - * / and exact scaling only, so results do not depend on the libm.
double Exp(double x) {
  if (x > 700) x = 700;
  if (x < -700) x = -700;
  constexpr double kLn2 = 0.6931471805599453;
  double n = std::floor(x / kLn2 + 0.5);
  double r = x - n * kLn2;
  double term = 1, sum = 1;
  for (int i = 1; i <= 16; ++i) {
    term = term * r / i;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));
}

double Log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // x = m * 2^e, m in [0.5, 1)
  if (m < 0.7071067811865476) {
    m *= 2;
    --e;
  }
  double s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;
  for (int k = 1; k <= 31; k += 2) {
    sum += term / k;
    term *= s2;
  }
  return 2 * sum + e * 0.6931471805599453;
}

double LogNormal(Rng& rng, double sigma) { return Exp(sigma * rng.Normal()); }
double LogUniform(Rng& rng, double lo, double hi) { return lo * Exp(rng.Unit() * Log(hi / lo)); }

// A weighted choice over integer weights (cumulative sums, binary search).
class Weighted {
 public:
  void Add(std::uint64_t w) { cum_.push_back((cum_.empty() ? 0 : cum_.back()) + w); }
  bool empty() const { return cum_.empty() || cum_.back() == 0; }
  size_t Pick(Rng& rng) const {
    std::uint64_t x = rng.Below(cum_.back());
    return static_cast<size_t>(std::upper_bound(cum_.begin(), cum_.end(), x) - cum_.begin());
  }

 private:
  std::vector<std::uint64_t> cum_;
};

// ---------------------------------------------------------------------------------------
// Dates: days since 1970-01-01 (proleptic Gregorian), seconds for times.

std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

unsigned DaysInMonth(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::int64_t AddMonths(std::int64_t days, int months) {
  std::int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  std::int64_t mm = static_cast<std::int64_t>(m) - 1 + months;
  y += mm >= 0 ? mm / 12 : (mm - 11) / 12;
  mm = ((mm % 12) + 12) % 12;
  unsigned nm = static_cast<unsigned>(mm) + 1;
  return DaysFromCivil(y, nm, std::min(d, DaysInMonth(y, nm)));
}

void Append2(std::string* out, unsigned v) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

// "2024-03-05T10:07:00Z" (quoted) from seconds since the epoch.
void AppendDateTime(std::string* out, std::int64_t secs) {
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  std::int64_t rem = secs - days * 86400;
  std::int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  out->push_back('"');
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, y);
  out->append(buf, r.ptr);
  out->push_back('-');
  Append2(out, m);
  out->push_back('-');
  Append2(out, d);
  out->push_back('T');
  Append2(out, static_cast<unsigned>(rem / 3600));
  out->push_back(':');
  Append2(out, static_cast<unsigned>(rem / 60 % 60));
  out->push_back(':');
  Append2(out, static_cast<unsigned>(rem % 60));
  out->append("Z\"");
}

void AppendDay(std::string* out, std::int64_t days) { AppendDateTime(out, days * 86400); }

// ---------------------------------------------------------------------------------------
// JSON helpers.

void Str(std::string* out, std::string_view s) { ocds::AppendJsonString(s, out); }

void Int(std::string* out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// An amount in minor units as a JSON number: 123456 with 2 minor units -> 1234.56.
void Amount(std::string* out, std::int64_t minor, int minor_units) {
  if (minor_units <= 0) return Int(out, minor);
  std::int64_t scale = 1;
  for (int i = 0; i < minor_units; ++i) scale *= 10;
  if (minor < 0) {
    out->push_back('-');
    minor = -minor;
  }
  Int(out, minor / scale);
  out->push_back('.');
  std::int64_t frac = minor % scale;
  char buf[8];
  for (int i = minor_units - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out->append(buf, static_cast<size_t>(minor_units));
}

std::string Fill(std::string_view tmpl, std::string_view arg) {
  std::string out(tmpl);
  if (size_t at = out.find("{}"); at != std::string::npos) out.replace(at, 2, arg);
  return out;
}

// ---------------------------------------------------------------------------------------
// Phrase tables.

enum BuyerType { kMunicipality, kRegion, kCpb, kHospital, kUniversity, kAgency, kBuyerTypes };
constexpr const char* kTypeNames[kBuyerTypes] = {"municipality", "region",     "central_purchasing_body",
                                                  "hospital",     "university", "agency"};
// eForms buyer legal type (BT-11) per buyer type.
constexpr const char* kLegalType[kBuyerTypes][2] = {{"la", "Local authority"},
                                                     {"ra", "Regional authority"},
                                                     {"body-pl-ra", "Body governed by public law, controlled by a regional authority"},
                                                     {"body-pl-ra", "Body governed by public law, controlled by a regional authority"},
                                                     {"body-pl", "Body governed by public law"},
                                                     {"cga", "Central government authority"}};
// Share of buyers per type, percent.
constexpr int kTypeShare[kBuyerTypes] = {45, 12, 6, 15, 10, 12};
// Typical annual budget (EUR millions) per type: low and high of a log-uniform draw.
constexpr double kTypeBudget[kBuyerTypes][2] = {{40, 2500}, {150, 4000}, {300, 6000},
                                                {60, 900},  {80, 1200},  {30, 600}};

struct Lang {
  const char* code;
  const char* types[kBuyerTypes];  // buyer name templates, {} = invented place name
  const char* stems[8];
  const char* suffixes[8];
  const char* goods;
  const char* works;
  const char* services;
  const char* framework;
  const char* lot;
  const char* cpb_categories;  // {} = "Region name (NUTS code)"
  const char* own_categories;  // {} = buyer name
  const char* synthetic;       // appended to descriptions
};

const Lang kLangs[] = {
    {"de",
     {"Stadt {}", "Landkreis {}", "Zentrale Beschaffungsstelle {}", "Klinikum {}", "Universität {}",
      "Landesamt für Infrastruktur {}"},
     {"Muster", "Beispiel", "Probe", "Linden", "Falken", "Birken", "Tannen", "Wiesen"},
     {"hausen", "dorf", "feld", "burg", "heim", "stadt", "bach", "au"},
     "Lieferung: {}", "Bauleistung: {}", "Dienstleistung: {}", "Rahmenvereinbarung – {}", "Los {}",
     "Alle Gemeinden in der NUTS-Region {} und ihre Einrichtungen", "{} und ihre Eigenbetriebe",
     "(synthetische Daten)"},
    {"fr",
     {"Ville de {}", "Département de {}", "Centrale d'achat de {}", "Centre hospitalier de {}", "Université de {}",
      "Agence régionale de {}"},
     {"Exemple", "Modèle", "Fictif", "Clair", "Beau", "Mont", "Val", "Roche"},
     {"ville", "court", "bourg", "mont", "fontaine", "-en-Fiction", "-les-Bains", "-la-Forêt"},
     "Fourniture : {}", "Travaux : {}", "Services : {}", "Accord-cadre – {}", "Lot {}",
     "Toutes les communes de la région NUTS {} et leurs établissements", "{} et ses établissements",
     "(données synthétiques)"},
    {"nl",
     {"Gemeente {}", "Provincie {}", "Inkoopcentrale {}", "Ziekenhuis {}", "Universiteit {}",
      "Uitvoeringsdienst {}"},
     {"Voorbeeld", "Proef", "Model", "Linde", "Eiken", "Zand", "Heide", "Water"},
     {"dam", "dorp", "veen", "hoven", "wijk", "broek", "stad", "meer"},
     "Levering: {}", "Werken: {}", "Diensten: {}", "Raamovereenkomst – {}", "Perceel {}",
     "Alle gemeenten in NUTS-regio {} en hun uitvoeringsorganisaties", "{} en haar verbonden partijen",
     "(synthetische gegevens)"},
    {"it",
     {"Comune di {}", "Provincia di {}", "Centrale di committenza {}", "Azienda ospedaliera di {}",
      "Università di {}", "Agenzia regionale di {}"},
     {"Esempiano", "Modellina", "Fintoria", "Provadella", "Campofinto", "Vallefinta", "Montefinto", "Borgofinto"},
     {"", " Alta", " Bassa", " Marina", " Terme", " Nuova", " Vecchia", " al Lago"},
     "Fornitura: {}", "Lavori: {}", "Servizi: {}", "Accordo quadro – {}", "Lotto {}",
     "Tutti i comuni della regione NUTS {} e i loro enti", "{} e i suoi enti strumentali", "(dati sintetici)"},
    {"es",
     {"Ayuntamiento de {}", "Diputación de {}", "Central de contratación de {}", "Hospital de {}",
      "Universidad de {}", "Agencia regional de {}"},
     {"Ejemplo", "Modelo", "Ficticia", "Prueba", "Villafinta", "Campofinto", "Valdefinto", "Torrefinta"},
     {"", " de Arriba", " de Abajo", " del Río", " de la Sierra", " del Mar", " la Nueva", " la Vieja"},
     "Suministro: {}", "Obras: {}", "Servicios: {}", "Acuerdo marco – {}", "Lote {}",
     "Todos los municipios de la región NUTS {} y sus organismos", "{} y sus organismos autónomos",
     "(datos sintéticos)"},
    {"sv",
     {"{} kommun", "Region {}", "Inköpscentral {}", "{} sjukhus", "{} universitet", "{} förvaltning"},
     {"Exempel", "Prov", "Mönster", "Björk", "Gran", "Lind", "Sjö", "Ek"},
     {"sala", "köping", "berga", "torp", "vik", "holm", "hamn", "ås"},
     "Leverans: {}", "Byggentreprenad: {}", "Tjänster: {}", "Ramavtal – {}", "Delområde {}",
     "Alla kommuner i NUTS-regionen {} och deras bolag", "{} och dess förvaltningar", "(syntetiska data)"},
    {"da",
     {"{} Kommune", "Region {}", "Indkøbscentral {}", "{} Hospital", "{} Universitet", "{} Styrelse"},
     {"Eksempel", "Prøve", "Mønster", "Birke", "Grane", "Linde", "Sø", "Eg"},
     {"by", "købing", "sted", "rup", "lev", "holm", "havn", "bjerg"},
     "Levering: {}", "Bygge- og anlægsarbejde: {}", "Tjenesteydelser: {}", "Rammeaftale – {}", "Delaftale {}",
     "Alle kommuner i NUTS-regionen {} og deres institutioner", "{} og dens institutioner", "(syntetiske data)"},
    {"fi",
     {"{} kaupunki", "{} maakunta", "Hankintayksikkö {}", "{} keskussairaala", "{} yliopisto", "{} virasto"},
     {"Esimerkki", "Malli", "Koe", "Koivu", "Kuusi", "Lehmus", "Järvi", "Tammi"},
     {"la", "järvi", "koski", "lahti", "salo", "niemi", "mäki", "vaara"},
     "Hankinta: {}", "Urakka: {}", "Palvelut: {}", "Puitejärjestely – {}", "Osa {}",
     "Kaikki NUTS-alueen {} kunnat ja niiden yksiköt", "{} ja sen yksiköt", "(synteettistä dataa)"},
    {"pl",
     {"Gmina {}", "Powiat {}", "Centrum Zakupów {}", "Szpital {}", "Uniwersytet {}", "Agencja {}"},
     {"Przykładowo", "Wzorowo", "Próbno", "Lipowo", "Dębowo", "Brzozowo", "Sosnowo", "Jeziorowo"},
     {"", " Wielkie", " Małe", " Górne", " Dolne", " Nowe", " Stare", " Leśne"},
     "Dostawa: {}", "Roboty budowlane: {}", "Usługi: {}", "Umowa ramowa – {}", "Część {}",
     "Wszystkie gminy regionu NUTS {} i ich jednostki", "{} i jej jednostki", "(dane syntetyczne)"},
    {"cs",
     {"Město {}", "Kraj {}", "Centrální zadavatel {}", "Nemocnice {}", "Univerzita {}", "Úřad {}"},
     {"Vzorov", "Příkladov", "Lipov", "Dubov", "Březov", "Borov", "Skalov", "Lhotov"},
     {"", "ice", "any", " nad Vzorem", " u Příkladu", "ec", "á Ves", "ov"},
     "Dodávky: {}", "Stavební práce: {}", "Služby: {}", "Rámcová dohoda – {}", "Část {}",
     "Všechny obce regionu NUTS {} a jejich organizace", "{} a její organizace", "(syntetická data)"},
    {"pt",
     {"Câmara Municipal de {}", "Comunidade Intermunicipal de {}", "Central de Compras de {}", "Hospital de {}",
      "Universidade de {}", "Agência de {}"},
     {"Exemplo", "Modelo", "Fictícia", "Prova", "Vila Fictícia", "Campo Fictício", "Vale Fictício", "Monte Fictício"},
     {"", " de Cima", " de Baixo", " do Rio", " da Serra", " do Mar", " Nova", " Velha"},
     "Fornecimento: {}", "Empreitada: {}", "Serviços: {}", "Acordo-quadro – {}", "Lote {}",
     "Todos os municípios da região NUTS {} e as suas entidades", "{} e as suas entidades", "(dados sintéticos)"},
    {"en",
     {"{} City Council", "{} County Council", "{} Purchasing Consortium", "{} General Hospital", "University of {}",
      "{} Public Works Agency"},
     {"Sample", "Example", "Mock", "Model", "Oak", "Ash", "Elm", "Brook"},
     {"ton", "field", "ford", "bury", "ham", "wick", "by", "stead"},
     "Supply of {}", "Works: {}", "Services: {}", "Framework agreement – {}", "Lot {}",
     "All municipalities in NUTS region {} and their agencies", "{} and its agencies", "(synthetic data)"},
};

int LangIndex(std::string_view code) {
  for (size_t i = 0; i < std::size(kLangs); ++i) {
    if (code == kLangs[i].code) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kLangs)) - 1;  // en
}

struct CountryInfo {
  const char* code;
  int weight;     // share of buyers and suppliers
  int price_pct;  // price level, percent of the EU average
  const char* lang;
  const char* lang2;  // a second language for some buyers, or ""
  const char* scheme;
  const char* legal_form;
};

const CountryInfo kCountries[] = {
    {"DE", 2000, 100, "de", "", "DE-HRB", "GmbH"},       {"FR", 1600, 100, "fr", "", "FR-SIREN", "SAS"},
    {"IT", 1200, 95, "it", "", "XI-EORI", "S.r.l."},     {"ES", 900, 90, "es", "", "XI-EORI", "S.L."},
    {"PL", 600, 70, "pl", "", "PL-KRS", "sp. z o.o."},   {"NL", 600, 105, "nl", "", "NL-KVK", "B.V."},
    {"SE", 400, 110, "sv", "", "SE-ON", "AB"},            {"BE", 400, 100, "nl", "fr", "BE-BCE_KBO", "NV"},
    {"AT", 300, 102, "de", "", "XI-EORI", "GmbH"},       {"DK", 250, 115, "da", "", "DK-CVR", "A/S"},
    {"FI", 250, 108, "fi", "", "FI-PRO", "Oy"},           {"CZ", 250, 75, "cs", "", "CZ-ICO", "s.r.o."},
    {"PT", 200, 85, "pt", "", "XI-EORI", "Lda."},        {"RO", 250, 65, "en", "", "XI-EORI", "S.R.L."},
    {"HU", 180, 68, "en", "", "XI-EORI", "Kft."},        {"IE", 150, 105, "en", "", "IE-CRO", "Ltd"},
    {"NO", 250, 120, "en", "", "NO-BRC", "AS"},           {"GR", 180, 85, "en", "", "XI-EORI", "A.E."},
    {"SK", 100, 75, "en", "", "XI-EORI", "s.r.o."},      {"BG", 100, 60, "en", "", "XI-EORI", "EOOD"},
    {"HR", 80, 75, "en", "", "XI-EORI", "d.o.o."},       {"SI", 60, 85, "en", "", "XI-EORI", "d.o.o."},
    {"LT", 60, 72, "en", "", "XI-EORI", "UAB"},          {"LV", 40, 72, "en", "", "XI-EORI", "SIA"},
    {"EE", 40, 80, "en", "", "XI-EORI", "OÜ"},           {"LU", 40, 110, "fr", "", "XI-EORI", "S.à r.l."},
    {"CY", 20, 90, "en", "", "XI-EORI", "Ltd"},          {"MT", 20, 90, "en", "", "XI-EORI", "Ltd"},
    {"IS", 20, 125, "en", "", "XI-EORI", "ehf."},        {"LI", 5, 125, "de", "", "XI-EORI", "AG"},
    {"CH", 200, 125, "de", "fr", "XI-EORI", "AG"},
};

// A curated CPV code: unit (UN/CEFACT), base unit price in EUR, quantity range, price spread.
struct CpvEntry {
  const char* code8;
  const char* unit;
  double base_eur;
  double qlo, qhi;
  double sigma;
};

struct DivisionSpec {
  const char* div;
  int weight;
  int type_pct[kBuyerTypes];  // multiplier per buyer type, percent
  std::vector<CpvEntry> entries;
};

const std::vector<DivisionSpec>& Divisions() {
  static const std::vector<DivisionSpec> kDivisions = {
      {"45", 140, {150, 150, 40, 60, 80, 80},
       {{"45210000", "LS", 2.5e6, 1, 1, 0.8},     {"45233140", "MTK", 85, 2000, 60000, 0.3},
        {"45233141", "MTK", 22, 5000, 100000, 0.3}, {"45214200", "LS", 4e6, 1, 1, 0.7},
        {"45215140", "LS", 12e6, 1, 1, 0.7},        {"45261000", "MTK", 120, 300, 5000, 0.3},
        {"45310000", "HUR", 68, 500, 8000, 0.2},    {"45331000", "LS", 450000, 1, 1, 0.6},
        {"45453000", "MTK", 650, 500, 8000, 0.35},  {"45232410", "MTR", 1200, 100, 3000, 0.35},
        {"45112500", "MTQ", 18, 1000, 50000, 0.3}}},
      {"33", 100, {20, 40, 120, 900, 60, 30},
       {{"33141110", "C62", 1.8, 5000, 200000, 0.3}, {"33141310", "C62", 0.09, 50000, 2e6, 0.3},
        {"33140000", "C62", 3.5, 2000, 100000, 0.35}, {"33600000", "C62", 14, 1000, 50000, 0.5},
        {"33111000", "C62", 180000, 1, 4, 0.3},      {"33115000", "C62", 950000, 1, 2, 0.25},
        {"33183100", "C62", 1400, 20, 600, 0.3},     {"33124000", "C62", 25, 1000, 30000, 0.35},
        {"33199000", "C62", 6, 2000, 50000, 0.3},    {"33157000", "C62", 4200, 5, 120, 0.3},
        {"33692500", "LTR", 6, 2000, 60000, 0.3}}},
      {"30", 60, {80, 80, 200, 90, 200, 150},
       {{"30213100", "C62", 950, 20, 3000, 0.2},  {"30213300", "C62", 780, 20, 2000, 0.2},
        {"30231000", "C62", 210, 20, 3000, 0.2},  {"30232110", "C62", 420, 5, 200, 0.25},
        {"30125100", "C62", 75, 100, 5000, 0.3},  {"30192000", "C62", 2.5, 1000, 50000, 0.4},
        {"30197630", "C62", 4.2, 1000, 80000, 0.2}, {"30237200", "C62", 35, 100, 5000, 0.35}}},
      {"72", 70, {80, 100, 200, 80, 200, 200},
       {{"72212000", "HUR", 95, 500, 20000, 0.25}, {"72260000", "HUR", 105, 500, 15000, 0.25},
        {"72250000", "MON", 18000, 12, 60, 0.4},   {"72310000", "MON", 9500, 12, 60, 0.4},
        {"72222300", "HUR", 90, 500, 10000, 0.25}, {"72611000", "HUR", 70, 500, 10000, 0.25},
        {"72400000", "MON", 2500, 12, 48, 0.4}}},
      {"48", 30, {80, 100, 200, 80, 200, 200},
       {{"48900000", "C62", 180, 50, 5000, 0.4}, {"48820000", "C62", 9500, 2, 60, 0.3},
        {"48760000", "C62", 28, 200, 10000, 0.3}, {"48600000", "C62", 650, 5, 300, 0.4}}},
      {"34", 50, {150, 120, 200, 40, 30, 100},
       {{"34144511", "C62", 285000, 1, 12, 0.15}, {"34121400", "C62", 320000, 1, 20, 0.15},
        {"34144910", "C62", 520000, 1, 30, 0.15}, {"34110000", "C62", 29000, 2, 60, 0.2},
        {"34144900", "C62", 36000, 2, 50, 0.2},   {"34114200", "C62", 42000, 2, 40, 0.15},
        {"34136000", "C62", 38000, 2, 40, 0.2},   {"34351100", "C62", 120, 50, 2000, 0.25},
        {"34928480", "C62", 55, 200, 20000, 0.3}, {"34144213", "C62", 480000, 1, 4, 0.15},
        {"34144700", "C62", 65000, 1, 10, 0.2}}},
      {"09", 40, {100, 100, 250, 80, 80, 100},
       {{"09310000", "MWH", 145, 500, 200000, 0.25}, {"09134100", "LTR", 1.45, 10000, 2e6, 0.1},
        {"09123000", "MWH", 55, 1000, 300000, 0.3},  {"09132100", "LTR", 1.65, 5000, 500000, 0.1},
        {"09135100", "LTR", 1.1, 5000, 500000, 0.12}, {"09331200", "C62", 180, 50, 5000, 0.25}}},
      {"90", 70, {200, 120, 100, 100, 60, 60},
       {{"90511000", "TNE", 145, 500, 60000, 0.3},  {"90512000", "TNE", 40, 1000, 50000, 0.3},
        {"90513000", "TNE", 110, 1000, 80000, 0.3}, {"90910000", "HUR", 32, 2000, 100000, 0.2},
        {"90911200", "MTK", 18, 5000, 200000, 0.3}, {"90610000", "HUR", 85, 500, 20000, 0.25},
        {"90620000", "HUR", 120, 100, 5000, 0.3},   {"90470000", "MTR", 3.5, 5000, 200000, 0.3},
        {"90524000", "KGM", 1.9, 5000, 200000, 0.3}, {"90511100", "TNE", 160, 1000, 80000, 0.3}}},
      {"79", 70, {80, 100, 100, 60, 100, 200},
       {{"79410000", "HUR", 135, 100, 5000, 0.3},  {"79341000", "LS", 80000, 1, 1, 0.6},
        {"79530000", "HUR", 55, 100, 5000, 0.25},  {"79713000", "HUR", 29, 2000, 60000, 0.2},
        {"79620000", "HUR", 38, 1000, 50000, 0.2}, {"79810000", "C62", 0.45, 10000, 500000, 0.35},
        {"79952000", "DAY", 6500, 2, 40, 0.4},     {"79212000", "DAY", 1200, 10, 200, 0.3},
        {"79600000", "C62", 9000, 1, 30, 0.35}}},
      {"15", 40, {120, 80, 150, 200, 80, 30},
       {{"15894200", "C62", 4.8, 20000, 600000, 0.2}, {"15511000", "LTR", 1.05, 10000, 300000, 0.15},
        {"15110000", "KGM", 9.5, 2000, 80000, 0.25},  {"15300000", "KGM", 2.3, 5000, 200000, 0.3},
        {"15811000", "KGM", 3.8, 2000, 80000, 0.25},  {"15980000", "LTR", 1.2, 5000, 100000, 0.3},
        {"15500000", "KGM", 6, 2000, 60000, 0.25}}},
      {"39", 40, {80, 80, 250, 80, 150, 100},
       {{"39130000", "C62", 380, 20, 2000, 0.3}, {"39112000", "C62", 240, 20, 3000, 0.35},
        {"39121100", "C62", 420, 10, 1500, 0.3}, {"39160000", "C62", 160, 100, 5000, 0.3},
        {"39830000", "LTR", 3.2, 1000, 60000, 0.3}, {"39162000", "C62", 95, 50, 3000, 0.4}}},
      {"71", 60, {150, 150, 50, 50, 80, 120},
       {{"71320000", "HUR", 110, 200, 10000, 0.25}, {"71200000", "LS", 350000, 1, 1, 0.7},
        {"71310000", "HUR", 115, 200, 8000, 0.25}, {"71630000", "C62", 850, 10, 500, 0.3},
        {"71311000", "HUR", 120, 200, 6000, 0.25}, {"71351000", "DAY", 1400, 5, 120, 0.3},
        {"71356000", "HUR", 95, 200, 8000, 0.25}}},
      {"55", 30, {200, 60, 100, 150, 100, 40},
       {{"55524000", "C62", 5.2, 20000, 800000, 0.2}, {"55520000", "C62", 7.5, 10000, 300000, 0.25},
        {"55321000", "C62", 4.5, 20000, 500000, 0.2}}},
      {"50", 50, {120, 120, 80, 100, 80, 100},
       {{"50110000", "HUR", 85, 200, 10000, 0.2}, {"50232000", "C62", 45, 500, 40000, 0.3},
        {"50750000", "C62", 2400, 5, 300, 0.3},  {"50710000", "HUR", 78, 500, 20000, 0.2},
        {"50111100", "MON", 12000, 12, 60, 0.4}}},
      {"60", 30, {150, 200, 50, 30, 20, 60},
       {{"60112000", "KMT", 4.2, 100000, 5e6, 0.2}, {"60130000", "KMT", 2.8, 20000, 2e6, 0.25},
        {"60140000", "DAY", 850, 20, 600, 0.3}}},
      {"85", 20, {150, 100, 20, 120, 30, 100},
       {{"85310000", "HUR", 48, 2000, 80000, 0.2}, {"85100000", "HUR", 85, 500, 20000, 0.25}}},
      {"80", 15, {100, 100, 40, 60, 120, 120},
       {{"80500000", "DAY", 1100, 5, 300, 0.3}, {"80530000", "HUR", 65, 200, 8000, 0.3}}},
      {"66", 15, {100, 100, 100, 100, 100, 100}, {{"66510000", "ANN", 85000, 1, 4, 0.6}}},
      {"64", 15, {100, 100, 150, 100, 120, 100},
       {{"64210000", "MON", 6500, 12, 48, 0.4}, {"64200000", "MON", 12000, 12, 60, 0.4}}},
      {"31", 20, {150, 120, 100, 60, 60, 80},
       {{"31527200", "C62", 620, 50, 5000, 0.3}, {"31500000", "C62", 85, 200, 20000, 0.35},
        {"31158100", "C62", 1400, 5, 200, 0.3}}},
      {"32", 10, {80, 80, 150, 80, 100, 120}, {{"32250000", "C62", 320, 50, 3000, 0.3}}},
      {"77", 20, {250, 100, 20, 20, 60, 80},
       {{"77310000", "MTK", 2.8, 20000, 500000, 0.3}, {"77313000", "HUR", 48, 500, 20000, 0.25}}},
      {"18", 10, {100, 80, 150, 150, 50, 100}, {{"18110000", "C62", 65, 200, 10000, 0.3}}},
      {"22", 10, {100, 100, 100, 60, 100, 100}, {{"22100000", "C62", 2.2, 2000, 100000, 0.35}}},
  };
  return kDivisions;
}

struct UnitName {
  const char* id;
  const char* name;
};
constexpr UnitName kUnits[] = {{"C62", "piece"},  {"KGM", "kilogram"},     {"LTR", "litre"},
                               {"MTK", "square metre"}, {"MTQ", "cubic metre"}, {"MTR", "metre"},
                               {"HUR", "hour"},   {"DAY", "day"},          {"MON", "month"},
                               {"ANN", "year"},   {"LS", "lump sum"},      {"MWH", "megawatt hour"},
                               {"TNE", "tonne"},  {"KMT", "kilometre"}};

const char* UnitNameOf(std::string_view id) {
  for (const auto& u : kUnits) {
    if (id == u.id) return u.name;
  }
  return "unit";
}

constexpr const char* kBrandHead[] = {"Ar", "Bel", "Cor", "Dal", "Ex", "Fen", "Gal", "Hel", "Ix", "Jor", "Kel",
                                      "Lum", "Mor", "Nex", "Or", "Pra", "Ros", "Sel", "Tor", "Vor", "Wen", "Zan"};
constexpr const char* kBrandTail[] = {"ia", "on", "ex", "ar", "is", "um", "eo", "ra", "ix", "an", "or", "en"};
constexpr const char* kBrandWord[] = {"Solutions", "Systems", "Services", "Group", "Technik", "Partners",
                                      "Industries", "Logistics", "Supply", "Works"};

// ---------------------------------------------------------------------------------------
// The universe: countries, CPV entries, buyers and suppliers, built once per Generate.

struct CountryData {
  const CountryInfo* info;
  std::string name_en;
  std::map<std::string, std::string> names;
  std::string nuts_code;  // "EL" for Greece
  std::string currency;  // EUR or a currency with an ECB rate
  double rate = 1;       // units of `currency` per EUR
  int minor_units = 2;
  std::vector<const NutsRegion*> nuts3;
};

struct Entry {
  const CpvEntry* spec;
  const CpvCode* code;
  int division;
};

struct Division {
  const DivisionSpec* spec;
  const CpvCode* code;
  std::vector<int> entries;  // indexes into Universe::entries
  std::string category;      // goods, works, services
};

struct Org {
  std::string id;         // party id
  std::string name;
  std::string ref_json;   // {"id":..,"name":..}
  std::string head_json;  // the party object up to "roles":
  std::string tail_json;  // after the roles, closing the object
  int country = 0;
  int lang = 0;
  int type = 0;             // buyers
  std::string nuts;         // buyers
  std::string nuts_parent;  // buyers: "Name (CODE)" of the NUTS 2 parent
  double budget_m = 0;      // buyers, EUR millions
  int price_pct = 100;      // suppliers
  std::vector<int> divisions;  // suppliers
};

struct Universe {
  std::vector<CountryData> countries;
  std::vector<Division> divisions;
  std::vector<Entry> entries;
  std::vector<Org> buyers;
  std::vector<Org> suppliers;
  Weighted buyer_pick;
  std::array<Weighted, kBuyerTypes> division_pick;  // per buyer type
  std::vector<std::vector<int>> div_suppliers;      // per division: supplier indexes
  std::vector<Weighted> div_supplier_pick;
  std::map<std::pair<int, int>, std::pair<std::vector<int>, Weighted>> div_country_suppliers;
  std::vector<std::vector<int>> cpbs_by_country;  // central purchasing bodies per country
  std::string bad_cpv;                            // a code that is not in CPV 2008
};

std::string Digits(std::uint64_t n, int width) {
  std::string s(static_cast<size_t>(width), '0');
  for (int i = width - 1; i >= 0 && n; --i, n /= 10) s[static_cast<size_t>(i)] = static_cast<char>('0' + n % 10);
  return s;
}

// A synthetic identifier of organisation number `n` for `scheme` (digits start with 99).
std::string MakeIdentifier(std::string_view scheme, std::string_view country, std::uint64_t n) {
  std::string d = Digits(n % 1000000, 6);
  if (scheme == "DE-HRB") return "HRB 99" + d;
  if (scheme == "FR-SIREN") return "99" + d + "0";
  if (scheme == "BE-BCE_KBO") return "099" + d + "0";
  if (scheme == "SE-ON") return "99" + d.substr(0, 4) + "-" + d.substr(4) + "00";
  if (scheme == "FI-PRO") return "99" + d.substr(0, 5) + "-" + d.substr(5);
  if (scheme == "NO-BRC") return "99" + d + "0";
  if (scheme == "PL-KRS") return "0099" + d;
  if (scheme == "XI-EORI") return std::string(country) + "99" + d + "0000";
  return "99" + d;  // NL-KVK, DK-CVR, CZ-ICO, IE-CRO
}

// The party id: "SCHEME-ID" without spaces ("DE-HRB-HRB99123456").
std::string PartyId(std::string_view scheme, std::string_view ident) {
  std::string id(scheme);
  id += '-';
  for (char ch : ident) {
    if (ch != ' ') id += ch;
  }
  return id;
}

std::string Label(const CpvCode& c, std::string_view lang) {
  if (auto it = c.labels.find(std::string(lang)); it != c.labels.end()) return it->second;
  if (auto it = c.labels.find("en"); it != c.labels.end()) return it->second;
  return c.code;
}

void BuildPartyJson(Org& o, std::string_view scheme, std::string_view ident, std::string_view locality,
                    std::string_view region, const CountryData& c, std::string_view lang,
                    const std::string& details) {
  o.ref_json = "{\"id\":";
  Str(&o.ref_json, o.id);
  o.ref_json += ",\"name\":";
  Str(&o.ref_json, o.name);
  o.ref_json += '}';
  std::string& h = o.head_json;
  h = o.ref_json;
  h.pop_back();
  h += ",\"identifier\":{\"scheme\":";
  Str(&h, scheme);
  h += ",\"id\":";
  Str(&h, ident);
  h += ",\"legalName\":";
  Str(&h, o.name);
  h += "},\"address\":{\"locality\":";
  Str(&h, locality);
  if (!region.empty()) {
    h += ",\"region\":";
    Str(&h, region);
  }
  h += ",\"countryName\":";
  auto it = c.names.find(std::string(lang));
  Str(&h, it != c.names.end() ? it->second : c.name_en);
  h += ",\"country\":";
  Str(&h, c.info->code);
  h += "},\"roles\":";
  o.tail_json = details + "}";
}

struct NameMaker {
  std::set<std::string> used;
  std::string Unique(std::string name) {
    if (used.insert(name).second) return name;
    for (int i = 2;; ++i) {
      std::string n = fmt::format("{} {}", name, i);
      if (used.insert(n).second) return n;
    }
  }
};

std::string Locality(Rng& rng, const Lang& l) { return std::string(rng.Pick(l.stems)) + rng.Pick(l.suffixes); }

Result<Universe> BuildUniverse(const GenOptions& opt, const ReferenceData& ref) {
  Universe u;
  Rng rng(Mix(opt.seed, 0x756E69766572ULL));
  std::unordered_map<std::string, const CpvCode*> cpv_by8;
  for (const CpvCode& c : ref.cpv) cpv_by8.emplace(c.code8, &c);
  std::unordered_map<std::string, const NutsRegion*> nuts_by_code;
  for (const NutsRegion& n : ref.nuts) nuts_by_code.emplace(n.code, &n);
  std::map<std::string, int> minor;
  for (const Currency& c : ref.currencies) minor[c.code] = c.minor_units;
  std::map<std::string, double> rate;  // newest first in the file: keep the first
  for (const FxRate& r : ref.fx_rates) rate.emplace(r.currency, r.rate);

  // Countries.
  Weighted country_pick;
  for (const CountryInfo& ci : kCountries) {
    auto it = std::find_if(ref.countries.begin(), ref.countries.end(), [&](const Country& c) { return c.code == ci.code; });
    if (it == ref.countries.end() || !it->eligible()) continue;
    CountryData cd{&ci, it->name_en, it->names, it->nuts_code, "EUR", 1, 2, {}};
    if (std::find(it->currencies.begin(), it->currencies.end(), "EUR") == it->currencies.end()) {
      for (const std::string& cur : it->currencies) {
        if (rate.count(cur)) {
          cd.currency = cur;
          cd.rate = rate[cur];
          cd.minor_units = minor.count(cur) ? minor[cur] : 2;
          break;
        }
      }
    }
    for (const NutsRegion& n : ref.nuts) {
      if (n.level == 3 && n.country_code == it->nuts_code && n.code.find("ZZ") == std::string::npos) cd.nuts3.push_back(&n);
    }
    if (cd.nuts3.empty()) continue;
    u.countries.push_back(std::move(cd));
    country_pick.Add(static_cast<std::uint64_t>(ci.weight));
  }
  if (u.countries.empty()) return FailedPrecondition("reference data: no EU/EEA country with NUTS 3 regions");

  // CPV divisions and entries.
  for (const DivisionSpec& ds : Divisions()) {
    auto dit = cpv_by8.find(std::string(ds.div) + "000000");
    if (dit == cpv_by8.end()) continue;
    Division d{&ds, dit->second, {}, {}};
    std::string_view div(ds.div);
    d.category = div == "45" ? "works" : (div < "45" || div == "48") ? "goods" : "services";
    for (const CpvEntry& e : ds.entries) {
      auto it = cpv_by8.find(e.code8);
      if (it == cpv_by8.end()) continue;
      d.entries.push_back(static_cast<int>(u.entries.size()));
      u.entries.push_back({&e, it->second, static_cast<int>(u.divisions.size())});
    }
    if (!d.entries.empty()) u.divisions.push_back(std::move(d));
  }
  if (u.divisions.empty()) return FailedPrecondition("reference data: none of the generator's CPV codes exist");
  for (int t = 0; t < kBuyerTypes; ++t) {
    for (const Division& d : u.divisions) u.division_pick[static_cast<size_t>(t)].Add(static_cast<std::uint64_t>(d.spec->weight * d.spec->type_pct[t]));
  }
  for (std::string_view bad : {"99999999-9", "34999999-1", "30299999-5", "45999990-2"}) {
    if (!cpv_by8.count(std::string(bad.substr(0, 8)))) {
      u.bad_cpv = bad;
      break;
    }
  }

  auto country_index = [&](std::string_view code) -> int {
    for (size_t i = 0; i < u.countries.size(); ++i) {
      if (code == u.countries[i].info->code) return static_cast<int>(i);
    }
    return -1;
  };
  std::uint64_t id_offset = Mix(opt.seed, 0x1D) % 1000000;
  NameMaker names;

  auto finish_buyer = [&](Org& b, std::string_view scheme, std::string_view ident, std::string_view locality) {
    const CountryData& c = u.countries[static_cast<size_t>(b.country)];
    b.id = PartyId(scheme, ident);
    if (auto it = nuts_by_code.find(b.nuts); it != nuts_by_code.end() && nuts_by_code.count(it->second->parent)) {
      const NutsRegion* p = nuts_by_code[it->second->parent];
      b.nuts_parent = fmt::format("{} ({})", p->name_latin.empty() ? p->name : p->name_latin, p->code);
    } else {
      b.nuts_parent = b.nuts;
    }
    std::string details = ",\"details\":{\"classifications\":[{\"scheme\":\"eu-buyer-legal-type\",\"id\":";
    Str(&details, kLegalType[b.type][0]);
    details += ",\"description\":";
    Str(&details, kLegalType[b.type][1]);
    details += "},{\"scheme\":\"eu-buyer-contracting-type\",\"id\":";
    details += b.type == kCpb ? "\"cpb\",\"description\":\"Central purchasing body\"}"
                              : "\"not-cpb\",\"description\":\"Not a central purchasing body\"}";
    details += "]}";
    BuildPartyJson(b, scheme, ident, locality, b.nuts, c, kLangs[b.lang].code, details);
  };

  // Seed buyers (real organisations passed by the caller).
  for (size_t i = 0; i < opt.buyers.size(); ++i) {
    const SeedBuyer& s = opt.buyers[i];
    std::string field = fmt::format("buyers[{}]", i);
    Org b;
    b.country = country_index(s.country);
    if (b.country < 0) return InvalidArgument(fmt::format("'{}' is not an EU/EEA/EFTA country with NUTS regions", s.country), field + ".country");
    const CountryData& c = u.countries[static_cast<size_t>(b.country)];
    auto nit = nuts_by_code.find(s.nuts);
    if (nit == nuts_by_code.end() || nit->second->country_code != c.nuts_code) {
      return InvalidArgument(fmt::format("'{}' is not a NUTS region of {}", s.nuts, s.country), field + ".nuts");
    }
    b.type = -1;
    for (int t = 0; t < kBuyerTypes; ++t) {
      if (s.type == kTypeNames[t]) b.type = t;
    }
    if (b.type < 0) return InvalidArgument(fmt::format("'{}' is not a buyer type", s.type), field + ".type");
    if (s.name.empty()) return InvalidArgument("a seed buyer needs a name", field + ".name");
    b.name = names.Unique(s.name);
    b.lang = LangIndex(c.info->lang);
    b.nuts = s.nuts;
    b.budget_m = s.annual_budget_eur > 0 ? s.annual_budget_eur / 1e6 : kTypeBudget[b.type][1] / 4;
    std::string scheme = s.scheme.empty() ? c.info->scheme : s.scheme;
    std::string ident = s.identifier.empty() ? MakeIdentifier(scheme, c.info->code, id_offset + 900000 + i) : s.identifier;
    std::string locality = nit->second->name_latin.empty() ? nit->second->name : nit->second->name_latin;
    finish_buyer(b, scheme, ident, locality);
    u.buyers.push_back(std::move(b));
  }
  const size_t seed_buyers = u.buyers.size();

  // Invented buyers.
  const std::int64_t n_buyers = std::clamp<std::int64_t>(100 + opt.releases / 500, 100, 1000);
  Weighted type_pick;
  for (int share : kTypeShare) type_pick.Add(static_cast<std::uint64_t>(share));
  u.cpbs_by_country.resize(u.countries.size());
  for (std::int64_t i = 0; i < n_buyers; ++i) {
    Org b;
    b.country = static_cast<int>(country_pick.Pick(rng));
    const CountryData& c = u.countries[static_cast<size_t>(b.country)];
    b.type = static_cast<int>(type_pick.Pick(rng));
    b.lang = LangIndex(*c.info->lang2 && rng.Chance(0.4) ? c.info->lang2 : c.info->lang);
    const Lang& l = kLangs[b.lang];
    std::string locality = Locality(rng, l);
    b.name = names.Unique(Fill(l.types[b.type], locality));
    b.nuts = c.nuts3[rng.Below(c.nuts3.size())]->code;
    b.budget_m = LogUniform(rng, kTypeBudget[b.type][0], kTypeBudget[b.type][1]);
    std::string ident = MakeIdentifier(c.info->scheme, c.info->code, id_offset + static_cast<std::uint64_t>(i));
    finish_buyer(b, c.info->scheme, ident, locality);
    u.buyers.push_back(std::move(b));
  }
  for (size_t i = 0; i < u.buyers.size(); ++i) {
    const Org& b = u.buyers[i];
    if (b.type == kCpb) u.cpbs_by_country[static_cast<size_t>(b.country)].push_back(static_cast<int>(i));
    // Seed buyers get a boost so that the demo always finds their processes.
    std::uint64_t w = static_cast<std::uint64_t>(std::max(1.0, b.budget_m));
    u.buyer_pick.Add(i < seed_buyers ? w * 4 + 2000 : w);
  }

  // Suppliers: a power law over ranks (weight 1/(rank+4)); the top ones serve many
  // divisions and win across countries.
  const std::int64_t n_suppliers = std::max<std::int64_t>(50, n_buyers * 4 / 5);
  u.div_suppliers.resize(u.divisions.size());
  for (std::int64_t i = 0; i < n_suppliers; ++i) {
    Org s;
    s.country = static_cast<int>(country_pick.Pick(rng));
    const CountryData& c = u.countries[static_cast<size_t>(s.country)];
    s.lang = LangIndex(c.info->lang);
    std::string brand = std::string(rng.Pick(kBrandHead)) + rng.Pick(kBrandTail);
    s.name = names.Unique(fmt::format("{} {} {}", brand, rng.Pick(kBrandWord), c.info->legal_form));
    s.price_pct = static_cast<int>(rng.Range(85, 125));
    int n_div = i < n_suppliers / 20 ? static_cast<int>(rng.Range(3, 6)) : static_cast<int>(rng.Range(1, 2));
    for (int k = 0; k < n_div; ++k) {
      int d = static_cast<int>(rng.Below(u.divisions.size()));
      if (std::find(s.divisions.begin(), s.divisions.end(), d) == s.divisions.end()) s.divisions.push_back(d);
    }
    std::string ident = MakeIdentifier(c.info->scheme, c.info->code, id_offset + 500000 + static_cast<std::uint64_t>(i));
    s.id = PartyId(c.info->scheme, ident);
    const NutsRegion* region = c.nuts3[rng.Below(c.nuts3.size())];
    std::string locality = Locality(rng, kLangs[s.lang]);
    std::string details = i < n_suppliers / 10 ? ",\"details\":{\"scale\":\"large\"}" : ",\"details\":{\"scale\":\"sme\"}";
    BuildPartyJson(s, c.info->scheme, ident, locality, region->code, c, kLangs[s.lang].code, details);
    u.suppliers.push_back(std::move(s));
  }
  // Every division needs a few suppliers.
  for (size_t d = 0; d < u.divisions.size(); ++d) {
    for (const Org& s : u.suppliers) {
      if (std::find(s.divisions.begin(), s.divisions.end(), static_cast<int>(d)) != s.divisions.end())
        u.div_suppliers[d].push_back(static_cast<int>(&s - u.suppliers.data()));
    }
    for (size_t k = 0; u.div_suppliers[d].size() < 4; ++k) {
      int si = static_cast<int>((d * 7 + k * 13) % u.suppliers.size());
      if (std::find(u.div_suppliers[d].begin(), u.div_suppliers[d].end(), si) == u.div_suppliers[d].end()) {
        u.div_suppliers[d].push_back(si);
        u.suppliers[static_cast<size_t>(si)].divisions.push_back(static_cast<int>(d));
      }
    }
    std::sort(u.div_suppliers[d].begin(), u.div_suppliers[d].end());
    Weighted w;
    for (int si : u.div_suppliers[d]) {
      w.Add(1000000000ULL / static_cast<std::uint64_t>(si + 4));
      auto& [list, pick] = u.div_country_suppliers[{static_cast<int>(d), u.suppliers[static_cast<size_t>(si)].country}];
      list.push_back(si);
      pick.Add(1000000000ULL / static_cast<std::uint64_t>(si + 4));
    }
    u.div_supplier_pick.push_back(std::move(w));
  }
  return u;
}

// ---------------------------------------------------------------------------------------
// One contracting process.

enum Stage { kPlanning, kTender, kAward, kContract, kAmendment };
constexpr const char* kTags[] = {"planning", "tender", "award", "contract", "contractAmendment"};

struct Item {
  int entry;
  std::int64_t qty;
  int lot;                  // -1 without lots
  std::int64_t unit_est;    // minor units, the buyer's estimate
  std::int64_t unit_award;  // minor units, the awarded price
  bool check_digit;
};

struct Award {
  int lot;  // -1: the whole tender
  std::vector<int> suppliers;
  std::int64_t value;  // minor units
};

struct Amendment {
  std::int64_t date;  // seconds
  std::int64_t value;
  std::int64_t end_day;
  bool value_change;
};

struct Process {
  std::string ocid;
  int buyer = 0;
  int procuring = -1;  // a central purchasing body acting for the buyer, or -1
  int division = 0;
  const Lang* lang = nullptr;
  const CountryData* country = nullptr;
  std::string currency;
  bool bad_currency = false;
  int bad_cpv_item = -1;
  std::string title, description;
  std::string method, method_details, award_criteria;
  bool framework = false, dps = false, future = false;
  int max_participants = 0;
  const char* framework_method = "";
  std::vector<Item> items;
  int lots = 0;
  std::int64_t tender_value = 0;
  std::int64_t budget_start = 0, budget_end = 0;  // days
  std::int64_t tender_start = 0, tender_end = 0;  // days
  int tenderers = 0;
  std::vector<Award> awards;
  std::int64_t signed_date = 0, start_day = 0, end_day = 0;  // seconds, days, days
  std::vector<Amendment> amendments;
  // Release dates (seconds) per stage; the number of releases.
  std::vector<std::pair<Stage, std::int64_t>> releases;
};

class Generator {
 public:
  Generator(const GenOptions& opt, Universe u, std::int64_t as_of_day)
      : opt_(opt), u_(std::move(u)), as_of_day_(as_of_day) {}

  void MakeProcess(std::uint64_t k, std::int64_t start_secs, Process& p);
  void WriteRelease(const Process& p, size_t index, Rng& rng, std::string* out);

 private:
  int PickSupplier(Rng& rng, int division, int country);

  const GenOptions& opt_;
  Universe u_;
  std::int64_t as_of_day_;
};

int Generator::PickSupplier(Rng& rng, int division, int country) {
  if (rng.Chance(0.6)) {
    auto it = u_.div_country_suppliers.find({division, country});
    if (it != u_.div_country_suppliers.end()) return it->second.first[it->second.second.Pick(rng)];
  }
  const auto& list = u_.div_suppliers[static_cast<size_t>(division)];
  return list[u_.div_supplier_pick[static_cast<size_t>(division)].Pick(rng)];
}

std::int64_t ToMinor(double eur, const CountryData& c) {
  double v = eur * c.rate;
  for (int i = 0; i < c.minor_units; ++i) v *= 10;
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(v)));
}

void Generator::MakeProcess(std::uint64_t k, std::int64_t start, Process& p) {
  Rng rng(Mix(opt_.seed, k + 1));
  p = Process();
  p.ocid = fmt::format("{}{}-{:07}", kOcidPrefix, opt_.seed, k + 1);
  p.buyer = static_cast<int>(u_.buyer_pick.Pick(rng));
  const Org& buyer = u_.buyers[static_cast<size_t>(p.buyer)];
  p.lang = &kLangs[buyer.lang];
  p.country = &u_.countries[static_cast<size_t>(buyer.country)];
  p.currency = p.country->currency;
  p.division = static_cast<int>(u_.division_pick[static_cast<size_t>(buyer.type)].Pick(rng));
  const Division& div = u_.divisions[static_cast<size_t>(p.division)];
  const auto& cpbs = u_.cpbs_by_country[static_cast<size_t>(buyer.country)];
  if (buyer.type != kCpb && !cpbs.empty() && rng.Chance(0.08)) p.procuring = cpbs[rng.Below(cpbs.size())];

  // Techniques.
  p.framework = rng.Chance(buyer.type == kCpb ? 0.6 : 0.1);
  p.dps = !p.framework && div.category != "works" && rng.Chance(0.03);
  if (p.framework) {
    static constexpr const char* kMethods[] = {"withoutReopeningCompetition", "withReopeningCompetition",
                                               "withAndWithoutReopeningCompetition"};
    p.framework_method = rng.Pick(kMethods);
    p.max_participants = static_cast<int>(rng.Range(1, 5));
  }
  std::uint64_t m = rng.Below(100);
  if (m < 65) {
    p.method = "open";
    p.method_details = "Open procedure";
  } else if (m < 85) {
    p.method = "selective";
    p.method_details = rng.Chance(0.7) ? "Restricted procedure" : "Competitive procedure with negotiation";
  } else {
    p.method = "limited";
    p.method_details = "Negotiated procedure without prior publication";
  }
  if (p.dps) {
    p.method = "selective";
    p.method_details = "Restricted procedure (dynamic purchasing system)";
  }
  p.award_criteria = rng.Chance(0.7) ? "ratedCriteria" : "priceOnly";

  // Items and lots.
  p.lots = div.category != "works" && rng.Chance(0.25) ? static_cast<int>(rng.Range(2, 5)) : 0;
  int groups = std::max(1, p.lots);
  double size = std::clamp(buyer.budget_m / 300.0, 0.3, 3.0) * (p.framework ? 2.0 : 1.0);
  double price_level = u_.countries[static_cast<size_t>(buyer.country)].info->price_pct / 100.0;
  for (int g = 0; g < groups; ++g) {
    int n = p.lots ? static_cast<int>(rng.Range(1, 2)) : static_cast<int>(rng.Range(1, 4));
    for (int i = 0; i < n; ++i) {
      int e = div.entries[rng.Below(div.entries.size())];
      // Distinct codes within a lot where the division has enough of them.
      for (int retry = 0; retry < 3 && std::any_of(p.items.begin(), p.items.end(), [&](const Item& x) {
                            return x.entry == e && x.lot == (p.lots ? g : -1);
                          });
           ++retry) {
        e = div.entries[rng.Below(div.entries.size())];
      }
      const CpvEntry& spec = *u_.entries[static_cast<size_t>(e)].spec;
      Item it;
      it.entry = e;
      it.lot = p.lots ? g : -1;
      double q = spec.qlo == spec.qhi ? spec.qlo : LogUniform(rng, spec.qlo, spec.qhi) * size;
      it.qty = std::max<std::int64_t>(1, std::llround(q));
      it.unit_est = ToMinor(spec.base_eur * price_level * LogNormal(rng, spec.sigma), *p.country);
      it.unit_award = it.unit_est;
      it.check_digit = !rng.Chance(0.1);
      p.items.push_back(it);
    }
  }
  if (rng.Chance(opt_.quirks.unknown_cpv) && !u_.bad_cpv.empty()) p.bad_cpv_item = static_cast<int>(rng.Below(p.items.size()));
  if (rng.Chance(opt_.quirks.unknown_currency)) p.bad_currency = true;
  for (const Item& it : p.items) p.tender_value += it.unit_est * it.qty;

  // Texts.
  const CpvCode& main = *u_.entries[static_cast<size_t>(p.items[0].entry)].code;
  std::string main_label = Label(main, p.lang->code);
  const char* tmpl = div.category == "works" ? p.lang->works : div.category == "goods" ? p.lang->goods : p.lang->services;
  p.title = Fill(tmpl, main_label);
  if (p.framework) p.title = Fill(p.lang->framework, p.title);
  p.description = Label(*div.code, p.lang->code) + " – " + main_label + " – " + buyer.name + " " + p.lang->synthetic;

  // Dates. Every stage after the previous; stages after as-of are not published yet.
  const std::int64_t as_of_end = as_of_day_ * 86400 + 86399;
  auto time_of_day = [&](std::int64_t day) { return day * 86400 + rng.Range(7, 17) * 3600 + rng.Range(0, 59) * 60; };
  std::int64_t day = start / 86400;
  bool planning = rng.Chance(0.35);
  p.future = as_of_day_ - day < 270 && rng.Chance(0.35);
  if (p.future) {
    p.tender_start = std::max(as_of_day_ + rng.Range(14, 540), day + 30);
    p.tender_end = p.tender_start + rng.Range(30, 60);
    p.budget_start = AddMonths(p.tender_start, 3);
    p.budget_end = AddMonths(p.budget_start, 12);
    p.releases.push_back({kPlanning, time_of_day(day)});
    return;
  }
  if (planning) {
    p.releases.push_back({kPlanning, time_of_day(day)});
    day += rng.Range(20, 120);
  }
  p.tender_start = day;
  p.tender_end = day + rng.Range(30, 60);
  p.budget_start = AddMonths(p.tender_end, 2);
  p.budget_end = AddMonths(p.budget_start, 12);
  p.releases.push_back({kTender, time_of_day(day)});

  std::int64_t award_day = p.tender_end + rng.Range(20, 90);
  p.tenderers = p.method == "limited" ? 1 : static_cast<int>(rng.Range(1, 9));
  for (int g = 0; g < groups; ++g) {
    Award a;
    a.lot = p.lots ? g : -1;
    int n_sup = p.framework ? static_cast<int>(rng.Range(1, std::min(3, p.max_participants))) : 1;
    for (int s = 0; s < n_sup; ++s) {
      int si = PickSupplier(rng, p.division, buyer.country);
      if (std::find(a.suppliers.begin(), a.suppliers.end(), si) == a.suppliers.end()) a.suppliers.push_back(si);
    }
    double factor = u_.suppliers[static_cast<size_t>(a.suppliers[0])].price_pct / 100.0 * 0.92;
    a.value = 0;
    for (Item& it : p.items) {
      if (it.lot != a.lot) continue;
      it.unit_award = std::max<std::int64_t>(1, std::llround(static_cast<double>(it.unit_est) * factor * LogNormal(rng, 0.08)));
      a.value += it.unit_award * it.qty;
    }
    p.awards.push_back(std::move(a));
  }
  p.releases.push_back({kAward, time_of_day(award_day)});

  std::int64_t signed_day = award_day + rng.Range(10, 40);
  p.signed_date = time_of_day(signed_day);
  p.start_day = signed_day + rng.Range(0, 30);
  int months;
  if (p.framework) {
    months = static_cast<int>(rng.Range(24, 48));
  } else if (div.category == "works") {
    months = static_cast<int>(rng.Range(12, 36));
  } else if (div.category == "goods") {
    months = static_cast<int>(rng.Range(12, 48));
  } else {
    months = static_cast<int>(rng.Range(12, 96));
  }
  p.end_day = AddMonths(p.start_day, months);
  p.releases.push_back({kContract, p.signed_date});

  int n_amend = rng.Chance(0.3) ? (rng.Chance(0.3) ? 2 : 1) : 0;
  std::int64_t last = signed_day;
  std::int64_t value = 0;
  for (const Award& a : p.awards) value += a.value;
  std::int64_t end = p.end_day;
  for (int i = 0; i < n_amend; ++i) {
    std::int64_t span = std::max<std::int64_t>(30, end - last);
    std::int64_t aday = last + 15 + rng.Range(0, span);
    Amendment am;
    am.date = time_of_day(aday);
    am.value_change = rng.Chance(0.6);
    if (am.value_change) {
      value = std::llround(static_cast<double>(value) * (1.05 + 0.25 * rng.Unit()));
    } else {
      end = AddMonths(end, static_cast<int>(rng.Range(6, 24)));
    }
    am.value = value;
    am.end_day = end;
    p.amendments.push_back(am);
    p.releases.push_back({kAmendment, am.date});
    last = aday;
  }
  // Unpublished stages: everything dated after as-of.
  while (p.releases.size() > 1 && p.releases.back().second > as_of_end) p.releases.pop_back();
}

void Generator::WriteRelease(const Process& p, size_t index, Rng& rng, std::string* out) {
  const Stage stage = p.releases[index].first;
  const std::int64_t date = p.releases[index].second;
  const Org& buyer = u_.buyers[static_cast<size_t>(p.buyer)];
  const int minor = p.country->minor_units;
  const std::string_view currency = p.bad_currency ? "XXY" : std::string_view(p.currency);
  int amendments_done = 0;
  for (size_t i = 0; i <= index; ++i) amendments_done += p.releases[i].first == kAmendment;

  auto value = [&](std::int64_t amount) {
    out->append("{\"amount\":");
    Amount(out, amount, minor);
    out->append(",\"currency\":");
    Str(out, currency);
    out->push_back('}');
  };
  auto period = [&](std::int64_t start_day, std::int64_t end_day) {
    out->append("{\"startDate\":");
    AppendDay(out, start_day);
    out->append(",\"endDate\":");
    AppendDay(out, end_day);
    out->push_back('}');
  };
  auto items = [&](int lot, bool awarded) {
    out->push_back('[');
    bool first = true;
    for (size_t i = 0; i < p.items.size(); ++i) {
      const Item& it = p.items[i];
      if (lot >= 0 && it.lot != lot) continue;
      if (!first) out->push_back(',');
      first = false;
      const Entry& e = u_.entries[static_cast<size_t>(it.entry)];
      out->append("{\"id\":\"");
      Int(out, static_cast<std::int64_t>(i + 1));
      out->append("\",\"description\":");
      Str(out, Label(*e.code, p.lang->code));
      out->append(",\"classification\":{\"scheme\":\"CPV\",\"id\":");
      if (static_cast<int>(i) == p.bad_cpv_item) {
        Str(out, u_.bad_cpv);
      } else {
        Str(out, it.check_digit ? std::string_view(e.code->code) : std::string_view(e.code->code8));
      }
      out->append("},\"quantity\":");
      Int(out, it.qty);
      out->append(",\"unit\":{\"scheme\":\"UNCEFACT\",\"id\":");
      Str(out, e.spec->unit);
      out->append(",\"name\":");
      Str(out, UnitNameOf(e.spec->unit));
      out->append(",\"value\":");
      value(awarded ? it.unit_award : it.unit_est);
      out->push_back('}');
      if (it.lot >= 0) {
        out->append(",\"relatedLot\":\"");
        Int(out, it.lot + 1);
        out->push_back('"');
      }
      out->push_back('}');
    }
    out->push_back(']');
  };

  out->append("{\"ocid\":");
  Str(out, p.ocid);
  out->append(",\"id\":\"");
  Append2(out, static_cast<unsigned>(index + 1));
  out->push_back('-');
  out->append(kTags[stage]);
  out->push_back('"');
  if (!rng.Chance(opt_.quirks.missing_date)) {
    out->append(",\"date\":");
    AppendDateTime(out, date);
  }
  if (rng.Chance(opt_.quirks.tag_string)) {
    out->append(",\"tag\":\"");
    out->append(kTags[stage]);
    out->push_back('"');
  } else {
    out->append(",\"tag\":[\"");
    out->append(kTags[stage]);
    out->append("\"]");
  }
  out->append(",\"initiationType\":\"tender\",\"language\":\"");
  out->append(p.lang->code);
  out->append("\",\"parties\":[");
  // Parties: the buyer, the central purchasing body acting for it, the suppliers.
  out->append(buyer.head_json);
  out->append(p.procuring >= 0 ? "[\"buyer\"]" : "[\"buyer\",\"procuringEntity\"]");
  out->append(buyer.tail_json);
  const Org& procuring = p.procuring >= 0 ? u_.buyers[static_cast<size_t>(p.procuring)] : buyer;
  if (p.procuring >= 0) {
    out->push_back(',');
    out->append(procuring.head_json);
    out->append("[\"procuringEntity\"]");
    out->append(procuring.tail_json);
  }
  if (stage >= kAward) {
    std::vector<int> seen;
    for (const Award& a : p.awards) {
      for (int si : a.suppliers) {
        if (std::find(seen.begin(), seen.end(), si) != seen.end()) continue;
        seen.push_back(si);
        const Org& s = u_.suppliers[static_cast<size_t>(si)];
        out->push_back(',');
        out->append(s.head_json);
        out->append("[\"tenderer\",\"supplier\"]");
        out->append(s.tail_json);
      }
    }
  }
  out->append("],\"buyer\":");
  out->append(buyer.ref_json);

  // Planning.
  bool has_planning = p.releases[0].first == kPlanning;
  if (has_planning) {
    out->append(",\"planning\":{\"rationale\":");
    Str(out, p.title);
    out->append(",\"budget\":{\"id\":\"1\",\"description\":");
    Str(out, p.title);
    out->append(",\"amount\":");
    value(p.tender_value / 100 * 105);
    out->append(",\"period\":");
    period(p.budget_start, p.budget_end);
    out->append("}}");
  }

  // Tender.
  out->append(",\"tender\":{\"id\":\"1\",\"title\":");
  Str(out, p.title);
  out->append(",\"description\":");
  Str(out, p.description);
  out->append(",\"status\":");
  out->append(stage == kPlanning ? "\"planned\"" : stage == kTender ? "\"active\"" : "\"complete\"");
  out->append(",\"procuringEntity\":");
  out->append(procuring.ref_json);
  out->append(",\"procurementMethod\":");
  Str(out, p.method);
  out->append(",\"procurementMethodDetails\":");
  Str(out, p.method_details);
  out->append(",\"mainProcurementCategory\":");
  Str(out, u_.divisions[static_cast<size_t>(p.division)].category);
  out->append(",\"value\":");
  value(p.tender_value);
  out->append(",\"tenderPeriod\":");
  period(p.tender_start, p.tender_end);
  if (stage != kPlanning) {
    out->append(",\"submissionMethod\":[\"electronicSubmission\"],\"awardCriteria\":");
    Str(out, p.award_criteria);
  }
  if (stage >= kAward) {
    out->append(",\"numberOfTenderers\":");
    Int(out, p.tenderers);
  }
  out->append(",\"items\":");
  items(-1, false);
  if (p.lots) {
    out->append(",\"lots\":[");
    for (int l = 0; l < p.lots; ++l) {
      if (l) out->push_back(',');
      out->append("{\"id\":\"");
      Int(out, l + 1);
      out->append("\",\"title\":");
      Str(out, Fill(p.lang->lot, std::to_string(l + 1)) + ": " +
                   Label(*u_.entries[static_cast<size_t>(std::find_if(p.items.begin(), p.items.end(), [&](const Item& it) { return it.lot == l; })->entry)].code,
                         p.lang->code));
      out->append(",\"status\":");
      out->append(stage == kPlanning ? "\"planned\"" : stage == kTender ? "\"active\"" : "\"complete\"");
      std::int64_t lv = 0;
      for (const Item& it : p.items) lv += it.lot == l ? it.unit_est * it.qty : 0;
      out->append(",\"value\":");
      value(lv);
      out->push_back('}');
    }
    out->push_back(']');
  }
  if (p.framework || p.dps) {
    out->append(",\"techniques\":{");
    if (p.framework) {
      out->append("\"hasFrameworkAgreement\":true,\"frameworkAgreement\":{\"method\":");
      Str(out, p.framework_method);
      out->append(",\"maximumParticipants\":");
      Int(out, p.max_participants);
      out->append(",\"buyerCategories\":");
      Str(out, buyer.type == kCpb ? Fill(p.lang->cpb_categories, buyer.nuts_parent) : Fill(p.lang->own_categories, buyer.name));
      out->append("}}");
    } else {
      out->append("\"hasDynamicPurchasingSystem\":true,\"dynamicPurchasingSystem\":{\"type\":\"open\"}}");
    }
  }
  out->push_back('}');

  // Awards.
  if (stage >= kAward) {
    bool as_object = rng.Chance(opt_.quirks.awards_object);
    bool duplicate = rng.Chance(opt_.quirks.duplicate_award_id);
    size_t n = as_object ? 1 : p.awards.size() + (duplicate && p.awards.size() == 1 ? 1 : 0);
    out->append(as_object ? ",\"awards\":" : ",\"awards\":[");
    for (size_t i = 0; i < n; ++i) {
      const Award& a = p.awards[std::min(i, p.awards.size() - 1)];
      if (i) out->push_back(',');
      out->append("{\"id\":\"");
      Int(out, duplicate && i == 1 ? 1 : static_cast<std::int64_t>(i + 1));
      out->append("\",\"title\":");
      Str(out, a.lot >= 0 ? Fill(p.lang->lot, std::to_string(a.lot + 1)) : p.title);
      out->append(",\"status\":\"active\",\"date\":");
      AppendDateTime(out, p.releases[2 - (has_planning ? 0 : 1)].second);
      out->append(",\"value\":");
      value(a.value);
      out->append(",\"suppliers\":[");
      for (size_t s = 0; s < a.suppliers.size(); ++s) {
        if (s) out->push_back(',');
        out->append(u_.suppliers[static_cast<size_t>(a.suppliers[s])].ref_json);
      }
      out->push_back(']');
      if (a.lot >= 0) {
        out->append(",\"relatedLots\":[\"");
        Int(out, a.lot + 1);
        out->append("\"]");
      }
      out->push_back('}');
    }
    if (!as_object) out->push_back(']');
  }

  // Contracts: one per award; amendments change the value (spread over the contracts in
  // proportion) or extend the period.
  if (stage >= kContract) {
    std::int64_t total = 0;
    for (const Award& a : p.awards) total += a.value;
    const Amendment* am = amendments_done ? &p.amendments[static_cast<size_t>(amendments_done - 1)] : nullptr;
    out->append(",\"contracts\":[");
    for (size_t i = 0; i < p.awards.size(); ++i) {
      const Award& a = p.awards[i];
      if (i) out->push_back(',');
      out->append("{\"id\":\"C");
      Int(out, static_cast<std::int64_t>(i + 1));
      out->append("\",\"awardID\":\"");
      Int(out, static_cast<std::int64_t>(i + 1));
      out->append("\",\"title\":");
      Str(out, a.lot >= 0 ? Fill(p.lang->lot, std::to_string(a.lot + 1)) : p.title);
      out->append(",\"status\":\"active\",\"period\":");
      period(p.start_day, am ? am->end_day : p.end_day);
      out->append(",\"value\":");
      std::int64_t v = a.value;
      if (am && total > 0) v = static_cast<std::int64_t>(static_cast<__int128>(a.value) * am->value / total);
      value(v);
      out->append(",\"dateSigned\":");
      AppendDateTime(out, p.signed_date);
      out->append(",\"items\":");
      items(a.lot, true);
      if (amendments_done) {
        out->append(",\"amendments\":[");
        for (int j = 0; j < amendments_done; ++j) {
          const Amendment& x = p.amendments[static_cast<size_t>(j)];
          if (j) out->push_back(',');
          out->append("{\"id\":\"");
          Int(out, j + 1);
          out->append("\",\"date\":");
          AppendDateTime(out, x.date);
          out->append(x.value_change ? ",\"rationale\":\"Additional quantities (modification under Article 72(1)(b) of Directive 2014/24/EU)\""
                                     : ",\"rationale\":\"Extension of the contract period (option in the initial procurement documents)\"");
          out->push_back('}');
        }
        out->push_back(']');
      }
      out->push_back('}');
    }
    out->push_back(']');
  }
  out->push_back('}');
}

// A release waiting in the window: earliest date first, then generation order.
struct Pending {
  std::int64_t date;
  std::uint64_t order;
  std::string json;
};
struct Later {
  bool operator()(const Pending& a, const Pending& b) const {
    return a.date != b.date ? a.date > b.date : a.order > b.order;
  }
};

}  // namespace

Result<std::int64_t> ParseDate(std::string_view s, std::string_view field) {
  auto bad = [&] {
    return InvalidArgument(fmt::format("{}: expected a date YYYY-MM-DD, got '{}'", field, s), std::string());
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad();
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](size_t at, size_t n, auto& v) {
    auto r = std::from_chars(s.data() + at, s.data() + at + n, v);
    return r.ec == std::errc() && r.ptr == s.data() + at + n;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return bad();
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return bad();
  return DaysFromCivil(y, m, d);
}

namespace {

// Generate, stopping early (after the current process) when `stop` says so.
Status GenerateUntil(const GenOptions& opt, const ReferenceData& ref, const ReleaseSink& sink,
                     const std::function<bool()>& stop) {
  if (opt.releases < 0) return InvalidArgument(fmt::format("--releases: must be 0 or more, got {}", opt.releases));
  if (opt.window < 1) return InvalidArgument(fmt::format("window: must be 1 or more, got {}", opt.window));
  COBUY_ASSIGN_OR_RETURN(std::int64_t as_of_day, ParseDate(opt.as_of, "--as-of"));
  COBUY_ASSIGN_OR_RETURN(Universe universe, BuildUniverse(opt, ref));
  Generator gen(opt, std::move(universe), as_of_day);

  // Process start dates run over the six years before as-of, in proportion to the releases
  // generated so far, so the last process still starts before as-of.
  const std::int64_t span_start = AddMonths(as_of_day, -72) * 86400;
  const std::int64_t span = as_of_day * 86400 - span_start;
  std::vector<Pending> heap;
  heap.reserve(static_cast<size_t>(std::min<std::int64_t>(opt.window, 1 << 20)) + 8);
  std::uint64_t order = 0;
  std::int64_t generated = 0;
  Process p;
  std::string json;
  for (std::uint64_t k = 0; generated < opt.releases; ++k) {
    if (stop && stop()) return Status::Ok();
    std::int64_t start = span_start + static_cast<std::int64_t>(static_cast<__int128>(span) * generated / opt.releases);
    Rng jitter(Mix(opt.seed ^ 0xA5A5A5A5ULL, k));
    start = std::min(start + jitter.Range(0, 20 * 86400), as_of_day * 86400 - 86400);
    gen.MakeProcess(k, start, p);
    Rng rng(Mix(opt.seed ^ 0x5EEDULL, k));
    for (size_t i = 0; i < p.releases.size() && generated < opt.releases; ++i) {
      json.clear();
      gen.WriteRelease(p, i, rng, &json);
      int copies = generated + 1 < opt.releases && rng.Chance(opt.quirks.repeated_release) ? 2 : 1;
      for (int c = 0; c < copies; ++c) {
        heap.push_back({p.releases[i].second, order++, c + 1 < copies ? json : std::move(json)});
        std::push_heap(heap.begin(), heap.end(), Later());
        ++generated;
      }
      json = std::string();
      json.reserve(4096);
    }
    while (static_cast<std::int64_t>(heap.size()) > opt.window) {
      std::pop_heap(heap.begin(), heap.end(), Later());
      sink(heap.back().json);
      heap.pop_back();
    }
  }
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), Later());
    sink(heap.back().json);
    heap.pop_back();
  }
  return Status::Ok();
}

}  // namespace

Status Generate(const GenOptions& opt, const ReferenceData& ref, const ReleaseSink& sink) {
  return GenerateUntil(opt, ref, sink, nullptr);
}

Status WriteGenerated(const GenOptions& opt, const ReferenceData& ref, Format format, bool gzip, const ByteSink& out) {
  auto writer = std::make_unique<ChunkWriter>(out, gzip);
  bool first = true;
  if (format == Format::kPackage) {
    std::string head = "{\"uri\":";
    Str(&head, fmt::format("urn:cobuy:synthetic:seed:{}:releases:{}:as-of:{}", opt.seed, opt.releases, opt.as_of));
    head += ",\"version\":\"1.1\",\"publishedDate\":";
    Str(&head, opt.as_of + "T00:00:00Z");
    head += ",\"publisher\":{\"name\":";
    Str(&head, kPublisherName);
    head +=
        "},\"license\":\"https://creativecommons.org/publicdomain/zero/1.0/\",\"extensions\":["
        "\"https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json\","
        "\"https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json\","
        "\"https://raw.githubusercontent.com/open-contracting-extensions/ocds_budget_breakdown_extension/master/extension.json\""
        "],\"releases\":[";
    writer->Append(head);
  }
  Status s = GenerateUntil(opt, ref, [&](std::string_view release) {
    if (format == Format::kPackage) {
      writer->Append(first ? "\n" : ",\n");
      writer->Append(release);
    } else {
      writer->Append(release);
      writer->Append("\n");
    }
    first = false;
  }, [&] { return writer->failed(); });
  if (!s.ok()) return s;
  if (format == Format::kPackage) writer->Append("\n]}\n");
  return writer->Finish();
}

}  // namespace cobuy::gen
