// Synthetic eForms notices: each generated OCDS release (gen.cc) parsed back and rendered as
// one UBL notice with the elements the eForms mapper (src/ted/eforms.cc) reads, then packed
// as a ustar member (plain or gzip). See eforms.h for what becomes what.
#include "gen/eforms.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "gen/chunk_writer.h"
#include "ocds/value.h"

namespace cobuy::gen {
namespace {

using ocds::Value;

// ---------------------------------------------------------------------------------------
// Code tables.

struct CodePair {
  std::string_view from;
  std::string_view to;
};

template <size_t N>
std::string_view Lookup(const std::array<CodePair, N>& table, std::string_view code, std::string_view fallback) {
  for (const auto& [from, to] : table) {
    if (from == code) return to;
  }
  return fallback;
}

// ISO 639-1 -> the eForms language authority table.
constexpr std::array<CodePair, 26> kLanguages = {{
    {"bg", "BUL"}, {"cs", "CES"}, {"da", "DAN"}, {"de", "DEU"}, {"el", "ELL"}, {"en", "ENG"}, {"es", "SPA"},
    {"et", "EST"}, {"fi", "FIN"}, {"fr", "FRA"}, {"ga", "GLE"}, {"hr", "HRV"}, {"hu", "HUN"}, {"it", "ITA"},
    {"lt", "LIT"}, {"lv", "LAV"}, {"mt", "MLT"}, {"nl", "NLD"}, {"pl", "POL"}, {"pt", "POR"}, {"ro", "RON"},
    {"sk", "SLK"}, {"sl", "SLV"}, {"sv", "SWE"}, {"no", "NOR"}, {"is", "ISL"},
}};

// ISO 3166-1 alpha-2 -> alpha-3 (the EU country authority table): the EU, EEA and EFTA.
constexpr std::array<CodePair, 32> kEformsCountries = {{
    {"AT", "AUT"}, {"BE", "BEL"}, {"BG", "BGR"}, {"HR", "HRV"}, {"CY", "CYP"}, {"CZ", "CZE"}, {"DK", "DNK"},
    {"EE", "EST"}, {"FI", "FIN"}, {"FR", "FRA"}, {"DE", "DEU"}, {"GR", "GRC"}, {"HU", "HUN"}, {"IE", "IRL"},
    {"IT", "ITA"}, {"LV", "LVA"}, {"LT", "LTU"}, {"LU", "LUX"}, {"MT", "MLT"}, {"NL", "NLD"}, {"PL", "POL"},
    {"PT", "PRT"}, {"RO", "ROU"}, {"SK", "SVK"}, {"SI", "SVN"}, {"ES", "ESP"}, {"SE", "SWE"}, {"IS", "ISL"},
    {"LI", "LIE"}, {"NO", "NOR"}, {"CH", "CHE"}, {"GB", "GBR"},
}};

// OCDS techniques.frameworkAgreement.method -> framework-agreement (BT-765).
constexpr std::array<CodePair, 3> kFrameworkMethods = {{
    {"withoutReopeningCompetition", "fa-wo-rc"},
    {"withReopeningCompetition", "fa-w-rc"},
    {"withAndWithoutReopeningCompetition", "fa-mix"},
}};

// OCDS mainProcurementCategory -> contract-nature (BT-23), and its English label.
std::string_view NatureOf(std::string_view category) {
  return category == "goods" ? "supplies" : category == "works" ? "works" : "services";
}
std::string_view NatureLabel(std::string_view nature) {
  return nature == "supplies" ? "Supplies" : nature == "works" ? "Works" : "Services";
}

// procurementMethodDetails (the generator's labels) -> procurement-procedure-type (BT-105).
std::string_view ProcedureCode(std::string_view method, std::string_view details) {
  if (details.rfind("Open", 0) == 0) return "open";
  if (details.rfind("Restricted", 0) == 0) return "restricted";
  if (details.rfind("Competitive procedure with negotiation", 0) == 0) return "neg-w-call";
  if (details.rfind("Negotiated procedure without", 0) == 0) return "neg-wo-call";
  return method == "open" ? "open" : method == "limited" ? "neg-wo-call" : "restricted";
}

// ---------------------------------------------------------------------------------------
// Reading the generated release.

const Value* Get(const Value* v, std::string_view key) {
  return v ? v->Find(key) : nullptr;
}

std::string_view StrOf(const Value* v) {
  return v && v->is_string() ? std::string_view(v->as_string()) : "";
}
std::string_view StrOf(const Value* v, std::string_view key) {
  return StrOf(Get(v, key));
}

std::string_view NumOf(const Value* v, std::string_view key) {
  const Value* n = Get(v, key);
  return n && n->is_number() ? std::string_view(n->number_text()) : "";
}

// The elements of an array, or the value itself when it is an object (the generator's
// "awards": {...} quirk).
std::vector<const Value*> ListOf(const Value* v) {
  std::vector<const Value*> out;
  if (v && v->is_array()) {
    for (const Value& e : v->as_array()) out.push_back(&e);
  } else if (v && v->is_object()) {
    out.push_back(v);
  }
  return out;
}

// The first tag ("tag": ["tender"] or the "tag": "tender" quirk).
std::string_view StageOf(const Value& release) {
  const Value* tag = release.Find("tag");
  if (tag && tag->is_array() && !tag->as_array().empty()) return StrOf(&tag->as_array().front());
  return StrOf(tag);
}

// A CPV code without its check digit ("60140000-1" -> "60140000").
std::string_view Cpv8(std::string_view code) {
  return code.substr(0, std::min<size_t>(code.size(), 8));
}

// ---------------------------------------------------------------------------------------
// Writing XML.

void Escape(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      default: out->push_back(c);
    }
  }
}

