#include "ingest/projection.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "core/text.h"

namespace cobuy::ingest {
namespace {

using ocds::Value;

const Value* Get(const Value* v, std::string_view key) {
  return v && v->is_object() ? v->Find(key) : nullptr;
}

template <typename... Keys>
const Value* Path(const Value* v, std::string_view first, Keys... rest) {
  const Value* next = Get(v, first);
  if constexpr (sizeof...(rest) == 0) {
    return next;
  } else {
    return Path(next, rest...);
  }
}

std::string Str(const Value* v) {
  if (!v) return {};
  if (v->is_string()) return v->as_string();
  if (v->is_number()) return v->number_text();
  return {};
}

std::optional<double> Num(const Value* v) {
  if (!v) return std::nullopt;
  std::string text;
  if (v->is_number()) {
    text = v->number_text();
  } else if (v->is_string()) {
    text = v->as_string();  // some publishers quote amounts
  } else {
    return std::nullopt;
  }
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return std::nullopt;
  return d;
}

std::optional<std::int64_t> Int(const Value* v) {
  auto d = Num(v);
  if (!d) return std::nullopt;
  return static_cast<std::int64_t>(*d);
}

const Value::Array& List(const Value* v) {
  static const Value::Array kEmpty;
  return v && v->is_array() ? v->as_array() : kEmpty;
}

std::string Day(const std::string& text) {
  return IsoDay(text).value_or("");
}

class Projector {
 public:
  Projector(const Value& compiled, const IngestReference& ref) : c_(compiled), ref_(ref) {}

  ProcessRecord Run(const std::vector<ReleaseSummary>& releases) {
    ProcessRecord p;
    p.ocid = Str(c_.Find("ocid"));
    p.release_count = static_cast<int>(releases.size());
    for (const auto& r : releases) {
      if (p.first_date.empty() || r.date < p.first_date) p.first_date = r.date;
      if (r.date > p.last_date) p.last_date = r.date;
      for (const auto& tag : r.tags) {
        if (std::find(seen_tags_.begin(), seen_tags_.end(), tag) == seen_tags_.end()) seen_tags_.push_back(tag);
      }
    }
    for (const auto& t : seen_tags_) p.tags += (p.tags.empty() ? "" : " ") + t;
    fallback_day_ = Day(p.last_date);

    const Value* tender = c_.Find("tender");
    p.title = Str(Get(tender, "title"));
    if (p.title.empty()) p.title = Str(Path(&c_, "planning", "project"));
    p.description = Str(Get(tender, "description"));
    p.language = Str(c_.Find("language"));
    p.texts = Translations(tender, AsciiLower(p.language));
    p.status = Str(Get(tender, "status"));
    p.procuring_entity_name = Str(Path(tender, "procuringEntity", "name"));
    p.procurement_method = Str(Get(tender, "procurementMethod"));
    p.procurement_method_details = Str(Get(tender, "procurementMethodDetails"));
    p.main_category = Str(Get(tender, "mainProcurementCategory"));
    p.tender_start = Str(Path(tender, "tenderPeriod", "startDate"));
    p.tender_end = Str(Path(tender, "tenderPeriod", "endDate"));

    const Value* techniques = Get(tender, "techniques");
    const Value* framework = Get(techniques, "frameworkAgreement");
    const Value* has_fa = Get(techniques, "hasFrameworkAgreement");
    const Value* has_dps = Get(techniques, "hasDynamicPurchasingSystem");
    p.is_framework = (has_fa && has_fa->is_bool() && has_fa->as_bool()) || (framework && framework->is_object());
    p.is_dps = (has_dps && has_dps->is_bool() && has_dps->as_bool()) ||
               (Get(techniques, "dynamicPurchasingSystem") != nullptr);
    p.buyer_categories = Str(Get(framework, "buyerCategories"));
    p.max_participants = Int(Get(framework, "maximumParticipants"));

    std::string tender_day = Day(p.tender_start);
    p.value = MoneyOf(Get(tender, "value"), tender_day);

    Parties(&p);
    Lots(tender, tender_day, &p);
    Items(Get(tender, "items"), "tender", "", tender_day, &p);
    Awards(&p);
    Contracts(&p);

    if (const Value* cls = Get(tender, "classification"); cls) {
      if (const std::string* code = CpvOf(cls)) p.main_cpv = *code;
    }
    if (p.main_cpv.empty()) {
      for (const ItemRecord& item : p.items) {
        if (!item.cpv.empty()) {
          p.main_cpv = item.cpv;
          break;
        }
      }
    }
    if (p.title.empty() && !p.awards.empty()) p.title = p.awards.front().title;
    if (p.title.empty() && !p.contracts.empty()) p.title = p.contracts.front().title;
    return p;
  }

