// The TED XML R2.0.9 mapper: one TED_EXPORT notice (F01–F25, the defence forms F16–F19, MOVE)
// into one OCDS release, following the Open Contracting Partnership's EU profile guidance in
// ../shared/data/ted/mapping (one CSV per form, plus shared enumerations). notice.h states the
// conventions (ocid, release id, date, language variants, parties, amounts); docs/TED.md lists
// what is mapped and what is not yet.
//
// The form that is mapped is FORM_SECTION's CATEGORY="ORIGINAL" form (else the first); the
// translated forms and TRANSLATION_SECTION's titles only give language variants ("title_de").
// The 2014 forms and MOVE share one vocabulary (CONTRACTING_BODY, OBJECT_CONTRACT, PROCEDURE,
// AWARD_CONTRACT, COMPLEMENTARY_INFO) and are read by path; the defence forms (2009/81/EC, an
// older, deeper vocabulary the OCP guidance leaves without guidance) are read by element name
// within their sections. Schema alternatives written as <choice>/<sequence> wrappers (as in
// the generated samples) are looked through.
//
// Never throws: anything unexpected ends as a rejected notice with code "internal".
#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"
#include "ted/notice.h"

namespace cobuy::ted {
namespace {

using ocds::Value;
using xml::Node;

// ---- Reading the DOM ------------------------------------------------------------------------

bool IsWrapper(Node n) {
  return xml::Name(n) == "choice" || xml::Name(n) == "sequence";
}

void CollectKids(Node n, std::string_view name, std::vector<Node>* out, int depth = 0) {
  if (!n || depth > 8) return;
  for (Node c : xml::Children(n)) {
    if (xml::Name(c) == name) {
      out->push_back(c);
    } else if (IsWrapper(c)) {
      CollectKids(c, name, out, depth + 1);
    }
  }
}

// Child elements named `name`, seen through <choice>/<sequence> wrappers.
std::vector<Node> Kids(Node n, std::string_view name) {
  std::vector<Node> out;
  CollectKids(n, name, &out);
  return out;
}

Node Kid(Node n, std::string_view name) {
  std::vector<Node> all = Kids(n, name);
  return all.empty() ? nullptr : all.front();
}

Node At(Node n, std::initializer_list<std::string_view> path) {
  for (std::string_view step : path) n = Kid(n, step);
  return n;
}

// The first element (document order, `n` excluded) whose name satisfies `pred`.
template <typename Pred>
Node FirstBelow(Node n, const Pred& pred, int depth = 0) {
  if (!n || depth > 40) return nullptr;
  for (Node c : xml::Children(n)) {
    if (pred(xml::Name(c))) return c;
    if (Node found = FirstBelow(c, pred, depth + 1)) return found;
  }
  return nullptr;
}

Node Below(Node n, std::string_view name) {
  return FirstBelow(n, [name](std::string_view s) { return s == name; });
}

template <typename Pred>
void AllBelow(Node n, const Pred& pred, std::vector<Node>* out, int depth = 0) {
  if (!n || depth > 40) return;
  for (Node c : xml::Children(n)) {
    if (pred(xml::Name(c))) out->push_back(c);
    AllBelow(c, pred, out, depth + 1);
  }
}

std::vector<Node> AllNamed(Node n, std::string_view name) {
  std::vector<Node> out;
  AllBelow(
      n, [name](std::string_view s) { return s == name; }, &out);
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A text field (titles, names): whitespace collapsed, paragraphs joined by a space.
std::string Line(Node n) {
  return xml::Text(n);
}
// A long text (descriptions): paragraphs kept on their own lines.
std::string Para(Node n) {
  return n ? std::string(Trim(xml::Paragraphs(n))) : std::string();
}

// ---- Small value builders -------------------------------------------------------------------

void SetText(Value* obj, std::string key, std::string text) {
  if (!text.empty()) obj->Set(std::move(key), Value::String(std::move(text)));
}

// Member `key` of `obj` as an object, created when missing.
Value& Sub(Value* obj, std::string_view key) {
  Value* v = obj->Find(key);
  if (!v || !v->is_object()) {
    obj->Set(std::string(key), Value::MakeObject());
    v = obj->Find(key);
  }
  return *v;
}

Value& List(Value* obj, std::string_view key) {
  Value* v = obj->Find(key);
  if (!v || !v->is_array()) {
    obj->Set(std::string(key), Value::MakeArray());
    v = obj->Find(key);
  }
  return *v;
}

bool HasMember(const Value& obj, std::string_view key) {
  return obj.Find(key) != nullptr;
}

Value Classification(std::string scheme, std::string id, std::string description = {}) {
  Value c = Value::MakeObject();
  SetText(&c, "scheme", std::move(scheme));
  SetText(&c, "id", std::move(id));
  SetText(&c, "description", std::move(description));
  return c;
}

void AddUnique(Value* array, Value v) {
  for (const Value& e : array->as_array()) {
    if (e == v) return;
  }
  array->as_array().push_back(std::move(v));
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1234.56", "1 234,56", "1.234,56", "1,234.56" -> JSON number text "1234.56"; nullopt when the
// text is not a non-negative decimal.
std::optional<std::string> AmountText(std::string_view raw) {
  std::string s;
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'') continue;
    if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0) {  // no-break space
      ++i;
      continue;
    }
    s += static_cast<char>(c);
  }
  size_t comma = s.rfind(','), dot = s.rfind('.');
  if (comma != std::string::npos && (dot == std::string::npos || comma > dot)) {
    // The comma is the decimal mark: dots (if any) group thousands.
    std::string t;
    for (char c : s) {
      if (c != '.') t += c == ',' ? '.' : c;
    }
    s = t;
  } else if (comma != std::string::npos) {
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  }
  size_t point = s.find('.');
  std::string whole = s.substr(0, point);
  std::string fraction = point == std::string::npos ? std::string() : s.substr(point + 1);
  if (!IsDigits(whole) || (point != std::string::npos && !IsDigits(fraction))) return std::nullopt;
  size_t first = whole.find_first_not_of('0');
  whole = first == std::string::npos ? "0" : whole.substr(first);
  return fraction.empty() ? whole : whole + "." + fraction;
}

bool LeapYear(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// "2021-04-20" or "20210420" -> "2021-04-20"; nullopt for anything else or an impossible date.
std::optional<std::string> IsoDate(std::string_view raw) {
  std::string_view s = Trim(raw);
  std::string digits;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    digits = std::string(s.substr(0, 4)) + std::string(s.substr(5, 2)) + std::string(s.substr(8, 2));
  } else if (s.size() == 8) {
    digits = std::string(s);
  }
  if (digits.size() != 8 || !IsDigits(digits)) return std::nullopt;
  int y = std::stoi(digits.substr(0, 4)), m = std::stoi(digits.substr(4, 2)), d = std::stoi(digits.substr(6, 2));
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > kDays[static_cast<size_t>(m - 1)]) return std::nullopt;
  if (m == 2 && d == 29 && !LeapYear(y)) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

// A notice number as written in an OJ S reference ("2019/S 123-456789") or as a TED document
// id ("456789-2019"): {year, number}.
std::optional<std::pair<int, long>> NoticeNumber(std::string_view raw) {
  std::string_view s = Trim(raw);
  std::string year, number;
  if (size_t slash = s.find('/'); slash != std::string_view::npos) {
    year = std::string(Trim(s.substr(0, slash)));
    size_t dash = s.rfind('-');
    if (dash == std::string_view::npos || dash < slash) return std::nullopt;
    number = std::string(Trim(s.substr(dash + 1)));
  } else if (size_t dash = s.find('-'); dash != std::string_view::npos) {
    number = std::string(Trim(s.substr(0, dash)));
    year = std::string(Trim(s.substr(dash + 1)));
  }
  if (year.size() != 4 || !IsDigits(year) || number.empty() || number.size() > 9 || !IsDigits(number)) {
    return std::nullopt;
  }
  return std::make_pair(std::stoi(year), std::stol(number));
}

std::string NoticeId(std::pair<int, long> n) {
  return fmt::format("{:06}-{}", n.second, n.first);
}

std::uint64_t Fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// ---- Code lists -----------------------------------------------------------------------------

struct Code {
  std::string_view ted, id, description;
};

// mapping/shared/enumerations.csv: CA_TYPE -> TED_CA_TYPE, CA_ACTIVITY -> COFOG.
constexpr std::array<Code, 6> kCaTypes = {{
    {"MINISTRY", "MINISTRY",
     "Ministry or any other national or federal authority, including their regional or local subdivisions"},
    {"NATIONAL_AGENCY", "NATIONAL_AGENCY", "National or federal agency/office"},
    {"REGIONAL_AUTHORITY", "REGIONAL_AUTHORITY", "Regional or local authority"},
    {"REGIONAL_AGENCY", "REGIONAL_AGENCY", "Regional or local agency/office"},
    {"BODY_PUBLIC", "BODY_PUBLIC", "Body governed by public law"},
    {"EU_INSTITUTION", "EU_INSTITUTION", "European institution/agency or international organisation"},
}};

constexpr std::array<Code, 10> kActivities = {{
    {"GENERAL_PUBLIC_SERVICES", "01", "General public services"},
    {"DEFENCE", "02", "Defence"},
    {"PUBLIC_ORDER_AND_SAFETY", "03", "Public order and safety"},
    {"ECONOMIC_AND_FINANCIAL_AFFAIRS", "04", "Economic affairs"},
    {"ENVIRONMENT", "05", "Environmental protection"},
    {"HOUSING_AND_COMMUNITY_AMENITIES", "06", "Housing and community amenities"},
    {"HEALTH", "07", "Health"},
    {"RECREATION_CULTURE_AND_RELIGION", "08", "Recreation, culture and religion"},
    {"EDUCATION", "09", "Education"},
    {"SOCIAL_PROTECTION", "10", "Social protection"},
}};

struct Method {
  std::string_view element, method, details;
};

constexpr std::string_view kWithoutCall = "Award procedure without prior publication of a call for competition";

// The procedure type elements of every form (mapping CSVs, /PROCEDURE/PT_*); the defence forms'
// own elements (no OCP guidance) are mapped to the nearest 2014 procedure.
constexpr std::array<Method, 27> kMethods = {{
    {"PT_OPEN", "open", "Open procedure"},
    {"PT_RESTRICTED", "selective", "Restricted procedure"},
    {"PT_COMPETITIVE_NEGOTIATION", "selective", "Competitive procedure with negotiation"},
    {"PT_COMPETITIVE_DIALOGUE", "selective", "Competitive dialogue"},
    {"PT_INNOVATION_PARTNERSHIP", "selective", "Innovation partnership"},
    {"PT_NEGOTIATED_WITH_PRIOR_CALL", "selective", "Negotiated procedure with prior call for competition"},
    {"PT_INVOLVING_NEGOTIATION", "selective", "Procedure involving negotiations"},
    {"PT_AWARD_CONTRACT_WITHOUT_CALL", "limited", kWithoutCall},
    {"PT_AWARD_CONTRACT_WITHOUT_PUBLICATION", "limited", kWithoutCall},
    {"PT_NEGOTIATED_WITHOUT_PUBLICATION", "limited", kWithoutCall},
    {"PT_AWARD_CONTRACT_WITH_PRIOR_PUBLICATION", "",
     "Award procedure with prior publication of a call for competition"},
    {"PT_COMPETITIVE_TENDERING", "open", "Competitive tendering procedure"},
    {"PT_REQUEST_EXPRESSION_INTEREST", "selective", "Request for expression of interest – only for rail"},
    {"PT_DA_SMALL_CONTRACT", "direct", "Direct award of a small scale contract"},
    {"PT_DA_MEDIUM_ENTERPRISE", "direct",
     "Direct award of a small scale contract to a small and medium sized enterprise"},
    {"PT_DA_INTERNAL_OPERATOR", "direct", "Direct award to an internal operator"},
    {"PT_DA_RAILWAY_TRANSPORT", "direct", "Direct award for railway transport"},
    {"PT_DA_EXCEPTIONAL_CIRCUMSTANCE_RAIL", "direct",
     "Direct award if justified by exceptional circumstances – only for rail"},
    {"PT_DA_MARKET_NETWORK_RAIL", "direct",
     "Direct award if justified by relevant structural and geographical characteristics of the market and the "
     "network – only for rail"},
    {"PT_DA_OPERATOR_MANAGER_RAIL", "direct",
     "Direct award to an operator which manages simultaneously the entire or the major part of the railway "
     "infrastructure on which the services are provided"},
    {"PT_ACCELERATED_RESTRICTED", "selective", "Accelerated restricted procedure"},
    {"PT_ACCELERATED_RESTRICTED_CHOICE", "selective", "Accelerated restricted procedure"},
    {"PT_NEGOTIATED_CHOICE", "selective", "Negotiated procedure with publication of a contract notice"},
    {"PT_NEGOTIATED_WITH_PUBLICATION_CONTRACT_NOTICE", "selective",
     "Negotiated procedure with publication of a contract notice"},
    {"PT_ACCELERATED_NEGOTIATED", "selective", "Accelerated negotiated procedure"},
    {"F17_PT_ACCELERATED_NEGOTIATED", "selective", "Accelerated negotiated procedure"},
    {"F18_PT_NEGOTIATED_WITHOUT_PUBLICATION_CONTRACT_NOTICE", "limited", kWithoutCall},
}};

const Method* MethodOf(std::string_view element) {
  for (const Method& m : kMethods) {
    if (m.element == element) return &m;
  }
  return nullptr;
}

// English names for address.countryName (the register also reads address.country).
constexpr std::array<std::pair<std::string_view, std::string_view>, 36> kCountryNames = {{
    {"AT", "Austria"},        {"BE", "Belgium"},     {"BG", "Bulgaria"}, {"CH", "Switzerland"},
    {"CY", "Cyprus"},         {"CZ", "Czechia"},     {"DE", "Germany"},  {"DK", "Denmark"},
    {"EE", "Estonia"},        {"ES", "Spain"},       {"FI", "Finland"},  {"FR", "France"},
    {"GB", "United Kingdom"}, {"GR", "Greece"},      {"HR", "Croatia"},  {"HU", "Hungary"},
    {"IE", "Ireland"},        {"IS", "Iceland"},     {"IT", "Italy"},    {"LI", "Liechtenstein"},
    {"LT", "Lithuania"},      {"LU", "Luxembourg"},  {"LV", "Latvia"},   {"MK", "North Macedonia"},
    {"MT", "Malta"},          {"NL", "Netherlands"}, {"NO", "Norway"},   {"PL", "Poland"},
    {"PT", "Portugal"},       {"RO", "Romania"},     {"RS", "Serbia"},   {"SE", "Sweden"},
    {"SI", "Slovenia"},       {"SK", "Slovakia"},    {"TR", "Türkiye"},  {"US", "United States"},
}};

std::string CountryName(const std::string& code) {
  for (const auto& [cc, name] : kCountryNames) {
    if (cc == code) return std::string(name);
  }
  return code;
}

// ---- Forms ----------------------------------------------------------------------------------

enum class Family : std::uint8_t { kGeneral, kDefence };
enum class Stage : std::uint8_t { kPlanning, kTender, kAward, kTenderUpdate, kContractAmendment };

struct Form {
  std::string_view element;
  Stage stage;
  Family family;
};

constexpr std::array<Form, 24> kForms = {{
    {"F01_2014", Stage::kPlanning, Family::kGeneral},
    {"F02_2014", Stage::kTender, Family::kGeneral},
    {"F03_2014", Stage::kAward, Family::kGeneral},
    {"F04_2014", Stage::kPlanning, Family::kGeneral},
    {"F05_2014", Stage::kTender, Family::kGeneral},
    {"F06_2014", Stage::kAward, Family::kGeneral},
    {"F07_2014", Stage::kTender, Family::kGeneral},
    {"F08_2014", Stage::kPlanning, Family::kGeneral},
    {"F12_2014", Stage::kTender, Family::kGeneral},
    {"F13_2014", Stage::kAward, Family::kGeneral},
    {"F14_2014", Stage::kTenderUpdate, Family::kGeneral},
    {"F15_2014", Stage::kAward, Family::kGeneral},
    {"F20_2014", Stage::kContractAmendment, Family::kGeneral},
    {"F21_2014", Stage::kTender, Family::kGeneral},
    {"F22_2014", Stage::kTender, Family::kGeneral},
    {"F23_2014", Stage::kTender, Family::kGeneral},
    {"F24_2014", Stage::kTender, Family::kGeneral},
    {"F25_2014", Stage::kAward, Family::kGeneral},
    {"MOVE", Stage::kAward, Family::kGeneral},
    {"PRIOR_INFORMATION_DEFENCE", Stage::kPlanning, Family::kDefence},
    {"CONTRACT_DEFENCE", Stage::kTender, Family::kDefence},
    {"CONTRACT_AWARD_DEFENCE", Stage::kAward, Family::kDefence},
    {"CONTRACT_CONCESSIONAIRE_DEFENCE", Stage::kTender, Family::kDefence},
    {"CONTRACT_SUB_DEFENCE", Stage::kTender, Family::kDefence},
}};

const Form* FormOf(std::string_view element) {
  for (const Form& f : kForms) {
    if (f.element == element) return &f;
  }
  return nullptr;
}

// ---- The mapper -----------------------------------------------------------------------------

class TedMapper {
 public:
  MappedNotice Run(Node root);

