#include "store/sqlite/market_sql.h"
#include "store/sqlite/migrations.h"

#include <array>

namespace cobuy::sqlite {
namespace {

constexpr Migration kMigrations[] = {
    {1, "reference data", R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE countries (
  code       TEXT PRIMARY KEY,
  alpha3     TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  flag       TEXT NOT NULL,
  eu         INTEGER NOT NULL,
  eea        INTEGER NOT NULL,
  efta       INTEGER NOT NULL,
  nuts_code  TEXT NOT NULL,
  currencies TEXT NOT NULL
);
CREATE TABLE country_names (
  country TEXT NOT NULL REFERENCES countries(code) ON DELETE CASCADE,
  lang    TEXT NOT NULL,
  name    TEXT NOT NULL,
  PRIMARY KEY (country, lang)
) WITHOUT ROWID;
CREATE TABLE cpv_codes (
  code               TEXT PRIMARY KEY,
  code8              TEXT NOT NULL UNIQUE,
  significant_digits INTEGER NOT NULL,
  level              TEXT NOT NULL,
  parent             TEXT
);
CREATE TABLE cpv_labels (
  code  TEXT NOT NULL REFERENCES cpv_codes(code) ON DELETE CASCADE,
  lang  TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (code, lang)
) WITHOUT ROWID;
CREATE TABLE nuts_regions (
  code         TEXT PRIMARY KEY,
  country_code TEXT NOT NULL,
  level        INTEGER NOT NULL,
  parent       TEXT,
  name         TEXT NOT NULL,
  name_latin   TEXT NOT NULL
);
CREATE INDEX nuts_regions_country ON nuts_regions(country_code, level);
CREATE TABLE currencies (
  code        TEXT PRIMARY KEY,
  numeric     TEXT NOT NULL,
  minor_units INTEGER NOT NULL,
  name        TEXT NOT NULL
);
CREATE TABLE fx_rates (
  currency TEXT NOT NULL,
  date     TEXT NOT NULL,
  rate     REAL NOT NULL,
  PRIMARY KEY (currency, date)
) WITHOUT ROWID;
)sql"},
    {2, "organisations and people", R"sql(
CREATE TABLE organisations (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL,
  name_key          TEXT NOT NULL UNIQUE,
  type              TEXT NOT NULL,
  country           TEXT NOT NULL,
  nuts              TEXT NOT NULL DEFAULT '',
  annual_budget_eur REAL,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE TABLE organisation_identifiers (
  organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  scheme          TEXT NOT NULL,
  identifier      TEXT NOT NULL,
  PRIMARY KEY (organisation_id, position)
) WITHOUT ROWID;
CREATE INDEX organisation_identifiers_key ON organisation_identifiers(scheme, identifier);
CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  email           TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  role            TEXT NOT NULL,
  status          TEXT NOT NULL,
  language        TEXT NOT NULL DEFAULT 'en',
  password_hash   TEXT NOT NULL,
  created_at      INTEGER NOT NULL
);
CREATE INDEX users_organisation ON users(organisation_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  address    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE invitations (
  id              INTEGER PRIMARY KEY,
  token_hash      TEXT NOT NULL UNIQUE,
  email           TEXT NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  role            TEXT NOT NULL,
  invited_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  accepted_at     INTEGER
);
CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at    INTEGER
);
CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  event           TEXT NOT NULL,
  actor_id        INTEGER,
  organisation_id INTEGER,
  subject         TEXT NOT NULL,
  address         TEXT NOT NULL,
  detail          TEXT NOT NULL
);
)sql"},
    {3, "contract register", R"sql(
CREATE TABLE ocds_releases (
  id            INTEGER PRIMARY KEY,
  ocid          TEXT NOT NULL,
  release_id    TEXT NOT NULL,
  date          TEXT NOT NULL,
  data          TEXT NOT NULL,
  source_file   TEXT NOT NULL,
  source_offset INTEGER NOT NULL,
  UNIQUE (ocid, release_id, date)
);
CREATE TABLE ocds_pending (
  ocid TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE register_organisations (
  id         INTEGER PRIMARY KEY,
  scheme     TEXT NOT NULL,
  identifier TEXT NOT NULL,
  name       TEXT NOT NULL,
  country    TEXT NOT NULL DEFAULT '',
  UNIQUE (scheme, identifier)
);
CREATE VIEW register_organisation_links AS
  SELECT r.id AS register_id, oi.organisation_id AS organisation_id
  FROM register_organisations r
  JOIN organisation_identifiers oi ON oi.scheme = r.scheme AND oi.identifier = r.identifier;
CREATE TABLE processes (
  ocid                       TEXT PRIMARY KEY,
  compiled                   TEXT NOT NULL,
  release_count              INTEGER NOT NULL,
  first_date                 TEXT NOT NULL,
  last_date                  TEXT NOT NULL,
  tags                       TEXT NOT NULL,
  title                      TEXT NOT NULL,
  description                TEXT NOT NULL,
  language                   TEXT NOT NULL,
  status                     TEXT NOT NULL,
  buyer_party_id             TEXT NOT NULL,
  buyer_name                 TEXT NOT NULL,
  buyer_org                  INTEGER REFERENCES register_organisations(id),
  procuring_entity_name      TEXT NOT NULL,
  country                    TEXT NOT NULL,
  region                     TEXT NOT NULL,
  procurement_method         TEXT NOT NULL,
  procurement_method_details TEXT NOT NULL,
  main_category              TEXT NOT NULL,
  is_framework               INTEGER NOT NULL,
  is_dps                     INTEGER NOT NULL,
  is_cpb                     INTEGER NOT NULL,
  buyer_categories           TEXT NOT NULL,
  max_participants           INTEGER,
  tender_start               TEXT NOT NULL,
  tender_end                 TEXT NOT NULL,
  award_date                 TEXT NOT NULL,
  contract_start             TEXT NOT NULL,
  contract_end               TEXT NOT NULL,
  value_amount               REAL,
  value_currency             TEXT NOT NULL,
  value_eur                  REAL,
  awarded_eur                REAL,
  contracted_eur             REAL,
  main_cpv                   TEXT NOT NULL
);
CREATE INDEX processes_buyer ON processes(buyer_org);
CREATE INDEX processes_last_date ON processes(last_date);
CREATE TABLE process_lots (
  ocid           TEXT NOT NULL,
  lot_id         TEXT NOT NULL,
  title          TEXT NOT NULL,
  description    TEXT NOT NULL,
  status         TEXT NOT NULL,
  value_amount   REAL,
  value_currency TEXT NOT NULL,
  value_eur      REAL,
  PRIMARY KEY (ocid, lot_id)
) WITHOUT ROWID;
CREATE TABLE process_items (
  ocid                       TEXT NOT NULL,
  source                     TEXT NOT NULL,
  parent_id                  TEXT NOT NULL,
  position                   INTEGER NOT NULL,
  item_id                    TEXT NOT NULL,
  description                TEXT NOT NULL,
  cpv                        TEXT NOT NULL,
  scheme                     TEXT NOT NULL,
  classification_id          TEXT NOT NULL,
  additional_classifications TEXT NOT NULL,
  quantity                   REAL,
  unit_name                  TEXT NOT NULL,
  unit_id                    TEXT NOT NULL,
  unit_price_amount          REAL,
  unit_price_currency        TEXT NOT NULL,
  unit_price_eur             REAL,
  related_lot                TEXT NOT NULL,
  PRIMARY KEY (ocid, source, parent_id, position)
) WITHOUT ROWID;
CREATE INDEX process_items_cpv ON process_items(cpv);
CREATE TABLE process_awards (
  ocid           TEXT NOT NULL,
  award_id       TEXT NOT NULL,
  title          TEXT NOT NULL,
  status         TEXT NOT NULL,
  date           TEXT NOT NULL,
  value_amount   REAL,
  value_currency TEXT NOT NULL,
  value_eur      REAL,
  related_lots   TEXT NOT NULL,
  PRIMARY KEY (ocid, award_id)
) WITHOUT ROWID;
CREATE TABLE process_contracts (
  ocid           TEXT NOT NULL,
  contract_id    TEXT NOT NULL,
  award_id       TEXT NOT NULL,
  title          TEXT NOT NULL,
  status         TEXT NOT NULL,
  date_signed    TEXT NOT NULL,
  period_start   TEXT NOT NULL,
  period_end     TEXT NOT NULL,
  value_amount   REAL,
  value_currency TEXT NOT NULL,
  value_eur      REAL,
  PRIMARY KEY (ocid, contract_id)
) WITHOUT ROWID;
CREATE TABLE process_parties (
  ocid         TEXT NOT NULL,
  party_id     TEXT NOT NULL,
  name         TEXT NOT NULL,
  roles        TEXT NOT NULL,
  register_org INTEGER REFERENCES register_organisations(id),
  country      TEXT NOT NULL,
  region       TEXT NOT NULL,
  locality     TEXT NOT NULL,
  PRIMARY KEY (ocid, party_id)
) WITHOUT ROWID;
CREATE INDEX process_parties_org ON process_parties(register_org);
CREATE TABLE process_suppliers (
  ocid         TEXT NOT NULL,
  award_id     TEXT NOT NULL,
  party_id     TEXT NOT NULL,
  name         TEXT NOT NULL,
  register_org INTEGER REFERENCES register_organisations(id),
  PRIMARY KEY (ocid, award_id, party_id)
) WITHOUT ROWID;
CREATE INDEX process_suppliers_org ON process_suppliers(register_org);
CREATE TABLE ingest_runs (
  id                 INTEGER PRIMARY KEY,
  started_at         TEXT NOT NULL,
  finished_at        TEXT NOT NULL DEFAULT '',
  status             TEXT NOT NULL,
  files              TEXT NOT NULL,
  bytes              INTEGER NOT NULL DEFAULT 0,
  releases_read      INTEGER NOT NULL DEFAULT 0,
  releases_new       INTEGER NOT NULL DEFAULT 0,
  releases_unchanged INTEGER NOT NULL DEFAULT 0,
  releases_rejected  INTEGER NOT NULL DEFAULT 0,
  warnings           INTEGER NOT NULL DEFAULT 0,
  processes_compiled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ingest_problems (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
  severity    TEXT NOT NULL,
  file        TEXT NOT NULL,
  offset      INTEGER NOT NULL,
  ocid        TEXT NOT NULL,
  release_id  TEXT NOT NULL,
  code        TEXT NOT NULL,
  message     TEXT NOT NULL
);
CREATE INDEX ingest_problems_run ON ingest_problems(run_id);
)sql"},
    {4, "search and saved searches", R"sql(
ALTER TABLE processes ADD COLUMN buyer_type TEXT NOT NULL DEFAULT '';
CREATE TABLE search_pending (
  ocid TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT INTO search_pending(ocid) SELECT ocid FROM processes;
CREATE TABLE saved_searches (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  params        TEXT NOT NULL,
  alerts        INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  last_alert_at INTEGER
);
CREATE INDEX saved_searches_user ON saved_searches(user_id);
CREATE TABLE saved_search_hits (
  search_id INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
  ocid      TEXT NOT NULL,
  PRIMARY KEY (search_id, ocid)
) WITHOUT ROWID;
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  link       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at    INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, id);
)sql"},
    {5, "communities and workspaces", R"sql(
CREATE TABLE communities (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  kind               TEXT NOT NULL,
  openness           TEXT NOT NULL,
  aim                TEXT NOT NULL,
  entry_requirements TEXT NOT NULL,
  topic              TEXT NOT NULL,
  created_by         INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at         INTEGER NOT NULL
);
CREATE TABLE community_members (
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role         TEXT NOT NULL,
  status       TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  joined_at    INTEGER NOT NULL,
  PRIMARY KEY (community_id, user_id)
) WITHOUT ROWID;
CREATE INDEX community_members_user ON community_members(user_id);
CREATE TABLE threads (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  author_id    INTEGER NOT NULL REFERENCES users(id),
  created_at   INTEGER NOT NULL,
  last_post_at INTEGER NOT NULL
);
CREATE INDEX threads_community ON threads(community_id, last_post_at);
CREATE TABLE posts (
  id            INTEGER PRIMARY KEY,
  thread_id     INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  author_id     INTEGER NOT NULL REFERENCES users(id),
  body          TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  edited_at     INTEGER,
  hidden_reason TEXT,
  hidden_by     INTEGER REFERENCES users(id)
);
CREATE INDEX posts_thread ON posts(thread_id, id);
CREATE TABLE post_versions (
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  body    TEXT NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX post_versions_post ON post_versions(post_id);
CREATE TABLE post_mentions (
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, user_id)
) WITHOUT ROWID;
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  data   BLOB NOT NULL
);
CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users(id),
  created_at   INTEGER NOT NULL
);
CREATE INDEX documents_community ON documents(community_id);
CREATE TABLE document_versions (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  filename    TEXT NOT NULL,
  media_type  TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL REFERENCES blobs(sha256),
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  uploaded_at INTEGER NOT NULL,
  PRIMARY KEY (document_id, version)
) WITHOUT ROWID;
CREATE TABLE events (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  agenda       TEXT NOT NULL,
  starts_at    INTEGER NOT NULL,
  ends_at      INTEGER NOT NULL,
  time_zone    TEXT NOT NULL,
  place        TEXT NOT NULL,
  online_url   TEXT NOT NULL,
  status       TEXT NOT NULL,
  minutes      TEXT NOT NULL DEFAULT '',
  sequence     INTEGER NOT NULL DEFAULT 0,
  created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX events_community ON events(community_id, starts_at);
CREATE TABLE event_people (
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  guest      INTEGER NOT NULL DEFAULT 0,
  invited    INTEGER NOT NULL DEFAULT 0,
  registered INTEGER NOT NULL DEFAULT 0,
  attended   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, user_id)
) WITHOUT ROWID;
CREATE INDEX event_people_user ON event_people(user_id);
CREATE TABLE objectives (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  ambition     TEXT NOT NULL
);
CREATE TABLE activities (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  objective_id INTEGER REFERENCES objectives(id) ON DELETE SET NULL,
  title        TEXT NOT NULL,
  owner_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  due          TEXT NOT NULL,
  status       TEXT NOT NULL
);
CREATE TABLE outputs (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  summary      TEXT NOT NULL,
  document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  published_at INTEGER,
  created_at   INTEGER NOT NULL
);
CREATE TABLE output_signatories (
  output_id       INTEGER NOT NULL REFERENCES outputs(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  signed_at       INTEGER NOT NULL,
  PRIMARY KEY (output_id, organisation_id)
) WITHOUT ROWID;
CREATE TABLE staff_exchanges (
  id                 INTEGER PRIMARY KEY,
  kind               TEXT NOT NULL,
  user_id            INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  topic              TEXT NOT NULL,
  description        TEXT NOT NULL,
  starts_on          TEXT NOT NULL,
  ends_on            TEXT NOT NULL,
  status             TEXT NOT NULL,
  matched_with       INTEGER REFERENCES staff_exchanges(id) ON DELETE SET NULL,
  community_id       INTEGER REFERENCES communities(id) ON DELETE SET NULL,
  report_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  created_at         INTEGER NOT NULL
);
CREATE TABLE notification_preferences (
  user_id        INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  digest         TEXT NOT NULL,
  in_app         TEXT NOT NULL,
  last_digest_id INTEGER NOT NULL DEFAULT 0,
  calendar_token TEXT UNIQUE
);
)sql"},
    {6, "needs assessments and group formation", R"sql(
CREATE TABLE assessments (
  id           INTEGER PRIMARY KEY,
  title        TEXT NOT NULL UNIQUE,
  description  TEXT NOT NULL,
  months_ahead INTEGER NOT NULL,
  opens_on     TEXT NOT NULL,
  closes_on    TEXT NOT NULL,
  created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL
);
CREATE TABLE assessment_areas (
  id            INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  key           TEXT NOT NULL,
  name          TEXT NOT NULL,
  description   TEXT NOT NULL,
  cpv           TEXT NOT NULL,
  UNIQUE (assessment_id, key)
);
CREATE TABLE assessment_invitations (
  assessment_id   INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  PRIMARY KEY (assessment_id, organisation_id)
) WITHOUT ROWID;
CREATE TABLE assessment_responses (
  assessment_id   INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  observer_only   INTEGER NOT NULL,
  challenges      TEXT NOT NULL,
  answers         TEXT NOT NULL,
  updated_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at      INTEGER NOT NULL,
  submitted_at    INTEGER,
  PRIMARY KEY (assessment_id, organisation_id)
) WITHOUT ROWID;
CREATE TABLE formations (
  id            INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  parameters    TEXT NOT NULL,
  result        TEXT NOT NULL,
  created_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at    INTEGER NOT NULL
);
CREATE TABLE formed_groups (
  community_id  INTEGER PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  formation_id  INTEGER NOT NULL REFERENCES formations(id) ON DELETE CASCADE,
  area_key      TEXT NOT NULL,
  observer_group INTEGER NOT NULL
);
)sql"},
    {7, "shared pipeline, opportunities and price benchmarks", R"sql(
CREATE TABLE market_facts (
  ocid           TEXT PRIMARY KEY,
  buyer_org      INTEGER,
  country        TEXT NOT NULL,
  cpv            TEXT NOT NULL,
  method         TEXT NOT NULL,
  tags           TEXT NOT NULL,
  status         TEXT NOT NULL,
  tender_start   TEXT NOT NULL,
  tender_end     TEXT NOT NULL,
  contract_end   TEXT NOT NULL,
  value_eur      REAL,
  is_framework   INTEGER NOT NULL,
  open_to_others INTEGER NOT NULL,
  tenderers      INTEGER,
  suppliers      TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE market_prices (
  ocid      TEXT NOT NULL,
  source    TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  position  INTEGER NOT NULL,
  cpv       TEXT NOT NULL,
  unit_id   TEXT NOT NULL,
  unit_name TEXT NOT NULL,
  quantity  REAL,
  price_eur REAL NOT NULL,
  PRIMARY KEY (ocid, source, parent_id, position)
) WITHOUT ROWID;
CREATE TABLE market_changes (
  seq  INTEGER PRIMARY KEY AUTOINCREMENT,
  ocid TEXT NOT NULL
);
CREATE TABLE market_watermarks (
  name TEXT PRIMARY KEY,
  seq  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE pipeline_entries (
  id                    INTEGER PRIMARY KEY,
  organisation_id       INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
  buyer_org             INTEGER REFERENCES register_organisations(id),
  source                TEXT NOT NULL,
  ocid                  TEXT UNIQUE,
  title                 TEXT NOT NULL,
  description           TEXT NOT NULL,
  cpv                   TEXT NOT NULL,
  value_amount          REAL,
  value_currency        TEXT NOT NULL,
  value_eur             REAL,
  planned_tender_date   TEXT NOT NULL,
  contract_start        TEXT NOT NULL,
  duration_months       INTEGER,
  region                TEXT NOT NULL,
  open_to_collaboration INTEGER NOT NULL,
  contact_name          TEXT NOT NULL,
  contact_email         TEXT NOT NULL,
  status                TEXT NOT NULL,
  status_changed_at     INTEGER NOT NULL,
  status_changed_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_by            INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL
);
CREATE INDEX pipeline_entries_organisation ON pipeline_entries(organisation_id);
CREATE INDEX pipeline_entries_date ON pipeline_entries(planned_tender_date);
CREATE TABLE pipeline_interests (
  entry_id        INTEGER NOT NULL REFERENCES pipeline_entries(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
  note            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (entry_id, organisation_id)
) WITHOUT ROWID;
CREATE TABLE pipeline_watchers (
  entry_id INTEGER NOT NULL REFERENCES pipeline_entries(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (entry_id, user_id)
) WITHOUT ROWID;
CREATE TABLE opportunity_notices (
  cpv_class       TEXT NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  notified_on     TEXT NOT NULL,
  PRIMARY KEY (cpv_class, organisation_id)
) WITHOUT ROWID;
)sql" COBUY_MARKET_FACTS_INSERT ";\n" COBUY_MARKET_PRICES_INSERT ";\n"
     "INSERT INTO market_changes(ocid) SELECT ocid FROM processes WHERE tags LIKE '%planning%' ORDER BY ocid;\n"},
    {8, "throttles, account tokens and identifier claims", R"sql(
-- Back-off counters shared by every server: sign-in failures per (e-mail, address) and per
-- address, sign-ups and password-reset requests per address.
CREATE TABLE throttles (
  key            TEXT PRIMARY KEY,
  count          INTEGER NOT NULL,
  last_at        INTEGER NOT NULL,
  blocked_until  INTEGER NOT NULL DEFAULT 0,
  reported_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX throttles_last ON throttles(last_at);
-- Password-reset and e-mail-confirmation tokens: hashed, single use, expiring.
CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,
  purpose    TEXT NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX account_tokens_user ON account_tokens(user_id);
-- An identifier belongs to one organisation. Claims of register identifiers wait for the
-- secretariat ('pending'); identifiers two organisations claimed before this migration wait
-- too, so that no organisation keeps another's register data by having the lower id.
ALTER TABLE organisation_identifiers ADD COLUMN status TEXT NOT NULL DEFAULT 'approved';
UPDATE organisation_identifiers SET status = 'pending' WHERE (scheme, identifier) IN (
  SELECT scheme, identifier FROM organisation_identifiers GROUP BY scheme, identifier
  HAVING count(DISTINCT organisation_id) > 1);
CREATE UNIQUE INDEX organisation_identifiers_approved ON organisation_identifiers(scheme, identifier)
  WHERE status = 'approved';
DROP VIEW register_organisation_links;
CREATE VIEW register_organisation_links AS
  SELECT r.id AS register_id, oi.organisation_id AS organisation_id
  FROM register_organisations r
  JOIN organisation_identifiers oi ON oi.scheme = r.scheme AND oi.identifier = r.identifier
  WHERE oi.status = 'approved';
)sql"},
    {9, "European notices: organisations known by name, texts in every language", R"sql(
-- Each spelling and publisher (the ocid's prefix) under which an organisation without an
-- identifier was named: more than one row is a merge by name and country.
CREATE TABLE register_organisation_names (
  organisation INTEGER NOT NULL REFERENCES register_organisations(id),
  name         TEXT NOT NULL,
  source       TEXT NOT NULL,
  first_ocid   TEXT NOT NULL,
  PRIMARY KEY (organisation, name, source)
) WITHOUT ROWID;
-- A process's title and description in the other languages it was published in.
CREATE TABLE process_texts (
  ocid        TEXT NOT NULL,
  language    TEXT NOT NULL,
  title       TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (ocid, language)
) WITHOUT ROWID;
)sql"},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace cobuy::sqlite
