#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_set>

#include <fmt/format.h>

#include "core/clock.h"
#include "market/analysis.h"

namespace cobuy::market {

bool HasTag(std::string_view tags, std::string_view tag) {
  size_t i = 0;
  while (i < tags.size()) {
    size_t j = tags.find(' ', i);
    if (j == std::string_view::npos) j = tags.size();
    if (tags.substr(i, j - i) == tag) return true;
    i = j + 1;
  }
  return false;
}

namespace {

// Names compared case-insensitively (ASCII) with runs of spaces as one.
std::string FoldName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

Result<Snapshot> Snapshot::Load(MarketStore& store) {
  Snapshot s;
  s.methods.push_back("");
  COBUY_ASSIGN_OR_RETURN(s.eligible_countries_, store.EligibleCountries());
  COBUY_ASSIGN_OR_RETURN(auto orgs, store.Organisations());
  for (MarketOrganisation& o : orgs) {
    if (o.organisation_id != 0 && !s.register_of_organisation_.count(o.organisation_id)) {
      s.register_of_organisation_[o.organisation_id] = o.id;  // ascending ids: the smallest, as the store's views
    }
    s.register_orgs_.emplace(o.id, std::move(o));
  }
  std::vector<MarketFact> batch;
  auto flush = [&]() -> Status {
    Status st = s.AddFacts(std::move(batch));
    batch.clear();
    return st;
  };
  COBUY_RETURN_IF_ERROR(store.ForEachFact([&](MarketFact&& f) -> Status {
    batch.push_back(std::move(f));
    return batch.size() >= 4096 ? flush() : Status::Ok();
  }));
  COBUY_RETURN_IF_ERROR(flush());
  std::vector<MarketPrice> prices;
  COBUY_RETURN_IF_ERROR(store.ForEachPrice([&](MarketPrice&& p) -> Status {
    prices.push_back(std::move(p));
    if (prices.size() < 4096) return Status::Ok();
    Status st = s.AddPrices(std::move(prices), true);
    prices.clear();
    return st;
  }));
  COBUY_RETURN_IF_ERROR(s.AddPrices(std::move(prices), true));
  for (auto& [key, k] : s.price_keys) std::sort(k.sorted.begin(), k.sorted.end());
  COBUY_RETURN_IF_ERROR(store.ForEachActivePlanned([&](PipelineEntry&& e) -> Status {
    s.PutPlanned(e);
    return Status::Ok();
  }));
  return s;
}

Status Snapshot::Apply(MarketStore& store, const std::vector<std::string>& ocids) {
  for (const std::string& ocid : ocids) {
    auto it = contract_index_.find(ocid);
    if (it == contract_index_.end()) continue;
    Contract& old = contracts[static_cast<size_t>(it->second)];
    old.live = false;
    for (int i = 0; i < old.price_count; ++i) {
      PricePoint& pt = prices[static_cast<size_t>(old.first_price + i)];
      pt.live = false;
      RemovePrice(pt);
    }
    contract_index_.erase(it);
  }
  COBUY_ASSIGN_OR_RETURN(auto facts, store.FactsOf(ocids));
  // Organisations the register gained since the load.
  std::vector<std::int64_t> unknown;
  for (const MarketFact& f : facts) {
    if (f.buyer_org != 0 && !register_orgs_.count(f.buyer_org)) unknown.push_back(f.buyer_org);
    for (const std::string& k : f.suppliers) {
      if (k.size() > 1 && k[0] == '#') {
        std::int64_t id = std::strtoll(k.c_str() + 1, nullptr, 10);
        if (!register_orgs_.count(id)) unknown.push_back(id);
      }
    }
  }
  if (!unknown.empty()) {
    std::sort(unknown.begin(), unknown.end());
    unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
    COBUY_ASSIGN_OR_RETURN(auto orgs, store.OrganisationsOf(unknown));
    for (MarketOrganisation& o : orgs) register_orgs_.emplace(o.id, std::move(o));
  }
  COBUY_RETURN_IF_ERROR(AddFacts(std::move(facts)));
  COBUY_ASSIGN_OR_RETURN(auto prices_of, store.PricesOf(ocids));
  COBUY_RETURN_IF_ERROR(AddPrices(std::move(prices_of), false));
  COBUY_ASSIGN_OR_RETURN(auto planned, store.PlannedOf({}, ocids));
  for (const PipelineEntry& e : planned) PutPlanned(e);
  return Status::Ok();
}

Status Snapshot::ApplyPipeline(MarketStore& store, const std::vector<std::int64_t>& ids) {
  COBUY_ASSIGN_OR_RETURN(auto planned, store.PlannedOf(ids, {}));
  for (const PipelineEntry& e : planned) PutPlanned(e);
  return Status::Ok();
}

void Snapshot::PutPlanned(const PipelineEntry& e) {
  Planned p;
  p.id = e.id;
  std::int64_t reg = e.buyer_org;
  if (reg == 0 && e.organisation_id != 0) {
    if (auto it = register_of_organisation_.find(e.organisation_id); it != register_of_organisation_.end()) {
      reg = it->second;
    } else if (auto same = RegisterNamed(e.organisation_name, e.organisation_country)) {
      // The register knows the organisation under its exact name in its country, without the
      // identifier on its Cobuy profile: the same buyer.
      reg = *same;
    }
  }
  if (reg != 0) {
    p.buyer = BuyerOfRegister(reg, e.organisation_country);
    Buyer& b = buyers[static_cast<size_t>(p.buyer)];
    if (b.organisation_id == 0 && e.organisation_id != 0) {
      b.organisation_id = e.organisation_id;
      buyers_of_organisation_[e.organisation_id].push_back(p.buyer);
    }
  } else if (e.organisation_id != 0) {
    auto it = buyer_of_organisation_.find(e.organisation_id);
    if (it == buyer_of_organisation_.end()) {
      Buyer b;
      b.id = fmt::format("cobuy-{}", e.organisation_id);
      b.name = e.organisation_name;
      b.country = e.organisation_country;
      b.organisation_id = e.organisation_id;
      b.eligible = IsEligible(b.country);
      buyers.push_back(std::move(b));
      it = buyer_of_organisation_.emplace(e.organisation_id, static_cast<int>(buyers.size() - 1)).first;
      buyers_of_organisation_[e.organisation_id].push_back(it->second);
    }
    p.buyer = it->second;
  }
  p.title = e.title;
  p.cpv = CpvDigits(e.cpv);
  p.day = DayNumber(e.planned_tender_date).value_or(kNoDay);
  if (e.value_eur) p.value_eur = *e.value_eur;
  p.open_to_collaboration = e.open_to_collaboration;
  p.status = e.status;
  if (auto it = pipeline_index_.find(e.id); it != pipeline_index_.end()) {
    pipeline[static_cast<size_t>(it->second)] = std::move(p);
  } else {
    pipeline_index_.emplace(e.id, static_cast<int>(pipeline.size()));
    pipeline.push_back(std::move(p));
  }
}

std::optional<std::int64_t> Snapshot::RegisterNamed(const std::string& name, const std::string& country) {
  if (register_by_name_built_for_ != register_orgs_.size()) {
    register_by_name_built_for_ = register_orgs_.size();
    register_by_name_.clear();
    for (const auto& [id, o] : register_orgs_) {
      auto [it, added] = register_by_name_.emplace(FoldName(o.name) + "|" + o.country, id);
      if (!added) it->second = 0;  // two organisations of that name: neither is taken for it
    }
  }
  auto it = register_by_name_.find(FoldName(name) + "|" + country);
  if (it == register_by_name_.end() || it->second == 0) return std::nullopt;
  return it->second;
}

int Snapshot::BuyerOfRegister(std::int64_t register_id, const std::string& fallback_country) {
  auto it = buyer_of_register_.find(register_id);
  if (it != buyer_of_register_.end()) {
    Buyer& b = buyers[static_cast<size_t>(it->second)];
    if (b.country.empty() && !fallback_country.empty()) {
      b.country = fallback_country;
      b.eligible = IsEligible(b.country);
    }
    return it->second;
  }
  Buyer b;
  b.register_id = register_id;
  if (auto o = register_orgs_.find(register_id); o != register_orgs_.end()) {
    b.id = o->second.key;
    b.name = o->second.name;
    b.country = o->second.country;
    b.organisation_id = o->second.organisation_id;
  } else {
    b.id = fmt::format("register-{}", register_id);
  }
  if (b.country.empty()) b.country = fallback_country;
  b.eligible = IsEligible(b.country);
  int index = static_cast<int>(buyers.size());
  if (b.organisation_id != 0) buyers_of_organisation_[b.organisation_id].push_back(index);
  buyers.push_back(std::move(b));
  buyer_of_register_.emplace(register_id, index);
  return index;
}

bool Snapshot::IsEligible(const std::string& country) const {
  return std::binary_search(eligible_countries_.begin(), eligible_countries_.end(), country);
}

int Snapshot::SupplierOf(const std::string& key) {
  auto it = supplier_index_.find(key);
  if (it != supplier_index_.end()) return it->second;
  Supplier sup;
  if (key.size() > 1 && key[0] == '#') {
    std::int64_t id = std::strtoll(key.c_str() + 1, nullptr, 10);
    if (auto o = register_orgs_.find(id); o != register_orgs_.end()) {
      sup.id = o->second.key;
      sup.name = o->second.name;
    } else {
      sup.id = sup.name = key;
    }
  } else {
    sup.id = sup.name = key;
  }
  suppliers.push_back(std::move(sup));
  int index = static_cast<int>(suppliers.size() - 1);
  supplier_index_.emplace(key, index);
  return index;
}

int Snapshot::MethodOf(const std::string& method) {
  for (size_t i = 0; i < methods.size(); ++i) {
    if (methods[i] == method) return static_cast<int>(i);
  }
  if (methods.size() >= 255) return 0;
  methods.push_back(method);
  return static_cast<int>(methods.size() - 1);
}

int Snapshot::UnitOf(const CommonUnit& unit) {
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].unit == unit.unit) return static_cast<int>(i);
  }
  units.push_back({unit.unit, unit.name, 1});
  return static_cast<int>(units.size() - 1);
}