// <tag attr="value">text</tag> (no attribute when `attr` is empty).
void Leaf(std::string* out, std::string_view tag, std::string_view text, std::string_view attr = {},
          std::string_view value = {}) {
  out->push_back('<');
  out->append(tag);
  if (!attr.empty()) {
    out->push_back(' ');
    out->append(attr);
    out->append("=\"");
    Escape(out, value);
    out->push_back('"');
  }
  out->push_back('>');
  Escape(out, text);
  out->append("</");
  out->append(tag);
  out->append(">\n");
}

void Open(std::string* out, std::string_view tag) {
  out->append(fmt::format("<{}>\n", tag));
}
void Close(std::string* out, std::string_view tag) {
  out->append(fmt::format("</{}>\n", tag));
}

// <outer><cbc:ID schemeName="scheme">id</cbc:ID></outer>
void IdRef(std::string* out, std::string_view outer, std::string_view scheme, std::string_view id) {
  Open(out, outer);
  Leaf(out, "cbc:ID", id, "schemeName", scheme);
  Close(out, outer);
}

// ---------------------------------------------------------------------------------------
// One notice.

struct Form {
  std::string_view root;     // the UBL document element
  std::string_view type;     // NoticeTypeCode
  std::string_view list;     // its listName (the form type)
  std::string_view subtype;  // OPP-070
};

constexpr Form kPin = {"PriorInformationNotice", "pin-only", "planning", "4"};
constexpr Form kCn = {"ContractNotice", "cn-standard", "competition", "16"};
constexpr Form kCan = {"ContractAwardNotice", "can-standard", "result", "29"};

const Form* FormOf(std::string_view stage) {
  if (stage == "planning") return &kPin;
  if (stage == "tender") return &kCn;
  if (stage == "award" || stage == "contract") return &kCan;
  return nullptr;
}

struct Cpvs {
  std::string main;
  std::vector<std::string> more;
};

class NoticeWriter {
 public:
  NoticeWriter(const Value& release, const Form& form, const std::unordered_map<std::string, std::string>& english)
      : r_(release), form_(form), english_(english) {}

  // The notice's XML into `out` (cleared first).
  void Write(std::string_view notice_id, std::string_view date, std::string_view time, std::string* out);

