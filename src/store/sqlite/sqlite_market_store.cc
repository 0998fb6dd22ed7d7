// The SQLite implementation of MarketStore.
#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"
#include "store/market_store.h"
#include "store/sqlite/sqlite_db.h"

namespace cobuy {
namespace sqlite {
namespace {

#define COBUY_FACT_SELECT                                                                               \
  "SELECT ocid, coalesce(buyer_org, 0), country, cpv, method, tags, status, tender_start, tender_end, " \
  "contract_end, value_eur, is_framework, open_to_others, tenderers, suppliers FROM market_facts "

MarketFact ReadFact(const Statement& st) {
  MarketFact f;
  f.ocid = st.Text(0);
  f.buyer_org = st.Int(1);
  f.country = st.Text(2);
  f.cpv = st.Text(3);
  f.method = st.Text(4);
  f.tags = st.Text(5);
  f.status = st.Text(6);
  f.tender_start = st.Text(7);
  f.tender_end = st.Text(8);
  f.contract_end = st.Text(9);
  f.value_eur = st.OptReal(10);
  f.is_framework = st.Int(11) != 0;
  f.open_to_others = st.Int(12) != 0;
  if (auto t = st.OptInt(13)) f.tenderers = static_cast<int>(*t);
  f.suppliers = Split(st.Text(14), '\n');
  return f;
}

#define COBUY_PRICE_SELECT "SELECT ocid, cpv, unit_id, unit_name, quantity, price_eur FROM market_prices "

MarketPrice ReadPrice(const Statement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.OptReal(4), st.Real(5)};
}

#define COBUY_ORGANISATION_SELECT                                                                             \
  "SELECT r.id, r.scheme || '-' || r.identifier, r.name, r.country, coalesce((SELECT min(l.organisation_id) " \
  "FROM register_organisation_links l WHERE l.register_id = r.id), 0) FROM register_organisations r "

MarketOrganisation ReadOrganisation(const Statement& st) {
  return {st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4)};
}

// An entry with the Cobuy organisation and register organisation it belongs to: an imported
// entry's organisation is the one linked to its buyer, a published entry's register
// organisation the one linked to its organisation.
#define COBUY_ENTRY_SELECT                                                                                         \
  "SELECT e.id, coalesce(e.org, 0), coalesce(o.name, ''), coalesce(o.country, ''), coalesce(e.reg, 0), "           \
  "coalesce(r.scheme || '-' || r.identifier, ''), coalesce(r.name, ''), coalesce(r.country, ''), e.source, "       \
  "coalesce(e.ocid, ''), e.title, e.description, e.cpv, e.value_amount, e.value_currency, e.value_eur, "           \
  "e.planned_tender_date, e.contract_start, e.duration_months, e.region, e.open_to_collaboration, "                \
  "e.contact_name, e.contact_email, e.status, e.status_changed_at, coalesce(e.status_changed_by, 0), "             \
  "coalesce(u.name, ''), coalesce(e.created_by, 0), e.created_at, e.updated_at FROM (SELECT p.*, "                 \
  "coalesce(p.organisation_id, (SELECT min(l.organisation_id) FROM register_organisation_links l "                 \
  "WHERE l.register_id = p.buyer_org)) AS org, coalesce(p.buyer_org, (SELECT min(l.register_id) FROM "             \
  "register_organisation_links l WHERE l.organisation_id = p.organisation_id)) AS reg FROM pipeline_entries p) e " \
  "LEFT JOIN organisations o ON o.id = e.org LEFT JOIN register_organisations r ON r.id = e.reg "                  \
  "LEFT JOIN users u ON u.id = e.status_changed_by "

PipelineEntry ReadEntry(const Statement& st) {
  PipelineEntry e;
  e.id = st.Int(0);
  e.organisation_id = st.Int(1);
  e.organisation_name = st.Text(2);
  e.organisation_country = st.Text(3);
  e.buyer_org = st.Int(4);
  e.buyer_org_key = st.Text(5);
  e.buyer_org_name = st.Text(6);
  e.buyer_org_country = st.Text(7);
  e.source = st.Text(8);
  e.ocid = st.Text(9);
  e.title = st.Text(10);
  e.description = st.Text(11);
  e.cpv = st.Text(12);
  e.value_amount = st.OptReal(13);
  e.value_currency = st.Text(14);
  e.value_eur = st.OptReal(15);
  e.planned_tender_date = st.Text(16);
  e.contract_start = st.Text(17);
  if (auto d = st.OptInt(18)) e.duration_months = static_cast<int>(*d);
  e.region = st.Text(19);
  e.open_to_collaboration = st.Int(20) != 0;
  e.contact_name = st.Text(21);
  e.contact_email = st.Text(22);
  e.status = ParsePipelineStatus(st.Text(23)).value_or(PipelineStatus::kPlanned);
  e.status_changed_at = st.Int(24);
  e.status_changed_by = st.Int(25);
  e.status_changed_by_name = st.Text(26);
  e.created_by = st.Int(27);
  e.created_at = st.Int(28);
  e.updated_at = st.Int(29);
  return e;
}

#define COBUY_PLANNED_SELECT                                                                                \
  "SELECT p.id, coalesce(p.organisation_id, 0), coalesce(o.name, ''), coalesce(o.country, ''), "            \
  "coalesce(p.buyer_org, 0), p.title, p.cpv, p.value_eur, p.planned_tender_date, p.open_to_collaboration, " \
  "p.status, coalesce(p.ocid, '') FROM pipeline_entries p LEFT JOIN organisations o ON o.id = p.organisation_id "

PipelineEntry ReadPlanned(const Statement& st) {
  PipelineEntry e;
  e.id = st.Int(0);
  e.organisation_id = st.Int(1);
  e.organisation_name = st.Text(2);
  e.organisation_country = st.Text(3);
  e.buyer_org = st.Int(4);
  e.title = st.Text(5);
  e.cpv = st.Text(6);
  e.value_eur = st.OptReal(7);
  e.planned_tender_date = st.Text(8);
  e.open_to_collaboration = st.Int(9) != 0;
  e.status = ParsePipelineStatus(st.Text(10)).value_or(PipelineStatus::kPlanned);
  e.ocid = st.Text(11);
  return e;
}

std::optional<std::int64_t> NonZero(std::int64_t v) {
  return v ? std::optional<std::int64_t>(v) : std::nullopt;
}

class SqliteMarketStore final : public MarketStore {
 public:
  SqliteMarketStore(std::string location, int busy_timeout_ms, int pool_size)
      : pool_(std::move(location), busy_timeout_ms, pool_size) {}

