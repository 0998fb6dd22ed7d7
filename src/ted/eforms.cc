// The eForms mapper: one UBL notice of the eForms SDK 1.x (PriorInformationNotice,
// ContractNotice, ContractAwardNotice; every form type: planning, competition, direct award
// (VEAT), result, change notices, contract modifications) into one OCDS release, following
// the OCDS for eForms profile (../shared/data/ted/mapping/eforms/guidance.yaml and its
// mapping tables) for what the register, search, eligibility, market and export read.
//
// Deliberate departures from the profile, so that the register (src/ingest/projection.cc),
// which reads the procedure level, sees what the lots say (docs/TED.md lists them):
//   - BT-501 is the party's identifier (notice.h), not an additional identifier;
//   - a framework agreement or DPS on any lot is also rolled up to tender.techniques (method
//     and buyer categories of the lots, distinct ones joined by a blank line; the largest
//     maximumParticipants); the lot keeps its own;
//   - tender.contractPeriod spans the lots' periods, tender.tenderPeriod.endDate is the
//     latest lot deadline; tender.classification / additionalClassifications hold the
//     procedure's CPV codes (the profile puts them in an item);
//   - an award's value is the sum of its winning tenders' values (BT-720), a contract's the
//     value of its tenders; the framework maximum (BT-709) is the award's maximumValue,
//     never its value; the notice value (BT-161) is discarded as the profile says;
//   - tags: a change notice (efac:Changes) is tenderUpdate (awardUpdate for a result), a
//     contract modification contractAmendment (notice.h), the rest per form-type.csv.
//
// Nothing here throws out of MapEforms: every read tolerates a missing element, and
// MapEforms catches whatever the standard library might throw (bad_alloc) as a rejection.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
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

struct CodePair {
  std::string_view from;
  std::string_view to;
};

template <size_t N>
std::string_view Lookup(const std::array<CodePair, N>& table, std::string_view code) {
  for (const auto& [from, to] : table) {
    if (from == code) return to;
  }
  return {};
}

// ISO 3166-1 alpha-3 (the EU country authority table eForms uses) to alpha-2: the EU, the
// EEA, the candidates and neighbours, and the countries suppliers most often come from.
constexpr std::array<CodePair, 72> kCountries = {{
    {"AUT", "AT"}, {"BEL", "BE"}, {"BGR", "BG"}, {"HRV", "HR"}, {"CYP", "CY"}, {"CZE", "CZ"}, {"DNK", "DK"},
    {"EST", "EE"}, {"FIN", "FI"}, {"FRA", "FR"}, {"DEU", "DE"}, {"GRC", "GR"}, {"HUN", "HU"}, {"IRL", "IE"},
    {"ITA", "IT"}, {"LVA", "LV"}, {"LTU", "LT"}, {"LUX", "LU"}, {"MLT", "MT"}, {"NLD", "NL"}, {"POL", "PL"},
    {"PRT", "PT"}, {"ROU", "RO"}, {"SVK", "SK"}, {"SVN", "SI"}, {"ESP", "ES"}, {"SWE", "SE"}, {"ISL", "IS"},
    {"LIE", "LI"}, {"NOR", "NO"}, {"CHE", "CH"}, {"GBR", "GB"}, {"AND", "AD"}, {"MCO", "MC"}, {"SMR", "SM"},
    {"VAT", "VA"}, {"GIB", "GI"}, {"ALB", "AL"}, {"BIH", "BA"}, {"MNE", "ME"}, {"MKD", "MK"}, {"SRB", "RS"},
    {"XKX", "XK"}, {"1A0", "XK"}, {"TUR", "TR"}, {"UKR", "UA"}, {"MDA", "MD"}, {"GEO", "GE"}, {"ARM", "AM"},
    {"AZE", "AZ"}, {"BLR", "BY"}, {"RUS", "RU"}, {"ISR", "IL"}, {"USA", "US"}, {"CAN", "CA"}, {"MEX", "MX"},
    {"BRA", "BR"}, {"ARG", "AR"}, {"CHN", "CN"}, {"HKG", "HK"}, {"TWN", "TW"}, {"JPN", "JP"}, {"KOR", "KR"},
    {"IND", "IN"}, {"SGP", "SG"}, {"AUS", "AU"}, {"NZL", "NZ"}, {"ZAF", "ZA"}, {"MAR", "MA"}, {"TUN", "TN"},
    {"EGY", "EG"}, {"ARE", "AE"},
}};

// eForms language codes (ISO 639-2/B-like, the EU language authority table) to ISO 639-1:
// the 24 official EU languages first, then the other languages notices are written in.
constexpr std::array<CodePair, 38> kLanguages = {{
    {"BUL", "bg"}, {"CES", "cs"}, {"DAN", "da"}, {"DEU", "de"}, {"ELL", "el"}, {"ENG", "en"}, {"SPA", "es"},
    {"EST", "et"}, {"FIN", "fi"}, {"FRA", "fr"}, {"GLE", "ga"}, {"HRV", "hr"}, {"HUN", "hu"}, {"ITA", "it"},
    {"LIT", "lt"}, {"LAV", "lv"}, {"MLT", "mt"}, {"NLD", "nl"}, {"POL", "pl"}, {"POR", "pt"}, {"RON", "ro"},
    {"SLK", "sk"}, {"SLV", "sl"}, {"SWE", "sv"}, {"NOR", "no"}, {"NOB", "nb"}, {"NNO", "nn"}, {"ISL", "is"},
    {"CAT", "ca"}, {"EUS", "eu"}, {"GLG", "gl"}, {"LTZ", "lb"}, {"SRP", "sr"}, {"MKD", "mk"}, {"SQI", "sq"},
    {"TUR", "tr"}, {"UKR", "uk"}, {"RUS", "ru"},
}};

// procurement-procedure-type.csv (BT-105) -> tender.procurementMethod; "oth-single" and
// "oth-mult" have none.
constexpr std::array<CodePair, 8> kProcedureMethods = {{
    {"open", "open"},
    {"restricted", "selective"},
    {"comp-dial", "selective"},
    {"comp-tend", "selective"},
    {"innovation", "selective"},
    {"neg-w-call", "selective"},
    {"neg-wo-call", "limited"},
    {"exp-int-rail", "open"},
}};

// BT-105 -> tender.procurementMethodDetails (the authority table's short labels).
constexpr std::array<CodePair, 10> kProcedureDetails = {{
    {"open", "Open procedure"},
    {"restricted", "Restricted procedure"},
    {"comp-dial", "Competitive dialogue"},
    {"comp-tend", "Competitive tendering"},
    {"innovation", "Innovation partnership"},
    {"neg-w-call", "Negotiated with prior publication of a call for competition"},
    {"neg-wo-call", "Negotiated without prior call for competition"},
    {"exp-int-rail", "Expression of interest for rail passenger transport"},
    {"oth-single", "Other single stage procedure"},
    {"oth-mult", "Other multiple stage procedure"},
}};

