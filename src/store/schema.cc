// The schema: one ordered list of migrations, a SQLite and a PostgreSQL text each (schema.h).
// The SQLite texts are byte for byte those released in src/store/sqlite/migrations.cc.
#include "store/schema.h"

#include "store/sqlite/market_sql.h"

namespace cobuy::store {
namespace {

// clang-format off
constexpr const char kSqlite1[] = R"sql(
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
)sql";

constexpr const char kPostgres1[] = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE countries (
  code       TEXT PRIMARY KEY,
  alpha3     TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  flag       TEXT NOT NULL,
  eu         BIGINT NOT NULL,
  eea        BIGINT NOT NULL,
  efta       BIGINT NOT NULL,
  nuts_code  TEXT NOT NULL,
  currencies TEXT NOT NULL
);
CREATE TABLE country_names (
  country TEXT NOT NULL REFERENCES countries(code) ON DELETE CASCADE,
  lang    TEXT NOT NULL,
  name    TEXT NOT NULL,
  PRIMARY KEY (country, lang)
);
CREATE TABLE cpv_codes (
  code               TEXT PRIMARY KEY,
  code8              TEXT NOT NULL UNIQUE,
  significant_digits BIGINT NOT NULL,
  level              TEXT NOT NULL,
  parent             TEXT
);
CREATE TABLE cpv_labels (
  code  TEXT NOT NULL REFERENCES cpv_codes(code) ON DELETE CASCADE,
  lang  TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (code, lang)
);
CREATE TABLE nuts_regions (
  code         TEXT PRIMARY KEY,
  country_code TEXT NOT NULL,
  level        BIGINT NOT NULL,
  parent       TEXT,
  name         TEXT NOT NULL,
  name_latin   TEXT NOT NULL
);
CREATE INDEX nuts_regions_country ON nuts_regions(country_code, level);
CREATE TABLE currencies (
  code        TEXT PRIMARY KEY,
  numeric     TEXT NOT NULL,
  minor_units BIGINT NOT NULL,
  name        TEXT NOT NULL
);
CREATE TABLE fx_rates (
  currency TEXT NOT NULL,
  date     TEXT NOT NULL,
  rate     DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (currency, date)
);
)sql";

constexpr const char kSqlite2[] = R"sql(
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
)sql";