Status Snapshot::AddFacts(std::vector<MarketFact>&& facts) {
  for (MarketFact& f : facts) {
    Contract c;
    c.ocid = std::move(f.ocid);
    if (f.buyer_org != 0) c.buyer = BuyerOfRegister(f.buyer_org, f.country);
    c.cpv = CpvDigits(f.cpv);
    c.end_day = DayNumber(f.contract_end).value_or(kNoDay);
    if (f.value_eur && std::isfinite(*f.value_eur)) c.value_eur = *f.value_eur;
    c.framework = f.is_framework;
    c.open_to_others = f.open_to_others;
    c.cancelled = f.status == "cancelled" || f.status == "withdrawn" || f.status == "unsuccessful";
    c.planning_only = HasTag(f.tags, "planning") && !HasTag(f.tags, "tender") && !HasTag(f.tags, "award") &&
                      !HasTag(f.tags, "contract");
    c.method = static_cast<std::uint8_t>(MethodOf(f.method));
    if (f.tenderers) c.tenderers = static_cast<std::int16_t>(std::clamp(*f.tenderers, -1, 30000));
    auto start = DayNumber(f.tender_start), end = DayNumber(f.tender_end);
    if (start && end && *end >= *start) c.tender_days = *end - *start;
    for (const std::string& k : f.suppliers) c.suppliers.push_back(SupplierOf(k));
    int index = static_cast<int>(contracts.size());
    contract_index_[c.ocid] = index;
    contracts.push_back(std::move(c));
  }
  return Status::Ok();
}

