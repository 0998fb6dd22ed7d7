#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include <map>
#include <string_view>

#include "core/text.h"
#include "store/schema.h"
#include "store/sqlite/sqlite_db.h"

namespace cobuy::sqlite {
namespace {

std::string JoinSpaces(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

std::optional<CpvLevel> ParseCpvLevel(std::string_view name) {
  for (CpvLevel l : {CpvLevel::kDivision, CpvLevel::kGroup, CpvLevel::kClass, CpvLevel::kCategory,
                     CpvLevel::kSubcategory}) {
    if (CpvLevelName(l) == name) return l;
  }
  return std::nullopt;
}

// The unique key of an organisation's name: folded case and accents, trimmed.
std::string FoldedName(std::string_view name) { return FoldForSearch(Trim(name)); }

constexpr const char* kOrgColumns =
    "id, name, type, country, nuts, annual_budget_eur, created_at, updated_at";

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string location, int busy_timeout_ms, int pool_size)
      : pool_(std::move(location), busy_timeout_ms, pool_size) {}

  // Runs the SQLite texts of the one schema list (store/schema.h), recording each in
  // schema_migrations as db::Database::Migrate does, so either may migrate a file.
  Result<std::vector<MigrationInfo>> Migrate() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_RETURN_IF_ERROR(conn->Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"));
    std::vector<MigrationInfo> applied;
    for (const db::Migration& m : store::SchemaMigrations()) {
      COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
      // Checked inside the write transaction, so two processes migrating at once apply
      // each migration exactly once.
      COBUY_ASSIGN_OR_RETURN(auto newest, conn->Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
      COBUY_RETURN_IF_ERROR(newest.Step().status());
      if (newest.Int(0) > store::LatestSchemaVersion()) {
        return FailedPrecondition(fmt::format(
            "the database has migration {}, which this build does not know: it was migrated by a newer version",
            newest.Int(0)));
      }
      COBUY_ASSIGN_OR_RETURN(auto check, conn->Prepare("SELECT 1 FROM schema_migrations WHERE version = ?"));
      check.Bind(1, std::int64_t{m.version});
      COBUY_ASSIGN_OR_RETURN(bool done, check.Step());
      if (done) continue;
      Status s = conn->Exec(m.sql.sqlite.data());  // a NUL-terminated literal (store/schema.cc)
      if (!s.ok()) return s.WithContext(fmt::format("migration {} ({})", m.version, m.name));
      COBUY_ASSIGN_OR_RETURN(auto rec, conn->Prepare("INSERT INTO schema_migrations(version, name) VALUES (?, ?)"));
      rec.Bind(1, std::int64_t{m.version}).Bind(2, m.name);
      COBUY_RETURN_IF_ERROR(rec.Run());
      COBUY_RETURN_IF_ERROR(tx.Commit());
      applied.push_back({m.version, m.name, {}});
    }
    return applied;
  }

  Result<std::vector<MigrationInfo>> AppliedMigrations() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto exists, conn->Prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
    COBUY_ASSIGN_OR_RETURN(bool has_table, exists.Step());
    std::vector<MigrationInfo> out;
    if (!has_table) return out;
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version"));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back({static_cast<int>(st.Int(0)), st.Text(1), st.Text(2)});
    }
    return out;
  }

  int LatestSchemaVersion() const override { return store::LatestSchemaVersion(); }

  // --- reference data -----------------------------------------------------------------