constexpr const char kPostgres2[] = R"sql(
CREATE TABLE organisations (
  id                BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name              TEXT NOT NULL,
  name_key          TEXT NOT NULL UNIQUE,
  type              TEXT NOT NULL,
  country           TEXT NOT NULL,
  nuts              TEXT NOT NULL DEFAULT '',
  annual_budget_eur DOUBLE PRECISION,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
CREATE TABLE organisation_identifiers (
  organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  position        BIGINT NOT NULL,
  scheme          TEXT NOT NULL,
  identifier      TEXT NOT NULL,
  PRIMARY KEY (organisation_id, position)
);
CREATE INDEX organisation_identifiers_key ON organisation_identifiers(scheme, identifier);
CREATE TABLE users (
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  email           TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  role            TEXT NOT NULL,
  status          TEXT NOT NULL,
  language        TEXT NOT NULL DEFAULT 'en',
  password_hash   TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX users_organisation ON users(organisation_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  address    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE invitations (
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  token_hash      TEXT NOT NULL UNIQUE,
  email           TEXT NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  role            TEXT NOT NULL,
  invited_by      BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT NOT NULL,
  accepted_at     BIGINT
);
CREATE TABLE outbox (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at    BIGINT
);
CREATE TABLE audit_log (
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at              BIGINT NOT NULL,
  event           TEXT NOT NULL,
  actor_id        BIGINT,
  organisation_id BIGINT,
  subject         TEXT NOT NULL,
  address         TEXT NOT NULL,
  detail          TEXT NOT NULL
);
)sql";

constexpr const char kSqlite3[] = R"sql(
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
)sql";

constexpr const char kPostgres3[] = R"sql(
CREATE TABLE ocds_releases (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ocid          TEXT NOT NULL,
  release_id    TEXT NOT NULL,
  date          TEXT NOT NULL,
  data          TEXT NOT NULL,
  source_file   TEXT NOT NULL,
  source_offset BIGINT NOT NULL,
  UNIQUE (ocid, release_id, date)
);
CREATE TABLE ocds_pending (
  ocid TEXT PRIMARY KEY
);
CREATE TABLE register_organisations (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
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
  release_count              BIGINT NOT NULL,
  first_date                 TEXT NOT NULL,
  last_date                  TEXT NOT NULL,
  tags                       TEXT NOT NULL,
  title                      TEXT NOT NULL,
  description                TEXT NOT NULL,
  language                   TEXT NOT NULL,
  status                     TEXT NOT NULL,
  buyer_party_id             TEXT NOT NULL,
  buyer_name                 TEXT NOT NULL,
  buyer_org                  BIGINT REFERENCES register_organisations(id),
  procuring_entity_name      TEXT NOT NULL,
  country                    TEXT NOT NULL,
  region                     TEXT NOT NULL,
  procurement_method         TEXT NOT NULL,
  procurement_method_details TEXT NOT NULL,
  main_category              TEXT NOT NULL,
  is_framework               BIGINT NOT NULL,
  is_dps                     BIGINT NOT NULL,
  is_cpb                     BIGINT NOT NULL,
  buyer_categories           TEXT NOT NULL,
  max_participants           BIGINT,
  tender_start               TEXT NOT NULL,
  tender_end                 TEXT NOT NULL,
  award_date                 TEXT NOT NULL,
  contract_start             TEXT NOT NULL,
  contract_end               TEXT NOT NULL,
  value_amount               DOUBLE PRECISION,
  value_currency             TEXT NOT NULL,
  value_eur                  DOUBLE PRECISION,
  awarded_eur                DOUBLE PRECISION,
  contracted_eur             DOUBLE PRECISION,
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
  value_amount   DOUBLE PRECISION,
  value_currency TEXT NOT NULL,
  value_eur      DOUBLE PRECISION,
  PRIMARY KEY (ocid, lot_id)
);
CREATE TABLE process_items (
  ocid                       TEXT NOT NULL,
  source                     TEXT NOT NULL,
  parent_id                  TEXT NOT NULL,
  position                   BIGINT NOT NULL,
  item_id                    TEXT NOT NULL,
  description                TEXT NOT NULL,
  cpv                        TEXT NOT NULL,
  scheme                     TEXT NOT NULL,
  classification_id          TEXT NOT NULL,
  additional_classifications TEXT NOT NULL,
  quantity                   DOUBLE PRECISION,
  unit_name                  TEXT NOT NULL,
  unit_id                    TEXT NOT NULL,
  unit_price_amount          DOUBLE PRECISION,
  unit_price_currency        TEXT NOT NULL,
  unit_price_eur             DOUBLE PRECISION,
  related_lot                TEXT NOT NULL,
  PRIMARY KEY (ocid, source, parent_id, position)
);
CREATE INDEX process_items_cpv ON process_items(cpv);
CREATE TABLE process_awards (
  ocid           TEXT NOT NULL,
  award_id       TEXT NOT NULL,
  title          TEXT NOT NULL,
  status         TEXT NOT NULL,
  date           TEXT NOT NULL,
  value_amount   DOUBLE PRECISION,
  value_currency TEXT NOT NULL,
  value_eur      DOUBLE PRECISION,
  related_lots   TEXT NOT NULL,
  PRIMARY KEY (ocid, award_id)
);
CREATE TABLE process_contracts (
  ocid           TEXT NOT NULL,
  contract_id    TEXT NOT NULL,
  award_id       TEXT NOT NULL,
  title          TEXT NOT NULL,
  status         TEXT NOT NULL,
  date_signed    TEXT NOT NULL,
  period_start   TEXT NOT NULL,
  period_end     TEXT NOT NULL,
  value_amount   DOUBLE PRECISION,
  value_currency TEXT NOT NULL,
  value_eur      DOUBLE PRECISION,
  PRIMARY KEY (ocid, contract_id)
);
CREATE TABLE process_parties (
  ocid         TEXT NOT NULL,
  party_id     TEXT NOT NULL,
  name         TEXT NOT NULL,
  roles        TEXT NOT NULL,
  register_org BIGINT REFERENCES register_organisations(id),
  country      TEXT NOT NULL,
  region       TEXT NOT NULL,
  locality     TEXT NOT NULL,
  PRIMARY KEY (ocid, party_id)
);
CREATE INDEX process_parties_org ON process_parties(register_org);
CREATE TABLE process_suppliers (
  ocid         TEXT NOT NULL,
  award_id     TEXT NOT NULL,
  party_id     TEXT NOT NULL,
  name         TEXT NOT NULL,
  register_org BIGINT REFERENCES register_organisations(id),
  PRIMARY KEY (ocid, award_id, party_id)
);
CREATE INDEX process_suppliers_org ON process_suppliers(register_org);
CREATE TABLE ingest_runs (
  id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  started_at         TEXT NOT NULL,
  finished_at        TEXT NOT NULL DEFAULT '',
  status             TEXT NOT NULL,
  files              TEXT NOT NULL,
  bytes              BIGINT NOT NULL DEFAULT 0,
  releases_read      BIGINT NOT NULL DEFAULT 0,
  releases_new       BIGINT NOT NULL DEFAULT 0,
  releases_unchanged BIGINT NOT NULL DEFAULT 0,
  releases_rejected  BIGINT NOT NULL DEFAULT 0,
  warnings           BIGINT NOT NULL DEFAULT 0,
  processes_compiled BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE ingest_problems (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  run_id      BIGINT NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
  severity    TEXT NOT NULL,
  file        TEXT NOT NULL,
  "offset"      BIGINT NOT NULL,
  ocid        TEXT NOT NULL,
  release_id  TEXT NOT NULL,
  code        TEXT NOT NULL,
  message     TEXT NOT NULL
);
CREATE INDEX ingest_problems_run ON ingest_problems(run_id);
)sql";

constexpr const char kSqlite4[] = R"sql(
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
)sql";