 private:
  void Extension();
  void Results();
  void Organisation(const Value& party, const std::string& org_id);
  void Buyer();
  void Project(const Value* source, const std::vector<const Value*>& items, bool root);
  void Lots();
  void LotProcess();
  Cpvs CpvsOf(const std::vector<const Value*>& items) const;
  std::vector<const Value*> ItemsOfLot(std::string_view lot_id) const;
  std::string OrgIdOf(std::string_view party_id) const;
  std::string LotIdOf(std::string_view ocds_lot) const;

  const Value& r_;
  const Form& form_;
  const std::unordered_map<std::string, std::string>& english_;
  const Value* tender_ = nullptr;
  std::string lang_;                                       // ISO 639-1 of the release
  std::string lang3_;                                      // eForms language code
  std::vector<std::pair<std::string, std::string>> orgs_;  // OCDS party id, ORG-nnnn
  std::string* out_ = nullptr;
};

std::string NoticeWriter::OrgIdOf(std::string_view party_id) const {
  for (const auto& [id, org] : orgs_) {
    if (id == party_id) return org;
  }
  return {};
}

std::string NoticeWriter::LotIdOf(std::string_view ocds_lot) const {
  std::vector<const Value*> lots = ListOf(Get(tender_, "lots"));
  for (size_t i = 0; i < lots.size(); ++i) {
    if (StrOf(lots[i], "id") == ocds_lot) return fmt::format("LOT-{:04}", i + 1);
  }
  return "LOT-0001";
}

std::vector<const Value*> NoticeWriter::ItemsOfLot(std::string_view lot_id) const {
  std::vector<const Value*> out;
  for (const Value* item : ListOf(Get(tender_, "items"))) {
    if (lot_id.empty() || StrOf(item, "relatedLot") == lot_id) out.push_back(item);
  }
  return out;
}

Cpvs NoticeWriter::CpvsOf(const std::vector<const Value*>& items) const {
  Cpvs c;
  for (const Value* item : items) {
    std::string code(Cpv8(StrOf(Get(item, "classification"), "id")));
    if (code.empty()) continue;
    if (c.main.empty()) {
      c.main = code;
    } else if (code != c.main && std::find(c.more.begin(), c.more.end(), code) == c.more.end()) {
      c.more.push_back(code);
    }
  }
  return c;
}

void NoticeWriter::Write(std::string_view notice_id, std::string_view date, std::string_view time, std::string* out) {
  out_ = out;
  out->clear();
  tender_ = r_.Find("tender");
  lang_ = std::string(StrOf(r_.Find("language")));
  lang3_ = std::string(Lookup(kLanguages, lang_, "ENG"));
  // ORG-0001 is the buyer; then the suppliers (the parties of the awards).
  std::string buyer_id(StrOf(r_.Find("buyer"), "id"));
  orgs_.clear();
  orgs_.emplace_back(buyer_id, "ORG-0001");
  for (const Value* p : ListOf(r_.Find("parties"))) {
    std::string id(StrOf(p, "id"));
    bool supplier = false;
    for (const Value* role : ListOf(Get(p, "roles"))) supplier = supplier || StrOf(role) == "supplier";
    if (supplier && OrgIdOf(id).empty()) orgs_.emplace_back(id, fmt::format("ORG-{:04}", orgs_.size() + 1));
  }

  out->append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- ");
  out->append(kSyntheticNote);
  out->append(" -->\n");
  out->append(
      fmt::format("<{} xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:{}-2\" "
                  "xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\" "
                  "xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\" "
                  "xmlns:ext=\"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2\" "
                  "xmlns:efac=\"http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1\" "
                  "xmlns:efbc=\"http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1\" "
                  "xmlns:efext=\"http://data.europa.eu/p27/eforms-ubl-extensions/1\">\n",
                  form_.root, form_.root));
  Extension();
  Leaf(out, "cbc:UBLVersionID", "2.3");
  Leaf(out, "cbc:CustomizationID", "eforms-sdk-1.10");
  Leaf(out, "cbc:ID", notice_id, "schemeName", "notice-id");
  Leaf(out, "cbc:ContractFolderID", ProcedureIdOf(StrOf(r_.Find("ocid"))));
  Leaf(out, "cbc:IssueDate", fmt::format("{}Z", date));
  Leaf(out, "cbc:IssueTime", fmt::format("{}Z", time));
  Leaf(out, "cbc:VersionID", "01");
  Leaf(out, "cbc:RegulatoryDomain", "32014L0024");
  Leaf(out, "cbc:NoticeTypeCode", form_.type, "listName", form_.list);
  Leaf(out, "cbc:NoticeLanguageCode", lang3_);
  Leaf(out, "cbc:Note", kSyntheticNote, "languageID", "ENG");
  Buyer();
  Open(out, "cac:TenderingProcess");
  Leaf(out, "cbc:ProcedureCode",
       ProcedureCode(StrOf(tender_, "procurementMethod"), StrOf(tender_, "procurementMethodDetails")), "listName",
       "procurement-procedure-type");
  Close(out, "cac:TenderingProcess");
  Project(tender_, ItemsOfLot(""), true);
  Lots();
  Close(out, form_.root);
}