 private:
  Money MoneyOf(const Value* value, const std::string& day) const {
    Money m;
    if (!value || !value->is_object()) return m;
    m.amount = Num(value->Find("amount"));
    m.currency = AsciiUpper(Trim(Str(value->Find("currency"))));
    if (m.amount && !m.currency.empty()) {
      m.eur = ref_.ToEur(*m.amount, m.currency, day.empty() ? fallback_day_ : day);
    }
    return m;
  }

  const std::string* CpvOf(const Value* classification) const {
    std::string scheme = AsciiUpper(Str(Get(classification, "scheme")));
    if (scheme != "CPV") return nullptr;
    return ref_.Cpv(Str(Get(classification, "id")));
  }

  // The register organisation of a party: by its identifier; without one, by its name in its
  // country ("FR-NAME" "ville-de-lyon"); none when neither is known.
  std::optional<RegisterOrganisation> OrganisationOf(const Value* org, const std::string& name,
                                                     const std::string& country) const {
    const Value* identifier = Get(org, "identifier");
    std::string scheme = AsciiUpper(Trim(Str(Get(identifier, "scheme"))));
    std::string id;
    for (char c : Str(Get(identifier, "id"))) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') id += c;
    }
    std::string shown = name.empty() ? Str(Get(identifier, "legalName")) : name;
    if (!scheme.empty() && !id.empty()) return RegisterOrganisation{scheme, id, shown, country};
    std::string key = NameKey(shown, '-');
    if (key.empty() || country.empty()) return std::nullopt;
    return RegisterOrganisation{country + "-NAME", key, shown, country, true};
  }

  // The tender's title and description in other languages than `own`: OCDS language
  // variants ("title_de", "description_pt-BR" is read as "pt"), by language.
  static std::vector<ProcessText> Translations(const Value* tender, const std::string& own) {
    std::vector<ProcessText> out;
    if (!tender || !tender->is_object()) return out;
    for (const auto& m : tender->as_object()) {
      if (!m.value.is_string() || m.value.as_string().empty()) continue;
      bool title = m.key.rfind("title_", 0) == 0;
      if (!title && m.key.rfind("description_", 0) != 0) continue;
      std::string language = AsciiLower(m.key.substr(title ? 6 : 12, 2));
      if (language.size() != 2 || language == own.substr(0, 2)) continue;
      auto it = std::find_if(out.begin(), out.end(), [&](const ProcessText& t) { return t.language == language; });
      if (it == out.end()) it = out.insert(out.end(), ProcessText{language, {}, {}});
      (title ? it->title : it->description) = m.value.as_string();
    }
    std::sort(out.begin(), out.end(),
              [](const ProcessText& a, const ProcessText& b) { return a.language < b.language; });
    return out;
  }

  std::string CountryOf(const Value* party) const {
    const Value* address = Get(party, "address");
    std::string c = ref_.Country(Str(Get(address, "countryName")));
    if (c.empty()) c = ref_.Country(Str(Get(address, "country")));
    if (c.empty()) {
      std::string scheme = Str(Path(party, "identifier", "scheme"));
      if (scheme.size() > 3 && scheme[2] == '-') c = ref_.Country(scheme.substr(0, 2));
    }
    return c;
  }