constexpr const char kPostgres4[] = R"sql(
ALTER TABLE processes ADD COLUMN buyer_type TEXT NOT NULL DEFAULT '';
CREATE TABLE search_pending (
  ocid TEXT PRIMARY KEY
);
INSERT INTO search_pending(ocid) SELECT ocid FROM processes;
CREATE TABLE saved_searches (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id       BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  params        TEXT NOT NULL,
  alerts        BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  last_alert_at BIGINT
);
CREATE INDEX saved_searches_user ON saved_searches(user_id);
CREATE TABLE saved_search_hits (
  search_id BIGINT NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
  ocid      TEXT NOT NULL,
  PRIMARY KEY (search_id, ocid)
);
CREATE TABLE notifications (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  link       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at    BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
)sql";

constexpr const char kSqlite5[] = R"sql(
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
)sql";

constexpr const char kPostgres5[] = R"sql(
CREATE TABLE communities (
  id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  kind               TEXT NOT NULL,
  openness           TEXT NOT NULL,
  aim                TEXT NOT NULL,
  entry_requirements TEXT NOT NULL,
  topic              TEXT NOT NULL,
  created_by         BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at         BIGINT NOT NULL
);
CREATE TABLE community_members (
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role         TEXT NOT NULL,
  status       TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  joined_at    BIGINT NOT NULL,
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_members_user ON community_members(user_id);
CREATE TABLE threads (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  author_id    BIGINT NOT NULL REFERENCES users(id),
  created_at   BIGINT NOT NULL,
  last_post_at BIGINT NOT NULL
);
CREATE INDEX threads_community ON threads(community_id, last_post_at);
CREATE TABLE posts (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  thread_id     BIGINT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  author_id     BIGINT NOT NULL REFERENCES users(id),
  body          TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  edited_at     BIGINT,
  hidden_reason TEXT,
  hidden_by     BIGINT REFERENCES users(id)
);
CREATE INDEX posts_thread ON posts(thread_id, id);
CREATE TABLE post_versions (
  post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  body    TEXT NOT NULL,
  at      BIGINT NOT NULL
);
CREATE INDEX post_versions_post ON post_versions(post_id);
CREATE TABLE post_mentions (
  post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, user_id)
);
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  data   BYTEA NOT NULL
);
CREATE TABLE documents (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  created_by   BIGINT NOT NULL REFERENCES users(id),
  created_at   BIGINT NOT NULL
);
CREATE INDEX documents_community ON documents(community_id);
CREATE TABLE document_versions (
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  version     BIGINT NOT NULL,
  filename    TEXT NOT NULL,
  media_type  TEXT NOT NULL,
  size        BIGINT NOT NULL,
  sha256      TEXT NOT NULL REFERENCES blobs(sha256),
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  uploaded_at BIGINT NOT NULL,
  PRIMARY KEY (document_id, version)
);
CREATE TABLE events (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  agenda       TEXT NOT NULL,
  starts_at    BIGINT NOT NULL,
  ends_at      BIGINT NOT NULL,
  time_zone    TEXT NOT NULL,
  place        TEXT NOT NULL,
  online_url   TEXT NOT NULL,
  status       TEXT NOT NULL,
  minutes      TEXT NOT NULL DEFAULT '',
  sequence     BIGINT NOT NULL DEFAULT 0,
  created_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX events_community ON events(community_id, starts_at);
CREATE TABLE event_people (
  event_id   BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  guest      BIGINT NOT NULL DEFAULT 0,
  invited    BIGINT NOT NULL DEFAULT 0,
  registered BIGINT NOT NULL DEFAULT 0,
  attended   BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_people_user ON event_people(user_id);
CREATE TABLE objectives (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  ambition     TEXT NOT NULL
);
CREATE TABLE activities (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  objective_id BIGINT REFERENCES objectives(id) ON DELETE SET NULL,
  title        TEXT NOT NULL,
  owner_id     BIGINT REFERENCES users(id) ON DELETE SET NULL,
  due          TEXT NOT NULL,
  status       TEXT NOT NULL
);
CREATE TABLE outputs (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  summary      TEXT NOT NULL,
  document_id  BIGINT REFERENCES documents(id) ON DELETE SET NULL,
  published_at BIGINT,
  created_at   BIGINT NOT NULL
);
CREATE TABLE output_signatories (
  output_id       BIGINT NOT NULL REFERENCES outputs(id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  signed_at       BIGINT NOT NULL,
  PRIMARY KEY (output_id, organisation_id)
);
CREATE TABLE staff_exchanges (
  id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind               TEXT NOT NULL,
  user_id            BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  topic              TEXT NOT NULL,
  description        TEXT NOT NULL,
  starts_on          TEXT NOT NULL,
  ends_on            TEXT NOT NULL,
  status             TEXT NOT NULL,
  matched_with       BIGINT REFERENCES staff_exchanges(id) ON DELETE SET NULL,
  community_id       BIGINT REFERENCES communities(id) ON DELETE SET NULL,
  report_document_id BIGINT REFERENCES documents(id) ON DELETE SET NULL,
  created_at         BIGINT NOT NULL
);
CREATE TABLE notification_preferences (
  user_id        BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  digest         TEXT NOT NULL,
  in_app         TEXT NOT NULL,
  last_digest_id BIGINT NOT NULL DEFAULT 0,
  calendar_token TEXT UNIQUE
);
)sql";

constexpr const char kSqlite6[] = R"sql(
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
)sql";

constexpr const char kPostgres6[] = R"sql(
CREATE TABLE assessments (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  title        TEXT NOT NULL UNIQUE,
  description  TEXT NOT NULL,
  months_ahead BIGINT NOT NULL,
  opens_on     TEXT NOT NULL,
  closes_on    TEXT NOT NULL,
  created_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at   BIGINT NOT NULL
);
CREATE TABLE assessment_areas (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  assessment_id BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  key           TEXT NOT NULL,
  name          TEXT NOT NULL,
  description   TEXT NOT NULL,
  cpv           TEXT NOT NULL,
  UNIQUE (assessment_id, key)
);
CREATE TABLE assessment_invitations (
  assessment_id   BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  PRIMARY KEY (assessment_id, organisation_id)
);
CREATE TABLE assessment_responses (
  assessment_id   BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  observer_only   BIGINT NOT NULL,
  challenges      TEXT NOT NULL,
  answers         TEXT NOT NULL,
  updated_by      BIGINT REFERENCES users(id) ON DELETE SET NULL,
  updated_at      BIGINT NOT NULL,
  submitted_at    BIGINT,
  PRIMARY KEY (assessment_id, organisation_id)
);
CREATE TABLE formations (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  assessment_id BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  parameters    TEXT NOT NULL,
  result        TEXT NOT NULL,
  created_by    BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at    BIGINT NOT NULL
);
CREATE TABLE formed_groups (
  community_id  BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  formation_id  BIGINT NOT NULL REFERENCES formations(id) ON DELETE CASCADE,
  area_key      TEXT NOT NULL,
  observer_group BIGINT NOT NULL
);
)sql";