 private:
  void Warn(Node at, std::string code, std::string message) {
    out_.problems.push_back({false, xml::Line(at), std::move(code), std::move(message)});
  }
  void Reject(Node at, std::string code, std::string message) {
    out_.problems.push_back({true, xml::Line(at), std::move(code), std::move(message)});
  }

  Node ChooseForm(Node root);
  std::string Ocid(Node root, Node form, std::pair<int, long> self);
  std::string PublicationDate(Node root);

  std::optional<Value> Amount(Node value_element, Node currency_element = nullptr);
  std::optional<std::int64_t> Count(Node n);
  std::optional<std::string> Date(Node n);
  std::optional<std::string> DefenceDate(Node n);

  std::string AddParty(Node address, std::string_view role);
  void AddRole(Value* party, std::string_view role);
  void ContractingBody(Node body);
  void DefenceParties(Node form);

  void GeneralTender(Node form);
  void Procedure(Node procedure);
  void Framework(Node procedure);
  void Lots(Node object, const std::string& main_cpv);
  void Period(Node holder, Value* target);
  void GeneralAwards(Node form);
  void Award(Node award_contract, int index);
  void DesignContestResults(Node form);
  void Modifications(Node form);
  void Changes(Node form);

  void DefenceTender(Node form);
  void DefenceAwards(Node form);