void Snapshot::RemovePrice(const PricePoint& p) {
  auto k = price_keys.find({p.cpv, p.unit});
  if (k == price_keys.end()) return;
  auto at = std::lower_bound(k->second.sorted.begin(), k->second.sorted.end(), p.price);
  if (at != k->second.sorted.end() && *at == p.price) k->second.sorted.erase(at);
  const int buyer = contracts[static_cast<size_t>(p.contract)].buyer;
  if (auto b = k->second.buyers.find(buyer); b != k->second.buyers.end() && --b->second == 0) k->second.buyers.erase(b);
  if (k->second.sorted.empty()) price_keys.erase(k);
}

Status Snapshot::AddPrices(std::vector<MarketPrice>&& batch, bool loading) {
  std::string key;
  for (MarketPrice& p : batch) {
    auto c = contract_index_.find(p.ocid);
    if (c == contract_index_.end()) continue;
    std::uint32_t cpv = CpvDigits(p.cpv);
    if (cpv == 0 || !(p.price_eur > 0)) continue;
    key.assign(p.unit_id).append(1, '\x1f').append(p.unit_name);
    auto u = unit_cache_.find(key);
    if (u == unit_cache_.end()) {
      auto unit = NormaliseUnit(p.unit_id, p.unit_name);
      u = unit_cache_.emplace(key, unit ? std::make_pair(UnitOf(*unit), unit->size) : std::make_pair(-1, 1.0)).first;
    }
    if (u->second.first < 0) continue;
    Contract& contract = contracts[static_cast<size_t>(c->second)];
    const int index = static_cast<int>(prices.size());
    // A contract's prices arrive together (the store reads them in ocid order), so they are
    // contiguous.
    if (contract.price_count == 0) {
      contract.first_price = index;
    } else if (contract.first_price + contract.price_count != index) {
      return Internal(fmt::format("the prices of {} did not arrive together", p.ocid));
    }
    PricePoint pt;
    pt.contract = c->second;
    pt.cpv = cpv;
    pt.unit = u->second.first;
    pt.unit_price = p.price_eur;
    pt.price = p.price_eur / u->second.second;
    pt.quantity = p.quantity;
    prices.push_back(pt);
    ++contract.price_count;
    // While loading, prices are sorted once at the end; afterwards each goes in its place.
    PriceKey& key_stats = price_keys[{pt.cpv, pt.unit}];
    if (loading) {
      key_stats.sorted.push_back(pt.price);
    } else {
      key_stats.sorted.insert(std::upper_bound(key_stats.sorted.begin(), key_stats.sorted.end(), pt.price), pt.price);
    }
    ++key_stats.buyers[contract.buyer];
  }
  return Status::Ok();
}

std::optional<int> Snapshot::ContractOf(std::string_view ocid) const {
  auto it = contract_index_.find(std::string(ocid));
  if (it == contract_index_.end()) return std::nullopt;
  return it->second;
}

std::vector<int> Snapshot::BuyersOfOrganisation(std::int64_t organisation_id) const {
  auto it = buyers_of_organisation_.find(organisation_id);
  return it == buyers_of_organisation_.end() ? std::vector<int>() : it->second;
}

std::vector<int> Snapshot::PricesOfContract(int contract) const {
  const Contract& c = contracts[static_cast<size_t>(contract)];
  std::vector<int> out;
  for (int i = 0; i < c.price_count; ++i) out.push_back(c.first_price + i);
  return out;
}

}  // namespace cobuy::market