  Status Probe() {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT count(*) FROM pipeline_entries"));
    return st.Step().status();
  }

  Status ForEachFact(const std::function<Status(MarketFact&&)>& each) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_FACT_SELECT "ORDER BY ocid"));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return Status::Ok();
      COBUY_RETURN_IF_ERROR(each(ReadFact(st)));
    }
  }

  Status ForEachPrice(const std::function<Status(MarketPrice&&)>& each) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_PRICE_SELECT "ORDER BY ocid, source, parent_id, position"));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return Status::Ok();
      COBUY_RETURN_IF_ERROR(each(ReadPrice(st)));
    }
  }

  Result<std::vector<MarketFact>> FactsOf(const std::vector<std::string>& ocids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_FACT_SELECT "WHERE ocid = ?"));
    std::vector<MarketFact> out;
    COBUY_RETURN_IF_ERROR(CollectFor(st, ocids, ReadFact, &out));
    return out;
  }

  Result<std::vector<MarketPrice>> PricesOf(const std::vector<std::string>& ocids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare(COBUY_PRICE_SELECT "WHERE ocid = ? ORDER BY source, parent_id, position"));
    std::vector<MarketPrice> out;
    COBUY_RETURN_IF_ERROR(CollectFor(st, ocids, ReadPrice, &out));
    return out;
  }

  Result<std::vector<MarketOrganisation>> Organisations() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_ORGANISATION_SELECT "ORDER BY r.id"));
    return Collect<MarketOrganisation>(st, ReadOrganisation);
  }

  Result<std::vector<MarketOrganisation>> OrganisationsOf(const std::vector<std::int64_t>& ids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_ORGANISATION_SELECT "WHERE r.id = ?"));
    std::vector<MarketOrganisation> out;
    COBUY_RETURN_IF_ERROR(CollectFor(st, ids, ReadOrganisation, &out));
    return out;
  }

  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> OrganisationLinks() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    // register_organisation_links' join (approved claims only: an identifier links one
    // organisation at most), driven from the few Cobuy identifiers (CROSS JOIN keeps
    // that order) rather than from every register organisation: Update asks every minute.
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("SELECT r.id, oi.organisation_id FROM organisation_identifiers oi CROSS JOIN "
                               "register_organisations r ON r.scheme = oi.scheme AND r.identifier = oi.identifier "
                               "WHERE oi.status = 'approved'"));
    COBUY_ASSIGN_OR_RETURN(auto links, (Collect<std::pair<std::int64_t, std::int64_t>>(
                                           st, [](const Statement& r) { return std::make_pair(r.Int(0), r.Int(1)); })));
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());
    return links;
  }

  Result<std::vector<std::string>> EligibleCountries() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT code FROM countries WHERE eu OR eea OR efta ORDER BY code"));
    return Collect<std::string>(st, [](const Statement& s) { return s.Text(0); });
  }

  Result<std::vector<std::pair<std::string, std::string>>> Titles(const std::vector<std::string>& ocids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT ocid, title FROM processes WHERE ocid = ?"));
    std::vector<std::pair<std::string, std::string>> out;
    COBUY_RETURN_IF_ERROR(CollectFor(
        st, ocids, [](const Statement& r) { return std::make_pair(r.Text(0), r.Text(1)); }, &out));
    return out;
  }

  Result<std::pair<std::int64_t, std::int64_t>> ChangeRange() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM market_changes"));
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Internal("reading the market change log returned no row");
    return std::make_pair(st.Int(0), st.Int(1));
  }

  Result<std::vector<std::pair<std::int64_t, std::string>>> ChangesAfter(std::int64_t seq, int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("SELECT seq, ocid FROM market_changes WHERE seq > ? ORDER BY seq LIMIT ?"));
    st.Bind(1, seq).Bind(2, std::int64_t{limit});
    return Collect<std::pair<std::int64_t, std::string>>(
        st, [](const Statement& s) { return std::make_pair(s.Int(0), s.Text(1)); });
  }

  Result<std::int64_t> Watermark(const std::string& name) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT seq FROM market_watermarks WHERE name = ?"));
    st.Bind(1, name);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Int(0) : std::int64_t{0};
  }

  Status SetWatermark(const std::string& name, std::int64_t seq) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("INSERT OR REPLACE INTO market_watermarks(name, seq) VALUES (?, ?)"));
    st.Bind(1, name).Bind(2, seq);
    return st.Run();
  }

  Status PruneChanges(std::int64_t seq) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM market_changes WHERE seq <= ?"));
    st.Bind(1, seq);
    return st.Run();
  }

  Result<std::optional<PipelineEntry>> PlanningOf(const std::string& ocid) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    // The planned tender date: the tender period's start, else the planning release's date.
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare(
                     "SELECT coalesce(p.buyer_org, 0), p.title, p.description, p.main_cpv, p.value_amount, "
                     "p.value_currency, p.value_eur, CASE WHEN p.tender_start <> '' THEN substr(p.tender_start, 1, 10) "
                     "ELSE substr(p.first_date, 1, 10) END, substr(p.contract_start, 1, 10), p.region, p.last_date "
                     "FROM processes p WHERE p.ocid = ? AND (' ' || p.tags || ' ') LIKE '% planning %'"));
    st.Bind(1, ocid);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<PipelineEntry>();
    PipelineEntry e;
    e.source = "ocds";
    e.ocid = ocid;
    e.buyer_org = st.Int(0);
    e.title = st.Text(1);
    e.description = st.Text(2);
    e.cpv = st.Text(3);
    e.value_amount = st.OptReal(4);
    e.value_currency = st.Text(5);
    e.value_eur = st.OptReal(6);
    e.planned_tender_date = st.Text(7);
    e.contract_start = st.Text(8);
    e.region = st.Text(9);
    return std::optional<PipelineEntry>(std::move(e));
  }

  Status ForEachActivePlanned(const std::function<Status(PipelineEntry&&)>& each) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare(COBUY_PLANNED_SELECT "WHERE p.status IN ('planned', 'preparing') ORDER BY p.id"));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return Status::Ok();
      COBUY_RETURN_IF_ERROR(each(ReadPlanned(st)));
    }
  }

  Result<std::vector<PipelineEntry>> PlannedOf(const std::vector<std::int64_t>& ids,
                                               const std::vector<std::string>& ocids) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    std::vector<PipelineEntry> out;
    COBUY_ASSIGN_OR_RETURN(auto by_id, conn->Prepare(COBUY_PLANNED_SELECT "WHERE p.id = ?"));
    COBUY_RETURN_IF_ERROR(CollectFor(by_id, ids, ReadPlanned, &out));
    COBUY_ASSIGN_OR_RETURN(auto by_ocid, conn->Prepare(COBUY_PLANNED_SELECT "WHERE p.ocid = ?"));
    COBUY_RETURN_IF_ERROR(CollectFor(by_ocid, ocids, ReadPlanned, &out));
    return out;
  }

  Result<std::int64_t> CreateEntry(const PipelineEntry& e) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("INSERT INTO pipeline_entries(organisation_id, buyer_org, source, ocid, title, description, cpv, "
                      "value_amount, value_currency, value_eur, planned_tender_date, contract_start, duration_months, "
                      "region, open_to_collaboration, contact_name, contact_email, status, status_changed_at, "
                      "status_changed_by, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                      "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)"));
    st.Bind(1, NonZero(e.organisation_id)).Bind(2, NonZero(e.buyer_org)).Bind(3, e.source);
    st.Bind(4, e.ocid.empty() ? std::optional<std::string>() : std::optional<std::string>(e.ocid));
    BindFields(st, e, 5);
    st.Bind(18, Name(e.status)).Bind(19, e.status_changed_at).Bind(20, NonZero(e.status_changed_by));
    st.Bind(21, NonZero(e.created_by)).Bind(22, e.created_at).Bind(23, e.updated_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->LastInsertId();
  }

  Status UpdateEntry(const PipelineEntry& e) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("UPDATE pipeline_entries SET title = ?5, description = ?6, cpv = ?7, value_amount = ?8, "
                               "value_currency = ?9, value_eur = ?10, planned_tender_date = ?11, contract_start = ?12, "
                               "duration_months = ?13, region = ?14, open_to_collaboration = ?15, contact_name = ?16, "
                               "contact_email = ?17, status = ?18, status_changed_at = ?19, status_changed_by = ?20, "
                               "updated_at = ?21 WHERE id = ?1"));
    st.Bind(1, e.id);
    BindFields(st, e, 5);
    st.Bind(18, Name(e.status)).Bind(19, e.status_changed_at).Bind(20, NonZero(e.status_changed_by));
    st.Bind(21, e.updated_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    if (conn->Changes() == 0) return NotFound(fmt::format("no pipeline entry {}", e.id));
    return Status::Ok();
  }

  Result<std::pair<std::int64_t, bool>> UpsertImported(const PipelineEntry& e) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(auto find, conn->Prepare("SELECT id, status FROM pipeline_entries WHERE ocid = ?"));
    find.Bind(1, e.ocid);
    COBUY_ASSIGN_OR_RETURN(bool row, find.Step());
    if (!row) {
      find.Reset();
      COBUY_ASSIGN_OR_RETURN(
          auto ins,
          conn->Prepare("INSERT INTO pipeline_entries(buyer_org, source, ocid, title, description, cpv, value_amount, "
                        "value_currency, value_eur, planned_tender_date, contract_start, duration_months, region, "
                        "open_to_collaboration, contact_name, contact_email, status, status_changed_at, created_at, "
                        "updated_at) VALUES (?1, 'ocds', ?2, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                        "?17, ?18, ?19, ?19, ?19)"));
      ins.Bind(1, NonZero(e.buyer_org)).Bind(2, e.ocid);
      BindFields(ins, e, 5);
      ins.Bind(18, Name(e.status)).Bind(19, e.updated_at);
      COBUY_RETURN_IF_ERROR(ins.Run());
      std::int64_t id = conn->LastInsertId();
      COBUY_RETURN_IF_ERROR(tx.Commit());
      return std::make_pair(id, false);
    }
    std::int64_t id = find.Int(0);
    bool changed = find.Text(1) != Name(e.status);
    find.Reset();
    // Publisher data wins for what the process says; the collaboration flag and contact stay
    // as the buyer set them.
    COBUY_ASSIGN_OR_RETURN(
        auto upd, conn->Prepare("UPDATE pipeline_entries SET buyer_org = ?1, title = ?5, description = ?6, cpv = ?7, "
                                "value_amount = ?8, value_currency = ?9, value_eur = ?10, planned_tender_date = ?11, "
                                "contract_start = ?12, region = ?14, status = ?18, status_changed_at = CASE WHEN "
                                "status <> ?18 THEN ?19 ELSE status_changed_at END, status_changed_by = CASE WHEN "
                                "status <> ?18 THEN NULL ELSE status_changed_by END, updated_at = ?19 WHERE id = ?2"));
    upd.Bind(1, NonZero(e.buyer_org)).Bind(2, id);
    BindFields(upd, e, 5);
    upd.Bind(18, Name(e.status)).Bind(19, e.updated_at);
    COBUY_RETURN_IF_ERROR(upd.Run());
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return std::make_pair(id, changed);
  }

  Result<PipelineEntry> GetEntry(std::int64_t id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_ENTRY_SELECT "WHERE e.id = ?"));
    st.Bind(1, id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound(fmt::format("no pipeline entry {}", id));
    return ReadEntry(st);
  }

  Result<std::vector<PipelineEntry>> ListEntries(const PipelineFilter& f) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    // Every condition is written so that an empty parameter disables it.
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(COBUY_ENTRY_SELECT
                      "WHERE (?1 = 0 OR e.org = ?1) AND (?2 = '' OR replace(e.cpv, '-', '') LIKE ?2 || '%') "
                      "AND (?3 = '' OR e.planned_tender_date >= ?3) AND (?4 = '' OR e.planned_tender_date <= ?4) "
                      "AND (?5 = '' OR e.status = ?5) AND (?6 = 0 OR e.open_to_collaboration = 1) "
                      "AND (?7 = '' OR e.source = ?7) ORDER BY e.planned_tender_date, e.id"));
    st.Bind(1, f.organisation_id).Bind(2, f.cpv_prefix).Bind(3, f.from).Bind(4, f.to).Bind(5, f.status);
    st.Bind(6, std::int64_t{f.collaboration_only}).Bind(7, f.source);
    return Collect<PipelineEntry>(st, ReadEntry);
  }

  Status PutInterest(const PipelineInterest& i) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("INSERT INTO pipeline_interests(entry_id, organisation_id, user_id, note, created_at) "
                               "VALUES (?, ?, ?, ?, ?) ON CONFLICT (entry_id, organisation_id) DO UPDATE SET "
                               "user_id = excluded.user_id, note = excluded.note"));
    st.Bind(1, i.entry_id).Bind(2, i.organisation_id).Bind(3, NonZero(i.user_id)).Bind(4, i.note).Bind(5, i.created_at);
    return st.Run();
  }

  Status RemoveInterest(std::int64_t entry_id, std::int64_t organisation_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("DELETE FROM pipeline_interests WHERE entry_id = ? AND organisation_id = ?"));
    st.Bind(1, entry_id).Bind(2, organisation_id);
    return st.Run();
  }

  Result<std::vector<PipelineInterest>> Interests(std::int64_t entry_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("SELECT i.entry_id, i.organisation_id, o.name, coalesce(i.user_id, 0), "
                      "coalesce(u.name, ''), i.note, i.created_at FROM pipeline_interests i JOIN organisations o "
                      "ON o.id = i.organisation_id LEFT JOIN users u ON u.id = i.user_id WHERE i.entry_id = ? "
                      "ORDER BY i.created_at, i.organisation_id"));
    st.Bind(1, entry_id);
    return Collect<PipelineInterest>(st, [](const Statement& s) {
      return PipelineInterest{s.Int(0), s.Int(1), s.Text(2), s.Int(3), s.Text(4), s.Text(5), s.Int(6)};
    });
  }

  Status SetWatching(std::int64_t entry_id, std::int64_t user_id, bool watching) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare(watching ? "INSERT OR IGNORE INTO pipeline_watchers(entry_id, user_id) "
                                                    "VALUES (?, ?)"
                                                  : "DELETE FROM pipeline_watchers WHERE entry_id = ? AND "
                                                    "user_id = ?"));
    st.Bind(1, entry_id).Bind(2, user_id);
    return st.Run();
  }

  Result<std::vector<std::int64_t>> Watchers(std::int64_t entry_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("SELECT user_id FROM pipeline_watchers WHERE entry_id = ? ORDER BY user_id"));
    st.Bind(1, entry_id);
    return Collect<std::int64_t>(st, [](const Statement& s) { return s.Int(0); });
  }

  Result<std::optional<std::string>> NoticedOn(const std::string& cpv_class, std::int64_t organisation_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT notified_on FROM opportunity_notices WHERE cpv_class = ? "
                                                  "AND organisation_id = ?"));
    st.Bind(1, cpv_class).Bind(2, organisation_id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(st.Text(0));
  }

  Status RecordNotice(const std::string& cpv_class, std::int64_t organisation_id, const std::string& day) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("INSERT OR REPLACE INTO opportunity_notices(cpv_class, "
                                                  "organisation_id, notified_on) VALUES (?, ?, ?)"));
    st.Bind(1, cpv_class).Bind(2, organisation_id).Bind(3, day);
    return st.Run();
  }

 private:
  // Binds the editable fields at first, first + 1, ... first + 12 (title to contact_email).
  static void BindFields(Statement& st, const PipelineEntry& e, int first) {
    st.Bind(first, e.title).Bind(first + 1, e.description).Bind(first + 2, e.cpv).Bind(first + 3, e.value_amount);
    st.Bind(first + 4, e.value_currency).Bind(first + 5, e.value_eur).Bind(first + 6, e.planned_tender_date);
    st.Bind(first + 7, e.contract_start);
    st.Bind(first + 8, e.duration_months ? std::optional<std::int64_t>(*e.duration_months) : std::nullopt);
    st.Bind(first + 9, e.region).Bind(first + 10, std::int64_t{e.open_to_collaboration});
    st.Bind(first + 11, e.contact_name).Bind(first + 12, e.contact_email);
  }

  ConnectionPool pool_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<MarketStore>> MarketStore::Open(const StoreOptions& options) {
  if (options.location.empty()) return InvalidArgument("no database location given", "db");
  auto store =
      std::make_unique<sqlite::SqliteMarketStore>(options.location, options.busy_timeout_ms, options.pool_size);
  if (Status s = store->Probe(); !s.ok()) {
    return FailedPrecondition(fmt::format("{} has no market tables ({}); run `cobuy db migrate --db {}`",
                                          options.location, s.message(), options.location));
  }
  return std::unique_ptr<MarketStore>(std::move(store));
}

}  // namespace cobuy