  void Translations(Node root, Node form);
  std::vector<std::string> Tags(Node form) const;

  MappedNotice out_;
  const Form* form_info_ = nullptr;
  std::string language_;
  Value tender_ = Value::MakeObject();
  std::vector<Value> parties_;
  std::string buyer_id_, buyer_name_;
  Value awards_ = Value::MakeArray();
  Value contracts_ = Value::MakeArray();
  bool any_awarded_ = false;
  bool any_unsuccessful_ = false;
};

Node TedMapper::ChooseForm(Node root) {
  std::vector<Node> forms = xml::Children(xml::Child(root, "FORM_SECTION"));
  for (Node f : forms) {
    if (xml::Attr(f, "CATEGORY") == "ORIGINAL") return f;
  }
  return forms.empty() ? nullptr : forms.front();
}

std::string TedMapper::Ocid(Node root, Node form, std::pair<int, long> self) {
  std::pair<int, long> first = self;
  std::vector<Node> refs;
  for (Node ref : xml::Children(At(root, {"CODED_DATA_SECTION", "NOTICE_DATA"}), "REF_NOTICE")) {
    for (Node n : xml::Children(ref, "NO_DOC_OJS")) refs.push_back(n);
  }
  for (Node n : AllNamed(form, "NOTICE_NUMBER_OJ")) refs.push_back(n);
  for (Node n : refs) {
    std::string text = xml::Text(n);
    if (text.empty()) continue;
    auto number = NoticeNumber(text);
    if (!number) {
      Warn(n, "bad_notice_reference", fmt::format("\"{}\" is not a notice number (YYYY/S NNN-NNNNNN)", text));
      continue;
    }
    if (*number < first) first = *number;
  }
  return "ocds-cobuyt-" + NoticeId(first);
}

std::string TedMapper::PublicationDate(Node root) {
  Node pub = At(root, {"CODED_DATA_SECTION", "REF_OJS", "DATE_PUB"});
  if (auto day = IsoDate(xml::Text(pub))) return *day + "T00:00:00Z";
  Warn(pub ? pub : root, "bad_date", "no publication date (REF_OJS/DATE_PUB, YYYYMMDD)");
  return {};
}

std::optional<Value> TedMapper::Amount(Node value_element, Node currency_element) {
  if (!value_element) return std::nullopt;
  std::string text = xml::Text(value_element);
  if (text.empty()) return std::nullopt;
  auto number = AmountText(text);
  if (!number) {
    Warn(value_element, "bad_number",
         fmt::format("{} \"{}\" is not a number; the value is left out", xml::Name(value_element), text));
    return std::nullopt;
  }
  Value money = Value::MakeObject();
  money.Set("amount", Value::Number(*number));
  std::string currency = AsciiUpper(Trim(xml::Attr(currency_element ? currency_element : value_element, "CURRENCY")));
  if (currency.size() == 3 &&
      std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    money.Set("currency", Value::String(currency));
  }
  return money;
}

std::optional<std::int64_t> TedMapper::Count(Node n) {
  std::string text = xml::Text(n);
  if (!n || text.empty()) return std::nullopt;
  if (!IsDigits(text) || text.size() > 12) {
    Warn(n, "bad_number", fmt::format("{} \"{}\" is not a whole number; left out", xml::Name(n), text));
    return std::nullopt;
  }
  return std::stoll(text);
}

std::optional<std::string> TedMapper::Date(Node n) {
  std::string text = xml::Text(n);
  if (!n || text.empty()) return std::nullopt;
  auto day = IsoDate(text);
  if (!day) {
    Warn(n, "bad_date", fmt::format("{} \"{}\" is not a date; left out", xml::Name(n), text));
    return std::nullopt;
  }
  return *day + "T00:00:00Z";
}

// The defence forms write dates as <DAY>, <MONTH>, <YEAR> children.
std::optional<std::string> TedMapper::DefenceDate(Node n) {
  if (!n) return std::nullopt;
  std::string y = xml::Text(Kid(n, "YEAR")), m = xml::Text(Kid(n, "MONTH")), d = xml::Text(Kid(n, "DAY"));
  if (y.empty() && m.empty() && d.empty()) return Date(n);
  if (m.size() == 1) m = "0" + m;
  if (d.size() == 1) d = "0" + d;
  auto day = IsoDate(y + m + d);
  if (!day) {
    Warn(n, "bad_date", fmt::format("{} {}-{}-{} is not a date; left out", xml::Name(n), y, m, d));
    return std::nullopt;
  }
  return *day + "T00:00:00Z";
}

void TedMapper::AddRole(Value* party, std::string_view role) {
  AddUnique(&List(party, "roles"), Value::String(std::string(role)));
}

// Adds (or finds) the organisation of an ADDRESS_* element (2014 forms) or a CONTACT_DATA /
// CA_CE_CONCESSIONAIRE_PROFILE element (defence forms) with `role`; returns its party id, ""
// when the element names no organisation.
std::string TedMapper::AddParty(Node address, std::string_view role) {
  Node organisation = Kid(address, "ORGANISATION");
  std::string name = Line(Kid(address, "OFFICIALNAME"));
  if (name.empty()) name = Line(Kid(organisation, "OFFICIALNAME"));
  if (name.empty()) return {};
  std::string country = CountryCode(xml::Attr(Kid(address, "COUNTRY"), "VALUE"));

  // A national id needs a digit: "N/A", "-" and the like are no identifier.
  std::string national = Line(Kid(address, "NATIONALID"));
  if (national.empty()) national = Line(Kid(organisation, "NATIONALID"));
  size_t start = 0;
  while (start < national.size() && std::string_view(":;,.-# ").find(national[start]) != std::string_view::npos)
    ++start;
  national = national.substr(start);
  bool has_digit = std::any_of(national.begin(), national.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!has_digit) national.clear();

  std::string id;
  std::string scheme = NationalScheme(country);
  if (!national.empty()) {
    std::string compact;
    for (char c : national) {
      if (c != ' ') compact += c;
    }
    id = scheme + "-" + compact;
  } else {
    id = fmt::format("org-{}-{:016x}", country.empty() ? "XX" : country, Fnv1a(AsciiLower(name)));
  }
  for (Value& p : parties_) {
    if (const Value* pid = p.Find("id"); pid && pid->is_string() && pid->as_string() == id) {
      AddRole(&p, role);
      return id;
    }
  }

  Value party = Value::MakeObject();
  party.Set("id", Value::String(id));
  party.Set("name", Value::String(name));
  if (!national.empty()) {
    Value& identifier = Sub(&party, "identifier");
    identifier.Set("scheme", Value::String(scheme));
    identifier.Set("id", Value::String(national));
    identifier.Set("legalName", Value::String(name));
  }
  Value address_value = Value::MakeObject();
  SetText(&address_value, "streetAddress", Line(Kid(address, "ADDRESS")));
  SetText(&address_value, "locality", Line(Kid(address, "TOWN")));
  SetText(&address_value, "postalCode", Line(Kid(address, "POSTAL_CODE")));
  SetText(&address_value, "region", xml::Attr(Kid(address, "NUTS"), "CODE"));
  if (!country.empty()) {
    address_value.Set("countryName", Value::String(CountryName(country)));
    address_value.Set("country", Value::String(country));
  }
  if (!address_value.as_object().empty()) party.Set("address", std::move(address_value));
  Value contact = Value::MakeObject();
  SetText(&contact, "name", Line(Kid(address, "CONTACT_POINT")));
  std::string email = Line(Kid(address, "E_MAIL"));
  if (email.empty()) email = Line(At(address, {"E_MAILS", "E_MAIL"}));
  SetText(&contact, "email", email);
  SetText(&contact, "telephone", Line(Kid(address, "PHONE")));
  SetText(&contact, "faxNumber", Line(Kid(address, "FAX")));
  if (!contact.as_object().empty()) party.Set("contactPoint", std::move(contact));
  Value details = Value::MakeObject();
  std::string url = Line(Kid(address, "URL_GENERAL"));
  if (url.empty()) url = Line(Kid(address, "URL"));
  SetText(&details, "url", url);
  SetText(&details, "buyerProfile", Line(Kid(address, "URL_BUYER")));
  if (!details.as_object().empty()) party.Set("details", std::move(details));
  party.Set("roles", Value::MakeArray());
  AddRole(&party, role);
  parties_.push_back(std::move(party));
  return id;
}

Value* FindParty(std::vector<Value>* parties, const std::string& id) {
  for (Value& p : *parties) {
    if (const Value* pid = p.Find("id"); pid && pid->is_string() && pid->as_string() == id) return &p;
  }
  return nullptr;
}

void TedMapper::ContractingBody(Node body) {
  Node main = Kid(body, "ADDRESS_CONTRACTING_BODY");
  buyer_id_ = AddParty(main, "buyer");
  buyer_name_ = Line(Kid(main, "OFFICIALNAME"));
  for (Node extra : Kids(body, "ADDRESS_CONTRACTING_BODY_ADDITIONAL")) AddParty(extra, "buyer");
  Value* buyer = FindParty(&parties_, buyer_id_);
  if (!buyer) return;
  if (Kid(body, "CENTRAL_PURCHASING")) AddRole(buyer, "centralPurchasingBody");
  Value classifications = Value::MakeArray();
  std::string ca_type = xml::Attr(Kid(body, "CA_TYPE"), "VALUE");
  for (const Code& c : kCaTypes) {
    if (c.ted == ca_type)
      classifications.as_array().push_back(
          Classification("TED_CA_TYPE", std::string(c.id), std::string(c.description)));
  }
  if (std::string other = Line(Kid(body, "CA_TYPE_OTHER")); !other.empty()) {
    classifications.as_array().push_back(Classification("TED_CA_TYPE", {}, other));
  }
  std::string activity = xml::Attr(Kid(body, "CA_ACTIVITY"), "VALUE");
  for (const Code& c : kActivities) {
    if (c.ted == activity)
      classifications.as_array().push_back(Classification("COFOG", std::string(c.id), std::string(c.description)));
  }
  if (std::string other = Line(Kid(body, "CA_ACTIVITY_OTHER")); !other.empty()) {
    classifications.as_array().push_back(Classification("COFOG", {}, other));
  }
  if (!classifications.as_array().empty()) Sub(buyer, "details").Set("classifications", std::move(classifications));
  if (Node further = Kid(body, "ADDRESS_FURTHER_INFO")) AddParty(further, "processContactPoint");
}

void TedMapper::DefenceParties(Node form) {
  Node authority =
      FirstBelow(form, [](std::string_view s) { return StartsWith(s, "CONTRACTING_AUTHORITY_INFORMATION"); });
  Node profile = Below(authority ? authority : form, "CA_CE_CONCESSIONAIRE_PROFILE");
  buyer_id_ = AddParty(profile, "buyer");
  buyer_name_ = Line(At(profile, {"ORGANISATION", "OFFICIALNAME"}));
  if (buyer_name_.empty()) buyer_name_ = Line(Kid(profile, "OFFICIALNAME"));
  Node on_behalf = Below(authority, "PURCHASING_ON_BEHALF_YES");
  for (Node other : AllNamed(on_behalf, "CONTACT_DATA_OTHER_BEHALF_CONTRACTING_AUTORITHY")) AddParty(other, "buyer");
  Node appeal = Below(form, "APPEAL_PROCEDURE_BODY_RESPONSIBLE");
  AddParty(Below(appeal, "CONTACT_DATA_WITHOUT_RESPONSIBLE_NAME"), "reviewBody");
  Node mediation = Below(form, "MEDIATION_PROCEDURE_BODY_RESPONSIBLE");
  AddParty(Below(mediation, "CONTACT_DATA_WITHOUT_RESPONSIBLE_NAME"), "mediationBody");
}

void TedMapper::Procedure(Node procedure) {
  std::vector<Node> candidates = xml::Children(procedure);
  for (size_t i = 0; i < candidates.size(); ++i) {
    Node c = candidates[i];
    std::string_view name = xml::Name(c);
    if (IsWrapper(c) || StartsWith(name, "DIRECTIVE_")) {
      std::vector<Node> inner = xml::Children(c);
      candidates.insert(candidates.begin() + static_cast<std::ptrdiff_t>(i) + 1, inner.begin(), inner.end());
      continue;
    }
    if (const Method* m = MethodOf(name)) {
      SetText(&tender_, "procurementMethod", std::string(m->method));
      SetText(&tender_, "procurementMethodDetails", std::string(m->details));
      SetText(&tender_, "procurementMethodRationale", Para(Kid(c, "D_JUSTIFICATION")));
      return;
    }
  }
}

void TedMapper::Framework(Node procedure) {
  Node framework = Kid(procedure, "FRAMEWORK");
  Value& techniques = Sub(&tender_, "techniques");
  if (framework) {
    techniques.Set("hasFrameworkAgreement", Value::Bool(true));
    Value agreement = Value::MakeObject();
    if (auto n = Count(Kid(framework, "NB_PARTICIPANTS"))) {
      agreement.Set("maximumParticipants", Value::Number(*n));
    } else if (Kid(framework, "SINGLE_OPERATOR") && !Kid(framework, "SEVERAL_OPERATORS")) {
      agreement.Set("maximumParticipants", Value::Number(std::int64_t{1}));
    }
    SetText(&agreement, "periodRationale", Para(Kid(framework, "JUSTIFICATION")));
    if (!agreement.as_object().empty()) techniques.Set("frameworkAgreement", std::move(agreement));
  }
  if (Kid(procedure, "DPS")) {
    techniques.Set("hasDynamicPurchasingSystem", Value::Bool(true));
    if (Kid(procedure, "DPS_ADDITIONAL_PURCHASERS"))
      Sub(&techniques, "dynamicPurchasingSystem").Set("type", Value::String("open"));
  }
  if (Kid(procedure, "TERMINATION_DPS"))
    Sub(&techniques, "dynamicPurchasingSystem").Set("status", Value::String("terminated"));
  if (Kid(procedure, "EAUCTION_USED")) techniques.Set("hasElectronicAuction", Value::Bool(true));
  if (techniques.as_object().empty()) {
    auto& members = tender_.as_object();
    members.erase(
        std::remove_if(members.begin(), members.end(), [](const Value::Member& m) { return m.key == "techniques"; }),
        members.end());
  }
}

// DURATION (MONTH: x30 days, per the mapping; DAY; YEAR: x365), DATE_START, DATE_END.
void TedMapper::Period(Node holder, Value* target) {
  Value period = Value::MakeObject();
  if (auto start = Date(Kid(holder, "DATE_START"))) period.Set("startDate", Value::String(*start));
  if (auto end = Date(Kid(holder, "DATE_END"))) period.Set("endDate", Value::String(*end));
  Node duration = Kid(holder, "DURATION");
  if (auto n = Count(duration)) {
    std::string type = xml::Attr(duration, "TYPE");
    std::int64_t factor = type == "MONTH" ? 30 : type == "YEAR" ? 365 : 1;
    period.Set("durationInDays", Value::Number(*n * factor));
  }
  if (!period.as_object().empty()) target->Set("contractPeriod", std::move(period));
}

void TedMapper::Lots(Node object, const std::string& main_cpv) {
  bool design_contest = form_info_->element == "F12_2014" || form_info_->element == "F13_2014";
  std::vector<Node> descriptions = Kids(object, "OBJECT_DESCR");
  Value lots = Value::MakeArray(), items = Value::MakeArray();
  for (size_t i = 0; i < descriptions.size(); ++i) {
    Node d = descriptions[i];
    Value extra = Value::MakeArray();
    for (Node cpv : Kids(d, "CPV_ADDITIONAL")) {
      std::string code = xml::Attr(Kid(cpv, "CPV_CODE"), "CODE");
      if (!code.empty()) AddUnique(&extra, Classification("CPV", code));
    }
    if (design_contest) {
      // F12, F13: the description is the contest's; its CPVs the tender's.
      if (!HasMember(tender_, "description")) SetText(&tender_, "description", Para(Kid(d, "SHORT_DESCR")));
      for (Value& c : extra.as_array()) AddUnique(&List(&tender_, "additionalClassifications"), std::move(c));
      continue;
    }
    std::string lot_id = Line(Kid(d, "LOT_NO"));
    if (lot_id.empty()) lot_id = descriptions.size() == 1 ? "1" : std::to_string(i + 1);
    Value lot = Value::MakeObject();
    lot.Set("id", Value::String(lot_id));
    SetText(&lot, "title", Line(Kid(d, "TITLE")));
    SetText(&lot, "description", Para(Kid(d, "SHORT_DESCR")));
    if (auto value = Amount(Kid(d, "VAL_OBJECT"))) lot.Set("value", std::move(*value));
    Period(d, &lot);
    Value item = Value::MakeObject();
    item.Set("id", Value::String(lot_id));
    if (!main_cpv.empty()) item.Set("classification", Classification("CPV", main_cpv));
    if (!extra.as_array().empty()) item.Set("additionalClassifications", std::move(extra));
    Value delivery = Value::MakeArray();
    for (Node nuts : Kids(d, "NUTS")) {
      Value address = Value::MakeObject();
      SetText(&address, "region", xml::Attr(nuts, "CODE"));
      if (!address.as_object().empty()) delivery.as_array().push_back(std::move(address));
    }
    if (!delivery.as_array().empty()) item.Set("deliveryAddresses", std::move(delivery));
    item.Set("relatedLot", Value::String(lot_id));
    lots.as_array().push_back(std::move(lot));
    items.as_array().push_back(std::move(item));
  }
  if (lots.as_array().size() == 1) {
    // One lot: its period is the procedure's (its value stays the lot's).
    if (const Value* period = lots.as_array().front().Find("contractPeriod")) tender_.Set("contractPeriod", *period);
  }
  if (!lots.as_array().empty()) tender_.Set("lots", std::move(lots));
  if (!items.as_array().empty()) tender_.Set("items", std::move(items));
}

void TedMapper::GeneralTender(Node form) {
  Node object = Kid(form, "OBJECT_CONTRACT");
  SetText(&tender_, "title", Line(Kid(object, "TITLE")));
  SetText(&tender_, "description", Para(Kid(object, "SHORT_DESCR")));
  std::string ctype = xml::Attr(Kid(object, "TYPE_CONTRACT"), "CTYPE");
  if (ctype == "WORKS") tender_.Set("mainProcurementCategory", Value::String("works"));
  if (ctype == "SUPPLIES") tender_.Set("mainProcurementCategory", Value::String("goods"));
  if (ctype == "SERVICES") tender_.Set("mainProcurementCategory", Value::String("services"));
  std::string main_cpv = xml::Attr(At(object, {"CPV_MAIN", "CPV_CODE"}), "CODE");
  if (!main_cpv.empty()) tender_.Set("classification", Classification("CPV", main_cpv));
  // The estimated value; an award notice's OBJECT_CONTRACT/VAL_TOTAL is the sum of its awards
  // (the mapping discards it: the awards carry it).
  if (auto value = Amount(Kid(object, "VAL_ESTIMATED_TOTAL"))) tender_.Set("value", std::move(*value));
  Lots(object, main_cpv);

  Node procedure = Kid(form, "PROCEDURE");
  Procedure(procedure);
  Framework(procedure);
  if (auto day = IsoDate(xml::Text(Kid(procedure, "DATE_RECEIPT_TENDERS")))) {
    std::string time = xml::Text(Kid(procedure, "TIME_RECEIPT_TENDERS"));
    bool time_ok = time.size() == 5 && time[2] == ':' && IsDigits(time.substr(0, 2)) && IsDigits(time.substr(3, 2));
    Sub(&tender_, "tenderPeriod").Set("endDate", Value::String(*day + "T" + (time_ok ? time : "23:59") + ":00Z"));
  } else if (Node receipt = Kid(procedure, "DATE_RECEIPT_TENDERS"); receipt && !xml::Text(receipt).empty()) {
    Warn(receipt, "bad_date", fmt::format("DATE_RECEIPT_TENDERS \"{}\" is not a date; left out", xml::Text(receipt)));
  }

  Node info = Kid(form, "COMPLEMENTARY_INFO");
  AddParty(Kid(info, "ADDRESS_REVIEW_BODY"), "reviewBody");
  AddParty(Kid(info, "ADDRESS_MEDIATION_BODY"), "mediationBody");
  AddParty(Kid(info, "ADDRESS_REVIEW_INFO"), "reviewContactPoint");
}

void TedMapper::Award(Node award_contract, int index) {
  std::string item = xml::Attr(award_contract, "ITEM");
  if (item.empty() || item.size() > 20) item = std::to_string(index + 1);
  std::string award_id = out_.notice_id + "-" + item;
  Value award = Value::MakeObject();
  award.Set("id", Value::String(award_id));
  std::string title = Line(Kid(award_contract, "TITLE"));
  SetText(&award, "title", title);
  std::string lot = Line(Kid(award_contract, "LOT_NO"));
  if (lot.empty()) lot = "1";
  award.Set("relatedLots", Value::MakeArray({Value::String(lot)}));

  Node awarded = Kid(award_contract, "AWARDED_CONTRACT");
  if (Node none = Kid(award_contract, "NO_AWARDED_CONTRACT"); none && !awarded) {
    award.Set("status", Value::String("unsuccessful"));
    if (Kid(none, "PROCUREMENT_DISCONTINUED")) award.Set("statusDetails", Value::String("discontinued"));
    if (Kid(none, "PROCUREMENT_UNSUCCESSFUL")) {
      award.Set("statusDetails", Value::String("unsuccessful"));
      any_unsuccessful_ = true;
    }
    awards_.as_array().push_back(std::move(award));
    return;
  }
  if (!awarded) {
    awards_.as_array().push_back(std::move(award));
    return;
  }
  any_awarded_ = true;
  award.Set("status", Value::String("active"));
  std::optional<std::string> concluded = Date(Kid(awarded, "DATE_CONCLUSION_CONTRACT"));
  if (concluded) award.Set("date", Value::String(*concluded));
  Value suppliers = Value::MakeArray();
  for (Node contractor : Kids(Kid(awarded, "CONTRACTORS"), "CONTRACTOR")) {
    Node address = Kid(contractor, "ADDRESS_CONTRACTOR");
    std::string id = AddParty(address, "supplier");
    if (id.empty()) continue;
    Value* party = FindParty(&parties_, id);
    if (party && (Kid(contractor, "SME") || Kid(contractor, "NO_SME"))) {
      Sub(party, "details").Set("scale", Value::String(Kid(contractor, "SME") ? "sme" : "large"));
    }
    Value ref = Value::MakeObject();
    ref.Set("id", Value::String(id));
    ref.Set("name", Value::String(Line(Kid(address, "OFFICIALNAME"))));
    AddUnique(&suppliers, std::move(ref));
  }
  if (!suppliers.as_array().empty()) award.Set("suppliers", std::move(suppliers));
  std::optional<Value> value = Amount(At(awarded, {"VALUES", "VAL_TOTAL"}));
  if (value) award.Set("value", *value);
  if (auto bids = Count(At(awarded, {"TENDERS", "NB_TENDERS_RECEIVED"}))) {
    Value statistic = Value::MakeObject();
    statistic.Set("id", Value::String(award_id + "-bids"));
    statistic.Set("measure", Value::String("bids"));
    statistic.Set("value", Value::Number(*bids));
    statistic.Set("relatedLot", Value::String(lot));
    List(&Sub(&tender_, "bids"), "statistics").as_array().push_back(std::move(statistic));
  }
  awards_.as_array().push_back(std::move(award));

  Value contract = Value::MakeObject();
  contract.Set("id", Value::String(award_id));
  contract.Set("awardID", Value::String(award_id));
  SetText(&contract, "title", title);
  contract.Set("status", Value::String("active"));
  if (concluded) contract.Set("dateSigned", Value::String(*concluded));
  if (value) contract.Set("value", std::move(*value));
  contracts_.as_array().push_back(std::move(contract));
}

void TedMapper::GeneralAwards(Node form) {
  std::vector<Node> awards = Kids(form, "AWARD_CONTRACT");
  for (size_t i = 0; i < awards.size(); ++i) Award(awards[i], static_cast<int>(i));
}

// F13: the design contest's results; a prize is an award (no contract follows from it).
void TedMapper::DesignContestResults(Node form) {
  std::vector<Node> results = Kids(form, "RESULTS");
  for (size_t i = 0; i < results.size(); ++i) {
    Node r = results[i];
    std::string item = xml::Attr(r, "ITEM");
    if (item.empty() || item.size() > 20) item = std::to_string(i + 1);
    Value award = Value::MakeObject();
    award.Set("id", Value::String(out_.notice_id + "-" + item));
    Node prize = Kid(r, "AWARDED_PRIZE");
    if (!prize) {
      if (Kid(r, "NO_AWARDED_PRIZE")) award.Set("status", Value::String("unsuccessful"));
      awards_.as_array().push_back(std::move(award));
      continue;
    }
    any_awarded_ = true;
    award.Set("status", Value::String("active"));
    if (auto day = Date(Kid(prize, "DATE_DECISION_JURY"))) award.Set("date", Value::String(*day));
    Value suppliers = Value::MakeArray();
    for (Node winner : Kids(Kid(prize, "WINNERS"), "WINNER")) {
      Node address = Kid(winner, "ADDRESS_WINNER");
      std::string id = AddParty(address, "supplier");
      if (id.empty()) continue;
      Value ref = Value::MakeObject();
      ref.Set("id", Value::String(id));
      ref.Set("name", Value::String(Line(Kid(address, "OFFICIALNAME"))));
      AddUnique(&suppliers, std::move(ref));
    }
    if (!suppliers.as_array().empty()) award.Set("suppliers", std::move(suppliers));
    if (auto value = Amount(Kid(prize, "VAL_PRIZE"))) award.Set("value", std::move(*value));
    awards_.as_array().push_back(std::move(award));
  }
}

// F20: the modified contract's period and value after the modification, and an amendment.
void TedMapper::Modifications(Node form) {
  Node modifications = Kid(form, "MODIFICATIONS_CONTRACT");
  if (!modifications || contracts_.as_array().empty()) return;
  Value& contract = contracts_.as_array().front();
  Node description = Kid(modifications, "DESCRIPTION_PROCUREMENT");
  Value holder = Value::MakeObject();
  Period(description, &holder);
  if (Value* period = holder.Find("contractPeriod")) contract.Set("period", std::move(*period));
  Node info = Kid(modifications, "INFO_MODIFICATIONS");
  std::optional<Value> after = Amount(At(info, {"VALUES", "VAL_TOTAL_AFTER"}));
  if (!after) after = Amount(At(description, {"VALUES", "VAL_TOTAL"}));
  if (after) contract.Set("value", std::move(*after));
  Value amendment = Value::MakeObject();
  amendment.Set("id", Value::String(out_.notice_id));
  SetText(&amendment, "description", Para(Kid(info, "SHORT_DESCR")));
  List(&contract, "amendments").as_array().push_back(std::move(amendment));
}

// F14: the corrigendum as a tender amendment (its changes stay unstructured text).
void TedMapper::Changes(Node form) {
  Node changes = Kid(form, "CHANGES");
  Value amendment = Value::MakeObject();
  amendment.Set("id", Value::String(out_.notice_id));
  SetText(&amendment, "description", Para(Kid(changes, "INFO_ADD")));
  List(&tender_, "amendments").as_array().push_back(std::move(amendment));
}

void TedMapper::DefenceTender(Node form) {
  Node object = FirstBelow(form, [](std::string_view s) { return StartsWith(s, "OBJECT_"); });
  if (!object) object = form;
  SetText(&tender_, "title", Line(Below(object, "TITLE_CONTRACT")));
  SetText(&tender_, "description", Para(Below(object, "SHORT_CONTRACT_DESCRIPTION")));
  std::string ctype = xml::Attr(Below(object, "TYPE_CONTRACT"), "VALUE");
  if (ctype == "WORKS") tender_.Set("mainProcurementCategory", Value::String("works"));
  if (ctype == "SUPPLIES") tender_.Set("mainProcurementCategory", Value::String("goods"));
  if (ctype == "SERVICES") tender_.Set("mainProcurementCategory", Value::String("services"));
  Node cpv = Below(object, "CPV_MAIN");
  if (std::string code = xml::Attr(Kid(cpv, "CPV_CODE"), "CODE"); !code.empty()) {
    tender_.Set("classification", Classification("CPV", code));
  }
  Value extra = Value::MakeArray();
  for (Node additional : Kids(Below(object, "CPV"), "CPV_ADDITIONAL")) {
    std::string code = xml::Attr(Kid(additional, "CPV_CODE"), "CODE");
    if (!code.empty()) AddUnique(&extra, Classification("CPV", code));
  }
  if (!extra.as_array().empty()) tender_.Set("additionalClassifications", std::move(extra));
  Node scope = Below(object, "QUANTITY_SCOPE");
  Node costs = Below(Below(scope, "NATURE_QUANTITY_SCOPE"), "COSTS_RANGE_AND_CURRENCY");
  if (auto value = Amount(Below(costs, "VALUE_COST"), costs)) tender_.Set("value", std::move(*value));

  Node framework = Below(object, "F17_FRAMEWORK");
  Node involves = FirstBelow(object, [](std::string_view s) { return StartsWith(s, "NOTICE_INVOLVES"); });
  if (framework || xml::Attr(involves, "VALUE") == "CONCLUSION_FRAMEWORK_AGREEMENT") {
    Value& techniques = Sub(&tender_, "techniques");
    techniques.Set("hasFrameworkAgreement", Value::Bool(true));
    Node max = Below(framework, "MAX_NUMBER_PARTICIPANTS");
    if (auto n = Count(max ? max : Below(framework, "NUMBER_PARTICIPANTS"))) {
      Sub(&techniques, "frameworkAgreement").Set("maximumParticipants", Value::Number(*n));
    }
  }
  Node procedure = FirstBelow(form, [](std::string_view s) { return StartsWith(s, "PROCEDURE_DEFINITION"); });
  if (Node type = FirstBelow(procedure, [](std::string_view s) { return MethodOf(s) != nullptr; })) {
    const Method* m = MethodOf(xml::Name(type));
    SetText(&tender_, "procurementMethod", std::string(m->method));
    SetText(&tender_, "procurementMethodDetails", std::string(m->details));
  }
}

void TedMapper::DefenceAwards(Node form) {
  std::vector<Node> awards = AllNamed(form, "AWARD_OF_CONTRACT_DEFENCE");
  for (size_t i = 0; i < awards.size(); ++i) {
    Node a = awards[i];
    std::string item = xml::Attr(a, "ITEM");
    if (item.empty() || item.size() > 20) item = std::to_string(i + 1);
    std::string award_id = out_.notice_id + "-" + item;
    Value award = Value::MakeObject();
    award.Set("id", Value::String(award_id));
    award.Set("status", Value::String("active"));
    std::string title = Line(Below(a, "CONTRACT_TITLE"));
    SetText(&award, "title", title);
    if (std::string lot = Line(Below(a, "LOT_NUMBER")); !lot.empty()) {
      award.Set("relatedLots", Value::MakeArray({Value::String(lot)}));
    }
    std::optional<std::string> day = DefenceDate(Kid(a, "CONTRACT_AWARD_DATE"));
    if (day) award.Set("date", Value::String(*day));
    Node operator_address = Below(Kid(a, "ECONOMIC_OPERATOR_NAME_ADDRESS"), "CONTACT_DATA_WITHOUT_RESPONSIBLE_NAME");
    if (std::string id = AddParty(operator_address, "supplier"); !id.empty()) {
      Value ref = Value::MakeObject();
      ref.Set("id", Value::String(id));
      ref.Set("name", Value::String(Line(Below(operator_address, "OFFICIALNAME"))));
      award.Set("suppliers", Value::MakeArray({std::move(ref)}));
    }
    Node costs = Kid(Kid(a, "CONTRACT_VALUE_INFORMATION"), "COSTS_RANGE_AND_CURRENCY_WITH_VAT_RATE");
    std::optional<Value> value = Amount(Kid(costs, "VALUE_COST"), costs);
    if (value) award.Set("value", *value);
    any_awarded_ = true;
    awards_.as_array().push_back(std::move(award));
    Value contract = Value::MakeObject();
    contract.Set("id", Value::String(award_id));
    contract.Set("awardID", Value::String(award_id));
    SetText(&contract, "title", title);
    contract.Set("status", Value::String("active"));
    if (day) contract.Set("dateSigned", Value::String(*day));
    if (value) contract.Set("value", std::move(*value));
    contracts_.as_array().push_back(std::move(contract));
  }
}

std::string TitleOf(Node form, const Form& info) {
  if (info.family == Family::kDefence) return Line(Below(form, "TITLE_CONTRACT"));
  return Line(At(form, {"OBJECT_CONTRACT", "TITLE"}));
}

std::string DescriptionOf(Node form, const Form& info) {
  if (info.family == Family::kDefence) return Para(Below(form, "SHORT_CONTRACT_DESCRIPTION"));
  return Para(At(form, {"OBJECT_CONTRACT", "SHORT_DESCR"}));
}

bool IsLanguageCode(const std::string& lg) {
  return lg.size() == 2 && std::all_of(lg.begin(), lg.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// TRANSLATION_SECTION's titles, then the translated forms' own title and description (these
// win: they are the whole title, TED's ML titles are its short subject line).
void TedMapper::Translations(Node root, Node form) {
  for (Node doc : Kids(At(root, {"TRANSLATION_SECTION", "ML_TITLES"}), "ML_TI_DOC")) {
    std::string lg = AsciiLower(Trim(xml::Attr(doc, "LG")));
    std::string title = Line(Kid(doc, "TI_TEXT"));
    if (!IsLanguageCode(lg) || title.empty()) continue;
    if (lg == language_) {
      if (!HasMember(tender_, "title")) tender_.Set("title", Value::String(title));
    } else {
      tender_.Set("title_" + lg, Value::String(title));
    }
  }
  for (Node translated : xml::Children(xml::Child(root, "FORM_SECTION"))) {
    if (translated == form || xml::Attr(translated, "CATEGORY") != "TRANSLATION") continue;
    std::string lg = AsciiLower(Trim(xml::Attr(translated, "LG")));
    if (!IsLanguageCode(lg) || lg == language_) continue;
    const Form* info = FormOf(xml::Name(translated));
    if (!info) continue;
    SetText(&tender_, "title_" + lg, TitleOf(translated, *info));
    SetText(&tender_, "description_" + lg, DescriptionOf(translated, *info));
  }
}

std::vector<std::string> TedMapper::Tags(Node form) const {
  std::string type = xml::Attr(Kid(form, "NOTICE"), "TYPE");
  switch (form_info_->stage) {
    case Stage::kPlanning:
      if (type.size() > 16 && type.substr(type.size() - 16) == "CALL_COMPETITION") return {"planning", "tender"};
      return {"planning"};
    case Stage::kTender:
      // F21–F23: the notice's TYPE says which stage it is (mapping/shared/enumerations.csv).
      if (StartsWith(type, "PRI_") || StartsWith(type, "PER_") || StartsWith(type, "QSU_")) {
        if (type.find("CALL_COMPETITION") != std::string::npos) return {"planning", "tender"};
        return {"planning"};
      }
      if (type.find("AWARD_CONTRACT") != std::string::npos) return {"award", "contract"};
      return {"tender"};
    case Stage::kAward:
      if (form_info_->element == "MOVE" && xml::Attr(form, "FORM") == "T01") return {"planning"};
      if (!contracts_.as_array().empty()) return {"award", "contract"};
      return {"award"};
    case Stage::kTenderUpdate: return {"tenderUpdate"};
    case Stage::kContractAmendment: return {"contractAmendment"};
  }
  return {"tender"};
}

MappedNotice TedMapper::Run(Node root) {
  if (!root || xml::Name(root) != "TED_EXPORT") {
    Reject(root, "unknown_form",
           fmt::format("the root element is <{}>, not a TED_EXPORT notice", root ? xml::Name(root) : ""));
    return std::move(out_);
  }
  std::optional<std::pair<int, long>> self = NoticeNumber(xml::Attr(root, "DOC_ID"));
  if (!self) self = NoticeNumber(xml::Text(At(root, {"CODED_DATA_SECTION", "NOTICE_DATA", "NO_DOC_OJS"})));
  if (self) out_.notice_id = NoticeId(*self);

  Node form = ChooseForm(root);
  if (form) out_.form = std::string(xml::Name(form));
  form_info_ = FormOf(out_.form);
  if (!form_info_) {
    Reject(form ? form : root, "unknown_form",
           form ? fmt::format("the form <{}> is not one this mapper knows", out_.form)
                : std::string("the notice has no form (FORM_SECTION is empty or missing)"));
    return std::move(out_);
  }
  if (!self) {
    Reject(root, "no_notice_number", "the notice has no number (TED_EXPORT/@DOC_ID, NOTICE_DATA/NO_DOC_OJS)");
    return std::move(out_);
  }
  language_ = AsciiLower(Trim(xml::Attr(form, "LG")));

  if (form_info_->family == Family::kDefence) {
    DefenceParties(form);
  } else {
    ContractingBody(Kid(form, "CONTRACTING_BODY"));
  }
  if (buyer_id_.empty()) {
    Node body = form_info_->family == Family::kDefence ? nullptr : Kid(form, "CONTRACTING_BODY");
    Reject(body ? body : form, "no_buyer",
           "the notice names no contracting body (ADDRESS_CONTRACTING_BODY/OFFICIALNAME)");
    return std::move(out_);
  }

  std::string ocid = Ocid(root, form, *self);
  if (form_info_->family == Family::kDefence) {
    DefenceTender(form);
    DefenceAwards(form);
  } else {
    GeneralTender(form);
    GeneralAwards(form);
    if (out_.form == "F13_2014") DesignContestResults(form);
    if (out_.form == "F20_2014") Modifications(form);
    if (out_.form == "F14_2014") Changes(form);
  }
  Translations(root, form);

  std::vector<std::string> tags = Tags(form);
  if (!HasMember(tender_, "id")) {
    std::string reference = Line(At(form, {"OBJECT_CONTRACT", "REFERENCE_NUMBER"}));
    tender_.Set("id", Value::String(reference.empty() ? ocid : reference));
  }
  std::string_view first_tag = tags.front();
  if (first_tag == "planning" && tags.size() == 1) tender_.Set("status", Value::String("planned"));
  if (first_tag == "tender" || (tags.size() == 2 && tags[1] == "tender"))
    tender_.Set("status", Value::String("active"));
  if (first_tag == "award") {
    if (any_awarded_) {
      tender_.Set("status", Value::String("complete"));
    } else if (any_unsuccessful_) {
      tender_.Set("status", Value::String("unsuccessful"));
    }
  }

  Value release = Value::MakeObject();
  release.Set("ocid", Value::String(ocid));
  release.Set("id", Value::String(out_.notice_id));
  if (std::string date = PublicationDate(root); !date.empty()) release.Set("date", Value::String(date));
  Value tag = Value::MakeArray();
  for (std::string& t : tags) tag.as_array().push_back(Value::String(std::move(t)));
  release.Set("tag", std::move(tag));
  release.Set("initiationType", Value::String("tender"));
  if (IsLanguageCode(language_)) release.Set("language", Value::String(language_));
  SetText(&release, "description", Para(At(form, {"COMPLEMENTARY_INFO", "INFO_ADD"})));
  release.Set("parties", Value::MakeArray(std::move(parties_)));
  Value buyer = Value::MakeObject();
  buyer.Set("id", Value::String(buyer_id_));
  buyer.Set("name", Value::String(buyer_name_));
  release.Set("buyer", std::move(buyer));
  release.Set("tender", std::move(tender_));
  if (!awards_.as_array().empty()) release.Set("awards", std::move(awards_));
  if (!contracts_.as_array().empty()) release.Set("contracts", std::move(contracts_));
  out_.releases.push_back(std::move(release));
  return std::move(out_);
}

}  // namespace

MappedNotice MapTedExport(xml::Node root) {
  try {
    return TedMapper().Run(root);
  } catch (const std::exception& e) {
    MappedNotice out;
    out.problems.push_back(
        {true, xml::Line(root), "internal", fmt::format("the notice could not be mapped: {}", e.what())});
    return out;
  } catch (...) {
    MappedNotice out;
    out.problems.push_back({true, xml::Line(root), "internal", "the notice could not be mapped"});
    return out;
  }
}

}  // namespace cobuy::ted