constexpr const char kSqlite7[] = R"sql(
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
    "INSERT INTO market_changes(ocid) SELECT ocid FROM processes WHERE tags LIKE '%planning%' ORDER BY ocid;\n";

constexpr const char kPostgres7[] = R"sql(
CREATE TABLE market_facts (
  ocid           TEXT PRIMARY KEY,
  buyer_org      BIGINT,
  country        TEXT NOT NULL,
  cpv            TEXT NOT NULL,
  method         TEXT NOT NULL,
  tags           TEXT NOT NULL,
  status         TEXT NOT NULL,
  tender_start   TEXT NOT NULL,
  tender_end     TEXT NOT NULL,
  contract_end   TEXT NOT NULL,
  value_eur      DOUBLE PRECISION,
  is_framework   BIGINT NOT NULL,
  open_to_others BIGINT NOT NULL,
  tenderers      BIGINT,
  suppliers      TEXT NOT NULL
);
CREATE TABLE market_prices (
  ocid      TEXT NOT NULL,
  source    TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  position  BIGINT NOT NULL,
  cpv       TEXT NOT NULL,
  unit_id   TEXT NOT NULL,
  unit_name TEXT NOT NULL,
  quantity  DOUBLE PRECISION,
  price_eur DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (ocid, source, parent_id, position)
);
CREATE TABLE market_changes (
  seq  BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ocid TEXT NOT NULL
);
CREATE TABLE market_watermarks (
  name TEXT PRIMARY KEY,
  seq  BIGINT NOT NULL
);
CREATE TABLE pipeline_entries (
  id                    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  organisation_id       BIGINT REFERENCES organisations(id) ON DELETE CASCADE,
  buyer_org             BIGINT REFERENCES register_organisations(id),
  source                TEXT NOT NULL,
  ocid                  TEXT UNIQUE,
  title                 TEXT NOT NULL,
  description           TEXT NOT NULL,
  cpv                   TEXT NOT NULL,
  value_amount          DOUBLE PRECISION,
  value_currency        TEXT NOT NULL,
  value_eur             DOUBLE PRECISION,
  planned_tender_date   TEXT NOT NULL,
  contract_start        TEXT NOT NULL,
  duration_months       BIGINT,
  region                TEXT NOT NULL,
  open_to_collaboration BIGINT NOT NULL,
  contact_name          TEXT NOT NULL,
  contact_email         TEXT NOT NULL,
  status                TEXT NOT NULL,
  status_changed_at     BIGINT NOT NULL,
  status_changed_by     BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_by            BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL
);
CREATE INDEX pipeline_entries_organisation ON pipeline_entries(organisation_id);
CREATE INDEX pipeline_entries_date ON pipeline_entries(planned_tender_date);
CREATE TABLE pipeline_interests (
  entry_id        BIGINT NOT NULL REFERENCES pipeline_entries(id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  user_id         BIGINT REFERENCES users(id) ON DELETE SET NULL,
  note            TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  PRIMARY KEY (entry_id, organisation_id)
);
CREATE TABLE pipeline_watchers (
  entry_id BIGINT NOT NULL REFERENCES pipeline_entries(id) ON DELETE CASCADE,
  user_id  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (entry_id, user_id)
);
CREATE TABLE opportunity_notices (
  cpv_class       TEXT NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  notified_on     TEXT NOT NULL,
  PRIMARY KEY (cpv_class, organisation_id)
);
-- Fill the market tables from the register, as migration 7's SQLite text does with the SQL of
-- store/sqlite/market_sql.h: tenderers only when numberOfTenderers is a JSON integer, the
-- suppliers' keys sorted and joined by newlines.
INSERT INTO market_facts(ocid, buyer_org, country, cpv, method, tags, status, tender_start, tender_end,
  contract_end, value_eur, is_framework, open_to_others, tenderers, suppliers)
SELECT p.ocid, p.buyer_org, p.country, p.main_cpv, p.procurement_method, p.tags, p.status,
  p.tender_start, p.tender_end, p.contract_end, coalesce(p.awarded_eur, p.contracted_eur, p.value_eur),
  p.is_framework, (p.is_cpb <> 0 OR p.is_dps <> 0 OR p.buyer_categories <> '')::int,
  CASE WHEN jsonb_typeof(p.compiled::jsonb #> '{tender,numberOfTenderers}') = 'number'
    AND (p.compiled::jsonb #>> '{tender,numberOfTenderers}') ~ '^-?[0-9]{1,18}$'
    THEN (p.compiled::jsonb #>> '{tender,numberOfTenderers}')::bigint END,
  coalesce((SELECT string_agg(k, E'\n' ORDER BY k COLLATE "C") FROM (SELECT DISTINCT coalesce('#' || s.register_org, s.name)
    AS k FROM process_suppliers s WHERE s.ocid = p.ocid) keys), '')
FROM processes p;
INSERT INTO market_prices(ocid, source, parent_id, position, cpv, unit_id, unit_name, quantity, price_eur)
SELECT i.ocid, i.source, i.parent_id, i.position, i.cpv, i.unit_id, i.unit_name, i.quantity, i.unit_price_eur
FROM process_items i WHERE i.unit_price_eur IS NOT NULL AND i.unit_price_eur > 0 AND i.cpv <> ''
  AND i.source = CASE WHEN EXISTS (SELECT 1 FROM process_items c WHERE c.ocid = i.ocid AND c.source = 'contract'
    AND c.unit_price_eur IS NOT NULL) THEN 'contract' ELSE 'award' END;
INSERT INTO market_changes(ocid) SELECT ocid FROM processes WHERE tags LIKE '%planning%' ORDER BY ocid;
)sql";

constexpr const char kSqlite8[] = R"sql(
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
)sql";

constexpr const char kPostgres8[] = R"sql(
-- Back-off counters shared by every server: sign-in failures per (e-mail, address) and per
-- address, sign-ups and password-reset requests per address.
CREATE TABLE throttles (
  key            TEXT PRIMARY KEY,
  count          BIGINT NOT NULL,
  last_at        BIGINT NOT NULL,
  blocked_until  BIGINT NOT NULL DEFAULT 0,
  reported_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX throttles_last ON throttles(last_at);
-- Password-reset and e-mail-confirmation tokens: hashed, single use, expiring.
CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,
  purpose    TEXT NOT NULL,
  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT
);
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
)sql";

constexpr const char kSqlite9[] = R"sql(
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
)sql";