void NoticeWriter::Extension() {
  std::string* out = out_;
  Open(out, "ext:UBLExtensions");
  Open(out, "ext:UBLExtension");
  Open(out, "ext:ExtensionContent");
  Open(out, "efext:EformsExtension");
  if (&form_ == &kCan) Results();
  Open(out, "efac:NoticeSubType");
  Leaf(out, "cbc:SubTypeCode", form_.subtype, "listName", "notice-subtype");
  Close(out, "efac:NoticeSubType");
  Open(out, "efac:Organizations");
  for (const auto& [party_id, org_id] : orgs_) {
    for (const Value* p : ListOf(r_.Find("parties"))) {
      if (StrOf(p, "id") == party_id) {
        Organisation(*p, org_id);
        break;
      }
    }
  }
  Close(out, "efac:Organizations");
  Close(out, "efext:EformsExtension");
  Close(out, "ext:ExtensionContent");
  Close(out, "ext:UBLExtension");
  Close(out, "ext:UBLExtensions");
}

void NoticeWriter::Organisation(const Value& party, const std::string& org_id) {
  std::string* out = out_;
  const Value* address = party.Find("address");
  Open(out, "efac:Organization");
  Open(out, "efac:Company");
  IdRef(out, "cac:PartyIdentification", "organization", org_id);
  Open(out, "cac:PartyName");
  Leaf(out, "cbc:Name", StrOf(party.Find("name")), "languageID", lang3_);
  Close(out, "cac:PartyName");
  Open(out, "cac:PostalAddress");
  if (auto city = StrOf(address, "locality"); !city.empty()) Leaf(out, "cbc:CityName", city);
  if (auto nuts = StrOf(address, "region"); !nuts.empty())
    Leaf(out, "cbc:CountrySubentityCode", nuts, "listName", "nuts");
  Open(out, "cac:Country");
  std::string_view cc = StrOf(address, "country");
  Leaf(out, "cbc:IdentificationCode", Lookup(kEformsCountries, cc, cc), "listName", "country");
  Close(out, "cac:Country");
  Close(out, "cac:PostalAddress");
  if (auto number = StrOf(Get(&party, "identifier"), "id"); !number.empty()) {
    Open(out, "cac:PartyLegalEntity");
    Leaf(out, "cbc:CompanyID", number);
    Close(out, "cac:PartyLegalEntity");
  }
  Close(out, "efac:Company");
  Close(out, "efac:Organization");
}