// framework-agreement-method.csv (BT-765).
constexpr std::array<CodePair, 3> kFrameworkMethods = {{
    {"fa-mix", "withAndWithoutReopeningCompetition"},
    {"fa-w-rc", "withReopeningCompetition"},
    {"fa-wo-rc", "withoutReopeningCompetition"},
}};

// dps-usage.csv (BT-766).
constexpr std::array<CodePair, 2> kDpsTypes = {{{"dps-list", "closed"}, {"dps-nlist", "open"}}};

// organisation-role.csv: the eForms roles a notice states by code.
constexpr std::array<CodePair, 15> kRoles = {{
    {"ben-own", "beneficialOwner"},
    {"buyer", "buyer"},
    {"cpb-acq", "centralPurchasingBody"},
    {"cpb-awa", "centralPurchasingBody"},
    {"info-emp", "informationServiceEmployment"},
    {"info-envir", "informationServiceEnvironment"},
    {"info-tax", "informationServiceTaxes"},
    {"mediator", "mediationBody"},
    {"rev-req", "reviewRequester"},
    {"reviewer", "reviewBody"},
    {"serv-prov", "procurementServiceProvider"},
    {"subcont", "subcontractor"},
    {"ted-esen", "tedEsender"},
    {"tenderer", "tenderer"},
    {"winner", "supplier"},
}};

// buyer-contracting-type.csv (BT-740); "cpb" marks a central purchasing body.
constexpr std::array<CodePair, 3> kContractingTypes = {{
    {"cont-ent", "Contracting entity"},
    {"not-cont-ent", "Not contracting entity"},
    {"cpb", "Central purchasing body"},
}};

// form-type.csv: release tags and tender status.
struct FormType {
  std::string_view code;
  std::string_view tags;  // space separated
  std::string_view tender_status;
};
constexpr std::array<FormType, 7> kFormTypes = {{
    {"consultation", "planning", "planning"},
    {"planning", "planning", "planned"},
    {"competition", "tender", "active"},
    {"dir-awa-pre", "award contract", "complete"},
    {"result", "award contract", "complete"},
    {"cont-modif", "contractAmendment", ""},
    {"completion", "contractUpdate", ""},
}};