  Result<std::string> ReferenceDataChecksum() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    return ChecksumOn(*conn);
  }

  Result<bool> ReplaceReferenceData(const ReferenceData& data) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(std::string current, ChecksumOn(*conn));
    if (!data.checksum.empty() && current == data.checksum) return false;
    COBUY_RETURN_IF_ERROR(conn->Exec(
        "DELETE FROM country_names; DELETE FROM countries; DELETE FROM cpv_labels; DELETE FROM cpv_codes;"
        "DELETE FROM nuts_regions; DELETE FROM currencies; DELETE FROM fx_rates;"));
    {
      COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
          "INSERT INTO countries(code, alpha3, name_en, flag, eu, eea, efta, nuts_code, currencies) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      COBUY_ASSIGN_OR_RETURN(auto names, conn->Prepare("INSERT INTO country_names(country, lang, name) VALUES (?, ?, ?)"));
      for (const Country& c : data.countries) {
        st.Bind(1, c.code).Bind(2, c.alpha3).Bind(3, c.name_en).Bind(4, c.flag);
        st.Bind(5, std::int64_t{c.eu}).Bind(6, std::int64_t{c.eea}).Bind(7, std::int64_t{c.efta});
        st.Bind(8, c.nuts_code).Bind(9, JoinSpaces(c.currencies));
        COBUY_RETURN_IF_ERROR(st.Run().WithContext(fmt::format("country {}", c.code)));
        for (const auto& [lang, name] : c.names) {
          names.Bind(1, c.code).Bind(2, lang).Bind(3, name);
          COBUY_RETURN_IF_ERROR(names.Run());
          names.Reset();
        }
        st.Reset();
      }
    }
    {
      COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
          "INSERT INTO cpv_codes(code, code8, significant_digits, level, parent) VALUES (?, ?, ?, ?, ?)"));
      COBUY_ASSIGN_OR_RETURN(auto lb, conn->Prepare("INSERT INTO cpv_labels(code, lang, label) VALUES (?, ?, ?)"));
      for (const CpvCode& c : data.cpv) {
        st.Bind(1, c.code).Bind(2, c.code8).Bind(3, std::int64_t{c.significant_digits});
        st.Bind(4, CpvLevelName(c.level));
        if (c.parent.empty()) st.Bind(5, std::nullopt); else st.Bind(5, c.parent);
        COBUY_RETURN_IF_ERROR(st.Run().WithContext(fmt::format("CPV {}", c.code)));
        st.Reset();
        for (const auto& [lang, label] : c.labels) {
          lb.Bind(1, c.code).Bind(2, lang).Bind(3, label);
          COBUY_RETURN_IF_ERROR(lb.Run());
          lb.Reset();
        }
      }
    }
    {
      COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
          "INSERT INTO nuts_regions(code, country_code, level, parent, name, name_latin) VALUES (?, ?, ?, ?, ?, ?)"));
      for (const NutsRegion& r : data.nuts) {
        st.Bind(1, r.code).Bind(2, r.country_code).Bind(3, std::int64_t{r.level});
        if (r.parent.empty()) st.Bind(4, std::nullopt); else st.Bind(4, r.parent);
        st.Bind(5, r.name).Bind(6, r.name_latin);
        COBUY_RETURN_IF_ERROR(st.Run().WithContext(fmt::format("NUTS {}", r.code)));
        st.Reset();
      }
    }
    {
      COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
          "INSERT INTO currencies(code, numeric, minor_units, name) VALUES (?, ?, ?, ?)"));
      for (const Currency& c : data.currencies) {
        st.Bind(1, c.code).Bind(2, c.numeric).Bind(3, std::int64_t{c.minor_units}).Bind(4, c.name);
        COBUY_RETURN_IF_ERROR(st.Run().WithContext(fmt::format("currency {}", c.code)));
        st.Reset();
      }
    }
    {
      COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("INSERT INTO fx_rates(currency, date, rate) VALUES (?, ?, ?)"));
      for (const FxRate& r : data.fx_rates) {
        st.Bind(1, r.currency).Bind(2, r.date).Bind(3, r.rate);
        COBUY_RETURN_IF_ERROR(st.Run().WithContext(fmt::format("rate {} {}", r.currency, r.date)));
        st.Reset();
      }
    }
    {
      COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
          "INSERT INTO meta(key, value) VALUES ('refdata_checksum', ?) "
          "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
      st.Bind(1, data.checksum);
      COBUY_RETURN_IF_ERROR(st.Run());
    }
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return true;
  }

  Result<std::vector<Country>> ListCountries() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    std::vector<Country> out;
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT code, alpha3, name_en, flag, eu, eea, efta, nuts_code, currencies FROM countries ORDER BY code"));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      Country c;
      c.code = st.Text(0);
      c.alpha3 = st.Text(1);
      c.name_en = st.Text(2);
      c.flag = st.Text(3);
      c.eu = st.Int(4) != 0;
      c.eea = st.Int(5) != 0;
      c.efta = st.Int(6) != 0;
      c.nuts_code = st.Text(7);
      c.currencies = Split(st.Text(8), ' ');
      out.push_back(std::move(c));
    }
    COBUY_ASSIGN_OR_RETURN(auto names, conn->Prepare("SELECT country, lang, name FROM country_names ORDER BY country"));
    size_t i = 0;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, names.Step());
      if (!row) break;
      std::string code = names.Text(0);
      while (i < out.size() && out[i].code < code) ++i;
      if (i < out.size() && out[i].code == code) out[i].names[names.Text(1)] = names.Text(2);
    }
    return out;
  }

  Result<std::vector<CpvCode>> ListCpvCodes() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    std::vector<CpvCode> out;
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT code, code8, significant_digits, level, parent FROM cpv_codes ORDER BY code"));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      CpvCode c;
      c.code = st.Text(0);
      c.code8 = st.Text(1);
      c.significant_digits = static_cast<int>(st.Int(2));
      c.level = ParseCpvLevel(st.Text(3)).value_or(CpvLevel::kSubcategory);
      c.parent = st.Text(4);
      out.push_back(std::move(c));
    }
    COBUY_ASSIGN_OR_RETURN(auto labels, conn->Prepare("SELECT code, lang, label FROM cpv_labels ORDER BY code"));
    size_t i = 0;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, labels.Step());
      if (!row) break;
      std::string code = labels.Text(0);
      while (i < out.size() && out[i].code < code) ++i;
      if (i < out.size() && out[i].code == code) out[i].labels[labels.Text(1)] = labels.Text(2);
    }
    return out;
  }

  Result<std::vector<NutsRegion>> ListNutsRegions() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    std::vector<NutsRegion> out;
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT code, country_code, level, parent, name, name_latin FROM nuts_regions ORDER BY code"));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back({st.Text(0), st.Text(1), static_cast<int>(st.Int(2)), st.Text(3), st.Text(4), st.Text(5)});
    }
    return out;
  }

  Result<std::vector<FxRate>> ListFxRates() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    std::vector<FxRate> out;
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT date, currency, rate FROM fx_rates ORDER BY currency, date"));
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back({st.Text(0), st.Text(1), st.Real(2)});
    }
    return out;
  }

  // --- organisations ------------------------------------------------------------------

  Result<OrganisationId> CreateOrganisation(const Organisation& org) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "INSERT INTO organisations(name, name_key, type, country, nuts, annual_budget_eur, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, org.name).Bind(2, FoldedName(org.name)).Bind(3, OrganisationTypeName(org.type));
    st.Bind(4, org.country).Bind(5, org.nuts).Bind(6, org.annual_budget_eur);
    st.Bind(7, org.created_at).Bind(8, org.created_at);
    Status s = st.Run();
    if (s.code() == StatusCode::kAlreadyExists) {
      return AlreadyExists(fmt::format("an organisation named '{}' already exists", org.name), "name");
    }
    COBUY_RETURN_IF_ERROR(s);
    OrganisationId id(conn->LastInsertId());
    COBUY_RETURN_IF_ERROR(WriteIdentifiers(*conn, id, org.identifiers, {}, true));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Result<Organisation> GetOrganisation(OrganisationId id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT id, name, type, country, nuts, annual_budget_eur, created_at, updated_at FROM organisations WHERE id = ?"));
    st.Bind(1, id.value);
    return ReadOneOrganisation(*conn, st, fmt::format("organisation {} not found", id.value));
  }

  Result<Organisation> FindOrganisationByName(const std::string& name) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT id, name, type, country, nuts, annual_budget_eur, created_at, updated_at FROM organisations WHERE name_key = ?"));
    st.Bind(1, FoldedName(name));
    return ReadOneOrganisation(*conn, st, fmt::format("no organisation named '{}'", name));
  }

  Result<std::vector<Organisation>> ListOrganisations() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT id, name, type, country, nuts, annual_budget_eur, created_at, updated_at FROM organisations ORDER BY name_key"));
    std::vector<Organisation> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back(ReadOrganisationRow(st));
    }
    COBUY_ASSIGN_OR_RETURN(auto ids, conn->Prepare(
        "SELECT organisation_id, scheme, identifier, status FROM organisation_identifiers "
        "ORDER BY organisation_id, position"));
    std::unordered_map<std::int64_t, Organisation*> by_id;
    for (auto& o : out) by_id[o.id.value] = &o;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, ids.Step());
      if (!row) break;
      auto it = by_id.find(ids.Int(0));
      if (it != by_id.end()) it->second->identifiers.push_back({ids.Text(1), ids.Text(2), ids.Text(3) != "approved"});
    }
    return out;
  }

  Result<Organisation> UpdateOrganisation(OrganisationId id, const OrganisationUpdate& u, UnixSeconds now) override {
    {
      COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
      COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
      COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
          "UPDATE organisations SET "
          "name = coalesce(?1, name), name_key = coalesce(?2, name_key), type = coalesce(?3, type), "
          "country = coalesce(?4, country), nuts = coalesce(?5, nuts), "
          "annual_budget_eur = CASE WHEN ?6 THEN ?7 ELSE annual_budget_eur END, updated_at = ?8 "
          "WHERE id = ?9"));
      st.Bind(1, u.name);
      if (u.name) st.Bind(2, FoldedName(*u.name)); else st.Bind(2, std::nullopt);
      if (u.type) st.Bind(3, OrganisationTypeName(*u.type)); else st.Bind(3, std::nullopt);
      st.Bind(4, u.country).Bind(5, u.nuts);
      st.Bind(6, std::int64_t{u.annual_budget_eur.has_value()});
      if (u.annual_budget_eur) st.Bind(7, *u.annual_budget_eur); else st.Bind(7, std::nullopt);
      st.Bind(8, now).Bind(9, id.value);
      Status s = st.Run();
      if (s.code() == StatusCode::kAlreadyExists) {
        return AlreadyExists(fmt::format("an organisation named '{}' already exists", u.name.value_or("")), "name");
      }
      COBUY_RETURN_IF_ERROR(s);
      if (conn->Changes() == 0) return NotFound(fmt::format("organisation {} not found", id.value));
      if (u.identifiers) {
        std::map<std::pair<std::string, std::string>, std::string> kept;
        COBUY_ASSIGN_OR_RETURN(auto old, conn->Prepare(
            "SELECT scheme, identifier, status FROM organisation_identifiers WHERE organisation_id = ?"));
        old.Bind(1, id.value);
        while (true) {
          COBUY_ASSIGN_OR_RETURN(bool row, old.Step());
          if (!row) break;
          kept[{old.Text(0), old.Text(1)}] = old.Text(2);
        }
        COBUY_ASSIGN_OR_RETURN(auto del, conn->Prepare("DELETE FROM organisation_identifiers WHERE organisation_id = ?"));
        del.Bind(1, id.value);
        COBUY_RETURN_IF_ERROR(del.Run());
        COBUY_RETURN_IF_ERROR(WriteIdentifiers(*conn, id, *u.identifiers, kept, u.trusted));
      }
      COBUY_RETURN_IF_ERROR(tx.Commit());
    }
    return GetOrganisation(id);
  }

  Result<std::vector<IdentifierClaim>> ListPendingIdentifierClaims() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "SELECT o.id, o.name, oi.scheme, oi.identifier, coalesce(r.name, '') FROM organisation_identifiers oi "
            "JOIN organisations o ON o.id = oi.organisation_id "
            "LEFT JOIN register_organisations r ON r.scheme = oi.scheme AND r.identifier = oi.identifier "
            "WHERE oi.status = 'pending' ORDER BY oi.scheme, oi.identifier, o.id"));
    std::vector<IdentifierClaim> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back({OrganisationId(st.Int(0)), st.Text(1), {st.Text(2), st.Text(3), true}, st.Text(4)});
    }
    return out;
  }

  Status DecideIdentifierClaim(OrganisationId org, const Identifier& identifier, bool approve) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    const std::string not_found =
        fmt::format("organisation {} has no pending claim of {} {}", org.value, identifier.scheme, identifier.id);
    if (approve) {
      COBUY_ASSIGN_OR_RETURN(
          auto others,
          conn->Prepare(
              "DELETE FROM organisation_identifiers WHERE scheme = ?1 AND identifier = ?2 AND organisation_id <> ?3 "
              "AND status = 'pending' AND EXISTS (SELECT 1 FROM organisation_identifiers WHERE scheme = ?1 AND "
              "identifier = ?2 AND organisation_id = ?3 AND status = 'pending')"));
      others.Bind(1, identifier.scheme).Bind(2, identifier.id).Bind(3, org.value);
      COBUY_RETURN_IF_ERROR(others.Run());
      COBUY_ASSIGN_OR_RETURN(
          auto st, conn->Prepare("UPDATE organisation_identifiers SET status = 'approved' "
                                 "WHERE organisation_id = ? AND scheme = ? AND identifier = ? AND status = 'pending'"));
      st.Bind(1, org.value).Bind(2, identifier.scheme).Bind(3, identifier.id);
      COBUY_RETURN_IF_ERROR(RunOne(*conn, st, not_found));
    } else {
      COBUY_ASSIGN_OR_RETURN(
          auto st, conn->Prepare("DELETE FROM organisation_identifiers "
                                 "WHERE organisation_id = ? AND scheme = ? AND identifier = ? AND status = 'pending'"));
      st.Bind(1, org.value).Bind(2, identifier.scheme).Bind(3, identifier.id);
      COBUY_RETURN_IF_ERROR(RunOne(*conn, st, not_found));
      // Close the gap in positions, which are the order of the organisation's identifiers.
      COBUY_ASSIGN_OR_RETURN(
          auto renumber,
          conn->Prepare(
              "UPDATE organisation_identifiers SET position = (SELECT count(*) FROM organisation_identifiers o2 "
              "WHERE o2.organisation_id = organisation_identifiers.organisation_id AND o2.position < "
              "organisation_identifiers.position) WHERE organisation_id = ?"));
      renumber.Bind(1, org.value);
      COBUY_RETURN_IF_ERROR(renumber.Run());
    }
    return tx.Commit();
  }

  // --- people -------------------------------------------------------------------------

  Result<UserId> CreateUser(const User& user) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    return InsertUser(*conn, user);
  }

  Result<User> GetUser(UserId id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT id, email, name, organisation_id, role, status, language, password_hash, created_at FROM users WHERE id = ?"));
    st.Bind(1, id.value);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound(fmt::format("user {} not found", id.value));
    return ReadUserRow(st);
  }

  Result<User> FindUserByEmail(const std::string& email) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT id, email, name, organisation_id, role, status, language, password_hash, created_at FROM users WHERE email = ?"));
    st.Bind(1, email);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no user with this e-mail");
    return ReadUserRow(st);
  }

  Result<std::vector<User>> ListUsers(OrganisationId organisation) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT id, email, name, organisation_id, role, status, language, password_hash, created_at FROM users "
        "WHERE organisation_id = ? ORDER BY status <> 'pending', name, email"));
    st.Bind(1, organisation.value);
    std::vector<User> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back(ReadUserRow(st));
    }
    return out;
  }

  Status SetUserStatus(UserId id, UserStatus status) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("UPDATE users SET status = ? WHERE id = ?"));
    st.Bind(1, UserStatusName(status)).Bind(2, id.value);
    return RunOne(*conn, st, fmt::format("user {} not found", id.value));
  }

  Status SetUserProfile(UserId id, const std::string& name, const std::string& language) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("UPDATE users SET name = ?, language = ? WHERE id = ?"));
    st.Bind(1, name).Bind(2, language).Bind(3, id.value);
    return RunOne(*conn, st, fmt::format("user {} not found", id.value));
  }

  Status SetUserPassword(UserId id, const std::string& password_hash) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("UPDATE users SET password_hash = ? WHERE id = ?"));
    st.Bind(1, password_hash).Bind(2, id.value);
    return RunOne(*conn, st, fmt::format("user {} not found", id.value));
  }

  Status DeleteUser(UserId id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM users WHERE id = ?"));
    st.Bind(1, id.value);
    return RunOne(*conn, st, fmt::format("user {} not found", id.value));
  }

  Status RemoveUser(UserId id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("UPDATE users SET email = 'removed-' || id || '@removed.invalid', name = 'Removed person', "
                      "status = 'removed', password_hash = '' WHERE id = ?"));
    st.Bind(1, id.value);
    COBUY_RETURN_IF_ERROR(RunOne(*conn, st, fmt::format("user {} not found", id.value)));
    for (const char* sql : {"DELETE FROM sessions WHERE user_id = ?", "DELETE FROM account_tokens WHERE user_id = ?"}) {
      COBUY_ASSIGN_OR_RETURN(auto del, conn->Prepare(sql));
      del.Bind(1, id.value);
      COBUY_RETURN_IF_ERROR(del.Run());
    }
    return tx.Commit();
  }

  // --- sessions -----------------------------------------------------------------------

  Status CreateSession(const Session& s) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?)"));
    st.Bind(1, s.token_hash).Bind(2, s.user.value).Bind(3, s.csrf_token);
    st.Bind(4, s.created_at).Bind(5, s.expires_at).Bind(6, s.address);
    return st.Run();
  }

  Result<Session> GetSession(const std::string& token_hash, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT token_hash, user_id, csrf_token, created_at, expires_at, address FROM sessions "
        "WHERE token_hash = ? AND expires_at > ?"));
    st.Bind(1, token_hash).Bind(2, now);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no such session");
    return Session{st.Text(0), UserId(st.Int(1)), st.Text(2), st.Int(3), st.Int(4), st.Text(5)};
  }

  Status DeleteSession(const std::string& token_hash) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM sessions WHERE token_hash = ?"));
    st.Bind(1, token_hash);
    return st.Run();
  }

  Status DeleteSessionsOfUser(UserId user) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM sessions WHERE user_id = ?"));
    st.Bind(1, user.value);
    return st.Run();
  }

  Status DeleteOtherSessions(UserId user, const std::string& keep_token_hash) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?"));
    st.Bind(1, user.value).Bind(2, keep_token_hash);
    return st.Run();
  }

  Result<int> DeleteExpiredSessions(UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM sessions WHERE expires_at <= ?"));
    st.Bind(1, now);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes();
  }

  // --- account tokens -----------------------------------------------------------------

  Status CreateAccountToken(const AccountToken& t, const OutboxMessage& mail) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto old,
        conn->Prepare("UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL"));
    old.Bind(1, t.created_at).Bind(2, t.user.value).Bind(3, TokenPurposeName(t.purpose));
    COBUY_RETURN_IF_ERROR(old.Run());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO account_tokens(token_hash, purpose, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"));
    st.Bind(1, t.token_hash).Bind(2, TokenPurposeName(t.purpose)).Bind(3, t.user.value);
    st.Bind(4, t.created_at).Bind(5, t.expires_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    COBUY_RETURN_IF_ERROR(InsertMail(*conn, mail));
    return tx.Commit();
  }

  Result<AccountToken> UseAccountToken(const std::string& token_hash, TokenPurpose purpose, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "UPDATE account_tokens SET used_at = ?1 WHERE token_hash = ?2 AND purpose = ?3 AND used_at IS NULL "
            "AND expires_at > ?1 RETURNING user_id, created_at, expires_at"));
    st.Bind(1, now).Bind(2, token_hash).Bind(3, TokenPurposeName(purpose));
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no such token");
    AccountToken t{token_hash, purpose, UserId(st.Int(0)), st.Int(1), st.Int(2)};
    COBUY_ASSIGN_OR_RETURN(bool more, st.Step());
    (void)more;
    return t;
  }

  // --- throttles ----------------------------------------------------------------------

  Result<int> CountThrottleEvent(const std::string& key, UnixSeconds now, UnixSeconds forget_after) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    // One statement, so that servers sharing the database never lose a count.
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("INSERT INTO throttles(key, count, last_at) VALUES (?1, 1, ?2) ON CONFLICT(key) DO UPDATE SET "
                      "count = CASE WHEN ?2 - last_at >= ?3 THEN 1 ELSE count + 1 END, last_at = ?2 RETURNING count"));
    st.Bind(1, key).Bind(2, now).Bind(3, forget_after);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Internal("counting a throttle event returned no row");
    int count = static_cast<int>(st.Int(0));
    COBUY_ASSIGN_OR_RETURN(bool more, st.Step());
    (void)more;
    return count;
  }

  Status BlockThrottle(const std::string& key, UnixSeconds until) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("UPDATE throttles SET blocked_until = max(blocked_until, ?) WHERE key = ?"));
    st.Bind(1, until).Bind(2, key);
    return st.Run();
  }

  Result<UnixSeconds> ThrottleBlockedUntil(const std::string& key) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT blocked_until FROM throttles WHERE key = ?"));
    st.Bind(1, key);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Int(0) : UnixSeconds{0};
  }

  Result<bool> ClaimThrottleReport(const std::string& key, UnixSeconds until) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("UPDATE throttles SET reported_until = ?1 WHERE key = ?2 AND reported_until < ?1"));
    st.Bind(1, until).Bind(2, key);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes() > 0;
  }

  Status ClearThrottle(const std::string& key) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM throttles WHERE key = ?"));
    st.Bind(1, key);
    return st.Run();
  }

  Result<int> DeleteStaleThrottles(UnixSeconds before) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("DELETE FROM throttles WHERE last_at < ? AND blocked_until < ?"));
    st.Bind(1, before).Bind(2, before);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes();
  }

  // --- invitations --------------------------------------------------------------------

  Result<InvitationId> CreateInvitation(const Invitation& inv, const OutboxMessage& mail) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "INSERT INTO invitations(token_hash, email, organisation_id, role, invited_by, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, inv.token_hash).Bind(2, inv.email).Bind(3, inv.organisation.value).Bind(4, RoleName(inv.role));
    if (inv.invited_by.valid()) st.Bind(5, inv.invited_by.value); else st.Bind(5, std::nullopt);
    st.Bind(6, inv.created_at).Bind(7, inv.expires_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    InvitationId id(conn->LastInsertId());
    COBUY_RETURN_IF_ERROR(InsertMail(*conn, mail));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Result<Invitation> GetInvitationByToken(const std::string& token_hash) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT id, token_hash, email, organisation_id, role, invited_by, created_at, expires_at, accepted_at "
        "FROM invitations WHERE token_hash = ?"));
    st.Bind(1, token_hash);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no such invitation");
    Invitation inv;
    inv.id = InvitationId(st.Int(0));
    inv.token_hash = st.Text(1);
    inv.email = st.Text(2);
    inv.organisation = OrganisationId(st.Int(3));
    inv.role = ParseRole(st.Text(4)).value_or(Role::kObserver);
    inv.invited_by = UserId(st.OptInt(5).value_or(0));
    inv.created_at = st.Int(6);
    inv.expires_at = st.Int(7);
    if (auto a = st.OptInt(8)) inv.accepted_at = *a;
    return inv;
  }

  Result<UserId> AcceptInvitation(InvitationId id, const User& user, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL"));
    st.Bind(1, now).Bind(2, id.value);
    COBUY_RETURN_IF_ERROR(st.Run());
    if (conn->Changes() == 0) return FailedPrecondition("this invitation has already been used");
    COBUY_ASSIGN_OR_RETURN(UserId uid, InsertUser(*conn, user));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return uid;
  }

  // --- outbox and audit ---------------------------------------------------------------

  Status EnqueueMail(const OutboxMessage& mail) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    return InsertMail(*conn, mail);
  }

  Result<std::vector<OutboxMessage>> ListOutbox() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT id, to_address, subject, body, created_at FROM outbox ORDER BY id"));
    std::vector<OutboxMessage> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4)});
    }
    return out;
  }

  Status AppendAudit(const AuditEvent& e) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "INSERT INTO audit_log(at, event, actor_id, organisation_id, subject, address, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, e.at).Bind(2, e.event);
    if (e.actor) st.Bind(3, e.actor->value); else st.Bind(3, std::nullopt);
    if (e.organisation) st.Bind(4, e.organisation->value); else st.Bind(4, std::nullopt);
    st.Bind(5, e.subject).Bind(6, e.address).Bind(7, e.detail);
    return st.Run();
  }

  Result<std::vector<AuditEvent>> ListAudit(int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(
        "SELECT id, at, event, actor_id, organisation_id, subject, address, detail FROM audit_log ORDER BY id DESC LIMIT ?"));
    st.Bind(1, std::int64_t{limit});
    std::vector<AuditEvent> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      AuditEvent e;
      e.id = st.Int(0);
      e.at = st.Int(1);
      e.event = st.Text(2);
      if (auto a = st.OptInt(3)) e.actor = UserId(*a);
      if (auto o = st.OptInt(4)) e.organisation = OrganisationId(*o);
      e.subject = st.Text(5);
      e.address = st.Text(6);
      e.detail = st.Text(7);
      out.push_back(std::move(e));
    }
    return out;
  }

 private:
  static Result<std::string> ChecksumOn(Connection& conn) {
    COBUY_ASSIGN_OR_RETURN(auto st, conn.Prepare("SELECT value FROM meta WHERE key = 'refdata_checksum'"));
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Text(0) : std::string();
  }

  static Status RunOne(Connection& conn, Statement& st, std::string not_found) {
    COBUY_RETURN_IF_ERROR(st.Run());
    if (conn.Changes() == 0) return NotFound(std::move(not_found));
    return Status::Ok();
  }

  // Writes `ids` as the organisation's identifiers (the old rows deleted). An identifier
  // another organisation claims, in any state, is kAlreadyExists naming it. Identifiers in
  // `kept` keep their state; new ones are approved when `trusted` or not in the register,
  // otherwise pending.
  static Status WriteIdentifiers(Connection& conn, OrganisationId id, const std::vector<Identifier>& ids,
                                 const std::map<std::pair<std::string, std::string>, std::string>& kept, bool trusted) {
    COBUY_ASSIGN_OR_RETURN(
        auto taken,
        conn.Prepare(
            "SELECT 1 FROM organisation_identifiers WHERE scheme = ? AND identifier = ? AND organisation_id <> ?"));
    COBUY_ASSIGN_OR_RETURN(auto in_register,
                           conn.Prepare("SELECT 1 FROM register_organisations WHERE scheme = ? AND identifier = ?"));
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn.Prepare("INSERT INTO organisation_identifiers(organisation_id, position, scheme, identifier, status) "
                     "VALUES (?, ?, ?, ?, ?)"));
    std::int64_t pos = 0;
    for (const Identifier& i : ids) {
      const std::string field = fmt::format("identifiers[{}]", pos);
      taken.Bind(1, i.scheme).Bind(2, i.id).Bind(3, id.value);
      COBUY_ASSIGN_OR_RETURN(bool claimed, taken.Step());
      taken.Reset();
      if (claimed) {
        return AlreadyExists(fmt::format("{} {} is already claimed by another organisation", i.scheme, i.id), field);
      }
      std::string status = "approved";
      if (auto k = kept.find({i.scheme, i.id}); k != kept.end()) {
        status = k->second;
      } else if (!trusted) {
        in_register.Bind(1, i.scheme).Bind(2, i.id);
        COBUY_ASSIGN_OR_RETURN(bool registered, in_register.Step());
        in_register.Reset();
        if (registered) status = "pending";
      }
      st.Bind(1, id.value).Bind(2, pos++).Bind(3, i.scheme).Bind(4, i.id).Bind(5, status);
      Status s = st.Run();
      if (s.code() == StatusCode::kAlreadyExists) {
        return AlreadyExists(fmt::format("{} {} is already claimed by another organisation", i.scheme, i.id), field);
      }
      COBUY_RETURN_IF_ERROR(s);
      st.Reset();
    }
    return Status::Ok();
  }

  static Organisation ReadOrganisationRow(const Statement& st) {
    Organisation o;
    o.id = OrganisationId(st.Int(0));
    o.name = st.Text(1);
    o.type = ParseOrganisationType(st.Text(2)).value_or(OrganisationType::kOther);
    o.country = st.Text(3);
    o.nuts = st.Text(4);
    o.annual_budget_eur = st.OptReal(5);
    o.created_at = st.Int(6);
    o.updated_at = st.Int(7);
    return o;
  }

  static Result<Organisation> ReadOneOrganisation(Connection& conn, Statement& st, std::string not_found) {
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound(std::move(not_found));
    Organisation o = ReadOrganisationRow(st);
    COBUY_ASSIGN_OR_RETURN(auto ids, conn.Prepare(
        "SELECT scheme, identifier, status FROM organisation_identifiers WHERE organisation_id = ? ORDER BY position"));
    ids.Bind(1, o.id.value);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool r, ids.Step());
      if (!r) break;
      o.identifiers.push_back({ids.Text(0), ids.Text(1), ids.Text(2) != "approved"});
    }
    return o;
  }

  static User ReadUserRow(const Statement& st) {
    User u;
    u.id = UserId(st.Int(0));
    u.email = st.Text(1);
    u.name = st.Text(2);
    u.organisation = OrganisationId(st.Int(3));
    u.role = ParseRole(st.Text(4)).value_or(Role::kObserver);
    u.status = ParseUserStatus(st.Text(5)).value_or(UserStatus::kDisabled);
    u.language = st.Text(6);
    u.password_hash = st.Text(7);
    u.created_at = st.Int(8);
    return u;
  }

  static Result<UserId> InsertUser(Connection& conn, const User& user) {
    COBUY_ASSIGN_OR_RETURN(auto st, conn.Prepare(
        "INSERT INTO users(email, name, organisation_id, role, status, language, password_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, user.email).Bind(2, user.name).Bind(3, user.organisation.value).Bind(4, RoleName(user.role));
    st.Bind(5, UserStatusName(user.status)).Bind(6, user.language).Bind(7, user.password_hash).Bind(8, user.created_at);
    Status s = st.Run();
    if (s.code() == StatusCode::kAlreadyExists) {
      return AlreadyExists(fmt::format("a user with e-mail {} already exists", user.email), "email");
    }
    if (s.code() == StatusCode::kFailedPrecondition) {
      return NotFound(fmt::format("organisation {} not found", user.organisation.value));
    }
    COBUY_RETURN_IF_ERROR(s);
    return UserId(conn.LastInsertId());
  }

  static Status InsertMail(Connection& conn, const OutboxMessage& mail) {
    COBUY_ASSIGN_OR_RETURN(auto st, conn.Prepare(
        "INSERT INTO outbox(to_address, subject, body, created_at) VALUES (?, ?, ?, ?)"));
    st.Bind(1, mail.to).Bind(2, mail.subject).Bind(3, mail.body).Bind(4, mail.created_at);
    return st.Run();
  }

  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options) {
  const bool memory = options.location == ":memory:";
  auto store = std::make_unique<SqliteStore>(options.location, options.busy_timeout_ms,
                                             memory ? 1 : options.pool_size);
  // Open one connection now so that a bad path fails here, not on first use.
  COBUY_RETURN_IF_ERROR(store->AppliedMigrations().status());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace cobuy::sqlite