void NoticeWriter::Buyer() {
  std::string* out = out_;
  std::string_view buyer_id = StrOf(r_.Find("buyer"), "id");
  std::string_view legal_type;
  for (const Value* p : ListOf(r_.Find("parties"))) {
    if (StrOf(p, "id") != buyer_id) continue;
    for (const Value* c : ListOf(Get(Get(p, "details"), "classifications"))) {
      if (StrOf(c, "scheme") == "eu-buyer-legal-type") legal_type = StrOf(c, "id");
    }
  }
  Open(out, "cac:ContractingParty");
  if (!legal_type.empty()) {
    Open(out, "cac:ContractingPartyType");
    Leaf(out, "cbc:PartyTypeCode", legal_type, "listName", "buyer-legal-type");
    Close(out, "cac:ContractingPartyType");
  }
  Open(out, "cac:Party");
  IdRef(out, "cac:PartyIdentification", "organization", "ORG-0001");
  Close(out, "cac:Party");
  Close(out, "cac:ContractingParty");
}

// cac:ProcurementProject of the procedure (`root`) or of a lot: title (and in English),
// description, nature, CPV codes, estimated value.
void NoticeWriter::Project(const Value* source, const std::vector<const Value*>& items, bool root) {
  std::string* out = out_;
  std::string_view nature = NatureOf(StrOf(tender_, "mainProcurementCategory"));
  Cpvs cpvs = CpvsOf(items);
  Open(out, "cac:ProcurementProject");
  if (root) Leaf(out, "cbc:ID", StrOf(r_.Find("ocid")), "schemeName", "InternalID");
  Leaf(out, "cbc:Name", StrOf(source, "title"), "languageID", lang3_);
  if (lang3_ != "ENG") {
    auto en = english_.find(cpvs.main);
    std::string label = en != english_.end() ? en->second : cpvs.main;
    Leaf(out, "cbc:Name", fmt::format("{}: {}", NatureLabel(nature), label), "languageID", "ENG");
  }
  if (auto d = StrOf(source, "description"); !d.empty()) Leaf(out, "cbc:Description", d, "languageID", lang3_);
  Leaf(out, "cbc:ProcurementTypeCode", nature, "listName", "contract-nature");
  if (!cpvs.main.empty()) {
    Open(out, "cac:MainCommodityClassification");
    Leaf(out, "cbc:ItemClassificationCode", cpvs.main, "listName", "cpv");
    Close(out, "cac:MainCommodityClassification");
  }
  for (const std::string& code : cpvs.more) {
    Open(out, "cac:AdditionalCommodityClassification");
    Leaf(out, "cbc:ItemClassificationCode", code, "listName", "cpv");
    Close(out, "cac:AdditionalCommodityClassification");
  }
  const Value* value = Get(source, "value");
  if (auto amount = NumOf(value, "amount"); !amount.empty()) {
    Open(out, "cac:RequestedTenderTotal");
    Leaf(out, "cbc:EstimatedOverallContractAmount", amount, "currencyID", StrOf(value, "currency"));
    Close(out, "cac:RequestedTenderTotal");
  }
  Close(out, "cac:ProcurementProject");
}