constexpr const char kPostgres9[] = R"sql(
-- Each spelling and publisher (the ocid's prefix) under which an organisation without an
-- identifier was named: more than one row is a merge by name and country.
CREATE TABLE register_organisation_names (
  organisation BIGINT NOT NULL REFERENCES register_organisations(id),
  name         TEXT NOT NULL,
  source       TEXT NOT NULL,
  first_ocid   TEXT NOT NULL,
  PRIMARY KEY (organisation, name, source)
);
-- A process's title and description in the other languages it was published in.
CREATE TABLE process_texts (
  ocid        TEXT NOT NULL,
  language    TEXT NOT NULL,
  title       TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (ocid, language)
);
)sql";

// clang-format on

const db::Migration kMigrations[] = {
    {1, "reference data", {kSqlite1, kPostgres1}},
    {2, "organisations and people", {kSqlite2, kPostgres2}},
    {3, "contract register", {kSqlite3, kPostgres3}},
    {4, "search and saved searches", {kSqlite4, kPostgres4}},
    {5, "communities and workspaces", {kSqlite5, kPostgres5}},
    {6, "needs assessments and group formation", {kSqlite6, kPostgres6}},
    {7, "shared pipeline, opportunities and price benchmarks", {kSqlite7, kPostgres7}},
    {8, "throttles, account tokens and identifier claims", {kSqlite8, kPostgres8}},
    {9, "European notices: organisations known by name, texts in every language", {kSqlite9, kPostgres9}},
};

}  // namespace

std::span<const db::Migration> SchemaMigrations() {
  return kMigrations;
}

int LatestSchemaVersion() {
  return kMigrations[std::size(kMigrations) - 1].version;
}

}  // namespace cobuy::store