const FormType* FormTypeOf(std::string_view code) {
  for (const FormType& f : kFormTypes) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

// The form type of a notice subtype (OPP-070), for a notice whose BT-03 is missing or not a
// known code. Empty for a subtype the SDK 1.x does not define.
std::string_view FormTypeOfSubtype(std::string_view subtype) {
  if (subtype == "E1") return "consultation";
  if (subtype == "E2" || subtype == "T01") return "planning";
  if (subtype == "E3") return "competition";
  if (subtype == "E4" || subtype == "T02") return "result";
  if (subtype == "E5") return "completion";
  if (subtype == "E6") return "cont-modif";
  if (subtype.empty() || subtype.size() > 2) return {};
  int n = 0;
  for (char c : subtype) {
    if (c < '0' || c > '9') return {};
    n = n * 10 + (c - '0');
  }
  if (n >= 1 && n <= 6) return "planning";
  if (n >= 7 && n <= 24) return "competition";
  if (n >= 25 && n <= 28) return "dir-awa-pre";
  if (n >= 29 && n <= 37) return "result";
  if (n >= 38 && n <= 40) return "cont-modif";
  return {};
}

std::string CountryAlpha2(std::string_view code) {
  std::string upper = AsciiUpper(Trim(code));
  if (upper.size() == 2) return CountryCode(upper);
  return std::string(Lookup(kCountries, upper));
}

std::string LanguageIso1(std::string_view code) {
  std::string upper = AsciiUpper(Trim(code));
  std::string_view iso = Lookup(kLanguages, upper);
  if (!iso.empty()) return std::string(iso);
  return AsciiLower(upper);
}

// A JSON number (RFC 8259): what Value::Number may hold.
bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// "Z", "+01:00", "-05:30" or "".
bool IsOffset(std::string_view s) {
  if (s.empty() || s == "Z") return true;
  return s.size() == 6 && (s[0] == '+' || s[0] == '-') && IsAsciiDigit(s[1]) && IsAsciiDigit(s[2]) && s[3] == ':' &&
         IsAsciiDigit(s[4]) && IsAsciiDigit(s[5]);
}

// An eForms date ("2023-03-23+01:00", "2020-02-12Z", "2020-02-12") and optional time
// ("20:59:32+01:00") as ISO 8601 date-time. The time's offset wins over the date's; with
// neither, UTC ("Z"). Without a time, the start of the day, or its last second when
// `end_of_day` (an end date). nullopt when the date is not one.
std::optional<std::string> IsoDateTime(std::string_view date, std::string_view time, bool end_of_day) {
  date = Trim(date);
  time = Trim(time);
  if (date.size() < 10) return std::nullopt;
  for (size_t i = 0; i < 10; ++i) {
    bool dash = i == 4 || i == 7;
    if (dash ? date[i] != '-' : !IsAsciiDigit(date[i])) return std::nullopt;
  }
  std::string_view date_offset = date.substr(10);
  if (!IsOffset(date_offset)) return std::nullopt;
  std::string clock = end_of_day ? "23:59:59" : "00:00:00";
  std::string_view offset = date_offset;
  if (!time.empty()) {
    if (time.size() < 8 || !IsAsciiDigit(time[0]) || !IsAsciiDigit(time[1]) || time[2] != ':' ||
        !IsAsciiDigit(time[3]) || !IsAsciiDigit(time[4]) || time[5] != ':' || !IsAsciiDigit(time[6]) ||
        !IsAsciiDigit(time[7])) {
      return std::nullopt;
    }
    size_t end = 8;
    if (end < time.size() && time[end] == '.') {
      ++end;
      while (end < time.size() && IsAsciiDigit(time[end])) ++end;
    }
    if (!IsOffset(time.substr(end))) return std::nullopt;
    clock = std::string(time.substr(0, end));
    if (end < time.size()) offset = time.substr(end);
  }
  std::string out = std::string(date.substr(0, 10)) + "T" + clock;
  out += offset.empty() ? std::string_view("Z") : offset;
  return out;
}

// Sets obj[key] unless `v` is null, "", [] or {} (a missing element maps to nothing).
void Put(Value* obj, std::string key, Value v) {
  if (v.is_null()) return;
  if (v.is_string() && v.as_string().empty()) return;
  if (v.is_array() && v.as_array().empty()) return;
  if (v.is_object() && v.as_object().empty()) return;
  obj->Set(std::move(key), std::move(v));
}

void PutString(Value* obj, std::string key, std::string s) {
  Put(obj, std::move(key), Value::String(std::move(s)));
}

void AddUnique(std::vector<std::string>* list, std::string_view s) {
  if (s.empty()) return;
  if (std::find(list->begin(), list->end(), s) == list->end()) list->emplace_back(s);
}

Value StringArray(const std::vector<std::string>& list) {
  Value out = Value::MakeArray();
  for (const std::string& s : list) out.as_array().push_back(Value::String(s));
  return out;
}

// The text of the first child `name` of `node` (trimmed, whitespace collapsed).
std::string ChildText(Node node, std::string_view name) {
  return xml::Text(xml::Child(node, name));
}

class EformsMapper {
 public:
  explicit EformsMapper(Node root) : root_(root) {}

  MappedNotice Run() {
    out_.notice_id = ChildText(root_, "ID");
    ext_ = Extension(root_);
    Node subtype = xml::Find(ext_, {"NoticeSubType", "SubTypeCode"});
    out_.form = xml::Text(subtype);
    if (!ReadFormType(subtype)) return std::move(out_);
    if (out_.notice_id.empty()) {
      Reject(xml::Child(root_, "ID"), "no_id", "the notice has no identifier (BT-701)");
      return std::move(out_);
    }
    language_ = LanguageIso1(ChildText(root_, "NoticeLanguageCode"));
    Organisations();
    if (!Buyers()) return std::move(out_);
    out_.releases.push_back(Release());
    return std::move(out_);
  }

 private:
  struct Party {
    std::string id;
    Node organization = nullptr;  // efac:Organization
    std::vector<std::string> roles;
    std::vector<Value> classifications;
  };

  struct Money {
    std::string amount;  // raw JSON number
    std::string currency;
  };

  // ---- problems

  void Reject(Node at, std::string code, std::string message) {
    out_.problems.push_back({true, at ? xml::Line(at) : xml::Line(root_), std::move(code), std::move(message)});
  }

  void Warn(Node at, std::string code, std::string message) {
    out_.problems.push_back({false, at ? xml::Line(at) : xml::Line(root_), std::move(code), std::move(message)});
  }

  // ---- reading

  static Node Extension(Node node) {
    return xml::Find(node, {"UBLExtensions", "UBLExtension", "ExtensionContent", "EformsExtension"});
  }

  bool ReadFormType(Node subtype) {
    std::string listed = xml::Attr(xml::Child(root_, "NoticeTypeCode"), "listName");
    if (listed == "bri") {
      Reject(xml::Child(root_, "NoticeTypeCode"), "unknown_form",
             "a business registration information notice is not a procurement notice");
      return false;
    }
    std::string_view by_subtype = FormTypeOfSubtype(out_.form);
    if (by_subtype.empty()) {
      Reject(subtype, "unknown_form",
             out_.form.empty() ? std::string("the notice has no subtype (OPP-070)")
                               : fmt::format("unknown notice subtype \"{}\"", out_.form));
      return false;
    }
    form_type_ = FormTypeOf(listed);
    if (!form_type_) form_type_ = FormTypeOf(by_subtype);
    return form_type_ != nullptr;
  }

  // The text of a multilingual element: children `name` of `parent`, the notice language's
  // (else the first) under `key`, every other language under "key_xx".
  void PutTexts(Value* obj, const std::string& key, Node parent, std::string_view name) const {
    std::vector<Node> texts = xml::Children(parent, name);
    if (texts.empty()) return;
    size_t main = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
      if (LanguageIso1(xml::Attr(texts[i], "languageID")) == language_) {
        main = i;
        break;
      }
    }
    PutString(obj, key, xml::Text(texts[main]));
    for (size_t i = 0; i < texts.size(); ++i) {
      std::string lang = LanguageIso1(xml::Attr(texts[i], "languageID"));
      if (i == main || lang.empty() || lang == language_) continue;
      PutString(obj, key + "_" + lang, xml::Text(texts[i]));
    }
  }

  // An amount element (with @currencyID); nullopt (and a warning) when its text is not a number.
  std::optional<Money> AmountOf(Node node) {
    if (!node) return std::nullopt;
    std::string text = xml::Text(node);
    if (text.empty()) return std::nullopt;
    if (!IsJsonNumber(text)) {
      Warn(node, "bad_number", fmt::format("{} \"{}\" is not a number; left out", xml::Name(node), text));
      return std::nullopt;
    }
    return Money{text, AsciiUpper(Trim(xml::Attr(node, "currencyID")))};
  }

  static Value MoneyValue(const Money& m) {
    Value v = Value::MakeObject();
    v.Set("amount", Value::Number(m.amount));
    PutString(&v, "currency", m.currency);
    return v;
  }

  Value AmountValue(Node node) {
    auto m = AmountOf(node);
    return m ? MoneyValue(*m) : Value();
  }

  // A whole number (counts); a warning when it is not one.
  Value CountValue(Node node) {
    std::string text = xml::Text(node);
    if (text.empty()) return Value();
    if (text.size() > 9 || !std::all_of(text.begin(), text.end(), IsAsciiDigit)) {
      Warn(node, "bad_number", fmt::format("{} \"{}\" is not a whole number; left out", xml::Name(node), text));
      return Value();
    }
    return Value::Number(text);
  }

  Value DateValue(Node date, Node time, bool end_of_day) {
    std::string d = xml::Text(date);
    if (d.empty()) return Value();
    auto iso = IsoDateTime(d, xml::Text(time), end_of_day);
    if (!iso) {
      Warn(date, "bad_date", fmt::format("{} \"{}\" is not a date; left out", xml::Name(date), d));
      return Value();
    }
    return Value::String(*iso);
  }

  // ---- parties

  Party* PartyById(std::string_view id) {
    for (Party& p : parties_) {
      if (p.id == id) return &p;
    }
    return nullptr;
  }

  void AddRole(std::string_view org_id, std::string_view role) {
    if (Party* p = PartyById(Trim(org_id)); p) AddUnique(&p->roles, role);
  }

  // The organisation referred to by `ref` (an element holding cac:PartyIdentification/cbc:ID).
  void AddRoleOf(Node ref, std::string_view role) { AddRole(xml::Text(ref, {"PartyIdentification", "ID"}), role); }

  std::string NameOf(const Party& p) const {
    return xml::Text(xml::Child(p.organization, "Company"), {"PartyName", "Name"});
  }

  void Organisations() {
    for (Node org : xml::FindAll(ext_, {"Organizations", "Organization"})) {
      std::string id = xml::Text(xml::Child(org, "Company"), {"PartyIdentification", "ID"});
      if (id.empty() || PartyById(id)) continue;
      Party p;
      p.id = id;
      p.organization = org;
      auto yes = [&](std::string_view name) { return ChildText(org, name) == "true"; };
      if (yes("GroupLeadIndicator")) AddUnique(&p.roles, "leadBuyer");
      if (yes("AwardingCPBIndicator")) AddUnique(&p.roles, Lookup(kRoles, "cpb-awa"));
      if (yes("AcquiringCPBIndicator")) AddUnique(&p.roles, Lookup(kRoles, "cpb-acq"));
      parties_.push_back(std::move(p));
    }
  }

  // cac:ContractingParty: the buyers (OPT-300) with their legal type (BT-11), contracting
  // type (BT-740), activity (BT-10, BT-610) and service providers (OPT-030). False (and the
  // notice rejected) when none resolves to an organisation with a name.
  bool Buyers() {
    std::vector<Node> contracting = xml::Children(root_, "ContractingParty");
    for (Node cp : contracting) {
      Node party = xml::Child(cp, "Party");
      Party* p = PartyById(xml::Text(party, {"PartyIdentification", "ID"}));
      if (!p || NameOf(*p).empty()) continue;
      AddUnique(&p->roles, "buyer");
      bool lead = ChildText(p->organization, "GroupLeadIndicator") == "true";
      if (buyer_id_.empty() || (lead && !buyer_is_lead_)) {
        buyer_id_ = p->id;
        buyer_is_lead_ = lead;
      }
      for (Node type : xml::FindAll(cp, {"ContractingPartyType", "PartyTypeCode"})) {
        std::string list = xml::Attr(type, "listName");
        std::string code = xml::Text(type);
        if (code.empty()) continue;
        Value c = Value::MakeObject();
        if (list == "buyer-legal-type") {
          c.Set("scheme", Value::String("eu-buyer-legal-type"));
          c.Set("id", Value::String(code));
        } else if (list == "buyer-contracting-type") {
          c.Set("scheme", Value::String("eu-buyer-contracting-type"));
          c.Set("id", Value::String(code));
          PutString(&c, "description", std::string(Lookup(kContractingTypes, code)));
        } else {
          continue;
        }
        p->classifications.push_back(std::move(c));
      }
      for (Node activity : xml::FindAll(cp, {"ContractingActivity", "ActivityTypeCode"})) {
        std::string code = xml::Text(activity);
        if (code.empty()) continue;
        Value c = Value::MakeObject();
        c.Set("scheme", Value::String("eu-main-activity"));
        c.Set("id", Value::String(code));
        p->classifications.push_back(std::move(c));
      }
      for (Node provider : xml::Children(party, "ServiceProviderParty")) {
        std::string_view role = Lookup(kRoles, ChildText(provider, "ServiceTypeCode"));
        if (!role.empty()) AddRoleOf(xml::Child(provider, "Party"), role);
      }
    }
    if (buyer_id_.empty()) {
      Reject(contracting.empty() ? root_ : contracting.front(), "no_buyer",
             "no contracting party resolves to an organisation with a name (OPT-300, BT-500)");
      return false;
    }
    return true;
  }

  Value AddressValue(Node address, Node at) {
    Value a = Value::MakeObject();
    std::vector<std::string> street;
    AddUnique(&street, ChildText(address, "StreetName"));
    AddUnique(&street, ChildText(address, "AdditionalStreetName"));
    for (Node line : xml::FindAll(address, {"AddressLine", "Line"})) AddUnique(&street, xml::Text(line));
    std::string joined;
    for (const std::string& s : street) joined += (joined.empty() ? "" : ", ") + s;
    PutString(&a, "streetAddress", joined);
    PutString(&a, "locality", ChildText(address, "CityName"));
    PutString(&a, "region", ChildText(address, "CountrySubentityCode"));
    PutString(&a, "postalCode", ChildText(address, "PostalZone"));
    std::string code = xml::Text(address, {"Country", "IdentificationCode"});
    std::string cc = CountryAlpha2(code);
    if (!code.empty() && cc.empty()) {
      Warn(at, "unknown_country", fmt::format("country code \"{}\" is not known; left out", code));
    }
    PutString(&a, "countryName", cc);
    PutString(&a, "country", cc);
    return a;
  }

  Value PartyValue(const Party& p) {
    Node company = xml::Child(p.organization, "Company");
    Value v = Value::MakeObject();
    v.Set("id", Value::String(p.id));
    std::string name = NameOf(p);
    PutString(&v, "name", name);
    Value address = AddressValue(xml::Child(company, "PostalAddress"), company);
    std::string country;
    if (const Value* c = address.Find("country"); c && c->is_string()) country = c->as_string();
    // BT-501; a placeholder ("not available", "-") with no digit in it is no number.
    std::string number;
    for (Node id : xml::FindAll(company, {"PartyLegalEntity", "CompanyID"})) {
      number = xml::Text(id);
      if (std::any_of(number.begin(), number.end(), IsAsciiDigit)) break;
      number.clear();
    }
    if (!number.empty()) {
      Value identifier = Value::MakeObject();
      identifier.Set("scheme", Value::String(NationalScheme(country)));
      identifier.Set("id", Value::String(number));
      PutString(&identifier, "legalName", name);
      v.Set("identifier", std::move(identifier));
    }
    Put(&v, "address", std::move(address));
    Node contact = xml::Child(company, "Contact");
    Value cp = Value::MakeObject();
    PutString(&cp, "name", ChildText(contact, "Name"));
    PutString(&cp, "email", ChildText(contact, "ElectronicMail"));
    PutString(&cp, "telephone", ChildText(contact, "Telephone"));
    PutString(&cp, "faxNumber", ChildText(contact, "Telefax"));
    PutString(&cp, "url", ChildText(company, "WebsiteURI"));
    Put(&v, "contactPoint", std::move(cp));
    if (!p.classifications.empty()) {
      Value details = Value::MakeObject();
      details.Set("classifications", Value::MakeArray(p.classifications));
      v.Set("details", std::move(details));
    }
    Put(&v, "roles", StringArray(p.roles));
    return v;
  }

  Value OrganisationReference(std::string_view id) {
    Value ref = Value::MakeObject();
    ref.Set("id", Value::String(std::string(id)));
    if (Party* p = PartyById(id); p) PutString(&ref, "name", NameOf(*p));
    return ref;
  }

  // ---- the release

  Value Release() {
    Value r = Value::MakeObject();
    std::string folder = ChildText(root_, "ContractFolderID");
    // A notice without a procedure identifier (a PIN only) is a process of its own.
    r.Set("ocid", Value::String("ocds-cobuye-" + (folder.empty() ? out_.notice_id : folder)));
    std::string version = ChildText(root_, "VersionID");
    r.Set("id", Value::String(version.empty() ? out_.notice_id : out_.notice_id + "-" + version));
    Put(&r, "date", DateValue(xml::Child(root_, "IssueDate"), xml::Child(root_, "IssueTime"), false));
    if (!r.Find("date")) Warn(xml::Child(root_, "IssueDate"), "bad_date", "the notice has no issue date (BT-05)");
    r.Set("tag", StringArray(Tags()));
    r.Set("initiationType", Value::String("tender"));
    PutString(&r, "language", language_);

    Value tender = Tender(folder);
    Value awards = Value::MakeArray();
    Value contracts = Value::MakeArray();
    Results(&awards, &contracts);
    Modifications(&contracts);

    Value parties = Value::MakeArray();
    for (const Party& p : parties_) parties.as_array().push_back(PartyValue(p));
    r.Set("parties", std::move(parties));
    r.Set("buyer", OrganisationReference(buyer_id_));
    Put(&r, "tender", std::move(tender));
    Put(&r, "awards", std::move(awards));
    Put(&r, "contracts", std::move(contracts));
    return r;
  }

  std::vector<std::string> Tags() const {
    bool changed = xml::Child(ext_, "Changes") != nullptr;
    std::string_view code = form_type_->code;
    if (changed && (code == "competition" || code == "planning" || code == "consultation")) {
      return {code == "competition" ? "tenderUpdate" : "planningUpdate"};
    }
    if (changed && (code == "result" || code == "dir-awa-pre")) return {"awardUpdate", "contractUpdate"};
    std::vector<std::string> tags;
    for (const std::string& t : Split(form_type_->tags, ' ')) AddUnique(&tags, t);
    return tags;
  }

  Value Tender(const std::string& folder) {
    Value t = Value::MakeObject();
    PutString(&t, "id", folder);
    Node project = xml::Child(root_, "ProcurementProject");
    PutTexts(&t, "title", project, "Name");
    PutTexts(&t, "description", project, "Description");
    PutString(&t, "status", std::string(form_type_->tender_status));
    Node process = xml::Child(root_, "TenderingProcess");
    Node procedure = xml::Child(process, "ProcedureCode");
    std::string procedure_code = xml::Text(procedure);
    PutString(&t, "procurementMethod", std::string(Lookup(kProcedureMethods, procedure_code)));
    PutString(&t, "procurementMethodDetails", std::string(Lookup(kProcedureDetails, procedure_code)));
    if (!procedure_code.empty() && Lookup(kProcedureDetails, procedure_code).empty()) {
      Warn(procedure, "unknown_code", fmt::format("procedure type \"{}\" is not known", procedure_code));
    }
    PutString(&t, "mainProcurementCategory", Category(project));
    Put(&t, "value", AmountValue(xml::Find(project, {"RequestedTenderTotal", "EstimatedOverallContractAmount"})));
    Put(&t, "classification", Classification(xml::Child(project, "MainCommodityClassification")));
    Value more = Value::MakeArray();
    for (Node c : xml::Children(project, "AdditionalCommodityClassification")) {
      Value v = Classification(c);
      if (!v.is_null()) more.as_array().push_back(std::move(v));
    }
    Put(&t, "additionalClassifications", std::move(more));

    Value lots = Value::MakeArray();
    Value items = Value::MakeArray();
    Rollup rollup;
    for (Node lot : xml::Children(root_, "ProcurementProjectLot")) {
      std::string scheme = xml::Attr(xml::Child(lot, "ID"), "schemeName");
      if (scheme == "Lot" || (scheme.empty() && ChildText(lot, "ID").rfind("LOT-", 0) == 0)) {
        lots.as_array().push_back(Lot(lot, &items, &rollup));
      } else if (scheme == "Part") {
        Part(lot, &t, &items, &rollup);
      }
    }
    Put(&t, "lots", std::move(lots));
    Put(&t, "items", std::move(items));
    Put(&t, "techniques", rollup.Techniques());
    Put(&t, "contractPeriod", rollup.ContractPeriod());
    if (!rollup.deadline.empty()) {
      Value period = Value::MakeObject();
      period.Set("endDate", Value::String(rollup.deadline));
      t.Set("tenderPeriod", std::move(period));
    }
    Put(&t, "amendments", Amendments());
    return t;
  }

  // BT-23: works and services as they are, supplies as goods.
  static std::string Category(Node project) {
    std::string nature = ChildText(project, "ProcurementTypeCode");
    if (nature == "works" || nature == "services") return nature;
    if (nature == "supplies") return "goods";
    return {};
  }

  // A Main/AdditionalCommodityClassification: {scheme: "CPV", id}.
  static Value Classification(Node node) {
    Node code = xml::Child(node, "ItemClassificationCode");
    std::string id = xml::Text(code);
    if (id.empty()) return Value();
    Value c = Value::MakeObject();
    std::string list = xml::Attr(code, "listName");
    c.Set("scheme", Value::String(list.empty() ? std::string("CPV") : AsciiUpper(list)));
    c.Set("id", Value::String(id));
    return c;
  }

  // What the lots say that the register reads at the procedure level.
  struct Rollup {
    bool framework = false;
    bool dps = false;
    std::string method;
    std::string dps_type;
    std::vector<std::string> buyer_categories;
    std::optional<std::int64_t> max_participants;
    std::string start;
    std::string end;
    std::string deadline;

    void Period(const Value& period) {
      const Value* s = period.Find("startDate");
      const Value* e = period.Find("endDate");
      if (s && s->is_string() && (start.empty() || s->as_string() < start)) start = s->as_string();
      if (e && e->is_string() && e->as_string() > end) end = e->as_string();
    }

    Value Techniques() const {
      Value t = Value::MakeObject();
      if (framework) {
        t.Set("hasFrameworkAgreement", Value::Bool(true));
        Value fa = Value::MakeObject();
        PutString(&fa, "method", method);
        if (max_participants) fa.Set("maximumParticipants", Value::Number(*max_participants));
        std::string categories;
        for (const std::string& c : buyer_categories) categories += (categories.empty() ? "" : "\n\n") + c;
        PutString(&fa, "buyerCategories", categories);
        t.Set("frameworkAgreement", std::move(fa));
      }
      if (dps) {
        t.Set("hasDynamicPurchasingSystem", Value::Bool(true));
        Value d = Value::MakeObject();
        PutString(&d, "type", dps_type);
        t.Set("dynamicPurchasingSystem", std::move(d));
      }
      return t;
    }

    Value ContractPeriod() const {
      Value p = Value::MakeObject();
      PutString(&p, "startDate", start);
      PutString(&p, "endDate", end);
      return p;
    }
  };

  // BT-536, BT-537, BT-36: a lot's (or part's) planned period.
  Value ContractPeriod(Node project) {
    Node planned = xml::Child(project, "PlannedPeriod");
    Value p = Value::MakeObject();
    Put(&p, "startDate", DateValue(xml::Child(planned, "StartDate"), nullptr, false));
    Put(&p, "endDate", DateValue(xml::Child(planned, "EndDate"), nullptr, true));
    Node duration = xml::Child(planned, "DurationMeasure");
    if (Value n = CountValue(duration); !n.is_null()) {
      std::string unit = xml::Attr(duration, "unitCode");
      std::int64_t days = std::stoll(n.number_text());
      std::int64_t factor = unit == "DAY" ? 1 : unit == "WEEK" ? 7 : unit == "MONTH" ? 30 : unit == "YEAR" ? 365 : 0;
      if (factor > 0) p.Set("durationInDays", Value::Number(days * factor));
    }
    return p;
  }

  // One item per lot (or part) with its CPV codes (BT-262, BT-263).
  void Item(Node project, std::string_view lot_id, Value* items) {
    Value main = Classification(xml::Child(project, "MainCommodityClassification"));
    Value more = Value::MakeArray();
    for (Node c : xml::Children(project, "AdditionalCommodityClassification")) {
      Value v = Classification(c);
      if (!v.is_null()) more.as_array().push_back(std::move(v));
    }
    if (main.is_null() && more.as_array().empty()) return;
    Value item = Value::MakeObject();
    item.Set("id", Value::String(std::to_string(items->as_array().size() + 1)));
    Put(&item, "classification", std::move(main));
    Put(&item, "additionalClassifications", std::move(more));
    PutString(&item, "relatedLot", std::string(lot_id));
    items->as_array().push_back(std::move(item));
  }

  // cac:TenderingProcess of a lot: framework agreement (BT-765, BT-113, BT-111, BT-271) and
  // DPS (BT-766).
  Value Techniques(Node lot, Rollup* rollup) {
    Node process = xml::Child(lot, "TenderingProcess");
    Value t = Value::MakeObject();
    for (Node system : xml::FindAll(process, {"ContractingSystem", "ContractingSystemTypeCode"})) {
      std::string list = xml::Attr(system, "listName");
      std::string code = xml::Text(system);
      if (code.empty() || code == "none") continue;
      if (list == "framework-agreement") {
        Value fa = Value::MakeObject();
        std::string method(Lookup(kFrameworkMethods, code));
        PutString(&fa, "method", method);
        Node agreement = xml::Child(process, "FrameworkAgreement");
        Value max = CountValue(xml::Child(agreement, "MaximumOperatorQuantity"));
        if (!max.is_null()) {
          std::int64_t n = std::stoll(max.number_text());
          if (!rollup->max_participants || n > *rollup->max_participants) rollup->max_participants = n;
        }
        Put(&fa, "maximumParticipants", std::move(max));
        for (Node req : xml::Children(agreement, "SubsequentProcessTenderRequirement")) {
          if (ChildText(req, "Name") != "buyer-categories") continue;
          PutTexts(&fa, "buyerCategories", req, "Description");
          if (const Value* c = fa.Find("buyerCategories"); c && c->is_string()) {
            AddUnique(&rollup->buyer_categories, c->as_string());
          }
        }
        Value value =
            AmountValue(xml::Find(lot, {"ProcurementProject", "RequestedTenderTotal", "UBLExtensions", "UBLExtension",
                                        "ExtensionContent", "EformsExtension", "FrameworkMaximumAmount"}));
        if (value.is_null()) value = AmountValue(xml::Child(agreement, "EstimatedMaximumValueAmount"));
        Put(&fa, "value", std::move(value));
        t.Set("hasFrameworkAgreement", Value::Bool(true));
        t.Set("frameworkAgreement", std::move(fa));
        rollup->framework = true;
        if (rollup->method.empty()) rollup->method = method;
      } else if (list == "dps-usage") {
        Value d = Value::MakeObject();
        std::string type(Lookup(kDpsTypes, code));
        PutString(&d, "type", type);
        t.Set("hasDynamicPurchasingSystem", Value::Bool(true));
        t.Set("dynamicPurchasingSystem", std::move(d));
        rollup->dps = true;
        if (rollup->dps_type.empty()) rollup->dps_type = type;
      }
    }
    return t;
  }

  // The organisations a lot's tendering terms name (OPT-301), with their roles.
  void LotRoles(Node lot) {
    Node terms = xml::Child(lot, "TenderingTerms");
    Node appeal = xml::Child(terms, "AppealTerms");
    AddRoleOf(xml::Child(appeal, "AppealReceiverParty"), Lookup(kRoles, "reviewer"));
    AddRoleOf(xml::Child(appeal, "MediationParty"), Lookup(kRoles, "mediator"));
    AddRoleOf(xml::Child(appeal, "AppealInformationParty"), "reviewContactPoint");
    AddRoleOf(xml::Child(terms, "AdditionalInformationParty"), "processContactPoint");
    AddRoleOf(xml::Child(terms, "DocumentProviderParty"), "processContactPoint");
    AddRoleOf(xml::Child(terms, "TenderRecipientParty"), "submissionReceiptBody");
    AddRoleOf(xml::Child(terms, "TenderEvaluationParty"), "evaluationBody");
    for (Node d : xml::Children(terms, "FiscalLegislationDocumentReference")) {
      AddRoleOf(xml::Child(d, "IssuerParty"), Lookup(kRoles, "info-tax"));
    }
    for (Node d : xml::Children(terms, "EnvironmentalLegislationDocumentReference")) {
      AddRoleOf(xml::Child(d, "IssuerParty"), Lookup(kRoles, "info-envir"));
    }
    for (Node d : xml::Children(terms, "EmploymentLegislationDocumentReference")) {
      AddRoleOf(xml::Child(d, "IssuerParty"), Lookup(kRoles, "info-emp"));
    }
  }

  // BT-131: the deadline for tenders (or requests to participate).
  Value Deadline(Node lot) {
    Node process = xml::Child(lot, "TenderingProcess");
    Node period = xml::Child(process, "TenderSubmissionDeadlinePeriod");
    if (!period) period = xml::Child(process, "ParticipationRequestReceptionPeriod");
    return DateValue(xml::Child(period, "EndDate"), xml::Child(period, "EndTime"), true);
  }

  Value Lot(Node lot, Value* items, Rollup* rollup) {
    std::string id = ChildText(lot, "ID");
    Node project = xml::Child(lot, "ProcurementProject");
    Value l = Value::MakeObject();
    PutString(&l, "id", id);
    PutTexts(&l, "title", project, "Name");
    PutTexts(&l, "description", project, "Description");
    PutString(&l, "mainProcurementCategory", Category(project));
    Put(&l, "value", AmountValue(xml::Find(project, {"RequestedTenderTotal", "EstimatedOverallContractAmount"})));
    Value period = ContractPeriod(project);
    rollup->Period(period);
    Put(&l, "contractPeriod", std::move(period));
    Value deadline = Deadline(lot);
    if (deadline.is_string()) {
      if (deadline.as_string() > rollup->deadline) rollup->deadline = deadline.as_string();
      Value tp = Value::MakeObject();
      tp.Set("endDate", std::move(deadline));
      l.Set("tenderPeriod", std::move(tp));
    }
    Put(&l, "techniques", Techniques(lot, rollup));
    LotRoles(lot);
    Item(project, id, items);
    return l;
  }

  // A part of a PIN (BT-137-Part): its fields are the procedure's where the procedure has none.
  void Part(Node part, Value* tender, Value* items, Rollup* rollup) {
    Node project = xml::Child(part, "ProcurementProject");
    if (!tender->Find("title")) PutTexts(tender, "title", project, "Name");
    if (!tender->Find("description")) PutTexts(tender, "description", project, "Description");
    if (!tender->Find("mainProcurementCategory")) PutString(tender, "mainProcurementCategory", Category(project));
    if (!tender->Find("value")) {
      Put(tender, "value", AmountValue(xml::Find(project, {"RequestedTenderTotal", "EstimatedOverallContractAmount"})));
    }
    if (!tender->Find("classification")) {
      Put(tender, "classification", Classification(xml::Child(project, "MainCommodityClassification")));
    }
    rollup->Period(ContractPeriod(project));
    Techniques(part, rollup);
    LotRoles(part);
    Item(project, "", items);
  }

  // efac:Changes (a change notice): one tender amendment per change (BT-140, BT-141, BT-762).
  Value Amendments() {
    Node changes = xml::Child(ext_, "Changes");
    Value out = Value::MakeArray();
    if (!changes) return out;
    Node reason = xml::Child(changes, "ChangeReason");
    std::string rationale = ChildText(reason, "ReasonDescription");
    std::string code = ChildText(reason, "ReasonCode");
    for (Node change : xml::Children(changes, "Change")) {
      Value a = Value::MakeObject();
      a.Set("id", Value::String(fmt::format("{}-{}", out_.notice_id, out.as_array().size() + 1)));
      PutTexts(&a, "description", change, "ChangeDescription");
      PutString(&a, "rationale", rationale);
      if (!code.empty()) {
        Value c = Value::MakeObject();
        c.Set("scheme", Value::String("eu-change-corrig-justification"));
        c.Set("id", Value::String(code));
        Value list = Value::MakeArray();
        list.as_array().push_back(std::move(c));
        a.Set("rationaleClassifications", std::move(list));
      }
      std::vector<std::string> lots;
      for (Node s : xml::FindAll(change, {"ChangedSection", "ChangedSectionIdentifier"})) {
        std::string section = xml::Text(s);
        if (section.rfind("LOT-", 0) == 0) AddUnique(&lots, section);
      }
      Put(&a, "relatedLots", StringArray(lots));
      out.as_array().push_back(std::move(a));
    }
    return out;
  }

  // ---- results

  struct Bid {
    std::string id;
    std::optional<Money> value;
    std::vector<std::string> tenderers;  // organisation ids
    std::vector<std::string> lots;
  };

  std::vector<Bid> LotTenders(Node result) {
    std::vector<Bid> out;
    std::vector<Node> parties = xml::Children(result, "TenderingParty");
    for (Node t : xml::Children(result, "LotTender")) {
      Bid tender;
      tender.id = ChildText(t, "ID");
      tender.value = AmountOf(xml::Find(t, {"LegalMonetaryTotal", "PayableAmount"}));
      std::string party = xml::Text(t, {"TenderingParty", "ID"});
      for (Node p : parties) {
        if (party.empty() || ChildText(p, "ID") != party) continue;
        for (Node tenderer : xml::Children(p, "Tenderer")) AddUnique(&tender.tenderers, ChildText(tenderer, "ID"));
      }
      for (Node lot : xml::FindAll(t, {"TenderLot", "ID"})) AddUnique(&tender.lots, xml::Text(lot));
      out.push_back(std::move(tender));
    }
    for (Node p : parties) {
      for (Node tenderer : xml::Children(p, "Tenderer")) AddRole(ChildText(tenderer, "ID"), "tenderer");
      for (Node sub : xml::Children(p, "SubContractor")) AddRole(ChildText(sub, "ID"), Lookup(kRoles, "subcont"));
    }
    return out;
  }

  const Bid* TenderById(const std::vector<Bid>& tenders, std::string_view id) const {
    for (const Bid& t : tenders) {
      if (t.id == id) return &t;
    }
    return nullptr;
  }

  // The sum of the tenders' values when they share a currency (else the first's).
  static std::optional<Money> Sum(const std::vector<const Bid*>& tenders) {
    std::optional<Money> total;
    double sum = 0;
    bool exact = true;
    for (const Bid* t : tenders) {
      if (!t->value) continue;
      if (!total) {
        total = t->value;
      } else if (t->value->currency != total->currency) {
        exact = false;
        continue;
      }
      sum += std::strtod(t->value->amount.c_str(), nullptr);
    }
    if (!total || !exact) return total;
    int counted = 0;
    for (const Bid* t : tenders) counted += t->value ? 1 : 0;
    if (counted > 1) total->amount = fmt::format("{:.2f}", sum);
    return total;
  }

  // efac:NoticeResult: one award per LotResult (OPT-322) and one contract per SettledContract
  // (OPT-316); suppliers are the tenderers of the tenders the contracts settle (BT-3202), or
  // of the result's tenders when the winner is chosen (BT-142 selec-w) and no contract is named.
  void Results(Value* awards, Value* contracts) {
    Node result = xml::Child(ext_, "NoticeResult");
    if (!result) return;
    std::vector<Bid> tenders = LotTenders(result);
    std::vector<Node> settled = xml::Children(result, "SettledContract");
    auto contract_node = [&](std::string_view id) -> Node {
      for (Node c : settled) {
        if (ChildText(c, "ID") == id) return c;
      }
      return nullptr;
    };
    std::vector<std::pair<std::string, std::string>> contract_awards;  // contract id, award id
    for (Node lr : xml::Children(result, "LotResult")) {
      Value a = Value::MakeObject();
      std::string id = ChildText(lr, "ID");
      PutString(&a, "id", id);
      std::string code = ChildText(lr, "TenderResultCode");
      bool not_awarded = xml::Find(lr, {"DecisionReason", "DecisionReasonCode"}) != nullptr;
      std::string status = code == "selec-w"   ? "active"
                           : code == "clos-nw" ? "unsuccessful"
                           : code == "open-nw" ? "pending"
                                               : "";
      if (not_awarded && status.empty()) status = "unsuccessful";
      PutString(&a, "status", status);
      std::vector<std::string> lots;
      for (Node lot : xml::FindAll(lr, {"TenderLot", "ID"})) AddUnique(&lots, xml::Text(lot));
      std::vector<const Bid*> winning;
      std::string date;
      for (Node sc : xml::FindAll(lr, {"SettledContract", "ID"})) {
        std::string contract_id = xml::Text(sc);
        contract_awards.emplace_back(contract_id, id);
        Node c = contract_node(contract_id);
        for (Node t : xml::FindAll(c, {"LotTender", "ID"})) {
          if (const Bid* tender = TenderById(tenders, xml::Text(t)); tender) winning.push_back(tender);
        }
        Value award_date = DateValue(xml::Child(c, "AwardDate"), nullptr, false);
        if (award_date.is_string() && (date.empty() || award_date.as_string() < date)) date = award_date.as_string();
      }
      if (winning.empty() && code == "selec-w") {
        for (Node t : xml::FindAll(lr, {"LotTender", "ID"})) {
          if (const Bid* tender = TenderById(tenders, xml::Text(t)); tender) winning.push_back(tender);
        }
      }
      PutString(&a, "date", date);
      if (status != "unsuccessful") {
        if (auto sum = Sum(winning); sum) a.Set("value", MoneyValue(*sum));
      }
      Put(&a, "maximumValue", AmountValue(xml::Find(lr, {"FrameworkAgreementValues", "MaximumValueAmount"})));
      std::vector<std::string> suppliers;
      if (status != "unsuccessful") {
        for (const Bid* t : winning) {
          for (const std::string& s : t->tenderers) AddUnique(&suppliers, s);
        }
      }
      Value refs = Value::MakeArray();
      for (const std::string& s : suppliers) {
        AddRole(s, Lookup(kRoles, "winner"));
        refs.as_array().push_back(OrganisationReference(s));
      }
      Put(&a, "suppliers", std::move(refs));
      Put(&a, "relatedLots", StringArray(lots));
      AddRoleOf(xml::Child(lr, "FinancingParty"), "funder");
      AddRoleOf(xml::Child(lr, "PayerParty"), "payer");
      awards->as_array().push_back(std::move(a));
    }
    for (Node c : settled) contracts->as_array().push_back(Contract(c, tenders, contract_awards));
  }

  Value Contract(Node c, const std::vector<Bid>& tenders,
                 const std::vector<std::pair<std::string, std::string>>& contract_awards) {
    Value v = Value::MakeObject();
    std::string id = ChildText(c, "ID");
    PutString(&v, "id", id);
    std::vector<std::string> award_ids;
    for (const auto& [contract, award] : contract_awards) {
      if (contract == id) AddUnique(&award_ids, award);
    }
    if (award_ids.size() == 1) PutString(&v, "awardID", award_ids.front());
    if (award_ids.size() > 1) v.Set("awardIDs", StringArray(award_ids));
    PutTexts(&v, "title", c, "Title");
    Put(&v, "dateSigned", DateValue(xml::Child(c, "IssueDate"), nullptr, false));
    std::vector<const Bid*> settled;
    for (Node t : xml::FindAll(c, {"LotTender", "ID"})) {
      if (const Bid* tender = TenderById(tenders, xml::Text(t)); tender) settled.push_back(tender);
    }
    if (auto sum = Sum(settled); sum) v.Set("value", MoneyValue(*sum));
    AddRoleOf(xml::Child(c, "SignatoryParty"), "buyer");
    return v;
  }

  // efac:ContractModification (BT-200, BT-201, BT-202): an amendment of the modified contract.
  void Modifications(Value* contracts) {
    int n = 0;
    for (Node m : xml::Children(ext_, "ContractModification")) {
      std::string contract_id = ChildText(m, "ModifiedContractIdentifier");
      Value a = Value::MakeObject();
      a.Set("id", Value::String(fmt::format("{}-{}", out_.notice_id, ++n)));
      for (Node change : xml::Children(m, "Change")) PutTexts(&a, "description", change, "ChangeDescription");
      Node reason = xml::Child(m, "ChangeReason");
      PutTexts(&a, "rationale", reason, "ReasonDescription");
      if (std::string code = ChildText(reason, "ReasonCode"); !code.empty()) {
        Value c = Value::MakeObject();
        c.Set("scheme", Value::String("eu-modification-justification"));
        c.Set("id", Value::String(code));
        Value list = Value::MakeArray();
        list.as_array().push_back(std::move(c));
        a.Set("rationaleClassifications", std::move(list));
      }
      Value* contract = nullptr;
      for (Value& c : contracts->as_array()) {
        const Value* id = c.Find("id");
        if (id && id->is_string() && id->as_string() == contract_id) contract = &c;
      }
      if (!contract) {
        Value c = Value::MakeObject();
        PutString(&c, "id", contract_id);
        contracts->as_array().push_back(std::move(c));
        contract = &contracts->as_array().back();
      }
      Value* amendments = contract->Find("amendments");
      if (!amendments) {
        contract->Set("amendments", Value::MakeArray());
        amendments = contract->Find("amendments");
      }
      amendments->as_array().push_back(std::move(a));
    }
  }

  Node root_;
  Node ext_ = nullptr;
  const FormType* form_type_ = nullptr;
  std::string language_;
  std::vector<Party> parties_;
  std::string buyer_id_;
  bool buyer_is_lead_ = false;
  MappedNotice out_;
};

}  // namespace

MappedNotice MapEforms(xml::Node root) {
  try {
    return EformsMapper(root).Run();
  } catch (const std::exception& e) {
    MappedNotice out;
    out.problems.push_back({true, xml::Line(root), "internal_error", fmt::format("the mapper failed: {}", e.what())});
    return out;
  } catch (...) {
    MappedNotice out;
    out.problems.push_back({true, xml::Line(root), "internal_error", "the mapper failed"});
    return out;
  }
}

}  // namespace cobuy::ted