// A lot's tendering process: the deadline (contract notices), the framework agreement with
// its buyer categories (BT-111), or the dynamic purchasing system.
void NoticeWriter::LotProcess() {
  std::string* out = out_;
  const Value* techniques = Get(tender_, "techniques");
  const Value* fa = Get(techniques, "frameworkAgreement");
  bool dps = Get(techniques, "dynamicPurchasingSystem") != nullptr;
  std::string_view deadline = StrOf(Get(tender_, "tenderPeriod"), "endDate");
  bool with_deadline = &form_ == &kCn && deadline.size() >= 10;
  if (!fa && !dps && !with_deadline) return;
  Open(out, "cac:TenderingProcess");
  if (with_deadline) {
    Open(out, "cac:TenderSubmissionDeadlinePeriod");
    Leaf(out, "cbc:EndDate", fmt::format("{}Z", deadline.substr(0, 10)));
    Leaf(out, "cbc:EndTime", "12:00:00Z");
    Close(out, "cac:TenderSubmissionDeadlinePeriod");
  }
  if (fa) {
    Open(out, "cac:FrameworkAgreement");
    if (auto max = NumOf(fa, "maximumParticipants"); !max.empty()) Leaf(out, "cbc:MaximumOperatorQuantity", max);
    if (auto categories = StrOf(fa, "buyerCategories"); !categories.empty()) {
      Open(out, "cac:SubsequentProcessTenderRequirement");
      Leaf(out, "cbc:Name", "buyer-categories");
      Leaf(out, "cbc:Description", categories, "languageID", lang3_);
      Close(out, "cac:SubsequentProcessTenderRequirement");
    }
    Close(out, "cac:FrameworkAgreement");
  }
  Open(out, "cac:ContractingSystem");
  if (fa) {
    Leaf(out, "cbc:ContractingSystemTypeCode", Lookup(kFrameworkMethods, StrOf(fa, "method"), "fa-wo-rc"), "listName",
         "framework-agreement");
  } else {
    Leaf(out, "cbc:ContractingSystemTypeCode", dps ? "dps-nlist" : "none", "listName", "dps-usage");
  }
  Close(out, "cac:ContractingSystem");
  Close(out, "cac:TenderingProcess");
}

// One cac:ProcurementProjectLot per OCDS lot, or one for the whole procedure; a PIN's are
// parts (BT-137-Part).
void NoticeWriter::Lots() {
  std::string* out = out_;
  bool pin = &form_ == &kPin;
  std::vector<const Value*> lots = ListOf(Get(tender_, "lots"));
  size_t n = lots.empty() ? 1 : lots.size();
  for (size_t i = 0; i < n; ++i) {
    const Value* lot = lots.empty() ? tender_ : lots[i];
    Open(out, "cac:ProcurementProjectLot");
    Leaf(out, "cbc:ID", fmt::format("{}-{:04}", pin ? "PAR" : "LOT", i + 1), "schemeName", pin ? "Part" : "Lot");
    LotProcess();
    Project(lot, ItemsOfLot(lots.empty() ? "" : StrOf(lot, "id")), false);
    Close(out, "cac:ProcurementProjectLot");
  }
}