  void Parties(ProcessRecord* p) {
    const Value* buyer = c_.Find("buyer");
    p->buyer_party_id = Str(Get(buyer, "id"));
    p->buyer_name = Str(Get(buyer, "name"));
    const Value* buyer_party = nullptr;
    for (const Value& party : List(c_.Find("parties"))) {
      PartyRecord r;
      r.id = Str(party.Find("id"));
      r.name = Str(party.Find("name"));
      bool is_buyer = false;
      for (const Value& role : List(party.Find("roles"))) {
        std::string name = Str(&role);
        r.roles += (r.roles.empty() ? "" : " ") + name;
        if (name == "buyer") is_buyer = true;
        if (name == "centralPurchasingBody") p->is_cpb = true;
      }
      // The EU profile marks a central purchasing body in the buyer's classifications.
      for (const Value& c : List(Path(&party, "details", "classifications"))) {
        if (Str(c.Find("scheme")) == "eu-buyer-contracting-type" && Str(c.Find("id")) == "cpb") p->is_cpb = true;
      }
      r.country = CountryOf(&party);
      r.region = Str(Path(&party, "address", "region"));
      r.locality = Str(Path(&party, "address", "locality"));
      r.organisation = OrganisationOf(&party, r.name, r.country);
      if (!r.id.empty()) parties_by_id_[r.id] = p->parties.size();
      if ((!p->buyer_party_id.empty() && r.id == p->buyer_party_id) ||
          (p->buyer_party_id.empty() && is_buyer && !buyer_party)) {
        buyer_party = &party;
        if (p->buyer_party_id.empty()) p->buyer_party_id = r.id;
        for (const Value& c : List(Path(&party, "details", "classifications"))) {
          if (Str(c.Find("scheme")) == "eu-buyer-legal-type") p->buyer_type = Str(c.Find("id"));
        }
        if (p->buyer_name.empty()) p->buyer_name = r.name;
        p->country = r.country;
        p->region = r.region;
      }
      p->parties.push_back(std::move(r));
    }
    // OCDS 1.0: the buyer is a full organisation of its own.
    if (!buyer_party && buyer && buyer->is_object() && p->buyer_party_id.empty()) {
      PartyRecord r;
      r.id = "buyer";
      r.name = p->buyer_name;
      r.roles = "buyer";
      r.country = CountryOf(buyer);
      r.region = Str(Path(buyer, "address", "region"));
      r.locality = Str(Path(buyer, "address", "locality"));
      r.organisation = OrganisationOf(buyer, r.name, r.country);
      if (r.organisation || !r.name.empty()) {
        p->buyer_party_id = r.id;
        p->country = r.country;
        p->region = r.region;
        parties_by_id_[r.id] = p->parties.size();
        p->parties.push_back(std::move(r));
      }
    }
  }

  void Lots(const Value* tender, const std::string& day, ProcessRecord* p) const {
    for (const Value& lot : List(Get(tender, "lots"))) {
      LotRecord r;
      r.id = Str(lot.Find("id"));
      r.title = Str(lot.Find("title"));
      r.description = Str(lot.Find("description"));
      r.status = Str(lot.Find("status"));
      r.value = MoneyOf(lot.Find("value"), day);
      p->lots.push_back(std::move(r));
    }
  }

  void Items(const Value* items, const std::string& source, const std::string& parent, const std::string& day,
             ProcessRecord* p) const {
    int position = 0;
    for (const Value& item : List(items)) {
      ItemRecord r;
      r.source = source;
      r.parent_id = parent;
      r.position = position++;
      r.id = Str(item.Find("id"));
      r.description = Str(item.Find("description"));
      const Value* cls = item.Find("classification");
      r.scheme = Str(Get(cls, "scheme"));
      r.classification_id = Str(Get(cls, "id"));
      if (const std::string* code = CpvOf(cls)) r.cpv = *code;
      const Value* extra = item.Find("additionalClassifications");
      if (extra && extra->is_array()) {
        Value::Array out;
        for (const Value& e : extra->as_array()) {
          if (r.cpv.empty()) {
            if (const std::string* code = CpvOf(&e)) r.cpv = *code;
          }
          Value::Object kept;
          kept.push_back({"scheme", Value::String(Str(Get(&e, "scheme")))});
          kept.push_back({"id", Value::String(Str(Get(&e, "id")))});
          out.push_back(Value::MakeObject(std::move(kept)));
        }
        r.additional_classifications = Value::MakeArray(std::move(out)).ToJson();
      } else {
        r.additional_classifications = "[]";
      }
      r.quantity = Num(item.Find("quantity"));
      const Value* unit = item.Find("unit");
      r.unit_name = Str(Get(unit, "name"));
      r.unit_id = Str(Get(unit, "id"));
      r.unit_price = MoneyOf(Get(unit, "value"), day);
      r.related_lot = Str(item.Find("relatedLot"));
      p->items.push_back(std::move(r));
    }
  }

