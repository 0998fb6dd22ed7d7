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
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace cobuy::sqlite