// efac:NoticeResult: per award a LotResult, the winning LotTender (the award's value), a
// TenderingParty with the suppliers; per contract of a contract release a SettledContract.
void NoticeWriter::Results() {
  std::string* out = out_;
  std::vector<const Value*> awards;
  for (const Value* a : ListOf(r_.Find("awards"))) {
    bool seen = false;
    for (const Value* b : awards) seen = seen || StrOf(b, "id") == StrOf(a, "id");
    if (!seen) awards.push_back(a);
  }
  std::vector<const Value*> contracts = ListOf(r_.Find("contracts"));
  auto contract_of = [&](const Value* award) -> const Value* {
    for (const Value* c : contracts) {
      if (StrOf(c, "awardID") == StrOf(award, "id")) return c;
    }
    return nullptr;
  };
  auto lot_of = [&](const Value* award) {
    std::vector<const Value*> related = ListOf(Get(award, "relatedLots"));
    return related.empty() ? std::string("LOT-0001") : LotIdOf(StrOf(related.front()));
  };
  Open(out, "efac:NoticeResult");
  for (size_t k = 1; k <= awards.size(); ++k) {
    const Value* a = awards[k - 1];
    Open(out, "efac:LotResult");
    Leaf(out, "cbc:ID", fmt::format("RES-{:04}", k), "schemeName", "result");
    Leaf(out, "cbc:TenderResultCode", "selec-w", "listName", "winner-selection-status");
    IdRef(out, "efac:LotTender", "tender", fmt::format("TEN-{:04}", k));
    if (contract_of(a)) IdRef(out, "efac:SettledContract", "contract", fmt::format("CON-{:04}", k));
    IdRef(out, "efac:TenderLot", "Lot", lot_of(a));
    Close(out, "efac:LotResult");
  }
  for (size_t k = 1; k <= awards.size(); ++k) {
    const Value* value = Get(awards[k - 1], "value");
    Open(out, "efac:LotTender");
    Leaf(out, "cbc:ID", fmt::format("TEN-{:04}", k), "schemeName", "tender");
    Leaf(out, "cbc:RankCode", "1");
    if (auto amount = NumOf(value, "amount"); !amount.empty()) {
      Open(out, "cac:LegalMonetaryTotal");
      Leaf(out, "cbc:PayableAmount", amount, "currencyID", StrOf(value, "currency"));
      Close(out, "cac:LegalMonetaryTotal");
    }
    IdRef(out, "efac:TenderingParty", "tendering-party", fmt::format("TPA-{:04}", k));
    IdRef(out, "efac:TenderLot", "Lot", lot_of(awards[k - 1]));
    Close(out, "efac:LotTender");
  }
  for (size_t k = 1; k <= awards.size(); ++k) {
    const Value* c = contract_of(awards[k - 1]);
    if (!c) continue;
    Open(out, "efac:SettledContract");
    Leaf(out, "cbc:ID", fmt::format("CON-{:04}", k), "schemeName", "contract");
    if (auto award_date = StrOf(awards[k - 1], "date"); award_date.size() >= 10) {
      Leaf(out, "cbc:AwardDate", fmt::format("{}Z", award_date.substr(0, 10)));
    }
    if (auto signed_date = StrOf(c, "dateSigned"); signed_date.size() >= 10) {
      Leaf(out, "cbc:IssueDate", fmt::format("{}Z", signed_date.substr(0, 10)));
    }
    if (auto title = StrOf(c, "title"); !title.empty()) Leaf(out, "cbc:Title", title, "languageID", lang3_);
    IdRef(out, "efac:LotTender", "tender", fmt::format("TEN-{:04}", k));
    Close(out, "efac:SettledContract");
  }
  for (size_t k = 1; k <= awards.size(); ++k) {
    Open(out, "efac:TenderingParty");
    Leaf(out, "cbc:ID", fmt::format("TPA-{:04}", k), "schemeName", "tendering-party");
    for (const Value* s : ListOf(Get(awards[k - 1], "suppliers"))) {
      std::string org = OrgIdOf(StrOf(s, "id"));
      if (!org.empty()) IdRef(out, "efac:Tenderer", "organization", org);
    }
    Close(out, "efac:TenderingParty");
  }
  Close(out, "efac:NoticeResult");
}

// ---------------------------------------------------------------------------------------
// Packaging: ustar members, handed to a ChunkWriter (gzip and ~1 MiB chunks, as gen.cc).

class PackageWriter {
 public:
  PackageWriter(const ByteSink& out, bool gzip) : chunks_(out, gzip) {}

  Status AddMember(std::string_view name, std::string_view data, std::int64_t mtime) {
    std::string member = Header(name, data.size(), mtime);
    member.append(data);
    member.append((512 - data.size() % 512) % 512, '\0');
    chunks_.Append(member);
    return chunks_.status();
  }

  Status Finish() {
    chunks_.Append(std::string(1024, '\0'));
    return chunks_.Finish();
  }

 private:
  static void Octal(char* field, size_t width, std::uint64_t v) {
    std::string s = fmt::format("{:0{}o}", v, width - 1);
    std::memcpy(field, s.data(), std::min(s.size(), width - 1));
  }

  static std::string Header(std::string_view name, size_t size, std::int64_t mtime) {
    std::array<char, 512> h{};
    std::memcpy(h.data(), name.data(), std::min<size_t>(name.size(), 100));
    Octal(&h[100], 8, 0644);
    Octal(&h[108], 8, 0);
    Octal(&h[116], 8, 0);
    Octal(&h[124], 12, size);
    Octal(&h[136], 12, static_cast<std::uint64_t>(std::max<std::int64_t>(0, mtime)));
    std::memset(&h[148], ' ', 8);
    h[156] = '0';
    std::memcpy(&h[257], "ustar", 6);
    std::memcpy(&h[263], "00", 2);
    std::memcpy(&h[265], "cobuy", 5);
    std::memcpy(&h[297], "cobuy", 5);
    unsigned sum = 0;
    for (char c : h) sum += static_cast<unsigned char>(c);
    std::string chk = fmt::format("{:06o}", sum);
    std::memcpy(&h[148], chk.data(), 6);
    h[154] = '\0';
    h[155] = ' ';
    return std::string(h.data(), h.size());
  }