  static void Add(std::optional<double>* sum, const Money& m) {
    if (m.eur) *sum = sum->value_or(0) + *m.eur;
  }

  void Awards(ProcessRecord* p) const {
    for (const Value& award : List(c_.Find("awards"))) {
      AwardRecord r;
      r.id = Str(award.Find("id"));
      r.title = Str(award.Find("title"));
      r.status = Str(award.Find("status"));
      r.date = Str(award.Find("date"));
      std::string day = Day(r.date);
      r.value = MoneyOf(award.Find("value"), day);
      for (const Value& lot : List(award.Find("relatedLots"))) {
        r.related_lots += (r.related_lots.empty() ? "" : " ") + Str(&lot);
      }
      if (r.status != "cancelled" && r.status != "unsuccessful") Add(&p->awarded_eur, r.value);
      if (!r.date.empty() && (p->award_date.empty() || r.date < p->award_date)) p->award_date = r.date;
      std::string end = Str(Path(&award, "contractPeriod", "endDate"));
      if (end > p->contract_end) p->contract_end = end;
      Items(award.Find("items"), "award", r.id, day, p);
      for (const Value& s : List(award.Find("suppliers"))) {
        SupplierRecord sr;
        sr.award_id = r.id;
        sr.party_id = Str(s.Find("id"));
        sr.name = Str(s.Find("name"));
        auto party = parties_by_id_.find(sr.party_id);
        if (!sr.party_id.empty() && party != parties_by_id_.end()) {
          const PartyRecord& pr = p->parties[party->second];
          sr.organisation = pr.organisation;
          if (sr.name.empty()) sr.name = pr.name;
        } else {
          sr.organisation = OrganisationOf(&s, sr.name, CountryOf(&s));
          if (sr.party_id.empty() && sr.organisation) {
            sr.party_id = sr.organisation->scheme + "-" + sr.organisation->identifier;
          }
          if (sr.party_id.empty()) sr.party_id = sr.name;
        }
        p->suppliers.push_back(std::move(sr));
      }
      p->awards.push_back(std::move(r));
    }
  }

  void Contracts(ProcessRecord* p) const {
    std::string latest_end;
    for (const Value& contract : List(c_.Find("contracts"))) {
      ContractRecord r;
      r.id = Str(contract.Find("id"));
      r.award_id = Str(contract.Find("awardID"));
      r.title = Str(contract.Find("title"));
      r.status = Str(contract.Find("status"));
      r.date_signed = Str(contract.Find("dateSigned"));
      r.period_start = Str(Path(&contract, "period", "startDate"));
      r.period_end = Str(Path(&contract, "period", "endDate"));
      std::string day = Day(r.date_signed);
      if (day.empty()) day = Day(r.period_start);
      r.value = MoneyOf(contract.Find("value"), day);
      if (r.status != "cancelled") Add(&p->contracted_eur, r.value);
      if (!r.period_start.empty() && (p->contract_start.empty() || r.period_start < p->contract_start)) {
        p->contract_start = r.period_start;
      }
      if (r.period_end > latest_end) latest_end = r.period_end;
      Items(contract.Find("items"), "contract", r.id, day, p);
      p->contracts.push_back(std::move(r));
    }
    // A contract's own period beats what the award or the tender planned.
    if (!latest_end.empty()) p->contract_end = latest_end;
    if (p->contract_end.empty()) p->contract_end = Str(Path(c_.Find("tender"), "contractPeriod", "endDate"));
  }

  const Value& c_;
  const IngestReference& ref_;
  std::string fallback_day_;
  std::vector<std::string> seen_tags_;
  std::unordered_map<std::string, size_t> parties_by_id_;
};

}  // namespace

ProcessRecord Project(const Value& compiled, const std::vector<ReleaseSummary>& releases, const IngestReference& ref) {
  return Projector(compiled, ref).Run(releases);
}

}  // namespace cobuy::ingest