  ChunkWriter chunks_;
};

// Seconds since 1970 of "YYYY-MM-DD" and "HH:MM:SS" (0 when they do not parse).
std::int64_t Seconds(std::string_view date, std::string_view time) {
  auto days = ParseDate(date, "date");
  if (!days.ok()) return 0;
  auto two = [&](size_t at) { return (time[at] - '0') * 10 + (time[at + 1] - '0'); };
  return *days * 86400 + two(0) * 3600 + two(3) * 60 + two(6);
}

// 64-bit FNV-1a of `key` from `basis`, finished with the splitmix64 mixer.
std::uint64_t Hash64(std::string_view key, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

}  // namespace

std::string DerivedUuid(std::string_view key) {
  std::uint64_t hi = Hash64(key, 0xCBF29CE484222325ULL);
  std::uint64_t lo = Hash64(key, 0x84222325CBF29CE4ULL);
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                         // version 4 layout
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48,
                     lo & 0xFFFFFFFFFFFFULL);
}

std::string NoticeIdOf(std::string_view ocid, std::string_view release_id) {
  return DerivedUuid(fmt::format("cobuy-notice:{}/{}", ocid, release_id));
}

std::string ProcedureIdOf(std::string_view ocid) {
  return DerivedUuid(fmt::format("cobuy-procedure:{}", ocid));
}

Status RenderEformsNotices(const GenOptions& options, const ReferenceData& ref, const NoticeSink& sink) {
  // English CPV labels for the English title of notices in other languages.
  std::unordered_map<std::string, std::string> english;
  for (const CpvCode& c : ref.cpv) {
    if (auto it = c.labels.find("en"); it != c.labels.end()) english.emplace(c.code8, it->second);
  }
  Status failed;
  std::string xml;
  std::string member;
  Status s = Generate(options, ref, [&](std::string_view json) {
    if (!failed.ok()) return;
    auto release = Value::Parse(json);
    if (!release.ok()) {
      failed = Internal(fmt::format("eforms: a generated release does not parse: {}", release.status().message()));
      return;
    }
    const Form* form = FormOf(StageOf(*release));
    std::string_view date = StrOf(release->Find("date"));
    if (!form || date.size() < 19) return;  // amendments, releases without a date
    std::string_view ocid = StrOf(release->Find("ocid"));
    std::string id = NoticeIdOf(ocid, StrOf(release->Find("id")));
    NoticeWriter(*release, *form, english).Write(id, date.substr(0, 10), date.substr(11, 8), &xml);
    member = fmt::format("{}/{}.xml", date.substr(0, 10), id);
    failed = sink(member, xml);
  });
  COBUY_RETURN_IF_ERROR(s);
  return failed;
}

Status WriteEformsPackage(const GenOptions& options, const ReferenceData& ref, bool gzip, const ByteSink& out) {
  auto writer = std::make_unique<PackageWriter>(out, gzip);
  COBUY_RETURN_IF_ERROR(RenderEformsNotices(options, ref, [&](std::string_view member, std::string_view xml) {
    std::string_view date = member.substr(0, 10);
    std::string_view time = "00:00:00";
    // The issue time sits in the notice: "<cbc:IssueTime>HH:MM:SSZ".
    if (size_t at = xml.find("<cbc:IssueTime>"); at != std::string_view::npos && at + 23 <= xml.size()) {
      time = xml.substr(at + 15, 8);
    }
    return writer->AddMember(member, xml, Seconds(date, time));
  }));
  return writer->Finish();
}

}  // namespace cobuy::gen
